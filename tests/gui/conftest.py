"""Fixtures for the desktop app's tests: offscreen Qt, a cheap KDF, and an app context on a temporary
vault."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any Qt module loads
os.environ.setdefault("QT_SCALE_FACTOR", "1")

from collections.abc import Callable, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from gui_helpers import PASSWORD  # noqa: E402,F401

from vault_app.crypto.kdf import minimum_params  # noqa: E402
from vault_app.services.settings import SettingsStore  # noqa: E402


def cheap_kdf(target: float, progress: Callable[[float], None]) -> Any:
    progress(0.5)
    progress(1.0)
    return minimum_params()


@pytest.fixture(scope="session", autouse=True)
def _english(qapp: Any) -> None:
    """Load the English translation as the app does (it carries the plural forms)."""
    from vault_app.gui.i18n import install_translations

    install_translations(qapp, "en")


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PDVAULT_CONFIG", str(tmp_path / "config"))
    monkeypatch.setenv("PDVAULT_HOME", str(tmp_path / "default-vault"))


@pytest.fixture
def make_ctx(qapp: Any, tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """Build an AppContext on a vault folder; every context is shut down (vault locked) after the test."""
    from vault_app.gui.context import AppContext

    made: list[AppContext] = []

    def make(vault_dir: Path | None = None, **kw: Any) -> AppContext:
        settings = kw.pop("settings", None) or SettingsStore(tmp_path / "config" / "settings.json")
        ctx = AppContext(vault_dir or tmp_path / "vault", settings, kdf_factory=cheap_kdf, **kw)
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.shutdown()


@pytest.fixture
def ctx(make_ctx: Callable[..., Any]) -> Any:
    return make_ctx()


@pytest.fixture
def window(qtbot: Any, ctx: Any) -> Any:
    """A shown main window on the context's vault folder (created or not by the test beforehand)."""
    from vault_app.gui.mainwindow import MainWindow

    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    return win
