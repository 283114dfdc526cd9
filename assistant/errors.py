"""Errors the user can act on.

    AssistantError            (500, "error")
     ├── NotIngestedError     (409) the store is empty: run `skjonn ingest`
     ├── InputError           (422) bad user input; message in Norwegian
     ├── NotFoundError        (404) no such record
     ├── BadRequestError      (400) the request itself is malformed (broken JSON, …)
     ├── TooLargeError        (413) body or file over the limit
     ├── UnsupportedTypeError (415) a file type we cannot read
     ├── RateLimitedError     (429) too many requests from one client
     ├── UnauthorizedError    (401) admin endpoint without a valid token
     ├── BusyError            (409) another ingest holds the write lock
     ├── NotReadyError        (503) store or model not loaded
     │    ├── AdminDisabledError  admin endpoints off (no SKJONN_ADMIN_TOKEN)
     │    └── StoreUnavailableError  a store is down, full, read-only or damaged
     ├── ConfigError          (500) a setting is wrong; message names it
     └── BackendError         (502) a model or store server failed

Each carries an HTTP status, a short name and the HTTP headers that go with it; the CLI
maps them to exit codes.
"""

from __future__ import annotations


class AssistantError(Exception):
    status = 500
    name = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def headers(self) -> dict[str, str]:
        """HTTP headers that belong to this error (``Retry-After``, ``WWW-Authenticate``)."""
        return {}


class NotIngestedError(AssistantError):
    status = 409
    name = "not_ingested"

    def __init__(self, message: str = "") -> None:
        super().__init__(
            message or "Kunnskapsbasen er tom. Kjør `skjonn ingest` først (eller `make run`)."
        )


class InputError(AssistantError):
    status = 422
    name = "invalid_input"


class ConfigError(AssistantError):
    status = 500
    name = "config_error"


class BackendError(AssistantError):
    status = 502
    name = "backend_error"


class NotFoundError(AssistantError):
    status = 404
    name = "not_found"


class BadRequestError(AssistantError):
    status = 400
    name = "bad_request"


class TooLargeError(AssistantError):
    status = 413
    name = "too_large"


class UnsupportedTypeError(AssistantError):
    status = 415
    name = "unsupported_type"


class RateLimitedError(AssistantError):
    status = 429
    name = "rate_limited"


class UnauthorizedError(AssistantError):
    status = 401
    name = "unauthorized"

    def headers(self) -> dict[str, str]:
        return {"www-authenticate": "Bearer"}


class BusyError(AssistantError):
    status = 409
    name = "busy"


class NotReadyError(AssistantError):
    status = 503
    name = "not_ready"
    retry_after = 5  # seconds

    def headers(self) -> dict[str, str]:
        return {"retry-after": str(self.retry_after)}


class AdminDisabledError(NotReadyError):
    name = "admin_disabled"

    def headers(self) -> dict[str, str]:
        return {}  # a setting, not a passing fault


class StoreUnavailableError(NotReadyError):
    name = "store_unavailable"
