"""Where the CPU time of an import + approval goes (issue 15): the thread CPU time of each step, per pair,
over ``--pairs`` pairs on a vault made by ``bench_grants.py`` (a script, not a test).

    .venv/bin/python benchmarks/bench_grants_phases.py /tmp/pdv-bench-grants/big

Each step is timed by a wrapper around the method (CPU time of this thread, so the fsyncs' waiting is not in
it, their work in the kernel is). Steps nest: an approval's figure includes its grant, its head file and its
commit. The SQL lines are the connection's ``execute`` calls (COMMIT apart), wherever they are made.
"""

from __future__ import annotations

import argparse
import collections
import functools
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import bench_grants as bg

import vault_app.history.chain as chain
import vault_app.protocol.subject as subject
import vault_app.services.decisions as decisions
import vault_app.services.inbox as inbox
import vault_app.services.vault as vault
from vault_app.domain.clock import FixedClock
from vault_app.protocol import Organisation, OrgKeys
from vault_app.protocol.replay import MemoryReplayCache
from vault_app.services.consent import ConsentContext

ACC: dict[str, float] = collections.defaultdict(float)
CNT: collections.Counter[str] = collections.Counter()

STEPS: list[tuple[Any, str, str]] = [
    (inbox.InboxService, "import_text", "import (all of it)"),
    (subject.SubjectAgent, "parse", "  verify the request (signature, claims, replay)"),
    (inbox.InboxService, "_import_request", "  file and review it (its commit included)"),
    (decisions.DecisionService, "approve", "approve (all of it)"),
    (decisions.DecisionService, "_load_request", "  read the request"),
    (decisions.DecisionService, "_plan", "  the release plan (fields, rules, policy)"),
    (subject.SubjectAgent, "make_grant", "  sign, read back and seal the grant"),
    (subject, "sign_message", "    sign and read back (one Ed25519 verification)"),
    (subject, "seal", "    seal (X25519, AES-GCM)"),
    (vault.VaultService, "_write_head", "  the signed head file (temp file, fsync, rename)"),
    (chain.History, "append", "history entries (both use cases)"),
    (ConsentContext, "expire_due", "what is due (both use cases)"),
]


def _wrap(owner: Any, name: str, label: str) -> None:
    real = getattr(owner, name)

    @functools.wraps(real)
    def timed(*a: Any, **kw: Any) -> Any:
        t = time.thread_time()
        try:
            return real(*a, **kw)
        finally:
            ACC[label] += time.thread_time() - t
            CNT[label] += 1

    setattr(owner, name, timed)


class _TimedConnection:
    def __init__(self, conn: Any) -> None:
        self._conn = conn

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)

    def execute(self, sql: str, *a: Any) -> Any:
        t = time.thread_time()
        try:
            return self._conn.execute(sql, *a)
        finally:
            key = (
                "SQL: COMMIT (pages encrypted, WAL written)" if sql.startswith("COMMIT") else "SQL: the rest"
            )
            ACC[key] += time.thread_time() - t
            CNT[key] += 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("vault", help="a vault made by bench_grants.py (its big or empty one)")
    ap.add_argument("--pairs", type=int, default=100)
    args = ap.parse_args()
    for owner, name, label in STEPS:
        _wrap(owner, name, label)
    clock = FixedClock(bg.T0)
    org = Organisation(OrgKeys.generate(), "Example Shop", clock=clock, replay=MemoryReplayCache(clock))
    svc = bg.new_vault(Path(args.vault), clock)
    real = svc.db.conn
    svc.db.conn = _TimedConnection(real)
    try:
        tokens = [bg.request(org) for _ in range(args.pairs + 10)]
        for tok in tokens[:10]:
            got = svc.consent.inbox.import_text(tok)
            svc.consent.decisions.approve(got.id, bg.DECISIONS)
        ACC.clear()
        CNT.clear()
        load = Path("/proc/loadavg").read_text().split(" ")[0]
        c0 = time.thread_time()
        for tok in tokens[10:]:
            got = svc.consent.inbox.import_text(tok)
            svc.consent.decisions.approve(got.id, bg.DECISIONS)
        total = (time.thread_time() - c0) / args.pairs * 1000
    finally:
        svc.db.conn = real
        svc.lock()
    print(f"CPU per import + approve: {total:.2f} ms ({args.pairs} pairs, load average {load})\n")
    print("| step | ms a pair | calls a pair |")
    print("|---|---:|---:|")
    labels = [label for _, _, label in STEPS] + [k for k in ACC if k.startswith("SQL")]
    for label in labels:
        print(f"| {label} | {ACC[label] / args.pairs * 1000:.2f} | {CNT[label] / args.pairs:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
