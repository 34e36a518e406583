"""The consent engine's things in the user's words: compliance badges, request and grant states, purposes
from the DPV vocabulary, durations, standing rules, rule findings, re-authorisation differences,
anonymisation methods and the reasons a message is refused.

The core speaks English and stable identifiers (enum values, reason words, transform ids); everything shown
to the user is built here from those identifiers, so it can be translated. Texts that only exist as English
sentences in the core (a reason an organisation gave, a certifier's list name) are shown as they are.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, QObject, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from vault_app.domain.consent import Duration, DurationUnit, GrantState, RequestState
from vault_app.domain.dpv import dpv_term
from vault_app.domain.model import ComplianceStatus, Processing
from vault_app.domain.shown import org_text
from vault_app.gui.field_words import field_label, field_list
from vault_app.gui.i18n import category_label
from vault_app.services.api import (
    Aspect,
    Change,
    ComplianceClaim,
    DiffItem,
    ParamInfo,
    Rule,
    RuleAction,
    RuleFinding,
    RuleKind,
    SourceKind,
    TransformInfo,
)
from vault_app.services.views import CheckHold


class Words(QObject):
    """Only a translation context: ``Words.tr(...)`` is called on the class (lupdate files these strings
    under "Words", plural forms included)."""

    @staticmethod
    def tr(source: str, disambiguation: str | None = None, n: int = -1) -> str:  # type: ignore[override]
        return QCoreApplication.translate("Words", source, disambiguation, n)


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
        return Words.tr("\u2718 Blocked by you")
    return {
        ComplianceStatus.COMPLIANT: Words.tr("\u2714 Compliant"),
        ComplianceStatus.NON_COMPLIANT: Words.tr("\u2718 Not compliant"),
        ComplianceStatus.SUSPENDED: Words.tr("\u2718 Suspended"),
        ComplianceStatus.UNKNOWN: Words.tr("? Not assessed"),
    }[status]


def judgement_label(status: ComplianceStatus) -> str:
    """The subject's own judgement, for the choice on the Organisations page."""
    return {
        ComplianceStatus.COMPLIANT: Words.tr("Compliant"),
        ComplianceStatus.NON_COMPLIANT: Words.tr("Not compliant"),
        ComplianceStatus.SUSPENDED: Words.tr("Suspended"),
        ComplianceStatus.UNKNOWN: Words.tr("No judgement (not assessed)"),
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
        self.setAccessibleName(Words.tr("Compliance: %1").replace("%1", text))
        self.setStyleSheet(
            f"QLabel {{ color: {fg.name()}; background: rgba({bg.red()},{bg.green()},{bg.blue()},"
            f"{bg.alpha()}); border: 1px solid {fg.name()}; border-radius: 4px; padding: 1px 6px;"
            " font-weight: bold; }"
        )


# -- requests and grants -------------------------------------------------------------------------------------
def request_kind_label(kind: str) -> str:
    return {
        "authorisation": Words.tr("Data request"),
        "verification": Words.tr("Verification"),
        "derived": Words.tr("Derived data"),
    }.get(kind, kind)


def request_state_label(state: RequestState) -> str:
    return {
        RequestState.RECEIVED: Words.tr("Waiting for you"),
        RequestState.PENDING_REVIEW: Words.tr("Waiting for you"),
        RequestState.AUTO_REFUSED: Words.tr("Refused automatically"),
        RequestState.APPROVED: Words.tr("Approved"),
        RequestState.PARTLY_APPROVED: Words.tr("Partly approved"),
        RequestState.REFUSED: Words.tr("Refused by you"),
        RequestState.EXPIRED: Words.tr("Expired"),
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
        GrantState.ACTIVE: Words.tr("Active"),
        GrantState.EXPIRED: Words.tr("Expired"),
        GrantState.REVOKED: Words.tr("Revoked"),
        GrantState.SUPERSEDED: Words.tr("Replaced by a newer grant"),
        GrantState.ERASED: Words.tr("Ended: the organisation confirmed deleting the data"),
    }[state]


def grant_state_tone(state: GrantState) -> str:
    return {GrantState.ACTIVE: "ok", GrantState.REVOKED: "error"}.get(state, "neutral")


def grant_kind_label(kind: str) -> str:
    return {
        "grant": Words.tr("Grant"),
        "onward": Words.tr("Passed on (onward grant)"),
        "derived": Words.tr("Derived data"),
        "verification-response": Words.tr("Verification answer"),
    }.get(kind, kind)


def form_label(form: str, method: str | None) -> str:
    """How a field was released: exactly, or with which anonymisation method."""
    if form == "exact":
        return Words.tr("exactly")
    if method:
        return Words.tr("anonymised: %1").replace("%1", transform_label_for(method))
    return Words.tr("anonymised")


def form_phrase(form: str, method: str | None) -> str:
    """:func:`form_label` for use after a field's name and a colon ("Income: anonymised (Range)"), so a line
    never holds two colons."""
    if form == "exact" or not method:
        return form_label(form, method)
    return Words.tr("anonymised (%1)").replace("%1", transform_label_for(method))


# -- purposes ------------------------------------------------------------------------------------------------
def _purpose_words() -> dict[str, str]:
    return {
        "ServiceProvision": Words.tr("Providing the service you asked for"),
        "Marketing": Words.tr("Marketing"),
        "Advertising": Words.tr("Advertising"),
        "PersonalisedAdvertising": Words.tr("Personalised advertising"),
        "Personalisation": Words.tr("Personalisation"),
        "ServicePersonalisation": Words.tr("Personalising the service"),
        "ResearchAndDevelopment": Words.tr("Research and development"),
        "AcademicResearch": Words.tr("Academic research"),
        "FraudPreventionAndDetection": Words.tr("Preventing and detecting fraud"),
        "IdentityVerification": Words.tr("Checking your identity"),
        "LegalCompliance": Words.tr("Meeting legal obligations"),
        "CreditChecking": Words.tr("Checking your creditworthiness"),
        "CustomerManagement": Words.tr("Managing customers"),
        "CustomerCare": Words.tr("Customer care"),
        "ServiceOptimisation": Words.tr("Improving the service"),
        "DeliveryOfGoods": Words.tr("Delivering goods"),
        "Payment": Words.tr("Processing payments"),
        "AccountManagement": Words.tr("Managing your account"),
        "CommunicationManagement": Words.tr("Communicating with you"),
        "SellDataToThirdParties": Words.tr("Selling data to third parties"),
        "SellProducts": Words.tr("Selling products"),
        "HumanResourceManagement": Words.tr("Human resources"),
        "RecordManagement": Words.tr("Keeping records"),
    }


def purpose_term(iri: str) -> str:
    """The vocabulary term of a purpose IRI, such as ``dpv:ServiceProvision`` (only a recognised DPV
    purpose; any other IRI is shown whole)."""
    term = dpv_term(iri)
    return f"dpv:{term}" if term is not None else org_text(iri)


def purpose_label(iri: str) -> str:
    """Plain words for a purpose IRI: the translation of a DPV purpose recognised by its full IRI
    (:func:`vault_app.domain.dpv.dpv_term`); anything else is a non-standard purpose, shown with the
    organisation's IRI, never named after the IRI's last part."""
    term = dpv_term(iri)
    if term is not None:
        return _purpose_words().get(term, term)
    return Words.tr("Non-standard purpose: %1").replace("%1", org_text(iri))


def processing_label(p: Processing | str) -> str:
    p = Processing(str(p))
    return {
        Processing.ANALYSE: Words.tr("analyse it"),
        Processing.DERIVE: Words.tr("derive new data from it"),
        Processing.INFER: Words.tr("draw conclusions (inferences) from it"),
        Processing.PROFILE: Words.tr("build a profile of you from it"),
    }[p]


def processing_noun(p: Processing | str) -> str:
    p = Processing(str(p))
    return {
        Processing.ANALYSE: Words.tr("analysis"),
        Processing.DERIVE: Words.tr("deriving new data"),  # "derivation" means little to most people
        Processing.INFER: Words.tr("drawing conclusions"),
        Processing.PROFILE: Words.tr("profiling"),
    }[p]


# -- durations -----------------------------------------------------------------------------------------------
def duration_words(d: Duration) -> str:
    """A duration in the user's words, from the core's rounding
    (:class:`vault_app.domain.consent.Duration`)."""
    n = d.count
    text = {
        DurationUnit.YEAR: lambda: Words.tr("%n year(s)", "", n),
        DurationUnit.MONTH: lambda: Words.tr("%n month(s)", "", n),
        DurationUnit.WEEK: lambda: Words.tr("%n week(s)", "", n),
        DurationUnit.DAY: lambda: Words.tr("%n day(s)", "", n),
        DurationUnit.HOUR: lambda: Words.tr("%n hour(s)", "", n),
        DurationUnit.MINUTE: lambda: Words.tr("%n minute(s)", "", n),
    }[d.unit]()
    return Words.tr("about %1").replace("%1", text) if d.approximate else text


def duration_text(seconds: int) -> str:
    """A duration of ``seconds`` in the user's words, rounded as the core rounds it."""
    return duration_words(Duration.of(int(seconds)))


# -- standing rules ------------------------------------------------------------------------------------------
def rule_description(rule: Rule) -> str:
    if rule.kind is RuleKind.NEVER_RELEASE_CATEGORY and rule.category is not None:
        return Words.tr("Never release %1 data.").replace("%1", category_label(rule.category).lower())
    if rule.kind is RuleKind.ALWAYS_ANONYMISE and rule.category is not None:
        return Words.tr("Always anonymise %1 data.").replace("%1", category_label(rule.category).lower())
    if rule.kind is RuleKind.MAX_RETENTION:
        return Words.tr("Never let an organisation keep data longer than %1.").replace(
            "%1", duration_text(rule.max_retention_seconds or 0)
        )
    if rule.kind is RuleKind.NO_ONWARD_TRANSFER:
        return Words.tr("Never allow data to be passed on to other organisations.")
    if rule.kind is RuleKind.NO_DERIVATION:
        if set(rule.processing) == set(Processing):
            return Words.tr(
                "Never let an organisation analyse your data, derive new data or conclusions from it, or "
                "profile you."
            )
        return Words.tr("Never allow this with your data: %1.").replace(
            "%1", ", ".join(processing_noun(p) for p in rule.processing)
        )
    if rule.kind is RuleKind.ONLY_COMPLIANT:
        return Words.tr("Only deal with organisations marked compliant.")
    return Words.tr("Revoke all grants of an organisation once it is suspended.")


def rule_action_label(action: RuleAction) -> str:
    return {
        RuleAction.REFUSE: Words.tr("refuse such requests automatically"),
        RuleAction.FLAG: Words.tr("show such requests to me, marked"),
    }[action]


def rule_kind_label(kind: RuleKind) -> str:
    return {
        RuleKind.NEVER_RELEASE_CATEGORY: Words.tr("Never release a category of data"),
        RuleKind.ALWAYS_ANONYMISE: Words.tr("Always anonymise a category of data"),
        RuleKind.MAX_RETENTION: Words.tr("Longest time an organisation may keep data"),
        RuleKind.NO_ONWARD_TRANSFER: Words.tr("No passing on to other organisations"),
        RuleKind.NO_DERIVATION: Words.tr("No analysis, new data, conclusions or profiling"),
        RuleKind.ONLY_COMPLIANT: Words.tr("Only organisations marked compliant"),
        RuleKind.REVOKE_ON_SUSPENSION: Words.tr("Revoke the grants of a suspended organisation"),
    }[kind]


def finding_text(f: RuleFinding, rules: Sequence[Rule] = (), asked_retention: int | None = None) -> str:
    """What a rule finding means for this request, in the user's words."""
    rule = next((r for r in rules if r.id == f.rule_id), None)
    head = (
        Words.tr("Your rule \u201c%1\u201d applies").replace("%1", rule_description(rule))
        if rule is not None
        else Words.tr("One of your rules applies")
    )
    names = field_list(f.fields)  # labels in the user's language, not keys
    if f.kind is RuleKind.NEVER_RELEASE_CATEGORY:
        what = Words.tr("%1 can only be withheld.").replace("%1", names)
    elif f.kind is RuleKind.ALWAYS_ANONYMISE:
        what = Words.tr("%1 can only be released anonymised.").replace("%1", names)
    elif f.kind is RuleKind.MAX_RETENTION:
        limit = duration_text(rule.max_retention_seconds or 0) if rule is not None else "?"
        if asked_retention:
            what = (
                Words.tr("they ask to keep the data for %1; a grant would last at most %2.")
                .replace("%1", duration_text(asked_retention))
                .replace("%2", limit)
            )
        else:
            what = Words.tr("a grant would last at most %1.").replace("%1", limit)
    elif f.kind is RuleKind.NO_ONWARD_TRANSFER:
        what = Words.tr("passing the data on cannot be allowed.")
    elif f.kind is RuleKind.NO_DERIVATION:
        what = Words.tr("the further processing asked for cannot be allowed.")
    else:
        what = Words.tr("the organisation is not marked compliant.")
    # "head: what", punctuated for the language ("：" in Chinese)
    return Words.tr("%1: %2").replace("%1", head).replace("%2", what)


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
            return Words.tr("Longer retention: %1 instead of %2.").replace("%1", new).replace("%2", old)
        if item.change is Change.SHORTER:
            return Words.tr("Shorter retention: %1 instead of %2.").replace("%1", new).replace("%2", old)
        return Words.tr("Retention as before: %1.").replace("%1", new)
    if item.aspect is Aspect.PURPOSE_TEXT:
        if item.change is Change.CHANGED:
            return (
                Words.tr("The purpose is worded differently. Before: \u201c%1\u201d. Now: \u201c%2\u201d.")
                .replace("%1", item.old or "")
                .replace("%2", item.new or "")
            )
        return Words.tr("The purpose is worded as before.")
    what = {
        Aspect.FIELD: (
            Words.tr("New field: %1"),
            Words.tr("No longer asked: field %1"),
            Words.tr("Field %1, as already granted"),
        ),
        Aspect.PURPOSE: (
            Words.tr("New purpose: %1"),
            Words.tr("No longer asked: purpose %1"),
            Words.tr("Purpose %1, as already granted"),
        ),
        Aspect.RECIPIENT: (
            Words.tr("New onward recipient: %1"),
            Words.tr("No longer asked: passing on to %1"),
            Words.tr("Passing on to %1, as already granted"),
        ),
        Aspect.DERIVATION: (
            Words.tr("New processing: %1"),
            Words.tr("No longer asked: %1"),
            Words.tr("%1, as already granted"),
        ),
    }[item.aspect]
    idx = {Change.ADDED: 0, Change.REMOVED: 1}.get(item.change, 2)
    return what[idx].replace("%1", subj)


# -- anonymisation -------------------------------------------------------------------------------------------
def _transform_words() -> dict[str, tuple[str, str]]:
    return {
        "date.year": (Words.tr("Year only"), Words.tr("Releases only the year, such as 1990.")),
        "date.age_band": (
            Words.tr("Age range"),
            Words.tr("Releases an age range such as 30-39, on today's date."),
        ),
        "date.age_at_least": (
            Words.tr("Is at least this old (yes/no)"),
            Words.tr("Releases only yes or no: whether you are at least this many years old."),
        ),
        "postcode.prefix": (
            Words.tr("Start of the postal code"),
            Words.tr("Releases only the first characters of the postal code."),
        ),
        "address.city": (Words.tr("City only"), Words.tr("Releases only the city of the address.")),
        "address.region": (Words.tr("Region only"), Words.tr("Releases only the region of the address.")),
        "address.in_country": (
            Words.tr("Lives in a country (yes/no)"),
            Words.tr("Releases only yes or no: whether the address is in the country you name."),
        ),
        "country.is": (
            Words.tr("Is this country (yes/no)"),
            Words.tr("Releases only yes or no: whether the value is the country you name."),
        ),
        "number.above": (
            Words.tr("Above a threshold (yes/no)"),
            Words.tr("Releases only yes or no: whether the number is above the threshold."),
        ),
        "number.below": (
            Words.tr("Below a threshold (yes/no)"),
            Words.tr("Releases only yes or no: whether the number is below the threshold."),
        ),
        "number.bucket": (
            Words.tr("Range"),
            Words.tr("Releases only the range the number falls in, such as [30000, 40000)."),
        ),
        "number.round": (
            Words.tr("Rounded"),
            Words.tr("Releases the number rounded to a few significant digits."),
        ),
        "number.noise": (
            Words.tr("With random noise"),
            Words.tr(
                "Releases the number with random noise added. The preview shows the exact noisy "
                "value that will be sent."
            ),
        ),
        "email.domain": (
            Words.tr("Domain only"),
            Words.tr("Releases only the part after the @, such as example.org."),
        ),
        "pseudonym": (
            Words.tr("Pseudonym for this organisation"),
            Words.tr(
                "Releases a code that stays the same for this organisation but cannot be linked by others."
            ),
        ),
        "suppress": (
            Words.tr("Say it exists, hide the value"),
            Words.tr("Tells the organisation you have this data without releasing it."),
        ),
    }


def transform_label(info: TransformInfo) -> str:
    return _transform_words().get(info.id, (info.label, info.description))[0]


def transform_label_for(transform_id: str) -> str:
    return _transform_words().get(transform_id, (transform_id, ""))[0]


def transform_description(info: TransformInfo) -> str:
    return _transform_words().get(info.id, (info.label, info.description))[1]


def param_label(p: ParamInfo) -> str:
    return {
        "width": Words.tr("Size of each range"),
        "years": Words.tr("Age in years"),
        "length": Words.tr("Characters to keep"),
        "country": Words.tr("Country (two-letter code, e.g. DE)"),
        "threshold": Words.tr("Threshold"),
        "digits": Words.tr("Significant digits to keep"),
        "level": Words.tr("Privacy level"),
        "sensitivity": Words.tr("Size of a change to hide (in the value's units)"),
    }.get(p.name, p.label)


def choice_label(p: ParamInfo, value: str, fallback: str) -> str:
    if p.name == "level":
        return {
            "light": Words.tr("Light: small noise, the value stays close"),
            "medium": Words.tr("Medium"),
            "strong": Words.tr("Strong: large noise, the value is very rough"),
        }.get(value, fallback)
    return fallback


def value_text(value: object) -> str:
    """A released value as the organisation will read it."""
    if value is None:
        return Words.tr("(no value: only that the field exists)")
    if value is True:
        return Words.tr("yes")
    if value is False:
        return Words.tr("no")
    return " \u23ce ".join(str(value).splitlines())


# -- why a message was not accepted --------------------------------------------------------------------------
def reject_reason_text(reason: str, fallback: str) -> str:
    """Plain words for a protocol rejection reason (the core's stable word); unknown reasons keep the
    core's message."""
    words = {
        "too-large": Words.tr("It is too large to be a message for this app."),
        "malformed": Words.tr("It is incomplete or damaged, or not a Personal Data Vault message at all."),
        "bad-algorithm": Words.tr("It uses a kind of signature or encryption this app does not accept."),
        "wrong-type": Words.tr("It is a different kind of message than expected."),
        # a cut-off download looks exactly like tampering; say what the person can do about either
        "bad-signature": Words.tr(
            "It is incomplete or damaged: its content does not match the sender's signature. Ask "
            "the sender for it again."
        ),
        "undecryptable": Words.tr("It is encrypted for someone else, or it was changed."),
        "expired": Words.tr("It has expired; ask the sender for a new one."),
        "not-yet-valid": Words.tr("It is not valid yet. Check this computer's clock."),
        "issued-in-future": Words.tr("It claims to be issued in the future. Check this computer's clock."),
        "wrong-audience": Words.tr("It is addressed to someone else."),
        "replayed": Words.tr("It was already received once; a copy is not accepted again."),
        "missing-claim": Words.tr("Required information is missing from it."),
        "invalid-claim": Words.tr("Some of its content is not valid."),
        "unsupported-version": Words.tr("It was made by a newer version of the protocol."),
        "unknown-kind": Words.tr("It is not a kind of message this app knows."),
        "compressed": Words.tr("It is compressed, which this app refuses for safety."),
        "request-mismatch": Words.tr("It does not answer anything you sent."),
        "unknown-key": Words.tr(
            "It is signed by a key that is not trusted for this sender (for a certifier's list: "
            "trust the certifier first)."
        ),
        "unknown-grant": Words.tr("It refers to a grant this organisation was never given."),
        "duplicate": Words.tr("It is already in your inbox."),
        "trust-list-outdated": Words.tr(
            "It is not newer than the list you already have from this certifier."
        ),
    }
    return words.get(reason, fallback)


def org_source_text(
    status: ComplianceStatus, claims: Sequence[ComplianceClaim], certifier_names: dict[str, str], now: float
) -> str:
    """Who says the organisation has its status: the user's own judgement or a certifier's signed list
    (never its identity: a certifier the user no longer knows is "a certifier")."""
    if status is ComplianceStatus.UNKNOWN:
        if any(c.source.kind is SourceKind.TRUST_LIST and c.source.expired(now) for c in claims):
            return Words.tr("Nobody you trust has assessed it (the certifier's assessment has run out)")
        return Words.tr("Nobody you trust has assessed it")
    matching = [c for c in claims if c.status is status and not c.source.expired(now)]
    for c in matching:
        if c.source.kind is SourceKind.SUBJECT:
            return Words.tr("Your own judgement")
    for c in matching:
        if c.source.kind is SourceKind.TRUST_LIST and c.source.certifier_did:
            who = certifier_names.get(c.source.certifier_did) or Words.tr("a certifier")
            return (
                Words.tr("Assessed by %1, valid until %2")
                .replace("%1", who)
                .replace("%2", date_text(c.source.expires_at or 0))
            )
    return Words.tr("Unknown source")


def date_text(seconds: float) -> str:
    return QLocale().toString(
        QDateTime.fromMSecsSinceEpoch(int(seconds * 1000)).date(), QLocale.FormatType.ShortFormat
    )


def time_text(seconds: float) -> str:
    return QLocale().toString(
        QDateTime.fromMSecsSinceEpoch(int(seconds * 1000)), QLocale.FormatType.ShortFormat
    )


def auto_refusal_text(word: str, org_name: str) -> str | None:
    """Why a request was refused automatically, from the stable reason word the history keeps (``org-
    blocked``, ``rule:never-release:health``...). None for a word this version does not know (show the
    core's text)."""
    if word == "org-blocked":
        return Words.tr("You blocked %1.").replace("%1", org_name)
    if word == "org-non-compliant":
        return Words.tr(
            "%1 does not meet privacy-protection requirements, so nothing may be released to it."
        ).replace("%1", org_name)
    if word == "org-suspended":
        return Words.tr("%1 is suspended, so nothing may be released to it.").replace("%1", org_name)
    if word == "unknown-grant":
        return Words.tr("It refers to a grant %1 does not hold.").replace("%1", org_name)
    if word.startswith("rule:"):
        rule = rule_from_id(word[5:])
        if rule is not None:
            return Words.tr("Your rule \u201c%1\u201d refuses it.").replace("%1", rule_description(rule))
    return None


def hold_text(kind: str, field: str, *, rule_id: str | None = None, asked: int = 0, days: int = 0) -> str:
    """Why the vault declines a check of a verification request by itself (``kind``: ``rule`` or
    ``probing``, as :class:`~vault_app.services.views.CheckHold` and the history keep it), in the subject's
    words."""
    name = field_label(field)
    if kind == "probing":
        return (
            Words.tr(
                "%1 was already checked %n time(s) in the last %2 days. More answers could give its value "
                "away, so your vault does not answer about it.",
                "",
                asked,
            )
            .replace("%1", name)
            .replace("%2", QLocale().toString(days))
        )
    rule = rule_from_id(rule_id or "") if kind == "rule" else None
    if rule is not None:
        return (
            Words.tr("Your rule \u201c%1\u201d never releases %2, so your vault does not answer about it.")
            .replace("%1", rule_description(rule))
            .replace("%2", name)
        )
    if kind == "rule":
        return Words.tr(
            "One of your rules never releases %1, so your vault does not answer about it."
        ).replace("%1", name)
    return Words.tr("Your vault does not answer about %1.").replace("%1", name)


def check_hold_text(hold: CheckHold) -> str:
    """:func:`hold_text` of a check the vault declines."""
    return hold_text(hold.kind.value, hold.field, rule_id=hold.rule_id, asked=hold.asked, days=hold.days)


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
        parts.append(Words.tr("the wording of the purpose"))
    if any(i.aspect is Aspect.RETENTION for i in items):
        parts.append(Words.tr("the retention"))
    return Words.tr("As already granted: %1.").replace("%1", "; ".join(parts)) if parts else ""


def usage_action_label(action: str) -> str:
    """What an organisation says it did with granted data (a usage receipt's action word)."""
    return {
        "use": Words.tr("used"),
        "store": Words.tr("stored"),
        "analyse": Words.tr("analysed"),
        "derive": Words.tr("derived new data from"),
        "infer": Words.tr("drew conclusions from"),
        "profile": Words.tr("profiled you with"),
        "transfer": Words.tr("passed on"),
        "delete": Words.tr("deleted"),
    }.get(action, action)


def violation_text(kind: str, fallback: str) -> str:
    """A problem found in what an organisation reported, from its stable kind word."""
    return {
        "use-after-expiry": Words.tr("It used the data after the grant had expired."),
        "use-after-revocation": Words.tr("It used the data after you revoked the grant."),
        "use-after-supersession": Words.tr("It used the data under a grant that a newer one had replaced."),
        "purpose-outside-grant": Words.tr("It used the data for a purpose other than the one you granted."),
        "undeclared-recipient": Words.tr("It passed the data on to someone the grant does not name."),
        "unauthorised-derivation": Words.tr(
            "It analysed the data or derived new data without your permission."
        ),
        "field-not-granted": Words.tr("It reported using a field you did not release to it."),
        "erasure-refused": Words.tr("It refused to erase your data."),
    }.get(kind, fallback)
