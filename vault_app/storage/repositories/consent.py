"""Requests, grants and their status lists, receipts, violations, derived data, erasure requests, the
subject's standing rules and the ids of messages already received: the consent engine's tables."""

from __future__ import annotations

import builtins  # classes here have a method named list, which shadows the type in annotations
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from vault_app.domain.consent import (
    OPEN_REQUEST_STATES,
    DerivedState,
    GrantKind,
    GrantState,
    RequestContent,
    RequestKind,
    RequestState,
    scope_from_json,
    scope_to_json,
)
from vault_app.domain.model import Scope
from vault_app.storage.db import Database, Tx
from vault_app.storage.repositories._json import dumps, loads


def _in(values: Sequence[str]) -> str:
    return ",".join("?" * len(values))


# -- requests ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RequestRow:
    id: str
    kind: RequestKind
    org: str
    #: the organisation's display name (its DID when it is not in the list)
    org_name: str
    state: RequestState
    reason: str | None
    #: the stable word for the reason of an automatic refusal (``rule:...``, ``org-blocked``, ...)
    reason_code: str | None
    received: float
    expires: float
    content: RequestContent
    refines: str | None
    decided: float | None


_REQ_COLS = (
    "r.id, r.kind, r.org, o.display_name, r.state, r.state_reason, r.received_ms, r.expires_ms, r.summary, "
    "r.refines, r.decided_ms, r.reason_code"
)
_REQ_FROM = "FROM requests r LEFT JOIN organisations o ON o.did = r.org"


def _request(r: Any) -> RequestRow:
    kind = RequestKind(r[1])
    return RequestRow(
        r[0],
        kind,
        r[2],
        r[3] or r[2],
        RequestState(r[4]),
        r[5],
        r[11],
        r[6] / 1000,
        r[7] / 1000,
        RequestContent.from_json(kind, loads(r[8])),
        r[9],
        r[10] / 1000 if r[10] else None,
    )


class RequestRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, request_id: str) -> RequestRow | None:
        r = self.db.query_one(f"SELECT {_REQ_COLS} {_REQ_FROM} WHERE r.id = ?", (request_id,))
        return _request(r) if r else None

    def exists(self, request_id: str) -> bool:
        return self.db.query_one("SELECT 1 FROM requests WHERE id = ?", (request_id,)) is not None

    def local_id(self, org: str, jti: str) -> str | None:
        """The vault's id of the request ``jti`` from ``org`` (ids are unique per sender only), if filed."""
        r = self.db.query_one("SELECT id FROM requests WHERE org = ? AND jti = ?", (org, jti))
        return str(r[0]) if r else None

    def token(self, request_id: str) -> str | None:
        r = self.db.query_one("SELECT token FROM requests WHERE id = ?", (request_id,))
        return str(r[0]) if r else None

    def get_with_token(self, request_id: str) -> tuple[RequestRow, str] | None:
        """:meth:`get` and :meth:`token` in one read."""
        r = self.db.query_one(f"SELECT {_REQ_COLS}, r.token {_REQ_FROM} WHERE r.id = ?", (request_id,))
        return (_request(r), str(r[12])) if r else None

    def clash(self, org: str, jti: str) -> tuple[bool, bool]:
        """For a new request ``jti`` from ``org``, in one read: whether that organisation's request is
        filed already, and whether the id ``jti`` is taken (by any organisation's request)."""
        rows = self.db.query(
            "SELECT org, jti, id FROM requests WHERE (org = ? AND jti = ?) OR id = ?", (org, jti, jti)
        )
        return any(r[0] == org and r[1] == jti for r in rows), any(r[2] == jti for r in rows)

    def list(
        self, states: Iterable[RequestState] | None = None, kind: RequestKind | None = None, limit: int = 500
    ) -> builtins.list[RequestRow]:
        where: builtins.list[str] = []
        params: builtins.list[Any] = []
        st = [s.value for s in states or ()]
        if st:
            where.append(f"r.state IN ({_in(st)})")
            params += st
        if kind is not None:
            where.append("r.kind = ?")
            params.append(kind.value)
        sql = (
            f"SELECT {_REQ_COLS} {_REQ_FROM}"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY r.received_ms DESC LIMIT ?"
        )
        params.append(limit)
        return [_request(r) for r in self.db.query(sql, tuple(params))]

    def count_open(self) -> int:
        st = [s.value for s in OPEN_REQUEST_STATES]
        return int(
            self.db.query_one(f"SELECT count(*) FROM requests WHERE state IN ({_in(st)})", tuple(st))[0]
        )

    def due_to_expire(self, now_ms: int) -> builtins.list[tuple[str, str]]:
        st = [s.value for s in OPEN_REQUEST_STATES]
        return [
            (str(r[0]), str(r[1]))
            for r in self.db.query(
                f"SELECT id, org FROM requests WHERE state IN ({_in(st)}) AND expires_ms <= ?", (*st, now_ms)
            )
        ]

    @staticmethod
    def insert(
        tx: Tx,
        request_id: str,
        kind: RequestKind,
        org: str,
        state: RequestState,
        token: str,
        req_hash: str,
        refines: str | None,
        content: RequestContent,
        received_ms: int,
        expires_ms: int,
        jti: str | None = None,
        *,
        reason: str | None = None,
        reason_code: str | None = None,
    ) -> None:
        """File a request. ``jti``: the organisation's id for it (``request_id`` when not given);
        ``reason`` and ``reason_code``: why it is in ``state`` (an automatic refusal)."""
        tx.execute(
            "INSERT INTO requests (id, jti, kind, org, state, state_reason, reason_code, token, req_hash, "
            "refines, summary, received_ms, expires_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                request_id,
                jti if jti is not None else request_id,
                kind.value,
                org,
                state.value,
                reason,
                reason_code,
                token,
                req_hash,
                refines,
                dumps(content.to_json()),
                received_ms,
                expires_ms,
            ),
        )

    @staticmethod
    def set_state(
        tx: Tx, request_id: str, state: str, reason: str | None, reason_code: str | None = None
    ) -> None:
        tx.execute(
            "UPDATE requests SET state = ?, state_reason = ?, reason_code = ? WHERE id = ?",
            (state, reason, reason_code, request_id),
        )

    @staticmethod
    def decide(tx: Tx, request_id: str, state: str, reason: str | None, decided_ms: int) -> None:
        tx.execute(
            "UPDATE requests SET state = ?, state_reason = ?, decided_ms = ? WHERE id = ?",
            (state, reason, decided_ms, request_id),
        )

    @staticmethod
    def expire(tx: Tx, request_id: str, now_ms: int) -> None:
        tx.execute(
            "UPDATE requests SET state = ?, decided_ms = ? WHERE id = ?",
            (RequestState.EXPIRED.value, now_ms, request_id),
        )


# -- what time has run out for ------------------------------------------------------------------------------
_OPEN = tuple(s.value for s in OPEN_REQUEST_STATES)
#: open requests and active grants past their end, in one statement (each table's expiry index finds them)
DUE_SQL = (
    f"SELECT 'r', id, org FROM requests WHERE state IN ({_in(_OPEN)}) AND expires_ms <= ? "
    "UNION ALL SELECT 'g', id, org FROM grants WHERE state = ? AND expires_ms <= ?"
)


def due_to_expire(
    db: Database, now_ms: int
) -> tuple[builtins.list[tuple[str, str]], builtins.list[tuple[str, str]]]:
    """``(requests, grants)`` whose time ran out by ``now_ms`` (open requests, active grants), as
    ``(id, org)``: what :meth:`RequestRepository.due_to_expire` and :meth:`GrantRepository.due_to_expire`
    return, in one read (every import and approval asks)."""
    rows = db.query(DUE_SQL, (*_OPEN, now_ms, GrantState.ACTIVE.value, now_ms))
    return (
        [(str(r[1]), str(r[2])) for r in rows if r[0] == "r"],
        [(str(r[1]), str(r[2])) for r in rows if r[0] == "g"],
    )


