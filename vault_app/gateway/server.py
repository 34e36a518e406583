"""The gateway's HTTP service on aiohttp: routes, problem documents (RFC 9457), limits, access logs, shutdown.

Why aiohttp: one well-kept package (the aio-libs project, releases every few weeks) gives a production
HTTP/1.1
server with a C-accelerated parser, a request body cap (``client_max_size``), TLS from a standard
``ssl.SSLContext``, graceful shutdown that lets running requests finish, and ``reuse_port`` so several worker
processes share one port. Starlette needs a separate server (uvicorn) and more packages for the same.

Every handler only translates between HTTP and :class:`vault_app.gateway.service.Gateway`. Errors are problem
documents, never a traceback; access logs are one JSON line per request with the route *template* (never a
DID,
a client address or a body), status, size and time.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from vault_app.domain.errors import ProtocolError, VaultError
from vault_app.gateway.registry import Registry, StaleList
from vault_app.gateway.service import AlreadyReceived, Delivered, Gateway, NotFound, Prepared
from vault_app.protocol import online
from vault_app.protocol.errors import Reason
from vault_app.protocol.jose import MAX_MESSAGE_BYTES

log = logging.getLogger("pdvault.gateway")
access_log = logging.getLogger("pdvault.gateway.access")

#: HTTP status for each rejection reason
STATUS_BY_REASON: dict[str, int] = {
    Reason.TOO_LARGE: 413,
    Reason.MALFORMED: 400,
    Reason.COMPRESSED: 400,
    Reason.BAD_ALGORITHM: 400,
    Reason.WRONG_TYPE: 400,
    Reason.MISSING_CLAIM: 400,
    Reason.INVALID_CLAIM: 400,
    Reason.UNSUPPORTED_VERSION: 400,
    Reason.UNKNOWN_KIND: 400,
    Reason.BAD_SIGNATURE: 422,
    Reason.UNDECRYPTABLE: 422,
    Reason.UNKNOWN_KEY: 422,
    Reason.REQUEST_MISMATCH: 422,
    Reason.EXPIRED: 422,
    Reason.NOT_YET_VALID: 422,
    Reason.ISSUED_IN_FUTURE: 422,
    Reason.REVOKED: 422,
    Reason.UNAVAILABLE: 503,
    Reason.WRONG_AUDIENCE: 403,
    Reason.REPLAYED: 409,
    "already-received": 409,
    StaleList.reason: 409,
    NotFound.reason: 404,
}
_TITLES = {
    400: "Bad request",
    403: "Not for this organisation",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Too large",
    415: "Unsupported media type",
    422: "Refused",
    429: "Too many requests",
    500: "Internal error",
    503: "Unavailable",
}


def problem(status: int, reason: str, detail: str, **extra: Any) -> web.Response:
    body = {
        "type": online.PROBLEM_BASE + reason,
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        **extra,
    }
    return web.Response(status=status, body=json.dumps(body).encode(), content_type=online.MEDIA_PROBLEM)


@dataclass
class Limits:
    #: requests per second per client address (token bucket); 0 turns the limit off
    rate: float = 50.0
    burst: int = 100


class RateLimiter:
    """A token bucket per client address, in memory (per worker process). Old buckets are dropped."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._buckets: dict[str, tuple[float, float]] = {}

    def allow(self, client: str) -> float:
        """0 if the request may go ahead, else the seconds to wait."""
        if self.limits.rate <= 0:
            return 0.0
        now = time.monotonic()
        tokens, last = self._buckets.get(client, (float(self.limits.burst), now))
        tokens = min(float(self.limits.burst), tokens + (now - last) * self.limits.rate)
        if tokens < 1.0:
            self._buckets[client] = (tokens, now)
            return (1.0 - tokens) / self.limits.rate
        self._buckets[client] = (tokens - 1.0, now)
        if len(self._buckets) > 100_000:
            cutoff = now - self.limits.burst / self.limits.rate
            self._buckets = {k: v for k, v in self._buckets.items() if v[1] >= cutoff}
        return 0.0


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _route(request: web.Request) -> str:
    info = request.match_info.route.resource
    return info.canonical if info is not None else "(no route)"


