"""Numbered schema migrations. ``vNNNN_name.sql`` files are applied in order; PRAGMA user_version records
the schema version. Never edit a released migration: add the next number. Each version has a fixture vault
in tests/data/vaults/ that the upgrade tests open."""

from __future__ import annotations

import functools
import re
from pathlib import Path

_NAME = re.compile(r"^v(\d{4})_[a-z0-9_]+\.sql$")
_HERE = Path(__file__).parent


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) for every migration shipped, in order."""
    return list(_load())


@functools.cache
def _names() -> tuple[tuple[int, str], ...]:
    # listed once per process; the files themselves are only read when a vault needs an upgrade (every
    # unlock asks for the latest version, and reading the files was a third of the unlock time)
    out = sorted((int(m.group(1)), p.name) for p in _HERE.iterdir() if (m := _NAME.match(p.name)))
    for i, (v, _) in enumerate(out, start=1):
        if v != i:
            raise RuntimeError(f"migration numbering has a gap at {i}")
    return tuple(out)


@functools.cache
def _load() -> tuple[tuple[int, str, str], ...]:
    return tuple((v, name, (_HERE / name).read_text(encoding="utf-8")) for v, name in _names())


def latest_version() -> int:
    return len(_names())
