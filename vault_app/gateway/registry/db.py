"""One connection API over SQLite (the embedded default) and PostgreSQL (psycopg 3), so the registry has one
code
path for both.

Statements are written once with ``?`` placeholders and the SQL both databases accept; for PostgreSQL the
placeholders become ``%s``. A unique-key violation is :class:`Duplicate` on both, which is how replays and
double
deliveries are refused atomically (the row that would be stored twice is the check).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from vault_app.domain.errors import EnvironmentFault, ValidationError

Params = Sequence[Any]


class Duplicate(Exception):
    """A row with this key already exists."""


class Cursor(Protocol):
    def execute(self, sql: str, params: Params = ()) -> Any: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...


class Database:
    """A connection with a dialect. ``tx()`` is one transaction; ``query``/``query_one`` read outside one."""

    dialect = "?"

    def tx(self) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError

    def query(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        with self.tx() as c:
            return [tuple(r) for r in c.execute(sql, params).fetchall()]

    def query_one(self, sql: str, params: Params = ()) -> tuple[Any, ...] | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def close(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    @property
    def label(self) -> str:
        return self.dialect


class _SqliteCursor:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._cur: sqlite3.Cursor | None = None

    def execute(self, sql: str, params: Params = ()) -> _SqliteCursor:
        try:
            self._cur = self._conn.execute(sql, tuple(params))
        except sqlite3.IntegrityError as exc:
            if "UNIQUE" in str(exc) or "PRIMARY KEY" in str(exc):
                raise Duplicate(str(exc)) from None
            raise
        return self

    def fetchone(self) -> Any:
        assert self._cur is not None
        return self._cur.fetchone()

    def fetchall(self) -> list[Any]:
        assert self._cur is not None
        return self._cur.fetchall()


class SqliteDatabase(Database):
    dialect = "sqlite"

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")  # an acknowledged delivery survives a power cut
            conn.execute("PRAGMA busy_timeout = 30000")
        except (OSError, sqlite3.Error) as exc:
            raise EnvironmentFault(f"Cannot open the registry database {self.path}: {exc}") from None
        self._conn = conn
        self._lock = threading.Lock()
        try:
            self.path.chmod(0o600)
        except OSError:
            pass

    @contextmanager
    def tx(self) -> Iterator[Cursor]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield _SqliteCursor(self._conn)
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def query(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        # a plain read in autocommit mode: no write lock, so readers in other workers never wait for it
        with self._lock:
            return [tuple(r) for r in self._conn.execute(sql, tuple(params)).fetchall()]

    def close(self) -> None:
        self._conn.close()

    @property
    def label(self) -> str:
        return f"sqlite:{self.path}"


class _PgCursor:
    def __init__(self, cur: Any) -> None:
        self._cur = cur

    def execute(self, sql: str, params: Params = ()) -> _PgCursor:
        import psycopg

        try:
            self._cur.execute(sql.replace("?", "%s"), tuple(params))
        except psycopg.errors.UniqueViolation as exc:
            raise Duplicate(str(exc).splitlines()[0]) from None
        return self

    def fetchone(self) -> Any:
        return self._cur.fetchone()

    def fetchall(self) -> list[Any]:
        return list(self._cur.fetchall())


class PostgresDatabase(Database):
    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError:
            raise EnvironmentFault(
                "PostgreSQL needs psycopg: pip install 'personal-data-vault[org]'.",
                reason="missing-dependency",
            ) from None
        self._url = url
        try:
            # autocommit: reads see committed rows at once; writes are explicit transactions in tx()
            self._conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            # the message names host and database, never the password (psycopg does not echo it)
            raise EnvironmentFault(
                f"Cannot connect to PostgreSQL: {str(exc).strip().splitlines()[0]}"
            ) from None
        self._lock = threading.Lock()

    @contextmanager
    def tx(self) -> Iterator[Cursor]:
        with self._lock, self._conn.transaction(), self._conn.cursor() as cur:
            yield _PgCursor(cur)

    def query(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        with self._lock, self._conn.cursor() as cur:  # autocommit: one statement, its own snapshot
            cur.execute(sql.replace("?", "%s"), tuple(params))
            return [tuple(r) for r in cur.fetchall()]

    def close(self) -> None:
        self._conn.close()

    @property
    def label(self) -> str:
        return "postgresql"


def connect(url: str) -> Database:
    """``postgresql://...`` (or ``postgres://``) opens PostgreSQL; ``sqlite:///path``, ``sqlite:path`` or a
    plain
    path opens SQLite."""
    if url.startswith(("postgresql://", "postgres://")):
        return PostgresDatabase(url)
    if url.startswith("sqlite:///"):
        return SqliteDatabase(url[len("sqlite://") :])
    if url.startswith("sqlite:"):
        return SqliteDatabase(url[len("sqlite:") :])
    if "://" in url:
        raise ValidationError("The registry database must be a file path, sqlite:PATH or postgresql://...")
    return SqliteDatabase(url)
