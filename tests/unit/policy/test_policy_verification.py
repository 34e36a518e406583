"""Verification answers (match/mismatch/unknown/declined) by value or salted hash, never revealing values."""

from __future__ import annotations

import base64
import hashlib
import os
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vault_app.domain.errors import ValidationError
from vault_app.domain.model import Category, Field, FieldType
from vault_app.policy.normalise import HashNorm
from vault_app.policy.verification import Claim, VerificationOutcome, salted_hash, verify

N = 1000 if os.environ.get("PDV_FULL") == "1" else 80
SALT = bytes(range(16))
V = VerificationOutcome

VAULT = {
    f.name: f
    for f in (
        Field("email", FieldType.EMAIL, Category.CONTACT, "Alice@Example.org"),
        Field("phone", FieldType.PHONE, Category.CONTACT, "+49 30 1234567"),
        Field("birth_date", FieldType.DATE, Category.DEMOGRAPHIC, "1990-05-17"),
        Field("name", FieldType.TEXT, Category.IDENTITY, "Alice  Smith"),
        Field("income", FieldType.NUMBER, Category.FINANCIAL, "43210.50"),
    )
}


def outcomes(claims: list[Claim], declined: tuple[str, ...] = ()) -> list[tuple[str, VerificationOutcome]]:
    return [(v.name, v.outcome) for v in verify(claims, VAULT, declined=declined)]


def test_clear_values_match_after_type_normalisation() -> None:
    assert outcomes(
        [
            Claim.clear("email", " alice@EXAMPLE.org"),
            Claim.clear("phone", "+49 (30) 123-4567"),
            Claim.clear("birth_date", "19900517"),
            Claim.clear("name", "Alice Smith "),
            Claim.clear("income", "43,210.5"),
        ]
    ) == [
        ("email", V.MATCH),
        ("phone", V.MATCH),
        ("birth_date", V.MATCH),
        ("name", V.MATCH),
        ("income", V.MATCH),
    ]


def test_clear_value_mismatch_unknown_declined() -> None:
    assert outcomes(
        [
            Claim.clear("email", "bob@example.org"),
            Claim.clear("shoe_size", "42"),
            Claim.clear("phone", "+49 30 1234567"),
        ],
        declined=("phone",),
    ) == [("email", V.MISMATCH), ("shoe_size", V.UNKNOWN), ("phone", V.DECLINED)]


def test_declining_a_field_the_vault_does_not_hold_says_declined() -> None:
    assert outcomes([Claim.clear("shoe_size", "42")], declined=("shoe_size",)) == [("shoe_size", V.DECLINED)]


def test_hash_definition() -> None:
    expect = base64.urlsafe_b64encode(hashlib.sha256(SALT + b"Alice Smith").digest()).rstrip(b"=").decode()
    assert salted_hash("  Alice   Smith ", SALT) == expect
    cf = base64.urlsafe_b64encode(hashlib.sha256(SALT + b"alice@example.org").digest()).rstrip(b"=").decode()
    assert salted_hash("Alice@Example.org", SALT, norm=HashNorm.NFC_WS_CASEFOLD) == cf
    by_type = base64.urlsafe_b64encode(hashlib.sha256(SALT + b"493012345").digest()).rstrip(b"=").decode()
    assert salted_hash("+49 (30) 12345", SALT, norm=HashNorm.BY_TYPE, field_type=FieldType.PHONE) == by_type


def test_hash_agrees_with_the_protocol_helper() -> None:
    messages = pytest.importorskip("vault_app.protocol.messages")
    for value in ["Alice  Smith", " Caf\u0065\u0301 ", "alice@EXAMPLE.org"]:
        assert salted_hash(value, SALT) == messages.salted_hash(value, SALT)
        assert salted_hash(value, SALT, norm=HashNorm.NFC_WS_CASEFOLD) == messages.salted_hash(
            value, SALT, casefold=True
        )


def test_hashed_claims() -> None:
    claims = [
        Claim.hashed("name", SALT, salted_hash("Alice Smith", SALT)),
        Claim.hashed(
            "email",
            SALT,
            salted_hash("alice@example.org", SALT, norm=HashNorm.NFC_WS_CASEFOLD),
            "nfc-ws-casefold",
        ),
        Claim.hashed(
            "phone",
            SALT,
            salted_hash("0049-30-1234567", SALT, norm=HashNorm.BY_TYPE, field_type=FieldType.PHONE),
            "by-type",
        ),
        Claim.hashed("birth_date", SALT, salted_hash("1990-05-18", SALT)),
        Claim.hashed("income", bytes(32), salted_hash("43210.50", SALT)),  # right value, wrong salt
    ]
    assert outcomes(claims) == [
        ("name", V.MATCH),
        ("email", V.MATCH),
        ("phone", V.MISMATCH),  # 0049... has different digits from +49...
        ("birth_date", V.MISMATCH),
        ("income", V.MISMATCH),
    ]
    ok_phone = Claim.hashed(
        "phone",
        SALT,
        salted_hash("+49 30 123 4567", SALT, norm=HashNorm.BY_TYPE, field_type=FieldType.PHONE),
        "by-type",
    )
    assert outcomes([ok_phone]) == [("phone", V.MATCH)]


@pytest.mark.parametrize(
    "make",
    [
        lambda: Claim("email"),
        lambda: Claim("email", value="x", salt=SALT, digest=salted_hash("x", SALT)),
        lambda: Claim("email", salt=SALT),
        lambda: Claim.hashed("email", b"short", salted_hash("x", SALT)),
        lambda: Claim.hashed("email", SALT, "not base64!"),
        lambda: Claim.hashed("email", SALT, salted_hash("x", SALT) + "="),
        lambda: Claim.hashed("email", SALT, "AAAA"),
        lambda: Claim.hashed("email", SALT, salted_hash("x", SALT), "lowercase-only"),
        lambda: Claim.clear("bad name!", "x"),
    ],
)
def test_malformed_claims_raise(make: object) -> None:
    with pytest.raises(ValidationError):
        make()  # type: ignore[operator]


def test_duplicate_claims_raise() -> None:
    with pytest.raises(ValidationError):
        verify([Claim.clear("email", "a"), Claim.clear("email", "b")], VAULT)


def test_salt_length_bounds() -> None:
    with pytest.raises(ValidationError):
        salted_hash("x", bytes(15))
    with pytest.raises(ValidationError):
        salted_hash("x", bytes(65))
    salted_hash("x", bytes(64))


def test_reprs_hide_claimed_values() -> None:
    assert "bob" not in repr(Claim.clear("email", "bob@example.org"))


@settings(max_examples=N)
@given(
    st.text(string.ascii_letters + string.digits + " .-@", min_size=1, max_size=40),
    st.text(string.ascii_letters + string.digits + " .-@", min_size=1, max_size=40),
    st.booleans(),
)
def test_property_a_verdict_never_contains_the_stored_value(stored: str, claimed: str, hashed: bool) -> None:
    stored = "S3cr3t-" + stored  # a distinctive value that must never appear in an answer
    vault = {"note": Field("note", FieldType.TEXT, Category.OTHER, stored)}
    claim = Claim.hashed("note", SALT, salted_hash(claimed, SALT)) if hashed else Claim.clear("note", claimed)
    (v,) = verify([claim], vault)
    assert v.outcome in (V.MATCH, V.MISMATCH)
    assert (v.outcome is V.MATCH) == (" ".join(stored.split()) == " ".join(claimed.split()))
    text = repr(v) + v.message + str(v.outcome)
    assert stored.strip() not in text and "S3cr3t" not in text
