"""The mouse wheel never changes a choice the user has not clicked: one application-wide guard for every
combo box, spin box and date edit.

Scrolling a long form with the wheel used to switch a field from "Withhold" to "Release exactly" whenever the
pointer passed over a choice box. The guard makes such widgets take focus only by click or Tab (never by the
wheel) and, while they do not have focus, passes the wheel on to their parent, so the page scrolls instead. It
is installed once on the application, so widgets created later (the settings of an anonymisation method appear
when a method is chosen) are covered without anyone having to remember it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QWidget

#: widgets whose value the wheel would change
GUARDED: tuple[type[QWidget], ...] = (QComboBox, QAbstractSpinBox)


class WheelGuard(QObject):
    """Application event filter: a wheel event on an unfocused guarded widget is ignored there (Qt then offers
    it to the parent, e.g. the scroll area), and the wheel never moves the focus onto such a widget."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        etype = event.type()
        if etype == QEvent.Type.Wheel:
            if isinstance(watched, GUARDED) and not watched.hasFocus():
                event.ignore()
                return True  # not handled here: Qt propagates an ignored wheel event to the parent
            return False
        if etype == QEvent.Type.Polish and isinstance(watched, GUARDED):
            guard_focus(watched)
        return False


def guard_focus(widget: QWidget) -> None:
    """Focus by click or Tab only: with Qt's default (wheel focus) one turn of the wheel would focus the
    widget and the next would change it."""
    if widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


_guard: WheelGuard | None = None


def install_wheel_guard(app: QApplication | None = None) -> WheelGuard:
    """Install the guard on the application (once; later calls return the same guard)."""
    global _guard
    app = app or QApplication.instance()  # type: ignore[assignment]
    assert isinstance(app, QApplication)
    if _guard is None:
        _guard = WheelGuard(app)
        app.installEventFilter(_guard)
        for w in app.allWidgets():  # widgets that already exist and were polished before the guard
            if isinstance(w, GUARDED):
                guard_focus(w)
    return _guard
