"""Similar past projects: BM25 (stemmed) and dense vectors fused by RRF, filters in the query.

Filters are resolved against the record store first (spelling, unknown values) and then
expressed as one ``Filter`` (the vector store translates it to its own query too). Its
numpy mask over the collection's metadata restricts BM25 and the exact dense search
(``dense.py``), so both retrievers only rank matching projects.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any, Literal

from assistant.archive.archive import Archive
from assistant.archive.fields import municipality_key, norm, sector_key
from assistant.archive.models import SimilarProject
from assistant.archive.why import QueryContext, mentioned, reasons
from assistant.errors import InputError
from assistant.rounds import registry
from assistant.search import rrf
from assistant.store.filters import Filter

log = logging.getLogger(__name__)

Mode = Literal["hybrid", "bm25", "dense"]
PUBLIC_FIELDS = (
    "id",
    "tittel",
    "år",
    "embete",
    "kommuner",
    "sektorer",
    "søkt_beløp",
    "tildelt_beløp",
    "rapportert_beløp",
    "status",
    "stjerne",
    "syntetisk",
)


@dataclass
class ProjectFilters:
    from_year: int | None = None
    to_year: int | None = None
    sector: str | None = None
    municipality: str | None = None
    embete: str | None = None
    status: str | None = None
    min_amount: int | None = None
    max_amount: int | None = None


def _pick(value: str, known: list[str], what: str, substring: bool = False) -> list[str]:
    v = norm(value)
    hits = [n for n in known if (v in norm(n) if substring else norm(n) == v)]
    if not hits:
        shown = sorted({n for n in known}, key=str.lower)
        more = ", ".join(shown[:15]) + (" …" if len(shown) > 15 else "")
        raise InputError(f"Ingen prosjekter i arkivet har {what} «{value}». Kjente verdier: {more}")
    return hits


def _range(spec: Filter, key: str, lo: int | None, hi: int | None, reversed_message: str) -> Filter:
    """``spec`` with the bounds on ``key``; InputError when they are the wrong way round."""
    if lo is not None and hi is not None and lo > hi:
        raise InputError(reversed_message)
    return spec.range(key, gte=lo, lte=hi)


def resolve_filters(arch: Archive, f: ProjectFilters | None) -> Filter:
    """Filter options to one ``Filter``; unknown values raise InputError naming the known ones."""
    if f is None:
        return Filter()
    spec = _range(
        Filter(), "år", f.from_year, f.to_year, f"Fra-år {f.from_year} er etter til-år {f.to_year}."
    )
    if f.sector:
        spec = spec.eq(sector_key(_pick(f.sector, arch.names("sektor"), "sektoren")[0]), True)
    if f.municipality:
        key = municipality_key(_pick(f.municipality, arch.names("kommune"), "kommunen")[0])
        spec = spec.eq(key, True)
    if f.embete:
        spec = spec.one_of(
            "embete", _pick(f.embete, arch.names("embete"), "embetet", substring=True)
        )
    if f.status:
        spec = spec.one_of("status", _pick(f.status, arch.names("status"), "status"))
    return _range(
        spec,
        "beløp",
        f.min_amount,
        f.max_amount,
        f"Minste beløp {f.min_amount} er større enn største beløp {f.max_amount}.",
    )


def context_from_text(arch: Archive, text: str, f: ProjectFilters | None = None) -> QueryContext:
    """Sectors and municipalities named in the text (or in the filters)."""
    sectors = mentioned(text, arch.names("sektor"), case_sensitive=False)
    munis = mentioned(text, arch.names("kommune"), case_sensitive=True)
    if f and f.sector:
        sectors.append(f.sector)
    if f and f.municipality:
        munis.append(f.municipality)
    return QueryContext(sectors, munis)


def similar(
    arch: Archive,
    text: str,
    k: int = 5,
    filters: ProjectFilters | None = None,
    mode: Mode = "hybrid",
    context: QueryContext | None = None,
) -> list[SimilarProject]:
    """The k most similar archive projects, each with score, dense similarity and why."""
    t0 = time.perf_counter()
    if not text or not text.strip():
        raise InputError("Skriv en prosjektidé eller gi et utkast med --draft.")
    arch.require_records()
    arch.require_vectors()
    spec = resolve_filters(arch, filters)
    s = arch.settings
    n = max(s.candidates, 4 * k)
    lexical = arch.lexical
    rankings: dict[str, list[str]] = {}
    dense: dict[str, float] = {}
    mask = lexical.columns.mask(spec)  # None without filters
    if mode in ("hybrid", "bm25"):
        rankings["bm25"] = [i for i, _ in lexical.search(text, n, mask=mask)]
    if mode in ("hybrid", "dense"):
        vec = arch.services.embedder.embed_query(text)
        if spec:  # exact search over the matching projects only (see dense.py)
            got = arch.dense().search(vec, n, mask)
        else:  # HNSW over the whole collection
            got = arch.store.query(vec, n)
        rankings["dense"] = [i for i, _ in got]
        dense = dict(got)
    fused = rrf(rankings, {"bm25": s.weight_bm25, "dense": s.weight_dense}, s.rrf_k)[:k]
    records = arch.db.get_many([i for i, _, _ in fused])
    ctx = context or context_from_text(arch, text, filters)
    if ctx.places is None:
        ctx.places = registry(arch.settings)
    qstems = set(lexical.analyzer(text))
    hits: list[SimilarProject] = []
    for pid, score, ranks in fused:
        rec = records.get(pid)
        if rec is None:  # vector without record: reconcile on next import
            log.warning("archive vector %s has no record", pid)
            continue
        hits.append(
            SimilarProject.from_record(
                rec,
                score=round(score, 6),
                similarity=round(dense[pid], 4) if pid in dense else None,
                ranks=ranks,
                why=reasons(rec, ctx, qstems, lexical.analyzer),
            )
        )
    log.info(
        "similar mode=%s k=%d filters=%s hits=%d ms=%.1f",
        mode,
        k,
        sorted(spec.keys()),
        len(hits),
        1000 * (time.perf_counter() - t0),
    )
    return hits


def _matching(arch: Archive, filters: ProjectFilters | None) -> list[tuple[int, str]]:
    """(year or 0, id) of every project that matches the filters, newest first."""
    arch.require_vectors()  # records without their vectors: 503, not a silent empty list
    spec = resolve_filters(arch, filters)
    lexical = arch.lexical
    mask = lexical.columns.mask(spec)
    rows = [
        (m.get("år") or 0, lexical.ids[n])
        for n, m in enumerate(lexical.metas)
        if mask is None or mask[n]
    ]
    rows.sort(key=lambda r: (-r[0], r[1]))
    return rows


def selected_ids(
    arch: Archive, filters: ProjectFilters | None = None, query: str = "", k: int = 50
) -> list[str] | None:
    """The projects a search shows: the ``k`` most similar to ``query``, or (without a query)
    every project that matches the filters; None when nothing narrows the archive.

    ``browse`` and ``similar`` list exactly these, so figures over them agree with the table.
    """
    arch.require_records()
    if query.strip():
        return [h.id for h in similar(arch, query, k=k, filters=filters)]
    if filters is None or filters == ProjectFilters():
        return None
    return [pid for _, pid in _matching(arch, filters)]


def browse(
    arch: Archive, filters: ProjectFilters | None = None, limit: int = 100
) -> tuple[int, list[dict[str, Any]]]:
    """Records that match the filters, newest first, without a query text.

    Returns the number of matches and at most ``limit`` of them (public fields, empty why).
    """
    arch.require_records()
    rows = _matching(arch, filters)
    records = arch.db.get_many([pid for _, pid in rows[:limit]])
    hits = []
    for _, pid in rows[:limit]:
        rec = records.get(pid)
        if rec is not None:
            hit = {f: rec.get(f) for f in PUBLIC_FIELDS}
            hit["why"] = []
            hits.append(hit)
    return len(rows), hits
