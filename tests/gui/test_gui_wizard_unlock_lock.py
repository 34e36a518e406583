"""First run, unlocking, and locking (by hand, idle, quit): the flows a first-time user meets."""

from __future__ import annotations

import shutil

from gui_helpers import PASSWORD, open_vault, unlocked_vault, wait_idle
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from vault_app.domain import paths
from vault_app.gui.dialogs.field_editor import FieldEditorDialog
from vault_app.gui.mainwindow import MainWindow
from vault_app.gui.tasks import DbOp
from vault_app.history.head import HEAD_FILE


def test_wizard_creates_the_vault_and_shows_the_start_page(qtbot, ctx, window):
    assert window.states.currentIndex() == window.SETUP
    wiz = window.setup
    assert not wiz.create_button.isEnabled()
    qtbot.keyClicks(wiz.password, "short")
    assert any("at least 8" in p for p in wiz.problems())
    assert wiz.meter.bar.value() <= 1
    wiz.password.clear()
    qtbot.keyClicks(wiz.password, PASSWORD)
    qtbot.keyClicks(wiz.repeat, PASSWORD + "x")
    assert "do not match" in wiz.mismatch.text()
    wiz.repeat.clear()
    qtbot.keyClicks(wiz.repeat, PASSWORD)
    assert not wiz.create_button.isEnabled()  # the warning must be acknowledged
    wiz.understood.setChecked(True)
    assert wiz.create_button.isEnabled()
    qtbot.mouseClick(wiz.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.states.currentIndex() == window.VAULT, timeout=10000)
    wait_idle(qtbot, ctx)
    assert (ctx.vault_dir / paths.KEY_FILE).exists()
    assert window.current_page_key() == "home"
    assert "empty" in window.home.summary.text()
    assert wiz.password.text() == "" and wiz.repeat.text() == ""


def test_wrong_password_shows_the_inline_error(qtbot, ctx):
    unlocked_vault(qtbot, ctx)
    DbOp(None, lambda svc: svc.lock()).run(ctx.tasks)
    wait_idle(qtbot, ctx)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    assert win.states.currentIndex() == win.UNLOCK
    qtbot.keyClicks(win.unlock_screen.password, "not the password")
    qtbot.keyClick(win.unlock_screen.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.unlock_screen.error.isVisible(), timeout=10000)
    assert win.unlock_screen.error.text() == "The password is wrong."
    assert win.states.currentIndex() == win.UNLOCK
    win.unlock_screen.password.setText(PASSWORD)
    win.unlock_screen.unlock()
    qtbot.waitUntil(lambda: win.states.currentIndex() == win.VAULT, timeout=10000)
    assert win.unlock_screen.password.text() == ""


def test_rollback_is_shown_as_an_integrity_problem(qtbot, ctx, tmp_path):
    unlocked_vault(qtbot, ctx, fields=1)
    DbOp(None, lambda svc: svc.lock()).run(ctx.tasks)
    wait_idle(qtbot, ctx)
    old = tmp_path / "old-db"
    shutil.copy(ctx.vault_dir / paths.DB_FILE, old)  # an older copy of the database...
    DbOp(
        None, lambda svc: (svc.unlock(PASSWORD), svc.add_field("later", "text", "other", "v"), svc.lock())
    ).run(ctx.tasks)
    wait_idle(qtbot, ctx)
    shutil.copy(old, ctx.vault_dir / paths.DB_FILE)  # ...swapped back in after more was recorded
    assert (ctx.vault_dir / HEAD_FILE).exists()
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    win.unlock_screen.password.setText(PASSWORD)
    win.unlock_screen.unlock()
    qtbot.waitUntil(lambda: win.unlock_screen.problem.isVisible(), timeout=10000)
    assert "older" in win.unlock_screen.problem_text.text()
    assert win.unlock_screen.restore_button.isVisible()
    assert not win.unlock_screen.error.isVisible()


def test_lock_by_hand_clears_models_and_closes_dialogs(qtbot, ctx, qapp):
    win = open_vault(qtbot, ctx, fields=3)
    win.show_page("fields")
    qtbot.waitUntil(lambda: win.fields.model.rowCount() == 3, timeout=5000)
    win.fields.reveal.setChecked(True)
    win.fields.search.setText("value 1")
    win.fields.select_field("field0001") or win.fields.table.selectRow(0)
    win.fields.edit_field()
    dlg = next(w for w in qapp.topLevelWidgets() if isinstance(w, FieldEditorDialog) and w.isVisible())
    win.history.on_unlocked()
    qtbot.waitUntil(lambda: win.history.model.rowCount() > 0, timeout=5000)
    qtbot.keyClick(dlg.category, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # from inside the dialog
    assert win.states.currentIndex() == win.UNLOCK
    assert win.fields.model.rowCount() == 0 and not win.fields.model.revealed
    assert win.fields.search.text() == ""
    assert win.history.model.rowCount() == 0
    assert not any(isinstance(w, QDialog) and w.isVisible() for w in qapp.topLevelWidgets())
    wait_idle(qtbot, ctx)
    assert win.windowTitle().startswith("Locked")


def test_idle_lock_fires_after_the_configured_quiet_time(qtbot, ctx):
    win = open_vault(qtbot, ctx, fields=1)
    win.idle.set_timeout_ms(300)
    qtbot.waitUntil(lambda: win.states.currentIndex() == win.UNLOCK, timeout=5000)
    wait_idle(qtbot, ctx)
    assert win.fields.model.rowCount() == 0


def test_user_input_postpones_the_idle_lock(qtbot, ctx):
    win = open_vault(qtbot, ctx)
    win.idle.set_timeout_ms(400)
    for _ in range(5):
        qtbot.wait(150)
        qtbot.keyClick(win.sidebar, Qt.Key.Key_Down)
        assert win.states.currentIndex() == win.VAULT
    qtbot.waitUntil(lambda: win.states.currentIndex() == win.UNLOCK, timeout=5000)


def test_quitting_locks_the_vault(qtbot, ctx):
    win = open_vault(qtbot, ctx)
    svc_ref: list = []
    DbOp(None, svc_ref.append).run(ctx.tasks)
    wait_idle(qtbot, ctx)
    win.close()
    assert not svc_ref[0].is_unlocked
    assert ctx.tasks.closed


def test_window_titles_never_show_values(qtbot, ctx):
    win = open_vault(qtbot, ctx)
    DbOp(None, lambda svc: svc.add_field("email", "email", "contact", "alex@example.org")).run(ctx.tasks)
    wait_idle(qtbot, ctx)
    titles = set()
    for key in win.page_keys:
        win.show_page(key)
        titles.add(win.windowTitle())
    win.show_page("fields")
    qtbot.waitUntil(lambda: win.fields.model.rowCount() == 1, timeout=5000)
    win.fields.reveal.setChecked(True)
    win.fields.table.selectRow(0)
    win.fields.edit_field()
    titles |= {w.windowTitle() for w in QApplication.topLevelWidgets() if w.isVisible()}
    assert all("alex" not in t and "example.org" not in t for t in titles)
    assert "My data \u2014 Personal Data Vault" in titles
