"""docs/principles.md names real tests: every `file::test` (or `::test` after a file in its cell) exists."""

from __future__ import annotations

import ast
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[3]
DOC = ROOT / "docs" / "principles.md"
HERE = pathlib.Path(__file__).parent


def _tests_in(path: pathlib.Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")}


def test_principles_doc_references_existing_policy_tests() -> None:
    rows = [line for line in DOC.read_text(encoding="utf-8").splitlines() if re.match(r"\| \d\.\d ", line)]
    assert len(rows) == 16  # one row per sentence of PRINCIPLES.txt
    checked = 0
    for row in rows:
        policy_cell = row.split(" | ")[3]
        current: str | None = None
        for file, name in re.findall(r"`(test_policy_\w+\.py)?(?:::(test_\w+))?`", policy_cell):
            if file:
                current = file
            if not name:
                continue
            assert current is not None, f"{name} has no file in: {row[:40]}"
            assert name in _tests_in(HERE / current), (
                f"docs/principles.md names {current}::{name}, which does not exist"
            )
            checked += 1
    assert checked > 40


def test_principles_doc_references_existing_end_to_end_tests() -> None:
    consent = HERE.parent / "consent"
    rows = [line for line in DOC.read_text(encoding="utf-8").splitlines() if re.match(r"\| \d\.\d ", line)]
    checked = 0
    for row in rows:
        cell = row.split(" | ")[4]
        current: str | None = None
        for file, name in re.findall(r"`(test_consent_\w+\.py)?(?:::(test_\w+))?`", cell):
            if file:
                current = file
            if not name:
                continue
            assert current is not None, f"{name} has no file in: {row[:40]}"
            assert name in _tests_in(consent / current), (
                f"docs/principles.md names {current}::{name}, missing"
            )
            checked += 1
        assert "to add" not in cell, f"principle {row[:6]} has no end-to-end test"
    assert checked >= 16
