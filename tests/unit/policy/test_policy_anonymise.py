"""Anonymising transforms: outputs, registry, parameter validation, address parsing, noise, pseudonyms."""

from __future__ import annotations

import random
import statistics
from datetime import date

import pytest

from vault_app.domain.errors import ValidationError
from vault_app.domain.model import Category, Field, FieldType
from vault_app.policy import anonymise
from vault_app.policy.anonymise import (
    PRIVACY_LEVELS,
    ParamKind,
    TransformContext,
    TransformKind,
    age_on,
    apply,
    available_transforms,
    get_transform,
    parse_address,
    preview,
    pseudonym,
)
from vault_app.policy.normalise import normalise, normalise_text

REF = date(2026, 11, 29)
KEY_A = bytes(range(32))
KEY_B = bytes(range(1, 33))


def ctx(seed: int = 7, key: bytes | None = KEY_A) -> TransformContext:
    return TransformContext(REF, key, random.Random(seed))


def fld(ftype: FieldType, value: str, name: str = "x") -> Field:
    return Field(name, ftype, Category.OTHER, value)


FT = FieldType


@pytest.mark.parametrize(
    ("tid", "ftype", "raw", "params", "value", "out_params"),
    [
        ("date.year", FT.DATE, "1990-05-17", {}, 1990, ()),
        (
            "date.age_band",
            FT.DATE,
            "1990-05-17",
            {},
            "30-39",
            (("width", "10"), ("reference_date", "2026-11-29")),
        ),
        (
            "date.age_band",
            FT.DATE,
            "1990-05-17",
            {"width": "5"},
            "35-39",
            (("width", "5"), ("reference_date", "2026-11-29")),
        ),
        (
            "date.age_at_least",
            FT.DATE,
            "2008-11-29",
            {},
            True,
            (("years", "18"), ("reference_date", "2026-11-29")),
        ),
        (
            "date.age_at_least",
            FT.DATE,
            "2008-11-30",
            {},
            False,
            (("years", "18"), ("reference_date", "2026-11-29")),
        ),
        (
            "date.age_at_least",
            FT.DATE,
            "1960-01-01",
            {"years": "65"},
            True,
            (("years", "65"), ("reference_date", "2026-11-29")),
        ),
        ("postcode.prefix", FT.POSTCODE, "10115", {}, "10", (("length", "2"),)),
        ("postcode.prefix", FT.POSTCODE, "sw1a 2aa", {"length": "4"}, "SW1A", (("length", "4"),)),
        ("address.city", FT.ADDRESS, "Hauptstr. 5\n10115 Berlin\nDE", {}, "Berlin", ()),
        (
            "address.region",
            FT.ADDRESS,
            "Rue de Rivoli 1\n75001 Paris\nÎle-de-France\nFR",
            {},
            "Île-de-France",
            (),
        ),
        (
            "address.in_country",
            FT.ADDRESS,
            "Hauptstr. 5\n10115 Berlin\nDE",
            {"country": "de"},
            True,
            (("country", "DE"),),
        ),
        (
            "address.in_country",
            FT.ADDRESS,
            "Hauptstr. 5\n10115 Berlin\nDE",
            {"country": "FR"},
            False,
            (("country", "FR"),),
        ),
        ("country.is", FT.COUNTRY, "cn", {"country": "CN"}, True, (("country", "CN"),)),
        ("country.is", FT.COUNTRY, "DE", {"country": "CN"}, False, (("country", "CN"),)),
        ("number.above", FT.NUMBER, "43210.5", {"threshold": "40000"}, True, (("threshold", "40000"),)),
        ("number.above", FT.NUMBER, "40000", {"threshold": "40000"}, False, (("threshold", "40000"),)),
        ("number.below", FT.NUMBER, "39999.99", {"threshold": "40,000"}, True, (("threshold", "40000"),)),
        ("number.below", FT.NUMBER, "40000", {"threshold": "40000"}, False, (("threshold", "40000"),)),
        ("number.bucket", FT.NUMBER, "43210.5", {"width": "10000"}, "[40000, 50000)", (("width", "10000"),)),
        ("number.bucket", FT.NUMBER, "-3", {}, "[-10, 0)", (("width", "10"),)),
        ("number.bucket", FT.NUMBER, "0.37", {"width": "0.25"}, "[0.25, 0.5)", (("width", "0.25"),)),
        ("number.round", FT.NUMBER, "43210.5", {}, 43000, (("digits", "2"),)),
        ("number.round", FT.NUMBER, "0.012345", {"digits": "3"}, 0.0123, (("digits", "3"),)),
        ("number.round", FT.NUMBER, "-987", {"digits": "1"}, -1000, (("digits", "1"),)),
        ("number.round", FT.NUMBER, "0", {}, 0, (("digits", "2"),)),
        ("email.domain", FT.EMAIL, "Alice.Smith@Example.ORG", {}, "example.org", ()),
        ("suppress", FT.TEXT, "anything at all", {}, None, ()),
        ("suppress", FT.BOOLEAN, "yes", {}, None, ()),
    ],
)
def test_transform_outputs(
    tid: str,
    ftype: FieldType,
    raw: str,
    params: dict[str, str],
    value: object,
    out_params: tuple[tuple[str, str], ...],
) -> None:
    res = apply(tid, fld(ftype, raw), params, ctx())
    assert res.value == value and type(res.value) is type(value)
    assert res.method == tid
    assert res.params == out_params


