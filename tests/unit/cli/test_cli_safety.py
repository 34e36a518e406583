"""Vault safety through ``pdvault-cli`` (issue 14): each test states one finding of the audit and fails on the
code that had it. Runs the command line in-process (like test_cli_subject.py), so exit codes and messages are
checked exactly and a traceback anywhere fails the test."""

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


# -- item 5: values never on the command line ----------------------------------------------------------------
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


# -- item 9: the small ones ----------------------------------------------------------------------------------
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


# -- helpers -------------------------------------------------------------------------------------------------
def _fields(cli: Cli, n: int, size: int = 60) -> None:
    for i in range(n):
        assert cli("field", "set", f"f{i:02}", "--value", "-", stdin=f"value {i:02} " + "x" * size).code == 0


def _keys(vault_dir: Path, password: str = TEST_PASSWORD) -> Any:
    from vault_app.crypto import keyfile as kf

    return kf.open_keys(kf.KeyFile.from_bytes((vault_dir / "vault.key").read_bytes()), password)


def _set_aside_key_files(vault_dir: Path) -> list[bytes]:
    """Every key file a restore set aside (in a replaced-* folder, or named vault.key.replaced-* before)."""
    return [p.read_bytes() for p in vault_dir.rglob("*") if p.is_file() and (
        (p.parent != vault_dir and p.name == "vault.key")
        or (p.parent == vault_dir and p.name.startswith("vault.key.replaced")))]


