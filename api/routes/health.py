"""Liveness and readiness for load balancers and `make run`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from api.errors import error_json, unexpected
from assistant.archive import archive_for
from assistant.archive.archive import forget_archive
from assistant.errors import AssistantError, NotReadyError, StoreUnavailableError

router = APIRouter(tags=["drift"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz", responses={503: {"description": "Ikke klar, med årsak"}})
def readyz(request: Request) -> Any:
    """Each store checked for real on every call: 200 when the model loads, the vector
    store answers and holds the corpus, the archive database and its vectors agree, and
    the feedback database answers; otherwise 503 with the reason (``not_ready`` or
    ``store_unavailable``) and ``Retry-After``."""
    st = request.app.state
    sv = st.services
    try:
        embedder = sv.embedder.id
        chunks = sv.store.count()
        if not chunks:
            raise NotReadyError("Kunnskapsbasen er tom. Kjør `skjonn ingest` først.")
        arch = archive_for(sv)
        try:
            projects = arch.db.check()
        except Exception:
            forget_archive(sv)  # requests open the file anew and meet the fault too
            raise
        arch.require_vectors()
        st.chat.feedback.check()
    except AssistantError as exc:
        return _not_ready(exc)
    except Exception as exc:  # a store fault, or a model that will not load
        status, name, message, headers = unexpected(exc)
        if status != 503:
            name, message = (
                "not_ready",
                "Modellen eller lageret kunne ikke lastes. Se serverloggen.",
            )
        return _not_ready(
            StoreUnavailableError(message)
            if name == "store_unavailable"
            else NotReadyError(message)
        )
    return {
        "status": "ready",
        "chunks": chunks,
        "projects": projects,
        "embedder": embedder,
        "store": "server" if sv.settings.chroma_url else "embedded",
        "database": "postgresql" if sv.settings.database_url else "sqlite",
        "llm": sv.settings.llm,
    }


def _not_ready(exc: AssistantError) -> JSONResponse:
    name = exc.name if exc.status == 503 else "not_ready"
    return error_json(503, name, exc.message, {"retry-after": "5"})
