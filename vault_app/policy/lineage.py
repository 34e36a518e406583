"""Derived data: conclusions drawn from granted data, held until decided and protected like their sources.

A derived-data request names the conclusion (name, category), the method, the processing kind and the
source grants and fields. The vault records it as a :class:`DerivedItem` in state ``held``: *not
authorised* until the subject decides. States::

    held ──authorise(grant_id)──▶ authorised ──revoke──▶ revoked
    held ──refuse───────────────▶ refused
    held ──revoke───────────────▶ revoked       (a source grant was revoked before the subject decided)

Authorising issues a grant for the derived item whose terms (:class:`DerivedGrantTerms`) always carry
``reanonymise_required=True`` -- the conclusion must be anonymised again before any reuse -- and say so in
plain words (``condition_text``); terms with the flag off cannot be built.

:func:`check_sources` compares the request with the source grants it cites (unknown or foreign grant, field
not in the grant, grant not active, processing the grant did not allow); the last one is a violation to
record as "derivation without authorisation". The item is held whatever these say: the subject decides.

Source protection: :func:`cascade_revocation` walks the lineage graph from a revoked grant and returns
every held or authorised derived item that depends on it, transitively (a derived grant can itself be a
source), with the derived grant to revoke and the grant that caused it, in breadth-first order for the
history.

Public API: ``DerivedState``, ``SourceRef``, ``DerivedItem``, ``DerivedGrantTerms``, ``authorise(...)``,
``SourceGrant``, ``LineageIssueKind``, ``LineageIssue``, ``check_sources(item, grants)``, ``LineageGraph``,
``CascadeStep``, ``cascade_revocation(revoked_grant_id, graph) -> list[CascadeStep]``.
"""

from __future__ import annotations

import enum
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from vault_app.domain.consent import DerivedState
from vault_app.domain.errors import PolicyDenied, ValidationError
from vault_app.domain.model import Category, Processing, Scope, validate_field_name
from vault_app.policy.lifecycle import InvalidTransition

__all__ = [
    "CascadeStep",
    "DerivedGrantTerms",
    "DerivedItem",
    "DerivedState",
    "LineageGraph",
    "LineageIssue",
    "LineageIssueKind",
    "SourceGrant",
    "SourceRef",
    "authorise",
    "cascade_revocation",
    "check_sources",
]


@dataclass(frozen=True)
class SourceRef:
    """One source of a derived item: a grant and the fields of it that were used."""

    grant_id: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class DerivedItem:
    """A conclusion an organisation derived, with its lineage. No value: only what it is and where from."""

    item_id: str
    org_did: str
    conclusion: str
    category: Category
    method: str
    sources: tuple[SourceRef, ...]
    processing: Processing = Processing.DERIVE
    state: DerivedState = DerivedState.HELD
    #: the grant issued for this item once authorised
    grant_id: str | None = None
    reason: str | None = None
    changed_at: float | None = None

    def __post_init__(self) -> None:
        validate_field_name(self.conclusion)
        if not self.sources:
            raise ValidationError("A derived-data request must name its source grants.", field="sources")
        if not self.method.strip():
            raise ValidationError("A derived-data request must name its method.", field="method")
        if (self.state is DerivedState.AUTHORISED) and not self.grant_id:
            raise ValidationError("An authorised derived item must name its grant.", field="grant_id")

    @property
    def source_grant_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.grant_id for s in self.sources))

    @property
    def is_authorised(self) -> bool:
        return self.state is DerivedState.AUTHORISED

    def _require(self, event: str, *allowed: DerivedState) -> None:
        if self.state not in allowed:
            raise InvalidTransition("derived item", self.state.value, event)

    def authorise(self, *, grant_id: str, at: float) -> DerivedItem:
        self._require("approve", DerivedState.HELD)
        if not grant_id:
            raise ValidationError("The grant for the derived item must be named.", field="grant_id")
        return replace(self, state=DerivedState.AUTHORISED, grant_id=grant_id, reason=None, changed_at=at)

    def refuse(self, *, at: float, reason: str | None = None) -> DerivedItem:
        self._require("refuse", DerivedState.HELD)
        return replace(self, state=DerivedState.REFUSED, reason=reason, changed_at=at)

    def revoke(self, *, at: float, reason: str | None = None) -> DerivedItem:
        self._require("revoke", DerivedState.HELD, DerivedState.AUTHORISED)
        return replace(self, state=DerivedState.REVOKED, reason=reason, changed_at=at)


REANONYMISE_CONDITION = (
    "This conclusion was derived from personal data. It must be anonymised again before it is used again, "
    "and its sources stay protected: if a source grant is revoked, this grant is revoked too."
)


@dataclass(frozen=True)
class DerivedGrantTerms:
    """The terms of a grant for derived data. ``reanonymise_required`` is always True: it is the condition."""

    item_id: str
    conclusion: str
    source_grant_ids: tuple[str, ...]
    scope: Scope
    reanonymise_required: bool = True

    def __post_init__(self) -> None:
        if self.reanonymise_required is not True:
            raise PolicyDenied(
                "A grant for derived data must require it to be anonymised again before reuse.",
                reason="reanonymise-required",
            )

    @property
    def condition_text(self) -> str:
        return REANONYMISE_CONDITION

    def to_json(self) -> dict[str, object]:
        return {
            "item_id": self.item_id,
            "conclusion": self.conclusion,
            "source_grants": list(self.source_grant_ids),
            "reanonymise_required": True,
            "condition": self.condition_text,
        }


