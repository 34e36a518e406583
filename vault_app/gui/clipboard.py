"""Copying a value to the clipboard, and clearing it again after a delay if it is still ours.

We keep only a SHA-256 digest of what we copied, never the value itself, so the check "is the clipboard
still holding our value?" does not keep a personal value alive in memory. Clipboard managers that honour
KDE's password-manager hint are asked not to store it in their history.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable

from PySide6.QtCore import QMimeData, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QClipboard, QGuiApplication


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


class SecureClipboard(QObject):
    copied = Signal()
    cleared = Signal()

    def __init__(self, delay_seconds: Callable[[], int], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._delay_seconds = delay_seconds
        self._digest: bytes | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)  # "cleared in 30 s" should mean 30 s
        self._timer.timeout.connect(self.clear_if_ours)

    @property
    def holding(self) -> bool:
        """True while a value we copied may still be on the clipboard."""
        return self._digest is not None

    @property
    def remaining_ms(self) -> int:
        return self._timer.remainingTime() if self._timer.isActive() else 0

    def copy(self, text: str) -> None:
        data = QMimeData()
        data.setText(text)
        data.setData("x-kde-passwordManagerHint", b"secret")
        QGuiApplication.clipboard().setMimeData(data, QClipboard.Mode.Clipboard)
        self._digest = _digest(text)
        self._timer.start(max(1, self._delay_seconds()) * 1000)
        self.copied.emit()

    def clear_if_ours(self) -> None:
        """Clear the clipboard only if it still holds what we put there (the user may have copied since)."""
        self._timer.stop()
        if self._digest is None:
            return
        cb = QGuiApplication.clipboard()
        current = cb.text(QClipboard.Mode.Clipboard)
        if current and hmac.compare_digest(_digest(current), self._digest):
            cb.clear(QClipboard.Mode.Clipboard)
        self._digest = None
        self.cleared.emit()
