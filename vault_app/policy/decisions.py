"""Turning the subject's per-field decisions into exactly the released fields and the granted scope.

Guarantees (each enforced here, whatever the caller passes):

- Only fields the organisation asked for can be released: a decision for any other name raises
  :class:`~vault_app.domain.errors.PolicyDenied` (reason ``not-requested``). Requested fields without a
  decision are withheld, and withheld fields are *absent* from the release (not null, not marked).
- Exact releases carry the stored value; anonymised ones carry the transform's output with its method and
  full parameters (:func:`vault_app.policy.anonymise.apply`). A ``suppress`` transform releases ``None``:
  the field exists, its value is withheld.
- Onward transfer and derivation default to none. They are granted only when the subject explicitly allows
  them *and* the request asked for them (allowing something not asked raises ``not-requested``); every
  onward recipient must be known and compliant
  (:func:`~vault_app.policy.compliance.check_onward_recipient`).
- Retention is never longer than requested, than the privacy floor's longest retention, or than the subject
  chose. Purposes can be narrowed by the subject, never widened.
- The subject's standing rules are checked per field and for the scope
  (:class:`~vault_app.policy.rules.PrivacyFloor` ``check_*``): releasing health data exactly while "always
  anonymise health" is set raises ``rule:<id>``.
- If anything at all would be released, the organisation must pass the final compliance check
  (:func:`~vault_app.policy.compliance.assert_may_release`): nothing ever goes to a blocked, suspended or
  non-compliant organisation, nor to an unassessed one without the subject's explicit confirmation.

Outcome: ``refused`` when nothing is released; ``approved`` when every requested field is released (exactly
or anonymised) on the full requested scope; ``partly_approved`` otherwise (``ReleasePlan.notes`` says what
was less).

Previews: :func:`preview_field` computes a field's release with the same code as :func:`build_release`. For
a randomised transform (noise) pass the previews the subject saw as ``previews=``; the plan then carries
exactly those values (drawn once, kept) instead of new draws. A preview whose method/parameters no longer
match the decision, or a deterministic preview that no longer matches the stored value, raises
ValidationError ("preview out of date").

Public API: ``Outcome``, ``SubjectDecisions``, ``ReleasePlan``, ``preview_field(...)``,
``build_release(...)``, ``grant_retention(requested, floor, chosen=None) -> int``, ``onward_scope(granted,
recipient) -> Scope`` (the narrower scope of the separate grant to onward recipient B: no further transfer,
no derivation).
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from vault_app.domain.consent import Shortfall, ShortfallKind
from vault_app.domain.errors import PolicyDenied, ValidationError
from vault_app.domain.model import (
    Field,
    FieldDecision,
    Processing,
    ReleasedField,
    ReleaseMode,
    RequestedField,
    Scope,
)
from vault_app.policy.anonymise import TransformContext, apply, get_transform
from vault_app.policy.compliance import OrgCompliance, assert_may_release, check_onward_recipient
from vault_app.policy.request import RequestSummary
from vault_app.policy.rules import PrivacyFloor

__all__ = [
    "Outcome",
    "ReleasePlan",
    "SubjectDecisions",
    "build_release",
    "grant_retention",
    "onward_scope",
    "preview_field",
]


class Outcome(enum.StrEnum):
    APPROVED = "approved"
    PARTLY_APPROVED = "partly_approved"
    REFUSED = "refused"


@dataclass(frozen=True)
class SubjectDecisions:
    """Everything the subject decided about one request."""

    fields: tuple[FieldDecision, ...]
    #: onward recipients (DIDs) the subject explicitly allows; must be among those requested
    allow_onward: tuple[str, ...] = ()
    #: processing beyond plain use the subject explicitly allows; must be among those requested
    allow_derivation: tuple[Processing, ...] = ()
    #: a shorter retention chosen by the subject (seconds); None keeps the requested one (within the floor)
    retention_seconds: int | None = None
    #: a narrower set of purposes chosen by the subject; None keeps the requested ones
    purposes: tuple[str, ...] | None = None
    #: the explicit extra confirmation needed to release anything to an organisation nobody has assessed
    unknown_confirmed: bool = False


@dataclass(frozen=True)
class ReleasePlan:
    """What would be signed into the grant. ``scope`` is None when the outcome is ``refused``."""

    outcome: Outcome
    released: tuple[ReleasedField, ...]
    withheld: tuple[str, ...]
    scope: Scope | None
    #: everything granted less than asked (withheld fields, shorter retention, ...), in parts
    shortfalls: tuple[Shortfall, ...] = ()

    @property
    def notes(self) -> tuple[str, ...]:
        """The shortfalls in plain English words."""
        return tuple(s.words() for s in self.shortfalls)

    @property
    def released_names(self) -> tuple[str, ...]:
        return tuple(r.name for r in self.released)


def grant_retention(requested: int, floor: PrivacyFloor, chosen: int | None = None) -> int:
    """A grant's retention: the shortest of the requested one, the floor's limit and the subject's choice."""
    if requested <= 0:
        raise ValidationError("The requested retention must be positive.", field="retention")
    if chosen is not None and chosen <= 0:
        raise ValidationError("The retention you choose must be positive.", field="retention")
    candidates = [requested]
    if floor.max_retention_seconds is not None:
        candidates.append(floor.max_retention_seconds)
    if chosen is not None:
        candidates.append(chosen)
    return min(candidates)


