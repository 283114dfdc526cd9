from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from api.deps import ServicesDep
from assistant.search import build_filters

router = APIRouter(tags=["søk"])


class SearchRequest(BaseModel):
    model_config = ConfigDict(strict=True)  # JSON types as the schema says

    query: str = Field(min_length=1, max_length=2000)
    k: int = Field(default=5, ge=1, le=50)
    year: int | None = None
    kind: Literal["guideline", "background", "faq", "project"] | None = None


class SearchHitPublic(BaseModel):
    id: str
    source: str
    title: str
    kind: str
    year: int | None
    location: str
    score: float
    text: str


class SearchResponse(BaseModel):
    query: str
    results: list[SearchHitPublic]


@router.post("/search", response_model=SearchResponse)
def search(req: SearchRequest, sv: ServicesDep) -> SearchResponse:
    hits = sv.searcher().search(req.query, k=req.k, filters=build_filters(req.year, req.kind, None))
    return SearchResponse(query=req.query, results=[SearchHitPublic(**h.public()) for h in hits])
