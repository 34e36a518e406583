"""Request and grant state machines: allowed transitions work, all others raise, storage round-trips."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vault_app.domain.errors import ConflictError, ValidationError, VaultError
from vault_app.policy.lifecycle import (
    GRANT_TRANSITIONS,
    REQUEST_TRANSITIONS,
    GrantEvent,
    GrantLifecycle,
    GrantState,
    InvalidTransition,
    RequestEvent,
    RequestLifecycle,
    RequestState,
)

T0 = 1_800_000_000.0


def _request_in(state: RequestState) -> RequestLifecycle:
    reason = "organisation is non-compliant" if state is RequestState.AUTO_REFUSED else None
    return RequestLifecycle.from_storage(state.value, reason=reason, changed_at=T0)


def _grant_in(state: GrantState) -> GrantLifecycle:
    return GrantLifecycle.from_storage(
        state.value,
        changed_at=None if state is GrantState.ACTIVE else T0,
        superseded_by="g-2" if state is GrantState.SUPERSEDED else None,
    )


def test_request_table_is_exactly_the_documented_one() -> None:
    assert dict(REQUEST_TRANSITIONS) == {
        (RequestState.RECEIVED, RequestEvent.AUTO_REFUSE): RequestState.AUTO_REFUSED,
        (RequestState.RECEIVED, RequestEvent.SUBMIT_FOR_REVIEW): RequestState.PENDING_REVIEW,
        (RequestState.PENDING_REVIEW, RequestEvent.APPROVE): RequestState.APPROVED,
        (RequestState.PENDING_REVIEW, RequestEvent.PARTLY_APPROVE): RequestState.PARTLY_APPROVED,
        (RequestState.PENDING_REVIEW, RequestEvent.REFUSE): RequestState.REFUSED,
        (RequestState.PENDING_REVIEW, RequestEvent.EXPIRE): RequestState.EXPIRED,
    }


def test_grant_table_is_exactly_the_documented_one() -> None:
    assert dict(GRANT_TRANSITIONS) == {
        (GrantState.ACTIVE, GrantEvent.EXPIRE): GrantState.EXPIRED,
        (GrantState.ACTIVE, GrantEvent.REVOKE): GrantState.REVOKED,
        (GrantState.ACTIVE, GrantEvent.SUPERSEDE): GrantState.SUPERSEDED,
        # the organisation confirmed deleting the data (also after the grant expired): the grant has ended
        (GrantState.ACTIVE, GrantEvent.ERASE): GrantState.ERASED,
        (GrantState.EXPIRED, GrantEvent.ERASE): GrantState.ERASED,
    }


def test_request_happy_paths_with_methods() -> None:
    r = RequestLifecycle()
    assert r.state is RequestState.RECEIVED and r.is_open
    p = r.submit_for_review(at=T0)
    assert p.state is RequestState.PENDING_REVIEW and p.changed_at == T0
    assert p.approve(at=T0 + 1).state is RequestState.APPROVED
    assert p.partly_approve(at=T0 + 1).state is RequestState.PARTLY_APPROVED
    refused = p.refuse(at=T0 + 1, reason="  not needed  ")
    assert refused.state is RequestState.REFUSED and refused.reason == "not needed"
    assert p.expire(at=T0 + 1).state is RequestState.EXPIRED
    auto = r.auto_refuse("organisation is suspended", at=T0)
    assert auto.state is RequestState.AUTO_REFUSED and auto.reason == "organisation is suspended"
    assert auto.is_final and not auto.is_open


def test_request_events_return_new_objects_and_leave_old_untouched() -> None:
    r = RequestLifecycle()
    p = r.submit_for_review(at=T0)
    assert r.state is RequestState.RECEIVED
    assert p is not r


@pytest.mark.parametrize(
    ("state", "event"),
    [(s, e) for s, e in itertools.product(RequestState, RequestEvent) if (s, e) not in REQUEST_TRANSITIONS],
)
def test_every_illegal_request_transition_raises(state: RequestState, event: RequestEvent) -> None:
    r = _request_in(state)
    with pytest.raises(InvalidTransition) as ei:
        r.fire(event, at=T0 + 5, reason="because")
    assert issubclass(InvalidTransition, ConflictError) and issubclass(InvalidTransition, VaultError)
    assert ei.value.reason == "invalid-transition"
    assert ei.value.state == state.value and ei.value.event == event.value
    assert r.state is state  # unchanged


@pytest.mark.parametrize(("pair", "target"), list(REQUEST_TRANSITIONS.items()))
def test_every_allowed_request_transition_reaches_its_target(
    pair: tuple[RequestState, RequestEvent], target: RequestState
) -> None:
    state, event = pair
    nxt = _request_in(state).fire(event, at=T0 + 5, reason="a reason")
    assert nxt.state is target
    assert nxt.changed_at == T0 + 5
    # only refusals keep a reason
    assert (nxt.reason is not None) == (event in (RequestEvent.AUTO_REFUSE, RequestEvent.REFUSE))


def test_auto_refuse_requires_a_reason() -> None:
    with pytest.raises(ValidationError):
        RequestLifecycle().auto_refuse("   ", at=T0)
    with pytest.raises(ValidationError):
        RequestLifecycle().fire(RequestEvent.AUTO_REFUSE, at=T0)


def test_reason_length_is_bounded() -> None:
    with pytest.raises(ValidationError):
        RequestLifecycle().auto_refuse("x" * 501, at=T0)


def test_illegal_transition_message_is_plain_words() -> None:
    with pytest.raises(InvalidTransition) as ei:
        _request_in(RequestState.REFUSED).approve(at=T0)
    assert str(ei.value) == "This request is already refused: it cannot be approved now."


def test_request_expire_if_due() -> None:
    p = RequestLifecycle().submit_for_review(at=T0)
    assert p.expire_if_due(now=T0 + 10, expires_at=T0 + 20) is p
    assert p.expire_if_due(now=T0 + 10, expires_at=None) is p
    assert p.expire_if_due(now=T0 + 20, expires_at=T0 + 20).state is RequestState.EXPIRED
    done = p.approve(at=T0 + 1)
    assert done.expire_if_due(now=T0 + 99, expires_at=T0 + 20) is done  # a decided request does not expire


@pytest.mark.parametrize("state", list(RequestState))
def test_request_storage_round_trip(state: RequestState) -> None:
    r = _request_in(state)
    back = RequestLifecycle.from_storage(r.to_storage(), reason=r.reason, changed_at=r.changed_at)
    assert back == r
    assert r.to_storage() == state.value


def test_request_from_storage_rejects_bad_input() -> None:
    with pytest.raises(ValidationError):
        RequestLifecycle.from_storage("approvedd")
    with pytest.raises(ValidationError):
        RequestLifecycle.from_storage("auto_refused")  # missing reason
    with pytest.raises(ValidationError):
        RequestLifecycle.from_storage("approved", reason="why?")


def test_grant_happy_paths() -> None:
    g = GrantLifecycle()
    assert g.is_active and not g.is_final
    assert g.expire(at=T0).state is GrantState.EXPIRED
    rv = g.revoke(at=T0, reason="you revoked it")
    assert rv.state is GrantState.REVOKED and rv.reason == "you revoked it" and rv.changed_at == T0
    sp = g.supersede(at=T0, by="g-9")
    assert sp.state is GrantState.SUPERSEDED and sp.superseded_by == "g-9"
    with pytest.raises(ValidationError):
        g.supersede(at=T0, by=" ")


@pytest.mark.parametrize(
    ("state", "event"),
    [(s, e) for s, e in itertools.product(GrantState, GrantEvent) if (s, e) not in GRANT_TRANSITIONS],
)
def test_every_illegal_grant_transition_raises(state: GrantState, event: GrantEvent) -> None:
    g = _grant_in(state)
    with pytest.raises(InvalidTransition):
        if event is GrantEvent.EXPIRE:
            g.expire(at=T0 + 1)
        elif event is GrantEvent.REVOKE:
            g.revoke(at=T0 + 1)
        else:
            g.supersede(at=T0 + 1, by="g-3")


def test_grant_expire_if_due_uses_the_expiry_time() -> None:
    g = GrantLifecycle()
    assert g.expire_if_due(now=T0, expires_at=T0 + 1) is g
    e = g.expire_if_due(now=T0 + 50, expires_at=T0 + 1)
    assert e.state is GrantState.EXPIRED and e.changed_at == T0 + 1
    r = g.revoke(at=T0)
    assert r.expire_if_due(now=T0 + 50, expires_at=T0 + 1) is r


def test_grant_usable_at() -> None:
    exp = T0 + 100
    active = GrantLifecycle()
    assert active.usable_at(T0, expires_at=exp)
    assert not active.usable_at(exp, expires_at=exp)
    revoked = active.revoke(at=T0 + 10)
    assert revoked.usable_at(T0 + 9, expires_at=exp)
    assert not revoked.usable_at(T0 + 10, expires_at=exp)
    superseded = active.supersede(at=T0 + 20, by="g-2")
    assert superseded.usable_at(T0 + 19, expires_at=exp) and not superseded.usable_at(T0 + 21, expires_at=exp)


@pytest.mark.parametrize("state", list(GrantState))
def test_grant_storage_round_trip(state: GrantState) -> None:
    g = _grant_in(state)
    back = GrantLifecycle.from_storage(
        g.to_storage(), reason=g.reason, changed_at=g.changed_at, superseded_by=g.superseded_by
    )
    assert back == g


def test_grant_from_storage_rejects_inconsistent_rows() -> None:
    with pytest.raises(ValidationError):
        GrantLifecycle.from_storage("superseded", changed_at=T0)  # no replacement named
    with pytest.raises(ValidationError):
        GrantLifecycle.from_storage("active", superseded_by="g-2")
    with pytest.raises(ValidationError):
        GrantLifecycle.from_storage("revoked")  # no change time
    with pytest.raises(ValidationError):
        GrantLifecycle.from_storage("expired", changed_at=T0, reason="why")
    with pytest.raises(ValidationError):
        GrantLifecycle.from_storage("bogus")


@settings(max_examples=60)
@given(st.lists(st.sampled_from(list(RequestEvent)), max_size=6))
def test_random_request_event_sequences_follow_the_table(events: list[RequestEvent]) -> None:
    r = RequestLifecycle()
    for i, ev in enumerate(events):
        expected = REQUEST_TRANSITIONS.get((r.state, ev))
        if expected is None:
            with pytest.raises(InvalidTransition):
                r.fire(ev, at=T0 + i, reason="r")
        else:
            r = r.fire(ev, at=T0 + i, reason="r")
            assert r.state is expected
    # a final state has no way out
    if r.is_final:
        assert all((r.state, ev) not in REQUEST_TRANSITIONS for ev in RequestEvent)
