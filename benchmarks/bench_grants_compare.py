"""Import + approve in two source trees side by side (issue 15): this tree and an older one (``--base``), each
in its own process, in alternating order, on two copies of one vault with 100,000 active grants (a script, not
a test).

    git archive 423d4d7 | tar -x -C /tmp/pdv-base            # the tree to compare with
    (cd /tmp/pdv-base && ../work/.venv/bin/python benchmarks/bench_grants.py --rounds 1 --dir /tmp/pdv-cmp)
    .venv/bin/python benchmarks/bench_grants_compare.py --base /tmp/pdv-base --vault /tmp/pdv-cmp/big

The vault is built by the base tree (so both can open it: a newer tree migrates its own copy when it first
opens it). The first run copies it to ``VAULT.base`` and ``VAULT.head``; each side only ever writes its own
copy. Per round each side imports and approves ``--per-round`` new requests from a real organisation and
reports its rate and CPU time (of its own process); the CPU ratio is taken per round. After the timed rounds
each side counts, on a few more pairs, the SQL statements SQLite runs (its trace: trigger bodies included)
and the write-ahead-log frames (pages written) per import and per approval.

Every side runs the same workload as ``bench_grants.py`` (its ``request`` and ``DECISIONS``, imported from the
side's own tree).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def worker(tree: str, vault_dir: str, n: int, count: int) -> dict[str, Any]:
    """Run in a child process, with ``tree`` first on the path: time ``n`` pairs, then count statements and
    frames over ``count`` more."""
    sys.path[:0] = [tree + "/benchmarks", tree]
    import bench_grants as bg  # the side's own copy

    from vault_app.domain.clock import FixedClock
    from vault_app.protocol import Organisation, OrgKeys
    from vault_app.protocol.replay import MemoryReplayCache

    clock = FixedClock(bg.T0)
    org = Organisation(OrgKeys.generate(), "Example Shop", clock=clock, replay=MemoryReplayCache(clock))
    svc = bg.new_vault(Path(vault_dir), clock)
    try:
        tokens = [bg.request(org) for _ in range(n + 5 + count)]

        def pair(tok: str) -> None:
            got = svc.consent.inbox.import_text(tok)
            svc.consent.decisions.approve(got.id, bg.DECISIONS)

        for tok in tokens[:5]:  # warm-up: caches, the organisation known
            pair(tok)
        t0, c0 = time.perf_counter(), time.process_time()
        for tok in tokens[5 : 5 + n]:
            pair(tok)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        conn = svc.db.conn
        wal = Path(f"{svc.db.path}-wal")

        def frames() -> int:
            raw = wal.read_bytes()
            page = int(conn.execute("PRAGMA page_size").fetchone()[0])
            return max(0, (len(raw) - 32) // (24 + page))

        stmts = {"import": 0, "approve": 0}
        pages = {"import": 0, "approve": 0}
        for tok in tokens[5 + n :]:
            seen: list[str] = []
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            conn.set_trace_callback(seen.append)
            got = svc.consent.inbox.import_text(tok)
            conn.set_trace_callback(None)
            stmts["import"] += len(seen)
            pages["import"] += frames()
            seen.clear()
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            conn.set_trace_callback(seen.append)
            svc.consent.decisions.approve(got.id, bg.DECISIONS)
            conn.set_trace_callback(None)
            stmts["approve"] += len(seen)
            pages["approve"] += frames()
    finally:
        svc.lock()
    import vault_app

    return {
        "tree": str(Path(vault_app.__file__).parents[1]),
        "rate": n / wall,
        "cpu_ms": cpu / n * 1000,
        "statements": {k: v / count for k, v in stmts.items()},
        "frames": {k: v / count for k, v in pages.items()},
    }


def _loadavg() -> str:
    return Path("/proc/loadavg").read_text().split(" ")[0]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", required=True, help="the older source tree (a git archive of a commit)")
    ap.add_argument("--vault", required=True, help="a vault built by the base tree (bench_grants.py's big)")
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--per-round", type=int, default=40)
    ap.add_argument("--count", type=int, default=10, help="pairs on which statements and frames are counted")
    ap.add_argument("--json", metavar="FILE")
    ap.add_argument("--worker", nargs=4, metavar=("TREE", "VAULT", "N", "COUNT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        tree, vault, n, count = args.worker
        print(json.dumps(worker(tree, vault, int(n), int(count))))
        return 0
    sides = {"base": str(Path(args.base).resolve()), "this tree": str(HERE.parent)}
    copies = {"base": Path(f"{args.vault}.base"), "this tree": Path(f"{args.vault}.head")}
    for copy in copies.values():
        if not copy.exists():
            shutil.copytree(args.vault, copy)
    res: dict[str, list[dict[str, Any]]] = {name: [] for name in sides}
    load = [_loadavg()]
    order = list(sides)
    for r in range(args.rounds):
        for name in order if r % 2 == 0 else order[::-1]:
            count = args.count if r == args.rounds - 1 else 0
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--base",
                    args.base,
                    "--vault",
                    args.vault,
                    "--worker",
                    sides[name],
                    str(copies[name]),
                    str(args.per_round),
                    str(max(count, 1)),
                ],
                capture_output=True,
                text=True,
                check=False,
            )
            if out.returncode:
                print(out.stderr[-3000:], file=sys.stderr)
                return 1
            got = json.loads(out.stdout.strip().splitlines()[-1])
            if got["tree"] != sides[name]:
                print(f"the {name} side ran the code in {got['tree']}", file=sys.stderr)
                return 1
            res[name].append(got)
    load.append(_loadavg())
    print("| side | import + approve | CPU ms a pair | statements (import + approve) | WAL frames (same) |")
    print("|---|---:|---:|---:|---:|")
    for name, runs in res.items():
        rates = [x["rate"] for x in runs]
        cpu = [x["cpu_ms"] for x in runs]
        last = runs[-1]
        st, fr = last["statements"], last["frames"]
        print(
            f"| {name} | {statistics.median(rates):.1f}/s ({min(rates):.1f}-{max(rates):.1f}) "
            f"| {statistics.median(cpu):.2f} ({min(cpu):.2f}-{max(cpu):.2f}) "
            f"| {st['import'] + st['approve']:.0f} ({st['import']:.0f} + {st['approve']:.0f}) "
            f"| {fr['import'] + fr['approve']:.1f} ({fr['import']:.1f} + {fr['approve']:.1f}) |"
        )
    ratios = [b["cpu_ms"] / a["cpu_ms"] for a, b in zip(res["base"], res["this tree"], strict=True)]
    print(
        f"\nCPU this tree / base, per round: {' '.join(f'{x:.2f}' for x in ratios)}; median "
        f"{statistics.median(ratios):.2f}"
    )
    print(
        f"{args.rounds} paired rounds of {args.per_round} pairs; load average (1 min) {load[0]} before, "
        f"{load[1]} after"
    )
    if args.json:
        Path(args.json).write_text(json.dumps({"loadavg": load, "results": res}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
