"""The consent engine's things in the user's words: compliance badges, request and grant states, purposes from
the DPV vocabulary, durations, standing rules, rule findings, re-authorisation differences, anonymisation methods
and the reasons a message is refused.

The core speaks English and stable identifiers (enum values, reason words, transform ids); everything shown to
the user is built here from those identifiers, so it can be translated. Texts that only exist as English
sentences in the core (a reason an organisation gave, a certifier's list name) are shown as they are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, QObject, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from vault_app.domain.model import Category, ComplianceStatus, Processing
from vault_app.gui.field_words import field_label, field_list
from vault_app.gui.i18n import category_label
from vault_app.services.api import ParamInfo, TransformInfo
from vault_app.services.api import ComplianceClaim, SourceKind
from vault_app.domain.consent import Duration, DurationUnit, GrantState, RequestState
from vault_app.services.api import Rule, RuleAction, RuleFinding, RuleKind
from vault_app.services.api import Aspect, Change, DiffItem


class Words(QObject):
    """Only a translation context: ``QCoreApplication.translate("Words", ...)`` (lupdate files these strings under "Words")."""

# -- colours -------------------------------------------------------------------------------------------------
def is_dark() -> bool:
    return QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


# (light palette, dark palette) text colours with enough contrast on each
_TONES = {
    "ok": ("#107c10", "#6ccb5f"),
    "warn": ("#8a5a00", "#ffc83d"),
    "error": ("#c50f1f", "#ff7b7b"),
    "neutral": ("#505050", "#c8c8c8"),
}


def tone_colour(kind: str) -> QColor:
    """A text colour for a status ("ok", "warn", "error", "neutral") on the current palette."""
    return QColor(_TONES[kind][1 if is_dark() else 0])


def tone_background(kind: str) -> QColor:
    """A translucent background for the same status: reads on light and dark palettes without hiding text."""
    c = QColor(_TONES[kind][0])
    c.setAlpha(70 if is_dark() else 38)
    return c


# -- organisations -------------------------------------------------------------------------------------------
def compliance_tone(status: ComplianceStatus, blocked: bool = False) -> str:
    if blocked or status in (ComplianceStatus.NON_COMPLIANT, ComplianceStatus.SUSPENDED):
        return "error"
    if status is ComplianceStatus.COMPLIANT:
        return "ok"
    return "warn"


def compliance_label(status: ComplianceStatus, blocked: bool = False) -> str:
    """Text of a compliance badge, with a symbol so it never relies on colour alone."""
    if blocked:
        return QCoreApplication.translate("Words", "\u2718 Blocked by you")
    return {
        ComplianceStatus.COMPLIANT: QCoreApplication.translate("Words", "\u2714 Compliant"),
        ComplianceStatus.NON_COMPLIANT: QCoreApplication.translate("Words", "\u2718 Not compliant"),
        ComplianceStatus.SUSPENDED: QCoreApplication.translate("Words", "\u2718 Suspended"),
        ComplianceStatus.UNKNOWN: QCoreApplication.translate("Words", "? Not assessed"),
    }[status]


def judgement_label(status: ComplianceStatus) -> str:
    """The subject's own judgement, for the choice on the Organisations page."""
    return {
        ComplianceStatus.COMPLIANT: QCoreApplication.translate("Words", "Compliant"),
        ComplianceStatus.NON_COMPLIANT: QCoreApplication.translate("Words", "Not compliant"),
        ComplianceStatus.SUSPENDED: QCoreApplication.translate("Words", "Suspended"),
        ComplianceStatus.UNKNOWN: QCoreApplication.translate("Words", "No judgement (not assessed)"),
    }[status]


