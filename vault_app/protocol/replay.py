"""Replay detection: a message id (``jti``) is accepted once until the message expires.

Parsers call ``check_and_remember`` as their very last step, so a message that fails any other check never
occupies the cache. The key passed is ``"<issuer DID> <jti>"``: ids are only unique per sender, and one
sender must not be able to block another's message by reusing its id. The storage layer supplies a
database-backed implementation of the same protocol; :class:`MemoryReplayCache` serves tests, the
organisation CLI (one run) and short-lived processes.
"""

from __future__ import annotations

from typing import Protocol

from vault_app.domain.clock import Clock, SystemClock
from vault_app.protocol.errors import Reason, fail


class ReplayCache(Protocol):
    def check_and_remember(self, jti: str, exp: int) -> None:
        """Remember ``jti`` until ``exp`` (epoch seconds); raise ProtocolError(reason="replayed") if
        already seen."""
        ...


def replay_key(issuer: str, jti: str) -> str:
    return issuer + " " + jti


class MemoryReplayCache:
    """In-process replay cache with expiry and a size bound.

    Entries are dropped once their message has expired (plus the skew tolerance, as a late copy could still
    pass the expiry check within the skew). If the cache is full of unexpired entries it refuses new
    messages rather than forgetting old ones, because forgetting would reopen the replay window.
    """

    def __init__(self, clock: Clock | None = None, *, skew: int = 120, max_entries: int = 100_000) -> None:
        self._clock = clock or SystemClock()
        self._skew = skew
        self._max = max_entries
        self._seen: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._seen)

    def _prune(self, now: float) -> None:
        self._seen = {k: e for k, e in self._seen.items() if e + self._skew >= now}

    def check_and_remember(self, jti: str, exp: int) -> None:
        now = self._clock.now()
        known = self._seen.get(jti)
        if known is not None and known + self._skew >= now:
            fail(Reason.REPLAYED, "This message was already received once; a copy is not accepted again.")
        if len(self._seen) >= self._max:
            self._prune(now)
            if len(self._seen) >= self._max:
                fail(Reason.REPLAYED, "Too many recent messages to track replays; try again later.")
        self._seen[jti] = exp