# -- grants --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ReleasedFieldMeta:
    """What a grant released of one field, without its value."""

    name: str
    category: str
    form: str
    method: str | None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "category": self.category, "form": self.form, "method": self.method}


@dataclass(frozen=True)
class GrantRow:
    id: str
    org: str
    org_name: str
    kind: GrantKind
    state: GrantState
    issued: float
    expires: float
    scope: Scope
    fields: tuple[ReleasedFieldMeta, ...]
    request_id: str | None
    parent: str | None
    superseded_by: str | None
    revoked: float | None
    status_idx: int


_GRANT_COLS = (
    "g.id, g.org, o.display_name, g.kind, g.state, g.issued_ms, g.expires_ms, g.scope, g.fields, "
    "g.request_id, g.parent_grant, g.superseded_by, g.revoked_ms, g.status_idx"
)
_GRANT_FROM = "FROM grants g LEFT JOIN organisations o ON o.did = g.org"


def _grant(r: Any) -> GrantRow:
    fields = tuple(
        ReleasedFieldMeta(f["name"], f["category"], f["form"], f.get("method")) for f in loads(r[8])
    )
    return GrantRow(
        r[0],
        r[1],
        r[2] or r[1],
        GrantKind(r[3]),
        GrantState(r[4]),
        r[5] / 1000,
        r[6] / 1000,
        scope_from_json(loads(r[7])),
        fields,
        r[9],
        r[10],
        r[11],
        r[12] / 1000 if r[12] else None,
        r[13],
    )


class GrantRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, grant_id: str) -> GrantRow | None:
        r = self.db.query_one(f"SELECT {_GRANT_COLS} {_GRANT_FROM} WHERE g.id = ?", (grant_id,))
        return _grant(r) if r else None

    @staticmethod
    def _where(states: Iterable[GrantState] | None, org: str | None) -> tuple[str, builtins.list[Any]]:
        clauses: builtins.list[str] = []
        params: builtins.list[Any] = []
        st = [s.value for s in states or ()]
        if st:
            clauses.append(f"g.state IN ({_in(st)})")
            params += st
        if org:
            clauses.append("g.org = ?")
            params.append(org)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def list(
        self, states: Iterable[GrantState] | None = None, org: str | None = None
    ) -> builtins.list[GrantRow]:
        """Every grant (matching), newest first. For screens and listings, use :meth:`page`."""
        where, params = self._where(states, org)
        sql = f"SELECT {_GRANT_COLS} {_GRANT_FROM}{where} ORDER BY g.issued_ms DESC, g.id DESC"
        return [_grant(r) for r in self.db.query(sql, tuple(params))]

    def page(
        self,
        states: Iterable[GrantState] | None = None,
        org: str | None = None,
        *,
        limit: int = 100,
        after: tuple[float, str] | None = None,
    ) -> builtins.list[GrantRow]:
        """Up to ``limit`` grants, newest first; the next page starts ``after`` the ``(issued, id)`` of the
        last grant of this one (a keyset on the ``grants_by_issued`` index: no page reads the grants before
        it)."""
        where, params = self._where(states, org)
        if after is not None:
            where += (" AND " if where else " WHERE ") + "(g.issued_ms, g.id) < (?, ?)"
            params += [round(after[0] * 1000), after[1]]
        sql = f"SELECT {_GRANT_COLS} {_GRANT_FROM}{where} ORDER BY g.issued_ms DESC, g.id DESC LIMIT ?"
        return [_grant(r) for r in self.db.query(sql, (*params, int(limit)))]

    def count(self, states: Iterable[GrantState] | None = None, org: str | None = None) -> int:
        where, params = self._where(states, org)
        return int(self.db.query_one(f"SELECT count(*) FROM grants g{where}", tuple(params))[0])

    def children(self, grant_id: str) -> builtins.list[GrantRow]:
        """The grants whose parent is ``grant_id`` (found by the grants_by_parent index), newest first."""
        sql = (
            f"SELECT {_GRANT_COLS} {_GRANT_FROM} WHERE g.parent_grant = ? "
            "ORDER BY g.issued_ms DESC, g.id DESC"
        )
        return [_grant(r) for r in self.db.query(sql, (grant_id,))]

    def find_by_message(self, text: str, claimed_id: str | None = None) -> str | None:
        """The id of the grant whose sealed (JWE) or signed (JWS) form is exactly ``text``, without comparing
        every stored grant: a sealed form is found by the index on its end (schema 4), a signed form by its
        id, ``claimed_id``, the message id the token itself claims (a grant's id is its token's ``jti``;
        read unverified by the caller, which is enough: the whole stored text must still equal ``text``)."""
        r = self.db.query_one(
            "SELECT id FROM grants WHERE substr(jwe, -22) = ? AND jwe = ? "
            "UNION ALL SELECT id FROM grants WHERE id = ? AND token = ? LIMIT 1",
            (text[-22:], text, claimed_id, text),
        )
        return str(r[0]) if r else None

    def token(self, grant_id: str) -> str | None:
        r = self.db.query_one("SELECT token FROM grants WHERE id = ?", (grant_id,))
        return str(r[0]) if r else None

    def jwe(self, grant_id: str) -> str | None:
        r = self.db.query_one("SELECT jwe FROM grants WHERE id = ?", (grant_id,))
        return str(r[0]) if r else None

    def due_to_expire(self, now_ms: int) -> builtins.list[tuple[str, str]]:
        return [
            (str(r[0]), str(r[1]))
            for r in self.db.query(
                "SELECT id, org FROM grants WHERE state = ? AND expires_ms <= ?",
                (GrantState.ACTIVE.value, now_ms),
            )
        ]

    @staticmethod
    def state_in(tx: Tx, grant_id: str) -> GrantState | None:
        r = tx.execute("SELECT state FROM grants WHERE id = ?", (grant_id,)).fetchone()
        return GrantState(r[0]) if r else None

    @staticmethod
    def children_in(tx: Tx, grant_id: str) -> builtins.list[str]:
        """Onward grants made under ``grant_id`` that are not revoked yet."""
        return [
            str(r[0])
            for r in tx.execute(
                "SELECT id FROM grants WHERE parent_grant = ? AND state != ?",
                (grant_id, GrantState.REVOKED.value),
            ).fetchall()
        ]

    @staticmethod
    def insert(
        tx: Tx,
        grant_id: str,
        request_id: str | None,
        org: str,
        kind: GrantKind,
        issued_ms: int,
        expires_ms: int,
        status_idx: int,
        scope: Scope,
        fields: Sequence[ReleasedFieldMeta],
        token: str,
        jwe: str,
        parent: str | None,
    ) -> None:
        tx.execute(
            "INSERT INTO grants (id, request_id, org, kind, state, issued_ms, expires_ms, status_idx, "
            "scope, fields, token, jwe, parent_grant) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                grant_id,
                request_id,
                org,
                kind.value,
                GrantState.ACTIVE.value,
                issued_ms,
                expires_ms,
                status_idx,
                dumps(scope_to_json(scope)),
                dumps([f.to_json() for f in fields]),
                token,
                jwe,
                parent,
            ),
        )

    @staticmethod
    def supersede(tx: Tx, grant_id: str, by: str) -> None:
        tx.execute(
            "UPDATE grants SET state = ?, superseded_by = ? WHERE id = ?",
            (GrantState.SUPERSEDED.value, by, grant_id),
        )

    @staticmethod
    def revoke(tx: Tx, grant_id: str, now_ms: int) -> None:
        tx.execute(
            "UPDATE grants SET state = ?, revoked_ms = ? WHERE id = ?",
            (GrantState.REVOKED.value, now_ms, grant_id),
        )

    @staticmethod
    def expire(tx: Tx, grant_id: str) -> None:
        tx.execute("UPDATE grants SET state = ? WHERE id = ?", (GrantState.EXPIRED.value, grant_id))

    @staticmethod
    def erase(tx: Tx, grant_id: str) -> None:
        tx.execute("UPDATE grants SET state = ? WHERE id = ?", (GrantState.ERASED.value, grant_id))

    def active_ids(self, org: str) -> builtins.list[str]:
        """The grants an organisation holds that are still active, oldest first."""
        rows = self.db.query(
            "SELECT id FROM grants WHERE org = ? AND state = ? ORDER BY issued_ms",
            (org, GrantState.ACTIVE.value),
        )
        return [str(r[0]) for r in rows]


