"""Typed message bodies for every message kind, and their exact JSON claim shape (version 1).

A body holds only what is specific to its kind; the standard JWT claims (iss, sub, aud, iat, nbf, exp, jti) and
``pdv_ver`` are handled once in :mod:`vault_app.protocol.codec`. ``to_claims`` produces the wire JSON and
``from_claims`` checks it strictly (:mod:`vault_app.protocol.schema`): unknown members are refused, so a new
member needs a new ``pdv_ver``.

Reprs never show a personal value (released values, values to verify, concluded values).
"""

from __future__ import annotations

import enum
import functools
import hashlib
import hmac
import os
import unicodedata
from dataclasses import dataclass, field
from typing import Any, ClassVar

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from vault_app.domain.errors import ProtocolError
from vault_app.domain.model import (
    Category,
    ComplianceStatus,
    Processing,
    ReleasedField,
    ReleaseMode,
    RequestedField,
    Scope,
)
from vault_app.protocol import schema as s
from vault_app.protocol.did import is_did_key
from vault_app.protocol.errors import Reason, fail
from vault_app.protocol.jose import b64d, b64e
from vault_app.protocol.jwk import x25519_public_from_jwk, x25519_public_jwk


class Kind(enum.StrEnum):
    REQUEST = "request"
    VERIFICATION_REQUEST = "verification-request"
    DERIVED_REQUEST = "derived-request"
    GRANT = "grant"
    VERIFICATION_RESPONSE = "verification-response"
    REFUSAL = "refusal"
    REVOCATION = "revocation"
    RECEIPT = "receipt"
    ERASURE_REQUEST = "erasure-request"
    DELETION_CONFIRMATION = "deletion-confirmation"
    TRUST_LIST = "trust-list"
    STATUS_LIST = "status-list"

    @property
    def typ(self) -> str:
        """The JWS ``typ`` header of this kind (RFC 8725 explicit typing)."""
        return "statuslist+jwt" if self is Kind.STATUS_LIST else f"pdv-{self.value}+jwt"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Kind.REQUEST: "authorisation request",
    Kind.VERIFICATION_REQUEST: "verification request",
    Kind.DERIVED_REQUEST: "derived-data request",
    Kind.GRANT: "grant",
    Kind.VERIFICATION_RESPONSE: "verification response",
    Kind.REFUSAL: "refusal",
    Kind.REVOCATION: "revocation notice",
    Kind.RECEIPT: "usage receipt",
    Kind.ERASURE_REQUEST: "erasure request",
    Kind.DELETION_CONFIRMATION: "deletion confirmation",
    Kind.TRUST_LIST: "trust list",
    Kind.STATUS_LIST: "status list",
}
KIND_BY_TYP = {k.typ: k for k in Kind}

# List caps: generous for real use, small enough that a hostile message cannot make us do much work.
MAX_FIELDS = 64
MAX_PURPOSES = 16
MAX_RECIPIENTS = 16
MAX_SOURCES = 16
MAX_RECEIPT_ENTRIES = 256
MAX_TRUST_ENTRIES = 2000
MAX_GRANT_IDS = 64
#: 100 years; nothing in this protocol needs a longer time span
MAX_SECONDS = 100 * 366 * 86400


def _did(value: Any, where: str) -> str:
    if not is_did_key(value):
        fail(Reason.INVALID_CLAIM, f"The claim '{where}' is not an Ed25519 did:key.")
    return str(value)


def _category(value: Any, where: str) -> Category:
    return s.choice(value, Category, where)


def _names(values: list[Any], where: str) -> tuple[str, ...]:
    out = tuple(s.field_name(v, f"{where}[{i}]") for i, v in enumerate(values))
    s.unique(out, where)
    return out


def _purposes(claims: dict[str, Any]) -> tuple[tuple[str, ...], str]:
    p = s.obj(s.get(claims, "purpose"), "purpose", frozenset({"iris", "text"}))
    return _iris(p["iris"], "purpose.iris"), s.text(p["text"], "purpose.text", multiline=True)


def _purpose_json(purposes: tuple[str, ...], text: str) -> dict[str, Any]:
    return {"iris": list(purposes), "text": text}


def _processing(value: Any, where: str) -> tuple[Processing, ...]:
    out = tuple(s.choice(v, Processing, f"{where}[{i}]") for i, v in enumerate(s.array(value, where, max_items=len(Processing))))
    s.unique(out, where)
    return out


# --- shared parts ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrgInfo:
    """How an organisation presents itself in a request: display name, encryption key for the answer, web site."""

    name: str
    enc_key: X25519PublicKey
    url: str | None = None

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"name": self.name, "enc": x25519_public_jwk(self.enc_key)}
        if self.url is not None:
            d["url"] = self.url
        return d

    @classmethod
    def from_json(cls, value: Any) -> OrgInfo:
        o = s.obj(value, "org", frozenset({"name", "enc"}), frozenset({"url"}))
        return cls(
            name=s.text(o["name"], "org.name", max_len=s.MAX_NAME),
            enc_key=x25519_public_from_jwk(s.obj(o["enc"], "org.enc", frozenset({"kty", "crv", "x"}))),
            url=s.iri(o["url"], "org.url") if "url" in o else None,
        )


@dataclass(frozen=True)
class OnwardRecipient:
    """An organisation a request asks to pass the data on to."""

    did: str
    name: str

    def to_json(self) -> dict[str, Any]:
        return {"did": self.did, "name": self.name}

    @classmethod
    def from_json(cls, value: Any, where: str) -> OnwardRecipient:
        o = s.obj(value, where, frozenset({"did", "name"}))
        return cls(_did(o["did"], f"{where}.did"), s.text(o["name"], f"{where}.name", max_len=s.MAX_NAME))


