"""Starting and stopping the gateway: keys, registry, TLS, worker processes, signals and graceful shutdown.

``pdvault-org serve`` calls :func:`serve`. The registry is migrated once before any worker starts; each worker
process opens its own database connection and listens on the same port (``SO_REUSEPORT``). SIGTERM or SIGINT
stop accepting connections, let running requests finish (up to ``shutdown_timeout``) and close the database.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import ssl
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from vault_app.domain.clock import Clock
from vault_app.domain.errors import EnvironmentFault, ValidationError
from vault_app.gateway.registry import Registry
from vault_app.gateway.server import Limits, build_app
from vault_app.gateway.service import Gateway
from vault_app.protocol import online
from vault_app.protocol.codec import DEFAULT_SKEW
from vault_app.protocol.org import Organisation


@dataclass
class ServeConfig:
    keys: Path
    db: str
    host: str = "127.0.0.1"
    port: int = 8443
    public_url: str | None = None
    tls_cert: Path | None = None
    tls_key: Path | None = None
    workers: int = 1
    limits: Limits = field(default_factory=Limits)
    shutdown_timeout: float = 10.0
    skew: int = DEFAULT_SKEW
    access_log: bool = True
    clock: Clock | None = None

    @property
    def base_url(self) -> str:
        if self.public_url:
            return online.gateway_url(self.public_url, "--public-url")
        scheme = "https" if self.tls_cert else "http"
        host = "localhost" if self.host in ("127.0.0.1", "::1", "localhost") else self.host
        if scheme == "http" and host != "localhost":
            raise ValidationError(
                "Plain http is only for localhost: give --tls-cert/--tls-key, or --public-url "
                "with the https address of the reverse proxy in front of the gateway."
            )
        return online.gateway_url(f"{scheme}://{host}:{self.port}", "the gateway address")


def _ssl_context(cfg: ServeConfig) -> ssl.SSLContext | None:
    if cfg.tls_cert is None and cfg.tls_key is None:
        return None
    if cfg.tls_cert is None or cfg.tls_key is None:
        raise ValidationError("Give both --tls-cert and --tls-key.")
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    try:
        ctx.load_cert_chain(str(cfg.tls_cert), str(cfg.tls_key))
    except (OSError, ssl.SSLError) as exc:
        raise EnvironmentFault(f"Cannot load the TLS certificate and key: {exc}") from None
    return ctx


def _logging(enabled: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    for name in ("pdvault.gateway", "pdvault.gateway.access"):
        lg = logging.getLogger(name)
        lg.handlers[:] = [handler]
        lg.propagate = False
        lg.setLevel(logging.INFO)
    logging.getLogger("pdvault.gateway.access").disabled = not enabled


async def _serve(cfg: ServeConfig, base_url: str, ctx: ssl.SSLContext | None, out: TextIO) -> None:
    from aiohttp import web

    org = Organisation.load(cfg.keys, clock=cfg.clock, skew=cfg.skew)
    registry = Registry.open(cfg.db, clock=cfg.clock, migrate=False)
    gateway = Gateway(org, registry, base_url)
    writer = Registry.open(cfg.db, clock=cfg.clock, migrate=False)  # the group-commit thread's own connection
    app = build_app(gateway, limits=cfg.limits, writer=writer)
    runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=cfg.shutdown_timeout)
    await runner.setup()
    site = web.TCPSite(runner, cfg.host, cfg.port, ssl_context=ctx, reuse_port=cfg.workers > 1, backlog=1024)
    await site.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()

    def on_signal(_signum: int, _frame: object) -> None:
        # stays installed after the loop has closed, so a second signal during the last steps of shutdown is
        # ignored instead of killing the process
        try:
            loop.call_soon_threadsafe(stop.set)
        except RuntimeError:
            pass

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, on_signal)
    out.write(f"pdvault-org: gateway of {org.name} ({org.did}) listening on {base_url} [pid {os.getpid()}]\n")
    out.flush()

    async def housekeeping() -> None:
        while True:
            await asyncio.sleep(3600)
            gateway.housekeeping()

    task = asyncio.create_task(housekeeping())
    await stop.wait()
    task.cancel()
    # stops listening, lets running requests finish (up to shutdown_timeout), then closes the registry
    await runner.cleanup()


def _worker(cfg: ServeConfig, base_url: str, out: TextIO) -> None:
    _logging(cfg.access_log)
    asyncio.run(_serve(cfg, base_url, _ssl_context(cfg), out))


def serve(cfg: ServeConfig, out: TextIO) -> int:
    """Run the gateway until SIGTERM/SIGINT. Returns the exit code."""
    base_url = cfg.base_url
    _ssl_context(cfg)  # refuse a bad certificate before anything starts
    Organisation.load(cfg.keys)  # refuse unusable keys before anything starts
    Registry.open(cfg.db, clock=cfg.clock).close()  # migrations, once
    if cfg.workers <= 1:
        _worker(cfg, base_url, out)
        return 0
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_worker, args=(cfg, base_url, out), daemon=False) for _ in range(cfg.workers)]
    for p in procs:
        p.start()

    def forward(signum: int, _frame: object) -> None:
        for p in procs:
            if p.pid is not None and p.is_alive():
                os.kill(p.pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    for p in procs:
        p.join()
    return 0 if all(p.exitcode == 0 for p in procs) else 1
