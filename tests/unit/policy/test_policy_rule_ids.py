"""A rule's stable id and :meth:`Rule.from_id` are inverses, so every UI words a refusal from the same
reading."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from vault_app.domain.model import Category, Processing
from vault_app.policy.rules import Rule

RULES = st.one_of(
    st.sampled_from(Category).map(Rule.never_release),
    st.sampled_from(Category).map(Rule.always_anonymise),
    st.just(Rule.no_onward_transfer()),
    st.just(Rule.only_compliant()),
    st.sets(st.sampled_from(Processing), min_size=1).map(lambda ps: Rule.no_derivation(sorted(ps))),
)


@given(RULES)
def test_from_id_reads_back_every_rule_it_can(rule: Rule) -> None:
    again = Rule.from_id(rule.id)
    assert again is not None and again.id == rule.id and again.description == rule.description


def test_unknown_and_parameterless_ids_are_not_guessed() -> None:
    assert Rule.from_id("max-retention") is None  # the limit is not in the id
    assert Rule.from_id("never-release:no-such-category") is None
    assert Rule.from_id("no-derivation:teleport") is None
    assert Rule.from_id("only-compliant:extra") is None
    assert Rule.from_id("") is None
