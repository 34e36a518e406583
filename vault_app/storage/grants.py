"""Grant and request queries that stay fast with 100,000 grants in the vault: what is due to expire found by
the expiry indexes, grant lists read a page at a time (newest first, keyset on ``issued_ms, id``), and a grant
found from its own file by an index on the end of its token instead of comparing every stored token (schema
4)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from vault_app.storage.db import Database

#: the columns of a grant row as the consent services read them (``g`` = grants, ``o`` = organisations)
GRANT_COLS = (
    "g.id, g.org, o.display_name, g.kind, g.state, g.issued_ms, g.expires_ms, g.scope, g.fields, "
    "g.request_id, g.parent_grant, g.superseded_by, g.revoked_ms, g.status_idx"
)


def due_requests(db: Database, now_ms: int) -> list[tuple[str, str]]:
    """Open requests whose time has run out: ``(id, org)``."""
    rows = db.query(
        "SELECT id, org FROM requests WHERE state IN ('received', 'pending_review') AND expires_ms <= ?",
        (now_ms,),
    )
    return [(str(r[0]), str(r[1])) for r in rows]


def due_grants(db: Database, now_ms: int) -> list[tuple[str, str]]:
    """Active grants whose time has run out: ``(id, org)``."""
    rows = db.query("SELECT id, org FROM grants WHERE state = 'active' AND expires_ms <= ?", (now_ms,))
    return [(str(r[0]), str(r[1])) for r in rows]


def _where(states: Sequence[str], org: str | None) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if states:
        clauses.append(f"g.state IN ({','.join('?' * len(states))})")
        params += list(states)
    if org:
        clauses.append("g.org = ?")
        params.append(org)
    return clauses, params


def grants_page(
    db: Database,
    *,
    states: Sequence[str] = (),
    org: str | None = None,
    limit: int = 100,
    before: tuple[int, str] | None = None,
) -> list[Any]:
    """Up to ``limit`` grant rows (:data:`GRANT_COLS`), newest first; the next page starts ``before`` the
    ``(issued_ms, id)`` of the last row of this one."""
    clauses, params = _where(states, org)
    if before is not None:
        clauses.append("(g.issued_ms, g.id) < (?, ?)")
        params += [int(before[0]), str(before[1])]
    sql = (
        f"SELECT {GRANT_COLS} FROM grants g LEFT JOIN organisations o ON o.did = g.org"
        + (" WHERE " + " AND ".join(clauses) if clauses else "")
        + " ORDER BY g.issued_ms DESC, g.id DESC LIMIT ?"
    )
    return db.query(sql, (*params, int(limit)))


def count_grants(db: Database, *, states: Sequence[str] = (), org: str | None = None) -> int:
    clauses, params = _where(states, org)
    row = db.query_one(
        "SELECT count(*) FROM grants g" + (" WHERE " + " AND ".join(clauses) if clauses else ""),
        tuple(params),
    )
    return int(row[0])


def grant_id_by_token(db: Database, token: str) -> str | None:
    """The grant whose stored signed token or sealed form is exactly ``token``, found by index."""
    row = db.query_one(
        "SELECT id FROM grants WHERE substr(jwe, -22) = ? AND jwe = ? "
        "UNION ALL SELECT id FROM grants WHERE substr(token, -43) = ? AND token = ? LIMIT 1",
        (token[-22:], token, token[-43:], token),
    )
    return str(row[0]) if row else None
