"""Issue 11: a check of a verification request that the vault declines by itself (a standing rule, probing)
shows why, in the subject's words and language, wherever it appears: the verification dialog, the request's
details in the inbox, and the answer's entry in the history."""

from __future__ import annotations

from typing import Any

import pytest
from consent_helpers import NOW, PURPOSE, consent_window, import_text, make_org, run_db
from gui_helpers import wait_idle

from vault_app.domain.clock import FixedClock
from vault_app.domain.model import Category
from vault_app.gui.i18n import install_translations, kind_label
from vault_app.gui.models.history import HistoryModel
from vault_app.gui.pages.inbox import EVERYTHING
from vault_app.history.kinds import EventKind
from vault_app.policy.rules import Rule
from vault_app.protocol import VerificationCheck
from vault_app.services.decisions import PROBE_LIMIT

PROBING_EN = "Income was already checked 3 times in the last 90 days. More answers could give its value away"
RULE_EN = "Your rule \u201cNever release health data.\u201d never releases Diagnosis"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


def _verification(org: Any, checks: list[tuple[str, Category, str]]) -> str:
    return str(
        org.make_verification_request(
            [VerificationCheck(n, c, value=v) for n, c, v in checks], [PURPOSE], "Check your details"
        )
    )


def _set_up(qtbot: Any, make_ctx: Any, clock: FixedClock, tmp_path: Any) -> tuple[Any, Any, str]:
    """A vault whose income was already answered PROBE_LIMIT times, a rule never releasing health data,
    and a new verification request asking about income, a diagnosis and the email address."""
    win, ui = consent_window(qtbot, make_ctx(clock=clock))
    shop = make_org("Example Shop", clock)
    run_db(qtbot, win.ctx, lambda svc: svc.consent.orgs.add_rule(Rule.never_release(Category.HEALTH)))
    for i in range(PROBE_LIMIT):
        token = _verification(shop, [("income", Category.FINANCIAL, str(40000 + i))])
        rid = import_text(qtbot, win, ui, tmp_path, token, f"p{i}.pdvreq")[0].result.id
        run_db(
            qtbot,
            win.ctx,
            lambda svc, r=rid: svc.consent.decisions.answer_verification(r, unknown_confirmed=True),
        )
    token = _verification(
        shop,
        [
            ("income", Category.FINANCIAL, "52000"),
            ("diagnosis", Category.HEALTH, "canary-condition-xyz"),
            ("email", Category.CONTACT, "alice.canary@example.org"),
        ],
    )
    rid = import_text(qtbot, win, ui, tmp_path, token, "new.pdvreq")[0].result.id
    wait_idle(qtbot, win.ctx)
    return win, ui, rid


def _dialog(qtbot: Any, ui: Any, rid: str) -> Any:
    dlg = ui.inbox.open_request(rid, "verification")
    qtbot.waitUntil(lambda: dlg.data is not None, timeout=10000)
    return dlg


def _inbox_details(qtbot: Any, ui: Any, rid: str) -> str:
    ui.inbox.set_filter(EVERYTHING)  # waiting or answered
    qtbot.waitUntil(lambda: ui.inbox.select_request(rid), timeout=10000)
    return str(ui.inbox.detail_text.text())


def _history_details(qtbot: Any, win: Any) -> str:
    win.show_page("history")
    model = win.history.model
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=10000)
    for row in range(model.rowCount()):
        if model.index(row, HistoryModel.EVENT).data() == kind_label(EventKind.VERIFICATION_ANSWERED):
            return str(model.index(row, HistoryModel.DETAILS).data())
    raise AssertionError("no verification answer in the history")


def test_a_check_the_vault_declines_shows_why_in_the_dialog_the_inbox_and_the_history(
    qtbot, make_ctx, clock, tmp_path
) -> None:
    win, ui, rid = _set_up(qtbot, make_ctx, clock, tmp_path)
    dlg = _dialog(qtbot, ui, rid)
    outcomes = {n: lbl.text() for n, lbl in dlg.outcome_labels.items()}
    assert outcomes["income"] == outcomes["diagnosis"] == "\u2014 Your vault declines to answer"
    # the reason is on the screen, next to the outcome (before: nothing said why)
    assert dlg.hold_labels["income"].isVisibleTo(dlg) and dlg.hold_labels["diagnosis"].isVisibleTo(dlg)
    assert PROBING_EN in dlg.hold_labels["income"].text()
    assert RULE_EN in dlg.hold_labels["diagnosis"].text()
    assert not dlg.hold_labels["email"].isVisibleTo(dlg)
    assert not dlg.answer_boxes["income"].isEnabled() and not dlg.answer_boxes["diagnosis"].isEnabled()
    details = _inbox_details(qtbot, ui, rid)
    assert PROBING_EN in details and RULE_EN in details
    dlg.answer_boxes["email"].setChecked(True)
    assert dlg.confirm_unknown is not None  # nobody the subject trusts has assessed the shop
    dlg.confirm_unknown.setChecked(True)
    dlg.answer()
    qtbot.waitUntil(lambda: dlg.issued is not None, timeout=10000)
    # what the organisation learns (declined), and, for the subject only, why
    assert dlg.held_note is not None and dlg.held_note.isVisibleTo(dlg)
    assert PROBING_EN in dlg.held_note.text() and RULE_EN in dlg.held_note.text()
    dlg.close()
    wait_idle(qtbot, win.ctx)
    # answered: the details still say why (what the answer declined then, kept with it)
    details = _inbox_details(qtbot, ui, rid)
    assert PROBING_EN in details and RULE_EN in details
    history = _history_details(qtbot, win)
    assert "Income declined by your vault" in history and "Email address matches your record" in history
    assert PROBING_EN in history and RULE_EN in history


def test_the_reasons_are_in_chinese(qtbot, qapp, make_ctx, clock, tmp_path) -> None:
    install_translations(qapp, "zh_CN")
    try:
        win, ui, rid = _set_up(qtbot, make_ctx, clock, tmp_path)
        dlg = _dialog(qtbot, ui, rid)
        for name in ("income", "diagnosis"):
            text = dlg.hold_labels[name].text()
            assert "vault" not in text and "declines" not in text, text
            assert "保险库" in text, text
        assert "90" in dlg.hold_labels["income"].text() and "3" in dlg.hold_labels["income"].text()
        details = _inbox_details(qtbot, ui, rid)
        assert dlg.hold_labels["income"].text() in details
        dlg.close()
    finally:
        install_translations(qapp, "en")
