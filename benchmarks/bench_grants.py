"""Consent at scale: importing and approving requests in a vault holding 100,000 active grants, against an
empty one; listing grants; finding what is due; recognising one's own grant file (a script, not a test).

    .venv/bin/python benchmarks/bench_grants.py                      # builds /tmp/pdv-bench-grants once
    .venv/bin/python benchmarks/bench_grants.py --grants 20000 --dir /tmp/pdv-bench-grants-small

The big vault gets one real grant made through the consent service, then copies of its row with new ids,
new token tails and spread issue times (the rows an organisation-heavy vault would hold; building 100,000
real grants through the service would take an hour). Then, in paired rounds, a real organisation
(``Organisation``) sends a new request to each vault, which imports it and approves it through the consent
service, timed together. Goal (issue 15): import + approve >= 150/s with 100,000 active grants; grant lists
paginated; expiry by index.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from vault_app.crypto.kdf import minimum_params
from vault_app.domain.clock import FixedClock
from vault_app.domain.consent import GrantState
from vault_app.domain.model import Category, FieldDecision, ReleaseMode, RequestedField
from vault_app.policy.decisions import SubjectDecisions
from vault_app.protocol import Organisation, OrgKeys
from vault_app.protocol.replay import MemoryReplayCache
from vault_app.services.vault import VaultService
from vault_app.storage.repositories.consent import GrantRepository

PASSWORD = "benchmark password"
PURPOSE = "https://w3id.org/dpv#ServiceProvision"
T0 = 1_800_000_000.0
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def loadavg() -> str:
    return Path("/proc/loadavg").read_text().split(" ")[0]


def new_vault(path: Path, clock: FixedClock) -> VaultService:
    svc = VaultService(path, clock=clock, kdf_factory=lambda p: minimum_params())
    if (path / "vault.key").exists():
        svc.unlock(PASSWORD)
        return svc
    svc.create(PASSWORD)
    svc.add_field("email", "email", "contact", "bench.person@example.org")
    svc.add_field("birthdate", "date", "demographic", "1990-05-17")
    return svc


def request(org: Organisation) -> str:
    return org.make_request(
        [RequestedField("email", Category.CONTACT), RequestedField("birthdate", Category.DEMOGRAPHIC)],
        [PURPOSE],
        "Deliver your order",
        365 * 86400,
    )


DECISIONS = SubjectDecisions(
    (
        FieldDecision("email", ReleaseMode.EXACT),
        FieldDecision("birthdate", ReleaseMode.ANONYMISED, "date.year"),
    ),
    unknown_confirmed=True,
)


def _copies(svc: VaultService, table: str, n: int, change: Any) -> None:
    """n - 1 copies of the first row of ``table``, each changed by ``change(row, i, rng)``."""
    cols = [r[1] for r in svc.db.query(f"PRAGMA table_info({table})")]
    row = dict(zip(cols, svc.db.query(f"SELECT * FROM {table} LIMIT 1")[0], strict=True))
    rng = random.Random(15)
    batch = []
    for i in range(1, n):
        r = dict(row)
        change(r, i, rng)
        batch.append(tuple(r[c] for c in cols))
        if len(batch) == 5000 or i == n - 1:
            with svc.db.transaction(f"bench {table}") as tx:
                tx.executemany(
                    f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", batch
                )
            batch = []


def _tail(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(B64) for _ in range(n))


def fill(svc: VaultService, org: Organisation, n: int) -> None:
    """One real request and grant, then n - 1 copies of each row (new ids, token tails and times), and the
    message ids of those requests (a vault that approved n requests in the last month remembers them all)."""
    res = svc.consent.inbox.import_text(request(org))
    svc.consent.decisions.approve(res.id, DECISIONS)
    t0 = time.perf_counter()

    def grant(r: dict[str, Any], i: int, rng: random.Random) -> None:
        r["id"] = _tail(rng, 22)
        r["issued_ms"] -= i * 1000
        r["token"] = r["token"][:-43] + _tail(rng, 43)
        r["jwe"] = r["jwe"][:-22] + _tail(rng, 22)
        r["status_idx"] += i

    def req(r: dict[str, Any], i: int, rng: random.Random) -> None:
        r["id"] = r["jti"] = _tail(rng, 22)
        r["received_ms"] -= i * 1000

    def seen(r: dict[str, Any], i: int, rng: random.Random) -> None:
        r["jti"] = _tail(rng, 22)

    _copies(svc, "grants", n, grant)
    _copies(svc, "requests", n, req)
    _copies(svc, "seen_jti", n, seen)
    print(f"  {n:,} active grants (and their requests and message ids) in {time.perf_counter() - t0:.1f} s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", default="/tmp/pdv-bench-grants")
    ap.add_argument("--grants", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--per-round", type=int, default=10)
    ap.add_argument("--json", metavar="FILE")
    args = ap.parse_args()
    base = Path(args.dir)
    base.mkdir(parents=True, exist_ok=True)
    clock = FixedClock(T0)
    org = Organisation(OrgKeys.generate(), "Example Shop", clock=clock, replay=MemoryReplayCache(clock))
    big_new = not (base / "big" / "vault.key").exists()
    big = new_vault(base / "big", clock)
    empty = new_vault(base / "empty", clock)
    if big_new:
        fill(big, org, args.grants)
    n_active = GrantRepository(big.db).count([GrantState.ACTIVE])
    load = [loadavg()]
    res: dict[str, list[float]] = {}
    try:
        for r in range(args.rounds):
            sides = [("big", big), ("empty", empty)]
            for name, svc in sides if r % 2 == 0 else sides[::-1]:
                tokens = [request(org) for _ in range(args.per_round)]
                t0, c0 = time.perf_counter(), time.process_time()
                for tok in tokens:
                    got = svc.consent.inbox.import_text(tok)
                    svc.consent.decisions.approve(got.id, DECISIONS)
                t, c = time.perf_counter() - t0, time.process_time() - c0
                res.setdefault(f"import + approve ({name})", []).append(args.per_round / t)
                res.setdefault(f"CPU time per import + approve ({name}), ms", []).append(
                    c / args.per_round * 1000
                )
            # what one durable write costs on this disk now (an approval commits with an fsync of the
            # write-ahead log and writes the signed head file with one more; an import needs none)
            probe = base / "fsync-probe"
            for _ in range(3):
                t0 = time.perf_counter()
                with open(probe, "wb") as fh:
                    fh.write(b"\0" * 4096)
                    fh.flush()
                    os.fsync(fh.fileno())
                res.setdefault("one fsync of a 4 KiB file on this disk, ms", []).append(
                    (time.perf_counter() - t0) * 1000
                )
            c = big.consent
            t0 = time.perf_counter()
            c.refresh()
            res.setdefault("refresh (finds nothing due), ms", []).append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            page = big.consent.grants.list(["active"], limit=100)
            big.consent.grants.list(["active"], limit=100, before=page[-1])
            res.setdefault("two pages of 100 grants (consent.grants.list(limit=100)), ms", []).append(
                (time.perf_counter() - t0) * 1000
            )
            row = big.db.query_one("SELECT jwe FROM grants LIMIT 1 OFFSET ?", (r * 997 % max(1, n_active),))
            t0 = time.perf_counter()
            assert big.consent.grants.find_own(row[0]) is not None
            res.setdefault("own grant file recognised (consent.grants.find_own), ms", []).append(
                (time.perf_counter() - t0) * 1000
            )
            if r == 0:
                t0 = time.perf_counter()
                views = big.consent.grants.list()
                res["every grant at once (consent.grants.list() without a limit), ms"] = [
                    (time.perf_counter() - t0) * 1000
                ]
                assert len(views) >= n_active
                t0 = time.perf_counter()
                big.db.query_one("SELECT id FROM grants WHERE jwe = ? OR token = ?", (row[0], row[0]))
                res["own grant file by comparing every token (before schema 4), ms"] = [
                    (time.perf_counter() - t0) * 1000
                ]
        load.append(loadavg())
    finally:
        big.lock()
        empty.lock()
    print(f"Vault: {n_active:,} active grants (and the empty vault: none at the start).\n")
    print("| measure | median | min | max |")
    print("|---|---:|---:|---:|")
    for name, v in res.items():
        unit = "/s" if name.startswith("import + approve") else ""
        print(f"| {name} | {statistics.median(v):,.1f}{unit} | {min(v):,.1f} | {max(v):,.1f} |")
    print(
        f"\n{args.rounds} paired rounds of {args.per_round} requests; load average (1 min) {load[0]} before, "
        f"{load[1]} after"
    )
    if args.json:
        Path(args.json).write_text(
            json.dumps({"active_grants": n_active, "loadavg": load, "results": res}, indent=2)
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
