"""Reads of the history tables that must stay fast at a million entries: the chain in batches on a read
snapshot, the counts kept by triggers (chart, totals, filter pickers) and the mark of the last verified
checkpoint.

The chain rows come with the text each entry hashes already built by SQLite (``json_array``), which renders
the same bytes as :func:`vault_app.history.chain.entry_body` for every value that entry can hold (a test
compares them); the verifier still rebuilds the text in Python whenever the two could differ, so this only
saves time.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from vault_app.storage.db import Database, Snapshot, Tx

DAY_MS = 86_400_000


# A value of the wrong storage class must never render like the right one: json_array would read a BLOB as
# JSONB (so a blob could print as the original string). No entry holds a blob in these columns, so a row with
# one gets an empty text, which fails the check and falls to the Python check, which refuses it.
# ``col >= x''`` is true for a BLOB only (NULL, numbers and text all sort below any blob), and one OR over the
# columns costs less than a typeof() test per column (bench_history.py: about 0.3 s of 3 s at a million
# entries).
_COLUMNS = ("ts_ms", "kind", "org", "field", "purpose", "data")
_ANY_BLOB = " OR ".join(f"{c} >= x''" for c in _COLUMNS)
# One value per entry besides its hash: the stored link to the previous entry followed by the UTF-8 text the
# hash covers, as a BLOB, which is exactly the input of the entry's SHA-256. Concatenated by SQLite rather
# than handed over as two columns: each value handed to Python costs about as much as hashing it
# (bench_history.py). The entry's number is inside the text, so the hash covers it; a NULL link, which no
# entry holds, reads as empty.
_LINKED = (
    f"CASE WHEN prev_hash IS NULL OR {_ANY_BLOB} THEN x'' "
    f"ELSE CAST(prev_hash || json_array(seq, {', '.join(_COLUMNS)}) AS BLOB) END"
)
_CHAIN_SQL = f"SELECT hash, {_LINKED} FROM history WHERE seq > ? ORDER BY seq"
_ENTRY_SQL = "SELECT seq, ts_ms, kind, org, field, purpose, data, prev_hash, hash FROM history WHERE seq = ?"


def chain_batches(snap: Snapshot, after_seq: int = 0, size: int = 5000) -> Iterator[list[tuple[Any, ...]]]:
    """``(hash, linked)`` of the entries after ``after_seq``, in order of their numbers, in lists; ``linked``
    is the entry's stored ``prev_hash`` followed by the UTF-8 text its hash covers (the whole input of that
    hash), as bytes, or empty bytes when a column holds a value no entry can hold."""
    return snap.batches(_CHAIN_SQL, (after_seq,), size)


def next_seq(snap: Snapshot, after_seq: int) -> int | None:
    """The number of the first entry after ``after_seq`` (None when there is none)."""
    row = snap.one("SELECT seq FROM history WHERE seq > ? ORDER BY seq LIMIT 1", (after_seq,))
    return int(row[0]) if row else None


def first_misnumbered(snap: Snapshot, after_seq: int) -> tuple[int, int] | None:
    """``(number expected, number found)`` at the first entry after ``after_seq`` whose number is not the
    next one (None when they run on without a gap)."""
    row = snap.one(
        "SELECT n, seq FROM (SELECT ? + row_number() OVER (ORDER BY seq) AS n, seq FROM history "
        "WHERE seq > ?) WHERE seq != n LIMIT 1",
        (after_seq, after_seq),
    )
    return (int(row[0]), int(row[1])) if row else None


def entry_columns(snap: Snapshot, seq: int) -> tuple[Any, ...] | None:
    """The stored columns of one entry: ``(seq, ts_ms, kind, org, field, purpose, data, prev_hash, hash)``."""
    row = snap.one(_ENTRY_SQL, (seq,))
    return tuple(row) if row is not None else None


def snapshot_head(snap: Snapshot) -> tuple[int, bytes] | None:
    row = snap.one("SELECT seq, hash FROM history ORDER BY seq DESC LIMIT 1")
    return (int(row[0]), bytes(row[1])) if row else None


def snapshot_hash_at(snap: Snapshot, seq: int) -> Any:
    row = snap.one("SELECT hash FROM history WHERE seq = ?", (seq,))
    return row[0] if row else None


def snapshot_checkpoints(snap: Snapshot, after_seq: int = 0) -> list[tuple[int, bytes, bytes]]:
    return [
        (int(r[0]), bytes(r[1]), bytes(r[2]))
        for r in snap.all(
            "SELECT seq, hash, signature FROM checkpoints WHERE seq > ? ORDER BY seq", (after_seq,)
        )
    ]


# -- the last verified checkpoint ----------------------------------------------------------------------------
def verified_mark(db: Database) -> tuple[int, bytes] | None:
    row = db.query_one("SELECT seq, hash FROM history_verified WHERE id = 1")
    return (int(row[0]), bytes(row[1])) if row else None


def set_verified_mark(tx: Tx, seq: int, head: bytes, ts_ms: int) -> None:
    tx.execute(
        "INSERT INTO history_verified (id, seq, hash, ts_ms) VALUES (1, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, ts_ms = excluded.ts_ms",
        (seq, head, ts_ms),
    )


# -- counts kept by the history_counted trigger --------------------------------------------------------------
def _counts_where(
    kinds: Sequence[str], org: str | None, since_ms: int | None, until_ms: int | None
) -> tuple[str, list[Any]] | None:
    """The WHERE clause over history_counts for a filter, or None if the counts cannot answer it exactly (a
    time bound inside a day)."""
    clauses: list[str] = []
    params: list[Any] = []
    if kinds:
        clauses.append(f"kind IN ({','.join('?' * len(kinds))})")
        params += list(kinds)
    if org:
        clauses.append("org = ?")
        params.append(org)
    for bound, op in ((since_ms, ">="), (until_ms, "<")):
        if bound is not None:
            if bound % DAY_MS:
                return None
            clauses.append(f"day_ms {op} ?")
            params.append(bound)
    return (" WHERE " + " AND ".join(clauses) if clauses else "", params)


def count(
    db: Database,
    kinds: Sequence[str] = (),
    org: str | None = None,
    since_ms: int | None = None,
    until_ms: int | None = None,
) -> int | None:
    """Entries matching the filter, from the counts (None when the counts cannot answer it)."""
    w = _counts_where(kinds, org, since_ms, until_ms)
    if w is None:
        return None
    row = db.query_one("SELECT coalesce(sum(n), 0) FROM history_counts" + w[0], tuple(w[1]))
    return int(row[0])


def activity(
    db: Database,
    bucket_ms: int,
    kinds: Sequence[str] = (),
    org: str | None = None,
    since_ms: int | None = None,
    until_ms: int | None = None,
) -> list[tuple[int, str | None, int]] | None:
    """``(bucket start, org or None, entries)`` by time bucket (a whole number of days), from the counts;
    None when the counts cannot answer (a bucket shorter than a day, a time bound inside a day)."""
    w = _counts_where(kinds, org, since_ms, until_ms)
    if w is None or bucket_ms <= 0 or bucket_ms % DAY_MS:
        return None
    rows = db.query(
        "SELECT (day_ms / ?) * ? AS bucket, nullif(org, '') AS o, sum(n) FROM history_counts"
        + w[0]
        + " GROUP BY bucket, o ORDER BY bucket, o",
        (bucket_ms, bucket_ms, *w[1]),
    )
    return [(int(b), o, int(n)) for b, o, n in rows]


def distinct(db: Database, column: str) -> list[str]:
    """The distinct kinds, organisations or fields the history mentions, sorted."""
    if column == "field":
        return [r[0] for r in db.query("SELECT field FROM history_fields ORDER BY 1")]
    if column == "kind":
        return [r[0] for r in db.query("SELECT DISTINCT kind FROM history_counts ORDER BY 1")]
    if column == "org":
        return [r[0] for r in db.query("SELECT DISTINCT org FROM history_counts WHERE org != '' ORDER BY 1")]
    raise ValueError(column)


# -- the log itself: appends, the head, pages and counts over the entries ---------------------------------
ROW = "seq, ts_ms, kind, org, field, purpose, data, prev_hash, hash"


def matching(
    kinds: Sequence[str] = (),
    org: str | None = None,
    field: str | None = None,
    since_ms: int | None = None,
    until_ms: int | None = None,
) -> tuple[str, list[Any]]:
    """The WHERE clause (without the word) and its parameters for entries matching a history filter."""
    clauses: list[str] = []
    params: list[Any] = []
    if kinds:
        clauses.append(f"kind IN ({','.join('?' * len(kinds))})")
        params += list(kinds)
    if org:
        clauses.append("org = ?")
        params.append(org)
    if field:
        clauses.append("field = ?")
        params.append(field)
    if since_ms is not None:
        clauses.append("ts_ms >= ?")
        params.append(since_ms)
    if until_ms is not None:
        clauses.append("ts_ms < ?")
        params.append(until_ms)
    return " AND ".join(clauses), params


def last_in(tx: Tx) -> tuple[int, bytes] | None:
    """``(seq, hash)`` of the newest entry, read inside the caller's transaction: the entry this transaction
    appended last, once it appended one (an approval appends four or more: one read instead of one each)."""
    if tx.history_head is not None:
        return tx.history_head
    row = tx.execute("SELECT seq, hash FROM history ORDER BY seq DESC LIMIT 1").fetchone()
    return (int(row[0]), bytes(row[1])) if row else None


def last(db: Database) -> tuple[int, bytes] | None:
    row = db.query_one("SELECT seq, hash FROM history ORDER BY seq DESC LIMIT 1")
    return (int(row[0]), bytes(row[1])) if row else None


def hash_at(db: Database, seq: int) -> bytes | None:
    row = db.query_one("SELECT hash FROM history WHERE seq = ?", (seq,))
    return bytes(row[0]) if row else None


def insert(tx: Tx, rows: Sequence[tuple[Any, ...]]) -> None:
    """Append entries (tuples in the order of :data:`ROW`)."""
    if len(rows) == 1:
        tx.execute(f"INSERT INTO history ({ROW}) VALUES (?,?,?,?,?,?,?,?,?)", rows[0])
    elif rows:
        tx.executemany(f"INSERT INTO history ({ROW}) VALUES (?,?,?,?,?,?,?,?,?)", rows)
    else:
        return
    tx.history_head = (int(rows[-1][0]), bytes(rows[-1][8]))


def put_checkpoint(tx: Tx, seq: int, head: bytes, ts_ms: int, signature: bytes) -> None:
    tx.execute(
        "INSERT OR REPLACE INTO checkpoints (seq, hash, ts_ms, signature) VALUES (?,?,?,?)",
        (seq, head, ts_ms, signature),
    )


def has_checkpoint_in(tx: Tx, seq: int) -> bool:
    return tx.execute("SELECT 1 FROM checkpoints WHERE seq = ?", (seq,)).fetchone() is not None


def count_matching(db: Database, where: str, params: Sequence[Any]) -> int:
    return int(
        db.query_one("SELECT count(*) FROM history" + (f" WHERE {where}" if where else ""), tuple(params))[0]
    )


def page(
    db: Database, where: str, params: Sequence[Any], *, before_seq: int | None, limit: int, oldest_first: bool
) -> list[Any]:
    """Rows (:data:`ROW`) of matching entries, newest first unless ``oldest_first``, after ``before_seq``."""
    args = list(params)
    if before_seq is not None:
        op = ">" if oldest_first else "<"
        where = f"{where} AND seq {op} ?" if where else f"seq {op} ?"
        args.append(before_seq)
    order = "ASC" if oldest_first else "DESC"
    sql = (
        f"SELECT {ROW} FROM history" + (f" WHERE {where}" if where else "") + f" ORDER BY seq {order} LIMIT ?"
    )
    args.append(int(limit))
    return db.query(sql, tuple(args))


def latest_of_kind(db: Database, kind: str, org: str) -> Any:
    """The newest entry (:data:`ROW`) of ``kind`` about ``org``, or None. Walks the entries of that kind
    newest first (``history_by_kind``): for a rare kind (a delivery) that is a few rows, where the planner's
    own choice, the organisation's index, read every entry of a busy organisation (3.4 s at a million)."""
    return db.query_one(
        f"SELECT {ROW} FROM history INDEXED BY history_by_kind WHERE kind = ? AND org = ? "
        "ORDER BY seq DESC LIMIT 1",
        (kind, org),
    )


def activity_matching(
    db: Database, bucket_ms: int, where: str, params: Sequence[Any]
) -> list[tuple[int, str | None, int]]:
    """Entries per time bucket and organisation, counted over the matching entries."""
    sql = (
        "SELECT (ts_ms / ?) * ? AS bucket, org, count(*) FROM history"
        + (f" WHERE {where}" if where else "")
        + " GROUP BY bucket, org ORDER BY bucket, org"
    )
    return [(int(b), o, int(n)) for b, o, n in db.query(sql, (int(bucket_ms), int(bucket_ms), *params))]
