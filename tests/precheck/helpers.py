"""Shared draft text for the pre-check tests (synthetic)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

DRAFTS = Path(__file__).resolve().parents[2] / "evals" / "sets" / "drafts" / "dev-own"
MARKER = "Blåbærsyltetøy-XYZZY"


def eval_draft(name: str) -> dict[str, Any]:
    return json.loads((DRAFTS / f"{name}.json").read_text(encoding="utf-8"))


def clean_draft(**changes: Any) -> dict[str, Any]:
    d = copy.deepcopy(eval_draft("clean-2025-plan")["utkast"])
    d.update(changes)
    return d


MD_DRAFT = """# Digital innbyggerdialog i planarbeidet

Søker: Malvik kommune
Utlysning: Prosjektskjønn 2025, Statsforvalteren i Trøndelag
Innsendt: 10. juni 2024

## Utfordringer
Få innbyggere deltar i høringer om arealplaner.

## Mål og gjennomføring
Målet er å øke antall innspill fra 40 til 120 per plan innen desember 2025. Vi skal prøve ut
en ny digital dialogløsning. Fase 1 høsten 2024, fase 2 våren 2025. Prosjektleder er plansjefen.

## Roller som styrkes
- lokaldemokratisk arena
- myndighetsorgan

## Budsjett/kostnadsoverslag
- Prosjektledelse: 300 000 kr
- Tjenestedesign: 250 000 kr
- Sum: 550 000 kr

## Finansiering
- Søknadsbeløp: 350 000 kr
- Kommunal egenfinansiering: 200 000 kr (arbeidstimer)
- Annen finansiering: ingen

## Samarbeidspartnere
- KS Trøndelag – erfaringsdeling
"""

# The same draft as plain lines (for .txt, .docx and .pdf): headings are lines naming a field.
PLAIN_LINES = [
    ("title", "Digital innbyggerdialog i planarbeidet"),
    ("text", "Søker: Malvik kommune"),
    ("text", "Innsendt: 10.06.2024"),
    ("heading", "Utfordringer"),
    ("text", "Få innbyggere deltar i høringer om arealplaner."),
    ("heading", "Mål og gjennomføring"),
    (
        "text",
        "Målet er å øke antall innspill fra 40 til 120 per plan innen desember 2025. "
        "Vi skal prøve ut en ny digital dialogløsning. Prosjektleder er plansjefen.",
    ),
    ("heading", "Budsjett"),
    ("text", "Prosjektledelse: 300 000 kr"),
    ("text", "Tjenestedesign: 250 000 kr"),
    ("heading", "Søknadsbeløp"),
    ("text", "350 000 kr"),
    ("heading", "Kommunal egenfinansiering"),
    ("text", "200 000 kr i arbeidstimer"),
]
