"""Write-heavy workload for the crash harness: run until killed, journaling every change it commits.

    python crash_workload.py VAULT_DIR JOURNAL SEED

Before each operation it appends ``begin <op json>`` to JOURNAL and after the commit ``done <op json>``
(each line flushed and fsynced), so that after a SIGKILL the harness knows exactly which changes were
reported as committed and which single one was in flight. Operations: add/change/delete fields, bulk
history appends, backups, lock and unlock, password changes and re-keys. Values are random test data, never
personal.
"""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[2]), str(Path(__file__).resolve().parents[1])]

from vault_app.crypto.kdf import minimum_params
from vault_app.domain.errors import VaultError
from vault_app.services.vault import VaultService
from vaulttools import TEST_PASSWORD

OTHER_PASSWORD = "another long passphrase"


def main() -> int:
    vault_dir, journal_path, seed = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    journal = open(journal_path, "a", buffering=1)  # noqa: SIM115

    def log(kind: str, op: dict) -> None:
        journal.write(f"{kind} {json.dumps(op, sort_keys=True)}\n")
        journal.flush()
        os.fsync(journal.fileno())

    password = sys.argv[4] if len(sys.argv) > 4 else TEST_PASSWORD
    svc = VaultService(vault_dir, kdf_factory=lambda p: minimum_params())
    if not svc.exists():
        svc.create(password)
    else:
        svc.unlock(password)
    log("ready", {"pid": os.getpid()})
    n = 0
    while True:
        n += 1
        names = [f.name for f in svc.list_fields(limit=10000)]
        r = rng.random()
        if r < 0.35 or not names:
            op = {
                "op": "set",
                "name": f"f{rng.randrange(400)}",
                "value": os.urandom(rng.randrange(8, 400)).hex(),
            }
        elif r < 0.60:
            op = {"op": "set", "name": rng.choice(names), "value": os.urandom(rng.randrange(8, 200)).hex()}
        elif r < 0.72:
            op = {"op": "delete", "name": rng.choice(names)}
        elif r < 0.86:
            op = {"op": "history", "count": rng.randrange(1, 1500)}
        elif r < 0.93:
            op = {"op": "backup", "file": str(vault_dir.parent / f"backup-{rng.randrange(3)}.pdvbackup")}
        elif r < 0.97:
            op = {"op": "relock"}
        elif r < 0.99:
            op = {"op": "passwd", "new": OTHER_PASSWORD if password == TEST_PASSWORD else TEST_PASSWORD}
        else:
            op = {"op": "rekey"}
        log("begin", op)
        try:
            if op["op"] == "set":
                svc.set_field(op["name"], "text", "other", op["value"])
            elif op["op"] == "delete":
                svc.delete_field(op["name"])
            elif op["op"] == "history":
                with svc.transaction("append test events") as c:
                    svc.history.append_many(
                        c, (("test.event", None, None, None, {"n": i}) for i in range(op["count"]))
                    )
            elif op["op"] == "backup":
                svc.create_backup(op["file"])
            elif op["op"] == "relock":
                svc.lock()
                svc.unlock(password)
            elif op["op"] == "passwd":
                svc.change_password(password, op["new"])
                password = op["new"]
            elif op["op"] == "rekey":
                svc.rekey(password)
        except VaultError as exc:
            log("failed", dict(op, reason=exc.reason))
            continue
        op["head"] = svc.history.head()[0]
        log("done", op)


if __name__ == "__main__":
    raise SystemExit(main())
