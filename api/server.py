"""How uvicorn serves the app: one set of options for `skjonn serve`, its workers and the tests.

- Request heads (request line + headers) are limited to ``SKJONN_MAX_HEADER_KB``: past it
  the connection gets 431 ``{error, message}`` and is closed, before the rest is read.
  uvicorn's httptools protocol has no such limit (h11's has, and gets the same number).
- Forwarded headers (``X-Forwarded-For``) are trusted only from ``SKJONN_TRUSTED_PROXIES``;
  uvicorn's default trusts them from loopback, which lets any local client pick its IP
  (and with it its rate-limit bucket).
- The access log masks personal data in the path and query (``q=`` holds free text).
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import parse_qsl, quote, unquote

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from api.errors import error_bytes
from assistant.privacy import mask
from assistant.settings import Settings

_DEFAULT_HEAD = 64 * 1024


def _refusal(status: int, reason: str, name: str, message: str) -> bytes:
    body = error_bytes(name, message)
    head = (
        f"HTTP/1.1 {status} {reason}\r\n"
        "content-type: application/json\r\n"
        f"content-length: {len(body)}\r\n"
        "connection: close\r\n"
        "cache-control: no-store\r\n"
        "x-content-type-options: nosniff\r\n"
        "content-security-policy: default-src 'none'; frame-ancestors 'none'\r\n"
        "\r\n"
    )
    return head.encode("ascii") + body


class HeadLimitedHttpTools(HttpToolsProtocol):
    """httptools protocol that refuses a request head over the limit with 431.

    Bytes are counted while a head is being parsed (between the start of a message and
    its last header); the limit comes from ``h11_max_incomplete_event_size``, so one
    uvicorn option sets it for both protocols.
    """

    def __init__(self, config: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(config, *args, **kwargs)
        self.max_head = int(config.h11_max_incomplete_event_size or _DEFAULT_HEAD)
        self._in_head = True
        self._head_bytes = 0
        self._completed = 0  # messages finished on this connection

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head, self._head_bytes = True, 0

    def on_headers_complete(self) -> None:
        self._in_head = False
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._in_head, self._head_bytes = True, 0
        self._completed += 1

    def data_received(self, data: bytes) -> None:
        completed = self._completed
        super().data_received(data)
        if not self._in_head or self.transport.is_closing():
            return
        if self._completed != completed:  # the chunk ended a message: not all of it was head
            return
        self._head_bytes += len(data)  # a head began or went on and is still incomplete
        if self._head_bytes > self.max_head:
            kb = self.max_head // 1024
            self.logger.warning("request head over %d KB refused", kb)
            self.transport.write(
                _refusal(
                    431,
                    "Request Header Fields Too Large",
                    "headers_too_large",
                    f"Forespørselens adresse og overskrifter er for store (over {kb} KB).",
                )
            )
            self.transport.close()


class AccessLogMask(logging.Filter):
    """Masks fødselsnummer, phone numbers and e-mail addresses in uvicorn's access lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], mask_target(args[2]), *args[3:])
        return True


def mask_target(target: str) -> str:
    """``/v1/projects/search?q=ola%40example.no`` → ``/v1/projects/search?q=%5Be-post%5D``."""
    path, sep, query = target.partition("?")
    path = quote(mask(unquote(path)), safe="/[]")
    if not sep:
        return path
    pairs = [(k, mask(v)) for k, v in parse_qsl(query, keep_blank_values=True)]
    return path + "?" + "&".join(f"{quote(k)}={quote(v, safe='[]')}" for k, v in pairs)


def install_access_log_mask() -> None:
    logger = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, AccessLogMask) for f in logger.filters):
        logger.addFilter(AccessLogMask())


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for ``uvicorn.run``/``uvicorn.Config`` (any number of workers)."""
    trusted = settings.trusted_proxy_list()
    return {
        "http": "api.server:HeadLimitedHttpTools",
        "h11_max_incomplete_event_size": settings.max_header_kb * 1024,
        "proxy_headers": bool(trusted),
        "forwarded_allow_ips": trusted or [],
        "server_header": False,
    }
