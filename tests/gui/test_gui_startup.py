"""Start-up of the desktop app (issue 15): the first window (the unlock screen, or the first-run wizard)
is shown without importing what only the unlocked vault needs; the rest is built on the event loop after
the first paint. Each case runs the real entry point (``vault_app.app.main``) in a subprocess, so nothing
another test imported counts, with ``QApplication.exec`` replaced by a probe that runs right after the
first ``show()``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from vault_app.crypto.kdf import minimum_params
from vault_app.services.vault import VaultService
from vaulttools import TEST_PASSWORD

#: modules the first window must not need: the vault's pages and the consent screens, their dialogs and
#: charts, the services and the core below them (SQLCipher included)
DEFERRED = (
    "vault_app.gui.consent_ui",
    "vault_app.gui.consent_words",
    "vault_app.gui.pages.",
    "vault_app.gui.dialogs.review",
    "vault_app.gui.dialogs.verification",
    "vault_app.gui.widgets.chart",
    "vault_app.gui.report",
    "vault_app.gui.models",
    "vault_app.services.vault",
    "vault_app.services.consent",
    "vault_app.services.inbox",
    "vault_app.services.views",
    "vault_app.policy",
    "vault_app.protocol",
    "vault_app.storage",
    "vault_app.history.chain",  # (the history's event kinds, a small enum, name the history's words)
    "vault_app.history.export",
    "vault_app.history.head",
    "sqlcipher3",
)

PROBE = """
import json, sys, time
from PySide6.QtWidgets import QApplication

def probe():
    win = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "MainWindow" and w.isVisible())
    deferred = tuple(json.loads(sys.argv[1]))
    at_show = sorted(m for m in sys.modules if m.startswith(deferred))
    state, built_at_show = win.states.currentIndex(), win.vault_view_built
    # then the event loop: the first paint starts building the vault's side, a piece per pass
    end = time.monotonic() + 60
    while not win.vault_view_built and time.monotonic() < end:
        QApplication.processEvents()
    print(json.dumps({"at_show": at_show, "state": state, "built_at_show": built_at_show,
                      "built_later": win.vault_view_built, "pages": win.page_keys,
                      "title": win.windowTitle()}))
    win.close()
    return 0

QApplication.exec = staticmethod(probe)
from vault_app.app import main
raise SystemExit(main([]))
"""


def _first_window(tmp_path: Path) -> dict:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PDVAULT_HOME=str(tmp_path / "vault"),
        PDVAULT_CONFIG=str(tmp_path / "config"),
        LC_ALL="C.UTF-8",
    )
    r = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(DEFERRED)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("vault", [True, False], ids=["unlock-screen", "first-run-wizard"])
def test_the_first_window_needs_none_of_the_vaults_screens(tmp_path: Path, vault: bool) -> None:
    if vault:
        svc = VaultService(tmp_path / "vault", kdf_factory=lambda _p: minimum_params())
        svc.create(TEST_PASSWORD)
        svc.lock()
    seen = _first_window(tmp_path)
    assert seen["state"] == (1 if vault else 0)  # MainWindow.UNLOCK / MainWindow.SETUP
    assert seen["title"].startswith("Locked" if vault else "Create your vault")
    assert seen["at_show"] == []
    assert seen["built_at_show"] is False
    # and after the first paint the rest was built on the event loop, consent screens included
    assert seen["built_later"] is True
    assert {"home", "fields", "inbox", "grants", "organisations", "history", "settings"} <= set(seen["pages"])
