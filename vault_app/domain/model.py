"""Domain types shared by every layer: personal-data fields, their types, categories and provenance.

Categories are aligned with the W3C Data Privacy Vocabulary (DPV) personal-data taxonomy; each category
keeps the IRI of the DPV concept it stands for so that requests, grants and exports can name it in a
standard way.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import date

from vault_app.domain.errors import ValidationError

DPV_PD = "https://w3id.org/dpv/pd#"
DPV = "https://w3id.org/dpv#"


class FieldType(enum.StrEnum):
    TEXT = "text"
    DATE = "date"
    NUMBER = "number"
    EMAIL = "email"
    PHONE = "phone"
    ADDRESS = "address"
    POSTCODE = "postcode"
    COUNTRY = "country"
    IDENTIFIER = "identifier"
    BOOLEAN = "boolean"


class Category(enum.StrEnum):
    IDENTITY = "identity"  # dpv-pd:Identifying
    CONTACT = "contact"  # dpv-pd:Contact
    DEMOGRAPHIC = "demographic"  # dpv-pd:Demographic
    FINANCIAL = "financial"  # dpv-pd:Financial
    HEALTH = "health"  # dpv-pd:Health (special category)
    LOCATION = "location"  # dpv-pd:Location
    PROFESSIONAL = "professional"  # dpv-pd:Professional
    BEHAVIOURAL = "behavioural"  # dpv-pd:Behavioural
    BIOMETRIC = "biometric"  # dpv-pd:Biometric (special category)
    OTHER = "other"  # dpv:PersonalData

    @property
    def iri(self) -> str:
        return CATEGORY_IRIS[self]

    @property
    def special(self) -> bool:
        """GDPR Art. 9 special category."""
        return self in (Category.HEALTH, Category.BIOMETRIC)


CATEGORY_IRIS: dict[Category, str] = {
    Category.IDENTITY: DPV_PD + "Identifying",
    Category.CONTACT: DPV_PD + "Contact",
    Category.DEMOGRAPHIC: DPV_PD + "Demographic",
    Category.FINANCIAL: DPV_PD + "Financial",
    Category.HEALTH: DPV_PD + "Health",
    Category.LOCATION: DPV_PD + "Location",
    Category.PROFESSIONAL: DPV_PD + "Professional",
    Category.BEHAVIOURAL: DPV_PD + "Behavioural",
    Category.BIOMETRIC: DPV_PD + "Biometric",
    Category.OTHER: DPV + "PersonalData",
}


class ProvenanceKind(enum.StrEnum):
    PROVIDED = "provided"  # entered by the subject
    VERIFIED = "verified"  # confirmed by an organisation
    DERIVED = "derived"  # concluded by an organisation from named sources


@dataclass(frozen=True)
class Provenance:
    kind: ProvenanceKind = ProvenanceKind.PROVIDED
    #: organisation DID for verified/derived
    by: str | None = None
    #: for derived data: the source field names / grant ids it was computed from
    sources: tuple[str, ...] = ()
    #: for derived data: the method the organisation declared
    method: str | None = None

    def to_json(self) -> dict[str, object]:
        d: dict[str, object] = {"kind": self.kind.value}
        if self.by:
            d["by"] = self.by
        if self.sources:
            d["sources"] = list(self.sources)
        if self.method:
            d["method"] = self.method
        return d

    @classmethod
    def from_json(cls, d: dict[str, object]) -> Provenance:
        src = d.get("sources") or ()
        return cls(
            kind=ProvenanceKind(str(d.get("kind", "provided"))),
            by=str(d["by"]) if d.get("by") else None,
            sources=tuple(str(s) for s in src) if isinstance(src, (list, tuple)) else (),
            method=str(d["method"]) if d.get("method") else None,
        )

    def describe(self) -> str:
        if self.kind is ProvenanceKind.PROVIDED:
            return "provided by you"
        if self.kind is ProvenanceKind.VERIFIED:
            return f"verified by {self.by or 'an organisation'}"
        src = ", ".join(self.sources) or "unnamed sources"
        return f"derived by {self.by or 'an organisation'} from {src}"


@dataclass(frozen=True)
class Field:
    """One item of personal data. ``value`` is the only personal part; everything else is metadata."""

    name: str
    type: FieldType
    category: Category
    value: str
    provenance: Provenance = field(default_factory=Provenance)
    id: int | None = None
    created: float = 0.0
    updated: float = 0.0

    def __repr__(self) -> str:  # never let a value reach a log or traceback through repr()
        return (
            f"Field(name={self.name!r}, type={self.type.value}, category={self.category.value}, "
            "value=<hidden>)"
        )


# Field names are identifiers organisations ask for: keep them short, printable and free of control or
# bidirectional characters (which could make a request display something other than what it asks for).
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")
_EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{2,63}$")
_PHONE_RE = re.compile(r"^\+?[0-9 ()\-.]{4,32}$")
_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
MAX_VALUE_LEN = 4096


def validate_field_name(name: str) -> str:
    if not _NAME_RE.match(name or ""):
        raise ValidationError(
            "A field name must start with a letter or digit and use only letters, digits, '.', '_' or '-' "
            "(at most 64 characters).",
            field="name",
        )
    return name


def validate_value(ftype: FieldType, value: str) -> str:
    """Check and normalise a value for its type. Messages never echo the value itself."""
    if not isinstance(value, str):
        raise ValidationError("The value must be text.", field="value")
    v = value.strip()
    if not v:
        raise ValidationError("The value is empty.", field="value")
    if len(v) > MAX_VALUE_LEN:
        raise ValidationError(f"The value is longer than {MAX_VALUE_LEN} characters.", field="value")
    if any(
        (ord(c) < 32 and c not in "\n\t") or 0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069
        for c in v
    ):
        raise ValidationError(
            "The value contains control or bidirectional-override characters.", field="value"
        )
    if ftype is FieldType.DATE:
        try:
            v = date.fromisoformat(v).isoformat()
        except ValueError:
            raise ValidationError("A date must be written as YYYY-MM-DD.", field="value") from None
    elif ftype is FieldType.NUMBER:
        try:
            num = float(v.replace(",", ""))
        except ValueError:
            raise ValidationError("This is not a number.", field="value") from None
        if num != num or num in (float("inf"), float("-inf")):
            raise ValidationError("This is not a finite number.", field="value")
        v = v.replace(",", "")
    elif ftype is FieldType.EMAIL:
        if not _EMAIL_RE.match(v):
            raise ValidationError("This is not an e-mail address (name@example.org).", field="value")
    elif ftype is FieldType.PHONE:
        if not _PHONE_RE.match(v) or sum(c.isdigit() for c in v) < 4:
            raise ValidationError("A phone number may contain digits, spaces, +, -, ( and ).", field="value")
    elif ftype is FieldType.COUNTRY:
        v = v.upper()
        if not _COUNTRY_RE.match(v):
            raise ValidationError("A country is a two-letter ISO 3166 code, such as DE or CN.", field="value")
    elif ftype is FieldType.BOOLEAN:
        low = v.lower()
        if low not in ("true", "false", "yes", "no"):
            raise ValidationError("Use yes or no.", field="value")
        v = "true" if low in ("true", "yes") else "false"
    return v


# --- consent vocabulary shared by protocol (wire format) and policy (decisions) -----------------------------


class ComplianceStatus(enum.StrEnum):
    COMPLIANT = "compliant"
    NON_COMPLIANT = "non-compliant"
    SUSPENDED = "suspended"
    UNKNOWN = "unknown"


class Processing(enum.StrEnum):
    """Processing beyond plain use that an organisation may ask to perform (DPV processing terms)."""

    ANALYSE = "analyse"
    DERIVE = "derive"
    INFER = "infer"
    PROFILE = "profile"


@dataclass(frozen=True)
class RequestedField:
    """A field an organisation asks for, by name and category (never by value)."""

    name: str
    category: Category
    reason: str | None = None


@dataclass(frozen=True)
class Scope:
    """What an organisation may do with released data. Defaults grant nothing beyond plain use."""

    #: W3C DPV purpose IRIs, e.g. https://w3id.org/dpv#ServiceProvision
    purposes: tuple[str, ...]
    #: the purpose in the organisation's plain words
    purpose_text: str
    #: how long the organisation may keep and use the data, in seconds
    retention_seconds: int
    #: organisations (DIDs) the data may be passed on to
    onward_recipients: tuple[str, ...] = ()
    #: processing allowed beyond plain use
    derivation: tuple[Processing, ...] = ()


class ReleaseMode(enum.StrEnum):
    EXACT = "exact"
    ANONYMISED = "anonymised"
    WITHHOLD = "withhold"


@dataclass(frozen=True)
class FieldDecision:
    """The subject's decision for one requested field."""

    name: str
    mode: ReleaseMode
    #: transform id for ANONYMISED (see vault_app.policy.anonymise), e.g. "date.year"
    transform: str | None = None
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ReleasedField:
    """One field as it leaves the vault inside a grant."""

    name: str
    category: Category
    #: the exact value, or its anonymised form (a string, number or boolean)
    value: str | int | float | bool | None
    form: ReleaseMode  # EXACT or ANONYMISED
    #: for anonymised fields: transform id and its parameters, so the organisation knows what it received
    method: str | None = None
    params: tuple[tuple[str, str], ...] = ()

    def __repr__(self) -> str:
        return (
            f"ReleasedField(name={self.name!r}, form={self.form.value}, method={self.method!r}, "
            "value=<hidden>)"
        )
