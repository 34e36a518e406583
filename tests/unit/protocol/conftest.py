"""Fixtures for the protocol tests: one world of fixed keys on a fixed clock."""

from __future__ import annotations

import pytest
from proto_helpers import World, make_world


@pytest.fixture
def world() -> World:
    return make_world()
