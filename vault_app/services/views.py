"""What the consent use cases return: frozen, typed views that the GUI renders and the CLI prints
(``to_json``).

They carry everything a screen needs to show a decision already taken by the core (why a request was
refused, which release modes a field allows and why), so no UI re-derives a rule.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from vault_app.domain.consent import (
    DerivedState,
    Duration,
    GrantKind,
    GrantState,
    RequestContent,
    RequestKind,
    RequestState,
    scope_to_json,
)
from vault_app.domain.errors import VaultError
from vault_app.domain.model import Category, ComplianceStatus, ReleaseMode, Scope
from vault_app.policy.anonymise import TransformInfo
from vault_app.policy.compliance import ComplianceClaim, GateOutcome
from vault_app.policy.rules import RuleFinding
from vault_app.policy.scope import ScopeDiff
from vault_app.storage.repositories.consent import ReleasedFieldMeta


@dataclass(frozen=True)
class OrgView:
    did: str
    name: str
    status: ComplianceStatus
    status_text: str
    source: str | None
    blocked: bool
    contact: str | None
    dpo_contact: str | None
    fingerprint: str
    has_enc_key: bool
    first_seen: float
    claims: tuple[ComplianceClaim, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "did": self.did,
            "name": self.name,
            "status": self.status.value,
            "status_text": self.status_text,
            "source": self.source,
            "blocked": self.blocked,
            "contact": self.contact,
            "dpo_contact": self.dpo_contact,
            "fingerprint": self.fingerprint,
            "first_seen": self.first_seen,
            "claims": [c.to_json() for c in self.claims],
        }


@dataclass(frozen=True)
class CertifierView:
    did: str
    name: str
    added: float

    def to_json(self) -> dict[str, Any]:
        return {"did": self.did, "name": self.name, "added": self.added}


@dataclass(frozen=True)
class RequestView:
    id: str
    kind: RequestKind
    org: str
    org_name: str
    state: RequestState
    #: why it was refused (automatically or by the subject), in the core's words
    reason: str | None
    received: float
    expires: float
    content: RequestContent
    refines: str | None = None
    #: the stable word for an automatic refusal's reason (``rule:never-release:health``, ``org-blocked``, ...)
    reason_code: str | None = None

    @property
    def is_open(self) -> bool:
        return self.state.is_open

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind.value,
            "org": self.org,
            "org_name": self.org_name,
            "state": self.state.value,
            "reason": self.reason,
            "reason_code": self.reason_code,
            "received": self.received,
            "expires": self.expires,
            "refines": self.refines,
            "summary": self.content.to_json(),
        }


class LimitKind(enum.StrEnum):
    """Why a field cannot leave in every mode."""

    NOT_HELD = "not-held"  # the vault has no such field: it can only be withheld
    NEVER_RELEASE = "never-release"  # a standing rule never releases its category
    ANONYMISED_ONLY = "anonymised-only"  # a standing rule lets its category leave only anonymised
    NO_METHOD = "no-method"  # no anonymisation method exists for its type


@dataclass(frozen=True)
class FieldLimit:
    """What removed a release mode from a field: its kind, the rule's id when a rule did, and the core's
    words."""

    kind: LimitKind
    message: str
    rule_id: str | None = None


class HoldKind(enum.StrEnum):
    """Why the vault declines one check of a verification request by itself (whatever the subject ticks)."""

    RULE = "rule"  # a standing rule never releases the field's category (the privacy floor)
    PROBING = "probing"  # the field was checked too often lately: more answers could reveal its value


@dataclass(frozen=True)
class CheckHold:
    """A check of a verification request the vault declines by itself, and why: the kind, the rule's id
    (``never-release:health``) or how often the field was answered in how many days, and the core's words
    (for the CLI; the desktop app words it from the rest, in the subject's language)."""

    field: str
    kind: HoldKind
    message: str
    rule_id: str | None = None
    asked: int = 0
    days: int = 0

    def to_json(self) -> dict[str, Any]:
        """As the history keeps it (stable words and numbers, no sentence: that is worded when shown)."""
        d: dict[str, Any] = {"reason": self.kind.value}
        if self.rule_id is not None:
            d["rule"] = self.rule_id
        if self.kind is HoldKind.PROBING:
            d["asked"], d["days"] = self.asked, self.days
        return d


@dataclass(frozen=True)
class FieldReview:
    """One requested field as the review shows it: do we hold it, and how may it leave."""

    name: str
    category: Category
    held: bool
    type: str | None
    #: the organisation's reason for asking this field, if it gave one
    reason: str | None
    #: the release modes the subject may choose, withhold always among them (and always last)
    allowed: tuple[ReleaseMode, ...]
    #: what removed a mode, if anything did (most decisive first)
    limits: tuple[FieldLimit, ...]
    #: anonymisation methods for this field's type (empty when not held or not anonymisable)
    transforms: tuple[TransformInfo, ...] = ()


@dataclass(frozen=True)
class Review:
    """Everything the review dialog shows about one request, computed fresh."""

    request: RequestView
    org: OrgView
    gate_outcome: GateOutcome
    gate_message: str
    findings: tuple[RuleFinding, ...]
    diff: ScopeDiff | None
    fields: tuple[FieldReview, ...]
    retention: Duration | None

    @property
    def retention_text(self) -> str:
        return self.retention.words() if self.retention else ""

    def to_json(self) -> dict[str, Any]:
        d = self.request.to_json()
        d.update(
            {
                "organisation": self.org.to_json(),
                "gate": self.gate_outcome.value,
                "gate_message": self.gate_message,
                "findings": [
                    {
                        "rule": f.rule_id,
                        "action": f.action.value,
                        "message": f.message,
                        "fields": list(f.fields),
                    }
                    for f in self.findings
                ],
                "fields": [
                    {
                        "name": f.name,
                        "category": f.category.value,
                        "held": f.held,
                        "type": f.type,
                        "allowed": [m.value for m in f.allowed],
                        "limits": [
                            {"kind": x.kind.value, "rule": x.rule_id, "message": x.message} for x in f.limits
                        ],
                    }
                    for f in self.fields
                ],
                "retention_text": self.retention_text,
            }
        )
        if self.diff is not None:
            d["diff"] = {
                "widens": self.diff.widens,
                "items": [
                    {
                        "aspect": i.aspect.value,
                        "change": i.change.value,
                        "item": i.subject,
                        "old": i.old,
                        "new": i.new,
                        "widens": i.widens,
                        "message": i.message,
                    }
                    for i in self.diff.items
                ],
            }
        return d


@dataclass(frozen=True)
class GrantView:
    id: str
    org: str
    org_name: str
    kind: GrantKind
    state: GrantState
    issued: float
    expires: float
    scope: Scope
    #: what was released of each field (name, category, form, method), never the value
    fields: tuple[ReleasedFieldMeta, ...]
    request_id: str | None
    parent: str | None
    superseded_by: str | None
    revoked: float | None
    status_idx: int

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "org": self.org,
            "org_name": self.org_name,
            "kind": self.kind.value,
            "state": self.state.value,
            "issued": self.issued,
            "expires": self.expires,
            "scope": scope_to_json(self.scope),
            "fields": [f.to_json() for f in self.fields],
            "request_id": self.request_id,
            "parent": self.parent,
            "superseded_by": self.superseded_by,
            "revoked": self.revoked,
            "status_idx": self.status_idx,
        }


