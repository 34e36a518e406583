"""The Grants page's online actions against a real gateway (aiohttp on a loopback port): nothing goes on the
network while the setting is off; "Send to the organisation" delivers the sealed grant and the acknowledgement
lands in the history; "Check for messages" fetches and files a receipt from the mailbox."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from consent_helpers import consent_window, import_text, make_org, message_boxes, request, run_db
from gui_helpers import wait_idle

from vault_app.domain.clock import FixedClock
from vault_app.domain.model import FieldDecision, ReleaseMode
from vault_app.policy.decisions import SubjectDecisions
from vault_app.protocol import UsageAction, UsageEntry, online

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "gateway"))
from gwhelpers import ServerThread  # noqa: E402

NOW = 1_800_000_000.0


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def shop(clock: FixedClock) -> Any:
    return make_org("Example Shop", clock)


@pytest.fixture
def gateway(shop: Any, tmp_path: Path) -> Iterator[ServerThread]:
    srv = ServerThread(shop, str(tmp_path / "registry.db"), public=None)
    yield srv
    srv.stop()


def test_send_and_check_for_messages(
    qtbot: Any,
    qapp: Any,
    make_ctx: Any,
    clock: FixedClock,
    shop: Any,
    gateway: ServerThread,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    win, ui = consent_window(qtbot, make_ctx(clock=clock))
    token = request(shop)
    assert gateway.post(online.PATH_REQUESTS, token).status == 201
    rid = import_text(qtbot, win, ui, tmp_path, token, "shop.pdvreq")[0].result.id

    def approve(svc: Any) -> Any:
        svc.consent.orgs.set_status(shop.did, "compliant")
        return svc.consent.decisions.approve(
            rid, SubjectDecisions((FieldDecision("email", ReleaseMode.EXACT),))
        )

    issued = run_db(qtbot, win.ctx, approve)
    page = ui.grants
    win.show_page("grants")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.details is not None, timeout=5000)
    asked: list[str] = []

    def ask(*a: Any) -> tuple[str, bool]:
        asked.append(a[2])
        return gateway.url, True

    monkeypatch.setattr("vault_app.gui.pages.grants.QInputDialog.getText", ask)
    # the setting is off: nothing is sent, and the subject is told why
    page.ask_send()
    wait_idle(qtbot, win.ctx)
    box = message_boxes(qapp)[-1]
    assert "Settings" in box.text()
    box.accept()
    assert asked == [] and gateway.registry.grants() == []
    # allowed: the address is asked once, the grant is delivered and acknowledged
    win.ctx.update_settings(online_delivery=True)
    page.ask_send()
    qtbot.waitUntil(lambda: bool(message_boxes(qapp)), timeout=10000)
    wait_idle(qtbot, win.ctx)
    box = message_boxes(qapp)[-1]
    assert "Delivered to Example Shop" in box.text(), box.text()
    box.accept()
    assert len(asked) == 1 and "Example Shop" in asked[0]
    assert [g.id for g in gateway.registry.grants()] == [issued.grant_id]
    kinds = run_db(qtbot, win.ctx, lambda svc: [e.kind for e in svc.history_page(limit=50)])
    assert "message.delivered" in kinds
    # the organisation leaves a receipt; "Check for messages" files it
    grant = shop.open(issued.jwe, [token]).message
    receipt = shop.make_receipt(grant, [UsageEntry(UsageAction.USE, ("email",), int(NOW), "Order")])
    assert gateway.post(online.PATH_MAILBOX, receipt).status == 201
    page.check_messages()
    qtbot.waitUntil(lambda: bool(message_boxes(qapp)), timeout=10000)
    wait_idle(qtbot, win.ctx)
    box = message_boxes(qapp)[-1]
    assert "1 message from Example Shop fetched and filed" in box.text(), box.text()
    box.accept()
    assert len(asked) == 1  # the address given once is kept for the session
    receipts = run_db(qtbot, win.ctx, lambda svc: svc.consent.grants.receipts(issued.grant_id))
    assert len(receipts) == 1
