"""Shared test fixtures: environment isolation, cheap vaults (minimum KDF, fixed clock), and a few helpers.

Every test runs with ``PDVAULT_HOME`` and ``PDVAULT_CONFIG`` pointing into its own temporary folder, so no
test can touch a real vault or real settings, and no password leaks in from the environment.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import hypothesis_profiles
from vault_app.crypto.kdf import minimum_params
from vault_app.domain.clock import FixedClock
from vault_app.services.vault import VaultService
from vaulttools import TEST_PASSWORD, MountRefused, mount_tmpfs, unmount

# before any test module is imported: @settings(...) in a test module inherits from the profile loaded now
HYPOTHESIS_PROFILE = hypothesis_profiles.load()

_GUI_TESTS = Path(__file__).resolve().parent / "gui"
_QT_FIXTURES = frozenset({"qtbot", "qapp"})


def pytest_report_header(config: pytest.Config) -> str:
    return f"hypothesis profile: {HYPOTHESIS_PROFILE}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test that needs Qt as ``gui`` (all of tests/gui, and any test using a Qt fixture), so
    that ``-m "not gui"`` runs the headless suite."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if item.path.is_relative_to(_GUI_TESTS) or _QT_FIXTURES.intersection(fixtures):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    base = tmp_path_factory.mktemp("env")
    monkeypatch.setenv("PDVAULT_HOME", str(base / "home-vault"))
    monkeypatch.setenv("PDVAULT_CONFIG", str(base / "config"))
    for var in ("PDVAULT_PASSWORD", "PDVAULT_NEW_PASSWORD", "PDVAULT_LOG"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(1_800_000_000.0)


MakeService = Callable[..., VaultService]


@pytest.fixture
def make_service(tmp_path: Path, clock: FixedClock) -> Iterator[MakeService]:
    """A factory of services with the minimum KDF and the test's FixedClock.

    ``make_service()`` creates a new vault in ``tmp_path/vault`` and returns it unlocked;
    ``make_service(dir, create=False)`` returns a locked service bound to an existing folder. Every service
    made here is locked again at the end of the test.
    """
    made: list[VaultService] = []

    def make(
        vault_dir: Path | str | None = None, *, create: bool = True, password: str = TEST_PASSWORD
    ) -> VaultService:
        svc = VaultService(
            Path(vault_dir) if vault_dir else tmp_path / "vault",
            clock=clock,
            kdf_factory=lambda progress: minimum_params(),
        )
        made.append(svc)
        if create:
            svc.create(password)
        return svc

    yield make
    for svc in made:
        svc.lock()


@pytest.fixture
def service(make_service: MakeService) -> VaultService:
    """A new, unlocked vault."""
    return make_service()


@pytest.fixture
def small_fs(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    """``small_fs("1m")`` mounts a tmpfs of that size under tmp_path and returns it (unmounted at the end).
    Skips the test, with the reason, where mounting is not permitted."""
    mounted: list[Path] = []

    def mount(size: str, name: str = "smallfs") -> Path:
        d = tmp_path / name
        try:
            mount_tmpfs(d, size)
        except MountRefused as exc:
            pytest.skip(str(exc))
        mounted.append(d)
        return d

    yield mount
    for d in reversed(mounted):
        unmount(d)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Show the figures the harnesses measured (crash kills, tamper offsets...), even in a quiet run."""
    import sys

    lib = sys.modules.get("harnesslib")
    figures = getattr(lib, "FIGURES", [])
    if figures:
        terminalreporter.section("harness figures")
        for line in figures:
            terminalreporter.write_line(line)