@dataclass(frozen=True)
class OnwardGrant:
    """A grant made for a recipient the subject allowed the data to be passed on to."""

    grant_id: str
    recipient: str
    jwe: str = field(repr=False)


@dataclass(frozen=True)
class IssuedGrant:
    grant_id: str
    org: str
    jwe: str = field(repr=False)
    outcome: str
    released: tuple[str, ...]
    withheld: tuple[str, ...]
    onward_grants: tuple[OnwardGrant, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportResult:
    """What importing one message did. ``reason`` is the stable word for an automatic refusal (for example
    ``rule:never-release:health`` or ``org-blocked``) and ``reason_text`` the core's sentence for it."""

    kind: str
    id: str
    org: str | None
    state: str | None
    message: str
    violations: tuple[str, ...] = ()
    reason: str | None = None
    reason_text: str | None = None

    @property
    def auto_refused(self) -> bool:
        return self.state == RequestState.AUTO_REFUSED.value

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "org": self.org,
            "state": self.state,
            "message": self.message,
            "violations": list(self.violations),
            "reason": self.reason,
            "reason_text": self.reason_text,
        }


@dataclass(frozen=True)
class ImportOutcome:
    """What happened to one item of a batch (a file or a link, named by ``item``): its result, or the
    expected problem that stopped it (each refusal is also in the history), or that it was skipped as
    already filed."""

    item: str
    result: ImportResult | None = None
    error: VaultError | None = None
    #: the name of the organisation or certifier the message came from
    org_name: str = ""
    skipped: bool = False


