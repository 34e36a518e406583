"""Keyring (issue 6, item 6) against a real Secret Service: gnome-keyring in a private D-Bus session.

Needs the Debian packages ``gnome-keyring`` and ``dbus-daemon`` (the setup script installs them with
``PDV_EXTRA_DEBS="gnome-keyring dbus-daemon"``); skipped, with that reason, when they are missing. The in-memory
and refusal cases are in tests/unit/services/test_core_remember.py.
"""

from __future__ import annotations

import json
import secrets
import shutil
import subprocess
from pathlib import Path

import pytest
from harnesslib import HERE, child_env, report
from vaulttools import scan_for_canaries, walk_files

KEYRING_PASSWORD = "harness-keyring-password"


def test_remember_with_a_real_secret_service(tmp_path: Path) -> None:
    missing = [t for t in ("gnome-keyring-daemon", "dbus-run-session") if shutil.which(t) is None]
    if missing:
        pytest.skip(f"{' and '.join(missing)} not installed: apt-get install --no-install-recommends "
                    "gnome-keyring dbus-daemon (or PDV_EXTRA_DEBS for scripts/setup.sh)")
    home = tmp_path / "home"
    (home / ".local" / "share").mkdir(parents=True)
    canary = "CANARY-keyring-" + secrets.token_hex(6)
    import sys

    inner = (f'eval "$(printf %s {KEYRING_PASSWORD} | gnome-keyring-daemon --unlock --components=secrets)"; '
             f'exec "{sys.executable}" "{HERE / "keyring_cycle.py"}" "$1" "$2"')
    env = child_env(HOME=str(home), XDG_DATA_HOME=str(home / ".local" / "share"),
                    XDG_RUNTIME_DIR=str(tmp_path / "run"))
    (tmp_path / "run").mkdir(mode=0o700)
    r = subprocess.run(["dbus-run-session", "--", "bash", "-c", inner, "cycle", str(tmp_path / "vault"), canary],
                       capture_output=True, text=True, env=env, timeout=120, check=False)
    lines = [ln for ln in r.stdout.splitlines() if ln.startswith("{")]
    if r.returncode != 0 or not lines:
        pytest.fail(f"the keyring session failed ({r.returncode}): {r.stderr[-3000:]}")
    out = json.loads(lines[-1])
    assert out["remember"] == "ok", out
    assert out["backend_used"] == "keyring.backends.SecretService"
    assert out["stored_matches"] is True
    assert out["unlock_remembered"] is True and out["value_read"] is True
    assert out["forget"] is True and out["unlock_after_forget"] is False
    # The keyring keeps its secrets encrypted on disk: neither the data key nor any vault value is in plain.
    keyring_files = list(walk_files([home]))
    assert any("keyrings" in str(p) for p in keyring_files), keyring_files
    hits = scan_for_canaries([home, tmp_path / "vault"], [canary, out["key_b64"], out["key_hex"]])
    report(f"keyring: remember/unlock/forget cycle against gnome-keyring Secret Service passed; "
           f"{len(keyring_files)} keyring files scanned, {len(hits)} plaintext secrets found")
    assert hits == []
