"""Small building blocks the consent screens share: plain-text labels (organisations write some of the text
we show, so it must never be read as HTML), section headings, framed notices and a read-only identity
block."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from vault_app.gui import consent_words as w


def plain(text: str = "", *, selectable: bool = False, bold: bool = False, wrap: bool = True) -> QLabel:
    """A label that shows ``text`` literally (a request's purpose could contain markup; it stays text)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    if selectable:
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
    if bold:
        f = QFont(label.font())
        f.setBold(True)
        label.setFont(f)
    return label


def section(title: str) -> QLabel:
    label = plain(title, bold=True)
    f = QFont(label.font())
    f.setPointSize(f.pointSize() + 2)
    label.setFont(f)
    label.setAccessibleName(title)
    return label


class Notice(QFrame):
    """A framed sentence in a status tone ("warn", "error", "ok", "neutral"), with a symbol for the tone."""

    SYMBOLS: ClassVar[dict[str, str]] = {
        "warn": "\u26a0",
        "error": "\u2718",
        "ok": "\u2714",
        "neutral": "\u2139",
    }

    def __init__(self, text: str = "", kind: str = "warn", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 8, 10, 8)
        self.symbol = QLabel()
        self.symbol.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.label = plain()
        lay.addWidget(self.symbol)
        lay.addWidget(self.label, 1)
        self.set(text, kind)

    def add_dismiss(self, accessible_name: str) -> QPushButton:
        """A "Dismiss" button at the end of the notice that hides it (``accessible_name`` says what it
        dismisses)."""
        button = QPushButton(self.tr("&Dismiss"))
        button.setAccessibleName(accessible_name)
        button.clicked.connect(self.hide)
        self.layout().addWidget(button)  # type: ignore[union-attr]
        return button

    def set(self, text: str, kind: str = "warn") -> None:
        fg, bg = w.tone_colour(kind), w.tone_background(kind)
        self.setStyleSheet(
            f"QFrame#notice {{ border: 1px solid {fg.name()}; border-radius: 6px; "
            f"background: rgba({bg.red()},{bg.green()},{bg.blue()},{bg.alpha()}); }}"
        )
        self.symbol.setText(self.SYMBOLS.get(kind, ""))
        self.label.setText(text)
        self.setAccessibleName(text)


class Card(QFrame):
    """A bordered group of rows, used for the sections of the review dialog."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(12, 10, 12, 12)
        self.title = section(title)
        self.body.addWidget(self.title)
