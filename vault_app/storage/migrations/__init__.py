"""Numbered schema migrations. ``vNNNN_name.sql`` files are applied in order; PRAGMA user_version records
the schema version. Never edit a released migration: add the next number. Each version has a fixture vault
in tests/data/vaults/ that the upgrade tests open."""

from __future__ import annotations

import functools
import re
from importlib import resources

_NAME = re.compile(r"^v(\d{4})_[a-z0-9_]+\.sql$")


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) for every migration shipped, in order."""
    return list(_load())


@functools.cache
def _load() -> tuple[tuple[int, str, str], ...]:
    # read once per process: every unlock asks, and reading the files was a third of the unlock time
    out = []
    for entry in resources.files(__name__).iterdir():
        m = _NAME.match(entry.name)
        if m:
            out.append((int(m.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    out.sort()
    for i, (v, _, _) in enumerate(out, start=1):
        if v != i:
            raise RuntimeError(f"migration numbering has a gap at {i}")
    return tuple(out)


def latest_version() -> int:
    return len(migrations())