class ComplianceBadge(QLabel):
    """A coloured, palette-aware compliance badge whose text says the status (colour is only a help)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.set_status(None)

    def set_status(self, status: ComplianceStatus | None, blocked: bool = False) -> None:
        if status is None:
            self.clear()
            self.setStyleSheet("")
            self.setAccessibleName("")
            return
        text = compliance_label(status, blocked)
        kind = compliance_tone(status, blocked)
        fg, bg = tone_colour(kind), tone_background(kind)
        self.setText(text)
        self.setAccessibleName(QCoreApplication.translate("Words", "Compliance: %1").replace("%1", text))
        self.setStyleSheet(f"QLabel {{ color: {fg.name()}; background: rgba({bg.red()},{bg.green()},{bg.blue()},"
                           f"{bg.alpha()}); border: 1px solid {fg.name()}; border-radius: 4px; padding: 1px 6px;"
                           " font-weight: bold; }")


# -- requests and grants -------------------------------------------------------------------------------------
def request_kind_label(kind: str) -> str:
    return {
        "authorisation": QCoreApplication.translate("Words", "Data request"),
        "verification": QCoreApplication.translate("Words", "Verification"),
        "derived": QCoreApplication.translate("Words", "Derived data"),
    }.get(kind, kind)


def request_state_label(state: RequestState) -> str:
    return {
        RequestState.RECEIVED: QCoreApplication.translate("Words", "Waiting for you"),
        RequestState.PENDING_REVIEW: QCoreApplication.translate("Words", "Waiting for you"),
        RequestState.AUTO_REFUSED: QCoreApplication.translate("Words", "Refused automatically"),
        RequestState.APPROVED: QCoreApplication.translate("Words", "Approved"),
        RequestState.PARTLY_APPROVED: QCoreApplication.translate("Words", "Partly approved"),
        RequestState.REFUSED: QCoreApplication.translate("Words", "Refused by you"),
        RequestState.EXPIRED: QCoreApplication.translate("Words", "Expired"),
    }[state]


def request_state_tone(state: RequestState) -> str:
    if state in (RequestState.RECEIVED, RequestState.PENDING_REVIEW):
        return "warn"
    if state in (RequestState.APPROVED, RequestState.PARTLY_APPROVED):
        return "ok"
    if state is RequestState.AUTO_REFUSED:
        return "error"
    return "neutral"


def grant_state_label(state: GrantState) -> str:
    return {
        GrantState.ACTIVE: QCoreApplication.translate("Words", "Active"),
        GrantState.EXPIRED: QCoreApplication.translate("Words", "Expired"),
        GrantState.REVOKED: QCoreApplication.translate("Words", "Revoked"),
        GrantState.SUPERSEDED: QCoreApplication.translate("Words", "Replaced by a newer grant"),
    }[state]


def grant_state_tone(state: GrantState) -> str:
    return {GrantState.ACTIVE: "ok", GrantState.REVOKED: "error"}.get(state, "neutral")


def grant_kind_label(kind: str) -> str:
    return {
        "grant": QCoreApplication.translate("Words", "Grant"),
        "onward": QCoreApplication.translate("Words", "Passed on (onward grant)"),
        "derived": QCoreApplication.translate("Words", "Derived data"),
        "verification-response": QCoreApplication.translate("Words", "Verification answer"),
    }.get(kind, kind)


def form_label(form: str, method: str | None) -> str:
    """How a field was released: exactly, or with which anonymisation method."""
    if form == "exact":
        return QCoreApplication.translate("Words", "exactly")
    if method:
        return QCoreApplication.translate("Words", "anonymised: %1").replace("%1", transform_label_for(method))
    return QCoreApplication.translate("Words", "anonymised")


# -- purposes ------------------------------------------------------------------------------------------------
_DPV_PREFIXES = (("https://w3id.org/dpv#", "dpv"), ("https://w3id.org/dpv/pd#", "dpv-pd"),
                 ("http://w3id.org/dpv#", "dpv"))


def _purpose_words() -> dict[str, str]:
    return {
        "ServiceProvision": QCoreApplication.translate("Words", "Providing the service you asked for"),
        "Marketing": QCoreApplication.translate("Words", "Marketing"),
        "Advertising": QCoreApplication.translate("Words", "Advertising"),
        "PersonalisedAdvertising": QCoreApplication.translate("Words", "Personalised advertising"),
        "Personalisation": QCoreApplication.translate("Words", "Personalisation"),
        "ServicePersonalisation": QCoreApplication.translate("Words", "Personalising the service"),
        "ResearchAndDevelopment": QCoreApplication.translate("Words", "Research and development"),
        "AcademicResearch": QCoreApplication.translate("Words", "Academic research"),
        "FraudPreventionAndDetection": QCoreApplication.translate("Words", "Preventing and detecting fraud"),
        "IdentityVerification": QCoreApplication.translate("Words", "Checking your identity"),
        "LegalCompliance": QCoreApplication.translate("Words", "Meeting legal obligations"),
        "CreditChecking": QCoreApplication.translate("Words", "Checking your creditworthiness"),
        "CustomerManagement": QCoreApplication.translate("Words", "Managing customers"),
        "CustomerCare": QCoreApplication.translate("Words", "Customer care"),
        "ServiceOptimisation": QCoreApplication.translate("Words", "Improving the service"),
        "DeliveryOfGoods": QCoreApplication.translate("Words", "Delivering goods"),
        "Payment": QCoreApplication.translate("Words", "Processing payments"),
        "AccountManagement": QCoreApplication.translate("Words", "Managing your account"),
        "CommunicationManagement": QCoreApplication.translate("Words", "Communicating with you"),
        "SellDataToThirdParties": QCoreApplication.translate("Words", "Selling data to third parties"),
        "SellProducts": QCoreApplication.translate("Words", "Selling products"),
        "HumanResourceManagement": QCoreApplication.translate("Words", "Human resources"),
        "RecordManagement": QCoreApplication.translate("Words", "Keeping records"),
    }


def purpose_term(iri: str) -> str:
    """The vocabulary term of a purpose IRI, such as ``dpv:ServiceProvision``."""
    for prefix, short in _DPV_PREFIXES:
        if iri.startswith(prefix):
            return f"{short}:{iri[len(prefix):]}"
    return iri


def purpose_label(iri: str) -> str:
    """Plain words for a purpose IRI: a translation for common DPV purposes, else the IRI's last part split
    into words (``ServiceProvision`` -> "Service provision")."""
    fragment = re.split(r"[#/:]", iri.rstrip("/#"))[-1] or iri
    known = _purpose_words().get(fragment)
    if known:
        return known
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|[_\-]+", " ", fragment).split()
    if not words:
        return iri
    return " ".join([words[0][:1].upper() + words[0][1:]] + [w if w.isupper() else w.lower() for w in words[1:]])


def processing_label(p: Processing | str) -> str:
    p = Processing(str(p))
    return {
        Processing.ANALYSE: QCoreApplication.translate("Words", "analyse it"),
        Processing.DERIVE: QCoreApplication.translate("Words", "derive new data from it"),
        Processing.INFER: QCoreApplication.translate("Words", "draw conclusions (inferences) from it"),
        Processing.PROFILE: QCoreApplication.translate("Words", "build a profile of you from it"),
    }[p]


def processing_noun(p: Processing | str) -> str:
    p = Processing(str(p))
    return {
        Processing.ANALYSE: QCoreApplication.translate("Words", "analysis"),
        Processing.DERIVE: QCoreApplication.translate("Words", "derivation"),
        Processing.INFER: QCoreApplication.translate("Words", "inference"),
        Processing.PROFILE: QCoreApplication.translate("Words", "profiling"),
    }[p]


# -- durations -----------------------------------------------------------------------------------------------
def duration_words(d: Duration) -> str:
    """A duration in the user's words, from the core's rounding (:class:`vault_app.domain.consent.Duration`)."""
    n = d.count
    text = {
        DurationUnit.YEAR: lambda: QCoreApplication.translate("Words", "%n year(s)", "", n),
        DurationUnit.MONTH: lambda: QCoreApplication.translate("Words", "%n month(s)", "", n),
        DurationUnit.WEEK: lambda: QCoreApplication.translate("Words", "%n week(s)", "", n),
        DurationUnit.DAY: lambda: QCoreApplication.translate("Words", "%n day(s)", "", n),
        DurationUnit.HOUR: lambda: QCoreApplication.translate("Words", "%n hour(s)", "", n),
        DurationUnit.MINUTE: lambda: QCoreApplication.translate("Words", "%n minute(s)", "", n),
    }[d.unit]()
    return QCoreApplication.translate("Words", "about %1").replace("%1", text) if d.approximate else text


def duration_text(seconds: int) -> str:
    """A duration of ``seconds`` in the user's words, rounded as the core rounds it."""
    return duration_words(Duration.of(int(seconds)))


