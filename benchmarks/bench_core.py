"""Benchmark of the vault core on a big vault (a script, not a test).

    .venv/bin/python benchmarks/bench_core.py                       # 100,000 fields, 1,000,000 history events
    .venv/bin/python benchmarks/bench_core.py --fields 10000 --events 100000   # a quick look
    .venv/bin/python benchmarks/bench_core.py --markdown out.md     # also write the table

Measures, on the real SQLCipher vault and on the same data in plain SQLite (Python's ``sqlite3``, and the same
SQLite engine that SQLCipher ships with no key), the same workload through the same code (FieldRepository,
History): unlock without the KDF, field search, one page of history, verifying the whole chain; and for each step
the peak Python memory (tracemalloc, measured in a separate run so that it does not slow the timed one) and the
growth of the process's resident memory. Goals (issue 2): unlock < 100 ms, search < 50 ms, history page < 20 ms,
verify < 5 s, SQLCipher at most 1.3x plain SQLite.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import platform
import random
import resource
import shutil
import sqlite3
import statistics
import sys
import time
import tracemalloc
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlcipher3

from vault_app.services.vault import VaultService
from vault_app.crypto.kdf import minimum_params
from vault_app.history.chain import HistoryFilter
from vault_app.storage import db as dbmod

PASSWORD = "benchmark password"
CATEGORIES = ["identity", "contact", "demographic", "financial", "health", "location", "professional", "other"]
WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo",
         "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango"]


# -- building the big vault ------------------------------------------------------------------------------------
def build(vault_dir: Path, n_fields: int, n_events: int) -> None:
    t0 = time.perf_counter()
    svc = VaultService(vault_dir, kdf_factory=lambda p: minimum_params())
    svc.create(PASSWORD)
    rng = random.Random(2026)
    now = int(time.time() * 1000)
    rows = []
    for i in range(n_fields):
        cat = CATEGORIES[i % len(CATEGORIES)]
        value = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(1, 6))) + f" {rng.randrange(10**6)}"
        rows.append((f"field{i:06d}", "text", cat, value, '{"kind":"provided"}', now, now))
    with svc.db.transaction("bulk fields") as c:
        c.executemany("INSERT INTO fields (name, type, category, value, provenance, created_ms, updated_ms) "
                      "VALUES (?,?,?,?,?,?,?)", rows)
    print(f"  {n_fields:,} fields in {time.perf_counter() - t0:.1f} s", flush=True)
    kinds = ["field.added", "field.changed", "request.received", "grant.issued", "receipt.imported"]
    batch = 200_000
    done = 0
    while done < n_events:
        n = min(batch, n_events - done)

        def events(start: int = done, n: int = n) -> Iterator[tuple[str, str | None, str | None, str | None,
                                                                     dict[str, Any] | None]]:
            for j in range(start, start + n):
                kind = kinds[j % len(kinds)]
                org = f"did:web:org{j % 50}.example" if kind.startswith(("request", "grant", "receipt")) else None
                yield (kind, org, f"field{j % n_fields:06d}", "service" if org else None,
                       {"category": CATEGORIES[j % len(CATEGORIES)]})

        with svc.transaction("bulk history") as c:
            svc.history.append_many(c, events())
        done += n
        print(f"  {done:,} history events ({time.perf_counter() - t0:.1f} s)", flush=True)
    svc.lock()
    print(f"built in {time.perf_counter() - t0:.1f} s: {(vault_dir / 'vault.db').stat().st_size / 2**20:.0f} MiB",
          flush=True)


def export_plain(vault_dir: Path, plain: Path) -> None:
    """The same database, decrypted, for the plain-SQLite side (SQLCipher's own export)."""
    svc = VaultService(vault_dir)
    svc.unlock(PASSWORD)
    try:
        plain.unlink(missing_ok=True)
        c = svc.db.conn
        c.execute("ATTACH DATABASE ? AS plain KEY ''", (str(plain),))
        c.execute("SELECT sqlcipher_export('plain')").fetchall()
        c.execute(f"PRAGMA plain.user_version = {svc.db.schema_version}")
        c.execute("DETACH DATABASE plain")
    finally:
        svc.lock()


# -- the plain-SQLite side: the very same service code over an unencrypted copy -----------------------------
@contextlib.contextmanager
def plain_engine(connect: Callable[..., Any]) -> Iterator[None]:
    """Make storage.db open databases with ``connect`` and no key, so VaultService, FieldRepository and History
    run unchanged on the plain copy: the difference measured is the encryption, not our code."""
    orig_mod, orig_conf = dbmod.sqlcipher3, dbmod.Database._configure

    def configure(self: dbmod.Database, raw_key: bytes) -> None:
        self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        self._apply_pragmas()

    dbmod.sqlcipher3 = types.SimpleNamespace(connect=connect)  # type: ignore[assignment]
    dbmod.Database._configure = configure  # type: ignore[method-assign]
    try:
        yield
    finally:
        dbmod.sqlcipher3 = orig_mod
        dbmod.Database._configure = orig_conf  # type: ignore[method-assign]


def plain_vault_dir(base: Path, vault_dir: Path, plain_db: Path, name: str) -> Path:
    d = base / name
    d.mkdir(exist_ok=True, mode=0o700)
    for fname in ("vault.key", "head.json"):
        shutil.copy2(vault_dir / fname, d / fname)
    shutil.copy2(plain_db, d / "vault.db")
    for fname in ("vault.db-wal", "vault.db-shm"):
        (d / fname).unlink(missing_ok=True)
    return d


# -- measuring ---------------------------------------------------------------------------------------------------
def rss_kib() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)


