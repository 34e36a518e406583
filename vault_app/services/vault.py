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
import os
import time
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
from vault_app.history import head as hhead
from vault_app.history.chain import History, HistoryEntry, HistoryFilter, VerifyReport, run_steps
from vault_app.history.kinds import EventKind
from vault_app.protocol.did import did_from_public_key, public_key_from_did
from vault_app.protocol.lifetimes import renew_if_signed_before_ms
from vault_app.services.password import password_problems
from vault_app.storage import backup as bk
from vault_app.storage import vaultinfo as vi
from vault_app.storage.db import Database, DatabaseError, Tx, map_db_error
from vault_app.storage.repositories import Repositories
from vault_app.storage.repositories.labels import MAX_LABEL, LabelRepository

if TYPE_CHECKING:  # imported when first used: the consent services cost most of this module's import time
    import logging

    from vault_app.services.consent import ConsentServices


def _log() -> logging.Logger:
    # imported when first needed, like shutil and uuid below: a command that only reads (``field list``)
    # never logs, and these imports were a tenth of its start-up (benchmarks/README.md, start-up)
    import logging

    return logging.getLogger(__name__)


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
    #: the generation of the key file in use (see crypto/keyfile.py); recorded in the database and the head
    generation: int = 0
    #: the generation the database has recorded; raised to ``generation`` with the next write
    stored_generation: int = 0
    #: None when the vault folder is on read-only storage (nothing can be written, no lock file either)
    read_only: bool = False


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
        return paths.vault_exists(self.vault_dir)

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
        created_dir = not self.vault_dir.exists()
        ensure_private_dir(self.vault_dir)
        try:
            lock_fd = self._take_lock()
        except BaseException:
            if created_dir:
                with contextlib.suppress(OSError):
                    self.vault_dir.rmdir()
            raise
        try:
            params = kdf or self._kdf_factory(progress)
            import uuid

            vault_id = str(uuid.uuid4())
            data_key = os.urandom(32)
            identity = Ed25519PrivateKey.generate()
            did = did_from_public_key(identity)
            t0 = time.perf_counter()
            # The identity key lives only in the key file, wrapped under the password apart from the data key:
            # whoever holds the data key alone can read the database but cannot sign its history.
            keyfile = kf.wrap(
                data_key, password, vault_id, params, identity_seed=_seed(identity), did=did, generation=1
            )
            self.last_kdf_seconds = time.perf_counter() - t0
            db = Database(self.db_path, data_key, create=True)
            try:
                db.migrate()
                root = os.urandom(32)
                history = History(db, vault_id, self.clock, identity)
                with db.transaction("create the vault") as c:
                    vi.set_meta(c, vi.META_VAULT_ID, vault_id)
                    vi.set_meta(c, vi.META_KEY_GENERATION, "1")
                    vi.insert_identity(c, root, did, self._now_ms())
                    history.append(c, EventKind.VAULT_CREATED, data={"schema": db.schema_version})
                atomic_write(self.key_path, keyfile.to_bytes(), what="write the vault key file")
                seq, head = history.head()
                hhead.write_head(self.vault_dir, vault_id, seq, head, self._now_ms(), identity, 1)
            except BaseException:
                db.close()
                raise
        except BaseException:
            self._release_lock(lock_fd)
            # nothing usable was made: leave no half-created vault behind (not even the lock file)
            for p in (
                self.key_path,
                self.db_path,
                Path(f"{self.db_path}-wal"),
                Path(f"{self.db_path}-shm"),
                self.vault_dir / hhead.HEAD_FILE,
                self.vault_dir / paths.LOCK_FILE,
            ):
                with contextlib.suppress(OSError):
                    p.unlink()
            if created_dir:
                with contextlib.suppress(OSError):
                    self.vault_dir.rmdir()
            raise
        self._u = _Unlocked(
            db,
            vault_id,
            data_key,
            root,
            identity,
            did,
            history,
            Repositories.open(db),
            lock_fd,
            generation=1,
            stored_generation=1,
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

    def unwrap_keys(self, password: str) -> tuple[kf.KeyFile, kf.VaultKeys]:
        """The key file and what ``password`` opens in it (one Argon2id run). AuthError when it is wrong."""
        keyfile = self.read_keyfile()
        t0 = time.perf_counter()
        try:
            keys = kf.open_keys(keyfile, password)
        except MemoryError:
            need = keyfile.kdf.memory_kib // 1024
            raise out_of_memory(f"check the password (its hash needs {need} MiB)") from None
        self.last_kdf_seconds = time.perf_counter() - t0
        return keyfile, keys

    def unlock(self, password: str) -> None:
        """Open the vault with the master password. Raises IntegrityError when the database is older than
        the head recorded outside it ("rollback"), the head is missing, or the key file is older than the
        one last used ("keyfile-rollback"); :meth:`inspect_head` and :meth:`accept_database` are the
        explicit way past the first two, nothing is past the third."""
        if self._u is not None:
            return
        keyfile, keys = self.unwrap_keys(password)
        self._unlock_from(password, keyfile, keys, head_mode="check")

    def _unlock_from(
        self, password: str, keyfile: kf.KeyFile, keys: kf.VaultKeys, *, head_mode: str
    ) -> HeadDiscard | None:
        nxt = self._next_key_path
        try:
            found = self.unlock_with_keys(keyfile, keys, head_mode=head_mode)
        except IntegrityError as exc:
            if exc.reason not in ("database-corrupt", "keyfile-rollback") or not nxt.exists():
                raise
            # A re-key was interrupted after the database was re-encrypted but before vault.key.next replaced
            # vault.key: the database opens with the new key. Finish the re-key by promoting the new key file.
            opened = self._open_next_key(password, keyfile.vault_id)
            if opened is None:
                raise
            found = self.unlock_with_keys(*opened, head_mode=head_mode)
            try:
                os.replace(nxt, self.key_path)
            except OSError as os_exc:
                self.lock()
                raise os_error_to_vault_error(os_exc, "finish the interrupted re-key") from None
            fsync_dir(self.vault_dir)
            return found
        if nxt.exists() and not self._u_read_only():
            # Left by a re-key interrupted before the database was re-encrypted: the old key is still the key.
            with contextlib.suppress(OSError):
                nxt.unlink()
        return found

    def _u_read_only(self) -> bool:
        return self._u is not None and self._u.read_only

    def _open_next_key(self, password: str, vault_id: str) -> tuple[kf.KeyFile, kf.VaultKeys] | None:
        try:
            nkf = kf.KeyFile.from_bytes(self._next_key_path.read_bytes())
            if nkf.vault_id != vault_id:
                return None
            return nkf, kf.open_keys(nkf, password)
        except (OSError, VaultError):
            return None

    def unlock_with_keys(
        self, keyfile: kf.KeyFile, keys: kf.VaultKeys, *, head_mode: str = "check"
    ) -> HeadDiscard | None:
        """Open the database with keys already unwrapped from ``keyfile`` (tests and benchmarks use it to
        pay for Argon2id once). ``head_mode`` "check" refuses a database older than the head file;
        "inspect" opens it anyway, changes nothing, and returns what accepting it would discard."""
        if self._u is not None:
            return None
        t0 = time.perf_counter()
        if not self.db_path.exists():
            raise IntegrityError(
                "The vault database (vault.db) is missing. Restore from a backup.", reason="database-missing"
            )
        read_only = not _writable(self.vault_dir)
        lock_fd = -1 if read_only else self._take_lock()
        return self._open_locked(keyfile, keys, head_mode, lock_fd, t0, read_only=read_only)

    def _open_locked(
        self,
        keyfile: kf.KeyFile,
        keys: kf.VaultKeys,
        head_mode: str,
        lock_fd: int,
        t0: float,
        *,
        read_only: bool = False,
        upgrade: bool = True,
    ) -> HeadDiscard | None:
        """Open the database while holding the vault lock ``lock_fd`` (released here if opening fails)."""
        vault_id = keyfile.vault_id
        found: HeadDiscard | None = None
        try:
            signed = _read_head_or_none(self.vault_dir)
            if (
                keyfile.did is not None
                and signed is not None
                and signed.generation is not None
                and signed.generation > keyfile.generation
                and hhead.signed_by(signed, public_key_from_did(keyfile.did))
            ):
                # checked before the database is opened: after a re-key the old file's key would not open it,
                # and "damaged database" would be the wrong thing to say
                raise _keyfile_rollback(keyfile.generation, signed.generation)
            db = Database(self.db_path, keys.data_key, read_only=read_only)
            try:
                if not read_only:
                    db.migrate()
                if vi.get_meta(db, vi.META_VAULT_ID) != vault_id:
                    raise IntegrityError(
                        "The database does not belong to this vault's key file.", reason="database-mismatch"
                    )
                ident = vi.read_identity(db)
                if ident is None:
                    raise IntegrityError(
                        "The vault's identity is missing from the database.", reason="identity-missing"
                    )
                identity = _identity_for(keyfile, keys, ident)
                stored_gen = vi.key_generation(db)
                if keyfile.generation < stored_gen:
                    raise _keyfile_rollback(keyfile.generation, stored_gen)
                history = History(db, vault_id, self.clock, identity)
                seq, _ = history.head()
                if head_mode == "check":
                    hhead.check_head(
                        hhead.read_head(self.vault_dir), vault_id, seq, history.hash_at, identity.public_key()
                    )
                else:
                    found = _head_discard(self.vault_dir, vault_id, seq, history, identity)
            except BaseException:
                db.close()
                raise
        except BaseException:
            if lock_fd >= 0:
                self._release_lock(lock_fd)
            raise
        self._u = _Unlocked(
            db,
            vault_id,
            keys.data_key,
            ident.root_secret,
            identity,
            ident.did,
            history,
            Repositories.open(db),
            lock_fd,
            generation=max(keyfile.generation, stored_gen),
            stored_generation=stored_gen,
            read_only=read_only,
        )
        if not read_only and upgrade:
            self._remove_leftovers()
            if head_mode == "check":
                self._finish_key_upgrade(keyfile, keys, ident, stored_gen)
        self.last_unlock_seconds = time.perf_counter() - t0
        self._renew_status_lists()
        self.events.emit(Event("lock", "unlocked"))
        return found

    def _finish_key_upgrade(
        self, keyfile: kf.KeyFile, keys: kf.VaultKeys, ident: vi.IdentityRow, stored_gen: int
    ) -> None:
        """Move a vault from before issue 14 to the current key layout, step by step so a crash between
        steps is harmless: (1) write a version 2 key file holding the identity key, (2) forget the identity
        key in the database, (3) record the key file's generation there."""
        u = self._need()
        if not keyfile.has_identity:
            gen = max(keyfile.generation, stored_gen) + 1
            new_kf = kf.wrap_with_kek(
                u.data_key,
                keys.kek,
                u.vault_id,
                keyfile.kdf,
                identity_seed=_seed(u.identity_key),
                did=u.did,
                generation=gen,
            )
            atomic_write(self.key_path, new_kf.to_bytes(), what="move the identity key into the key file")
            u.generation = gen
            keyfile = new_kf
        if ident.legacy_signing_key or stored_gen < u.generation:
            with self.transaction("finish moving the identity key") as c:  # also records the generation
                if ident.legacy_signing_key:
                    vi.forget_legacy_signing_key(c)
                    self.record(c, EventKind.IDENTITY_KEY_MOVED, data={"key_generation": u.generation})
            u.db.checkpoint()  # no copy of the old page stays in the write-ahead log

    def _renew_status_lists(self) -> None:
        """Sign fresh status lists for organisations whose list is out of date (it carries an expiry), so a
        vault that runs keeps its lists current. Never stops an unlock: a failure is logged and retried on
        refresh.

        Whether any list is due is asked of the database first, so an unlock with nothing to renew (most of
        them) does not load the consent services at all; the rule is GrantService._due's (half a list's
        life; a test holds the two to the same boundary)."""
        try:
            if not self.status_lists_due():
                return
            self.consent.grants.renew_status_lists()
        except VaultError as exc:
            _log().warning("status lists not renewed at unlock (%s)", exc.reason or type(exc).__name__)

    def status_lists_due(self) -> bool:
        """Whether a status list needs signing (again): never signed, its statuses changed, or past half
        its life. Asked of the database alone, without loading the consent services."""
        return vi.status_list_renewal_due(self._need().db, renew_if_signed_before_ms(self._now_ms()))

    def _remove_leftovers(self) -> None:
        """Delete what an interrupted write left in the vault folder (we hold the vault lock, so nobody
        else is writing): temporary files of atomic writes, the backup's working copy, a half-made re-key
        export."""
        for p in self.vault_dir.iterdir():
            name = p.name
            if name.startswith(".restore-") and p.is_dir():  # a restore interrupted before replacing anything
                import shutil

                shutil.rmtree(p, ignore_errors=True)
            elif (
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
                _log().warning("%d history entries could not be written before locking.", len(self._pending))
                self._pending = []
        if not u.read_only:
            with contextlib.suppress(VaultError):
                u.history.checkpoint_now()
                self._write_head(only_if_changed=True)
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
        if fd < 0:
            return  # read-only storage: there was no lock file to take
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

    def current_keys(self) -> tuple[kf.KeyFile, kf.VaultKeys]:
        """The key file in use and the keys it holds, for tests and benchmarks that reopen the vault
        without paying for Argon2id again (:meth:`unlock_with_keys`). Never stored anywhere by the app."""
        u = self._need()
        return self.read_keyfile(), kf.VaultKeys(u.data_key, _seed(u.identity_key), b"")

    def change_password(self, old: str, new: str, *, kdf: KdfParams | None = None) -> None:
        """Rewrap the data key and the identity key under a new password; the database is not rewritten.

        What this protects against: someone who learns the OLD password from now on, as long as they have
        no copy of the old key file (``vault.key``) or of a backup made before: the current key file opens
        only with the new password. What it does not: whoever has an old key file or an old backup and the
        old password still unwraps the same data key, which opens the current database. If the old password
        may have leaked, use :meth:`replace_keys` instead. Putting the old key file back is detected at the
        next unlock (the key file's generation is recorded in the database and in the head).
        """
        u = self._need()
        keyfile, _keys = self.unwrap_keys(old)  # proves the old password; raises AuthError
        problems = password_problems(new)
        if problems:
            raise ValidationError(" ".join(problems), field="password", reason="weak-password")
        params = kdf or keyfile.kdf.with_new_salt()
        gen = max(keyfile.generation, u.generation) + 1
        new_kf = kf.wrap(
            u.data_key,
            new,
            u.vault_id,
            params,
            identity_seed=_seed(u.identity_key),
            did=u.did,
            generation=gen,
        )
        atomic_write(self.key_path, new_kf.to_bytes(), what="save the new password")
        u.generation = gen
        self._record(
            EventKind.PASSWORD_CHANGED,
            data={
                "kdf_memory_kib": params.memory_kib,
                "kdf_iterations": params.iterations,
                "key_generation": gen,
            },
        )

    def rekey(self, password: str, *, new_password: str | None = None, kdf: KdfParams | None = None) -> None:
        """Full re-key: a new data key, the whole database re-encrypted, the key file rewrapped (under
        ``new_password`` when given; see :meth:`replace_keys`).

        Crash safety: the new key file is written beside the old one first (``vault.key.next``); if the re-
        encryption is interrupted, the next unlock tries both keys.
        """
        u = self._need()
        keyfile, _keys = self.unwrap_keys(password)
        if new_password is not None:
            problems = password_problems(new_password)
            if problems:
                raise ValidationError(" ".join(problems), field="password", reason="weak-password")
        params = kdf or keyfile.kdf.with_new_salt()
        new_key = os.urandom(32)
        gen = max(keyfile.generation, u.generation) + 1
        new_kf = kf.wrap(
            new_key,
            new_password if new_password is not None else password,
            u.vault_id,
            params,
            identity_seed=_seed(u.identity_key),
            did=u.did,
            generation=gen,
        )
        nxt = self._next_key_path
        atomic_write(nxt, new_kf.to_bytes(), what="prepare the new key")
        u.db.rekey(new_key)
        u.data_key = new_key  # the database is now encrypted with it, whatever happens next
        u.generation = gen
        try:
            os.replace(nxt, self.key_path)
        except OSError as exc:
            raise os_error_to_vault_error(
                exc,
                "replace the key file (the database was re-encrypted; the next unlock finishes the re-key)",
            ) from None
        fsync_dir(self.vault_dir)
        data: dict[str, Any] = {
            "key_generation": gen,
            "kdf_memory_kib": params.memory_kib,
            "kdf_iterations": params.iterations,
        }
        self._record(
            EventKind.DATA_KEY_REPLACED if new_password is not None else EventKind.VAULT_REKEYED, data=data
        )

    def replace_keys(self, old: str, new: str, *, kdf: KdfParams | None = None) -> None:
        """ "My password may have leaked": a new master password AND a new data key, in one action.

        The database is re-encrypted under the new data key, so an old key file or an old backup opened
        with the old password yields a key that no longer opens this vault. (Such an old file still holds
        the identity key: it cannot open or change this vault, but it could sign a history export in your
        name; see docs/security.md.) Backups made before stay readable with the old password: delete them,
        or keep them somewhere the leak cannot reach.
        """
        self.rekey(old, new_password=new, kdf=kdf)

    def kdf_advice(self, target: float) -> str | None:
        """A note when the password hash's cost here is far from ``target`` seconds (for example calibrated
        on a busy machine, or on an older one), so that ``passwd``/``rekey`` can offer to re-tune; None
        when it fits."""
        took = self.last_kdf_seconds
        if took is None or target <= 0:
            return None
        if took < target / 2:
            return (
                f"Checking your password took {took:.2f} s here, well under the {target:.1f} s target: "
                f"the "
                "password hash is cheaper to attack than it could be. Re-tune it with --retune."
            )
        if took > target * 3:
            return (
                f"Checking your password took {took:.2f} s here, far over the {target:.1f} s target. If "
                "unlocking is too slow, re-tune it with --retune."
            )
        return None

    # -- recording -------------------------------------------------------------------------------------------
    def _write_head(self, *, refresh: bool = False, only_if_changed: bool = False) -> None:
        """Sign the current head into ``head.json``. Lazy commits are made durable first: the head must never
        name an entry that a power loss could take from the database (the next unlock would call that a
        rollback). ``refresh``: the routine rewrite after a change (see :func:`hhead.write_head`).
        ``only_if_changed`` (on lock): not when the file there already names this head and key generation
        under our signature, as after a session that wrote nothing. Rewriting it would only move its time,
        which no check reads: the rollback check compares the sequence number, the hash and the generation
        (two fsyncs saved on every read-only command)."""
        u = self._need()
        u.db.sync()
        seq, h = u.history.head()
        if only_if_changed:
            with contextlib.suppress(IntegrityError):  # damaged or missing: written again below
                on_disk = hhead.read_head(self.vault_dir)
                if (
                    on_disk is not None
                    and (on_disk.vault_id, on_disk.seq, on_disk.hash, on_disk.generation)
                    == (u.vault_id, seq, h, u.generation)
                    and hhead.signed_by(on_disk, u.identity_key.public_key())
                ):
                    return
        hhead.write_head(
            self.vault_dir, u.vault_id, seq, h, self._now_ms(), u.identity_key, u.generation, refresh=refresh
        )

    def make_durable(self) -> None:
        """Make every lazy commit durable and sign the head over it (before telling anyone outside that a
        message was filed, e.g. acknowledging a gateway's mailbox)."""
        u = self._need()
        if u.db.has_lazy_commits:
            self._write_head(refresh=True)

    @contextlib.contextmanager
    def transaction(self, what: str, *, durable: bool = True) -> Iterator[Tx]:
        """A write transaction for use cases. A durable one (the default: every change the subject makes,
        everything that leaves the vault) is on disk when it returns, and the head file is refreshed after
        it. ``durable=False`` commits lazily (requests coming in, which their sender still holds: see
        :meth:`Database.transaction` and docs/security.md, "What a power loss can lose"); the head then
        covers it from the next durable change, :meth:`make_durable` or lock."""
        u = self._need()
        with u.db.transaction(what, durable=durable) as c:
            # history entries that could not be written earlier (see _record) go in with the next durable
            # change
            pending: list[tuple[str, dict[str, Any]]] = []
            if durable:
                pending, self._pending = self._pending, []
            try:
                for kind, kw in pending:
                    self.record(c, kind, **kw)
                if u.generation > u.stored_generation:  # a newer key file is in use: the database records it
                    vi.set_meta(c, vi.META_KEY_GENERATION, str(u.generation))
                yield c
            except BaseException:
                self._pending = pending + self._pending
                raise
        u.stored_generation = max(u.stored_generation, u.generation)
        if not durable:
            return
        try:
            self._write_head(refresh=True)
        except VaultError as exc:
            # The change is committed; saying it failed would be false. A stale head only narrows what the
            # rollback check covers until the next successful write or lock refreshes it.
            _log().warning("The change was saved, but the head file could not be refreshed (%s).", exc.reason)

    def record(self, conn: Tx, kind: str, **kw: Any) -> HistoryEntry:
        return self._need().history.append(conn, kind, **kw)

    def _record(self, kind: str, **kw: Any) -> HistoryEntry | None:
        """Record an event about something that has already happened (a key file replaced, a backup or
        export written). If the database cannot take the entry now (disk full, read-only), the action still
        stands: reporting it as failed would be false (a changed password reported as unchanged locks the
        subject out). The entry is then kept and written with the next change that commits, noting when it
        happened. On read-only media nothing can be recorded: the entry is dropped (the export or check
        happened)."""
        if self._need().read_only:
            _log().info("The vault is on read-only storage: the history entry %s was not recorded.", kind)
            return None
        try:
            with self.transaction("record the event") as c:
                e = self.record(c, kind, **kw)
        except EnvironmentFault as exc:
            _log().warning(
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
        *,
        label: str | None = None,
    ) -> Field:
        """Add a field; ``label`` is the name the person gave it when that differs from the key."""
        u = self._need()
        label = _clean_label(label)
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
            if label and label != name:
                LabelRepository.set(c, name, label)
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
            LabelRepository.set(c, cur.name, None)
            self.record(c, EventKind.FIELD_DELETED, field=cur.name, data={"category": cur.category.value})
        self.events.emit(Event("fields", "deleted", {"name": cur.name}))

    def import_fields(
        self,
        items: Sequence[tuple[str, FieldType, Category, str, str | None]],
        *,
        replace_existing: bool = False,
    ) -> tuple[list[str], list[str], list[str]]:
        """Add many fields at once, all or nothing (one transaction): ``(key, type, category, value,
        label)``. A key already in the vault is replaced only with ``replace_existing``, else left as it
        is. Returns the keys added, replaced and left alone."""
        u = self._need()
        checked = []
        for key, ft, cat, value, label in items:
            ftype = _enum(FieldType, ft, "type")
            checked.append(
                (
                    validate_field_name(key),
                    ftype,
                    _enum(Category, cat, "category"),
                    validate_value(ftype, value),
                    _clean_label(label),
                )
            )
        added: list[str] = []
        replaced: list[str] = []
        skipped: list[str] = []
        now = self._now_ms()
        with self.transaction(f"import {len(checked)} fields") as c:
            for key, ftype, cat, value, label in checked:
                cur = u.repos.fields.get(key)
                if cur is not None and not replace_existing:
                    skipped.append(cur.name)
                    continue
                if cur is not None:
                    u.repos.fields.update(c, replace(cur, type=ftype, category=cat, value=value), now)
                    self.record(
                        c,
                        EventKind.FIELD_CHANGED,
                        field=cur.name,
                        data={
                            "changed": ["value"],
                            "type": ftype.value,
                            "category": cat.value,
                            "source": "import",
                        },
                    )
                    replaced.append(cur.name)
                else:
                    u.repos.fields.insert(c, Field(key, ftype, cat, value, Provenance()), now)
                    self.record(
                        c,
                        EventKind.FIELD_ADDED,
                        field=key,
                        data={
                            "type": ftype.value,
                            "category": cat.value,
                            "provenance": "provided",
                            "source": "import",
                        },
                    )
                    added.append(key)
                if label and label != key:
                    LabelRepository.set(c, key, label)
        for key in added:
            self.events.emit(Event("fields", "added", {"name": key}))
        for key in replaced:
            self.events.emit(Event("fields", "changed", {"name": key}))
        return added, replaced, skipped

    def field_labels(self) -> dict[str, str]:
        """The labels people gave their fields, by key (fields without one are absent)."""
        return LabelRepository(self._need().db).all()

    def set_field_label(self, name: str, label: str | None) -> None:
        """Give the field ``name`` a display label (None or empty: no label of its own)."""
        u = self._need()
        cur = u.repos.fields.get(name)
        if cur is None:
            raise NotFoundError(f"There is no field named '{name}'.", reason="no-field")
        label = _clean_label(label)
        with self.transaction(f"label the field '{cur.name}'") as c:
            LabelRepository.set(c, cur.name, label if label != cur.name else None)
        self.events.emit(Event("fields", "changed", {"name": cur.name}))

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
        """Verify the chain, its signed checkpoints, and the head kept outside the database. ``recent``:
        only what was written since the last verified checkpoint (see :meth:`History.verify_recent`)."""
        return run_steps(self.verify_history_steps(progress, recent=recent))

    def verify_history_steps(
        self, progress: Callable[[int, int], None] | None = None, *, recent: bool = False
    ) -> Generator[None, None, VerifyReport]:
        """:meth:`verify_history` in steps of a few tens of milliseconds (see
        :meth:`History.verify_steps`): the desktop app runs one step at a time on its database worker, so
        other work is never queued behind it."""
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
        if not u.read_only:  # on read-only media the head was signed when the vault was last written
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
        from vault_app.history import export as hexport  # only here: it costs every start otherwise

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
        from vault_app.history import export as hexport

        return hexport.verify_export(Path(path), self._need().identity_key.public_key())

    # -- checks
    # ------------------------------------------------------------------------------------------------
    def check(self, progress: Callable[[int, int], None] | None = None) -> CheckReport:
        """The whole check (``pdvault-cli check``, Help > Check the vault): SQLCipher's page check,
        SQLite's integrity check, then the history chain with its signed checkpoints and the head. Changes
        nothing."""
        u = self._need()
        db = u.db.check()
        report = self.verify_history(progress)
        return CheckReport(db.pages, db.structure, report)

    def _require_sound(self, before: str) -> None:
        report = self.check()
        if not report.ok:
            raise IntegrityError(
                f"The vault failed its check, so it was not used to {before}: "
                f"{report.summary()} "
                "Nothing was replaced.",
                reason="check-failed",
            )

    def inspect_head(self, password: str) -> HeadDiscard | None:
        """Open the vault without its head check, say what accepting the database as it is would discard,
        and close it again. Changes nothing. None when the database and the head agree (nothing to accept)."""
        if self._u is not None:
            raise ConflictError("Lock the vault first.", reason="vault-unlocked")
        keyfile, keys = self.unwrap_keys(password)
        found = self._unlock_from(password, keyfile, keys, head_mode="inspect")
        u = self._need()
        self._u = None
        self._consent = None
        u.db.close()
        self._release_lock(u.lock_fd)
        return found

    def accept_database(self, password: str, expected: HeadDiscard) -> HeadDiscard:
        """Accept the database as it is although the head file records more (or is missing): a separate,
        explicit action, never a routine fix. ``expected`` is what :meth:`inspect_head` showed the subject;
        if the folder changed since, nothing is accepted. The discarded head goes into the history, then
        the head file is rewritten. Leaves the vault unlocked."""
        if self._u is not None:
            raise ConflictError("Lock the vault first.", reason="vault-unlocked")
        keyfile, keys = self.unwrap_keys(password)
        found = self._unlock_from(password, keyfile, keys, head_mode="inspect")
        if found != expected:
            self._abandon()
            raise ConflictError(
                "The vault changed since it was inspected; nothing was accepted. Inspect it again.",
                reason="changed-since-inspected",
            )
        if found is None:
            self._abandon()
            raise UsageError(
                "The database and its head agree: there is nothing to accept.", reason="nothing-to-accept"
            )
        self._record(
            EventKind.HEAD_DISCARDED,
            data={
                "reason": found.reason,
                "db_seq": found.db_seq,
                "discarded_head_seq": found.head_seq,
                "discarded_head_hash": found.head_hash,
                "discarded_head_ts_ms": found.head_ts_ms,
                "lost_entries": found.lost_entries,
            },
        )
        self._write_head()
        return found

    def _abandon(self) -> None:
        """Close without writing anything (after an inspection that must leave no trace)."""
        u = self._u
        if u is None:
            return
        self._u = None
        self._consent = None
        u.db.close()
        self._release_lock(u.lock_fd)

    # -- backup ----------------------------------------------------------------------------------------------
    def create_backup(self, path: Path | str) -> Path:
        u = self._need()
        path = Path(path)
        if path.exists():
            # an older backup is about to be replaced: only by a vault that passes the whole check
            self._require_sound("replace the older backup " + path.name)
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
        """Restore a backup into ``vault_dir`` and return the service, unlocked and verified.

        The backup is unpacked into a staging folder inside ``vault_dir`` and checked there completely
        (pages, SQLite structure, history chain and head) before anything is replaced; a backup that fails
        leaves the existing vault untouched. An existing vault (with ``force``) is then moved, whole, into
        a new folder ``replaced-<time>[-n]`` that no other restore can reuse, so nothing set aside is ever
        overwritten.

        The restored vault is a copy: the original, or another copy of the same backup, may go on issuing
        grants. So that no two copies hand out the same revocation-list index, each restore gives every
        status list a fresh, randomly placed index range and records the copy's id (see docs/security.md,
        "Two devices").
        """
        vault_dir = Path(vault_dir)
        clock = clock or SystemClock()
        try:
            raw = Path(backup_path).read_bytes()
        except OSError as exc:
            raise os_error_to_vault_error(exc, "read the backup") from None
        contents = bk.parse(raw)
        keyfile = kf.KeyFile.from_bytes(contents.keyfile)
        keys = kf.open_keys(keyfile, password)
        bk.check_mac(contents, keys.data_key)
        svc = cls(vault_dir, clock=clock)
        if svc.exists() and not force:
            raise ConflictError(
                f"A vault already exists in {vault_dir}. Restoring would replace it; use --force to do that "
                "(the existing files are kept aside in a new folder named replaced-<date>-<time>).",
                reason="vault-exists",
            )
        ensure_private_dir(vault_dir)
        # Hold the vault lock from here on: a vault open in another window must not be replaced under it.
        lock_fd = svc._take_lock()
        import shutil
        import uuid

        staging = vault_dir / f".restore-{uuid.uuid4().hex}"
        try:
            try:
                os.mkdir(staging, 0o700)
                atomic_write(staging / paths.DB_FILE, contents.db, what="restore the database")
                if contents.head:
                    atomic_write(staging / hhead.HEAD_FILE, contents.head, what="restore the head")
                atomic_write(staging / paths.KEY_FILE, contents.keyfile, what="restore the key file")
            except OSError as exc:
                raise os_error_to_vault_error(exc, "unpack the backup") from None
            staged = cls(staging, clock=clock)
            staged._open_locked(keyfile, keys, "check", -1, time.perf_counter(), upgrade=False)
            try:
                report = staged.check()
            finally:
                staged._abandon()
            if not report.ok:
                raise IntegrityError(
                    "The backup failed its check, so it did not replace anything: " + report.summary(),
                    reason="restore-failed",
                )
            if svc.exists():
                aside = _new_aside_folder(vault_dir, clock)
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
                            os.rename(p, aside / name)  # into a folder that was empty: nothing is overwritten
                        except OSError as exc:
                            raise os_error_to_vault_error(exc, "move the existing vault aside") from None
                fsync_dir(aside)
            for name in (paths.DB_FILE, hhead.HEAD_FILE, paths.KEY_FILE):  # the key file last
                if (staging / name).exists():
                    try:
                        os.rename(staging / name, vault_dir / name)
                    except OSError as exc:
                        raise os_error_to_vault_error(exc, "put the restored vault in place") from None
            fsync_dir(vault_dir)
        except BaseException:
            svc._release_lock(lock_fd)
            raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        svc._open_locked(keyfile, keys, "check", lock_fd, time.perf_counter())
        copy_id = str(uuid.uuid4())
        with svc.transaction("record the restore") as c:
            vi.set_meta(c, vi.META_COPY_ID, copy_id)
            moved = vi.rotate_status_lists(c, _fresh_status_range, STATUS_BLOCK)
            svc.record(
                c,
                EventKind.VAULT_RESTORED,
                data={
                    "from": Path(backup_path).name,
                    "backup_created_ms": contents.manifest.get("created_ms"),
                    "copy_id": copy_id,
                    "status_lists_moved": moved,
                },
            )
        return svc


@dataclass(frozen=True)
class CheckReport:
    """What :meth:`VaultService.check` found: page problems (SQLCipher), structure problems (SQLite), and
    the history's verification (chain, checkpoints, head)."""

    pages: list[str]
    structure: list[str]
    history: VerifyReport

    @property
    def ok(self) -> bool:
        return not self.pages and not self.structure and self.history.ok

    def summary(self) -> str:
        parts = []
        if self.pages:
            parts.append(f"{len(self.pages)} damaged or altered page(s) ({self.pages[0]})")
        if self.structure:
            parts.append(f"{len(self.structure)} structure problem(s) ({self.structure[0]})")
        if not self.history.ok:
            parts.append(f"history: {self.history.problem}")
        return "; ".join(parts) + "." if parts else "all checks passed."

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "pages": {"ok": not self.pages, "problems": self.pages[:20]},
            "structure": {"ok": not self.structure, "problems": self.structure[:20]},
            "history": self.history.to_json(),
        }


#: status-list indexes come in blocks of this size; a restored copy moves each list to a random fresh block
STATUS_BLOCK = 1024
#: the number of blocks a list can hold (consent's STATUS_LIST_MAX of 2**20 indexes)
STATUS_BLOCKS = (1 << 20) // STATUS_BLOCK


def _fresh_status_range(next_idx: int) -> int:
    """A random block above every index the original may have used up to now: a copy restored from the same
    backup on another device picks its own block, so two copies share one with probability 1/(blocks left)."""
    import secrets

    first = next_idx // STATUS_BLOCK + 2  # leave the original the rest of its block and the next one
    if first >= STATUS_BLOCKS:
        raise ConflictError(
            "A revocation list is too full to give this copy its own range.", reason="status-list-full"
        )
    return (first + secrets.randbelow(STATUS_BLOCKS - first)) * STATUS_BLOCK


def _new_aside_folder(vault_dir: Path, clock: Clock) -> Path:
    """A new, empty folder for the files a restore replaces; created exclusively, so two restores in the
    same second (or a clock that stands still) get two folders."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(clock.now()))
    for n in range(1, 10_000):
        p = vault_dir / (f"replaced-{stamp}" + ("" if n == 1 else f"-{n}"))
        try:
            os.mkdir(p, 0o700)
        except FileExistsError:
            continue
        except OSError as exc:
            raise os_error_to_vault_error(exc, "make a folder for the replaced vault") from None
        return p
    raise EnvironmentFault(
        "Too many replaced vaults are kept in this folder; move some away first.", reason="too-many-replaced"
    )


@dataclass(frozen=True)
class HeadDiscard:
    """What accepting the database as it is would throw away: shown before
    :meth:`VaultService.accept_database`, and recorded in the history by it. ``head_*`` describe the head
    file (None when it is missing or unreadable)."""

    reason: str  #: "head-missing", "head-corrupt", "rollback", "head-forged" or "head-mismatch"
    message: str
    db_seq: int
    head_seq: int | None = None
    head_hash: str | None = None
    head_ts_ms: int | None = None

    @property
    def lost_entries(self) -> int | None:
        """How many recorded entries the database no longer has (None when unknown)."""
        if self.head_seq is None:
            return None
        return max(0, self.head_seq - self.db_seq)

    def to_json(self) -> dict[str, Any]:
        return {
            "reason": self.reason,
            "message": self.message,
            "db_seq": self.db_seq,
            "head_seq": self.head_seq,
            "head_hash": self.head_hash,
            "head_ts_ms": self.head_ts_ms,
            "lost_entries": self.lost_entries,
        }


def out_of_memory(what: str) -> EnvironmentFault:
    """The error for a MemoryError: what needed the memory, and what the subject can do."""
    return EnvironmentFault(
        f"There is not enough memory to {what}. Nothing was changed. Close other "
        f"programs, or "
        "raise this program's memory limit, and try again.",
        reason="out-of-memory",
    )


def _seed(key: Ed25519PrivateKey) -> bytes:
    from cryptography.hazmat.primitives import serialization as ser

    return key.private_bytes(ser.Encoding.Raw, ser.PrivateFormat.Raw, ser.NoEncryption())


def _writable(folder: Path) -> bool:
    """False when the vault folder is on read-only storage (a read-only mount, a write-protected medium)."""
    try:
        st = os.statvfs(folder)
    except OSError:
        return True  # let the open itself report the problem
    return not (st.f_flag & os.ST_RDONLY)


def _read_head_or_none(vault_dir: Path) -> hhead.SignedHead | None:
    try:
        return hhead.read_head(vault_dir)
    except IntegrityError:
        return None


def _keyfile_rollback(have: int, recorded: int) -> IntegrityError:
    return IntegrityError(
        f"The key file (vault.key) is older than the one this vault last used (it is generation {have}; "
        f"generation {recorded} was recorded). Someone may have put back an old copy so that an old password "
        f"works "
        "again. Nothing was opened. Restore vault.key from your latest backup, then change your password.",
        reason="keyfile-rollback",
    )


def _identity_for(keyfile: kf.KeyFile, keys: kf.VaultKeys, ident: vi.IdentityRow) -> Ed25519PrivateKey:
    """The identity key: from the key file (version 2), or from the database of a vault from before issue
    14. Its DID must be the one the database and the key file name."""
    if keys.identity_seed is not None:
        identity = Ed25519PrivateKey.from_private_bytes(keys.identity_seed)
        if did_from_public_key(identity) != ident.did or keyfile.did != ident.did:
            raise IntegrityError(
                "The database's identity is not the one in the key file: the database was replaced or its "
                "identity rewritten. Nothing was changed; restore the vault from a backup.",
                reason="identity-mismatch",
            )
        return identity
    if not ident.legacy_signing_key:
        # the identity key already moved into a version 2 key file: this older file cannot open the vault
        raise IntegrityError(
            "The key file (vault.key) is older than the vault's database (it does not hold the identity key, "
            "which a newer key file took over). Someone may have put back an old copy. Nothing was opened. "
            "Restore "
            "vault.key from your latest backup.",
            reason="keyfile-rollback",
        )
    identity = Ed25519PrivateKey.from_private_bytes(ident.legacy_signing_key)
    if did_from_public_key(identity) != ident.did:
        raise IntegrityError("The vault's identity is damaged.", reason="identity-mismatch")
    return identity


def _head_discard(
    vault_dir: Path, vault_id: str, db_seq: int, history: History, identity: Ed25519PrivateKey
) -> HeadDiscard | None:
    """What the head file records that the database does not agree with, or None when they agree."""
    try:
        signed = hhead.read_head(vault_dir)
    except IntegrityError as exc:
        return HeadDiscard(exc.reason, exc.message, db_seq)
    try:
        hhead.check_head(signed, vault_id, db_seq, history.hash_at, identity.public_key())
    except IntegrityError as exc:
        if signed is None:
            return HeadDiscard(exc.reason, exc.message, db_seq)
        return HeadDiscard(exc.reason, exc.message, db_seq, signed.seq, signed.hash.hex(), signed.ts_ms)
    return None


def _enum(cls: Any, value: Any, what: str) -> Any:
    if isinstance(value, cls):
        return value
    try:
        return cls(str(value).lower())
    except ValueError:
        allowed = ", ".join(m.value for m in cls)
        raise ValidationError(f"Unknown {what} '{value}'. Use one of: {allowed}.", field=what) from None


__all__ = ["VaultService", "password_problems", "UsageError"]


def _clean_label(label: str | None) -> str | None:
    """A display label as typed (any script), checked: one line, no control or direction-override
    characters."""
    if label is None:
        return None
    text = " ".join(label.split())
    if not text:
        return None
    if len(text) > MAX_LABEL:
        raise ValidationError(f"A field's label has at most {MAX_LABEL} characters.", field="label")
    if any(ord(ch) < 32 or 0x202A <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069 for ch in text):
        raise ValidationError(
            "The label contains control or bidirectional-override characters.", field="label"
        )
    return text
