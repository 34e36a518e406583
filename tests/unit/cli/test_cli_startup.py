"""Start-up of pdvault-cli: ``--version`` answers without importing the app (issue 15: under 80 ms), and the
entry point hands every other command to the subject CLI unchanged."""

from __future__ import annotations

import subprocess
import sys

from vault_app import __version__
from vault_app.cli import entry, subject


def test_version_imports_nothing_of_the_app() -> None:
    code = ("import sys\nfrom vault_app.cli.entry import main\nrc = main(['--version'])\n"
            "mods = sorted(m for m in sys.modules if m.startswith(('vault_app.', 'cryptography', 'sqlcipher3')))\n"
            "print(rc, mods)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == [f"pdvault-cli {__version__}", "0 ['vault_app.cli', 'vault_app.cli.entry']"]


def test_version_says_what_the_full_parser_says(capsys) -> None:
    assert entry.main(["--version"]) == 0
    fast = capsys.readouterr().out
    try:
        subject.build_parser().parse_args(["--version"])
    except SystemExit as exc:
        assert exc.code == 0
    assert capsys.readouterr().out == fast


def test_other_commands_go_to_the_subject_cli(capsys) -> None:
    try:
        entry.main(["--help"])
    except SystemExit as exc:
        assert exc.code == 0
    assert "Personal Data Vault" in capsys.readouterr().out
    assert entry.main(["field", "list", "--vault", "/nonexistent/pdv-test-none"]) == 4  # no vault there
