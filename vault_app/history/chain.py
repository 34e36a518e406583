"""Hash-chained, append-only event log kept inside the encrypted database.

Entry n stores ``hash_n = SHA-256(hash_{n-1} || canonical(seq, ts_ms, kind, org, field, purpose, data))``
with a genesis value bound to the vault id. Every ``CHECKPOINT_EVERY`` entries the head is signed with the
subject's identity key; the latest signed head is also kept outside the database (see
:mod:`vault_app.history.head`) so that swapping in an older copy of the whole database is noticed. Entries
never hold personal values: they name fields, organisations and purposes only (callers pass metadata, and
:func:`_check_data` refuses obvious values).
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import json.encoder
from collections.abc import Callable, Generator, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from vault_app.domain.clock import Clock
from vault_app.domain.errors import VaultError
from vault_app.storage.db import Database, Snapshot
from vault_app.storage.repositories import history as hstore

CHECKPOINT_EVERY = 1000
#: entries verified between two steps of :meth:`History.verify_steps` (about 10-30 ms of work here)
VERIFY_BATCH = 5000
#: rows fetched at a time by the verification: few enough that each batch is freed before the next one is
#: made, so the cyclic garbage collector never runs over them, and stays in the CPU cache (bench_history.py:
#: 2.77 s against 2.98 s with 5,000 at a million entries)
FETCH_ROWS = 256
_q = json.encoder.encode_basestring  # the C string encoder json.dumps(ensure_ascii=False) itself uses
_sha256 = hashlib.sha256
_ALLOWED_DATA_KEYS_MAX = 32


def genesis_hash(vault_id: str) -> bytes:
    return hashlib.sha256(b"pdvault-history-v1:" + vault_id.encode()).digest()


def canonical_data(data: dict[str, Any] | None) -> str:
    return json.dumps(data or {}, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_body(
    seq: int, ts_ms: int, kind: str, org: str | None, fld: str | None, purpose: str | None, data_text: str
) -> str:
    """The hashed text of an entry: ``json.dumps([seq, ts_ms, kind, org, field, purpose, data],
    separators=(",", ":"), ensure_ascii=False)``, built directly because json.dumps costs most of the time
    of verifying a long chain. Byte-for-byte the same (a test compares them)."""
    return (
        f"[{seq:d},{ts_ms:d},{_q(kind)},{'null' if org is None else _q(org)},"
        f"{'null' if fld is None else _q(fld)},{'null' if purpose is None else _q(purpose)},{_q(data_text)}]"
    )


def entry_hash(
    prev: bytes,
    seq: int,
    ts_ms: int,
    kind: str,
    org: str | None,
    fld: str | None,
    purpose: str | None,
    data_text: str,
) -> bytes:
    return _sha256(prev + entry_body(seq, ts_ms, kind, org, fld, purpose, data_text).encode("utf-8")).digest()


def checkpoint_message(vault_id: str, seq: int, head: bytes) -> bytes:
    return f"pdvault-checkpoint-v1:{vault_id}:{seq}:{head.hex()}".encode()


@dataclass(frozen=True)
class HistoryEntry:
    seq: int
    ts_ms: int
    kind: str
    org: str | None
    field: str | None
    purpose: str | None
    data: dict[str, Any]
    prev_hash: bytes
    hash: bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "ts_ms": self.ts_ms,
            "kind": self.kind,
            "org": self.org,
            "field": self.field,
            "purpose": self.purpose,
            "data": self.data,
            "prev_hash": self.prev_hash.hex(),
            "hash": self.hash.hex(),
        }


@dataclass(frozen=True)
class HistoryFilter:
    kinds: Sequence[str] = ()
    org: str | None = None
    field: str | None = None
    since_ms: int | None = None
    until_ms: int | None = None

    def where(self) -> tuple[str, list[Any]]:
        """The storage's condition for the entries this filter matches."""
        return hstore.matching(self.kinds, self.org, self.field, self.since_ms, self.until_ms)


