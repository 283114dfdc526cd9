"""What the archive hands its callers: typed results, turned into JSON only by the API and CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class SimilarProject:
    """A past project found for a text or a draft, with its score and why it was found.

    The record's fields keep the values the archive holds (None where it has none).
    ``public()`` is the JSON shape of ``/v1/projects/search`` and ``skjonn similar --json``.
    """

    id: str
    title: str | None
    year: int | None
    embete: str | None
    municipalities: list[str] | None
    sectors: list[str] | None
    applied: int | None
    granted: int | None
    reported: int | None
    status: str | None
    star: bool | None
    synthetic: bool | None
    score: float  # reciprocal-rank fusion
    similarity: float | None  # cosine of the dense match, None when dense did not find it
    ranks: dict[str, int] = field(default_factory=dict)  # rank per retriever that found it
    why: list[str] = field(default_factory=list)  # Norwegian reasons, most specific first
    near_duplicate: bool | None = None  # set for a draft: almost the same as a funded project

    @classmethod
    def from_record(
        cls,
        rec: dict[str, Any],
        score: float,
        similarity: float | None,
        ranks: dict[str, int],
        why: list[str],
    ) -> SimilarProject:
        return cls(
            id=str(rec.get("id")),
            title=rec.get("tittel"),
            year=rec.get("år"),
            embete=rec.get("embete"),
            municipalities=rec.get("kommuner"),
            sectors=rec.get("sektorer"),
            applied=rec.get("søkt_beløp"),
            granted=rec.get("tildelt_beløp"),
            reported=rec.get("rapportert_beløp"),
            status=rec.get("status"),
            star=rec.get("stjerne"),
            synthetic=rec.get("syntetisk"),
            score=score,
            similarity=similarity,
            ranks=ranks,
            why=why,
        )

    def record(self) -> dict[str, Any]:
        """The record's public fields under the archive's own (Norwegian) names."""
        return {
            "id": self.id,
            "tittel": self.title,
            "år": self.year,
            "embete": self.embete,
            "kommuner": self.municipalities,
            "sektorer": self.sectors,
            "søkt_beløp": self.applied,
            "tildelt_beløp": self.granted,
            "rapportert_beløp": self.reported,
            "status": self.status,
            "stjerne": self.star,
            "syntetisk": self.synthetic,
        }

    def public(self) -> dict[str, Any]:
        out = {
            **self.record(),
            "score": self.score,
            "likhet": self.similarity,
            "rangering": self.ranks,
            "why": self.why,
        }
        if self.near_duplicate is not None:
            out["near_duplicate"] = self.near_duplicate
        return out
