"""Organisation compliance: who says an organisation is compliant, what that means now, and the release
gate.

An organisation's standing is built from *claims*: the subject's own judgement and entries of signed trust
lists from certifiers the subject chose to trust (signature checking belongs to the protocol layer; this
module receives already-verified entries). A trust-list entry past its expiry counts as no claim at all, so
the organisation falls back to ``unknown`` unless something else speaks for it.

Combining claims is fail-safe: the most restrictive valid claim wins (suspended > non-compliant > compliant
> unknown), whoever made it. A subject who disagrees with a certifier's negative verdict stops trusting
that certifier (pass ``trusted_certifiers``) rather than overriding it silently. Independently of any
status the subject can *block* an organisation; a block beats everything.

Gate semantics (:func:`gate`): blocked, suspended or non-compliant -> ``refuse`` automatically (the reason
names which); unknown -> ``confirm`` (needs an explicit extra confirmation from the subject); compliant ->
``ok``.

:func:`assert_may_release` is the last check, run right before a grant is signed: it raises
:class:`~vault_app.domain.errors.PolicyDenied` for a refused organisation *whatever the subject decided*,
and for an unknown one unless the subject explicitly confirmed. :func:`check_onward_recipient` does the
same for organisation B of an onward transfer, which must be known (in the registry) *and* compliant --
confirmation is not enough there.

Public API:

- ``SourceKind``, ``ComplianceSource`` (``.subject(...)``, ``.trust_list(...)``), ``ComplianceClaim``
- ``OrgCompliance`` (``.effective(now, trusted_certifiers=None) -> EffectiveCompliance``)
- ``GateOutcome``, ``GateDecision``, ``gate(org, now, *, trusted_certifiers=None) -> GateDecision``
- ``assert_may_release(org, now, *, unknown_confirmed, trusted_certifiers=None) -> EffectiveCompliance``
- ``onward_gate(recipient, now, *, recipient_did, trusted_certifiers=None) -> GateDecision``
- ``check_onward_recipient(recipient, now, *, recipient_did, trusted_certifiers=None) -> None``
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from vault_app.domain.clock import iso
from vault_app.domain.errors import PolicyDenied, ValidationError
from vault_app.domain.model import ComplianceStatus

__all__ = [
    "ComplianceClaim",
    "ComplianceSource",
    "EffectiveCompliance",
    "GateDecision",
    "GateOutcome",
    "OrgCompliance",
    "SourceKind",
    "assert_may_release",
    "check_onward_recipient",
    "gate",
    "onward_gate",
]


class SourceKind(enum.StrEnum):
    SUBJECT = "subject"  # the subject's own judgement
    TRUST_LIST = "trust-list"  # an entry in a certifier's signed trust list


@dataclass(frozen=True)
class ComplianceSource:
    """Who made a compliance claim. A trust-list source names certifier, list and the entry's expiry."""

    kind: SourceKind
    certifier_did: str | None = None
    list_id: str | None = None
    #: seconds since the epoch; trust-list entries must expire, the subject's judgement does not
    expires_at: float | None = None
    issued_at: float | None = None

    def __post_init__(self) -> None:
        if self.kind is SourceKind.TRUST_LIST:
            if not self.certifier_did or not self.list_id or self.expires_at is None:
                raise ValidationError(
                    "A trust-list source needs the certifier, the list id and an expiry time.", field="source"
                )
        elif self.certifier_did or self.list_id or self.expires_at is not None:
            raise ValidationError("Your own judgement has no certifier, list or expiry.", field="source")

    @classmethod
    def subject(cls, *, decided_at: float | None = None) -> ComplianceSource:
        return cls(SourceKind.SUBJECT, issued_at=decided_at)

    @classmethod
    def trust_list(
        cls, certifier_did: str, list_id: str, expires_at: float, *, issued_at: float | None = None
    ) -> ComplianceSource:
        return cls(SourceKind.TRUST_LIST, certifier_did, list_id, float(expires_at), issued_at)

    def expired(self, now: float) -> bool:
        return self.expires_at is not None and now >= self.expires_at

    def describe(self) -> str:
        if self.kind is SourceKind.SUBJECT:
            return "your own judgement"
        until = iso(self.expires_at or 0)
        return f"trust list {self.list_id} from certifier {self.certifier_did} (valid until {until})"

    def to_json(self) -> dict[str, object]:
        d: dict[str, object] = {"kind": self.kind.value}
        for k in ("certifier_did", "list_id", "expires_at", "issued_at"):
            v = getattr(self, k)
            if v is not None:
                d[k] = v
        return d

    @classmethod
    def from_json(cls, d: Mapping[str, object]) -> ComplianceSource:
        try:
            kind = SourceKind(str(d.get("kind")))
        except ValueError:
            raise ValidationError("Unknown compliance source kind.", field="source") from None

        def _num(key: str) -> float | None:
            v = d.get(key)
            if v is None:
                return None
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise ValidationError(f"The compliance source's {key} must be a number.", field="source")
            return float(v)

        def _str(key: str) -> str | None:
            v = d.get(key)
            return None if v is None else str(v)

        return cls(kind, _str("certifier_did"), _str("list_id"), _num("expires_at"), _num("issued_at"))


