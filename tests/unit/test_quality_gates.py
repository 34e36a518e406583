"""The quality gates, run by the README's test command (and so by CI): typing, lint and format, pytest's own
strictness, the Hypothesis profile, the ``gui`` marker, and no assertion that cannot fail.

The lists below say what each gate enforces; a package joins a list once it is clean. mypy and ruff are run
as the test extra installs them (``python -m``), from the repository root, with the configuration in
pyproject.toml.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import hypothesis_profiles
from vaulttools import FULL

ROOT = Path(__file__).resolve().parents[2]

#: packages that must pass ``mypy --strict`` (the Qt-free core)
MYPY_STRICT = (
    "vault_app.domain",
    "vault_app.crypto",
    "vault_app.storage",
    "vault_app.history",
    "vault_app.policy",
    "vault_app.protocol",
    "vault_app.services",
    "vault_app.gateway",
    "vault_app.gate",
)

#: packages that must type-check with the project's configuration (no --strict)
MYPY_PROJECT = ("vault_app.gui", "vault_app.cli")

#: files and folders that must pass ``ruff check`` and ``ruff format --check``
RUFF = (
    "vault_app/domain",
    "vault_app/crypto",
    "vault_app/storage",
    "vault_app/history",
    "vault_app/policy",
    "vault_app/services",
    "tests/unit/crypto",
    "tests/unit/storage",
    "tests/unit/history",
    "tests/unit/policy",
    "tests/unit/services",
    "tests/unit/consent",
    "vault_app/gate",
    "vault_app/cli/org_gate.py",
    "tests/unit/gate",
    "benchmarks/bench_gate.py",
    "tests/unit/test_architecture.py",
    "tests/unit/test_quality_gates.py",
    "tests/hypothesis_profiles.py",
    "benchmarks/bench_hypothesis_cold_start.py",
    "vault_app/gateway",
    "tests/unit/gateway",
    "tests/pgserver.py",
    "benchmarks/bench_gateway.py",
)


def _run(args: Sequence[str], *, env: dict[str, str] | None = None, timeout: float = 300) -> tuple[int, str]:
    proc = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
    return proc.returncode, proc.stdout + proc.stderr


def _mypy(packages: Sequence[str], *flags: str, cache: str) -> tuple[int, str]:
    # one cache folder per set of flags: mypy's cache is per option set, and two runs sharing one would keep
    # invalidating each other
    args = ["-m", "mypy", *flags, "--cache-dir", str(ROOT / ".mypy_cache" / cache), "--no-color-output"]
    for p in packages:
        args += ["-p", p]
    return _run(args)


# -- typing --------------------------------------------------------------------------------------------------


def test_mypy_strict_on_the_qt_free_packages() -> None:
    code, out = _mypy(MYPY_STRICT, "--strict", cache="strict")
    assert code == 0, f"mypy --strict found problems:\n{out}"
    assert "Success: no issues found" in out


def test_gui_and_cli_type_check_with_the_project_configuration() -> None:
    code, out = _mypy(MYPY_PROJECT, cache="project")
    errors = [ln for ln in out.splitlines() if ": error:" in ln]
    assert code == 0, "mypy over the GUI and CLI:\n" + "\n".join(errors)


# -- lint and format -----------------------------------------------------------------------------------------


def test_ruff_check() -> None:
    code, out = _run(["-m", "ruff", "check", "--no-cache", *RUFF])
    assert code == 0, f"ruff check:\n{out}"


def test_ruff_format() -> None:
    code, out = _run(["-m", "ruff", "format", "--check", "--no-cache", *RUFF])
    assert code == 0, f"ruff format --check (run `ruff format` on these files):\n{out}"


# -- pytest's own strictness ---------------------------------------------------------------------------------

_PROBES = {
    "test_probe_qt.py": """
from PySide6.QtCore import qWarning

def test_qt_warning_fails(qtbot):
    qWarning("a warning from the code under test")

def test_offscreen_size_hint_message_is_ignored(qtbot):
    qWarning("This plugin does not support propagateSizeHints()")

def test_only_the_whole_message_is_ignored(qtbot):
    qWarning("This plugin does not support propagateSizeHints() and something else went wrong")
""",
    "test_probe_xfail.py": """
import pytest

@pytest.mark.xfail(reason="expected to fail")
def test_xfail_that_passes():
    pass

@pytest.mark.xfail(reason="expected to fail")
def test_xfail_that_fails():
    assert False
""",
    "test_probe_marker.py": """
import pytest

@pytest.mark.no_such_marker
def test_with_an_unknown_marker():
    pass
""",
    "test_probe_warning.py": """
import warnings

def test_python_warning_fails():
    warnings.warn("deprecated", DeprecationWarning)
