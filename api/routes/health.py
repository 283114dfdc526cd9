"""Liveness and readiness for load balancers and `make run`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter(tags=["drift"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz", responses={503: {"description": "Ikke klar, med årsak"}})
def readyz(request: Request) -> Any:
    """Store and models loaded, corpus ingested: 200; otherwise 503 with the reason."""
    st = request.app.state
    if st.warm_error:
        return _not_ready(st.warm_error)
    sv = st.services
    try:
        chunks = sv.store.count()
    except Exception:
        return _not_ready("Får ikke kontakt med vektorlageret.")
    if not chunks:
        return _not_ready("Kunnskapsbasen er tom. Kjør `skjonn ingest` først.")
    return {
        "status": "ready",
        "chunks": chunks,
        "embedder": sv.embedder.id,
        "store": "server" if sv.settings.chroma_url else "embedded",
        "llm": sv.settings.llm,
    }


def _not_ready(message: str) -> JSONResponse:
    return JSONResponse({"error": "not_ready", "message": message}, status_code=503)
