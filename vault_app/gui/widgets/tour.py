"""A short, dismissable tour of the demo: a bar above the pages that shows each main screen in turn with
one sentence about it. It never blocks anything: the person can use the page while the bar is there, or close
it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from vault_app.gui import consent_words as w


class TourBar(QFrame):
    closed = Signal()

    def __init__(self, show_page: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tour")
        fg, bg = w.tone_colour("neutral"), w.tone_background("neutral")
        self.setStyleSheet(f"QFrame#tour {{ border: 1px solid {fg.name()}; border-radius: 6px; "
                           f"background: rgba({bg.red()},{bg.green()},{bg.blue()},{bg.alpha()}); }}")
        self.show_page = show_page
        self.steps: list[tuple[str, str]] = [
            ("home", self.tr("Welcome! This demo vault holds invented data, so try anything: it is deleted "
                             "when you quit. This tour shows the main screens in five steps.")),
            ("fields", self.tr("My data: your data, field by field. Values stay hidden until you ask. Add "
                               "your own, or import a contact card or a table with File > Import your "
                               "data.")),
            ("inbox", self.tr("Inbox: organisations ask here. Open a request (double-click) to decide field "
                              "by field; nothing leaves unless you choose it.")),
            ("grants", self.tr("Grants: what you released, to whom, for what and until when. You can revoke "
                               "a grant at any time.")),
            ("history", self.tr("History: everything that happened to your data, in a signed record you can "
                                "check and export.")),
        ]
        self.index = 0
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 6)
        self.step_label = QLabel()
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.back = QPushButton(self.tr("Back"))
        self.next = QPushButton(self.tr("Next"))
        self.close_button = QPushButton(self.tr("Close the tour"))
        self.close_button.setAccessibleName(self.tr("Close the tour of the demo"))
        lay.addWidget(self.step_label)
        lay.addWidget(self.text, 1)
        for b in (self.back, self.next, self.close_button):
            b.setAutoDefault(False)
            lay.addWidget(b)
        self.back.clicked.connect(lambda: self.go(self.index - 1))
        self.next.clicked.connect(self._next)
        self.close_button.clicked.connect(self.dismiss)

    def start(self) -> None:
        self.go(0)
        self.show()

    def go(self, i: int) -> None:
        self.index = max(0, min(i, len(self.steps) - 1))
        page, text = self.steps[self.index]
        self.step_label.setText(self.tr("%1 of %2").replace("%1", str(self.index + 1))
                                .replace("%2", str(len(self.steps))))
        self.text.setText(text)
        self.back.setEnabled(self.index > 0)
        last = self.index == len(self.steps) - 1
        self.next.setText(self.tr("Finish") if last else self.tr("Next"))
        self.show_page(page)

    def _next(self) -> None:
        if self.index == len(self.steps) - 1:
            self.dismiss()
        else:
            self.go(self.index + 1)

    def dismiss(self) -> None:
        self.hide()
        self.closed.emit()
