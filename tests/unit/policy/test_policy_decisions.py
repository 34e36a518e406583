"""Per-field decisions to released fields and granted scope: outcome, previews, guarantees as properties."""

from __future__ import annotations

import os
import random
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vault_app.domain.errors import PolicyDenied, ValidationError
from vault_app.domain.model import (
    Category,
    ComplianceStatus,
    Field,
    FieldDecision,
    FieldType,
    Processing,
    ReleaseMode,
    RequestedField,
    Scope,
)
from vault_app.policy.anonymise import TransformContext
from vault_app.policy.compliance import ComplianceClaim, ComplianceSource, OrgCompliance
from vault_app.policy.decisions import (
    Outcome,
    ReleasePlan,
    SubjectDecisions,
    build_release,
    grant_retention,
    preview_field,
)
from vault_app.policy.request import RequestSummary
from vault_app.policy.rules import PrivacyFloor, Rule

N = 1000 if os.environ.get("PDV_FULL") == "1" else 60
NOW = 1_800_000_000.0
DAY = 86400
ORG = "did:key:z6MkOrgA"
ORG_B = "did:key:z6MkOrgB"
ORG_C = "did:key:z6MkOrgC"
P_SERVICE = "https://w3id.org/dpv#ServiceProvision"
P_MARKETING = "https://w3id.org/dpv#Marketing"

EXACT, ANON, WITHHOLD = ReleaseMode.EXACT, ReleaseMode.ANONYMISED, ReleaseMode.WITHHOLD

VAULT = {
    f.name: f
    for f in (
        Field("email", FieldType.EMAIL, Category.CONTACT, "alice@example.org"),
        Field("birth_date", FieldType.DATE, Category.DEMOGRAPHIC, "1990-05-17"),
        Field("income", FieldType.NUMBER, Category.FINANCIAL, "43210"),
        Field("blood_type", FieldType.TEXT, Category.HEALTH, "AB-"),
        Field("passport", FieldType.IDENTIFIER, Category.IDENTITY, "X1234567"),
    )
}


def compliant(did: str = ORG) -> OrgCompliance:
    return OrgCompliance(
        did, (ComplianceClaim(ComplianceStatus.COMPLIANT, ComplianceSource.subject()),), name="Shop"
    )


def with_status(status: ComplianceStatus, did: str = ORG) -> OrgCompliance:
    return OrgCompliance(did, (ComplianceClaim(status, ComplianceSource.subject()),))


def request(
    *names: str,
    retention: int = 365 * DAY,
    onward: tuple[str, ...] = (),
    derivation: tuple[Processing, ...] = (),
    purposes: tuple[str, ...] = (P_SERVICE,),
) -> RequestSummary:
    return RequestSummary(
        ORG,
        tuple(RequestedField(n, VAULT[n].category if n in VAULT else Category.OTHER) for n in names),
        Scope(purposes, "deliver your order", retention, onward, derivation),
    )


def ctx(seed: int = 1) -> TransformContext:
    return TransformContext(date(2026, 11, 29), bytes(32), random.Random(seed))


def decide(*items: tuple[str, ReleaseMode] | FieldDecision, **kw: Any) -> SubjectDecisions:
    fds = tuple(i if isinstance(i, FieldDecision) else FieldDecision(i[0], i[1]) for i in items)
    return SubjectDecisions(fds, **kw)


def build(
    req: RequestSummary,
    dec: SubjectDecisions,
    *,
    floor: PrivacyFloor | None = None,
    org: OrgCompliance | None = None,
    **kw: Any,
) -> ReleasePlan:
    return build_release(
        req, dec, VAULT, floor=floor or PrivacyFloor(), org=org or compliant(), now=NOW, context=ctx(), **kw
    )


def test_full_exact_approval() -> None:
    plan = build(request("email", "income"), decide(("email", EXACT), ("income", EXACT)))
    assert plan.outcome is Outcome.APPROVED
    assert [(r.name, r.value, r.form) for r in plan.released] == [
        ("email", "alice@example.org", EXACT),
        ("income", "43210", EXACT),
    ]
    assert plan.withheld == () and plan.notes == ()
    assert plan.scope == Scope((P_SERVICE,), "deliver your order", 365 * DAY)


