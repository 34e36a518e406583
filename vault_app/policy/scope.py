"""Grant scope: what a re-request would widen (re-authorisation) and whether reported use stayed inside it.

Re-authorisation. A request that refers to an existing grant is compared with it aspect by aspect
(:func:`diff` -> :class:`ScopeDiff`): fields, purposes, the purpose text, retention, onward recipients and
derivation kinds, each item marked added / removed / longer / shorter / changed / unchanged, with a
``widens`` flag. Widening is: a new field, a new purpose, a changed purpose text (the plain words are what
the subject agreed to), a longer retention, a new recipient, a new derivation kind. ``ScopeDiff.widens`` is
true if any item widens; then the request goes through review like a new one, and nothing wider may be
released until the subject approves. :func:`assert_not_wider` is the guard for any automatic path
(renewals, supersession): it raises :class:`~vault_app.domain.errors.PolicyDenied` (reason
``reauthorisation-needed``) if new terms exceed a grant.

Usage checking. :func:`check_usage` compares one usage receipt's facts (:class:`UsageFacts`, from the
verified, signed receipt) with the grant it cites and returns every :class:`Violation`: use at or after
expiry, after revocation or supersession, a purpose outside the grant, an undeclared recipient, derivation
without authorisation, a field not granted. Each violation has a stable kind, a plain-words message and the
evidence facts (times, ids, field names, purposes -- never personal values) to keep in the history and in
an evidence bundle.

Public API: ``Aspect``, ``Change``, ``DiffItem``, ``ScopeDiff``, ``GrantTerms``, ``diff(existing, request)
-> ScopeDiff``, ``diff_terms(old_scope, old_fields, new_scope, new_fields)``, ``assert_not_wider(existing,
scope, fields)``, ``UsageFacts``, ``ViolationKind``, ``Violation``, ``check_usage(grant_scope, grant_state,
grant_fields, facts, *, issued_at, grant_id=None) -> list[Violation]``.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from vault_app.domain.clock import iso
from vault_app.domain.errors import PolicyDenied, ValidationError
from vault_app.domain.model import Processing, Scope
from vault_app.policy.lifecycle import GrantLifecycle, GrantState
from vault_app.policy.normalise import normalise_text
from vault_app.policy.request import RequestSummary, describe_duration

__all__ = [
    "Aspect",
    "Change",
    "DiffItem",
    "GrantTerms",
    "ScopeDiff",
    "UsageFacts",
    "Violation",
    "ViolationKind",
    "assert_not_wider",
    "check_usage",
    "diff",
    "diff_terms",
]


class Aspect(enum.StrEnum):
    FIELD = "field"
    PURPOSE = "purpose"
    PURPOSE_TEXT = "purpose-text"
    RETENTION = "retention"
    RECIPIENT = "recipient"
    DERIVATION = "derivation"


class Change(enum.StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    LONGER = "longer"
    SHORTER = "shorter"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class DiffItem:
    aspect: Aspect
    change: Change
    #: what the item is about: field name, purpose IRI, recipient DID, processing kind; "" for retention/text
    subject: str
    old: str | None
    new: str | None
    widens: bool
    message: str


@dataclass(frozen=True)
class ScopeDiff:
    items: tuple[DiffItem, ...]

    @property
    def widens(self) -> bool:
        return any(i.widens for i in self.items)

    @property
    def widening(self) -> tuple[DiffItem, ...]:
        return tuple(i for i in self.items if i.widens)

    @property
    def narrowing(self) -> tuple[DiffItem, ...]:
        return tuple(i for i in self.items if not i.widens and i.change is not Change.UNCHANGED)

    @property
    def unchanged(self) -> tuple[DiffItem, ...]:
        return tuple(i for i in self.items if i.change is Change.UNCHANGED)

    def of(self, aspect: Aspect) -> tuple[DiffItem, ...]:
        return tuple(i for i in self.items if i.aspect is aspect)


@dataclass(frozen=True)
class GrantTerms:
    """What an existing grant allows: its scope and the names of the fields it released."""

    grant_id: str
    org_did: str
    scope: Scope
    fields: tuple[str, ...]


_WORD = {
    Aspect.FIELD: "field",
    Aspect.PURPOSE: "purpose",
    Aspect.RECIPIENT: "onward recipient",
    Aspect.DERIVATION: "processing",
}


def _set_items(aspect: Aspect, old: Sequence[str], new: Sequence[str]) -> list[DiffItem]:
    out: list[DiffItem] = []
    w = _WORD[aspect]
    for x in new:
        if x in old:
            out.append(
                DiffItem(
                    aspect, Change.UNCHANGED, x, x, x, False, f"{w.capitalize()} {x}: as already granted."
                )
            )
        else:
            out.append(
                DiffItem(aspect, Change.ADDED, x, None, x, True, f"New {w}: {x} (not in the current grant).")
            )
    for x in old:
        if x not in new:
            out.append(
                DiffItem(
                    aspect, Change.REMOVED, x, x, None, False, f"{w.capitalize()} {x} is no longer asked for."
                )
            )
    return out


def diff_terms(
    old_scope: Scope, old_fields: Sequence[str], new_scope: Scope, new_fields: Sequence[str]
) -> ScopeDiff:
    """Compare new terms with granted ones, item by item, in a stable order (fields, purposes, text, ...)."""
    items = _set_items(Aspect.FIELD, old_fields, new_fields)
    items += _set_items(Aspect.PURPOSE, old_scope.purposes, new_scope.purposes)
    if old_scope.purpose_text != new_scope.purpose_text:
        items.append(
            DiffItem(
                Aspect.PURPOSE_TEXT,
                Change.CHANGED,
                "",
                old_scope.purpose_text,
                new_scope.purpose_text,
                True,
                "The organisation describes its purpose differently: read the new wording.",
            )
        )
    else:
        items.append(
            DiffItem(
                Aspect.PURPOSE_TEXT,
                Change.UNCHANGED,
                "",
                old_scope.purpose_text,
                new_scope.purpose_text,
                False,
                "The purpose is described as before.",
            )
        )
    o, n = old_scope.retention_seconds, new_scope.retention_seconds
    if n > o:
        ch, widens, msg = (
            Change.LONGER,
            True,
            f"Longer retention: {describe_duration(n)} instead of {describe_duration(o)}.",
        )
    elif n < o:
        ch, widens, msg = (
            Change.SHORTER,
            False,
            f"Shorter retention: {describe_duration(n)} instead of {describe_duration(o)}.",
        )
    else:
        ch, widens, msg = Change.UNCHANGED, False, f"Retention as before: {describe_duration(n)}."
    items.append(DiffItem(Aspect.RETENTION, ch, "", str(o), str(n), widens, msg))
    items += _set_items(Aspect.RECIPIENT, old_scope.onward_recipients, new_scope.onward_recipients)
    items += _set_items(
        Aspect.DERIVATION, [p.value for p in old_scope.derivation], [p.value for p in new_scope.derivation]
    )
    return ScopeDiff(tuple(items))


def diff(existing: GrantTerms, request: RequestSummary) -> ScopeDiff:
    """Field-by-field difference between an existing grant and a request that refers to it."""
    if request.org_did != existing.org_did:
        raise ValidationError("A request can only refine a grant of the same organisation.", field="refines")
    if request.refines_grant is not None and request.refines_grant != existing.grant_id:
        raise ValidationError("The request refers to a different grant.", field="refines")
    return diff_terms(existing.scope, existing.fields, request.scope, request.field_names)


def assert_not_wider(existing: GrantTerms, scope: Scope, fields: Sequence[str]) -> None:
    """Raise PolicyDenied if ``scope``/``fields`` go beyond ``existing`` in any way (re-authorisation)."""
    d = diff_terms(existing.scope, existing.fields, scope, fields)
    if d.widens:
        what = "; ".join(i.message for i in d.widening)
        raise PolicyDenied(
            f"This goes beyond what grant {existing.grant_id} allows and needs your approval first: {what}",
            reason="reauthorisation-needed",
        )


# --- usage receipts -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UsageFacts:
    """What a verified usage receipt says the organisation did (one receipt entry, or several merged).

    From the protocol's ``UsageEntry``: ``at`` -> ``used_at``; ``fields``; ``purpose_text``; a ``transfer``
    action's ``recipient`` -> ``recipients``; actions ``analyse``/``derive``/``infer``/``profile`` ->
    ``derivation`` (same words as :class:`~vault_app.domain.model.Processing`);
    ``use``/``store``/``delete`` add nothing to check beyond time and fields.
    """

    used_at: float
    #: purpose IRIs, when the receipt names them
    purposes: tuple[str, ...] = ()
    #: the purpose in the organisation's words, when the receipt gives it; compared with the grant's wording
    #: ignoring case and spacing (the wording is what the subject agreed to)
    purpose_text: str | None = None
    recipients: tuple[str, ...] = ()
    derivation: tuple[Processing, ...] = ()
    fields: tuple[str, ...] = ()
    receipt_id: str | None = None


class ViolationKind(enum.StrEnum):
    USE_AFTER_EXPIRY = "use-after-expiry"
    USE_AFTER_REVOCATION = "use-after-revocation"
    USE_AFTER_SUPERSESSION = "use-after-supersession"
    PURPOSE_OUTSIDE_GRANT = "purpose-outside-grant"
    UNDECLARED_RECIPIENT = "undeclared-recipient"
    UNAUTHORISED_DERIVATION = "unauthorised-derivation"
    FIELD_NOT_GRANTED = "field-not-granted"


@dataclass(frozen=True)
class Violation:
    kind: ViolationKind
    message: str
    #: the facts that show it, as (name, value) pairs; never personal values
    evidence: tuple[tuple[str, str], ...]


def check_usage(
    grant_scope: Scope,
    grant_state: GrantLifecycle,
    grant_fields: Collection[str],
    facts: UsageFacts,
    *,
    issued_at: float,
    grant_id: str | None = None,
) -> list[Violation]:
    """Every way the reported use goes beyond the grant. An empty list means the use was within the grant."""
    base: list[tuple[str, str]] = []
    if grant_id:
        base.append(("grant_id", grant_id))
    if facts.receipt_id:
        base.append(("receipt_id", facts.receipt_id))
    base.append(("used_at", iso(facts.used_at)))
    out: list[Violation] = []

    def add(kind: ViolationKind, message: str, *extra: tuple[str, str]) -> None:
        out.append(Violation(kind, message, (*base, *extra)))

    expires_at = issued_at + grant_scope.retention_seconds
    if grant_state.state is GrantState.EXPIRED and grant_state.changed_at is not None:
        expires_at = min(expires_at, grant_state.changed_at)
    if facts.used_at >= expires_at:
        add(
            ViolationKind.USE_AFTER_EXPIRY,
            f"The data was used on {iso(facts.used_at)}, after the grant expired on {iso(expires_at)}.",
            ("expires_at", iso(expires_at)),
        )
    changed = grant_state.changed_at
    if grant_state.state is GrantState.REVOKED and changed is not None and facts.used_at >= changed:
        add(
            ViolationKind.USE_AFTER_REVOCATION,
            f"The data was used on {iso(facts.used_at)}, after you revoked the grant on {iso(changed)}.",
            ("revoked_at", iso(changed)),
        )
    if grant_state.state is GrantState.SUPERSEDED and changed is not None and facts.used_at >= changed:
        add(
            ViolationKind.USE_AFTER_SUPERSESSION,
            f"The data was used under a grant that was replaced on {iso(changed)} "
            f"by grant {grant_state.superseded_by}.",
            ("superseded_at", iso(changed)),
            ("superseded_by", grant_state.superseded_by or ""),
        )
    for p in facts.purposes:
        if p not in grant_scope.purposes:
            add(
                ViolationKind.PURPOSE_OUTSIDE_GRANT,
                f"The data was used for a purpose you did not grant: {p}.",
                ("purpose", p),
                ("granted_purposes", " ".join(grant_scope.purposes)),
            )
    if facts.purpose_text is not None and normalise_text(facts.purpose_text, casefold=True) != normalise_text(
        grant_scope.purpose_text, casefold=True
    ):
        add(
            ViolationKind.PURPOSE_OUTSIDE_GRANT,
            "The organisation describes the use with a purpose other than the one you granted.",
            ("purpose_text", facts.purpose_text),
            ("granted_purpose_text", grant_scope.purpose_text),
        )
    for r in facts.recipients:
        if r not in grant_scope.onward_recipients:
            add(
                ViolationKind.UNDECLARED_RECIPIENT,
                f"The data was passed on to {r}, which the grant does not allow.",
                ("recipient", r),
                ("granted_recipients", " ".join(grant_scope.onward_recipients)),
            )
    for k in facts.derivation:
        if k not in grant_scope.derivation:
            add(
                ViolationKind.UNAUTHORISED_DERIVATION,
                f"The organisation reports processing of kind {k.value}, which you did not allow.",
                ("processing", k.value),
                ("granted_processing", " ".join(p.value for p in grant_scope.derivation)),
            )
    for f in facts.fields:
        if f not in grant_fields:
            add(
                ViolationKind.FIELD_NOT_GRANTED,
                f"The organisation reports using field {f}, which this grant did not release.",
                ("field", f),
            )
    return out
