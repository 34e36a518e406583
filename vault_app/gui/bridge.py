"""The one bridge between core events and Qt: EventBus events become signals delivered on the GUI thread.

The service emits events on the database worker thread; the bridge lives on the GUI thread, so Qt queues
each signal into the GUI's event loop. Views connect to the typed signals (``locked``,
``fields_changed``...) or to ``any_event`` for topics a later part of the app adds (requests, grants,
organisations).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal, Slot

from vault_app.domain.events import Event, EventBus


class EventBridge(QObject):
    any_event = Signal(object)  # every Event, for topics without a dedicated signal (named so it does not
    # shadow QObject.event)
    locked = Signal()
    unlocked = Signal()
    fields_changed = Signal(str, str)  # action, field name
    history_appended = Signal()
    _incoming = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unsubscribe: Callable[[], None] | None = None
        self._incoming.connect(self._dispatch)

    def attach(self, bus: EventBus) -> None:
        """Listen to ``bus`` (and stop listening to the previous one: restoring a backup swaps the
        service)."""
        self.detach()
        self._unsubscribe = bus.subscribe(self._incoming.emit)

    def detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    @Slot(object)
    def _dispatch(self, ev: Event) -> None:
        if ev.topic == "lock":
            (self.unlocked if ev.action == "unlocked" else self.locked).emit()
        else:
            if ev.topic == "fields":
                self.fields_changed.emit(ev.action, str(ev.payload.get("name", "")))
            # every committed change is recorded in the history in the same transaction
            self.history_appended.emit()
        self.any_event.emit(ev)
