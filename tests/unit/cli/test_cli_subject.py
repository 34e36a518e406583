"""``pdvault-cli`` in-process: every command, with --json and the documented exit codes; expected errors give
one plain line on stderr and never a traceback."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
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


@pytest.fixture(autouse=True)
def _keep_umask() -> Iterator[None]:
    old = os.umask(0o022)  # main() hardens the process (umask 077): do not let that leak into other tests
    os.umask(old)
    yield
    os.umask(old)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
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
def vault(cli):  # type: ignore[no-untyped-def]
    r = cli("init", "--kdf-profile", "minimum", "--json")
    assert r.code == 0, r.err
    return cli


def test_init(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("init", "--kdf-profile", "minimum", "--json")
    assert r.code == 0
    assert r.data["ok"] is True and r.data["subject"].startswith("did:key:z6Mk")
    assert Path(r.data["vault"]) == cli.vault and (cli.vault / "vault.key").exists()
    again = cli("init", "--kdf-profile", "minimum", "--json")
    assert again.code == 7 and again.data == {"ok": False, "error": "vault-exists", "message": again.data["message"]}
    assert again.err.startswith("error: A vault already exists")


def test_init_uses_pdvault_home(cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PDVAULT_HOME", str(tmp_path / "from-env"))
    r = cli("init", "--kdf-profile", "minimum", vault_dir=None)
    assert r.code == 0 and (tmp_path / "from-env" / "vault.key").exists()
    assert "Created a new vault" in r.out


def test_field_commands(vault) -> None:  # type: ignore[no-untyped-def]
    r = vault("field", "set", "email", "--type", "email", "--category", "contact", "--value", "-",
              "--json", stdin="ada@example.org\n")
    assert r.code == 0 and r.data["created"] is True and "value" not in r.data["field"]
    assert "ada@example.org" not in r.out  # setting a field does not echo its value
    r = vault("field", "set", "email", "--value", "-", "--json", stdin="bob@example.org\n")
    assert r.code == 0 and r.data["created"] is False and r.data["field"]["type"] == "email"
    assert vault("field", "set", "city", "--category", "location", "--value", "-", stdin="London").code == 0

    r = vault("field", "show", "email", "--json")
    assert r.code == 0 and r.data["value"] == "bob@example.org" and r.data["category"] == "contact"
    r = vault("field", "list", "--json")
    assert [f["name"] for f in r.data] == ["email", "city"] and all("value" not in f for f in r.data)
    r = vault("field", "list", "--reveal", "--json", "--category", "location")
    assert r.data == [dict(r.data[0], value="London")]
    r = vault("field", "list")
    assert "NAME" in r.out and "London" not in r.out
    r = vault("field", "search", "lond", "--json")
    assert [f["name"] for f in r.data] == ["city"] and "value" not in r.data[0]
    r = vault("field", "search", "lond", "--json", "--reveal")
    assert r.data[0]["value"] == "London"
    assert vault("field", "search", "nothing-like-it").out.strip() == "(none)"

    r = vault("field", "delete", "city", "--json")
    assert r.code == 0 and r.data == {"ok": True}
    r = vault("field", "show", "city", "--json")
    assert r.code == 4 and r.data["error"] == "no-field"
    r = vault("field", "delete", "city")
    assert r.code == 4 and r.err == "error: There is no field named 'city'.\n"


def test_invalid_values_exit_2_without_echoing(vault) -> None:  # type: ignore[no-untyped-def]
    r = vault("field", "set", "email", "--type", "email", "--value", "-", "--json", stdin="not-an-address-qz")
    assert r.code == 2 and r.data["error"] == "invalid-value"
    assert "not-an-address-qz" not in r.out + r.err
    r = vault("field", "set", "bad name", "--value", "-", stdin="x")
    assert r.code == 2
    with pytest.raises(SystemExit) as ei:  # argparse refuses an unknown type before anything runs
        vault("field", "set", "x", "--type", "colour", "--value", "x")
    assert ei.value.code == 2


def test_wrong_or_missing_password(vault, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PDVAULT_PASSWORD", "not the password")
    r = vault("field", "list", "--json")
    assert r.code == 3 and r.data["error"] == "wrong-password" and r.data["message"] == "The password is wrong."
    pwfile = tmp_path / "pw"
    pwfile.write_text(TEST_PASSWORD + "\n")
    assert vault("field", "list", "--password-file", str(pwfile)).code == 0  # the file wins over the env
    monkeypatch.delenv("PDVAULT_PASSWORD")
    r = vault("field", "list", "--json", stdin="")
    assert r.code == 2 and r.data["error"] == "no-password"
    r = vault("field", "list", "--password-file", str(tmp_path / "missing"))
    assert r.code == 2 and "Cannot read the password file" in r.err


def test_no_vault(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("field", "list", "--json")
    assert r.code == 4 and r.data["error"] == "no-vault"


def test_passwd_and_rekey(vault, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    vault("field", "set", "a", "--value", "-", stdin="1")
    monkeypatch.setenv("PDVAULT_NEW_PASSWORD", "a brand new passphrase")
    r = vault("passwd", "--json")
    assert r.code == 0 and r.data == {"ok": True, "data_key_replaced": False, "retuned": False}
    assert vault("field", "list").code == 3  # the old password no longer opens it
    monkeypatch.setenv("PDVAULT_PASSWORD", "a brand new passphrase")
    monkeypatch.setenv("PDVAULT_NEW_PASSWORD", "weak")
    r = vault("passwd", "--json")
    assert r.code == 2 and r.data["error"] == "weak-password"
    r = vault("rekey", "--json")
    assert r.code == 0 and r.data == {"ok": True, "retuned": False}
    r = vault("field", "show", "a", "--json")
    assert r.code == 0 and r.data["value"] == "1"


def test_info(vault) -> None:  # type: ignore[no-untyped-def]
    vault("field", "set", "a", "--value", "-", stdin="1")
    r = vault("info", "--json")
    assert r.code == 0 and r.data["fields"] == 1 and r.data["history_entries"] == 2 and r.data["schema"] >= 1


def test_history_commands(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for i in range(3):
        vault("field", "set", f"f{i}", "--value", "-", stdin=str(i))
    r = vault("history", "list", "--json")
    assert r.code == 0 and [e["kind"] for e in r.data][:2] == ["field.added", "field.added"]
    r = vault("history", "list", "--json", "--field", "f1")
    assert [e["field"] for e in r.data] == ["f1"]
    r = vault("history", "list", "--json", "--kind", "vault.created", "--limit", "5")
    assert [e["seq"] for e in r.data] == [1]
    r = vault("history", "list", "--json", "--since", "2100-01-01")
    assert r.data == []
    r = vault("history", "list", "--since", "yesterday")
    assert r.code == 2 and "Not a date" in r.err
    assert "EVENT" in vault("history", "list").out

    r = vault("history", "verify", "--json")
    assert r.code == 0 and r.data["ok"] is True and r.data["entries"] >= 4

    out = tmp_path / "h.csv"
    r = vault("history", "export", str(out), "--json")
    assert r.code == 0 and r.data["signature"] == str(out) + ".sig"
    r = vault("history", "verify-export", str(out), "--json")
    assert r.code == 0 and r.data["ok"] is True and r.data["format"] == "csv"
    out.write_text(out.read_text().replace("field.added", "field.deleted", 1))
    r = vault("history", "verify-export", str(out), "--json")
    assert r.code == 5 and r.data["error"] == "altered"
    r = vault("history", "export", str(tmp_path / "h.json"), "--format", "json", "--field", "f0")
    assert r.code == 0 and "Signature:" in r.out


def test_history_verify_names_the_broken_entry(vault) -> None:  # type: ignore[no-untyped-def]
    from vault_app.services.vault import VaultService

    vault("field", "set", "a", "--value", "-", stdin="1")
    svc = VaultService(vault.vault)
    svc.unlock(TEST_PASSWORD)
    with svc.db.transaction() as c:
        c.execute("UPDATE history SET data = '{}' WHERE seq = 2")
    svc.lock()
    r = vault("history", "verify", "--json")
    assert r.code == 5 and r.data["ok"] is False and r.data["first_bad_seq"] == 2
    r = vault("history", "verify")
    assert r.code == 5 and r.out.startswith("HISTORY BROKEN at entry 2")


def test_history_accept_older_after_a_missing_head(vault) -> None:  # type: ignore[no-untyped-def]
    (vault.vault / "head.json").unlink()
    r = vault("field", "list", "--json")
    assert r.code == 5 and r.data["error"] == "head-missing" and "accept" not in r.data["message"]
    r = vault("history", "accept-older", "--json")  # shows, changes nothing
    assert r.code == 5 and r.data["accepted"] is False and r.data["discard"]["reason"] == "head-missing"
    assert not (vault.vault / "head.json").exists()
    r = vault("history", "accept-older", "--yes", "--json")
    assert r.code == 0 and r.data["accepted"] is True
    assert vault("history", "verify").code == 0 and vault("field", "list").code == 0


def test_backup_create_and_restore(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    vault("field", "set", "a", "--value", "-", stdin="1")
    b = tmp_path / "v.pdvbackup"
    r = vault("backup", "create", str(b), "--json")
    assert r.code == 0 and r.data == {"ok": True, "file": str(b)}
    r = vault("backup", "restore", str(b), "--json")
    assert r.code == 7 and r.data["error"] == "vault-exists"
    r = vault("backup", "restore", str(b), "--json", vault_dir=tmp_path / "other")
    assert r.code == 0 and r.data["fields"] == 1
    r = vault("backup", "restore", str(b), "--force", "--json")
    assert r.code == 0
    b.write_bytes(b.read_bytes()[:-10])
    r = vault("backup", "restore", str(b), "--json", vault_dir=tmp_path / "third")
    assert r.code == 5 and r.data["error"] == "backup-truncated"


def test_integrity_and_environment_exit_codes(vault) -> None:  # type: ignore[no-untyped-def]
    from vault_app.services.vault import VaultService

    holder = VaultService(vault.vault)
    holder.unlock(TEST_PASSWORD)
    try:
        r = vault("field", "list", "--json")
        assert r.code == 6 and r.data["error"] == "vault-in-use"
    finally:
        holder.lock()
    (vault.vault / "vault.db").write_bytes(os.urandom(8192))
    r = vault("field", "list", "--json")
    assert r.code == 5 and r.data["error"] == "database-corrupt"


def test_a_bug_is_reported_without_values(vault, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from vault_app.services.vault import VaultService

    def broken(self, *a, **k):  # type: ignore[no-untyped-def]
        raise RuntimeError("canary-value-in-a-bug")

    monkeypatch.setattr(VaultService, "list_fields", broken)
    r = vault("field", "list", "--json")
    assert r.code == subject.EXIT_INTERNAL == 70
    assert "internal error (RuntimeError)" in r.err and "canary" not in r.err + r.out


def test_help_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["--help"], ["--version"], ["field", "--help"]):
        with pytest.raises(SystemExit) as ei:
            subject.main(argv)
        assert ei.value.code == 0
    with pytest.raises(SystemExit) as ei:
        subject.main([])
    assert ei.value.code == 2
    capsys.readouterr()


def test_options_before_and_after_the_command(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = vault("--json", "field", "list")
    assert r.code == 0 and r.data == []
    r = vault("field", "list", "--vault", str(tmp_path / "nothing"), "--json")
    assert r.code == 4


IMPORT_DATA = Path(__file__).resolve().parents[2] / "data" / "import"


def test_field_import_previews_maps_and_refuses_a_partly_bad_file(vault) -> None:  # type: ignore[no-untyped-def]
    r = vault("field", "import", str(IMPORT_DATA / "wide.csv"), "--preview", "--json")
    assert r.code == 0 and {i["field"] for i in r.data["items"]} == {"given_name", "family_name", "email",
                                                                    "shoe_size"}
    assert all("value" not in i for i in r.data["items"])  # values only with --reveal
    assert vault("field", "list", "--json").data == []  # a preview writes nothing
    r = vault("field", "import", str(IMPORT_DATA / "wide.csv"), "--map",
              "Shoe size=shoe_size:number:demographic", "--json")
    assert r.code == 0 and len(r.data["added"]) == 4
    shoe = vault("field", "show", "shoe_size", "--json").data
    assert shoe["type"] == "number" and shoe["category"] == "demographic"
    # a partly bad file: explained, nothing imported (exit 2), unless the good part is confirmed
    r = vault("field", "import", str(IMPORT_DATA / "cut-off.vcf"))
    assert r.code == 2 and "nothing was imported" in r.err and "not an address" not in r.err + r.out
    assert "incomplete" in r.err
    r = vault("field", "import", str(IMPORT_DATA / "cut-off.vcf"), "--accept-partial", "--json")
    assert r.code == 0 and r.data["added"] == ["phone"]
    assert set(r.data["skipped"]) == {"family_name", "given_name"}
    r = vault("field", "import", str(IMPORT_DATA / "wide.csv"), "--map", "nope=x")
    assert r.code == 2 and "no item" in r.err
