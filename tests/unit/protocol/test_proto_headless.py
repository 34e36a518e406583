"""The protocol package and the organisation CLI import without Qt (they must run on headless servers)."""

from __future__ import annotations

import subprocess
import sys


def test_protocol_and_org_cli_import_without_qt() -> None:
    code = (
        "import sys, vault_app.protocol, vault_app.protocol.org, vault_app.protocol.subject, vault_app.cli.org; "
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'PyQt'))]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert r.returncode == 0, r.stdout + r.stderr


def test_importing_one_protocol_module_does_not_load_the_package() -> None:
    """issue 15: the subject's vault imports vault_app.protocol.did; the rest loads when first used."""
    import subprocess
    import sys

    code = ("import sys, vault_app.protocol.did\n"
            "print(sorted(m for m in sys.modules if m.startswith('vault_app.protocol.')))\n"
            "import vault_app.protocol as p\n"
            "print(all(getattr(p, n) is not None for n in p.__all__), p.Organisation.__module__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["['vault_app.protocol.did', 'vault_app.protocol.errors']",
                                "True vault_app.protocol.org"]