""",
}


def _probe(tmp_path: Path, config: Path, *names: str) -> tuple[int, str]:
    for name in names:
        (tmp_path / name).write_text(_PROBES[name])
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return _run(
        ["-m", "pytest", "-c", str(config), "--rootdir", str(tmp_path), "-p", "no:cacheprovider", "-q", "-rA",
         "--continue-on-collection-errors", *(str(tmp_path / n) for n in names)],
        env=env,
    )  # fmt: skip


def _outcomes(out: str) -> dict[str, str]:
    found = re.findall(r"^(PASSED|FAILED|ERROR|XFAIL|XPASS)\s+(\S+)", out, re.MULTILINE)
    return {Path(node.split(" ")[0]).name.split("::")[-1]: outcome for outcome, node in found}


def test_pytest_fails_on_qt_warnings_unknown_markers_xpass_and_warnings(tmp_path: Path) -> None:
    code, out = _probe(tmp_path, ROOT / "pyproject.toml", *_PROBES)
    got = _outcomes(out)
    assert got.get("test_qt_warning_fails") == "FAILED", out
    assert got.get("test_offscreen_size_hint_message_is_ignored") == "PASSED", out
    assert got.get("test_only_the_whole_message_is_ignored") == "FAILED", out
    assert got.get("test_xfail_that_passes") == "FAILED", out  # strict xfail: an unexpected pass fails
    assert got.get("test_xfail_that_fails") == "XFAIL", out
    assert got.get("test_probe_marker.py") == "ERROR" and "no_such_marker" in out, out
    assert got.get("test_python_warning_fails") == "FAILED", out
    assert code != 0


def test_pytest_refuses_an_unknown_config_key(tmp_path: Path) -> None:
    text = (ROOT / "pyproject.toml").read_text()
    header = "[tool.pytest.ini_options]\n"
    assert header in text
    bad = tmp_path / "pyproject.toml"
    bad.write_text(text.replace(header, header + "no_such_option = 1\n"))
    code, out = _probe(tmp_path, bad, "test_probe_warning.py")
    assert code != 0 and "no_such_option" in out, out


# -- the gui marker ------------------------------------------------------------------------------------------


def test_not_gui_deselects_every_qt_test() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    code, out = _run(
        ["-m", "pytest", "-p", "no:cacheprovider", "--collect-only", "-q", "-m", "not gui", "tests/gui",
         "tests/unit/crypto/test_crypto_keys.py"],
        env=env,
    )  # fmt: skip
    assert code == 0, out
    ids = [line for line in out.splitlines() if "::" in line]
    assert ids and all(i.startswith("tests/unit/crypto/") for i in ids), out
    m = re.search(r"(\d+)/(\d+) tests collected \((\d+) deselected\)", out)
    assert m and int(m.group(3)) >= 50, out  # every test under tests/gui (79 today) was deselected


# -- Hypothesis ----------------------------------------------------------------------------------------------


def test_ci_profile_fails_for_no_speed_reason_and_is_reproducible() -> None:
    ci = settings.get_profile("ci")
    assert ci.deadline is None
    assert set(ci.suppress_health_check) == {HealthCheck.too_slow}  # speed only: every other check stays on
    assert ci.derandomize and ci.database is None
    assert ci.print_blob


def test_profile_choice() -> None:
    var = hypothesis_profiles.PROFILE_VAR
    assert hypothesis_profiles.choose({}) == "default"
    assert hypothesis_profiles.choose({"CI": "true"}) == "ci"
    assert hypothesis_profiles.choose({"CI": "false"}) == "default"
    assert hypothesis_profiles.choose({"CI": "true", var: "default"}) == "default"
    assert hypothesis_profiles.choose({var: "ci"}) == "ci"
    script = (ROOT / "scripts" / "test.sh").read_text()
    assert f"export {var}=${{{var}:-ci}}" in script  # the README's test command uses the ci profile


@pytest.fixture
def busy_cores() -> Iterator[int]:
    """Keep every core busy (one Python busy loop per core) for the duration of a test."""
    n = os.cpu_count() or 2
    loops = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(n)]
    try:
        yield n
    finally:
        for p in loops:
            p.kill()
        for p in loops:
            p.wait()


def _first_property_run(storage: Path) -> tuple[int, str]:
    env = {**os.environ, "HYPOTHESIS_STORAGE_DIRECTORY": str(storage), hypothesis_profiles.PROFILE_VAR: "ci"}
    env.pop("CI", None)
    return _run(
        ["-m", "pytest", "-p", "no:cacheprovider", "-q",
         "tests/unit/policy/test_policy_anonymise_properties.py"
         "::test_pseudonyms_are_stable_per_org_and_differ_between_orgs"],
        env=env,
    )  # fmt: skip


def test_first_run_from_an_empty_hypothesis_folder_passes(tmp_path: Path) -> None:
    """The finding: on a fresh clone, this property test failed 3 runs of 3 with "input generation is slow"
    (Hypothesis builds its Unicode tables in the first timed generation, and the machine was loaded). With the
    ci profile it passes from an empty storage folder."""
    storage = tmp_path / "hypothesis"
    code, out = _first_property_run(storage)
    assert code == 0 and "1 passed" in out, out
    assert (storage / "unicode_data").is_dir()  # it really started from nothing and built the tables


@pytest.mark.skipif(not FULL, reason="keeps every core busy: PDV_FULL=1 only")
def test_first_run_from_an_empty_hypothesis_folder_passes_on_busy_cores(
    tmp_path: Path, busy_cores: int
) -> None:
    """The same while every core runs a busy loop (the default profile failed so, 3 runs of 3)."""
    storage = tmp_path / "hypothesis"
    code, out = _first_property_run(storage)
    assert code == 0 and "1 passed" in out, out
    assert (storage / "unicode_data").is_dir()


# -- no assertion that cannot fail ---------------------------------------------------------------------------


def _always_true(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return bool(node.value)
    if isinstance(node, ast.Tuple):  # assert (condition, "message"): a non-empty tuple is always true
        return bool(node.elts)
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
        return any(_always_true(v) for v in node.values)
    return False


def test_no_assertion_that_cannot_fail() -> None:
    bad = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Assert) and _always_true(node.test):
                bad.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert bad == [], f"assertions that are always true: {bad}"


def test_the_always_true_check_sees_or_true() -> None:
    tree = ast.parse(
        "assert x == 1 and y or True\nassert x == 1 or y\nassert 'text'\nassert (x, 'why')\nassert x"
    )
    asserts = [n for n in tree.body if isinstance(n, ast.Assert)]
    assert [_always_true(a.test) for a in asserts] == [True, False, True, True, False]
