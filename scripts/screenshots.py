#!/usr/bin/env python3
"""Take screenshots of the desktop app's main screens on a throwaway demo vault, into docs/screenshots/.

Run under a virtual X server for real window rendering:
    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python scripts/screenshots.py
Without $DISPLAY it falls back to Qt's offscreen platform (widgets are grabbed the same way).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if not os.environ.get("DISPLAY") and not os.environ.get("QT_QPA_PLATFORM"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import QCoreApplication  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from vault_app.core import demo  # noqa: E402
from vault_app.core.settings import SettingsStore  # noqa: E402
from vault_app.crypto.kdf import minimum_params  # noqa: E402


def settle(ctx: object, seconds: float = 0.3) -> None:
    """Let background work finish and the screen repaint."""
    deadline = time.monotonic() + 20
    while getattr(ctx, "tasks").pending and time.monotonic() < deadline:  # noqa: B009
        QCoreApplication.processEvents()
        time.sleep(0.01)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        time.sleep(0.01)


def dark_palette() -> object:
    from PySide6.QtGui import QColor, QPalette

    p = QPalette()
    roles = QPalette.ColorRole
    for role, colour in ((roles.Window, "#2b2b2b"), (roles.WindowText, "#e6e6e6"), (roles.Base, "#1e1e1e"),
                         (roles.AlternateBase, "#262626"), (roles.Text, "#e6e6e6"), (roles.Button, "#353535"),
                         (roles.ButtonText, "#e6e6e6"), (roles.Highlight, "#2f65ca"),
                         (roles.HighlightedText, "#ffffff"), (roles.PlaceholderText, "#8a8a8a"),
                         (roles.ToolTipBase, "#353535"), (roles.ToolTipText, "#e6e6e6"), (roles.Link, "#6ea8ff")):
        p.setColor(role, QColor(colour))
    p.setColor(QPalette.ColorGroup.Disabled, roles.WindowText, QColor("#8a8a8a"))
    p.setColor(QPalette.ColorGroup.Disabled, roles.Text, QColor("#8a8a8a"))
    p.setColor(QPalette.ColorGroup.Disabled, roles.ButtonText, QColor("#8a8a8a"))
    return p


def save(widget: QWidget, out: Path, name: str) -> None:
    path = out / f"{name}.png"
    widget.grab().save(str(path))
    print("saved", path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    ap.add_argument("--language", default="en", choices=["en", "zh_CN"])
    ap.add_argument("--dark", action="store_true", help="ask Qt for the dark colour scheme")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    suffix = ("" if args.language == "en" else "-" + args.language) + ("-dark" if args.dark else "")

    QCoreApplication.setApplicationName("Personal Data Vault")
    app = QApplication(["pdvault"])
    from vault_app.gui.context import AppContext
    from vault_app.gui.i18n import install_translations
    from vault_app.gui.main import app_icon
    from vault_app.gui.mainwindow import MainWindow

    if args.dark:
        app.setPalette(dark_palette())  # what a dark desktop gives Qt; Xvfb has no desktop to ask
    install_translations(app, args.language)
    app.setWindowIcon(app_icon())
    tmp = Path(tempfile.mkdtemp(prefix="pdvault-shots-"))
    settings = SettingsStore(None)
    settings.update(language=args.language)

    def cheap(_t: float, _p: object) -> object:
        return minimum_params()

    # 1. first-run wizard on an empty folder, with a password typed in
    ctx0 = AppContext(tmp / "empty", settings, kdf_factory=cheap)  # type: ignore[arg-type]
    w0 = MainWindow(ctx0)
    w0.resize(1100, 720)
    w0.show()
    w0.setup.password.setText("blue-kettle-orbit-42")
    w0.setup.repeat.setText("blue-kettle-orbit-42")
    settle(ctx0)
    save(w0, out, "wizard" + suffix)
    w0.setup.understood.setChecked(True)
    w0.setup.create_vault()
    settle(ctx0, 0.5)
    save(w0, out, "start-empty" + suffix)
    w0.close()

    # 2. the demo vault, locked
    demo.create_demo_vault(tmp / "demo").lock()
    ctx = AppContext(tmp / "demo", settings, kdf_factory=cheap,  # type: ignore[arg-type]
                     demo_password=demo.DEMO_PASSWORD)
    win = MainWindow(ctx)
    win.resize(1100, 720)
    win.show()
    settle(ctx)
    save(win, out, "unlock" + suffix)
    win.unlock_screen.password.setText(demo.DEMO_PASSWORD)
    win.unlock_screen.unlock()
    settle(ctx, 0.5)
    save(win, out, "home" + suffix)

    # 3. my data, masked, and the editor for a date field
    win.show_page("fields")
    settle(ctx, 0.5)
    save(win, out, "my-data" + suffix)
    win.fields.select_field("date_of_birth")
    win.fields.edit_field()
    settle(ctx, 0.3)
    dlg = [w for w in app.topLevelWidgets() if w.isVisible() and w.windowTitle() and w is not win]
    if dlg:
        save(dlg[0], out, "field-editor" + suffix)
        dlg[0].close()
    settle(ctx)

    # 4. history, verified
    win.show_page("history")
    settle(ctx, 0.3)
    win.history.verify()
    settle(ctx, 0.5)
    save(win, out, "history" + suffix)

    # 5. settings
    win.show_page("settings")
    settle(ctx, 0.3)
    save(win, out, "settings" + suffix)
    win.close()
    settle(ctx, 0.1)
    import shutil

    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