# -- standing rules ------------------------------------------------------------------------------------------
def rule_description(rule: Rule) -> str:
    if rule.kind is RuleKind.NEVER_RELEASE_CATEGORY and rule.category is not None:
        return QCoreApplication.translate("Words", "Never release %1 data.").replace("%1", category_label(rule.category).lower())
    if rule.kind is RuleKind.ALWAYS_ANONYMISE and rule.category is not None:
        return QCoreApplication.translate("Words", "Always anonymise %1 data.").replace("%1", category_label(rule.category).lower())
    if rule.kind is RuleKind.MAX_RETENTION:
        return QCoreApplication.translate("Words", "Never let an organisation keep data longer than %1.").replace(
            "%1", duration_text(rule.max_retention_seconds or 0))
    if rule.kind is RuleKind.NO_ONWARD_TRANSFER:
        return QCoreApplication.translate("Words", "Never allow data to be passed on to other organisations.")
    if rule.kind is RuleKind.NO_DERIVATION:
        if set(rule.processing) == set(Processing):
            return QCoreApplication.translate("Words", "Never allow analysis, derivation, inference or profiling of your data.")
        return QCoreApplication.translate("Words", "Never allow %1 of your data.").replace("%1", ", ".join(processing_noun(p)
                                                                            for p in rule.processing))
    return QCoreApplication.translate("Words", "Only deal with organisations marked compliant.")


