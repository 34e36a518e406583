"""Answering an organisation's "is our data about you correct?" per field, never revealing stored values.

An organisation sends, per field, either the value it holds or a salted hash of it. The vault answers each
with ``match``, ``mismatch``, ``unknown`` (the vault holds no such field) or ``declined`` (the subject
chose not to answer that field; declining wins over ``unknown`` so a decline does not reveal whether the
field exists). A verdict holds only the field name, the outcome and a plain sentence: never the stored
value, whatever the outcome. A correction is not part of the answer; the subject may send one separately as
a normal grant.

Comparisons are constant-time: both sides are reduced to SHA-256 digests of equal length and compared with
:func:`hmac.compare_digest` (comparing raw strings of different lengths would leak the length).

Salted hash definition (shared with the protocol): ``base64url_nopad(SHA-256(salt || UTF-8(norm(value))))``
with ``norm`` one of :class:`~vault_app.policy.normalise.HashNorm`: ``nfc-ws`` (:func:`normalise_text`),
``nfc-ws-casefold`` (same, case-folded) or ``by-type`` (:func:`normalise` by the vault field's type). Salts
are 16 to 64 bytes. A value sent in clear is compared after :func:`normalise` by the vault field's type
(trimmed, e-mail case-folded, phone digits only, ISO dates, ...).

Public API: ``VerificationOutcome``, ``Claim`` (``.clear(...)``, ``.hashed(...)``), ``FieldVerdict``,
``salted_hash(value, salt, *, norm=HashNorm.NFC_WS, field_type=None) -> str``, ``verify(claims,
vault_fields, *, declined=()) -> list[FieldVerdict]``.
"""

from __future__ import annotations

import base64
import binascii
import enum
import hashlib
import hmac
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from vault_app.domain.errors import ValidationError
from vault_app.domain.model import Field, FieldType, validate_field_name
from vault_app.policy.normalise import HashNorm, normalise, normalise_text

__all__ = [
    "Claim",
    "FieldVerdict",
    "VerificationOutcome",
    "salted_hash",
    "verify",
]

SALT_MIN_BYTES = 16
SALT_MAX_BYTES = 64


class VerificationOutcome(enum.StrEnum):
    MATCH = "match"
    MISMATCH = "mismatch"
    UNKNOWN = "unknown"
    DECLINED = "declined"


def _b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64d_digest(text: str) -> bytes:
    """Strict: unpadded base64url of exactly 32 bytes, in canonical form."""
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise ValidationError("The hash is not valid base64url.", field="hash") from None
    if len(raw) != 32 or _b64e(raw) != text:
        raise ValidationError("The hash must be an unpadded base64url SHA-256 digest.", field="hash")
    return raw


def _norm(value: str, norm: HashNorm, field_type: FieldType | None) -> str:
    if norm is HashNorm.NFC_WS:
        return normalise_text(value)
    if norm is HashNorm.NFC_WS_CASEFOLD:
        return normalise_text(value, casefold=True)
    if field_type is None:
        raise ValidationError("A by-type hash needs the field type.", field="hash")
    return normalise(field_type, value)


def _digest(salt: bytes, value: str, norm: HashNorm, field_type: FieldType | None) -> bytes:
    return hashlib.sha256(salt + _norm(value, norm, field_type).encode("utf-8")).digest()


def salted_hash(
    value: str, salt: bytes, *, norm: HashNorm = HashNorm.NFC_WS, field_type: FieldType | None = None
) -> str:
    """base64url_nopad(SHA-256(salt || UTF-8(norm(value)))): what an organisation sends instead of a value."""
    if not SALT_MIN_BYTES <= len(salt) <= SALT_MAX_BYTES:
        raise ValidationError(f"A salt must be {SALT_MIN_BYTES} to {SALT_MAX_BYTES} bytes.", field="salt")
    return _b64e(_digest(salt, value, norm, field_type))


@dataclass(frozen=True)
class Claim:
    """One value an organisation holds about the subject: in clear, or as a salted hash. repr() hides it."""

    name: str
    value: str | None = None
    salt: bytes | None = None
    digest: str | None = None
    norm: HashNorm = HashNorm.NFC_WS

    def __post_init__(self) -> None:
        validate_field_name(self.name)
        clear = self.value is not None
        hashed = self.salt is not None or self.digest is not None
        if clear == hashed:
            raise ValidationError(
                f"The check for {self.name} must carry either a value or a salted hash.", field=self.name
            )
        if hashed:
            if self.salt is None or self.digest is None:
                raise ValidationError(
                    f"The hash for {self.name} needs both a salt and a digest.", field=self.name
                )
            if not SALT_MIN_BYTES <= len(self.salt) <= SALT_MAX_BYTES:
                raise ValidationError(
                    f"The salt for {self.name} must be {SALT_MIN_BYTES} to {SALT_MAX_BYTES} bytes.",
                    field=self.name,
                )
            _b64d_digest(self.digest)

    @classmethod
    def clear(cls, name: str, value: str) -> Claim:
        return cls(name, value=value)

    @classmethod
    def hashed(cls, name: str, salt: bytes, digest: str, norm: HashNorm | str = HashNorm.NFC_WS) -> Claim:
        try:
            n = HashNorm(norm)
        except ValueError:
            raise ValidationError(f"Unknown normalisation for the hash of {name}.", field=name) from None
        return cls(name, salt=salt, digest=digest, norm=n)

    def __repr__(self) -> str:
        kind = "hashed" if self.digest is not None else "clear"
        return f"Claim(name={self.name!r}, {kind}, value=<hidden>)"


@dataclass(frozen=True)
class FieldVerdict:
    """The answer for one field: name, outcome and plain words. Never a value."""

    name: str
    outcome: VerificationOutcome
    message: str


def _matches(claim: Claim, field: Field) -> bool:
    if claim.value is not None:
        ours = hashlib.sha256(normalise(field.type, field.value).encode("utf-8")).digest()
        theirs = hashlib.sha256(normalise(field.type, claim.value).encode("utf-8")).digest()
        return hmac.compare_digest(ours, theirs)
    assert claim.salt is not None and claim.digest is not None  # checked in Claim.__post_init__
    expected = _digest(claim.salt, field.value, claim.norm, field.type)
    return hmac.compare_digest(expected, _b64d_digest(claim.digest))


def verify(
    claims: Iterable[Claim], vault_fields: Mapping[str, Field], *, declined: Collection[str] = ()
) -> list[FieldVerdict]:
    """One verdict per claim, in the order asked. ``declined``: fields the subject chose not to answer."""
    out: list[FieldVerdict] = []
    seen: set[str] = set()
    for c in claims:
        if c.name in seen:
            raise ValidationError(f"Field {c.name} is asked about twice.", field=c.name)
        seen.add(c.name)
        if c.name in declined:
            out.append(
                FieldVerdict(c.name, VerificationOutcome.DECLINED, f"You chose not to answer for {c.name}.")
            )
            continue
        f = vault_fields.get(c.name)
        if f is None:
            out.append(
                FieldVerdict(c.name, VerificationOutcome.UNKNOWN, f"The vault holds no field {c.name}.")
            )
        elif _matches(c, f):
            out.append(
                FieldVerdict(c.name, VerificationOutcome.MATCH, f"The organisation's {c.name} is correct.")
            )
        else:
            out.append(
                FieldVerdict(
                    c.name,
                    VerificationOutcome.MISMATCH,
                    f"The organisation's {c.name} does not match yours. Your value is not disclosed; "
                    "you may send a correction as a separate grant.",
                )
            )
    return out
