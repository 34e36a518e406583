"""The consent screens end to end: a real organisation (the protocol toolkit) sends requests, the user
decides in the dialogs, and the organisation opens exactly what the dialogs showed."""

from __future__ import annotations

import json
from typing import Any

import pytest
from consent_helpers import (
    CANARIES,
    NOW,
    PURPOSE,
    consent_window,
    import_text,
    make_org,
    message_boxes,
    request,
    run_db,
)
from gui_helpers import find_dialog, wait_idle
from PySide6.QtWidgets import QApplication, QLabel

from vault_app.domain.clock import FixedClock
from vault_app.domain.errors import ProtocolError
from vault_app.domain.model import Category, FieldDecision, ReleaseMode, RequestedField
from vault_app.gui.dialogs import files
from vault_app.gui.dialogs.qr import QrDialog
from vault_app.gui.dialogs.review import ReviewDialog
from vault_app.gui.dialogs.verification import CorrectionDialog
from vault_app.gui.models.consent import RequestsModel
from vault_app.history.chain import HistoryFilter
from vault_app.policy.decisions import SubjectDecisions
from vault_app.policy.rules import Rule, RuleAction
from vault_app.protocol import SaltedHash, VerificationCheck

EXACT, ANON, WITHHOLD = ReleaseMode.EXACT, ReleaseMode.ANONYMISED, ReleaseMode.WITHHOLD


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def app(qtbot: Any, make_ctx: Any, clock: FixedClock) -> tuple[Any, Any]:
    ctx = make_ctx(clock=clock)
    return consent_window(qtbot, ctx)


@pytest.fixture
def shop(clock: FixedClock) -> Any:
    return make_org("Example Shop", clock)


def open_review(qtbot: Any, ui: Any, request_id: str, kind: str = "authorisation") -> Any:
    dlg = ui.inbox.open_request(request_id, kind)
    if isinstance(dlg, ReviewDialog):
        qtbot.waitUntil(lambda: dlg.steps.currentIndex() == dlg.DECIDE, timeout=10000)
    else:
        qtbot.waitUntil(lambda: dlg.data is not None, timeout=10000)
    return dlg


def choice(dlg: ReviewDialog, name: str) -> Any:
    return next(c for c in dlg.choices if c.name == name)


def texts(widget: Any) -> str:
    return "\n".join(lbl.text() for lbl in widget.findChildren(QLabel))


def test_inbox_shows_pending_auto_refused_with_reason_and_expired(qtbot, app, shop, clock, tmp_path):
    win, ui = app
    blocked = make_org("Blocked Ads", clock)
    run_db(
        qtbot,
        win.ctx,
        lambda svc: (
            svc.consent.orgs.add(blocked.did, "Blocked Ads"),
            svc.consent.orgs.set_blocked(blocked.did, True),
        ),
    )
    first = import_text(qtbot, win, ui, tmp_path, request(shop, lifetime=3600))
    assert first[0].result.state == "pending_review"
    assert win.current_page_key() == "inbox" and ui.inbox.selected_request().id == first[0].result.id
    refused = import_text(qtbot, win, ui, tmp_path, request(blocked), "ads.pdvreq")
    assert refused[0].result.state == "auto_refused"
    qtbot.waitUntil(
        lambda: win.sidebar.item(win.page_keys.index("inbox")).text() == "Inbox (1)", timeout=5000
    )
    # the refused one shows in its own filter, with the reason in words and the notice pointing to it
    ui.inbox.set_filter("waiting")
    assert [r.request.org_name for r in ui.inbox.model.rows] == ["Example Shop"]
    assert ui.inbox.auto_notice.isVisibleTo(ui.inbox)
    ui.inbox.auto_button.click()
    assert ui.inbox.current_filter == "auto"
    rows = ui.inbox.model.rows
    assert [r.request.org_name for r in rows] == ["Blocked Ads"]
    reason = ui.inbox.model.index(0, RequestsModel.REASON).data()
    assert reason == "You blocked Blocked Ads."
    assert not ui.inbox.table.isColumnHidden(RequestsModel.REASON)
    assert "You blocked Blocked Ads." in ui.inbox.reason.label.text()
    # the compliance badge says the status in words, not only in colour
    assert (
        "Not assessed" in ui.inbox.model.index(0, RequestsModel.COMPLIANCE).data()
        or "Blocked" in ui.inbox.model.index(0, RequestsModel.COMPLIANCE).data()
    )
    # an hour later the pending request has expired
    clock.advance(3601)
    ui.inbox.reload()
    wait_idle(qtbot, win.ctx)
    ui.inbox.set_filter("expired")
    assert [r.request.org_name for r in ui.inbox.model.rows] == ["Example Shop"]
    assert ui.inbox.model.index(0, RequestsModel.STATUS).data() == "Expired"
    qtbot.waitUntil(lambda: win.sidebar.item(win.page_keys.index("inbox")).text() == "Inbox", timeout=5000)