# -- status lists --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StatusListRow:
    org: str
    uri: str
    bits: bytes
    next_idx: int
    #: bits per grant: 1 for lists written before schema 4, 2 since (0 valid, 1 revoked, 2 superseded,
    #: 3 erased)
    width: int = 1
    #: the last signed list, None when the statuses changed since (it must be signed again)
    token: str | None = None
    token_ms: int | None = None
    updated_ms: int = 0


_SL_COLS = "org, uri, bits, next_idx, width, token, token_ms, updated_ms"


def _status_list(r: Any) -> StatusListRow:
    return StatusListRow(r[0], r[1], bytes(r[2]), int(r[3]), int(r[4]), r[5], r[6], int(r[7]))


class StatusListRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, org: str) -> StatusListRow | None:
        r = self.db.query_one(f"SELECT {_SL_COLS} FROM status_lists WHERE org = ?", (org,))
        return _status_list(r) if r else None

    def all(self) -> builtins.list[StatusListRow]:
        return [_status_list(r) for r in self.db.query(f"SELECT {_SL_COLS} FROM status_lists ORDER BY org")]

    @staticmethod
    def get_in(tx: Tx, org: str) -> StatusListRow | None:
        r = tx.execute(f"SELECT {_SL_COLS} FROM status_lists WHERE org = ?", (org,)).fetchone()
        return _status_list(r) if r else None

    @staticmethod
    def insert(tx: Tx, org: str, uri: str, bits: bytes, next_idx: int, now_ms: int, width: int = 1) -> None:
        tx.execute(
            "INSERT INTO status_lists (org, uri, bits, next_idx, updated_ms, width) VALUES (?,?,?,?,?,?)",
            (org, uri, bits, next_idx, now_ms, width),
        )

    @staticmethod
    def update(
        tx: Tx, org: str, bits: bytes, now_ms: int, next_idx: int | None = None, width: int | None = None
    ) -> None:
        """Store new statuses (or a new slot); the last signed list no longer says the same, so it is
        dropped and the next request for the list signs a new one."""
        tx.execute(
            "UPDATE status_lists SET bits = ?, next_idx = COALESCE(?, next_idx), width = COALESCE(?, width), "
            "updated_ms = ?, token = NULL WHERE org = ?",
            (bits, next_idx, width, now_ms, org),
        )

    @staticmethod
    def set_token(tx: Tx, org: str, token: str, now_ms: int) -> None:
        tx.execute("UPDATE status_lists SET token = ?, token_ms = ? WHERE org = ?", (token, now_ms, org))

    # where the subject publishes lists (an https base URL), kept in the vault's meta table
    def publication_base(self) -> str | None:
        r = self.db.query_one("SELECT value FROM meta WHERE key = 'status_publication_base'")
        return str(r[0]) if r else None

    @staticmethod
    def set_publication_base(tx: Tx, base: str | None) -> None:
        if base is None:
            tx.execute("DELETE FROM meta WHERE key = 'status_publication_base'")
        else:
            tx.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('status_publication_base', ?)", (base,)
            )


# -- receipts and violations ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ReceiptRow:
    id: str
    grant_id: str
    org: str
    #: what the receipt reported (actions, fields, times) and the kinds of violation found, no values
    summary: dict[str, Any]
    received: float


class ReceiptRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def list(self, grant_id: str | None = None) -> builtins.list[ReceiptRow]:
        sql = "SELECT id, grant_id, org, summary, received_ms FROM receipts"
        params: tuple[Any, ...] = ()
        if grant_id:
            sql += " WHERE grant_id = ?"
            params = (grant_id,)
        return [
            ReceiptRow(r[0], r[1], r[2], loads(r[3]), r[4] / 1000)
            for r in self.db.query(sql + " ORDER BY received_ms DESC, org, id", params)
        ]

    def exists(self, org: str, receipt_id: str) -> bool:
        """Whether ``org`` sent a receipt with the id ``receipt_id`` (keyed by both since schema 9)."""
        return (
            self.db.query_one("SELECT 1 FROM receipts WHERE org = ? AND id = ?", (org, receipt_id))
            is not None
        )

    def tokens(self, grant_id: str) -> builtins.list[str]:
        return [
            str(r[0])
            for r in self.db.query(
                "SELECT token FROM receipts WHERE grant_id = ? ORDER BY received_ms, id", (grant_id,)
            )
        ]

    @staticmethod
    def insert(
        tx: Tx, receipt_id: str, grant_id: str, org: str, token: str, summary: dict[str, Any], now_ms: int
    ) -> None:
        tx.execute(
            "INSERT INTO receipts (id, grant_id, org, token, summary, received_ms) VALUES (?,?,?,?,?,?)",
            (receipt_id, grant_id, org, token, dumps(summary), now_ms),
        )


@dataclass(frozen=True)
class ViolationRow:
    id: int
    grant_id: str | None
    org: str
    kind: str
    detail: str
    evidence: dict[str, Any]
    created: float
    history_seq: int | None


class ViolationRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def list(self, grant_id: str | None = None) -> builtins.list[ViolationRow]:
        sql = "SELECT id, grant_id, org, kind, detail, evidence, created_ms, history_seq FROM violations"
        params: tuple[Any, ...] = ()
        if grant_id:
            sql += " WHERE grant_id = ?"
            params = (grant_id,)
        return [
            ViolationRow(r[0], r[1], r[2], r[3], r[4], loads(r[5]), r[6] / 1000, r[7])
            for r in self.db.query(sql + " ORDER BY id DESC", params)
        ]

    @staticmethod
    def insert(
        tx: Tx,
        grant_id: str | None,
        org: str,
        kind: str,
        detail: str,
        evidence: dict[str, Any],
        history_seq: int | None,
        now_ms: int,
    ) -> int:
        cur = tx.execute(
            "INSERT INTO violations (grant_id, org, kind, detail, evidence, history_seq, created_ms) "
            "VALUES (?,?,?,?,?,?,?)",
            (grant_id, org, kind, detail, dumps(evidence), history_seq, now_ms),
        )
        return int(cur.lastrowid)


# -- derived data --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DerivedRow:
    id: str
    request_id: str
    org: str
    org_name: str | None
    name: str
    category: str
    method: str
    sources: tuple[tuple[str, tuple[str, ...]], ...]  # (grant id, fields used)
    state: DerivedState
    grant_id: str | None
    created: float
    decided: float | None


class DerivedRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def list(self) -> builtins.list[DerivedRow]:
        rows = self.db.query(
            "SELECT d.id, d.request_id, d.org, o.display_name, d.name, d.category, d.method, "
            "d.sources, d.state, d.grant_id, d.created_ms, d.decided_ms FROM derived_items d "
            "LEFT JOIN organisations o ON o.did = d.org ORDER BY d.created_ms DESC"
        )
        return [
            DerivedRow(
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                r[6],
                tuple((s["grant"], tuple(s["fields"])) for s in loads(r[7])),
                DerivedState(r[8]),
                r[9],
                r[10] / 1000,
                r[11] / 1000 if r[11] else None,
            )
            for r in rows
        ]

    @staticmethod
    def insert(
        tx: Tx,
        item_id: str,
        request_id: str,
        org: str,
        name: str,
        category: str,
        method: str,
        sources: Sequence[tuple[str, Sequence[str]]],
        state: DerivedState,
        now_ms: int,
    ) -> None:
        tx.execute(
            "INSERT INTO derived_items (id, request_id, org, name, category, method, sources, state, "
            "created_ms) VALUES (?,?,?,?,?,?,?,?,?)",
            (
                item_id,
                request_id,
                org,
                name,
                category,
                method,
                dumps([{"grant": g, "fields": list(f)} for g, f in sources]),
                state.value,
                now_ms,
            ),
        )

    @staticmethod
    def authorise(tx: Tx, request_id: str, grant_id: str, now_ms: int) -> tuple[str, str] | None:
        """Mark the item of ``request_id`` authorised under ``grant_id``; returns its (organisation, name)."""
        tx.execute(
            "UPDATE derived_items SET state = ?, grant_id = ?, decided_ms = ? WHERE request_id = ?",
            (DerivedState.AUTHORISED.value, grant_id, now_ms, request_id),
        )
        r = tx.execute("SELECT org, name FROM derived_items WHERE request_id = ?", (request_id,)).fetchone()
        return (str(r[0]), str(r[1])) if r else None

    @staticmethod
    def refuse(tx: Tx, request_id: str, now_ms: int) -> tuple[str, str] | None:
        tx.execute(
            "UPDATE derived_items SET state = ?, decided_ms = ? WHERE request_id = ? AND state = ?",
            (DerivedState.REFUSED.value, now_ms, request_id, DerivedState.HELD.value),
        )
        r = tx.execute("SELECT org, name FROM derived_items WHERE request_id = ?", (request_id,)).fetchone()
        return (str(r[0]), str(r[1])) if r else None

    @staticmethod
    def set_revoked(tx: Tx, item_id: str, now_ms: int) -> None:
        tx.execute(
            "UPDATE derived_items SET state = ?, decided_ms = ? WHERE id = ?",
            (DerivedState.REVOKED.value, now_ms, item_id),
        )


# -- erasure requests ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ErasureRow:
    id: str
    grant_id: str
    org: str
    token: str
    issued: float
    confirmed: float | None
    #: the organisation's answer (outcome, deletion time, what it kept and why), once confirmed
    confirmation: dict[str, Any] | None


class ErasureRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    _COLS = "id, grant_id, org, token, issued_ms, confirmed_ms, confirmation"

    @staticmethod
    def _row(r: Any) -> ErasureRow:
        return ErasureRow(
            r[0], r[1], r[2], r[3], r[4] / 1000, r[5] / 1000 if r[5] else None, loads(r[6]) if r[6] else None
        )

    def get(self, erasure_id: str) -> ErasureRow | None:
        r = self.db.query_one(f"SELECT {self._COLS} FROM erasure_requests WHERE id = ?", (erasure_id,))
        return self._row(r) if r else None

    def list(self, open_only: bool = False) -> builtins.list[ErasureRow]:
        return [
            self._row(r)
            for r in self.db.query(
                f"SELECT {self._COLS} FROM erasure_requests "
                + ("WHERE confirmed_ms IS NULL " if open_only else "")
                + "ORDER BY issued_ms DESC"
            )
        ]

    @staticmethod
    def insert(tx: Tx, erasure_id: str, grant_id: str, org: str, token: str, now_ms: int) -> None:
        tx.execute(
            "INSERT INTO erasure_requests (id, grant_id, org, token, issued_ms) VALUES (?,?,?,?,?)",
            (erasure_id, grant_id, org, token, now_ms),
        )

    @staticmethod
    def confirm(tx: Tx, erasure_id: str, summary: dict[str, Any], now_ms: int) -> None:
        tx.execute(
            "UPDATE erasure_requests SET confirmed_ms = ?, confirmation = ? WHERE id = ?",
            (now_ms, dumps(summary), erasure_id),
        )


