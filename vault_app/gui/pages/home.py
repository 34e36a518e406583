"""The start page: what this vault is for and what to do first, with the vault's contents at a glance and
the requests waiting for an answer, one click from the first of them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from vault_app.gui.context import AppContext
from vault_app.gui.look import heading
from vault_app.gui.pages import VaultPage
from vault_app.gui.tasks import DbOp
from vault_app.gui.widgets.consent import Notice
from vault_app.services.vault import VaultService


class Card(QFrame):
    """A step on the start page: a title, a sentence or two, and one button."""

    def __init__(
        self, title: str, text: str, button: str, action: Callable[[], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        lay = QVBoxLayout(self)
        self.title = heading(title, 2)
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.button = QPushButton(button)
        self.button.setAccessibleName(button.replace("&", "").rstrip("\u2026"))
        self.button.clicked.connect(action)
        lay.addWidget(self.title)
        lay.addWidget(self.text, 1)
        lay.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)


class HomePage(VaultPage):
    add_field_requested = Signal()
    import_requested = Signal()
    backup_requested = Signal()
    show_page_requested = Signal(str)
    #: the person wants to answer the first request waiting in the inbox
    review_waiting_requested = Signal()
    #: the person wants the list of the requests waiting for an answer
    show_waiting_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        inner = QWidget()
        lay = QVBoxLayout(inner)
        lay.setContentsMargins(24, 24, 24, 24)
        lay.addWidget(heading(self.tr("Welcome to your vault")))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        # requests waiting for an answer: said first, with the way to them (hidden when none wait)
        self.waiting_count = 0
        self.waiting = Notice("", "neutral")
        self.review_button = QPushButton(self.tr("&Review it\u2026"))
        self.review_button.setAccessibleName(self.tr("Review the waiting request"))
        self.review_button.clicked.connect(self.review_waiting_requested.emit)
        self.list_button = QPushButton(self.tr("Show &all"))
        self.list_button.setAccessibleName(self.tr("Show the waiting requests in the inbox"))
        self.list_button.clicked.connect(self.show_waiting_requested.emit)
        notice_lay = self.waiting.layout()
        assert notice_lay is not None
        notice_lay.addWidget(self.review_button)
        notice_lay.addWidget(self.list_button)
        self.waiting.hide()
        lay.addWidget(self.waiting)
        self.grid = QGridLayout()
        self.grid.setSpacing(16)
        self.add_card = Card(
            self.tr("1. Add your data"),
            self.tr(
                "Put in the details organisations usually ask you for: name, date of birth, e-mail, "
                "address. They stay encrypted on this computer and leave it only when you approve a "
                "request."
            ),
            self.tr("Add a field\u2026"),
            self.add_field_requested.emit,
        )
        self.import_card = Card(
            self.tr("2. Import a request"),
            self.tr(
                "When an organisation wants some of your data, it sends you a request file or a pdv: "
                "link. Open it here to see who asks, why and for how long, and decide field by field."
            ),
            self.tr("Import a request\u2026"),
            self.import_requested.emit,
        )
        self.import_card.hide()  # shown once something in the app can import requests
        self.backup_card = Card(
            self.tr("Keep a backup"),
            self.tr(
                "A backup is encrypted with your master password. Keep one on another disk, so a broken "
                "computer does not take your vault with it."
            ),
            self.tr("Back up now\u2026"),
            self.backup_requested.emit,
        )
        self.history_card = Card(
            self.tr("See what happened"),
            self.tr(
                "Every change and every release of data is recorded in a tamper-evident history that "
                "you can verify and export."
            ),
            self.tr("Open the history"),
            lambda: self.show_page_requested.emit("history"),
        )
        self.set_import_available(False)
        lay.addLayout(self.grid)
        self.safety = QLabel()
        self.safety.setWordWrap(True)
        self.safety.setEnabled(False)
        lay.addWidget(self.safety)
        lay.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        ctx.settings_changed.connect(self._settings_changed)  # a method: dropped with the page
        self._update_safety()

    def _layout_cards(self) -> None:
        cards = (
            [self.add_card]
            + ([self.import_card] if not self.import_card.isHidden() else [])
            + [self.backup_card, self.history_card]
        )
        for c in (self.add_card, self.import_card, self.backup_card, self.history_card):
            self.grid.removeWidget(c)
        for i, c in enumerate(cards):
            self.grid.addWidget(c, i // 2, i % 2)

    def set_import_available(self, available: bool) -> None:
        self.import_card.setVisible(available)
        self.backup_card.title.setText(
            self.tr("3. Keep a backup") if available else self.tr("2. Keep a backup")
        )
        self._layout_cards()

    def _settings_changed(self, _settings: object) -> None:
        self._update_safety()

    def _update_safety(self) -> None:
        minutes = self.ctx.settings.idle_lock_minutes
        if minutes:
            text = self.tr(
                "Lock the vault with Ctrl+L when you step away. It also locks itself after %n "
                "minute(s) without use.",
                "",
                minutes,
            )
        else:
            text = self.tr(
                "Lock the vault with Ctrl+L when you step away. Locking after a time without use "
                "is turned off in Settings."
            )
        self.safety.setText(text)

    def on_unlocked(self) -> None:
        DbOp(self, field_and_event_counts).success(self._show_counts).run(self.ctx.tasks)

    def _show_counts(self, counts: tuple[int, int]) -> None:
        fields, events = counts
        if fields == 0:
            self.summary.setText(self.tr("Your vault is ready and empty. Here is what to do first."))
        else:
            self.summary.setText(
                self.tr("You keep %n field(s) in this vault.", "", fields)
                + " "
                + self.tr("The history holds %n entry(s).", "", events)
            )

    def set_waiting(self, n: int) -> None:
        """``n`` requests wait for an answer: say so, with a button to the first (and one to the list)."""
        self.waiting_count = n
        self.waiting.setVisible(n > 0)
        if n <= 0:
            return
        self.waiting.set(self.tr("%n request(s) are waiting for your answer.", "", n), "neutral")
        self.review_button.setText(
            self.tr("&Review it\u2026") if n == 1 else self.tr("&Review the first\u2026")
        )
        self.review_button.setAccessibleName(
            self.tr("Review the waiting request") if n == 1 else self.tr("Review the first waiting request")
        )
        self.list_button.setVisible(n > 1)

    def on_locked(self) -> None:
        self.summary.setText("")
        self.set_waiting(0)

    def refresh(self) -> None:
        self.on_unlocked()


def field_and_event_counts(svc: VaultService) -> tuple[int, int]:
    return svc.field_count(), svc.history_count()
