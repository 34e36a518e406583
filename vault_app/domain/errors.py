"""One error taxonomy for the whole app.

Every error a user can meet derives from :class:`VaultError`: it carries a plain-language message that is
safe to show (it never contains a personal value) and a stable exit code for the CLI. Anything else that
escapes is a bug and is reported as such by the UI layers.
"""

from __future__ import annotations


class VaultError(Exception):
    """Base of every expected, user-facing error."""

    exit_code = 1
    #: short machine-readable reason, stable for scripts (shown with --json)
    reason = "error"

    def __init__(self, message: str, *, reason: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if reason is not None:
            self.reason = reason

    def __str__(self) -> str:
        return self.message


class UsageError(VaultError):
    """The caller asked for something that does not make sense (bad argument, bad value)."""

    exit_code = 2
    reason = "usage"


class ValidationError(UsageError):
    """A value failed validation (shown inline next to the form field)."""

    reason = "invalid-value"

    def __init__(self, message: str, *, field: str | None = None, reason: str | None = None) -> None:
        super().__init__(message, reason=reason)
        self.field = field


class AuthError(VaultError):
    """Wrong password or key."""

    exit_code = 3
    reason = "wrong-password"


class NotFoundError(VaultError):
    exit_code = 4
    reason = "not-found"


class IntegrityError(VaultError):
    """The data is corrupt, tampered with, rolled back or not ours."""

    exit_code = 5
    reason = "integrity"


class EnvironmentFault(VaultError):
    """A known problem of the machine: disk full, read-only folder, missing permission, locked vault."""

    exit_code = 6
    reason = "environment"


class ConflictError(VaultError):
    """The action would overwrite or contradict existing state (vault exists, field exists, ...)."""

    exit_code = 7
    reason = "conflict"


class PolicyDenied(VaultError):
    """The consent engine refuses the action (non-compliant organisation, privacy floor, out of scope...)."""

    exit_code = 8
    reason = "policy-denied"


class ProtocolError(VaultError):
    """A message failed verification. ``reason`` names why in a stable word (expired, bad-signature, ...)."""

    exit_code = 9
    reason = "invalid-message"


class Cancelled(VaultError):
    exit_code = 130
    reason = "cancelled"


def os_error_to_vault_error(exc: OSError, what: str) -> VaultError:
    """Map an OSError to a specific, human message. ``what`` says what we were doing (no personal values)."""
    import errno

    code = exc.errno
    if code == errno.ENOSPC or code == errno.EDQUOT:
        return EnvironmentFault(
            f"The disk is full: could not {what}. Nothing was changed.", reason="disk-full"
        )
    if code in (errno.EROFS,):
        return EnvironmentFault(
            f"The storage is read-only: could not {what}. Nothing was changed.", reason="read-only"
        )
    if code in (errno.EACCES, errno.EPERM):
        return EnvironmentFault(f"Permission denied: could not {what}.", reason="permission-denied")
    if code == errno.ENOENT:
        return NotFoundError(f"File not found: could not {what}.")
    if code == errno.EEXIST:
        return ConflictError(f"The file already exists: could not {what}.", reason="file-exists")
    return EnvironmentFault(f"Could not {what}: {exc.strerror or exc}.", reason="os-error")
