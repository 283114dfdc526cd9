"""One error shape for every response: ``{"error": <short name>, "message": <Norwegian>}``.

- ``AssistantError``s carry their status, name and headers (``Retry-After`` on 503,
  ``WWW-Authenticate`` on 401).
- Framework errors (validation, unknown path, wrong method, unparsable body) get the names
  of the documented table in docs/http-api.md; their headers (``Allow`` on 405) are kept.
- Anything else is rendered by ``unexpected``: a store fault (``assistant.store.faults``)
  is 503 ``store_unavailable`` with the reason and ``Retry-After``; the rest is logged with
  its traceback and answered 500 ``internal``. The ``ErrorBoundary`` middleware calls it
  inside the security-header and CORS middleware, so a 500 carries the same headers as
  a 200.

``ERROR_RESPONSES`` documents the shape in the OpenAPI schema of every route.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.errors import AssistantError, StoreUnavailableError
from assistant.store.faults import fault_reason

log = logging.getLogger(__name__)


class ErrorBody(BaseModel):
    error: str
    message: str


def _doc(description: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": description}


# every route may answer these; routes add their own (404, 409, 401, ...) next to them
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _doc("Ugyldig forespørsel (bad_request, cors_rejected)"),
    413: _doc("For stor forespørsel, fil eller for tungt dokument (too_large)"),
    415: _doc("Feil innholdstype (unsupported_type)"),
    422: _doc("Et felt mangler eller er feil (invalid_input)"),
    429: _doc("For mange forespørsler (rate_limited)"),
    431: _doc("For store overskrifter eller for lang adresse (headers_too_large)"),
    500: _doc("Uventet feil (internal)"),
    503: _doc("Ikke klar: lager eller modell utilgjengelig (not_ready, store_unavailable)"),
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: _doc("Finnes ikke (not_found)")}
NOT_INGESTED: dict[int | str, dict[str, Any]] = {
    409: _doc("Kunnskapsbasen eller arkivet er tomt (not_ingested)")
}
ADMIN: dict[int | str, dict[str, Any]] = {
    401: _doc("Mangler gyldig nøkkel (unauthorized)"),
    409: _doc("En innlesing pågår allerede (busy)"),
}

_STATUS_NAMES = {
    400: ("bad_request", "Forespørselen kunne ikke leses."),
    404: ("not_found", "Fant ikke adressen."),
    405: ("method_not_allowed", "Metoden støttes ikke for denne adressen."),
    413: ("too_large", "Forespørselen er for stor."),
    415: ("unsupported_type", "Innholdstypen støttes ikke."),
}


def error_json(
    status: int, name: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse({"error": name, "message": message}, status_code=status, headers=headers)


def error_bytes(name: str, message: str) -> bytes:
    return json.dumps({"error": name, "message": message}, ensure_ascii=False).encode()


def unexpected(exc: BaseException) -> tuple[int, str, str, dict[str, str]]:
    """(status, name, message, headers) for an exception no handler took."""
    reason = fault_reason(exc)
    if reason:
        log.warning("store fault: %s (%s: %s)", reason, exc.__class__.__name__, exc)
        err = StoreUnavailableError(reason)
        return err.status, err.name, err.message, err.headers()
    log.error("unexpected error", exc_info=exc)
    return 500, "internal", "Noe gikk galt hos oss. Prøv igjen senere.", {}


def _validation_message(exc: RequestValidationError) -> tuple[int, str, str]:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return 400, "bad_request", "Forespørselen er ikke gyldig JSON."
    for e in errors:
        loc = [str(p) for p in e.get("loc", ())[1:]]
        if loc == ["question"] and e.get("type") == "string_too_long":
            return 422, "invalid_input", "Spørsmålet er for langt. Kort det ned."
    fields = ", ".join(dict.fromkeys(".".join(str(p) for p in e["loc"][1:]) for e in errors))
    return 422, "invalid_input", f"Ugyldig forespørsel: sjekk {fields or 'innholdet'}."


def install(app: FastAPI) -> None:
    """Register the handlers; ``ErrorBoundary`` (api/middleware.py) takes the rest."""

    @app.exception_handler(AssistantError)
    async def _assistant_error(_: Request, exc: AssistantError) -> JSONResponse:
        return error_json(exc.status, exc.name, exc.message, exc.headers() or None)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return error_json(*_validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        name, message = _STATUS_NAMES.get(
            exc.status_code, ("bad_request", "Forespørselen kunne ikke behandles.")
        )
        if exc.status_code == 400 and request.headers.get("content-type", "").startswith(
            "application/json"
        ):
            message = "Forespørselen er ikke gyldig JSON."
        return error_json(exc.status_code, name, message, dict(exc.headers or {}) or None)
