"""Qt-free state machines for the life of a request and of a grant, with explicit allowed transitions.

Request lifecycle::

    received ──auto_refuse(reason)──▶ auto_refused            (final)
    received ──submit_for_review────▶ pending_review
    pending_review ──approve────────▶ approved                (final)
    pending_review ──partly_approve─▶ partly_approved         (final)
    pending_review ──refuse─────────▶ refused                 (final)
    pending_review ──expire─────────▶ expired                 (final)

Grant lifecycle::

    active ──expire──────────────▶ expired
    active ──revoke(reason)──────▶ revoked                    (final)
    active ──supersede(new_id)───▶ superseded                 (final)
    active, expired ──erase──────▶ erased                     (final: the organisation confirmed the deletion)

Both machines are immutable values: every event method returns a *new* object and leaves the old one
untouched, so a service can compute the next state, persist it, and only then publish it. An event that is not
allowed from the current state raises :class:`InvalidTransition` (a
:class:`~vault_app.domain.errors.ConflictError`) with a plain message; nothing changes.

Storage: ``lifecycle.to_storage()`` gives the state word (``"pending_review"``...) for a state column; the
optional ``reason``, ``changed_at`` and (for grants) ``superseded_by`` are stored beside it and handed back to
``from_storage(...)``, which validates the combination.

Public API:

- ``RequestState``, ``RequestEvent``, ``REQUEST_TRANSITIONS``, ``RequestLifecycle``
- ``GrantState``, ``GrantEvent``, ``GRANT_TRANSITIONS``, ``GrantLifecycle``
- ``InvalidTransition``
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from vault_app.domain.consent import GrantState, RequestState
from vault_app.domain.errors import ConflictError, ValidationError

__all__ = [
    "GRANT_TRANSITIONS",
    "REQUEST_TRANSITIONS",
    "GrantEvent",
    "GrantLifecycle",
    "GrantState",
    "InvalidTransition",
    "RequestEvent",
    "RequestLifecycle",
    "RequestState",
]

#: longest reason text we keep; reasons are short plain sentences or stable words, never personal values
MAX_REASON_LEN = 500


class InvalidTransition(ConflictError):
    """An event the current state does not allow was fired (e.g. approving an already refused request)."""

    reason = "invalid-transition"

    def __init__(self, machine: str, state: str, event: str) -> None:
        super().__init__(
            f"This {machine} is {_words(state)}: it cannot be {_EVENT_WORDS.get(event, event)} now."
        )
        self.machine = machine
        self.state = state
        self.event = event


class RequestEvent(enum.StrEnum):
    AUTO_REFUSE = "auto_refuse"
    SUBMIT_FOR_REVIEW = "submit_for_review"
    APPROVE = "approve"
    PARTLY_APPROVE = "partly_approve"
    REFUSE = "refuse"
    EXPIRE = "expire"


class GrantEvent(enum.StrEnum):
    EXPIRE = "expire"
    REVOKE = "revoke"
    SUPERSEDE = "supersede"
    ERASE = "erase"


#: every allowed (state, event) -> next state; anything absent is an illegal transition
REQUEST_TRANSITIONS: Mapping[tuple[RequestState, RequestEvent], RequestState] = MappingProxyType(
    {
        (RequestState.RECEIVED, RequestEvent.AUTO_REFUSE): RequestState.AUTO_REFUSED,
        (RequestState.RECEIVED, RequestEvent.SUBMIT_FOR_REVIEW): RequestState.PENDING_REVIEW,
        (RequestState.PENDING_REVIEW, RequestEvent.APPROVE): RequestState.APPROVED,
        (RequestState.PENDING_REVIEW, RequestEvent.PARTLY_APPROVE): RequestState.PARTLY_APPROVED,
        (RequestState.PENDING_REVIEW, RequestEvent.REFUSE): RequestState.REFUSED,
        (RequestState.PENDING_REVIEW, RequestEvent.EXPIRE): RequestState.EXPIRED,
    }
)

GRANT_TRANSITIONS: Mapping[tuple[GrantState, GrantEvent], GrantState] = MappingProxyType(
    {
        (GrantState.ACTIVE, GrantEvent.EXPIRE): GrantState.EXPIRED,
        (GrantState.ACTIVE, GrantEvent.REVOKE): GrantState.REVOKED,
        (GrantState.ACTIVE, GrantEvent.SUPERSEDE): GrantState.SUPERSEDED,
        (GrantState.ACTIVE, GrantEvent.ERASE): GrantState.ERASED,
        (GrantState.EXPIRED, GrantEvent.ERASE): GrantState.ERASED,
    }
)

_EVENT_WORDS = {
    "auto_refuse": "refused automatically",
    "submit_for_review": "put up for review",
    "approve": "approved",
    "partly_approve": "partly approved",
    "refuse": "refused",
    "expire": "marked expired",
    "revoke": "revoked",
    "supersede": "superseded",
    "erase": "ended by a confirmed erasure",
}


def _words(state: str) -> str:
    return {"pending_review": "waiting for your review", "auto_refused": "already refused automatically"}.get(
        state, "already " + state.replace("_", " ")
    )


def _clean_reason(reason: str | None, *, required: bool) -> str | None:
    if reason is None or not reason.strip():
        if required:
            raise ValidationError("A reason is required for this step.", field="reason")
        return None
    reason = reason.strip()
    if len(reason) > MAX_REASON_LEN:
        raise ValidationError(f"A reason must be at most {MAX_REASON_LEN} characters.", field="reason")
    return reason


@dataclass(frozen=True)
class RequestLifecycle:
    """Where one request stands. ``reason`` is set for auto-refusals (required) and refusals (optional)."""

    state: RequestState = RequestState.RECEIVED
    reason: str | None = None
    #: when the last transition happened (seconds since the epoch); None for a freshly received request
    changed_at: float | None = None

    @property
    def is_final(self) -> bool:
        return not self.allowed_events()

    @property
    def is_open(self) -> bool:
        """True while the subject still has something to decide."""
        return self.state in (RequestState.RECEIVED, RequestState.PENDING_REVIEW)

    def allowed_events(self) -> tuple[RequestEvent, ...]:
        return tuple(ev for (st, ev) in REQUEST_TRANSITIONS if st is self.state)

    def fire(self, event: RequestEvent, *, at: float, reason: str | None = None) -> RequestLifecycle:
        """Apply ``event`` and return the next lifecycle, or raise :class:`InvalidTransition`."""
        nxt = REQUEST_TRANSITIONS.get((self.state, event))
        if nxt is None:
            raise InvalidTransition("request", self.state.value, event.value)
        clean = _clean_reason(reason, required=event is RequestEvent.AUTO_REFUSE)
        if event not in (RequestEvent.AUTO_REFUSE, RequestEvent.REFUSE):
            clean = None  # only refusals carry a reason; approvals speak for themselves
        return replace(self, state=nxt, reason=clean, changed_at=float(at))

    def auto_refuse(self, reason: str, *, at: float) -> RequestLifecycle:
        """Refuse without asking the subject (non-compliant organisation, a rule). ``reason`` is required."""
        return self.fire(RequestEvent.AUTO_REFUSE, at=at, reason=reason)

    def submit_for_review(self, *, at: float) -> RequestLifecycle:
        return self.fire(RequestEvent.SUBMIT_FOR_REVIEW, at=at)

    def approve(self, *, at: float) -> RequestLifecycle:
        return self.fire(RequestEvent.APPROVE, at=at)

    def partly_approve(self, *, at: float) -> RequestLifecycle:
        return self.fire(RequestEvent.PARTLY_APPROVE, at=at)

    def refuse(self, *, at: float, reason: str | None = None) -> RequestLifecycle:
        return self.fire(RequestEvent.REFUSE, at=at, reason=reason)

    def expire(self, *, at: float) -> RequestLifecycle:
        return self.fire(RequestEvent.EXPIRE, at=at)

    def expire_if_due(self, *, now: float, expires_at: float | None) -> RequestLifecycle:
        """Expire a pending request whose answer deadline has passed; otherwise return ``self`` unchanged."""
        if expires_at is not None and now >= expires_at and self.state is RequestState.PENDING_REVIEW:
            return self.expire(at=now)
        return self

    # --- storage -------------------------------------------------------------------------------------------

    def to_storage(self) -> str:
        return self.state.value

    @classmethod
    def from_storage(
        cls, state: str, *, reason: str | None = None, changed_at: float | None = None
    ) -> RequestLifecycle:
        try:
            st = RequestState(state)
        except ValueError:
            raise ValidationError("Unknown request state in storage.", field="state") from None
        clean = _clean_reason(reason, required=st is RequestState.AUTO_REFUSED)
        if clean is not None and st not in (RequestState.AUTO_REFUSED, RequestState.REFUSED):
            raise ValidationError("Only a refused request can carry a refusal reason.", field="reason")
        return cls(state=st, reason=clean, changed_at=changed_at)


@dataclass(frozen=True)
class GrantLifecycle:
    """Where one grant stands. ``superseded_by`` names the grant that replaced this one."""

    state: GrantState = GrantState.ACTIVE
    reason: str | None = None
    changed_at: float | None = None
    superseded_by: str | None = None

    @property
    def is_final(self) -> bool:
        return not self.allowed_events()

    @property
    def is_active(self) -> bool:
        return self.state is GrantState.ACTIVE

    def allowed_events(self) -> tuple[GrantEvent, ...]:
        return tuple(ev for (st, ev) in GRANT_TRANSITIONS if st is self.state)

    def _step(self, event: GrantEvent) -> GrantState:
        nxt = GRANT_TRANSITIONS.get((self.state, event))
        if nxt is None:
            raise InvalidTransition("grant", self.state.value, event.value)
        return nxt

    def expire(self, *, at: float) -> GrantLifecycle:
        return GrantLifecycle(self._step(GrantEvent.EXPIRE), None, float(at), None)

    def revoke(self, *, at: float, reason: str | None = None) -> GrantLifecycle:
        """Revoke. ``reason``: optional plain words ("you revoked it", "source grant g-1 was revoked")."""
        return GrantLifecycle(
            self._step(GrantEvent.REVOKE), _clean_reason(reason, required=False), float(at), None
        )

    def supersede(self, *, at: float, by: str) -> GrantLifecycle:
        """Mark as replaced by grant ``by`` (a re-authorisation issued a new grant)."""
        nxt = self._step(GrantEvent.SUPERSEDE)
        if not by or not by.strip():
            raise ValidationError("The grant that replaces this one must be named.", field="superseded_by")
        return GrantLifecycle(nxt, None, float(at), by.strip())

    def erase(self, *, at: float) -> GrantLifecycle:
        """End the grant because the organisation confirmed deleting its data."""
        return GrantLifecycle(self._step(GrantEvent.ERASE), None, float(at), None)

    def expire_if_due(self, *, now: float, expires_at: float) -> GrantLifecycle:
        """Expire an active grant whose retention has run out; otherwise return ``self`` unchanged."""
        if self.state is GrantState.ACTIVE and now >= expires_at:
            return self.expire(at=expires_at)
        return self

    def usable_at(self, t: float, *, expires_at: float) -> bool:
        """Could the organisation lawfully use the data at time ``t`` under this grant?"""
        if t >= expires_at:
            return False
        if self.state is GrantState.ACTIVE:
            return True
        # expired / revoked / superseded: usable only before the change (an unknown change time means never)
        return self.changed_at is not None and t < self.changed_at

    # --- storage -------------------------------------------------------------------------------------------

    def to_storage(self) -> str:
        return self.state.value

    @classmethod
    def from_storage(
        cls,
        state: str,
        *,
        reason: str | None = None,
        changed_at: float | None = None,
        superseded_by: str | None = None,
    ) -> GrantLifecycle:
        try:
            st = GrantState(state)
        except ValueError:
            raise ValidationError("Unknown grant state in storage.", field="state") from None
        if (st is GrantState.SUPERSEDED) != bool(superseded_by):
            raise ValidationError(
                "A superseded grant must name its replacement, and only a superseded grant can.",
                field="superseded_by",
            )
        if st is not GrantState.ACTIVE and changed_at is None:
            raise ValidationError(
                "A grant that is no longer active must say when it changed.", field="changed_at"
            )
        clean = _clean_reason(reason, required=False)
        if clean is not None and st is not GrantState.REVOKED:
            raise ValidationError("Only a revoked grant can carry a revocation reason.", field="reason")
        return cls(state=st, reason=clean, changed_at=changed_at, superseded_by=superseded_by)