# -- item 1: a restore never destroys what it sets aside -----------------------------------------------------
def test_two_forced_restores_in_the_same_second_keep_every_original(vault: Cli, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from vault_app.domain import clock

    frozen = 1_800_000_000.0
    real_strftime = time.strftime
    monkeypatch.setattr(clock.SystemClock, "now", lambda self: frozen)
    monkeypatch.setattr(time, "strftime",
                        lambda fmt, t=None: real_strftime(fmt, time.localtime(frozen) if t is None else t))
    d: Path = vault.vault  # type: ignore[attr-defined]
    _fields(vault, 2)
    backup = tmp_path / "b.pdvbackup"
    assert vault("backup", "create", str(backup)).code == 0
    monkeypatch.setenv("PDVAULT_NEW_PASSWORD", "another fine passphrase")
    assert vault("passwd").code == 0  # the vault's key file now differs from the backup's
    k_current = (d / "vault.key").read_bytes()
    monkeypatch.setenv("PDVAULT_PASSWORD", TEST_PASSWORD)  # the backup's password
    assert vault("backup", "restore", str(backup), "--force", "--json").code == 0
    k_restored = (d / "vault.key").read_bytes()
    assert vault("backup", "restore", str(backup), "--force", "--json").code == 0  # the same (frozen) second
    kept = _set_aside_key_files(d)
    assert k_current in kept and k_restored in kept, "a key file that was set aside was overwritten"
    folders = sorted(p.name for p in d.iterdir() if p.is_dir())
    assert len(folders) == 2 and all(f.startswith("replaced-") for f in folders)


# -- item 2: an override never hides a rollback --------------------------------------------------------------
def test_a_rollback_is_refused_and_accepting_it_is_separate_explicit_and_recorded(vault: Cli) -> None:
    import shutil

    d: Path = vault.vault  # type: ignore[attr-defined]
    _fields(vault, 2)
    old = {n: (d / n).read_bytes() for n in ("vault.db",)}
    _fields(vault, 5, size=10)  # 5 more entries the head records
    head_before = (d / "head.json").read_bytes()
    (d / "vault.db").write_bytes(old["vault.db"])  # an older copy of the database swapped in
    for n in ("vault.db-wal", "vault.db-shm"):
        (d / n).unlink(missing_ok=True)

    for argv in (("field", "list", "--json"), ("history", "verify", "--json")):
        r = vault(*argv)
        assert r.code == 5 and r.data["error"] == "rollback"
        assert "accept" not in r.data["message"].lower()  # the refusal never suggests the override
    with pytest.raises(SystemExit):  # the old override of `history verify` is gone
        vault("history", "verify", "--accept-head")

    r = vault("history", "accept-older", "--json")  # shows what would be lost, changes nothing
    assert r.code == 5 and r.data["accepted"] is False
    assert r.data["discard"]["reason"] == "rollback" and r.data["discard"]["lost_entries"] == 5
    assert (d / "head.json").read_bytes() == head_before
    r = vault("history", "accept-older")
    assert "5 recorded entries would be lost" in r.out and "--yes" in r.out

    r = vault("history", "accept-older", "--yes", "--json")
    assert r.code == 0 and r.data["accepted"] is True
    entry = vault("history", "list", "--limit", "1", "--json").data[0]
    assert entry["kind"] == "vault.head-discarded"
    assert entry["data"]["lost_entries"] == 5 and entry["data"]["discarded_head_seq"] == json.loads(
        head_before)["seq"] and entry["data"]["discarded_head_hash"] == json.loads(head_before)["hash"]
    assert vault("history", "verify").code == 0
    shutil.rmtree(d / "nothing", ignore_errors=True)


# -- item 3: the data key alone cannot rewrite history -------------------------------------------------------
def _rewrite_history(vault_dir: Path, data_key: bytes, signer: Any = None) -> None:
    """What someone with the data key does: open the database, change entry 2, recompute the chain after it,
    re-sign the checkpoints and the head. With no signing key of their own (``signer`` None) they take the one
    in the database, or, when there is none, make one and put its identity in the database."""
    from cryptography.hazmat.primitives import serialization as ser
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from vault_app.history import head as hhead
    from vault_app.history.chain import checkpoint_message, entry_hash, genesis_hash
    from vault_app.protocol.did import did_from_public_key
    from vault_app.storage.db import Database

    db = Database(vault_dir / "vault.db", data_key)
    try:
        vault_id = db.query_one("SELECT value FROM meta WHERE key = 'vault_id'")[0]
        stored = bytes(db.query_one("SELECT signing_key FROM identity WHERE id = 1")[0] or b"")
        if signer is None:
            if stored:
                signer = Ed25519PrivateKey.from_private_bytes(stored)
            else:
                signer = Ed25519PrivateKey.generate()
                raw = signer.private_bytes(ser.Encoding.Raw, ser.PrivateFormat.Raw, ser.NoEncryption())
                with db.transaction() as c:
                    c.execute("UPDATE identity SET signing_key = ?, did = ? WHERE id = 1",
                              (raw, did_from_public_key(signer)))
        rows = db.query("SELECT seq, ts_ms, kind, org, field, purpose, data FROM history ORDER BY seq")
        prev = genesis_hash(vault_id)
        with db.transaction() as c:
            for seq, ts, kind, org, fld, purpose, data in rows:
                if seq == 2:
                    data = json.dumps({"category": "forged", "provenance": "provided", "type": "text"},
                                      sort_keys=True, separators=(",", ":"))
                h = entry_hash(prev, seq, ts, kind, org, fld, purpose, data)
                c.execute("UPDATE history SET data = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                          (data, prev, h, seq))
                prev = h
            last = rows[-1][0]
            c.execute("DELETE FROM checkpoints")
            c.execute("INSERT INTO checkpoints (seq, hash, ts_ms, signature) VALUES (?,?,?,?)",
                      (last, prev, rows[-1][1], signer.sign(checkpoint_message(vault_id, last, prev))))
    finally:
        db.close()
    gen = getattr(hhead.read_head(vault_dir), "generation", None)
    if gen is None:  # a head from before key-file generations
        hhead.write_head(vault_dir, vault_id, last, prev, rows[-1][1], signer)
    else:
        hhead.write_head(vault_dir, vault_id, last, prev, rows[-1][1], signer, gen)


def test_a_data_key_holder_cannot_make_a_rewritten_history_verify(vault: Cli) -> None:
    d: Path = vault.vault  # type: ignore[attr-defined]
    _fields(vault, 3)
    assert vault("history", "verify").code == 0
    from vault_app.crypto import keyfile as kf

    # what leaked (a copy from memory, an old key file with an old password...): the data key, nothing else
    data_key = kf.unwrap(kf.KeyFile.from_bytes((d / "vault.key").read_bytes()), TEST_PASSWORD)
    _rewrite_history(d, data_key)
    r = vault("history", "verify", "--json")
    assert r.code == 5, "a history rewritten with the data key alone verified"
    assert r.data.get("error") in ("identity-mismatch", "head-forged") or r.data.get("ok") is False
    assert vault("field", "list").code == 5


def test_the_identity_key_is_not_in_the_database_and_only_it_signs_a_verifying_history(vault: Cli) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from vault_app.storage.db import Database

    d: Path = vault.vault  # type: ignore[attr-defined]
    _fields(vault, 3)
    keys = _keys(d)
    db = Database(d / "vault.db", keys.data_key)
    try:
        assert bytes(db.query_one("SELECT signing_key FROM identity WHERE id = 1")[0]) == b""
    finally:
        db.close()
    assert json.loads((d / "vault.key").read_text())["version"] == 2
    # control: the same rewrite signed with the identity key (which needs the password) does verify, so the
    # refusal above is the missing key and not a mistake of the rewrite
    _rewrite_history(d, keys.data_key, Ed25519PrivateKey.from_private_bytes(keys.identity_seed))
    assert vault("history", "verify").code == 0


@pytest.mark.parametrize("version", [1, 2])
def test_fixture_vaults_move_their_identity_key_out_and_still_verify(cli: Cli, tmp_path: Path,
                                                                    version: int) -> None:
    import shutil

    from vault_app.storage.db import Database

    src = Path(__file__).resolve().parents[2] / "data" / "vaults" / f"v{version}"
    d = tmp_path / f"fixture{version}"
    shutil.copytree(src, d)
    os.chmod(d, 0o700)
    assert json.loads((d / "vault.key").read_text())["version"] == 1
    r = cli("history", "verify", "--json", vault_dir=d)
    assert r.code == 0 and r.data["ok"] is True, r.out + r.err
    assert json.loads((d / "vault.key").read_text())["version"] == 2
    keys = _keys(d)
    db = Database(d / "vault.db", keys.data_key)
    try:
        assert bytes(db.query_one("SELECT signing_key FROM identity WHERE id = 1")[0]) == b""
    finally:
        db.close()
    last = cli("history", "list", "--limit", "1", "--json", vault_dir=d).data[0]
    assert last["kind"] == "vault.identity-key-moved"
    _rewrite_history(d, keys.data_key)
    assert cli("history", "verify", vault_dir=d).code == 5


# -- item 4: passwd says what it protects; "leaked" replaces the data key; an old key file is detected -------
def test_passwd_says_what_it_protects_and_an_old_key_file_put_back_is_detected(
        vault: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    d: Path = vault.vault  # type: ignore[attr-defined]
    _fields(vault, 1)
    old_keyfile = (d / "vault.key").read_bytes()
    monkeypatch.setenv("PDVAULT_NEW_PASSWORD", "another fine passphrase")
    r = vault("passwd")
    assert r.code == 0 and "does NOT protect" in r.out and "passwd --leaked" in r.out
    (d / "vault.key").write_bytes(old_keyfile)  # put back so that the old password works again
    r = vault("field", "list", "--json")  # with the old password
    assert r.code == 5 and r.data["error"] == "keyfile-rollback", r.out
    assert "older" in r.data["message"]


def test_passwd_leaked_replaces_the_data_key_so_old_key_files_and_backups_open_nothing(
        vault: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from vault_app.domain.errors import IntegrityError
    from vault_app.storage.db import Database

    d: Path = vault.vault  # type: ignore[attr-defined]
    _fields(vault, 2)
    old_keyfile, old_head = (d / "vault.key").read_bytes(), (d / "head.json").read_bytes()
    old_key = _keys(d).data_key
    assert vault("backup", "create", str(tmp_path / "old.pdvbackup")).code == 0
    monkeypatch.setenv("PDVAULT_NEW_PASSWORD", "another fine passphrase")
    r = vault("passwd", "--leaked", "--json")
    assert r.code == 0 and r.data["data_key_replaced"] is True
    monkeypatch.setenv("PDVAULT_PASSWORD", "another fine passphrase")
    assert _keys(d, "another fine passphrase").data_key != old_key
    assert vault("field", "show", "f01", "--json").data["value"].startswith("value 01")
    assert vault("history", "list", "--limit", "1", "--json").data[0]["kind"] == "vault.data-key-replaced"
    assert vault("history", "verify").code == 0
    # the old key file's (and the old backup's) data key opens nothing any more
    with pytest.raises(IntegrityError):
        Database(d / "vault.db", old_key).close()
    # and the old key file put back, even with its old head, is refused with the old password
    monkeypatch.setenv("PDVAULT_PASSWORD", TEST_PASSWORD)
    (d / "vault.key").write_bytes(old_keyfile)
    r = vault("field", "list", "--json")
    assert r.code == 5 and r.data["error"] == "keyfile-rollback"
    (d / "head.json").write_bytes(old_head)
    r = vault("field", "list", "--json")
    assert r.code == 5 and r.data["error"] in ("database-corrupt", "keyfile-rollback")


# -- item 6: `pdvault-cli check`, and before a backup or a restore replaces anything -------------------------
def _silently_damaged(vault_dir: Path) -> bytes:
    """A copy of vault.db with one byte changed where opening, reading every value and verifying the history
    do not notice (the audit found 97 of 150 such offsets); SQLCipher's page check does."""
    from vault_app.services.vault import VaultService

    svc = VaultService(vault_dir)
    svc.unlock(TEST_PASSWORD)
    keyfile, keys = svc.current_keys()
    expected = {f.name: f.value for f in svc.list_fields()}
    svc.lock()
    orig = (vault_dir / "vault.db").read_bytes()
    page = 4096
    try:
        for n in range(len(orig) // page - 1, 0, -1):
            bad = bytearray(orig)
            bad[n * page + page // 2] ^= 0x41
            (vault_dir / "vault.db").write_bytes(bytes(bad))
            probe = VaultService(vault_dir)
            try:
                probe.unlock_with_keys(keyfile, keys)
            except Exception:
                continue
            try:
                if {f.name: f.value for f in probe.list_fields()} == expected and probe.verify_history().ok:
                    return bytes(bad)
            except Exception:
                continue
            finally:
                probe._abandon()
        raise AssertionError("no silent one-byte change found")
    finally:
        (vault_dir / "vault.db").write_bytes(orig)


@pytest.fixture(scope="module")
def damaged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """A sound vault with 40 fields (made once, through the service for speed) and a silently damaged copy of
    its database. Tests copy the folder."""
    from vault_app.crypto.kdf import minimum_params
    from vault_app.services.vault import VaultService

    d = tmp_path_factory.mktemp("damaged") / "vault"
    svc = VaultService(d, kdf_factory=lambda p: minimum_params())
    svc.create(TEST_PASSWORD)
    for i in range(40):
        svc.add_field(f"f{i:02}", "text", "other", f"value {i:02} " + "x" * 200)
    svc.lock()
    return d, _silently_damaged(d)


def _copy(src: Path, dest: Path) -> Path:
    import shutil

    shutil.copytree(src, dest)
    os.chmod(dest, 0o700)
    return dest


def test_check_finds_damage_that_reading_and_verifying_miss(cli: Cli, damaged: tuple[Path, bytes],
                                                            tmp_path: Path) -> None:
    d = _copy(damaged[0], tmp_path / "v")
    r = cli("check", "--json", vault_dir=d)
    assert r.code == 0 and r.data["ok"] is True and r.data["pages"]["ok"] and r.data["structure"]["ok"]
    assert r.data["history"]["ok"] is True
    (d / "vault.db").write_bytes(damaged[1])
    assert cli("field", "list", "--reveal", vault_dir=d).code == 0
    assert cli("history", "verify", vault_dir=d).code == 0
    r = cli("check", "--json", vault_dir=d)
    assert r.code == 5 and r.data["ok"] is False and r.data["pages"]["problems"]
    r = cli("check", vault_dir=d)
    assert r.out.startswith("Vault check FAILED") and "Restore" in r.out


def test_a_damaged_vault_does_not_replace_an_older_backup(cli: Cli, damaged: tuple[Path, bytes],
                                                          tmp_path: Path) -> None:
    d = _copy(damaged[0], tmp_path / "v")
    backup = tmp_path / "weekly.pdvbackup"
    # last week's backup (made from a copy, so that this vault's own history does not move on)
    assert cli("backup", "create", str(backup), vault_dir=_copy(damaged[0], tmp_path / "last-week")).code == 0
    good = backup.read_bytes()
    (d / "vault.db").write_bytes(damaged[1])
    r = cli("backup", "create", str(backup), "--json", vault_dir=d)
    assert r.code == 5 and r.data["error"] == "check-failed" and "Nothing was replaced" in r.data["message"]
    assert backup.read_bytes() == good
    assert cli("backup", "create", str(tmp_path / "new-file.pdvbackup"), vault_dir=d).code == 0  # a new file


def test_a_backup_that_fails_the_check_does_not_replace_a_vault(cli: Cli, damaged: tuple[Path, bytes],
                                                               tmp_path: Path) -> None:
    d = _copy(damaged[0], tmp_path / "v")
    (d / "vault.db").write_bytes(damaged[1])
    bad_backup = tmp_path / "damaged.pdvbackup"
    # made before the damage was noticed
    assert cli("backup", "create", str(bad_backup), vault_dir=d).code == 0
    target = tmp_path / "good"
    assert cli("init", "--kdf-profile", "minimum", vault_dir=target).code == 0
    before = {p.name: p.read_bytes() for p in target.iterdir() if p.is_file()}
    r = cli("backup", "restore", str(bad_backup), "--force", "--json", vault_dir=target)
    assert r.code == 5 and r.data["error"] == "restore-failed"
    assert {p.name: p.read_bytes() for p in target.iterdir() if p.is_file()} == before
    assert [p.name for p in target.iterdir() if p.is_dir()] == []  # nothing was set aside, nothing left over
    assert cli("field", "list", vault_dir=target).code == 0


# -- item 8: two copies of one vault never hand out the same status index ------------------------------------
def test_restored_copies_never_reuse_a_status_index(vault: Cli, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from vault_app.domain.errors import ProtocolError
    from vault_app.domain.model import Category, RequestedField
    from vault_app.protocol import Organisation, OrgKeys

    monkeypatch.chdir(tmp_path)
    assert vault("field", "set", "email", "--type", "email", "--category", "contact", "--value", "-",
                 stdin="ada@example.org").code == 0
    shop = Organisation(OrgKeys.generate(), "Example Shop")

    def new_grant(cli_vault: Path) -> tuple[Any, str]:
        token = shop.make_request([RequestedField("email", Category.CONTACT)],
                                  ["https://w3id.org/dpv#ServiceProvision"], "Deliver the order", 30 * 86400)
        req = tmp_path / f"req-{os.urandom(4).hex()}.pdvreq"
        req.write_text(token + "\n")
        r = vault("request", "import", str(req), "--json", vault_dir=cli_vault)
        rid = r.data["results"][0]["id"]
        assert vault("org", "set-status", shop.did, "compliant", vault_dir=cli_vault).code == 0
        r = vault("request", "approve", rid, "--field", "email=exact", "--json", vault_dir=cli_vault)
        assert r.code == 0, r.err
        return shop.open(Path(r.data["file"]).read_text().strip(), [token]).message, r.data["grant"]

    d: Path = vault.vault  # type: ignore[attr-defined]
    first, _ = new_grant(d)
    backup = tmp_path / "b.pdvbackup"
    assert vault("backup", "create", str(backup)).code == 0
    original_next, _ = new_grant(d)  # the original goes on issuing grants
    copies = []
    for name in ("laptop", "desktop"):
        r = vault("backup", "restore", str(backup), "--json", vault_dir=tmp_path / name)
        assert r.code == 0
        copies.append(new_grant(tmp_path / name))
        restored = vault("history", "list", "--kind", "vault.restored", "--json",
                         vault_dir=tmp_path / name).data[0]
        assert restored["data"]["copy_id"] and restored["data"]["status_lists_moved"] == 1
    indexes = [g.body.status.idx for g in (first, original_next, *(c[0] for c in copies))]
    assert len(set(indexes)) == len(indexes), indexes  # the original's next grant and each copy's differ
    assert all(i > original_next.body.status.idx for i in indexes[2:])

    # revoking on the laptop marks the laptop's grant, and not the grant the original issued meanwhile
    laptop_grant, laptop_id = copies[0]
    assert vault("grant", "revoke", laptop_id, "--yes", vault_dir=tmp_path / "laptop").code == 0
    status = tmp_path / "laptop-status.jwt"
    assert vault("status-list", "export", "--org", shop.did, str(status), vault_dir=tmp_path / "laptop").code == 0
    with pytest.raises(ProtocolError):
        shop.check_revocation(laptop_grant, status.read_text().strip())
    shop.check_revocation(original_next, status.read_text().strip())  # still valid: a different index


def test_passwd_and_rekey_offer_to_retune_and_retune(vault: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    d: Path = vault.vault  # type: ignore[attr-defined]
    assert json.loads((d / "vault.key").read_text())["kdf"]["m"] == 19 * 1024  # the minimum profile
    monkeypatch.setenv("PDVAULT_NEW_PASSWORD", TEST_PASSWORD)
    r = vault("passwd", "--kdf-target", "5")  # the hash costs far less than 5 s here: say so, offer --retune
    assert r.code == 0 and "--retune" in r.out and "well under" in r.out
    r = vault("rekey", "--kdf-target", "5", "--json")
    assert r.code == 0 and r.data["retuned"] is False
    r = vault("passwd", "--retune", "--kdf-target", "0.05", "--json")
    assert r.code == 0 and r.data["retuned"] is True
    assert json.loads((d / "vault.key").read_text())["kdf"]["m"] >= 32 * 1024  # calibrated again, here
    r = vault("rekey", "--retune", "--kdf-target", "0.05", "--json")
    assert r.code == 0 and r.data["retuned"] is True and vault("field", "list").code == 0


def test_not_enough_memory_is_a_clear_message_not_a_crash(vault: Cli, tmp_path: Path) -> None:
    import subprocess
    import sys

    from vault_app.crypto.kdf import KdfParams
    from vault_app.services.vault import VaultService

    d: Path = vault.vault  # type: ignore[attr-defined]
    svc = VaultService(d)
    svc.unlock(TEST_PASSWORD)
    svc.change_password(TEST_PASSWORD, TEST_PASSWORD, kdf=KdfParams(os.urandom(16), 256 * 1024, 2, 1))
    svc.lock()
    # the limit is set once the program is loaded: 64 MiB more than it uses then, far less than the 256 MiB
    # the password hash needs (as on a small machine, or under a container's memory limit)
    code = ("import resource, sys\n"
            "from vault_app.cli.subject import main\nvm = int([ln.split()[1] for ln in "
            "open('/proc/self/status') if ln.startswith('VmSize')][0]) * "
            "1024\nresource.setrlimit(resource.RLIMIT_AS, (vm + 64 * 2**20, vm + 64 * "
            "2**20))\nsys.exit(main(sys.argv[1:]))\n")
    r = subprocess.run([sys.executable, "-c", code, "--vault", str(d), "field", "list", "--json"],
                       capture_output=True, text=True, timeout=120, check=False,
                       env=dict(os.environ, PDVAULT_PASSWORD=TEST_PASSWORD))
    assert r.returncode == 6, r.stderr
    assert json.loads(r.stdout)["error"] == "out-of-memory" and "256 MiB" in r.stderr
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr


def test_init_on_a_full_disk_leaves_nothing_behind(cli: Cli, small_fs: Callable[[str], Path]) -> None:
    fs = small_fs("96k")
    r = cli("init", "--kdf-profile", "minimum", "--json", vault_dir=fs / "vault")
    assert r.code == 6 and r.data["error"] == "disk-full", r.out
    assert list(fs.iterdir()) == []  # no vault.lock, no half-made folder


def test_a_vault_on_read_only_media_can_be_listed_verified_and_exported(
        cli: Cli, tmp_path: Path, small_fs: Callable[[str], Path]) -> None:
    from vaulttools import remount_read_only

    fs = small_fs("4m")
    d = fs / "vault"
    assert cli("init", "--kdf-profile", "minimum", vault_dir=d).code == 0
    assert cli("field", "set", "email", "--type", "email", "--value", "-", stdin="ada@example.org",
               vault_dir=d).code == 0
    remount_read_only(fs)
    r = cli("field", "list", "--reveal", "--json", vault_dir=d)
    assert r.code == 0 and r.data[0]["value"] == "ada@example.org", r.out + r.err
    r = cli("history", "verify", vault_dir=d)
    assert r.code == 0, r.out + r.err
    r = cli("check", vault_dir=d)
    assert r.code == 0, r.out + r.err
    r = cli("history", "export", str(tmp_path / "h.json"), vault_dir=d)
    assert r.code == 0, r.out + r.err
    assert (tmp_path / "h.json").exists() and (tmp_path / "h.json.sig").exists()
    r = cli("field", "set", "phone", "--value", "-", "--json", stdin="+44 20 7946 0000", vault_dir=d)
    assert r.code == 6 and r.data["error"] == "read-only"
