"""Grants, Organisations and the privacy floor; the models under qtmodeltester; locking; the inbox folder;
the demo vault showing the whole product."""

from __future__ import annotations

import os
import time
from typing import Any

import pytest
from consent_helpers import (
    CANARIES,
    NOW,
    click,
    consent_window,
    import_text,
    make_org,
    message_boxes,
    request,
    run_db,
)
from gui_helpers import find_dialog, gone, wait_idle
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from vault_app.domain.clock import FixedClock
from vault_app.domain.errors import ProtocolError
from vault_app.domain.model import Category, ComplianceStatus, FieldDecision, ReleaseMode
from vault_app.gui.dialogs import files
from vault_app.gui.dialogs.review import ReviewDialog
from vault_app.gui.models.consent import GrantsModel, OrgsModel, RequestsModel, RulesModel
from vault_app.gui.pages.organisations import CertifierDialog
from vault_app.policy.decisions import SubjectDecisions
from vault_app.policy.rules import RuleKind
from vault_app.protocol import Certifier

EXACT = ReleaseMode.EXACT


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def app(qtbot: Any, make_ctx: Any, clock: FixedClock) -> tuple[Any, Any]:
    return consent_window(qtbot, make_ctx(clock=clock))


@pytest.fixture
def shop(clock: FixedClock) -> Any:
    return make_org("Example Shop", clock)


def granted(qtbot: Any, win: Any, ui: Any, tmp_path: Any, org: Any) -> tuple[str, Any]:
    """Import a request from ``org``, mark it compliant and approve email + year of birth. Returns (grant
    id, the organisation's opened grant)."""
    token = request(org)
    rid = import_text(qtbot, win, ui, tmp_path, token, f"{org.name}.pdvreq")[0].result.id

    def approve(svc: Any) -> Any:
        svc.consent.orgs.set_status(org.did, "compliant")
        return svc.consent.decisions.approve(
            rid,
            SubjectDecisions(
                (
                    FieldDecision("email", EXACT),
                    FieldDecision("birthdate", ReleaseMode.ANONYMISED, "date.year"),
                )
            ),
        )

    issued = run_db(qtbot, win.ctx, approve)
    return issued.grant_id, org.open(issued.jwe, [token]).message


def test_grants_page_revoke_then_the_organisation_sees_it_revoked(
    qtbot, qapp, app, shop, tmp_path, monkeypatch
):
    win, ui = app
    gid, grant = granted(qtbot, win, ui, tmp_path, shop)
    page = ui.grants
    win.show_page("grants")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.details is not None, timeout=5000)
    assert page.model.index(0, GrantsModel.STATUS).data() == "Active"
    assert page.count.text() == "1 grant"  # English plural forms loaded
    text = page.detail_text.text()
    assert "Email address: exactly" in text and "Birthdate: anonymised: Year only" in text
    assert "not allowed" in text
    # the status list before revocation: the organisation's check passes
    status_path = tmp_path / "status.jwt"
    monkeypatch.setattr(files, "ask_save_path", lambda *a: str(status_path))
    page.export_status_list()
    wait_idle(qtbot, win.ctx)
    shop.check_revocation(grant, status_path.read_text().strip())
    message_boxes(qapp)[-1].accept()
    # revoke, with confirmation; then save the notice
    page.ask_revoke()
    click(message_boxes(qapp)[-1], "Revoke")
    wait_idle(qtbot, win.ctx)
    box = message_boxes(qapp)[-1]
    assert "The grant is revoked" in box.text()
    notice_path = tmp_path / "notice.pdvmsg"
    monkeypatch.setattr(files, "ask_save_path", lambda *a: str(notice_path))
    # the revoked grant leaves the Active list with a word about where it went
    assert page.note.isVisibleTo(page) and "listed under \u201cRevoked\u201d" in page.note.label.text()
    click(box, "Save the notice")
    assert "Revocation notice saved to" in page.note.label.text()  # feedback after the save
    notice = shop.parse_revocation_notice(notice_path.read_text().strip(), subject=grant.issuer)
    assert notice.body.grant_id == gid
    monkeypatch.setattr(files, "ask_save_path", lambda *a: str(status_path))
    page.set_filter("revoked")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    page.export_status_list()
    wait_idle(qtbot, win.ctx)
    with pytest.raises(ProtocolError) as e:
        shop.check_revocation(grant, status_path.read_text().strip())
    assert e.value.reason == "revoked"
    assert not page.revoke_button.isEnabled()


