"""A table model that loads its rows page by page on the database worker (``canFetchMore``/``fetchMore``).

Rows are immutable objects kept in a list; a page query gets how many rows are loaded and the last one (for
keyset paging) and returns the next rows. Each reload or clear starts a new generation, so a page that
arrives for an older filter, or after the vault was locked, is thrown away instead of mixing into the
table.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Signal

from vault_app.domain.errors import AuthError
from vault_app.gui.errors import show_error
from vault_app.gui.tasks import DbOp, TaskManager

if TYPE_CHECKING:
    from vault_app.services.vault import VaultService

R = TypeVar("R")
PageQuery = Callable[["VaultService", int, Any, int], list[Any]]
AnyIndex = QModelIndex | QPersistentModelIndex


class LazyRowsModel(QAbstractTableModel, Generic[R]):
    page_loaded = Signal()
    load_failed = Signal()

    def __init__(self, tasks: TaskManager, page_size: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._page_size = page_size
        self._rows: list[R] = []
        self._gen = 0
        self._active = False
        self._more = False
        self._fetching = False

    # -- subclass API ----------------------------------------------------------------------------------------
    def page_query(self) -> PageQuery:
        """The query for the current filter: (svc, loaded, last_row, limit) -> rows. Captures the filter."""
        raise NotImplementedError

    # -- loading ---------------------------------------------------------------------------------------------
    @property
    def rows(self) -> list[R]:
        return self._rows

    @property
    def fetching(self) -> bool:
        return self._fetching

    @property
    def active(self) -> bool:
        return self._active

    def row_at(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def reload(self) -> None:
        """Drop what is shown and load the first page for the current filter."""
        self._gen += 1
        self.beginResetModel()
        self._rows = []
        self._active = True
        self._more = True
        self._fetching = False
        self.endResetModel()
        self._fetch()

    def clear(self) -> None:
        """Forget every row (on lock) and load nothing until the next reload."""
        self._gen += 1
        self.beginResetModel()
        self._rows = []
        self._active = False
        self._more = False
        self._fetching = False
        self.endResetModel()

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008,N802
        return not parent.isValid() and self._active and self._more and not self._fetching

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008,N802
        if self.canFetchMore(parent):
            self._fetch()

    def _fetch(self) -> None:
        self._fetching = True
        gen = self._gen
        query = self.page_query()
        loaded = len(self._rows)
        last = self._rows[-1] if self._rows else None
        limit = self._page_size
        DbOp(self, lambda svc: query(svc, loaded, last, limit)).success(
            lambda page: self._arrived(gen, page, limit)
        ).failure(lambda exc: self._failed(gen, exc)).run(self._tasks)

    def _arrived(self, gen: int, page: list[R], limit: int) -> None:
        if gen != self._gen:
            return
        self._fetching = False
        self._more = len(page) >= limit
        if page:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()
        self.page_loaded.emit()

    def _failed(self, gen: int, exc: BaseException) -> None:
        if gen != self._gen:
            return
        self._fetching = False
        self._more = False
        self.load_failed.emit()
        if isinstance(exc, AuthError) and exc.reason == "locked":
            return  # locked while loading: the lock already cleared the view
        show_error(None, exc)

    # -- Qt model --------------------------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(self._rows)
