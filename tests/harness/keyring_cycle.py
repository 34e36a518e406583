"""Run inside a private D-Bus session with gnome-keyring (see test_harness_keyring.py): remember a vault's key in
the real Secret Service, unlock with it, forget it; print what happened as JSON."""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path

import keyring
from vaulttools import TEST_PASSWORD

from vault_app.services import remember as rem
from vault_app.domain.errors import EnvironmentFault
from vault_app.services.vault import VaultService
from vault_app.crypto.kdf import minimum_params


def main() -> int:
    vault, canary = Path(sys.argv[1]), sys.argv[2]
    out: dict[str, object] = {"default_backend": f"{type(keyring.get_keyring()).__module__}."
                                                 f"{type(keyring.get_keyring()).__qualname__}"}
    svc = VaultService(vault, kdf_factory=lambda p: minimum_params())
    svc.create(TEST_PASSWORD)
    svc.add_field("note", "text", "other", canary)
    try:
        rem.remember(svc)
    except EnvironmentFault as exc:
        out["remember"] = exc.reason
        print(json.dumps(out))
        return 0
    out["remember"] = "ok"
    out["backend_used"] = type(rem.secure_backend()).__module__
    vault_id = svc.vault_id
    key_b64 = base64.b64encode(svc.data_key_for_remember()).decode()
    out["stored_matches"] = keyring.get_password(rem.SERVICE, vault_id) == key_b64
    svc.lock()

    again = VaultService(vault)
    out["unlock_remembered"] = rem.unlock_remembered(again)
    out["value_read"] = again.is_unlocked and again.get_field("note").value == canary
    again.lock()
    out["forget"] = rem.forget(vault_id)
    third = VaultService(vault)
    out["unlock_after_forget"] = rem.unlock_remembered(third)
    # remember once more and leave it there, so the harness can scan the keyring's files on disk
    third.unlock(TEST_PASSWORD)
    rem.remember(third)
    out["key_b64"] = key_b64  # for the scan: must not be found in plain on disk
    out["key_hex"] = third.data_key_for_remember().hex()
    third.lock()
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
