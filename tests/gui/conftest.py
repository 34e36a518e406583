"""Fixtures for the desktop app's tests: offscreen Qt, a cheap KDF, and an app context on a temporary vault."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any Qt module loads
os.environ.setdefault("QT_SCALE_FACTOR", "1")

from collections.abc import Callable, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402

from vault_app.core.settings import SettingsStore  # noqa: E402
from vault_app.crypto.kdf import minimum_params  # noqa: E402

PASSWORD = "correct horse battery"


def cheap_kdf(target: float, progress: Callable[[float], None]) -> Any:
    progress(0.5)
    progress(1.0)
    return minimum_params()


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
        if not ctx.tasks._closed:
            ctx.shutdown()


@pytest.fixture
def ctx(make_ctx: Callable[..., Any]) -> Any:
    return make_ctx()


def wait_idle(qtbot: Any, ctx: Any, timeout: int = 10000) -> None:
    """Wait until every background op has delivered its callbacks."""
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=timeout)


def unlocked_vault(qtbot: Any, ctx: Any, fields: int = 0) -> None:
    """Create the context's vault and add ``fields`` fields, through the worker."""
    from vault_app.gui.tasks import DbOp

    def setup(svc: Any) -> None:
        svc.create(PASSWORD, kdf=minimum_params())
        for i in range(fields):
            svc.add_field(f"field{i:04d}", "text", "other", f"value {i}")

    DbOp(None, setup).run(ctx.tasks)
    wait_idle(qtbot, ctx)
