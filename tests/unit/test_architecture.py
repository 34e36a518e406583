"""Architecture rules: no module outside vault_app/gui imports Qt; lower layers never import upward."""

from __future__ import annotations

import ast
import json
import pkgutil
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
    assert "vault_app.core.services" in modules and "vault_app.storage.db" in modules
    code = (
        "import importlib, json, sys\n"
        f"mods = {modules!r}\n"
        "failed = {}\n"
        "for m in mods:\n"
        "    try:\n"
        "        importlib.import_module(m)\n"
        "    except Exception as exc:\n"
        "        failed[m] = repr(exc)\n"
        "qt = sorted(n for n in sys.modules if n.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6'))\n"
        "print(json.dumps({'qt': qt, 'failed': failed}))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                       cwd=ROOT.parent, check=False)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert out["failed"] == {}, f"non-GUI modules failed to import: {out['failed']}"
    assert out["qt"] == [], f"Qt was loaded by a non-GUI module: {out['qt']}"


# which top-level packages each layer may import (STYLE.md: one direction of dependency)
ALLOWED = {
    "crypto": {"core", "crypto"},
    "storage": {"core", "crypto", "storage"},
    "history": {"core", "crypto", "storage", "history"},
    "protocol": {"core", "crypto", "storage", "history", "protocol"},
    "policy": {"core", "crypto", "storage", "history", "protocol", "policy"},
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


def test_lower_layers_do_not_import_upward() -> None:
    problems = []
    for layer, allowed in ALLOWED.items():
        for path in (ROOT / layer).rglob("*.py"):
            for mod in _imports(path):
                parts = mod.split(".")
                if parts[0] != "vault_app" or len(parts) < 2:
                    continue
                if parts[1] not in allowed and parts[1] not in ("__init__",):
                    problems.append(f"{path.relative_to(ROOT)} imports {mod}")
    # core/services.py is the facade and may use everything below it; the rest of core stays at the bottom
    for path in (ROOT / "core").rglob("*.py"):
        if path.name in ("services.py", "consent.py", "remember.py", "settings.py") or "services" in path.parts:
            continue
        for mod in _imports(path):
            parts = mod.split(".")
            if parts[0] == "vault_app" and len(parts) > 1 and parts[1] in ("gui", "cli", "app"):
                problems.append(f"{path.relative_to(ROOT)} imports {mod}")
    assert problems == [], "\n".join(problems)


def test_every_module_says_what_it_is_for() -> None:
    missing = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*.py")
               if p.stat().st_size > 0 and ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) is None
               and "gui" not in p.parts]
    assert missing == [], f"modules without a docstring: {missing}"
