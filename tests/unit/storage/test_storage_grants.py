"""Grant queries at scale (issue 15): due items by the expiry indexes, keyset pages, a grant found by its
token; each checked for its answer and for the index SQLite uses (no query reads every grant)."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from vault_app.domain.consent import GrantState
from vault_app.storage.db import Database
from vault_app.storage.repositories import history as hstore
from vault_app.storage.repositories.consent import (
    DUE_SQL,
    GrantRepository,
    RequestRepository,
    SeenMessageRepository,
    due_to_expire,
)


def _b64(rng: random.Random, n: int) -> str:
    return "".join(
        rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") for _ in range(n)
    )


@pytest.fixture
def db(tmp_path: Path):
    d = Database(tmp_path / "x.db", os.urandom(32), create=True)
    d.migrate()
    rng = random.Random(15)
    rows = []
    for i in range(300):
        state = ("active", "revoked", "expired")[i % 3]
        issued = 1_000_000 + (i // 4) * 1000  # four grants share each issue time: the keyset needs the id too
        rows.append(
            (
                f"g{i:04d}",
                f"r{i}",
                f"did:key:org{i % 5}",
                state,
                issued,
                issued + (i % 7) * 10_000,
                i,
                '{"purposes":[],"purpose_text":"","retention_seconds":1}',
                "[]",
                f"{_b64(rng, 60)}.{_b64(rng, 80)}.{_b64(rng, 86)}",
                f"{_b64(rng, 40)}..{_b64(rng, 16)}.{_b64(rng, 200)}.{_b64(rng, 22)}",
            )
        )
    with d.transaction() as tx:
        tx.executemany(
            "INSERT INTO grants (id, request_id, org, state, issued_ms, expires_ms, status_idx, scope, "
            "fields, token, jwe) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
    d.rows = rows  # type: ignore[attr-defined]
    yield d
    d.close()


def _plan(db: Database, sql: str, params: tuple) -> str:
    return " | ".join(str(r[-1]) for r in db.query("EXPLAIN QUERY PLAN " + sql, params))


def test_pages_walk_every_grant_once_newest_first(db: Database) -> None:
    repo = GrantRepository(db)
    for states, org in (((), None), (("active",), None), (("active", "expired"), "did:key:org2")):
        want = sorted(
            (r for r in db.rows if (not states or r[3] in states) and (not org or r[2] == org)),
            key=lambda r: (r[4], r[0]),
            reverse=True,
        )
        got: list[str] = []
        before = None
        while True:
            page = repo.page([GrantState(x) for x in states], org, limit=7, after=before)
            if not page:
                break
            got += [p.id for p in page]
            before = (page[-1].issued, page[-1].id)
        assert got == [r[0] for r in want]
        assert repo.count([GrantState(x) for x in states], org) == len(want)


def test_due_grants_and_the_index_that_finds_them(db: Database) -> None:
    now = 1_030_000
    assert sorted(GrantRepository(db).due_to_expire(now)) == sorted(
        (r[0], r[2]) for r in db.rows if r[3] == "active" and r[5] <= now
    )
    assert RequestRepository(db).due_to_expire(now) == []
    plan = _plan(db, "SELECT id, org FROM grants WHERE state = ? AND expires_ms <= ?", ("active", now))
    assert "grants_by_expiry" in plan, plan
    plan = _plan(
        db,
        "SELECT id, org FROM requests WHERE state IN (?,?) AND expires_ms <= ?",
        ("received", "pending_review", now),
    )
    assert "requests_by_expiry" in plan, plan


def test_what_is_due_is_found_in_one_read_by_both_expiry_indexes(db: Database) -> None:
    now = 1_030_000
    with db.transaction() as tx:  # one open request past its end, one still running, one decided
        for rid, state, exp in (
            ("r1", "pending_review", now - 1),
            ("r2", "received", now + 1),
            ("r3", "approved", 0),
        ):
            tx.execute(
                "INSERT INTO requests (id, jti, kind, org, state, token, req_hash, summary, received_ms, "
                "expires_ms) VALUES (?, ?, 'authorisation', 'did:key:org1', ?, 't', 'h', '{}', 0, ?)",
                (rid, rid, state, exp),
            )
    due_r, due_g = due_to_expire(db, now)
    assert due_r == RequestRepository(db).due_to_expire(now) == [("r1", "did:key:org1")]
    assert sorted(due_g) == sorted(GrantRepository(db).due_to_expire(now)) and due_g
    plan = _plan(db, DUE_SQL, ("received", "pending_review", now, "active", now))
    assert "requests_by_expiry" in plan and "grants_by_expiry" in plan and "SCAN" not in plan, plan


def test_a_grant_is_found_by_its_token_or_its_sealed_form(db: Database) -> None:
    r = db.rows[123]
    repo = GrantRepository(db)
    assert repo.find_by_message(r[9], r[0]) == r[0]  # the signed form, by the id its token claims
    assert repo.find_by_message(r[10]) == r[0]  # the sealed form, by the index on its end
    assert repo.find_by_message(r[10], "not-its-id") == r[0]
    assert repo.find_by_message(r[9]) is None  # a signed form without the id it claims is not looked for
    assert repo.find_by_message(r[9][:-1] + ("A" if r[9][-1] != "A" else "B"), r[0]) is None
    assert repo.find_by_message(r[9], db.rows[124][0]) is None  # another grant's id: its text differs
    plan = _plan(
        db,
        "SELECT id FROM grants WHERE substr(jwe, -22) = ? AND jwe = ? UNION ALL SELECT id FROM "
        "grants WHERE id = ? AND token = ? LIMIT 1",
        ("x", "x", "y", "y"),
    )
    assert "grants_by_jwe_tail" in plan and "sqlite_autoindex_grants_1" in plan and "SCAN" not in plan, plan


def test_indexes_that_keep_only_rows_naming_a_value_still_serve_every_query_on_them(db: Database) -> None:
    """Schema 11 keeps only the history entries that name a field, and the grants that have a parent, in
    those indexes (fewer pages written per import and approval): every query on them still uses them."""
    plan = _plan(db, "SELECT id FROM grants g WHERE g.parent_grant = ? ORDER BY g.issued_ms DESC", ("g7",))
    assert "grants_by_parent" in plan, plan
    plan = _plan(db, "SELECT id FROM grants WHERE parent_grant = ? AND state != ?", ("g7", "revoked"))
    assert "grants_by_parent" in plan, plan
    where, params = hstore.matching(field="email")
    plan = _plan(db, f"SELECT seq FROM history WHERE {where} ORDER BY seq DESC LIMIT ?", (*params, 100))
    assert "history_by_field" in plan and "SCAN" not in plan, plan
    where, params = hstore.matching(kinds=("field.added",), field="email", since_ms=0)
    plan = _plan(db, f"SELECT count(*) FROM history WHERE {where}", tuple(params))
    assert "SCAN" not in plan, plan
    partial = {
        name: sql
        for name, sql in db.query("SELECT name, sql FROM sqlite_master WHERE type = 'index'")
        if name in ("history_by_field", "grants_by_parent")
    }
    assert all("IS NOT NULL" in sql for sql in partial.values()) and len(partial) == 2, partial
    names = {r[0] for r in db.query("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "grants_by_token_tail" not in names


def test_first_page_uses_an_index_not_a_sort_of_everything(db: Database) -> None:
    plan = _plan(db, "SELECT g.id FROM grants g ORDER BY g.issued_ms DESC, g.id DESC LIMIT ?", (100,))
    assert "grants_by_issued" in plan and "TEMP B-TREE" not in plan, plan


def test_children_of_a_grant_by_index(db: Database) -> None:
    repo = GrantRepository(db)
    with db.transaction() as tx:
        tx.execute("UPDATE grants SET parent_grant = 'g0007' WHERE id IN ('g0010', 'g0020', 'g0030')")
    assert [g.id for g in repo.children("g0007")] == ["g0030", "g0020", "g0010"]
    assert repo.children("g0010") == []
    plan = _plan(db, "SELECT id FROM grants g WHERE g.parent_grant = ?", ("g0007",))
    assert "grants_by_parent" in plan, plan


def test_old_message_ids_are_forgotten_by_index(db: Database) -> None:
    """Every import remembers its message id and forgets ids whose messages expired a day ago. With 100,000
    ids remembered (a busy month of requests, a year of receipts) reading all of them took 7 ms per import
    (benchmarks/README.md, grants): the ids to forget are found by index."""
    seen = SeenMessageRepository(db)
    with db.transaction() as tx:
        for i in range(50):
            seen.remember(tx, f"old{i}", 1_000 + i, 0)
        seen.remember(tx, "new", 5_000, 1_025)  # forgets what expired before 1,025
    assert not seen.seen("old0") and not seen.seen("old24")
    assert seen.seen("old25") and seen.seen("old49") and seen.seen("new")
    plan = _plan(db, SeenMessageRepository.FORGET_SQL, (1,))
    assert "seen_jti_by_expiry" in plan, plan