def rule_action_label(action: RuleAction) -> str:
    return {RuleAction.REFUSE: QCoreApplication.translate("Words", "refuse such requests automatically"),
            RuleAction.FLAG: QCoreApplication.translate("Words", "show such requests to me, marked")}[action]


def rule_kind_label(kind: RuleKind) -> str:
    return {
        RuleKind.NEVER_RELEASE_CATEGORY: QCoreApplication.translate("Words", "Never release a category of data"),
        RuleKind.ALWAYS_ANONYMISE: QCoreApplication.translate("Words", "Always anonymise a category of data"),
        RuleKind.MAX_RETENTION: QCoreApplication.translate("Words", "Longest time an organisation may keep data"),
        RuleKind.NO_ONWARD_TRANSFER: QCoreApplication.translate("Words", "No passing on to other organisations"),
        RuleKind.NO_DERIVATION: QCoreApplication.translate("Words", "No analysis, derivation, inference or profiling"),
        RuleKind.ONLY_COMPLIANT: QCoreApplication.translate("Words", "Only organisations marked compliant"),
    }[kind]


def finding_text(f: RuleFinding, rules: Sequence[Rule] = (), asked_retention: int | None = None) -> str:
    """What a rule finding means for this request, in the user's words."""
    rule = next((r for r in rules if r.id == f.rule_id), None)
    head = QCoreApplication.translate("Words", "Your rule \u201c%1\u201d applies").replace("%1", rule_description(rule)) if rule is not None \
        else QCoreApplication.translate("Words", "One of your rules applies")
    names = field_list(f.fields)  # labels in the user's language, not keys
    if f.kind is RuleKind.NEVER_RELEASE_CATEGORY:
        what = QCoreApplication.translate("Words", "%1 can only be withheld.").replace("%1", names)
    elif f.kind is RuleKind.ALWAYS_ANONYMISE:
        what = QCoreApplication.translate("Words", "%1 can only be released anonymised.").replace("%1", names)
    elif f.kind is RuleKind.MAX_RETENTION:
        limit = duration_text(rule.max_retention_seconds or 0) if rule is not None else "?"
        if asked_retention:
            what = QCoreApplication.translate("Words", "they ask to keep the data for %1; a grant would last at most %2.").replace(
                "%1", duration_text(asked_retention)).replace("%2", limit)
        else:
            what = QCoreApplication.translate("Words", "a grant would last at most %1.").replace("%1", limit)
    elif f.kind is RuleKind.NO_ONWARD_TRANSFER:
        what = QCoreApplication.translate("Words", "passing the data on cannot be allowed.")
    elif f.kind is RuleKind.NO_DERIVATION:
        what = QCoreApplication.translate("Words", "the further processing asked for cannot be allowed.")
    else:
        what = QCoreApplication.translate("Words", "the organisation is not marked compliant.")
    # "head: what", punctuated for the language ("：" in Chinese)
    return QCoreApplication.translate("Words", "%1: %2").replace("%1", head).replace("%2", what)


