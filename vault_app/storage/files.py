"""Owner-only folders and atomic file writes (temp file, fsync, rename, fsync the folder)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from vault_app.domain.errors import os_error_to_vault_error


def ensure_private_dir(path: Path) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(path, 0o700)
    except OSError as exc:
        raise os_error_to_vault_error(exc, f"create the folder {path}") from None


def fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write(path: Path, data: bytes, mode: int = 0o600, what: str | None = None) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old file or the new one, never a mix."""
    path = Path(path)
    fd = -1
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(prefix="." + path.name + ".", suffix=".tmp", dir=path.parent)
        os.fchmod(fd, mode)
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            view = view[n:]
        os.fsync(fd)
        os.close(fd)
        fd = -1
        os.replace(tmp, path)
        tmp = ""
        fsync_dir(path.parent)
    except OSError as exc:
        raise os_error_to_vault_error(exc, what or f"write {path.name}") from None
    finally:
        if fd >= 0:
            os.close(fd)
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
