"""Grant status for the gate: one small interface (the status of a grant at a time, and whether the list
that says so is fresh), and its implementation over verified Status List Tokens read from files.

The gate asks :class:`StatusSource` one question per grant: ``status_of(issuer, ref, issued_at, at)``. The
answer says the grant's state (valid, revoked, superseded, erased, another non-zero status, or unknown when
no list can say) and whether the list it came from was *stale* at that time. Staleness is the protocol's
rule (:meth:`StatusListToken.check_fresh`: expired per ``exp``, or for a list without ``exp`` older than
the default lifetime, or signed before the grant), made stricter in two ways for lists without ``exp``:
with a ``ttl`` the list is stale once ``iat + ttl`` has passed, and with neither claim it is always stale
(nothing says how long it may be trusted). A stale list is not used unless the caller accepts staleness;
then its answer is used and the report carries a warning.

Status values are the protocol's (:class:`GrantStatus`): 0 valid, 1 revoked, 2 superseded, 3 erased (2-bit
lists); a 1-bit list says valid or revoked; any other value means "must not be used" (``invalid``).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from vault_app.domain.clock import FixedClock
from vault_app.domain.errors import ProtocolError
from vault_app.protocol.codec import DEFAULT_SKEW, peek
from vault_app.protocol.messages import StatusRef
from vault_app.protocol.statuslist import GrantStatus, StatusListToken, parse_status_list_token

__all__ = ["FolderStatusLists", "GrantState", "StatusAnswer", "StatusSource", "state_of_value"]


class GrantState(enum.StrEnum):
    VALID = "valid"
    REVOKED = "revoked"
    SUPERSEDED = "superseded"
    ERASED = "erased"
    INVALID = "invalid"  # another non-zero status: must not be used either
    UNKNOWN = "unknown"  # no usable list for the grant: cannot say


_BY_STATUS = {
    GrantStatus.VALID: GrantState.VALID,
    GrantStatus.REVOKED: GrantState.REVOKED,
    GrantStatus.SUPERSEDED: GrantState.SUPERSEDED,
    GrantStatus.ERASED: GrantState.ERASED,
    GrantStatus.UNKNOWN: GrantState.INVALID,
}


def state_of_value(value: int, bits: int) -> GrantState:
    """The gate's state for a raw status value (the protocol's meaning of each value)."""
    return _BY_STATUS[GrantStatus.of(value, bits)]


@dataclass(frozen=True)
class StatusAnswer:
    state: GrantState
    #: the list was stale at the time asked (its answer is given all the same; the caller decides)
    stale: bool = False
    #: why the state is unknown (no list for the URI, list signed by another key, index beyond the list, ...)
    detail: str | None = None


class StatusSource(Protocol):
    """Where the gate learns whether a grant still stands."""

    def status_of(self, issuer: str, ref: StatusRef, issued_at: int, at: int) -> StatusAnswer:
        """The state of the grant signed by ``issuer`` (its pairwise DID) with status entry ``ref``, issued
        at ``issued_at``, as of time ``at``."""
        ...


def is_stale(token: StatusListToken, at: int, grant_issued_at: int, skew: int = DEFAULT_SKEW) -> bool:
    try:
        token.check_fresh(issued_after=grant_issued_at, now=at, skew=skew)
    except ProtocolError:
        return True
    if token.expires_at is None:
        return token.ttl is None or at >= token.issued_at + token.ttl
    return False


class FolderStatusLists:
    """Status List Tokens (``.pdvstatus`` files, or their text), each verified against the key that signed
    it.

    Lists are indexed by their URI; for one URI the newest (highest ``iat``) list is kept. A list whose
    signature or format fails is not used (its URI then has no list, and grants pointing to it are
    ``unknown``); :attr:`rejected` counts them by reason word.
    """

    def __init__(self, tokens: Iterable[str]) -> None:
        self._lists: dict[str, StatusListToken] = {}
        self.rejected: dict[str, int] = {}
        for token in tokens:
            try:
                claims = peek(token)[1]
                issuer = claims.get("iss")
                iat = claims.get("iat")
                if not isinstance(issuer, str) or type(iat) is not int:
                    raise ProtocolError(
                        "The status list has no issuer or issue time.", reason="missing-claim"
                    )
                # Verified with the key it names; whether that is the grant's key is checked per grant below.
                # Times are the gate's business (staleness at the job's time), so the parser's own time check
                # is run at the list's issue time.
                parsed = parse_status_list_token(token, expected_issuer=issuer, clock=FixedClock(float(iat)))
            except ProtocolError as exc:
                self.rejected[exc.reason or "invalid"] = self.rejected.get(exc.reason or "invalid", 0) + 1
                continue
            known = self._lists.get(parsed.uri)
            if known is None or parsed.issued_at > known.issued_at:
                self._lists[parsed.uri] = parsed

    def __len__(self) -> int:
        return len(self._lists)

    def status_of(self, issuer: str, ref: StatusRef, issued_at: int, at: int) -> StatusAnswer:
        token = self._lists.get(ref.uri)
        if token is None:
            return StatusAnswer(GrantState.UNKNOWN, detail="no-status-list")
        if token.issuer != issuer:
            return StatusAnswer(GrantState.UNKNOWN, detail="status-list-of-another-key")
        if not 0 <= ref.idx < len(token.status_list):
            return StatusAnswer(GrantState.UNKNOWN, detail="index-beyond-list")
        value = token.status_list.get(ref.idx)
        return StatusAnswer(
            state_of_value(value, token.status_list.bits), stale=is_stale(token, at, issued_at)
        )
