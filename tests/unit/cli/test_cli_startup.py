"""Start-up of pdvault-cli: ``--version`` answers without importing the app (issue 15: under 80 ms), and
the entry point hands every other command to the subject CLI unchanged."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from vault_app import __version__
from vault_app.cli import entry, subject
from vaulttools import TEST_PASSWORD


def test_version_imports_nothing_of_the_app() -> None:
    code = (
        "import sys\nfrom vault_app.cli.entry import main\nrc = main(['--version'])\n"
        "mods = sorted(m for m in sys.modules\n"
        "              if m.startswith(('vault_app.', 'cryptography', 'sqlcipher3')))\n"
        "print(rc, mods)"
    )
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


def test_a_subject_command_does_not_import_the_consent_engine(tmp_path) -> None:
    """issue 15: `field list` and the other core commands parse without the consent commands (whose imports
    were most of a start), and parse exactly as with them."""
    code = (
        "import sys\nfrom vault_app.cli.subject import main\n"
        f"rc = main(['--vault', {str(tmp_path / 'none')!r}, 'field', 'list'])\n"
        "print(rc, [m for m in ('vault_app.cli.consent', 'vault_app.services.consent', "
        "'vault_app.policy.decisions')"
        " if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "4 []"  # no vault there (exit 4), and nothing of the consent engine loaded
    for argv in (
        ["field", "list", "--reveal"],
        ["--vault", "history", "history", "list", "--limit", "3"],
        ["--json", "backup", "create", "x.pdvbackup"],
        ["info"],
    ):
        full = vars(subject.build_parser().parse_args(argv))
        core = vars(subject.build_parser(argv).parse_args(argv))
        assert full == core
    assert subject.command_word(["--vault", "request", "field"]) == "field"
    assert subject.command_word(["--json", "grant", "list"]) == "grant"


def test_help_and_consent_commands_still_have_everything(capsys) -> None:
    try:
        subject.main(["--help"])
    except SystemExit as exc:
        assert exc.code == 0
    text = capsys.readouterr().out
    assert "request" in text and "grant" in text and "field" in text
    ns = subject.build_parser(["grant", "list"]).parse_args(["grant", "list"])
    assert ns.command == "grant"


#: what `pdvault-cli field list` no longer imports (issue 15): the consent engine (its services, policy,
#: repositories, the protocol's message formats), the history export, platformdirs when the vault's
#: folder is named, and the standard modules only a write, an error or a restore needs (logging, uuid,
#: tempfile, shutil's users; the migrations' files are only read for an upgrade)
DEFERRED = (
    "logging",
    "uuid",
    "tempfile",
    "importlib.resources",
    "vault_app.cli.consent",
    "vault_app.services.consent",
    "vault_app.services.grants",
    "vault_app.storage.repositories.consent",
    "vault_app.storage.repositories.organisations",
    "vault_app.domain.consent",
    "vault_app.policy",
    "vault_app.protocol.codec",
    "vault_app.protocol.messages",
    "vault_app.protocol.statuslist",
    "vault_app.history.export",
    "platformdirs",
    "urllib.request",
)


def test_field_list_on_a_real_vault_imports_only_what_it_needs(tmp_path) -> None:
    """issue 15: the typical command opens a real vault, lists its fields and locks it again without
    importing the deferred modules (a subprocess, so nothing another test imported counts)."""
    env = dict(os.environ, PDVAULT_PASSWORD=TEST_PASSWORD)
    vault = str(tmp_path / "vault")
    cli = [sys.executable, "-m", "vault_app.cli.entry", "--vault", vault]
    subprocess.run([*cli, "init", "--kdf-profile", "minimum"], env=env, capture_output=True, check=True)
    subprocess.run(
        [*cli, "field", "set", "email", "--type", "email", "--category", "contact", "--value", "-"],
        input="alex@example.org\n",
        text=True,
        env=env,
        capture_output=True,
        check=True,
    )
    code = (
        "import sys\nfrom vault_app.cli.entry import main\n"
        f"rc = main(['--vault', {vault!r}, '--json', 'field', 'list'])\n"
        f"bad = sorted(m for m in sys.modules if m.startswith({DEFERRED!r}))\n"
        "print(rc, bad)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    listing, last = out.splitlines()[:-1], out.splitlines()[-1]
    assert [f["name"] for f in json.loads("\n".join(listing))] == ["email"]
    assert last == "0 []"


def test_the_installed_command_exits_at_once_with_its_output_and_code(tmp_path) -> None:
    """issue 15: run as its own process, pdvault-cli ends without the interpreter's teardown (os._exit after
    flushing): the whole output arrives and the exit code is the command's."""
    env = dict(os.environ, PDVAULT_PASSWORD=TEST_PASSWORD)
    vault = str(tmp_path / "vault")
    cli = [sys.executable, "-m", "vault_app.cli.entry", "--vault", vault]
    missing = subprocess.run([*cli, "field", "list"], env=env, capture_output=True, text=True, check=False)
    assert missing.returncode == 4 and "no vault" in missing.stderr.lower()
    subprocess.run([*cli, "init", "--kdf-profile", "minimum"], env=env, capture_output=True, check=True)
    for i in range(3):
        subprocess.run(
            [*cli, "field", "set", f"note{i:02d}", "--type", "text", "--category", "other", "--value", "-"],
            input=f"value {i}\n",
            text=True,
            env=env,
            capture_output=True,
            check=True,
        )
    r = subprocess.run([*cli, "--json", "field", "list", "--reveal"], env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert [(f["name"], f["value"]) for f in json.loads(r.stdout)] == [
        (f"note{i:02d}", f"value {i}") for i in range(3)
    ]
