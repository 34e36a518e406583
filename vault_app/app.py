"""Composition root: process hardening, logging, and the entry point of the desktop app (``pdvault``)."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Sequence


def harden_process() -> None:
    """No core dumps (they would hold decrypted values) and owner-only permissions for every file we create."""
    os.umask(0o077)
    with contextlib.suppress(Exception):
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    with contextlib.suppress(Exception):
        import ctypes

        PR_SET_DUMPABLE = 4
        ctypes.CDLL(None).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


def configure_logging(level: str | None = None) -> None:
    """Logs go to stderr only, and only at WARNING unless asked: no file on disk, never a personal value."""
    lvl = getattr(logging, (level or os.environ.get("PDVAULT_LOG", "WARNING")).upper(), logging.WARNING)
    logging.basicConfig(level=lvl, format="%(levelname)s %(name)s: %(message)s")


def main(argv: Sequence[str] | None = None) -> int:
    harden_process()
    configure_logging()
    try:
        from vault_app.gui.main import run
    except ImportError as exc:
        sys.stderr.write(f"The desktop app cannot start: {exc}\n")
        return 1
    return run(list(sys.argv[1:] if argv is None else argv))