def _requested_or_raise(request: RequestSummary, name: str) -> RequestedField:
    req = request.requested(name)
    if req is None:
        raise PolicyDenied(
            f"Field {name} was not asked for by the organisation, so it cannot be released.",
            reason="not-requested",
        )
    return req


def _check_decision_shape(d: FieldDecision) -> None:
    if d.mode is ReleaseMode.ANONYMISED:
        if not d.transform:
            raise ValidationError(f"Choose how to anonymise field {d.name}.", field=d.name)
        get_transform(d.transform)  # a plain error for an unknown method
    elif d.transform is not None or d.params:
        raise ValidationError(
            f"Field {d.name} is not anonymised, so it takes no anonymisation method.", field=d.name
        )


def preview_field(
    request: RequestSummary,
    decision: FieldDecision,
    field: Field | None,
    context: TransformContext,
    floor: PrivacyFloor,
) -> ReleasedField | None:
    """Exactly what would leave for one field under ``decision`` (None if withheld): same code as release."""
    req = _requested_or_raise(request, decision.name)
    _check_decision_shape(decision)
    if decision.mode is ReleaseMode.WITHHOLD:
        return None
    if field is None:
        raise ValidationError(f"You have no field called {decision.name} to release.", field=decision.name)
    if field.name != decision.name:
        raise ValidationError(
            f"The stored field does not match the decision for {decision.name}.", field=decision.name
        )
    floor.check_field_release(decision.name, (req.category, field.category), decision.mode)
    if decision.mode is ReleaseMode.EXACT:
        return ReleasedField(field.name, field.category, field.value, ReleaseMode.EXACT)
    assert decision.transform is not None  # checked by _check_decision_shape
    res = apply(decision.transform, field, decision.params, context)
    return ReleasedField(
        field.name, field.category, res.value, ReleaseMode.ANONYMISED, res.method, res.params
    )


def _use_preview(fresh: ReleasedField, seen: ReleasedField | None) -> ReleasedField:
    if seen is None:
        return fresh
    if (seen.name, seen.form, seen.method, seen.params) != (
        fresh.name,
        fresh.form,
        fresh.method,
        fresh.params,
    ):
        raise ValidationError(
            f"The preview of field {fresh.name} is out of date: preview it again.", field=fresh.name
        )
    randomised = fresh.method is not None and get_transform(fresh.method).randomised
    if randomised:
        return seen  # drawn once at preview time and kept: the subject saw exactly this value
    if seen.value != fresh.value or type(seen.value) is not type(fresh.value):
        raise ValidationError(
            f"The preview of field {fresh.name} is out of date: preview it again.", field=fresh.name
        )
    return fresh


