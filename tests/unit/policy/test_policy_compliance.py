"""Organisation compliance: combining claims, trust-list expiry, gate, final release check, onward."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vault_app.domain.errors import PolicyDenied, ValidationError
from vault_app.domain.model import ComplianceStatus
from vault_app.policy.compliance import (
    ComplianceClaim,
    ComplianceSource,
    GateOutcome,
    OrgCompliance,
    SourceKind,
    assert_may_release,
    check_onward_recipient,
    gate,
    onward_gate,
)

NOW = 1_800_000_000.0
CERT = "did:key:z6MkCertifier"
ORG = "did:key:z6MkOrgA"

CS = ComplianceStatus


def subj(status: ComplianceStatus) -> ComplianceClaim:
    return ComplianceClaim(status, ComplianceSource.subject(decided_at=NOW - 10))


def listed(status: ComplianceStatus, *, expires: float = NOW + 3600, cert: str = CERT) -> ComplianceClaim:
    return ComplianceClaim(status, ComplianceSource.trust_list(cert, "list-7", expires, issued_at=NOW - 3600))


def org(*claims: ComplianceClaim, blocked: bool = False, did: str = ORG) -> OrgCompliance:
    return OrgCompliance(did, tuple(claims), blocked=blocked, name="Example Shop")


def test_no_claims_is_unknown_and_needs_confirmation() -> None:
    g = gate(org(), NOW)
    assert g.outcome is GateOutcome.CONFIRM and g.reason == "org-unknown"
    assert g.standing.status is CS.UNKNOWN and g.standing.source is None


@pytest.mark.parametrize(
    ("status", "outcome", "reason"),
    [
        (CS.COMPLIANT, GateOutcome.OK, "ok"),
        (CS.NON_COMPLIANT, GateOutcome.REFUSE, "org-non-compliant"),
        (CS.SUSPENDED, GateOutcome.REFUSE, "org-suspended"),
        (CS.UNKNOWN, GateOutcome.CONFIRM, "org-unknown"),
    ],
)
def test_gate_per_status(status: ComplianceStatus, outcome: GateOutcome, reason: str) -> None:
    g = gate(org(subj(status)), NOW)
    assert (g.outcome, g.reason) == (outcome, reason)
    assert "Example Shop" in g.message


def test_blocked_beats_compliant() -> None:
    g = gate(org(subj(CS.COMPLIANT), blocked=True), NOW)
    assert g.outcome is GateOutcome.REFUSE and g.reason == "org-blocked"


def test_trust_list_entry_counts_until_it_expires_then_is_unknown() -> None:
    o = org(listed(CS.COMPLIANT, expires=NOW + 10))
    assert gate(o, NOW).outcome is GateOutcome.OK
    later = gate(o, NOW + 10)
    assert later.outcome is GateOutcome.CONFIRM and later.standing.status is CS.UNKNOWN
    assert later.standing.expired_entries and "expired" in later.message


def test_most_restrictive_valid_claim_wins() -> None:
    assert org(subj(CS.COMPLIANT), listed(CS.SUSPENDED)).effective(NOW).status is CS.SUSPENDED
    assert org(listed(CS.COMPLIANT), subj(CS.NON_COMPLIANT)).effective(NOW).status is CS.NON_COMPLIANT
    # an expired negative entry no longer counts
    eff = org(subj(CS.COMPLIANT), listed(CS.SUSPENDED, expires=NOW - 1)).effective(NOW)
    assert eff.status is CS.COMPLIANT and eff.source is not None and eff.source.kind is SourceKind.SUBJECT


def test_untrusted_certifier_is_ignored_when_a_trusted_set_is_given() -> None:
    o = org(listed(CS.COMPLIANT, cert="did:key:z6MkOther"))
    assert gate(o, NOW).outcome is GateOutcome.OK
    assert gate(o, NOW, trusted_certifiers={CERT}).outcome is GateOutcome.CONFIRM


def test_source_validation() -> None:
    with pytest.raises(ValidationError):
        ComplianceSource(SourceKind.TRUST_LIST, CERT, None, NOW)
    with pytest.raises(ValidationError):
        ComplianceSource(SourceKind.SUBJECT, certifier_did=CERT)


def test_claim_json_round_trip() -> None:
    for c in (subj(CS.SUSPENDED), listed(CS.COMPLIANT)):
        assert ComplianceClaim.from_json(c.to_json()) == c
    with pytest.raises(ValidationError):
        ComplianceClaim.from_json({"status": "great", "source": {"kind": "subject"}})
    with pytest.raises(ValidationError):
        ComplianceClaim.from_json({"status": "compliant"})
    with pytest.raises(ValidationError):
        ComplianceSource.from_json(
            {"kind": "trust-list", "certifier_did": CERT, "list_id": "l", "expires_at": "x"}
        )


@pytest.mark.parametrize("status", [CS.NON_COMPLIANT, CS.SUSPENDED])
def test_final_check_refuses_bad_orgs_even_when_subject_confirmed(status: ComplianceStatus) -> None:
    with pytest.raises(PolicyDenied) as ei:
        assert_may_release(org(subj(status)), NOW, unknown_confirmed=True)
    assert ei.value.reason == "org-" + status.value


def test_final_check_refuses_blocked_org() -> None:
    with pytest.raises(PolicyDenied) as ei:
        assert_may_release(org(subj(CS.COMPLIANT), blocked=True), NOW, unknown_confirmed=True)
    assert ei.value.reason == "org-blocked"


def test_final_check_unknown_needs_confirmation() -> None:
    with pytest.raises(PolicyDenied) as ei:
        assert_may_release(org(), NOW, unknown_confirmed=False)
    assert ei.value.reason == "confirmation-needed"
    assert assert_may_release(org(), NOW, unknown_confirmed=True).status is CS.UNKNOWN
    assert assert_may_release(org(subj(CS.COMPLIANT)), NOW, unknown_confirmed=False).status is CS.COMPLIANT


def test_onward_recipient_must_be_known_and_compliant() -> None:
    b = "did:key:z6MkOrgB"
    with pytest.raises(PolicyDenied) as ei:
        check_onward_recipient(None, NOW, recipient_did=b)
    assert ei.value.reason == "recipient-not-known"
    with pytest.raises(PolicyDenied) as ei:
        check_onward_recipient(org(did=b), NOW, recipient_did=b)  # unknown status is not enough
    assert ei.value.reason == "recipient-unknown"
    with pytest.raises(PolicyDenied) as ei:
        check_onward_recipient(org(subj(CS.SUSPENDED), did=b), NOW, recipient_did=b)
    assert ei.value.reason == "recipient-suspended"
    check_onward_recipient(org(listed(CS.COMPLIANT), did=b), NOW, recipient_did=b)
    assert onward_gate(org(listed(CS.COMPLIANT), did=b), NOW, recipient_did=b).outcome is GateOutcome.OK
    with pytest.raises(ValidationError):
        onward_gate(org(did=b), NOW, recipient_did="did:key:z6MkSomeoneElse")


_claims = st.builds(
    ComplianceClaim,
    st.sampled_from(list(CS)),
    st.one_of(
        st.builds(ComplianceSource.subject),
        st.builds(
            ComplianceSource.trust_list,
            st.sampled_from([CERT, "did:key:z6MkOther"]),
            st.just("l-1"),
            st.floats(NOW - 100, NOW + 100),
        ),
    ),
)


@settings(max_examples=150)
@given(st.lists(_claims, max_size=5), st.booleans(), st.booleans())
def test_property_negative_valid_claim_or_block_always_prevents_release(
    claims: list[ComplianceClaim], blocked: bool, confirmed: bool
) -> None:
    o = org(*claims, blocked=blocked)
    negative = blocked or any(
        c.status in (CS.NON_COMPLIANT, CS.SUSPENDED) and not c.source.expired(NOW) for c in claims
    )
    if negative:
        with pytest.raises(PolicyDenied):
            assert_may_release(o, NOW, unknown_confirmed=confirmed)
        assert gate(o, NOW).outcome is GateOutcome.REFUSE
    else:
        assert gate(o, NOW).outcome is not GateOutcome.REFUSE
