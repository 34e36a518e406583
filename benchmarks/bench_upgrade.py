"""What a schema upgrade costs at the first unlock of a big vault (issue 15, schema 11): a vault with a
million history entries (a third naming a field) is built by an older source tree, then unlocked by this one,
which upgrades it, and once more (a script, not a test).

    git archive 423d4d7 | tar -x -C /tmp/pdv-base
    .venv/bin/python benchmarks/bench_upgrade.py --base /tmp/pdv-base --dir /tmp/pdv-upgrade

The vault is built once in ``--dir``/built (by a child process running the base tree); each run copies it and
unlocks the copy twice with this tree: the first unlock includes the upgrade, the second does not.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

PASSWORD = "benchmark password"
BUILD = """
import sys
sys.path.insert(0, {tree!r})
from pathlib import Path
from vault_app.crypto.kdf import minimum_params
from vault_app.domain.clock import FixedClock
from vault_app.services.vault import VaultService
svc = VaultService(Path({path!r}), clock=FixedClock(1_800_000_000.0), kdf_factory=lambda p: minimum_params())
svc.create({password!r})
for b in range({batches}):
    ev = [("test.event", f"did:key:org{{i % 50}}", (f"f{{i % 30}}" if i % 3 == 0 else None), None, {{"i": i}})
          for i in range(50_000)]
    with svc.db.transaction() as tx:
        svc.history.append_many(tx, ev)
print("schema", svc.db.schema_version, "entries", svc.history.head()[0])
svc.lock()
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", required=True, help="the older source tree that builds the vault")
    ap.add_argument("--dir", default="/tmp/pdv-bench-upgrade")
    ap.add_argument("--entries", type=int, default=1_000_000, help="history entries (in batches of 50,000)")
    args = ap.parse_args()
    base = Path(args.dir)
    built = base / "built"
    if not (built / "vault.key").exists():
        base.mkdir(parents=True, exist_ok=True)
        code = BUILD.format(
            tree=str(Path(args.base).resolve()),
            path=str(built),
            password=PASSWORD,
            batches=max(1, args.entries // 50_000),
        )
        subprocess.run([sys.executable, "-c", code], check=True)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from vault_app.crypto.kdf import minimum_params
    from vault_app.domain.clock import FixedClock
    from vault_app.services.vault import VaultService

    copy = base / "copy"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(built, copy)
    load = Path("/proc/loadavg").read_text().split(" ")[0]
    times = []
    for _ in range(2):
        svc = VaultService(copy, clock=FixedClock(1_800_000_000.0), kdf_factory=lambda p: minimum_params())
        t0 = time.perf_counter()
        svc.unlock(PASSWORD)
        times.append(time.perf_counter() - t0)
        schema = svc.db.schema_version
        svc.lock()
    print(
        f"first unlock (with the upgrade to schema {schema}): {times[0]:.2f} s; the next: {times[1]:.2f} s "
        f"(load average {load})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