def test_opening_ones_own_grant_file_shows_it_on_the_grants_page(qtbot, qapp, app, shop, tmp_path):
    win, ui = app
    gid, _ = granted(qtbot, win, ui, tmp_path, shop)
    gid2, _ = granted(qtbot, win, ui, tmp_path, make_org("Second Shop", shop.clock))  # listed first (newer)
    assert gid2 != gid
    jwe = run_db(qtbot, win.ctx, lambda svc: svc.consent.grants.sealed(gid))
    win.show_page("inbox")
    out = import_text(qtbot, win, ui, tmp_path, jwe, "mine.pdvgrant")
    assert out[0].error is None and out[0].result.kind == "grant"
    qtbot.waitUntil(
        lambda: (
            win.current_page_key() == "grants"
            and ui.grants.selected_grant() is not None
            and ui.grants.selected_grant().id == gid
        ),
        timeout=5000,
    )
    assert "grant you gave to Example Shop" in ui.grants.note.label.text() and ui.grants.note.isVisible()
    assert not message_boxes(qapp)  # nothing went wrong, so no warning
    # a grant file that is not one of ours (here: a changed copy) is refused with its reason
    changed = jwe[:-4] + ("AAAA" if not jwe.endswith("AAAA") else "BBBB")
    out = import_text(qtbot, win, ui, tmp_path, changed, "x.pdvgrant")
    assert out[0].error is not None and "not made by this vault" in str(out[0].error)
    message_boxes(qapp)[-1].accept()
    win.lock()
    assert not ui.grants.note.isVisible() and ui.grants.note.label.text() == ""


def test_grants_page_erasure_and_evidence(qtbot, qapp, app, shop, clock, tmp_path, monkeypatch):
    from vault_app.protocol import UsageAction, UsageEntry

    win, ui = app
    gid, grant = granted(qtbot, win, ui, tmp_path, shop)
    receipt = shop.make_receipt(
        grant, [UsageEntry(UsageAction.USE, ("email",), int(clock.now()), "Advertising")]
    )
    out = import_text(qtbot, win, ui, tmp_path, receipt, "r.pdvreceipt")
    assert out[0].result.violations and "problem" in ui.inbox.import_notice.label.text()
    page = ui.grants
    win.show_page("grants")
    qtbot.waitUntil(lambda: page.details is not None and bool(page.details.violations), timeout=5000)
    assert page.violations.isVisibleTo(page) and "Report a violation" in page.violations.label.text()
    erasure = tmp_path / "erase.pdvmsg"
    monkeypatch.setattr(files, "ask_save_path", lambda *a: str(erasure))
    page.ask_erasure()
    click(message_boxes(qapp)[-1], "Make the request")
    wait_idle(qtbot, win.ctx)
    assert shop.parse_erasure_request(erasure.read_text().strip(), subject=grant.issuer).body.grant_ids == (
        gid,
    )
    evidence = tmp_path / "evidence.json"
    monkeypatch.setattr(files, "ask_save_path", lambda *a: str(evidence))
    page.report_violation()
    box = message_boxes(qapp)[-1]
    assert "data-protection authority" in box.text()
    click(box, "Save the evidence")
    wait_idle(qtbot, win.ctx)
    assert evidence.exists() and (tmp_path / "evidence.json.sig").exists()


