"""Loaders: one function per format, each returning a ``LoadedDoc`` or raising ``LoadError``.

Every loader keeps to the read limits in force (``assistant/readers/limits.py``): ``load`` gives each
document its own CPU budget; ``LimitError`` (a ``LoadError``) names the limit.
"""

from __future__ import annotations

import functools
import io
import json
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from assistant.readers import limits
from assistant.readers.limits import LimitError, check_count, check_time
from assistant.readers.records import parse_records, record_text
from assistant.readers.textio import LoadError, decode_bytes, loads_json, text_lines


@dataclass
class Section:
    text: str
    location: str  # "side 3", "Søknadsfrist", "post abc"
    section: str = ""  # heading the text stands under
    page: int | None = None
    meta: dict[str, Any] = field(default_factory=dict)  # per-section overrides (records)
    rows: list[list[str]] | None = None  # a table's cells, row by row (DOCX tables)


@dataclass
class LoadedDoc:
    title: str
    meta: dict[str, Any]
    sections: list[Section]


_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
_MAX_FRONT = 64 * 1024


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader without anchors and aliases: no "billion laughs" in front matter."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise LoadError("YAML-forsiden bruker alias (*navn), som ikke er tillatt")
        return super().compose_node(parent, index)


def front_matter(text: str) -> tuple[dict[str, Any], str]:
    """The YAML front matter of a Markdown text (``{}`` when it has none) and the body."""
    m = _FRONT.match(text)
    if not m:
        return {}, text
    if len(m.group(1)) > _MAX_FRONT:
        raise LimitError(f"YAML-forsiden er over {_MAX_FRONT // 1024} KB")
    try:
        meta = yaml.load(m.group(1), Loader=_NoAliasLoader) or {}  # noqa: S506 - safe loader
    except (yaml.YAMLError, RecursionError) as exc:
        raise LoadError(f"ugyldig YAML-forside: {exc.__class__.__name__}") from exc
    if not isinstance(meta, dict):
        raise LoadError("YAML-forsiden må være et oppslag (nøkkel: verdi)")
    return meta, text[m.end() :].lstrip("\n")


def load_markdown(data: bytes, path: Path) -> LoadedDoc:
    meta, body = front_matter(decode_bytes(data))
    title = str(meta.get("title") or "")
    sections: list[Section] = []
    stack: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = "\n".join(buf).strip()
        if text:
            head = stack[-1] if stack else title
            sections.append(Section(text, " › ".join(stack[1:] or stack) or "innledning", head))
        buf.clear()

    for n, line in enumerate(text_lines(body)):
        if n % 2000 == 0:
            check_time()
        m = _HEADING.match(line)
        if m:
            flush()
            level, head = len(m.group(1)), m.group(2).strip()
            if level == 1 and not title:
                title = head
            stack[:] = stack[: level - 1] + [head]
            continue
        buf.append(line)
    flush()
    return LoadedDoc(title or path.stem, meta, sections)


def load_text(data: bytes, path: Path) -> LoadedDoc:
    text = decode_bytes(data)
    check_count(text.count("\n") + 1, limits.current().lines, "for mange linjer")
    paras = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    if not paras:
        raise LoadError("filen har ingen tekst")
    title = paras[0].splitlines()[0][:120]
    return LoadedDoc(title, {}, [Section("\n\n".join(paras), "tekst", "")])


def load_pdf(data: bytes, path: Path, layout: bool = False) -> LoadedDoc:
    """Text per page, within the read limits (pages, streams, CPU time); ``layout=True``
    keeps pypdf's column layout (gaps between table cells)."""
    import pypdf

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise LoadError("filen heter .pdf, men er ikke en PDF")
    with (
        limits.budget(fresh=False) as lim,
        pypdf.apply_configuration(None, **limits.pypdf_overrides()),
    ):
        check_count(data.count(b" obj"), lim.pdf_objects, "for mange objekter i PDF-en")
        try:
            return _read_pdf(data, path, lim.pages, layout)
        except LoadError:
            raise
        except pypdf.errors.LimitReachedError as exc:
            raise LimitError(
                "PDF-en har for mange sider eller objekter, eller for store strømmer"
            ) from exc
        except NotImplementedError as exc:  # pypdf: an encryption it has no handler for
            raise LoadError("PDF-en er kryptert på en måte vi ikke kan lese") from exc
        except (pypdf.errors.PyPdfError, ValueError, KeyError, TypeError, AttributeError,
                IndexError, OSError, AssertionError, RecursionError, ZeroDivisionError,
                UnicodeError, OverflowError, MemoryError) as exc:  # fmt: skip
            raise LoadError(
                f"PDF-en er skadet og kan ikke leses ({exc.__class__.__name__})"
            ) from exc


