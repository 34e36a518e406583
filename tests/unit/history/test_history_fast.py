"""Issue 15: verification on a read snapshot (never holding the vault's connection), from the last verified
checkpoint, the SQL-built entry text that spares Python most of the work, and the counts kept by trigger."""

from __future__ import annotations

import os
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vault_app.history import chain
from vault_app.history.chain import CHECKPOINT_EVERY, HistoryFilter
from vault_app.services.vault import VaultService
from vault_app.storage.db import Database
from vault_app.storage.repositories import history as hstore
from vaulttools import FULL

DAY = 86_400_000


def _raw(svc: VaultService, sql: str, params: tuple = ()) -> None:
    with svc.db.transaction() as c:
        c.execute(sql, params)


def _append(svc: VaultService, n: int, start: int = 0) -> None:
    events = [
        ("test.event", f"did:web:o{i % 3}.example" if i % 2 else None, f"f{i % 7}", None, {"i": i})
        for i in range(start, start + n)
    ]
    with svc.db.transaction() as c:
        svc.history.append_many(c, events)


def test_recent_verification_starts_at_the_last_verified_checkpoint(service: VaultService) -> None:
    _append(service, 2 * CHECKPOINT_EVERY + 10)
    full = service.verify_history()
    assert full.ok and full.since_seq == 0 and full.entries == 2 * CHECKPOINT_EVERY + 11
    assert hstore.verified_mark(service.db) == (
        2 * CHECKPOINT_EVERY,
        service.history.hash_at(2 * CHECKPOINT_EVERY),
    )
    _append(service, 25, start=5000)
    recent = service.verify_history(recent=True)
    assert recent.ok and recent.since_seq == 2 * CHECKPOINT_EVERY
    assert recent.entries == 11 + 25 and recent.head_seq == service.history.head()[0]
    assert recent.to_json()["since_seq"] == 2 * CHECKPOINT_EVERY


def test_recent_verification_finds_a_change_after_the_mark(service: VaultService) -> None:
    _append(service, CHECKPOINT_EVERY + 20)
    assert service.verify_history().ok
    _raw(service, "UPDATE history SET data = ? WHERE seq = ?", ('{"i":"changed"}', CHECKPOINT_EVERY + 5))
    r = service.verify_history(recent=True)
    assert not r.ok and r.first_bad_seq == CHECKPOINT_EVERY + 5 and "altered" in (r.problem or "")


def test_a_change_before_the_mark_is_left_to_the_full_verification(service: VaultService) -> None:
    _append(service, CHECKPOINT_EVERY + 20)
    assert service.verify_history().ok
    _raw(service, "UPDATE history SET data = ? WHERE seq = 10", ('{"i":"changed"}',))
    assert service.verify_history(recent=True).ok  # documented: the part before the mark is not re-read
    r = service.verify_history()
    assert not r.ok and r.first_bad_seq == 10


def test_a_mark_that_no_longer_matches_means_the_whole_chain(service: VaultService) -> None:
    _append(service, CHECKPOINT_EVERY + 20)
    assert service.verify_history().ok
    _raw(service, "UPDATE history_verified SET hash = ?", (os.urandom(32),))
    _raw(service, "UPDATE history SET data = ? WHERE seq = 10", ('{"i":"changed"}',))
    r = service.verify_history(recent=True)
    assert not r.ok and r.first_bad_seq == 10 and r.since_seq == 0
    assert any("did not match" in n for n in r.notes)


def test_the_checkpoint_at_the_mark_is_checked_again(service: VaultService) -> None:
    _append(service, CHECKPOINT_EVERY + 20)
    assert service.verify_history().ok
    _raw(service, "UPDATE checkpoints SET signature = ? WHERE seq = ?", (b"\0" * 64, CHECKPOINT_EVERY))
    r = service.verify_history(recent=True)
    assert (
        not r.ok
        and r.since_seq == 0
        and r.first_bad_seq == CHECKPOINT_EVERY
        and "signature" in (r.problem or "")
    )


def test_a_blob_that_reads_as_the_same_json_is_caught(service: VaultService) -> None:
    """SQLite would read a BLOB as JSONB inside json_array: a blob can print as the very string it
    replaced."""
    _append(service, 12)
    org = service.history.page(HistoryFilter(), before_seq=4, limit=1)[0].org  # entry 3
    assert org is not None and 12 <= len(org) < 256
    blob = bytes([0xC7, len(org)]) + org.encode()  # JSONB: a TEXT element with a one-byte size, then the text
    _raw(service, "UPDATE history SET org = ? WHERE seq = 3", (blob,))
    r = service.verify_history()
    assert not r.ok and r.first_bad_seq == 3 and "altered" in (r.problem or "")