# -- re-authorisation ----------------------------------------------------------------------------------------
def diff_item_text(item: DiffItem, org_name: dict[str, str] | None = None) -> str:
    names = org_name or {}
    subj = item.subject
    if item.aspect is Aspect.PURPOSE:
        subj = purpose_label(subj)  # the vocabulary term is jargon; the label says it
    elif item.aspect is Aspect.FIELD:
        subj = field_label(subj)
    elif item.aspect is Aspect.RECIPIENT:
        subj = names.get(subj, subj)
    elif item.aspect is Aspect.DERIVATION:
        subj = processing_noun(subj) if subj in {p.value for p in Processing} else subj
    if item.aspect is Aspect.RETENTION:
        old, new = duration_text(int(item.old or 0)), duration_text(int(item.new or 0))
        if item.change is Change.LONGER:
            return QCoreApplication.translate("Words", "Longer retention: %1 instead of %2.").replace("%1", new).replace("%2", old)
        if item.change is Change.SHORTER:
            return QCoreApplication.translate("Words", "Shorter retention: %1 instead of %2.").replace("%1", new).replace("%2", old)
        return QCoreApplication.translate("Words", "Retention as before: %1.").replace("%1", new)
    if item.aspect is Aspect.PURPOSE_TEXT:
        if item.change is Change.CHANGED:
            return QCoreApplication.translate("Words", "The purpose is worded differently. Before: \u201c%1\u201d. Now: \u201c%2\u201d.") \
                .replace("%1", item.old or "").replace("%2", item.new or "")
        return QCoreApplication.translate("Words", "The purpose is worded as before.")
    what = {
        Aspect.FIELD: (QCoreApplication.translate("Words", "New field: %1"), QCoreApplication.translate("Words", "No longer asked: field %1"),
                       QCoreApplication.translate("Words", "Field %1, as already granted")),
        Aspect.PURPOSE: (QCoreApplication.translate("Words", "New purpose: %1"), QCoreApplication.translate("Words", "No longer asked: purpose %1"),
                         QCoreApplication.translate("Words", "Purpose %1, as already granted")),
        Aspect.RECIPIENT: (QCoreApplication.translate("Words", "New onward recipient: %1"), QCoreApplication.translate("Words", "No longer asked: passing on to %1"),
                           QCoreApplication.translate("Words", "Passing on to %1, as already granted")),
        Aspect.DERIVATION: (QCoreApplication.translate("Words", "New processing: %1"), QCoreApplication.translate("Words", "No longer asked: %1"),
                            QCoreApplication.translate("Words", "%1, as already granted")),
    }[item.aspect]
    idx = {Change.ADDED: 0, Change.REMOVED: 1}.get(item.change, 2)
    return what[idx].replace("%1", subj)


