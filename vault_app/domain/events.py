"""Plain events the core emits after a change is committed. The GUI turns them into Qt signals at one
bridge; the CLI ignores them. Payloads name things (field names, ids), never personal values."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Event:
    topic: str  # "fields", "history", "requests", "grants", "orgs", "settings", "lock"
    action: str
    payload: dict[str, Any] = field(default_factory=dict)


Listener = Callable[[Event], None]


class EventBus:
    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    def subscribe(self, fn: Listener) -> Callable[[], None]:
        with self._lock:
            self._listeners.append(fn)

        def unsubscribe() -> None:
            with self._lock:
                if fn in self._listeners:
                    self._listeners.remove(fn)

        return unsubscribe

    def emit(self, event: Event) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for fn in listeners:
            try:
                fn(event)
            except Exception:  # a broken listener must not undo a committed change
                import logging  # only here: every command imports this module, few ever log

                logging.getLogger(__name__).exception(
                    "event listener failed for %s.%s", event.topic, event.action
                )
