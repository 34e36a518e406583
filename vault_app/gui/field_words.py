"""Field names in the user's language: a field a person labelled shows their label, a standard field its
translated catalogue label (:mod:`vault_app.domain.catalogue`), anything else its key made readable. Stable
keys stay what organisations ask for and the history records; they are shown only as technical details."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QLocale, QObject, QTimer, Signal

from vault_app.domain.catalogue import humanise, standard_field
from vault_app.domain.model import FieldType

if TYPE_CHECKING:
    from vault_app.gui.context import AppContext

#: the catalogue's labels, listed so that lupdate collects them (a test checks that none is missing)
STANDARD_LABELS = (
    QT_TRANSLATE_NOOP("Fields", "Given name"),
    QT_TRANSLATE_NOOP("Fields", "Family name"),
    QT_TRANSLATE_NOOP("Fields", "Full name"),
    QT_TRANSLATE_NOOP("Fields", "Nickname"),
    QT_TRANSLATE_NOOP("Fields", "Date of birth"),
    QT_TRANSLATE_NOOP("Fields", "Place of birth"),
    QT_TRANSLATE_NOOP("Fields", "Gender"),
    QT_TRANSLATE_NOOP("Fields", "Nationality"),
    QT_TRANSLATE_NOOP("Fields", "Marital status"),
    QT_TRANSLATE_NOOP("Fields", "Household size"),
    QT_TRANSLATE_NOOP("Fields", "Language"),
    QT_TRANSLATE_NOOP("Fields", "National ID number"),
    QT_TRANSLATE_NOOP("Fields", "Passport number"),
    QT_TRANSLATE_NOOP("Fields", "Driving licence number"),
    QT_TRANSLATE_NOOP("Fields", "Tax ID"),
    QT_TRANSLATE_NOOP("Fields", "Email address"),
    QT_TRANSLATE_NOOP("Fields", "Work email address"),
    QT_TRANSLATE_NOOP("Fields", "Phone number"),
    QT_TRANSLATE_NOOP("Fields", "Mobile phone number"),
    QT_TRANSLATE_NOOP("Fields", "Web site"),
    QT_TRANSLATE_NOOP("Fields", "Home address"),
    QT_TRANSLATE_NOOP("Fields", "Postcode"),
    QT_TRANSLATE_NOOP("Fields", "City"),
    QT_TRANSLATE_NOOP("Fields", "Country of residence"),
    QT_TRANSLATE_NOOP("Fields", "Bank account (IBAN)"),
    QT_TRANSLATE_NOOP("Fields", "Annual income"),
    QT_TRANSLATE_NOOP("Fields", "Payment card number"),
    QT_TRANSLATE_NOOP("Fields", "Blood type"),
    QT_TRANSLATE_NOOP("Fields", "Organ donor"),
    QT_TRANSLATE_NOOP("Fields", "Employer"),
    QT_TRANSLATE_NOOP("Fields", "Job title"),
    QT_TRANSLATE_NOOP("Fields", "Education"),
    QT_TRANSLATE_NOOP("Fields", "Newsletter subscription"),
    QT_TRANSLATE_NOOP("Fields", "Fingerprint enrolled"),
    QT_TRANSLATE_NOOP("Fields", "Library card number"),
)


def field_label(key: str, labels: Mapping[str, str] | None = None) -> str:
    """What a person reads for the field key: their own label, else the standard one in their language,
    else the key in words."""
    labels = current_labels if labels is None else labels
    own = labels.get(key) or labels.get(key.lower())
    if own:
        return own
    std = standard_field(key)
    if std is not None:
        return QCoreApplication.translate("Fields", std.label)
    return humanise(key)


def join(items: Iterable[str]) -> str:
    """A list in the user's language ("a, b and c"; "a、b和c")."""
    return QLocale().createSeparatedList(list(items))


def field_list(keys: Iterable[str], labels: Mapping[str, str] | None = None) -> str:
    return join(field_label(k, labels) for k in keys)


# -- the labels of the open vault -------------------------------------------------------------------------
#: the labels the person gave their fields, by key, while the vault is unlocked (kept by :class:`LabelCache`)
current_labels: dict[str, str] = {}


class LabelCache(QObject):
    """Keeps :data:`current_labels` in step with the vault: loaded at unlock and after every field change,
    forgotten at lock. ``changed`` tells views to repaint their field names."""

    changed = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        # a burst of changes (an import, thousands of fields added in one go) reloads the labels once
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(100)
        self._soon.timeout.connect(self.reload)
        ctx.bridge.unlocked.connect(self.reload)
        ctx.bridge.fields_changed.connect(self._fields_changed)
        ctx.bridge.locked.connect(self.forget)

    def _fields_changed(self, _action: str, _name: str) -> None:
        self._soon.start()

    def reload(self) -> None:
        from vault_app.gui.tasks import DbOp

        DbOp(self, lambda svc: svc.field_labels()).success(self._loaded).run(self.ctx.tasks)

    def _loaded(self, labels: dict[str, str]) -> None:
        current_labels.clear()
        current_labels.update(labels)
        self.changed.emit()

    def forget(self) -> None:
        self._soon.stop()
        current_labels.clear()
        self.changed.emit()


def value_display(ftype: FieldType, value: str) -> str:
    """A stored value as the person reads it: yes/no, dates and numbers in their language's form, line breaks
    as ⏎ (one line per table row)."""
    if ftype is FieldType.BOOLEAN:
        low = value.strip().lower()
        if low in ("yes", "true", "1"):
            return QCoreApplication.translate("Words", "yes")
        if low in ("no", "false", "0"):
            return QCoreApplication.translate("Words", "no")
    elif ftype is FieldType.DATE:
        d = QDate.fromString(value.strip(), "yyyy-MM-dd")
        if d.isValid():
            return QLocale().toString(d, QLocale.FormatType.ShortFormat)
    elif ftype is FieldType.NUMBER:
        try:
            n = float(value)
        except ValueError:
            pass
        else:
            if n.is_integer() and abs(n) < 2**53:
                return QLocale().toString(int(n))
            return QLocale().toString(n, "g", 12)
    return " \u23ce ".join(value.splitlines())
