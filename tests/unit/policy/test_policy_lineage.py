"""Derived data: held until decided, re-anonymisation condition, source checks, cascading revocation."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vault_app.domain.errors import PolicyDenied, ValidationError
from vault_app.domain.model import Category, Processing, Scope
from vault_app.policy.lifecycle import InvalidTransition
from vault_app.policy.lineage import (
    DerivedGrantTerms,
    DerivedItem,
    DerivedState,
    LineageGraph,
    LineageIssueKind,
    SourceGrant,
    SourceRef,
    authorise,
    cascade_revocation,
    check_sources,
)

N = 500 if os.environ.get("PDV_FULL") == "1" else 60
T0 = 1_800_000_000.0
ORG = "did:key:z6MkOrgA"
SCOPE = Scope(("https://w3id.org/dpv#CreditChecking",), "credit decision", 86400 * 30)


def item(
    item_id: str, *sources: str, state: DerivedState = DerivedState.HELD, grant: str | None = None
) -> DerivedItem:
    return DerivedItem(
        item_id,
        ORG,
        "credit_score",
        Category.FINANCIAL,
        "logistic regression v3",
        tuple(SourceRef(s, ("income",)) for s in sources),
        state=state,
        grant_id=grant,
    )


def test_new_derived_item_is_held_not_authorised() -> None:
    it = item("d-1", "g-1")
    assert it.state is DerivedState.HELD and not it.is_authorised and it.grant_id is None


def test_authorise_yields_terms_requiring_reanonymisation() -> None:
    it = item("d-1", "g-1", "g-2")
    new, terms = authorise(it, scope=SCOPE, grant_id="dg-1", at=T0)
    assert new.state is DerivedState.AUTHORISED and new.grant_id == "dg-1" and new.changed_at == T0
    assert terms.reanonymise_required is True
    assert terms.source_grant_ids == ("g-1", "g-2")
    assert "anonymised again before it is used again" in terms.condition_text
    assert terms.to_json()["reanonymise_required"] is True


def test_terms_without_reanonymisation_cannot_exist() -> None:
    with pytest.raises(PolicyDenied) as ei:
        DerivedGrantTerms("d-1", "credit_score", ("g-1",), SCOPE, reanonymise_required=False)
    assert ei.value.reason == "reanonymise-required"


def test_derived_item_transitions() -> None:
    it = item("d-1", "g-1")
    refused = it.refuse(at=T0, reason="no")
    assert refused.state is DerivedState.REFUSED
    with pytest.raises(InvalidTransition):
        refused.authorise(grant_id="dg", at=T0)
    with pytest.raises(InvalidTransition):
        refused.revoke(at=T0)
    auth = it.authorise(grant_id="dg-1", at=T0)
    with pytest.raises(InvalidTransition):
        auth.authorise(grant_id="dg-2", at=T0)
    with pytest.raises(InvalidTransition):
        auth.refuse(at=T0)
    assert auth.revoke(at=T0).state is DerivedState.REVOKED
    assert it.revoke(at=T0).state is DerivedState.REVOKED
    with pytest.raises(ValidationError):
        it.authorise(grant_id="", at=T0)


def test_derived_item_validation() -> None:
    with pytest.raises(ValidationError):
        item("d-1")  # no sources
    with pytest.raises(ValidationError):
        DerivedItem("d-1", ORG, "bad name!", Category.OTHER, "m", (SourceRef("g", ()),))
    with pytest.raises(ValidationError):
        DerivedItem("d-1", ORG, "score", Category.OTHER, "  ", (SourceRef("g", ()),))
    with pytest.raises(ValidationError):
        item("d-1", "g-1", state=DerivedState.AUTHORISED)  # authorised without grant


def test_check_sources() -> None:
    grants = {
        "g-ok": SourceGrant("g-ok", ORG, ("income",), (Processing.DERIVE,), True),
        "g-noderive": SourceGrant("g-noderive", ORG, ("income",), (), True),
        "g-other": SourceGrant("g-other", "did:key:z6MkOther", ("income",), (Processing.DERIVE,), True),
        "g-revoked": SourceGrant("g-revoked", ORG, ("income",), (Processing.DERIVE,), False),
        "g-nofield": SourceGrant("g-nofield", ORG, ("email",), (Processing.DERIVE,), True),
    }
    assert check_sources(item("d", "g-ok"), grants) == []
    cases = {
        "g-noderive": [LineageIssueKind.DERIVATION_NOT_ALLOWED],
        "g-other": [LineageIssueKind.FOREIGN_SOURCE],
        "g-revoked": [LineageIssueKind.SOURCE_NOT_ACTIVE],
        "g-nofield": [LineageIssueKind.FIELD_NOT_IN_SOURCE],
        "g-missing": [LineageIssueKind.UNKNOWN_SOURCE],
    }
    for gid, kinds in cases.items():
        issues = check_sources(item("d", gid), grants)
        assert [i.kind for i in issues] == kinds, gid
        assert all(i.grant_id == gid for i in issues)
    (nd,) = check_sources(item("d", "g-noderive"), grants)
    assert nd.is_violation and "derive" in nd.message


def test_cascade_is_transitive_and_breadth_first() -> None:
    items = [
        item("d-1", "g-1", state=DerivedState.AUTHORISED, grant="dg-1"),
        item("d-2", "g-1"),  # held
        item("d-3", "dg-1", state=DerivedState.AUTHORISED, grant="dg-3"),  # derived from a derived grant
        item("d-4", "dg-3", "g-9"),
        item("d-5", "g-9", state=DerivedState.AUTHORISED, grant="dg-5"),  # unrelated
        item("d-6", "g-1", state=DerivedState.REFUSED),  # nothing to change
    ]
    steps = cascade_revocation("g-1", items)
    assert [(s.item_id, s.grant_id, s.because_of, s.depth) for s in steps] == [
        ("d-1", "dg-1", "g-1", 1),
        ("d-2", None, "g-1", 1),
        ("d-3", "dg-3", "dg-1", 2),
        ("d-4", None, "dg-3", 3),
    ]
    assert steps[2].reason == "Derived from grant dg-1, which was revoked."
    assert cascade_revocation("g-unrelated", items) == []


def test_cascade_follows_already_revoked_items_to_finish_an_interrupted_cascade() -> None:
    items = [
        item("d-1", "g-1", state=DerivedState.REVOKED, grant="dg-1"),
        item("d-2", "dg-1", state=DerivedState.AUTHORISED, grant="dg-2"),
    ]
    assert [s.item_id for s in cascade_revocation("g-1", LineageGraph(items))] == ["d-2"]


def test_cascade_survives_cycles() -> None:
    items = [
        item("d-1", "g-1", state=DerivedState.AUTHORISED, grant="dg-1"),
        item("d-2", "dg-1", state=DerivedState.AUTHORISED, grant="g-1"),  # malformed: points back
    ]
    assert [s.item_id for s in cascade_revocation("g-1", items)] == ["d-1", "d-2"]


def test_graph_rejects_duplicate_items() -> None:
    with pytest.raises(ValidationError):
        LineageGraph([item("d-1", "g-1"), item("d-1", "g-2")])


@settings(max_examples=N)
@given(st.data())
def test_property_cascade_reaches_exactly_the_live_descendants(data: st.DataObject) -> None:
    # random DAG: item i may cite g-root or the grants of earlier items
    n = data.draw(st.integers(1, 12))
    items: list[DerivedItem] = []
    for i in range(n):
        pool = ["g-root", "g-other"] + [it.grant_id for it in items if it.grant_id]
        srcs = data.draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3, unique=True))
        state = data.draw(st.sampled_from(list(DerivedState)))
        grant = (
            f"dg-{i}"
            if state is DerivedState.AUTHORISED
            or (state is DerivedState.REVOKED and data.draw(st.booleans()))
            else None
        )
        items.append(item(f"d-{i:02d}", *srcs, state=state, grant=grant))
    # expected: fixpoint of "depends on a revoked grant"
    tainted = {"g-root"}
    reached: set[str] = set()
    changed = True
    while changed:
        changed = False
        for it in items:
            if it.item_id not in reached and tainted & set(it.source_grant_ids):
                reached.add(it.item_id)
                if it.grant_id:
                    tainted.add(it.grant_id)
                changed = True
    live = {
        it.item_id
        for it in items
        if it.item_id in reached and it.state in (DerivedState.HELD, DerivedState.AUTHORISED)
    }
    steps = cascade_revocation("g-root", items)
    assert {s.item_id for s in steps} == live
    assert len(steps) == len(live)
