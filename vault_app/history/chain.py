"""Hash-chained, append-only event log kept inside the encrypted database.

Entry n stores ``hash_n = SHA-256(hash_{n-1} || canonical(seq, ts_ms, kind, org, field, purpose, data))`` with
a genesis value bound to the vault id. Every ``CHECKPOINT_EVERY`` entries the head is signed with the
subject's identity key; the latest signed head is also kept outside the database (see
:mod:`vault_app.history.head`) so that swapping in an older copy of the whole database is noticed. Entries
never hold personal values: they name fields, organisations and purposes only (callers pass metadata, and
:func:`_check_data` refuses obvious values).
"""

from __future__ import annotations

import hashlib
import json
import json.encoder
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from vault_app.domain.clock import Clock
from vault_app.domain.errors import VaultError
from vault_app.storage.db import Database, DatabaseError

CHECKPOINT_EVERY = 1000
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
    separators=(",", ":"), ensure_ascii=False)``, built directly because json.dumps costs most of the time of
    verifying a long chain. Byte-for-byte the same (a test compares them)."""
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
        clauses: list[str] = []
        params: list[Any] = []
        if self.kinds:
            clauses.append(f"kind IN ({','.join('?' * len(self.kinds))})")
            params += list(self.kinds)
        if self.org:
            clauses.append("org = ?")
            params.append(self.org)
        if self.field:
            clauses.append("field = ?")
            params.append(self.field)
        if self.since_ms is not None:
            clauses.append("ts_ms >= ?")
            params.append(self.since_ms)
        if self.until_ms is not None:
            clauses.append("ts_ms < ?")
            params.append(self.until_ms)
        return (" AND ".join(clauses), params)


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

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "checkpoints": self.checkpoints,
            "first_bad_seq": self.first_bad_seq,
            "problem": self.problem,
            "head_seq": self.head_seq,
            "head_hash": self.head_hash,
        }


_ROW = "seq, ts_ms, kind, org, field, purpose, data, prev_hash, hash"


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
        row = conn.execute("SELECT seq, hash FROM history ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev = (row[0] + 1, bytes(row[1])) if row else (1, genesis_hash(self.vault_id))
        ts_ms = int(self.clock.now() * 1000)
        text = canonical_data(data)
        h = entry_hash(prev, seq, ts_ms, kind, org, field, purpose, text)
        conn.execute(
            f"INSERT INTO history ({_ROW}) VALUES (?,?,?,?,?,?,?,?,?)",
            (seq, ts_ms, kind, org, field, purpose, text, prev, h),
        )
        if seq % CHECKPOINT_EVERY == 0:
            self._checkpoint(conn, seq, h, ts_ms)
        return HistoryEntry(seq, ts_ms, kind, org, field, purpose, data or {}, prev, h)

    def append_many(
        self,
        conn: Any,
        events: Iterable[tuple[str, str | None, str | None, str | None, dict[str, Any] | None]],
    ) -> int:
        """Bulk append (imports, benchmarks): same chain rules, one head read."""
        row = conn.execute("SELECT seq, hash FROM history ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev = (row[0], bytes(row[1])) if row else (0, genesis_hash(self.vault_id))
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
                conn.executemany(f"INSERT INTO history ({_ROW}) VALUES (?,?,?,?,?,?,?,?,?)", batch)
                batch = []
                self._checkpoint(conn, seq, h, ts_ms)
        if batch:
            conn.executemany(f"INSERT INTO history ({_ROW}) VALUES (?,?,?,?,?,?,?,?,?)", batch)
        return n

    def _checkpoint(self, conn: Any, seq: int, head: bytes, ts_ms: int) -> None:
        sig = self.signer.sign(checkpoint_message(self.vault_id, seq, head))
        conn.execute(
            "INSERT OR REPLACE INTO checkpoints (seq, hash, ts_ms, signature) VALUES (?,?,?,?)",
            (seq, head, ts_ms, sig),
        )

    def checkpoint_now(self) -> None:
        """Sign the current head (on lock, export and backup), unless it is already signed."""
        head = self.head()
        if head[0] == 0:
            return
        with self.db.transaction("sign the history") as conn:
            have = conn.execute("SELECT 1 FROM checkpoints WHERE seq = ?", (head[0],)).fetchone()
            if not have:
                self._checkpoint(conn, head[0], head[1], int(self.clock.now() * 1000))

    # -- reading ---------------------------------------------------------------------------------------------
    def head(self) -> tuple[int, bytes]:
        row = self.db.query_one("SELECT seq, hash FROM history ORDER BY seq DESC LIMIT 1")
        return (int(row[0]), bytes(row[1])) if row else (0, genesis_hash(self.vault_id))

    def hash_at(self, seq: int) -> bytes | None:
        row = self.db.query_one("SELECT hash FROM history WHERE seq = ?", (seq,))
        return bytes(row[0]) if row else None

    def count(self, flt: HistoryFilter | None = None) -> int:
        where, params = (flt or HistoryFilter()).where()
        sql = "SELECT count(*) FROM history" + (f" WHERE {where}" if where else "")
        return int(self.db.query_one(sql, tuple(params))[0])

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
        if before_seq is not None:
            op = ">" if oldest_first else "<"
            where = f"{where} AND seq {op} ?" if where else f"seq {op} ?"
            params.append(before_seq)
        order = "ASC" if oldest_first else "DESC"
        sql = (
            f"SELECT {_ROW} FROM history"
            + (f" WHERE {where}" if where else "")
            + f" ORDER BY seq {order} LIMIT ?"
        )
        params.append(int(limit))
        return [_row_to_entry(r) for r in self.db.query(sql, tuple(params))]

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
        return [
            r[0]
            for r in self.db.query(
                f"SELECT DISTINCT {column} FROM history WHERE {column} IS NOT NULL ORDER BY 1"
            )
        ]

    # -- verification ----------------------------------------------------------------------------------------
    def verify(self, progress: Callable[[int, int], None] | None = None) -> VerifyReport:
        """Recompute the whole chain and check every signed checkpoint. Names the first bad entry."""
        total = self.head()[0]  # entries are numbered 1..n, so this is the count when the chain is whole
        prev = genesis_hash(self.vault_id)
        expected_seq = 1
        checked = 0
        try:
            cps = self.db.query("SELECT seq, hash, signature FROM checkpoints ORDER BY seq")
        except VaultError as exc:
            return VerifyReport(False, checked, problem=f"The signed checkpoints could not be read: {exc}")
        signed = {int(cseq): bytes(chash) for cseq, chash, _sig in cps}
        # The loop below runs once per entry (a million in a big vault): it inlines entry_hash (keep the two
        # in step; tests verify chains that entry_hash built) and binds what it calls to locals.
        q, sha, null = _q, _sha256, "null"
        with self.db._lock:  # one consistent read of the whole chain
            try:
                cur = self.db.conn.execute(f"SELECT {_ROW} FROM history ORDER BY seq")
            except DatabaseError as exc:
                return VerifyReport(
                    False,
                    checked,
                    first_bad_seq=expected_seq,
                    problem=f"The history could not be read: {exc}.",
                )
            while True:
                try:
                    rows = cur.fetchmany(10000)
                except DatabaseError as exc:  # a damaged page surfaces here
                    return VerifyReport(
                        False,
                        checked,
                        first_bad_seq=expected_seq,
                        problem=f"The database could not be read at entry {expected_seq}: {exc}.",
                    )
                if not rows:
                    break
                for seq, ts_ms, kind, org, fld, purpose, data, ph, h in rows:
                    if seq != expected_seq:
                        what = "missing" if seq > expected_seq else "duplicated"
                        return VerifyReport(
                            False,
                            checked,
                            first_bad_seq=expected_seq,
                            problem=f"Entry {expected_seq} is {what} (next entry found is {seq}).",
                        )
                    if ph != prev:
                        return VerifyReport(
                            False,
                            checked,
                            first_bad_seq=seq,
                            problem=f"Entry {seq} does not link to entry {seq - 1}: the chain was "
                            "cut or an earlier entry was changed.",
                        )
                    try:
                        body = (
                            f"[{seq:d},{ts_ms:d},{q(kind)},{null if org is None else q(org)},"
                            f"{null if fld is None else q(fld)},{null if purpose is None else q(purpose)},"
                            f"{q(data)}]"
                        )
                    except (TypeError, ValueError):  # a column rewritten with a value of another type
                        body = ""
                    if not body or sha(prev + body.encode()).digest() != h:
                        return VerifyReport(
                            False,
                            checked,
                            first_bad_seq=seq,
                            problem=f"Entry {seq} ({kind}) was altered after it was written: its "
                            "content no longer matches its hash.",
                        )
                    if seq in signed and signed[seq] != h:
                        return VerifyReport(
                            False,
                            checked,
                            first_bad_seq=seq,
                            problem=f"Entry {seq} differs from the signed checkpoint: the history "
                            "was rewritten.",
                        )
                    prev = h
                    expected_seq += 1
                    checked += 1
                if progress:
                    progress(checked, total)
        for cseq, chash, sig in cps:
            try:
                self.public_key.verify(bytes(sig), checkpoint_message(self.vault_id, cseq, bytes(chash)))
            except InvalidSignature:
                return VerifyReport(
                    False,
                    checked,
                    first_bad_seq=cseq,
                    problem=f"The signed checkpoint at entry {cseq} has an invalid signature.",
                )
            if cseq >= expected_seq:
                return VerifyReport(
                    False,
                    checked,
                    first_bad_seq=cseq,
                    problem=f"Entry {cseq} was signed in a checkpoint but is missing now: the "
                    "history was truncated.",
                )
        return VerifyReport(
            True, checked, checkpoints=len(cps), head_seq=expected_seq - 1, head_hash=prev.hex()
        )
