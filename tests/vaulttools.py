"""Helpers shared by the unit tests and the harnesses (importable because ``tests/`` holds the root
conftest).

Kept out of ``conftest.py`` so that harness subprocess scripts can import them too.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from vault_app.crypto.kdf import minimum_params
from vault_app.services.vault import VaultService

#: the master password of every test vault (and of the committed fixture vaults)
TEST_PASSWORD = "correct horse battery staple"

#: PDV_FULL=1 runs the long versions of harnesses and property tests
FULL = os.environ.get("PDV_FULL") == "1"


def reopen(svc: VaultService, password: str = TEST_PASSWORD) -> VaultService:
    """Lock ``svc`` and return a fresh service on the same folder, unlocked with the password."""
    svc.lock()
    again = VaultService(svc.vault_dir, clock=svc.clock, kdf_factory=lambda progress: minimum_params())
    again.unlock(password)
    return again


def vault_files(vault_dir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(vault_dir.iterdir()) if p.is_file()}


def canary_forms(canary: str) -> list[bytes]:
    """Byte patterns under which a canary could appear on disk: UTF-8, UTF-16 (both orders), base64 of the
    UTF-8 bytes at each of the three alignments, and URL-safe base64."""
    raw = canary.encode("utf-8")
    forms = [raw, canary.encode("utf-16-le"), canary.encode("utf-16-be")]
    for shift in range(3):
        # base64 of the canary embedded at any offset: drop the edge characters that depend on neighbours
        enc = base64.b64encode(b"\0" * shift + raw)
        core = enc[(shift * 4 + 2) // 3 + 1 : -4 or None]
        if len(core) >= 8:
            forms.append(core)
            forms.append(core.replace(b"+", b"-").replace(b"/", b"_"))
    return forms


def walk_files(roots: Iterable[Path]) -> Iterator[Path]:
    for root in roots:
        if root.is_file():
            yield root
            continue
        if not root.exists():
            continue
        for dirpath, _dirs, files in os.walk(root):
            for name in files:
                p = Path(dirpath) / name
                if p.is_file() and not p.is_symlink():
                    yield p


def scan_for_canaries(
    roots: Iterable[Path], canaries: Iterable[str], allow: Iterable[Path] = ()
) -> list[tuple[Path, str]]:
    """Every (file, canary) where some form of a canary occurs in a file under ``roots`` (except
    ``allow``)."""
    allowed = {Path(a).resolve() for a in allow}
    patterns = [(c, f) for c in canaries for f in canary_forms(c)]
    hits: list[tuple[Path, str]] = []
    for p in walk_files(roots):
        if p.resolve() in allowed:
            continue
        try:
            data = p.read_bytes()
        except OSError:
            continue  # a file that vanished (another process's temp file) or that we may not read
        low = data.lower()
        for canary, form in patterns:
            if form in data or form.lower() in low:
                hits.append((p, canary))
                break
    return hits


class MountRefused(RuntimeError):
    """A small filesystem cannot be mounted here (not root, or no permission in this container)."""


def mount_tmpfs(path: Path, size: str) -> None:
    """Mount a tmpfs of ``size`` (e.g. "1m") on ``path``; raises MountRefused when that is not permitted."""
    import subprocess

    if os.geteuid() != 0:
        raise MountRefused("mounting a small filesystem needs root (run the suite as root or in a container)")
    path.mkdir(parents=True, exist_ok=True)
    r = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if r.returncode != 0:
        raise MountRefused(f"mount -t tmpfs was refused here: {r.stderr.strip() or r.returncode}")


def remount_read_only(path: Path) -> None:
    import subprocess

    subprocess.run(["mount", "-o", "remount,ro", str(path)], check=True, capture_output=True)


def unmount(path: Path) -> None:
    import subprocess

    subprocess.run(["umount", "-l", str(path)], capture_output=True, check=False)
