"""A history entry's details in the user's words and language.

The history stores metadata under stable keys (``fields``, ``form``, ``violation``...) with stable values;
this module turns them into labelled phrases ("Fields: Email address, Date of birth; Released: anonymised:
year only"), translates the values it knows (yes/no, categories, types, forms, reasons, violations) and moves
identifiers (request, grant and receipt IDs) to the technical details shown on hover. A key this version does
not know is shown as it is, so nothing recorded is ever hidden.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale

from vault_app.domain.model import Category, FieldType
from vault_app.gui import consent_words as w
from vault_app.gui.field_words import field_label, join
from vault_app.gui.i18n import category_label, type_label

#: identifiers: for people who need them (support, a data-protection authority), under "Technical details"
TECHNICAL_KEYS = frozenset(
    {
        "request",
        "grant",
        "receipt",
        "list",
        "erasure",
        "confirmation",
        "response",
        "parent",
        "kdf_memory_kib",
        "schema",
        "file",
        "format",
        "happened_ms",
        "sources",
    }
)
#: free text the core wrote in English; shown only when nothing better (a stable reason word) says it
ENGLISH_TEXT_KEYS = frozenset({"message", "detail"})


# every string here is translated in the "HistoryWords" context


def key_label(key: str) -> str:
    labels = {
        "fields": QCoreApplication.translate("HistoryWords", "Fields"),
        "field": QCoreApplication.translate("HistoryWords", "Field"),
        "form": QCoreApplication.translate("HistoryWords", "Released"),
        "method": QCoreApplication.translate("HistoryWords", "Method"),
        "category": QCoreApplication.translate("HistoryWords", "Category"),
        "type": QCoreApplication.translate("HistoryWords", "Type"),
        "provenance": QCoreApplication.translate("HistoryWords", "Source"),
        "changed": QCoreApplication.translate("HistoryWords", "Changed"),
        "kind": QCoreApplication.translate("HistoryWords", "Kind"),
        "name": QCoreApplication.translate("HistoryWords", "Name"),
        "certifier": QCoreApplication.translate("HistoryWords", "Certifier"),
        "entries": QCoreApplication.translate("HistoryWords", "Entries"),
        "seq": QCoreApplication.translate("HistoryWords", "Number"),
        "expires": QCoreApplication.translate("HistoryWords", "Valid until"),
        "withheld": QCoreApplication.translate("HistoryWords", "Withheld"),
        "onward": QCoreApplication.translate("HistoryWords", "Passed on to"),
        "derivation": QCoreApplication.translate("HistoryWords", "Further processing"),
        "part": QCoreApplication.translate("HistoryWords", "Part of a larger grant"),
        "actions": QCoreApplication.translate("HistoryWords", "Reported use"),
        "violations": QCoreApplication.translate("HistoryWords", "Problems found"),
        "violation": QCoreApplication.translate("HistoryWords", "Problem"),
        "rule": QCoreApplication.translate("HistoryWords", "Rule"),
        "added": QCoreApplication.translate("HistoryWords", "Added"),
        "removed": QCoreApplication.translate("HistoryWords", "Removed"),
        "reason": QCoreApplication.translate("HistoryWords", "Reason"),
        "state": QCoreApplication.translate("HistoryWords", "State"),
        "status": QCoreApplication.translate("HistoryWords", "Status"),
        "blocked": QCoreApplication.translate("HistoryWords", "Blocked"),
        "by": QCoreApplication.translate("HistoryWords", "By"),
        "source": QCoreApplication.translate("HistoryWords", "Source"),
        "sources": QCoreApplication.translate("HistoryWords", "Sources"),
        "conclusion": QCoreApplication.translate("HistoryWords", "Conclusion"),
        "note": QCoreApplication.translate("HistoryWords", "Note"),
        "outcome": QCoreApplication.translate("HistoryWords", "Outcome"),
        "reanonymise_required": QCoreApplication.translate("HistoryWords", "Must be anonymised again"),
        "from": QCoreApplication.translate("HistoryWords", "From"),
        "message": QCoreApplication.translate("HistoryWords", "Message"),
        "detail": QCoreApplication.translate("HistoryWords", "Detail"),
        "data": QCoreApplication.translate("HistoryWords", "Data"),
    }
    return labels.get(key, key)


def _yes_no(v: bool) -> str:
    return w.value_text(v)


def rule_words(rule_id: str) -> str:
    """A standing rule from its stable id ("never-release:health", "max-retention") in words."""
    rule = w.rule_from_id(rule_id)
    if rule is not None:
        return w.rule_description(rule)
    if rule_id.startswith("max-retention"):  # its limit is not in the id
        return QCoreApplication.translate("HistoryWords", "Longest time an organisation may keep data")
    return rule_id


def value_words(key: str, v: Any, org_namer: Callable[[str], str]) -> str:
    if isinstance(v, bool):
        return _yes_no(v)
    if key in ("fields", "withheld", "sources_fields") and isinstance(v, list):
        names = [str(x.get("name")) if isinstance(x, dict) else str(x) for x in v]
        return (
            join(field_label(n) for n in names)
            if names
            else QCoreApplication.translate("HistoryWords", "none")
        )
    if key == "fields" and isinstance(v, str):
        return field_label(v)
    if key in ("conclusion",) and isinstance(v, str):
        return field_label(v)
    if key == "category" and isinstance(v, str):
        try:
            return category_label(Category(v))
        except ValueError:
            return v
    if key == "type" and isinstance(v, str):
        try:
            return type_label(FieldType(v))
        except ValueError:
            return v
    if key == "form" and isinstance(v, str):
        return w.form_label(v, None)
    if key == "method" and isinstance(v, str):
        return w.transform_label_for(v)
    if key == "method" and v is None:
        return QCoreApplication.translate("HistoryWords", "none")
    if key == "kind" and isinstance(v, str):
        return (
            w.request_kind_label(v)
            if v in ("authorisation", "verification", "derived")
            else w.grant_kind_label(v)
        )
    if key in ("rule", "added", "removed") and isinstance(v, str):
        return rule_words(v)
    if key in ("added", "removed") and isinstance(v, list):
        return join(rule_words(str(x)) for x in v)
    if key == "state" and isinstance(v, str):
        return {
            "held": QCoreApplication.translate("HistoryWords", "held for your review"),
            "authorised": QCoreApplication.translate("HistoryWords", "authorised"),
            "refused": QCoreApplication.translate("HistoryWords", "refused"),
            "revoked": QCoreApplication.translate("HistoryWords", "revoked"),
        }.get(v, v)
    if key == "certifier" and v in ("trusted", "untrusted"):
        return (
            QCoreApplication.translate("HistoryWords", "trusted")
            if v == "trusted"
            else QCoreApplication.translate("HistoryWords", "no longer trusted")
        )
    if key == "violation" and isinstance(v, str):
        return w.violation_text(v, v)
    if key == "actions" and isinstance(v, list):
        return join(w.usage_action_label(str(a)) for a in v)
    if key == "derivation" and isinstance(v, list):
        return (
            join(w.processing_noun(str(p)) for p in v)
            if v
            else QCoreApplication.translate("HistoryWords", "none")
        )
    if key == "onward" and isinstance(v, list):
        return (
            join(org_namer(str(d)) for d in v) if v else QCoreApplication.translate("HistoryWords", "nobody")
        )
    if key == "provenance" and isinstance(v, str):
        return {
            "provided": QCoreApplication.translate("HistoryWords", "provided by you"),
            "verified": QCoreApplication.translate("HistoryWords", "verified"),
            "derived": QCoreApplication.translate("HistoryWords", "derived"),
        }.get(v, v)
    if key == "changed" and isinstance(v, list):
        return join(key_label_for_change(str(c)) for c in v)
    if key == "expires" and isinstance(v, (int, float)):
        return QLocale().toString(QDateTime.fromSecsSinceEpoch(int(v)).date(), QLocale.FormatType.ShortFormat)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return QLocale().toString(v) if isinstance(v, int) else QLocale().toString(float(v), "g", 12)
    if isinstance(v, list):
        return join(str(x) for x in v) if v else QCoreApplication.translate("HistoryWords", "none")
    if v is None:
        return QCoreApplication.translate("HistoryWords", "none")
    return str(v)


def key_label_for_change(what: str) -> str:
    return {
        "value": QCoreApplication.translate("HistoryWords", "value"),
        "type": QCoreApplication.translate("HistoryWords", "type"),
        "category": QCoreApplication.translate("HistoryWords", "category"),
        "provenance": QCoreApplication.translate("HistoryWords", "source"),
    }.get(what, what)


def details_text(
    kind: str, data: dict[str, Any], org_namer: Callable[[str], str] = lambda d: d, org: str = ""
) -> str:
    """The visible details: labelled phrases in the user's language, identifiers left out. ``org``: the
    organisation the entry is about (named by ``org_namer``)."""
    parts: list[str] = []
    sep = QCoreApplication.translate("HistoryWords", ": ")  # "：" in Chinese
    reason = data.get("reason")
    for key in sorted(data):
        if key in TECHNICAL_KEYS:
            continue
        v = data[key]
        if key == "message" and isinstance(reason, str):
            said = w.auto_refusal_text(reason, "-")
            if said:
                continue  # the reason word says it in the user's language (below)
        if key == "detail" and isinstance(data.get("violation"), str):
            continue  # the violation kind says it
        if key == "method" and v is None:
            continue  # released exactly: there is no method to name
        if key == "message" and isinstance(data.get("rule"), str):
            continue  # the rule says it in the user's words; the core's sentence is in the technical details
        if key == "reason" and isinstance(v, str):
            said = w.auto_refusal_text(
                v, org_namer(org) if org else QCoreApplication.translate("HistoryWords", "the organisation")
            )
            parts.append(f"{key_label(key)}{sep}{said.strip() if said else v}")
            continue
        parts.append(f"{key_label(key)}{sep}{value_words(key, v, org_namer)}")
    return QCoreApplication.translate("HistoryWords", "; ").join(parts)


def technical_text(data: dict[str, Any]) -> str:
    """Everything recorded, under its stable key, for the tooltip's "Technical details"."""
    lines = []
    for key in sorted(data):
        v = data[key]
        if isinstance(v, (list, tuple)):
            v = ", ".join(str(x) for x in v)
        lines.append(f"{key}: {v}")
    return "\n".join(lines)
