"""Translations and the translated names of core things (categories, field types, history kinds,
provenance).

The core speaks English and stable identifiers; this module is where they become words in the user's
language. Translations ship as compiled ``.qm`` files inside the package and load through
importlib.resources. Core error messages without variable parts are listed here too (``CORE_MESSAGES``) so
that lupdate collects them and :func:`core_message` can show them translated; messages with variable parts
stay in English.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from importlib import resources

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QTranslator

from vault_app.domain.model import Category, FieldType, Provenance, ProvenanceKind
from vault_app.services.api import EventKind

log = logging.getLogger(__name__)

LANGUAGE_NAMES = {"en": "English", "zh_CN": "简体中文"}  # each in its own language, never translated
SUPPORTED = ("en", "zh_CN")


def _supported(tag: str) -> str | None:
    """The supported language for a locale name such as ``zh_CN.UTF-8``, ``zh-Hans-CN`` or ``en_GB``."""
    t = tag.split(".")[0].split("@")[0].replace("-", "_").strip()
    if not t or t in ("C", "POSIX"):
        return None
    base = t.split("_")[0].lower()
    if base == "zh":  # the only Chinese translation is Simplified Chinese
        return "zh_CN"
    if base == "en":
        return "en"
    return None


def language_from_environment(env: Mapping[str, str] | None = None) -> str | None:
    """The language the POSIX environment asks for (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, in that order of
    precedence), if we have it; None when it names nothing (or only C): the desktop's own setting decides."""
    env = os.environ if env is None else env
    lc_all = env.get("LC_ALL", "")
    if env.get("LANGUAGE") and lc_all.split(".")[0] not in ("C", "POSIX"):  # GNU: a list, first we have wins
        for tag in env["LANGUAGE"].split(":"):
            found = _supported(tag)
            if found:
                return found
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:  # the first one set decides, even if we do not have that language (then English)
            return _supported(value) or ("en" if value.split(".")[0] not in ("C", "POSIX") else None)
    return None


def system_language() -> str:
    """The desktop's language when we have a translation for it, else English."""
    found = language_from_environment()
    if found:
        return found
    for tag in QLocale.system().uiLanguages():  # Windows, macOS and desktops that set no variables
        found = _supported(tag)
        if found:
            return found
    return "en"


def resolve_language(setting: str, override: str | None = None) -> str:
    """The language to show: ``--lang`` if given, else the setting, where "system" means the desktop's."""
    choice = override or setting
    if choice in SUPPORTED:
        return choice
    found = _supported(choice) if choice != "system" else None
    return found or system_language()


_installed: list[QTranslator] = []


def translations_dir() -> str:
    return str(resources.files("vault_app") / "resources" / "translations")


def install_translations(app: QCoreApplication, language: str) -> bool:
    """Load the app's and Qt's own translations for ``language``. Returns False if the app's file is
    missing."""
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    QLocale.setDefault(QLocale(language))
    # English needs its file too: it holds the plural forms ("1 field", "2 fields").
    mine = QTranslator(app)
    ok = mine.load(f"pdvault_{language}", translations_dir())
    if ok:
        app.installTranslator(mine)
        _installed.append(mine)
    else:
        log.warning("no translation file for %s", language)
    if language != "en":
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qt = QTranslator(app)  # Qt's own strings: standard buttons, file dialogs
        if qt.load(f"qtbase_{language}", qt_dir) or qt.load(f"qt_{language}", qt_dir):
            app.installTranslator(qt)
            _installed.append(qt)
    return ok


def category_label(c: Category) -> str:
    return {
        Category.IDENTITY: QCoreApplication.translate("Labels", "Identity"),
        Category.CONTACT: QCoreApplication.translate("Labels", "Contact"),
        Category.DEMOGRAPHIC: QCoreApplication.translate("Labels", "Demographic"),
        Category.FINANCIAL: QCoreApplication.translate("Labels", "Financial"),
        Category.HEALTH: QCoreApplication.translate("Labels", "Health"),
        Category.LOCATION: QCoreApplication.translate("Labels", "Location"),
        Category.PROFESSIONAL: QCoreApplication.translate("Labels", "Professional"),
        Category.BEHAVIOURAL: QCoreApplication.translate("Labels", "Behavioural"),
        Category.BIOMETRIC: QCoreApplication.translate("Labels", "Biometric"),
        Category.OTHER: QCoreApplication.translate("Labels", "Other"),
    }[c]


