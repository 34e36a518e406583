"""The one atomic file writer every layer uses, owner-only folders, and the permission rule for files we
write.

Permissions, one rule (docs/security.md):

- Files the *subject* hands out (grants, revocation notices, refusals, status lists, erasure requests,
  exports, evidence, reports) and every file of the vault are written owner-only (``PRIVATE_MODE``, 0600).
  Several of them hold released values, and the subject passes them on themself; nobody else on the machine
  needs to read them.
- An *organisation*'s public messages (signed requests, trust lists) may be written ``PUBLIC_MODE`` (0644):
  they hold no personal data and are meant to be published. Its keys are always ``PRIVATE_MODE``.

A write either leaves the old file or the complete new one, never a mix: temporary file in the same folder
created with the final mode from the start, fsync, rename, fsync of the folder.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from vault_app.domain.errors import os_error_to_vault_error

PRIVATE_MODE = 0o600
PUBLIC_MODE = 0o644


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


def atomic_write(
    path: str | os.PathLike[str],
    data: bytes | str,
    mode: int = PRIVATE_MODE,
    what: str | None = None,
    *,
    overwrite: bool = True,
    sync_dir: bool = True,
) -> Path:
    """Write ``data`` (text is written as UTF-8) to ``path`` so that a crash leaves either the old file or
    the new one. With ``overwrite`` False an existing file is refused (``FileExistsError`` mapped to a
    ConflictError-like VaultError by :func:`os_error_to_vault_error`). Returns the path written.

    ``sync_dir`` False skips the fsync of the folder after the rename, for a file whose previous version
    is as good as the new one after a power loss (the rename may then be lost, leaving the old file whole:
    the new one's content was fsynced before the rename, so the name never points at a partial file)."""
    target = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd = -1
    tmp = ""
    try:
        import tempfile  # here: most commands write no file, and the import is a few milliseconds

        fd, tmp = tempfile.mkstemp(prefix="." + target.name + ".", suffix=".tmp", dir=target.parent)
        os.fchmod(fd, mode)
        view = memoryview(raw)
        while view:
            n = os.write(fd, view)
            view = view[n:]
        os.fsync(fd)
        os.close(fd)
        fd = -1
        if overwrite:
            os.replace(tmp, target)
        else:
            os.link(tmp, target)  # atomic, and fails if the target exists
            os.unlink(tmp)
        tmp = ""
        if sync_dir:
            fsync_dir(target.parent)
    except OSError as exc:
        raise os_error_to_vault_error(exc, what or f"write {target.name}") from None
    finally:
        if fd >= 0:
            os.close(fd)
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return target
