"""Gateway benchmark: verified deliveries per second (SQLite and PostgreSQL) and latency at a fixed rate.

Every delivery is a distinct grant from a distinct subject (a fresh pairwise key), made before timing starts.
The
gateway runs as its own process(es) (``pdvault-org serve --workers W``); the load generator is one asyncio
process with aiohttp's client on the same machine (so it competes for the same 2 cores). A delivery counts
when
the answer is 201 with an acknowledgement; after each round every acknowledgement is verified (signature,
message
hash) and the registry is checked to hold exactly the deliveries sent.

    .venv/bin/python benchmarks/bench_gateway.py [--count 4000] [--rate 200] [--seconds 10] [--workers 2]

PostgreSQL is started from Debian's binaries like the tests do (tests/pgserver.py).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from pgserver import PgServer, wait_port  # noqa: E402
from vault_app.domain.model import Category, ReleasedField, ReleaseMode, RequestedField  # noqa: E402
from vault_app.gateway.registry import Registry  # noqa: E402
from vault_app.protocol import Organisation, StatusRef, SubjectAgent, online  # noqa: E402


def loadavg() -> str:
    return Path("/proc/loadavg").read_text().split(" ", 3)[:3].__str__()


def deliveries(org: Organisation, request: str, n: int, tag: str) -> list[tuple[str, str]]:
    agent = SubjectAgent()
    req = agent.parse_request(request)
    out = []
    for i in range(n):
        key = Ed25519PrivateKey.generate()
        f = ReleasedField("email", Category.CONTACT, f"{tag}{i}@example.org", ReleaseMode.EXACT)
        sealed = agent.make_grant(
            key, req, [f], req.body.scope, StatusRef(i, f"https://gw.example/status/{tag}{i}")
        )
        out.append((sealed.jti, sealed.jwe))
    return out


class Served:
    def __init__(self, keys: Path, db: str, workers: int, port: int) -> None:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "vault_app.cli.org",
                "serve",
                "--keys",
                str(keys),
                "--db",
                db,
                "--port",
                str(port),
                "--workers",
                str(workers),
                "--rate",
                "0",
                "--quiet",
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_port(port, 30)
        time.sleep(0.5 * workers)  # every worker listening

    def cpu_seconds(self) -> float:
        """User + system CPU time of the gateway's processes (the parent and its worker children)."""
        pids = [self.proc.pid]
        try:
            kids = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text().split()
            pids += [int(k) for k in kids]
        except OSError:
            pass
        tick = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for pid in pids:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        return total

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(30)


async def _post(session: aiohttp.ClientSession, url: str, jwe: str) -> tuple[int, str, float]:
    t0 = time.perf_counter()
    async with session.post(url, data=jwe, headers={"Content-Type": online.MEDIA_JOSE}) as r:
        body = await r.text()
        return r.status, body, time.perf_counter() - t0


async def throughput(url: str, items: list[tuple[str, str]], concurrency: int) -> tuple[float, list[str]]:
    acks: list[str] = [""] * len(items)
    it = iter(enumerate(items))

    async def worker(session: aiohttp.ClientSession) -> None:
        for i, (_, jwe) in it:
            status, body, _ = await _post(session, url + online.PATH_INBOX, jwe)
            if status != 201:
                raise SystemExit(f"delivery refused: {status} {body[:200]}")
            acks[i] = body

    conn = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=conn) as session:
        t0 = time.perf_counter()
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
        elapsed = time.perf_counter() - t0
    return len(items) / elapsed, acks


async def fixed_rate(url: str, items: list[tuple[str, str]], rate: float) -> tuple[list[float], float]:
    lat: list[float] = []
    conn = aiohttp.TCPConnector(limit=200)
    async with aiohttp.ClientSession(connector=conn) as session:
        start = time.perf_counter()
        tasks = []
        for i, (_, jwe) in enumerate(items):
            delay = start + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(_post(session, url + online.PATH_INBOX, jwe)))
        results = await asyncio.gather(*tasks)
        achieved = len(items) / (time.perf_counter() - start)
    for status, body, dt in results:
        if status != 201:
            raise SystemExit(f"delivery refused: {status} {body[:200]}")
        lat.append(dt * 1000)
    return lat, achieved


def check(org: Organisation, db: str, items: list[tuple[str, str]], acks: list[str]) -> None:
    for (gid, jwe), ack in zip(items, acks, strict=True):
        a = online.verify_ack(ack, organisation=org.did, message=jwe)
        assert a.message_id == gid
    reg = Registry.open(db)
    try:
        held = {g.id for g in reg.grants()}
    finally:
        reg.close()
    assert {gid for gid, _ in items} <= held


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=4000)
    ap.add_argument("--rate", type=float, default=200)
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--only", choices=["sqlite", "postgresql"])
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="pdv-bench-gw-"))
    keys = tmp / "keys"
    org = Organisation.create(keys, "Bench Shop")
    request = org.make_request(
        [RequestedField("email", Category.CONTACT)],
        ["https://w3id.org/dpv#ServiceProvision"],
        "Deliver your order",
        86400,
    )
    pg = None
    dbs = {}
    if args.only in (None, "sqlite"):
        dbs["sqlite"] = str(tmp / "registry.db")
    if args.only in (None, "postgresql"):
        pg = PgServer().start()
        dbs["postgresql"] = pg.create_database("bench")
    try:
        for name, db in dbs.items():
            port = 20000 + hash(name) % 20000
            Registry.open(db).close()
            gw = Served(keys, db, args.workers, port)
            url = f"http://127.0.0.1:{port}"
            try:
                import urllib.request

                req = urllib.request.Request(
                    url + online.PATH_REQUESTS,
                    data=request.encode(),
                    headers={"Content-Type": online.MEDIA_JOSE},
                )
                urllib.request.urlopen(req).read()
            except Exception as exc:  # already published (second database run)
                print("publish:", exc)
            items = deliveries(org, request, args.count, f"{name}-t-")
            before = loadavg()
            cpu0 = gw.cpu_seconds()
            rate, acks = asyncio.run(throughput(url, items, args.concurrency))
            cpu = gw.cpu_seconds() - cpu0
            print(
                f"{name}: {args.count} verified deliveries, {rate:.0f}/s with {args.workers} workers, "
                f"{args.concurrency} concurrent clients; "
                f"gateway CPU {cpu * 1000 / args.count:.2f} ms per delivery "
                f"({args.count / cpu:.0f} per CPU-second); loadavg before {before} after {loadavg()}"
            )
            check(org, db, items, acks)
            n = int(args.rate * args.seconds)
            items = deliveries(org, request, n, f"{name}-l-")
            before = loadavg()
            lat, achieved = asyncio.run(fixed_rate(url, items, args.rate))
            lat.sort()
            p50 = statistics.median(lat)
            p99 = lat[int(len(lat) * 0.99) - 1]
            print(
                f"{name}: {n} deliveries at {args.rate:.0f}/s (achieved {achieved:.0f}/s): p50 {p50:.1f} ms, "
                f"p99 {p99:.1f} ms, max {lat[-1]:.1f} ms; loadavg before {before} after {loadavg()}"
            )
            gw.stop()
    finally:
        if pg is not None:
            pg.stop()


if __name__ == "__main__":
    main()
