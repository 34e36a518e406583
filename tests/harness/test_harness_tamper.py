"""Tampering (issue 6, item 3): single-byte changes at random offsets of the database and of a WAL left by
a crash, older copies swapped in, and history entries edited in place.

Nothing may be read silently different: every change is either refused on unlock, refused on read, reported
by ``history verify``, reported by the integrity check, or (for bytes the database never uses, such as
stale WAL frames) has no effect at all. Quick: 150 database offsets, 60 WAL offsets; PDV_FULL=1: 5,000 and
1,000.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from harnesslib import child_env, report, scale

from vault_app.crypto.kdf import minimum_params
from vault_app.domain.errors import IntegrityError, VaultError
from vault_app.services.vault import VaultService
from vault_app.storage.repositories import history as hstore
from vaulttools import TEST_PASSWORD


def _snapshot(svc: VaultService) -> dict[str, Any]:
    return {
        "fields": {f.name: (f.type.value, f.category.value, f.value) for f in svc.list_fields(limit=100000)},
        "head": svc.history.head(),
        "entries": svc.history_count(),
    }


def _probe(vault: Path, key: tuple[Any, Any], expected: dict[str, Any]) -> str:
    """Open with the data key and read everything. Returns how the damage showed: 'unlock', 'read',
    'verify', 'integrity', 'no-effect' (identical and clean) or 'SILENT' (different data, no report)."""
    svc = VaultService(vault)
    try:
        svc.unlock_with_keys(*key)
    except VaultError:
        return "unlock"
    try:
        try:
            got = _snapshot(svc)
        except VaultError:
            return "read"
        report_ = svc.verify_history()
        problems = svc.db.integrity_check()
        if not report_.ok:
            return "verify"
        if problems:
            return "integrity"
        return "no-effect" if got == expected else "SILENT"
    finally:
        svc.lock()


def _build(vault: Path, n_fields: int, n_events: int) -> tuple[tuple[Any, Any], dict[str, Any]]:
    svc = VaultService(vault, kdf_factory=lambda p: minimum_params())
    svc.create(TEST_PASSWORD)
    rng = random.Random(1)
    for i in range(n_fields):
        svc.add_field(
            f"field{i:04}",
            "text",
            rng.choice(["identity", "contact", "health", "other"]),
            os.urandom(rng.randrange(4, 120)).hex(),
        )
    with svc.transaction("bulk") as c:
        svc.history.append_many(
            c, (("test.event", None, f"field{i % n_fields:04}", None, {"i": i}) for i in range(n_events))
        )
    key = svc.current_keys()
    expected = _snapshot(svc)
    svc.lock()
    return key, expected


def test_single_byte_changes_in_the_database(tmp_path: Path) -> None:
    trials = scale(150, 5000)
    vault = tmp_path / "vault"
    key, expected = _build(vault, 200, 3000)
    db = vault / "vault.db"
    orig = db.read_bytes()
    head_json = (vault / "head.json").read_bytes()
    rng = random.Random(7)
    outcomes: dict[str, int] = {}
    silent = []
    for _ in range(trials):
        off = rng.randrange(len(orig))
        bad = bytearray(orig)
        bad[off] ^= rng.randrange(1, 256)
        db.write_bytes(bytes(bad))
        for extra in ("vault.db-wal", "vault.db-shm"):
            (vault / extra).unlink(missing_ok=True)
        (vault / "head.json").write_bytes(head_json)  # lock() may have refreshed it
        how = _probe(vault, key, expected)
        outcomes[how] = outcomes.get(how, 0) + 1
        if how in ("SILENT", "no-effect"):  # in the database file every byte is covered by a page HMAC
            silent.append(off)
    db.write_bytes(orig)
    report(
        f"tamper-db: {trials} single-byte changes in a {len(orig) // 1024} KiB database, "
        f"{trials - len(silent)} detected, {len(silent)} undetected ({_fmt(outcomes)})"
    )
    assert silent == [], f"changes at these offsets went unnoticed: {silent[:20]}"


def _fmt(outcomes: dict[str, int]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in sorted(outcomes.items()))


_CRASH = r"""
import os, signal, sys
sys.path[:0] = sys.argv[3:5]
from vault_app.services.vault import VaultService
from vault_app.crypto.kdf import minimum_params
svc = VaultService(sys.argv[1], kdf_factory=lambda p: minimum_params())
svc.unlock(sys.argv[2])
for i in range(40):
    svc.set_field(f"late{i}", "text", "other", os.urandom(40).hex())