@dataclass(frozen=True)
class ComplianceClaim:
    """One statement about an organisation's compliance and who made it."""

    status: ComplianceStatus
    source: ComplianceSource

    def to_json(self) -> dict[str, object]:
        return {"status": self.status.value, "source": self.source.to_json()}

    @classmethod
    def from_json(cls, d: Mapping[str, object]) -> ComplianceClaim:
        src = d.get("source")
        if not isinstance(src, Mapping):
            raise ValidationError("A compliance claim needs a source.", field="source")
        try:
            status = ComplianceStatus(str(d.get("status")))
        except ValueError:
            raise ValidationError("Unknown compliance status.", field="status") from None
        return cls(status, ComplianceSource.from_json(src))


@dataclass(frozen=True)
class EffectiveCompliance:
    """An organisation's standing at one moment, with the claim that decided it (None if nobody spoke)."""

    status: ComplianceStatus
    source: ComplianceSource | None
    blocked: bool
    #: true when at least one trust-list entry was ignored because it had expired
    expired_entries: bool = False

    def describe(self) -> str:
        if self.blocked:
            return "blocked by you"
        base = self.status.value.replace("-", " ")
        if self.source is not None:
            return f"{base} ({self.source.describe()})"
        if self.expired_entries:
            return f"{base} (its trust-list entry has expired)"
        return f"{base} (nobody has assessed it)"


# higher = more restrictive; the most restrictive valid claim wins
_SEVERITY = {
    ComplianceStatus.UNKNOWN: 0,
    ComplianceStatus.COMPLIANT: 1,
    ComplianceStatus.NON_COMPLIANT: 2,
    ComplianceStatus.SUSPENDED: 3,
}


@dataclass(frozen=True)
class OrgCompliance:
    """What the vault knows about one organisation's compliance. ``name`` is for messages only."""

    did: str
    claims: tuple[ComplianceClaim, ...] = ()
    blocked: bool = False
    name: str | None = None

    @property
    def label(self) -> str:
        return self.name or self.did

    def effective(
        self, now: float, *, trusted_certifiers: Collection[str] | None = None
    ) -> EffectiveCompliance:
        """Combine claims valid at ``now``, ignoring expired trust-list entries and untrusted certifiers."""
        best: ComplianceClaim | None = None
        expired = False
        for c in self.claims:
            if c.status is ComplianceStatus.UNKNOWN:
                continue  # "I don't know" is not a claim
            if c.source.kind is SourceKind.TRUST_LIST:
                if trusted_certifiers is not None and c.source.certifier_did not in trusted_certifiers:
                    continue
                if c.source.expired(now):
                    expired = True
                    continue
            if best is None or _SEVERITY[c.status] > _SEVERITY[best.status]:
                best = c
        if best is None:
            return EffectiveCompliance(ComplianceStatus.UNKNOWN, None, self.blocked, expired)
        return EffectiveCompliance(best.status, best.source, self.blocked, expired)


class GateOutcome(enum.StrEnum):
    REFUSE = "refuse"  # refuse automatically; nothing may be released
    CONFIRM = "confirm"  # the subject must explicitly confirm before anything is released
    OK = "ok"


