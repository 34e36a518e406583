"""Properties: anonymised releases do not carry the raw value; pseudonyms are pairwise; predicates are
bool.

Leak criterion (documented in docs/principles.md). Each transform is *meant* to reveal a part of the value
(the year of a date, the city of an address, the domain of an e-mail address). For every generated value we
name the part the transform must hide and check that the released text:

1. never contains the whole raw value, and 2. never contains, in the released value, any substring of
``HIDDEN_SUBSTRING`` (4) characters of the hidden part when the hidden part has at least ``MIN_HIDDEN`` (6)
characters. Pseudonyms are random-looking base32, where a chance 4-character coincidence with the input is
likely over many examples, so for them the bar is 8 characters (chance ~ 32**-8 per position).

Age bands are coarsenings too: their text ("10-19") has the shape of a date's "-MM-DD" and can match a
piece of it by coincidence (born on 10 October: "10-1"), which says nothing. For them we check that the
release depends only on the age band: every birth date in the same band gives the same text.

Numbers are different: rounding 120000 gives 120000, so "the text never contains the raw value" is the
wrong property. For bucketing and rounding we check what makes them anonymising: every value in the same
bucket gives the same release (the release cannot tell them apart) and the release stays within half a step
/ inside its bucket. Laplace noise is a random mechanism; its guarantee is statistical and is tested in
test_policy_anonymise.py (scale = sensitivity / epsilon), not here.

Set PDV_FULL=1 for many more examples.
"""

from __future__ import annotations

import os
import random
import string
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from vault_app.domain.model import Category, Field, FieldType
from vault_app.policy.anonymise import TransformContext, TransformKind, apply, available_transforms

FULL = os.environ.get("PDV_FULL") == "1"
N = 2000 if FULL else 80
HIDDEN_SUBSTRING = 4
MIN_HIDDEN = 6
REF = date(2026, 11, 29)
FT = FieldType


def ctx(key: bytes = bytes(32)) -> TransformContext:
    return TransformContext(REF, key, random.Random(0))


def fld(ftype: FieldType, value: str) -> Field:
    return Field("x", ftype, Category.OTHER, value)


def text_of(value: object) -> str:
    # a boolean carries one bit, not characters of the value: its text "True" matching a street called
    # "Truestrasse" is no leak (predicates are checked to be bare booleans below)
    return "" if value is None or isinstance(value, bool) else str(value)


def assert_no_leak(
    raw: str, hidden: str, released: object, params: tuple[tuple[str, str], ...], *, n: int = HIDDEN_SUBSTRING
) -> None:
    # the settings (thresholds, reference date) are public facts chosen by the subject: they must not carry
    # the raw value, but they may share short pieces with it by coincidence (today's month, say)
    out = text_of(released)
    assert raw not in out + "\x00" + "\x00".join(v for _, v in params), "the raw value leaked"
    if len(hidden) >= MIN_HIDDEN:
        for i in range(len(hidden) - n + 1):
            assert hidden[i : i + n] not in out, "a long part of the hidden value leaked"


dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2019, 12, 31))


@settings(max_examples=N)
@given(dates, st.sampled_from(["date.year", "date.age_at_least", "pseudonym", "suppress"]))
def test_date_releases_hide_month_and_day(born: date, tid: str) -> None:
    raw = born.isoformat()
    res = apply(tid, fld(FT.DATE, raw), {}, ctx())
    assert_no_leak(raw, raw[4:], res.value, res.params, n=8 if tid == "pseudonym" else HIDDEN_SUBSTRING)


@settings(max_examples=N)
@given(dates, st.integers(2, 20), st.data())
def test_age_band_is_the_same_for_every_birth_date_in_the_band(
    born: date, width: int, data: st.DataObject
) -> None:
    from vault_app.policy.anonymise import age_on

    res = apply("date.age_band", fld(FT.DATE, born.isoformat()), {"width": str(width)}, ctx())
    lo, hi = (int(x) for x in str(res.value).split("-"))
    age = age_on(born, REF)
    assert hi - lo == width - 1 and lo <= age <= hi and lo % width == 0
    # any other birth date whose age falls in the same band releases exactly the same text
    # built directly (filtering random dates would reject most): born k days before a birthday of age a
    a = data.draw(st.integers(lo, hi))
    other = date(REF.year - a, REF.month, REF.day) - timedelta(days=data.draw(st.integers(0, 364)))
    assert age_on(other, REF) == a
    assert (
        apply("date.age_band", fld(FT.DATE, other.isoformat()), {"width": str(width)}, ctx()).value
        == res.value
    )
    assert born.isoformat() not in str(res.value)


