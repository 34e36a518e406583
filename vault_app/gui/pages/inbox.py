"""Inbox: requests from organisations, newest first, with who asks (and whether anyone vouches for them),
why, and their state. Requests refused automatically (by your rules or because of the organisation's
standing) have their own filter and show the reason. Opening a request leads to the review or verification
dialog."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from vault_app.domain.consent import RequestKind, RequestState
from vault_app.domain.events import Event
from vault_app.gui import consent_words as w
from vault_app.gui.context import AppContext
from vault_app.gui.dialogs.review import ReviewDialog
from vault_app.gui.dialogs.verification import VerificationDialog
from vault_app.gui.field_words import field_list
from vault_app.gui.look import heading
from vault_app.gui.models.consent import ROW_ROLE, RequestRow, RequestsModel
from vault_app.gui.pages import VaultPage
from vault_app.gui.tasks import DbOp
from vault_app.gui.widgets.consent import Notice, plain
from vault_app.gui.widgets.tables import row_table, select_row
from vault_app.services.vault import VaultService
from vault_app.services.views import CheckHold, OrgView, RequestView

WAITING, AUTO_REFUSED, DECIDED, EXPIRED, EVERYTHING = "waiting", "auto", "decided", "expired", "all"
_STATES = {
    WAITING: {RequestState.RECEIVED, RequestState.PENDING_REVIEW},
    AUTO_REFUSED: {RequestState.AUTO_REFUSED},
    DECIDED: {RequestState.APPROVED, RequestState.PARTLY_APPROVED, RequestState.REFUSED},
    EXPIRED: {RequestState.EXPIRED},
}
# event topics after which the inbox may have changed
CONSENT_TOPICS = frozenset({"requests", "grants", "orgs", "settings"})


@dataclass(frozen=True)
class InboxData:
    requests: tuple[RequestView, ...]
    orgs: dict[str, OrgView]
    # per verification request, the checks the vault declines by itself and why
    holds: dict[str, dict[str, CheckHold]] = field(default_factory=dict)


def load_inbox(svc: VaultService) -> InboxData:
    c = svc.consent
    requests = tuple(c.inbox.list_requests(limit=1000))
    holds = c.decisions.declined_checks(r.id for r in requests if r.kind is RequestKind.VERIFICATION)
    return InboxData(requests, {o.did: o for o in c.orgs.list()}, holds)


def reason_text(r: RequestView, data: InboxData) -> str:
    """The reason shown for a refused request: in the user's words when the core's reason word is known."""
    if r.state is RequestState.AUTO_REFUSED and r.reason_code:
        return w.auto_refusal_text(r.reason_code, r.org_name) or (r.reason or "")
    return r.reason or ""


class InboxPage(VaultPage):
    pending_changed = Signal(int)
    import_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = RequestsModel(self)
        self._unlocked = False
        self._data = InboxData((), {})
        self.pending = 0
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 16, 16, 8)
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("Inbox"), 4))
        top.addStretch(1)
        self.import_button = QPushButton(self.tr("&Import a request\u2026"))
        self.import_button.setAccessibleName(self.tr("Import a request"))
        self.import_button.clicked.connect(self.import_requested.emit)
        top.addWidget(self.import_button)
        lay.addLayout(top)
        intro = plain(
            self.tr(
                "Requests from organisations that want some of your data, want to check it, or want "
                "to use a conclusion drawn from it. Nothing leaves your vault until you approve."
            )
        )
        lay.addWidget(intro)
        bar = QHBoxLayout()
        self.filter = QComboBox()
        self.filter.setAccessibleName(self.tr("Which requests to show"))
        for key, text in (
            (WAITING, self.tr("Waiting for you")),
            (AUTO_REFUSED, self.tr("Refused automatically")),
            (DECIDED, self.tr("Decided by you")),
            (EXPIRED, self.tr("Expired")),
            (EVERYTHING, self.tr("All requests")),
        ):
            self.filter.addItem(text, key)
        show = QLabel(self.tr("&Show:"))
        show.setBuddy(self.filter)
        bar.addWidget(show)
        bar.addWidget(self.filter)
        bar.addStretch(1)
        lay.addLayout(bar)
        self.auto_notice = Notice("", "neutral")
        self.auto_button = QPushButton(self.tr("Show &them"))
        self.auto_button.setAccessibleName(self.tr("Show the requests refused automatically"))
        self.auto_button.clicked.connect(lambda: self.set_filter(AUTO_REFUSED))
        self.auto_notice.layout().addWidget(self.auto_button)  # type: ignore[union-attr]
        self.auto_notice.hide()
        lay.addWidget(self.auto_notice)
        self.import_notice = Notice("", "ok")
        self.import_notice.setAccessibleName(self.tr("What was imported"))
        self.import_notice.add_dismiss(self.tr("Dismiss the import report"))
        self.import_notice.hide()
        lay.addWidget(self.import_notice)
        self._reveal: str | None = None

        self.table = row_table(self.model, self.tr("Requests"), (120, 130, 150, 125, 125, 200))
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_details())
        for keys in ("Return", "Enter"):
            a = QAction(self.table)
            a.setShortcut(QKeySequence(keys))
            a.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            a.triggered.connect(self.open_selected)
            self.table.addAction(a)
        self.empty = plain()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.views = QStackedWidget()
        self.views.addWidget(self.table)
        self.views.addWidget(self.empty)

        details = QWidget()
        dl = QVBoxLayout(details)
        dl.setContentsMargins(0, 6, 0, 0)
        head = QHBoxLayout()
        self.detail_title = plain(bold=True)
        self.badge = w.ComplianceBadge()
        head.addWidget(self.detail_title, 1)
        head.addWidget(self.badge)
        dl.addLayout(head)
        self.detail_text = plain(selectable=True)
        self.detail_text.setAccessibleName(self.tr("Request details"))
        dl.addWidget(self.detail_text)
        self.reason = Notice("", "error")
        self.reason.hide()
        dl.addWidget(self.reason)
        row = QHBoxLayout()
        row.addStretch(1)
        self.open_button = QPushButton(self.tr("&Review\u2026"))
        self.open_button.setAccessibleName(self.tr("Review the selected request"))
        self.open_button.clicked.connect(self.open_selected)
        row.addWidget(self.open_button)
        dl.addLayout(row)
        dl.addStretch(1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.views)
        split.addWidget(details)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([300, 220])
        split.setChildrenCollapsible(False)
        lay.addWidget(split, 1)

        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(150)  # an import of many files reloads once
        self._reload_timer.timeout.connect(self.reload)
        self._expiry_timer = QTimer(self)
        self._expiry_timer.setInterval(60_000)  # requests expire while the app is open
        self._expiry_timer.timeout.connect(self.reload)
        self.filter.currentIndexChanged.connect(lambda _i: self._apply_filter())
        ctx.bridge.any_event.connect(self._event)
        self._apply_filter()

    # -- loading ---------------------------------------------------------------------------------------------
    def on_unlocked(self) -> None:
        self._unlocked = True
        self._expiry_timer.start()
        self.reload()

    def on_locked(self) -> None:
        self._unlocked = False
        self._reload_timer.stop()
        self._expiry_timer.stop()
        self._data = InboxData((), {})
        self.model.clear()
        self.import_notice.hide()
        self._set_pending(0)
        self._apply_filter()

    def _event(self, ev: Event) -> None:
        if self._unlocked and ev.topic in CONSENT_TOPICS:
            self._reload_timer.start()

    def reload(self) -> None:
        if self._unlocked:
            DbOp(self, load_inbox).success(self._loaded).run(self.ctx.tasks)

    def _loaded(self, data: InboxData) -> None:
        if not self._unlocked:
            return
        self._data = data
        self._set_pending(sum(1 for r in data.requests if r.is_open))
        reveal, self._reveal = self._reveal, None
        target = next((r for r in data.requests if r.id == reveal), None)
        if target is not None:  # show the filter the request is in, then select it
            key = next((k for k, states in _STATES.items() if target.state in states), EVERYTHING)
            self.filter.blockSignals(True)
            self.set_filter(key)
            self.filter.blockSignals(False)
        self._apply_filter()
        if target is not None:
            self.select_request(target.id)
            self.table.setFocus()

    def reveal_request(self, request_id: str) -> None:
        """Select ``request_id`` once the inbox has reloaded (it was just imported)."""
        self._reveal = request_id
        self.reload()

    def show_import_report(self, lines: list[str]) -> None:
        self.import_notice.set("\n".join(lines), "ok")
        self.import_notice.show()

    def _set_pending(self, n: int) -> None:
        if n != self.pending:
            self.pending = n
        self.pending_changed.emit(n)

    # -- filter ----------------------------------------------------------------------------------------------
    @property
    def current_filter(self) -> str:
        return str(self.filter.currentData())

    def set_filter(self, key: str) -> None:
        self.filter.setCurrentIndex(self.filter.findData(key))

    def _apply_filter(self) -> None:
        key = self.current_filter
        keep = self.selected_request()
        states = _STATES.get(key)
        rows = [
            RequestRow(
                r,
                self._data.orgs.get(r.org),
                reason_text(r, self._data),
                tuple(self._data.holds.get(r.id, {}).values()),
            )
            for r in self._data.requests
            if states is None or r.state in states
        ]
        self.model.set_rows(rows)
        self.table.setColumnHidden(RequestsModel.REASON, key in (WAITING,))
        auto = sum(1 for r in self._data.requests if r.state is RequestState.AUTO_REFUSED)
        self.auto_notice.set(
            self.tr(
                "Refused automatically, by your rules or because of the organisation's "
                "standing: %n request(s).",
                "",
                auto,
            ),
            "neutral",
        )
        self.auto_notice.setVisible(key == WAITING and auto > 0)
        if rows:
            self.views.setCurrentWidget(self.table)
            if keep is None or not self.select_request(keep.id):
                self.select_row(0)
        else:
            self.empty.setText(
                {
                    WAITING: self.tr(
                        "No requests are waiting for you.\n\nWhen an organisation sends you a request "
                        "file or a pdv: link, import it here (or open it with this app)."
                    ),
                    AUTO_REFUSED: self.tr("No request was refused automatically."),
                    DECIDED: self.tr("You have not decided any request yet."),
                    EXPIRED: self.tr("No request has expired."),
                }.get(key, self.tr("There are no requests yet."))
                if self._unlocked
                else ""
            )
            self.views.setCurrentWidget(self.empty)
        self._show_details()

    # -- selection -------------------------------------------------------------------------------------------
    def select_row(self, row: int) -> None:
        select_row(self.table, row)

    def select_request(self, request_id: str) -> bool:
        for i, row in enumerate(self.model.rows):
            if row.request.id == request_id:
                self.select_row(i)
                return True
        return False

    def selected_row(self) -> RequestRow | None:
        idx = self.table.currentIndex()
        if not idx.isValid():
            return None
        row = self.model.data(self.model.index(idx.row(), 0), ROW_ROLE)
        return row if isinstance(row, RequestRow) else None

    def selected_request(self) -> RequestView | None:
        row = self.selected_row()
        return row.request if row else None

    def _show_details(self) -> None:
        row = self.selected_row()
        if row is None:
            self.detail_title.clear()
            self.detail_text.clear()
            self.badge.set_status(None)
            self.reason.hide()
            self.open_button.setEnabled(False)
            return
        r, org = row.request, row.org
        self.detail_title.setText(
            self.tr("%1 from %2").replace("%1", w.request_kind_label(r.kind)).replace("%2", r.org_name)
        )
        self.badge.set_status(org.status if org else None, org.blocked if org else False)
        s = r.content
        lines = [self.tr("Purpose: %1").replace("%1", s.purpose_text)]
        if r.kind is RequestKind.AUTHORISATION:
            lines.append(self.tr("Fields: %1").replace("%1", field_list(s.field_names)))
            lines.append(self.tr("Kept for: %1").replace("%1", w.duration_text(s.retention_seconds)))
        elif r.kind is RequestKind.VERIFICATION:
            lines.append(self.tr("Checks: %1").replace("%1", field_list(s.field_names)))
            for hold in row.holds:  # declined by the vault itself: say why, in the subject's words
                lines.append(w.check_hold_text(hold))
        elif s.conclusion is not None:
            c = s.conclusion
            lines.append(self.tr("Conclusion: %1").replace("%1", f"{c.description} ({c.name})"))
        if r.refines:
            lines.append(self.tr("Asks to change a grant you gave before."))
        lines.append(
            self.tr("Received %1; answer before %2.")
            .replace("%1", w.time_text(r.received))
            .replace("%2", w.time_text(r.expires))
            if r.is_open
            else self.tr("Received %1.").replace("%1", w.time_text(r.received))
        )
        if r.state is RequestState.EXPIRED:
            lines.append(self.tr("It expired before you decided; the organisation must send a new one."))
        self.detail_text.setText("\n".join(lines))
        if row.reason and r.state in (RequestState.AUTO_REFUSED, RequestState.REFUSED):
            head = (
                self.tr("Refused automatically:")
                if r.state is RequestState.AUTO_REFUSED
                else self.tr("Your reason:")
            )
            self.reason.set(
                f"{head} {row.reason}", "error" if r.state is RequestState.AUTO_REFUSED else "neutral"
            )
            self.reason.show()
        else:
            self.reason.hide()
        self.open_button.setEnabled(True)
        if r.is_open:
            self.open_button.setText(
                self.tr("&Answer\u2026") if r.kind is RequestKind.VERIFICATION else self.tr("&Review\u2026")
            )
        else:
            self.open_button.setText(self.tr("&Read\u2026"))

    def open_selected(self) -> QWidget | None:
        r = self.selected_request()
        if r is None or not self._unlocked:
            return None
        return self.open_request(r.id, r.kind)

    def open_request(self, request_id: str, kind: str) -> QWidget:
        dlg: VerificationDialog | ReviewDialog
        if kind == RequestKind.VERIFICATION:
            dlg = VerificationDialog(self.ctx, request_id, self)
        else:
            dlg = ReviewDialog(self.ctx, request_id, self)
        dlg.open()
        return dlg

    def on_shown(self) -> None:
        self.table.setFocus()
