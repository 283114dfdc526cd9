"""Pure ASGI middleware: security headers, request body limit, per-IP rate limit.

Pure ASGI (not ``BaseHTTPMiddleware``) so streamed responses pass through untouched and
a too-large body is refused before it is read into memory.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections import OrderedDict
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.errors import AssistantError, RateLimitedError, TooLargeError
from assistant.settings import Settings

# /docs uses Swagger UI's inline bootstrap script and its CDN assets; everything else is strict
_DOCS = ("/docs", "/redoc", "/docs/oauth2-redirect")
_CROSS_ORIGIN_ASSETS = ("/widget.js", "/static/widget.css")


def error_body(exc: AssistantError) -> bytes:
    return json.dumps({"error": exc.name, "message": exc.message}, ensure_ascii=False).encode()


async def send_error(send: Send, exc: AssistantError, headers: list[tuple[bytes, bytes]]) -> None:
    body = error_body(exc)
    await send(
        {
            "type": "http.response.start",
            "status": exc.status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


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
    """

    MAX_CLIENTS = 10_000

    def __init__(self, app: ASGIApp, per_minute: int) -> None:
        self.app = app
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

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
        wait = self._take(client[0] if client else "?")
        if wait > 0:
            exc = RateLimitedError("For mange forespørsler på kort tid. Vent litt og prøv igjen.")
            await send_error(send, exc, [(b"retry-after", str(math.ceil(wait)).encode())])
            return
        await self.app(scope, receive, send)
