"""Encrypted storage against plain SQLite, each side in its own process (a script, not a test).

    .venv/bin/python benchmarks/bench_storage.py                 # 9 paired rounds
    .venv/bin/python benchmarks/bench_storage.py --rounds 15 --json out.json

Three worker processes hold one database each and run the same steps when told to:

- ``vault``: the project's own storage (``vault_app.storage.db.Database`` with every pragma the app sets, the
  ``FieldRepository`` and ``History`` the app uses);
- ``sqlite``: Python's ``sqlite3`` in a process that never imports ``vault_app`` (no SQLCipher loaded, none
  of the project's settings: only WAL and ``synchronous = FULL``, the same durability as the vault), running
  the same SQL with the same parameters;
- ``engine``: SQLCipher's own SQLite with no key, set up like ``sqlite`` (tells encryption apart from SQLite
  version differences).

Each round gives every side fresh, distinct inputs (new field names, new history entries, a new sample of
names to read) and runs the sides one after the other, in an order that alternates between rounds; the ratio
of a round is taken between the sides of that round (paired), and the median and range of those ratios are
reported, with the load average before and after. Times are the worker's CPU time (``time.process_time``),
except for single writes, which wait for the disk and are timed on the wall clock. Steps:

- ``bulk field writes``: 2,000 new fields in one transaction (an import), through ``FieldRepository.insert``;
- ``history appends``: 1,000 entries in one transaction through ``History.append`` (the baseline computes the
  same SHA-256 chain hash in Python and runs the same two statements per entry);
- ``single writes``: 50 changes each in its own transaction (field insert + history entry, fsync at commit);
- ``point reads``: 2,000 lookups of existing fields by name, through ``FieldRepository.get``
  (``repository``) and as the bare statement on the connection (``raw``).

Goals (issue 15): bulk field writes <= 1.3x and point reads <= 1.5x of plain SQLite.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MIGRATIONS = ROOT / "vault_app" / "storage" / "migrations"
PRELOAD = 20_000  # fields in every database before the first round
BULK = 2_000
APPENDS = 1_000
SINGLE = 50
READS = 2_000
FIELD_SQL = (
    "INSERT INTO fields (name, type, category, value, provenance, created_ms, updated_ms) "
    "VALUES (?,?,?,?,?,?,?)"
)
GET_SQL = (
    "SELECT id, name, type, category, value, provenance, created_ms, updated_ms FROM fields WHERE name = ?"
)
HIST_SQL = (
    "INSERT INTO history (seq, ts_ms, kind, org, field, purpose, data, prev_hash, hash) "
    "VALUES (?,?,?,?,?,?,?,?,?)"
)
HEAD_SQL = "SELECT seq, hash FROM history ORDER BY seq DESC LIMIT 1"


def _value(rng: random.Random) -> str:
    return f"{rng.choice(['alpha', 'bravo', 'delta', 'kilo', 'oscar'])} {rng.randrange(10**9):09d}"


# -- the workers ---------------------------------------------------------------------------------------------
class PlainWorker:
    """Plain SQLite through ``connect`` (Python's sqlite3, or SQLCipher's engine with no key)."""

    def __init__(self, path: Path, connect: Any) -> None:
        self.conn = connect(str(path), isolation_level=None)
        self.conn.execute("PRAGMA journal_mode = WAL").fetchone()
        self.conn.execute("PRAGMA synchronous = FULL")
        if self.conn.execute("PRAGMA user_version").fetchone()[0] == 0:
            for f in sorted(MIGRATIONS.glob("v*.sql")):
                self.conn.executescript(f.read_text())
            self.conn.execute("PRAGMA user_version = 1")

    def prepare(self, step: str, arg: Any) -> Any:
        return [tuple(r) for r in arg] if step in ("bulk_fields", "single") else arg

    def bulk_fields(self, rows: list[tuple[Any, ...]]) -> None:
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        for r in rows:
            c.execute(FIELD_SQL, r)
        c.execute("COMMIT")

    def _append(self, kind: str, fld: str, data: str, ts_ms: int) -> None:
        c = self.conn
        row = c.execute(HEAD_SQL).fetchone()
        seq, prev = (row[0] + 1, bytes(row[1])) if row else (1, b"\0" * 32)
        body = json.dumps(
            [seq, ts_ms, kind, None, fld, None, data], separators=(",", ":"), ensure_ascii=False
        )
        h = hashlib.sha256(prev + body.encode()).digest()
        c.execute(HIST_SQL, (seq, ts_ms, kind, None, fld, None, data, prev, h))

    def appends(self, items: list[tuple[str, str, str]]) -> None:
        c = self.conn
        ts = int(time.time() * 1000)
        c.execute("BEGIN IMMEDIATE")
        for kind, fld, data in items:
            self._append(kind, fld, data, ts)
        c.execute("COMMIT")

    def single(self, rows: list[tuple[Any, ...]]) -> None:
        c = self.conn
        for r in rows:
            c.execute("BEGIN IMMEDIATE")
            c.execute(FIELD_SQL, r)
            self._append("field.added", r[0], '{"category":"other"}', r[5])
            c.execute("COMMIT")

    def reads(self, names: list[str]) -> None:
        c = self.conn
        for n in names:
            c.execute(GET_SQL, (n,)).fetchone()

    raw_reads = reads


class VaultWorker:
    """The project's storage, exactly as the app opens it."""

    def __init__(self, path: Path) -> None:
        sys.path.insert(0, str(ROOT))
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        from vault_app.domain.clock import SystemClock
        from vault_app.domain.model import Category, Field, FieldType, Provenance
        from vault_app.history.chain import History
        from vault_app.storage.db import Database
        from vault_app.storage.repositories.fields import FieldRepository

        key_file = path.with_suffix(".key")
        if not key_file.exists():
            key_file.write_bytes(os.urandom(32))
        self.db = Database(path, key_file.read_bytes(), create=not path.exists())
        self.db.migrate()
        self.fields = FieldRepository(self.db)
        self.history = History(self.db, "bench", SystemClock(), Ed25519PrivateKey.generate())
        self.Field, self.FieldType, self.Category, self.Provenance = Field, FieldType, Category, Provenance

    def _field(self, r: tuple[Any, ...]) -> Any:
        return self.Field(r[0], self.FieldType(r[1]), self.Category(r[2]), r[3], self.Provenance())

    def prepare(self, step: str, arg: Any) -> Any:
        # the app holds Field objects when it writes: build them before the clock starts, as the baseline
        # builds its tuples
        return [(self._field(r), r[5]) for r in arg] if step in ("bulk_fields", "single") else arg

    def bulk_fields(self, rows: list[tuple[Any, int]]) -> None:
        with self.db.transaction() as c:
            for f, now in rows:
                self.fields.insert(c, f, now)

    def appends(self, items: list[tuple[str, str, str]]) -> None:
        with self.db.transaction() as c:
            for kind, fld, _data in items:
                self.history.append(c, kind, field=fld, data={"category": "other"})

    def single(self, rows: list[tuple[Any, int]]) -> None:
        for f, now in rows:
            with self.db.transaction() as c:
                self.fields.insert(c, f, now)
                self.history.append(c, "field.added", field=f.name, data={"category": "other"})

    def reads(self, names: list[str]) -> None:
        get = self.fields.get
        for n in names:
            get(n)

    def raw_reads(self, names: list[str]) -> None:
        q = self.db.query_one
        for n in names:
            q(GET_SQL, (n,))