def _read_pdf(data: bytes, path: Path, max_pages: int, layout: bool = False) -> LoadedDoc:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:
            ok = reader.decrypt("")
        except NotImplementedError:
            raise
        except Exception as exc:  # noqa: BLE001 - unsupported crypto
            raise LoadError("PDF-en er kryptert og kan ikke leses") from exc
        if not ok:
            raise LoadError("PDF-en er passordbeskyttet og kan ikke leses")
    declared = reader.root_object.get("/Pages")
    declared = declared.get_object().get("/Count", 0) if declared is not None else 0
    if isinstance(declared, int):  # a lie is caught by pypdf's page-tree limit below
        check_count(declared, max_pages, "for mange sider")
    check_count(len(reader.pages), max_pages, "for mange sider")
    mode: Literal["plain", "layout"] = "layout" if layout else "plain"
    pages = []
    for n, page in enumerate(reader.pages, 1):
        check_time()
        pages.append((n, (page.extract_text(extraction_mode=mode) or "").strip()))
    check_time()
    sections = [Section(t, f"side {n}", "", page=n) for n, t in pages if len(t) >= 20]
    if not sections:
        raise LoadError(
            "PDF-en har ikke noe tekstlag (skannet?). Kjør OCR eller lever tekstversjon"
        )
    info = reader.metadata
    title = (
        str(getattr(info, "title", None) or "").strip() or sections[0].text.splitlines()[0][:120]
    )
    return LoadedDoc(title, {}, sections)


def open_docx(data: bytes) -> Any:
    """A python-docx ``Document`` whose zip and body are within the read limits.

    The central directory is checked before anything is inflated, the body's markup is
    counted before lxml parses it, and paragraphs and table cells after.
    """
    import docx

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise LoadError("filen heter .docx, men er ikke et Word-dokument")
    with limits.budget(fresh=False) as lim:
        with limits.check_zip(data) as zf:
            try:
                body = zf.read("word/document.xml")
            except KeyError:
                raise LoadError("Word-dokumentet mangler hoveddelen (word/document.xml)") from None
            except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError) as exc:
                raise LoadError(f"Word-dokumentet er skadet ({exc.__class__.__name__})") from exc
        check_count(body.count(b"<"), lim.xml_elements, "for mange XML-elementer i dokumentet")
        del body
        check_time()
        try:
            document = docx.Document(io.BytesIO(data))
        except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds
            raise LoadError(f"Word-dokumentet er skadet ({exc.__class__.__name__})") from exc
        root = document.element.body
        check_count(len(root.xpath(".//w:tc")), lim.table_cells, "for mange tabellceller")
        check_count(len(root.xpath(".//w:p")), lim.paragraphs, "for mange avsnitt")
        # python-docx looks a paragraph's style up anew each time, scanning every style
        # (3 ms per paragraph without its own style); the styles do not change while we read
        part = document.part
        part.get_style = functools.lru_cache(maxsize=512)(part.get_style)  # type: ignore[method-assign]  # instance cache
        check_time()
        return document


def load_docx(data: bytes, path: Path) -> LoadedDoc:
    document = open_docx(data)
    title = (document.core_properties.title or "").strip()
    sections: list[Section] = []
    head = ""
    buf: list[str] = []

    def flush() -> None:
        text = "\n".join(buf).strip()
        if text:
            sections.append(Section(text, head or "innledning", head))
        buf.clear()

    for n, block in enumerate(_docx_body(document)):
        if n % 500 == 0:
            check_time()
        if isinstance(block, list):  # a table, in its place in the document
            flush()
            if block:
                text = "\n".join(" | ".join(cells) for cells in block)
                sections.append(Section(text, "tabell", head or "tabell", rows=block))
            continue
        style, text = block
        if not text:
            continue
        if style.startswith("Heading") or style.startswith("Overskrift") or style == "Title":
            flush()
            head = text
            if not title:
                title = text
            continue
        prefix = "- " if "List" in style else ""
        buf.append(prefix + text)
    flush()
    if not sections:
        raise LoadError("Word-dokumentet har ingen tekst")
    return LoadedDoc(title or path.stem, {}, sections)


