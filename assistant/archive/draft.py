"""Similar projects for a pre-check draft, with a near-duplicate flag.

A draft is the pre-check's JSON: ``tittel``, ``søker``, ``samarbeidskommuner``,
``sektorer``, ``utfordringer`` and ``mål_og_gjennomføring``. Its query text is the
title, challenges and goals; its municipalities and sectors feed the ``why`` reasons.

A hit is a near duplicate when the project got money (status not rejected) and either
its vector is almost the draft's (cosine ≥ ``DUP_COSINE``) or the titles share most
stems (≥ ``DUP_TITLE``) and the two share a municipality or a sector.
"""

from __future__ import annotations

from typing import Any

from assistant.archive.archive import Archive
from assistant.archive.fields import norm
from assistant.archive.models import SimilarProject
from assistant.archive.search import Mode, ProjectFilters, similar
from assistant.archive.why import QueryContext, title_overlap
from assistant.errors import InputError

DUP_COSINE = 0.95
DUP_TITLE = 0.6
TEXT_FIELDS = ("tittel", "utfordringer", "mål_og_gjennomføring")


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [p.strip() for p in value.replace(";", ",").split(",") if p.strip()]
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [str(value).strip()]


def draft_query(draft: dict[str, Any]) -> tuple[str, QueryContext]:
    """Query text and context of a draft; InputError when it has no text to search with."""
    if not isinstance(draft, dict):
        raise InputError("Utkastet må være et JSON-objekt med feltene tittel, søker, sektorer …")
    parts = []
    for key in TEXT_FIELDS:
        value = draft.get(key)
        if isinstance(value, (list, tuple)):
            value = " ".join(str(v) for v in value)
        if value and str(value).strip():
            parts.append(" ".join(str(value).split()))
    if not parts:
        raise InputError(
            "Utkastet har ingen tekst å søke med: fyll ut tittel, utfordringer eller "
            "mål_og_gjennomføring."
        )
    text = ". ".join(p.rstrip(".") for p in parts) + "."
    munis = _as_list(draft.get("søker")) + _as_list(draft.get("samarbeidskommuner"))
    return text, QueryContext(_as_list(draft.get("sektorer")), munis)


def is_near_duplicate(draft_title: str, hit: SimilarProject, ctx: QueryContext) -> bool:
    if norm(hit.status or "") in ("avslått", "avvist", "trukket"):
        return False
    if hit.similarity is not None and hit.similarity >= DUP_COSINE:
        return True
    if title_overlap(draft_title, hit.title or "") < DUP_TITLE:
        return False
    munis = {norm(m) for m in ctx.municipalities}
    sectors = {norm(s) for s in ctx.sectors}
    return bool(
        munis & {norm(m) for m in hit.municipalities or []}
        or sectors & {norm(s) for s in hit.sectors or []}
    )


def similar_for_draft(
    arch: Archive,
    draft: dict[str, Any],
    k: int = 5,
    filters: ProjectFilters | None = None,
    mode: Mode = "hybrid",
) -> list[SimilarProject]:
    text, ctx = draft_query(draft)
    hits = similar(
        arch,
        text,
        k=k,
        filters=filters,
        mode=mode,
        context=ctx,
    )
    title = str(draft.get("tittel") or "")
    for h in hits:
        h.near_duplicate = is_near_duplicate(title, h, ctx)
        if h.near_duplicate:
            h.why = ["nesten likt et tidligere støttet prosjekt", *h.why]
    return hits
