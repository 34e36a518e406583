"""Vault safety through ``pdvault-cli`` (issue 14): each test states one finding of the audit and fails on the code
that had it. Runs the command line in-process (like test_cli_subject.py), so exit codes and messages are checked
exactly and a traceback anywhere fails the test."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from vaulttools import TEST_PASSWORD

from vault_app.cli import subject


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    @property
    def data(self) -> Any:
        return json.loads(self.out)


Cli = Callable[..., Result]


@pytest.fixture(autouse=True)
def _keep_umask() -> Iterator[None]:
    old = os.umask(0o022)  # main() hardens the process (umask 077): do not let that leak into other tests
    os.umask(old)
    yield
    os.umask(old)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Cli:
    monkeypatch.setenv("PDVAULT_PASSWORD", TEST_PASSWORD)
    vault = tmp_path / "vault"

    def run(*argv: str, stdin: str | None = None, vault_dir: Path | None = vault) -> Result:
        if stdin is not None:
            monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        args = (["--vault", str(vault_dir)] if vault_dir else []) + list(argv)
        code = subject.main(args)
        out, err = capsys.readouterr()
        assert "Traceback" not in err and "Traceback" not in out
        return Result(code, out, err)

    run.vault = vault  # type: ignore[attr-defined]
    return run


@pytest.fixture
def vault(cli: Cli) -> Cli:
    r = cli("init", "--kdf-profile", "minimum", "--json")
    assert r.code == 0, r.err
    return cli


# -- item 5: values never on the command line ------------------------------------------------------------------
def test_a_literal_value_on_the_command_line_is_refused(vault: Cli, tmp_path: Path) -> None:
    r = vault("field", "set", "note", "--value", "canary-on-argv-qz", "--json")
    assert r.code == 2 and r.data["error"] == "value-on-command-line"
    assert "/proc" in r.data["message"] and "canary-on-argv-qz" not in r.out + r.err
    assert vault("field", "list", "--json").data == []  # nothing was stored
    # standard input, a file, or a prompt are the ways in
    assert vault("field", "set", "note", "--value", "-", stdin="from stdin\n").code == 0
    f = tmp_path / "value.txt"
    f.write_text("from a file\n", encoding="utf-8")
    assert vault("field", "set", "other", "--value-file", str(f)).code == 0
    assert vault("field", "show", "other", "--json").data["value"] == "from a file"


def test_help_does_not_present_a_literal_value_as_normal(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        subject.main(["field", "set", "--help"])
    out = capsys.readouterr().out
    assert "--value-file" in out and "standard input" in out


# -- item 9: the small ones --------------------------------------------------------------------------------------
def test_a_password_file_that_is_not_utf8_is_a_usage_error(vault: Cli, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PDVAULT_PASSWORD")
    pw = tmp_path / "pw"
    pw.write_bytes(b"caf\xe9 latin-1\n")
    pw.chmod(0o600)
    r = vault("field", "list", "--password-file", str(pw), "--json")
    assert r.code == 2 and r.data["error"] == "not-utf8" and "UTF-8" in r.data["message"]


def test_a_password_file_others_can_read_gives_a_warning(vault: Cli, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PDVAULT_PASSWORD")
    pw = tmp_path / "pw"
    pw.write_text(TEST_PASSWORD + "\n", encoding="utf-8")
    pw.chmod(0o600)
    r = vault("field", "list", "--password-file", str(pw))
    assert r.code == 0 and "warning" not in r.err
    pw.chmod(0o644)
    r = vault("field", "list", "--password-file", str(pw))
    assert r.code == 0 and "warning:" in r.err and "other users" in r.err and "chmod 600" in r.err


@pytest.mark.parametrize("weak", ["password", "12345678", "Password1", "qwertyuiop", "abcdefgh"])
def test_the_cli_refuses_a_password_the_meter_calls_very_weak(cli: Cli, monkeypatch: pytest.MonkeyPatch,
                                                               weak: str) -> None:
    monkeypatch.setenv("PDVAULT_PASSWORD", weak)
    r = cli("init", "--kdf-profile", "minimum", "--json")
    assert r.code == 2 and r.data["error"] == "weak-password"
    assert not (cli.vault / "vault.key").exists()  # type: ignore[attr-defined]


def test_one_password_rule_for_cli_and_gui() -> None:
    from vault_app.gui import strength
    from vault_app.gui.dialogs import change_password
    from vault_app.gui.widgets import strength_meter
    from vault_app.services import password, vault

    assert vault.password_problems is password.password_problems
    assert change_password.password_problems is password.password_problems
    assert strength_meter.password_problems is password.password_problems
    assert strength.estimate is password.estimate