def test_params_may_be_given_as_pairs_like_field_decision_params() -> None:
    res = apply("number.bucket", fld(FT.NUMBER, "12"), (("width", "5"),), ctx())
    assert res.value == "[10, 15)"
    with pytest.raises(ValidationError, match="given twice"):
        apply("number.bucket", fld(FT.NUMBER, "12"), (("width", "5"), ("width", "6")), ctx())


def test_preview_is_the_same_function_as_apply() -> None:
    assert preview is apply


def test_age_on_handles_birthdays_and_leap_days() -> None:
    assert age_on(date(2000, 11, 29), REF) == 26
    assert age_on(date(2000, 11, 30), REF) == 25
    assert age_on(date(2000, 2, 29), date(2018, 2, 28)) == 17
    assert age_on(date(2000, 2, 29), date(2018, 3, 1)) == 18


def test_age_of_a_future_date_is_refused() -> None:
    with pytest.raises(ValidationError, match="after the reference date"):
        apply("date.age_band", fld(FT.DATE, "2030-01-01"), {}, ctx())


# --- registry -----------------------------------------------------------------------------------------------


def test_available_transforms_by_type() -> None:
    ids = {t: [i.id for i in available_transforms(t)] for t in FieldType}
    assert ids[FT.DATE] == ["date.year", "date.age_band", "date.age_at_least", "pseudonym", "suppress"]
    assert ids[FT.NUMBER] == [
        "number.above",
        "number.below",
        "number.bucket",
        "number.round",
        "number.noise",
        "suppress",
    ]
    assert ids[FT.ADDRESS] == [
        "address.city",
        "address.region",
        "address.in_country",
        "pseudonym",
        "suppress",
    ]
    assert ids[FT.BOOLEAN] == ["suppress"]
    for t in FieldType:
        assert "suppress" in ids[t]
    for t in (FT.NUMBER, FT.COUNTRY, FT.BOOLEAN):  # too few distinct values for a pseudonym to mean anything
        assert "pseudonym" not in ids[t]


def test_every_transform_has_labels_and_predicates_output_booleans() -> None:
    for t in FieldType:
        for info in available_transforms(t):
            assert info.label and info.description.endswith(".")
            assert (info.kind is TransformKind.PREDICATE) == (info.output == "boolean")
            for p in info.params:
                assert p.label
                if p.kind is ParamKind.CHOICE:
                    assert p.default in [c for c, _ in p.choices]
    noise = get_transform("number.noise")
    assert noise.randomised and [c for c, _ in noise.params[0].choices] == list(PRIVACY_LEVELS)


@pytest.mark.parametrize(
    ("tid", "ftype", "raw", "params", "match"),
    [
        ("no.such", FT.TEXT, "a", {}, "no anonymisation method"),
        ("date.year", FT.NUMBER, "1", {}, "cannot be used for number fields"),
        ("number.bucket", FT.NUMBER, "1", {"colour": "red"}, "no setting called"),
        ("number.above", FT.NUMBER, "1", {}, "is required"),
        ("number.above", FT.NUMBER, "1", {"threshold": "lots"}, "must be a number"),
        ("number.above", FT.NUMBER, "1", {"threshold": "NaN"}, "finite"),
        ("number.bucket", FT.NUMBER, "1", {"width": "0"}, "more than 0"),
        ("number.round", FT.NUMBER, "1", {"digits": "1.5"}, "whole number"),
        ("number.round", FT.NUMBER, "1", {"digits": "9"}, "at most 6"),
        ("date.age_band", FT.DATE, "1990-01-01", {"width": "1"}, "at least 2"),
        ("number.noise", FT.NUMBER, "1", {"level": "extreme"}, "light, medium, strong"),
        ("number.noise", FT.NUMBER, "1", {"sensitivity": "-1"}, "more than 0"),
        ("country.is", FT.COUNTRY, "DE", {"country": "Germany"}, "two-letter"),
        ("postcode.prefix", FT.POSTCODE, "1011", {"length": "3"}, "too short"),
        ("address.region", FT.ADDRESS, "Hauptstr. 5\n10115 Berlin\nDE", {}, "no region"),
        ("address.in_country", FT.ADDRESS, "Hauptstr. 5\n10115 Berlin", {"country": "DE"}, "country code"),
        ("address.city", FT.ADDRESS, "Hauptstr. 5", {}, "city could not be found"),
    ],
)
def test_bad_settings_raise_plain_validation_errors(
    tid: str, ftype: FieldType, raw: str, params: dict[str, str], match: str
) -> None:
    with pytest.raises(ValidationError, match=match):
        apply(tid, fld(ftype, raw), params, ctx())