def _recipients(value: Any) -> tuple[OnwardRecipient, ...]:
    out = tuple(OnwardRecipient.from_json(v, f"onward[{i}]") for i, v in enumerate(s.array(value, "onward", max_items=MAX_RECIPIENTS)))
    s.unique([r.did for r in out], "onward")
    return out


def _requested_fields(value: Any) -> tuple[RequestedField, ...]:
    out = []
    for i, v in enumerate(s.array(value, "fields", max_items=MAX_FIELDS, min_items=1)):
        w = f"fields[{i}]"
        o = s.obj(v, w, frozenset({"name", "category"}), frozenset({"reason"}))
        out.append(
            RequestedField(
                name=s.field_name(o["name"], f"{w}.name"),
                category=_category(o["category"], f"{w}.category"),
                reason=s.opt_text(o.get("reason"), f"{w}.reason", multiline=True),
            )
        )
    s.unique([f.name for f in out], "fields")
    return tuple(out)


def _requested_fields_json(fields: tuple[RequestedField, ...]) -> list[dict[str, Any]]:
    out = []
    for f in fields:
        d: dict[str, Any] = {"name": f.name, "category": f.category.value}
        if f.reason is not None:
            d["reason"] = f.reason
        out.append(d)
    return out


_STATUS_KEYS = frozenset({"idx", "uri"})


@dataclass(frozen=True)
class StatusRef:
    """Where a grant's revocation bit lives (Token Status List ``status`` claim)."""

    idx: int
    uri: str

    def to_json(self) -> dict[str, Any]:
        return {"status_list": {"idx": self.idx, "uri": self.uri}}

    @classmethod
    def from_json(cls, value: Any) -> StatusRef:
        sl = value.get("status_list") if type(value) is dict and len(value) == 1 else None
        if type(sl) is not dict or sl.keys() != _STATUS_KEYS:
            o = s.obj(value, "status", frozenset({"status_list"}))
            sl = s.obj(o["status_list"], "status.status_list", _STATUS_KEYS)
        idx, uri = sl["idx"], sl["uri"]
        if type(idx) is not int or not 0 <= idx < 2**31:
            s.integer(idx, "status.status_list.idx", 0, 2**31 - 1)
        if type(uri) is not str or s.STATUS_URI_RE.fullmatch(uri) is None:
            s.match(uri, s.STATUS_URI_RE, "status.status_list.uri", "an https or urn URI")
        return cls(idx, uri)


# --- requests from organisations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuthorisationRequest:
    """An organisation asks for fields, for a purpose, for a time, possibly with onward transfer or derivation.

    ``refines`` names a grant (its jti) this request would replace: a re-authorisation asking for more scope.
    """

    kind: ClassVar[Kind] = Kind.REQUEST

    org: OrgInfo
    fields: tuple[RequestedField, ...]
    purposes: tuple[str, ...]
    purpose_text: str
    retention_seconds: int
    onward: tuple[OnwardRecipient, ...] = ()
    processing: tuple[Processing, ...] = ()
    refines: str | None = None
    #: the organisation's gateway (https base URL): the subject then publishes the status list for this
    #: relationship at ``<gateway>/status/<list id>``
    gateway: str | None = None

    @functools.cached_property
    def requested(self) -> dict[str, Category]:
        """Requested field names and their categories (for checking answers against the request)."""
        return {f.name: f.category for f in self.fields}

    @functools.cached_property
    def scope(self) -> Scope:
        """The scope asked for, in the shape the consent engine and grants use."""
        return Scope(
            purposes=self.purposes,
            purpose_text=self.purpose_text,
            retention_seconds=self.retention_seconds,
            onward_recipients=tuple(r.did for r in self.onward),
            derivation=self.processing,
        )

    def to_claims(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "org": self.org.to_json(),
            "fields": _requested_fields_json(self.fields),
            "purpose": _purpose_json(self.purposes, self.purpose_text),
            "retention": self.retention_seconds,
        }
        if self.onward:
            d["onward"] = [r.to_json() for r in self.onward]
        if self.processing:
            d["processing"] = [p.value for p in self.processing]
        if self.refines is not None:
            d["refines"] = self.refines
        if self.gateway is not None:
            d["gateway"] = self.gateway
        return d

    CLAIMS: ClassVar[frozenset[str]] = frozenset({"org", "fields", "purpose", "retention"})
    OPTIONAL: ClassVar[frozenset[str]] = frozenset({"onward", "processing", "refines", "gateway"})

    @classmethod
    def from_claims(cls, c: dict[str, Any]) -> AuthorisationRequest:
        purposes, text = _purposes(c)
        return cls(
            org=OrgInfo.from_json(c["org"]),
            fields=_requested_fields(c["fields"]),
            purposes=purposes,
            purpose_text=text,
            retention_seconds=s.integer(c["retention"], "retention", 1, MAX_SECONDS),
            onward=_recipients(c["onward"]) if "onward" in c else (),
            processing=_processing(c["processing"], "processing") if "processing" in c else (),
            refines=s.jti(c["refines"], "refines") if "refines" in c else None,
            gateway=s.gateway_url(c["gateway"], "gateway") if "gateway" in c else None,
        )


HASH_ALG = "sha-256"
SALT_MIN_BYTES = 16
SALT_MAX_BYTES = 64


def normalise_for_hash(value: str, *, casefold: bool = False) -> str:
    """The normalisation both sides apply before salted hashing: Unicode NFC, surrounding whitespace removed,
    inner runs of whitespace collapsed to one space; optionally case-folded (for e-mail addresses and similar)."""
    v = " ".join(unicodedata.normalize("NFC", value).split())
    return v.casefold() if casefold else v


def salted_hash(value: str, salt: bytes, *, casefold: bool = False) -> str:
    """base64url(SHA-256(salt || UTF-8(normalise_for_hash(value))))."""
    return b64e(hashlib.sha256(salt + normalise_for_hash(value, casefold=casefold).encode("utf-8")).digest())