# -- anonymisation -------------------------------------------------------------------------------------------
def _transform_words() -> dict[str, tuple[str, str]]:
    return {
        "date.year": (QCoreApplication.translate("Words", "Year only"), QCoreApplication.translate("Words", "Releases only the year, such as 1990.")),
        "date.age_band": (QCoreApplication.translate("Words", "Age range"), QCoreApplication.translate("Words", "Releases an age range such as 30-39, on today's date.")),
        "date.age_at_least": (QCoreApplication.translate("Words", "Is at least this old (yes/no)"),
                              QCoreApplication.translate("Words", "Releases only yes or no: whether you are at least this many years old.")),
        "postcode.prefix": (QCoreApplication.translate("Words", "Start of the postal code"),
                            QCoreApplication.translate("Words", "Releases only the first characters of the postal code.")),
        "address.city": (QCoreApplication.translate("Words", "City only"), QCoreApplication.translate("Words", "Releases only the city of the address.")),
        "address.region": (QCoreApplication.translate("Words", "Region only"), QCoreApplication.translate("Words", "Releases only the region of the address.")),
        "address.in_country": (QCoreApplication.translate("Words", "Lives in a country (yes/no)"),
                               QCoreApplication.translate("Words", "Releases only yes or no: whether the address is in the country you name.")),
        "country.is": (QCoreApplication.translate("Words", "Is this country (yes/no)"),
                       QCoreApplication.translate("Words", "Releases only yes or no: whether the value is the country you name.")),
        "number.above": (QCoreApplication.translate("Words", "Above a threshold (yes/no)"),
                         QCoreApplication.translate("Words", "Releases only yes or no: whether the number is above the threshold.")),
        "number.below": (QCoreApplication.translate("Words", "Below a threshold (yes/no)"),
                         QCoreApplication.translate("Words", "Releases only yes or no: whether the number is below the threshold.")),
        "number.bucket": (QCoreApplication.translate("Words", "Range"),
                          QCoreApplication.translate("Words", "Releases only the range the number falls in, such as [30000, 40000).")),
        "number.round": (QCoreApplication.translate("Words", "Rounded"), QCoreApplication.translate("Words", "Releases the number rounded to a few significant digits.")),
        "number.noise": (QCoreApplication.translate("Words", "With random noise"),
                         QCoreApplication.translate("Words", "Releases the number with random noise added. The preview shows the exact noisy "
                            "value that will be sent.")),
        "email.domain": (QCoreApplication.translate("Words", "Domain only"),
                         QCoreApplication.translate("Words", "Releases only the part after the @, such as example.org.")),
        "pseudonym": (QCoreApplication.translate("Words", "Pseudonym for this organisation"),
                      QCoreApplication.translate("Words", "Releases a code that stays the same for this organisation but cannot be linked by "
                         "others.")),
        "suppress": (QCoreApplication.translate("Words", "Say it exists, hide the value"),
                     QCoreApplication.translate("Words", "Tells the organisation you have this data without releasing it.")),
    }


def transform_label(info: TransformInfo) -> str:
    return _transform_words().get(info.id, (info.label, info.description))[0]


def transform_label_for(transform_id: str) -> str:
    return _transform_words().get(transform_id, (transform_id, ""))[0]


def transform_description(info: TransformInfo) -> str:
    return _transform_words().get(info.id, (info.label, info.description))[1]


def param_label(p: ParamInfo) -> str:
    return {
        "width": QCoreApplication.translate("Words", "Size of each range"),
        "years": QCoreApplication.translate("Words", "Age in years"),
        "length": QCoreApplication.translate("Words", "Characters to keep"),
        "country": QCoreApplication.translate("Words", "Country (two-letter code, e.g. DE)"),
        "threshold": QCoreApplication.translate("Words", "Threshold"),
        "digits": QCoreApplication.translate("Words", "Significant digits to keep"),
        "level": QCoreApplication.translate("Words", "Privacy level"),
        "sensitivity": QCoreApplication.translate("Words", "Size of a change to hide (in the value's units)"),
    }.get(p.name, p.label)


def choice_label(p: ParamInfo, value: str, fallback: str) -> str:
    if p.name == "level":
        return {"light": QCoreApplication.translate("Words", "Light: small noise, the value stays close"), "medium": QCoreApplication.translate("Words", "Medium"),
                "strong": QCoreApplication.translate("Words", "Strong: large noise, the value is very rough")}.get(value, fallback)
    return fallback


def value_text(value: object) -> str:
    """A released value as the organisation will read it."""
    if value is None:
        return QCoreApplication.translate("Words", "(no value: only that the field exists)")
    if value is True:
        return QCoreApplication.translate("Words", "yes")
    if value is False:
        return QCoreApplication.translate("Words", "no")
    return " \u23ce ".join(str(value).splitlines())