def worker_main(side: str, path: Path) -> None:
    if side == "sqlite":
        import sqlite3

        w: Any = PlainWorker(path, sqlite3.connect)
    elif side == "engine":
        import sqlcipher3

        w = PlainWorker(path, sqlcipher3.connect)
    else:
        w = VaultWorker(path)
    for line in sys.stdin:
        cmd = json.loads(line)
        fn = getattr(w, cmd["step"])
        arg = w.prepare(cmd["step"], cmd["arg"])
        # CPU time of this process for the CPU-bound steps, so the other jobs of a shared machine do not count
        # against whichever side they happened to interrupt; wall time where the step waits for the disk
        clock = time.perf_counter if cmd["step"] == "single" else time.process_time
        t0 = clock()
        fn(arg)
        dt = clock() - t0
        assert "vault_app" not in sys.modules or side == "vault", "the baseline must not load the project"
        print(json.dumps({"s": dt}), flush=True)


# -- the conductor -------------------------------------------------------------------------------------------
class Side:
    def __init__(self, name: str, path: Path) -> None:
        self.name = name
        env = {k: v for k, v in os.environ.items() if not k.startswith("PDV")}
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--worker", name, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=str(path.parent),
        )

    def run(self, step: str, arg: Any) -> float:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(json.dumps({"step": step, "arg": arg}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"worker {self.name} died")
        return float(json.loads(line)["s"])

    def close(self) -> None:
        assert self.proc.stdin
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def loadavg() -> str:
    return Path("/proc/loadavg").read_text().split(" ")[0]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--worker", nargs=2, metavar=("SIDE", "PATH"), help=argparse.SUPPRESS)
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--sides", default="vault,sqlite,engine")
    ap.add_argument("--json", metavar="FILE")
    args = ap.parse_args()
    if args.worker:
        worker_main(args.worker[0], Path(args.worker[1]))
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="pdv-bench-storage-"))
    names = args.sides.split(",")
    sides = [Side(n, tmp / f"{n}.db") for n in names]
    rng = random.Random(15)
    now = int(time.time() * 1000)
    cats = ["identity", "contact", "financial", "health", "other"]

    def rows(prefix: str, n: int) -> list[list[Any]]:
        return [
            [f"{prefix}{i:06d}", "text", cats[i % 5], _value(rng), '{"kind":"provided"}', now, now]
            for i in range(n)
        ]

    load = [loadavg()]
    try:
        pre = rows("pre", PRELOAD)
        for s in sides:
            s.run("bulk_fields", pre)
        existing = [r[0] for r in pre]
        steps = ["bulk_fields", "appends", "single", "reads", "raw_reads"]
        times: dict[str, dict[str, list[float]]] = {st: {n: [] for n in names} for st in steps}
        for r in range(args.rounds):
            order = sides if r % 2 == 0 else sides[::-1]
            inputs = {
                "bulk_fields": rows(f"r{r:03d}b", BULK),
                "appends": [
                    ["field.changed", f"r{r:03d}h{i:05d}", '{"category":"other"}'] for i in range(APPENDS)
                ],
                "single": rows(f"r{r:03d}s", SINGLE),
                "reads": rng.sample(existing, READS),
                "raw_reads": rng.sample(existing, READS),
            }
            for st in steps:
                for s in order:
                    times[st][s.name].append(s.run(st, inputs[st]))
            existing += [x[0] for x in inputs["bulk_fields"]]
        load.append(loadavg())
    finally:
        for s in sides:
            s.close()
        shutil.rmtree(tmp, ignore_errors=True)
    base = "sqlite"
    out: dict[str, Any] = {"rounds": args.rounds, "loadavg": load, "steps": {}}
    labels = {
        "bulk_fields": f"bulk field writes ({BULK:,} in one transaction)",
        "appends": f"history appends ({APPENDS:,} in one transaction)",
        "single": f"single writes ({SINGLE} transactions, fsync each)",
        "reads": f"point reads, repository ({READS:,})",
        "raw_reads": f"point reads, raw ({READS:,})",
    }
    goals = {"bulk_fields": 1.3, "reads": 1.5, "raw_reads": 1.5}
    print(
        f"| step | goal | {' | '.join(names)} (median ms) | vault / sqlite (median, range of paired rounds) "
        "| engine / sqlite |"
    )
    print("|---|---|" + "---|" * (len(names) + 2))
    for st in steps:
        t = times[st]
        cells = [f"{statistics.median(t[n]) * 1000:.1f}" for n in names]
        ratios = {n: [a / b for a, b in zip(t[n], t[base], strict=True)] for n in names if n != base}
        out["steps"][st] = {
            "median_ms": {n: statistics.median(t[n]) * 1000 for n in names},
            "ratios": {n: sorted(v) for n, v in ratios.items()},
        }
        rv = ratios.get("vault", [float("nan")])
        re_ = ratios.get("engine", [float("nan")])
        goal = f"<= {goals[st]}x" if st in goals else ""
        print(
            f"| {labels[st]} | {goal} | {' | '.join(cells)} | **{statistics.median(rv):.2f}x** "
            f"({min(rv):.2f}-{max(rv):.2f}) | {statistics.median(re_):.2f}x |"
        )
    print(
        f"\n{args.rounds} paired rounds; load average (1 min) {load[0]} before, {load[1]} after; "
        f"Python {sys.version.split()[0]}"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
