"""A draft's structure before its fields: headings, key–value lines, list items, table rows, text.

Every format becomes the same list of ``Block``s, in document order:

- Markdown: ``#`` and setext headings, ``| a | b |`` tables, ``**Søker:** X`` lines, lists.
- Plain text (and the text of a PDF read with pypdf's layout mode): "Søker: X" lines, columns
  separated by tabs or wide gaps (forms copied from a word processor, PDF tables), lists, and
  short lines that name a form section ("Utfordringene det skal tas tak i").
- DOCX (through ``assistant.readers.loaders.load_docx``): heading styles, list styles and real tables.

A block keeps the line as written (``text``) so a finding can quote it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from assistant.lang.nb import MONTH_PATTERN
from assistant.precheck.sections import is_heading_line
from assistant.readers.textio import decode_bytes, text_lines

HEADING, KV, ITEM, ROW, TEXT, BLANK = "heading", "kv", "item", "row", "text", "blank"


@dataclass
class Block:
    kind: str
    text: str  # the line as the applicant wrote it (for quotes)
    key: str = ""  # kv: the label; row: "" (see cells)
    value: str = ""  # kv: what follows the label
    cells: list[str] = field(default_factory=list)
    marked: bool = False  # heading marked as such (Markdown #, a Word heading style, bold line)

    def quote(self) -> str:
        if self.kind == ROW:
            return " | ".join(c for c in self.cells if c)
        return self.text.strip()


_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_HR = re.compile(r"^\s*([-*_]\s*){3,}$")
_TABLE_SEP = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_ITEM = re.compile(
    rf"^\s*(?:[-*•·–—▪◦]|\d{{1,2}}[.)](?!\s+(?:{MONTH_PATTERN})\b)|[a-z][.)])\s+(?=\S)", re.I
)
_COLUMNS = re.compile(r"\t+|\s{3,}")
_KV = re.compile(r"^([^:]{1,60}?)\s*:\s*(.*)$")
# a form line with a dot leader, "Søker ......... Oppdal kommune" (not prose with "...")
_LEADER_KV = re.compile(r"^([^.:…_]{1,60}?)\s*(?:\.{4,}|…{2,}|_{4,})\s*(\S(?:\S*\s?){0,9})$")
_BOLD = re.compile(r"^(\*\*|__)(.+?)\1\s*$")
_EMPH = re.compile(r"(\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w))")


def strip_emphasis(text: str) -> str:
    return " ".join(_EMPH.sub("", text).split())


def _label_like(key: str) -> bool:
    """A form label: short, no sentence inside (so "Vi skal: ..." stays prose)."""
    words = key.split()
    if not words or len(words) > 7 or len(key) > 60:
        return False
    if re.search(r"[.!?]\s|\d{3}", key) or key.strip().endswith((",", ";")):
        return False
    return key[0].isupper() or key[0].isdigit()


def _kv(text: str) -> tuple[str, str] | None:
    m = _KV.match(strip_emphasis(text)) or _LEADER_KV.match(strip_emphasis(text))
    if not m:
        return None
    key, value = m.group(1).strip(), m.group(2).strip()
    if re.search(r"\d$", key) and re.match(r"^\d", value):  # a time "14:12", a ratio "1:2"
        return None
    if value.startswith("//"):  # a URL
        return None
    return (key, value) if _label_like(key) else None


def line_block(raw: str, marked: bool = False) -> Block:
    """Classify one line of text (already without a trailing newline)."""
    text = raw.rstrip()
    stripped = text.strip()
    if not stripped:
        return Block(BLANK, "")
    m = _MD_HEADING.match(stripped)
    if m:
        return Block(HEADING, strip_emphasis(m.group(2)), marked=True)
    if stripped.startswith("|") and stripped.count("|") >= 2:
        cells = [strip_emphasis(c) for c in stripped.strip("|").split("|")]
        return Block(ROW, stripped, cells=cells)
    bold = _BOLD.match(stripped)
    if bold and ":" not in bold.group(2).rstrip(":")[:-1]:
        return Block(HEADING, strip_emphasis(bold.group(2)).rstrip(":"), marked=True)
    item = _ITEM.match(text)
    body = text[item.end() :] if item else stripped
    cols = [c.strip() for c in _COLUMNS.split(body.strip()) if c.strip()]
    kv = _kv(body)
    if kv and (len(cols) < 2 or cols[0].rstrip(":") == kv[0] or cols[0].endswith(":")):
        key, value = kv
        value = " ".join(strip_emphasis(value).split())
        if not value and (marked or is_heading_line(key)):
            return Block(HEADING, key, marked=marked)
        return Block(KV, strip_emphasis(body.strip()), key=key, value=value)
    if len(cols) >= 2 and not item:
        return Block(ROW, stripped, cells=[strip_emphasis(c) for c in cols])
    if item and re.match(r"\d{1,2}[.)]?\s", stripped) and is_heading_line(body):
        # "7. BUDSJETT", "3. Mal": a numbered line that opens a section is its heading
        return Block(HEADING, strip_emphasis(body).rstrip(":"), marked=marked)
    if item:
        return Block(ITEM, strip_emphasis(body), marked=marked)
    clean = strip_emphasis(stripped)
    if marked or is_heading_line(clean):
        return Block(HEADING, clean.rstrip(":"), marked=marked)
    return Block(TEXT, clean)


def text_blocks(text: str) -> list[Block]:
    """Blocks of Markdown or plain text (setext headings and table separators handled here)."""
    blocks: list[Block] = []
    for raw in text_lines(text):  # LimitError past the line limit in force
        stripped = raw.strip()
        if _TABLE_SEP.match(stripped) and "|" in stripped:
            continue
        if _SETEXT.match(stripped) and blocks and blocks[-1].kind in (TEXT, HEADING, KV):
            prev = blocks[-1]
            blocks[-1] = Block(HEADING, strip_emphasis(prev.text), marked=True)
            continue
        if _HR.match(stripped):
            blocks.append(Block(BLANK, ""))
            continue
        blocks.append(line_block(raw))
    return blocks


def docx_blocks(data: bytes) -> list[Block]:
    """Blocks of a Word document: headings from the loader's sections, tables cell by cell."""
    from assistant.readers.loaders import load_docx

    doc = load_docx(data, Path("utkast.docx"))
    blocks: list[Block] = []
    current = None
    for sec in doc.sections:
        if sec.section and sec.section != current and sec.section != "tabell":
            blocks.append(Block(HEADING, sec.section, marked=True))
        current = sec.section
        if sec.rows is not None:
            blocks.extend(Block(ROW, " | ".join(r), cells=list(r)) for r in sec.rows)
            blocks.append(Block(BLANK, ""))
            continue
        for line in sec.text.split("\n"):
            blocks.append(line_block(line))
        blocks.append(Block(BLANK, ""))
    return blocks


def pdf_blocks(data: bytes) -> list[Block]:
    """Blocks of a PDF's text layer, read with layout so table columns stay apart."""
    from assistant.readers.loaders import load_pdf

    doc = load_pdf(data, Path("utkast.pdf"), layout=True)
    blocks: list[Block] = []
    for sec in doc.sections:
        lines = sec.text.split("\n")
        while lines and _page_footer(lines[-1]):
            lines.pop()
        blocks.extend(text_blocks("\n".join(lines)))
        blocks.append(Block(BLANK, ""))
    return blocks


def _page_footer(line: str) -> bool:
    s = line.strip().lower()
    return not s or bool(re.search(r"\bside \d+( av \d+)?$", s)) or s.isdigit()


def read_blocks(data: bytes, suffix: str) -> list[Block]:
    """The blocks of a document (raises ``LoadError`` from the low-level readers)."""
    if suffix == ".docx":
        return docx_blocks(data)
    if suffix == ".pdf":
        return pdf_blocks(data)
    return text_blocks(decode_bytes(data))
