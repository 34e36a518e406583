"""Idle lock: an application-wide event filter that notices keyboard and mouse input and fires after a
quiet period. Only user input counts; timers, repaints and background results do not keep the vault open."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

_USER_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.Shortcut,
    }
)


class IdleWatcher(QObject):
    idle = Signal()

    def __init__(self, app: QApplication, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self._timeout_ms = 0
        self._armed = False
        app.installEventFilter(self)

    def set_timeout_ms(self, ms: int) -> None:
        """0 turns idle locking off."""
        self._timeout_ms = max(0, int(ms))
        if self._armed:
            self._restart()

    @property
    def timeout_ms(self) -> int:
        return self._timeout_ms

    def arm(self) -> None:
        """Start watching (when the vault is unlocked)."""
        self._armed = True
        self._restart()

    def disarm(self) -> None:
        self._armed = False
        self._timer.stop()

    def _restart(self) -> None:
        if self._armed and self._timeout_ms > 0:
            self._timer.start(self._timeout_ms)
        else:
            self._timer.stop()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if self._armed and event.type() in _USER_INPUT:
            self._restart()
        return False

    def close(self) -> None:
        self.disarm()
        self._app.removeEventFilter(self)
