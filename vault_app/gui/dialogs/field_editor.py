"""Add or edit one field: an editor that fits the type (date picker, multi-line address, yes/no...), input
validators while typing, and the core's validation messages inline before anything is saved."""

from __future__ import annotations

import re

from PySide6.QtCore import QDate, QLocale, QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from vault_app.domain.catalogue import STANDARD_FIELDS, key_from_label, standard_field
from vault_app.domain.errors import ConflictError, ValidationError
from vault_app.domain.model import Category, Field, FieldType, validate_field_name, validate_value
from vault_app.gui.context import AppContext
from vault_app.gui.errors import show_error, user_message
from vault_app.gui.field_words import field_label
from vault_app.gui.i18n import category_label, provenance_label, type_label
from vault_app.gui.look import error_label
from vault_app.gui.tasks import DbOp
from vault_app.services.vault import VaultService

# While typing, refuse characters that can never be valid; the core's check decides on save.
_PARTIAL = {
    FieldType.EMAIL: r"[^@\s]{0,64}(@[^@\s]{0,255})?",
    FieldType.PHONE: r"\+?[0-9 ()\-.]{0,32}",
    FieldType.NUMBER: r"-?[0-9,]*(\.[0-9]*)?([eE][-+]?[0-9]*)?",
    FieldType.COUNTRY: r"[A-Za-z]{0,2}",
}
_LINE, _MULTI, _DATE, _BOOL = range(4)


class _EditorSwitch(QWidget):
    """Shows one of several editors and takes only that one's size (a QStackedWidget would take the largest
    editor's height for every type)."""

    def __init__(self, editors: list[QWidget]) -> None:
        super().__init__()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self._editors = editors
        self._current = 0
        for i, w in enumerate(editors):
            lay.addWidget(w)
            w.setVisible(i == 0)

    def currentIndex(self) -> int:  # noqa: N802 (mirrors QStackedWidget)
        return self._current

    def currentWidget(self) -> QWidget:  # noqa: N802
        return self._editors[self._current]

    def setCurrentIndex(self, index: int) -> None:  # noqa: N802
        had_focus = self.currentWidget().hasFocus()
        self._current = index
        for i, w in enumerate(self._editors):
            w.setVisible(i == index)
        if had_focus:
            self.currentWidget().setFocus()


