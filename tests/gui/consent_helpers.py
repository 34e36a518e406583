"""Shared set-up for the consent screens' tests: a window with the consent UI on a vault with a few fields,
real organisations from the protocol toolkit on the same fixed clock, and small helpers to drive the
worker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gui_helpers import open_vault, wait_idle
from PySide6.QtWidgets import QAbstractButton, QMessageBox

from vault_app.domain.clock import FixedClock
from vault_app.domain.model import Category, RequestedField
from vault_app.protocol import Organisation, OrgKeys
from vault_app.protocol.replay import MemoryReplayCache

PURPOSE = "https://w3id.org/dpv#ServiceProvision"
NOW = 1_800_000_000.0
#: (name, type, category, value); the values are canaries that must never reach a title, log or history
FIELDS = (
    ("email", "email", "contact", "alice.canary@example.org"),
    ("birthdate", "date", "demographic", "1990-05-17"),
    ("income", "number", "financial", "52000"),
    ("postcode", "postcode", "location", "10115"),
    ("diagnosis", "text", "health", "canary-condition-xyz"),
)
CANARIES = tuple(f[3] for f in FIELDS)


def run_db(qtbot: Any, ctx: Any, fn: Any) -> Any:
    """Run ``fn(svc)`` on the database worker and return its result (errors are raised here)."""
    from vault_app.gui.tasks import DbOp

    box: dict[str, Any] = {}
    DbOp(None, fn).success(lambda r: box.setdefault("result", r)).failure(
        lambda e: box.setdefault("error", e)
    ).run(ctx.tasks)
    wait_idle(qtbot, ctx)
    if "error" in box:
        raise box["error"]
    return box.get("result")


def consent_window(qtbot: Any, ctx: Any) -> tuple[Any, Any]:
    """An unlocked main window with the consent UI installed, on a vault holding FIELDS."""

    win = open_vault(qtbot, ctx)
    run_db(qtbot, ctx, lambda svc: [svc.add_field(*f) for f in FIELDS])
    ui = win.consent
    wait_idle(qtbot, ctx)
    return win, ui


def make_org(name: str, clock: FixedClock) -> Organisation:
    return Organisation(OrgKeys.generate(), name, clock=clock, replay=MemoryReplayCache(clock))


def request(org: Organisation, names: tuple[str, ...] = ("email", "birthdate"), **kw: Any) -> str:
    cats = {
        "email": Category.CONTACT,
        "birthdate": Category.DEMOGRAPHIC,
        "income": Category.FINANCIAL,
        "postcode": Category.LOCATION,
        "diagnosis": Category.HEALTH,
        "passport": Category.IDENTITY,
        "phone": Category.CONTACT,
    }
    fields = [RequestedField(n, cats[n]) for n in names]
    return org.make_request(
        fields, [PURPOSE], kw.pop("purpose_text", "Deliver your order"), kw.pop("retention", 30 * 86400), **kw
    )


def import_text(qtbot: Any, win: Any, ui: Any, tmp_path: Path, token: str, name: str = "req.pdvreq") -> Any:
    """Import ``token`` as a file through the window's import handler; returns the outcomes."""
    path = tmp_path / name
    path.write_text(token)
    ui.last_outcomes = []
    win.import_paths([str(path)])
    qtbot.waitUntil(lambda: bool(ui.last_outcomes), timeout=10000)
    wait_idle(qtbot, win.ctx)
    return ui.last_outcomes


def message_boxes(qapp: Any) -> list[QMessageBox]:
    return [w for w in qapp.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def click(box: QMessageBox, text: str) -> None:
    """Press the message box button whose text contains ``text`` (ampersands ignored)."""
    for b in box.buttons():
        if isinstance(b, QAbstractButton) and text in b.text().replace("&", ""):
            b.click()
            return
    raise AssertionError(f"no button {text!r} in {[b.text() for b in box.buttons()]}")
