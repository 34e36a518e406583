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
