"""The hash-chained history: appending, paging and filters, checkpoints, and verification that names
exactly where a chain was edited, cut or rewritten."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vault_app.domain.errors import VaultError
from vault_app.history import chain
from vault_app.history.chain import HistoryFilter, entry_hash, genesis_hash
from vault_app.history.kinds import EventKind
from vault_app.services.vault import VaultService
from vault_app.storage.repositories import history as hstore
from vaulttools import FULL


def _populate(svc: VaultService, n: int) -> None:
    for i in range(n):
        svc.clock.advance(1)  # type: ignore[attr-defined]
        svc.add_field(f"f{i}", "text", "other", f"value {i}")


def test_entries_link_and_hash_as_documented(service: VaultService) -> None:
    _populate(service, 5)
    entries = service.history.page(oldest_first=True)
    prev = genesis_hash(service.vault_id)
    for e in entries:
        assert e.prev_hash == prev
        assert e.hash == entry_hash(
            prev, e.seq, e.ts_ms, e.kind, e.org, e.field, e.purpose, chain.canonical_data(e.data)
        )
        prev = e.hash
    assert [e.seq for e in entries] == list(range(1, 7))
    assert service.history.head() == (6, prev)


def test_entries_never_hold_values(service: VaultService) -> None:
    service.add_field("email", "email", "contact", "canary.value@example.org")
    service.update_field("email", value="other.canary@example.org")
    service.delete_field("email")
    raw = json.dumps([e.to_json() for e in service.history.iter_all()])
    assert "canary" not in raw and "email" in raw


def test_paging_filters_and_counts(service: VaultService) -> None:
    _populate(service, 30)
    service.update_field("f3", value="changed")
    assert service.history_count() == 32
    page = service.history_page(limit=10)
    assert [e.seq for e in page] == list(range(32, 22, -1))
    nxt = service.history_page(before_seq=page[-1].seq, limit=10)
    assert [e.seq for e in nxt] == list(range(22, 12, -1))
    f3 = HistoryFilter(field="f3")
    assert [e.kind for e in service.history_page(f3)] == [EventKind.FIELD_CHANGED, EventKind.FIELD_ADDED]
    assert service.history_count(HistoryFilter(kinds=(EventKind.FIELD_ADDED,))) == 30
    t0 = service.history.page(oldest_first=True)[0].ts_ms
    window = HistoryFilter(since_ms=t0 + 5000, until_ms=t0 + 10000)
    assert [e.seq for e in service.history.page(window, oldest_first=True)] == [6, 7, 8, 9, 10]
    assert [e.seq for e in service.history.iter_all(batch=7)] == list(range(1, 33))
    assert len(list(service.history.iter_all(HistoryFilter(kinds=(EventKind.FIELD_CHANGED,))))) == 1
    assert service.history.distinct("kind") == sorted(
        {EventKind.VAULT_CREATED, EventKind.FIELD_ADDED, EventKind.FIELD_CHANGED}
    )
    with pytest.raises(ValueError):
        service.history.distinct("data; DROP TABLE history")


def test_append_many_builds_the_same_chain_as_append(make_service, tmp_path) -> None:
    a = make_service(tmp_path / "a")
    events = [("test.event", None, f"f{i}", None, {"i": i}) for i in range(2500)]
    with a.db.transaction() as c:
        assert a.history.append_many(c, events) == 2500
    report = a.verify_history()
    assert report.ok, report.problem
    assert report.entries == 2501 and report.checkpoints == 2  # one signed checkpoint per 1000 entries
    # the same events one by one give the same hashes
    with a.db.transaction() as c:
        e = a.history.append(c, "test.event", field="x", data={"k": "v"})
    assert e.prev_hash == a.history.hash_at(2501) and a.verify_history().ok


def _head_reads(svc: VaultService) -> list[str]:
    """Record the statements that read the chain's head (the trace callback of the vault's connection)."""
    seen: list[str] = []
    svc.db.conn.set_trace_callback(
        lambda sql: seen.append(sql) if "FROM history ORDER BY seq DESC" in sql else None
    )
    return seen


def test_entries_appended_in_one_transaction_read_the_head_once(service: VaultService) -> None:
    _populate(service, 2)
    seen = _head_reads(service)
    try:
        with service.db.transaction() as c:
            entries = [service.history.append(c, "test.event", data={"i": i}) for i in range(4)]
    finally:
        service.db.conn.set_trace_callback(None)
    assert len(seen) == 1  # the first append reads it; the others link to the entry appended before them
    assert [e.seq for e in entries] == [4, 5, 6, 7]
    assert [e.prev_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]
    assert service.history.head() == (7, entries[-1].hash)
    assert service.verify_history().ok


def test_a_rolled_back_append_leaves_the_next_one_linked_to_the_stored_head(service: VaultService) -> None:
    _populate(service, 2)
    before = service.history.head()
    with pytest.raises(RuntimeError), service.db.transaction() as c:
        service.history.append(c, "test.event", data={"i": 1})
        service.history.append(c, "test.event", data={"i": 2})
        raise RuntimeError("the use case failed after its history entries")
    assert service.history.head() == before
    with service.db.transaction() as c:
        e = service.history.append(c, "test.event", data={"i": 3})
    assert (e.seq, e.prev_hash) == (before[0] + 1, before[1])
    # a statement that fails after the append (mapped to the vault's error) rolls it back too
    with pytest.raises(VaultError), service.db.transaction() as c:
        service.history.append(c, "test.event", data={"i": 4})
        c.execute("INSERT INTO no_such_table VALUES (1)")
    with service.db.transaction() as c:
        f = service.history.append(c, "test.event", data={"i": 5})
    assert (f.seq, f.prev_hash) == (e.seq + 1, e.hash)
    assert service.verify_history().ok


def test_verify_ok_reports_counts(service: VaultService) -> None:
    _populate(service, 3)
    r = service.verify_history()
    assert r.ok and r.entries == 4 and r.first_bad_seq is None and r.problem is None
    assert r.head_seq == 4 and r.head_hash == service.history.head()[1].hex()
    assert r.to_json()["ok"] is True
    seen: list[tuple[int, int]] = []
    service.verify_history(progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (4, 4)


def _raw(svc: VaultService, sql: str, params: tuple = ()) -> None:
    with svc.db.transaction() as c:
        c.execute(sql, params)


@pytest.mark.parametrize(
    "column,value",
    [
        ("data", '{"category":"health"}'),
        ("kind", "field.deleted"),
        ("field", "someone_else"),
        ("ts_ms", 1),
        ("org", "did:web:evil.example"),
        ("purpose", "marketing"),
        # values of another type than the column's (SQLite lets a raw connection store them)
        ("ts_ms", "yesterday"),
        ("ts_ms", 1.5),
        ("kind", 7),
        ("data", b"\x00blob"),
        ("field", 3.25),
        ("hash", "not a blob"),
    ],
)
def test_an_entry_edited_in_place_is_named(service: VaultService, column: str, value: object) -> None:
    _populate(service, 10)
    _raw(service, f"UPDATE history SET {column} = ? WHERE seq = 5", (value,))
    r = service.verify_history()
    assert not r.ok and r.first_bad_seq == 5
    assert "Entry 5" in (r.problem or "") and "altered" in (r.problem or "")


def test_an_edited_entry_whose_hash_was_recomputed_breaks_the_next_link(service: VaultService) -> None:
    _populate(service, 10)
    e = service.history.page(HistoryFilter(), before_seq=6, limit=1)[0]
    data = chain.canonical_data({"forged": True})
    h = entry_hash(e.prev_hash, e.seq, e.ts_ms, e.kind, e.org, e.field, e.purpose, data)
    _raw(service, "UPDATE history SET data = ?, hash = ? WHERE seq = 5", (data, h))
    r = service.verify_history()
    assert not r.ok and r.first_bad_seq == 6 and "does not link" in (r.problem or "")


def test_a_deleted_entry_is_named(service: VaultService) -> None:
    _populate(service, 10)
    _raw(service, "DELETE FROM history WHERE seq = 4")
    r = service.verify_history()
    assert not r.ok and r.first_bad_seq == 4 and "missing" in (r.problem or "")


@pytest.mark.parametrize("gone", [1, 4, 9])
def test_a_deleted_entry_is_named_even_when_every_later_hash_was_recomputed(
    service: VaultService, gone: int
) -> None:
    """Someone with the data key deletes an entry and recomputes the links and hashes of the ones after it,
    so every link and hash holds: the numbers still skip one, and the verification names it (the fast path
    does not read the numbers, so this is checked apart)."""
    _populate(service, 10)
    _raw(service, "DELETE FROM history WHERE seq = ?", (gone,))
    rows = service.db.query(f"SELECT {hstore.ROW} FROM history ORDER BY seq")
    prev = genesis_hash(service.vault_id)
    with service.db.transaction() as c:
        for seq, ts, kind, org, fld, purpose, data, _ph, _h in rows:
            h = entry_hash(prev, seq, ts, kind, org, fld, purpose, data)
            c.execute("UPDATE history SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, h, seq))
            prev = h
    r = service.history.verify()
    assert not r.ok and r.first_bad_seq == gone, r
    assert f"Entry {gone} is missing" in (r.problem or "")


def test_deleting_the_latest_entries_is_caught_by_the_head(service: VaultService) -> None:
    _populate(service, 10)
    _raw(service, "DELETE FROM history WHERE seq > 8")
    r = service.verify_history()
    assert not r.ok and "older" in (r.problem or "")


def test_rewriting_the_chain_after_a_checkpoint_is_detected(service: VaultService) -> None:
    """Someone with the data key recomputes every hash after changing an early entry: the chain is
    consistent again, but the signed checkpoint (and the head outside the database) still hold the old
    hashes."""
    events = [("test.event", None, f"f{i}", None, {"i": i}) for i in range(1200)]
    with service.db.transaction() as c:
        service.history.append_many(c, events)
    rows = service.db.query(f"SELECT {hstore.ROW} FROM history ORDER BY seq")
    prev = genesis_hash(service.vault_id)
    with service.db.transaction() as c:
        for seq, ts, kind, org, fld, purpose, data, _ph, _h in rows:
            if seq == 500:
                data = chain.canonical_data({"i": "rewritten"})
            h = entry_hash(prev, seq, ts, kind, org, fld, purpose, data)
            c.execute(
                "UPDATE history SET data = ?, prev_hash = ?, hash = ? WHERE seq = ?", (data, prev, h, seq)
            )
            prev = h
    r = service.history.verify()
    assert not r.ok and r.first_bad_seq == 1000 and "rewritten" in (r.problem or "")


def test_a_forged_checkpoint_signature_is_detected(service: VaultService) -> None:
    _populate(service, 3)
    service.history.checkpoint_now()
    _raw(service, "UPDATE checkpoints SET signature = ? WHERE seq = 4", (b"\0" * 64,))
    r = service.history.verify()
    assert not r.ok and r.first_bad_seq == 4 and "signature" in (r.problem or "")


def test_truncation_below_a_checkpoint_is_detected(service: VaultService) -> None:
    _populate(service, 5)
    service.history.checkpoint_now()  # signs entry 6
    _raw(service, "DELETE FROM history WHERE seq = 6")
    r = service.history.verify()
    assert not r.ok and r.first_bad_seq == 6 and "truncated" in (r.problem or "")


def test_verify_from_the_command_of_a_reopened_vault(service: VaultService) -> None:
    from vaulttools import reopen

    _populate(service, 3)
    _raw(service, "UPDATE history SET data = '{}' WHERE seq = 2")
    again = reopen(service)  # opening does not hide the damage, and verify still names it
    try:
        r = again.verify_history()
        assert not r.ok and r.first_bad_seq == 2
    finally:
        again.lock()


_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


@settings(max_examples=5000 if FULL else 300, deadline=None)
@given(
    seq=st.integers(0, 2**62),
    ts=st.integers(0, 2**62),
    kind=_text,
    org=st.none() | _text,
    fld=st.none() | _text,
    purpose=st.none() | _text,
    data=st.dictionaries(_text, _text | st.integers()),
)
def test_entry_body_is_exactly_json_dumps(
    seq: int, ts: int, kind: str, org: str | None, fld: str | None, purpose: str | None, data: dict
) -> None:
    """The fast entry encoding must give the very bytes the chain format defines (json.dumps), or old
    vaults would stop verifying."""
    text = chain.canonical_data(data)
    reference = json.dumps(
        [seq, ts, kind, org, fld, purpose, text], separators=(",", ":"), ensure_ascii=False
    )
    assert chain.entry_body(seq, ts, kind, org, fld, purpose, text) == reference


def test_the_latest_entry_of_a_rare_kind_is_found_through_the_kinds_index(service: VaultService) -> None:
    """A delivery is looked up by kind and organisation: the newest of that organisation's, never another
    organisation's, read through history_by_kind (the organisation's index would read every entry of a busy
    organisation: 3.4 s at a million entries)."""
    org, other = "did:key:z6MkOrgA", "did:key:z6MkOrgB"
    with service.transaction("test") as tx:
        service.history.append_many(
            tx,
            [(EventKind.MESSAGE_DELIVERED, org, None, None, {"gateway": "https://a.example"})]
            + [("test.event", org, None, None, {"i": i}) for i in range(50)]
            + [(EventKind.MESSAGE_DELIVERED, other, None, None, {"gateway": "https://b.example"})],
        )
    found = service.history.latest_of_kind(EventKind.MESSAGE_DELIVERED, org)
    assert found is not None and found.org == org and found.data["gateway"] == "https://a.example"
    assert service.history.latest_of_kind(EventKind.MESSAGE_DELIVERED, "did:key:z6MkNobody") is None
