"""Process hygiene that every entry point (the desktop app, both command lines) applies before anything
else."""

from __future__ import annotations

import contextlib
import os


def harden_process() -> None:
    """No core dumps (they would hold decrypted values) and owner-only permissions for every file we
    create."""
    os.umask(0o077)
    with contextlib.suppress(Exception):
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    with contextlib.suppress(Exception):
        import ctypes

        PR_SET_DUMPABLE = 4
        ctypes.CDLL(None).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
