"""The service facade: every use case of the vault, once, for the GUI and the CLI alike.

A :class:`VaultService` is bound to one vault folder. It is locked until :meth:`unlock` (or :meth:`create`)
succeeds, and every use case checks that. Writes go through one database transaction that also appends the
history entry describing them, so an action and its record commit together or not at all; after the commit
the signed head outside the database is refreshed and an :class:`~vault_app.domain.events.Event` is
emitted.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import time
import uuid
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from vault_app.crypto import keyfile as kf
from vault_app.crypto.kdf import KdfParams, calibrate
from vault_app.domain import paths
from vault_app.domain.clock import Clock, SystemClock
from vault_app.domain.errors import (
    AuthError,
    ConflictError,
    EnvironmentFault,
    IntegrityError,
    NotFoundError,
    UsageError,
    ValidationError,
    VaultError,
    os_error_to_vault_error,
)
from vault_app.domain.events import Event, EventBus
from vault_app.domain.files import atomic_write, ensure_private_dir, fsync_dir
from vault_app.domain.model import Category, Field, FieldType, Provenance, validate_field_name, validate_value
from vault_app.history import export as hexport
from vault_app.history import head as hhead
from vault_app.history.chain import History, HistoryEntry, HistoryFilter, VerifyReport, run_steps
from vault_app.history.kinds import EventKind
from vault_app.protocol.did import did_from_public_key
from vault_app.storage import backup as bk
from vault_app.storage.db import Database, DatabaseError, Tx, map_db_error
from vault_app.storage.repositories import Repositories

if TYPE_CHECKING:  # imported when first used: the consent services cost most of this module's import time
    from vault_app.services.consent import ConsentServices

log = logging.getLogger(__name__)

MIN_PASSWORD_LEN = 8


def password_problems(password: str) -> list[str]:
    """Plain-words reasons a master password is too weak (empty list when acceptable)."""
    problems = []
    if len(password) < MIN_PASSWORD_LEN:
        problems.append(f"Use at least {MIN_PASSWORD_LEN} characters.")
    if password and len(set(password)) < 4:
        problems.append("Use more different characters.")
    return problems


@dataclass
class _Unlocked:
    db: Database
    vault_id: str
    data_key: bytes
    root_secret: bytes
    identity_key: Ed25519PrivateKey
    did: str
    history: History
    repos: Repositories
    lock_fd: int


class VaultService:
    def __init__(
        self,
        vault_dir: Path | str,
        *,
        clock: Clock | None = None,
        kdf_factory: Callable[[Callable[[float], None] | None], KdfParams] | None = None,
    ) -> None:
        self.vault_dir = Path(vault_dir)
        self.clock: Clock = clock or SystemClock()
        # Injected in tests so vaults are cheap to create; the app calibrates to ~0.5 s.
        self._kdf_factory = kdf_factory or (lambda progress: calibrate(progress=progress))
        self.events = EventBus()
        self._u: _Unlocked | None = None
        self.last_unlock_seconds: float | None = None
        self.last_kdf_seconds: float | None = None
        self._pending: list[tuple[str, dict[str, Any]]] = []
        self._consent: ConsentServices | None = None

    # -- paths -----------------------------------------------------------------------------------------------
    @property
    def key_path(self) -> Path:
        return self.vault_dir / paths.KEY_FILE

    @property
    def db_path(self) -> Path:
        return self.vault_dir / paths.DB_FILE

    def exists(self) -> bool:
        return self.key_path.exists() or self.db_path.exists()

    @property
    def is_unlocked(self) -> bool:
        return self._u is not None

    def _need(self) -> _Unlocked:
        if self._u is None:
            raise AuthError("The vault is locked. Unlock it first.", reason="locked")
        return self._u

    def _now_ms(self) -> int:
        return int(self.clock.now() * 1000)

    # -- lifecycle -------------------------------------------------------------------------------------------
    def create(
        self, password: str, *, kdf: KdfParams | None = None, progress: Callable[[float], None] | None = None
    ) -> None:
        """Create a new, empty vault and leave it unlocked."""
        if self.exists():
            raise ConflictError(f"A vault already exists in {self.vault_dir}.", reason="vault-exists")
        problems = password_problems(password)
        if problems:
            raise ValidationError(" ".join(problems), field="password", reason="weak-password")
        ensure_private_dir(self.vault_dir)
        lock_fd = self._take_lock()
        try:
            params = kdf or self._kdf_factory(progress)
            vault_id = str(uuid.uuid4())
            data_key = os.urandom(32)
            t0 = time.perf_counter()
            keyfile = kf.wrap(data_key, password, vault_id, params)
            self.last_kdf_seconds = time.perf_counter() - t0
            db = Database(self.db_path, data_key, create=True)
            try:
                db.migrate()
                identity = Ed25519PrivateKey.generate()
                root = os.urandom(32)
                from cryptography.hazmat.primitives import serialization as ser

                raw_priv = identity.private_bytes(ser.Encoding.Raw, ser.PrivateFormat.Raw, ser.NoEncryption())
                did = did_from_public_key(identity)
                history = History(db, vault_id, self.clock, identity)
                with db.transaction("create the vault") as c:
                    c.execute("INSERT INTO meta (key, value) VALUES ('vault_id', ?)", (vault_id,))
                    c.execute(
                        "INSERT INTO identity (id, root_secret, signing_key, did, created_ms) "
                        "VALUES (1,?,?,?,?)",
                        (root, raw_priv, did, self._now_ms()),
                    )
                    history.append(c, EventKind.VAULT_CREATED, data={"schema": db.schema_version})
                atomic_write(self.key_path, keyfile.to_bytes(), what="write the vault key file")
                seq, head = history.head()
                hhead.write_head(self.vault_dir, vault_id, seq, head, self._now_ms(), identity)
            except BaseException:
                db.close()
                raise
        except BaseException:
            self._release_lock(lock_fd)
            # nothing usable was made: leave no half-created vault behind
            for p in (
                self.key_path,
                self.db_path,
                Path(f"{self.db_path}-wal"),
                Path(f"{self.db_path}-shm"),
                self.vault_dir / hhead.HEAD_FILE,
            ):
                with contextlib.suppress(OSError):
                    p.unlink()
            raise
        self._u = _Unlocked(
            db, vault_id, data_key, root, identity, did, history, Repositories.open(db), lock_fd
        )
        self.events.emit(Event("lock", "unlocked"))

    def read_keyfile(self) -> kf.KeyFile:
        try:
            raw = self.key_path.read_bytes()
        except FileNotFoundError:
            if self.db_path.exists():
                raise IntegrityError(
                    "The vault's key file (vault.key) is missing; without it the database cannot be opened. "
                    "Restore the vault from a backup.",
                    reason="keyfile-missing",
                ) from None
            raise NotFoundError(
                f"There is no vault in {self.vault_dir}. Create one first.", reason="no-vault"
            ) from None
        except OSError as exc:
            raise os_error_to_vault_error(exc, "read the vault key file") from None
        return kf.KeyFile.from_bytes(raw)

    @property
    def _next_key_path(self) -> Path:
        return self.vault_dir / (paths.KEY_FILE + ".next")

    def unlock(self, password: str, *, accept_head: bool = False) -> None:
        if self._u is not None:
            return
        keyfile = self.read_keyfile()
        t0 = time.perf_counter()
        data_key = kf.unwrap(keyfile, password)
        self.last_kdf_seconds = time.perf_counter() - t0
        nxt = self._next_key_path
        try:
            self.unlock_with_key(data_key, keyfile.vault_id, accept_head=accept_head)
        except IntegrityError as exc:
            if exc.reason != "database-corrupt" or not nxt.exists():
                raise
            # A re-key was interrupted after the database was re-encrypted but before vault.key.next replaced
            # vault.key: the database opens with the new key. Finish the re-key by promoting the new key file.
            new_key = self._unwrap_next_key(password, keyfile.vault_id)
            if new_key is None:
                raise
            self.unlock_with_key(new_key, keyfile.vault_id, accept_head=accept_head)
            try:
                os.replace(nxt, self.key_path)
            except OSError as os_exc:
                self.lock()
                raise os_error_to_vault_error(os_exc, "finish the interrupted re-key") from None
            fsync_dir(self.vault_dir)
            return
        if nxt.exists():
            # Left by a re-key interrupted before the database was re-encrypted: the old key is still the key.
            with contextlib.suppress(OSError):
                nxt.unlink()

    def _unwrap_next_key(self, password: str, vault_id: str) -> bytes | None:
        try:
            nkf = kf.KeyFile.from_bytes(self._next_key_path.read_bytes())
            if nkf.vault_id != vault_id:
                return None
            return kf.unwrap(nkf, password)
        except (OSError, VaultError):
            return None

    def unlock_with_key(
        self, data_key: bytes, vault_id: str | None = None, *, accept_head: bool = False
    ) -> None:
        """Open the database with the unwrapped data key (also used by the 'remember on this device'
        unlock)."""
        if self._u is not None:
            return
        t0 = time.perf_counter()
        if vault_id is None:
            vault_id = self.read_keyfile().vault_id
        if not self.db_path.exists():
            raise IntegrityError(
                "The vault database (vault.db) is missing. Restore from a backup.", reason="database-missing"
            )
        self._open_locked(data_key, vault_id, accept_head, self._take_lock(), t0)

    def _open_locked(
        self, data_key: bytes, vault_id: str, accept_head: bool, lock_fd: int, t0: float
    ) -> None:
        """Open the database while holding the vault lock ``lock_fd`` (released here if opening fails)."""
        try:
            db = Database(self.db_path, data_key)
            try:
                db.migrate()
                row = db.query_one("SELECT value FROM meta WHERE key = 'vault_id'")
                if row is None or row[0] != vault_id:
                    raise IntegrityError(
                        "The database does not belong to this vault's key file.", reason="database-mismatch"
                    )
                ident = db.query_one("SELECT root_secret, signing_key, did FROM identity WHERE id = 1")
                if ident is None:
                    raise IntegrityError(
                        "The vault's identity is missing from the database.", reason="identity-missing"
                    )
                identity = Ed25519PrivateKey.from_private_bytes(bytes(ident[1]))
                history = History(db, vault_id, self.clock, identity)
                seq, _ = history.head()
                if accept_head:
                    pass
                else:
                    hhead.check_head(
                        hhead.read_head(self.vault_dir), vault_id, seq, history.hash_at, identity.public_key()
                    )
            except BaseException:
                db.close()
                raise
        except BaseException:
            self._release_lock(lock_fd)
            raise
        self._u = _Unlocked(
            db,
            vault_id,
            data_key,
            bytes(ident[0]),
            identity,
            str(ident[2]),
            history,
            Repositories.open(db),
            lock_fd,
        )
        self._remove_leftovers()
        if accept_head:
            self._record(EventKind.HEAD_ACCEPTED, data={"reason": "subject accepted the database as it is"})
        self.last_unlock_seconds = time.perf_counter() - t0
        self.events.emit(Event("lock", "unlocked"))

    def _remove_leftovers(self) -> None:
        """Delete what an interrupted write left in the vault folder (we hold the vault lock, so nobody
        else is writing): temporary files of atomic writes, the backup's working copy, a half-made re-key
        export."""
        for p in self.vault_dir.iterdir():
            name = p.name
            if (
                (name.startswith(".") and name.endswith(".tmp"))
                or name.startswith(".backup-copy.db")
                or name.startswith(paths.DB_FILE + ".rekey")
            ):
                with contextlib.suppress(OSError):
                    p.unlink()

    def lock(self) -> None:
        """Close the database, forget keys, and tell every view to drop what it shows."""
        u = self._u
        if u is None:
            return
        if self._pending:
            with contextlib.suppress(VaultError), self.transaction("record the pending events"):
                pass
            if self._pending:
                log.warning("%d history entries could not be written before locking.", len(self._pending))
                self._pending = []
        with contextlib.suppress(VaultError):
            u.history.checkpoint_now()
            self._write_head()
        self._u = None
        self._consent = None
        u.db.close()
        self._release_lock(u.lock_fd)
        self.events.emit(Event("lock", "locked"))

    def _take_lock(self) -> int:
        try:
            fd = os.open(self.vault_dir / paths.LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise os_error_to_vault_error(exc, "open the vault") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise EnvironmentFault(
                "The vault is open in another window or program. Close it there first.", reason="vault-in-use"
            ) from None
        return fd

    @staticmethod
    def _release_lock(fd: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    # -- keys ------------------------------------------------------------------------------------------------
    @property
    def consent(self) -> ConsentServices:
        """The consent engine's use cases for this vault (organisations, inbox, decisions, grants)."""
        self._need()
        if self._consent is None:
            from vault_app.services.consent import ConsentServices

            self._consent = ConsentServices(self)
        return self._consent

    @property
    def repositories(self) -> Repositories:
        """The open vault's repositories (for the services; the GUI and the CLI use the services)."""
        return self._need().repos

    @property
    def subject_did(self) -> str:
        return self._need().did

    @property
    def vault_id(self) -> str:
        return self._need().vault_id

    @property
    def identity_key(self) -> Ed25519PrivateKey:
        return self._need().identity_key

    @property
    def root_secret(self) -> bytes:
        return self._need().root_secret

    @property
    def db(self) -> Database:
        return self._need().db

    @property
    def history(self) -> History:
        return self._need().history

    def data_key_for_remember(self) -> bytes:
        """The data key, for the optional 'remember on this device' unlock (stored only in a secure
        keyring)."""
        return self._need().data_key

    def change_password(self, old: str, new: str, *, kdf: KdfParams | None = None) -> None:
        """Rewrap the data key under a new password. The database is not rewritten."""
        u = self._need()
        keyfile = self.read_keyfile()
        kf.unwrap(keyfile, old)  # proves the old password; raises AuthError
        problems = password_problems(new)
        if problems:
            raise ValidationError(" ".join(problems), field="password", reason="weak-password")
        params = kdf or keyfile.kdf.with_new_salt()
        new_kf = kf.wrap(u.data_key, new, u.vault_id, params)
        atomic_write(self.key_path, new_kf.to_bytes(), what="save the new password")
        self._record(
            EventKind.PASSWORD_CHANGED,
            data={"kdf_memory_kib": params.memory_kib, "kdf_iterations": params.iterations},
        )

    def rekey(self, password: str) -> None:
        """Full re-key: a new data key, the whole database re-encrypted, the key file rewrapped.

        Crash safety: the new key file is written beside the old one first (``vault.key.next``); if the re-
        encryption is interrupted, the next unlock tries both keys.
        """
        u = self._need()
        keyfile = self.read_keyfile()
        kf.unwrap(keyfile, password)
        new_key = os.urandom(32)
        new_kf = kf.wrap(new_key, password, u.vault_id, keyfile.kdf.with_new_salt())
        nxt = self._next_key_path
        atomic_write(nxt, new_kf.to_bytes(), what="prepare the new key")
        u.db.rekey(new_key)
        u.data_key = new_key  # the database is now encrypted with it, whatever happens next
        try:
            os.replace(nxt, self.key_path)
        except OSError as exc:
            raise os_error_to_vault_error(
                exc,
                "replace the key file (the database was re-encrypted; the next unlock finishes the re-key)",
            ) from None
        fsync_dir(self.vault_dir)
        self._record(EventKind.VAULT_REKEYED)

    # -- recording -------------------------------------------------------------------------------------------
    def _write_head(self) -> None:
        u = self._need()
        seq, h = u.history.head()
        hhead.write_head(self.vault_dir, u.vault_id, seq, h, self._now_ms(), u.identity_key)

    @contextlib.contextmanager
    def transaction(self, what: str) -> Iterator[Tx]:
        """A write transaction for use cases; the head file is refreshed after it commits."""
        u = self._need()
        with u.db.transaction(what) as c:
            # history entries that could not be written earlier (see _record) go in with this change
            pending, self._pending = self._pending, []
            try:
                for kind, kw in pending:
                    self.record(c, kind, **kw)
                yield c
            except BaseException:
                self._pending = pending + self._pending
                raise
        try:
            self._write_head()
        except VaultError as exc:
            # The change is committed; saying it failed would be false. A stale head only narrows what the
            # rollback check covers until the next successful write or lock refreshes it.
            log.warning("The change was saved, but the head file could not be refreshed (%s).", exc.reason)

    def record(self, conn: Tx, kind: str, **kw: Any) -> HistoryEntry:
        return self._need().history.append(conn, kind, **kw)

    def _record(self, kind: str, **kw: Any) -> HistoryEntry | None:
        """Record an event about something that has already happened (a key file replaced, a backup or
        export written). If the database cannot take the entry now (disk full, read-only), the action still
        stands: reporting it as failed would be false (a changed password reported as unchanged locks the
        subject out). The entry is then kept and written with the next change that commits, noting when it
        happened."""
        try:
            with self.transaction("record the event") as c:
                e = self.record(c, kind, **kw)
        except EnvironmentFault as exc:
            log.warning(
                "The history entry %s could not be written yet (%s); it will be written with the next "
                "change.",
                kind,
                exc.reason,
            )
            data = dict(kw.get("data") or {}, happened_ms=self._now_ms())
            self._pending.append((kind, dict(kw, data=data)))
            return None
        self.events.emit(Event("history", "appended", {"seq": e.seq, "kind": kind}))
        return e

    # -- fields ----------------------------------------------------------------------------------------------
    def add_field(
        self,
        name: str,
        ftype: FieldType | str,
        category: Category | str,
        value: str,
        provenance: Provenance | None = None,
    ) -> Field:
        u = self._need()
        ft: FieldType = _enum(FieldType, ftype, "type")
        cat: Category = _enum(Category, category, "category")
        name = validate_field_name(name)
        value = validate_value(ft, value)
        if u.repos.fields.get(name) is not None:
            raise ConflictError(
                f"A field named '{name}' already exists. Edit it instead.", reason="field-exists"
            )
        f = Field(name, ft, cat, value, provenance or Provenance())
        with self.transaction(f"add the field '{name}'") as c:
            fid = u.repos.fields.insert(c, f, self._now_ms())
            self.record(
                c,
                EventKind.FIELD_ADDED,
                field=name,
                data={"type": ft.value, "category": cat.value, "provenance": f.provenance.kind.value},
            )
        self.events.emit(Event("fields", "added", {"name": name}))
        return replace(f, id=fid)

    def update_field(
        self,
        name: str,
        *,
        value: str | None = None,
        ftype: FieldType | str | None = None,
        category: Category | str | None = None,
        provenance: Provenance | None = None,
    ) -> Field:
        u = self._need()
        cur = u.repos.fields.get(name)
        if cur is None:
            raise NotFoundError(f"There is no field named '{name}'.", reason="no-field")
        nt = _enum(FieldType, ftype, "type") if ftype is not None else cur.type
        nc = _enum(Category, category, "category") if category is not None else cur.category
        nv = validate_value(nt, value if value is not None else cur.value)
        new = replace(cur, type=nt, category=nc, value=nv, provenance=provenance or cur.provenance)
        changed = [
            k
            for k, a, b in (
                ("value", cur.value, nv),
                ("type", cur.type, nt),
                ("category", cur.category, nc),
                ("provenance", cur.provenance, new.provenance),
            )
            if a != b
        ]
        if not changed:
            return cur
        with self.transaction(f"change the field '{cur.name}'") as c:
            u.repos.fields.update(c, new, self._now_ms())
            self.record(
                c,
                EventKind.FIELD_CHANGED,
                field=cur.name,
                data={"changed": changed, "type": nt.value, "category": nc.value},
            )
        self.events.emit(Event("fields", "changed", {"name": cur.name}))
        return new

    def set_field(self, name: str, ftype: FieldType | str, category: Category | str, value: str) -> Field:
        """Add the field, or change it when it exists (the CLI's `field set`)."""
        if self._need().repos.fields.get(name) is None:
            return self.add_field(name, ftype, category, value)
        return self.update_field(name, value=value, ftype=ftype, category=category)

    def delete_field(self, name: str) -> None:
        u = self._need()
        cur = u.repos.fields.get(name)
        if cur is None:
            raise NotFoundError(f"There is no field named '{name}'.", reason="no-field")
        with self.transaction(f"delete the field '{cur.name}'") as c:
            u.repos.fields.delete(c, cur.name)
            self.record(c, EventKind.FIELD_DELETED, field=cur.name, data={"category": cur.category.value})
        self.events.emit(Event("fields", "deleted", {"name": cur.name}))

    def get_field(self, name: str) -> Field:
        f = self._need().repos.fields.get(name)
        if f is None:
            raise NotFoundError(f"There is no field named '{name}'.", reason="no-field")
        return f

    def fields_named(self, names: Sequence[str]) -> dict[str, Field]:
        """The fields with these names that the vault holds, keyed by lower-cased name."""
        return self._need().repos.fields.get_many(list(names))

    def list_fields(
        self, category: Category | str | None = None, *, limit: int = 1000, offset: int = 0
    ) -> list[Field]:
        cat = _enum(Category, category, "category") if category else None
        return self._need().repos.fields.list(cat, limit=limit, offset=offset)

    def field_count(self, category: Category | str | None = None) -> int:
        cat = _enum(Category, category, "category") if category else None
        return self._need().repos.fields.count(cat)

    def search_fields(self, query: str, *, limit: int = 200) -> list[Field]:
        if not query.strip():
            return self.list_fields(limit=limit)
        return self._need().repos.fields.search(query, limit=limit)

    # -- history ---------------------------------------------------------------------------------------------
    def history_page(
        self, flt: HistoryFilter | None = None, *, before_seq: int | None = None, limit: int = 100
    ) -> list[HistoryEntry]:
        return self._need().history.page(flt, before_seq=before_seq, limit=limit)

    def history_count(self, flt: HistoryFilter | None = None) -> int:
        return self._need().history.count(flt)

    def verify_history(
        self, progress: Callable[[int, int], None] | None = None, *, recent: bool = False
    ) -> VerifyReport:
        """Verify the chain, its signed checkpoints, and the head kept outside the database. ``recent``: only
        what was written since the last verified checkpoint (see :meth:`History.verify_recent`)."""
        return run_steps(self.verify_history_steps(progress, recent=recent))

    def verify_history_steps(
        self, progress: Callable[[int, int], None] | None = None, *, recent: bool = False
    ) -> Generator[None, None, VerifyReport]:
        """:meth:`verify_history` in steps of a few tens of milliseconds (see :meth:`History.verify_steps`):
        the desktop app runs one step at a time on its database worker, so other work is never queued behind
        it."""
        u = self._need()
        report = yield from u.history.verify_steps(progress, recent=recent)
        if report.ok:
            try:
                if self._u is not u:
                    raise IntegrityError(
                        "The vault was locked before the verification finished.", reason="locked"
                    )
                # the head file is compared with the database as it is now: entries written while the steps
                # ran are newer than the snapshot the chain was read from, and the head file already names
                # them
                hhead.check_head(
                    hhead.read_head(self.vault_dir),
                    u.vault_id,
                    u.history.head()[0],
                    u.history.hash_at,
                    u.identity_key.public_key(),
                )
            except IntegrityError as exc:
                report.ok = False
                report.problem = exc.message
        return report

    def export_history(self, path: Path | str, fmt: str = "json", flt: HistoryFilter | None = None) -> Path:
        """Write the history (optionally filtered) and its signature; returns the signature file's path."""
        u = self._need()
        path = Path(path)
        fmt = fmt.lower()
        u.history.checkpoint_now()
        seq, h = u.history.head()
        meta = {
            "format": "pdvault-history-export",
            "version": 1,
            "subject": u.did,
            "vault_id": u.vault_id,
            "head_seq": seq,
            "head_hash": h.hex(),
        }
        data, n = hexport.render(u.history.iter_all(flt), fmt, meta)
        sig = hexport.sign_export(
            data,
            key=u.identity_key,
            kid=u.did + "#" + u.did.split(":")[-1],
            claims={
                "iss": u.did,
                "iat": int(self.clock.now()),
                "format": fmt,
                "entries": n,
                "head_seq": seq,
                "head_hash": h.hex(),
                "vault_id": u.vault_id,
                "filtered": flt is not None and flt != HistoryFilter(),
            },
        )
        sig_path = hexport.write_export(path, data, sig)
        self._record(EventKind.HISTORY_EXPORTED, data={"format": fmt, "entries": n})
        return sig_path

    def history_values(self, column: str) -> list[str]:
        """The distinct organisations (``"org"``), fields (``"field"``) or kinds (``"kind"``) in the
        history, for filter pickers."""
        if column not in ("kind", "org", "field"):
            raise UsageError(f"Cannot list history values of '{column}': use kind, org or field.")
        return self._need().history.distinct(column)

    def history_activity(
        self, flt: HistoryFilter | None = None, *, bucket_ms: int = 86_400_000
    ) -> list[tuple[int, str | None, int]]:
        """How many entries (matching ``flt``) fell in each time bucket, per organisation.

        Returns ``(bucket_start_ms, org or None, count)`` sorted by time, counted inside the database so a
        chart over a million entries never loads them.
        """
        if bucket_ms <= 0:
            raise UsageError("The time bucket must be longer than zero.")
        return self._need().history.activity(flt, int(bucket_ms))

    def verify_export(self, path: Path | str) -> dict[str, Any]:
        return hexport.verify_export(Path(path), self._need().identity_key.public_key())

    # -- backup ----------------------------------------------------------------------------------------------
    def create_backup(self, path: Path | str) -> Path:
        u = self._need()
        path = Path(path)
        u.history.checkpoint_now()
        self._write_head()  # the backup carries the head that matches its database
        tmp = self.vault_dir / ".backup-copy.db"
        with contextlib.suppress(OSError):
            tmp.unlink()
        try:
            # A consistent, still-encrypted copy through SQLite's online backup.
            target = Database(tmp, u.data_key, create=True)
            try:
                u.db.backup_to(target)
            finally:
                target.close()
            db_bytes = tmp.read_bytes()
        except OSError as exc:
            raise os_error_to_vault_error(exc, "copy the vault for the backup") from None
        except DatabaseError as exc:
            raise map_db_error(exc, "copy the vault for the backup", tmp) from None
        finally:
            for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
                with contextlib.suppress(OSError):
                    p.unlink()
        head_file = self.vault_dir / hhead.HEAD_FILE
        blob = bk.build(
            vault_id=u.vault_id,
            created_ms=self._now_ms(),
            keyfile=self.key_path.read_bytes(),
            head=head_file.read_bytes() if head_file.exists() else None,
            db=db_bytes,
            schema=u.db.schema_version,
            data_key=u.data_key,
        )
        atomic_write(path, blob, what="write the backup")
        # recorded once the file exists, so the history never claims a backup that failed
        self._record(EventKind.BACKUP_CREATED, data={"file": path.name})
        return path

    @staticmethod
    def check_backup(backup_path: Path | str, password: str) -> dict[str, Any]:
        """Prove that ``password`` opens the backup and that the backup is intact, changing nothing.

        Lets a UI ask for confirmation (and keep the current vault open) before :meth:`restore_backup`
        replaces anything. Returns the backup's manifest (ids, times and sizes; no personal values).
        """
        try:
            raw = Path(backup_path).read_bytes()
        except OSError as exc:
            raise os_error_to_vault_error(exc, "read the backup") from None
        contents = bk.parse(raw)
        data_key = kf.unwrap(kf.KeyFile.from_bytes(contents.keyfile), password)
        bk.check_mac(contents, data_key)
        return {k: v for k, v in contents.manifest.items() if k != "mac"}

    @classmethod
    def restore_backup(
        cls,
        backup_path: Path | str,
        vault_dir: Path | str,
        password: str,
        *,
        force: bool = False,
        clock: Clock | None = None,
    ) -> VaultService:
        """Restore a backup into ``vault_dir`` and return the service, unlocked and verified."""
        vault_dir = Path(vault_dir)
        try:
            raw = Path(backup_path).read_bytes()
        except OSError as exc:
            raise os_error_to_vault_error(exc, "read the backup") from None
        contents = bk.parse(raw)
        keyfile = kf.KeyFile.from_bytes(contents.keyfile)
        data_key = kf.unwrap(keyfile, password)
        bk.check_mac(contents, data_key)
        svc = cls(vault_dir, clock=clock)
        if svc.exists() and not force:
            raise ConflictError(
                f"A vault already exists in {vault_dir}. Restoring would replace it; use --force to do that "
                "(the existing files are kept aside with a .replaced suffix).",
                reason="vault-exists",
            )
        ensure_private_dir(vault_dir)
        # Hold the vault lock from here on: a vault open in another window must not be replaced under it.
        lock_fd = svc._take_lock()
        try:
            if svc.exists():
                stamp = time.strftime("%Y%m%d-%H%M%S")
                for name in (
                    paths.KEY_FILE,
                    paths.DB_FILE,
                    paths.DB_FILE + "-wal",
                    paths.DB_FILE + "-shm",
                    hhead.HEAD_FILE,
                    paths.KEY_FILE + ".next",
                ):
                    p = vault_dir / name
                    if p.exists():
                        try:
                            shutil.move(str(p), str(vault_dir / f"{name}.replaced-{stamp}"))
                        except OSError as exc:
                            raise os_error_to_vault_error(exc, "move the existing vault aside") from None
            atomic_write(vault_dir / paths.DB_FILE, contents.db, what="restore the database")
            if contents.head:
                atomic_write(vault_dir / hhead.HEAD_FILE, contents.head, what="restore the head")
            atomic_write(vault_dir / paths.KEY_FILE, contents.keyfile, what="restore the key file")
        except BaseException:
            svc._release_lock(lock_fd)
            raise
        svc._open_locked(data_key, keyfile.vault_id, False, lock_fd, time.perf_counter())
        problems = svc.db.integrity_check()
        report = svc.history.verify()
        if problems or not report.ok:
            svc.lock()
            raise IntegrityError(
                "The restored vault failed its checks: "
                + "; ".join(problems + ([report.problem] if report.problem else [])),
                reason="restore-failed",
            )
        svc._record(
            EventKind.VAULT_RESTORED,
            data={"from": Path(backup_path).name, "backup_created_ms": contents.manifest.get("created_ms")},
        )
        return svc


def _enum(cls: Any, value: Any, what: str) -> Any:
    if isinstance(value, cls):
        return value
    try:
        return cls(str(value).lower())
    except ValueError:
        allowed = ", ".join(m.value for m in cls)
        raise ValidationError(f"Unknown {what} '{value}'. Use one of: {allowed}.", field=what) from None


__all__ = ["VaultService", "password_problems", "UsageError"]
