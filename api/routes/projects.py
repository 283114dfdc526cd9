"""The officer archive over HTTP: similar projects and figures."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from api.deps import ServicesDep
from assistant.errors import NotFoundError

router = APIRouter(tags=["prosjektarkiv"])


class SimilarRequest(BaseModel):
    text: str = Field(min_length=1, max_length=20000)
    k: int = Field(default=10, ge=1, le=50)
    from_year: int | None = None
    to_year: int | None = None
    sector: str | None = None
    municipality: str | None = None
    embete: str | None = None
    status: str | None = None
    min_amount: int | None = Field(default=None, ge=0)
    max_amount: int | None = Field(default=None, ge=0)


@router.post("/similar")
def similar(req: SimilarRequest, sv: ServicesDep) -> Any:
    from assistant.archive import ProjectFilters
    from assistant.archive import similar as find

    filters = ProjectFilters(**req.model_dump(exclude={"text", "k"}))
    return {"query": req.text, "results": find(sv, req.text, k=req.k, filters=filters)}


@router.get("/projects/stats")
def stats(
    sv: ServicesDep,
    by: Literal["år", "sektor", "kommune", "embete", "status"] = "år",
    from_year: int | None = Query(default=None),
    to_year: int | None = Query(default=None),
) -> Any:
    from assistant.archive import stats_report

    return stats_report(sv, by, from_year, to_year)


@router.get("/projects/{project_id}")
def show(project_id: str, sv: ServicesDep) -> Any:
    from assistant.archive import show as get

    rec = get(sv, project_id)
    if rec is None:
        raise NotFoundError(f"Fant ikke prosjektet «{project_id}» i arkivet.")
    return rec
