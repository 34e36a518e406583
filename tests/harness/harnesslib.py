"""Small helpers for the harnesses: scaling by PDV_FULL, reporting a figure, running a helper script."""

from __future__ import annotations

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
FULL = os.environ.get("PDV_FULL") == "1"


def scale(quick: int, full: int) -> int:
    """``quick`` in the default run, ``full`` with PDV_FULL=1; PDV_HARNESS_SCALE multiplies the quick
    count."""
    if FULL:
        return full
    return max(1, int(quick * float(os.environ.get("PDV_HARNESS_SCALE", "1"))))


#: figures reported in this run; tests/conftest.py prints them in pytest's summary
FIGURES: list[str] = []


def report(line: str) -> None:
    """Record a harness figure: shown in pytest's summary, and appended to $PDV_HARNESS_REPORT if set."""
    FIGURES.append(line)
    out = os.environ.get("PDV_HARNESS_REPORT")
    if out:
        with open(out, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), str(HERE.parent)])
    env.pop("PDVAULT_PASSWORD", None)
    env.update(extra)
    return env
