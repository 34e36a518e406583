"""The task runner, the event bridge and the error mapping: results on the GUI thread, serial DB work,
dropped callbacks for deleted widgets, progress coalescing, and bug dialogs that show no values."""

from __future__ import annotations

import threading
import time

from gui_helpers import PASSWORD, find_dialog, unlocked_vault, wait_idle
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from vault_app.domain.errors import AuthError, IntegrityError, ValidationError
from vault_app.gui.errors import BugDialog, bug_report_text, show_error
from vault_app.gui.tasks import CpuOp, DbOp, ProgressRelay


def test_db_ops_run_in_order_on_one_thread_and_report_on_the_gui_thread(qtbot, ctx):
    gui = threading.get_ident()
    seen: list[tuple[int, int, int]] = []
    threads: set[int] = set()

    def op(i: int):
        def run(svc):
            threads.add(threading.get_ident())
            return i

        return run

    for i in range(20):
        DbOp(None, op(i)).success(lambda r: seen.append((r, threading.get_ident(), 0))).run(ctx.tasks)
    wait_idle(qtbot, ctx)
    assert [r for r, _, _ in seen] == list(range(20))
    assert {t for _, t, _ in seen} == {gui}
    assert len(threads) == 1 and gui not in threads


def test_failure_goes_to_the_failure_callback(qtbot, ctx):
    errors: list[BaseException] = []
    DbOp(None, lambda svc: svc.list_fields()).success(lambda r: errors.append(AssertionError("no"))).failure(
        errors.append
    ).run(ctx.tasks)
    wait_idle(qtbot, ctx)
    assert len(errors) == 1 and isinstance(errors[0], AuthError) and errors[0].reason == "locked"


def test_callbacks_of_a_deleted_widget_are_dropped(qtbot, ctx):
    calls: list[object] = []
    w = QWidget()
    gate = threading.Event()
    DbOp(w, lambda svc: gate.wait(5)).success(calls.append).finally_(lambda: calls.append("finally")).run(
        ctx.tasks
    )
    w.deleteLater()
    qtbot.waitUntil(lambda: not __import__("shiboken6").isValid(w))
    gate.set()
    wait_idle(qtbot, ctx)
    assert calls == []


def test_bound_method_callback_of_deleted_object_is_dropped(qtbot, ctx):
    label = QLabel()
    gate = threading.Event()
    DbOp(None, lambda svc: (gate.wait(5), "x")[1]).success(label.setText).run(ctx.tasks)
    label.deleteLater()
    qtbot.waitUntil(lambda: not __import__("shiboken6").isValid(label))
    gate.set()
    wait_idle(qtbot, ctx)  # no "C++ object already deleted" error reaches the test


def test_cpu_ops_and_progress_relay(qtbot, ctx):
    w = QWidget()
    values: list[float] = []
    relay = ProgressRelay(w, values.append, min_interval=10.0)

    def work():
        for i in range(1000):
            relay(i / 1000)
        relay(1.0)
        return threading.get_ident()

    result: list[int] = []
    CpuOp(w, work).success(result.append).run(ctx.tasks)
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: bool(values) and values[-1] == 1.0)
    assert result and result[0] != threading.get_ident()
    assert len(values) <= 3  # coalesced: the first update and the final one


def test_bridge_turns_service_events_into_signals(qtbot, ctx):
    unlocked_vault(qtbot, ctx)
    with qtbot.waitSignal(ctx.bridge.fields_changed, timeout=5000) as sig:
        DbOp(None, lambda svc: svc.add_field("email", "email", "contact", "a@example.org")).run(ctx.tasks)
    assert sig.args == ["added", "email"]
    with qtbot.waitSignal(ctx.bridge.locked, timeout=5000):
        DbOp(None, lambda svc: svc.lock()).run(ctx.tasks)
    with qtbot.waitSignal(ctx.bridge.unlocked, timeout=5000):
        DbOp(None, lambda svc: svc.unlock(PASSWORD)).run(ctx.tasks)