def test_review_exact_anonymised_withhold_gives_exactly_that_grant(
    qtbot, qapp, app, shop, tmp_path, monkeypatch
):
    win, ui = app
    token = request(shop, ("email", "birthdate", "income", "passport"))
    rid = import_text(qtbot, win, ui, tmp_path, token)[0].result.id
    run_db(qtbot, win.ctx, lambda svc: svc.consent.orgs.set_status(shop.did, "compliant"))
    dlg = open_review(qtbot, ui, rid)
    assert "Compliant" in texts(dlg) and dlg.confirm_unknown is None
    passport = choice(dlg, "passport")
    assert not passport.mode.isEnabled() and "no such field" in passport.limit.text()
    assert not dlg.next_button.isEnabled()  # everything starts withheld
    choice(dlg, "email").set_mode(EXACT)
    bd = choice(dlg, "birthdate")
    bd.set_mode(ANON)
    bd.set_method("date.year")
    qtbot.waitUntil(lambda: bd.preview_label.text() == "Will be sent: 1990", timeout=5000)
    qtbot.waitUntil(
        lambda: choice(dlg, "email").preview_label.text().endswith("alice.canary@example.org"), timeout=5000
    )
    bd.set_method("date.age_at_least")
    qtbot.waitUntil(lambda: bd.preview_label.text() == "Will be sent: yes", timeout=5000)
    bd.set_method("date.year")
    assert choice(dlg, "income").current_mode is WITHHOLD
    assert dlg.next_button.isEnabled()
    dlg.show_summary()
    qtbot.waitUntil(lambda: dlg.steps.currentIndex() == dlg.SUMMARY, timeout=5000)
    table = dlg.summary_table
    shown = {table.item(i, 0).text(): table.item(i, 2).text() for i in range(table.rowCount())}
    # fields by their labels (a standard one translated, others readable), not their keys
    assert shown == {"Email address": "alice.canary@example.org", "Birthdate": "1990"}
    assert "Income and Passport" in texts(dlg.summary_page)
    dlg.approve()
    qtbot.waitUntil(lambda: dlg.steps.currentIndex() == dlg.DONE, timeout=5000)
    # the organisation opens exactly the chosen fields
    opened = shop.open(dlg.issued.jwe, [token]).message.body
    assert {f.name: f.value for f in opened.fields} == {
        "email": "alice.canary@example.org",
        "birthdate": 1990,
    }
    assert set(opened.withheld) == {"income", "passport"}
    # hand it over: a file, the self-clearing clipboard, a QR code (or a plain "too long")
    target = tmp_path / "out.pdvgrant"
    monkeypatch.setattr(files, "ask_save_path", lambda *a: str(target))
    dlg.send.save()
    assert target.read_text().strip() == dlg.issued.jwe
    assert dlg.send.save_button.text().replace("&", "") == "Save as a file\u2026"
    dlg.send.copy()
    assert QApplication.clipboard().text() == dlg.issued.jwe and win.ctx.clipboard.holding
    dlg.send.show_qr()
    qr = find_dialog(qapp, QrDialog)
    assert qr is not None
    assert (
        (qr.picture.pixmap() is not None and not qr.picture.pixmap().isNull())
        if qr.fits
        else "too long for a QR code" in qr.note.text()
    )
    qr.reject()
    dlg.accept()
    win.ctx.clipboard.clear_if_ours()
    ui.inbox.set_filter("decided")
    qtbot.waitUntil(lambda: len(ui.inbox.model.rows) == 1, timeout=5000)
    assert ui.inbox.model.index(0, RequestsModel.STATUS).data() == "Partly approved"


