"""A history entry's details in the user's words and language.

The history stores metadata under stable keys (``fields``, ``form``, ``violation``...) with stable values;
this module turns them into labelled phrases ("Fields: Email address, Date of birth; Released: anonymised:
year only"), translates the values it knows (yes/no, categories, types, forms, reasons, violations) and
moves identifiers (request, grant and receipt IDs) to the technical details shown on hover. A key this
version does not know is shown as it is, so nothing recorded is ever hidden.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, QObject

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


class HistoryWords(QObject):
    """Only a translation context: ``HistoryWords.tr(...)`` is called on the class."""

    @staticmethod
    def tr(source: str, disambiguation: str | None = None, n: int = -1) -> str:  # type: ignore[override]
        return QCoreApplication.translate("HistoryWords", source, disambiguation, n)


def key_label(key: str) -> str:
    labels = {
        "fields": HistoryWords.tr("Fields"),
        "field": HistoryWords.tr("Field"),
        "form": HistoryWords.tr("Released"),
        "method": HistoryWords.tr("Method"),
        "category": HistoryWords.tr("Category"),
        "type": HistoryWords.tr("Type"),
        "provenance": HistoryWords.tr("Source"),
        "changed": HistoryWords.tr("Changed"),
        "kind": HistoryWords.tr("Kind"),
        "name": HistoryWords.tr("Name"),
        "certifier": HistoryWords.tr("Certifier"),
        "entries": HistoryWords.tr("Entries"),
        "seq": HistoryWords.tr("Number"),
        "expires": HistoryWords.tr("Valid until"),
        "withheld": HistoryWords.tr("Withheld"),
        "onward": HistoryWords.tr("Passed on to"),
        "derivation": HistoryWords.tr("Further processing"),
        "part": HistoryWords.tr("Part of a larger grant"),
        "actions": HistoryWords.tr("Reported use"),
        "violations": HistoryWords.tr("Problems found"),
        "violation": HistoryWords.tr("Problem"),
        "rule": HistoryWords.tr("Rule"),
        "added": HistoryWords.tr("Added"),
        "removed": HistoryWords.tr("Removed"),
        "reason": HistoryWords.tr("Reason"),
        "state": HistoryWords.tr("State"),
        "status": HistoryWords.tr("Status"),
        "blocked": HistoryWords.tr("Blocked"),
        "by": HistoryWords.tr("By"),
        "source": HistoryWords.tr("Source"),
        "sources": HistoryWords.tr("Sources"),
        "conclusion": HistoryWords.tr("Conclusion"),
        "note": HistoryWords.tr("Note"),
        "outcome": HistoryWords.tr("Outcome"),
        "reanonymise_required": HistoryWords.tr("Must be anonymised again"),
        "from": HistoryWords.tr("From"),
        "message": HistoryWords.tr("Message"),
        "detail": HistoryWords.tr("Detail"),
        "data": HistoryWords.tr("Data"),
        "results": HistoryWords.tr("Answers"),
        "held": HistoryWords.tr("Declined by your vault"),
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
        return HistoryWords.tr("Longest time an organisation may keep data")
    return rule_id


def value_words(key: str, v: Any, org_namer: Callable[[str], str]) -> str:
    if isinstance(v, bool):
        return _yes_no(v)
    if key in ("fields", "withheld", "sources_fields") and isinstance(v, list):
        names = [str(x.get("name")) if isinstance(x, dict) else str(x) for x in v]
        return join(field_label(n) for n in names) if names else HistoryWords.tr("none")
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
        return HistoryWords.tr("none")
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
            "held": HistoryWords.tr("held for your review"),
            "authorised": HistoryWords.tr("authorised"),
            "refused": HistoryWords.tr("refused"),
            "revoked": HistoryWords.tr("revoked"),
        }.get(v, v)
    if key == "certifier" and v in ("trusted", "untrusted"):
        return HistoryWords.tr("trusted") if v == "trusted" else HistoryWords.tr("no longer trusted")
    if key == "violation" and isinstance(v, str):
        return w.violation_text(v, v)
    if key == "actions" and isinstance(v, list):
        return join(w.usage_action_label(str(a)) for a in v)
    if key == "derivation" and isinstance(v, list):
        return join(w.processing_noun(str(p)) for p in v) if v else HistoryWords.tr("none")
    if key == "onward" and isinstance(v, list):
        return join(org_namer(str(d)) for d in v) if v else HistoryWords.tr("nobody")
    if key == "provenance" and isinstance(v, str):
        return {
            "provided": HistoryWords.tr("provided by you"),
            "verified": HistoryWords.tr("verified"),
            "derived": HistoryWords.tr("derived"),
        }.get(v, v)
    if key == "changed" and isinstance(v, list):
        return join(key_label_for_change(str(c)) for c in v)
    if key == "expires" and isinstance(v, (int, float)):
        return QLocale().toString(QDateTime.fromSecsSinceEpoch(int(v)).date(), QLocale.FormatType.ShortFormat)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return QLocale().toString(v) if isinstance(v, int) else QLocale().toString(float(v), "g", 12)
    if isinstance(v, list):
        return join(str(x) for x in v) if v else HistoryWords.tr("none")
    if v is None:
        return HistoryWords.tr("none")
    return str(v)


def check_outcome_words(outcome: str, by_vault: bool = False) -> str:
    """One answer of a verification (``match``, ``mismatch``, ``unknown``, ``declined``) in words."""
    if outcome == "declined":
        return HistoryWords.tr("declined by your vault") if by_vault else HistoryWords.tr("declined by you")
    return {
        "match": HistoryWords.tr("matches your record"),
        "mismatch": HistoryWords.tr("does not match your record"),
        "unknown": HistoryWords.tr("you have no such field"),
    }.get(outcome, outcome)


def held_words(held: dict[str, Any]) -> str:
    """Why the vault declined checks by itself, as an answer's entry keeps it, one sentence per check."""
    out = []
    for name in sorted(held):
        d = held[name]
        if not isinstance(d, dict):
            continue
        out.append(
            w.hold_text(
                str(d.get("reason", "")),
                str(name),
                rule_id=str(d["rule"]) if isinstance(d.get("rule"), str) else None,
                asked=int(d.get("asked", 0)) if isinstance(d.get("asked"), int) else 0,
                days=int(d.get("days", 0)) if isinstance(d.get("days"), int) else 0,
            )
        )
    return " ".join(out)


