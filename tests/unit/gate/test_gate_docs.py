"""docs/principles.md names the gate's tests: every `test_gate_*.py::test_*` it names exists."""

from __future__ import annotations

import ast
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[3]
HERE = pathlib.Path(__file__).parent


def _tests_in(path: pathlib.Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")}


def test_the_gate_section_of_the_principles_names_existing_tests() -> None:
    text = (ROOT / "docs" / "principles.md").read_text(encoding="utf-8")
    section = text.split("## The organisation side: the consent gate", 1)[1].split("\n## ", 1)[0]
    checked = 0
    for row in (line for line in section.splitlines() if line.startswith("| ") and "`" in line):
        current: str | None = None
        for file, name in re.findall(r"`(test_gate_\w+\.py)?(?:::(test_\w+))?`", row):
            if file:
                current = file
            if not name:
                continue
            assert current is not None, f"{name} has no file in: {row[:40]}"
            assert name in _tests_in(HERE / current), f"docs/principles.md names {current}::{name}, missing"
            checked += 1
    assert checked >= 10
