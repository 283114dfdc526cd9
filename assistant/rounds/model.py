"""What a round is: its region, dates, documents and rules, as plain dataclasses.

A round pack is data (``rules/<key>.yaml`` plus the region file ``regions/<region>.yaml`` and
the guideline documents it cites); ``assistant/rounds/load.py`` reads it into these types and
``assistant/rounds/registry.py`` holds every pack once. Nothing here reads files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SEVERITIES = ("blocking", "warning", "info")


@dataclass(frozen=True)
class Citation:
    document: str  # path under the corpus, for machines and maintainers
    section: str
    year: int
    title: str = ""  # the document's own title, for people

    def public(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "title": self.title or self.document,
            "section": self.section,
            "year": self.year,
        }


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    criterion: str
    message: str
    action: str
    citation: Citation | None
    variants: dict[str, Citation] = field(default_factory=dict)
    # What a judgement check searches the guideline for (never the draft's own text).
    query: str = ""

    def cite(self, variant: str | None = None) -> Citation | None:
        if variant and variant in self.variants:
            return self.variants[variant]
        return self.citation

    def public(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "criterion": self.criterion,
            "message": self.message,
            "action": self.action,
            "citation": self.citation.public() if self.citation else None,
        }


@dataclass(frozen=True)
class Fellesloft:
    name: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Region:
    """A Statsforvalter's county: who to contact and which municipalities it serves."""

    key: str  # "trondelag"
    name: str  # "Trøndelag"
    embete: str  # "Statsforvalteren i Trøndelag"
    contact_name: str
    contact_email: str
    municipalities: tuple[str, ...]  # today's municipalities
    former: tuple[str, ...] = ()  # names from before mergers, still seen in drafts
    ambiguous: tuple[str, ...] = ()  # names that are also ordinary words ("heim")
    source: Path | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return self.municipalities + self.former

    def has_municipality(self, name: str) -> bool:
        low = name.strip().lower()
        return any(n.lower() == low for n in self.names)

    def public(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "embete": self.embete,
            "contact": {"name": self.contact_name, "email": self.contact_email},
            "municipalities": list(self.municipalities),
        }


@dataclass(frozen=True)
class RoundRules:
    """One round of one region: the single source of its dates, documents and rules."""

    key: str
    round: str
    year: int
    region: str  # the region's display name ("Trøndelag")
    guideline: str  # the main guideline document, relative to ``root``
    deadline: dt.date
    deadline_note: str
    minimum_amount: int | None
    small_project_reference: int | None
    intermunicipal_applicants: bool
    fellesloft: tuple[Fellesloft, ...]
    rules: dict[str, Rule]
    region_key: str = ""
    call_date: dt.date | None = None  # when the round was announced
    reporting_deadline: dt.date | None = None
    reporting_deadline_note: str | None = None
    documents: tuple[str, ...] = ()  # every document of the round (guideline first)
    contact_name: str = ""
    contact_email: str = ""
    # municipalities the round is open to; empty = every municipality of the region
    municipalities: tuple[str, ...] = ()
    root: Path | None = None  # the corpus folder the pack and its documents live in
    source: Path | None = None  # the pack file

    def has(self, code: str) -> bool:
        return code in self.rules

    @property
    def contact(self) -> str:
        return f"{self.contact_name} ({self.contact_email})"

    def summary(self) -> dict[str, Any]:
        """The round without its rules: name, region, dates (ISO) and guideline."""
        return {
            "key": self.key,
            "round": self.round,
            "year": self.year,
            "region": self.region,
            "region_key": self.region_key,
            "deadline": self.deadline.isoformat(),
            "deadline_note": self.deadline_note,
            "call_date": self.call_date.isoformat() if self.call_date else None,
            "reporting_deadline": (
                self.reporting_deadline.isoformat() if self.reporting_deadline else None
            ),
            "guideline": self.guideline,
            "contact": {"name": self.contact_name, "email": self.contact_email},
        }

    def public(self) -> dict[str, Any]:
        return {**self.summary(), "rules": [r.public() for r in self.rules.values()]}