def test_organisations_page_judgement_block_certifier_and_trust_list(
    qtbot, qapp, app, shop, clock, tmp_path, monkeypatch
):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    win, ui = app
    import_text(qtbot, win, ui, tmp_path, request(shop))
    page = ui.organisations
    win.show_page("organisations")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    assert page.model.index(0, OrgsModel.COMPLIANCE).data() == "? Not assessed"
    assert page.model.index(0, OrgsModel.FINGERPRINT).data() == page.selected_org().fingerprint
    page.judgement.setCurrentIndex(page.judgement.findData("compliant"))
    page.set_judgement()
    qtbot.waitUntil(
        lambda: page.model.index(0, OrgsModel.COMPLIANCE).data() == "\u2714 Compliant", timeout=5000
    )
    assert page.model.index(0, OrgsModel.SOURCE).data() == "Your own judgement"
    page.ask_block()
    click(message_boxes(qapp)[-1], "Block")
    qtbot.waitUntil(lambda: page.selected_org() is not None and page.selected_org().blocked, timeout=5000)
    assert page.model.index(0, OrgsModel.BLOCKED).data() == "\u2718 Blocked"
    assert page.block_button.text().replace("&", "").startswith("Unblock")
    page.ask_block()
    click(message_boxes(qapp)[-1], "Unblock")
    qtbot.waitUntil(lambda: not page.selected_org().blocked, timeout=5000)
    # a certifier, then its trust list from a file
    seal = Certifier(Ed25519PrivateKey.generate(), "Privacy Seal", clock=clock)
    page.ask_trust()
    dlg = find_dialog(qapp, CertifierDialog)
    dlg.did.setText("not a did")
    dlg.name.setText("Privacy Seal")
    dlg._ok()
    assert dlg.error.isVisibleTo(dlg)
    dlg.did.setText(seal.did)
    dlg._ok()
    qtbot.waitUntil(lambda: page.certifiers.count() == 1, timeout=5000)
    assert gone(dlg)
    tl = tmp_path / "seal.pdvtrust"
    tl.write_text(seal.sign_trust_list([{"did": shop.did, "name": "Example Shop", "status": "suspended"}], 1))
    monkeypatch.setattr(files, "ask_open_path", lambda *a: str(tl))
    page.import_trust_list()
    qtbot.waitUntil(
        lambda: page.model.index(0, OrgsModel.COMPLIANCE).data() == "\u2718 Suspended", timeout=5000
    )
    assert "Assessed by Privacy Seal" in page.model.index(0, OrgsModel.SOURCE).data()
    assert [b.text() for b in message_boxes(qapp)] == ["The certifier's list was checked and imported."]
    for box in message_boxes(qapp):
        box.accept()
    # an older list (same number) is refused, with the reason in words
    tl.write_text(seal.sign_trust_list([{"did": shop.did, "name": "Example Shop", "status": "compliant"}], 1))
    page.import_trust_list()
    wait_idle(qtbot, win.ctx)
    (box,) = message_boxes(qapp)
    assert (
        "seal.pdvtrust was not accepted" in box.text()
        and "not newer than the list you already have" in box.text()
    )


def test_privacy_floor_add_and_remove(qtbot, qapp, app):
    win, ui = app
    floor = ui.floor
    floor.set_kind(RuleKind.ALWAYS_ANONYMISE)
    assert floor.category.isVisibleTo(floor) and not floor.amount.isVisibleTo(floor)
    floor.category.setCurrentIndex(floor.category.findData(Category.HEALTH.value))
    floor.add_rule()
    qtbot.waitUntil(lambda: floor.model.rowCount() == 1, timeout=5000)
    assert floor.model.index(0, RulesModel.RULE).data() == "Always anonymise health data."
    floor.set_kind(RuleKind.MAX_RETENTION)
    assert floor.amount.isVisibleTo(floor)
    floor.amount.setValue(6)
    floor.unit.setCurrentIndex(floor.unit.findData("months"))
    floor.set_kind(RuleKind.ONLY_COMPLIANT)
    assert floor.action.currentData() == "refuse"  # the engine's default for this rule
    floor.set_kind(RuleKind.MAX_RETENTION)
    floor.add_rule()
    qtbot.waitUntil(lambda: floor.model.rowCount() == 2, timeout=5000)
    assert (
        floor.model.index(1, RulesModel.RULE).data()
        == "Never let an organisation keep data longer than 6 months."
    )
    rules = run_db(qtbot, win.ctx, lambda svc: svc.consent.orgs.floor().rules)
    assert [r.id for r in rules] == ["always-anonymise:health", "max-retention"]
    floor.table.selectRow(0)
    floor.ask_remove()
    click(message_boxes(qapp)[-1], "Remove")
    qtbot.waitUntil(lambda: floor.model.rowCount() == 1, timeout=5000)
    assert [r.id for r in run_db(qtbot, win.ctx, lambda svc: svc.consent.orgs.floor().rules)] == [
        "max-retention"
    ]


def test_models_pass_qtmodeltester(qtbot, qtmodeltester, app, shop, tmp_path):
    win, ui = app
    granted(qtbot, win, ui, tmp_path, shop)
    import_text(qtbot, win, ui, tmp_path, request(shop, ("email", "income")), "second.pdvreq")
    ui.inbox.set_filter("all")
    win.show_page("settings")
    from vault_app.policy.rules import Rule

    run_db(qtbot, win.ctx, lambda svc: svc.consent.orgs.add_rule(Rule.no_onward_transfer()))
    qtbot.waitUntil(
        lambda: (
            ui.grants.model.rowCount() == 1
            and ui.inbox.model.rowCount() == 2
            and ui.organisations.model.rowCount() == 1
            and ui.floor.model.rowCount() == 1
        ),
        timeout=5000,
    )
    for model in (ui.inbox.model, ui.grants.model, ui.organisations.model, ui.floor.model):
        qtmodeltester.check(model, force_py=True)
    empty = RequestsModel()
    qtmodeltester.check(empty, force_py=True)


