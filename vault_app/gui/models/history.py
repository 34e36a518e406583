"""The History table: entries newest first, loaded with keyset paging so a million entries stay smooth."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDateTime, QLocale, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from vault_app.gui.field_words import field_label
from vault_app.gui.history_words import details_text, technical_text
from vault_app.gui.i18n import kind_label
from vault_app.gui.models.lazy import LazyRowsModel, PageQuery
from vault_app.gui.tasks import TaskManager
from vault_app.services.api import VIOLATION_KINDS, HistoryEntry, HistoryFilter

if TYPE_CHECKING:
    from vault_app.services.vault import VaultService

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
VIOLATION_ROLE = Qt.ItemDataRole.UserRole + 2
# A translucent red reads as a warning on both light and dark palettes without hiding the text.
VIOLATION_BACKGROUND = QColor(220, 50, 47, 70)


def is_violation(e: HistoryEntry) -> bool:
    return e.kind in VIOLATION_KINDS


def describe_data(data: dict[str, Any]) -> str:
    """An entry's details on one line (history data holds metadata, never personal values)."""
    parts = []
    for k in sorted(data):
        v = data[k]
        if isinstance(v, (list, tuple)):
            v = ", ".join(str(x) for x in v)
        parts.append(f"{k}: {v}")
    return "; ".join(parts)


class HistoryModel(LazyRowsModel[HistoryEntry]):
    SEQ, TIME, EVENT, ORG, FIELD, PURPOSE, DETAILS = range(7)

    def __init__(self, tasks: TaskManager, parent: QObject | None = None, page_size: int = 200) -> None:
        super().__init__(tasks, page_size, parent)
        self._filter = HistoryFilter()
        #: how an organisation id is shown; the consent screens can set a function that names known ones
        self.org_namer: Callable[[str], str] = lambda did: did
        self._bold = QFont()
        self._bold.setBold(True)

    @property
    def filter(self) -> HistoryFilter:
        return self._filter

    def set_filter(self, flt: HistoryFilter) -> None:
        self._filter = flt
        self.reload()

    def page_query(self) -> PageQuery:
        flt = self._filter

        def run(svc: VaultService, _loaded: int, last: HistoryEntry | None, limit: int) -> list[HistoryEntry]:
            return svc.history_page(flt, before_seq=last.seq if last is not None else None, limit=limit)

        return run

    def row_of_seq(self, seq: int) -> int | None:
        for i, e in enumerate(self.rows):
            if e.seq == seq:
                return i
        return None

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else 7

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            [
                self.tr("#"),
                self.tr("Time"),
                self.tr("Event"),
                self.tr("Organisation"),
                self.tr("Field"),
                self.tr("Purpose"),
                self.tr("Details"),
            ][section]
            if 0 <= section < 7
            else None
        )

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        e = self.row_at(index.row()) if index.isValid() else None
        if e is None:
            return None
        col = index.column()
        if role == ENTRY_ROLE:
            return e
        if role == VIOLATION_ROLE:
            return is_violation(e)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == self.SEQ:
                return str(e.seq)
            if col == self.TIME:
                dt = QDateTime.fromMSecsSinceEpoch(e.ts_ms)
                return QLocale().toString(dt, QLocale.FormatType.ShortFormat)
            if col == self.EVENT:
                label = kind_label(e.kind)
                if role == Qt.ItemDataRole.ToolTipRole:  # the recorded kind, for experts
                    return label + "\n\n" + self.tr("Technical details:") + "\n" + e.kind
                return label
            if col == self.ORG:
                return self.org_namer(e.org) if e.org else ""
            if col == self.FIELD:
                return field_label(e.field) if e.field else ""
            if col == self.PURPOSE:
                return e.purpose or ""
            if col == self.DETAILS:
                text = details_text(e.kind, e.data, self.org_namer, e.org or "")
                if role == Qt.ItemDataRole.ToolTipRole:  # the full text, and what is recorded, for experts
                    return text + "\n\n" + self.tr("Technical details:") + "\n" + technical_text(e.data)
                return text
        if role == Qt.ItemDataRole.BackgroundRole and is_violation(e):
            return VIOLATION_BACKGROUND
        if role == Qt.ItemDataRole.FontRole and is_violation(e) and col == self.EVENT:
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.SEQ:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
