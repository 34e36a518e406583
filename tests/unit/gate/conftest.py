"""Fixtures for the gate's tests: a fresh world per test (real keys, real grants; no mocks)."""

from __future__ import annotations

from pathlib import Path

import pytest
from gate_world import GateWorld


@pytest.fixture
def gw(tmp_path: Path) -> GateWorld:
    return GateWorld(tmp_path)