def build_release(
    request: RequestSummary,
    decisions: SubjectDecisions,
    vault_fields: Mapping[str, Field],
    *,
    floor: PrivacyFloor,
    org: OrgCompliance,
    now: float,
    context: TransformContext,
    onward_orgs: Mapping[str, OrgCompliance] | None = None,
    previews: Mapping[str, ReleasedField] | None = None,
    trusted_certifiers: Collection[str] | None = None,
) -> ReleasePlan:
    """Build the release for ``request`` from the subject's ``decisions``. PolicyDenied / ValidationError."""
    if org.did != request.org_did:
        raise ValidationError(
            "The organisation record does not belong to the organisation that asked.", field="org"
        )
    previews = previews or {}
    onward_orgs = onward_orgs or {}

    # 1. structure: only requested names, each decided once, recipients/processing only as requested
    by_name: dict[str, FieldDecision] = {}
    for d in decisions.fields:
        _requested_or_raise(request, d.name)
        if d.name in by_name:
            raise ValidationError(f"Field {d.name} has two decisions.", field=d.name)
        _check_decision_shape(d)
        by_name[d.name] = d
    for did in decisions.allow_onward:
        if did not in request.scope.onward_recipients:
            raise PolicyDenied(
                f"The organisation did not ask to pass data on to {did}, so that cannot be allowed.",
                reason="not-requested",
            )
    for p in decisions.allow_derivation:
        if p not in request.scope.derivation:
            raise PolicyDenied(
                f"The organisation did not ask for {p.value}, so it cannot be allowed.",
                reason="not-requested",
            )
    if decisions.purposes is not None:
        extra = [p for p in decisions.purposes if p not in request.scope.purposes]
        if extra:
            raise PolicyDenied(
                "Only purposes the organisation asked for can be granted.", reason="not-requested"
            )
        if not decisions.purposes:
            raise ValidationError("Keep at least one purpose, or refuse the request.", field="purposes")

    # 2. fields, in the order the organisation asked for them
    released: list[ReleasedField] = []
    withheld: list[str] = []
    notes: list[Shortfall] = []
    for req in request.fields:
        d = by_name.get(req.name, FieldDecision(req.name, ReleaseMode.WITHHOLD))
        out = preview_field(request, d, vault_fields.get(req.name), context, floor)
        if out is None:
            withheld.append(req.name)
            notes.append(Shortfall(ShortfallKind.FIELD_WITHHELD, req.name))
        else:
            released.append(_use_preview(out, previews.get(req.name)))

    if not released:
        return ReleasePlan(
            Outcome.REFUSED, (), tuple(withheld), None, (Shortfall(ShortfallKind.NOTHING_RELEASED),)
        )

    # 3. the organisation itself: the last word, whatever was decided above
    standing = assert_may_release(
        org, now, unknown_confirmed=decisions.unknown_confirmed, trusted_certifiers=trusted_certifiers
    )
    floor.check_org(standing.status)

    # 4. scope: never wider than asked, never beyond the floor
    onward = tuple(r for r in request.scope.onward_recipients if r in decisions.allow_onward)
    floor.check_onward(onward)
    for did in onward:
        check_onward_recipient(
            onward_orgs.get(did), now, recipient_did=did, trusted_certifiers=trusted_certifiers
        )
    derivation = tuple(p for p in request.scope.derivation if p in decisions.allow_derivation)
    floor.check_derivation(derivation)
    purposes = (
        request.scope.purposes
        if decisions.purposes is None
        else tuple(p for p in request.scope.purposes if p in decisions.purposes)
    )
    retention = grant_retention(request.scope.retention_seconds, floor, decisions.retention_seconds)
    floor.check_retention(retention)
    scope = Scope(purposes, request.scope.purpose_text, retention, onward, derivation)

    asked = request.scope
    if retention < asked.retention_seconds:
        notes.append(
            Shortfall(ShortfallKind.SHORTER_RETENTION, asked=asked.retention_seconds, granted=retention)
        )
    for did in asked.onward_recipients:
        if did not in onward:
            notes.append(Shortfall(ShortfallKind.ONWARD_REFUSED, did))
    for p in asked.derivation:
        if p not in derivation:
            notes.append(Shortfall(ShortfallKind.PROCESSING_REFUSED, p.value))
    if purposes != asked.purposes:
        notes.append(Shortfall(ShortfallKind.FEWER_PURPOSES))
    outcome = Outcome.APPROVED if not notes else Outcome.PARTLY_APPROVED
    return ReleasePlan(outcome, tuple(released), tuple(withheld), scope, tuple(notes))


def onward_scope(granted: Scope, recipient: str) -> Scope:
    """Scope of the separate grant issued to onward recipient B under A's grant.

    B gets the same purposes and retention as A was granted, and nothing more: B may not pass the data on
    again nor derive from it (each would need its own request and approval). ``recipient`` must be one A
    may pass to.
    """
    if recipient not in granted.onward_recipients:
        raise PolicyDenied(
            f"The grant does not allow passing data on to {recipient}.", reason="recipient-not-granted"
        )
    return Scope(granted.purposes, granted.purpose_text, granted.retention_seconds, (), ())
