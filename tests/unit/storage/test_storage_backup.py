"""Backups: create and restore elsewhere, refusal to overwrite, and each kind of bad backup file."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest

from vault_app.domain.errors import AuthError, ConflictError, EnvironmentFault, IntegrityError
from vault_app.history.kinds import EventKind
from vault_app.services.vault import VaultService
from vault_app.storage import backup as bk
from vaulttools import TEST_PASSWORD


@pytest.fixture
def backup_file(make_service, tmp_path: Path) -> tuple[Path, str]:
    svc = make_service(tmp_path / "original")
    for i in range(50):
        svc.add_field(f"f{i}", "text", "other", f"value {i}")
    did = svc.subject_did
    path = svc.create_backup(tmp_path / "vault.pdvbackup")
    svc.add_field("after_backup", "text", "other", "not in the backup")
    svc.lock()
    return path, did


def _restore(path: Path, target: Path, **kw) -> VaultService:  # type: ignore[no-untyped-def]
    return VaultService.restore_backup(path, target, TEST_PASSWORD, **kw)


def test_restore_on_another_folder(backup_file: tuple[Path, str], tmp_path: Path) -> None:
    path, did = backup_file
    raw = path.read_bytes()
    assert raw.startswith(bk.MAGIC) and b"value 1" not in raw  # encrypted
    svc = _restore(path, tmp_path / "elsewhere" / "vault")
    try:
        assert svc.subject_did == did
        assert svc.field_count() == 50 and svc.get_field("f49").value == "value 49"
        kinds = [e.kind for e in svc.history_page(limit=2)]
        assert kinds == [EventKind.VAULT_RESTORED, EventKind.FIELD_ADDED]
        assert svc.verify_history().ok and svc.db.integrity_check() == []
    finally:
        svc.lock()
    again = VaultService(tmp_path / "elsewhere" / "vault")  # and it opens normally afterwards
    again.unlock(TEST_PASSWORD)
    again.lock()


def test_restore_refuses_to_overwrite_without_force(backup_file: tuple[Path, str], tmp_path: Path) -> None:
    path, _ = backup_file
    original = tmp_path / "original"
    before = {p.name: p.read_bytes() for p in original.iterdir() if p.is_file()}
    with pytest.raises(ConflictError) as ei:
        _restore(path, original)
    assert ei.value.reason == "vault-exists" and "--force" in ei.value.message
    assert {p.name: p.read_bytes() for p in original.iterdir() if p.is_file()} == before
    svc = _restore(path, original, force=True)
    try:
        assert svc.field_count() == 50  # the later field is gone: the backup is what was asked for
    finally:
        svc.lock()
    aside = [p for p in original.iterdir() if p.is_dir() and p.name.startswith("replaced-")]
    assert len(aside) == 1 and (aside[0] / "vault.key").read_bytes() == before["vault.key"]
    assert (aside[0] / "vault.db").exists()


def test_restore_refuses_a_vault_that_is_open(backup_file: tuple[Path, str], tmp_path: Path) -> None:
    path, _ = backup_file
    open_svc = VaultService(tmp_path / "original")
    open_svc.unlock(TEST_PASSWORD)
    try:
        before = (tmp_path / "original" / "vault.db").read_bytes()
        with pytest.raises(EnvironmentFault) as ei:
            _restore(path, tmp_path / "original", force=True)
        assert ei.value.reason == "vault-in-use"
        assert (tmp_path / "original" / "vault.db").read_bytes() == before
        assert open_svc.field_count() == 51
    finally:
        open_svc.lock()


def test_wrong_password(backup_file: tuple[Path, str], tmp_path: Path) -> None:
    with pytest.raises(AuthError):
        VaultService.restore_backup(backup_file[0], tmp_path / "x", "not the password")
    assert not (tmp_path / "x").exists()


def _split(raw: bytes) -> tuple[dict, bytes]:
    (n,) = struct.unpack(">I", raw[len(bk.MAGIC) : len(bk.MAGIC) + 4])
    start = len(bk.MAGIC) + 4
    return json.loads(raw[start : start + n]), raw[start + n :]


def _join(manifest: dict, db: bytes) -> bytes:
    m = json.dumps(manifest, sort_keys=True).encode()
    return bk.MAGIC + struct.pack(">I", len(m)) + m + db


def _bad_variants(raw: bytes) -> dict[str, tuple[bytes, str]]:
    manifest, db = _split(raw)
    flipped = bytearray(db)
    flipped[len(db) // 2] ^= 1
    forged_db = bytearray(db)
    forged_db[100] ^= 1
    import hashlib

    return {
        "not-a-backup": (b"hello world", "not-a-backup"),
        "empty": (b"", "not-a-backup"),
        "header-cut": (raw[: len(bk.MAGIC) + 10], "backup-corrupt"),
        "manifest-garbage": (bk.MAGIC + struct.pack(">I", 20) + b"\xff" * 20 + db, "backup-corrupt"),
        "manifest-huge": (bk.MAGIC + struct.pack(">I", 10**9) + raw[len(bk.MAGIC) + 4 :], "backup-corrupt"),
        "truncated": (raw[:-1000], "backup-truncated"),
        "extended": (raw + b"\0" * 10, "backup-truncated"),
        "bit-flip": (_join(manifest, bytes(flipped)), "backup-corrupt"),
        # an attacker who also fixes the checksum is caught by the MAC once the password opens the data key
        "forged-db": (
            _join(dict(manifest, db_sha256=hashlib.sha256(bytes(forged_db)).hexdigest()), bytes(forged_db)),
            "backup-forged",
        ),
        "forged-head": (_join(dict(manifest, head=None), db), "backup-forged"),
        "forged-date": (_join(dict(manifest, created_ms=1), db), "backup-forged"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "not-a-backup",
        "empty",
        "header-cut",
        "manifest-garbage",
        "manifest-huge",
        "truncated",
        "extended",
        "bit-flip",
        "forged-db",
        "forged-head",
        "forged-date",
    ],
)
def test_bad_backups_get_their_specific_error(
    backup_file: tuple[Path, str], tmp_path: Path, case: str
) -> None:
    raw = backup_file[0].read_bytes()
    content, reason = _bad_variants(raw)[case]
    bad = tmp_path / "bad.pdvbackup"
    bad.write_bytes(content)
    with pytest.raises(IntegrityError) as ei:
        _restore(bad, tmp_path / "target")
    assert ei.value.reason == reason, ei.value.message
    assert not (tmp_path / "target" / "vault.db").exists()  # nothing restored


def test_backup_is_recorded_only_when_written(make_service, tmp_path: Path) -> None:
    from vault_app.domain.errors import NotFoundError

    svc = make_service()
    n = svc.history_count()
    with pytest.raises(NotFoundError):
        svc.create_backup(tmp_path / "no-such-folder" / "b.pdvbackup")
    assert svc.history_count() == n
    svc.create_backup(tmp_path / "b.pdvbackup")
    e = svc.history_page(limit=1)[0]
    assert e.kind == EventKind.BACKUP_CREATED and e.data == {"file": "b.pdvbackup"}


def test_backup_of_a_missing_file(tmp_path: Path) -> None:
    from vault_app.domain.errors import NotFoundError

    with pytest.raises(NotFoundError):
        _restore(tmp_path / "nope.pdvbackup", tmp_path / "t")


def test_backup_of_a_rekeyed_vault_restores(make_service, tmp_path: Path) -> None:
    svc = make_service()
    svc.add_field("a", "text", "other", "1")
    svc.rekey(TEST_PASSWORD)
    svc.create_backup(tmp_path / "b.pdvbackup")
    svc.lock()
    r = _restore(tmp_path / "b.pdvbackup", tmp_path / "r")
    assert r.get_field("a").value == "1"
    r.lock()
