"""Why a past project was found: shared sectors, matching terms, same municipality or region."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from assistant.archive.fields import norm, project_text
from assistant.archive.geo import regions_of
from assistant.lang.nb import STOPWORDS
from assistant.rounds import Registry
from assistant.store.analyzer import Analyzer, stem_tokens, words

MAX_TERMS = 6
# Words nearly every project uses: true matches, but no reason to look at a project.
_GENERIC = frozenset(
    stem_tokens(
        "kommune kommuner kommunen samarbeid samarbeider samarbeidet samarbeidsprosjekt "
        "felles prosjekt prosjektet prosjektskjønn tjeneste tjenester tjenesten midler"
    )
)


@dataclass
class QueryContext:
    """What the query brings besides its text: its sectors and municipalities."""

    sectors: list[str] = field(default_factory=list)
    municipalities: list[str] = field(default_factory=list)
    places: Registry | None = None  # the round registry's regions (an operator's county too)

    @property
    def regions(self) -> set[str]:
        return regions_of(self.municipalities, None, self.places)


def mentioned(text: str, names: list[str], case_sensitive: bool) -> list[str]:
    """The names that occur in ``text`` as whole words ("Pleie og omsorg", "Malvik")."""
    out: list[str] = []
    flags = 0 if case_sensitive else re.IGNORECASE
    for name in names:
        if name and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags):
            out.append(name)
    return out


def matching_terms(query_stems: set[str], rec: dict[str, Any], analyzer: Analyzer) -> list[str]:
    """Words of the record's title and description whose stem (or compound part) the query has."""
    out: list[str] = []
    seen: set[str] = set()
    for w in words(project_text(rec)):
        if w in STOPWORDS or w in seen or len(w) < 3 or w.isdigit():
            continue
        seen.add(w)
        stems = (set(stem_tokens(w)) | set(analyzer(w))) - _GENERIC
        if stems & query_stems:
            out.append(w)
            if len(out) >= MAX_TERMS:
                break
    return out


def reasons(
    rec: dict[str, Any], ctx: QueryContext, query_stems: set[str], analyzer: Analyzer
) -> list[str]:
    """Human-readable reasons, in Norwegian, most specific first."""
    out: list[str] = []
    want = {norm(s) for s in ctx.sectors}
    shared = [s for s in rec.get("sektorer") or [] if norm(s) in want]
    if shared:
        out.append("felles sektor: " + ", ".join(shared))
    terms = matching_terms(query_stems, rec, analyzer)
    if terms:
        out.append("felles ord: " + ", ".join(terms))
    munis = {norm(m) for m in ctx.municipalities}
    same = [m for m in rec.get("kommuner") or [] if norm(m) in munis]
    if same:
        out.append("samme kommune: " + ", ".join(same))
    else:
        regions = ctx.regions & regions_of(
            list(rec.get("kommuner") or []), rec.get("embete"), ctx.places
        )
        if regions:
            out.append("samme region: " + ", ".join(sorted(regions)))
    return out


def title_overlap(a: str, b: str) -> float:
    """Jaccard overlap of the stems of two titles (0..1)."""
    sa, sb = set(stem_tokens(a)), set(stem_tokens(b))
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)
