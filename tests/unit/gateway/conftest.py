"""Fixtures for the gateway tests: a real PostgreSQL server for the session, and a registry over each
database.

The PostgreSQL server really starts (Debian's binaries, see tests/pgserver.py). If it cannot, the PostgreSQL
tests fail with the reason: they never skip silently.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from pgserver import PgServer, PgUnavailable
from vault_app.domain.clock import FixedClock
from vault_app.gateway.registry import Registry

_db_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    try:
        server = PgServer().start()
    except PgUnavailable as exc:
        pytest.fail(f"PostgreSQL is required by the registry tests and could not start: {exc}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty registry database of each kind."""
    if request.param == "sqlite":
        return str(tmp_path / "registry.db")
    server: PgServer = request.getfixturevalue("pg_server")
    return server.create_database(f"reg{next(_db_numbers)}")


@pytest.fixture
def gw_clock() -> FixedClock:
    return FixedClock(1_800_000_000.0)


@pytest.fixture
def registry(db_url: str, gw_clock: FixedClock) -> Iterator[Registry]:
    reg = Registry.open(db_url, clock=gw_clock)
    yield reg
    reg.close()


# the protocol tests' world of parties (fixed keys) is reused here
import sys  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "protocol"))