def authorise(
    item: DerivedItem, *, scope: Scope, grant_id: str, at: float
) -> tuple[DerivedItem, DerivedGrantTerms]:
    """Authorise a held item: the new item state and the terms its grant must carry."""
    new = item.authorise(grant_id=grant_id, at=at)
    return new, DerivedGrantTerms(item.item_id, item.conclusion, item.source_grant_ids, scope)


# --- checking the cited sources -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceGrant:
    """What the vault knows about a grant cited as a source."""

    grant_id: str
    org_did: str
    fields: tuple[str, ...]
    derivation: tuple[Processing, ...]
    active: bool


class LineageIssueKind(enum.StrEnum):
    UNKNOWN_SOURCE = "unknown-source-grant"
    FOREIGN_SOURCE = "foreign-source-grant"
    FIELD_NOT_IN_SOURCE = "field-not-in-source"
    SOURCE_NOT_ACTIVE = "source-not-active"
    DERIVATION_NOT_ALLOWED = "derivation-not-allowed"


@dataclass(frozen=True)
class LineageIssue:
    kind: LineageIssueKind
    message: str
    grant_id: str
    field: str | None = None

    @property
    def is_violation(self) -> bool:
        """True if this shows use beyond a grant (to record as a violation), not just a malformed request."""
        return self.kind in (
            LineageIssueKind.DERIVATION_NOT_ALLOWED,
            LineageIssueKind.FIELD_NOT_IN_SOURCE,
            LineageIssueKind.SOURCE_NOT_ACTIVE,
        )


def check_sources(item: DerivedItem, grants: Mapping[str, SourceGrant]) -> list[LineageIssue]:
    """Every way the cited sources do not support the derivation. The item stays held whatever this says."""
    out: list[LineageIssue] = []
    for src in item.sources:
        g = grants.get(src.grant_id)
        if g is None:
            out.append(
                LineageIssue(
                    LineageIssueKind.UNKNOWN_SOURCE, f"Grant {src.grant_id} is not known.", src.grant_id
                )
            )
            continue
        if g.org_did != item.org_did:
            out.append(
                LineageIssue(
                    LineageIssueKind.FOREIGN_SOURCE,
                    f"Grant {src.grant_id} was issued to another organisation.",
                    src.grant_id,
                )
            )
            continue
        if not g.active:
            out.append(
                LineageIssue(
                    LineageIssueKind.SOURCE_NOT_ACTIVE,
                    f"Grant {src.grant_id} is no longer active, so its data may not be used.",
                    src.grant_id,
                )
            )
        for f in src.fields:
            if f not in g.fields:
                out.append(
                    LineageIssue(
                        LineageIssueKind.FIELD_NOT_IN_SOURCE,
                        f"Field {f} was not released by grant {src.grant_id}.",
                        src.grant_id,
                        f,
                    )
                )
        if item.processing not in g.derivation:
            out.append(
                LineageIssue(
                    LineageIssueKind.DERIVATION_NOT_ALLOWED,
                    f"Grant {src.grant_id} does not allow processing of kind {item.processing.value}.",
                    src.grant_id,
                )
            )
    return out


# --- source protection: cascading revocation ----------------------------------------------------------------


class LineageGraph:
    """Which derived items depend on which grants. Built from all derived items the vault holds."""

    def __init__(self, items: Iterable[DerivedItem]) -> None:
        self._items: dict[str, DerivedItem] = {}
        self._by_source: dict[str, list[str]] = {}
        for it in items:
            if it.item_id in self._items:
                raise ValidationError(f"Derived item {it.item_id} appears twice.", field="item_id")
            self._items[it.item_id] = it
            for gid in it.source_grant_ids:
                self._by_source.setdefault(gid, []).append(it.item_id)

    def item(self, item_id: str) -> DerivedItem:
        return self._items[item_id]

    def derived_from(self, grant_id: str) -> tuple[DerivedItem, ...]:
        """Items that cite ``grant_id`` directly, in id order."""
        return tuple(self._items[i] for i in sorted(self._by_source.get(grant_id, ())))


@dataclass(frozen=True)
class CascadeStep:
    """One derived item affected by a revocation, the derived grant to revoke (if any) and why."""

    item_id: str
    grant_id: str | None
    because_of: str
    depth: int

    @property
    def reason(self) -> str:
        return f"Derived from grant {self.because_of}, which was revoked."


def cascade_revocation(
    revoked_grant_id: str, graph: LineageGraph | Iterable[DerivedItem]
) -> list[CascadeStep]:
    """Everything that must be revoked because ``revoked_grant_id`` was, transitively, breadth first.

    Items already refused or revoked need no change and are not listed, but grants derived from them are
    still followed, so a cascade that was interrupted earlier is completed.
    """
    g = graph if isinstance(graph, LineageGraph) else LineageGraph(graph)
    out: list[CascadeStep] = []
    seen_grants = {revoked_grant_id}
    seen_items: set[str] = set()
    queue: deque[tuple[str, int]] = deque([(revoked_grant_id, 1)])
    while queue:
        gid, depth = queue.popleft()
        for it in g.derived_from(gid):
            if it.item_id in seen_items:
                continue
            seen_items.add(it.item_id)
            if it.state in (DerivedState.HELD, DerivedState.AUTHORISED):
                out.append(CascadeStep(it.item_id, it.grant_id, gid, depth))
            if it.grant_id and it.grant_id not in seen_grants:
                seen_grants.add(it.grant_id)
                queue.append((it.grant_id, depth + 1))
    return out
