"""Repository for personal-data fields. Values are stored only inside the encrypted database."""

from __future__ import annotations

import builtins  # the method named list shadows the type in this class's annotations
import functools
import json
from collections.abc import Sequence
from typing import Any

from vault_app.domain.model import Category, Field, FieldType, Provenance, ProvenanceKind
from vault_app.storage.db import Database, Tx

_COLS = "id, name, type, category, value, provenance, created_ms, updated_ms"
_INSERT = (
    "INSERT INTO fields (name, type, category, value, provenance, created_ms, updated_ms) "
    "VALUES (?,?,?,?,?,?,?)"
)


# Enum lookups by value through a dict: calling the enum class costs more than the row's query (see
# benchmarks/README.md, storage).
_TYPES: dict[str, FieldType] = {m.value: m for m in FieldType}
_CATEGORIES: dict[str, Category] = {m.value: m for m in Category}


@functools.lru_cache(maxsize=512)
def _provenance(text: str) -> Provenance:
    # A vault holds few distinct provenances ("provided" for almost every field); Provenance is immutable,
    # so one parsed object per stored text is shared.
    return Provenance.from_json(json.loads(text))


@functools.lru_cache(maxsize=512)
def _provenance_text_of(p: Provenance) -> str:
    return json.dumps(p.to_json())


_PROVIDED = ProvenanceKind.PROVIDED
_PROVIDED_TEXT = _provenance_text_of(Provenance())


def _provenance_text(p: Provenance) -> str:
    # Almost every field carries the default provenance, recognised here without hashing the dataclass (its
    # hash goes through the enum's Python-level __hash__ and cost more than the INSERT itself: see
    # benchmarks/README.md, storage). FieldRepository.insert has the same test inline.
    if p.kind is _PROVIDED and p.by is None and p.method is None and not p.sources:
        return _PROVIDED_TEXT
    return _provenance_text_of(p)


_new = object.__new__


def _row(r: Sequence[Any]) -> Field:
    # Field is frozen, so its own __init__ sets each of its eight attributes through object.__setattr__:
    # about a seventh of a point read (bench_storage.py). The row fills the new instance's attributes in one
    # step instead; the result equals Field(...) built from the same values and is as frozen
    # (tests/unit/storage/test_storage_fields.py, which also fails if Field gains an attribute).
    t, c = r[2], r[3]
    f = _new(Field)
    f.__dict__.update(
        name=r[1],
        type=_TYPES[t] if t in _TYPES else FieldType(t),
        category=_CATEGORIES[c] if c in _CATEGORIES else Category(c),
        value=r[4],
        provenance=_provenance(r[5]),
        id=r[0],
        created=r[6] / 1000.0,
        updated=r[7] / 1000.0,
    )
    return f


def _like_escape(q: str) -> str:
    return q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class FieldRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, name: str) -> Field | None:
        r = self.db.query_one(f"SELECT {_COLS} FROM fields WHERE name = ?", (name,))
        return _row(r) if r else None

    def get_many(self, names: Sequence[str]) -> dict[str, Field]:
        out: dict[str, Field] = {}
        for i in range(0, len(names), 500):
            chunk = list(names[i : i + 500])
            rows = self.db.query(
                f"SELECT {_COLS} FROM fields WHERE name IN ({','.join('?' * len(chunk))})", tuple(chunk)
            )
            for r in rows:
                f = _row(r)
                out[f.name.lower()] = f
        return out

    def list(self, category: Category | None = None, *, limit: int = 1000, offset: int = 0) -> list[Field]:
        if category:
            rows = self.db.query(
                f"SELECT {_COLS} FROM fields WHERE category = ? ORDER BY name LIMIT ? OFFSET ?",
                (category.value, limit, offset),
            )
        else:
            rows = self.db.query(
                f"SELECT {_COLS} FROM fields ORDER BY category, name LIMIT ? OFFSET ?", (limit, offset)
            )
        return [_row(r) for r in rows]

    def count(self, category: Category | None = None) -> int:
        if category:
            return int(
                self.db.query_one("SELECT count(*) FROM fields WHERE category = ?", (category.value,))[0]
            )
        return int(self.db.query_one("SELECT count(*) FROM fields")[0])

    def counts_by_category(self) -> dict[str, int]:
        return {r[0]: r[1] for r in self.db.query("SELECT category, count(*) FROM fields GROUP BY category")}

    def search(self, query: str, *, limit: int = 200, in_values: bool = True) -> builtins.list[Field]:
        """Case-insensitive substring search over names (and values, inside the encrypted database)."""
        q = f"%{_like_escape(query.strip())}%"
        if in_values:
            sql = (
                f"SELECT {_COLS} FROM fields WHERE name LIKE ?1 ESCAPE '\\' OR value LIKE ?1 ESCAPE '\\' "
                "ORDER BY name LIMIT ?2"
            )
        else:
            sql = f"SELECT {_COLS} FROM fields WHERE name LIKE ?1 ESCAPE '\\' ORDER BY name LIMIT ?2"
        return [_row(r) for r in self.db.query(sql, (q, limit), what="search the vault")]

    # writes happen inside the caller's transaction so the history entry commits with them
    @staticmethod
    def insert(conn: Tx, f: Field, now_ms: int) -> int:
        # Runs once per field of an import, so it is kept lean (benchmarks/README.md, storage): str() of a
        # StrEnum is its value as a plain str (a fifth of the cost of the .value property, and a plain str
        # binds without the adapter lookup a str subclass costs); the default provenance as in
        # _provenance_text, inline.
        p = f.provenance
        prov = (
            _PROVIDED_TEXT
            if p.kind is _PROVIDED and p.by is None and p.method is None and not p.sources
            else _provenance_text_of(p)
        )
        rowid: int = conn.execute(
            _INSERT, (f.name, str(f.type), str(f.category), f.value, prov, now_ms, now_ms)
        ).lastrowid
        return rowid

    @staticmethod
    def update(conn: Tx, f: Field, now_ms: int) -> None:
        conn.execute(
            "UPDATE fields SET type = ?, category = ?, value = ?, provenance = ?, updated_ms = ? "
            "WHERE name = ?",
            (f.type.value, f.category.value, f.value, _provenance_text(f.provenance), now_ms, f.name),
        )

    @staticmethod
    def delete(conn: Tx, name: str) -> None:
        conn.execute("DELETE FROM fields WHERE name = ?", (name,))
