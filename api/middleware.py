"""Pure ASGI middleware: security headers, error boundary, body limit, per-IP rate limit, CORS.

Pure ASGI (not ``BaseHTTPMiddleware``) so streamed responses pass through untouched and
a too-large body is refused before it is read into memory. Order (outermost first):
SecurityHeaders → CORS → BodyLimit → RateLimit → ErrorBoundary → the app, so every
answer, 413, 429 and 500 included, carries the security and CORS headers.
"""

from __future__ import annotations

import ipaddress
import logging
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import error_bytes, unexpected
from assistant.errors import AssistantError, RateLimitedError, TooLargeError
from assistant.settings import Settings

log = logging.getLogger(__name__)

# /docs uses Swagger UI's inline bootstrap script and its CDN assets; everything else is strict
_DOCS = ("/docs", "/redoc", "/docs/oauth2-redirect")
_CROSS_ORIGIN_ASSETS = ("/widget.js", "/static/widget.css")


def error_body(exc: AssistantError) -> bytes:
    return error_bytes(exc.name, exc.message)


async def send_json_error(
    send: Send, status: int, body: bytes, headers: Sequence[tuple[bytes, bytes]] = ()
) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def send_error(send: Send, exc: AssistantError, headers: list[tuple[bytes, bytes]]) -> None:
    await send_json_error(send, exc.status, error_body(exc), headers)


class ErrorBoundary:
    """Innermost: an exception no handler took becomes a JSON 503 (store fault) or 500.

    Starlette would render it in its outermost ``ServerErrorMiddleware``, outside the
    security-header and CORS middleware; here the answer passes through both.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            if started:  # too late for another status: let the server drop the connection
                raise
            status, name, message, headers = unexpected(exc)
            await send_json_error(
                send,
                status,
                error_bytes(name, message),
                [(k.encode(), v.encode()) for k, v in headers.items()],
            )


_CORS_PARTS = {"origin": "opprinnelse", "method": "metode", "headers": "overskrifter"}


class JSONCORSMiddleware(CORSMiddleware):
    """Starlette's CORS middleware, with refused preflights as ``{error, message}`` JSON."""

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code != 400:
            return response
        # Starlette's text: "Disallowed CORS origin, method, headers" (the parts that failed)
        text = bytes(response.body).decode("utf-8", "replace").removeprefix("Disallowed CORS ")
        parts = [_CORS_PARTS[p] for p in text.split(", ") if p in _CORS_PARTS]
        body = error_bytes(
            "cors_rejected",
            "Forespørselen er ikke tillatt fra denne nettsiden (CORS"
            + (f": {', '.join(parts)}" if parts else "")
            + "). Nettsidens opprinnelse må stå i SKJONN_CORS_ORIGINS.",
        )
        headers = {
            k: v for k, v in response.headers.items() if k not in ("content-type", "content-length")
        }
        return Response(body, status_code=400, headers=headers, media_type="application/json")


class SecurityHeaders:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        ancestors = settings.frame_ancestors.strip() or "'none'"
        self.strict = (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
            f"frame-ancestors {ancestors}"
        ).encode()
        self.docs = (
            b"default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
            b"style-src 'self' https://cdn.jsdelivr.net; img-src 'self' data: "
            b"https://fastapi.tiangolo.com; frame-ancestors 'none'"
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        csp = self.docs if path.startswith(_DOCS) else self.strict
        corp = b"cross-origin" if path in _CROSS_ORIGIN_ASSETS else b"same-origin"

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", csp),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"cross-origin-resource-policy", corp),
                    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
                ]
                if path.startswith("/v1/"):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyLimit:
    """413 for bodies over the limit: by Content-Length up front, or while streaming."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _error(self) -> TooLargeError:
        mb = self.max_bytes // (1024 * 1024)
        return TooLargeError(f"Forespørselen er for stor (over {mb} MB).")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_big = int(value) > self.max_bytes
                except ValueError:
                    too_big = False
                if too_big:
                    await send_error(send, self._error(), [(b"connection", b"close")])
                    return
        seen = 0
        app_started = False  # the app has begun its own reply: too late for a 413
        replaced = False  # we answered 413: everything the app sends is dropped

        async def counting_receive() -> Message:
            nonlocal seen, replaced
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes and not app_started and not replaced:
                    replaced = True
                    await send_error(send, self._error(), [(b"connection", b"close")])
                    return {"type": "http.disconnect"}  # the app stops reading
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal app_started
            if replaced:
                return
            app_started = True
            await send(message)

        await self.app(scope, counting_receive, guarded_send)


class RateLimit:
    """Token bucket per client IP on ``/v1/``: ``per_minute`` requests, refilled evenly.

    In-process: with several workers each has its own buckets (the limit is per worker).
    The client IP is the peer's, or the one a trusted proxy (``SKJONN_TRUSTED_PROXIES``)
    forwarded: uvicorn resolves ``X-Forwarded-For`` only for those (``api/server.py``).
    A request from a trusted proxy without the header is logged once: every user behind
    that proxy then shares one bucket.
    """

    MAX_CLIENTS = 10_000

    def __init__(self, app: ASGIApp, per_minute: int, trusted: Sequence[str] = ()) -> None:
        self.app = app
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()
        self._trusted = [ipaddress.ip_network(t, strict=False) for t in trusted]
        self._warned = False

    def _check_proxy(self, client: str, scope: Scope) -> None:
        if self._warned or not self._trusted:
            return
        try:
            ip = ipaddress.ip_address(client)
        except ValueError:
            return
        if any(ip in net for net in self._trusted) and not any(
            k == b"x-forwarded-for" for k, _ in scope.get("headers", [])
        ):
            self._warned = True
            log.warning(
                "request from trusted proxy %s without X-Forwarded-For: all its clients share "
                "one rate-limit bucket; let the proxy set the header",
                client,
            )

    def _take(self, client: str) -> float:
        """0 when allowed, else seconds until a token is free."""
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.pop(client, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            wait = 0.0
            if tokens >= 1:
                tokens -= 1
            else:
                wait = (1 - tokens) / self.rate
            self._buckets[client] = (tokens, now)
            while len(self._buckets) > self.MAX_CLIENTS:
                self._buckets.popitem(last=False)
        return wait

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.capacity <= 0 or scope["type"] != "http" or not scope["path"].startswith("/v1/"):
            await self.app(scope, receive, send)
            return
        if scope.get("method") == "OPTIONS":  # CORS preflight
            await self.app(scope, receive, send)
            return
        client: Any = scope.get("client")
        ip = client[0] if client else "?"
        self._check_proxy(ip, scope)
        wait = self._take(ip)
        if wait > 0:
            exc = RateLimitedError("For mange forespørsler på kort tid. Vent litt og prøv igjen.")
            await send_error(send, exc, [(b"retry-after", str(math.ceil(wait)).encode())])
            return
        await self.app(scope, receive, send)