@dataclass(frozen=True)
class SaltedHash:
    """A value to verify, sent as a salted SHA-256 instead of in clear (see :func:`salted_hash`)."""

    salt: str  # base64url, 16..64 bytes
    digest: str  # base64url SHA-256
    casefold: bool = False

    @classmethod
    def of(cls, value: str, *, casefold: bool = False, salt: bytes | None = None) -> SaltedHash:
        salt = salt if salt is not None else os.urandom(SALT_MIN_BYTES)
        return cls(b64e(salt), salted_hash(value, salt, casefold=casefold), casefold)

    def matches(self, value: str) -> bool:
        candidate = salted_hash(value, b64d(self.salt, "salt"), casefold=self.casefold)
        return hmac.compare_digest(candidate, self.digest)

    def to_json(self) -> dict[str, Any]:
        return {"alg": HASH_ALG, "norm": "nfc-ws-casefold" if self.casefold else "nfc-ws", "salt": self.salt, "digest": self.digest}

    @classmethod
    def from_json(cls, value: Any, where: str) -> SaltedHash:
        o = s.obj(value, where, frozenset({"alg", "norm", "salt", "digest"}))
        if o["alg"] != HASH_ALG:
            fail(Reason.INVALID_CLAIM, f"The claim '{where}.alg' must be '{HASH_ALG}'.")
        if o["norm"] not in ("nfc-ws", "nfc-ws-casefold"):
            fail(Reason.INVALID_CLAIM, f"The claim '{where}.norm' must be 'nfc-ws' or 'nfc-ws-casefold'.")
        salt = s.match(o["salt"], s.JTI_RE, f"{where}.salt", "base64url")
        try:
            raw = b64d(salt, "salt")
        except ProtocolError:
            fail(Reason.INVALID_CLAIM, f"The claim '{where}.salt' is not base64url.")
        if not SALT_MIN_BYTES <= len(raw) <= SALT_MAX_BYTES:
            fail(Reason.INVALID_CLAIM, f"The claim '{where}.salt' must be {SALT_MIN_BYTES} to {SALT_MAX_BYTES} bytes.")
        return cls(salt, s.sha256_b64(o["digest"], f"{where}.digest"), o["norm"] == "nfc-ws-casefold")


@dataclass(frozen=True)
class VerificationCheck:
    """One value an organisation holds and asks the subject to confirm: in clear (``value``) or hashed."""

    name: str
    category: Category
    value: str | None = field(default=None, repr=False)
    hashed: SaltedHash | None = None

    def __post_init__(self) -> None:
        if (self.value is None) == (self.hashed is None):
            raise ValueError("a verification check carries either a value or a salted hash")

    def matches(self, held: str, *, casefold: bool = False) -> bool:
        """Compare with the subject's value (normalised like the hash; constant-time)."""
        if self.hashed is not None:
            return self.hashed.matches(held)
        assert self.value is not None
        a = normalise_for_hash(self.value, casefold=casefold).encode("utf-8")
        b = normalise_for_hash(held, casefold=casefold).encode("utf-8")
        return hmac.compare_digest(a, b)

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"name": self.name, "category": self.category.value}
        if self.hashed is not None:
            d["hash"] = self.hashed.to_json()
        else:
            d["value"] = self.value
        return d

    @classmethod
    def from_json(cls, value: Any, where: str) -> VerificationCheck:
        o = s.obj(value, where, frozenset({"name", "category"}), frozenset({"value", "hash"}))
        if ("value" in o) == ("hash" in o):
            fail(Reason.INVALID_CLAIM, f"The claim '{where}' must carry exactly one of 'value' and 'hash'.")
        name = s.field_name(o["name"], f"{where}.name")
        cat = _category(o["category"], f"{where}.category")
        if "value" in o:
            return cls(name, cat, value=s.text(o["value"], f"{where}.value", max_len=4096, multiline=True))
        return cls(name, cat, hashed=SaltedHash.from_json(o["hash"], f"{where}.hash"))


@dataclass(frozen=True)
class VerificationRequest:
    """An organisation asks the subject to confirm values it already holds (answers: match, mismatch, ...)."""

    kind: ClassVar[Kind] = Kind.VERIFICATION_REQUEST

    org: OrgInfo
    checks: tuple[VerificationCheck, ...]
    purposes: tuple[str, ...]
    purpose_text: str

    CLAIMS: ClassVar[frozenset[str]] = frozenset({"org", "checks", "purpose"})
    OPTIONAL: ClassVar[frozenset[str]] = frozenset()

    def to_claims(self) -> dict[str, Any]:
        return {
            "org": self.org.to_json(),
            "checks": [c.to_json() for c in self.checks],
            "purpose": _purpose_json(self.purposes, self.purpose_text),
        }

    @classmethod
    def from_claims(cls, c: dict[str, Any]) -> VerificationRequest:
        checks = tuple(
            VerificationCheck.from_json(v, f"checks[{i}]")
            for i, v in enumerate(s.array(c["checks"], "checks", max_items=MAX_FIELDS, min_items=1))
        )
        s.unique([x.name for x in checks], "checks")
        purposes, text = _purposes(c)
        return cls(OrgInfo.from_json(c["org"]), checks, purposes, text)


@dataclass(frozen=True)
class DerivedConclusion:
    """What an organisation concluded about the subject. ``value`` is optional and personal (hidden in repr)."""

    name: str
    category: Category
    description: str
    value: str | int | float | bool | None = field(default=None, repr=False)

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"name": self.name, "category": self.category.value, "description": self.description}
        if self.value is not None:
            d["value"] = self.value
        return d

    @classmethod
    def from_json(cls, value: Any) -> DerivedConclusion:
        o = s.obj(value, "conclusion", frozenset({"name", "category", "description"}), frozenset({"value"}))
        return cls(
            name=s.field_name(o["name"], "conclusion.name"),
            category=_category(o["category"], "conclusion.category"),
            description=s.text(o["description"], "conclusion.description", multiline=True),
            value=s.scalar_value(o["value"], "conclusion.value") if "value" in o else None,
        )