def type_label(ft: FieldType) -> str:
    return {
        FieldType.TEXT: QCoreApplication.translate("Labels", "Text"),
        FieldType.DATE: QCoreApplication.translate("Labels", "Date"),
        FieldType.NUMBER: QCoreApplication.translate("Labels", "Number"),
        FieldType.EMAIL: QCoreApplication.translate("Labels", "E-mail address"),
        FieldType.PHONE: QCoreApplication.translate("Labels", "Phone number"),
        FieldType.ADDRESS: QCoreApplication.translate("Labels", "Postal address"),
        FieldType.POSTCODE: QCoreApplication.translate("Labels", "Postcode"),
        FieldType.COUNTRY: QCoreApplication.translate("Labels", "Country"),
        FieldType.IDENTIFIER: QCoreApplication.translate("Labels", "Identifier"),
        FieldType.BOOLEAN: QCoreApplication.translate("Labels", "Yes / no"),
    }[ft]


def provenance_label(p: Provenance) -> str:
    if p.kind is ProvenanceKind.PROVIDED:
        return QCoreApplication.translate("Labels", "Provided by you")
    by = p.by or QCoreApplication.translate("Labels", "an organisation")
    if p.kind is ProvenanceKind.VERIFIED:
        return QCoreApplication.translate("Labels", "Verified by %1").replace("%1", by)
    sources = ", ".join(p.sources) or QCoreApplication.translate("Labels", "unnamed sources")
    return (
        QCoreApplication.translate("Labels", "Derived by %1 from %2").replace("%1", by).replace("%2", sources)
    )


def kind_label(kind: str) -> str:
    """A history kind in words; unknown kinds (from a newer version) show their stable name."""
    labels = {
        EventKind.VAULT_CREATED: QCoreApplication.translate("Labels", "Vault created"),
        EventKind.VAULT_RESTORED: QCoreApplication.translate("Labels", "Vault restored from a backup"),
        EventKind.PASSWORD_CHANGED: QCoreApplication.translate("Labels", "Master password changed"),
        EventKind.VAULT_REKEYED: QCoreApplication.translate("Labels", "Vault re-encrypted"),
        EventKind.BACKUP_CREATED: QCoreApplication.translate("Labels", "Backup created"),
        EventKind.HEAD_ACCEPTED: QCoreApplication.translate("Labels", "Database accepted as it is"),
        EventKind.HEAD_DISCARDED: QCoreApplication.translate(
            "Labels", "Older database accepted; recorded head discarded"
        ),
        EventKind.IDENTITY_KEY_MOVED: QCoreApplication.translate(
            "Labels", "Identity key moved into the key file"
        ),
        EventKind.DATA_KEY_REPLACED: QCoreApplication.translate("Labels", "Password and data key replaced"),
        EventKind.FIELD_ADDED: QCoreApplication.translate("Labels", "Field added"),
        EventKind.FIELD_CHANGED: QCoreApplication.translate("Labels", "Field changed"),
        EventKind.FIELD_DELETED: QCoreApplication.translate("Labels", "Field deleted"),
        EventKind.HISTORY_EXPORTED: QCoreApplication.translate("Labels", "History exported"),
        EventKind.REQUEST_RECEIVED: QCoreApplication.translate("Labels", "Request received"),
        EventKind.REQUEST_REJECTED: QCoreApplication.translate("Labels", "Request rejected (invalid)"),
        EventKind.REQUEST_AUTO_REFUSED: QCoreApplication.translate("Labels", "Request refused automatically"),
        EventKind.REQUEST_FLAGGED: QCoreApplication.translate("Labels", "Request flagged"),
        EventKind.REQUEST_APPROVED: QCoreApplication.translate("Labels", "Request approved"),
        EventKind.REQUEST_PARTLY_APPROVED: QCoreApplication.translate("Labels", "Request partly approved"),
        EventKind.REQUEST_REFUSED: QCoreApplication.translate("Labels", "Request refused"),
        EventKind.REQUEST_EXPIRED: QCoreApplication.translate("Labels", "Request expired"),
        EventKind.GRANT_ISSUED: QCoreApplication.translate("Labels", "Data released (grant issued)"),
        EventKind.GRANT_REVOKED: QCoreApplication.translate("Labels", "Grant revoked"),
        EventKind.GRANT_EXPIRED: QCoreApplication.translate("Labels", "Grant expired"),
        EventKind.GRANT_SUPERSEDED: QCoreApplication.translate("Labels", "Grant replaced"),
        EventKind.GRANT_ERASED: QCoreApplication.translate("Labels", "Grant ended (deletion confirmed)"),
        EventKind.VERIFICATION_ANSWERED: QCoreApplication.translate("Labels", "Verification answered"),
        EventKind.DERIVED_HELD: QCoreApplication.translate("Labels", "Derived data held for review"),
        EventKind.DERIVED_AUTHORISED: QCoreApplication.translate("Labels", "Derived data authorised"),
        EventKind.DERIVED_REFUSED: QCoreApplication.translate("Labels", "Derived data refused"),
        EventKind.RECEIPT_IMPORTED: QCoreApplication.translate("Labels", "Receipt imported"),
        EventKind.VIOLATION: QCoreApplication.translate("Labels", "Violation flagged"),
        EventKind.ORG_ADDED: QCoreApplication.translate("Labels", "Organisation added"),
        EventKind.ORG_STATUS_CHANGED: QCoreApplication.translate("Labels", "Organisation status changed"),
        EventKind.TRUST_LIST_IMPORTED: QCoreApplication.translate("Labels", "Certifier's list imported"),
        EventKind.RULES_CHANGED: QCoreApplication.translate("Labels", "Standing rules changed"),
        EventKind.ERASURE_REQUESTED: QCoreApplication.translate("Labels", "Erasure requested"),
        EventKind.ERASURE_CONFIRMED: QCoreApplication.translate("Labels", "Erasure confirmed"),
        EventKind.STATUS_LIST_EXPORTED: QCoreApplication.translate("Labels", "List of revoked grants saved"),
        EventKind.EVIDENCE_EXPORTED: QCoreApplication.translate("Labels", "Evidence exported"),
        EventKind.MESSAGE_DELIVERED: QCoreApplication.translate("Labels", "Delivered to the organisation"),
    }
    try:
        return labels[EventKind(kind)]
    except ValueError:
        return kind