def test_unknown_organisation_needs_the_explicit_confirmation(qtbot, app, shop, tmp_path):
    win, ui = app
    rid = import_text(qtbot, win, ui, tmp_path, request(shop))[0].result.id
    dlg = open_review(qtbot, ui, rid)
    assert dlg.confirm_unknown is not None and "Nobody you trust" in texts(dlg)
    choice(dlg, "email").set_mode(EXACT)
    assert not dlg.next_button.isEnabled()
    dlg.confirm_unknown.setChecked(True)
    assert dlg.next_button.isEnabled()
    dlg.confirm_unknown.setChecked(False)
    assert not dlg.next_button.isEnabled()
    dlg.show_summary()  # refused while disabled
    assert dlg.steps.currentIndex() == dlg.DECIDE
    dlg.confirm_unknown.setChecked(True)
    dlg.show_summary()
    qtbot.waitUntil(lambda: dlg.steps.currentIndex() == dlg.SUMMARY, timeout=5000)
    dlg.approve()
    qtbot.waitUntil(lambda: dlg.issued is not None, timeout=5000)
    assert dlg.issued.released == ("email",)


def test_noise_preview_is_the_value_sent(qtbot, app, shop, tmp_path):
    win, ui = app
    token = request(shop, ("income",))
    rid = import_text(qtbot, win, ui, tmp_path, token)[0].result.id
    run_db(qtbot, win.ctx, lambda svc: svc.consent.orgs.set_status(shop.did, "compliant"))
    dlg = open_review(qtbot, ui, rid)
    inc = choice(dlg, "income")
    inc.set_mode(ANON)
    inc.set_method("number.noise")
    inc.param_inputs["sensitivity"].setText("1000")
    qtbot.waitUntil(lambda: inc.preview is not None and inc.preview_current(), timeout=5000)
    seen = inc.preview.value
    assert inc.preview_label.text() == f"Will be sent: {seen}"
    dlg.show_summary()
    qtbot.waitUntil(lambda: dlg.steps.currentIndex() == dlg.SUMMARY, timeout=5000)
    assert dlg.summary_table.item(0, 2).text() == str(seen)
    dlg.approve()
    qtbot.waitUntil(lambda: dlg.issued is not None, timeout=5000)
    sent = shop.open(dlg.issued.jwe, [token]).message.body.fields[0]
    assert sent.value == seen and sent.method == "number.noise"


def test_reauthorisation_shows_what_widens(qtbot, app, shop, tmp_path):
    win, ui = app
    first = request(shop)
    rid = import_text(qtbot, win, ui, tmp_path, first)[0].result.id

    def approve(svc: Any) -> Any:
        svc.consent.orgs.set_status(shop.did, "compliant")
        return svc.consent.decisions.approve(
            rid, SubjectDecisions((FieldDecision("email", EXACT), FieldDecision("birthdate", EXACT)))
        )

    issued = run_db(qtbot, win.ctx, approve)
    grant = shop.open(issued.jwe, [first]).message
    wider = shop.make_request(
        [
            RequestedField("email", Category.CONTACT),
            RequestedField("birthdate", Category.DEMOGRAPHIC),
            RequestedField("postcode", Category.LOCATION),
        ],
        [PURPOSE, "https://w3id.org/dpv#Marketing"],
        "Deliver your order",
        90 * 86400,
        refines=issued.grant_id,
        audience=grant.issuer,
    )
    rid2 = import_text(qtbot, win, ui, tmp_path, wider, "wider.pdvreq")[0].result.id
    assert ui.inbox.model.index(0, RequestsModel.KIND).data() == "Change to a grant"
    dlg = open_review(qtbot, ui, rid2)
    widening = [lbl.text() for lbl in dlg.diff_labels if lbl.property("widens")]
    assert any("New field: Postcode" in t for t in widening)
    assert any("New purpose: Marketing" in t and "dpv:" not in t for t in widening)
    assert any("Longer retention" in t for t in widening)
    assert "As already granted: Email address, Birthdate" in texts(dlg)
    for lbl in dlg.diff_labels:
        assert lbl.textFormat().name == "PlainText"


