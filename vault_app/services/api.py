"""The facade's vocabulary: every name the GUI and the subject's CLI use from below the services.

The use cases take and return these value types (decisions, plans, rules, history entries, transform
descriptions). They are defined where their rules live (policy, history, crypto, protocol); the user
interfaces name them only through this module and never call those packages' functions directly, so the
route from a screen into the core always passes through :mod:`vault_app.services` (an architecture test
enforces it).
"""

from __future__ import annotations

from vault_app.crypto.kdf import KdfParams, calibrate, minimum_params
from vault_app.history.chain import HistoryEntry, HistoryFilter, VerifyReport
from vault_app.history.kinds import VIOLATION_KINDS, EventKind
from vault_app.policy.anonymise import PRIVACY_LEVELS, ParamInfo, ParamKind, TransformInfo, get_transform
from vault_app.policy.compliance import ComplianceClaim, GateOutcome, SourceKind
from vault_app.policy.decisions import Outcome, ReleasePlan, SubjectDecisions
from vault_app.policy.rules import PrivacyFloor, Rule, RuleAction, RuleFinding, RuleKind
from vault_app.policy.scope import Aspect, Change, DiffItem, ScopeDiff
from vault_app.protocol.codec import peek
from vault_app.protocol.did import public_key_from_did as check_did
from vault_app.protocol.messages import Kind as MessageKind
from vault_app.protocol.transport import fits_qr, qr_code


def message_id(token: str) -> str:
    """The id (``jti``) of a signed message the vault made, for naming it to the subject."""
    return str(peek(token)[1]["jti"])


__all__ = [
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
