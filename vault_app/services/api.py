"""The facade's vocabulary: every name the GUI and the subject's CLI use from below the services.

The use cases take and return these value types (decisions, plans, rules, history entries, transform
descriptions). They are defined where their rules live (policy, history, crypto, protocol); the user
interfaces name them only through this module and never call those packages' functions directly, so the
route from a screen into the core always passes through :mod:`vault_app.services` (an architecture test
enforces it).

Each name is loaded when first used (PEP 562), so a screen that needs the history's event kinds does not
load the consent engine's policy and protocol modules with them: importing them all took a third of the
desktop app's start before its first window (issue 15).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vault_app.crypto.kdf import KdfParams, calibrate, minimum_params
    from vault_app.history.chain import HistoryEntry, HistoryFilter, VerifyReport
    from vault_app.history.kinds import VIOLATION_KINDS, EventKind
    from vault_app.policy.anonymise import PRIVACY_LEVELS, ParamInfo, ParamKind, TransformInfo, get_transform
    from vault_app.policy.compliance import ComplianceClaim, GateOutcome, SourceKind
    from vault_app.policy.decisions import Outcome, ReleasePlan, SubjectDecisions
    from vault_app.policy.rules import PrivacyFloor, Rule, RuleAction, RuleFinding, RuleKind
    from vault_app.policy.scope import Aspect, Change, DiffItem, ScopeDiff
    from vault_app.protocol.did import public_key_from_did as check_did
    from vault_app.protocol.messages import Kind as MessageKind
    from vault_app.protocol.transport import fits_qr, qr_code

#: name -> (module, name there)
_WHERE: dict[str, tuple[str, str]] = {
    **{n: ("vault_app.crypto.kdf", n) for n in ("KdfParams", "calibrate", "minimum_params")},
    **{n: ("vault_app.history.chain", n) for n in ("HistoryEntry", "HistoryFilter", "VerifyReport")},
    **{n: ("vault_app.history.kinds", n) for n in ("VIOLATION_KINDS", "EventKind")},
    **{
        n: ("vault_app.policy.anonymise", n)
        for n in ("PRIVACY_LEVELS", "ParamInfo", "ParamKind", "TransformInfo", "get_transform")
    },
    **{n: ("vault_app.policy.compliance", n) for n in ("ComplianceClaim", "GateOutcome", "SourceKind")},
    **{n: ("vault_app.policy.decisions", n) for n in ("Outcome", "ReleasePlan", "SubjectDecisions")},
    **{
        n: ("vault_app.policy.rules", n)
        for n in ("PrivacyFloor", "Rule", "RuleAction", "RuleFinding", "RuleKind")
    },
    **{n: ("vault_app.policy.scope", n) for n in ("Aspect", "Change", "DiffItem", "ScopeDiff")},
    "check_did": ("vault_app.protocol.did", "public_key_from_did"),
    "MessageKind": ("vault_app.protocol.messages", "Kind"),
    **{n: ("vault_app.protocol.transport", n) for n in ("fits_qr", "qr_code")},
}


#: the consent engine's modules, in the order they import each other: a user interface that loads the engine
#: ahead of need (the desktop app, while the unlock screen waits for a password) imports them one at a time,
#: so that no single step holds its event loop for long (issue 15)
CONSENT_ENGINE_MODULES = (
    "vault_app.domain.consent",
    "vault_app.storage.repositories.consent",
    "vault_app.policy.anonymise",
    "vault_app.policy.scope",
    "vault_app.policy.rules",
    "vault_app.policy.compliance",
    "vault_app.policy.lineage",
    "vault_app.protocol.schema",
    "vault_app.protocol.messages",
    "vault_app.protocol.codec",
    "vault_app.protocol.statuslist",
    "vault_app.services.views",
    "vault_app.services.decisions",
    "vault_app.services.inbox",
    "vault_app.services.grants",
    "vault_app.services.consent",
)


def message_id(token: str) -> str:
    """The id (``jti``) of a signed message the vault made, for naming it to the subject."""
    from vault_app.protocol.codec import peek

    return str(peek(token)[1]["jti"])


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(where[0]), where[1])
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "CONSENT_ENGINE_MODULES",
    "PRIVACY_LEVELS",
    "VIOLATION_KINDS",
    "Aspect",
    "Change",
    "ComplianceClaim",
    "DiffItem",
    "EventKind",
    "GateOutcome",
    "HistoryEntry",
    "HistoryFilter",
    "KdfParams",
    "MessageKind",
    "Outcome",
    "ParamInfo",
    "ParamKind",
    "PrivacyFloor",
    "ReleasePlan",
    "Rule",
    "RuleAction",
    "RuleFinding",
    "RuleKind",
    "ScopeDiff",
    "SourceKind",
    "SubjectDecisions",
    "TransformInfo",
    "VerifyReport",
    "calibrate",
    "check_did",
    "fits_qr",
    "get_transform",
    "message_id",
    "minimum_params",
    "qr_code",
]
