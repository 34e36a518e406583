"""The protocol-independent summary of a request that policy reads: who asks, for which fields, on what
terms.

The protocol layer parses and verifies the signed request; the service then builds a
:class:`RequestSummary` from it (``org_did``, requested fields, requested
:class:`~vault_app.domain.model.Scope`, optional ids) and hands it to the rules, decisions and scope
modules. Keeping this small type here means ``policy`` never imports ``protocol``.

Public API: ``RequestSummary``, ``describe_duration(seconds) -> str``.
"""

from __future__ import annotations

from dataclasses import dataclass

from vault_app.domain.consent import Duration
from vault_app.domain.errors import ValidationError
from vault_app.domain.model import RequestedField, Scope, validate_field_name

__all__ = ["RequestSummary", "describe_duration"]


@dataclass(frozen=True)
class RequestSummary:
    """What an organisation asks for. Field names are unique; retention is positive."""

    org_did: str
    fields: tuple[RequestedField, ...]
    scope: Scope
    request_id: str | None = None
    #: for a re-authorisation: the grant this request refines or widens
    refines_grant: str | None = None

    def __post_init__(self) -> None:
        if not self.org_did:
            raise ValidationError("A request must name the organisation.", field="org")
        seen: set[str] = set()
        for f in self.fields:
            validate_field_name(f.name)
            if f.name in seen:
                raise ValidationError(f"The request asks for field {f.name} twice.", field=f.name)
            seen.add(f.name)
        if self.scope.retention_seconds <= 0:
            raise ValidationError("A request must ask for a positive retention time.", field="retention")

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def requested(self, name: str) -> RequestedField | None:
        for f in self.fields:
            if f.name == name:
                return f
        return None


def describe_duration(seconds: int) -> str:
    """A duration in plain words: 31536000 -> '1 year', 90000 -> 'about 1 day' (largest unit that fits)."""
    return Duration.of(seconds).words()
