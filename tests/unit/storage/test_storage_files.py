"""Atomic writes under injected faults: the old file survives whole, no temp file is left, the message is
specific. Private folders."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from vault_app.domain import files
from vault_app.domain.errors import EnvironmentFault, NotFoundError
from vault_app.domain.files import atomic_write, ensure_private_dir


def _leftovers(d: Path) -> list[str]:
    return [p.name for p in d.iterdir() if p.name.endswith(".tmp")]


def test_atomic_write_replaces_and_is_private(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        p = tmp_path / "f.json"
        atomic_write(p, b"one")
        atomic_write(p, b"two" * 100000)
        assert p.read_bytes() == b"two" * 100000
        assert stat.S_IMODE(p.stat().st_mode) == 0o600
        atomic_write(tmp_path / "g", b"x", mode=0o640)
        assert stat.S_IMODE((tmp_path / "g").stat().st_mode) == 0o640
        assert _leftovers(tmp_path) == []
    finally:
        os.umask(old)


@pytest.mark.parametrize(
    "err,reason",
    [
        (errno.ENOSPC, "disk-full"),
        (errno.EDQUOT, "disk-full"),
        (errno.EROFS, "read-only"),
        (errno.EACCES, "permission-denied"),
        (errno.EIO, "os-error"),
    ],
)
@pytest.mark.parametrize("where", ["write-first", "write-later", "fsync", "replace", "mkstemp"])
def test_a_failure_part_way_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, err: int, reason: str, where: str
) -> None:
    p = tmp_path / "vault.key"
    p.write_bytes(b"the previous, good content")
    calls = {"write": 0}
    real_write = os.write

    def write(fd: int, data) -> int:  # type: ignore[no-untyped-def]
        calls["write"] += 1
        if where == "write-first" or (where == "write-later" and calls["write"] > 1):
            raise OSError(err, os.strerror(err))
        return real_write(fd, bytes(data)[:1000])  # short writes: atomic_write must loop

    def fail(*a, **k):  # type: ignore[no-untyped-def]
        raise OSError(err, os.strerror(err))

    monkeypatch.setattr(files.os, "write", write)
    if where == "fsync":
        monkeypatch.setattr(files.os, "fsync", fail)
    elif where == "replace":
        monkeypatch.setattr(files.os, "replace", fail)
    elif where == "mkstemp":
        monkeypatch.setattr("tempfile.mkstemp", fail)
    with pytest.raises(EnvironmentFault) as ei:
        atomic_write(p, b"N" * 5000, what="save the new password")
    monkeypatch.undo()
    assert ei.value.reason == reason
    assert "save the new password" in ei.value.message
    if reason in ("disk-full", "read-only"):
        assert "Nothing was changed" in ei.value.message
    assert p.read_bytes() == b"the previous, good content"
    assert _leftovers(tmp_path) == []


def test_missing_folder_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        atomic_write(tmp_path / "no" / "such" / "file", b"x", what="write the backup")


def test_ensure_private_dir_tightens_an_existing_folder(tmp_path: Path) -> None:
    d = tmp_path / "a" / "b"
    d.mkdir(parents=True, mode=0o755)
    os.chmod(d, 0o755)
    ensure_private_dir(d)
    assert stat.S_IMODE(d.stat().st_mode) == 0o700
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(EnvironmentFault):
        ensure_private_dir(f / "sub")  # a file in the way