@dataclass(frozen=True)
class DerivedSource:
    """A grant (by jti) and the fields of it that a conclusion was computed from."""

    grant_id: str
    fields: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"grant": self.grant_id, "fields": list(self.fields)}

    @classmethod
    def from_json(cls, value: Any, where: str) -> DerivedSource:
        o = s.obj(value, where, frozenset({"grant", "fields"}))
        return cls(
            s.jti(o["grant"], f"{where}.grant"),
            _names(s.array(o["fields"], f"{where}.fields", max_items=MAX_FIELDS, min_items=1), f"{where}.fields"),
        )


@dataclass(frozen=True)
class DerivedDataRequest:
    """An organisation asks to use a conclusion it derived from granted data (answered by a grant)."""

    kind: ClassVar[Kind] = Kind.DERIVED_REQUEST

    org: OrgInfo
    conclusion: DerivedConclusion
    method: str
    sources: tuple[DerivedSource, ...]
    purposes: tuple[str, ...]
    purpose_text: str
    retention_seconds: int
    onward: tuple[OnwardRecipient, ...] = ()
    processing: tuple[Processing, ...] = ()

    CLAIMS: ClassVar[frozenset[str]] = frozenset({"org", "conclusion", "method", "sources", "purpose", "retention"})
    OPTIONAL: ClassVar[frozenset[str]] = frozenset({"onward", "processing"})

    @functools.cached_property
    def scope(self) -> Scope:
        return Scope(self.purposes, self.purpose_text, self.retention_seconds, tuple(r.did for r in self.onward), self.processing)

    @functools.cached_property
    def requested(self) -> dict[str, Category]:
        return {self.conclusion.name: self.conclusion.category}

    @property
    def fields(self) -> tuple[RequestedField, ...]:
        """The one field such a request asks to release: the conclusion."""
        return (RequestedField(self.conclusion.name, self.conclusion.category, self.conclusion.description),)

    def to_claims(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "org": self.org.to_json(),
            "conclusion": self.conclusion.to_json(),
            "method": self.method,
            "sources": [x.to_json() for x in self.sources],
            "purpose": _purpose_json(self.purposes, self.purpose_text),
            "retention": self.retention_seconds,
        }
        if self.onward:
            d["onward"] = [r.to_json() for r in self.onward]
        if self.processing:
            d["processing"] = [p.value for p in self.processing]
        return d

    @classmethod
    def from_claims(cls, c: dict[str, Any]) -> DerivedDataRequest:
        sources = tuple(
            DerivedSource.from_json(v, f"sources[{i}]")
            for i, v in enumerate(s.array(c["sources"], "sources", max_items=MAX_SOURCES, min_items=1))
        )
        s.unique([x.grant_id for x in sources], "sources")
        purposes, text = _purposes(c)
        return cls(
            org=OrgInfo.from_json(c["org"]),
            conclusion=DerivedConclusion.from_json(c["conclusion"]),
            method=s.text(c["method"], "method", multiline=True),
            sources=sources,
            purposes=purposes,
            purpose_text=text,
            retention_seconds=s.integer(c["retention"], "retention", 1, MAX_SECONDS),
            onward=_recipients(c["onward"]) if "onward" in c else (),
            processing=_processing(c["processing"], "processing") if "processing" in c else (),
        )


# --- answers from the subject ---------------------------------------------------------------------------------


_RF_REQUIRED = frozenset({"name", "category", "form", "value"})
_RF_ALLOWED = _RF_REQUIRED | {"method", "params"}
_CATEGORIES: dict[str, Category] = {c.value: c for c in Category}
_FORMS = {ReleaseMode.EXACT.value: ReleaseMode.EXACT, ReleaseMode.ANONYMISED.value: ReleaseMode.ANONYMISED}
_NAME_OK = s.FIELD_NAME_RE.fullmatch
_WORD_OK = s.WORD_RE.fullmatch
_SAFE_MULTILINE = s._UNSAFE_MULTILINE.search
_SCALARS = (str, int, float, bool)
_FAST_RF = s.can_fast_new(ReleasedField)
_FAST_SCOPE = s.can_fast_new(Scope)


def _released_fields(value: Any) -> tuple[ReleasedField, ...]:
    # This runs for every grant an organisation opens (the benchmarked path), so the common case is checked
    # inline and the descriptive schema helpers are only called to produce the error.
    fields = s.array(value, "fields", max_items=MAX_FIELDS, min_items=1)
    out = []
    names = set()
    for i, o in enumerate(fields):
        shape = None
        if type(o) is dict and 4 <= len(o) <= 6 and "value" in o:
            p = o.get("params")
            try:
                shape = _SHAPES.get((o.get("name"), o.get("category"), o.get("form"), o.get("method"), len(o),
                                     tuple(p.items()) if type(p) is dict else p))
            except TypeError:  # an unhashable member (a list or object): not a known shape
                pass
        if shape is not None:  # a shape already checked (see _SHAPES): only the value is left
            name, method = o["name"], o.get("method")
            category, form, params = shape
        else:
            name, category, form, method, params = _released_field_shape(o, i)
        val = o["value"]
        if type(val) is str and len(val) <= 4096 and _SAFE_MULTILINE(val) is None:
            pass
        elif not (val is None and form is ReleaseMode.ANONYMISED):
            val = s.scalar_value(val, f"fields[{i}].value")
        if name in names:
            fail(Reason.INVALID_CLAIM, "The claim 'fields' lists the same item twice.")
        names.add(name)
        values: dict[str, Any] = {"name": name, "category": category, "value": val, "form": form, "method": method,
                                  "params": params}
        out.append(s.fast_new(ReleasedField, values) if _FAST_RF else ReleasedField(**values))
    return tuple(out)


