"""Hostile documents are refused by the readers, by name of the limit, before they cost much.

Memory is measured with tracemalloc (Python allocations: a zip member read whole shows up);
CPU time is never asserted here (bench/bombs.py measures it against the real server).
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from assistant.errors import InputError, TooLargeError
from assistant.precheck import parse_draft
from assistant.readers.limits import UPLOAD, LimitError, ReadLimits, applied, current
from assistant.readers.loaders import load
from assistant.readers.records import parse_records
from assistant.readers.textio import LoadError
from tests.fixtures import hostile
from tests.fixtures.files import make_docx, make_pdf

MB = 1024 * 1024


def _load(name: str, data: bytes):  # type: ignore[no-untyped-def]
    return load(Path(name), data)


def test_docx_zip_bomb_is_refused_from_the_central_directory() -> None:
    bomb = hostile.docx_zip_bomb(64)  # 64 MiB of XML in a file of about 70 KB
    assert len(bomb) < 200 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(LimitError, match=r"word/document.xml er 64 MB utpakket"):
            _load("bombe.docx", bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * MB  # nothing was inflated


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (lambda: hostile.docx_paragraphs(100_000), "for mange avsnitt: 100 000"),
        (lambda: hostile.docx_paragraphs(1_000_000), "for mange XML-elementer"),
        (lambda: hostile.docx_table_cells(300, 200), "for mange tabellceller: 60 000"),
        (lambda: hostile.docx_many_members(2_000), "for mange filer i arkivet"),
    ],
    ids=["paragraphs", "elements", "cells", "members"],
)
def test_docx_cpu_bombs_are_refused_by_count(data, reason: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(LimitError, match=reason):
        _load("bombe.docx", data())


def test_pdf_limits() -> None:
    with pytest.raises(LimitError, match="for mange sider: 3 000"):
        _load("lang.pdf", hostile.pdf_pages(3_000))
    with pytest.raises(LimitError, match="for store strømmer"):
        _load("bombe.pdf", hostile.pdf_flate_bomb(40))
    with applied(UPLOAD), pytest.raises(LimitError, match="for mange objekter i PDF-en"):
        _load("lang.pdf", hostile.pdf_pages(60_000))


@pytest.mark.parametrize(
    "data",
    [hostile.pdf_encrypted(), hostile.pdf_encrypted(b"/FooSecurity", 1)],
    ids=["unknown-version", "unknown-handler"],
)
def test_pdf_with_unsupported_encryption_is_unreadable_not_a_crash(data: bytes) -> None:
    with pytest.raises(LoadError, match="kryptert på en måte vi ikke kan lese") as info:
        _load("laast.pdf", data)
    assert not isinstance(info.value, LimitError)


def test_cpu_budget_stops_a_slow_document(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "a.pdf", ["Side en om frister for kommunene i Trøndelag."] * 3)
    with applied(ReadLimits(cpu_seconds=0.0)), pytest.raises(LimitError, match="CPU-tid"):
        _load("a.pdf", pdf.read_bytes())
    assert _load("a.pdf", pdf.read_bytes()).sections  # the next document has its own budget


def test_text_json_yaml_and_csv_limits() -> None:
    with applied(UPLOAD), pytest.raises(LimitError, match="for mange linjer"):
        _load("a.txt", b"linje\n" * 30_000)
    with pytest.raises(LoadError, match="nestet for dypt"):
        _load("p.json", hostile.deep_json())
    records, errors = parse_records(b'{"tittel": "A"}\n' + hostile.deep_json() + b"\n", ".jsonl")
    assert [r["tittel"] for r in records] == ["A"] and errors == [
        "linje 2: JSON-en er nestet for dypt"
    ]
    huge = b'{"tittel": "B", "s\xc3\xb8kt_bel\xc3\xb8p": "' + b"9" * 400 + b' kr"}\n'
    records, errors = parse_records(huge, ".jsonl")
    assert not records and errors[0].startswith("linje 1: urimelig beløp")
    with pytest.raises(LoadError, match="CSV-filen kan ikke leses"):
        parse_records(b"tittel;beskrivelse\nA;" + b'"' + b"x" * 200_000 + b'"\n', ".csv")
    laughs = (
        "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a]\n---\n# T\nTekst.\n"
    )
    with pytest.raises(LoadError, match="alias"):
        _load("bombe.md", laughs.encode())


def test_limits_belong_to_their_context() -> None:
    assert current().pages == 2_000
    with applied(UPLOAD):
        assert current().pages == UPLOAD.pages
    assert current().pages == 2_000


def test_ordinary_documents_pass_the_upload_limits(tmp_path: Path) -> None:
    """The limits are far above a real draft: 100 pages, 2 000 paragraphs, a 40-row table."""
    pdf = hostile.pdf_pages(100, "Tittel: Lang søknad\nSøker: Hitra kommune\nMye tekst om målene.")
    blocks = [("p", "Tittel: Lang søknad"), ("p", "Søker: Hitra kommune")]
    blocks += [("p", f"Avsnitt {i} om mål og gjennomføring i prosjektet.") for i in range(2_000)]
    docx = make_docx(tmp_path / "lang.docx", blocks).read_bytes()
    with applied(UPLOAD):
        assert parse_draft(pdf, "lang.pdf").søker.startswith("Hitra kommune")
        assert parse_draft(docx, "lang.docx").tittel == "Lang søknad"
        assert len(_load("lang.docx", docx).sections[0].text) > 50_000


def test_the_draft_reader_reports_limits_as_too_large() -> None:
    """413 for a bomb (the reader's limit in the message), 422 for an unreadable file."""
    with applied(UPLOAD):
        with pytest.raises(TooLargeError, match="for mange avsnitt") as info:
            parse_draft(hostile.docx_paragraphs(100_000), "utkast.docx")
        assert info.value.status == 413 and info.value.message.startswith("Dokumentet er for stort")
        with pytest.raises(InputError, match="kryptert på en måte"):
            parse_draft(hostile.pdf_encrypted(), "utkast.pdf")
        with pytest.raises(InputError, match="nestet for dypt"):
            parse_draft(hostile.deep_json(), "utkast.json")