def test_undecided_and_withheld_fields_are_absent_and_outcome_is_partial() -> None:
    plan = build(request("email", "income", "passport"), decide(("email", EXACT), ("income", WITHHOLD)))
    assert plan.outcome is Outcome.PARTLY_APPROVED
    assert plan.released_names == ("email",)
    assert plan.withheld == ("income", "passport")
    assert "Field passport is withheld." in plan.notes


def test_everything_withheld_is_refused_without_needing_compliance() -> None:
    unknown = OrgCompliance(ORG)
    plan = build(request("email"), decide(("email", WITHHOLD)), org=unknown)
    assert plan.outcome is Outcome.REFUSED and plan.released == () and plan.scope is None


def test_a_field_not_requested_can_never_be_released() -> None:
    with pytest.raises(PolicyDenied) as ei:
        build(request("email"), decide(("email", EXACT), ("passport", EXACT)))
    assert ei.value.reason == "not-requested" and "passport" in str(ei.value)
    with pytest.raises(PolicyDenied):
        build(request("email"), decide(("passport", WITHHOLD)))  # even a withhold names a field not asked


def test_decision_shape_errors() -> None:
    with pytest.raises(ValidationError, match="two decisions"):
        build(request("email"), decide(("email", EXACT), ("email", WITHHOLD)))
    with pytest.raises(ValidationError, match="Choose how"):
        build(request("email"), decide(("email", ANON)))
    with pytest.raises(ValidationError, match="no anonymisation method"):
        build(request("email"), decide(FieldDecision("email", ANON, "email.nothing")))
    with pytest.raises(ValidationError, match="takes no anonymisation"):
        build(request("email"), decide(FieldDecision("email", EXACT, "email.domain")))
    missing = RequestSummary(ORG, (RequestedField("shoe_size", Category.OTHER),), request().scope)
    with pytest.raises(ValidationError, match="no field called shoe_size"):
        build(missing, decide(("shoe_size", EXACT)))


def test_anonymised_release_carries_output_method_and_params() -> None:
    plan = build(
        request("birth_date", "income", "email"),
        decide(
            FieldDecision("birth_date", ANON, "date.age_at_least", (("years", "18"),)),
            FieldDecision("income", ANON, "number.bucket", (("width", "10000"),)),
            FieldDecision("email", ANON, "suppress"),
        ),
    )
    assert plan.outcome is Outcome.APPROVED
    bd, inc, em = plan.released
    assert (bd.value, bd.form, bd.method) == (True, ANON, "date.age_at_least")
    assert bd.params == (("years", "18"), ("reference_date", "2026-11-29"))
    assert (inc.value, inc.method, inc.params) == ("[40000, 50000)", "number.bucket", (("width", "10000"),))
    assert em.value is None and em.method == "suppress"


def test_onward_transfer_and_derivation_default_to_none() -> None:
    req = request("email", onward=(ORG_B,), derivation=(Processing.PROFILE,))
    plan = build(req, decide(("email", EXACT)), onward_orgs={ORG_B: compliant(ORG_B)})
    assert plan.scope is not None and plan.scope.onward_recipients == () and plan.scope.derivation == ()
    assert plan.outcome is Outcome.PARTLY_APPROVED
    assert any(ORG_B in n for n in plan.notes) and any("profile" in n for n in plan.notes)


def test_onward_and_derivation_granted_only_when_allowed_and_asked() -> None:
    req = request("email", onward=(ORG_B, ORG_C), derivation=(Processing.ANALYSE, Processing.PROFILE))
    plan = build(
        req,
        decide(("email", EXACT), allow_onward=(ORG_B,), allow_derivation=(Processing.ANALYSE,)),
        onward_orgs={ORG_B: compliant(ORG_B)},
    )
    assert plan.scope is not None
    assert plan.scope.onward_recipients == (ORG_B,) and plan.scope.derivation == (Processing.ANALYSE,)
    with pytest.raises(PolicyDenied) as ei:
        build(request("email"), decide(("email", EXACT), allow_onward=(ORG_B,)))
    assert ei.value.reason == "not-requested"
    with pytest.raises(PolicyDenied):
        build(request("email"), decide(("email", EXACT), allow_derivation=(Processing.INFER,)))