# -- standing rules ------------------------------------------------------------------------------------------
class RuleRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def all(self) -> builtins.list[dict[str, Any]]:
        """The rules' JSON objects, oldest first (the order the subject made them in)."""
        return [loads(r[0]) for r in self.db.query("SELECT config FROM rules ORDER BY updated_ms, id")]

    @staticmethod
    def replace_all(tx: Tx, rules: Sequence[tuple[str, dict[str, Any]]], now_ms: int) -> None:
        tx.execute("DELETE FROM rules")
        for i, (rule_id, config) in enumerate(rules):
            tx.execute(
                "INSERT INTO rules (id, config, updated_ms) VALUES (?,?,?)",
                (rule_id, dumps(config), now_ms * 1000 + i),
            )


# -- messages already received -------------------------------------------------------------------------------
class SeenMessageRepository:
    """Ids of verified messages, so that a copy is refused as a replay across restarts."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def seen(self, jti: str) -> bool:
        return self.db.query_one("SELECT exp_ms FROM seen_jti WHERE jti = ?", (jti,)) is not None

    #: ids whose messages expired long ago (they would be refused as expired anyway), found by index
    FORGET_SQL = "DELETE FROM seen_jti WHERE exp_ms < ?"

    @staticmethod
    def remember(tx: Tx, jti: str, exp_ms: int, forget_before_ms: int) -> None:
        tx.execute("INSERT INTO seen_jti (jti, exp_ms) VALUES (?, ?)", (jti, exp_ms))
        tx.execute(SeenMessageRepository.FORGET_SQL, (forget_before_ms,))


# -- randomised anonymisation: one draw per (organisation, field, method, parameters) ------------------------
@dataclass(frozen=True)
class NoiseDraw:
    org: str
    field: str
    method: str
    params: tuple[tuple[str, str], ...]
    value: str | int | float | bool | None
    epsilon: float
    sent: bool


class NoiseRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    @staticmethod
    def _params(params: Sequence[tuple[str, str]]) -> str:
        return dumps(sorted([k, v] for k, v in params))

    def get(self, org: str, field: str, method: str, params: Sequence[tuple[str, str]]) -> NoiseDraw | None:
        r = self.db.query_one(
            "SELECT value, epsilon, sent_ms FROM noise_draws WHERE org = ? AND field = ? AND method = ? "
            "AND params = ?",
            (org, field.lower(), method, self._params(params)),
        )
        if r is None:
            return None
        return NoiseDraw(
            org, field.lower(), method, tuple(params), loads(r[0]), float(r[1]), r[2] is not None
        )

    @staticmethod
    def insert(tx: Tx, draw: NoiseDraw, drawn_ms: int) -> None:
        tx.execute(
            "INSERT OR IGNORE INTO noise_draws (org, field, method, params, value, epsilon, drawn_ms) "
            "VALUES (?,?,?,?,?,?,?)",
            (
                draw.org,
                draw.field.lower(),
                draw.method,
                NoiseRepository._params(draw.params),
                dumps(draw.value),
                draw.epsilon,
                drawn_ms,
            ),
        )

    @staticmethod
    def mark_sent(tx: Tx, draw: NoiseDraw, sent_ms: int) -> None:
        tx.execute(
            "UPDATE noise_draws SET sent_ms = coalesce(sent_ms, ?) "
            "WHERE org = ? AND field = ? AND method = ? AND params = ?",
            (sent_ms, draw.org, draw.field.lower(), draw.method, NoiseRepository._params(draw.params)),
        )

    def spent(self, field: str) -> float:
        """The privacy budget (sum of epsilon) the draws of ``field`` that left the vault have used."""
        r = self.db.query_one(
            "SELECT coalesce(sum(epsilon), 0) FROM noise_draws WHERE field = ? AND sent_ms IS NOT NULL",
            (field.lower(),),
        )
        return float(r[0])