def test_locking_clears_every_consent_view_and_closes_the_review(qtbot, qapp, app, shop, tmp_path):
    win, ui = app
    granted(qtbot, win, ui, tmp_path, shop)
    rid = import_text(qtbot, win, ui, tmp_path, request(shop, ("email", "income")), "second.pdvreq")[
        0
    ].result.id
    dlg = ui.inbox.open_request(rid, "authorisation")
    qtbot.waitUntil(lambda: dlg.steps.currentIndex() == dlg.DECIDE, timeout=5000)
    c = next(x for x in dlg.choices if x.name == "email")
    c.set_mode(EXACT)
    qtbot.waitUntil(lambda: "alice.canary" in c.preview_label.text(), timeout=5000)
    # no personal value in any window title, even with values on screen
    for w in qapp.topLevelWidgets():
        assert not any(v in w.windowTitle() for v in CANARIES)
    qtbot.waitUntil(lambda: ui.floor.model.rowCount() == 0 and ui.grants.model.rowCount() == 1, timeout=5000)
    win.lock()
    assert gone(dlg)
    for model in (ui.inbox.model, ui.grants.model, ui.organisations.model, ui.floor.model):
        assert model.rowCount() == 0
    assert ui.inbox.detail_text.text() == "" and ui.grants.detail_text.text() == ""
    assert ui.organisations.detail_text.text() == "" and ui.grants.details is None
    assert win.sidebar.item(win.page_keys.index("inbox")).text() == "Inbox"
    wait_idle(qtbot, win.ctx)
    assert not any(isinstance(w, ReviewDialog) and w.isVisible() for w in qapp.topLevelWidgets())


def test_inbox_folder_imports_new_files_once(qtbot, app, shop, tmp_path):
    win, ui = app
    folder = tmp_path / "inbox"
    folder.mkdir()
    old = time.time() - 3600  # written a while ago (file times are wall-clock): complete
    req = folder / "a.pdvreq"
    req.write_text(request(shop))
    os.utime(req, (old, old))
    (folder / "notes.txt").write_text("not for us")
    grant_like = folder / "b.pdvgrant"
    grant_like.write_text("x")
    os.utime(grant_like, (old, old))
    win.ctx.update_settings(inbox_folder=str(folder))
    assert ui.folder.active and ui.folder.folder == folder
    qtbot.waitUntil(lambda: len(ui.last_outcomes) == 1, timeout=5000)
    assert ui.last_outcomes[0].result.state == "pending_review"
    assert win.current_page_key() != "inbox"  # a folder import does not take over the window
    assert ui.folder.scan() == []  # once only
    # the same file touched again is offered again, and quietly skipped: it is already imported
    os.utime(req, (old + 10, old + 10))
    ui.last_outcomes = []
    assert ui.folder.scan() == [str(req)]
    qtbot.waitUntil(lambda: bool(ui.last_outcomes), timeout=5000)
    assert ui.last_outcomes[0].skipped
    rejected = run_db(
        qtbot, win.ctx, lambda svc: [e for e in svc.history_page(limit=100) if e.kind == "request.rejected"]
    )
    assert rejected == []
    # locked: the folder is not looked at
    os.utime(req, (old + 20, old + 20))  # would be offered again if the folder were still looked at
    win.lock()
    assert ui.folder.scan() == []  # at once, before the core has even closed the database
    wait_idle(qtbot, win.ctx)
    qtbot.waitUntil(lambda: not ui.folder.active, timeout=5000)


