"""Settings page, change password, backup and restore, the page registry and import hook for later screens,
keyboard and accessibility, and ``pdvault --demo``."""

from __future__ import annotations

import json

from gui_helpers import PASSWORD, find_dialog, gone, open_vault, wait_idle
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from vault_app.gui import main as gui_main
from vault_app.gui.dialogs import files
from vault_app.gui.dialogs.change_password import ChangePasswordDialog
from vault_app.gui.dialogs.field_editor import FieldEditorDialog
from vault_app.gui.dialogs.restore import RestoreDialog
from vault_app.gui.pages import VaultPage
from vault_app.gui.tasks import DbOp
from vault_app.services import demo


def test_settings_page_saves_each_change(qtbot, ctx, tmp_path):
    win = open_vault(qtbot, ctx)
    page = win.settings_page
    win.show_page("settings")
    page.idle.setValue(12)
    page.clip.setValue(45)
    page.kdf.setValue(1.5)
    page.language.setCurrentIndex(page.language.findData("zh_CN"))
    assert "applies at once" in page.language_note.text()  # no host here: the window itself stays English
    saved = json.loads((tmp_path / "config" / "settings.json").read_text())
    assert saved["idle_lock_minutes"] == 12 and saved["clipboard_clear_seconds"] == 45
    assert saved["kdf_target_seconds"] == 1.5 and saved["language"] == "zh_CN"
    assert win.idle.timeout_ms == 12 * 60_000  # applied at once
    page.idle.setValue(0)
    assert win.idle.timeout_ms == 0 and page.idle.text() == "Never"
    assert "0." in page.kdf_note.text() or "1.5" in page.kdf_note.text()


def test_inbox_folder_picker(qtbot, ctx, tmp_path, monkeypatch):
    win = open_vault(qtbot, ctx)
    page = win.settings_page
    monkeypatch.setattr(files, "ask_folder", lambda *a, **k: str(tmp_path))
    page.choose_inbox()
    assert ctx.settings.inbox_folder == str(tmp_path) and page.inbox.text() == str(tmp_path)
    assert page.inbox_clear.isEnabled()
    page.inbox_clear.click()
    assert ctx.settings.inbox_folder is None and page.inbox.text() == ""


def test_change_password_dialog(qtbot, ctx, qapp):
    win = open_vault(qtbot, ctx)
    win.settings_page.change_password()
    dlg = find_dialog(qapp, ChangePasswordDialog)
    dlg.current.setText("wrong password!")
    dlg.new.setText("new passphrase 42")
    dlg.repeat.setText("new passphrase 42")
    dlg.apply()
    qtbot.waitUntil(lambda: dlg.current_error.isVisible(), timeout=10000)
    assert dlg.current_error.text() == "The current password is wrong."
    dlg.current.setText(PASSWORD)
    dlg.repeat.setText("different")
    dlg.apply()
    assert "do not match" in dlg.error.text()
    dlg.repeat.setText("new passphrase 42")
    dlg.apply()
    qtbot.waitUntil(lambda: gone(dlg), timeout=10000)
    wait_idle(qtbot, ctx)
    box = find_dialog(qapp, QMessageBox)
    assert box is not None
    box.close()
    win.lock()
    wait_idle(qtbot, ctx)
    win.unlock_screen.password.setText("new passphrase 42")
    win.unlock_screen.unlock()
    qtbot.waitUntil(lambda: win.states.currentIndex() == win.VAULT, timeout=10000)


def test_password_may_have_leaked_replaces_the_data_key(qtbot, ctx, qapp):
    """Issue 14, item 4: the change-password dialog's "may have leaked" choice also replaces the data key,
    so the old key file opens nothing with the old password."""
    from vault_app.crypto import keyfile as kf
    from vault_app.storage.db import Database

    win = open_vault(qtbot, ctx, fields=1)
    old_keyfile = kf.KeyFile.from_bytes((ctx.vault_dir / "vault.key").read_bytes())
    old_key = kf.unwrap(old_keyfile, PASSWORD)
    win.settings_page.change_password()
    dlg = find_dialog(qapp, ChangePasswordDialog)
    # it says what a plain change does not do
    assert "old key file" in " ".join(w.text() for w in dlg.findChildren(QLabel))
    dlg.current.setText(PASSWORD)
    dlg.new.setText("new passphrase 42")
    dlg.repeat.setText("new passphrase 42")
    dlg.leaked.setChecked(True)
    dlg.apply()
    qtbot.waitUntil(lambda: gone(dlg), timeout=20000)
    wait_idle(qtbot, ctx)
    box = find_dialog(qapp, QMessageBox)
    assert box is not None and "new data key" in box.text()
    box.close()
    win.lock()
    wait_idle(qtbot, ctx)
    new_kf = kf.KeyFile.from_bytes((ctx.vault_dir / "vault.key").read_bytes())
    new_key = kf.unwrap(new_kf, "new passphrase 42")
    assert new_key != old_key
    try:
        Database(ctx.vault_dir / "vault.db", old_key).close()
        opened_with_old_key = True
    except Exception:
        opened_with_old_key = False
    assert not opened_with_old_key
    win.unlock_screen.password.setText("new passphrase 42")
    win.unlock_screen.unlock()
    qtbot.waitUntil(lambda: win.states.currentIndex() == win.VAULT, timeout=10000)