def key_label_for_change(what: str) -> str:
    return {
        "value": HistoryWords.tr("value"),
        "type": HistoryWords.tr("type"),
        "category": HistoryWords.tr("category"),
        "provenance": HistoryWords.tr("source"),
    }.get(what, what)


def details_text(
    kind: str, data: dict[str, Any], org_namer: Callable[[str], str] = lambda d: d, org: str = ""
) -> str:
    """The visible details: labelled phrases in the user's language, identifiers left out. ``org``: the
    organisation the entry is about (named by ``org_namer``)."""
    parts: list[str] = []
    sep = HistoryWords.tr(": ")  # "：" in Chinese
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
        if key == "results" and isinstance(v, dict):
            kept = data.get("held")
            held: dict[str, Any] = kept if isinstance(kept, dict) else {}
            said = HistoryWords.tr(", ").join(
                f"{field_label(str(n))} {check_outcome_words(str(o), str(n) in held)}" for n, o in v.items()
            )
            parts.append(f"{key_label(key)}{sep}{said}")
            if held:  # why, right after the answers
                parts.append(f"{key_label('held')}{sep}{held_words(held)}")
            continue
        if key == "held" and isinstance(v, dict) and isinstance(data.get("results"), dict):
            continue  # said with the answers
        if key == "reason" and isinstance(v, str):
            said = w.auto_refusal_text(v, org_namer(org) if org else HistoryWords.tr("the organisation"))
            parts.append(f"{key_label(key)}{sep}{said.strip() if said else v}")
            continue
        parts.append(f"{key_label(key)}{sep}{value_words(key, v, org_namer)}")
    return HistoryWords.tr("; ").join(parts)


def technical_text(data: dict[str, Any]) -> str:
    """Everything recorded, under its stable key, for the tooltip's "Technical details"."""
    lines = []
    for key in sorted(data):
        v = data[key]
        if isinstance(v, (list, tuple)):
            v = ", ".join(str(x) for x in v)
        lines.append(f"{key}: {v}")
    return "\n".join(lines)
