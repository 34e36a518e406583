"""Typed views of consent: request kinds and states, grant and derived-data states, what a request asks for,
the scope's one JSON codec and durations in parts (so every UI words them from the same rounding).

These are the values the services hand to the GUI and the CLI. They carry no rules: the rules are in
:mod:`vault_app.policy`, which uses these types.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from vault_app.domain.errors import ValidationError
from vault_app.domain.model import Category, Processing, RequestedField, Scope


class RequestKind(enum.StrEnum):
    AUTHORISATION = "authorisation"
    VERIFICATION = "verification"
    DERIVED = "derived"


class RequestState(enum.StrEnum):
    RECEIVED = "received"
    AUTO_REFUSED = "auto_refused"
    PENDING_REVIEW = "pending_review"
    APPROVED = "approved"
    PARTLY_APPROVED = "partly_approved"
    REFUSED = "refused"
    EXPIRED = "expired"

    @property
    def is_open(self) -> bool:
        return self in (RequestState.RECEIVED, RequestState.PENDING_REVIEW)


OPEN_REQUEST_STATES = (RequestState.RECEIVED, RequestState.PENDING_REVIEW)


class GrantState(enum.StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"
    SUPERSEDED = "superseded"
    #: ended because the organisation confirmed deleting the data (an erasure the subject asked for)
    ERASED = "erased"


class GrantKind(enum.StrEnum):
    GRANT = "grant"
    ONWARD = "onward"
    DERIVED = "derived"


class DerivedState(enum.StrEnum):
    HELD = "held"
    AUTHORISED = "authorised"
    REFUSED = "refused"
    REVOKED = "revoked"


# -- scope: one JSON spelling --------------------------------------------------------------------------------
def scope_to_json(s: Scope) -> dict[str, Any]:
    """The scope's one JSON form (stored with grants, printed by the CLI, shown in evidence)."""
    return {
        "purposes": list(s.purposes),
        "purpose_text": s.purpose_text,
        "retention_seconds": s.retention_seconds,
        "onward_recipients": list(s.onward_recipients),
        "derivation": [p.value for p in s.derivation],
    }


def scope_from_json(d: Mapping[str, Any]) -> Scope:
    return Scope(
        tuple(d["purposes"]),
        str(d["purpose_text"]),
        int(d["retention_seconds"]),
        tuple(d.get("onward_recipients", ())),
        tuple(Processing(p) for p in d.get("derivation", ())),
    )


# -- what a request asks for ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Recipient:
    """An organisation a request wants to pass data on to, with the name the request gives it."""

    did: str
    name: str


@dataclass(frozen=True)
class Check:
    """One check of a verification request: the field, and whether the organisation sent its value or a
    hash."""

    name: str
    category: Category
    hashed: bool


@dataclass(frozen=True)
class Conclusion:
    """The conclusion a derived-data request asks to use."""

    name: str
    category: Category
    description: str


