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
        "qt = sorted(n for n in sys.modules if n.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6'))\n"
        "print(json.dumps({'qt': qt, 'failed': failed}))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                       cwd=ROOT.parent, check=False)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert out["failed"] == {}, f"non-GUI modules failed to import: {out['failed']}"
    assert out["qt"] == [], f"Qt was loaded by a non-GUI module: {out['qt']}"


# Which other packages of vault_app each package may import (STYLE.md: one direction of dependency). The domain is
# the floor; nothing imports upward; the GUI and the CLI see the services and the domain only (the organisation
# CLI also the organisation-side packages). The composition root (app.py, __main__.py) may use everything.
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


# Imports that break the rule above and are being removed (issue 10); the list may only shrink, never grow.
DEBT: frozenset[str] = frozenset({
    "cli/consent.py imports vault_app.policy.anonymise",
    "cli/consent.py imports vault_app.policy.decisions",
    "cli/consent.py imports vault_app.policy.lifecycle",
    "cli/consent.py imports vault_app.policy.lineage",
    "cli/consent.py imports vault_app.policy.request",
    "cli/consent.py imports vault_app.policy.rules",
    "cli/consent.py imports vault_app.domain.files",
    "cli/subject.py imports vault_app.app",
    "cli/subject.py imports vault_app.crypto.kdf",
    "cli/subject.py imports vault_app.history.chain",
    "gui/consent_ui.py imports vault_app.history.chain",
    "gui/consent_ui.py imports vault_app.history.kinds",
    "gui/consent_ui.py imports vault_app.policy.lifecycle",
    "gui/consent_ui.py imports vault_app.protocol",
    "gui/consent_ui.py imports vault_app.protocol.transport",
    "gui/consent_words.py imports vault_app.policy.anonymise",
    "gui/consent_words.py imports vault_app.policy.compliance",
    "gui/consent_words.py imports vault_app.policy.lifecycle",
    "gui/consent_words.py imports vault_app.policy.rules",
    "gui/consent_words.py imports vault_app.policy.scope",
    "gui/context.py imports vault_app.crypto.kdf",
    "gui/dialogs/change_password.py imports vault_app.crypto.kdf",
    "gui/dialogs/qr.py imports vault_app.protocol.transport",
    "gui/dialogs/review.py imports vault_app.policy.anonymise",
    "gui/dialogs/review.py imports vault_app.policy.compliance",
    "gui/dialogs/review.py imports vault_app.policy.decisions",
    "gui/dialogs/review.py imports vault_app.policy.rules",
    "gui/dialogs/verification.py imports vault_app.policy.compliance",
    "gui/i18n.py imports vault_app.history.kinds",
    "gui/main.py imports vault_app.crypto.kdf",
    "gui/models/consent.py imports vault_app.policy.rules",
    "gui/models/history.py imports vault_app.history.chain",
    "gui/models/history.py imports vault_app.history.kinds",
    "gui/pages/grants.py imports vault_app.policy.lifecycle",
    "gui/pages/history.py imports vault_app.history.chain",
    "gui/pages/history.py imports vault_app.history.kinds",
    "gui/pages/inbox.py imports vault_app.history.chain",
    "gui/pages/inbox.py imports vault_app.history.kinds",
    "gui/pages/inbox.py imports vault_app.policy.lifecycle",
    "gui/pages/privacy_floor.py imports vault_app.policy.rules",
    "gui/report.py imports vault_app.history.chain",
    "gui/report.py imports vault_app.domain.files",
    "gui/setup.py imports vault_app.crypto.kdf",
    "gui/widgets/send.py imports vault_app.domain.files",
})


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
    assert packages - set(ALLOWED) == set(), "a new package needs its place in ALLOWED (and docs/architecture.md)"


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
    assert sorted(set(problems) - DEBT) == [], "\n".join(sorted(set(problems) - DEBT))
    assert sorted(DEBT - set(problems)) == [], "paid off: remove from DEBT"


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
    missing = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*.py")
               if p.stat().st_size > 0 and ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) is None
               and "gui" not in p.parts]
    assert missing == [], f"modules without a docstring: {missing}"
