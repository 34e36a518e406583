"""The subject's standing rules (the privacy floor): limits that hold for every request and every release.

Rule kinds (``RuleKind``), each with a stable id, a plain-words description and a JSON form for storage:

==========================  ============================  =======  ==========================================
kind                        id                            default  what it does ==========================
============================  =======  ========================================== ``never-release-category``
``never-release:<cat>``       flag     fields of <cat> can never be released ``always-anonymise`` ``always-
anonymise:<cat>``    flag     fields of <cat> can only leave anonymised ``max-retention`` ``max-retention``
flag     grants never last longer than the limit ``no-onward-transfer`` ``no-onward-transfer``        flag
data may never be passed on to others ``no-derivation``           ``no- derivation[:<kinds>]``   flag     no
analysis / derivation / inference /
                                                                   profiling (or only the listed kinds)
``only-compliant``          ``only-compliant``            refuse   only organisations marked compliant may ask
==========================  ============================  =======  ==========================================

Each rule has an *action* for requests that go beyond it: ``refuse`` (refused automatically, naming the rule)
or ``flag`` (shown to the subject with the rule named; the limit is still enforced at release). The subject
may set either action on any rule.

Two moments use the floor:

1. :func:`evaluate` (``PrivacyFloor.evaluate``) on an incoming request -> ``list[RuleFinding]``; any finding
with action ``refuse`` means refuse automatically (:meth:`PrivacyFloor.auto_refusal` picks it). 2. Right
before release, the ``check_*`` methods raise :class:`~vault_app.domain.errors.PolicyDenied` (reason
``rule:<id>``) if a decision would break a rule -- e.g. releasing a health field exactly while "always
anonymise health" is set -- whatever the action says. :mod:`~vault_app.policy.decisions` calls them.

Public API:

- ``RuleKind``, ``RuleAction``, ``Rule`` (constructors ``never_release``, ``always_anonymise``,
  ``max_retention``, ``no_onward_transfer``, ``no_derivation``, ``only_compliant``; ``.id``, ``.description``,
  ``to_json``/``from_json``)
- ``RuleFinding``
- ``PrivacyFloor`` (``evaluate``, ``auto_refusal``, ``max_retention_seconds``, ``check_field_release``,
  ``check_onward``, ``check_derivation``, ``with_rule``, ``without``, ``to_json``/``from_json``)
- ``evaluate(floor, request, org_status) -> list[RuleFinding]``
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from vault_app.domain.errors import PolicyDenied, ValidationError
from vault_app.domain.model import Category, ComplianceStatus, Processing, ReleaseMode
from vault_app.policy.request import RequestSummary, describe_duration

__all__ = [
    "PrivacyFloor",
    "Rule",
    "RuleAction",
    "RuleFinding",
    "RuleKind",
    "evaluate",
]

FLOOR_FORMAT = 1


class RuleKind(enum.StrEnum):
    NEVER_RELEASE_CATEGORY = "never-release-category"
    ALWAYS_ANONYMISE = "always-anonymise"
    MAX_RETENTION = "max-retention"
    NO_ONWARD_TRANSFER = "no-onward-transfer"
    NO_DERIVATION = "no-derivation"
    ONLY_COMPLIANT = "only-compliant"
    #: not about requests: revoke every active grant of an organisation as soon as a trust list suspends it or
    #: it is marked non-compliant (action REFUSE: do it automatically; FLAG: only tell the subject)
    REVOKE_ON_SUSPENSION = "revoke-on-suspension"


class RuleAction(enum.StrEnum):
    REFUSE = "refuse"  # refuse the request automatically
    FLAG = "flag"  # show the subject; the limit is still enforced at release


_DEFAULT_ACTION = {
    RuleKind.NEVER_RELEASE_CATEGORY: RuleAction.FLAG,
    RuleKind.ALWAYS_ANONYMISE: RuleAction.FLAG,
    RuleKind.MAX_RETENTION: RuleAction.FLAG,
    RuleKind.NO_ONWARD_TRANSFER: RuleAction.FLAG,
    RuleKind.NO_DERIVATION: RuleAction.FLAG,
    RuleKind.ONLY_COMPLIANT: RuleAction.REFUSE,
    RuleKind.REVOKE_ON_SUSPENSION: RuleAction.REFUSE,
}

_CATEGORY_KINDS = (RuleKind.NEVER_RELEASE_CATEGORY, RuleKind.ALWAYS_ANONYMISE)

_PROCESSING_WORDS = {
    Processing.ANALYSE: "analysis",
    Processing.DERIVE: "derivation",
    Processing.INFER: "inference",
    Processing.PROFILE: "profiling",
}


@dataclass(frozen=True)
class Rule:
    """One standing rule. Use the class-method constructors; they fill only the parameters the kind needs."""

    kind: RuleKind
    action: RuleAction
    category: Category | None = None
    max_retention_seconds: int | None = None
    #: for NO_DERIVATION: the forbidden processing kinds (all of them when built with no argument)
    processing: tuple[Processing, ...] = ()

    def __post_init__(self) -> None:
        if (self.kind in _CATEGORY_KINDS) != (self.category is not None):
            raise ValidationError("Only category rules name a category, and they must.", field="category")
        if (self.kind is RuleKind.MAX_RETENTION) != (self.max_retention_seconds is not None):
            raise ValidationError(
                "Only the retention rule has a longest retention, and it must.", field="retention"
            )
        if self.max_retention_seconds is not None and self.max_retention_seconds <= 0:
            raise ValidationError("The longest retention must be positive.", field="retention")
        if self.kind is RuleKind.NO_DERIVATION:
            if not self.processing:
                raise ValidationError("The derivation rule must name what it forbids.", field="processing")
            # canonical order so ids and equality do not depend on how the rule was written
            object.__setattr__(self, "processing", tuple(p for p in Processing if p in self.processing))
        elif self.processing:
            raise ValidationError("Only the derivation rule lists processing kinds.", field="processing")

    # --- constructors --------------------------------------------------------------------------------------

    @classmethod
    def never_release(cls, category: Category, action: RuleAction | None = None) -> Rule:
        k = RuleKind.NEVER_RELEASE_CATEGORY
        return cls(k, action or _DEFAULT_ACTION[k], category=category)

    @classmethod
    def always_anonymise(cls, category: Category, action: RuleAction | None = None) -> Rule:
        k = RuleKind.ALWAYS_ANONYMISE
        return cls(k, action or _DEFAULT_ACTION[k], category=category)

    @classmethod
    def max_retention(cls, seconds: int, action: RuleAction | None = None) -> Rule:
        k = RuleKind.MAX_RETENTION
        return cls(k, action or _DEFAULT_ACTION[k], max_retention_seconds=int(seconds))

    @classmethod
    def no_onward_transfer(cls, action: RuleAction | None = None) -> Rule:
        k = RuleKind.NO_ONWARD_TRANSFER
        return cls(k, action or _DEFAULT_ACTION[k])

    @classmethod
    def no_derivation(
        cls, kinds: Iterable[Processing] = tuple(Processing), action: RuleAction | None = None
    ) -> Rule:
        k = RuleKind.NO_DERIVATION
        return cls(k, action or _DEFAULT_ACTION[k], processing=tuple(kinds))

    @classmethod
    def only_compliant(cls, action: RuleAction | None = None) -> Rule:
        k = RuleKind.ONLY_COMPLIANT
        return cls(k, action or _DEFAULT_ACTION[k])

    @classmethod
    def revoke_on_suspension(cls, action: RuleAction | None = None) -> Rule:
        k = RuleKind.REVOKE_ON_SUSPENSION
        return cls(k, action or _DEFAULT_ACTION[k])

    # --- words and ids -------------------------------------------------------------------------------------

    @property
    def id(self) -> str:
        """Stable identifier: one rule per id in a floor; used in findings, history and ``rules set``."""
        if self.kind is RuleKind.NEVER_RELEASE_CATEGORY:
            return f"never-release:{self.category}"
        if self.kind is RuleKind.ALWAYS_ANONYMISE:
            return f"always-anonymise:{self.category}"
        if self.kind is RuleKind.NO_DERIVATION and set(self.processing) != set(Processing):
            return "no-derivation:" + "+".join(p.value for p in self.processing)
        return self.kind.value

    @classmethod
    def from_id(cls, rule_id: str) -> Rule | None:
        """The rule an :attr:`id` stands for (with its kind's default action), or None for an id this version
        does not know or that does not carry the rule's parameter (``max-retention``: its limit is not in the
        id). The inverse of :attr:`id`; a test ties the two."""
        kind, _, arg = rule_id.partition(":")
        try:
            if kind == "never-release":
                return cls.never_release(Category(arg))
            if kind == "always-anonymise":
                return cls.always_anonymise(Category(arg))
            if kind == RuleKind.NO_DERIVATION.value:
                return cls.no_derivation(
                    [Processing(p) for p in arg.split("+")] if arg else tuple(Processing)
                )
            if kind == RuleKind.NO_ONWARD_TRANSFER.value and not arg:
                return cls.no_onward_transfer()
            if kind == RuleKind.ONLY_COMPLIANT.value and not arg:
                return cls.only_compliant()
            if kind == RuleKind.REVOKE_ON_SUSPENSION.value and not arg:
                return cls.revoke_on_suspension()
        except (ValueError, ValidationError):
            return None
        return None

    @property
    def description(self) -> str:
        if self.kind is RuleKind.NEVER_RELEASE_CATEGORY:
            return f"Never release {self.category} data."
        if self.kind is RuleKind.ALWAYS_ANONYMISE:
            return f"Always anonymise {self.category} data."
        if self.kind is RuleKind.MAX_RETENTION:
            limit = describe_duration(self.max_retention_seconds or 0)
            return f"Never let an organisation keep data longer than {limit}."
        if self.kind is RuleKind.NO_ONWARD_TRANSFER:
            return "Never allow data to be passed on to other organisations."
        if self.kind is RuleKind.NO_DERIVATION:
            words = ", ".join(_PROCESSING_WORDS[p] for p in self.processing)
            return f"Never allow {words} of your data."
        if self.kind is RuleKind.REVOKE_ON_SUSPENSION:
            if self.action is RuleAction.REFUSE:
                return (
                    "Revoke every grant of an organisation as soon as it is suspended or found non-compliant."
                )
            return "Tell me which grants an organisation holds when it is suspended or found non-compliant."
        return "Only deal with organisations marked compliant."

    # --- storage -------------------------------------------------------------------------------------------

    def to_json(self) -> dict[str, object]:
        d: dict[str, object] = {"kind": self.kind.value, "action": self.action.value}
        if self.category is not None:
            d["category"] = self.category.value
        if self.max_retention_seconds is not None:
            d["max_retention_seconds"] = self.max_retention_seconds
        if self.kind is RuleKind.NO_DERIVATION:
            d["processing"] = [p.value for p in self.processing]
        return d

    @classmethod
    def from_json(cls, d: Mapping[str, object]) -> Rule:
        try:
            kind = RuleKind(str(d.get("kind")))
            action = RuleAction(str(d.get("action", _DEFAULT_ACTION.get(kind, "flag"))))
            cat = Category(str(d["category"])) if d.get("category") is not None else None
            procs_raw = d.get("processing", [])
            procs = tuple(Processing(str(p)) for p in (procs_raw if isinstance(procs_raw, list) else [None]))
        except (ValueError, KeyError):
            raise ValidationError(
                "A stored rule has an unknown kind, action, category or processing."
            ) from None
        ret = d.get("max_retention_seconds")
        if ret is not None and (isinstance(ret, bool) or not isinstance(ret, int)):
            raise ValidationError(
                "A stored retention limit must be a whole number of seconds.", field="retention"
            )
        return cls(kind, action, category=cat, max_retention_seconds=ret, processing=procs)


@dataclass(frozen=True)
class RuleFinding:
    """A rule an incoming request goes beyond. ``fields`` names the requested fields concerned, if any."""

    rule_id: str
    kind: RuleKind
    action: RuleAction
    message: str
    fields: tuple[str, ...] = ()

    @property
    def refuses(self) -> bool:
        return self.action is RuleAction.REFUSE


def _denied(rule: Rule, what: str) -> PolicyDenied:
    return PolicyDenied(
        f"Your rule \u201c{rule.description}\u201d does not allow this: {what}", reason=f"rule:{rule.id}"
    )


@dataclass(frozen=True)
class PrivacyFloor:
    """The subject's set of standing rules. At most one rule per id; order is kept for display."""

    rules: tuple[Rule, ...] = ()

    def __post_init__(self) -> None:
        ids = [r.id for r in self.rules]
        if len(ids) != len(set(ids)):
            raise ValidationError("The same rule is set twice.", field="rules")
        if sum(r.kind is RuleKind.MAX_RETENTION for r in self.rules) > 1:
            raise ValidationError("Only one longest-retention rule can be set.", field="rules")

    # --- editing -------------------------------------------------------------------------------------------

    def with_rule(self, rule: Rule) -> PrivacyFloor:
        """Add ``rule``, replacing a rule with the same id (or the existing retention limit)."""
        kept = tuple(
            r
            for r in self.rules
            if r.id != rule.id
            and not (r.kind is RuleKind.MAX_RETENTION and rule.kind is RuleKind.MAX_RETENTION)
        )
        return replace(self, rules=(*kept, rule))

    def without(self, rule_id: str) -> PrivacyFloor:
        if all(r.id != rule_id for r in self.rules):
            raise ValidationError(f"There is no rule {rule_id}.", field="rules")
        return replace(self, rules=tuple(r for r in self.rules if r.id != rule_id))

    # --- queries -------------------------------------------------------------------------------------------

    def _of(self, kind: RuleKind) -> list[Rule]:
        return [r for r in self.rules if r.kind is kind]

    @property
    def max_retention_seconds(self) -> int | None:
        limits = [
            r.max_retention_seconds for r in self._of(RuleKind.MAX_RETENTION) if r.max_retention_seconds
        ]
        return min(limits) if limits else None

    def forbidden_categories(self) -> frozenset[Category]:
        return frozenset(r.category for r in self._of(RuleKind.NEVER_RELEASE_CATEGORY) if r.category)

    def anonymised_categories(self) -> frozenset[Category]:
        return frozenset(r.category for r in self._of(RuleKind.ALWAYS_ANONYMISE) if r.category)

    def evaluate(self, request: RequestSummary, org_status: ComplianceStatus) -> list[RuleFinding]:
        """Every rule the request goes beyond, in rule order (``org_status``: the effective status)."""
        out: list[RuleFinding] = []
        for r in self.rules:
            f = _check_request(r, request, org_status)
            if f is not None:
                out.append(f)
        return out

    @staticmethod
    def auto_refusal(findings: Sequence[RuleFinding]) -> RuleFinding | None:
        """The first finding that refuses the request automatically; None if the subject should review it."""
        return next((f for f in findings if f.refuses), None)

    # --- release-time checks (raise PolicyDenied) -----------------------------------------------------------

    def check_field_release(self, name: str, categories: Iterable[Category], mode: ReleaseMode) -> None:
        """Raise if releasing field ``name`` (of these categories) in ``mode`` breaks a rule."""
        if mode is ReleaseMode.WITHHOLD:
            return
        cats = set(categories)
        for r in self.rules:
            if r.kind is RuleKind.NEVER_RELEASE_CATEGORY and r.category in cats:
                raise _denied(r, f"field {name} is {r.category} data and must be withheld.")
            if r.kind is RuleKind.ALWAYS_ANONYMISE and r.category in cats and mode is ReleaseMode.EXACT:
                raise _denied(r, f"field {name} is {r.category} data and can only be released anonymised.")

    def check_onward(self, recipients: Iterable[str]) -> None:
        recips = tuple(recipients)
        if not recips:
            return
        for r in self._of(RuleKind.NO_ONWARD_TRANSFER):
            raise _denied(r, "the data may not be passed on to " + ", ".join(recips) + ".")

    def check_derivation(self, kinds: Iterable[Processing]) -> None:
        wanted = set(kinds)
        for r in self._of(RuleKind.NO_DERIVATION):
            bad = [p for p in r.processing if p in wanted]
            if bad:
                raise _denied(r, ", ".join(_PROCESSING_WORDS[p] for p in bad) + " cannot be allowed.")

    def check_retention(self, seconds: int) -> None:
        limit = self.max_retention_seconds
        if limit is not None and seconds > limit:
            (r,) = self._of(RuleKind.MAX_RETENTION)
            raise _denied(r, f"a retention of {describe_duration(seconds)} is too long.")

    def check_org(self, org_status: ComplianceStatus) -> None:
        if org_status is not ComplianceStatus.COMPLIANT:
            for r in self._of(RuleKind.ONLY_COMPLIANT):
                raise _denied(
                    r, f"the organisation is {org_status.value.replace('-', ' ')}, not marked compliant."
                )

    # --- storage -------------------------------------------------------------------------------------------

    def to_json(self) -> str:
        return json.dumps(
            {"format": FLOOR_FORMAT, "rules": [r.to_json() for r in self.rules]},
            sort_keys=True,
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> PrivacyFloor:
        try:
            d = json.loads(text)
        except ValueError:
            raise ValidationError("The stored rules are not valid JSON.", field="rules") from None
        if not isinstance(d, dict) or d.get("format") != FLOOR_FORMAT or not isinstance(d.get("rules"), list):
            raise ValidationError("The stored rules are in an unknown format.", field="rules")
        rules = []
        for item in d["rules"]:
            if not isinstance(item, dict):
                raise ValidationError("A stored rule is not an object.", field="rules")
            rules.append(Rule.from_json(item))
        return cls(tuple(rules))


def _names(fields: Iterable[str]) -> str:
    return ", ".join(fields)


def _check_request(r: Rule, req: RequestSummary, org_status: ComplianceStatus) -> RuleFinding | None:
    refuse = r.action is RuleAction.REFUSE
    head = (
        f"Refused automatically by your rule \u201c{r.description}\u201d"
        if refuse
        else f"Your rule \u201c{r.description}\u201d applies"
    )

    def finding(what: str, fields: tuple[str, ...] = ()) -> RuleFinding:
        return RuleFinding(r.id, r.kind, r.action, f"{head}: {what}", fields)

    if r.kind in _CATEGORY_KINDS:
        hit = tuple(f.name for f in req.fields if f.category is r.category)
        if not hit:
            return None
        if r.kind is RuleKind.NEVER_RELEASE_CATEGORY:
            tail = "." if refuse else "; they will be withheld."
            return finding(f"the request asks for {r.category} data ({_names(hit)}){tail}", hit)
        tail = "." if refuse else "; they can only be released anonymised."
        return finding(f"the request asks for {r.category} data ({_names(hit)}){tail}", hit)
    if r.kind is RuleKind.MAX_RETENTION:
        limit = r.max_retention_seconds or 0
        asked = req.scope.retention_seconds
        if asked <= limit:
            return None
        tail = "." if refuse else f"; a grant would last at most {describe_duration(limit)}."
        return finding(f"the organisation wants to keep the data for {describe_duration(asked)}{tail}")
    if r.kind is RuleKind.NO_ONWARD_TRANSFER:
        if not req.scope.onward_recipients:
            return None
        tail = "." if refuse else "; this cannot be allowed."
        return finding(
            f"the organisation wants to pass the data on to {_names(req.scope.onward_recipients)}{tail}"
        )
    if r.kind is RuleKind.NO_DERIVATION:
        bad = [p for p in r.processing if p in req.scope.derivation]
        if not bad:
            return None
        tail = "." if refuse else "; this cannot be allowed."
        return finding(f"the organisation asks for {', '.join(_PROCESSING_WORDS[p] for p in bad)}{tail}")
    if r.kind is RuleKind.REVOKE_ON_SUSPENSION:
        return None  # acts on grants already given, not on requests (ConsentService.apply_suspension_rule)
    # ONLY_COMPLIANT
    if org_status is ComplianceStatus.COMPLIANT:
        return None
    return finding(f"the organisation is {org_status.value.replace('-', ' ')}, not marked compliant.")


def evaluate(floor: PrivacyFloor, request: RequestSummary, org_status: ComplianceStatus) -> list[RuleFinding]:
    """Module-level form of :meth:`PrivacyFloor.evaluate`."""
    return floor.evaluate(request, org_status)