def test_verification_dialog_answers_without_showing_their_value(qtbot, qapp, app, shop, tmp_path):
    win, ui = app
    theirs = "old.address@example.org"
    checks = [
        VerificationCheck("email", Category.CONTACT, value=theirs),
        VerificationCheck("birthdate", Category.DEMOGRAPHIC, hashed=SaltedHash.of("1990-05-17")),
        VerificationCheck("passport", Category.IDENTITY, hashed=SaltedHash.of("X1")),
        VerificationCheck("postcode", Category.LOCATION, hashed=SaltedHash.of("99999")),
    ]
    token = shop.make_verification_request(checks, [PURPOSE], "Check your details")
    rid = import_text(qtbot, win, ui, tmp_path, token)[0].result.id
    run_db(qtbot, win.ctx, lambda svc: svc.consent.orgs.set_status(shop.did, "compliant"))
    dlg = open_review(qtbot, ui, rid, "verification")
    shown = {n: lbl.text() for n, lbl in dlg.outcome_labels.items()}
    assert shown["email"] == "\u2718 Does not match your record"
    assert shown["birthdate"] == "\u2714 Matches your record"
    assert shown["passport"] == "? You have no such field"
    assert theirs not in texts(dlg) and "99999" not in texts(dlg)
    assert dlg.correct_buttons["email"].isVisibleTo(dlg) and not dlg.correct_buttons["birthdate"].isVisibleTo(
        dlg
    )
    # only a match is ticked for the subject: a mismatch or "no such field" tells the organisation more
    assert {n: b.isChecked() for n, b in dlg.answer_boxes.items()} == {
        "email": False,
        "birthdate": True,
        "passport": False,
        "postcode": False,
    }
    # correct my record after the mismatch: the field editor, saving through consent.decisions.correct_field
    dlg.correct_buttons["email"].click()
    qtbot.waitUntil(lambda: find_dialog(qapp, CorrectionDialog) is not None, timeout=5000)
    fix = find_dialog(qapp, CorrectionDialog)
    assert "normal request" in texts(fix)
    fix.line.setText(theirs)
    fix.save()
    qtbot.waitUntil(lambda: dlg.outcome_labels["email"].text().startswith("\u2714"), timeout=5000)
    assert run_db(qtbot, win.ctx, lambda svc: svc.get_field("email").value) == theirs
    dlg.answer_boxes["email"].setChecked(True)  # answer these two; postcode stays declined
    dlg.answer_boxes["passport"].setChecked(True)
    dlg.answer()
    qtbot.waitUntil(lambda: dlg.issued is not None, timeout=5000)
    results = {r.name: r.outcome.value for r in shop.open(dlg.issued.jwe, [token]).message.body.results}
    assert results == {"email": "match", "birthdate": "match", "passport": "unknown", "postcode": "declined"}
    assert dlg.send.save_button.isVisibleTo(dlg)


def test_refuse_with_reason_saves_the_signed_refusal(qtbot, qapp, app, shop, tmp_path, monkeypatch):
    win, ui = app
    token = request(shop)
    rid = import_text(qtbot, win, ui, tmp_path, token)[0].result.id
    dlg = open_review(qtbot, ui, rid)
    dlg.ask_refuse()
    from vault_app.gui.dialogs.review import RefuseDialog

    rd = find_dialog(qapp, RefuseDialog)
    rd.reason.setText("Not needed")
    rd.ok_button.click()
    qtbot.waitUntil(lambda: dlg.refusal is not None, timeout=5000)
    target = tmp_path / "refusal.pdvmsg"
    monkeypatch.setattr(files, "ask_save_path", lambda *a: str(target))
    dlg.send.save()
    refusal = shop.parse_refusal(target.read_text().strip(), shop.parse_request(token))
    assert refusal.body.request_id == rid
    kinds = [e.kind for e in run_db(qtbot, win.ctx, lambda svc: svc.history_page(limit=20))]
    assert "request.refused" in kinds