def _released_field_shape(o: Any, i: int) -> tuple[str, Category, ReleaseMode, str | None, tuple[tuple[str, str], ...]]:
    """Check everything of released field ``i`` but its value; remember the shape if it may be (see _SHAPES)."""
    if type(o) is not dict:
        s.obj(o, f"fields[{i}]", _RF_REQUIRED, _RF_ALLOWED - _RF_REQUIRED)
    try:
        name, cat, form_text = o["name"], o["category"], o["form"]
        o["value"]
    except KeyError:
        s.obj(o, f"fields[{i}]", _RF_REQUIRED, _RF_ALLOWED - _RF_REQUIRED)
    if len(o) > 4 and not o.keys() <= _RF_ALLOWED:
        s.obj(o, f"fields[{i}]", _RF_REQUIRED, _RF_ALLOWED - _RF_REQUIRED)
    if type(name) is not str or _NAME_OK(name) is None:
        s.field_name(name, f"fields[{i}].name")
    category = _CATEGORIES.get(cat) if type(cat) is str else None
    if category is None:
        category = _category(cat, f"fields[{i}].category")
    form = _FORMS.get(form_text) if type(form_text) is str else None
    if form is None:
        fail(Reason.INVALID_CLAIM, f"The claim 'fields[{i}].form' must be 'exact' or 'anonymised' (withheld fields are listed in 'withheld').")
    method = o.get("method")
    params: tuple[tuple[str, str], ...] = ()
    if form is ReleaseMode.ANONYMISED:
        if method is None:
            fail(Reason.MISSING_CLAIM, f"The claim 'fields[{i}]' is anonymised but does not say how ('method').")
        if type(method) is not str or _WORD_OK(method) is None:
            s.match(method, s.WORD_RE, f"fields[{i}].method", "a transform id")
        if "params" in o:
            params = s.str_params(o["params"], f"fields[{i}].params")
    elif method is not None or "params" in o:
        fail(Reason.INVALID_CLAIM, f"The claim 'fields[{i}]' is exact but names an anonymisation method.")
    if len(o) == (4 if method is None else 6 if params else 5):  # exactly the members this form needs
        if len(_SHAPES) >= _MAX_SHAPES:
            _SHAPES.clear()
        raw = tuple(o["params"].items()) if params else None
        _SHAPES[(name, cat, form_text, method, len(o), raw)] = (category, form, params)
    return name, category, form, method, params


#: Field shapes that passed every check above, keyed by (name, category, form, method, number of members, params
#: as received). Only fields with exactly the members their form needs are remembered (exact: name, category,
#: form, value; anonymised: those, a method, and params if it has any), so a key can only match a field with
#: exactly those members (the lookup also requires "value"; a method or params found means the member is there);
#: only the value is left to check. The same few shapes recur in every grant an organisation receives for one
#: request.
_SHAPES: dict[tuple[Any, ...], tuple[Category, ReleaseMode, tuple[tuple[str, str], ...]]] = {}
_MAX_SHAPES = 4096


def _released_fields_json(fields: tuple[ReleasedField, ...]) -> list[dict[str, Any]]:
    out = []
    for f in fields:
        d: dict[str, Any] = {"name": f.name, "category": f.category.value, "form": f.form.value, "value": f.value}
        if f.method is not None:
            d["method"] = f.method
        if f.params:
            d["params"] = s.params_json(f.params)
        out.append(d)
    return out


def scope_to_json(scope: Scope) -> dict[str, Any]:
    return {
        "purposes": list(scope.purposes),
        "purpose_text": scope.purpose_text,
        "retention": scope.retention_seconds,
        "onward": list(scope.onward_recipients),
        "processing": [p.value for p in scope.derivation],
    }


_SCOPE_KEYS = frozenset({"purposes", "purpose_text", "retention", "onward", "processing"})
_IRI_OK = s.IRI_RE.fullmatch


def _iris(value: Any, where: str) -> tuple[str, ...]:
    items = s.array(value, where, max_items=MAX_PURPOSES, min_items=1)
    for i, v in enumerate(items):
        if type(v) is not str or _IRI_OK(v) is None:
            s.iri(v, f"{where}[{i}]")
    out = tuple(items)
    s.unique(out, where)
    return out


def _dids(value: Any, where: str) -> tuple[str, ...]:
    items = s.array(value, where, max_items=MAX_RECIPIENTS)
    for i, v in enumerate(items):
        if not is_did_key(v):
            _did(v, f"{where}[{i}]")
    out = tuple(items)
    s.unique(out, where)
    return out


def scope_from_json(value: Any) -> Scope:
    if type(value) is not dict or value.keys() != _SCOPE_KEYS:
        s.obj(value, "scope", _SCOPE_KEYS)
    o = value
    # A scope already checked is taken from _SCOPES (every grant answering one request carries the same scope).
    # The key holds every member, so only an equal scope matches; lists of anything but plain values, and any
    # value that is not hashable, go the long way.
    p, t, r, w, d = o["purposes"], o["purpose_text"], o["retention"], o["onward"], o["processing"]
    key = None
    if type(p) is list and type(w) is list and type(d) is list and type(t) is str and type(r) is int:
        key = (tuple(p), t, r, tuple(w), tuple(d))
        try:
            known = _SCOPES.get(key)
        except TypeError:
            key = known = None
        if known is not None:
            return known
    scope = _scope_from_json(o)
    if key is not None:
        if len(_SCOPES) >= _MAX_SHAPES:
            _SCOPES.clear()
        _SCOPES[key] = scope
    return scope


#: checked scopes by their members (see scope_from_json)
_SCOPES: dict[tuple[Any, ...], Scope] = {}


