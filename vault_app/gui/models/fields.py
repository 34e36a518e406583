"""The My data table: one row per field, values masked unless the user reveals them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDateTime, QLocale, QModelIndex, QObject, QPersistentModelIndex, Qt

from vault_app.domain.model import Category, Field
from vault_app.gui.field_words import field_label, value_display
from vault_app.gui.i18n import category_label, provenance_label, type_label
from vault_app.gui.models.lazy import LazyRowsModel, PageQuery
from vault_app.gui.tasks import TaskManager

if TYPE_CHECKING:
    from vault_app.services.vault import VaultService

MASK = "\u2022" * 8  # same length whatever the value, so the mask does not leak the value's length
FIELD_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_LIMIT = 1000


class FieldsModel(LazyRowsModel[Field]):
    NAME, CATEGORY, TYPE, VALUE, PROVENANCE, UPDATED = range(6)

    def __init__(self, tasks: TaskManager, parent: QObject | None = None, page_size: int = 200) -> None:
        super().__init__(tasks, page_size, parent)
        self._category: Category | None = None
        self._query = ""
        self._revealed = False

    # -- filter ----------------------------------------------------------------------------------------------
    @property
    def category(self) -> Category | None:
        return self._category

    @property
    def search_text(self) -> str:
        return self._query

    @property
    def limited(self) -> bool:
        """True when a search hit the result limit (the view says "showing the first N matches")."""
        return bool(self._query.strip()) and len(self.rows) >= SEARCH_LIMIT

    def set_filter(self, category: Category | None, query: str) -> None:
        self._category = category
        self._query = query
        self.reload()

    def page_query(self) -> PageQuery:
        cat, query = self._category, self._query.strip()

        def run(svc: VaultService, loaded: int, _last: Any, limit: int) -> list[Field]:
            if query:
                if loaded:
                    return []  # a search is one page: the core returns the best SEARCH_LIMIT matches
                found = svc.search_fields(query, limit=SEARCH_LIMIT)
                return [f for f in found if cat is None or f.category is cat]
            return svc.list_fields(cat, limit=limit, offset=loaded)

        return run

    def reload(self) -> None:
        # A search returns everything at once; make its "page" as large as the limit.
        self._page_size = SEARCH_LIMIT if self._query.strip() else 200
        super().reload()

    # -- masking ---------------------------------------------------------------------------------------------
    @property
    def revealed(self) -> bool:
        return self._revealed

    def set_revealed(self, on: bool) -> None:
        if on == self._revealed:
            return
        self._revealed = on
        if self.rows:
            self.dataChanged.emit(self.index(0, self.VALUE), self.index(len(self.rows) - 1, self.VALUE))

    def clear(self) -> None:
        self._revealed = False  # after a lock, values start hidden again
        super().clear()

    # -- Qt model --------------------------------------------------------------------------------------------
    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return [self.tr("Name"), self.tr("Category"), self.tr("Type"), self.tr("Value"), self.tr("Source"),
                self.tr("Last changed")][section] if 0 <= section < 6 else None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        f = self.row_at(index.row()) if index.isValid() else None
        if f is None:
            return None
        col = index.column()
        if role == FIELD_ROLE:
            return f
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == self.NAME:
                return field_label(f.name)
            if col == self.CATEGORY:
                return category_label(f.category)
            if col == self.TYPE:
                return type_label(f.type)
            if col == self.VALUE:
                if not self._revealed:
                    return self.tr("hidden value") if role == Qt.ItemDataRole.AccessibleTextRole else MASK
                return value_display(f.type, f.value)
            if col == self.PROVENANCE:
                return provenance_label(f.provenance)
            if col == self.UPDATED:
                if not f.updated:
                    return ""
                dt = QDateTime.fromMSecsSinceEpoch(int(f.updated * 1000))
                return QLocale().toString(dt, QLocale.FormatType.ShortFormat)
        if role == Qt.ItemDataRole.ToolTipRole and col == self.PROVENANCE:
            return provenance_label(f.provenance)
        if role == Qt.ItemDataRole.ToolTipRole and col == self.NAME:  # the stable key organisations ask for
            return self.tr("%1 (technical name: %2)").replace("%1", field_label(f.name)).replace("%2", f.name)
        return None
