"""Import your own data from a vCard (.vcf) or CSV file: a preview of every item, a mapping to fields
(name, type, category) the person can change, the file's problems in words, and nothing written from a file
with problems unless the person confirms the good part.

The parsing, mapping and checks are :mod:`vault_app.services.importer`'s; this dialog only shows them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vault_app.domain.catalogue import STANDARD_FIELDS, key_from_label, standard_field
from vault_app.domain.errors import ValidationError
from vault_app.domain.model import Category, FieldType
from vault_app.gui.context import AppContext
from vault_app.gui.errors import show_error, user_message
from vault_app.gui.field_words import field_label, value_display
from vault_app.gui.i18n import category_label, type_label
from vault_app.gui.look import error_label
from vault_app.gui.tasks import CpuOp, DbOp
from vault_app.gui.widgets.consent import Notice, plain, section
from vault_app.services import importer
from vault_app.services.vault import VaultService

MASK = "\u2022" * 8
INCLUDE, SOURCE, FIELD, TYPE, CATEGORY, VALUE = range(6)


class ImportDataDialog(QDialog):
    imported = Signal(object)  # importer.ImportResult

    def __init__(self, ctx: AppContext, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path = path
        self.preview: importer.Preview | None = None
        self.import_result: importer.ImportResult | None = None
        self._filling = False
        self.setWindowTitle(self.tr("Import your data"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(940, 560)
        lay = QVBoxLayout(self)
        self.heading = section(self.tr("Reading the file\u2026"))
        lay.addWidget(self.heading)
        lay.addWidget(
            plain(
                self.tr(
                    "Check what becomes which field. Change a name, type or category where "
                    "the file means something else, and untick what you do not want. Nothing "
                    "is saved until you press Import."
                )
            )
        )
        self.problems = Notice("", "warn")
        self.problems.hide()
        lay.addWidget(self.problems)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Import"),
                self.tr("In the file"),
                self.tr("Field"),
                self.tr("Type"),
                self.tr("Category"),
                self.tr("Value"),
            ]
        )
        self.table.setAccessibleName(self.tr("What the file holds and the field each item becomes"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.table, 1)
        self.reveal = QCheckBox(self.tr("Show &values"))
        self.reveal.toggled.connect(lambda _on: self._fill())
        self.confirm_partial = QCheckBox()
        self.confirm_partial.toggled.connect(lambda _on: self._update_button())
        self.confirm_partial.hide()
        lay.addWidget(self.reveal)
        lay.addWidget(self.confirm_partial)
        self.error = error_label()
        lay.addWidget(self.error)
        bar = QHBoxLayout()
        self.reason = plain()
        self.reason.setEnabled(False)
        bar.addWidget(self.reason, 1)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.import_button = QPushButton(self.tr("&Import"))
        self.import_button.setDefault(True)
        bar.addWidget(self.cancel_button)
        bar.addWidget(self.import_button)
        lay.addLayout(bar)
        self.cancel_button.clicked.connect(self.reject)
        self.import_button.clicked.connect(self.do_import)
        self.import_button.setEnabled(False)
        ctx.bridge.locked.connect(self.reject)
        CpuOp(self, lambda: importer.read_file(path)).success(self._read).failure(self._unreadable).run(
            ctx.tasks
        )

    # -- reading -----------------------------------------------------------------------------------------
    def _read(self, preview: importer.Preview) -> None:
        self.preview = preview
        from pathlib import Path

        kind = self.tr("contact card (vCard)") if preview.format == "vcard" else self.tr("table (CSV)")
        self.heading.setText(
            self.tr("Import from %1, a %2").replace("%1", Path(self.path).name).replace("%2", kind)
        )
        self._fill()

    def _unreadable(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self.heading.setText(self.tr("This file cannot be imported"))
            self.problems.set(user_message(exc), "error")
            self.problems.show()
            self.reason.setText(self.tr("Nothing can be imported from this file."))
        else:
            show_error(self, exc)

    # -- the preview -------------------------------------------------------------------------------------
    def _fill(self) -> None:
        p = self.preview
        if p is None:
            return
        self._filling = True
        self.table.setRowCount(len(p.candidates))
        labels = sorted({field_label(f.key, {}) for f in STANDARD_FIELDS})
        for row, c in enumerate(p.candidates):
            box = QCheckBox()
            box.setChecked(c.include)
            box.setAccessibleName(self.tr("Import %1").replace("%1", c.source))
            box.toggled.connect(lambda on, s=c.source: self._remap(s, include=on))
            self.table.setCellWidget(row, INCLUDE, box)
            self.table.setItem(row, SOURCE, QTableWidgetItem(source_words(c.source)))
            name = QComboBox()
            name.setEditable(True)
            name.addItems(labels)
            name.setCurrentText(c.label or field_label(c.key, {}))
            name.setAccessibleName(self.tr("Field for %1").replace("%1", c.source))
            editor = name.lineEdit()
            assert editor is not None  # the combo box is editable
            editor.editingFinished.connect(lambda s=c.source, n=name: self._renamed(s, n.currentText()))
            name.activated.connect(lambda _i, s=c.source, n=name: self._renamed(s, n.currentText()))
            self.table.setCellWidget(row, FIELD, name)
            ftype = QComboBox()
            for t in FieldType:
                ftype.addItem(type_label(t), t.value)
            ftype.setCurrentIndex(ftype.findData(c.type.value))
            ftype.setAccessibleName(self.tr("Type for %1").replace("%1", c.source))
            ftype.activated.connect(
                lambda _i, s=c.source, b=ftype: self._remap(s, ftype=FieldType(b.currentData()))
            )
            self.table.setCellWidget(row, TYPE, ftype)
            cat = QComboBox()
            for k in Category:
                cat.addItem(category_label(k), k.value)
            cat.setCurrentIndex(cat.findData(c.category.value))
            cat.setAccessibleName(self.tr("Category for %1").replace("%1", c.source))
            cat.activated.connect(
                lambda _i, s=c.source, b=cat: self._remap(s, category=Category(b.currentData()))
            )
            self.table.setCellWidget(row, CATEGORY, cat)
            shown = value_display(c.type, c.value) if self.reveal.isChecked() else MASK
            self.table.setItem(row, VALUE, QTableWidgetItem(shown))
        self._filling = False
        if p.problems:
            lines = [self.tr("The file has %n problem(s):", "", len(p.problems))]
            lines += [
                (
                    self.tr("line %1: %2").replace("%1", str(pr.line)).replace("%2", pr.message)
                    if pr.line
                    else pr.message
                )
                for pr in p.problems[:8]
            ]
            if len(p.problems) > 8:
                lines.append(self.tr("\u2026 and %n more.", "", len(p.problems) - 8))
            self.problems.set("\n".join(lines), "warn")
            self.problems.show()
            self.confirm_partial.setText(self.tr("Import the %n good item(s) anyway", "", len(p.included)))
            self.confirm_partial.show()
        self._update_button()

    def _renamed(self, source: str, text: str) -> None:
        text = " ".join(text.split())
        if not text:
            return
        std = next((f for f in STANDARD_FIELDS if field_label(f.key, {}) == text), None)
        key = std.key if std else key_from_label(text)
        self._remap(source, key=key, label=None if std or standard_field(key) else text)

    def _remap(self, source: str, **change: object) -> None:
        if self._filling or self.preview is None:
            return
        try:
            self.preview = importer.remap(self.preview, source, **change)  # type: ignore[arg-type]
        except ValidationError as exc:
            self.error.setText(user_message(exc))
            self.error.show()
            self._fill()  # back to what holds
            return
        self.error.hide()
        self._fill()

    def _update_button(self) -> None:
        p = self.preview
        n = len(p.included) if p else 0
        blocked = bool(p and p.problems and not self.confirm_partial.isChecked())
        self.import_button.setEnabled(bool(p) and n > 0 and not blocked)
        self.import_button.setText(self.tr("&Import %n field(s)", "", n))
        if p is not None and n == 0:
            self.reason.setText(self.tr("Tick at least one item to import."))
        elif blocked:
            self.reason.setText(
                self.tr("The file has problems: confirm above that you want the good part only.")
            )
        else:
            self.reason.setText("")

    # -- importing ---------------------------------------------------------------------------------------
    def do_import(self) -> None:
        p = self.preview
        if p is None or not self.import_button.isEnabled():
            return
        partial = self.confirm_partial.isChecked()
        self.import_button.setEnabled(False)

        def op(svc: VaultService) -> importer.ImportResult:
            return importer.apply(svc, p, accept_partial=partial)

        DbOp(self, op).success(self._done).failure(self._failed).finally_(self._update_button).run(
            self.ctx.tasks
        )

    def _done(self, result: importer.ImportResult) -> None:
        self.import_result = result
        self.imported.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self.error.setText(user_message(exc))
            self.error.show()
        else:
            show_error(self, exc)


def source_words(source: str) -> str:
    """What the file calls an item, easier on the eye: ``EMAIL;TYPE=home`` -> "EMAIL (home)"."""
    rest = ""
    if " (" in source:  # the importer's own note on a part, such as " (postal code)"
        source, rest = source.split(" (", 1)
        rest = " (" + rest
    name, _, params = source.partition(";")
    kinds = [p.partition("=")[2] or p for p in params.split(";") if p]
    return name + (f" ({', '.join(kinds).lower()})" if kinds else "") + rest


def is_data_file(path: str) -> bool:
    """A file this dialog imports (rather than a message from an organisation)."""
    return path.lower().endswith((".vcf", ".vcard", ".csv"))
