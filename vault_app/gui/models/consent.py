"""Table models for the consent screens: requests (Inbox), grants, organisations and standing rules.

These lists are short (a person deals with tens or hundreds of organisations), so each model holds
immutable rows loaded whole by its page through the task runner; ``data()`` only formats what it holds.
``clear()`` drops every row on lock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeAlias, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from vault_app.domain.shown import org_text
from vault_app.gui import consent_words as w
from vault_app.gui.field_words import field_list
from vault_app.services.api import Rule
from vault_app.services.views import CheckHold, GrantView, OrgView, RequestView

R = TypeVar("R")
AnyIndex: TypeAlias = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
_DISPLAY = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)


class RowsModel(QAbstractTableModel, Generic[R]):
    """A read-only table over a list of immutable rows. Subclasses name the columns and format cells."""

    COLUMNS: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []

    @property
    def rows(self) -> list[R]:
        return self._rows

    def row_at(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def headers(self) -> list[str]:
        raise NotImplementedError

    def cell(self, row: R, col: int, role: int) -> Any:
        raise NotImplementedError

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(self.headers())

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        h = self.headers()
        return h[section] if 0 <= section < len(h) else None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        r = self.row_at(index.row()) if index.isValid() else None
        if r is None or not 0 <= index.column() < self.columnCount():
            return None
        if role == ROW_ROLE:
            return r
        return self.cell(r, index.column(), role)


def _toned(kind: str, role: int) -> Any:
    if role == Qt.ItemDataRole.ForegroundRole:
        return w.tone_colour(kind)
    if role == Qt.ItemDataRole.BackgroundRole:
        return w.tone_background(kind)
    return None


@dataclass(frozen=True)
class RequestRow:
    request: RequestView
    org: OrgView | None
    reason: str = ""  # why it was refused, in the user's words where possible
    # a verification request's checks the vault declines (or declined) by itself, and why
    holds: tuple[CheckHold, ...] = ()


class RequestsModel(RowsModel[RequestRow]):
    RECEIVED, KIND, ORG, COMPLIANCE, STATUS, PURPOSE, REASON = range(7)

    def headers(self) -> list[str]:
        return [
            self.tr("Received"),
            self.tr("What"),
            self.tr("Organisation"),
            self.tr("Compliance"),
            self.tr("Status"),
            self.tr("Purpose"),
            self.tr("Reason"),
        ]

    def cell(self, row: RequestRow, col: int, role: int) -> Any:
        r, org = row.request, row.org
        if role in _DISPLAY or role == Qt.ItemDataRole.ToolTipRole:
            if col == self.RECEIVED:
                return w.time_text(r.received)
            if col == self.KIND:
                return self.tr("Change to a grant") if r.refines else w.request_kind_label(r.kind)
            if col == self.ORG:
                return org_text(r.org_name)  # its identity is in the review's Technical details
            if col == self.COMPLIANCE:
                return w.compliance_label(org.status, org.blocked) if org else ""
            if col == self.PURPOSE:
                return org_text(r.content.purpose_text)
            if col == self.STATUS:
                return w.request_state_label(r.state)
            if col == self.REASON:
                return row.reason
        if col == self.COMPLIANCE and org is not None:
            return _toned(w.compliance_tone(org.status, org.blocked), role)
        if col == self.STATUS:
            return (
                _toned(w.request_state_tone(r.state), role)
                if role == Qt.ItemDataRole.ForegroundRole
                else None
            )
        return None


class GrantsModel(RowsModel[GrantView]):
    ISSUED, ORG, STATUS, EXPIRES, FIELDS, PURPOSE = range(6)

    def headers(self) -> list[str]:
        return [
            self.tr("Issued"),
            self.tr("Organisation"),
            self.tr("Status"),
            self.tr("Until"),
            self.tr("Fields released"),
            self.tr("Purpose"),
        ]

    def cell(self, g: GrantView, col: int, role: int) -> Any:
        if role in _DISPLAY or role == Qt.ItemDataRole.ToolTipRole:
            if col == self.ISSUED:
                return w.time_text(g.issued)
            if col == self.ORG:
                name = g.org_name
                return name + (self.tr(" (passed on)") if g.kind == "onward" else "")
            if col == self.FIELDS:
                return field_list(g.field_names)
            if col == self.PURPOSE:
                return org_text(g.scope.purpose_text)
            if col == self.EXPIRES:
                return w.date_text(g.expires)
            if col == self.STATUS:
                return w.grant_state_label(g.state)
        if col == self.STATUS and role == Qt.ItemDataRole.ForegroundRole:
            return w.tone_colour(w.grant_state_tone(g.state))
        return None


@dataclass(frozen=True)
class OrgRow:
    org: OrgView
    source: str


class OrgsModel(RowsModel[OrgRow]):
    NAME, COMPLIANCE, SOURCE, BLOCKED, FINGERPRINT = range(5)

    def headers(self) -> list[str]:
        return [
            self.tr("Organisation"),
            self.tr("Compliance"),
            self.tr("Who says so"),
            self.tr("Blocked"),
            self.tr("Key fingerprint"),
        ]

    def cell(self, row: OrgRow, col: int, role: int) -> Any:
        o = row.org
        if role in _DISPLAY or role == Qt.ItemDataRole.ToolTipRole:
            if col == self.NAME:
                return o.name  # its identity is in the page's Technical details
            if col == self.COMPLIANCE:
                return w.compliance_label(o.status, o.blocked)
            if col == self.SOURCE:
                return row.source
            if col == self.BLOCKED:
                return self.tr("\u2718 Blocked") if o.blocked else ""
            if col == self.FINGERPRINT:
                return o.fingerprint
        if col == self.COMPLIANCE:
            return _toned(w.compliance_tone(o.status, o.blocked), role)
        if col == self.BLOCKED and o.blocked and role == Qt.ItemDataRole.ForegroundRole:
            return w.tone_colour("error")
        return None


class RulesModel(RowsModel[Rule]):
    RULE, ACTION = range(2)

    def headers(self) -> list[str]:
        return [self.tr("Rule"), self.tr("When a request goes beyond it")]

    def cell(self, r: Rule, col: int, role: int) -> Any:
        if role in _DISPLAY or role == Qt.ItemDataRole.ToolTipRole:
            return w.rule_description(r) if col == self.RULE else w.rule_action_label(r.action)
        return None
