"""Architecture rules: no module outside vault_app/gui imports Qt; lower layers never import upward."""

from __future__ import annotations

import ast
import json
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import vault_app

ROOT = Path(vault_app.__file__).resolve().parent


def _non_gui_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages([str(ROOT)], prefix="vault_app."):
        if info.name == "vault_app.gui" or info.name.startswith("vault_app.gui."):
            continue
        if info.name == "vault_app.__main__":  # starts the app on import
            continue
        names.append(info.name)
    return sorted(names)


def test_the_core_never_loads_qt() -> None:
    modules = _non_gui_modules()
    assert "vault_app.services.vault" in modules and "vault_app.storage.db" in modules
    code = (
        "import importlib, json, sys\n"
        f"mods = {modules!r}\n"
        "failed = {}\n"
        "for m in mods:\n"
        "    try:\n"
        "        importlib.import_module(m)\n"
        "    except Exception as exc:\n"
        "        failed[m] = repr(exc)\n"
        "qt = sorted(n for n in sys.modules\n"
        "            if n.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6'))\n"
        "print(json.dumps({'qt': qt, 'failed': failed}))\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT.parent,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert out["failed"] == {}, f"non-GUI modules failed to import: {out['failed']}"
    assert out["qt"] == [], f"Qt was loaded by a non-GUI module: {out['qt']}"


# Which other packages of vault_app each package may import (STYLE.md: one direction of dependency).
# The domain is the floor; nothing imports upward; the GUI and the CLI see the services and the domain only
# (the organisation CLI also the organisation-side packages). The composition root (app.py, __main__.py) may
# use everything.
ALLOWED: dict[str, set[str]] = {
    "domain": set(),
    "crypto": {"domain"},
    "storage": {"domain", "crypto"},
    "history": {"domain", "crypto", "storage"},
    "protocol": {"domain", "crypto"},
    "policy": {"domain", "crypto", "protocol"},
    "services": {"domain", "crypto", "storage", "history", "protocol", "policy"},
    "gateway": {"domain", "crypto", "protocol", "policy"},
    "gate": {"domain", "crypto", "protocol", "policy", "gateway"},
    "cli": {"domain", "services", "protocol", "gateway", "gate"},
    "gui": {"domain", "services"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _package_of(path: Path) -> str:
    return path.relative_to(ROOT).parts[0].removesuffix(".py")


def test_every_package_has_a_declared_place() -> None:
    packages = {p.name for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert packages - set(ALLOWED) == set(), (
        "a new package needs its place in ALLOWED (and docs/architecture.md)"
    )


def test_dependencies_point_one_way() -> None:
    problems = []
    for path in sorted(ROOT.rglob("*.py")):
        layer = _package_of(path)
        if layer in ("app", "__main__", "__init__"):
            continue
        allowed = ALLOWED[layer] | {layer}
        for mod in sorted(_imports(path)):
            parts = mod.split(".")
            if parts[0] != "vault_app" or len(parts) < 2:
                continue
            if parts[1] not in allowed:
                problems.append(f"{path.relative_to(ROOT)} imports {mod}")
    assert problems == [], "\n".join(problems)


def test_the_allowed_graph_has_no_cycles() -> None:
    seen: dict[str, int] = {}

    def visit(node: str, stack: tuple[str, ...]) -> None:
        assert node not in stack, f"cycle: {' -> '.join((*stack, node))}"
        if seen.get(node):
            return
        for dep in ALLOWED[node]:
            visit(dep, (*stack, node))
        seen[node] = 1

    for name in ALLOWED:
        visit(name, ())


def test_every_module_says_what_it_is_for() -> None:
    missing = [
        str(p.relative_to(ROOT))
        for p in ROOT.rglob("*.py")
        if p.stat().st_size > 0
        and ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) is None
        and "gui" not in p.parts
    ]
    assert missing == [], f"modules without a docstring: {missing}"


# Where SQL may be written: the vault's storage, and the organisation's registry behind its gateway.
SQL_HOMES = ("storage/", "gateway/registry")
_SQL_START = re.compile(
    r"^\s*(SELECT\s.+\sFROM\s|SELECT\s+(count|1|\*)|INSERT\s+(OR\s+\w+\s+)?INTO\s|UPDATE\s+\w+\s+SET\s"
    r"|DELETE\s+FROM\s|(CREATE|ALTER|DROP)\s+(TABLE|INDEX|VIEW)\s|PRAGMA\s+\w+|BEGIN(\s+IMMEDIATE)?\s*$"
    r"|COMMIT\s*$|ATTACH\s+DATABASE\s)",
    re.DOTALL,
)
_STATEMENT_CALLS = {"execute", "executemany", "executescript"}
_CONNECTION_PARTS = {"conn", "_conn", "_lock"}  # of a database object (``db``, ``self.db``, ``u.db``)


def _sql_uses(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr in _STATEMENT_CALLS:
            found.append(f"line {node.lineno}: .{node.attr}")
        elif isinstance(node, ast.Attribute) and node.attr in _CONNECTION_PARTS:
            owner = node.value
            name = (
                owner.attr
                if isinstance(owner, ast.Attribute)
                else owner.id
                if isinstance(owner, ast.Name)
                else ""
            )
            if name.endswith("db"):
                found.append(f"line {node.lineno}: database .{node.attr}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _SQL_START.match(node.value):
            found.append(f"line {node.lineno}: SQL text {node.value[:30]!r}")
    return found


def test_no_sql_outside_storage() -> None:
    """Repositories own all SQL: nothing else writes a statement or touches the connection or its lock."""
    offenders = {}
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(SQL_HOMES) or "gui" in path.parts:
            continue
        uses = _sql_uses(path)
        if uses:
            offenders[rel] = uses
    assert offenders == {}


def test_the_gui_runs_no_sql() -> None:
    offenders = {p.relative_to(ROOT).as_posix(): _sql_uses(p) for p in sorted((ROOT / "gui").rglob("*.py"))}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_sql_check_finds_sql() -> None:
    """The check above is only worth something if it can fail."""
    sample = ROOT.parent / "tests" / "unit" / "_sql_sample.py"
    sample.write_text('def f(db):\n    db.conn.execute("SELECT 1")\n', encoding="utf-8")
    try:
        assert len(_sql_uses(sample)) == 3
    finally:
        sample.unlink()