def test_verification_never_holds_the_vaults_connection(service: VaultService) -> None:
    _append(service, 25_000)
    waits: list[float] = []

    def progress(done: int, total: int) -> None:
        def query() -> None:
            t0 = time.perf_counter()
            service.db.query_one("SELECT count(*) FROM fields")
            waits.append(time.perf_counter() - t0)

        t = threading.Thread(target=query)
        t.start()
        t.join(5)

    assert service.verify_history(progress=progress).ok
    assert len(waits) >= 2 and max(waits) < 0.5, waits


_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)


@settings(max_examples=400 if FULL else 60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            _text.filter(bool),
            st.none() | _text,
            st.none() | _text,
            st.none() | _text,
            st.dictionaries(_text, _text | st.integers(-(2**53), 2**53), max_size=3),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_sql_built_text_is_the_entry_body(tmp_path_factory, events) -> None:
    """The fast path only saves time when SQLite renders exactly the bytes entry_body defines, after the
    stored link (whatever bytes it holds, zeros included)."""
    db = Database(tmp_path_factory.mktemp("b") / "x.db", os.urandom(32), create=True)
    try:
        db.migrate()
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        from vault_app.domain.clock import FixedClock

        h = chain.History(db, "v", FixedClock(1_800_000_000.5), Ed25519PrivateKey.generate())
        with db.transaction() as tx:
            h.append_many(tx, events)
        with db.read_snapshot() as snap:
            got = [r for rows in hstore.chain_batches(snap) for r in rows]
        for (hsh, linked), e in zip(got, h.iter_all(), strict=True):
            assert hsh == e.hash
            assert linked == e.prev_hash + chain.entry_body(
                e.seq, e.ts_ms, e.kind, e.org, e.field, e.purpose, chain.canonical_data(e.data)
            ).encode("utf-8")
        assert h.verify().ok
    finally:
        db.close()


def test_counts_answer_like_the_entries(service: VaultService) -> None:
    for day in range(4):
        service.clock.advance(DAY / 1000 / 3)  # type: ignore[attr-defined]
        _append(service, 40 + day, start=day * 100)
    entries = list(service.history.iter_all())
    for flt in (
        HistoryFilter(),
        HistoryFilter(kinds=("test.event",)),
        HistoryFilter(org="did:web:o1.example"),
    ):
        want = Counter(((e.ts_ms // DAY) * DAY, e.org) for e in service.history.iter_all(flt))
        got = service.history_activity(flt, bucket_ms=DAY)
        assert got == sorted(((b, o, n) for (b, o), n in want.items()), key=lambda r: (r[0], r[1] or ""))
        assert service.history_count(flt) == sum(want.values())
    two = service.history_activity(None, bucket_ms=2 * DAY)
    assert sum(n for _, _, n in two) == len(entries)
    # an hour bucket or a field filter is counted over the entries
    assert sum(n for _, _, n in service.history_activity(None, bucket_ms=3_600_000)) == len(entries)
    assert service.history_count(HistoryFilter(field="f3")) == sum(1 for e in entries if e.field == "f3")
    assert service.history_values("field") == sorted({e.field for e in entries if e.field})
    assert service.history_values("org") == sorted({e.org for e in entries if e.org})
    assert service.history_values("kind") == sorted({e.kind for e in entries})


def test_counts_of_an_upgraded_vault_were_filled_in(tmp_path: Path) -> None:
    import json
    import shutil

    src = Path(__file__).resolve().parents[2] / "data" / "vaults" / "v2"
    d = tmp_path / "v2"
    shutil.copytree(src, d)
    os.chmod(d, 0o700)
    expected = json.loads((src / "expected.json").read_text())
    svc = VaultService(d)
    svc.unlock(expected["password"])
    try:
        # the upgrade itself may record entries (the key file's upgrade does): counts cover them too
        n = len(list(svc.history.iter_all()))
        assert n >= expected["history_entries"]
        assert svc.history_count() == n
        assert sum(k for _, _, k in svc.history_activity(None)) == n
    finally:
        svc.lock()


def test_stepwise_verification_lets_other_work_run_between_steps(service: VaultService) -> None:
    _append(service, 3 * chain.VERIFY_BATCH + 10)
    steps = service.verify_history_steps()
    n = 0
    while True:
        try:
            next(steps)
        except StopIteration as done:
            report = done.value
            break
        n += 1
        service.add_field(f"between{n}", "text", "other", "x")  # the same thread writes between two steps
    assert n >= 3 and report.ok and report.entries == 3 * chain.VERIFY_BATCH + 11  # one snapshot: as it began


def test_locking_in_the_middle_of_a_stepwise_verification(service: VaultService) -> None:
    _append(service, 2 * chain.VERIFY_BATCH)
    steps = service.verify_history_steps()
    next(steps)
    service.lock()  # on the thread that holds the reader between steps: must not wait for itself
    assert not service.is_unlocked
    try:
        while True:
            next(steps)
    except StopIteration as done:
        assert not done.value.ok  # the snapshot went away with the database: reported, not raised


# -- any single-byte change in any row is found, and named, by the fast path -------------------------------
_COLUMNS = ("seq", "ts_ms", "kind", "org", "field", "purpose", "data", "prev_hash", "hash")


@pytest.fixture(scope="module")
def small_chain(tmp_path_factory):  # type: ignore[no-untyped-def]
    """A chain of 40 entries with signed checkpoints every 10 (and a pristine copy of its file to restore)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from vault_app.domain.clock import FixedClock

    d = tmp_path_factory.mktemp("chain")
    key = os.urandom(32)
    db = Database(d / "x.db", key, create=True)
    db.migrate()
    h = chain.History(db, "v", FixedClock(1_800_000_000.5), Ed25519PrivateKey.generate())
    events = [
        (
            "test.event",
            f"did:web:o{i % 3}.example" if i % 2 else None,
            f"f{i % 7}",
            "p" if i % 5 else None,
            {"i": i, "ü": "é" * (i % 3)},
        )
        for i in range(40)
    ]
    with db.transaction() as tx:
        h.append_many(tx, events)
        for seq in range(10, 41, 10):
            h._checkpoint(tx, seq, h.hash_at(seq) or b"", 1)  # noqa: SLF001 - signed checkpoints inside the chain
    db.close()
    return d / "x.db", key, h.signer


def _changed(value: object, pos: int, xor: int) -> object:
    """``value`` with one byte changed: a byte of its UTF-8 text (kept as TEXT when it still decodes, else
    stored as a BLOB, as a byte change would leave it), of a blob, or of an integer's 8-byte form."""
    if isinstance(value, int):
        raw = bytearray(value.to_bytes(8, "big", signed=True))
        raw[pos % 8] ^= xor
        return int.from_bytes(raw, "big", signed=True)
    raw = bytearray(value.encode("utf-8") if isinstance(value, str) else value)  # type: ignore[union-attr]
    raw[pos % len(raw)] ^= xor
    if isinstance(value, str):
        try:
            return bytes(raw).decode("utf-8")
        except UnicodeDecodeError:
            return bytes(raw)
    return bytes(raw)


@settings(max_examples=300 if FULL else 40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seq=st.integers(1, 40),
    column=st.sampled_from(_COLUMNS),
    pos=st.integers(0, 10_000),
    xor=st.integers(1, 255),
    batch=st.sampled_from([1, 3, 7, 5000]),
)
def test_any_single_byte_change_in_any_row_is_named_by_the_fast_path(
    small_chain,
    tmp_path_factory,
    seq,
    column,
    pos,
    xor,
    batch,  # type: ignore[no-untyped-def]
) -> None:
    """The verification reads each entry's text as bytes built by SQLite and checks it in batches (the fast
    path); whatever one byte of one stored column becomes, it must report the chain broken at the same entry
    as the reference check of that entry (the text rebuilt in Python), and with batches that start and end
    anywhere."""
    from vault_app.domain.clock import FixedClock

    src, key, signer = small_chain
    path = tmp_path_factory.mktemp("t") / "x.db"
    path.write_bytes(src.read_bytes())
    db = Database(path, key)
    try:
        old = db.query_one(f"SELECT {column} FROM history WHERE seq = ?", (seq,))[0]
        if old is None:
            return  # no byte to change in a NULL
        new = _changed(old, pos, xor)
        if column == "seq" and db.query_one("SELECT 1 FROM history WHERE seq = ?", (new,)):
            return  # another entry holds that number: the change cannot be stored
        with db.transaction() as tx:
            tx.execute(f"UPDATE history SET {column} = ? WHERE seq = ?", (new, seq))
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(chain, "VERIFY_BATCH", batch)
            report = chain.History(db, "v", FixedClock(1_800_000_000.5), signer).verify()
        assert not report.ok, (column, old, new)
        if column == "seq":
            # the entry is missing where it was (or, moved below the first, the chain starts wrongly)
            assert report.first_bad_seq in (seq, 1)
        else:
            assert report.first_bad_seq == seq, (column, old, new, report)
    finally:
        db.close()
