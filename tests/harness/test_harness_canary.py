"""No plaintext anywhere (issue 6, item 5): a scripted CLI session with canary values (create, edit, delete,
search, export, backup, password change, re-key, an organisation's request approved and revoked, lock at the end
of every command), then a scan of the vault folder, the temporary folders, the home, settings and config folders,
the files written for the organisation, and every line the commands logged.

The session runs ``pdvault-cli`` as separate processes (as a user would), with debug logging switched on, and
the master passwords are canaries too. Values shown on the terminal on purpose (``field show``) are the only
place a canary may appear.
"""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
import time
from pathlib import Path

from harnesslib import child_env, report
from vaulttools import scan_for_canaries, walk_files

from vault_app.domain.model import Category, RequestedField
from vault_app.protocol import Organisation, OrgKeys

PURPOSE = "https://w3id.org/dpv#ServiceProvision"


def _recent_system_temp_files(since: float) -> list[Path]:
    out = []
    for root in (Path("/tmp"), Path("/var/tmp")):
        for p in walk_files([root]):
            try:
                st = p.stat()
            except OSError:
                continue
            if st.st_mtime >= since and st.st_size < 64 * 1024 * 1024:
                out.append(p)
    return out


def test_cli_session_leaves_no_canary(tmp_path: Path) -> None:
    canaries = {k: f"CANARY-{k}-{secrets.token_hex(6)}" for k in
                ("argv", "stdin", "edit", "deleted", "unicode", "search", "password", "newpassword")}
    canaries["unicode"] = "Grüße-Ünïcödé-" + secrets.token_hex(4)
    dirs = {n: tmp_path / n for n in ("home", "tmp", "config", "data", "cache", "exports")}
    for d in dirs.values():
        d.mkdir()
    vault = tmp_path / "vault"
    env = child_env(HOME=str(dirs["home"]), TMPDIR=str(dirs["tmp"]), PDVAULT_CONFIG=str(dirs["config"]),
                    PDVAULT_HOME=str(vault), XDG_CONFIG_HOME=str(dirs["config"]),
                    XDG_DATA_HOME=str(dirs["data"]), XDG_CACHE_HOME=str(dirs["cache"]), PDVAULT_LOG="DEBUG",
                    PDVAULT_PASSWORD=canaries["password"], PYTHONDONTWRITEBYTECODE="1")
    logs: list[str] = []
    shown: list[str] = []
    started = time.time()

    def cli(*args: str, stdin: str | None = None, extra_env: dict[str, str] | None = None,
            cwd: Path | None = None) -> str:
        r = subprocess.run([sys.executable, "-m", "vault_app.cli.subject", *args], input=stdin, text=True,
                           capture_output=True, env=dict(env, **(extra_env or {})), timeout=120, cwd=cwd or tmp_path, check=False)
        assert r.returncode == 0, f"{args}: {r.stderr}"
        assert "Traceback" not in r.stderr
        logs.append(r.stderr)
        return r.stdout

    ex = dirs["exports"]
    cli("init", "--kdf-profile", "minimum")
    # a value written on the command line is refused (issue 14, item 5), and nothing of it is kept
    refused = subprocess.run(
        [sys.executable, "-m", "vault_app.cli.subject", "field", "set", "note", "--value", canaries["argv"]],
        text=True, capture_output=True, env=env, timeout=120, cwd=tmp_path, check=False)
    assert refused.returncode == 2 and "can be read by every user" in refused.stderr
    assert canaries["argv"] not in refused.stderr + refused.stdout
    logs.append(refused.stderr)
    (dirs["home"] / "value.txt").write_text(canaries["argv"] + "\n")
    cli("field", "set", "note", "--value-file", str(dirs["home"] / "value.txt"))
    (dirs["home"] / "value.txt").unlink()
    cli("field", "set", "secret", "--value", "-", stdin=canaries["stdin"] + "\n")
    cli("field", "set", "address", "--type", "address", "--category", "location", "--value", "-",
        stdin=canaries["unicode"] + "\n")
    cli("field", "set", "gone", "--category", "health", "--value", "-", stdin=canaries["deleted"] + "\n")
    cli("field", "set", "note", "--value", "-", stdin=canaries["edit"] + "\n")
    cli("field", "delete", "gone")
    shown.append(cli("field", "show", "note", "--json"))
    cli("field", "search", canaries["search"])
    cli("field", "list", "--json")
    cli("history", "list", "--json")
    cli("history", "export", str(ex / "history.json"))
    cli("history", "export", str(ex / "history.csv"))
    cli("history", "verify")
    cli("backup", "create", str(ex / "vault.pdvbackup"))
    cli("passwd", extra_env={"PDVAULT_NEW_PASSWORD": canaries["newpassword"]})
    env["PDVAULT_PASSWORD"] = canaries["newpassword"]
    cli("rekey")
    # a consent round: an organisation asks, the subject approves one field exactly, the organisation opens it
    shop = Organisation(OrgKeys.generate(), "Canary Shop")
    token = shop.make_request([RequestedField("note", Category.OTHER)], [PURPOSE], "Deliver the order", 30 * 86400)
    (ex / "req.pdvreq").write_text(token + "\n")
    rid = json.loads(cli("request", "import", str(ex / "req.pdvreq"), "--json"))["results"][0]["id"]
    cli("org", "set-status", shop.did, "compliant")
    approved = json.loads(cli("request", "approve", rid, "--field", "note=exact", "--json", cwd=ex))
    grant = shop.open(Path(approved["file"]).read_text().strip(), [token]).message.body
    assert [f.value for f in grant.fields] == [canaries["edit"]]  # it really left, encrypted to the shop
    cli("grant", "revoke", approved["grant"], "--yes", cwd=ex)
    cli("history", "export", str(ex / "after-consent.json"))
    cli("info")

    assert json.loads(shown[0])["value"] == canaries["edit"]  # the session really wrote the values
    files = list(walk_files([vault, *dirs.values()])) + _recent_system_temp_files(started)
    hits = scan_for_canaries(files, canaries.values())
    log_hits = [c for c in canaries.values() for text in logs if c in text]
    report(f"canary: {len(canaries)} canaries through {len(logs)} CLI commands (a grant approved and revoked "
           f"among them), {len(files)} files scanned (vault, temp, home, config, exports and files for the "
           f"organisation), logs at DEBUG: {len(hits) + len(log_hits)} found")
    assert hits == [], hits
    assert log_hits == []
