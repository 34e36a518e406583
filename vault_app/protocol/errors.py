"""Stable rejection reasons for protocol messages and the helper that raises them.

Every rejection is a :class:`vault_app.domain.errors.ProtocolError` whose ``reason`` is one of the words below.
Scripts and the UI branch on the word; people read the message. Messages never contain a field value.
"""

from __future__ import annotations

import enum
from typing import NoReturn

from vault_app.domain.errors import ProtocolError


class Reason(enum.StrEnum):
    TOO_LARGE = "too-large"  # the message (or its decompressed status list) exceeds a size limit
    MALFORMED = "malformed"  # not compact JOSE, bad base64url, bad JSON, forbidden header
    BAD_ALGORITHM = "bad-algorithm"  # alg/enc other than the ones this protocol allows
    WRONG_TYPE = "wrong-type"  # typ header of another message kind than the one expected
    BAD_SIGNATURE = "bad-signature"
    UNDECRYPTABLE = "undecryptable"  # JWE not for our key, or its ciphertext was changed
    EXPIRED = "expired"
    NOT_YET_VALID = "not-yet-valid"
    ISSUED_IN_FUTURE = "issued-in-future"
    WRONG_AUDIENCE = "wrong-audience"
    REPLAYED = "replayed"
    MISSING_CLAIM = "missing-claim"
    INVALID_CLAIM = "invalid-claim"
    UNSUPPORTED_VERSION = "unsupported-version"
    UNKNOWN_KIND = "unknown-kind"
    COMPRESSED = "compressed"  # JWE with a "zip" header: refused so nothing is ever decompressed blindly
    REVOKED = "revoked"
    REQUEST_MISMATCH = "request-mismatch"  # a grant/answer that does not answer the request we hold
    UNKNOWN_KEY = "unknown-key"  # signed by a key other than the one we trust for this sender
    UNAVAILABLE = "unavailable"  # a status list that could not be fetched or read
    STALE = "stale"  # a status list that has expired, or was signed before the grant it is asked about
    SUPERSEDED = "superseded"  # the grant's status entry says a newer grant replaced it
    ERASED = "erased"  # the grant's status entry says its data was deleted (the organisation confirmed it)


def fail(reason: Reason, message: str) -> NoReturn:
    """Raise the protocol error for ``reason`` (messages are plain words and never carry personal values)."""
    raise ProtocolError(message, reason=reason.value)
