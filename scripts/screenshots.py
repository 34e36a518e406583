#!/usr/bin/env python3
"""Take screenshots of the desktop app's main screens on a throwaway demo vault, into docs/screenshots/.

Run under a virtual X server for real window rendering:
    xvfb-run -a -s "-screen 0 1280x720x24" .venv/bin/python scripts/screenshots.py [--language zh_CN]
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

from vault_app.services import demo  # noqa: E402
from vault_app.services.settings import SettingsStore  # noqa: E402
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
    w0.resize(1280, 720)
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

    consent = win.consent
    win.resize(1280, 720)
    win.show()
    settle(ctx)
    save(win, out, "unlock" + suffix)
    win.unlock_screen.password.setText(demo.DEMO_PASSWORD)
    win.unlock_screen.unlock()
    settle(ctx, 0.5)
    save(win, out, "home" + suffix)  # with the demo's first-run tour above the page
    win.tour.dismiss()
    settle(ctx, 0.2)

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

    # 3b. importing a contact card: the preview and mapping
    dlg = win.import_data(str(ROOT / "tests" / "data" / "import" / "alex.vcf"))
    settle(ctx, 0.6)
    save(dlg, out, "import-data" + suffix)
    dlg.reject()
    settle(ctx)

    # 4. the consent screens: inbox, the review of a widening re-request, the unknown bank's request,
    # the verification, grants, organisations
    win.show_page("inbox")
    settle(ctx, 0.5)
    save(win, out, "inbox" + suffix)

    def dialog() -> QWidget | None:
        found = [w for w in app.topLevelWidgets() if w.isVisible() and w.windowTitle() and w is not win]
        return found[0] if found else None

    def open_request(pick: object) -> QWidget | None:
        inbox = consent.inbox
        row = next(i for i, r in enumerate(inbox.model.rows) if pick(r.request))  # type: ignore[operator]
        inbox.select_row(row)
        inbox.open_selected()
        settle(ctx, 0.6)
        return dialog()

    from vault_app.domain.model import ReleaseMode

    dlg = open_request(lambda r: r.refines is not None)
    if dlg is not None:
        choices = {c.name: c for c in dlg.choices}  # type: ignore[attr-defined]
        for name in ("email", "given_name", "family_name"):
            choices[name].set_mode(ReleaseMode.EXACT)
        choices["home_address"].set_mode(ReleaseMode.ANONYMISED)
        choices["home_address"].set_method("address.city")
        choices["annual_income"].set_mode(ReleaseMode.ANONYMISED)
        choices["annual_income"].set_method("number.bucket")
        choices["annual_income"].param_inputs["width"].setText("10000")  # type: ignore[attr-defined]
        settle(ctx, 0.8)
        save(dlg, out, "review" + suffix)
        from PySide6.QtWidgets import QScrollArea as _Scroll

        area = dlg.decide_page.findChild(_Scroll)  # type: ignore[attr-defined]
        if area is not None:
            area.verticalScrollBar().setValue(choices["email"].parentWidget().y() - 10)
            settle(ctx, 0.3)
            save(dlg, out, "review-fields" + suffix)
        dlg.show_summary()  # type: ignore[attr-defined]
        settle(ctx, 0.6)
        save(dlg, out, "review-summary" + suffix)
        dlg.reject()
        settle(ctx)
    dlg = open_request(lambda r: r.kind == "authorisation" and r.org_name.startswith("Northwind"))
    if dlg is not None:
        save(dlg, out, "review-unknown" + suffix)
        dlg.reject()
        settle(ctx)
    dlg = open_request(lambda r: r.kind == "verification")
    if dlg is not None:
        save(dlg, out, "verification" + suffix)
        dlg.reject()
        settle(ctx)
    consent.inbox.set_filter("auto")
    settle(ctx, 0.3)
    save(win, out, "inbox-refused" + suffix)
    consent.inbox.set_filter("waiting")
    win.show_page("grants")
    settle(ctx, 0.6)
    save(win, out, "grants" + suffix)
    win.show_page("organisations")
    settle(ctx, 0.5)
    save(win, out, "organisations" + suffix)

    # 5. history, verified
    win.show_page("history")
    settle(ctx, 0.3)
    win.history.verify()
    settle(ctx, 0.5)
    save(win, out, "history" + suffix)

    # 6. settings, and the privacy floor further down
    win.show_page("settings")
    settle(ctx, 0.3)
    save(win, out, "settings" + suffix)
    from PySide6.QtWidgets import QScrollArea

    scroll = win.settings_page.findChild(QScrollArea)
    if scroll is not None:
        scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
        settle(ctx, 0.2)
    save(win, out, "privacy-floor" + suffix)
    win.close()
    settle(ctx, 0.1)
    import shutil

    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