@dataclass(frozen=True)
class SourceUse:
    """A grant a derived-data request says it used, and which of its fields."""

    grant: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class RequestContent:
    """What one request asks for, whatever its kind (fields for an authorisation, checks for a verification, a
    conclusion and its sources for derived data), with its requested scope."""

    kind: RequestKind
    purposes: tuple[str, ...]
    purpose_text: str
    retention_seconds: int = 0
    fields: tuple[RequestedField, ...] = ()
    checks: tuple[Check, ...] = ()
    conclusion: Conclusion | None = None
    method: str | None = None
    sources: tuple[SourceUse, ...] = ()
    onward: tuple[Recipient, ...] = ()
    processing: tuple[Processing, ...] = ()
    refines: str | None = None

    @property
    def field_names(self) -> tuple[str, ...]:
        """The names of the fields this request concerns (checked, asked for, or the conclusion)."""
        if self.kind is RequestKind.VERIFICATION:
            return tuple(c.name for c in self.checks)
        if self.kind is RequestKind.DERIVED and self.conclusion is not None:
            return (self.conclusion.name,)
        return tuple(f.name for f in self.fields)

    @property
    def requested_fields(self) -> tuple[RequestedField, ...]:
        if self.kind is RequestKind.VERIFICATION:
            return tuple(RequestedField(c.name, c.category) for c in self.checks)
        if self.kind is RequestKind.DERIVED and self.conclusion is not None:
            return (RequestedField(self.conclusion.name, self.conclusion.category),)
        return self.fields

    @property
    def scope(self) -> Scope:
        """The scope the request asks for (retention 1 s for a verification, which keeps nothing)."""
        return Scope(
            self.purposes,
            self.purpose_text,
            self.retention_seconds or 1,
            tuple(r.did for r in self.onward),
            self.processing,
        )

    # The stored form (JSON in the vault's requests table). Vaults written before this type keep this shape.
    def to_json(self) -> dict[str, Any]:
        if self.kind is RequestKind.VERIFICATION:
            return {
                "checks": [
                    {"name": c.name, "category": c.category.value, "form": "hashed" if c.hashed else "value"}
                    for c in self.checks
                ],
                "purposes": list(self.purposes),
                "purpose_text": self.purpose_text,
            }
        out: dict[str, Any] = {
            "purposes": list(self.purposes),
            "purpose_text": self.purpose_text,
            "retention_seconds": self.retention_seconds,
            "onward": [{"did": r.did, "name": r.name} for r in self.onward],
            "processing": [p.value for p in self.processing],
        }
        if self.kind is RequestKind.DERIVED:
            assert self.conclusion is not None
            out["conclusion"] = {
                "name": self.conclusion.name,
                "category": self.conclusion.category.value,
                "description": self.conclusion.description,
            }
            out["method"] = self.method
            out["sources"] = [{"grant": s.grant, "fields": list(s.fields)} for s in self.sources]
        else:
            out["fields"] = [
                {"name": f.name, "category": f.category.value, **({"reason": f.reason} if f.reason else {})}
                for f in self.fields
            ]
            out["refines"] = self.refines
        return out

    @classmethod
    def from_json(cls, kind: RequestKind, d: Mapping[str, Any]) -> RequestContent:
        try:
            common: dict[str, Any] = {
                "purposes": tuple(d.get("purposes", ())),
                "purpose_text": str(d.get("purpose_text", "")),
            }
            if kind is RequestKind.VERIFICATION:
                return cls(
                    kind,
                    checks=tuple(
                        Check(c["name"], Category(c["category"]), c.get("form") == "hashed")
                        for c in d["checks"]
                    ),
                    **common,
                )
            common.update(
                retention_seconds=int(d.get("retention_seconds", 0)),
                onward=tuple(Recipient(r["did"], r.get("name", "")) for r in d.get("onward", ())),
                processing=tuple(Processing(p) for p in d.get("processing", ())),
            )
            if kind is RequestKind.DERIVED:
                c = d["conclusion"]
                return cls(
                    kind,
                    conclusion=Conclusion(c["name"], Category(c["category"]), c.get("description", "")),
                    method=d.get("method"),
                    sources=tuple(SourceUse(s["grant"], tuple(s["fields"])) for s in d.get("sources", ())),
                    **common,
                )
            return cls(
                kind,
                fields=tuple(
                    RequestedField(f["name"], Category(f["category"]), f.get("reason")) for f in d["fields"]
                ),
                refines=d.get("refines"),
                **common,
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValidationError(
                f"A stored request could not be read ({type(exc).__name__}).", field="request"
            ) from None


# -- durations -----------------------------------------------------------------------------------------------
class DurationUnit(enum.StrEnum):
    YEAR = "year"
    MONTH = "month"
    WEEK = "week"
    DAY = "day"
    HOUR = "hour"
    MINUTE = "minute"


_UNITS = (
    (365 * 86400, DurationUnit.YEAR),
    (30 * 86400, DurationUnit.MONTH),
    (7 * 86400, DurationUnit.WEEK),
    (86400, DurationUnit.DAY),
    (3600, DurationUnit.HOUR),
)


@dataclass(frozen=True)
class Duration:
    """A duration rounded to the largest unit that fits: ``count`` units, ``approximate`` when it was
    rounded."""

    count: int
    unit: DurationUnit
    approximate: bool

    @classmethod
    def of(cls, seconds: int) -> Duration:
        seconds = int(seconds)
        for size, unit in _UNITS:
            if seconds >= size:
                n, rest = divmod(seconds, size)
                if rest * 2 >= size:
                    n += 1
                return cls(n, unit, bool(rest))
        return cls(max(round(seconds / 60), 0), DurationUnit.MINUTE, False)

    def words(self) -> str:
        """In English (the CLI's and the history's words; the GUI translates from the parts)."""
        plural = "s" if self.count != 1 else ""
        return f"{'about ' if self.approximate else ''}{self.count} {self.unit.value}{plural}"


# -- what a decision grants less than asked ------------------------------------------------------------------
class ShortfallKind(enum.StrEnum):
    NOTHING_RELEASED = "nothing-released"
    FIELD_WITHHELD = "field-withheld"
    SHORTER_RETENTION = "shorter-retention"
    ONWARD_REFUSED = "onward-refused"
    PROCESSING_REFUSED = "processing-refused"
    FEWER_PURPOSES = "fewer-purposes"


@dataclass(frozen=True)
class Shortfall:
    """One way a decision grants less than the organisation asked: ``subject`` names the field, recipient DID
    or processing kind; for a shorter retention ``asked`` and ``granted`` are seconds. Every UI words it from
    these parts (:meth:`words` is the English of the CLI and the history)."""

    kind: ShortfallKind
    subject: str = ""
    asked: int | None = None
    granted: int | None = None

    def words(self) -> str:
        k = self.kind
        if k is ShortfallKind.NOTHING_RELEASED:
            return "Nothing is released."
        if k is ShortfallKind.FIELD_WITHHELD:
            return f"Field {self.subject} is withheld."
        if k is ShortfallKind.SHORTER_RETENTION:
            return (
                f"Kept for {Duration.of(self.granted or 0).words()} instead of the "
                f"{Duration.of(self.asked or 0).words()} asked."
            )
        if k is ShortfallKind.ONWARD_REFUSED:
            return f"Passing data on to {self.subject} is not allowed."
        if k is ShortfallKind.PROCESSING_REFUSED:
            return f"Processing of kind {self.subject} is not allowed."
        return "Only some of the purposes asked for are granted."