def test_forged_and_garbage_files_are_refused_with_the_reason_and_recorded(qtbot, qapp, app, shop, tmp_path):
    win, ui = app
    token = request(shop)
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    out = import_text(qtbot, win, ui, tmp_path, forged, "forged.pdvreq")
    assert isinstance(out[0].error, ProtocolError)
    box = message_boxes(qapp)[-1]
    assert "forged.pdvreq was not accepted" in box.text() and "incomplete or damaged" in box.text()
    assert "forged" not in box.text().replace("forged.pdvreq", "")  # the user's terms, not an accusation
    assert "recorded in your history" in box.text()
    box.accept()
    import_text(qtbot, win, ui, tmp_path, "hello, world", "garbage.pdvreq")
    box = message_boxes(qapp)[-1]
    assert (
        "garbage.pdvreq was not accepted" in box.text() and "not a Personal Data Vault message" in box.text()
    )
    box.accept()
    import_text(qtbot, win, ui, tmp_path, token[: len(token) // 2], "cut-off.pdvreq")  # a truncated download
    box = message_boxes(qapp)[-1]
    assert "incomplete or damaged" in box.text() and "forged" not in box.text()
    box.accept()
    rejected = run_db(
        qtbot, win.ctx, lambda svc: svc.history_page(HistoryFilter(kinds=("request.rejected",)))
    )
    assert len(rejected) == 3
    assert sorted(e.data["reason"] for e in rejected)[0] in ("bad-signature", "malformed")
    assert run_db(qtbot, win.ctx, lambda svc: svc.consent.inbox.list_requests()) == []
    # a pdv: link goes the same way, and the real request still imports afterwards
    from vault_app.protocol import make_link

    ui.last_outcomes = []
    win.import_paths([make_link(token)])
    qtbot.waitUntil(lambda: bool(ui.last_outcomes), timeout=5000)
    assert ui.last_outcomes[0].result.state == "pending_review"
    assert "is waiting for your review" in ui.inbox.import_notice.label.text()


def test_command_line_items_wait_for_unlock_then_import(qtbot, make_ctx, clock, shop, tmp_path):
    from gui_helpers import PASSWORD

    from vault_app.gui.mainwindow import MainWindow

    ctx = make_ctx(clock=clock)
    win0, _ = consent_window(qtbot, ctx)
    win0.close()
    ctx2 = make_ctx(clock=clock)
    win = MainWindow(ctx2)
    qtbot.addWidget(win)
    ui = win.consent
    path = tmp_path / "cli.pdvreq"
    path.write_text(request(shop))
    win.import_paths([str(path)])  # as main.run does with the command line's items, before unlocking
    win.show()
    assert win.pending_imports == [str(path)]
    win.unlock_screen.password.setText(PASSWORD)
    win.unlock_screen.unlock()
    qtbot.waitUntil(lambda: bool(ui.last_outcomes), timeout=10000)
    assert ui.last_outcomes[0].result.state == "pending_review" and win.pending_imports == []


def test_floor_rule_refusal_reason_in_words(qtbot, app, shop, tmp_path):
    win, ui = app
    run_db(
        qtbot,
        win.ctx,
        lambda svc: svc.consent.orgs.add_rule(Rule.never_release(Category.HEALTH, RuleAction.REFUSE)),
    )
    out = import_text(qtbot, win, ui, tmp_path, request(shop, ("diagnosis",)))
    assert out[0].result.state == "auto_refused"
    assert (
        "Your rule \u201cNever release health data.\u201d refuses it." in ui.inbox.import_notice.label.text()
    )
    assert not any(c in ui.inbox.import_notice.label.text() for c in CANARIES)
    history = json.dumps(
        [e.to_json() for e in run_db(qtbot, win.ctx, lambda svc: svc.history_page(limit=200))]
    )
    assert not any(c in history for c in CANARIES)
