"""Helpers shared by the desktop app's tests (a module with a unique name, so it never clashes with another
test folder's conftest)."""

from __future__ import annotations

from typing import Any

from vault_app.crypto.kdf import minimum_params

PASSWORD = "correct horse battery"


def wait_idle(qtbot: Any, ctx: Any, timeout: int = 10000) -> None:
    """Wait until every background op has delivered its callbacks."""
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=timeout)


def unlocked_vault(qtbot: Any, ctx: Any, fields: int = 0) -> None:
    """Create the context's vault and add ``fields`` fields, through the worker."""
    from vault_app.gui.tasks import DbOp

    def setup(svc: Any) -> None:
        svc.create(PASSWORD, kdf=minimum_params())
        for i in range(fields):
            svc.add_field(f"field{i:04d}", "text", "other", f"value {i}")

    DbOp(None, setup).run(ctx.tasks)
    wait_idle(qtbot, ctx)


def open_vault(qtbot: Any, ctx: Any, fields: int = 0) -> Any:
    """Create a vault with ``fields`` fields, lock it, and return a main window unlocked through its
    screen."""
    from vault_app.gui.mainwindow import MainWindow

    unlocked_vault(qtbot, ctx, fields)
    from vault_app.gui.tasks import DbOp

    DbOp(None, lambda svc: svc.lock()).run(ctx.tasks)
    wait_idle(qtbot, ctx)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    win.unlock_screen.password.setText(PASSWORD)
    win.unlock_screen.unlock()
    qtbot.waitUntil(lambda: win.states.currentIndex() == win.VAULT, timeout=10000)
    wait_idle(qtbot, ctx)
    return win


def find_dialog(qapp: Any, cls: type) -> Any:
    for w in qapp.topLevelWidgets():
        if isinstance(w, cls) and w.isVisible():
            return w
    return None


def gone(w: Any) -> bool:
    """True when a dialog was closed (and, with WA_DeleteOnClose, deleted)."""
    import shiboken6

    return not shiboken6.isValid(w) or not w.isVisible()