def _scope_from_json(o: dict[str, Any]) -> Scope:
    values: dict[str, Any] = {
        "purposes": _iris(o["purposes"], "scope.purposes"),
        "purpose_text": s.text(o["purpose_text"], "scope.purpose_text", multiline=True),
        "retention_seconds": s.integer(o["retention"], "scope.retention", 1, MAX_SECONDS),
        # an empty list is the common case; anything else (an empty object or string too) is checked
        "onward_recipients": () if o["onward"] == [] else _dids(o["onward"], "scope.onward"),
        "derivation": () if o["processing"] == [] else _processing(o["processing"], "scope.processing"),
    }
    return s.fast_new(Scope, values) if _FAST_SCOPE else Scope(**values)


@dataclass(frozen=True)
class Grant:
    """The subject's consent: released fields and the scope they may be used in, bound to one request.

    The grant's ``exp`` claim is the end of the authorised use; ``status`` points at its revocation bit.
    Onward transfer and derivation are granted only if listed in ``scope`` (default: none).
    """

    kind: ClassVar[Kind] = Kind.GRANT

    request_id: str
    request_hash: str
    fields: tuple[ReleasedField, ...]
    scope: Scope
    status: StatusRef
    withheld: tuple[str, ...] = ()
    refines: str | None = None
    #: conditions attached to the use, from GRANT_CONDITIONS (a grant for derived data carries
    #: "reanonymise-before-reuse": the conclusion must be anonymised again before it is used again)
    conditions: tuple[str, ...] = ()

    CLAIMS: ClassVar[frozenset[str]] = frozenset({"req", "req_hash", "fields", "scope", "status"})
    OPTIONAL: ClassVar[frozenset[str]] = frozenset({"withheld", "refines", "conditions"})

    def to_claims(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "req": self.request_id,
            "req_hash": self.request_hash,
            "fields": _released_fields_json(self.fields),
            "scope": scope_to_json(self.scope),
            "status": self.status.to_json(),
        }
        if self.withheld:
            d["withheld"] = list(self.withheld)
        if self.refines is not None:
            d["refines"] = self.refines
        if self.conditions:
            d["conditions"] = list(self.conditions)
        return d

    @classmethod
    def from_claims(cls, c: dict[str, Any]) -> Grant:
        fields = _released_fields(c["fields"])
        withheld = _names(s.array(c["withheld"], "withheld", max_items=MAX_FIELDS), "withheld") if "withheld" in c else ()
        if withheld and set(withheld) & {f.name for f in fields}:
            fail(Reason.INVALID_CLAIM, "A field is listed both as released and as withheld.")
        scope = scope_from_json(c["scope"])
        # The grant may not outlive the retention it grants (iat/exp were type-checked with the standard claims).
        if c.get("exp", 0) - c.get("iat", 0) > scope.retention_seconds:
            fail(Reason.INVALID_CLAIM, "The grant lasts longer than the retention it grants.")
        values: dict[str, Any] = {
            "request_id": s.jti(c["req"], "req"),
            "request_hash": s.sha256_b64(c["req_hash"], "req_hash"),
            "fields": fields,
            "scope": scope,
            "status": StatusRef.from_json(c["status"]),
            "withheld": withheld,
            "refines": s.jti(c["refines"], "refines") if "refines" in c else None,
            "conditions": _conditions(c["conditions"]) if "conditions" in c else (),
        }
        return s.fast_new(cls, values) if _FAST_GRANT else cls(**values)


#: every condition a grant can attach to the use of its data
GRANT_CONDITIONS = frozenset({"reanonymise-before-reuse"})


def _conditions(value: Any) -> tuple[str, ...]:
    items = s.array(value, "conditions", max_items=len(GRANT_CONDITIONS), min_items=1)
    for item in items:
        if type(item) is not str or item not in GRANT_CONDITIONS:  # a list or object here is unhashable
            fail(Reason.INVALID_CLAIM, "The claim 'conditions' holds an unknown condition.")
    s.unique(items, "conditions")
    return tuple(items)


_FAST_GRANT = s.can_fast_new(Grant)


class VerificationOutcome(enum.StrEnum):
    MATCH = "match"
    MISMATCH = "mismatch"
    UNKNOWN = "unknown"  # the subject holds no such field
    DECLINED = "declined"  # the subject chose not to answer


@dataclass(frozen=True)
class VerificationResult:
    name: str
    outcome: VerificationOutcome


@dataclass(frozen=True)
class VerificationResponse:
    """The subject's answers to a verification request (encrypted to the organisation like a grant)."""

    kind: ClassVar[Kind] = Kind.VERIFICATION_RESPONSE

    request_id: str
    request_hash: str
    results: tuple[VerificationResult, ...]

    CLAIMS: ClassVar[frozenset[str]] = frozenset({"req", "req_hash", "results"})
    OPTIONAL: ClassVar[frozenset[str]] = frozenset()

    def to_claims(self) -> dict[str, Any]:
        return {
            "req": self.request_id,
            "req_hash": self.request_hash,
            "results": [{"name": r.name, "outcome": r.outcome.value} for r in self.results],
        }

    @classmethod
    def from_claims(cls, c: dict[str, Any]) -> VerificationResponse:
        results = []
        for i, v in enumerate(s.array(c["results"], "results", max_items=MAX_FIELDS, min_items=1)):
            o = s.obj(v, f"results[{i}]", frozenset({"name", "outcome"}))
            results.append(
                VerificationResult(
                    s.field_name(o["name"], f"results[{i}].name"),
                    s.choice(o["outcome"], VerificationOutcome, f"results[{i}].outcome"),
                )
            )
        s.unique([r.name for r in results], "results")
        return cls(s.jti(c["req"], "req"), s.sha256_b64(c["req_hash"], "req_hash"), tuple(results))


class RefusalReason(enum.StrEnum):
    DECLINED = "declined"  # the subject said no
    POLICY = "policy"  # the subject's standing rules refused it automatically
    UNTRUSTED = "untrusted-organisation"  # the organisation is not compliant on the subject's trust list
    EXPIRED = "expired"  # the request expired before the subject answered