def test_onward_recipient_must_be_known_and_compliant() -> None:
    req = request("email", onward=(ORG_B,))
    dec = decide(("email", EXACT), allow_onward=(ORG_B,))
    with pytest.raises(PolicyDenied) as ei:
        build(req, dec)  # B not in the registry
    assert ei.value.reason == "recipient-not-known"
    with pytest.raises(PolicyDenied) as ei:
        build(req, dec, onward_orgs={ORG_B: OrgCompliance(ORG_B)})
    assert ei.value.reason == "recipient-unknown"
    with pytest.raises(PolicyDenied):
        build(req, dec, onward_orgs={ORG_B: with_status(ComplianceStatus.NON_COMPLIANT, ORG_B)})


def test_retention_is_capped_by_request_floor_and_choice() -> None:
    floor = PrivacyFloor((Rule.max_retention(90 * DAY),))
    plan = build(request("email", retention=365 * DAY), decide(("email", EXACT)), floor=floor)
    assert plan.scope is not None and plan.scope.retention_seconds == 90 * DAY
    assert plan.outcome is Outcome.PARTLY_APPROVED and any("3 months" in n for n in plan.notes)
    plan = build(request("email", retention=365 * DAY), decide(("email", EXACT), retention_seconds=7 * DAY))
    assert plan.scope is not None and plan.scope.retention_seconds == 7 * DAY
    plan = build(request("email", retention=DAY), decide(("email", EXACT), retention_seconds=7 * DAY))
    assert (
        plan.scope is not None and plan.scope.retention_seconds == DAY
    )  # asking for more than requested: no
    assert grant_retention(100, PrivacyFloor(), None) == 100
    with pytest.raises(ValidationError):
        grant_retention(100, PrivacyFloor(), 0)


def test_purposes_can_be_narrowed_not_widened() -> None:
    req = request("email", purposes=(P_SERVICE, P_MARKETING))
    plan = build(req, decide(("email", EXACT), purposes=(P_SERVICE,)))
    assert plan.scope is not None and plan.scope.purposes == (P_SERVICE,)
    assert plan.outcome is Outcome.PARTLY_APPROVED
    with pytest.raises(PolicyDenied):
        build(request("email"), decide(("email", EXACT), purposes=(P_SERVICE, P_MARKETING)))
    with pytest.raises(ValidationError):
        build(req, decide(("email", EXACT), purposes=()))


def test_rules_are_checked_at_release() -> None:
    anon = PrivacyFloor((Rule.always_anonymise(Category.HEALTH),))
    with pytest.raises(PolicyDenied) as ei:
        build(request("blood_type"), decide(("blood_type", EXACT)), floor=anon)
    assert ei.value.reason == "rule:always-anonymise:health"
    plan = build(request("blood_type"), decide(FieldDecision("blood_type", ANON, "pseudonym")), floor=anon)
    assert plan.released[0].form is ANON
    never = PrivacyFloor((Rule.never_release(Category.HEALTH),))
    with pytest.raises(PolicyDenied):
        build(request("blood_type"), decide(FieldDecision("blood_type", ANON, "pseudonym")), floor=never)
    plan = build(request("blood_type", "email"), decide(("email", EXACT)), floor=never)  # withheld: fine
    assert plan.withheld == ("blood_type",)


def test_rule_uses_the_vault_category_too() -> None:
    # the organisation calls it "other", the vault knows it is health data
    req = RequestSummary(ORG, (RequestedField("blood_type", Category.OTHER),), request().scope)
    with pytest.raises(PolicyDenied):
        build(req, decide(("blood_type", EXACT)), floor=PrivacyFloor((Rule.never_release(Category.HEALTH),)))


def test_scope_rules_at_release() -> None:
    req = request("email", onward=(ORG_B,), derivation=(Processing.PROFILE,))
    with pytest.raises(PolicyDenied, match="passed on"):
        build(
            req,
            decide(("email", EXACT), allow_onward=(ORG_B,)),
            floor=PrivacyFloor((Rule.no_onward_transfer(),)),
            onward_orgs={ORG_B: compliant(ORG_B)},
        )
    with pytest.raises(PolicyDenied, match="profiling"):
        build(
            req,
            decide(("email", EXACT), allow_derivation=(Processing.PROFILE,)),
            floor=PrivacyFloor((Rule.no_derivation(),)),
        )
    with pytest.raises(PolicyDenied) as ei:
        build(
            request("email"),
            decide(("email", EXACT), unknown_confirmed=True),
            floor=PrivacyFloor((Rule.only_compliant(),)),
            org=OrgCompliance(ORG),
        )
    assert ei.value.reason == "rule:only-compliant"


