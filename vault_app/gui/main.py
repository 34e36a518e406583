"""Start the desktop app: ``run(argv)`` parses the arguments, sets up Qt (names, icon, translations) and
shows the main window. ``--demo`` opens a throwaway vault with invented data that is deleted on exit."""

from __future__ import annotations

import argparse
import contextlib
import logging
import shutil
import signal
import sys
import tempfile
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from vault_app import __version__
from vault_app.domain import paths
from vault_app.services.settings import SettingsStore

if TYPE_CHECKING:
    from vault_app.gui.shell import WindowHost

log = logging.getLogger(__name__)

APP_NAME = "Personal Data Vault"
ORG_DOMAIN = "pdvault.org"
DESKTOP_FILE = "org.pdvault.PersonalDataVault"


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="pdvault",
        description="Personal Data Vault: your personal data, "
        "encrypted on your computer, released only with your consent.",
    )
    p.add_argument(
        "--vault",
        metavar="DIR",
        help="the vault folder (default: the platform's data folder, or $PDVAULT_HOME)",
    )
    p.add_argument(
        "--demo",
        action="store_true",
        help="open a throwaway vault filled with invented sample data (deleted on exit)",
    )
    p.add_argument(
        "--lang",
        metavar="LANG",
        choices=["en", "zh_CN"],
        help="the language of the app for this run: en (English) or zh_CN (简体中文); default: "
        "the one chosen in Settings, else the desktop's (LANGUAGE, LC_ALL, LC_MESSAGES, LANG)",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("items", nargs="*", metavar="FILE|pdv:LINK", help="request files or pdv: links to import")
    return p.parse_args(argv)


def app_icon() -> QIcon:
    """The application icon from the package's resources, or a standard one if the files are missing."""
    icons = resources.files("vault_app") / "resources" / "icons"
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        png = icons / f"app-{size}.png"
        if png.is_file():
            icon.addFile(str(png))
    svg = icons / "app.svg"
    if icon.isNull() and svg.is_file():
        icon = QIcon(str(svg))
    if icon.isNull():
        from PySide6.QtWidgets import QStyle  # only here: its many enums cost the first window (issue 15)

        style = QApplication.style()
        if style is not None:
            icon = style.standardIcon(QStyle.StandardPixmap.SP_DriveHDIcon)
    return icon


def _check_qt_binding() -> str | None:
    """PySide6 6.12.0 drops a reference to None on every call that returns nothing; on Python < 3.12 (where
    None is reference-counted) the app then crashes after some thousands of calls."""
    import PySide6

    if sys.version_info < (3, 12) and tuple(PySide6.__version_info__[:3]) == (6, 12, 0):
        return (
            "PySide6 6.12.0 has a reference-counting bug that crashes the app on Python "
            f"{sys.version_info.major}.{sys.version_info.minor}. Install pyside6-essentials 6.11.3 "
            "(or use Python 3.12 or newer)."
        )
    return None


def run(argv: list[str]) -> int:
    problem = _check_qt_binding()
    if problem:
        sys.stderr.write(problem + "\n")
        return 1
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setOrganizationDomain(ORG_DOMAIN)
    QCoreApplication.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName(DESKTOP_FILE)
    existing = QApplication.instance()
    if isinstance(existing, QApplication):  # embedded (tests): use the running application as it is
        app, args = existing, parse_args(argv)
    else:
        app = QApplication([sys.argv[0] if sys.argv else "pdvault", *argv])
        args = parse_args(app.arguments()[1:])  # Qt has removed its own options (-platform, -style...)
    app.setWindowIcon(app_icon())

    settings = SettingsStore.default(persist=not args.demo)

    from vault_app.gui.context import AppContext
    from vault_app.gui.shell import WindowHost

    demo_dir: Path | None = None
    try:
        if args.demo:
            from vault_app.services import demo
            from vault_app.services.api import minimum_params

            demo_dir = Path(tempfile.mkdtemp(prefix="pdvault-demo-"))
            demo.create_demo_vault(demo_dir / "vault").lock()
            ctx = AppContext(
                demo_dir / "vault",
                settings,
                kdf_factory=lambda _t, _p: minimum_params(),
                demo_password=demo.DEMO_PASSWORD,
            )
        else:
            ctx = AppContext(paths.resolve_vault_dir(args.vault), settings)
        # the window in the chosen language; the host builds it again when the language changes in Settings
        host = WindowHost(app, ctx, override=args.lang)
        # however the app ends (window closed, session logout, quit()), the vault is locked first
        app.aboutToQuit.connect(ctx.shutdown)
        if args.items:
            host.window.import_paths(args.items)
        host.window.show()
        _quit_on_sigint(host)
        return app.exec()
    finally:
        if demo_dir is not None:
            shutil.rmtree(demo_dir, ignore_errors=True)


def _quit_on_sigint(host: WindowHost) -> None:
    """Ctrl+C in the terminal, and SIGTERM (what a desktop sends at logout), close the window normally, so
    the vault is locked and a demo vault deleted rather than abandoned."""
    with contextlib.suppress(ValueError):  # not the main thread (embedded use): leave signals alone
        signal.signal(signal.SIGINT, lambda *_: host.window.close())
        signal.signal(signal.SIGTERM, lambda *_: host.window.close())
        # Python only runs signal handlers between bytecodes: wake it up now and then.
        timer = QTimer(host)
        timer.timeout.connect(lambda: None)
        timer.start(500)