# -- why a message was not accepted --------------------------------------------------------------------------
def reject_reason_text(reason: str, fallback: str) -> str:
    """Plain words for a protocol rejection reason (the core's stable word); unknown reasons keep the core's
    message."""
    words = {
        "too-large": QCoreApplication.translate("Words", "It is too large to be a message for this app."),
        "malformed": QCoreApplication.translate(
            "Words", "It is incomplete or damaged, or not a Personal Data Vault message at all."),
        "bad-algorithm": QCoreApplication.translate("Words", "It uses a kind of signature or encryption this app does not accept."),
        "wrong-type": QCoreApplication.translate("Words", "It is a different kind of message than expected."),
        # a cut-off download looks exactly like tampering; say what the person can do about either
        "bad-signature": QCoreApplication.translate(
            "Words", "It is incomplete or damaged: its content does not match the sender's signature. Ask "
            "the sender for it again."),
        "undecryptable": QCoreApplication.translate("Words", "It is encrypted for someone else, or it was changed."),
        "expired": QCoreApplication.translate("Words", "It has expired; ask the sender for a new one."),
        "not-yet-valid": QCoreApplication.translate("Words", "It is not valid yet. Check this computer's clock."),
        "issued-in-future": QCoreApplication.translate("Words", "It claims to be issued in the future. Check this computer's clock."),
        "wrong-audience": QCoreApplication.translate("Words", "It is addressed to someone else."),
        "replayed": QCoreApplication.translate("Words", "It was already received once; a copy is not accepted again."),
        "missing-claim": QCoreApplication.translate("Words", "Required information is missing from it."),
        "invalid-claim": QCoreApplication.translate("Words", "Some of its content is not valid."),
        "unsupported-version": QCoreApplication.translate("Words", "It was made by a newer version of the protocol."),
        "unknown-kind": QCoreApplication.translate("Words", "It is not a kind of message this app knows."),
        "compressed": QCoreApplication.translate("Words", "It is compressed, which this app refuses for safety."),
        "request-mismatch": QCoreApplication.translate("Words", "It does not answer anything you sent."),
        "unknown-key": QCoreApplication.translate("Words", "It is signed by a key that is not trusted for this sender (for a trust list: "
                          "trust its certifier first)."),
        "unknown-grant": QCoreApplication.translate("Words", "It refers to a grant this organisation was never given."),
        "duplicate": QCoreApplication.translate("Words", "It is already in your inbox."),
        "trust-list-outdated": QCoreApplication.translate("Words", "It is not newer than the trust list you already have."),
    }
    return words.get(reason, fallback)


def org_source_text(status: ComplianceStatus, claims: Sequence[ComplianceClaim],
                    certifier_names: dict[str, str], now: float) -> str:
    """Who says the organisation has its status: the user's own judgement or a certifier's trust list."""
    if status is ComplianceStatus.UNKNOWN:
        if any(c.source.kind is SourceKind.TRUST_LIST and c.source.expired(now) for c in claims):
            return QCoreApplication.translate("Words", "Nobody you trust has assessed it (its trust-list entry has expired)")
        return QCoreApplication.translate("Words", "Nobody you trust has assessed it")
    matching = [c for c in claims if c.status is status and not c.source.expired(now)]
    for c in matching:
        if c.source.kind is SourceKind.SUBJECT:
            return QCoreApplication.translate("Words", "Your own judgement")
    for c in matching:
        if c.source.kind is SourceKind.TRUST_LIST and c.source.certifier_did:
            who = certifier_names.get(c.source.certifier_did, c.source.certifier_did)
            return QCoreApplication.translate("Words", "Trust list from %1, valid until %2").replace("%1", who).replace(
                "%2", date_text(c.source.expires_at or 0))
    return QCoreApplication.translate("Words", "Unknown source")


def date_text(seconds: float) -> str:
    return QLocale().toString(QDateTime.fromMSecsSinceEpoch(int(seconds * 1000)).date(),
                              QLocale.FormatType.ShortFormat)


def time_text(seconds: float) -> str:
    return QLocale().toString(QDateTime.fromMSecsSinceEpoch(int(seconds * 1000)), QLocale.FormatType.ShortFormat)


