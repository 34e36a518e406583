"""The consent gate's throughput: grants loaded per second, rows gated per second on one process and on
Spark local[2], the gate's cost against the same job's plain join and filter, and how cost grows with rows and
with grants.

    python benchmarks/bench_gate.py [--rows 10000000] [--grants 100000] [--dir /tmp/pdv-bench-gate]
                                    [--rounds 3] [--parts load,local,spark,scale]

Data (made once, cached in --dir): an organisation, one request, ``--grants`` real grants made by the
protocol's subject agent, each with its own freshly generated pairwise key and its own status list (5%
revoked, 5% without the analysis right, 5% withholding the e-mail address), sealed to the organisation as a
vault sends them; and a Parquet file of ``--rows`` rows, each naming one of those grants at random (0.1% name
an unknown grant).

Cases (each measured figure in its own process, gate and baseline alternating round by round):
- load: grants verified into the gate's table per second (thread CPU time, one core, best of interleaved
  rounds over the same distinct grants) against bare Ed25519 verification of the same grants' signatures
  with their own subjects' keys; for the registry form (grant JWS) and for .pdvgrant files (JWE).
- local: ``gate_parquet`` (read the key column, gate, write the allowed rows) against a plain join and filter
  of the same job without the gate (Arrow's hash join of the rows with a table of grant id, expiry and the
  two fields, filtered on expiry, written the same way); wall time.
- spark: ``gate_dataframe`` written to Parquet on Spark local[2], against Spark's broadcast join and filter
  written the same way; plus the accounting pass.
- scale: compile + gate in memory for growing rows (fixed grants) and growing grants (fixed rows).
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import os
import pickle
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from vault_app.domain.clock import FixedClock  # noqa: E402
from vault_app.domain.model import (  # noqa: E402
    Category,
    Processing,
    ReleasedField,
    ReleaseMode,
    RequestedField,
    Scope,
)
from vault_app.gate.grants import GrantSet, load_grants  # noqa: E402
from vault_app.gate.job import parse_job  # noqa: E402
from vault_app.gate.rules import compile_gate  # noqa: E402
from vault_app.gate.status import FolderStatusLists  # noqa: E402
from vault_app.protocol.codec import peek  # noqa: E402
from vault_app.protocol.did import public_key_from_did  # noqa: E402
from vault_app.protocol.jose import split_jws  # noqa: E402
from vault_app.protocol.messages import StatusRef  # noqa: E402
from vault_app.protocol.org import Organisation  # noqa: E402
from vault_app.protocol.statuslist import StatusList  # noqa: E402
from vault_app.protocol.subject import SubjectAgent  # noqa: E402

T0 = 1_800_000_000
DAY = 86400
PURPOSE = "https://w3id.org/dpv#ServiceProvision"
JOB = {
    "name": "bench",
    "purposes": [PURPOSE],
    "actions": ["use", "analyse"],
    "fields": ["email", "birth_date"],
    "at": T0 + DAY,
}


def load() -> str:
    return open("/proc/loadavg").read().split(" ")[0] if os.path.exists("/proc/loadavg") else "?"


# --- data ---------------------------------------------------------------------------------------------------


def _make_grants(args: tuple[str, str, int, int]) -> list[str]:
    request_token, out, start, count = args
    clock = FixedClock(float(T0))
    agent = SubjectAgent(clock=clock)
    request = agent.parse_request(request_token)
    lines = []
    for n in range(start, start + count):
        key = Ed25519PrivateKey.generate()
        uri = f"urn:pdv:status:bench-{n:07d}"
        kind = n % 20
        processing = (Processing.ANALYSE,) if kind != 1 else ()
        fields = [
            ReleasedField(
                "birth_date",
                Category.DEMOGRAPHIC,
                "30-39",
                ReleaseMode.ANONYMISED,
                "date.age_band",
                (("width", "10"),),
            )
        ]
        withheld: tuple[str, ...] = ("email",) if kind == 2 else ()
        if kind != 2:
            fields.insert(
                0, ReleasedField("email", Category.CONTACT, f"person{n}@example.org", ReleaseMode.EXACT)
            )
        sealed = agent.make_grant(
            key,
            request,
            fields,
            Scope((PURPOSE,), "Run the account.", 365 * DAY, (), processing),
            StatusRef(0, uri),
            withheld=withheld,
        )
        sl = StatusList(8, bits=2)
        if kind == 3:
            sl.set(0, 1)
        lst = agent.build_status_list(key, uri, sl, ttl=7 * DAY)
        lines.append(f"{sealed.jti}\t{sealed.jwe}\t{sealed.token}\t{lst}")
    path = f"{out}.{start}"
    Path(path).write_text("\n".join(lines) + "\n")
    return [line.split("\t", 1)[0] for line in lines]


def ensure_data(d: Path, grants: int, rows: int) -> None:
    d.mkdir(parents=True, exist_ok=True)
    gfile = d / f"grants-{grants}.tsv"
    if not gfile.exists():
        t = time.time()
        org = Organisation.create(d / "org", "Bench Bank", clock=FixedClock(float(T0)), overwrite=True)
        request = org.make_request(
            [RequestedField("email", Category.CONTACT), RequestedField("birth_date", Category.DEMOGRAPHIC)],
            [PURPOSE],
            "Run the account.",
            365 * DAY,
            processing=(Processing.ANALYSE,),
            lifetime=30 * DAY,
        )
        (d / "request.pdvreq").write_text(request + "\n")
        chunk = 2000
        jobs = [(request, str(gfile), s, min(chunk, grants - s)) for s in range(0, grants, chunk)]
        with multiprocessing.Pool(2) as pool:
            for _ in pool.imap(_make_grants, jobs):
                pass
        with open(gfile, "w") as fh:
            for s in range(0, grants, chunk):
                part = Path(f"{gfile}.{s}")
                fh.write(part.read_text())
                part.unlink()
        print(f"# made {grants} grants in {time.time() - t:.0f} s (load {load()})", flush=True)
    dfile = d / f"data-{grants}-{rows}.parquet"
    if not dfile.exists():
        ids = [line.split("\t", 1)[0] for line in gfile.read_text().splitlines()]
        rng = np.random.default_rng(1)
        pick = rng.integers(0, len(ids), rows)
        keys = pa.array(ids, type=pa.string()).take(pa.array(pick))
        unknown = rng.random(rows) < 0.001
        keys = pc.if_else(pa.array(unknown), pa.scalar("unknown-grant-0000001"), keys)
        pq.write_table(
            pa.table({"grant": keys, "visits": pa.array(rng.integers(0, 50, rows))}),
            dfile,
            row_group_size=1 << 20,
        )


def grant_lines(d: Path, grants: int) -> list[list[str]]:
    return [line.split("\t") for line in (d / f"grants-{grants}.tsv").read_text().splitlines()]


def grant_table(d: Path, grants: int) -> tuple[GrantSet, FolderStatusLists, float]:
    """The verified table and status lists (cached as pickles after the first, timed, load)."""
    cache = d / f"table-{grants}.pickle"
    lists_cache = d / f"lists-{grants}.pickle"
    if lists_cache.exists():
        lists = pickle.loads(lists_cache.read_bytes())
    else:
        lists = FolderStatusLists(x[3] for x in grant_lines(d, grants))
        lists_cache.write_bytes(pickle.dumps(lists))
    if cache.exists():
        return pickle.loads(cache.read_bytes()), lists, 0.0
    org = Organisation.load(d / "org")
    lines = grant_lines(d, grants)
    t = time.time()
    table = load_grants(org, ((x[0], x[1]) for x in lines), [(d / "request.pdvreq").read_text()])
    took = time.time() - t
    cache.write_bytes(pickle.dumps(table))
    return table, lists, took


# --- cases --------------------------------------------------------------------------------------------------


def bench_load(d: Path, grants: int, n: int, rounds: int) -> dict[str, Any]:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    org = Organisation.load(d / "org")
    request = (d / "request.pdvreq").read_text()
    lines = grant_lines(d, grants)[:n]
    parts = [split_jws(x[2]) for x in lines]
    pubs = [public_key_from_did(peek(x[2])[1]["iss"]) for x in lines]

    def bare() -> None:
        for pk, p in zip(pubs, parts, strict=True):
            pk.verify(p.signature, p.signing_input)

    def load_jws() -> None:
        t = load_grants(org, ((x[0], x[2]) for x in lines), [request])
        assert t.accepted == n

    def load_jwe() -> None:
        t = load_grants(org, ((x[0], x[1]) for x in lines), [request])
        assert t.accepted == n

    cases = {"bare": bare, "jws": load_jws, "jwe": load_jwe}
    samples: dict[str, list[float]] = {k: [] for k in cases}
    for f in cases.values():
        f()
    for _ in range(rounds):
        for k, f in cases.items():
            gc.collect()
            t0 = time.thread_time()
            f()
            samples[k].append(n / (time.thread_time() - t0))
    best = {k: max(v) for k, v in samples.items()}
    return {
        "n": n,
        "rounds": rounds,
        "best": best,
        "median": {k: statistics.median(v) for k, v in samples.items()},
        "ratio_jws": best["jws"] / best["bare"],
        "ratio_jwe": best["jwe"] / best["bare"],
        "load": load(),
    }


def one_local(d: Path, grants: int, rows: int, which: str) -> dict[str, Any]:
    table, lists, _ = grant_table(d, grants)
    src = d / f"data-{grants}-{rows}.parquet"
    dst = d / f"out-{which}.parquet"
    job = parse_job(JOB)
    if which == "gate":
        from vault_app.gate.local import gate_parquet

        t0 = time.time()
        compiled = compile_gate(job, table, lists)
        t1 = time.time()
        counts, _ = gate_parquet(compiled, src, dst)
        t2 = time.time()
        out_rows = int(counts[0])
        return {"compile_s": t1 - t0, "gate_s": t2 - t1, "rows_out": out_rows, "load": load()}
    # the same job without the gate: join the rows with the grants' expiry and values, filter on expiry
    recs = [r for r in table.records.values() if r.grant is not None]
    vals = [{f.name: f.value for f in r.grant.body.fields} for r in recs]  # type: ignore[union-attr]
    grants_t = pa.table(
        {
            "grant": [r.grant_id for r in recs],
            "exp": [r.expires_at for r in recs],
            "email": [v.get("email") for v in vals],
            "birth_date": [v.get("birth_date") for v in vals],
        }
    )
    t1 = time.time()
    reader = pq.ParquetFile(src)
    out_rows = 0
    with pq.ParquetWriter(
        dst, pa.schema([("grant", pa.string()), ("email", pa.string()), ("birth_date", pa.string())])
    ) as w:
        for batch in reader.iter_batches(batch_size=1 << 20, columns=["grant"]):
            joined = pa.Table.from_batches([batch]).join(grants_t, "grant", join_type="inner")
            kept = joined.filter(pc.greater(joined["exp"], JOB["at"])).select(
                ["grant", "email", "birth_date"]
            )
            out_rows += kept.num_rows
            w.write_table(kept)
    t2 = time.time()
    return {"gate_s": t2 - t1, "rows_out": out_rows, "load": load()}


def one_spark(d: Path, grants: int, rows: int, which: str) -> dict[str, Any]:
    os.environ["PYSPARK_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    table, lists, _ = grant_table(d, grants)
    job = parse_job(JOB)
    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "3g")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    src = str(d / f"data-{grants}-{rows}.parquet")
    dst = str(d / f"spark-{which}")
    df = spark.read.parquet(src)
    res: dict[str, Any] = {}
    if which == "gate":
        from vault_app.gate.spark import gate_accounting, gate_dataframe

        t0 = time.time()
        compiled = compile_gate(job, table, lists)
        t1 = time.time()
        gate_dataframe(df, compiled).write.mode("overwrite").parquet(dst)
        t2 = time.time()
        counts, _ = gate_accounting(df, compiled)
        t3 = time.time()
        res = {"compile_s": t1 - t0, "gate_s": t2 - t1, "accounting_s": t3 - t2, "rows_out": int(counts[0])}
    else:
        recs = [r for r in table.records.values() if r.grant is not None]
        vals = [{f.name: f.value for f in r.grant.body.fields} for r in recs]  # type: ignore[union-attr]
        g = spark.createDataFrame(
            pa.table(
                {
                    "grant": [r.grant_id for r in recs],
                    "exp": [r.expires_at for r in recs],
                    "email": [v.get("email") for v in vals],
                    "birth_date": [v.get("birth_date") for v in vals],
                }
            )
        )
        t1 = time.time()
        (
            df.select("grant")
            .join(F.broadcast(g), "grant")
            .where(F.col("exp") > JOB["at"])
            .select("grant", "email", "birth_date")
            .write.mode("overwrite")
            .parquet(dst)
        )
        res = {"gate_s": time.time() - t1}
    spark.stop()
    res["load"] = load()
    return res


def bench_scale(d: Path, grants: int, rows: int) -> dict[str, Any]:
    table, lists, _ = grant_table(d, grants)
    job = parse_job(JOB)
    # read as the one-machine runner reads it: the key column dictionary-encoded
    keys = pq.read_table(d / f"data-{grants}-{rows}.parquet", columns=["grant"], read_dictionary=["grant"])
    out: dict[str, Any] = {"rows": [], "grants": [], "load": load()}
    compiled = compile_gate(job, table, lists)
    for n in sorted({rows // 10, rows // 3, rows}):
        times = []
        for _ in range(2):  # best of two: the machine is shared
            t = time.time()
            compiled.apply_table(keys.slice(0, n))
            times.append(time.time() - t)
        out["rows"].append({"rows": n, "grants": grants, "s": min(times)})
    ids = list(table.records)
    rng = np.random.default_rng(2)
    m = max(rows // 3, 1)
    for g in sorted({grants // 10, grants // 3, grants}):
        sub = GrantSet(records={k: table.records[k] for k in ids[:g]})
        pick = pa.array(ids[:g], type=pa.string()).take(pa.array(rng.integers(0, g, m)))
        t = time.time()
        c = compile_gate(job, sub, lists)
        t1 = time.time()
        batch = pa.table({"grant": pick.dictionary_encode()})
        times = []
        for _ in range(2):
            t2 = time.time()
            c.apply_table(batch)
            times.append(time.time() - t2)
        out["grants"].append({"rows": m, "grants": g, "compile_s": t1 - t, "gate_s": min(times)})
    out["load_end"] = load()
    return out


def child(kind: str, d: Path, grants: int, rows: int, which: str) -> dict[str, Any]:
    r = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            kind,
            "--which",
            which,
            "--dir",
            str(d),
            "--grants",
            str(grants),
            "--rows",
            str(rows),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYSPARK_PYTHON": sys.executable},
    )
    if r.returncode != 0:
        raise SystemExit(f"{kind}/{which} failed:\n{r.stderr[-3000:]}")
    return dict(json.loads(r.stdout.strip().splitlines()[-1]))


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--rows", type=int, default=10_000_000)
    p.add_argument("--grants", type=int, default=100_000)
    p.add_argument("--dir", type=Path, default=Path("/tmp/pdv-bench-gate"))
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--load-n", type=int, default=2000)
    p.add_argument("--load-rounds", type=int, default=10)
    p.add_argument("--parts", default="load,local,spark,scale")
    p.add_argument("--child")
    p.add_argument("--which", default="gate")
    a = p.parse_args()
    if a.child:
        fn = {"local": one_local, "spark": one_spark}[a.child]
        print(json.dumps(fn(a.dir, a.grants, a.rows, a.which)))
        return 0
    ensure_data(a.dir, a.grants, a.rows)
    parts = a.parts.split(",")
    results: dict[str, Any] = {"rows": a.rows, "grants": a.grants, "load_start": load()}
    if "local" in parts or "spark" in parts or "scale" in parts:
        _, _, took = grant_table(a.dir, a.grants)
        if took:
            results["table_load_wall_s"] = took
            print(
                f"# full table: {a.grants} grants verified (JWE) in {took:.1f} s wall, load {load()}",
                flush=True,
            )
    if "load" in parts:
        results["load"] = bench_load(a.dir, a.grants, a.load_n, a.load_rounds)
        print(json.dumps({"load": results["load"]}), flush=True)
    for kind in ("local", "spark"):
        if kind not in parts:
            continue
        rounds = []
        for r in range(a.rounds):
            order = ("gate", "join") if r % 2 == 0 else ("join", "gate")
            res = {w: child(kind, a.dir, a.grants, a.rows, w) for w in order}
            res["ratio"] = res["gate"]["gate_s"] / res["join"]["gate_s"]
            rounds.append(res)
            print(json.dumps({kind: res}), flush=True)
        results[kind] = rounds
    if "scale" in parts:
        results["scale"] = bench_scale(a.dir, a.grants, a.rows)
        print(json.dumps({"scale": results["scale"]}), flush=True)
    results["load_end"] = load()
    out = a.dir / f"results-{a.grants}-{a.rows}.json"
    out.write_text(json.dumps(results, indent=2))
    print(f"# results in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
