"""My data: the fields by category, search, add/edit/delete, values masked until revealed, copy with
clearing."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vault_app.domain.model import Category, Field
from vault_app.gui.context import AppContext
from vault_app.gui.dialogs.field_editor import FieldEditorDialog
from vault_app.gui.errors import confirm
from vault_app.gui.i18n import category_label
from vault_app.gui.look import heading
from vault_app.gui.models.fields import FIELD_ROLE, SEARCH_LIMIT, FieldsModel
from vault_app.gui.pages import VaultPage
from vault_app.gui.tasks import DbOp
from vault_app.gui.widgets.tables import full_text_on_hover
from vault_app.services.vault import VaultService

ALL = "__all__"


def category_counts(svc: VaultService) -> dict[str, int]:
    counts = {c.value: svc.field_count(c) for c in Category}
    counts[ALL] = sum(counts.values())
    return counts


class FieldsPage(VaultPage):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = FieldsModel(ctx.tasks, self)
        self._unlocked = False
        self._counts: dict[str, int] = {}
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 16, 16, 8)
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("My data"), 4))
        top.addStretch(1)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search names and values (Ctrl+F)"))
        self.search.setAccessibleName(self.tr("Search my data"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        top.addWidget(self.search)
        lay.addLayout(top)

        bar = QHBoxLayout()
        self.add_button = self._button(self.tr("&Add\u2026"), self.tr("Add a field"), self.add_field)
        self.edit_button = self._button(
            self.tr("&Edit\u2026"), self.tr("Edit the selected field"), self.edit_field
        )
        self.delete_button = self._button(
            self.tr("&Delete"), self.tr("Delete the selected field"), self.delete_field
        )
        self.copy_button = self._button(
            self.tr("&Copy value"), self.tr("Copy the selected value"), self.copy_value
        )
        self.reveal = QToolButton()
        self.reveal.setText(self.tr("&Show values"))
        self.reveal.setAccessibleName(self.tr("Show values"))
        self.reveal.setCheckable(True)
        self.reveal.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.reveal.toggled.connect(self._reveal_toggled)
        for b in (self.add_button, self.edit_button, self.delete_button, self.copy_button):
            bar.addWidget(b)
        bar.addStretch(1)
        bar.addWidget(self.reveal)
        lay.addLayout(bar)

        self.categories = QListWidget()
        self.categories.setAccessibleName(self.tr("Categories"))
        self.categories.setMaximumWidth(200)
        self.categories.currentItemChanged.connect(lambda *_: self._filter_changed())
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Fields"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setStretchLastSection(True)
        for col, width in ((0, 160), (1, 105), (2, 115), (3, 180), (4, 120)):
            self.table.setColumnWidth(col, width)
        full_text_on_hover(self.table)
        self.table.doubleClicked.connect(lambda _i: self.edit_field())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.empty = QWidget()
        elay = QVBoxLayout(self.empty)
        elay.addStretch(1)
        self.empty_text = QLabel()
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_text.setWordWrap(True)
        elay.addWidget(self.empty_text)
        self.empty_add = QPushButton(self.tr("Add your first field\u2026"))
        self.empty_add.setAccessibleName(self.tr("Add your first field"))
        self.empty_add.clicked.connect(self.add_field)
        elay.addWidget(self.empty_add, 0, Qt.AlignmentFlag.AlignCenter)
        elay.addStretch(2)
        self.views = QStackedWidget()
        self.views.addWidget(self.table)
        self.views.addWidget(self.empty)
        split = QSplitter()
        split.addWidget(self.categories)
        split.addWidget(self.views)
        split.setStretchFactor(1, 1)
        split.setSizes([170, 800])
        split.setChildrenCollapsible(False)
        lay.addWidget(split, 1)
        self.status = QLabel()
        self.status.setAccessibleName(self.tr("Status"))
        lay.addWidget(self.status)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)  # search once typing pauses, not on every key
        self._search_timer.timeout.connect(self._filter_changed)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.model.page_loaded.connect(self._loaded)
        self.model.modelReset.connect(self._update_actions)
        ctx.clipboard.cleared.connect(self._clipboard_cleared)
        ctx.bridge.fields_changed.connect(self._fields_changed)
        self._add_shortcuts()
        self._fill_categories({})
        self._update_actions()
        self.setTabOrder(self.search, self.categories)
        self.setTabOrder(self.categories, self.table)

    def _button(self, text: str, accessible: str, slot: object) -> QPushButton:
        b = QPushButton(text)
        b.setAccessibleName(accessible)
        b.clicked.connect(slot)
        return b

    def _add_shortcuts(self) -> None:
        def act(keys: QKeySequence | QKeySequence.StandardKey | str, slot: object) -> None:
            a = QAction(self)
            a.setShortcut(QKeySequence(keys))
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            a.triggered.connect(slot)
            self.addAction(a)

        act(QKeySequence.StandardKey.Find, self.focus_search)
        act(QKeySequence.StandardKey.New, self.add_field)
        act("Ctrl+Shift+C", self.copy_value)
        # keys that mean something else in the search box act only while the table has the focus
        for keys, slot in (
            (QKeySequence("F2"), self.edit_field),
            (QKeySequence("Return"), self.edit_field),
            (QKeySequence("Enter"), self.edit_field),
            (QKeySequence(QKeySequence.StandardKey.Delete), self.delete_field),
            (QKeySequence(QKeySequence.StandardKey.Copy), self.copy_value),
        ):
            a = QAction(self.table)
            a.setShortcut(keys)
            a.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            a.triggered.connect(slot)
            self.table.addAction(a)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # -- loading ---------------------------------------------------------------------------------------------
    def on_unlocked(self) -> None:
        self._unlocked = True
        self._refresh_counts()
        self._filter_changed()

    def on_locked(self) -> None:
        """Forget every value: the model empties, the search text (which may be a value) goes."""
        self._unlocked = False
        self.reveal.setChecked(False)
        self.model.clear()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._search_timer.stop()
        self._fill_categories({})
        self.status.clear()
        self._update_actions()

    def _refresh_counts(self) -> None:
        DbOp(self, category_counts).success(self._fill_categories).run(self.ctx.tasks)

    def _fill_categories(self, counts: dict[str, int]) -> None:
        current = self.categories.currentItem()
        keep = current.data(Qt.ItemDataRole.UserRole) if current else ALL
        self.categories.blockSignals(True)
        self.categories.clear()
        entries = [(ALL, self.tr("All categories"))] + [(c.value, category_label(c)) for c in Category]
        for key, label in entries:
            n = counts.get(key)
            item = QListWidgetItem(f"{label} ({n})" if n is not None else label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.categories.addItem(item)
            if key == keep:
                self.categories.setCurrentItem(item)
        self.categories.blockSignals(False)
        self._counts = counts
        if counts and self.model.active:
            self._loaded()  # the empty-vault message depends on the total

    def selected_category(self) -> Category | None:
        item = self.categories.currentItem()
        key = item.data(Qt.ItemDataRole.UserRole) if item else ALL
        return None if key in (None, ALL) else Category(key)

    def _filter_changed(self) -> None:
        if self._unlocked:
            self.model.set_filter(self.selected_category(), self.search.text())

    def _loaded(self) -> None:
        if self.model.fetching:
            return
        n = self.model.rowCount()
        total = self._counts.get(ALL, n)
        searching = bool(self.search.text().strip())
        if total == 0 and not searching:
            self.empty_text.setText(
                self.tr(
                    "You have not added any data yet.\nAdd the details organisations "
                    "usually ask you for; they stay encrypted on this computer."
                )
            )
            self.empty_add.show()
            self.views.setCurrentWidget(self.empty)
        elif n == 0:
            self.empty_text.setText(
                self.tr("No field matches your search.")
                if searching
                else self.tr("No fields in this category yet.")
            )
            self.empty_add.setVisible(not searching)
            self.views.setCurrentWidget(self.empty)
        else:
            self.views.setCurrentWidget(self.table)
        if searching:
            text = self.tr("%n field(s) match.", "", n)
            if self.model.limited:
                text += " " + self.tr("Showing the first %1; refine the search to see others.").replace(
                    "%1", str(SEARCH_LIMIT)
                )
        else:
            text = self.tr("%n field(s) in this vault.", "", total)
        if not self.ctx.clipboard.holding:
            self.status.setText(text)
        self._update_actions()

    def _fields_changed(self, _action: str, _name: str) -> None:
        if self.model.active:
            self._refresh_counts()
            self.model.reload()

    # -- selection and actions -------------------------------------------------------------------------------
    def selected_field(self) -> Field | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            idx = self.table.currentIndex()
            if not idx.isValid():
                return None
            rows = [idx]
        f = self.model.data(self.model.index(rows[0].row(), 0), FIELD_ROLE)
        return f if isinstance(f, Field) else None

    def select_field(self, name: str) -> bool:
        for i, f in enumerate(self.model.rows):
            if f.name == name:
                idx = self.model.index(i, 0)
                self.table.selectionModel().setCurrentIndex(
                    idx,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.table.scrollTo(idx)
                return True
        return False

    def _update_actions(self) -> None:
        has = self.selected_field() is not None
        active = self.model.active
        for b in (self.edit_button, self.delete_button, self.copy_button):
            b.setEnabled(has)
        self.add_button.setEnabled(active)
        self.reveal.setEnabled(active)

    def _reveal_toggled(self, on: bool) -> None:
        self.model.set_revealed(on)
        self.reveal.setText(self.tr("&Hide values") if on else self.tr("&Show values"))
        self.reveal.setAccessibleName(self.tr("Hide values") if on else self.tr("Show values"))

    def add_field(self) -> None:
        if not self.model.active:
            return
        dlg = FieldEditorDialog(self.ctx, None, self)
        cat = self.selected_category()
        if cat is not None:
            dlg.category.setCurrentIndex(dlg.category.findData(cat.value))
        dlg.saved.connect(self._after_save)
        dlg.open()

    def edit_field(self) -> None:
        f = self.selected_field()
        if f is None:
            return
        dlg = FieldEditorDialog(self.ctx, f, self)
        dlg.saved.connect(self._after_save)
        dlg.open()

    def _after_save(self, name: str) -> None:
        def select_when_loaded() -> None:
            if self.select_field(name):
                self.model.page_loaded.disconnect(select_when_loaded)

        self.model.page_loaded.connect(select_when_loaded)

    def delete_field(self) -> None:
        f = self.selected_field()
        if f is None:
            return
        name = f.name
        confirm(
            self,
            self.tr("Delete field"),
            self.tr(
                "Delete the field \u201c%1\u201d? Its value is removed from the vault; the history keeps "
                "a record that it was deleted, without the value."
            ).replace("%1", name),
            self.tr("Delete"),
            lambda: DbOp(self, lambda svc: svc.delete_field(name)).run(self.ctx.tasks),
            destructive=True,
        )

    def copy_value(self) -> None:
        f = self.selected_field()
        if f is None:
            return
        self.ctx.clipboard.copy(f.value)
        seconds = self.ctx.settings.clipboard_clear_seconds
        self.status.setText(
            self.tr(
                "Copied the value of \u201c%1\u201d. The clipboard will be cleared in %n second(s).",
                "",
                seconds,
            ).replace("%1", f.name)
        )

    def _clipboard_cleared(self) -> None:
        if self.model.active:
            self.status.setText(self.tr("The clipboard was cleared."))

    def on_shown(self) -> None:
        self.table.setFocus()
