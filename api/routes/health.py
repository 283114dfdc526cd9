from __future__ import annotations

from fastapi import APIRouter

from api.deps import ServicesDep

router = APIRouter(tags=["drift"])


@router.get("/health")
def health(sv: ServicesDep) -> dict[str, object]:
    """Liveness plus what is loaded: chunk count, embedder, store mode."""
    return {
        "status": "ok",
        "chunks": sv.store.count(),
        "embedder": sv.settings.embedder,
        "store": "server" if sv.settings.chroma_url else "embedded",
    }