@dataclass
class VerifyReport:
    ok: bool
    entries: int
    checkpoints: int = 0
    first_bad_seq: int | None = None
    problem: str | None = None
    head_seq: int = 0
    head_hash: str = ""
    notes: list[str] = field(default_factory=list)
    #: entries up to this one were not re-read (checked from the last verified checkpoint); 0 for the whole
    #: chain
    since_seq: int = 0

    def to_json(self) -> dict[str, Any]:
        out = {
            "ok": self.ok,
            "entries": self.entries,
            "checkpoints": self.checkpoints,
            "first_bad_seq": self.first_bad_seq,
            "problem": self.problem,
            "head_seq": self.head_seq,
            "head_hash": self.head_hash,
        }
        if self.since_seq:
            out["since_seq"] = self.since_seq
        return out


def _row_to_entry(r: Sequence[Any]) -> HistoryEntry:
    return HistoryEntry(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6]), bytes(r[7]), bytes(r[8]))


class History:
    def __init__(self, db: Database, vault_id: str, clock: Clock, signer: Ed25519PrivateKey) -> None:
        self.db = db
        self.vault_id = vault_id
        self.clock = clock
        self.signer = signer
        self.public_key: Ed25519PublicKey = signer.public_key()

    # -- writing ---------------------------------------------------------------------------------------------
    def append(
        self,
        conn: Any,
        kind: str,
        *,
        org: str | None = None,
        field: str | None = None,
        purpose: str | None = None,
        data: dict[str, Any] | None = None,
    ) -> HistoryEntry:
        """Append inside the caller's transaction (``conn`` from ``db.transaction()``), so an event and the
        change it records commit together or not at all."""
        last = hstore.last_in(conn)
        seq, prev = (last[0] + 1, last[1]) if last else (1, genesis_hash(self.vault_id))
        ts_ms = int(self.clock.now() * 1000)
        text = canonical_data(data)
        h = entry_hash(prev, seq, ts_ms, kind, org, field, purpose, text)
        hstore.insert(conn, [(seq, ts_ms, kind, org, field, purpose, text, prev, h)])
        if seq % CHECKPOINT_EVERY == 0:
            self._checkpoint(conn, seq, h, ts_ms)
        return HistoryEntry(seq, ts_ms, kind, org, field, purpose, data or {}, prev, h)

    def append_many(
        self,
        conn: Any,
        events: Iterable[tuple[str, str | None, str | None, str | None, dict[str, Any] | None]],
    ) -> int:
        """Bulk append (imports, benchmarks): same chain rules, one head read."""
        last = hstore.last_in(conn)
        seq, prev = last if last else (0, genesis_hash(self.vault_id))
        ts_ms = int(self.clock.now() * 1000)
        batch = []
        n = 0
        for kind, org, fld, purpose, data in events:
            seq += 1
            text = canonical_data(data)
            h = entry_hash(prev, seq, ts_ms, kind, org, fld, purpose, text)
            batch.append((seq, ts_ms, kind, org, fld, purpose, text, prev, h))
            prev = h
            n += 1
            if seq % CHECKPOINT_EVERY == 0:
                hstore.insert(conn, batch)
                batch = []
                self._checkpoint(conn, seq, h, ts_ms)
        if batch:
            hstore.insert(conn, batch)
        return n

    def _checkpoint(self, conn: Any, seq: int, head: bytes, ts_ms: int) -> None:
        sig = self.signer.sign(checkpoint_message(self.vault_id, seq, head))
        hstore.put_checkpoint(conn, seq, head, ts_ms, sig)

    def checkpoint_now(self) -> None:
        """Sign the current head (on lock, export and backup), unless it is already signed."""
        head = self.head()
        if head[0] == 0:
            return
        with self.db.transaction("sign the history") as conn:
            if not hstore.has_checkpoint_in(conn, head[0]):
                self._checkpoint(conn, head[0], head[1], int(self.clock.now() * 1000))

    # -- reading ---------------------------------------------------------------------------------------------
    def head(self) -> tuple[int, bytes]:
        return hstore.last(self.db) or (0, genesis_hash(self.vault_id))

    def hash_at(self, seq: int) -> bytes | None:
        return hstore.hash_at(self.db, seq)

    def count(self, flt: HistoryFilter | None = None) -> int:
        f = flt or HistoryFilter()
        if not f.field:  # the counts kept by trigger answer this without reading the entries
            n = hstore.count(self.db, f.kinds, f.org, f.since_ms, f.until_ms)
            if n is not None:
                return n
        where, params = f.where()
        return hstore.count_matching(self.db, where, params)

    def page(
        self,
        flt: HistoryFilter | None = None,
        *,
        before_seq: int | None = None,
        limit: int = 100,
        oldest_first: bool = False,
    ) -> list[HistoryEntry]:
        """A page of entries, newest first by default; continue with ``before_seq`` = last seq seen."""
        where, params = (flt or HistoryFilter()).where()
        rows = hstore.page(
            self.db, where, params, before_seq=before_seq, limit=limit, oldest_first=oldest_first
        )
        return [_row_to_entry(r) for r in rows]

    def latest_of_kind(self, kind: str, org: str) -> HistoryEntry | None:
        """The newest entry of a rare ``kind`` about ``org`` (found through the kind's entries)."""
        row = hstore.latest_of_kind(self.db, kind, org)
        return _row_to_entry(row) if row is not None else None

    def iter_all(self, flt: HistoryFilter | None = None, batch: int = 5000) -> Iterable[HistoryEntry]:
        last = 0
        while True:
            rows = self.page(flt, before_seq=last, limit=batch, oldest_first=True)
            if not rows:
                return
            yield from rows
            last = rows[-1].seq

    def distinct(self, column: str) -> list[str]:
        if column not in ("kind", "org", "field"):
            raise ValueError(column)
        return hstore.distinct(self.db, column)

    def activity(self, flt: HistoryFilter | None, bucket_ms: int) -> list[tuple[int, str | None, int]]:
        """``(bucket start, org or None, entries)`` per time bucket, sorted: from the counts kept by
        trigger when they can answer (whole-day buckets, no field filter), else counted over the matching
        entries."""
        f = flt or HistoryFilter()
        if not f.field:
            rows = hstore.activity(self.db, bucket_ms, f.kinds, f.org, f.since_ms, f.until_ms)
            if rows is not None:
                return rows
        where, params = f.where()
        return hstore.activity_matching(self.db, bucket_ms, where, params)

    # -- verification ----------------------------------------------------------------------------------------
    def verify(self, progress: Callable[[int, int], None] | None = None) -> VerifyReport:
        """Recompute the whole chain and check every signed checkpoint. Names the first bad entry."""
        return run_steps(self.verify_steps(progress))

    def verify_recent(self, progress: Callable[[int, int], None] | None = None) -> VerifyReport:
        """Check the entries and checkpoints written since the last signed checkpoint that a verification
        found intact (its signature, and that the entry it names still has its hash, are checked again);
        the whole chain when there is no such mark, or when the mark no longer matches. What lies before
        the mark was checked then; only :meth:`verify` re-reads it."""
        return run_steps(self.verify_steps(progress, recent=True))

    def verify_steps(
        self, progress: Callable[[int, int], None] | None = None, *, recent: bool = False
    ) -> Generator[None, None, VerifyReport]:
        """:meth:`verify` (or :meth:`verify_recent`) as steps: it yields after every batch of entries (a
        few tens of milliseconds of work), so whoever owns the database thread can run other work in
        between, and returns the report. The read snapshot stays open across the steps (one consistent read
        of the chain, on the reader connection: the vault's connection is not held up meanwhile)."""
        mark = None
        if recent:
            with contextlib.suppress(VaultError):
                mark = hstore.verified_mark(self.db)
        try:
            with self.db.read_snapshot("verify the history") as snap:
                report, last_cp = yield from self._walk(snap, mark, progress)
        except VaultError as exc:
            return VerifyReport(False, 0, problem=f"The history could not be read: {exc}")
        if report.ok and last_cp is not None and (mark is None or last_cp[0] > mark[0]):
            with contextlib.suppress(VaultError), self.db.transaction("remember the verified history") as tx:
                hstore.set_verified_mark(tx, last_cp[0], last_cp[1], int(self.clock.now() * 1000))
        return report

    def _trusted_mark(self, snap: Snapshot, mark: tuple[int, bytes]) -> bool:
        """Whether the mark still names a signed checkpoint, with a valid signature, over the entry it
        names."""
        seq, head = mark
        cps = hstore.snapshot_checkpoints(snap, seq - 1)
        if not cps or cps[0][0] != seq or cps[0][1] != head:
            return False
        try:
            self.public_key.verify(cps[0][2], checkpoint_message(self.vault_id, seq, head))
        except InvalidSignature:
            return False
        stored = hstore.snapshot_hash_at(snap, seq)
        return stored is not None and bytes(stored) == head

    def _walk(
        self, snap: Snapshot, mark: tuple[int, bytes] | None, progress: Callable[[int, int], None] | None
    ) -> Generator[None, None, tuple[VerifyReport, tuple[int, bytes] | None]]:
        head = hstore.snapshot_head(snap)
        total = (
            head[0] if head else 0
        )  # entries are numbered 1..n, so this is the count when the chain is whole
        notes: list[str] = []
        if mark is not None and not self._trusted_mark(snap, mark):
            notes.append(
                "The mark of the last verified checkpoint did not match: the whole chain was checked."
            )
            mark = None
        start, prev = mark if mark is not None else (0, genesis_hash(self.vault_id))
        if mark is not None:
            notes.append(f"Checked from the verified checkpoint at entry {start}.")
        expected_seq = start + 1
        checked = 0
        cps = hstore.snapshot_checkpoints(snap, start)
        signed = {cseq: chash for cseq, chash, _sig in cps}
        signed_seqs = iter(sorted(signed))
        next_signed = next(signed_seqs, None)
        step_end = VERIFY_BATCH
        try:
            for rows in hstore.chain_batches(snap, start, min(FETCH_ROWS, VERIFY_BATCH)):
                i = 0
                while i < len(rows):
                    # the rows from i on that link and hash (the common case: all of them)
                    ok = _linked_run(rows, i, prev)
                    end = i + ok
                    # the signed checkpoints among them hold their hashes
                    while next_signed is not None and next_signed < expected_seq + end - i:
                        if rows[i + next_signed - expected_seq][0] != signed[next_signed]:
                            end = i + next_signed - expected_seq
                            break
                        next_signed = next(signed_seqs, None)
                    if end > i:
                        prev = rows[end - 1][0]
                        expected_seq += end - i
                        checked += end - i
                        i = end
                    if i == len(rows):
                        break
                    # The exact check of the entry where the fast one stopped, with the Python-built text: it
                    # names what is wrong, or finds the entry intact (its SQL-built text differed), and then
                    # the walk goes on after it.
                    seq = hstore.next_seq(snap, expected_seq - 1)
                    bad = self._check_entry(
                        snap, seq if seq is not None else expected_seq, expected_seq, prev, signed
                    )
                    if bad is not None:
                        return replace(bad, entries=checked, notes=notes), None
                    if next_signed == expected_seq:
                        next_signed = next(signed_seqs, None)
                    prev = rows[i][0]
                    expected_seq += 1
                    checked += 1
                    i += 1
                if checked >= step_end:
                    step_end += VERIFY_BATCH * ((checked - step_end) // VERIFY_BATCH + 1)
                    if progress:
                        progress(checked, total - start)
                    yield
        except VaultError as exc:  # a damaged page surfaces here
            return VerifyReport(
                False,
                checked,
                first_bad_seq=expected_seq,
                notes=notes,
                problem=f"The database could not be read at entry {expected_seq}: {exc}.",
            ), None
        if progress:
            progress(checked, total - start)
        if head is not None and head[0] != expected_seq - 1:
            # Every link and hash held, yet the numbers do not run on: only someone who recomputed the hashes
            # after deleting or renumbering entries leaves this. Ascending numbers after ``start``, as many as
            # the last one is past it, can only be start+1, start+2, ...; so this one test covers them all.
            gap = hstore.first_misnumbered(snap, start)
            if gap is not None:
                bad = self._check_entry(snap, gap[1], gap[0], prev, signed)
                if bad is not None:
                    return replace(bad, entries=checked, notes=notes), None
        last_cp = None
        for cseq, chash, sig in cps:
            try:
                self.public_key.verify(sig, checkpoint_message(self.vault_id, cseq, chash))
            except InvalidSignature:
                return VerifyReport(
                    False,
                    checked,
                    first_bad_seq=cseq,
                    notes=notes,
                    problem=f"The signed checkpoint at entry {cseq} has an invalid signature.",
                ), None
            if cseq >= expected_seq:
                return VerifyReport(
                    False,
                    checked,
                    first_bad_seq=cseq,
                    notes=notes,
                    problem=f"Entry {cseq} was signed in a checkpoint but is missing now: the "
                    "history was truncated.",
                ), None
            last_cp = (cseq, chash)
        if last_cp is None and mark is not None:
            last_cp = mark
        report = VerifyReport(
            True,
            checked,
            checkpoints=len(cps),
            head_seq=expected_seq - 1,
            head_hash=prev.hex(),
            notes=notes,
            since_seq=start,
        )
        return report, last_cp

    def _check_entry(
        self, snap: Snapshot, seq: int, expected_seq: int, prev: bytes, signed: dict[int, bytes]
    ) -> VerifyReport | None:
        """The exact checks of one entry, with its text rebuilt in Python (the reference,
        :func:`entry_body`). None when the entry is intact (its SQL-built text differed, which the fast
        path cannot tell apart)."""
        if seq != expected_seq:
            what = "missing" if seq > expected_seq else "duplicated"
            return VerifyReport(
                False,
                0,
                first_bad_seq=expected_seq,
                problem=f"Entry {expected_seq} is {what} (next entry found is {seq}).",
            )
        row = hstore.entry_columns(snap, seq)
        if row is None:
            return VerifyReport(
                False, 0, first_bad_seq=expected_seq, problem=f"Entry {expected_seq} is missing."
            )
        _seq, ts_ms, kind, org, fld, purpose, data, ph, h = row
        if ph != prev:
            return VerifyReport(
                False,
                0,
                first_bad_seq=seq,
                problem=f"Entry {seq} does not link to entry {seq - 1}: the chain was cut or an "
                "earlier entry was changed.",
            )
        try:
            body = entry_body(seq, ts_ms, kind, org, fld, purpose, data)
        except (TypeError, ValueError):  # a column rewritten with a value of another type
            body = ""
        if not body or _sha256(prev + body.encode()).digest() != h:
            return VerifyReport(
                False,
                0,
                first_bad_seq=seq,
                problem=f"Entry {seq} ({kind}) was altered after it was written: its content no "
                "longer matches its hash.",
            )
        if seq in signed and signed[seq] != h:
            return VerifyReport(
                False,
                0,
                first_bad_seq=seq,
                problem=f"Entry {seq} differs from the signed checkpoint: the history was rewritten.",
            )
        return None


def _linked_run(rows: list[tuple[Any, ...]], start: int, prev: bytes) -> int:
    """How many of ``rows[start:]`` (``(hash, linked)`` pairs, see :func:`hstore.chain_batches`) link on
    from ``prev`` and hash to their stored hash, one after another. Runs once per entry (a million in a big
    vault), so the loop does only that; where it stopped is looked up afterwards."""
    sha = _sha256
    for h, linked in itertools.islice(rows, start, None) if start else rows:
        if not linked.startswith(prev) or sha(linked).digest() != h:
            return next(j for j in range(start, len(rows)) if rows[j][1] is linked) - start
        prev = h
    return len(rows) - start


def run_steps(steps: Generator[None, None, VerifyReport]) -> VerifyReport:
    """Run a stepwise verification to its end and return its report."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            report: VerifyReport = done.value
            return report
