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


# A Word draft the way a municipality writes one: a header table, headings, a budget table and
# a financing table (own funding 0 in the "Annen finansiering" row), dated after the 2025
# deadline. Expected: deadline_passed (blocking), nothing else blocking.
WORD_ROWS = [
    ("Søker", "Selbu kommune"),
    ("Samarbeidskommune", "Tydal kommune"),
    ("Prosjekt", "Digital innbyggerdialog i planarbeidet"),
    ("Dato", "24.06.2024"),
    ("Søknadsbeløp", "350 000 kr"),
]
WORD_SECTIONS = [
    ("Utfordringene det skal tas tak i", "Få innbyggere deltar i høringer om arealplaner."),
    (
        "Mål og hvordan det skal gjennomføres",
        "Målet er å øke antall innspill fra 40 til 120 per plan innen desember 2025. Vi skal "
        "prøve ut en ny digital dialogløsning. Fase 1 høsten 2024, fase 2 våren 2025. "
        "Prosjektleder er plansjefen, og styringsgruppen er kommunedirektørene.",
    ),
    ("Styrke kommunen innen rollene", "Lokaldemokratisk arena og myndighetsorgan."),
    (
        "Begrunnelse for valg av virkemidler",
        "Tjenestedesign er valgt fordi løsningen må bygge på hva innbyggerne faktisk trenger.",
    ),
    (
        "Overføringsverdi",
        "Erfaringene deles med kommunene i Trøndelag gjennom plannettverket, og sluttrapporten "
        "legges i ISORD.",
    ),
]
WORD_BUDGET = [
    ("Post", "Beløp (kr)"),
    ("Prosjektleder", "300 000"),
    ("Tjenestedesign", "250 000"),
    ("Sum", "550 000"),
]
WORD_FINANCE = [
    ("Finansiering", "Beløp (kr)"),
    ("Søkt prosjektskjønn", "350 000"),
    ("Egenfinansiering Selbu kommune (arbeidstid)", "200 000"),
    ("Annen finansiering", "0"),
    ("Sum", "550 000"),
]


def word_draft(pages: int = 1) -> bytes:
    """The Word draft above; ``pages`` > 1 repeats the plan text to make a longer document."""
    import io

    import docx

    document = docx.Document()
    document.add_heading("Søknad om prosjektskjønn 2025", level=1)
    table = document.add_table(rows=0, cols=2)
    for key, value in WORD_ROWS:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = key, value
    for heading, text in WORD_SECTIONS:
        document.add_heading(heading, level=2)
        for _ in range(pages if heading.startswith("Mål") else 1):
            document.add_paragraph(text)
        if heading.startswith("Mål"):
            document.add_heading("Budsjett", level=2)
            for rows in (WORD_BUDGET, WORD_FINANCE):
                t = document.add_table(rows=0, cols=2)
                for a, b in rows:
                    cells = t.add_row().cells
                    cells[0].text, cells[1].text = a, b
                document.add_paragraph("")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


# A plain-text letter with everything in prose (nynorsk), no headings, no date: the deadline
# cannot be checked and is shown instead. Expected: below_minimum_amount (warning in 2025).
LETTER = """Leka kommune

Til Statsforvaltaren i Trøndelag

Søknad om prosjektskjønn 2025: «Digital kvardag for eldre»

Leka kommune søkjer om 120 000 kr i prosjektskjønn for 2025 til eit prosjekt der vi saman med Nærøysund kommune skal prøve ut ein ny modell for digital rettleiing av eldre. Målet er at minst 60 eldre innbyggjarar har fått rettleiing innan 1. desember 2025. Frå januar til mars 2025 lagar vi opplegget, og frå april til november held vi kurs kvar veke på biblioteket. Prosjektleiar er einingsleiar for helse, og styringsgruppa er kommunedirektørane i dei to kommunane. Prosjektet styrkjer kommunen som tenesteprodusent.

Vi har valt rettleiing på biblioteket fordi dei eldre sjølve har bede om eit fast stad å gå til. Samla kostnad er rekna til 200 000 kr. Kommunen vil sjølv bidra med 80 000 kr i arbeidstid. Erfaringane blir delte med kommunane i Namdal gjennom helsenettverket i regionrådet.

Helsing
Anne Lise Haug
rådgjevar, Leka kommune
"""
