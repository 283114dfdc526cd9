"""Bokmål in one place: assistant.lang.nb and the modules that use it."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import pytest

import assistant.lang
from assistant.answer import sentences
from assistant.commands import projects_cmd
from assistant.lang import nb
from assistant.lang.nb.fold import search_either
from assistant.precheck import amounts as precheck_amounts
from assistant.precheck import finance, parse_draft
from assistant.readers import records
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


# -- amounts ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "want"),
    [
        ("0", 0),
        ("0 kr", 0),
        ("1,2 mill.", 1_200_000),
        ("1,5 mill. kr", 1_500_000),
        ("1,6 millioner kroner", 1_600_000),
        ("0,5 mill.", 500_000),
        ("650 000 kr", 650_000),
        ("kr 250 000,-", 250_000),
        ("kr 1.200.000,-", 1_200_000),
        ("1.600.000,00", 1_600_000),
        ("NOK 1 200 000", 1_200_000),
        ("ca. 500 000", 500_000),
        ("1\u00a0600\u00a0000 kr", 1_600_000),
        ("1600000", 1_600_000),
        (1600000, 1_600_000),
        (1600000.4, 1_600_000),
        ("", None),
        ("–", None),
        (None, None),
    ],
)
def test_parse_amount(value: object, want: int | None) -> None:
    assert nb.parse_amount(value) == want


@pytest.mark.parametrize("value", ["mange penger", "1 2 3 kr x", "12/5"])
def test_parse_amount_says_what_it_could_not_read(value: str) -> None:
    with pytest.raises(ValueError, match="ugyldig beløp"):
        nb.parse_amount(value)


def test_parse_amount_refuses_an_absurd_amount() -> None:
    with pytest.raises(ValueError, match="urimelig beløp"):
        nb.parse_amount("9" * 30)
    with pytest.raises(ValueError, match="urimelig beløp"):
        nb.parse_amount("1" * 400 + " mill.")


def test_find_amounts_in_free_text() -> None:
    text = "Vi søker om 1,5 mill. kr; kommunen bidrar med kr 250 000,- og 40 000 kroner i arbeid."
    assert [a for a, _, _ in nb.find_amounts(text)] == [1_500_000, 250_000, 40_000]
    assert nb.find_amounts("20 deltakere i 2024") == []
    assert nb.find_amounts("Post 12 000", lenient=True)[0][0] == 12_000
    assert nb.find_amounts("Søknad 2024", lenient=True) == []  # a year, not an amount
    assert nb.strip_amounts("Bufdir: 150 000 kr") == "Bufdir"


@pytest.mark.parametrize(
    ("text", "want"),
    [("0", 0), ("0 kr", 0), ("kr 0,-", 0), ("0,00", 0), ("350 000 kr (inkl. mva)", 350_000)],
)
def test_amount_of_a_cell_reads_an_explicit_nought(text: str, want: int) -> None:
    assert nb.amount_of(text) == want


def test_an_amount_mention_is_a_cue_not_a_value() -> None:
    text = "Rammen er 28,5 mill. kr, minst 100 000 kroner og 40 prosent."
    assert [m.group(0) for m in nb.AMOUNT_MENTION.finditer(text)] == [
        "28,5 mill. kr",
        "100 000 kroner",
        "40 prosent",
    ]


def test_krone_formatter() -> None:
    assert nb.kr(1_234_500) == "1 234 500 kr"
    assert nb.kr(0) == "0 kr"
    assert nb.kr(500) == "500 kr"
    assert nb.kr(None) == "ukjent"
    assert nb.kr(None, missing="(ikke oppgitt)") == "(ikke oppgitt)"
    assert nb.group_digits(28_500_000) == "28 500 000"


@pytest.mark.parametrize("amount", [0, 1, 999, 1000, 250_000, 1_234_500, 28_500_000, 10**12])
def test_krone_formatter_round_trips(amount: int) -> None:
    written = nb.kr(amount)
    assert nb.parse_amount(written) == amount
    assert nb.amount_of(written) == amount
    assert nb.amount_of(f"Søknadsbeløp: {written}") == amount


def test_every_krone_writer_is_the_language_modules() -> None:
    assert records.kr is nb.kr and records.parse_amount is nb.parse_amount
    assert projects_cmd.kr is nb.kr and projects_cmd.parse_amount is nb.parse_amount
    assert precheck_amounts.kr(1_600_000) == "1 600 000 kr"
    assert precheck_amounts.kr(None) == "(ikke oppgitt)"
    assert records.record_text({"tittel": "X", "år": 2021, "søkt_beløp": 1_600_000}).endswith(
        "Søkt beløp: 1 600 000 kr."
    )


# The archive's importer (assistant.readers.records, via parse_amount) and the pre-check's reader (via
# amount_of) had their own amount parsers; these forms are where they used to disagree.
AGREED = [
    ("1.5 mill", 1_500_000),  # the pre-check read nothing
    ("1,255 mill.", 1_255_000),  # the pre-check read nothing
    ("1.500 mill. kr", 1_500_000),  # the pre-check read 1 500 000 000
    ("1 500 mill.", 1_500_000_000),  # the archive refused it
    ("kr 1,600,000", 1_600_000),  # the pre-check read 1 kr
    ("1,600,000 kr", 1_600_000),  # the pre-check read nothing
    ("1\u202f600\u202f000 kr", 1_600_000),  # amount_of read 0 kr
    ("1 234,56 kr", 1_235),  # the pre-check cut the øre off (1 234), the archive rounded
    ("1,5 mnok", 1_500_000),  # the archive refused it
    ("1 600 000,- kr", 1_600_000),  # the archive refused it
    ("45 000,– kr", 45_000),  # the archive refused it
    ("ca. kr 500 000", 500_000),  # the archive refused it
    ("0,–", 0),  # the pre-check read nothing
    ("500,–", 500),  # the pre-check read nothing
]
SAME_BEFORE = [
    ("0", 0),
    ("0 kr", 0),
    ("kr 0,-", 0),
    ("kr 0,–", 0),
    ("1,2 mill.", 1_200_000),
    ("1,5 mill. kr", 1_500_000),
    ("650 000 kr", 650_000),
    ("kr 250 000,-", 250_000),
    ("kr 1.200.000,-", 1_200_000),
    ("1.600.000,00", 1_600_000),
    ("150 000,50 kr", 150_000),
    ("NOK 1 200 000", 1_200_000),
    ("1 million", 1_000_000),
    ("2 millioner kr", 2_000_000),
]


def _through_the_archive(value: str) -> int | None:
    return records.normalise_record({"tittel": "Prosjekt", "søkt_beløp": value})["søkt_beløp"]


def _through_the_precheck(value: str) -> int | None:
    text = f"Søknad om prosjektskjønn 2025\n\nSøker: Snåsa kommune\n\nSøknadsbeløp: {value}\n"
    return parse_draft(text.encode(), "utkast.md").søknadsbeløp


@pytest.mark.parametrize(("value", "want"), AGREED + SAME_BEFORE)
def test_the_archive_and_the_precheck_read_an_amount_alike(value: str, want: int) -> None:
    assert records.parse_amount(value) == want
    assert finance.amount_of(value) == want
    assert _through_the_archive(value) == want
    assert _through_the_precheck(value) == want


def test_what_only_a_whole_value_may_be() -> None:
    """Free text keeps two cautions a whole value does not need (see nb.numbers)."""
    assert nb.parse_amount("500") == 500 and nb.amount_of("500") is None  # a count, maybe
    assert nb.parse_amount("2024") == 2024 and nb.amount_of("2024") is None  # a year
    assert nb.amount_of("500 kr") == 500
    assert nb.parse_amount("1234.56") == 1235
    assert [a for a, _, _ in nb.find_amounts("punkt 3.2 kr 50 000")] == [50_000]


# -- messages -----------------------------------------------------------------------------
def test_contact_sentence() -> None:
    assert (
        nb.contact_sentence("Statsforvalteren i Trøndelag", "sfto@example.no")
        == "Ta kontakt med Statsforvalteren i Trøndelag på sfto@example.no."
    )


def test_a_pattern_matches_words_typed_without_æøå_the_usual_ways() -> None:
    heading = re.compile(r"^(mål|gjennomføring|søknadsbeløp)\b[æøå\w]*", re.I)
    for typed in ("Maal", "Mal", "Gjennomforing", "Gjennomfoering", "soknadsbelop"):
        assert search_either(heading, typed), typed
    assert not search_either(heading, "Malvik")  # a word boundary still holds
    assert search_either(re.compile(r"Å\w+"), "AApen")  # capitals too
