"""Small pieces of the app's look shared by its screens: headings, the app icon as a picture, status
colours and inline error labels. A module of their own so the unlock screen gets them without the first-run
wizard's widgets (issue 15); :mod:`vault_app.gui.setup` re-exports them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication, QLabel


def heading(text: str, size_delta: int = 6) -> QLabel:
    label = QLabel(text)
    f = QFont(label.font())
    f.setPointSize(f.pointSize() + size_delta)
    f.setBold(True)
    label.setFont(f)
    label.setWordWrap(True)
    return label


def app_icon_label(size: int = 64) -> QLabel:
    """The application's icon as a picture for the top of the welcome screens (empty if there is none)."""
    label = QLabel()
    icon = QApplication.windowIcon()
    if not icon.isNull():
        label.setPixmap(icon.pixmap(size, size))
    label.setAccessibleName("Personal Data Vault")
    return label


def tone(kind: str) -> str:
    """A status colour ("error" or "ok") that keeps its contrast on the current light or dark palette."""
    dark = QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128
    return {"error": ("#d13438", "#ff7b7b"), "ok": ("#107c10", "#6ccb5f")}[kind][dark]


def error_label() -> QLabel:
    """An inline error: red-ish text that screen readers announce; hidden while empty."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {tone('error')}; font-weight: bold;")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label
