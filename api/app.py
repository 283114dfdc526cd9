"""create_app(settings): the FastAPI application."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from api.routes import answers, health, precheck, projects, search
from assistant.errors import AssistantError
from assistant.services import Services
from assistant.settings import Settings

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    app = FastAPI(
        title="Skjønnsassistenten",
        version="0.1.0",
        description="Spørsmål og svar, forhåndssjekk og prosjektarkiv for prosjektskjønn.",
    )
    app.state.services = Services(settings)

    @app.exception_handler(AssistantError)
    async def _assistant_error(_: Request, exc: AssistantError) -> JSONResponse:
        return JSONResponse({"error": exc.name, "message": exc.message}, status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        fields = ", ".join(
            ".".join(str(p) for p in e["loc"][1:]) or "forespørselen" for e in exc.errors()
        )
        return JSONResponse(
            {"error": "invalid_input", "message": f"Ugyldig forespørsel: sjekk {fields}."},
            status_code=422,
        )

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return JSONResponse(
            {"error": "internal", "message": "Noe gikk galt hos oss. Prøv igjen senere."},
            status_code=500,
        )

    for router in (health.router, search.router, answers.router, precheck.router, projects.router):
        app.include_router(router, prefix="/api")
    return app
