"""create_app(settings): the FastAPI application (API under /v1, pages, widget).

Routers only parse and call services; behaviour lives in ``assistant``. Models and indexes
are loaded once per worker at start-up; ``/readyz`` says whether that worked.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from api import errors
from api.errors import ADMIN, ERROR_RESPONSES, NOT_FOUND, NOT_INGESTED
from api.middleware import BodyLimit, ErrorBoundary, JSONCORSMiddleware, RateLimit, SecurityHeaders
from api.routes import admin, chat, health, pages, precheck, projects, rounds, search
from api.server import install_access_log_mask
from assistant.chat import ChatService
from assistant.errors import AssistantError
from assistant.services import Services
from assistant.settings import Settings

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    services = Services(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # A failed warm-up is logged, not fatal: /readyz checks again on every call and the
        # service recovers when the fault (a store down or damaged) ends.
        try:
            await run_in_threadpool(app.state.chat.warm)
        except AssistantError as exc:
            log.warning("warm-up: %s", exc.message)
        except Exception as exc:
            status, _, message, _ = errors.unexpected(exc)
            log.warning("warm-up failed (%d): %s", status, message)
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
    app.state.answer_slots = asyncio.Semaphore(settings.answer_concurrency)
    app.state.precheck_slots = asyncio.Semaphore(settings.precheck_concurrency)
    errors.install(app)
    install_access_log_mask()

    extra = [
        (chat.router, NOT_INGESTED),
        (search.router, NOT_INGESTED),
        (precheck.router, {}),
        (projects.router, {**NOT_FOUND, **NOT_INGESTED}),
        (rounds.router, {}),
        (admin.router, ADMIN),
    ]
    for router, responses in extra:
        app.include_router(router, prefix="/v1", responses={**ERROR_RESPONSES, **responses})
    app.include_router(health.router, responses={500: ERROR_RESPONSES[500]})
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=pages.WEB / "static"), name="static")
    app.openapi = lambda: _openapi(app, settings)  # type: ignore[method-assign]

    # the last added is outermost: headers on everything, CORS on every answer (also 413/429
    # and 500: ErrorBoundary renders unexpected errors inside both)
    app.add_middleware(ErrorBoundary)
    if settings.rate_limit > 0:
        app.add_middleware(
            RateLimit, per_minute=settings.rate_limit, trusted=settings.trusted_proxy_list()
        )
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_mb * 1024 * 1024)
    app.add_middleware(
        JSONCORSMiddleware,
        allow_origins=settings.cors_list(),
        allow_methods=["GET", "POST"],
        allow_headers=["content-type", "accept"],
        max_age=600,
    )
    app.add_middleware(SecurityHeaders, settings=settings)
    return app


def _openapi(app: FastAPI, settings: Settings) -> dict[str, Any]:
    """The schema, with the limits that depend on settings as they are enforced."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    props = schema["components"]["schemas"]["ChatRequest"]["properties"]
    props["question"]["maxLength"] = settings.max_question_chars
    app.openapi_schema = schema
    return schema
