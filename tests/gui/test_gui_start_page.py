"""The first look (issue 16): the Start page points to the requests that wait for an answer (plural forms,
both languages, hidden when none wait, one click to the first of them or to the list), and the demo's History
chart shows a past spread over several weeks whose chain verifies."""

from __future__ import annotations

from typing import Any

from consent_helpers import NOW, consent_window, import_text, make_org, request, run_db
from gui_helpers import wait_idle
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from vault_app.domain.clock import FixedClock
from vault_app.gui.i18n import install_translations
from vault_app.services import demo


def demo_window(qtbot: Any, make_ctx: Any, tmp_path: Any) -> Any:
    from vault_app.gui.mainwindow import MainWindow

    demo.create_demo_vault(tmp_path / "demo").lock()
    ctx = make_ctx(tmp_path / "demo", demo_password=demo.DEMO_PASSWORD)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.resize(1280, 720)
    win.show()
    win.unlock_screen.password.setText(demo.DEMO_PASSWORD)
    win.unlock_screen.unlock()
    qtbot.waitUntil(lambda: win.unlocked, timeout=10000)
    wait_idle(qtbot, ctx)
    return win


def open_dialogs() -> list[Any]:
    from vault_app.gui.dialogs.review import ReviewDialog
    from vault_app.gui.dialogs.verification import VerificationDialog

    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, (ReviewDialog, VerificationDialog)) and w.isVisible()
    ]


def test_start_page_says_how_many_requests_wait_and_opens_the_first(qtbot, make_ctx, tmp_path):
    win = demo_window(qtbot, make_ctx, tmp_path)
    home, inbox = win.home, win.consent.inbox
    win.show_page("home")
    assert home.waiting.isVisibleTo(win)
    assert home.waiting.label.text() == "4 requests are waiting for your answer."
    assert home.review_button.text().replace("&", "") == "Review the first\u2026"
    assert home.list_button.isVisibleTo(win)
    # "Show all": the inbox's list of waiting requests
    qtbot.mouseClick(home.list_button, Qt.MouseButton.LeftButton)
    assert win.current_page_key() == "inbox"
    assert inbox.current_filter == "waiting" and len(inbox.model.rows) == 4
    inbox.set_filter("all")
    # the review button: the first waiting request, opened for review
    win.show_page("home")
    qtbot.mouseClick(home.review_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(open_dialogs()), timeout=10000)
    dlg = open_dialogs()[0]
    assert win.current_page_key() == "inbox" and inbox.current_filter == "waiting"
    assert dlg.request_id == inbox.model.rows[0].request.id
    dlg.reject()


def test_start_page_waiting_in_the_singular_and_hidden_when_none_wait(qtbot, make_ctx, tmp_path):
    clock = FixedClock(NOW)
    win, ui = consent_window(qtbot, make_ctx(clock=clock))
    home = win.home
    win.show_page("home")
    assert not home.waiting.isVisibleTo(win)  # nothing waits: nothing said
    import_text(qtbot, win, ui, tmp_path, request(make_org("Example Shop", clock)))
    win.show_page("home")
    qtbot.waitUntil(lambda: home.waiting.isVisibleTo(win), timeout=10000)
    assert home.waiting.label.text() == "1 request is waiting for your answer."
    assert home.review_button.text().replace("&", "") == "Review it\u2026"
    assert not home.list_button.isVisibleTo(win)  # one request: the button opens it, no list needed
    qtbot.mouseClick(home.review_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(open_dialogs()), timeout=10000)
    dlg = open_dialogs()[0]
    # refused: nothing waits any more and the Start page says nothing
    rid = dlg.request_id
    dlg.reject()
    run_db(qtbot, win.ctx, lambda svc: svc.consent.decisions.refuse(rid))
    win.show_page("home")
    qtbot.waitUntil(lambda: home.waiting_count == 0, timeout=10000)
    assert home.waiting.isHidden() and win.consent.inbox.pending == 0
    # and it is not said on a locked vault either
    win.lock()
    wait_idle(qtbot, win.ctx)
    assert home.waiting_count == 0


def test_start_page_waiting_in_chinese(qapp, qtbot, make_ctx, tmp_path):
    install_translations(qapp, "zh_CN")
    try:
        win = demo_window(qtbot, make_ctx, tmp_path)
        win.show_page("home")
        assert win.home.waiting.label.text() == "有 4 个请求正在等待您的答复。"
        assert win.home.review_button.text() == "审阅第一个(&R)\u2026"
        assert win.home.list_button.text() == "查看全部(&A)"
    finally:
        install_translations(qapp, "en")


def test_demo_history_chart_has_bars_on_many_days_and_the_chain_verifies(qtbot, make_ctx, tmp_path):
    from vault_app.gui.widgets.chart import DAY_MS

    win = demo_window(qtbot, make_ctx, tmp_path)
    page = win.history
    win.show_page("history")
    wait_idle(qtbot, win.ctx)
    data = page.chart.data
    assert data.width_ms == DAY_MS  # a bar per day (a history within a day or two would show hours)
    days_with_bars = [i for i in range(len(data.starts)) if any(v[i] for v in data.series.values())]
    assert len(days_with_bars) >= 8, days_with_bars
    assert data.starts[-1] - data.starts[0] >= 28 * DAY_MS  # over four weeks
    assert len(data.series) >= 4  # you and the organisations, each in its colour
    page.verify()
    wait_idle(qtbot, win.ctx)
    assert page.last_report is not None and page.last_report.ok