async def _body(request: web.Request) -> str:
    ctype = request.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if ctype != online.MEDIA_JOSE:
        raise _Problem(415, "unsupported-media-type", f"Send the compact token as {online.MEDIA_JOSE}.")
    if request.content_length is not None and request.content_length > MAX_MESSAGE_BYTES + 2:
        raise _Problem(413, Reason.TOO_LARGE, f"The message is larger than {MAX_MESSAGE_BYTES // 1024} KiB.")
    data = await request.read()
    try:
        return data.decode("ascii")
    except UnicodeDecodeError:
        raise _Problem(400, Reason.MALFORMED, "The body is not a compact JOSE token.") from None


class _Problem(Exception):
    def __init__(self, status: int, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.reason, self.detail = status, reason, detail


class Batcher:
    """Group commit: verified deliveries wait here while the previous transaction is written, then go to disk
    together in one transaction on a writer thread (one flush for many acknowledgements). The event loop keeps
    verifying new deliveries meanwhile; an acknowledgement is handed out only after its transaction
    committed."""

    def __init__(self, gateway: Gateway, writer: Registry, *, max_batch: int = 128) -> None:
        self.gateway = gateway
        self.writer = writer
        self.max_batch = max_batch
        self._queue: asyncio.Queue[tuple[Prepared, asyncio.Future[Delivered]]] = asyncio.Queue()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="registry-writer")
        self._task: asyncio.Task[None] | None = None

    async def submit(self, prepared: Prepared) -> Delivered:
        fut: asyncio.Future[Delivered] = asyncio.get_running_loop().create_future()
        await self._queue.put((prepared, fut))
        return await fut

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            batch = [await self._queue.get()]
            while len(batch) < self.max_batch and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            items = [p for p, _ in batch]
            results: list[Delivered | VaultError]
            try:
                results = await loop.run_in_executor(
                    self._executor, self.gateway.commit_many, items, self.writer
                )
            except Exception as exc:  # the database failed: every waiting delivery gets an error, none an ack
                log.error("registry write failed: %s", type(exc).__name__)
                down = ProtocolError(
                    "The registry could not store the message; send it again.", reason=Reason.UNAVAILABLE
                )
                results = [down] * len(batch)
            for (_, fut), r in zip(batch, results, strict=True):
                if fut.done():
                    continue
                if isinstance(r, BaseException):
                    fut.set_exception(r)
                else:
                    fut.set_result(r)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
        self._executor.shutdown(wait=True)
        if self.writer is not self.gateway.registry:
            self.writer.close()