@dataclass(frozen=True)
class Refusal:
    kind: ClassVar[Kind] = Kind.REFUSAL

    request_id: str
    request_hash: str
    reason: RefusalReason = RefusalReason.DECLINED

    CLAIMS: ClassVar[frozenset[str]] = frozenset({"req", "req_hash", "reason"})
    OPTIONAL: ClassVar[frozenset[str]] = frozenset()

    def to_claims(self) -> dict[str, Any]:
        return {"req": self.request_id, "req_hash": self.request_hash, "reason": self.reason.value}

    @classmethod
    def from_claims(cls, c: dict[str, Any]) -> Refusal:
        return cls(
            s.jti(c["req"], "req"), s.sha256_b64(c["req_hash"], "req_hash"), s.choice(c["reason"], RefusalReason, "reason")
        )


@dataclass(frozen=True)
class RevocationNotice:
    """The subject tells an organisation that a grant is revoked (the status list says the same, for anyone)."""

    kind: ClassVar[Kind] = Kind.REVOCATION

    grant_id: str
    revoked_at: int
    status: StatusRef | None = None

    CLAIMS: ClassVar[frozenset[str]] = frozenset({"grant", "revoked_at"})
    OPTIONAL: ClassVar[frozenset[str]] = frozenset({"status"})

    def to_claims(self) -> dict[str, Any]:
        d: dict[str, Any] = {"grant": self.grant_id, "revoked_at": self.revoked_at}
        if self.status is not None:
            d["status"] = self.status.to_json()
        return d

    @classmethod
    def from_claims(cls, c: dict[str, Any]) -> RevocationNotice:
        return cls(
            s.jti(c["grant"], "grant"),
            s.integer(c["revoked_at"], "revoked_at", 0, s.NUMERIC_DATE_MAX),
            StatusRef.from_json(c["status"]) if "status" in c else None,
        )


class UsageAction(enum.StrEnum):
    USE = "use"
    STORE = "store"
    ANALYSE = "analyse"
    DERIVE = "derive"
    INFER = "infer"
    PROFILE = "profile"
    TRANSFER = "transfer"
    DELETE = "delete"


@dataclass(frozen=True)
class UsageEntry:
    """One thing an organisation did with granted fields."""

    action: UsageAction
    fields: tuple[str, ...]
    at: int
    purpose_text: str | None = None
    recipient: str | None = None  # DID, for transfers

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"action": self.action.value, "fields": list(self.fields), "at": self.at}
        if self.purpose_text is not None:
            d["purpose_text"] = self.purpose_text
        if self.recipient is not None:
            d["recipient"] = self.recipient
        return d

    @classmethod
    def from_json(cls, value: Any, where: str) -> UsageEntry:
        o = s.obj(value, where, frozenset({"action", "fields", "at"}), frozenset({"purpose_text", "recipient"}))
        action = s.choice(o["action"], UsageAction, f"{where}.action")
        recipient = _did(o["recipient"], f"{where}.recipient") if "recipient" in o else None
        if (action is UsageAction.TRANSFER) != (recipient is not None):
            fail(Reason.INVALID_CLAIM, f"The claim '{where}' must name a recipient exactly when the action is a transfer.")
        return cls(
            action=action,
            fields=_names(s.array(o["fields"], f"{where}.fields", max_items=MAX_FIELDS, min_items=1), f"{where}.fields"),
            at=s.integer(o["at"], f"{where}.at", 0, s.NUMERIC_DATE_MAX),
            purpose_text=s.opt_text(o.get("purpose_text"), f"{where}.purpose_text", multiline=True),
            recipient=recipient,
        )


@dataclass(frozen=True)
class UsageReceipt:
    """An organisation's signed report of what it did with the data of one grant."""

    kind: ClassVar[Kind] = Kind.RECEIPT

    grant_id: str
    entries: tuple[UsageEntry, ...]
    grant_hash: str | None = None  # SHA-256 of the grant JWS, when the organisation kept it

    CLAIMS: ClassVar[frozenset[str]] = frozenset({"grant", "entries"})
    OPTIONAL: ClassVar[frozenset[str]] = frozenset({"grant_hash"})

    def to_claims(self) -> dict[str, Any]:
        d: dict[str, Any] = {"grant": self.grant_id, "entries": [e.to_json() for e in self.entries]}
        if self.grant_hash is not None:
            d["grant_hash"] = self.grant_hash
        return d

    @classmethod
    def from_claims(cls, c: dict[str, Any]) -> UsageReceipt:
        entries = tuple(
            UsageEntry.from_json(v, f"entries[{i}]")
            for i, v in enumerate(s.array(c["entries"], "entries", max_items=MAX_RECEIPT_ENTRIES, min_items=1))
        )
        return cls(
            s.jti(c["grant"], "grant"),
            entries,
            s.sha256_b64(c["grant_hash"], "grant_hash") if "grant_hash" in c else None,
        )


@dataclass(frozen=True)
class ErasureRequest:
    """The subject asks an organisation to delete what it holds from some grants (all fields if ``fields`` is
    empty), including anything derived from it unless ``include_derived`` is false."""

    kind: ClassVar[Kind] = Kind.ERASURE_REQUEST

    grant_ids: tuple[str, ...]
    fields: tuple[str, ...] = ()
    include_derived: bool = True

    CLAIMS: ClassVar[frozenset[str]] = frozenset({"grants", "include_derived"})
    OPTIONAL: ClassVar[frozenset[str]] = frozenset({"fields"})

    def to_claims(self) -> dict[str, Any]:
        d: dict[str, Any] = {"grants": list(self.grant_ids), "include_derived": self.include_derived}
        if self.fields:
            d["fields"] = list(self.fields)
        return d

    @classmethod
    def from_claims(cls, c: dict[str, Any]) -> ErasureRequest:
        grants = tuple(s.jti(v, f"grants[{i}]") for i, v in enumerate(s.array(c["grants"], "grants", max_items=MAX_GRANT_IDS, min_items=1)))
        s.unique(grants, "grants")
        fields = _names(s.array(c["fields"], "fields", max_items=MAX_FIELDS, min_items=1), "fields") if "fields" in c else ()
        return cls(grants, fields, s.boolean(c["include_derived"], "include_derived"))