# Core messages without variable parts, so they can be shown in the user's language.
CORE_MESSAGES = (
    QT_TRANSLATE_NOOP("CoreMessages", "The value must be text."),
    QT_TRANSLATE_NOOP("CoreMessages", "The value is empty."),
    QT_TRANSLATE_NOOP("CoreMessages", "The value contains control or bidirectional-override characters."),
    QT_TRANSLATE_NOOP("CoreMessages", "A date must be written as YYYY-MM-DD."),
    QT_TRANSLATE_NOOP("CoreMessages", "This is not a number."),
    QT_TRANSLATE_NOOP("CoreMessages", "This is not a finite number."),
    QT_TRANSLATE_NOOP("CoreMessages", "This is not an e-mail address (name@example.org)."),
    QT_TRANSLATE_NOOP("CoreMessages", "A phone number may contain digits, spaces, +, -, ( and )."),
    QT_TRANSLATE_NOOP("CoreMessages", "A country is a two-letter ISO 3166 code, such as DE or CN."),
    QT_TRANSLATE_NOOP("CoreMessages", "Use yes or no."),
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "A field name must start with a letter or digit and use only letters, digits, '.', '_' "
        "or '-' (at most 64 characters).",
    ),
    QT_TRANSLATE_NOOP("CoreMessages", "Use at least 8 characters."),
    QT_TRANSLATE_NOOP("CoreMessages", "Use more different characters."),
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This password is among the first an attacker tries (a common word, a "
        "run "
        "such as 1234 or abcd, or a repeat). Add more words or characters.",
    ),
    QT_TRANSLATE_NOOP("CoreMessages", "The vault is locked. Unlock it first."),
    QT_TRANSLATE_NOOP(
        "CoreMessages", "The vault is open in another window or program. Close it there first."
    ),
    QT_TRANSLATE_NOOP("CoreMessages", "The head file's signature is invalid: it was edited."),
    QT_TRANSLATE_NOOP("CoreMessages", "The head file belongs to a different vault."),
    QT_TRANSLATE_NOOP("CoreMessages", "The database does not belong to this vault's key file."),
    QT_TRANSLATE_NOOP("CoreMessages", "The vault database (vault.db) is missing. Restore from a backup."),
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The vault database is damaged or has been tampered with (its encryption check "
        "failed). Nothing was read from the damaged part. Restore from a backup.",
    ),
)


def core_message(message: str) -> str:
    """A core message in the user's language when it has a translation, else as the core wrote it."""
    return QCoreApplication.translate("CoreMessages", message)