def build_app(
    gateway: Gateway, *, limits: Limits | None = None, writer: Registry | None = None
) -> web.Application:
    """The gateway's application. ``writer``: a second connection to the same registry for the group-commit
    thread (reads then never wait for a write); by default the gateway's own connection."""
    limiter = RateLimiter(limits or Limits())
    batcher = Batcher(gateway, writer or gateway.registry)

    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        started = time.perf_counter()
        response: web.StreamResponse
        try:
            if request.query_string:
                raise _Problem(400, Reason.MALFORMED, "This service takes no query parameters.")
            wait = limiter.allow(request.remote or "?")
            if wait > 0:
                response = problem(429, "rate-limited", "Too many requests from this client; slow down.")
                response.headers["Retry-After"] = str(max(1, int(wait + 0.999)))
            else:
                response = await handler(request)
        except _Problem as p:
            response = problem(p.status, p.reason, p.detail)
        except AlreadyReceived as exc:
            response = problem(409, exc.reason, exc.message, ack=exc.ack)
        except (ProtocolError, VaultError) as exc:
            status = STATUS_BY_REASON.get(exc.reason, 400)
            response = problem(status, exc.reason, exc.message)
        except web.HTTPException as exc:
            reason = {404: "not-found", 405: "method-not-allowed", 413: Reason.TOO_LARGE}.get(
                exc.status, "http-error"
            )
            response = problem(exc.status, reason, exc.reason)
            if exc.status == 405 and "Allow" in exc.headers:
                response.headers["Allow"] = exc.headers["Allow"]
        except asyncio.CancelledError:
            raise
        except Exception:
            # a bug: logged with its type only (a message could echo input), answered without details
            log.error("internal error", exc_info=False, extra={"route": _route(request)})
            log.debug("internal error", exc_info=True)
            response = problem(500, "internal", "The gateway could not handle this request.")
        response.headers.setdefault("Cache-Control", "no-store")
        response.headers["X-Content-Type-Options"] = "nosniff"
        access_log.info(
            json.dumps(
                {
                    "t": round(time.time(), 3),
                    "method": request.method,
                    "route": _route(request),
                    "status": response.status,
                    "ms": round((time.perf_counter() - started) * 1000, 2),
                    "bytes": response.body_length if hasattr(response, "body_length") else None,
                }
            )
        )
        return response

    async def health(request: web.Request) -> web.Response:
        return web.json_response(
            {"status": "ok", "organisation": gateway.did, "database": gateway.registry.db.dialect}
        )

    async def inbox(request: web.Request) -> web.Response:
        delivered = await batcher.submit(gateway.prepare(await _body(request)))
        return web.Response(status=201, text=delivered.ack, content_type=online.MEDIA_ACK)

    async def publish(request: web.Request) -> web.Response:
        rid = gateway.publish_request(await _body(request))
        url = gateway.request_url(rid)
        return web.json_response({"id": rid, "url": url}, status=201, headers={"Location": url})

    async def get_request(request: web.Request) -> web.Response:
        token = gateway.get_request(request.match_info["rid"])
        return web.Response(
            text=token, content_type=online.MEDIA_JOSE, headers={"Cache-Control": "public, max-age=300"}
        )

    async def status(request: web.Request) -> web.Response:
        token, cache = gateway.status_list(request.match_info["lid"])
        return web.Response(
            text=token, content_type=online.MEDIA_STATUS_LIST, headers={"Cache-Control": cache}
        )

    async def post_mail(request: web.Request) -> web.Response:
        mid = gateway.post_mail(await _body(request))
        return web.json_response({"id": mid}, status=201)

    async def challenge(request: web.Request) -> web.Response:
        return web.Response(
            text=gateway.challenge(request.match_info["did"]), content_type=online.MEDIA_CHALLENGE
        )

    async def fetch_mail(request: web.Request) -> web.Response:
        items = gateway.fetch_mail(request.match_info["did"], await _body(request))
        return web.json_response({"items": [{"id": m.id, "kind": m.kind, "token": m.token} for m in items]})

    app = web.Application(middlewares=[guard], client_max_size=MAX_MESSAGE_BYTES + 2)
    app.router.add_get(online.PATH_HEALTH, health, allow_head=False)
    app.router.add_post(online.PATH_INBOX, inbox)
    app.router.add_post(online.PATH_REQUESTS, publish)
    app.router.add_get(online.PATH_REQUESTS + "/{rid}", get_request, allow_head=False)
    app.router.add_get(online.PATH_STATUS + "/{lid}", status, allow_head=False)
    app.router.add_post(online.PATH_MAILBOX, post_mail)
    app.router.add_get(online.PATH_MAILBOX + "/{did}/challenge", challenge, allow_head=False)
    app.router.add_post(online.PATH_MAILBOX + "/{did}", fetch_mail)

    async def start_batcher(_: web.Application) -> None:
        batcher.start()

    async def close_registry(_: web.Application) -> None:
        # after the running requests have finished (aiohttp waits for them before on_cleanup)
        await batcher.stop()
        gateway.registry.close()

    app.on_startup.append(start_batcher)
    app.on_cleanup.append(close_registry)
    return app