@dataclass(frozen=True)
class GateDecision:
    outcome: GateOutcome
    #: stable word for scripts and the history: org-blocked, org-suspended, org-non-compliant, org-unknown, ok
    reason: str
    #: plain words for the subject
    message: str
    standing: EffectiveCompliance


def gate(
    org: OrgCompliance, now: float, *, trusted_certifiers: Collection[str] | None = None
) -> GateDecision:
    """Decide what happens to a request from ``org`` before the subject sees it."""
    eff = org.effective(now, trusted_certifiers=trusted_certifiers)
    who = org.label
    if eff.blocked:
        return GateDecision(
            GateOutcome.REFUSE,
            "org-blocked",
            f"{who} is blocked by you: requests are refused automatically.",
            eff,
        )
    if eff.status is ComplianceStatus.SUSPENDED:
        return GateDecision(
            GateOutcome.REFUSE,
            "org-suspended",
            f"{who} is suspended ({eff.describe()}): nothing can be released to it.",
            eff,
        )
    if eff.status is ComplianceStatus.NON_COMPLIANT:
        return GateDecision(
            GateOutcome.REFUSE,
            "org-non-compliant",
            f"{who} does not meet privacy-protection requirements ({eff.describe()}): "
            "nothing can be released to it.",
            eff,
        )
    if eff.status is ComplianceStatus.UNKNOWN:
        return GateDecision(
            GateOutcome.CONFIRM,
            "org-unknown",
            f"Nobody you trust has assessed {who} ({eff.describe()}). Release only if you are sure.",
            eff,
        )
    return GateDecision(GateOutcome.OK, "ok", f"{who} is {eff.describe()}.", eff)


def assert_may_release(
    org: OrgCompliance,
    now: float,
    *,
    unknown_confirmed: bool,
    trusted_certifiers: Collection[str] | None = None,
) -> EffectiveCompliance:
    """Final check right before signing a grant. Raises PolicyDenied unless ``org`` may receive data now."""
    g = gate(org, now, trusted_certifiers=trusted_certifiers)
    if g.outcome is GateOutcome.REFUSE:
        raise PolicyDenied(g.message, reason=g.reason)
    if g.outcome is GateOutcome.CONFIRM and not unknown_confirmed:
        raise PolicyDenied(
            f"{org.label} has not been assessed: confirm explicitly that you want to release data to it.",
            reason="confirmation-needed",
        )
    return g.standing


def onward_gate(
    recipient: OrgCompliance | None,
    now: float,
    *,
    recipient_did: str,
    trusted_certifiers: Collection[str] | None = None,
) -> GateDecision:
    """Whether data may be passed on to ``recipient`` (organisation B): only ``ok`` or ``refuse``."""
    if recipient is None:
        eff = EffectiveCompliance(ComplianceStatus.UNKNOWN, None, False)
        return GateDecision(
            GateOutcome.REFUSE,
            "recipient-not-known",
            f"The onward recipient {recipient_did} is not in your list of organisations: "
            "data cannot be passed on.",
            eff,
        )
    if recipient.did != recipient_did:
        raise ValidationError("The onward recipient's record does not belong to the named organisation.")
    g = gate(recipient, now, trusted_certifiers=trusted_certifiers)
    if g.outcome is GateOutcome.OK:
        return g
    return GateDecision(
        GateOutcome.REFUSE,
        "recipient-" + g.reason.removeprefix("org-"),
        f"Data cannot be passed on to {recipient.label}: it must be known and compliant, "
        f"but it is {g.standing.describe()}.",
        g.standing,
    )


def check_onward_recipient(
    recipient: OrgCompliance | None,
    now: float,
    *,
    recipient_did: str,
    trusted_certifiers: Collection[str] | None = None,
) -> None:
    """Raise PolicyDenied unless organisation B of an onward transfer is known and compliant now."""
    g = onward_gate(recipient, now, recipient_did=recipient_did, trusted_certifiers=trusted_certifiers)
    if g.outcome is not GateOutcome.OK:
        raise PolicyDenied(g.message, reason=g.reason)
