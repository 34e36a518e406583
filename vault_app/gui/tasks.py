"""Background work for the GUI: one serial worker owns every VaultService call, a small pool does CPU work.

Modelled on Anki's task manager. Use cases run as small op objects::

    DbOp(self, lambda svc: svc.list_fields()).success(self._show).run(tasks)
    CpuOp(self, lambda: calibrate(0.5, report)).success(...).run(tasks)

The serial worker means the encrypted database is only ever touched from one thread, in submission order,
so a lock submitted after an edit happens after it. Results and errors come back on the GUI thread; a
callback whose widget (the op's ``parent``, or the object a bound-method callback belongs to) has been
deleted is dropped. Progress goes through :class:`ProgressRelay`, which coalesces updates so a fast loop
cannot flood the GUI.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal

from vault_app.domain.errors import AuthError

if TYPE_CHECKING:
    from vault_app.services.vault import VaultService

log = logging.getLogger(__name__)

T = TypeVar("T")


def _alive(obj: object) -> bool:
    """False when ``obj`` is a Qt object whose C++ side has been deleted (its window closed)."""
    if isinstance(obj, QObject):
        return shiboken6.isValid(obj)
    return True


def _callback_alive(fn: Callable[..., Any] | None) -> bool:
    return fn is None or _alive(getattr(fn, "__self__", None))


class _Op(Generic[T]):
    """What both op kinds share: the parent whose life bounds the callbacks, and the callbacks."""

    def __init__(self, parent: QObject | None) -> None:
        self.parent = parent
        self._on_success: Callable[[T], object] | None = None
        self._on_failure: Callable[[BaseException], object] | None = None
        self._on_finally: Callable[[], object] | None = None

    def success(self, fn: Callable[[T], object]) -> Self:
        self._on_success = fn
        return self

    def failure(self, fn: Callable[[BaseException], object]) -> Self:
        """Handle errors here instead of the default (:func:`vault_app.gui.errors.show_error`)."""
        self._on_failure = fn
        return self

    def finally_(self, fn: Callable[[], object]) -> Self:
        """Runs after success or failure (to re-enable a button, hide a progress bar)."""
        self._on_finally = fn
        return self

    def run(self, tasks: TaskManager) -> None:
        raise NotImplementedError

    def _deliver(self, fut: Future[T]) -> None:
        if self.parent is not None and not _alive(self.parent):
            return  # the widget that asked is gone: nothing to update
        exc = fut.exception()
        try:
            if exc is None:
                if self._on_success is not None and _callback_alive(self._on_success):
                    self._on_success(fut.result())
            elif self._on_failure is not None:
                if _callback_alive(self._on_failure):
                    self._on_failure(exc)
            else:
                from vault_app.gui.errors import show_error

                show_error(self.parent if isinstance(self.parent, QObject) else None, exc)
        finally:
            if self._on_finally is not None and _callback_alive(self._on_finally):
                self._on_finally()


class DbOp(_Op[T]):
    """A use case run on the serial database worker; ``op`` receives the vault service."""

    def __init__(self, parent: QObject | None, op: Callable[[VaultService], T]) -> None:
        super().__init__(parent)
        self.op = op
        #: the service it ran on (set by the worker)
        self._service: VaultService | None = None

    def run(self, tasks: TaskManager) -> None:
        tasks.submit_db(self)


class CpuOp(_Op[T]):
    """CPU-bound work (KDF calibration, rendering a report) on the pool; it must not touch the service."""

    def __init__(self, parent: QObject | None, op: Callable[[], T]) -> None:
        super().__init__(parent)
        self.op = op

    def run(self, tasks: TaskManager) -> None:
        tasks.submit_cpu(self)


class ProgressRelay(QObject):
    """A thread-safe ``report(fraction)`` callable that delivers at most ~20 updates a second to ``fn`` on
    the GUI thread, and always the final one. Dropped when ``owner`` is deleted."""

    _value = Signal(float)

    def __init__(self, owner: QObject, fn: Callable[[float], None], min_interval: float = 0.05) -> None:
        super().__init__()  # unparented on purpose: the worker may still call it after the owner is gone
        self._owner = owner
        self._fn = fn
        self._min = min_interval
        self._last = 0.0
        self._lock = threading.Lock()
        self._value.connect(self._deliver)

    def __call__(self, fraction: float) -> None:
        now = time.monotonic()
        with self._lock:
            if fraction < 1.0 and now - self._last < self._min:
                return
            self._last = now
        self._value.emit(max(0.0, min(1.0, float(fraction))))

    def _deliver(self, value: float) -> None:
        if _alive(self._owner):
            self._fn(value)


class _Delivery(QObject):
    """Lives on the GUI thread; workers emit into it and the queued connection brings results home."""

    done = Signal(object, object)


class TaskManager(QObject):
    """Owns the two executors. ``service_getter`` returns the current service (restoring a backup swaps
    it)."""

    busy_changed = Signal(bool)

    def __init__(self, service_getter: Callable[[], VaultService], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service_getter = service_getter
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdv-db")
        self._cpu = ThreadPoolExecutor(
            max_workers=max(1, min(2, (os.cpu_count() or 1))), thread_name_prefix="pdv-cpu"
        )
        self._delivery = _Delivery()
        # queued even when emitted on the GUI thread: a fast op can be done before _submit hangs the delivery
        # on its future, which then emits at once from here; a direct call would overtake earlier results
        self._delivery.done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)
        self._pending = 0
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def pending(self) -> int:
        """Ops submitted whose callbacks have not run yet (tests wait for 0)."""
        return self._pending

    def submit_db(self, op: DbOp[Any]) -> None:
        def work() -> Any:
            svc = self._service_getter()
            op._service = svc  # read back on the GUI thread once the future is done
            return op.op(svc)

        self._submit(self._db, work, op)

    def submit_cpu(self, op: CpuOp[Any]) -> None:
        self._submit(self._cpu, op.op, op)

    def _submit(self, executor: ThreadPoolExecutor, work: Callable[[], Any], op: _Op[Any]) -> None:
        if self._closed:
            log.warning("an operation was submitted after shutdown and was ignored")
            return
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        fut = executor.submit(work)
        fut.add_done_callback(lambda f: self._delivery.done.emit(op, f))

    def _on_done(self, op: _Op[Any], fut: Future[Any]) -> None:
        self._pending -= 1
        try:
            if self._about_a_replaced_vault(op, fut):
                # the op ran on a service that was locked and replaced meanwhile (restoring a backup):
                # its "locked" error is about a vault that is gone; only its clean-up runs
                log.info("an operation on a vault replaced meanwhile was dropped")
                if op._on_finally is not None and _callback_alive(op._on_finally):
                    op._on_finally()
                return
            op._deliver(fut)
        finally:
            if self._pending == 0:
                self.busy_changed.emit(False)

    def _about_a_replaced_vault(self, op: _Op[Any], fut: Future[Any]) -> bool:
        exc = fut.exception()
        return (
            isinstance(op, DbOp)
            and isinstance(exc, AuthError)
            and exc.reason == "locked"
            and op._service is not None
            and op._service is not self._service_getter()
        )

    def run_db_now(self, fn: Callable[[VaultService], T], timeout: float = 30.0) -> T:
        """Run on the database worker and wait (only at quit, where blocking is what we want)."""
        return self._db.submit(lambda: fn(self._service_getter())).result(timeout)

    def shutdown(self) -> None:
        """Finish queued work, then stop the threads. Callbacks not yet delivered are dropped."""
        self._closed = True
        self._db.shutdown(wait=True)
        self._cpu.shutdown(wait=True, cancel_futures=True)
