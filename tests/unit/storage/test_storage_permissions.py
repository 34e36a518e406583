"""Owner-only permissions on everything the vault writes, whatever the process umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from vault_app.services.vault import VaultService
from vaulttools import TEST_PASSWORD


@pytest.fixture
def loose_umask() -> Iterator[None]:
    old = os.umask(0o022)  # what most desktops use: files 0644 unless we say otherwise
    yield
    os.umask(old)


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_vault_folder_and_files(loose_umask: None, make_service, tmp_path: Path) -> None:
    svc = make_service(tmp_path / "deep" / "vault")
    svc.add_field("a", "text", "other", "1")  # the WAL and its index exist now
    d = svc.vault_dir
    names = {p.name for p in d.iterdir()}
    assert {"vault.key", "vault.db", "vault.db-wal", "vault.db-shm", "head.json", "vault.lock"} <= names
    assert _mode(d) == 0o700
    for p in d.iterdir():
        assert _mode(p) == 0o600, p.name

    backup = svc.create_backup(tmp_path / "b.pdvbackup")
    assert _mode(backup) == 0o600
    sig = svc.export_history(tmp_path / "h.csv", "csv")
    assert _mode(tmp_path / "h.csv") == 0o600 and _mode(sig) == 0o600
    svc.change_password(TEST_PASSWORD, "another fine passphrase")
    svc.rekey("another fine passphrase")
    for p in d.iterdir():
        assert _mode(p) == 0o600, p.name
    assert not [p.name for p in d.iterdir() if ".backup-copy" in p.name]  # the temporary copy is gone
    svc.lock()

    # reopened after the WAL and its index were removed on close: recreated private
    again = VaultService(d)
    again.unlock("another fine passphrase")
    again.add_field("b", "text", "other", "2")
    for p in d.iterdir():
        assert _mode(p) == 0o600, p.name
    again.lock()


def test_restore_makes_a_private_folder(loose_umask: None, make_service, tmp_path: Path) -> None:
    svc = make_service()
    svc.create_backup(tmp_path / "b.pdvbackup")
    svc.lock()
    target = tmp_path / "restored"
    r = VaultService.restore_backup(tmp_path / "b.pdvbackup", target, TEST_PASSWORD)
    try:
        r.add_field("a", "text", "other", "1")
        assert _mode(target) == 0o700
        for p in target.iterdir():
            assert _mode(p) == 0o600, p.name
    finally:
        r.lock()
    # restoring over an existing vault with --force keeps the old files aside, still private
    r2 = VaultService.restore_backup(tmp_path / "b.pdvbackup", target, TEST_PASSWORD, force=True)
    r2.lock()
    aside = [p for p in target.iterdir() if p.name.startswith("replaced-")]
    assert len(aside) == 1 and _mode(aside[0]) == 0o700
    assert list(aside[0].iterdir()) and all(_mode(p) == 0o600 for p in aside[0].iterdir())
    for p in target.iterdir():
        if p.is_dir():
            continue
        assert _mode(p) == 0o600, p.name
