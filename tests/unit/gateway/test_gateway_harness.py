"""Fault harness (loopback only, bounded): many simulated vaults deliver grants while the gateway process is
killed (SIGKILL) and restarted at random. A vault retries the same bytes until it holds a valid signed
acknowledgement. At the end every acknowledged delivery is in the registry exactly once, and nothing else is.

Quick run: 500 deliveries (default test run). ``PDV_FULL=1``: 10,000.
"""

from __future__ import annotations

import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from gwhelpers import free_port

from pgserver import wait_port
from vault_app.domain.errors import ProtocolError
from vault_app.domain.model import Category, ReleasedField, ReleaseMode, RequestedField
from vault_app.gateway.registry import Registry
from vault_app.protocol import Organisation, StatusRef, SubjectAgent, online

FULL = os.environ.get("PDV_FULL") == "1"
COUNT = 10_000 if FULL else 500
VAULTS = 16
KILLS = 20 if FULL else 4
DEADLINE = 1500 if FULL else 150


def make_deliveries(org: Organisation, request_token: str, count: int) -> list[tuple[str, str]]:
    """(grant id, sealed grant) from ``count`` distinct subjects."""
    agent = SubjectAgent()
    req = agent.parse_request(request_token)
    out = []
    for i in range(count):
        key = Ed25519PrivateKey.generate()
        sealed = agent.make_grant(
            key,
            req,
            [ReleasedField("email", Category.CONTACT, f"user{i}@example.org", ReleaseMode.EXACT)],
            req.body.scope,
            StatusRef(i, f"https://gw.example/status/s{i}"),
        )
        out.append((sealed.jti, sealed.jwe))
    return out


class Gateway:
    def __init__(self, keys: Path, db: Path) -> None:
        self.keys, self.db = keys, db
        self.port = free_port()
        self.url = f"http://localhost:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        self.kills = 0

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "vault_app.cli.org",
                "serve",
                "--keys",
                str(self.keys),
                "--db",
                str(self.db),
                "--port",
                str(self.port),
                "--rate",
                "0",
                "--quiet",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_port(self.port, 30)

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)
        self.kills += 1

    def stop(self) -> int:
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(30)


def test_kill_and_restart_lose_nothing_acknowledged_and_store_nothing_twice(tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    org = Organisation.create(keys, "Harness Shop")
    request = org.make_request(
        [RequestedField("email", Category.CONTACT)],
        ["https://w3id.org/dpv#ServiceProvision"],
        "Deliver your order",
        86400,
    )
    gw = Gateway(keys, tmp_path / "registry.db")
    gw.start()
    assert online.http("POST", gw.url + online.PATH_REQUESTS, body=request).status == 201
    deliveries = make_deliveries(org, request, COUNT)
    todo: queue.Queue[tuple[str, str]] = queue.Queue()
    for d in deliveries:
        todo.put(d)
    acked: dict[str, str] = {}
    lock = threading.Lock()
    errors: list[str] = []
    stop_killing = threading.Event()
    deadline = time.monotonic() + DEADLINE

    def vault() -> None:
        while time.monotonic() < deadline:
            try:
                gid, jwe = todo.get_nowait()
            except queue.Empty:
                return
            while time.monotonic() < deadline:
                try:
                    ans = online.http("POST", gw.url + online.PATH_INBOX, body=jwe, timeout=10)
                except ProtocolError:
                    time.sleep(0.05)  # gateway down: try again with the same bytes
                    continue
                if ans.status == 201:
                    token = ans.body.decode()
                elif ans.status == 409 and isinstance((ans.problem() or {}).get("ack"), str):
                    token = str((ans.problem() or {})["ack"])
                elif ans.status >= 500:
                    time.sleep(0.05)
                    continue
                else:
                    with lock:
                        errors.append(f"{gid}: {ans.status} {ans.problem_text()}")
                    break
                ack = online.verify_ack(token, organisation=org.did, message=jwe)
                assert ack.message_id == gid
                with lock:
                    acked[gid] = token
                break

    rnd = random.Random(12)
    # kills at random points of the run (by progress, so a fast machine cannot finish before them) ...
    thresholds = sorted(rnd.sample(range(COUNT // 20, COUNT * 4 // 5), KILLS))

    def killer() -> None:
        pending = list(thresholds)
        while not stop_killing.is_set():
            with lock:
                done = len(acked)
            # ... and at random times in between
            if (pending and done >= pending[0]) or rnd.random() < 0.01:
                if pending and done >= pending[0]:
                    pending.pop(0)
                gw.kill()
                time.sleep(rnd.uniform(0.0, 0.2))
                gw.start()
            time.sleep(0.01)

    threads = [threading.Thread(target=vault) for _ in range(VAULTS)]
    k = threading.Thread(target=killer)
    started = time.monotonic()
    k.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop_killing.set()
    k.join()
    elapsed = time.monotonic() - started
    assert gw.stop() == 0
    assert errors == [], errors[:5]
    assert len(acked) == COUNT, f"only {len(acked)} of {COUNT} acknowledged within {DEADLINE} s"
    assert gw.kills >= KILLS, "the gateway was not killed as planned: the harness proved nothing"
    reg = Registry.open(str(tmp_path / "registry.db"))
    try:
        stored = [g.id for g in reg.grants()]
        assert len(stored) == len(set(stored)) == COUNT  # nothing twice
        assert set(stored) == set(acked)  # nothing acknowledged lost, nothing unacknowledged kept
        assert reg.inbox_count("grant") == COUNT
    finally:
        reg.close()
    print(f"{COUNT} deliveries, {gw.kills} kills, {elapsed:.1f} s")
