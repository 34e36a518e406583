"""Review and tables (issue 16): Next says inline why it is disabled, dialogs fit a 1280x720 screen, the
summary states a predicate's question, cut-off cells show their full text on hover, plural forms."""

from __future__ import annotations

from typing import Any

import pytest
from consent_helpers import NOW, consent_window, import_text, make_org, request, run_db
from gui_helpers import find_dialog, open_vault, wait_idle
from PySide6.QtWidgets import QApplication, QDialog, QLabel

from vault_app.domain.clock import FixedClock
from vault_app.domain.model import ReleaseMode
from vault_app.gui.widgets.tables import elided_tip

SCREEN_W, SCREEN_H = 1280, 720
TITLE_AND_PANEL = 70  # a window title bar and a desktop panel take at least this much of the height


@pytest.fixture
def review_of(qtbot: Any, make_ctx: Any) -> Any:
    clock = FixedClock(NOW)
    win, ui = consent_window(qtbot, make_ctx(clock=clock))
    shop = make_org("Example Shop", clock)

    def open_one(names: tuple[str, ...], compliant: bool = False) -> Any:
        rid = import_text(qtbot, win, ui, win.ctx.vault_dir.parent, request(shop, names))[0].result.id
        if compliant:
            run_db(qtbot, win.ctx, lambda svc: svc.consent.orgs.set_status(shop.did, "compliant"))
        dlg = ui.inbox.open_request(rid, "authorisation")
        qtbot.waitUntil(lambda: dlg.steps.currentIndex() == dlg.DECIDE, timeout=10000)
        return dlg

    return open_one


def test_next_says_next_to_it_why_it_is_disabled(qtbot, review_of):
    dlg = review_of(("email", "birthdate"))
    dlg.show()
    assert not dlg.next_button.isEnabled()
    # unknown organisation: first the confirmation, said in words beside the button
    assert dlg.next_reason.isVisible() and "confirm" in dlg.next_reason.text()
    dlg.confirm_unknown.setChecked(True)
    assert dlg.next_reason.isVisible() and "at least one field" in dlg.next_reason.text()
    next(c for c in dlg.choices if c.name == "email").set_mode(ReleaseMode.EXACT)
    assert dlg.next_button.isEnabled() and not dlg.next_reason.isVisible()


def test_the_summary_states_the_predicates_question(qtbot, review_of):
    dlg = review_of(("birthdate", "income"), compliant=True)
    bd = next(c for c in dlg.choices if c.name == "birthdate")
    bd.set_mode(ReleaseMode.ANONYMISED)
    bd.set_method("date.age_at_least")
    qtbot.waitUntil(lambda: bd.preview_current(), timeout=5000)
    dlg.show_summary()
    qtbot.waitUntil(lambda: dlg.steps.currentIndex() == dlg.SUMMARY, timeout=5000)
    how = dlg.summary_table.item(0, 1).text()
    assert "at least 18 years old" in how and dlg.summary_table.item(0, 2).text() == "yes"


def test_every_dialog_fits_a_1280x720_screen(qtbot, qapp, review_of):
    dlg = review_of(("email", "birthdate", "income", "postcode", "diagnosis"))
    seen = []
    dlg.show()
    for c in dlg.choices:
        if c.mode.isEnabled():
            c.set_mode(ReleaseMode.ANONYMISED if c.transforms else ReleaseMode.EXACT)
    qtbot.wait(50)
    win = dlg.parentWidget().window()
    from vault_app.gui.dialogs.change_password import ChangePasswordDialog
    from vault_app.gui.dialogs.field_editor import FieldEditorDialog
    from vault_app.gui.dialogs.review import RefuseDialog

    others = [FieldEditorDialog(win.ctx, None, win), ChangePasswordDialog(win.ctx, win), RefuseDialog(win)]
    for d in [dlg, *others]:
        d.show()
        qtbot.wait(10)
        size = d.frameGeometry().size().expandedTo(d.size())
        seen.append((type(d).__name__, size.width(), size.height()))
        assert size.width() <= SCREEN_W and size.height() <= SCREEN_H - TITLE_AND_PANEL, seen[-1]
        assert d.minimumSizeHint().height() <= SCREEN_H - TITLE_AND_PANEL, seen[-1]
    for d in others:
        d.close()
    assert len(seen) == 4


def test_cut_off_cells_show_their_full_text_on_hover(qtbot, ctx):
    from vault_app.gui.tasks import DbOp

    win = open_vault(qtbot, ctx)
    long = "A very long address line that cannot possibly fit into a narrow column " * 2
    DbOp(None, lambda svc: svc.add_field("home_address", "address", "location", long)).run(ctx.tasks)
    wait_idle(qtbot, ctx)
    win.show_page("fields")
    page = win.fields
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    page.model.set_revealed(True)
    table = page.table
    table.setColumnWidth(3, 80)
    value = page.model.index(0, 3)
    assert elided_tip(table, value) == page.model.index(0, 3).data()
    table.setColumnWidth(1, 400)
    assert elided_tip(table, page.model.index(0, 1)) is None  # it fits: no tooltip


def test_plural_forms_in_the_history_check(qtbot, ctx):
    win = open_vault(qtbot, ctx)
    win.show_page("history")
    win.history.verify()
    qtbot.waitUntil(lambda: "intact" in win.history.result.text(), timeout=10000)
    text = win.history.result.text()
    assert "1 signed checkpoints" not in text and ("1 signed checkpoint " in text or "checkpoints" in text)
    assert find_dialog(QApplication.instance(), QDialog) is None


def test_identities_are_folded_under_technical_details(qtbot, review_of):
    dlg = review_of(("email",))
    win = dlg.parentWidget().window()
    texts = "\n".join(lbl.text() for lbl in dlg.findChildren(QLabel) if lbl.isVisibleTo(dlg))
    assert "did:key:" not in texts and "dpv:" not in texts  # jargon is not on the ordinary screen
    dlg.reject()
    page = win.consent.organisations
    win.show_page("organisations")
    wait_idle(qtbot, win.ctx)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    page.table.selectRow(0)
    from vault_app.gui.models.consent import OrgsModel

    assert page.table.isColumnHidden(OrgsModel.FINGERPRINT)
    assert "did:key:" not in page.detail_text.text()
    assert not page.technical.body.isVisible()
    page.technical.toggle.click()
    assert page.tech_did.text().startswith("did:key:") and page.technical.body.isVisibleTo(page)