@dataclass(frozen=True)
class BatchImport:
    outcomes: tuple[ImportOutcome, ...]

    @property
    def imported(self) -> tuple[ImportOutcome, ...]:
        return tuple(o for o in self.outcomes if o.result is not None)

    @property
    def failed(self) -> tuple[ImportOutcome, ...]:
        return tuple(o for o in self.outcomes if o.error is not None)


@dataclass(frozen=True)
class ViolationView:
    id: int
    grant_id: str | None
    org: str
    kind: str
    detail: str
    evidence: dict[str, Any]
    created: float
    history_seq: int | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "grant": self.grant_id,
            "org": self.org,
            "kind": self.kind,
            "detail": self.detail,
            "created": self.created,
            "history_seq": self.history_seq,
        }


@dataclass(frozen=True)
class ReceiptView:
    id: str
    grant_id: str
    org: str
    entries: tuple[dict[str, Any], ...]
    violations: tuple[str, ...]
    received: float

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "grant": self.grant_id,
            "org": self.org,
            "entries": list(self.entries),
            "violations": list(self.violations),
            "received": self.received,
        }


@dataclass(frozen=True)
class DerivedView:
    id: str
    org: str
    org_name: str | None
    conclusion: str
    category: str
    method: str
    sources: tuple[tuple[str, tuple[str, ...]], ...]
    state: DerivedState
    grant: str | None
    created: float
    decided: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "org": self.org,
            "org_name": self.org_name,
            "conclusion": self.conclusion,
            "category": self.category,
            "method": self.method,
            "sources": [{"grant": g, "fields": list(f)} for g, f in self.sources],
            "state": self.state.value,
            "grant": self.grant,
            "created": self.created,
            "decided": self.decided,
        }


@dataclass(frozen=True)
class ErasureView:
    id: str
    grant: str
    org: str
    issued: float
    confirmed: float | None
    outcome: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "grant": self.grant,
            "org": self.org,
            "issued": self.issued,
            "confirmed": self.confirmed,
            "outcome": self.outcome,
        }


@dataclass(frozen=True)
class AtRiskHolding:
    """Active grants held by an organisation that a trust list suspended or that is marked non-compliant
    (by a certifier or by the subject): what the GUI and CLI show, with one action to revoke them all."""

    org: str
    name: str
    status: ComplianceStatus
    status_text: str
    grant_ids: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "org": self.org,
            "name": self.name,
            "status": self.status.value,
            "status_text": self.status_text,
            "grants": list(self.grant_ids),
        }


class Revocation(NamedTuple):
    """What revoking a grant did: the signed notice for the organisation and every grant revoked (the grant
    itself first, then what was derived from it or passed on under it)."""

    notice: str
    revoked: list[str]
