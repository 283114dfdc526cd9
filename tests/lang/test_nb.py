"""Bokmål in one place: assistant.lang.nb and the modules that use it."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

import assistant.lang
from assistant.answer import sentences
from assistant.lang import nb
from assistant.store import analyzer
from evals import strict

LANG_DIR = Path(assistant.lang.__file__).parent
FORBIDDEN = (
    "assistant.answer",
    "assistant.precheck",
    "assistant.archive",
    "assistant.services",
    "assistant.commands",
    "ingest",
    "api",
)


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_the_language_module_is_a_bottom_layer() -> None:
    files = sorted(LANG_DIR.rglob("*.py"))
    assert LANG_DIR / "nb" / "__init__.py" in files
    bad = [
        f"{f.relative_to(LANG_DIR)}: {name}"
        for f in files
        for name in _imports(f)
        if any(name == top or name.startswith(top + ".") for top in FORBIDDEN)
    ]
    assert not bad, bad


# -- words --------------------------------------------------------------------------------
def test_bm25_uses_the_language_modules_stop_words_and_stemmer() -> None:
    assert analyzer.STOPWORDS is nb.STOPWORDS
    assert analyzer._stem is nb.stem
    assert {"og", "ikke", "ikkje", "hva", "kva"} <= nb.STOPWORDS
    assert not {"frist", "søke", "tilskudd"} & nb.STOPWORDS


def test_the_stemmer_is_snowball_norwegian_applied_twice() -> None:
    assert nb.stem("telefonnummeret") == nb.stem("telefonnummer")
    assert nb.stem("kommunene") == nb.stem("kommuner")
    assert analyzer.stem_tokens("Søknadsfristen for kommunene") == [
        nb.stem("søknadsfristen"),
        nb.stem("kommunene"),
    ]


# -- dates --------------------------------------------------------------------------------
def test_month_names_full_and_as_numbers() -> None:
    assert nb.MONTHS[0] == "januar" and nb.MONTHS[11] == "desember" and len(nb.MONTHS) == 12
    assert nb.MONTH_PATTERN.split("|") == list(nb.MONTHS)
    assert nb.month_number("Juni") == 6
    assert nb.month_number("desember ") == 12
    assert nb.month_number("juny") is None


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("20. juni 2024", dt.date(2024, 6, 20)),
        ("20 juni 2024", dt.date(2024, 6, 20)),
        ("Steinkjer, 1. Mars 2021", dt.date(2021, 3, 1)),
        ("20.06.2024", dt.date(2024, 6, 20)),
        ("1.6.2024", dt.date(2024, 6, 1)),
        ("2024-06-20", dt.date(2024, 6, 20)),
        ("innsendt 2024-06-20 kl. 12", dt.date(2024, 6, 20)),
        ("31.02.2024", None),  # no such day
        ("20. juno 2024", None),
        ("juni 2024", None),  # a month is not a date
        ("", None),
    ],
)
def test_parse_date(text: str, want: dt.date | None) -> None:
    assert nb.parse_date(text) == want


@pytest.mark.parametrize(
    "day", [dt.date(2024, 6, 20), dt.date(2021, 1, 1), dt.date(2025, 12, 31), dt.date(2020, 5, 9)]
)
def test_date_formats_round_trip(day: dt.date) -> None:
    assert nb.parse_date(nb.format_date(day)) == day
    assert nb.parse_date(nb.format_date_numeric(day)) == day


def test_date_formats() -> None:
    assert nb.format_date(dt.date(2024, 6, 20)) == "20. juni 2024"
    assert nb.format_date(dt.date(2024, 5, 1)) == "1. mai 2024"
    assert nb.format_date_numeric(dt.date(2024, 6, 1)) == "01.06.2024"
    assert nb.format_month(2024, 6) == "juni 2024"


@pytest.mark.parametrize(
    "text", ["20. juni 2024", "20.06.2024", "fristen er 1. mars 2021 kl. 12.00"]
)
def test_the_date_readers_agree_on_a_written_date(text: str) -> None:
    """The answer's date cue, the pre-check's reader and the eval's matcher read the same day."""
    day = nb.parse_date(text)
    assert day is not None
    assert nb.DATE_MENTION.search(text)
    assert sentences.dates_in(text)
    (_, got), *_ = strict.dates(text)
    assert (got.day, got.month, got.year) == (day.day, day.month, day.year)


def test_date_mention_spots_dates_not_numbers() -> None:
    text = "Frist 20. juni kl. 12.00, eller 01.07.2024; 20 søknader i 2024."
    assert [m.group(0) for m in nb.DATE_MENTION.finditer(text)] == [
        "20. juni kl. 12.00",
        "01.07.2024",
    ]