def test_demo_vault_shows_the_whole_product(qtbot, make_ctx, tmp_path):
    from gui_helpers import find_dialog as _find  # noqa: F401

    from vault_app.gui.mainwindow import MainWindow
    from vault_app.services import demo

    demo.create_demo_vault(tmp_path / "demo").lock()
    ctx = make_ctx(tmp_path / "demo", demo_password=demo.DEMO_PASSWORD)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    ui = win.consent
    win.show()
    win.unlock_screen.password.setText(demo.DEMO_PASSWORD)
    win.unlock_screen.unlock()
    qtbot.waitUntil(lambda: win.unlocked, timeout=10000)
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: ui.inbox.pending == 4, timeout=5000)
    assert win.page_keys == ["home", "inbox", "fields", "grants", "organisations", "history", "settings"]
    kinds = sorted((r.request.kind, bool(r.request.refines)) for r in ui.inbox.model.rows)
    assert kinds == [
        ("authorisation", False),
        ("authorisation", True),
        ("derived", False),
        ("verification", False),
    ]
    ui.inbox.set_filter("auto")
    assert [r.request.org_name for r in ui.inbox.model.rows] == ["AdTrack Analytics"]
    qtbot.waitUntil(
        lambda: ui.organisations.model.rowCount() == 3 and ui.grants.model.rowCount() == 1, timeout=5000
    )
    status = {r.org.name: r.org.status for r in ui.organisations.model.rows}
    assert status == {
        "AdTrack Analytics": ComplianceStatus.NON_COMPLIANT,
        "Greenleaf Books": ComplianceStatus.COMPLIANT,
        "Northwind Bank": ComplianceStatus.UNKNOWN,
    }
    # the history names organisations
    did = next(r.org.did for r in ui.organisations.model.rows if r.org.name == "Greenleaf Books")
    qtbot.waitUntil(lambda: win.history.model.org_namer(did) == "Greenleaf Books", timeout=5000)
    assert win.history.chart.org_namer(did) == "Greenleaf Books"
    # every request of the demo opens in its dialog
    for row in list(ui.inbox.model.rows):
        dlg = ui.inbox.open_request(row.request.id, row.request.kind)
        qtbot.waitUntil(lambda d=dlg: getattr(d, "data", None) is not None, timeout=5000)
        dlg.reject()


INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QPlainTextEdit)


def unnamed(root: QWidget) -> list[str]:
    def inside_composite(w: QWidget) -> bool:
        p = w.parentWidget()
        while p is not None and p is not root:
            if isinstance(p, (QComboBox, QAbstractSpinBox, QAbstractItemView, QCalendarWidget, QLineEdit)):
                return True
            p = p.parentWidget()
        return False

    out = []
    for w in root.findChildren(QWidget):
        if isinstance(w, INTERACTIVE) and not w.accessibleName():
            if isinstance(w, QAbstractButton) and w.text():
                continue
            if inside_composite(w) or w.objectName().startswith("qt_"):
                continue
            if next((lb for lb in root.findChildren(QLabel) if lb.buddy() is w), None) is None:
                out.append(f"{type(w).__name__} {w.objectName()!r} {w.parentWidget().objectName()!r}")
    return out


def test_consent_screens_have_accessible_names(qtbot, qapp, app, shop, tmp_path):
    win, ui = app
    granted(qtbot, win, ui, tmp_path, shop)
    rid = import_text(qtbot, win, ui, tmp_path, request(shop, ("email", "birthdate", "income")), "x.pdvreq")[
        0
    ].result.id
    assert unnamed(win) == []
    dlg = ui.inbox.open_request(rid, "authorisation")
    qtbot.waitUntil(lambda: dlg.steps.currentIndex() == dlg.DECIDE, timeout=5000)
    for c in dlg.choices:
        c.set_mode(ReleaseMode.ANONYMISED)
    assert unnamed(dlg) == []
    dlg.reject()
    QApplication.processEvents()


def test_grants_page_shows_a_page_at_a_time(qtbot, app, shop, clock, tmp_path, monkeypatch):
    """issue 15: a vault may hold 100,000 grants; the page loads them a page at a time, newest first."""
    from vault_app.gui.pages import grants as grants_page

    monkeypatch.setattr(grants_page, "GRANTS_PAGE", 2)
    win, ui = app
    ids = []
    for i in range(3):
        (tmp_path / str(i)).mkdir()
        ids.append(granted(qtbot, win, ui, tmp_path / str(i), shop)[0])
        clock.advance(60)
    page = ui.grants
    page.reload()
    win.show_page("grants")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2 and page.count.text() == "3 grants", timeout=5000)
    assert [page.model.rows[i].id for i in range(2)] == ids[:0:-1]  # the two newest
    assert page.more_button.isVisibleTo(page)
    page.load_more()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=5000)
    assert [g.id for g in page.model.rows] == ids[::-1] and not page.more_button.isVisibleTo(page)
    page.set_filter("revoked")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0 and page.count.text() == "0 grants", timeout=5000)
    assert not page.more_button.isVisibleTo(page)