os.kill(os.getpid(), signal.SIGKILL)  # no checkpoint: the latest commits live only in the WAL
"""


def test_single_byte_changes_in_the_wal_of_a_crashed_vault(tmp_path: Path) -> None:
    trials = scale(60, 1000)
    vault = tmp_path / "vault"
    key, _ = _build(vault, 50, 500)
    tests_dir = Path(__file__).resolve().parents[1]
    r = subprocess.run(
        [sys.executable, "-c", _CRASH, str(vault), TEST_PASSWORD, str(tests_dir.parent), str(tests_dir)],
        env=child_env(),
        capture_output=True,
        check=False,
    )
    assert r.returncode == -signal.SIGKILL, r.stderr.decode()[-2000:]
    saved = {n: (vault / n).read_bytes() for n in ("vault.db", "vault.db-wal", "head.json")}
    assert len(saved["vault.db-wal"]) > 0
    # what the vault holds when nothing was touched
    probe_dir = tmp_path / "clean"
    shutil.copytree(vault, probe_dir)
    clean = VaultService(probe_dir)
    clean.unlock_with_keys(*key)
    expected = _snapshot(clean)
    clean.lock()
    assert len([n for n in expected["fields"] if n.startswith("late")]) == 40

    rng = random.Random(11)
    outcomes: dict[str, int] = {}
    silent = []
    wal = saved["vault.db-wal"]
    for _ in range(trials):
        off = rng.randrange(len(wal))
        bad = bytearray(wal)
        bad[off] ^= rng.randrange(1, 256)
        for n, content in saved.items():
            (vault / n).write_bytes(content)
        (vault / "vault.db-wal").write_bytes(bytes(bad))
        (vault / "vault.db-shm").unlink(missing_ok=True)
        how = _probe(vault, key, expected)
        outcomes[how] = outcomes.get(how, 0) + 1
        if how == "SILENT":
            silent.append(off)
    report(
        f"tamper-wal: {trials} single-byte changes in the WAL of a crashed vault, {len(silent)} silently "
        f"read ({_fmt(outcomes)})"
    )
    assert silent == [], f"changes at these WAL offsets were read silently: {silent[:20]}"


def test_older_copies_swapped_in(tmp_path: Path) -> None:
    snaps = scale(6, 40)
    vault = tmp_path / "vault"
    svc = VaultService(vault, kdf_factory=lambda p: minimum_params())
    svc.create(TEST_PASSWORD)
    rng = random.Random(3)
    copies = []
    for s in range(snaps):
        for i in range(rng.randrange(1, 5)):
            svc.set_field(f"f{s}_{i}", "text", "other", os.urandom(20).hex())
        d = tmp_path / f"snap{s}"
        d.mkdir()
        open_copy = rng.random() < 0.5  # half taken while the vault is open (WAL and all), half after closing
        if not open_copy:
            svc.lock()
        for n in ("vault.db", "vault.db-wal"):
            if (vault / n).exists():
                shutil.copy2(vault / n, d / n)
        copies.append(d)
        if not open_copy:
            svc = VaultService(vault)
            svc.unlock(TEST_PASSWORD)
    svc.set_field("last", "text", "other", "x")
    key = svc.current_keys()
    svc.lock()
    current = {n: (vault / n).read_bytes() for n in ("vault.db", "head.json")}
    detected = 0
    for d in copies:
        for n in ("vault.db", "vault.db-wal", "vault.db-shm"):
            (vault / n).unlink(missing_ok=True)
            if (d / n).exists():
                shutil.copy2(d / n, vault / n)
        with pytest.raises(IntegrityError) as ei:
            VaultService(vault).unlock_with_keys(*key)
        assert ei.value.reason == "rollback"
        detected += 1
    for n, content in current.items():
        (vault / n).write_bytes(content)
    for n in ("vault.db-wal", "vault.db-shm"):
        (vault / n).unlink(missing_ok=True)
    current_svc = VaultService(vault)
    current_svc.unlock_with_keys(*key)  # and the current database still opens
    current_svc.lock()
    report(f"tamper-rollback: {detected} of {len(copies)} older copies of the database detected")


def test_history_entries_edited_in_place_are_named(tmp_path: Path) -> None:
    trials = scale(30, 300)
    vault = tmp_path / "vault"
    key, _ = _build(vault, 20, 2500)
    svc = VaultService(vault)
    svc.unlock_with_keys(*key)
    rng = random.Random(5)
    named = 0
    try:
        n = svc.history_count()
        for _ in range(trials):
            seq = rng.randrange(1, n + 1)
            col, val = rng.choice(
                [
                    ("data", '{"i":-1}'),
                    ("kind", "field.deleted"),
                    ("field", "other"),
                    ("ts_ms", 0),
                    ("org", "did:web:x"),
                    ("purpose", "p"),
                ]
            )
            row = svc.db.query_one(f"SELECT {hstore.ROW} FROM history WHERE seq = ?", (seq,))
            with svc.db.transaction() as c:
                c.execute(f"UPDATE history SET {col} = ? WHERE seq = ?", (val, seq))
            r = svc.history.verify()
            if r.ok or r.first_bad_seq != seq:
                # the same value may already have been there: then nothing was changed
                same = str(row[hstore.ROW.split(", ").index(col)]) == str(val)
                assert same, (seq, col, r)
            else:
                named += 1
            with svc.db.transaction() as c:  # put it back
                c.execute(
                    f"UPDATE history SET {hstore.ROW.replace(', ', ' = ?, ')} = ? WHERE seq = ?", (*row, seq)
                )
        assert svc.history.verify().ok
    finally:
        svc.lock()
    report(
        f"tamper-history: {named} of {trials} entries edited in place named by verify "
        f"(the others were set to the value they already had)"
    )
