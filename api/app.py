"""create_app(settings): the FastAPI application (API under /v1, pages, widget).

Routers only parse and call services; behaviour lives in ``assistant``. Models and indexes
are loaded once per worker at start-up; ``/readyz`` says whether that worked.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.middleware import BodyLimit, RateLimit, SecurityHeaders
from api.routes import admin, chat, health, pages, precheck, projects, rounds, search
from assistant.chat import ChatService
from assistant.errors import AssistantError
from assistant.services import Services
from assistant.settings import Settings

log = logging.getLogger(__name__)

_STATUS_NAMES = {
    404: ("not_found", "Fant ikke adressen."),
    405: ("method_not_allowed", "Metoden støttes ikke for denne adressen."),
}


def _error(status: int, name: str, message: str) -> JSONResponse:
    return JSONResponse({"error": name, "message": message}, status_code=status)


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


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    services = Services(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            await run_in_threadpool(app.state.chat.warm)
        except AssistantError as exc:
            app.state.warm_error = exc.message
        except Exception:
            log.exception("warm-up failed")
            app.state.warm_error = "Modellen eller lageret kunne ikke lastes. Se serverloggen."
        yield

    app = FastAPI(
        title="Skjønnsassistenten",
        version="0.2.0",
        description="Spørsmål og svar, forhåndssjekk og prosjektarkiv for prosjektskjønn.",
        lifespan=lifespan,
        # no OpenTelemetry spans, metrics or exception logs from the framework (privacy, offline)
        telemetry={
            "tracing": False,
            "metrics": False,
            "logs": False,
            "operation_spans": False,
            "auto_configure": False,
        },
    )
    app.state.services = services
    app.state.chat = ChatService(services)
    app.state.warm_error = None
    app.state.answer_slots = asyncio.Semaphore(settings.answer_concurrency)

    @app.exception_handler(AssistantError)
    async def _assistant_error(_: Request, exc: AssistantError) -> JSONResponse:
        headers = {"www-authenticate": "Bearer"} if exc.status == 401 else None
        return JSONResponse(
            {"error": exc.name, "message": exc.message}, status_code=exc.status, headers=headers
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(*_validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        name, message = _STATUS_NAMES.get(exc.status_code, ("error", "Forespørselen feilet."))
        return _error(exc.status_code, name, message)

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return _error(500, "internal", "Noe gikk galt hos oss. Prøv igjen senere.")

    for router in (
        chat.router,
        search.router,
        precheck.router,
        projects.router,
        rounds.router,
        admin.router,
    ):
        app.include_router(router, prefix="/v1")
    app.include_router(health.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=pages.WEB / "static"), name="static")

    # the last added is outermost: headers on everything, CORS on every answer (also 413/429)
    if settings.rate_limit > 0:
        app.add_middleware(RateLimit, per_minute=settings.rate_limit)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_mb * 1024 * 1024)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_list(),
        allow_methods=["GET", "POST"],
        allow_headers=["content-type", "accept"],
        max_age=600,
    )
    app.add_middleware(SecurityHeaders, settings=settings)
    return app