def test_check_the_vault_action(qtbot, ctx, qapp):
    """Issue 14, item 6: File > Check the vault runs the page, structure and history checks."""
    win = open_vault(qtbot, ctx, fields=3)
    assert win.check_action.isEnabled()
    win.check_action.trigger()
    qtbot.waitUntil(lambda: find_dialog(qapp, QMessageBox) is not None, timeout=20000)
    box = find_dialog(qapp, QMessageBox)
    assert "passed every check" in box.text() and "entries" in box.text()
    box.close()
    win.lock()
    wait_idle(qtbot, ctx)
    assert not win.check_action.isEnabled()


def test_backup_then_restore_replaces_the_vault(qtbot, ctx, tmp_path, monkeypatch, qapp):
    win = open_vault(qtbot, ctx, fields=2)
    backup = tmp_path / "b.pdvbackup"
    monkeypatch.setattr(files, "ask_save_path", lambda *a, **k: str(backup))
    win.backup()
    wait_idle(qtbot, ctx)
    assert backup.exists()
    find_dialog(qapp, QMessageBox).close()
    DbOp(None, lambda svc: svc.delete_field("field0000")).run(ctx.tasks)
    wait_idle(qtbot, ctx)
    win.restore_backup()
    dlg = find_dialog(qapp, RestoreDialog)
    dlg.path.setText(str(backup))
    dlg.password.setText("wrong")
    dlg.apply()
    assert "Confirm" in dlg.error.text()  # replacing needs an explicit yes
    dlg.confirm.setChecked(True)
    dlg.apply()
    qtbot.waitUntil(lambda: "wrong" in dlg.error.text(), timeout=10000)
    wait_idle(qtbot, ctx)
    assert win.states.currentIndex() == win.VAULT  # a wrong password changed nothing
    dlg.password.setText(PASSWORD)
    dlg.apply()
    qtbot.waitUntil(lambda: gone(dlg), timeout=10000)
    wait_idle(qtbot, ctx)
    assert win.states.currentIndex() == win.VAULT
    box = find_dialog(qapp, QMessageBox)
    assert box is not None and "restored" in box.text()
    box.close()
    win.show_page("fields")
    qtbot.waitUntil(lambda: win.fields.model.rowCount() == 2, timeout=5000)  # the deleted field is back
    assert list(ctx.vault_dir.glob("replaced-*/vault.db"))  # the replaced vault, kept whole in its own folder


class ExtraPage(VaultPage):
    def __init__(self) -> None:
        super().__init__()
        self.events: list[str] = []

    def on_unlocked(self) -> None:
        self.events.append("unlocked")

    def on_locked(self) -> None:
        self.events.append("locked")


def test_register_page_badges_and_import_hook(qtbot, ctx, tmp_path):
    win = open_vault(qtbot, ctx)
    # the main window makes its own consent screens; another page can still be added beside them
    assert win.page_keys[:3] == ["home", "inbox", "fields"]
    extra = ExtraPage()
    win.register_page("extra", "Extra", extra, position=1)
    assert win.page_keys[:3] == ["home", "extra", "inbox"]
    assert extra.events == ["unlocked"]  # registered while unlocked: told at once
    win.set_page_badge("extra", 3)
    assert win.sidebar.item(1).text() == "Extra (3)"
    win.set_page_badge("extra", None)
    assert win.sidebar.item(1).text() == "Extra"
    win.show_page("extra")
    assert win.windowTitle().startswith("Extra")
    # imports made while the vault is locked wait for the unlock, then go to the import handler
    got: list[list[str]] = []
    win.set_import_handler(got.append, "Requests (*.pdvreq)")
    win.lock()
    assert extra.events[-1] == "locked"
    win.import_paths([str(tmp_path / "r.pdvreq"), "pdv:abc"])
    assert got == [] and win.pending_imports == [str(tmp_path / "r.pdvreq"), "pdv:abc"]
    win.unlock_screen.password.setText(PASSWORD)
    win.unlock_screen.unlock()
    qtbot.waitUntil(lambda: bool(got), timeout=10000)
    assert got == [[str(tmp_path / "r.pdvreq"), "pdv:abc"]] and win.pending_imports == []
    assert win.import_action.isEnabled() and not win.home.import_card.isHidden()


INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QPlainTextEdit)


def inside_composite(w: QWidget, root: QWidget) -> bool:
    p = w.parentWidget()
    while p is not None and p is not root:
        if isinstance(p, (QComboBox, QAbstractSpinBox, QAbstractItemView, QCalendarWidget, QLineEdit)):
            return True
        p = p.parentWidget()
    return False


def unnamed(root: QWidget) -> list[str]:
    out = []
    for w in root.findChildren(QWidget):
        if isinstance(w, INTERACTIVE) and not w.accessibleName():
            if isinstance(w, QAbstractButton) and w.text():  # a button's own text is its accessible name
                continue
            if inside_composite(w, root) or w.objectName().startswith("qt_"):
                continue  # Qt's own internals (popups, clear buttons, menu bar extension)
            label = next((lb for lb in root.findChildren(QLabel) if lb.buddy() is w), None)
            if label is None:
                out.append(f"{type(w).__name__} {w.objectName()!r}")
    return out


def test_every_interactive_widget_has_an_accessible_name(qtbot, ctx, qapp):
    win = open_vault(qtbot, ctx, fields=1)
    assert unnamed(win) == []
    win.fields.add_field()
    dlg = find_dialog(qapp, FieldEditorDialog)
    assert unnamed(dlg) == []
    dlg.reject()
    win.settings_page.change_password()
    cp = find_dialog(qapp, ChangePasswordDialog)
    assert unnamed(cp) == []
    cp.reject()


def test_keyboard_only_navigation(qtbot, ctx):
    win = open_vault(qtbot, ctx, fields=2)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=3000)
    for i, key in reversed(list(enumerate(win.page_keys))):
        qtbot.keyClick(win.sidebar, getattr(Qt.Key, f"Key_{i + 1}"), Qt.KeyboardModifier.ControlModifier)
        assert win.current_page_key() == key
    win.sidebar.setFocus()
    qtbot.keyClick(win.sidebar, Qt.Key.Key_Home)
    assert win.current_page_key() == "home"
    qtbot.keyClick(win.sidebar, Qt.Key.Key_Down)
    assert win.current_page_key() == win.page_keys[1] == "inbox"
    qtbot.keyClick(win.sidebar, Qt.Key.Key_Down)
    assert win.current_page_key() == "fields"
    page = win.fields
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=5000)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert page.selected_field() is not None


def test_demo_mode_opens_a_throwaway_vault_and_deletes_it(qtbot, monkeypatch, tmp_path):
    seen: dict = {}
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")  # the app follows the system language by default

    def fake_exec() -> int:
        # the demo's own window (a window another test left open, its vault shut, must not be taken for it)
        win = next(
            w
            for w in QApplication.topLevelWidgets()
            if w.objectName() == "MainWindow"
            and w.isVisible()
            and getattr(w.ctx, "demo_password", None)
            and not w.ctx.tasks.closed
        )
        seen["title"] = win.windowTitle()
        seen["hint"] = win.unlock_screen.hint.text()
        seen["dir"] = win.ctx.vault_dir
        seen["exists"] = win.ctx.vault_dir.exists()
        win.unlock_screen.password.setText(demo.DEMO_PASSWORD)
        win.unlock_screen.unlock()
        qtbot.waitUntil(lambda: win.fields.model.active, timeout=30000)  # a loaded CI machine
        win.show_page("fields")
        qtbot.waitUntil(lambda: win.fields.model.rowCount() == len(demo.SAMPLE_FIELDS), timeout=30000)
        win.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    try:
        assert gui_main.run(["--demo"]) == 0
    finally:
        import signal

        signal.signal(signal.SIGINT, signal.default_int_handler)
    assert "demo" in seen["title"] and demo.DEMO_PASSWORD in seen["hint"] and seen["exists"]
    assert not seen["dir"].exists()  # deleted on exit
    assert not (tmp_path / "config" / "settings.json").exists()  # the demo changes no settings


def test_arguments():
    a = gui_main.parse_args(["--vault", "/tmp/v", "req.pdvreq", "pdv:xyz"])
    assert a.vault == "/tmp/v" and a.items == ["req.pdvreq", "pdv:xyz"] and not a.demo
    assert gui_main.parse_args(["--demo"]).demo
    assert not gui_main.app_icon().isNull()


def test_quit_timer_is_harmless(qtbot):
    w = QWidget()
    qtbot.addWidget(w)
    gui_main._quit_on_sigint(w)
    assert any(isinstance(c, QTimer) and c.isActive() for c in w.children())
    import signal

    signal.signal(signal.SIGINT, signal.default_int_handler)
