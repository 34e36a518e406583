"""Composition root: process hardening, logging, and the entry point of the desktop app (``pdvault``)."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping, Sequence

from vault_app.domain.hardening import harden_process


def configure_logging(level: str | None = None) -> None:
    """Logs go to stderr only, and only at WARNING unless asked: no file on disk, never a personal value."""
    lvl = getattr(logging, (level or os.environ.get("PDVAULT_LOG", "WARNING")).upper(), logging.WARNING)
    logging.basicConfig(level=lvl, format="%(levelname)s %(name)s: %(message)s")


def display_problem(env: Mapping[str, str] | None = None, platform: str | None = None) -> str | None:
    """On Linux, why Qt could not show a window here (it would abort with a message about plugins), or
    None.

    Only the two common cases are recognised: no display at all, and an X11 display without the system
    libraries Qt's X11 plugin links to (Qt's own message then blames libxcb-cursor0 whichever one is
    missing). An explicit ``QT_QPA_PLATFORM`` is left to Qt.
    """
    env = os.environ if env is None else env
    if (platform or sys.platform) != "linux" or env.get("QT_QPA_PLATFORM"):
        return None
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return (
            "There is no screen to show the app on (neither DISPLAY nor WAYLAND_DISPLAY is set). Start it "
            "from a desktop session; on a machine without one, ./scripts/run-app.sh starts it on a virtual "
            "screen (Xvfb), and pdvault-cli works without any screen."
        )
    if env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        missing = [pkg for soname, pkg in X11_LIBRARIES.items() if not _loadable(soname)]
        if missing:
            return (
                "Qt needs system libraries to show windows on X11 that are not installed: "
                f"{' '.join(missing)}. "
                f"Install them (sudo apt install {' '.join(missing)}), or run ./scripts/run-app.sh, which "
                "installs what is missing."
            )
    return None


#: the libraries Qt's X11 plugin links to that a minimal Debian or Ubuntu system may lack, by Debian package
X11_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-randr.so.0": "libxcb-randr0",
}


def _loadable(soname: str) -> bool:
    import ctypes

    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def main(argv: Sequence[str] | None = None) -> int:
    harden_process()
    configure_logging()
    problem = display_problem()
    if problem is not None:
        sys.stderr.write(f"pdvault: {problem}\n")
        return 3
    try:
        from vault_app.gui.main import run
    except ImportError as exc:
        sys.stderr.write(f"The desktop app cannot start: {exc}\n")
        return 1
    return run(list(sys.argv[1:] if argv is None else argv))
