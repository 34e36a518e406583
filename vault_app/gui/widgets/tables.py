"""Read-only, row-selecting tables as the list pages use them (Inbox, Grants, Organisations)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QWidget,
)


def elided_tip(view: QAbstractItemView, index: QModelIndex | QPersistentModelIndex) -> str | None:
    """The cell's full text when the cell is too narrow to show it (its own tooltip wins), else None."""
    own = index.data(Qt.ItemDataRole.ToolTipRole)
    if own:
        return str(own)
    text = index.data(Qt.ItemDataRole.DisplayRole)
    if not isinstance(text, str) or not text:
        return None
    option = QStyleOptionViewItem()
    option.initFrom(view)
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    needed = view.fontMetrics().horizontalAdvance(text) + 2 * margin + 4
    return text if needed > view.visualRect(index).width() else None


class FullTextOnHover(QStyledItemDelegate):
    """Shows a cut-off cell's whole text as a tooltip when the pointer rests on it."""

    def helpEvent(self, event: QHelpEvent, view: QAbstractItemView,  # noqa: N802 (Qt's name)
                  option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> bool:
        if event is not None and event.type() == QEvent.Type.ToolTip and index.isValid():
            tip = elided_tip(view, index)
            if tip:
                QToolTip.showText(event.globalPos(), tip, view)
                return True
            QToolTip.hideText()
            event.ignore()
            return True
        return super().helpEvent(event, view, option, index)


def full_text_on_hover(view: QAbstractItemView) -> None:
    view.setItemDelegate(FullTextOnHover(view))


def row_table(model: QAbstractItemModel, accessible_name: str, widths: Sequence[int],
              parent: QWidget | None = None) -> QTableView:
    """A table that selects one whole row, never edits, keeps Tab for moving between widgets, and has its
    columns sized for the page (the last one stretches)."""
    table = QTableView(parent)
    table.setAccessibleName(accessible_name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    hh = table.horizontalHeader()
    hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    hh.setStretchLastSection(True)
    for col, width in enumerate(widths):
        table.setColumnWidth(col, width)
    full_text_on_hover(table)
    return table


def select_row(table: QTableView, row: int) -> None:
    idx = table.model().index(row, 0)
    if idx.isValid():
        table.selectionModel().setCurrentIndex(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
