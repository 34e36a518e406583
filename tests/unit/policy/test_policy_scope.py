"""Re-authorisation differences and usage-receipt checks."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vault_app.domain.clock import iso
from vault_app.domain.errors import PolicyDenied, ValidationError
from vault_app.domain.model import Category, Processing, RequestedField, Scope
from vault_app.policy.lifecycle import GrantLifecycle
from vault_app.policy.request import RequestSummary
from vault_app.policy.scope import (
    Aspect,
    Change,
    GrantTerms,
    UsageFacts,
    ViolationKind,
    assert_not_wider,
    check_usage,
    diff,
    diff_terms,
)

N = 1000 if os.environ.get("PDV_FULL") == "1" else 80
DAY = 86400
T0 = 1_800_000_000.0
ORG = "did:key:z6MkOrgA"
ORG_B = "did:key:z6MkOrgB"
SVC = "https://w3id.org/dpv#ServiceProvision"
MKT = "https://w3id.org/dpv#Marketing"

GRANTED = Scope((SVC,), "deliver your order", 30 * DAY, (ORG_B,), (Processing.ANALYSE,))
EXISTING = GrantTerms("g-1", ORG, GRANTED, ("email", "birth_date"))


def rereq(
    fields: tuple[str, ...], scope: Scope, *, org: str = ORG, refines: str | None = "g-1"
) -> RequestSummary:
    return RequestSummary(
        org, tuple(RequestedField(f, Category.OTHER) for f in fields), scope, refines_grant=refines
    )


def test_identical_request_does_not_widen_and_lists_everything_unchanged() -> None:
    d = diff(EXISTING, rereq(("email", "birth_date"), GRANTED))
    assert not d.widens and d.widening == () and d.narrowing == ()
    assert {(i.aspect, i.subject) for i in d.unchanged} == {
        (Aspect.FIELD, "email"),
        (Aspect.FIELD, "birth_date"),
        (Aspect.PURPOSE, SVC),
        (Aspect.PURPOSE_TEXT, ""),
        (Aspect.RETENTION, ""),
        (Aspect.RECIPIENT, ORG_B),
        (Aspect.DERIVATION, "analyse"),
    }


def test_each_kind_of_widening_is_flagged_per_item() -> None:
    wider = Scope(
        (SVC, MKT),
        "deliver your order and send offers",
        365 * DAY,
        (ORG_B, "did:key:z6MkOrgC"),
        (Processing.ANALYSE, Processing.PROFILE),
    )
    d = diff(EXISTING, rereq(("email", "birth_date", "income"), wider))
    assert d.widens
    got = {(i.aspect, i.change, i.subject) for i in d.widening}
    assert got == {
        (Aspect.FIELD, Change.ADDED, "income"),
        (Aspect.PURPOSE, Change.ADDED, MKT),
        (Aspect.PURPOSE_TEXT, Change.CHANGED, ""),
        (Aspect.RETENTION, Change.LONGER, ""),
        (Aspect.RECIPIENT, Change.ADDED, "did:key:z6MkOrgC"),
        (Aspect.DERIVATION, Change.ADDED, "profile"),
    }
    (ret,) = d.of(Aspect.RETENTION)
    assert ret.old == str(30 * DAY) and ret.new == str(365 * DAY) and "1 year" in ret.message
    (field,) = [i for i in d.of(Aspect.FIELD) if i.change is Change.ADDED]
    assert field.message == "New field: income (not in the current grant)."


@pytest.mark.parametrize(
    ("fields", "scope", "aspect"),
    [
        (("email", "birth_date", "income"), GRANTED, Aspect.FIELD),
        (
            ("email", "birth_date"),
            Scope((SVC, MKT), GRANTED.purpose_text, 30 * DAY, (ORG_B,), (Processing.ANALYSE,)),
            Aspect.PURPOSE,
        ),
        (
            ("email", "birth_date"),
            Scope((SVC,), "something else", 30 * DAY, (ORG_B,), (Processing.ANALYSE,)),
            Aspect.PURPOSE_TEXT,
        ),
        (
            ("email", "birth_date"),
            Scope((SVC,), GRANTED.purpose_text, 31 * DAY, (ORG_B,), (Processing.ANALYSE,)),
            Aspect.RETENTION,
        ),
        (
            ("email", "birth_date"),
            Scope((SVC,), GRANTED.purpose_text, 30 * DAY, (ORG_B, "did:key:z6MkC"), (Processing.ANALYSE,)),
            Aspect.RECIPIENT,
        ),
        (
            ("email", "birth_date"),
            Scope((SVC,), GRANTED.purpose_text, 30 * DAY, (ORG_B,), (Processing.ANALYSE, Processing.INFER)),
            Aspect.DERIVATION,
        ),
    ],
)
def test_a_single_widening_aspect_is_enough(fields: tuple[str, ...], scope: Scope, aspect: Aspect) -> None:
    d = diff(EXISTING, rereq(fields, scope))
    assert d.widens and {i.aspect for i in d.widening} == {aspect}
    with pytest.raises(PolicyDenied) as ei:
        assert_not_wider(EXISTING, scope, fields)
    assert ei.value.reason == "reauthorisation-needed" and "g-1" in str(ei.value)


def test_narrowing_never_widens() -> None:
    narrower = Scope((SVC,), GRANTED.purpose_text, 7 * DAY, (), ())
    d = diff(EXISTING, rereq(("email",), narrower))
    assert not d.widens
    assert {(i.aspect, i.change, i.subject) for i in d.narrowing} == {
        (Aspect.FIELD, Change.REMOVED, "birth_date"),
        (Aspect.RETENTION, Change.SHORTER, ""),
        (Aspect.RECIPIENT, Change.REMOVED, ORG_B),
        (Aspect.DERIVATION, Change.REMOVED, "analyse"),
    }
    assert_not_wider(EXISTING, narrower, ("email",))


def test_diff_rejects_other_org_or_other_grant() -> None:
    with pytest.raises(ValidationError):
        diff(EXISTING, rereq(("email",), GRANTED, org=ORG_B))
    with pytest.raises(ValidationError):
        diff(EXISTING, rereq(("email",), GRANTED, refines="g-2"))
    assert not diff(EXISTING, rereq(("email",), GRANTED, refines=None)).widens


_fields = st.lists(st.sampled_from(["a", "b", "c", "d"]), unique=True, max_size=4)
_scopes = st.builds(
    Scope,
    st.lists(st.sampled_from([SVC, MKT, "https://w3id.org/dpv#Research"]), unique=True, min_size=1).map(
        tuple
    ),
    st.sampled_from(["text one", "text two"]),
    st.integers(1, 1000),
    st.lists(st.sampled_from([ORG_B, "did:key:z6MkC"]), unique=True).map(tuple),
    st.lists(st.sampled_from(list(Processing)), unique=True).map(tuple),
)


@settings(max_examples=N)
@given(_scopes, _fields, _scopes, _fields)
def test_property_widens_exactly_when_something_new_is_asked(
    old: Scope, old_f: list[str], new: Scope, new_f: list[str]
) -> None:
    d = diff_terms(old, old_f, new, new_f)
    expected = (
        not set(new_f) <= set(old_f)
        or not set(new.purposes) <= set(old.purposes)
        or new.purpose_text != old.purpose_text
        or new.retention_seconds > old.retention_seconds
        or not set(new.onward_recipients) <= set(old.onward_recipients)
        or not set(new.derivation) <= set(old.derivation)
    )
    assert d.widens == expected
    assert diff_terms(old, old_f, old, old_f).widens is False


# --- usage --------------------------------------------------------------------------------------------------

ACTIVE = GrantLifecycle()


def facts(**kw: object) -> UsageFacts:
    base: dict[str, object] = {
        "used_at": T0 + DAY,
        "purposes": (SVC,),
        "fields": ("email",),
        "receipt_id": "r-1",
    }
    base.update(kw)
    return UsageFacts(**base)  # type: ignore[arg-type]


def check(f: UsageFacts, state: GrantLifecycle = ACTIVE) -> list[tuple[ViolationKind, dict[str, str]]]:
    return [
        (v.kind, dict(v.evidence))
        for v in check_usage(GRANTED, state, EXISTING.fields, f, issued_at=T0, grant_id="g-1")
    ]


def test_use_within_the_grant_is_clean() -> None:
    assert (
        check(facts(recipients=(ORG_B,), derivation=(Processing.ANALYSE,), fields=("email", "birth_date")))
        == []
    )


def test_use_after_expiry() -> None:
    (v,) = check(facts(used_at=T0 + 30 * DAY))
    assert v[0] is ViolationKind.USE_AFTER_EXPIRY
    assert (
        v[1]["expires_at"] == iso(T0 + 30 * DAY) and v[1]["receipt_id"] == "r-1" and v[1]["grant_id"] == "g-1"
    )
    assert check(facts(used_at=T0 + 30 * DAY - 1)) == []


def test_use_after_revocation_but_not_before() -> None:
    revoked = ACTIVE.revoke(at=T0 + 2 * DAY)
    assert check(facts(used_at=T0 + DAY), revoked) == []
    (v,) = check(facts(used_at=T0 + 2 * DAY), revoked)
    assert v[0] is ViolationKind.USE_AFTER_REVOCATION and v[1]["revoked_at"] == iso(T0 + 2 * DAY)


def test_use_after_supersession() -> None:
    sup = ACTIVE.supersede(at=T0 + 2 * DAY, by="g-2")
    (v,) = check(facts(used_at=T0 + 3 * DAY), sup)
    assert v[0] is ViolationKind.USE_AFTER_SUPERSESSION and v[1]["superseded_by"] == "g-2"


def test_use_after_early_expiry_state() -> None:
    expired = ACTIVE.expire(at=T0 + 5 * DAY)
    (v,) = check(facts(used_at=T0 + 6 * DAY), expired)
    assert v[0] is ViolationKind.USE_AFTER_EXPIRY


def test_purpose_recipient_derivation_and_field_violations_each_named() -> None:
    got = check(
        facts(
            purposes=(SVC, MKT),
            recipients=(ORG_B, "did:key:z6MkOrgX"),
            derivation=(Processing.ANALYSE, Processing.PROFILE),
            fields=("email", "income"),
        )
    )
    kinds = [k for k, _ in got]
    assert kinds == [
        ViolationKind.PURPOSE_OUTSIDE_GRANT,
        ViolationKind.UNDECLARED_RECIPIENT,
        ViolationKind.UNAUTHORISED_DERIVATION,
        ViolationKind.FIELD_NOT_GRANTED,
    ]
    ev = [e for _, e in got]
    assert ev[0]["purpose"] == MKT and ev[0]["granted_purposes"] == SVC
    assert ev[1]["recipient"] == "did:key:z6MkOrgX"
    assert ev[2]["processing"] == "profile"
    assert ev[3]["field"] == "income"


def test_violation_messages_are_plain_words() -> None:
    vs = check_usage(GRANTED, ACTIVE, EXISTING.fields, facts(fields=("income",)), issued_at=T0)
    assert vs[0].message == "The organisation reports using field income, which this grant did not release."


def test_purpose_text_of_a_receipt_is_compared_with_the_granted_wording() -> None:
    assert check(facts(purpose_text="  Deliver YOUR order ")) == []
    ((kind, ev),) = check(facts(purpose_text="targeted advertising"))
    assert kind is ViolationKind.PURPOSE_OUTSIDE_GRANT
    assert ev["purpose_text"] == "targeted advertising" and ev["granted_purpose_text"] == "deliver your order"
