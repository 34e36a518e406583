"""The organisation's grant registry: everything the gateway accepted or will hand out, in SQL.

Grants and verification responses (metadata; the values stay inside the encrypted token), the status lists
subjects pushed, refusals and revocation notices, erasure requests, mailbox items (receipts, derived-data
requests, deletion confirmations) and the message ids and challenges already used. SQLite is the embedded
default, PostgreSQL (psycopg 3) the production database; the same statements run on both (:mod:`.db`). Every
delivery is stored in one transaction together with its replay key, so a message is either stored once with
its
acknowledgement or not at all.

This package is the only place that holds the registry's SQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from vault_app.domain.clock import Clock, SystemClock
from vault_app.domain.errors import ConflictError, IntegrityError
from vault_app.gateway.registry.db import Database, Duplicate, connect
from vault_app.gateway.registry.migrations import LATEST, MIGRATIONS
from vault_app.protocol.codec import peek
from vault_app.protocol.statuslist import StatusList

__all__ = [
    "Duplicate",
    "ErasureRow",
    "GrantRow",
    "GrantState",
    "GrantStatus",
    "InboxRow",
    "MailboxItem",
    "NoticeRow",
    "Registry",
    "StaleList",
    "StatusListRow",
]


class StaleList(ConflictError):
    """A status list older than (or as old as) the one already held."""

    reason = "stale-status-list"


@dataclass(frozen=True)
class InboxRow:
    id: str  # "<sender> <jti>", or "<sender> list <iat>" for a status list
    kind: str
    sender: str
    token_hash: str
    token: str
    received_at: int
    ack: str


@dataclass(frozen=True)
class GrantRow:
    id: str
    kind: str  # "grant" or "verification-response"
    subject: str
    request_id: str
    issued_at: int
    expires_at: int
    status_uri: str | None
    status_idx: int | None
    fields: tuple[str, ...]
    refines: str | None
    received_at: int


@dataclass(frozen=True)
class StatusListRow:
    uri: str
    issuer: str
    token: str
    issued_at: int
    expires_at: int | None
    ttl: int | None
    received_at: int


@dataclass(frozen=True)
class NoticeRow:
    id: str
    kind: str  # "refusal" or "revocation"
    subject: str
    ref: str  # the request refused or the grant revoked
    at: int


@dataclass(frozen=True)
class ErasureRow:
    id: str
    subject: str
    grants: tuple[str, ...]
    fields: tuple[str, ...]
    include_derived: bool
    received_at: int


@dataclass(frozen=True)
class MailboxItem:
    id: str
    subject: str
    kind: str
    ref: str | None
    token: str
    created_at: int
    expires_at: int


class GrantState(StrEnum):
    VALID = "valid"
    EXPIRING = "expiring"
    LIST_STALE = "list-stale"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"
    REVOKED = "revoked"
    ERASED = "erased"


@dataclass(frozen=True)
class GrantStatus:
    grant: GrantRow
    state: GrantState
    revoked_by: str | None  # "notice" or "status-list"
    superseded_by: str | None
    erasure: str | None
    list_issued_at: int | None

    def to_json(self) -> dict[str, Any]:
        g = self.grant
        return {
            "grant_id": g.id,
            "kind": g.kind,
            "state": self.state.value,
            "subject": g.subject,
            "request_id": g.request_id,
            "issued_at": g.issued_at,
            "expires_at": g.expires_at,
            "fields": list(g.fields),
            "status_uri": g.status_uri,
            "status_idx": g.status_idx,
            "refines": g.refines,
            "superseded_by": self.superseded_by,
            "revoked_by": self.revoked_by,
            "erasure": self.erasure,
            "list_issued_at": self.list_issued_at,
            "received_at": g.received_at,
        }


_GRANT_COLS = (
    "id, kind, subject, request_id, issued_at, expires_at, status_uri, status_idx, fields, refines, "
    "received_at"
)
_LIST_COLS = "uri, issuer, token, issued_at, expires_at, ttl, received_at"


def _grant(r: Sequence[Any]) -> GrantRow:
    return GrantRow(
        str(r[0]),
        str(r[1]),
        str(r[2]),
        str(r[3]),
        int(r[4]),
        int(r[5]),
        r[6],
        None if r[7] is None else int(r[7]),
        tuple(json.loads(r[8])),
        r[9],
        int(r[10]),
    )


def _list(r: Sequence[Any]) -> StatusListRow:
    return StatusListRow(
        str(r[0]),
        str(r[1]),
        str(r[2]),
        int(r[3]),
        None if r[4] is None else int(r[4]),
        None if r[5] is None else int(r[5]),
        int(r[6]),
    )


class Registry:
    """The registry over one database connection (not shared between processes; each opens its own)."""

    def __init__(self, db: Database, *, clock: Clock | None = None) -> None:
        self.db = db
        self.clock: Clock = clock or SystemClock()

    @classmethod
    def open(cls, url: str, *, clock: Clock | None = None, migrate: bool = True) -> Registry:
        reg = cls(connect(url), clock=clock)
        if migrate:
            reg.migrate()
        return reg

    def close(self) -> None:
        self.db.close()

    def _now(self) -> int:
        return int(self.clock.now())

    # --- schema -------------------------------------------------------------------------------------------

    def schema_version(self) -> int:
        with self.db.tx() as c:
            c.execute(
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT "
                "NOT NULL)"
            )
            row = c.execute("SELECT MAX(version) FROM schema_version").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def migrate(self) -> int:
        """Apply every migration not yet applied, each in its own transaction. Returns the schema version."""
        version = self.schema_version()
        if version > LATEST:
            raise IntegrityError(
                f"The registry database has schema version {version}, newer than this program ({LATEST}).",
                reason="schema-too-new",
            )
        for number in range(version + 1, LATEST + 1):
            try:
                with self.db.tx() as c:
                    for stmt in MIGRATIONS[number]:
                        c.execute(stmt)
                    c.execute(
                        "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                        (number, self._now()),
                    )
            except Duplicate:
                # another process applied the same migration first
                continue
            except Exception as exc:
                if self.schema_version() >= number:  # raced with another process creating the same tables
                    continue
                raise IntegrityError(
                    f"Migration {number} of the registry failed: {exc}", reason="migration"
                ) from None
        return self.schema_version()

    # --- published requests -------------------------------------------------------------------------------

    def add_request(self, request_id: str, kind: str, token: str, issued_at: int, expires_at: int) -> bool:
        """Store one of our requests; False if it was already there (the same id)."""
        try:
            with self.db.tx() as c:
                c.execute(
                    "INSERT INTO requests (id, kind, token, issued_at, expires_at, published_at) VALUES "
                    "(?,?,?,?,?,?)",
                    (request_id, kind, token, issued_at, expires_at, self._now()),
                )
        except Duplicate:
            return False
        return True

    def request_token(self, request_id: str) -> str | None:
        row = self.db.query_one("SELECT token FROM requests WHERE id = ?", (request_id,))
        return None if row is None else str(row[0])

    def request_count(self) -> int:
        row = self.db.query_one("SELECT COUNT(*) FROM requests")
        return int(row[0]) if row else 0

    # --- inbox --------------------------------------------------------------------------------------------

    def ack_for(self, token_hash: str) -> str | None:
        """The acknowledgement of a message already accepted with exactly these bytes."""
        row = self.db.query_one("SELECT ack FROM inbox WHERE token_hash = ?", (token_hash,))
        return None if row is None else str(row[0])

    def is_seen(self, key: str) -> bool:
        return self.db.query_one("SELECT 1 FROM seen_ids WHERE key = ?", (key,)) is not None

    def use_once(self, key: str, expires_at: int) -> bool:
        """Record a single-use id (a challenge); False if it was used before."""
        try:
            with self.db.tx() as c:
                c.execute("INSERT INTO seen_ids (key, expires_at) VALUES (?, ?)", (key, expires_at))
        except Duplicate:
            return False
        return True

    def accept(
        self,
        inbox: InboxRow,
        record: GrantRow | StatusListRow | NoticeRow | ErasureRow,
        *,
        seen: Iterable[tuple[str, int]] = (),
    ) -> None:
        """Store an accepted delivery, its record and its replay keys in one transaction. Raises
        :class:`Duplicate` if the message (or its id) was already stored, :class:`StaleList` for an older
        list."""
        self.accept_many([(inbox, record, tuple(seen))])

    def accept_many(
        self,
        items: Sequence[
            tuple[InboxRow, GrantRow | StatusListRow | NoticeRow | ErasureRow, Iterable[tuple[str, int]]]
        ],
    ) -> None:
        """:meth:`accept` for several deliveries in one transaction (all stored, or none)."""
        with self.db.tx() as c:
            for inbox, record, seen in items:
                self._accept(c, inbox, record, seen)

    def _accept(
        self,
        c: Any,
        inbox: InboxRow,
        record: GrantRow | StatusListRow | NoticeRow | ErasureRow,
        seen: Iterable[tuple[str, int]],
    ) -> None:
        for key, exp in seen:
            c.execute("INSERT INTO seen_ids (key, expires_at) VALUES (?, ?)", (key, exp))
        c.execute(
            "INSERT INTO inbox (id, kind, sender, token_hash, token, received_at, ack) VALUES "
            "(?,?,?,?,?,?,?)",
            (
                inbox.id,
                inbox.kind,
                inbox.sender,
                inbox.token_hash,
                inbox.token,
                inbox.received_at,
                inbox.ack,
            ),
        )
        if isinstance(record, GrantRow):
            c.execute(
                f"INSERT INTO grants ({_GRANT_COLS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    record.id,
                    record.kind,
                    record.subject,
                    record.request_id,
                    record.issued_at,
                    record.expires_at,
                    record.status_uri,
                    record.status_idx,
                    json.dumps(list(record.fields)),
                    record.refines,
                    record.received_at,
                ),
            )
        elif isinstance(record, StatusListRow):
            old = c.execute("SELECT issued_at FROM status_lists WHERE uri = ?", (record.uri,)).fetchone()
            if old is not None and int(old[0]) >= record.issued_at:
                raise StaleList("A status list at least as new as this one is already held.")
            if old is not None:
                c.execute("DELETE FROM status_lists WHERE uri = ?", (record.uri,))
            c.execute(
                f"INSERT INTO status_lists ({_LIST_COLS}) VALUES (?,?,?,?,?,?,?)",
                (
                    record.uri,
                    record.issuer,
                    record.token,
                    record.issued_at,
                    record.expires_at,
                    record.ttl,
                    record.received_at,
                ),
            )
        elif isinstance(record, NoticeRow):
            c.execute(
                "INSERT INTO notices (id, kind, subject, ref, at) VALUES (?,?,?,?,?)",
                (record.id, record.kind, record.subject, record.ref, record.at),
            )
        else:
            c.execute(
                "INSERT INTO erasures (id, subject, grants, fields, include_derived, received_at) VALUES "
                "(?,?,?,?,?,?)",
                (
                    record.id,
                    record.subject,
                    json.dumps(list(record.grants)),
                    json.dumps(list(record.fields)),
                    int(record.include_derived),
                    record.received_at,
                ),
            )
            for gid in record.grants:
                c.execute("INSERT INTO erasure_grants (grant_id, erasure_id) VALUES (?, ?)", (gid, record.id))

    def inbox_count(self, kind: str | None = None) -> int:
        if kind is None:
            row = self.db.query_one("SELECT COUNT(*) FROM inbox")
        else:
            row = self.db.query_one("SELECT COUNT(*) FROM inbox WHERE kind = ?", (kind,))
        return int(row[0]) if row else 0

    def inbox_ids(self) -> list[str]:
        return [str(r[0]) for r in self.db.query("SELECT id FROM inbox ORDER BY id")]

    def inbox_token(self, message_id: str) -> str | None:
        row = self.db.query_one("SELECT token FROM inbox WHERE id = ?", (message_id,))
        return None if row is None else str(row[0])

    def prune_seen(self, before: int) -> int:
        """Forget replay keys of messages that expired before ``before`` (they fail the expiry check
        anyway)."""
        with self.db.tx() as c:
            n = c.execute("SELECT COUNT(*) FROM seen_ids WHERE expires_at < ?", (before,)).fetchone()
            c.execute("DELETE FROM seen_ids WHERE expires_at < ?", (before,))
        return int(n[0]) if n else 0

    # --- lookups ------------------------------------------------------------------------------------------

    def grant(self, grant_id: str) -> GrantRow | None:
        row = self.db.query_one(f"SELECT {_GRANT_COLS} FROM grants WHERE id = ?", (grant_id,))
        return None if row is None else _grant(row)

    def grants(self) -> list[GrantRow]:
        return [
            _grant(r) for r in self.db.query(f"SELECT {_GRANT_COLS} FROM grants ORDER BY received_at, id")
        ]

    def subjects_for_status_uri(self, uri: str) -> set[str]:
        return {
            str(r[0])
            for r in self.db.query("SELECT DISTINCT subject FROM grants WHERE status_uri = ?", (uri,))
        }

    def status_list(self, uri: str) -> StatusListRow | None:
        row = self.db.query_one(f"SELECT {_LIST_COLS} FROM status_lists WHERE uri = ?", (uri,))
        return None if row is None else _list(row)

    def notices(self) -> list[NoticeRow]:
        rows = self.db.query("SELECT id, kind, subject, ref, at FROM notices ORDER BY at, id")
        return [NoticeRow(str(r[0]), str(r[1]), str(r[2]), str(r[3]), int(r[4])) for r in rows]

    def erasures(self) -> list[ErasureRow]:
        rows = self.db.query(
            "SELECT id, subject, grants, fields, include_derived, received_at FROM erasures ORDER BY "
            "received_at, id"
        )
        return [
            ErasureRow(
                str(r[0]), str(r[1]), tuple(json.loads(r[2])), tuple(json.loads(r[3])), bool(r[4]), int(r[5])
            )
            for r in rows
        ]

    def confirm_erasure(self, erasure_id: str, confirmation_id: str, at: int) -> None:
        with self.db.tx() as c:
            c.execute(
                "UPDATE erasures SET confirmation_id = ?, confirmed_at = ? WHERE id = ?",
                (confirmation_id, at, erasure_id),
            )

    # --- mailbox ------------------------------------------------------------------------------------------

    def put_mail(self, item: MailboxItem) -> None:
        """Queue a message for its subject; :class:`Duplicate` if that message id is already queued."""
        with self.db.tx() as c:
            c.execute(
                "INSERT INTO mailbox (id, subject, kind, ref, token, created_at, expires_at) VALUES "
                "(?,?,?,?,?,?,?)",
                (item.id, item.subject, item.kind, item.ref, item.token, item.created_at, item.expires_at),
            )

    def take_mail(self, subject: str, acked: Sequence[str] = (), *, limit: int = 100) -> list[MailboxItem]:
        """Mark ``acked`` items as received by the subject, then return the items still waiting (at most
        ``limit``); items stay until acknowledged, so a lost answer is simply fetched again."""
        now = self._now()
        with self.db.tx() as c:
            for mid in acked:
                c.execute(
                    "UPDATE mailbox SET acked_at = ? WHERE id = ? AND subject = ? AND acked_at IS NULL",
                    (now, mid, subject),
                )
            rows = c.execute(
                "SELECT id, subject, kind, ref, token, created_at, expires_at FROM mailbox "
                "WHERE subject = ? AND acked_at IS NULL ORDER BY created_at, id",
                (subject,),
            ).fetchall()[:limit]
            for r in rows:
                c.execute("UPDATE mailbox SET fetched_at = ? WHERE id = ?", (now, r[0]))
        return [
            MailboxItem(str(r[0]), str(r[1]), str(r[2]), r[3], str(r[4]), int(r[5]), int(r[6])) for r in rows
        ]

    def mail_counts(self) -> dict[str, int]:
        rows = self.db.query("SELECT kind, COUNT(*) FROM mailbox GROUP BY kind")
        return {str(r[0]): int(r[1]) for r in rows}

    def mail_state(self, mail_id: str) -> tuple[int | None, int | None] | None:
        row = self.db.query_one("SELECT fetched_at, acked_at FROM mailbox WHERE id = ?", (mail_id,))
        return None if row is None else (row[0], row[1])

    # --- the registry view --------------------------------------------------------------------------------

    def grant_statuses(
        self, *, now: int | None = None, expiring_within: int = 7 * 86400
    ) -> list[GrantStatus]:
        """Every grant with its state, decided in this order: erased, revoked (notice or status list),
        superseded, expired, list stale (no list pushed, or the list's ``exp`` or ``ttl`` has run out),
        expiring (within ``expiring_within`` seconds), valid."""
        now = self._now() if now is None else now
        grants = self.grants()
        revoked_notices = {n.ref for n in self.notices() if n.kind == "revocation"}
        erased: dict[str, str] = {
            str(r[0]): str(r[1]) for r in self.db.query("SELECT grant_id, erasure_id FROM erasure_grants")
        }
        superseded = {g.refines: g.id for g in grants if g.refines}
        lists: dict[str, tuple[StatusListRow, StatusList | None]] = {}
        out = []
        for g in grants:
            state: GrantState
            revoked_by = None
            list_iat = None
            sl_entry = None
            if g.status_uri:
                if g.status_uri not in lists:
                    row = self.status_list(g.status_uri)
                    if row is not None:
                        lists[g.status_uri] = (row, _decode_list(row.token))
                sl_entry = lists.get(g.status_uri)
            if sl_entry is not None:
                list_iat = sl_entry[0].issued_at
            if g.id in revoked_notices:
                revoked_by = "notice"
            undecidable = False
            if g.id not in revoked_notices and sl_entry is not None and g.status_idx is not None:
                bits = sl_entry[1]
                if bits is None or g.status_idx >= len(bits):
                    undecidable = True  # the list cannot say: as good as no list
                elif bits.is_revoked(g.status_idx):
                    revoked_by = "status-list"
            if g.id in erased:
                state = GrantState.ERASED
            elif revoked_by:
                state = GrantState.REVOKED
            elif g.id in superseded:
                state = GrantState.SUPERSEDED
            elif g.expires_at <= now:
                state = GrantState.EXPIRED
            elif g.kind == "grant" and (sl_entry is None or undecidable or _stale(sl_entry[0], now)):
                state = GrantState.LIST_STALE
            elif g.expires_at <= now + expiring_within:
                state = GrantState.EXPIRING
            else:
                state = GrantState.VALID
            out.append(GrantStatus(g, state, revoked_by, superseded.get(g.id), erased.get(g.id), list_iat))
        return out


def _stale(row: StatusListRow, now: int) -> bool:
    if row.expires_at is not None and row.expires_at <= now:
        return True
    return row.ttl is not None and row.issued_at + row.ttl <= now


def _decode_list(token: str) -> StatusList | None:
    """The bits of a list that was verified when it was accepted (None if it cannot be read back)."""
    try:
        return StatusList.from_json(peek(token)[1].get("status_list"))
    except Exception:
        return None