def test_errors_never_echo_the_value() -> None:
    secret = "Geheimweg 77"
    for tid, ftype, raw in [
        ("address.city", FT.ADDRESS, secret),
        ("number.bucket", FT.NUMBER, secret),
        ("date.year", FT.DATE, secret),
        ("email.domain", FT.EMAIL, secret),
    ]:
        with pytest.raises(ValidationError) as ei:
            apply(tid, fld(ftype, raw), {}, ctx())
        assert "Geheim" not in str(ei.value) and "77" not in str(ei.value)


def test_reprs_hide_values_and_keys() -> None:
    res = apply("email.domain", fld(FT.EMAIL, "alice@example.org"), {}, ctx())
    assert "example.org" not in repr(res)
    c = ctx()
    assert repr(KEY_A) not in repr(c) and "<set>" in repr(c)
    assert "Berlin" not in repr(parse_address("Hauptstr. 5\n10115 Berlin\nDE"))


# --- address parsing ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "city", "region", "country"),
    [
        ("Hauptstr. 5\n10115 Berlin\nDE", "Berlin", None, "DE"),
        ("Hauptstr. 5, 10115 Berlin, de", "Berlin", None, "DE"),
        ("1 Main St, Springfield, IL 62704, US", "Springfield", "IL", "US"),
        ("Flat 2, 10 Downing Street, London, SW1A 2AA, GB", "London", None, "GB"),
        ("10 Downing Street\nLondon\nSW1A 2AA", "London", None, None),
        ("Flat 2, 10 Downing Street, London, GB", "London", None, "GB"),
        ("Rue de Rivoli 1\n75001 Paris\nÎle-de-France\nFR", "Paris", "Île-de-France", "FR"),
        ("1600 Pennsylvania Ave, Washington, DC 20500, US", "Washington", "DC", "US"),
        ("Chaoyang Road 8, Chaoyang District, Beijing 100020, CN", "Beijing", None, "CN"),
        ("Damrak 1, 1012 LG Amsterdam, NL", "Amsterdam", None, "NL"),
        ("Rose Cottage, Little Village, Kent", "Little Village", "Kent", None),
        ("  Hauptstr.   5 \n\n 10115   Berlin  \n", "Berlin", None, None),
        ("Hauptstr. 5", None, None, None),
        ("Berlin, DE", None, None, "DE"),
    ],
)
def test_parse_address(text: str, city: str | None, region: str | None, country: str | None) -> None:
    a = parse_address(text)
    assert (a.city, a.region, a.country) == (city, region, country)


def test_parse_address_never_returns_the_street_or_anything_with_digits() -> None:
    # the only postcode-like part is the first (street) part; a part with a house number is never a city
    a = parse_address("12345 Long Road, 7 Other Lane")
    assert a.city is None and a.region is None
    a = parse_address("Flat 3, 22 Acacia Avenue, 9 Side Road")
    assert a.city is None


# --- noise --------------------------------------------------------------------------------------------------


def test_noise_is_reproducible_with_the_same_draws_and_differs_otherwise() -> None:
    f = fld(FT.NUMBER, "50000")
    a = apply("number.noise", f, {"sensitivity": "1000"}, ctx(seed=1))
    b = apply("number.noise", f, {"sensitivity": "1000"}, ctx(seed=1))
    c = apply("number.noise", f, {"sensitivity": "1000"}, ctx(seed=2))
    assert a == b and a.value != c.value
    assert dict(a.params) == {
        "level": "medium",
        "sensitivity": "1000",
        "mechanism": "laplace",
        "epsilon": "0.5",
        "scale": "2000.0",
    }


def test_default_context_draws_from_the_system_csprng() -> None:
    c = TransformContext(REF)
    assert type(c.rng).__name__ == "SystemRandom"
    vals = {apply("number.noise", fld(FT.NUMBER, "10"), {}, c).value for _ in range(5)}
    assert len(vals) > 1


