"""Small dataclasses exchanged by services, CLI and API (no framework types)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Hit:
    id: str
    text: str
    meta: dict[str, Any]
    score: float
    ranks: dict[str, int] = field(default_factory=dict)  # rank per retriever, 1-based

    @property
    def source(self) -> str:
        return str(self.meta.get("source", ""))

    @property
    def title(self) -> str:
        return str(self.meta.get("title", ""))

    @property
    def kind(self) -> str:
        return str(self.meta.get("kind", ""))

    @property
    def year(self) -> int | None:
        y = self.meta.get("year")
        return int(y) if y else None

    @property
    def location(self) -> str:
        return str(self.meta.get("location", ""))

    def public(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "kind": self.kind,
            "year": self.year,
            "location": self.location,
            "score": round(self.score, 6),
            "text": self.text,
        }


@dataclass
class Citation:
    n: int
    title: str
    source: str
    year: int | None
    location: str
    snippet: str

    def public(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Answer:
    answer: str
    answered: bool
    year: int | None
    citations: list[Citation]
    contact: str | None
    backend: str = "extractive"
    details: dict[str, Any] = field(default_factory=dict)  # how it was read (logs, evals)

    def public(self) -> dict[str, Any]:
        return {
            "answer": self.answer,
            "answered": self.answered,
            "year": self.year,
            "citations": [c.public() for c in self.citations],
            "contact": self.contact,
        }