_word = st.text(string.ascii_letters, min_size=3, max_size=12)
_street = st.builds(lambda name, no: f"{name}strasse {no}", _word, st.integers(1, 999))
_city = st.builds(lambda w: w.capitalize(), _word)


@settings(max_examples=N)
@given(
    _street,
    st.integers(10000, 99999),
    _city,
    st.sampled_from(["DE", "FR", "CN", "US"]),
    st.sampled_from(["\n", ", "]),
)
def test_address_releases_hide_the_street_and_postcode(
    street: str, pc: int, city: str, country: str, sep: str
) -> None:
    assume(city.lower() not in street.lower())
    raw = sep.join([street, f"{pc} {city}", country])
    for tid, params in [
        ("address.city", {}),
        ("address.in_country", {"country": "DE"}),
        ("suppress", {}),
        ("pseudonym", {}),
    ]:
        res = apply(tid, fld(FT.ADDRESS, raw), params, ctx())
        assert_no_leak(raw, street, res.value, res.params, n=8 if tid == "pseudonym" else HIDDEN_SUBSTRING)
        assert str(pc) not in text_of(res.value)
    assert apply("address.city", fld(FT.ADDRESS, raw), {}, ctx()).value == city


@settings(max_examples=N)
@given(st.text(string.ascii_lowercase + string.digits + "._", min_size=6, max_size=30), _word)
def test_email_releases_hide_the_local_part(local: str, domain: str) -> None:
    assume(local[0] not in "._" and local[-1] not in "._")
    assume(local not in domain)
    raw = f"{local}@{domain.lower()}.org"
    for tid in ("email.domain", "pseudonym", "suppress"):
        res = apply(tid, fld(FT.EMAIL, raw), {}, ctx())
        assert_no_leak(raw, local, res.value, res.params, n=8 if tid == "pseudonym" else HIDDEN_SUBSTRING)


@settings(max_examples=N)
@given(st.text(string.ascii_uppercase + string.digits, min_size=5, max_size=9), st.integers(1, 4))
def test_postcode_prefix_is_a_strict_short_prefix(code: str, n: int) -> None:
    assume(n <= len(code) - 2)
    res = apply("postcode.prefix", fld(FT.POSTCODE, code), {"length": str(n)}, ctx())
    assert res.value == code[:n] and len(code) - len(str(res.value)) >= 2
    assert_no_leak(code, code[n:], res.value, res.params)


@settings(max_examples=N)
@given(
    st.sampled_from([FT.TEXT, FT.IDENTIFIER, FT.PHONE]),
    st.text(string.ascii_letters + string.digits + " -", min_size=4, max_size=40),
)
def test_pseudonym_and_suppress_hide_free_text(ftype: FieldType, raw: str) -> None:
    assume(sum(c.isdigit() for c in raw) >= 4 or ftype is not FT.PHONE)
    assume(raw.strip())
    for tid in ("pseudonym", "suppress"):
        res = apply(tid, fld(ftype, raw), {}, ctx())
        assert_no_leak(raw.strip(), raw.strip(), res.value, res.params, n=8)


# --- numbers: coarsening, not text --------------------------------------------------------------------------

_amounts = st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=N)
@given(_amounts, st.sampled_from(["1", "10", "250", "1000", "0.5"]), st.data())
def test_bucket_release_is_the_same_for_every_value_in_the_bucket(
    v: Decimal, width: str, data: st.DataObject
) -> None:
    w = Decimal(width)
    res = apply("number.bucket", fld(FT.NUMBER, str(v)), {"width": width}, ctx())
    lo_text, hi_text = str(res.value)[1:-1].split(", ")
    lo, hi = Decimal(lo_text), Decimal(hi_text)
    assert lo <= v < hi and hi - lo == w
    other = data.draw(st.decimals(min_value=lo, max_value=hi, places=2).filter(lambda x: x < hi))
    assert apply("number.bucket", fld(FT.NUMBER, str(other)), {"width": width}, ctx()).value == res.value