class FieldEditorDialog(QDialog):
    saved = Signal(str)  # the field's name

    def __init__(self, ctx: AppContext, field: Field | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.original = field
        self.setWindowTitle(self.tr("Edit field") if field else self.tr("Add a field"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(460)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        # the name as the person writes it (any script); the stable key organisations ask for derives from it
        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("Field name"))
        self.name.setPlaceholderText(self.tr("for example: Email address, Tax ID, Date of birth"))
        self.name.setMaxLength(80)
        self._standard = {field_label(f.key, {}): f for f in STANDARD_FIELDS}  # in the user's language
        completer = QCompleter(sorted(self._standard), self.name)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.name.setCompleter(completer)
        self.key_note = QLabel()
        self.key_note.setEnabled(False)
        self.key_note.setWordWrap(True)
        self.name_error = error_label()
        self.category = QComboBox()
        self.category.setAccessibleName(self.tr("Category"))
        for c in Category:
            self.category.addItem(category_label(c), c.value)
        self.type = QComboBox()
        self.type.setAccessibleName(self.tr("Type"))
        for t in FieldType:
            self.type.addItem(type_label(t), t.value)
        # one editor per kind of input; the stack shows the one that fits the type
        self.line = QLineEdit()
        self.line.setAccessibleName(self.tr("Value"))
        self.multi = QPlainTextEdit()
        self.multi.setAccessibleName(self.tr("Value"))
        self.multi.setTabChangesFocus(True)
        self.multi.setFixedHeight(90)
        self.date = QDateEdit()
        self.date.setAccessibleName(self.tr("Value"))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setDateRange(QDate(1800, 1, 1), QDate(2200, 12, 31))
        self.date.setDate(QDate.currentDate())
        self.boolean = QComboBox()
        self.boolean.setAccessibleName(self.tr("Value"))
        self.boolean.addItem(self.tr("Yes"), "yes")
        self.boolean.addItem(self.tr("No"), "no")
        self.editors = _EditorSwitch([self.line, self.multi, self.date, self.boolean])
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)
        self.value_error = error_label()
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow("", self.key_note)
        form.addRow("", self.name_error)
        form.addRow(self.tr("&Category:"), self.category)
        form.addRow(self.tr("&Type:"), self.type)
        form.addRow(self.tr("&Value:"), self.editors)
        form.addRow("", self.hint)
        form.addRow("", self.value_error)
        self._value_label = form.labelForField(self.editors)
        if field is not None:
            src = QLabel(provenance_label(field.provenance))
            src.setWordWrap(True)
            form.addRow(self.tr("Source:"), src)
        lay.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        for b in self.buttons.buttons():
            b.setAccessibleName(b.text().replace("&", ""))
        lay.addWidget(self.buttons)
        self.type.currentIndexChanged.connect(self._type_changed)
        self.line.textEdited.connect(self._edited)
        self.multi.textChanged.connect(self._edited)
        self.name.textEdited.connect(lambda _t: self.name_error.hide())
        self.name.textChanged.connect(self._name_changed)
        if field is not None:
            self.name.setText(field_label(field.name))
            # the key never changes (grants name it); the name shown may
            self.name.setToolTip(
                self.tr(
                    "Organisations ask for this field as \u201c%1\u201d; that stays the "
                    "same when you rename it."
                ).replace("%1", field.name)
            )
            self.category.setCurrentIndex(self.category.findData(field.category.value))
            self.type.setCurrentIndex(self.type.findData(field.type.value))
            self._type_changed()
            self.set_value_text(field.value)
            self.category.setFocus()
        else:
            self.category.setCurrentIndex(self.category.findData(Category.OTHER.value))
            self._type_changed()
            self.name.setFocus()

    # -- the name --------------------------------------------------------------------------------------------
    def key_and_label(self) -> tuple[str, str | None]:
        """The stable key and the display label (None when the label is just the standard one or the key)."""
        text = " ".join(self.name.text().split())
        if self.original is not None:
            key = self.original.name
        elif text in self._standard:
            key = self._standard[text].key
        else:
            key = key_from_label(text) if text else ""
        std = standard_field(key)
        standard_label = field_label(key, {}) if std is not None else None
        label = None if text in (key, standard_label, "") else text
        return key, label

    def _name_changed(self, _text: str) -> None:
        key, _label = self.key_and_label()
        std = self._standard.get(" ".join(self.name.text().split()))
        if std is not None and self.original is None:  # a standard field: its usual category and type
            self.category.setCurrentIndex(self.category.findData(std.category.value))
            self.type.setCurrentIndex(self.type.findData(std.type.value))
        self.key_note.setText(
            self.tr("Technical name (what organisations ask for): %1").replace("%1", key) if key else ""
        )

    # -- the value editor ------------------------------------------------------------------------------------
    @property
    def field_type(self) -> FieldType:
        return FieldType(self.type.currentData())

    def _editor_for(self, ft: FieldType) -> int:
        if ft is FieldType.ADDRESS:
            return _MULTI
        if ft is FieldType.DATE:
            return _DATE
        if ft is FieldType.BOOLEAN:
            return _BOOL
        return _LINE

    def value_text(self) -> str:
        kind = self.editors.currentIndex()
        if kind == _MULTI:
            return self.multi.toPlainText()
        if kind == _DATE:
            return self.date.date().toString("yyyy-MM-dd")
        if kind == _BOOL:
            return str(self.boolean.currentData())
        return self.line.text()

    def set_value_text(self, text: str) -> None:
        kind = self.editors.currentIndex()
        if kind == _MULTI:
            self.multi.setPlainText(text)
        elif kind == _DATE:
            d = QDate.fromString(text.strip(), "yyyy-MM-dd")
            if d.isValid():
                self.date.setDate(d)
        elif kind == _BOOL:
            self.boolean.setCurrentIndex(0 if text.strip().lower() in ("yes", "true") else 1)
        else:
            self.line.setText(text if kind == _LINE else " ".join(text.split()))

    def _type_changed(self) -> None:
        # Carry typed text over to the new editor (not the date picker's or yes/no's default).
        kind = self.editors.currentIndex()
        carried = self.value_text() if kind in (_LINE, _MULTI) else ""
        ft = self.field_type
        pattern = _PARTIAL.get(ft)
        validator = QRegularExpressionValidator(QRegularExpression(pattern)) if pattern else None
        self.line.setValidator(validator)  # type: ignore[arg-type]  # None removes the validator
        self.editors.setCurrentIndex(self._editor_for(ft))
        if self.editors.currentIndex() == _LINE:
            one_line = " ".join(carried.split())
            # text that can never become valid for the new type is dropped rather than shown unchangeable
            self.line.setText(one_line if not pattern or re.fullmatch(pattern, one_line) else "")
        elif carried:
            self.set_value_text(carried)
        if isinstance(self._value_label, QLabel):
            self._value_label.setBuddy(self.editors.currentWidget())
        self.hint.setText(self._hint_for(ft))
        self.hint.setVisible(bool(self.hint.text()))
        self.value_error.hide()
        self.adjustSize()

    def _hint_for(self, ft: FieldType) -> str:
        return {
            FieldType.EMAIL: self.tr("For example: name@example.org"),
            FieldType.PHONE: self.tr("Digits, spaces, +, -, ( and ); for example +49 30 1234567"),
            FieldType.COUNTRY: self.tr("Two-letter country code, such as DE, FR or CN"),
            FieldType.NUMBER: self.tr("A number such as 42 or 3.5"),
            FieldType.ADDRESS: self.tr("One line per address line"),
        }.get(ft, "")

    def _edited(self) -> None:
        self.value_error.hide()
        if self.field_type is FieldType.COUNTRY:
            code = self.line.text().upper()
            if code != self.line.text():
                pos = self.line.cursorPosition()
                self.line.setText(code)
                self.line.setCursorPosition(pos)
            if len(code) == 2:
                territory = QLocale.codeToTerritory(code)
                name = (
                    QLocale.territoryToString(territory) if territory != QLocale.Country.AnyTerritory else ""
                )
                self.hint.setText(name or self.tr("Unknown country code"))

    # -- saving ----------------------------------------------------------------------------------------------
    def check(self) -> tuple[str, str] | None:
        """Validate with the core's rules; shows problems inline. Returns (name, normalised value)."""
        ok = True
        name, _label = self.key_and_label()
        try:
            validate_field_name(name)
        except ValidationError as exc:
            self.name_error.setText(user_message(exc))
            self.name_error.show()
            ok = False
        try:
            value = validate_value(self.field_type, self.value_text())
        except ValidationError as exc:
            self.value_error.setText(user_message(exc))
            self.value_error.show()
            ok = False
        return (name, value) if ok else None

    def save(self) -> None:
        checked = self.check()
        if checked is None:
            return
        name, value = checked
        _key, label = self.key_and_label()
        ft, cat = self.field_type, Category(self.category.currentData())
        editing = self.original is not None

        def op(svc: VaultService) -> None:
            if editing:
                svc.update_field(name, value=value, ftype=ft, category=cat)
                if svc.field_labels().get(name) != label:
                    svc.set_field_label(name, label)
            else:
                svc.add_field(name, ft, cat, value, label=label)

        self.buttons.setEnabled(False)
        DbOp(self, op).success(lambda _r: self._saved(name)).failure(self._failed).finally_(
            lambda: self.buttons.setEnabled(True)
        ).run(self.ctx.tasks)

    def _saved(self, name: str) -> None:
        self.saved.emit(name)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ConflictError):
            self.name_error.setText(user_message(exc))
            self.name_error.show()
        elif isinstance(exc, ValidationError):
            target = self.name_error if exc.field == "name" else self.value_error
            target.setText(user_message(exc))
            target.show()
        else:
            show_error(self, exc)
