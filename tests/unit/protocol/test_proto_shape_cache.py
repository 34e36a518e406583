"""The caches of already-checked field shapes and scopes (messages._SHAPES, messages._SCOPES) speed up
reading many grants for one request; they must never let through anything the full checks refuse."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vault_app.domain.errors import ProtocolError
from vault_app.domain.model import Category, ReleaseMode
from vault_app.protocol import messages as m

EXACT = {"name": "email", "category": "contact", "form": "exact", "value": "a@example.org"}
ANON = {
    "name": "birth_date",
    "category": "demographic",
    "form": "anonymised",
    "value": "1990",
    "method": "date.year",
}
PARAMS = {
    "name": "postcode",
    "category": "location",
    "form": "anonymised",
    "value": "SW1A",
    "method": "postcode.prefix",
    "params": {"chars": "4"},
}
SCOPE = {
    "purposes": ["https://w3id.org/dpv#ServiceProvision"],
    "purpose_text": "Run your account.",
    "retention": 86400,
    "onward": [],
    "processing": [],
}


@pytest.fixture(autouse=True)
def _fresh_caches():
    m._SHAPES.clear()
    m._SCOPES.clear()
    yield
    m._SHAPES.clear()
    m._SCOPES.clear()


def parse(fields):
    return m._released_fields(copy.deepcopy(fields))


def test_a_known_shape_gives_the_same_fields_as_the_full_check():
    first = parse([EXACT, ANON, PARAMS])
    assert len(m._SHAPES) == 3
    again = parse([EXACT, ANON, PARAMS])
    assert again == first
    assert again[2].params == (("chars", "4"),) and again[1].category is Category.DEMOGRAPHIC
    assert again[1].form is ReleaseMode.ANONYMISED and again[0].method is None


BAD_VARIANTS = [
    ("an unknown member", lambda f: f.__setitem__("extra", 1)),
    ("no value", lambda f: f.pop("value")),
    ("a value with a control character", lambda f: f.__setitem__("value", "a\x1bb")),
    ("a value that is an object", lambda f: f.__setitem__("value", {"x": 1})),
    ("an exact field naming a method", lambda f: f.__setitem__("method", "date.year")),
    ("a method of null", lambda f: f.__setitem__("method", None)),
    ("params of null", lambda f: f.__setitem__("params", None)),
]
BASES = {"exact": EXACT, "anonymised": ANON, "params": PARAMS}
# (an exact field may carry "method": null, which the full check accepts too; naming a method is only a change
# for an exact field)
CASES = [
    (b, w, c)
    for b in BASES
    for w, c in BAD_VARIANTS
    if not (b == "exact" and w == "a method of null") and not (b != "exact" and w.startswith("an exact"))
]


@pytest.mark.parametrize(("base", "what", "change"), CASES, ids=[f"{b}-{w}" for b, w, _ in CASES])
def test_a_changed_field_is_refused_even_when_its_shape_is_known(base, what, change):
    parse([BASES[base]])  # the shape is now known
    bad = copy.deepcopy(BASES[base])
    change(bad)
    assert bad != BASES[base]
    with pytest.raises(ProtocolError):
        parse([bad])


def test_a_duplicate_field_is_refused_with_known_shapes():
    parse([EXACT])
    with pytest.raises(ProtocolError, match="same item twice"):
        parse([EXACT, EXACT])


def test_params_in_another_order_or_with_other_values_take_the_full_check():
    two = dict(PARAMS, params={"chars": "4", "pad": "x"})
    parse([two])
    swapped = dict(PARAMS, params={"pad": "x", "chars": "4"})
    assert parse([swapped])[0].params == (("chars", "4"), ("pad", "x"))
    with pytest.raises(ProtocolError):
        parse([dict(PARAMS, params={"chars": "4\u202e"})])


def test_a_known_scope_is_reused_and_a_changed_one_is_checked():
    first = m.scope_from_json(copy.deepcopy(SCOPE))
    assert m.scope_from_json(copy.deepcopy(SCOPE)) is first
    for change in (
        {"retention": True},
        {"retention": 0},
        {"purpose_text": "a\u202eb"},
        {"purposes": ["http://not-https.example/x"]},
        {"processing": ["telepathy"]},
        {"onward": ["not-a-did"]},
        {"purposes": [["nested"]]},
    ):
        with pytest.raises(ProtocolError):
            m.scope_from_json(dict(copy.deepcopy(SCOPE), **change))


def test_the_caches_stay_bounded():
    for i in range(m._MAX_SHAPES + 10):
        parse([dict(EXACT, name=f"f{i}")])
    assert len(m._SHAPES) <= m._MAX_SHAPES


member = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=20),
    st.lists(st.text(max_size=5), max_size=2),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
)


@settings(max_examples=300, deadline=None)
@given(
    base=st.sampled_from([EXACT, ANON, PARAMS]),
    key=st.sampled_from(["name", "category", "form", "value", "method", "params", "other"]),
    new=member,
)
def test_cached_and_uncached_checks_agree(base, key, new):
    """Whatever one member is changed to, the answer with the shape known equals the answer without it."""
    field = dict(copy.deepcopy(base), **{key: new})

    def outcome():
        try:
            return ("ok", parse([field]))
        except ProtocolError as exc:
            return ("refused", exc.reason)

    m._SHAPES.clear()
    cold = outcome()
    m._SHAPES.clear()
    parse([base])
    warm = outcome()
    assert warm == cold