def run(args: argparse.Namespace) -> dict[str, Any]:
    base = Path(args.dir)
    vault_dir = base / "vault"
    if args.rebuild and base.exists():
        shutil.rmtree(base)
    if not (vault_dir / "vault.key").exists():
        base.mkdir(parents=True, exist_ok=True)
        print(f"building a vault with {args.fields:,} fields and {args.events:,} history events in {base}")
        build(vault_dir, args.fields, args.events)
    plain = base / "plain.db"
    if not plain.exists():
        export_plain(vault_dir, plain)

    svc = VaultService(vault_dir)
    t0 = time.perf_counter()
    keyfile, keys = svc.unwrap_keys(PASSWORD)  # the data key and the identity key, one Argon2id run
    kdf_s = time.perf_counter() - t0
    svc.unlock_with_keys(keyfile, keys)
    keyfile = svc.read_keyfile()  # a vault from before issue 14 rewrote it at that first unlock
    n_fields, n_events = svc.field_count(), svc.history_count()
    svc.lock()
    print(f"vault: {n_fields:,} fields, {n_events:,} history events, "
          f"{(vault_dir / 'vault.db').stat().st_size / 2**20:.0f} MiB; KDF (minimum profile) {kdf_s * 1000:.0f} ms")

    # each side needs its own folder: a vault is locked by the service that has it open
    py_dir = plain_vault_dir(base, vault_dir, plain, "plain-python-sqlite3")
    same_dir = plain_vault_dir(base, vault_dir, plain, "plain-same-engine")
    sides: dict[str, tuple[Path, Callable[[], Any]]] = {
        "SQLCipher": (vault_dir, contextlib.nullcontext),
        "SQLite (Python sqlite3 " + sqlite3.sqlite_version + ")": (py_dir, lambda: plain_engine(sqlite3.connect)),
        "SQLite (SQLCipher's engine, no key)": (same_dir, lambda: plain_engine(sqlcipher3.connect)),
    }
    results = measure(sides, keyfile, keys, n_events, args.repeat)
    for side, r in results.items():
        print(f"-- {side}")
        for step, m in r.items():
            print(f"   {step:13s} median {m['median'] * 1000:9.2f} ms   min {m['min'] * 1000:9.2f} ms   "
                  f"py peak {m['py_peak_mib']:7.1f} MiB   rss +{m['rss_growth_mib']:6.1f} MiB", flush=True)
    return {"fields": n_fields, "events": n_events, "db_mib": (vault_dir / "vault.db").stat().st_size / 2**20,
            "kdf_minimum_ms": kdf_s * 1000, "results": results,
            "max_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def measure(sides: dict[str, tuple[Path, Callable[[], Any]]], keyfile: Any, keys: Any, n_events: int,
            repeat: int) -> dict[str, dict[str, Any]]:
    """Each step is run on the three sides in turn, round after round, so that the load of a shared machine
    drifts over all of them alike; the medians are compared."""
    svcs = {side: VaultService(vdir) for side, (vdir, _) in sides.items()}
    times: dict[str, dict[str, list[float]]] = {side: {} for side in sides}
    res: dict[str, dict[str, Any]] = {side: {} for side in sides}

    def unlock(side: str) -> None:
        with sides[side][1]():
            svcs[side].unlock_with_keys(keyfile, keys)

    def clock(side: str, step: str, fn: Callable[[], Any]) -> None:
        gc.collect()
        t = time.perf_counter()
        fn()
        times[side].setdefault(step, []).append(time.perf_counter() - t)

    queries = ["tango 4", "november", "field0999", "zzz-not-there"]
    steps: dict[str, Callable[[VaultService], Any]] = {
        "search": lambda s: [s.search_fields(q) for q in queries],
        "history_page": lambda s: s.history_page(limit=100),
        "page_deep": lambda s: s.history_page(before_seq=n_events // 2, limit=100),
        "page_by_field": lambda s: s.history_page(HistoryFilter(field="field000777"), limit=100),
        "verify": lambda s: s.history.verify(),
    }
    # unlock (database opened, key checked, schema, identity, head check; no KDF). The first open in a process
    # also loads OpenSSL's providers: reported apart.
    for side in sides:
        clock(side, "unlock_first", lambda side=side: unlock(side))
        svcs[side].lock()
    for _ in range(repeat * 3):
        for side in sides:
            clock(side, "unlock", lambda side=side: unlock(side))
            svcs[side].lock()
    for side in sides:
        unlock(side)
        clock(side, "search_cold", lambda side=side: svcs[side].search_fields(queries[0]))
    try:
        for step, fn in steps.items():
            rounds = max(2, repeat // 2) if step == "verify" else repeat * (1 if step == "search" else 4)
            for _ in range(rounds):
                for side in sides:
                    clock(side, step, lambda side=side, fn=fn: fn(svcs[side]))
        for side in sides:
            report = svcs[side].history.verify()
            assert report.ok, report.problem
            for step in ("search", "history_page", "verify"):
                res[side][step] = memory(lambda side=side, step=step: steps[step](svcs[side]))
            svcs[side].lock()
            res[side]["unlock"] = memory(lambda side=side: unlock(side), teardown=svcs[side].lock)
    finally:
        for s in svcs.values():
            s.lock()
    for side in sides:
        t = times[side]
        for step in ("unlock", "search", "history_page", "verify"):
            div = len(queries) if step == "search" else 1
            res[side][step].update({"median": statistics.median(t[step]) / div, "min": min(t[step]) / div,
                                    "first": t[step][0] / div})
        res[side]["unlock"]["first_in_process"] = t["unlock_first"][0]
        res[side]["search"]["cold"] = t["search_cold"][0]
        res[side]["history_page"]["deep"] = statistics.median(t["page_deep"])
        res[side]["history_page"]["by_field"] = statistics.median(t["page_by_field"])
    return res


def memory(fn: Callable[[], Any], teardown: Callable[[], Any] | None = None) -> dict[str, Any]:
    """Peak Python allocations (tracemalloc) and growth of resident memory over one run of ``fn``."""
    gc.collect()
    rss0 = rss_kib()
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss1 = rss_kib()
    if teardown:
        teardown()
    return {"py_peak_mib": peak / 2**20, "rss_growth_mib": max(0, rss1 - rss0) / 1024}


def markdown(res: dict[str, Any]) -> str:
    sides = list(res["results"])
    enc = res["results"][sides[0]]
    py = res["results"][sides[1]]
    same = res["results"][sides[2]]
    goals = {"unlock": 0.100, "search": 0.050, "history_page": 0.020, "verify": 5.0}
    labels = {"unlock": "unlock (no KDF)", "search": "field search (per query)",
              "history_page": "one page of history (100)", "verify": "verify the whole chain"}
    lines = [
        f"Vault: {res['fields']:,} fields, {res['events']:,} history events, database {res['db_mib']:.0f} MiB.",
        "",
        ("| step | goal | SQLCipher (median) | plain SQLite, Python sqlite3 | ratio | plain SQLite, same engine "
         "| ratio | peak Python memory | RSS growth |"),
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for step, goal in goals.items():
        e, p, s = enc[step]["median"], py[step]["median"], same[step]["median"]
        ok = "met" if e < goal and e / p <= 1.3 else ("time met" if e < goal else "MISSED")
        lines.append(
            f"| {labels[step]} | < {goal * 1000:g} ms | **{e * 1000:.1f} ms** ({ok}) | {p * 1000:.1f} ms | "
            f"{e / p:.2f}x | {s * 1000:.1f} ms | {e / s:.2f}x | {enc[step]['py_peak_mib']:.1f} MiB | "
            f"{enc[step]['rss_growth_mib']:.1f} MiB |")
    tot = [sum(r[step]["median"] for step in goals) for r in (enc, py, same)]
    lines.append(f"| whole workload (sum of the above) | | **{tot[0] * 1000:.0f} ms** | {tot[1] * 1000:.0f} ms | "
                 f"{tot[0] / tot[1]:.2f}x | {tot[2] * 1000:.0f} ms | {tot[0] / tot[2]:.2f}x | | |")
    lines += [
        "",
        (f"Also measured: first search right after unlock (cold cache) {enc['search']['cold'] * 1000:.1f} ms "
        f"(plain SQLite {py['search']['cold'] * 1000:.1f} ms); a page half-way back "
        f"{enc['history_page']['deep'] * 1000:.2f} ms; a page filtered by field "
        f"{enc['history_page']['by_field'] * 1000:.2f} ms; first verify {enc['verify']['first']:.2f} s; "
        f"first unlock in a fresh process {enc['unlock']['first_in_process'] * 1000:.1f} ms; "
        f"KDF of the minimum profile {res['kdf_minimum_ms']:.0f} ms (a calibrated vault takes about 0.5 s, by "
        f"design); peak resident memory of the whole run {res['max_rss_mib']:.0f} MiB."),
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fields", type=int, default=100_000)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--dir", default="/tmp/pdv-bench-core", help="where the big vault is built and kept")
    ap.add_argument("--rebuild", action="store_true", help="build the vault again even if it exists")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--markdown", metavar="FILE", help="write the results table (Markdown) to FILE")
    ap.add_argument("--json", metavar="FILE", help="write the raw results (JSON) to FILE")
    args = ap.parse_args()
    res = run(args)
    res["machine"] = {"python": platform.python_version(), "platform": platform.platform(),
                      "cpus": os.cpu_count(), "sqlcipher": "4.19 (sqlcipher3 0.6.4)",
                      "sqlite_python": sqlite3.sqlite_version}
    table = markdown(res)
    print()
    print(table)
    if args.markdown:
        Path(args.markdown).write_text(table)
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=2))
    return 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        raise SystemExit(main())