@pytest.mark.parametrize("status", [ComplianceStatus.NON_COMPLIANT, ComplianceStatus.SUSPENDED])
def test_non_compliant_org_gets_nothing_whatever_the_subject_decides(status: ComplianceStatus) -> None:
    with pytest.raises(PolicyDenied):
        build(request("email"), decide(("email", EXACT), unknown_confirmed=True), org=with_status(status))


def test_blocked_org_gets_nothing() -> None:
    blocked = OrgCompliance(ORG, compliant().claims, blocked=True)
    with pytest.raises(PolicyDenied):
        build(request("email"), decide(("email", EXACT)), org=blocked)


def test_unknown_org_needs_explicit_confirmation() -> None:
    with pytest.raises(PolicyDenied) as ei:
        build(request("email"), decide(("email", EXACT)), org=OrgCompliance(ORG))
    assert ei.value.reason == "confirmation-needed"
    plan = build(request("email"), decide(("email", EXACT), unknown_confirmed=True), org=OrgCompliance(ORG))
    assert plan.outcome is Outcome.APPROVED


def test_org_record_must_match_the_request() -> None:
    with pytest.raises(ValidationError):
        build(request("email"), decide(("email", EXACT)), org=compliant(ORG_B))


def test_preview_field_is_what_the_release_contains() -> None:
    req = request("income")
    d = FieldDecision("income", ANON, "number.round", (("digits", "1"),))
    pv = preview_field(req, d, VAULT["income"], ctx(), PrivacyFloor())
    plan = build(req, decide(d), previews={"income": pv})
    assert pv is not None and plan.released == (pv,) and pv.value == 40000
    assert (
        preview_field(req, FieldDecision("income", WITHHOLD), VAULT["income"], ctx(), PrivacyFloor()) is None
    )


def test_noise_preview_is_drawn_once_and_kept() -> None:
    req = request("income")
    d = FieldDecision("income", ANON, "number.noise", (("sensitivity", "1000"),))
    pv = preview_field(
        req, d, VAULT["income"], TransformContext(date(2026, 11, 29), None, random.Random(99)), PrivacyFloor()
    )
    assert pv is not None
    plan = build(req, decide(d), previews={"income": pv})  # ctx() draws from another seed
    assert plan.released[0].value == pv.value
    fresh = build(req, decide(d))
    assert fresh.released[0].value != pv.value  # a new draw without the preview


def test_stale_previews_are_rejected() -> None:
    req = request("income")
    d = FieldDecision("income", ANON, "number.noise", (("sensitivity", "1000"),))
    pv = preview_field(req, d, VAULT["income"], ctx(), PrivacyFloor())
    other = FieldDecision("income", ANON, "number.noise", (("sensitivity", "5000"),))
    with pytest.raises(ValidationError, match="out of date"):
        build(req, decide(other), previews={"income": pv})
    rd = FieldDecision("income", ANON, "number.round", (("digits", "1"),))
    old = preview_field(
        req, rd, Field("income", FieldType.NUMBER, Category.FINANCIAL, "99999"), ctx(), PrivacyFloor()
    )
    with pytest.raises(ValidationError, match="out of date"):
        build(req, decide(rd), previews={"income": old})  # the stored value changed since the preview


# --- properties ---------------------------------------------------------------------------------------------

NAMES = list(VAULT) + ["shoe_size", "diary"]
_modes = st.sampled_from([EXACT, WITHHOLD, ANON])


def _decision(name: str, mode: ReleaseMode) -> FieldDecision:
    if mode is ANON:
        return FieldDecision(name, ANON, "suppress")
    return FieldDecision(name, mode)


_decisions = st.lists(st.tuples(st.sampled_from(NAMES), _modes), unique_by=lambda t: t[0], max_size=7)
_requested = st.lists(st.sampled_from(list(VAULT)), unique=True, max_size=5)


