"""Every accepted file format is parsed into the same form fields; malformed input is named."""

from __future__ import annotations

import io
import json

import pytest

from assistant.errors import AssistantError
from assistant.precheck import parse_draft
from tests.precheck.helpers import MD_DRAFT, PLAIN_LINES, clean_draft


def _plain_text() -> str:
    out = []
    for kind, text in PLAIN_LINES:
        out.append(f"{text}:" if kind == "heading" else text)
    return "\n".join(out) + "\n"


def _check_common(d) -> None:  # type: ignore[no-untyped-def]
    assert d.tittel == "Digital innbyggerdialog i planarbeidet"
    assert d.søker == "Malvik kommune"
    assert d.innsendt.isoformat() == "2024-06-10"
    assert "høringer om arealplaner" in d.utfordringer
    assert "fra 40 til 120" in d.mål_og_gjennomføring
    assert [(b.post, b.beløp) for b in d.budsjett] == [
        ("Prosjektledelse", 300000),
        ("Tjenestedesign", 250000),
    ]
    assert d.søknadsbeløp == 350000
    assert d.egen_beløp == 200000


def test_json_round_trip() -> None:
    data = clean_draft(ukjent_felt="beholdes")
    d = parse_draft(json.dumps(data).encode(), "utkast.json")
    assert d.to_dict()["ukjent_felt"] == "beholdes"
    assert d.to_dict()["budsjett"] == data["budsjett"]
    assert d.egen_beløp == 300000 and d.egen_form == "arbeidstimer"


def test_markdown() -> None:
    d = parse_draft(MD_DRAFT.encode(), "utkast.md")
    _check_common(d)
    assert d.totalkostnad == 550000
    assert d.roller_som_styrkes == ["lokaldemokratisk arena", "myndighetsorgan"]
    assert d.annen_beløp == 0  # "Annen finansiering: ingen" is read as none
    assert d.reading.finance.other.source == "Annen finansiering: ingen"
    assert d.reading.applicant.source == "Søker: Malvik kommune"
    assert d.samarbeidspartnere == [{"navn": "KS Trøndelag", "rolle": "erfaringsdeling"}]
    assert d.utlysning.startswith("Prosjektskjønn 2025")


def test_text_file_in_windows_1252() -> None:
    d = parse_draft(_plain_text().encode("cp1252"), "utkast.txt")
    _check_common(d)
    assert d.egen_form == "i arbeidstimer"


def test_docx_made_with_python_docx() -> None:
    import docx

    document = docx.Document()
    for kind, text in PLAIN_LINES:
        if kind == "title":
            document.add_heading(text, level=0)
        elif kind == "heading":
            document.add_heading(text, level=1)
        else:
            document.add_paragraph(text)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Totalkostnad", "550 000 kr"
    table.cell(1, 0).text, table.cell(1, 1).text = "Vedlegg", "prosjektplan.pdf"
    buf = io.BytesIO()
    document.save(buf)
    d = parse_draft(buf.getvalue(), "utkast.docx")
    _check_common(d)
    assert d.totalkostnad == 550000


def test_pdf_made_with_fpdf2() -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for kind, text in PLAIN_LINES:
        pdf.set_font(
            "Helvetica", style="B" if kind != "text" else "", size=14 if kind == "title" else 11
        )
        pdf.multi_cell(0, 6, text)
        pdf.ln(1)
    data = bytes(pdf.output())
    d = parse_draft(data, "utkast.pdf")
    _check_common(d)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b'{"tittel": "X", "s\xc3\xb8ker": ', "u.json", "Ugyldig JSON på linje 1"),
        (b'["ikke", "et objekt"]', "u.json", "må være et JSON-objekt"),
        (b'{"tittel": "X"}', "u.json", "Feltet «søker» mangler, men er påkrevd."),
        (
            b'{"tittel": "X", "s\xc3\xb8ker": "Malvik kommune", "s\xc3\xb8knadsbel\xc3\xb8p": "mye"}',
            "u.json",
            "Feltet «søknadsbeløp» må være et helt beløp i kroner (tall), men er tekst.",
        ),
        (
            b'{"tittel": "X", "s\xc3\xb8ker": "Malvik kommune", "innsendt": "20. juni"}',
            "u.json",
            "Feltet «innsendt» må være en dato på formen ÅÅÅÅ-MM-DD",
        ),
        (
            b'{"tittel": "X", "s\xc3\xb8ker": "M", "budsjett": [{"post": "A"}]}',
            "u.json",
            "Feltet «budsjett[1].beløp» mangler.",
        ),
        (
            b'{"tittel": "X", "s\xc3\xb8ker": "M", "sektorer": "helse"}',
            "u.json",
            "Feltet «sektorer» må være en liste",
        ),
        (b"%PDF-1.4 not really a pdf", "u.pdf", "Kunne ikke lese utkastet: PDF-en er skadet"),
        (
            b"PK not a zip",
            "u.docx",
            "Kunne ikke lese utkastet: filen heter .docx, men er ikke et Word-dokument",
        ),
        (b"tittel", "u.odt", "Filtypen .odt støttes ikke"),
        (b"   ", "u.json", "Utkastet er tomt."),
    ],
)
def test_malformed_input_names_the_problem(data: bytes, name: str, message: str) -> None:
    with pytest.raises(AssistantError) as exc:
        parse_draft(data, name)
    assert message in exc.value.message
    # an unreadable type is 415 over HTTP, everything else 422
    assert exc.value.status == (415 if name.endswith(".odt") else 422)


def test_document_without_applicant_is_read_not_refused(settings) -> None:  # type: ignore[no-untyped-def]
    from assistant.precheck import run_precheck

    d = parse_draft("# Tittel uten søker\n\nTekst.\n".encode(), "u.md")
    assert d.søker == "" and d.reading.applicant is None
    report = run_precheck(d, settings, None, with_similar=False)
    note = next(
        f for f in report.findings if f.code == "field_not_found" and "søkeren" in f.message
    )
    assert note.severity == "info"
    assert (
        note.message == "Fant ikke søkeren i utkastet, så det er ikke sjekket om søkeren kan søke."
    )
    assert "applicant_not_municipality" not in report.codes()
    assert report.read_as["applicant"] is None and "søker" in report.read_as["not_found"]


def test_empty_document_is_an_input_error() -> None:
    with pytest.raises(AssistantError) as exc:
        parse_draft(b"\n---\n\n", "u.md")
    assert exc.value.message == "Utkastet har ingen tekst å sjekke."


def test_an_amount_too_large_for_a_number_is_an_input_error_not_a_traceback() -> None:
    huge = "9" * 400
    text = f"Søker: Malvik kommune\nSøkt beløp: {huge} kr\nEgenfinansiering: 1{'0' * 400},5 kr\n"
    with pytest.raises(AssistantError, match="for stort til å være et beløp"):
        parse_draft(text.encode(), "utkast.txt")
