"""Helpers for the gateway tests: the real aiohttp server on a loopback port in a background thread, and a
world of parties on a clock that starts now (the server and the parties share it)."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from typing import Any

from aiohttp import web

from vault_app.domain.clock import FixedClock
from vault_app.gateway.registry import Registry
from vault_app.gateway.server import Limits, build_app
from vault_app.gateway.service import Gateway
from vault_app.protocol import online
from vault_app.protocol.org import Organisation

PUBLIC = "https://gw.example"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerThread:
    """A real HTTP server (the gateway's aiohttp app) listening on 127.0.0.1 in a thread of this process."""

    def __init__(
        self, org: Organisation, db_url: str, *, public: str | None = PUBLIC, limits: Limits | None = None
    ) -> None:
        """``public``: the address the gateway names in challenges and status URIs (behind a reverse proxy);
        None: its own loopback address."""
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.registry = Registry.open(db_url, clock=org.clock)
        self.gateway = Gateway(org, self.registry, public or self.url)
        self._limits = limits or Limits(rate=0)
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._runner: web.AppRunner | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        if not self._ready.wait(15):
            raise RuntimeError("the gateway did not start")

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)

        async def start() -> None:
            self._runner = web.AppRunner(
                build_app(self.gateway, limits=self._limits),
                access_log=None,
                handle_signals=False,
                shutdown_timeout=2,
            )
            await self._runner.setup()
            await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
            self._ready.set()

        self._loop.run_until_complete(start())
        self._loop.run_forever()

    def stop(self) -> None:
        if self._runner is not None:
            fut = asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop)
            fut.result(15)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(15)

    def post(self, path: str, body: str, content_type: str = online.MEDIA_JOSE) -> online.HttpAnswer:
        return online.http("POST", self.url + path, body=body, content_type=content_type)

    def get(self, path: str) -> online.HttpAnswer:
        return online.http("GET", self.url + path)


def now_clock() -> FixedClock:
    return FixedClock(float(int(time.time())))


def problem_type(answer: online.HttpAnswer) -> str:
    doc: dict[str, Any] | None = answer.problem()
    assert doc is not None, (answer.status, answer.content_type, answer.body[:200])
    assert doc["status"] == answer.status and doc["title"] and doc["detail"]
    return str(doc["type"]).removeprefix(online.PROBLEM_BASE)