@settings(max_examples=N)
@given(_requested, _decisions)
def test_property_never_releases_a_field_not_requested(
    names: list[str], items: list[tuple[str, ReleaseMode]]
) -> None:
    req = request(*names)
    dec = SubjectDecisions(tuple(_decision(n, m) for n, m in items))
    foreign = [n for n, _ in items if n not in names]
    try:
        plan = build(req, dec)
    except PolicyDenied as e:
        assert foreign and e.reason == "not-requested"
        return
    assert not foreign
    assert set(plan.released_names) <= set(names)
    assert set(plan.released_names) == {n for n, m in items if m is not WITHHOLD}
    assert set(plan.withheld) == set(names) - set(plan.released_names)


@settings(max_examples=N)
@given(
    _requested,
    _decisions,
    st.sampled_from([ComplianceStatus.NON_COMPLIANT, ComplianceStatus.SUSPENDED, "blocked"]),
    st.booleans(),
)
def test_property_a_non_compliant_org_never_gets_anything(
    names: list[str], items: list[tuple[str, ReleaseMode]], status: object, confirmed: bool
) -> None:
    items = [(n, m) for n, m in items if n in names]
    if status == "blocked":
        org = OrgCompliance(ORG, compliant().claims, blocked=True)
    else:
        assert isinstance(status, ComplianceStatus)
        org = with_status(status)
    dec = SubjectDecisions(tuple(_decision(n, m) for n, m in items), unknown_confirmed=confirmed)
    try:
        plan = build(request(*names), dec, org=org)
    except PolicyDenied:
        return
    assert plan.released == () and plan.outcome is Outcome.REFUSED and plan.scope is None


@settings(max_examples=N)
@given(
    st.integers(1, 10 * 365 * DAY),
    st.one_of(st.none(), st.integers(1, 10 * 365 * DAY)),
    st.one_of(st.none(), st.integers(1, 10 * 365 * DAY)),
)
def test_property_retention_never_exceeds_request_floor_or_choice(
    asked: int, limit: int | None, chosen: int | None
) -> None:
    floor = PrivacyFloor((Rule.max_retention(limit),)) if limit else PrivacyFloor()
    plan = build(
        request("email", retention=asked), decide(("email", EXACT), retention_seconds=chosen), floor=floor
    )
    assert plan.scope is not None
    got = plan.scope.retention_seconds
    assert got <= asked and (limit is None or got <= limit) and (chosen is None or got <= chosen)
    assert got == min(x for x in (asked, limit, chosen) if x is not None)


@settings(max_examples=N)
@given(
    st.lists(st.sampled_from([ORG_B, ORG_C]), unique=True),
    st.lists(st.sampled_from([ORG_B, ORG_C]), unique=True),
    st.lists(st.sampled_from(list(Processing)), unique=True),
    st.lists(st.sampled_from(list(Processing)), unique=True),
)
def test_property_onward_and_derivation_never_wider_than_asked_and_allowed(
    asked_to: list[str], allowed_to: list[str], asked_p: list[Processing], allowed_p: list[Processing]
) -> None:
    req = request("email", onward=tuple(asked_to), derivation=tuple(asked_p))
    dec = decide(("email", EXACT), allow_onward=tuple(allowed_to), allow_derivation=tuple(allowed_p))
    orgs = {ORG_B: compliant(ORG_B), ORG_C: compliant(ORG_C)}
    try:
        plan = build(req, dec, onward_orgs=orgs)
    except PolicyDenied as e:
        assert e.reason == "not-requested"
        assert not set(allowed_to) <= set(asked_to) or not set(allowed_p) <= set(asked_p)
        return
    assert plan.scope is not None
    assert set(plan.scope.onward_recipients) == set(asked_to) & set(allowed_to)
    assert set(plan.scope.derivation) == set(asked_p) & set(allowed_p)


def test_onward_scope_for_recipient_b_is_never_wider() -> None:
    from vault_app.policy.decisions import onward_scope

    granted = Scope((P_SERVICE,), "deliver your order", 30 * DAY, (ORG_B,), (Processing.ANALYSE,))
    b = onward_scope(granted, ORG_B)
    assert b == Scope((P_SERVICE,), "deliver your order", 30 * DAY, (), ())
    with pytest.raises(PolicyDenied) as ei:
        onward_scope(granted, ORG_C)
    assert ei.value.reason == "recipient-not-granted"