def test_validation_errors_go_inline(qtbot, qapp):
    label = QLabel()
    qtbot.addWidget(label)
    show_error(None, ValidationError("This is not a number.", field="value"), inline=label)
    assert label.text() == "This is not a number." and not label.isHidden()
    assert find_dialog(qapp, QMessageBox) is None


def test_known_errors_get_a_titled_message_box(qtbot, qapp):
    parent = QWidget()
    qtbot.addWidget(parent)
    show_error(parent, IntegrityError("The head file belongs to a different vault.", reason="head-mismatch"))
    box = find_dialog(qapp, QMessageBox)
    assert box is not None and "different vault" in box.text()
    assert box.icon() == QMessageBox.Icon.Critical
    box.close()


def test_bugs_get_a_dialog_without_the_exception_text(qtbot, qapp):
    secret = "alex@example.org"
    try:
        raise KeyError(secret)
    except KeyError as exc:
        err = exc
    text = bug_report_text(err)
    assert secret not in text and "KeyError" in text and "test_gui_tasks.py" in text
    parent = QWidget()
    qtbot.addWidget(parent)
    show_error(parent, err)
    dlg = find_dialog(qapp, BugDialog)
    assert dlg is not None
    assert secret not in dlg.details.toPlainText()
    dlg.close()


def test_an_op_that_ran_on_a_vault_replaced_meanwhile_shows_no_error(qtbot, qapp):
    """Restoring a backup locks the old service on the worker and swaps in the new one on the GUI thread; an
    op queued in between runs on the old, locked service. Its "locked" error is about a vault that no
    longer exists and is dropped (a full run once showed "The vault is locked" on top of "Backup
    restored"). The same error on the current vault is still shown."""
    from vault_app.gui.tasks import TaskManager

    current = {"svc": object()}
    tasks = TaskManager(lambda: current["svc"])
    try:
        failures: list[BaseException] = []
        finished: list[bool] = []

        def stale(svc):
            current["svc"] = object()  # the vault was replaced before this op's answer arrives
            raise AuthError("The vault is locked. Unlock it first.", reason="locked")

        DbOp(None, stale).failure(failures.append).finally_(lambda: finished.append(True)).run(tasks)
        qtbot.waitUntil(lambda: tasks.pending == 0, timeout=5000)
        assert failures == [] and finished == [True]
        assert find_dialog(qapp, QMessageBox) is None

        def locked(svc):
            raise AuthError("The vault is locked. Unlock it first.", reason="locked")

        DbOp(None, locked).failure(failures.append).run(tasks)
        qtbot.waitUntil(lambda: tasks.pending == 0, timeout=5000)
        assert [getattr(e, "reason", None) for e in failures] == ["locked"]
    finally:
        tasks.shutdown()


def test_a_result_ready_at_once_still_comes_after_the_ones_before_it(qtbot, ctx):
    """A fast op can be done before the runner hangs its delivery on it; that delivery then ran at once on
    the GUI thread, ahead of earlier results still queued (a full run under load saw 0, 4, 1, 2, 3)."""
    from concurrent.futures import Future

    class AlreadyDone:  # an executor whose work has finished by the time submit returns
        def submit(self, fn):
            fut: Future = Future()
            fut.set_result(fn())
            return fut

    ran = threading.Event()
    seen: list[int] = []

    def first(svc):
        ran.set()
        return 0

    DbOp(None, first).success(seen.append).run(ctx.tasks)
    assert ran.wait(10)
    time.sleep(0.2)  # the worker has emitted the first result; the GUI thread has not taken it yet
    second = CpuOp(None, lambda: 1).success(seen.append)
    ctx.tasks._submit(AlreadyDone(), second.op, second)
    wait_idle(qtbot, ctx)
    assert seen == [0, 1]
