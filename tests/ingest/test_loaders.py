"""Each format loads with its structure; each kind of bad input fails with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.readers.loaders import load
from assistant.readers.textio import LoadError
from ingest.split import CHUNK_SIZE, split_doc
from tests.fixtures.files import GUIDE_MD, make_docx, make_pdf


def test_markdown_front_matter_and_sections(tmp_path: Path) -> None:
    doc = load(Path("g.md"), GUIDE_MD.encode())
    assert doc.title == "Testregler 2025"
    assert doc.meta["year"] == 2025 and doc.meta["kind"] == "guideline"
    assert [s.section for s in doc.sections] == ["Søknadsfrist", "Egenfinansiering"]
    chunks = split_doc(doc, "g.md", "/abs/g.md")
    assert chunks[0].meta["location"] == "Søknadsfrist"
    assert chunks[0].meta["year"] == 2025 and chunks[0].meta["deadline"] == "2024-06-20"


def test_pdf_keeps_page_numbers(tmp_path: Path) -> None:
    p = make_pdf(
        tmp_path / "a.pdf",
        ["Side en handler om frister for kommunene.", "Side to handler om rapportering i ISORD."],
    )
    doc = load(p, p.read_bytes())
    assert [s.page for s in doc.sections] == [1, 2]
    chunks = split_doc(doc, "a.pdf", str(p))
    assert chunks[1].meta["location"] == "side 2" and chunks[1].meta["page"] == 2
    assert "rapportering" in chunks[1].text


def test_docx_keeps_headings(tmp_path: Path) -> None:
    p = make_docx(
        tmp_path / "a.docx",
        [
            ("h1", "Veileder"),
            ("h2", "Frister"),
            ("p", "Fristen er 20. juni."),
            ("li", "Søk i ISORD"),
        ],
    )
    doc = load(p, p.read_bytes())
    sec = [s for s in doc.sections if s.section == "Frister"][0]
    assert "Fristen er 20. juni." in sec.text and "- Søk i ISORD" in sec.text


def test_html_main_text_only() -> None:
    html = """<html><head><title>Side</title><script>var x='hemmelig';</script></head>
    <body><nav>Meny Hjem Om oss</nav><main><h1>Prosjektskjønn</h1>
    <p>Kommunene kan søke om midler.</p><ul><li>Frist 20. juni</li></ul></main>
    <footer>Personvern</footer></body></html>"""
    doc = load(Path("a.html"), html.encode())
    text = " ".join(s.text for s in doc.sections)
    assert "Kommunene kan søke" in text and "- Frist 20. juni" in text
    assert "Meny" not in text and "hemmelig" not in text and "Personvern" not in text


def test_text_in_windows_1252() -> None:
    doc = load(Path("a.txt"), "Søknad om skjønnsmidler til Træna.".encode("cp1252"))
    assert "Søknad om skjønnsmidler til Træna." in doc.sections[0].text


def test_chunks_are_bounded_and_never_cut_words() -> None:
    words = " ".join(f"ord{i}" for i in range(600))
    doc = load(Path("a.txt"), words.encode())
    chunks = split_doc(doc, "a.txt", "k")
    assert len(chunks) > 3
    vocab = set(words.split())
    for c in chunks:
        assert len(c.text) <= CHUNK_SIZE
        assert set(c.text.split()) <= vocab  # every token is a whole word
    assert len({c.id for c in chunks}) == len(chunks)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("tom.md", b"", "tom"),
        ("blank.txt", b"   \n\n", "tom"),
        ("falsk.pdf", b"dette er ikke en pdf", "ikke en PDF"),
        ("falsk.docx", b"heller ikke word", "ikke et Word-dokument"),
        ("bin.txt", b"\x00\x01\x02binary", "binærfil"),
        ("bad.json", b'[{"tittel": ', "ugyldig JSON"),
        ("x.exe", b"MZ....", "støttes ikke"),
    ],
)
def test_bad_input_has_a_reason(name: str, data: bytes, reason: str) -> None:
    with pytest.raises(LoadError, match=reason):
        load(Path(name), data)


def test_scanned_pdf_without_text(tmp_path: Path) -> None:
    p = make_pdf(tmp_path / "scan.pdf", ["", ""])
    with pytest.raises(LoadError, match="tekstlag"):
        load(p, p.read_bytes())


def test_encrypted_pdf(tmp_path: Path) -> None:
    p = make_pdf(tmp_path / "lukket.pdf", ["Hemmelig innhold om budsjett."], encrypt="passord")
    with pytest.raises(LoadError, match="passord|kryptert"):
        load(p, p.read_bytes())


def test_chunks_end_at_sentences_not_at_the_day_of_a_date() -> None:
    from ingest.split import _splitter

    words = "ordningen gjelder utgifter til tjenester i kommunene " * 10  # no full stop
    text = f"Rapporteringen skjer på skjema med frist 2. mai, og {words}siden {words}slutt."
    pieces = _splitter.split_text(text)
    assert len(pieces) >= 2
    assert not any(p.rstrip().endswith("frist 2.") for p in pieces)