@settings(max_examples=N)
@given(st.integers(-(10**12), 10**12), st.integers(1, 4))
def test_rounding_stays_within_half_a_step_and_drops_the_low_digits(v: int, digits: int) -> None:
    res = apply("number.round", fld(FT.NUMBER, str(v)), {"digits": str(digits)}, ctx())
    assert isinstance(res.value, int)
    if v == 0:
        assert res.value == 0
        return
    step = 10 ** (len(str(abs(v))) - digits)
    assert abs(res.value - v) <= step / 2
    if step >= 1:
        assert res.value % step == 0
    if len(str(abs(v))) > digits and v % step != 0:
        assert str(v) not in str(res.value)


# --- predicates and pseudonyms ------------------------------------------------------------------------------


@settings(max_examples=N)
@given(dates, st.integers(0, 120))
def test_age_predicate_releases_only_a_correct_boolean(born: date, years: int) -> None:
    res = apply("date.age_at_least", fld(FT.DATE, born.isoformat()), {"years": str(years)}, ctx())
    assert type(res.value) is bool
    birthday = born.replace(year=born.year + years) if not (born.month == 2 and born.day == 29) else None
    if birthday is not None and birthday <= REF - timedelta(days=1):
        assert res.value is True
    if birthday is not None and birthday > REF:
        assert res.value is False


@settings(max_examples=N)
@given(_amounts, _amounts, st.sampled_from(["number.above", "number.below"]))
def test_number_predicates_release_only_a_correct_boolean(v: Decimal, threshold: Decimal, tid: str) -> None:
    res = apply(tid, fld(FT.NUMBER, str(v)), {"threshold": str(threshold)}, ctx())
    assert type(res.value) is bool
    assert res.value == (v > threshold if tid == "number.above" else v < threshold)


@settings(max_examples=N)
@given(st.sampled_from(list(FieldType)), st.data())
def test_every_predicate_of_every_type_returns_a_bare_boolean(ftype: FieldType, data: st.DataObject) -> None:
    samples = {
        FT.DATE: "1990-05-17",
        FT.NUMBER: "42",
        FT.ADDRESS: "Hauptstr. 5\n10115 Berlin\nDE",
        FT.COUNTRY: "DE",
    }
    preds = [i for i in available_transforms(ftype) if i.kind is TransformKind.PREDICATE]
    for info in preds:
        params = {
            p.name: (
                p.default
                or data.draw(st.sampled_from(["DE", "CN"]) if p.name == "country" else st.just("41"))
            )
            for p in info.params
        }
        res = apply(info.id, fld(ftype, samples[ftype]), params, ctx())
        assert type(res.value) is bool


@settings(max_examples=N)
@given(
    st.sampled_from([FT.TEXT, FT.EMAIL, FT.IDENTIFIER, FT.DATE]),
    st.binary(min_size=32, max_size=32),
    st.binary(min_size=32, max_size=32),
    st.data(),
)
def test_pseudonyms_are_stable_per_org_and_differ_between_orgs(
    ftype: FieldType, key_a: bytes, key_b: bytes, data: st.DataObject
) -> None:
    assume(key_a != key_b)
    raw = {
        FT.TEXT: data.draw(st.text(min_size=1, max_size=30).filter(lambda s: s.strip() != "")),
        FT.EMAIL: data.draw(st.builds("{}@{}.org".format, _word, _word)),
        FT.IDENTIFIER: data.draw(st.text(string.ascii_uppercase + string.digits, min_size=1, max_size=20)),
        FT.DATE: data.draw(dates).isoformat(),
    }[ftype]
    f = fld(ftype, raw)
    a1 = apply("pseudonym", f, {}, ctx(key_a)).value
    a2 = apply("pseudonym", f, {}, ctx(key_a)).value
    b = apply("pseudonym", f, {}, ctx(key_b)).value
    assert a1 == a2
    assert a1 != b
