"""The mouse wheel scrolls the review; it never changes what is released (issue 16): a combo box or spin box
only reacts to the wheel once the user has clicked it."""

from __future__ import annotations

from typing import Any

import pytest
from consent_helpers import NOW, consent_window, import_text, make_org, request, run_db
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QScrollArea, QWidget

from vault_app.domain.clock import FixedClock
from vault_app.domain.model import ReleaseMode
from vault_app.gui.dialogs.review import ReviewDialog


@pytest.fixture
def review(qtbot: Any, make_ctx: Any) -> ReviewDialog:
    clock = FixedClock(NOW)
    win, ui = consent_window(qtbot, make_ctx(clock=clock))
    shop = make_org("Example Shop", clock)
    token = request(shop, ("email", "birthdate", "income", "postcode"))
    rid = import_text(qtbot, win, ui, tmp_path_of(win), token)[0].result.id
    run_db(qtbot, win.ctx, lambda svc: svc.consent.orgs.set_status(shop.did, "compliant"))
    dlg = ui.inbox.open_request(rid, "authorisation")
    qtbot.waitUntil(lambda: dlg.steps.currentIndex() == dlg.DECIDE, timeout=10000)
    return dlg


def tmp_path_of(win: Any) -> Any:
    return win.ctx.vault_dir.parent


def wheel(target: QWidget, local: QPoint, steps: int) -> None:
    """A wheel turn over ``local`` of ``target``'s window, delivered as Qt delivers a real one: to the
    widget under the pointer, then to each parent in turn while it is not accepted."""
    window = target.window()
    gpos = target.mapToGlobal(local)
    w = window.childAt(window.mapFromGlobal(gpos)) or window
    while w is not None:
        pos = w.mapFromGlobal(gpos)
        ev = QWheelEvent(QPointF(pos), QPointF(gpos), QPoint(0, 0), QPoint(0, -120 * steps),
                         Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                         Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(w, ev)
        if ev.isAccepted() or w.isWindow():
            return
        w = w.parentWidget()


def state(dlg: ReviewDialog) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for w in dlg.findChildren(QWidget):
        if isinstance(w, QComboBox):
            out.append((w.accessibleName(), w.currentIndex()))
        elif isinstance(w, QAbstractSpinBox):
            out.append((w.accessibleName(), w.text()))
    return out


def test_wheel_over_the_whole_review_changes_nothing(qtbot, review):
    dlg = review
    dlg.resize(860, 520)  # short enough that the fields must be scrolled
    dlg.show()
    qtbot.waitExposed(dlg)
    by_name = {c.name: c for c in dlg.choices}
    by_name["email"].set_mode(ReleaseMode.EXACT)
    bd = by_name["birthdate"]
    bd.set_mode(ReleaseMode.ANONYMISED)
    bd.set_method("date.age_at_least")  # a spin box (the threshold) and two combo boxes on this field
    inc = by_name["income"]
    inc.set_mode(ReleaseMode.ANONYMISED)
    qtbot.wait(50)
    dlg.next_button.setFocus()
    before = state(dlg)
    assert len(before) >= 6 and any("Anonymisation method" in n for n, _ in before)
    scroll = dlg.decide_page.findChild(QScrollArea)
    bar = scroll.verticalScrollBar()
    assert bar.maximum() > 0
    view = scroll.viewport()
    seen_under_pointer = set()
    # down the whole page and back up, at several columns, one notch at a time
    for x in range(20, view.width() - 5, 60):
        bar.setValue(0)
        for direction in (1, -1):
            for _ in range(40):
                for y in range(10, view.height(), 40):
                    under = view.childAt(QPoint(x, y))
                    while under is not None and not isinstance(under, (QComboBox, QAbstractSpinBox)):
                        under = under.parentWidget()
                    if under is not None:
                        seen_under_pointer.add(under.accessibleName())
                    wheel(view, QPoint(x, y), direction)
    assert state(dlg) == before
    # the wheel did pass over the choice boxes, and scrolled the page instead
    assert any(n.startswith("Choice for") for n in seen_under_pointer)
    assert any("Anonymisation method" in n for n in seen_under_pointer)
    bar.setValue(0)
    wheel(view, QPoint(10, 10), 1)
    assert bar.value() > 0


# a combo box's list is a popup: the offscreen platform (headless tests) cannot raise it or give it the
# keyboard
@pytest.mark.qt_log_ignore(r"^This plugin does not support raise\(\)$",
                           r"^This plugin does not support grabbing the keyboard$")
def test_a_clicked_choice_box_still_follows_the_wheel(qtbot, review):
    dlg = review
    dlg.resize(860, 720)
    dlg.show()
    qtbot.waitExposed(dlg)
    mode = next(c for c in dlg.choices if c.name == "email").mode
    assert mode.focusPolicy() == Qt.FocusPolicy.StrongFocus  # the wheel never gives it focus
    start = mode.currentIndex()
    wheel(mode, QPoint(5, 5), -1)
    assert mode.currentIndex() == start
    qtbot.mouseClick(mode, Qt.MouseButton.LeftButton)  # opens the list; close it and keep the focus
    mode.hidePopup()
    mode.setFocus(Qt.FocusReason.MouseFocusReason)
    assert mode.hasFocus()
    wheel(mode, QPoint(5, 5), -1)
    assert mode.currentIndex() != start
