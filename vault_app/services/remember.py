"""Optional "remember on this device" unlock: the vault's data key kept in the operating system's keyring.

Only a secure OS keyring is accepted: the Secret Service (GNOME Keyring, KeePassXC...), KWallet, the macOS
Keychain and the Windows Credential Locker. Backends that store secrets in plain or merely encoded files
(``keyrings.alt``), the ``null`` and ``fail`` backends, and a chainer that holds no secure backend are
refused with a clear message, because the data key opens the whole vault. Tests may inject their own
backend object.

The entry is stored under the service name :data:`SERVICE` with the vault id as the user name; the secret
is the base64 of the data key. Anyone who can read this keyring entry and the vault folder can open the
vault without the password: the threat model (docs/security.md) says what that means.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import logging
from typing import Any

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from vault_app.domain.errors import EnvironmentFault, IntegrityError
from vault_app.services.vault import VaultService

log = logging.getLogger(__name__)

SERVICE = "org.pdvault.PersonalDataVault"

# (module, class) of the backends that keep secrets in an OS-protected store. A subclass counts as well.
_SECURE: frozenset[tuple[str, str]] = frozenset(
    {
        ("keyring.backends.SecretService", "Keyring"),
        ("keyring.backends.libsecret", "Keyring"),
        ("keyring.backends.kwallet", "DBusKeyring"),
        ("keyring.backends.kwallet", "DBusKeyringKWallet4"),
        ("keyring.backends.macOS", "Keyring"),
        ("keyring.backends.Windows", "WinVaultKeyring"),
    }
)
_CHAINER = ("keyring.backends.chainer", "ChainerBackend")


def _name(backend: Any) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _is_secure(backend: Any) -> bool:
    return any((c.__module__, c.__qualname__) in _SECURE for c in type(backend).__mro__)


def _is_keyring_package(backend: Any) -> bool:
    """A backend shipped by keyring or a keyrings.* plug-in (as opposed to an object a test injected)."""
    mod = type(backend).__module__
    return mod == "keyring" or mod.startswith(("keyring.", "keyrings.", "keyrings_"))


def _refuse(backend: Any, why: str) -> EnvironmentFault:
    return EnvironmentFault(
        f"This device has no secure keyring to remember the vault in ({why}; found {_name(backend)}). "
        "Unlock with your password instead, or start your desktop's keyring (for example GNOME Keyring or "
        "KWallet).",
        reason="insecure-keyring",
    )


def secure_backend(backend: Any = None) -> Any:
    """The backend to store the data key in, or EnvironmentFault(reason="insecure-keyring").

    ``backend=None`` takes the keyring the ``keyring`` package chose for this machine and accepts it only
    if it is (or, for a chainer, contains) a secure OS backend. An injected object is accepted unless it is
    one of the keyring package's insecure backends.
    """
    injected = backend is not None
    if backend is None:
        backend = keyring.get_keyring()
    if any((c.__module__, c.__qualname__) == _CHAINER for c in type(backend).__mro__):
        # A chainer writes to the first backend that accepts the secret, which could be a plaintext file:
        # use its secure member directly instead.
        for member in getattr(backend, "backends", []):
            if _is_secure(member):
                return member
        raise _refuse(backend, "none of the chained keyrings is a secure OS keyring")
    if _is_secure(backend):
        return backend
    mod = type(backend).__module__
    if mod.startswith("keyring.backends.fail"):
        raise _refuse(backend, "no keyring service is running")
    if mod.startswith("keyring.backends.null"):
        raise _refuse(backend, "keyring storage is switched off")
    if mod.startswith(("keyrings.alt", "keyrings_alt")):
        raise _refuse(backend, "this keyring keeps secrets in a file that is only encoded, not protected")
    if injected and not _is_keyring_package(backend) and isinstance(backend, KeyringBackend):
        return backend  # a backend object a test (or an embedding app) passed on purpose
    raise _refuse(backend, "it is not a known secure OS keyring")


def _keyring_fault(exc: Exception, what: str) -> EnvironmentFault:
    # the exception text comes from the keyring service; it never contains our secret
    return EnvironmentFault(f"The keyring could not {what}: {type(exc).__name__}.", reason="keyring-failed")


def remember(svc: VaultService, backend: Any = None) -> None:
    """Store the unlocked vault's data key in a secure OS keyring."""
    target = secure_backend(backend)
    secret = base64.b64encode(svc.data_key_for_remember()).decode("ascii")
    try:
        target.set_password(SERVICE, svc.vault_id, secret)
        stored = target.get_password(SERVICE, svc.vault_id)
    except (keyring.errors.KeyringError, OSError) as exc:
        raise _keyring_fault(exc, "store the vault's key") from None
    if stored is None or not hmac.compare_digest(stored, secret):
        raise EnvironmentFault(
            "The keyring did not keep the vault's key; it cannot be remembered here.", reason="keyring-failed"
        )


def forget(vault_id: str, backend: Any = None) -> bool:
    """Remove the remembered key of ``vault_id``. True when an entry was removed."""
    try:
        target = secure_backend(backend)
    except EnvironmentFault:
        return False  # nothing can have been remembered in a keyring we refuse to use
    try:
        if target.get_password(SERVICE, vault_id) is None:
            return False
        target.delete_password(SERVICE, vault_id)
    except keyring.errors.PasswordDeleteError:
        return False
    except (keyring.errors.KeyringError, OSError) as exc:
        raise _keyring_fault(exc, "remove the vault's key") from None
    return True


def is_remembered(vault_id: str, backend: Any = None) -> bool:
    try:
        target = secure_backend(backend)
        return target.get_password(SERVICE, vault_id) is not None
    except (EnvironmentFault, keyring.errors.KeyringError, OSError):
        return False


def unlock_remembered(svc: VaultService, backend: Any = None) -> bool:
    """Unlock ``svc`` with the remembered key. False (and the caller asks for the password) when nothing
    usable is remembered: no secure keyring, no entry, or a stale key (the vault was re-keyed since).
    Integrity problems other than a key that does not fit (rollback, missing head...) are raised as usual."""
    if svc.is_unlocked:
        return True
    vault_id = svc.read_keyfile().vault_id
    try:
        target = secure_backend(backend)
        secret = target.get_password(SERVICE, vault_id)
    except EnvironmentFault:
        return False
    except (keyring.errors.KeyringError, OSError) as exc:
        log.warning("The keyring could not be read (%s); asking for the password.", type(exc).__name__)
        return False
    if secret is None:
        return False
    try:
        data_key = base64.b64decode(secret, validate=True)
    except (binascii.Error, ValueError):
        data_key = b""
    if len(data_key) != 32:
        forget(vault_id, backend)
        return False
    try:
        svc.unlock_with_key(data_key, vault_id)
    except IntegrityError as exc:
        if exc.reason != "database-corrupt":
            raise
        # The key no longer opens the database (re-keyed since it was remembered): drop the stale entry.
        forget(vault_id, backend)
        return False
    return True