def _docx_body(document: Any) -> list[tuple[str, str] | list[list[str]]]:
    """Paragraphs as (style, text) and tables as rows of cell texts, in document order.

    Merged cells repeat in python-docx's rows; a repeat of the cell to its left is dropped.
    """
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out: list[tuple[str, str] | list[list[str]]] = []
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            para = Paragraph(child, document)
            style = (para.style.name if para.style is not None else "") or ""
            out.append((style, para.text.strip()))
        elif child.tag.endswith("}tbl"):
            rows: list[list[str]] = []
            for row in Table(child, document).rows:
                cells: list[str] = []
                prev = None
                for cell in row.cells:
                    if cell._tc is not prev:
                        cells.append(cell.text.strip())
                    prev = cell._tc
                if any(cells):
                    rows.append(cells)
            out.append(rows)
    return out


def load_html(data: bytes, path: Path) -> LoadedDoc:
    from bs4 import BeautifulSoup

    text = decode_bytes(data)
    check_count(text.count("<"), limits.current().xml_elements, "for mange HTML-elementer")
    soup = BeautifulSoup(text, "html.parser")
    for tag in soup(["script", "style", "nav", "header", "footer", "aside", "form", "noscript"]):
        tag.decompose()
    title = (soup.title.string or "").strip() if soup.title and soup.title.string else ""
    root = soup.find("main") or soup.find("article") or soup.body or soup
    sections: list[Section] = []
    head = ""
    buf: list[str] = []

    def flush() -> None:
        text = "\n".join(buf).strip()
        if text:
            sections.append(Section(text, head or "innledning", head))
        buf.clear()

    for n, el in enumerate(root.find_all(["h1", "h2", "h3", "h4", "p", "li", "td", "pre"])):
        if n % 500 == 0:
            check_time()
        text = " ".join(el.get_text(" ", strip=True).split())
        if not text:
            continue
        if el.name in ("h1", "h2", "h3", "h4"):
            flush()
            head = text
            title = title or text
        else:
            buf.append(("- " if el.name == "li" else "") + text)
    flush()
    if not sections:
        raise LoadError("HTML-siden har ingen hovedtekst")
    return LoadedDoc(title or path.stem, {}, sections)


def load_records(data: bytes, path: Path) -> LoadedDoc:
    records, errors = parse_records(data, path.suffix.lower())
    if not records:
        reason = errors[0] if errors else "ingen poster"
        raise LoadError(f"ingen gyldige prosjektposter ({reason})")
    sections = []
    for rec in records:
        text = record_text(rec)
        meta = {"year": rec.get("år"), "title": rec.get("tittel"), "region": rec.get("embete")}
        sections.append(Section(text, f"post {rec['id']}", str(rec.get("tittel") or ""), meta=meta))
    return LoadedDoc(path.stem, {"kind": "project"}, sections)


def load_json_any(data: bytes, path: Path) -> LoadedDoc:
    if path.suffix.lower() == ".json":
        try:
            loads_json(decode_bytes(data))
        except json.JSONDecodeError as exc:
            raise LoadError(f"ugyldig JSON på linje {exc.lineno}: {exc.msg}") from exc
    return load_records(data, path)


LOADERS: dict[str, Callable[[bytes, Path], LoadedDoc]] = {
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".txt": load_text,
    ".pdf": load_pdf,
    ".docx": load_docx,
    ".html": load_html,
    ".htm": load_html,
    ".json": load_json_any,
    ".jsonl": load_records,
    ".csv": load_records,
}


def supported(path: Path) -> bool:
    return path.suffix.lower() in LOADERS


def load(path: Path, data: bytes) -> LoadedDoc:
    if not data:
        raise LoadError("filen er tom (0 byte)")
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        raise LoadError(f"filtypen {path.suffix or '(ingen)'} støttes ikke")
    with limits.budget():  # each document its own CPU budget
        return loader(data, path)