class DeletionOutcome(enum.StrEnum):
    DELETED = "deleted"
    PARTIAL = "partially-deleted"  # some items are kept, each with its legal reason in ``retained``
    REFUSED = "refused"


@dataclass(frozen=True)
class RetainedItem:
    field: str
    reason: str  # the legal ground in plain words


@dataclass(frozen=True)
class DeletionConfirmation:
    """An organisation's signed answer to an erasure request."""

    kind: ClassVar[Kind] = Kind.DELETION_CONFIRMATION

    erasure_id: str
    erasure_hash: str
    grant_ids: tuple[str, ...]
    outcome: DeletionOutcome
    deleted_at: int
    retained: tuple[RetainedItem, ...] = ()

    CLAIMS: ClassVar[frozenset[str]] = frozenset({"erasure", "erasure_hash", "grants", "outcome", "deleted_at"})
    OPTIONAL: ClassVar[frozenset[str]] = frozenset({"retained"})

    def to_claims(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "erasure": self.erasure_id,
            "erasure_hash": self.erasure_hash,
            "grants": list(self.grant_ids),
            "outcome": self.outcome.value,
            "deleted_at": self.deleted_at,
        }
        if self.retained:
            d["retained"] = [{"field": r.field, "reason": r.reason} for r in self.retained]
        return d

    @classmethod
    def from_claims(cls, c: dict[str, Any]) -> DeletionConfirmation:
        grants = tuple(s.jti(v, f"grants[{i}]") for i, v in enumerate(s.array(c["grants"], "grants", max_items=MAX_GRANT_IDS, min_items=1)))
        s.unique(grants, "grants")
        retained = []
        for i, v in enumerate(s.array(c["retained"], "retained", max_items=MAX_FIELDS, min_items=1) if "retained" in c else []):
            o = s.obj(v, f"retained[{i}]", frozenset({"field", "reason"}))
            retained.append(RetainedItem(s.field_name(o["field"], f"retained[{i}].field"), s.text(o["reason"], f"retained[{i}].reason", multiline=True)))
        outcome = s.choice(c["outcome"], DeletionOutcome, "outcome")
        if (outcome is DeletionOutcome.PARTIAL) != bool(retained):
            fail(Reason.INVALID_CLAIM, "The claim 'retained' must list the kept items exactly when the outcome is partial.")
        return cls(
            erasure_id=s.jti(c["erasure"], "erasure"),
            erasure_hash=s.sha256_b64(c["erasure_hash"], "erasure_hash"),
            grant_ids=grants,
            outcome=outcome,
            deleted_at=s.integer(c["deleted_at"], "deleted_at", 0, s.NUMERIC_DATE_MAX),
            retained=tuple(retained),
        )


# --- certifiers -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrustEntry:
    did: str
    name: str
    status: ComplianceStatus
    note: str | None = None


@dataclass(frozen=True)
class TrustList:
    """A certifier's signed list of organisations and their compliance status. ``seq`` only ever grows, so an
    older list can be told apart from (and must not replace) a newer one."""

    kind: ClassVar[Kind] = Kind.TRUST_LIST

    certifier_name: str
    seq: int
    entries: tuple[TrustEntry, ...]

    CLAIMS: ClassVar[frozenset[str]] = frozenset({"certifier", "seq", "entries"})
    OPTIONAL: ClassVar[frozenset[str]] = frozenset()

    def status_of(self, did: str) -> ComplianceStatus:
        for e in self.entries:
            if e.did == did:
                return e.status
        return ComplianceStatus.UNKNOWN

    def to_claims(self) -> dict[str, Any]:
        entries = []
        for e in self.entries:
            d: dict[str, Any] = {"did": e.did, "name": e.name, "status": e.status.value}
            if e.note is not None:
                d["note"] = e.note
            entries.append(d)
        return {"certifier": self.certifier_name, "seq": self.seq, "entries": entries}

    @classmethod
    def from_claims(cls, c: dict[str, Any]) -> TrustList:
        entries = []
        for i, v in enumerate(s.array(c["entries"], "entries", max_items=MAX_TRUST_ENTRIES)):
            w = f"entries[{i}]"
            o = s.obj(v, w, frozenset({"did", "name", "status"}), frozenset({"note"}))
            entries.append(
                TrustEntry(
                    _did(o["did"], f"{w}.did"),
                    s.text(o["name"], f"{w}.name", max_len=s.MAX_NAME),
                    s.choice(o["status"], ComplianceStatus, f"{w}.status"),
                    s.opt_text(o.get("note"), f"{w}.note", multiline=True),
                )
            )
        s.unique([e.did for e in entries], "entries")
        return cls(
            s.text(c["certifier"], "certifier", max_len=s.MAX_NAME),
            s.integer(c["seq"], "seq", 0, 2**53),
            tuple(entries),
        )


Body = (
    AuthorisationRequest
    | VerificationRequest
    | DerivedDataRequest
    | Grant
    | VerificationResponse
    | Refusal
    | RevocationNotice
    | UsageReceipt
    | ErasureRequest
    | DeletionConfirmation
    | TrustList
)

BODY_TYPES: dict[Kind, type[Any]] = {
    t.kind: t
    for t in (
        AuthorisationRequest,
        VerificationRequest,
        DerivedDataRequest,
        Grant,
        VerificationResponse,
        Refusal,
        RevocationNotice,
        UsageReceipt,
        ErasureRequest,
        DeletionConfirmation,
        TrustList,
    )
}
