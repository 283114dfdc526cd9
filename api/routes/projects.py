"""The officer archive over HTTP: search and browse, figures, facets, one record; CSV too."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from api.deps import ServicesDep
from assistant.archive import ProjectFilters, browse, facets, show, similar, stats_report
from assistant.archive.export import RECORD_COLUMNS, STATS_COLUMNS, to_csv
from assistant.errors import NotFoundError

router = APIRouter(prefix="/projects", tags=["prosjektarkiv"])

Format = Literal["json", "csv"]


class SearchParams(BaseModel):
    q: str = Field(default="", max_length=20000, description="Fritekst; tom = bare filtre.")
    k: int = Field(default=50, ge=1, le=500, description="Høyst så mange treff.")
    from_year: int | None = Field(default=None, ge=1900, le=2100)
    to_year: int | None = Field(default=None, ge=1900, le=2100)
    sector: str | None = Field(default=None, max_length=200)
    municipality: str | None = Field(default=None, max_length=200)
    embete: str | None = Field(default=None, max_length=200)
    status: str | None = Field(default=None, max_length=100)
    min_amount: int | None = Field(default=None, ge=0)
    max_amount: int | None = Field(default=None, ge=0)
    format: Format = "json"


def _csv(text: str, name: str) -> Response:
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


_CSV: dict[int | str, dict[str, Any]] = {200: {"content": {"application/json": {}, "text/csv": {}}}}


@router.get("/search", responses=_CSV)
def search(p: Annotated[SearchParams, Query()], sv: ServicesDep) -> Any:
    """Lignende prosjekter til teksten `q` (med begrunnelse), eller alle som passer filtrene."""
    filters = ProjectFilters(**p.model_dump(exclude={"q", "k", "format"}))
    q = p.q.strip()
    if q:
        results = [h.public() for h in similar(sv, q, k=p.k, filters=filters)]
        total = len(results)
    else:
        total, results = browse(sv, filters, limit=p.k)
    if p.format == "csv":
        return _csv(to_csv(results, RECORD_COLUMNS), "prosjekter.csv")
    return {"query": q, "total": total, "results": results}


class StatsParams(SearchParams):
    by: Literal["år", "sektor", "kommune", "embete", "status"] = "år"


@router.get("/stats", responses=_CSV)
def stats(p: Annotated[StatsParams, Query()], sv: ServicesDep) -> Any:
    """Antall og søkt/tildelt/rapportert beløp (hele kroner) per år, sektor, kommune, … for de
    samme prosjektene som `/search` gir med de samme parameterne. Summene gjelder prosjektene
    med kjent beløp (`*_kjent` sier hvor mange); ukjent beløp telles aldri som 0 kr."""
    filters = ProjectFilters(**p.model_dump(exclude={"q", "k", "format", "by"}))
    report = stats_report(sv, p.by, filters, p.q, p.k)
    if p.format == "csv":
        return _csv(to_csv(report["groups"], STATS_COLUMNS), f"prosjektskjonn-per-{p.by}.csv")
    return report


@router.get("/facets")
def project_facets(sv: ServicesDep) -> dict[str, Any]:
    """Verdiene filtrene godtar (sektorer, kommuner, embeter, statuser, år)."""
    return facets(sv)


@router.get("/{project_id}")
def project(project_id: str, sv: ServicesDep) -> Any:
    """Ett prosjekt fra arkivet."""
    rec = show(sv, project_id)
    if rec is None:
        raise NotFoundError(f"Fant ikke prosjektet «{project_id}» i arkivet.")
    return rec
