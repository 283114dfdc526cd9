"""Officer endpoints behind ``Authorization: Bearer $SKJONN_ADMIN_TOKEN``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import Admin, ChatDep, ServicesDep
from assistant.admin import ingest_everything

router = APIRouter(prefix="/admin", tags=["administrasjon"], dependencies=[Admin])


@router.get("/gaps")
def gaps(service: ChatDep, limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> dict[str, Any]:
    """Spørsmål kildene ikke kunne svare på, og svar brukerne ikke fant nyttige."""
    return service.gaps(limit)


@router.post("/ingest")
def ingest(sv: ServicesDep) -> dict[str, Any]:
    """Les inn korpuset på nytt (bare det som er endret) og oppdater prosjektarkivet."""
    return ingest_everything(sv)
