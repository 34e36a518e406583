"""The SQLCipher connection: hardening pragmas, numbered migrations, the fixture vault of every schema
version, error mapping, transactions that leave the previous state intact."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from vault_app.domain.errors import EnvironmentFault, IntegrityError
from vault_app.services.vault import VaultService
from vault_app.storage import db as dbmod
from vault_app.storage.db import Database, map_db_error
from vault_app.storage.migrations import latest_version, migrations

FIXTURES = Path(__file__).resolve().parents[2] / "data" / "vaults"


def _schema(db: Database) -> dict[str, str]:
    rows = db.query(
        "SELECT type || ':' || name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY 1"
    )
    return {r[0]: " ".join((r[1] or "").split()) for r in rows}


def test_hardening_pragmas(tmp_path: Path) -> None:
    db = Database(tmp_path / "x.db", os.urandom(32), create=True)
    try:

        def one(sql: str) -> object:
            return db.query_one(sql)[0]

        assert one("PRAGMA journal_mode") == "wal"
        assert one("PRAGMA synchronous") == 2  # FULL
        assert one("PRAGMA temp_store") == 2  # MEMORY
        assert one("PRAGMA secure_delete") == 1
        assert one("PRAGMA foreign_keys") == 1
        assert one("PRAGMA cipher_version")  # it really is SQLCipher
        # decided from measurement and the threat model (docs/security.md, "Memory"): off
        assert str(one("PRAGMA cipher_memory_security")) == "0"
    finally:
        db.close()
    assert (tmp_path / "x.db").read_bytes()[:16] != b"SQLite format 3\x00"  # encrypted from the first page


def test_wrong_raw_key_and_bad_key_length(tmp_path: Path) -> None:
    key = os.urandom(32)
    db = Database(tmp_path / "x.db", key, create=True)
    db.migrate()
    db.close()
    with pytest.raises(IntegrityError) as ei:
        Database(tmp_path / "x.db", os.urandom(32))
    assert ei.value.reason == "database-corrupt"
    with pytest.raises(ValueError):
        Database(tmp_path / "x.db", b"short")
    with pytest.raises(IntegrityError) as ei:
        Database(tmp_path / "missing.db", key)
    assert ei.value.reason == "database-missing"


def test_migrations_are_numbered_and_apply_in_order(tmp_path: Path) -> None:
    ms = migrations()
    assert [v for v, _, _ in ms] == list(range(1, len(ms) + 1))
    assert latest_version() == len(ms)
    db = Database(tmp_path / "x.db", os.urandom(32), create=True)
    try:
        assert db.schema_version == 0
        assert db.migrate(target=1) == 1
        assert "table:fields" in _schema(db) and "table:grants" not in _schema(db)
        assert db.migrate() == latest_version()
        assert db.migrate() == latest_version()  # idempotent
    finally:
        db.close()


def test_a_failing_migration_leaves_the_previous_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = Database(tmp_path / "x.db", os.urandom(32), create=True)
    try:
        db.migrate(target=1)
        before = _schema(db)
        broken = [
            (v, n, sql if v == 1 else sql + ";\nCREATE TABLE this is not sql") for v, n, sql in migrations()
        ]
        monkeypatch.setattr(dbmod, "migrations", lambda: broken)
        if latest_version() >= 2:
            with pytest.raises(EnvironmentFault):
                db.migrate()
            assert db.schema_version == 1 and _schema(db) == before
    finally:
        db.close()


def test_fixture_for_every_schema_version_exists() -> None:
    have = sorted(int(p.name[1:]) for p in FIXTURES.glob("v*") if p.is_dir())
    assert have == list(range(1, latest_version() + 1)), (
        "every schema version needs a fixture vault: run tests/data/vaults/make_fixtures.py"
    )


@pytest.mark.parametrize("version", range(1, latest_version() + 1))
def test_fixture_vault_opens_and_migrates(version: int, tmp_path: Path, make_service) -> None:
    src = FIXTURES / f"v{version}"
    expected = json.loads((src / "expected.json").read_text())
    d = tmp_path / f"v{version}"
    shutil.copytree(src, d)
    os.chmod(d, 0o700)
    svc = VaultService(d)
    svc.unlock(expected["password"])
    try:
        assert svc.db.schema_version == latest_version()
        assert svc.subject_did == expected["subject"]
        got = {
            f.name: {
                "type": f.type.value,
                "category": f.category.value,
                "value": f.value,
                "provenance": f.provenance.to_json(),
            }
            for f in svc.list_fields()
        }
        assert got == expected["fields"]
        report = svc.verify_history()
        assert report.ok, report.problem
        if json.loads((src / "vault.key").read_text())["version"] == 1:
            # opening it moved the identity key out of the database into the key file, and said so (issue 14)
            assert report.entries == expected["history_entries"] + 1
            assert svc.history_page(limit=1)[0].kind == "vault.identity-key-moved"
        else:  # written after that move
            assert report.entries == expected["history_entries"]
        assert json.loads((d / "vault.key").read_text())["version"] == 2
        assert svc.db.integrity_check() == []
        # The migrated schema must be exactly what a new vault gets.
        fresh = make_service(tmp_path / "fresh")
        assert _schema(svc.db) == _schema(fresh.db)
        # and the old vault keeps working
        svc.add_field("after_upgrade", "text", "other", "ok")
    finally:
        svc.lock()
    again = VaultService(d)
    again.unlock(expected["password"])
    assert again.get_field("after_upgrade").value == "ok"
    again.lock()


def test_transaction_rolls_back_on_error(tmp_path: Path) -> None:
    db = Database(tmp_path / "x.db", os.urandom(32), create=True)
    try:
        db.migrate()
        with db.transaction() as c:
            c.execute("INSERT INTO meta VALUES ('a', '1')")
        with pytest.raises(RuntimeError), db.transaction() as c:
            c.execute("INSERT INTO meta VALUES ('b', '2')")
            raise RuntimeError("a bug half way")
        with pytest.raises(EnvironmentFault) as ei, db.transaction("save it") as c:
            c.execute("INSERT INTO meta VALUES ('c', '3')")
            c.execute("INSERT INTO meta VALUES ('a', 'dup')")
        assert "save it" in ei.value.message
        assert db.query("SELECT key FROM meta ORDER BY key") == [("a",)]
    finally:
        db.close()


@pytest.mark.parametrize(
    "text,cls,reason",
    [
        ("database or disk is full", EnvironmentFault, "disk-full"),
        ("attempt to write a readonly database", EnvironmentFault, "read-only"),
        ("database is locked", EnvironmentFault, "locked"),
        ("file is not a database", IntegrityError, "database-corrupt"),
        ("database disk image is malformed", IntegrityError, "database-corrupt"),
        ("disk I/O error", EnvironmentFault, "io-error"),
        ("something else", EnvironmentFault, "database-error"),
    ],
)
def test_error_mapping(text: str, cls: type, reason: str) -> None:
    err = map_db_error(dbmod.DatabaseError(text), "do the thing")
    assert isinstance(err, cls) and err.reason == reason


def test_integrity_check_reports_a_damaged_page(tmp_path: Path) -> None:
    key = os.urandom(32)
    db = Database(tmp_path / "x.db", key, create=True)
    db.migrate()
    with db.transaction() as c:
        c.executemany("INSERT INTO meta VALUES (?, ?)", [(f"k{i}", "v" * 200) for i in range(200)])
    assert db.integrity_check() == []
    db.close()
    raw = bytearray((tmp_path / "x.db").read_bytes())
    raw[4096 * 3 + 100] ^= 1
    (tmp_path / "x.db").write_bytes(bytes(raw))
    db = Database(tmp_path / "x.db", key)
    try:
        assert db.integrity_check() != []
    finally:
        db.close()


def test_integrity_check_after_a_rekey_whose_pages_are_still_in_the_wal(tmp_path: Path) -> None:
    """Found by the crash harness: cipher_integrity_check reads only the main file, so right after a re-key
    (new pages in the WAL, old-key pages in the file) it reported page 1 as damaged."""
    key, new = os.urandom(32), os.urandom(32)
    db = Database(tmp_path / "x.db", key, create=True)
    db.migrate()
    db.conn.execute("PRAGMA wal_autocheckpoint = 0")
    with db.transaction() as c:
        c.executemany("INSERT INTO meta VALUES (?, ?)", [(f"k{i}", "v" * 100) for i in range(100)])
    db.conn.execute(f"PRAGMA rekey = \"x'{new.hex()}'\"")  # as a crash right after the re-key would leave it
    assert db.integrity_check() == []
    db.rekey(key)  # Database.rekey leaves no old-key WAL behind
    wal = tmp_path / "x.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0
    db.conn.close()
    key, new = new, key
    again = Database(tmp_path / "x.db", new)
    try:
        assert again.integrity_check() == [] and again.query_one("SELECT count(*) FROM meta")[0] == 100
    finally:
        again.close()


def test_rekey_keeps_everything_and_the_schema_version(tmp_path: Path) -> None:
    key, new = os.urandom(32), os.urandom(32)
    db = Database(tmp_path / "x.db", key, create=True)
    db.migrate()
    with db.transaction() as c:
        c.executemany("INSERT INTO meta VALUES (?, ?)", [(f"k{i}", "v" * 100) for i in range(300)])
    schema = _schema(db)
    db.rekey(new)
    assert db.schema_version == latest_version() and _schema(db) == schema
    assert db.query_one("PRAGMA journal_mode")[0] == "wal"
    with db.transaction() as c:  # still writable
        c.execute("INSERT INTO meta VALUES ('after', 'x')")
    db.close()
    assert not (tmp_path / "x.db.rekey").exists()
    with pytest.raises(IntegrityError):
        Database(tmp_path / "x.db", key)
    again = Database(tmp_path / "x.db", new)
    try:
        assert again.query_one("SELECT count(*) FROM meta")[0] == 301 and again.integrity_check() == []
    finally:
        again.close()