def auto_refusal_text(word: str, org_name: str) -> str | None:
    """Why a request was refused automatically, from the stable reason word the history keeps (``org-blocked``,
    ``rule:never-release:health``...). None for a word this version does not know (show the core's text)."""
    if word == "org-blocked":
        return QCoreApplication.translate("Words", "You blocked %1.").replace("%1", org_name)
    if word == "org-non-compliant":
        return QCoreApplication.translate("Words", "%1 does not meet privacy-protection requirements, so nothing may be released to it.") \
            .replace("%1", org_name)
    if word == "org-suspended":
        return QCoreApplication.translate("Words", "%1 is suspended, so nothing may be released to it.").replace("%1", org_name)
    if word == "unknown-grant":
        return QCoreApplication.translate("Words", "It refers to a grant %1 does not hold.").replace("%1", org_name)
    if word.startswith("rule:"):
        rule = rule_from_id(word[5:])
        if rule is not None:
            return QCoreApplication.translate("Words", "Your rule \u201c%1\u201d refuses it.").replace("%1", rule_description(rule))
    return None


def rule_from_id(rule_id: str) -> Rule | None:
    """The rule a stable id stands for, as the core reads it (None if unknown)."""
    return Rule.from_id(rule_id)


def unchanged_text(items: Sequence[DiffItem], org_name: dict[str, str] | None = None) -> str:
    """One sentence for everything a re-request keeps as already granted."""
    names = org_name or {}
    parts: list[str] = []
    for aspect in (Aspect.FIELD, Aspect.PURPOSE, Aspect.RECIPIENT, Aspect.DERIVATION):
        subs = [i.subject for i in items if i.aspect is aspect]
        if not subs:
            continue
        if aspect is Aspect.FIELD:
            subs = [field_label(s) for s in subs]
        if aspect is Aspect.PURPOSE:
            subs = [purpose_label(s) for s in subs]
        elif aspect is Aspect.RECIPIENT:
            subs = [names.get(s, s) for s in subs]
        elif aspect is Aspect.DERIVATION:
            subs = [processing_noun(s) if s in {p.value for p in Processing} else s for s in subs]
        parts.append(", ".join(subs))
    if any(i.aspect is Aspect.PURPOSE_TEXT for i in items):
        parts.append(QCoreApplication.translate("Words", "the wording of the purpose"))
    if any(i.aspect is Aspect.RETENTION for i in items):
        parts.append(QCoreApplication.translate("Words", "the retention"))
    return QCoreApplication.translate("Words", "As already granted: %1.").replace("%1", "; ".join(parts)) if parts else ""


def usage_action_label(action: str) -> str:
    """What an organisation says it did with granted data (a usage receipt's action word)."""
    return {
        "use": QCoreApplication.translate("Words", "used"),
        "store": QCoreApplication.translate("Words", "stored"),
        "analyse": QCoreApplication.translate("Words", "analysed"),
        "derive": QCoreApplication.translate("Words", "derived new data from"),
        "infer": QCoreApplication.translate("Words", "drew conclusions from"),
        "profile": QCoreApplication.translate("Words", "profiled you with"),
        "transfer": QCoreApplication.translate("Words", "passed on"),
        "delete": QCoreApplication.translate("Words", "deleted"),
    }.get(action, action)


def violation_text(kind: str, fallback: str) -> str:
    """A problem found in what an organisation reported, from its stable kind word."""
    return {
        "use-after-expiry": QCoreApplication.translate("Words", "It used the data after the grant had expired."),
        "use-after-revocation": QCoreApplication.translate("Words", "It used the data after you revoked the grant."),
        "use-after-supersession": QCoreApplication.translate("Words", "It used the data under a grant that a newer one had replaced."),
        "purpose-outside-grant": QCoreApplication.translate("Words", "It used the data for a purpose other than the one you granted."),
        "undeclared-recipient": QCoreApplication.translate("Words", "It passed the data on to someone the grant does not name."),
        "unauthorised-derivation": QCoreApplication.translate("Words", "It analysed the data or derived new data without your permission."),
        "field-not-granted": QCoreApplication.translate("Words", "It reported using a field you did not release to it."),
        "erasure-refused": QCoreApplication.translate("Words", "It refused to erase your data."),
    }.get(kind, fallback)