@pytest.mark.parametrize("level", list(PRIVACY_LEVELS))
def test_noise_has_laplace_scale_sensitivity_over_epsilon(level: str) -> None:
    # Laplace(b): mean 0, E|X| = b. 4000 draws from a fixed seed: deterministic, and a wrong scale fails.
    eps = PRIVACY_LEVELS[level][0]
    sens = 100.0
    rng = random.Random(1234)
    c = TransformContext(REF, None, rng)
    f = fld(FT.NUMBER, "1000")
    draws = [
        float(str(apply("number.noise", f, {"level": level, "sensitivity": "100"}, c).value)) - 1000
        for _ in range(4000)
    ]
    b = sens / eps
    assert abs(statistics.fmean(abs(x) for x in draws) - b) < 0.08 * b
    assert abs(statistics.median(draws)) < 0.1 * b


def test_laplace_noise_inverse_cdf() -> None:
    class Fixed:
        def __init__(self, *vals: float) -> None:
            self.vals = list(vals)

        def random(self) -> float:
            return self.vals.pop(0)

    assert anonymise.laplace_noise(2.0, Fixed(0.5)) == 0.0
    # u = 0.75 -> +b*ln(2); u = 0.25 -> -b*ln(2); u = 0.0 is skipped (would be log(0))
    assert anonymise.laplace_noise(2.0, Fixed(0.75)) == pytest.approx(2 * 0.6931471805599453)
    assert anonymise.laplace_noise(2.0, Fixed(0.0, 0.25)) == pytest.approx(-2 * 0.6931471805599453)


def test_noise_is_rounded_below_its_scale() -> None:
    res = apply("number.noise", fld(FT.NUMBER, "50000"), {"sensitivity": "1000", "level": "strong"}, ctx(3))
    assert isinstance(res.value, int) and res.value % 1000 == 0  # scale 10000 -> steps of 1000
    small = apply("number.noise", fld(FT.NUMBER, "5"), {"sensitivity": "1", "level": "light"}, ctx(3))
    assert isinstance(small.value, float | int) and round(float(small.value), 1) == float(small.value)


# --- pseudonyms ---------------------------------------------------------------------------------------------


def test_pseudonym_is_stable_per_org_and_differs_between_orgs() -> None:
    f = fld(FT.EMAIL, "alice@example.org")
    a1 = apply("pseudonym", f, {}, ctx(key=KEY_A)).value
    a2 = apply("pseudonym", fld(FT.EMAIL, "  Alice@Example.ORG "), {}, ctx(key=KEY_A)).value
    b = apply("pseudonym", f, {}, ctx(key=KEY_B)).value
    assert a1 == a2 != b
    assert isinstance(a1, str) and len(a1) == 32 and set(a1) <= set("abcdefghijklmnopqrstuvwxyz234567")


def test_pseudonym_is_the_documented_hmac() -> None:
    import base64
    import hashlib
    import hmac

    msg = b"pdv-pseudonym-v1\x00phone\x00" + b"4930123456"
    expect = base64.b32encode(hmac.new(KEY_A, msg, hashlib.sha256).digest()[:20]).decode().lower()
    assert pseudonym(KEY_A, FT.PHONE, "+49 (30) 123-456") == expect


def test_pseudonym_depends_on_field_type() -> None:
    assert pseudonym(KEY_A, FT.TEXT, "12345") != pseudonym(KEY_A, FT.IDENTIFIER, "12345")


def test_pseudonym_needs_a_32_byte_key() -> None:
    with pytest.raises(ValidationError, match="32 bytes"):
        pseudonym(b"short", FT.TEXT, "x")
    with pytest.raises(ValidationError, match="no pseudonym key"):
        apply("pseudonym", fld(FT.TEXT, "x"), {}, ctx(key=None))


# --- normalisation ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ftype", "raw", "norm"),
    [
        (FT.EMAIL, " Alice@Example.ORG ", "alice@example.org"),
        (FT.PHONE, "+49 (30) 123-45", "493012345"),
        (FT.DATE, " 1990-05-17 ", "1990-05-17"),
        (FT.DATE, "19900517", "1990-05-17"),
        (FT.DATE, "17.05.1990", "17.05.1990"),  # not ISO: kept, will not match
        (FT.COUNTRY, "de", "DE"),
        (FT.POSTCODE, "sw1a  2aa", "SW1A2AA"),
        (FT.NUMBER, "1,000.50", "1000.5"),
        (FT.NUMBER, "1e3", "1000"),
        (FT.NUMBER, "-0.0", "0"),
        (FT.NUMBER, "lots", "lots"),
        (FT.BOOLEAN, "Yes", "true"),
        (FT.TEXT, "  two   words\n here ", "two words here"),
        (FT.TEXT, "Cafe\u0301", "Caf\u00e9"),
    ],
)
def test_normalise(ftype: FieldType, raw: str, norm: str) -> None:
    assert normalise(ftype, raw) == norm


def test_normalise_text_matches_the_protocol_definition() -> None:
    assert normalise_text("  A\u0301  b\tC ") == "\u00c1 b C"
    assert normalise_text("  A\u0301  b\tC ", casefold=True) == "\u00e1 b c"
