"""The encrypted SQLCipher connection: opening with a raw key, hardening pragmas, migrations, error
mapping."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlcipher3 import dbapi2

from vault_app.domain.errors import (
    EnvironmentFault,
    IntegrityError,
    VaultError,
    os_error_to_vault_error,
)
from vault_app.domain.files import fsync_dir
from vault_app.storage.migrations import latest_version, migrations

DatabaseError = dbapi2.DatabaseError


def _nearly_full(path: Path | None) -> bool:
    """Whether the filesystem holding ``path`` has (almost) no room left."""
    if path is None:
        return False
    try:
        st = os.statvfs(path if path.is_dir() else path.parent)
    except OSError:
        return False
    return st.f_bavail * st.f_frsize < 256 * 1024


def map_db_error(exc: Exception, what: str, path: Path | None = None) -> VaultError:
    """Translate a SQLite/SQLCipher exception into a specific, human error. Messages name no values.

    ``path`` (the database file) lets an I/O error be recognised as a full disk: SQLite reports ENOSPC as
    SQLITE_FULL when a write fails, but as a plain I/O error when growing its shared-memory index or
    creating files.
    """
    text = str(exc).lower()
    if ("disk i/o error" in text or "unable to open" in text) and _nearly_full(path):
        text = "disk is full"
    if "database or disk is full" in text or "disk is full" in text:
        return EnvironmentFault(
            f"The disk is full: could not {what}. Nothing was changed.", reason="disk-full"
        )
    if "readonly" in text or "read-only" in text:
        return EnvironmentFault(
            f"The vault's storage is read-only: could not {what}. Nothing was changed.", reason="read-only"
        )
    if "database is locked" in text or "busy" in text:
        return EnvironmentFault(
            f"The vault is busy in another program: could not {what}. Try again.", reason="locked"
        )
    if "not a database" in text or "malformed" in text or "hmac" in text or "corrupt" in text:
        return IntegrityError(
            "The vault database is damaged or has been tampered with (its encryption check failed). "
            "Nothing was read from the damaged part. Restore from a backup.",
            reason="database-corrupt",
        )
    if "disk i/o error" in text or "unable to open" in text:
        return EnvironmentFault(f"A disk error stopped the vault: could not {what}.", reason="io-error")
    return EnvironmentFault(f"The database failed: could not {what} ({exc}).", reason="database-error")


class Tx:
    """An open write transaction. Only storage modules run statements on it; the layers above pass it on to
    the repositories (and to the history log) so that a change and the history entry recording it commit
    together."""

    __slots__ = ("_conn", "execute", "executemany", "history_head")

    def __init__(self, conn: Any) -> None:
        self._conn = conn
        #: ``(seq, hash)`` of the newest history entry this transaction appended (kept by the history's
        #: storage, see repositories/history.py); it goes with the transaction, so a rollback cannot leave
        #: a head that the database does not hold
        self.history_head: tuple[int, bytes] | None = None
        # the connection's own methods, not wrappers: a bulk import runs one per row, and a Python frame per
        # statement was a measurable part of its cost (benchmarks/README.md, storage)
        self.execute: Callable[..., Any] = conn.execute
        self.executemany: Callable[[str, Iterable[Sequence[Any]]], Any] = conn.executemany


class Snapshot:
    """A consistent, read-only view of the database at one moment, on the reader connection (see
    :meth:`Database.read_snapshot`). Long reads (verifying the chain) run here without holding the lock of
    the connection every other use case waits on. Only storage modules run statements on it."""

    __slots__ = ("_conn", "_db", "_what")

    def __init__(self, conn: Any, db: Database, what: str) -> None:
        self._conn, self._db, self._what = conn, db, what

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        try:
            rows: list[Any] = self._conn.execute(sql, params).fetchall()
            return rows
        except DatabaseError as exc:
            raise map_db_error(exc, self._what, self._db.path) from None

    def one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        rows = self.all(sql, params)
        return rows[0] if rows else None

    def batches(self, sql: str, params: Sequence[Any] = (), size: int = 5000) -> Iterator[list[Any]]:
        """The rows of ``sql`` in lists of up to ``size`` (a damaged page raises the mapped error where it
        is)."""
        try:
            cur = self._conn.execute(sql, params)
            while True:
                rows = cur.fetchmany(size)
                if not rows:
                    return
                yield rows
        except DatabaseError as exc:
            raise map_db_error(exc, self._what, self._db.path) from None


@dataclass(frozen=True)
class DbCheck:
    """The result of :meth:`Database.check`: problems found by each check (empty lists when all is well)."""

    pages: list[str]
    structure: list[str]

    @property
    def ok(self) -> bool:
        return not self.pages and not self.structure


class Database:
    """One SQLCipher connection, shared by the repositories. Thread-safe through one lock; in the GUI a
    single worker thread owns it anyway. A second, read-only connection serves :meth:`read_snapshot` (WAL
    lets it read a consistent state while the first one writes)."""

    def __init__(self, path: Path, raw_key: bytes, *, create: bool = False, read_only: bool = False) -> None:
        """``read_only`` opens a database on read-only storage (a read-only mount, write-protected media)
        without writing anything, not even the write-ahead log's index: SQLite's ``immutable`` mode. Every
        write then fails with a "read-only" error."""
        if len(raw_key) != 32:
            raise ValueError("raw key must be 32 bytes")
        self.path = Path(path)
        self.read_only = read_only
        self._lock = threading.RLock()
        self._key = raw_key  # for the reader connection, opened on first use
        self._reader: Any = None
        # reentrant: a stepwise reader (History.verify_steps) may hold it between steps on the thread that
        # also closes the database (the GUI's database worker), which must not wait for itself
        self._reader_lock = threading.RLock()
        #: the connection's current ``synchronous`` level, and whether a lazy commit (see
        #: :meth:`transaction`) may not be on disk yet
        self._synchronous = "FULL"
        self._unsynced = False
        if not create:
            try:
                size = self.path.stat().st_size
            except FileNotFoundError:
                raise IntegrityError(
                    "The vault database (vault.db) is missing.", reason="database-missing"
                ) from None
            if size == 0:
                # SQLCipher would happily treat an empty file as a new database and write a schema into it.
                raise IntegrityError(
                    "The vault database (vault.db) is empty: it was truncated or replaced. "
                    "Restore from a backup.",
                    reason="database-empty",
                )
        old_umask = os.umask(0o077)
        try:
            try:
                if read_only:
                    uri = self.path.resolve().as_uri() + "?immutable=1"
                    self.conn = sqlcipher3.connect(
                        uri, uri=True, check_same_thread=False, isolation_level=None, timeout=5.0
                    )
                else:
                    self.conn = sqlcipher3.connect(
                        str(self.path), check_same_thread=False, isolation_level=None, timeout=5.0
                    )
            except DatabaseError as exc:
                raise map_db_error(exc, "open the vault", self.path) from None
            try:
                self._configure(raw_key)
            except VaultError:
                self.conn.close()
                raise
            except DatabaseError as exc:
                self.conn.close()
                raise self._open_error(exc) from None
        finally:
            os.umask(old_umask)
        if create:
            for f in (self.path, Path(str(self.path) + "-wal"), Path(str(self.path) + "-shm")):
                with contextlib.suppress(OSError):
                    os.chmod(f, 0o600)

    def _open_error(self, exc: Exception) -> VaultError:
        """Name why the first read failed: page 1 is where the key is proven, so a failure there means the
        file is not this vault's database, or it was damaged."""
        err = map_db_error(exc, "open the vault", self.path)
        if not isinstance(err, IntegrityError):
            return err
        try:
            with open(self.path, "rb") as fh:
                magic = fh.read(16)
        except OSError:
            magic = b""
        if magic == b"SQLite format 3\x00":
            return IntegrityError(
                "The file vault.db is an ordinary, unencrypted SQLite database, not this vault's "
                "database. Nothing was read from it. Restore the vault from a backup.",
                reason="database-not-ours",
            )
        return IntegrityError(
            "The vault database (vault.db) cannot be decrypted with this vault's key: it was "
            "damaged or tampered with, or it belongs to another vault. Nothing was read from it. "
            "Restore from a backup.",
            reason="database-corrupt",
        )

    def _configure(self, raw_key: bytes) -> None:
        c = self.conn
        c.execute("PRAGMA cipher_log_level = NONE")
        # Off on purpose (docs/security.md, "Memory"): zeroing and locking every allocation SQLite makes cost
        # 2.5-7x on writes and reads (benchmarks/README.md, storage) and protects little, because every value
        # read also lives in Python strings that nothing zeroes. SQLCipher still wipes its key material
        # itself.
        c.execute("PRAGMA cipher_memory_security = OFF")
        c.execute(f"PRAGMA key = \"x'{raw_key.hex()}'\"")
        # Reading the schema is what proves the key: SQLCipher checks the first page's HMAC here.
        c.execute("SELECT count(*) FROM sqlite_master").fetchone()
        self._apply_pragmas()

    def _apply_pragmas(self) -> None:
        c = self.conn
        if self.read_only:
            c.execute("PRAGMA query_only = ON")
            c.execute("PRAGMA temp_store = MEMORY")
            return
        c.execute("PRAGMA journal_mode = WAL").fetchone()
        c.execute("PRAGMA synchronous = FULL")
        self._synchronous = "FULL"
        c.execute("PRAGMA temp_store = MEMORY")
        c.execute("PRAGMA secure_delete = ON")
        c.execute("PRAGMA foreign_keys = ON")
        c.execute("PRAGMA cache_size = -32768")

    # -- schema ----------------------------------------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self, target: int | None = None) -> int:
        """Bring the schema up to date (or up to ``target``, for fixtures), each step in its own
        transaction. Returns the version reached."""
        current = self.schema_version
        top = latest_version()
        if current > top:
            raise IntegrityError(
                f"This vault was written by a newer version of the app (schema {current}; this app knows "
                f"{top}). Update the app.",
                reason="schema-too-new",
            )
        if current == top:
            return current  # up to date: the migrations' text is not even read
        for version, _name, sql in migrations():
            if version <= current or (target is not None and version > target):
                continue
            with self.transaction(f"upgrade the vault to schema {version}") as c:
                for stmt in _split_sql(sql):
                    c.execute(stmt)
                c.execute(f"PRAGMA user_version = {int(version)}")
        return self.schema_version

    # -- access ----------------------------------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self, what: str = "save the change", *, durable: bool = True) -> Iterator[Tx]:
        """BEGIN IMMEDIATE ... COMMIT; rolls back on any error so the previous state stays intact.

        A ``durable`` commit (the default) is on disk when this returns (``synchronous = FULL``: the
        write-ahead log is fsynced at COMMIT, which also makes every earlier lazy commit durable). A lazy one
        (``durable=False``, ``synchronous = NORMAL``) is in the log but not yet fsynced: a crash of the app
        loses nothing, a power loss or a crash of the system may lose it and the lazy commits after it
        (never a part of one, never one before a durable commit). :meth:`sync` makes them durable.
        docs/security.md ("What a power loss can lose") says which use cases commit lazily."""
        with self._lock:
            level = "FULL" if durable else "NORMAL"
            try:
                if self._synchronous != level:  # SQLite refuses to change it inside a transaction
                    self.conn.execute(f"PRAGMA synchronous = {level}")
                    self._synchronous = level
                self.conn.execute("BEGIN IMMEDIATE")
            except DatabaseError as exc:
                raise map_db_error(exc, what, self.path) from None
            try:
                yield Tx(self.conn)
            except BaseException as exc:
                with contextlib.suppress(DatabaseError):
                    self.conn.execute("ROLLBACK")
                if isinstance(exc, DatabaseError):
                    raise map_db_error(exc, what, self.path) from None
                raise
            try:
                self.conn.execute("COMMIT")
            except DatabaseError as exc:
                with contextlib.suppress(DatabaseError):
                    self.conn.execute("ROLLBACK")
                raise map_db_error(exc, what, self.path) from None
            self._unsynced = not durable

    @property
    def has_lazy_commits(self) -> bool:
        """Whether a lazy commit may not be on disk yet (see :meth:`sync`)."""
        return self._unsynced

    def sync(self, what: str = "save the changes to disk") -> None:
        """Make every lazy commit durable: fsync the write-ahead log, which holds them (a commit in WAL mode
        is durable once its frames are on disk; this is the fsync a durable COMMIT does). Nothing to do
        after a durable commit, or when the log was checkpointed into the database meanwhile (a checkpoint
        fsyncs the log first and the database after)."""
        with self._lock:
            if not self._unsynced or self.read_only:
                return
            try:
                fd = os.open(f"{self.path}-wal", os.O_RDONLY)
            except FileNotFoundError:
                self._unsynced = False
                return
            except OSError as exc:
                raise os_error_to_vault_error(exc, what) from None
            try:
                os.fsync(fd)
            except OSError as exc:
                raise os_error_to_vault_error(exc, what) from None
            finally:
                os.close(fd)
            self._unsynced = False

    def query(
        self, sql: str, params: tuple[Any, ...] | dict[str, Any] = (), what: str = "read the vault"
    ) -> list[Any]:
        with self._lock:
            try:
                rows: list[Any] = self.conn.execute(sql, params).fetchall()
                return rows
            except DatabaseError as exc:
                raise map_db_error(exc, what, self.path) from None

    def query_one(
        self, sql: str, params: tuple[Any, ...] | dict[str, Any] = (), what: str = "read the vault"
    ) -> Any:
        rows = self.query(sql, params, what)
        return rows[0] if rows else None

    @contextlib.contextmanager
    def read_snapshot(self, what: str = "read the vault") -> Iterator[Snapshot]:
        """A read transaction on the reader connection: everything read inside sees one committed state,
        and the main connection (every other use case) is never held up by it. On read-only storage nothing
        writes, so the snapshot reads on the main connection (a second one could not open the WAL's index)."""
        if self.read_only:
            with self._lock:
                yield Snapshot(self.conn, self, what)
            return
        with self._reader_lock:
            if self._reader is None:
                self._reader = self._open_reader()
            conn = self._reader
            try:
                conn.execute("BEGIN")
            except DatabaseError as exc:
                raise map_db_error(exc, what, self.path) from None
            try:
                yield Snapshot(conn, self, what)
            finally:
                # closed meanwhile (the vault was locked): nothing to end
                with contextlib.suppress(DatabaseError):
                    conn.execute("ROLLBACK")

    def _open_reader(self) -> Any:
        try:
            conn = sqlcipher3.connect(
                str(self.path), check_same_thread=False, isolation_level=None, timeout=5.0
            )
        except DatabaseError as exc:
            raise map_db_error(exc, "open the vault for reading", self.path) from None
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute("PRAGMA cipher_memory_security = OFF")
            conn.execute(f"PRAGMA key = \"x'{self._key.hex()}'\"")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            conn.execute("PRAGMA query_only = ON")
            conn.execute("PRAGMA temp_store = MEMORY")
            conn.execute("PRAGMA cache_size = -8192")  # long scans: a small cache is enough
        except DatabaseError as exc:
            conn.close()
            raise self._open_error(exc) from None
        return conn

    def _close_reader(self) -> None:
        with self._reader_lock:
            if self._reader is not None:
                with contextlib.suppress(DatabaseError):
                    self._reader.close()
                self._reader = None

    def check(self) -> DbCheck:
        """SQLCipher's page check (every page's HMAC: ``cipher_integrity_check``) and SQLite's structural
        check (``integrity_check``), each with its own list of problems. Reads every page, so it takes
        about as long as reading the whole file."""
        pages: list[str] = []
        structure: list[str] = []
        with self._lock:
            # cipher_integrity_check reads the main file only, not the WAL: fold the WAL in first, or pages
            # superseded there (after a re-key, every page) would be reported as damaged.
            if not self.read_only:
                with contextlib.suppress(DatabaseError):
                    self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            try:
                pages += [str(r[0]) for r in self.conn.execute("PRAGMA cipher_integrity_check").fetchall()]
            except DatabaseError as exc:
                pages.append(str(exc))
            try:
                rows = self.conn.execute("PRAGMA integrity_check").fetchall()
                structure += [str(r[0]) for r in rows if r[0] != "ok"]
            except DatabaseError as exc:
                structure.append(str(exc))
        return DbCheck(pages, structure)

    def integrity_check(self) -> list[str]:
        """SQLite's integrity check plus SQLCipher's page HMAC check; empty list when all is well."""
        c = self.check()
        return c.structure + c.pages

    def backup_to(self, target: Database) -> None:
        """Copy this database, consistently, into ``target`` (an open database keyed with the same key)."""
        with self._lock:
            try:
                self.conn.backup(target.conn)
            except DatabaseError as exc:
                raise map_db_error(exc, "copy the vault", self.path) from None

    def checkpoint(self) -> None:
        with self._lock, contextlib.suppress(DatabaseError):
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def rekey(self, new_raw_key: bytes) -> None:
        """Re-encrypt the whole database under a new raw key.

        ``PRAGMA rekey`` is not used: SQLCipher does not report its failures (on a full disk it returned
        quietly and left the connection keyed with the new key over pages still encrypted with the old one,
        so the next unlock found a "damaged" database). Instead the database is exported into a new file
        encrypted with the new key, which errors surface from, and that file is renamed over the old one.
        Until the rename the old file is untouched; after it, only the new key opens the vault.
        """
        if len(new_raw_key) != 32:
            raise ValueError("raw key must be 32 bytes")
        tmp = self.path.with_name(self.path.name + ".rekey")
        what = "re-encrypt the vault"
        self._close_reader()
        with self._lock:
            self._remove_db_files(tmp)
            old_umask = os.umask(0o077)
            try:
                self.conn.execute(f"ATTACH DATABASE ? AS rekeyed KEY \"x'{new_raw_key.hex()}'\"", (str(tmp),))
                try:
                    self.conn.execute("SELECT sqlcipher_export('rekeyed')").fetchall()
                    self.conn.execute(f"PRAGMA rekeyed.user_version = {self.schema_version}")
                finally:
                    self.conn.execute("DETACH DATABASE rekeyed")
                fd = os.open(tmp, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
            except DatabaseError as exc:
                self._remove_db_files(tmp)
                raise map_db_error(exc, what, self.path) from None
            except OSError as exc:
                self._remove_db_files(tmp)
                raise os_error_to_vault_error(exc, what) from None
            finally:
                os.umask(old_umask)
            # Leave WAL mode so that no -wal/-shm of the old file outlives it, swap the files, reopen.
            try:
                self.conn.execute("PRAGMA journal_mode = DELETE").fetchall()
                os.replace(tmp, self.path)
            except (DatabaseError, OSError) as exc:
                self._remove_db_files(tmp)
                with contextlib.suppress(DatabaseError):
                    self.conn.execute("PRAGMA journal_mode = WAL").fetchall()
                if isinstance(exc, OSError):
                    raise os_error_to_vault_error(exc, what) from None
                raise map_db_error(exc, what, self.path) from None
            fsync_dir(self.path.parent)
            with contextlib.suppress(DatabaseError):
                self.conn.close()
            self.conn = sqlcipher3.connect(
                str(self.path), check_same_thread=False, isolation_level=None, timeout=5.0
            )
            self._configure(new_raw_key)
            self._key = new_raw_key
            self._unsynced = False  # the new file holds every commit and was fsynced

    @staticmethod
    def _remove_db_files(path: Path) -> None:
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()

    def close(self) -> None:
        self._close_reader()
        with self._lock:
            if not self.read_only:
                with contextlib.suppress(VaultError):
                    self.sync()  # should the checkpoint below fail, the log itself is on disk
                with contextlib.suppress(DatabaseError):
                    self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            with contextlib.suppress(DatabaseError):
                self.conn.close()


def _split_sql(sql: str) -> list[str]:
    """Split a migration file into statements (our migrations contain no semicolons inside literals; a
    trigger's body holds several, so pieces are joined until SQLite says the statement is complete)."""
    lines = [ln for ln in sql.splitlines() if not ln.strip().startswith("--")]
    out: list[str] = []
    buf = ""
    for piece in "\n".join(lines).split(";"):
        buf += piece + ";"
        if sqlcipher3.complete_statement(buf):
            if buf.strip(" \n;"):
                out.append(buf.strip().rstrip(";").strip())
            buf = ""
    if buf.strip(" \n;"):
        out.append(buf.strip().rstrip(";").strip())
    return out
