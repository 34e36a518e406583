"""The policy package stays pure: no Qt, no storage, no protocol, no network, no clock reads."""

from __future__ import annotations

import ast
import pathlib
import subprocess
import sys

import vault_app.policy

POLICY_DIR = pathlib.Path(vault_app.policy.__file__).parent
MODULES = sorted(p.stem for p in POLICY_DIR.glob("*.py") if p.stem != "__init__")


def test_importing_policy_loads_no_qt_storage_or_protocol() -> None:
    code = (
        "import sys\n"
        + "".join(f"import vault_app.policy.{m}\n" for m in MODULES)
        + "bad = sorted(m for m in sys.modules"
        " if m.split('.')[0] in ('PySide6', 'shiboken6', 'sqlcipher3', 'keyring')"
        " or m.startswith(('vault_app.protocol', 'vault_app.storage', 'vault_app.gui',"
        " 'vault_app.history')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_every_module_has_a_docstring_and_no_forbidden_imports() -> None:
    assert set(MODULES) >= {
        "lifecycle",
        "compliance",
        "rules",
        "decisions",
        "scope",
        "anonymise",
        "lineage",
        "verification",
    }
    for path in POLICY_DIR.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"{path.name} has no module docstring"
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for n in names:
                assert not n.startswith(
                    ("PySide6", "vault_app.protocol", "vault_app.storage", "time", "socket")
                ), f"{path.name} imports {n}"
                assert n != "random", f"{path.name} must use secrets/os.urandom, not random"
