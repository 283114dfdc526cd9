"""One reader for every document format: blocks → sections and header fields → a ``Reading``.

Header fields come from labels first ("Søker: X", a "Dato | 26.08.2020" table row), then from
sentences ("Snåsa kommune søker om …", "saman med Snåsa kommune og Steinkjer kommune"), and
only then from layout (a first line that names a municipality). Nothing is invented: what is
not found stays ``None`` and is reported as not found.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.lang.nb import MONTH_PATTERN, amount_of, month_number, parse_date
from assistant.precheck.blocks import BLANK, HEADING, ITEM, KV, ROW, TEXT, Block
from assistant.precheck.finance import (
    Finance,
    fill_from_prose,
    is_none,
    read_finance,
)
from assistant.precheck.municipalities import canonical, names_in
from assistant.precheck.reading import Found, Reading
from assistant.precheck.sections import label_of, section_of

HEADER = "innledning"
_FINANCE = ("budsjett", "finansiering", "annen_finansiering")
_ORG_KINDS = r"(?:kommune|regionråd|IKS|samkommune|AS|SA|ASA|KF)"
_ORG = rf"[A-ZÆØÅ][\wæøåÆØÅ.\-]*(?: [\wæøåÆØÅ.\-]+){{0,5}}? {_ORG_KINDS}"
_APPLIES = re.compile(
    rf"(?P<org>{_ORG})\b(?:,? v/[^,.]+,?)? (?:er søker|søker|søkjer|sender (?:med dette )?søknad|"
    r"(?:vil|ønsker å|ønskjer å) (?:med dette |herved )?(?:søke|søkje)\b)"
)
_FROM = re.compile(rf"søknad (?:fra|frå) (?P<org>{_ORG})\b", re.I)
_ORG_LINE = re.compile(rf"^(?P<org>{_ORG})(?:\b\s*(?:[,–—-]\s*(?P<rest>.*))?)?$")
_ROUND = re.compile(
    r"(?:prosjektskj[øo]nn|skjønnsmid\w*|fornying og innovasjon)[^\n.\d]{0,45}?((?:19|20)\d{2})",
    re.I,
)
_PLACE_DATE = re.compile(
    r"^(?:[A-ZÆØÅ][\wæøåÆØÅ\- ]{1,30}(?:,\s*|\s+(?=\d)))?(?:den\s+)?(?P<date>.+?)\.?$", re.I
)
_DATE_LABEL = re.compile(r"(?i)^(?:dato|datert|sendt)\s*[:.]?\s+(?P<date>.+?)\.?$")
_SEGMENTS = re.compile(r"\s+[·|•]\s+")
_LEADERS = re.compile(r"\.{4,}|…{2,}")
_MONTH_ONLY = re.compile(
    r"^(?:[A-ZÆØÅ][\wæøåÆØÅ\- ]{1,30},\s*)?(" + MONTH_PATTERN + r")\s+(\d{4})$", re.I
)
_SHARING = re.compile(
    r"invitert|inviter|deles med|dele med|deler|delast|spre|erfaring|seminar|interesse|"
    r"kan brukes|kan ta i bruk|informer|orienter",
    re.I,
)
_TAKING_PART = re.compile(
    r"deltar|deltek|er med\b|samarbeider|samarbeid med|sammen med|saman med|pilotkommune|"
    r"styringsgruppe|arbeidsgruppe|medfinansier|partner|prøve(r)? (ut )?(metoden|modellen)",
    re.I,
)
_TOGETHER = re.compile(r"(?:sammen|saman|i samarbeid) med ([^.]{0,120})", re.I)
# "Skolene i Selbu og Holtålen deltar": a name, then a verb of taking part in the same clause
_NAMED_TAKES_PART = re.compile(r"[A-ZÆØÅ][^.]{0,40}\b(deltar|deltek|er med|blir med|vert med)\b")
# "(sjukepleiarutdanninga i Trondheim)": a place that only says where someone else is
_WHERE = re.compile(r"\([^)]*\bi [A-ZÆØÅ][^)]*\)")
_OWN_SHARES = re.compile(r"(?i)egenfinans|eigenfinans|egenandel|eigendel|eigenandel")
_PEOPLE_TABLE = re.compile(
    r"(?i)^(kommune|kommuner|kommunar|deltaker|deltakar|deltakende kommuner?)$"
)


def _merge(blocks: list[Block], hard_wrapped: bool = True) -> list[Block]:
    """Join wrapped lines: a paragraph's lines, and a value or item continued on the next line.

    ``hard_wrapped`` (text and PDF): a long line followed by more text is one paragraph. Word
    paragraphs are never hard-wrapped, so there only a line that starts in lower case goes on.
    """
    out: list[Block] = []
    for b in blocks:
        prev = out[-1] if out else None
        if b.kind in (TEXT, ITEM) and prev is not None and _awaits_value(prev):
            key = prev.key or prev.text
            out[-1] = Block(KV, f"{key}: {b.text}", key=key, value=b.text)
            continue
        if b.kind == TEXT and prev is not None:
            cont = b.text[:1].islower() or b.text[:1] in "(«"
            open_end = not prev.text.rstrip().endswith((".", "!", "?", ":"))
            wrapped = hard_wrapped and len(prev.text.split("\n")[-1]) >= 55
            wrapped = wrapped and not prev.text.endswith(":")
            # "Prosjektleder 20 % ........ 150 000": a list with dot leaders is not a paragraph
            wrapped = wrapped and not (_LEADERS.search(prev.text) or _LEADERS.search(b.text))
            if prev.kind == TEXT and (wrapped or (cont and open_end)):
                prev.text = f"{prev.text} {b.text}"
                continue
            if prev.kind in (KV, ITEM) and cont:
                prev.text = f"{prev.text} {b.text}"
                if prev.kind == KV:
                    prev.value = f"{prev.value} {b.text}".strip()
                continue
        out.append(b)
    return out


def _awaits_value(b: Block) -> bool:
    """A header label with its value on the next line ("Søknadsbeløp:" / "350 000 kr")."""
    if b.kind == KV and not b.value:
        return label_of(b.key) not in (None, "partnere", "utlysning")
    labels = ("søker", "dato", "søkt", "egen", "total", "annen")
    return b.kind in (HEADING, TEXT) and len(b.text) <= 40 and label_of(b.text) in labels


def _assign(blocks: list[Block]) -> list[tuple[str, Block]]:
    """Each block with the section it stands in; "Utfordringer: tekst" opens a section too.

    Under a real heading, a labelled line ("Virkemidler: …" under "Virkemidler og
    begrunnelse") holds only its own text; the paragraphs after it stay under the heading.
    """
    out: list[tuple[str, Block]] = []
    current = HEADER
    under_heading = False
    list_of = ""  # the section of the list a "Delmål innen 31.12.2021:" line introduces
    for b in blocks:
        if list_of and b.kind == ITEM:
            out.append((list_of, b))
            continue
        if b.kind != BLANK:
            list_of = ""
        if (
            b.kind == TEXT
            and b.text.rstrip().endswith(":")
            and len(b.text.split()) <= 8
            and (name := section_of(b.text, label=True))
            and name not in _FINANCE
        ):
            out.append((name, Block(HEADING, b.text)))
            list_of = name
            continue
        if b.kind == HEADING:
            name = section_of(b.text)
            current = name or (HEADER if current == HEADER else "annet")
            under_heading = name is not None
            out.append((current, b))
            continue
        money = len(b.value.split()) <= 6 and amount_of(b.value) is not None
        if b.kind == KV and label_of(b.key) is None and not money:
            name = section_of(b.key, label=True)
            if name and (name not in _FINANCE or not re.search(r"\d", b.key)):
                out.append((name, Block(HEADING, b.key)))
                if b.value:
                    value = Block(TEXT, b.value)
                    if name in _FINANCE:
                        value = Block(KV, b.text, key=b.key, value=b.value)
                    out.append((name, value))
                if not under_heading:
                    current = name
                continue
        out.append((current, b))
    return out


def _pairs(placed: list[tuple[str, Block]]) -> list[tuple[str, str, str, str]]:
    """(label, key, value, source) of every labelled line and two-cell table row."""
    out = []
    for _, b in placed:
        if b.kind == KV:
            lab = label_of(b.key)
            if lab:
                out.append((lab, b.key, b.value, b.quote()))
        elif b.kind == ROW:
            cells = [c for c in b.cells if c.strip()]
            if len(cells) == 2 and label_of(cells[0]):
                out.append((label_of(cells[0]) or "", cells[0], cells[1], b.quote()))
    return out


def _text(b: Block) -> str:
    if b.kind == ROW:
        return " | ".join(c for c in b.cells if c)
    if b.kind == ITEM:
        return "- " + b.text
    return b.text


def _applicant(pairs: list, placed: list[tuple[str, Block]], full: str) -> Found | None:
    for lab, _, value, source in pairs:
        if lab == "søker" and value.strip():
            name = _clean_applicant(value)
            if name:
                return Found(name, source)
    for pattern in (_APPLIES, _FROM):
        for sentence in re.split(r"(?<=[.!?])\s+|\n", full):
            m = pattern.search(sentence)
            if m and not re.match(r"(?i)^(statsforvalter|fylkesmann)", m.group("org")):
                return Found(m.group("org"), sentence.strip())
    for lab, _, value, source in pairs:
        # "Fra: Malvik idrettsråd" names the sender; "Fra: Tone Hegdahl <…>" only a person
        if lab == "avsender" and not re.search(r"[@<]", value):
            name = _clean_applicant(value)
            if name and _SENDER_ORG.search(name):
                return Found(name, source)
    header = [b for name, b in placed[:12] if name == HEADER and b.kind in (TEXT, HEADING)]
    for b in header[:6]:
        for line in b.text.split("\n")[:3]:
            org = _org_in_line(line.strip())
            if org:
                return Found(org, line.strip(), strong=False)
    # a letter signed "Mvh … / Snåsa kommune": a line that is only the organisation's name
    for _, b in placed[-10:]:
        if b.kind in (TEXT, HEADING):
            for line in b.text.split("\n"):
                m = _ORG_LINE.match(line.strip())
                if m and not m.group("rest"):
                    return Found(m.group("org"), line.strip(), strong=False)
    return None


_NAMED_ORG = re.compile(rf"(?:[A-ZÆØÅ][\wæøåÆØÅ.\-]*\s+){{1,4}}{_ORG_KINDS}\b")
_NEXT_LABEL = re.compile(r"\.\s+(?=[A-ZÆØÅ][\wæøåÆØÅ ]{1,30}:)")


_SENDER_ORG = re.compile(
    rf"\b{_ORG_KINDS}\b|\b\w*(?:råd|lag|laget|forening|foreningen|stiftelse|stiftelsen|skole|"
    r"skolen|senter|senteret|sentral|sentralen|selskap|selskapet)\b",
    re.I,
)


def _clean_applicant(value: str) -> str | None:
    """The organisation in a labelled applicant value, or None when the value names only a
    role: "Meråker kommune. Dato: …" → "Meråker kommune"; "Indre Namdal regionråd v/
    regionkoordinator" → "Indre Namdal regionråd"; "kommunalsjef for samfunnsutvikling,
    Nærøysund kommune" → "Nærøysund kommune"; "kommunedirektør" → None."""
    v = re.sub(r"\s*\([^)]*\)", "", value)  # "(privat grunnskole …)", "(se vedlegg)"
    v = re.split(r"(?i),?\s+org\.?\s*n(?:r|ummer)\b|,\s*organisasjonsnummer", v)[0]
    v = _NEXT_LABEL.split(v)[0]
    v = re.sub(r"(?i)^(?:søker|søkar|prosjekteier|prosjekteigar)\s+(?:er|blir|vert)\s+", "", v)
    v = v.strip(" .,")
    if not v:
        return None
    org = _NAMED_ORG.search(v)
    if not v[0].isupper() or "," in v or len(v) > 80 or re.search(r"\s(?:v/|ved)\s", v):
        if org:  # "Fagenheten ved Hitra kommune", "kommunalsjef …, Nærøysund kommune"
            return org.group(0).strip()
        head = re.split(r"\s+(?:v/|ved)\s", v)[0].strip(" .,")
        return head if head and head[0].isupper() and len(head) <= 80 else None
    return v


_NOT_APPLICANT = re.compile(r"(?i)^(statsforvalter|fylkesmann|til\b|mottak)")
_UPPER_ORG = re.compile(
    r"(?P<name>[A-ZÆØÅ][A-ZÆØÅ\- ]+?) (?P<kind>KOMMUNE|REGIONRÅD|SAMKOMMUNE|IKS)"
)


def _org_in_line(line: str) -> str | None:
    """The organisation a letterhead or title line names: "NÆRØYSUND KOMMUNE - Teknisk drift",
    "Røyrvik kommune / Raavrevijhken tjïelte", "Prosjektskjønn 2025 – Orkland kommune"."""
    if _NOT_APPLICANT.match(line):
        return None
    for part in re.split(r"\s+[–—-]\s+|\s*/\s*|,\s+|:\s+", line):
        part = part.strip(" .")
        m = _ORG_LINE.match(part)
        if m and not _NOT_APPLICANT.match(part):
            return m.group("org")
        u = _UPPER_ORG.fullmatch(part)
        if u:
            name = canonical(u.group("name")) or u.group("name").title()
            kind = u.group("kind")
            return f"{name} {kind if kind == 'IKS' else kind.lower()}"
    return None


def _title(pairs: list, placed: list[tuple[str, Block]]) -> Found | None:
    for lab, _, value, source in pairs:
        if lab == "tittel" and value.strip():
            return Found(value.strip(), source)
    header = [b for n, b in placed if n == HEADER and b.kind in (HEADING, TEXT)][:6]
    for b in header:
        m = re.search(r"«([^»]{4,})»|\"([^\"]{4,})\"", b.text)
        if m:
            return Found((m.group(1) or m.group(2)).strip(), b.text)
    generic = re.compile(r"(?i)^(søknad|prosjektskj[øo]nn|skjønnsmid|statsforvalter|fylkesmann)")
    for b in header:
        parts = [p.strip() for p in re.split(r"\s+[–—-]\s+|:\s+", b.text) if p.strip()]
        useful = [p for p in parts if not generic.match(p) and not _ORG_LINE.match(p)]
        if b.kind == HEADING and useful:
            return Found(useful[0], b.text)
    return Found(header[0].text, header[0].text, strong=False) if header else None


def _date(pairs: list, placed: list[tuple[str, Block]]) -> tuple[Found | None, Found | None]:
    month = None
    for lab, _, value, source in pairs:
        if lab == "dato":
            d = parse_date(value)
            if d:
                return Found(d, source), None
            m = re.search(r"(?i)\b(" + MONTH_PATTERN + r")\s+(\d{4})\b", value)
            if m:
                month = Found((int(m.group(2)), month_number(m.group(1))), source)
    found = None
    for _, b in placed:
        if b.kind not in (TEXT, HEADING, KV):
            continue
        # "Kontaktperson: … · Verdal, 26.08.2020 · Mottaker: …": each part on its own
        # "Til Statsforvalteren i Trøndelag. Brekstad, 7. juni 2024.": sentences too
        lines = [
            part
            for line in b.text.split("\n")
            for seg in _SEGMENTS.split(line)
            for part in re.split(r"(?<=\.)\s+(?=[A-ZÆØÅ])", seg)
        ]
        for line in lines:
            s = line.strip()
            labelled = _DATE_LABEL.match(s)
            stated = parse_date(labelled.group("date")) if labelled and found is None else None
            if stated:
                found = Found(stated, line.strip())
                continue
            if len(s) > 45 or (b.kind == KV and len(lines) == 1):
                continue
            m = _PLACE_DATE.match(s)
            d = parse_date(m.group("date")) if m else None
            if (
                d
                and m
                and re.fullmatch(r"[\d.\-/ ]+|\d{1,2}\.? \w+ \d{4}", m.group("date").strip(". "))
            ):
                found = Found(d, s)
            mm = _MONTH_ONLY.match(s.rstrip("."))
            if mm and month is None:
                month = Found((int(mm.group(2)), month_number(mm.group(1))), s)
    return found, (None if found else month)


def _round_hint(pairs: list, placed: list[tuple[str, Block]], full: str) -> Found | None:
    header = [
        b.value if b.kind == KV and label_of(b.key) == "utlysning" else b.text
        for n, b in placed
        if n == HEADER and b.kind in (HEADING, TEXT, KV)
    ][:10] + [v for lab, _, v, _ in pairs if lab == "utlysning"]
    for text in header:
        m = _ROUND.search(text)
        if m:
            return Found(int(m.group(1)), text.strip())
    counts: dict[int, tuple[int, str]] = {}
    for sentence in re.split(r"(?<=[.!?])\s+|\n", full):
        for m in _ROUND.finditer(sentence):
            year = int(m.group(1))
            n, first = counts.get(year, (0, sentence.strip()))
            counts[year] = (n + 1, first)
    if counts:
        year, (_, source) = max(counts.items(), key=lambda kv: kv[1][0])
        return Found(year, source)
    return None


def _partners(
    pairs: list,
    placed: list[tuple[str, Block]],
    applicant: Found | None,
    full: str,
    fin: Finance | None = None,
) -> Found:
    own = canonical(str(applicant.value)) if applicant else None
    names: list[str] = []
    sources: list[str] = []

    def take(text: str, source: str) -> None:
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            if is_none(sentence) or (
                _SHARING.search(sentence) and not _TAKING_PART.search(sentence)
            ):
                continue
            found = [n for n in names_in(_WHERE.sub("", sentence)) if n != own and n not in names]
            if found:
                names.extend(found)
                sources.append(source)

    for lab, _, value, source in pairs:
        if lab == "partnere":
            take(value, source)
    if applicant is not None and "(" in str(applicant.value):
        take(str(applicant.value).split("(", 1)[1], applicant.source)
    # the cooperation section, its short lines read as the sentences they are
    run: list[str] = []
    for name, b in [*placed, ("", Block(BLANK, ""))]:
        if name == "samarbeid" and b.kind == TEXT:
            run.append(b.text)
            continue
        if run:
            take(" ".join(run), " ".join(run))
            run = []
        if name == "samarbeid" and b.kind in (ITEM, ROW, KV):
            text = b.cells[0] if b.kind == ROW and b.cells else _text(b)
            take(text, b.quote())
    for row in _people_rows(placed):  # "Kommune | Kontaktperson | Rolle"
        take(row.cells[0], row.quote())
    for line in fin.funding if fin is not None else []:
        if line.role == "own":  # a municipality that puts money in takes part
            take(line.label, line.source)
    for sentence in re.split(r"(?<=[.!?])\s+|\n", full):
        if _OWN_SHARES.search(sentence):  # "Egenfinansiering 200 000 kr (Grong 140 000, …)"
            for inner in re.findall(r"\(([^)]*\d[^)]*)\)", sentence):
                take(inner, sentence.strip())
        if _SHARING.search(sentence) and not _TAKING_PART.search(sentence):
            continue
        m = _TOGETHER.search(sentence)
        if m or re.search(r"kommune\w*\b[^.]{0,40}\b(deltar|deltek|er med)\b", sentence):
            take(m.group(1) if m else sentence, sentence.strip())
        elif _NAMED_TAKES_PART.search(sentence):
            take(sentence, sentence.strip())
    return Found(names, "; ".join(dict.fromkeys(sources)))


def _tables(
    placed: list[tuple[str, Block]], outside: tuple[str, ...] = (), bridge_footer: bool = False
) -> Iterator[list[Block]]:
    """Each run of table rows (one table) outside the sections ``outside``. With
    ``bridge_footer``, a short line between rows (a PDF page's footer) does not end it."""
    entries = [*placed, ("", Block(BLANK, ""))]
    table: list[Block] = []
    for i, (name, b) in enumerate(entries):
        if b.kind == ROW and name not in outside:
            table.append(b)
            continue
        nxt = entries[i + 1][1] if i + 1 < len(entries) else None
        short = b.kind == TEXT and len(b.text) <= 40
        if bridge_footer and table and short and nxt is not None and nxt.kind == ROW:
            continue
        if table and table[0].cells:
            yield table
        table = []


def _people_rows(placed: list[tuple[str, Block]]) -> list[Block]:
    """The rows of a table headed "Kommune | …" (the municipalities taking part), across a
    PDF page's footer."""
    return [
        row
        for table in _tables(placed, bridge_footer=True)
        if _PEOPLE_TABLE.match(table[0].cells[0].strip())
        for row in table[1:]
        if row.cells
    ]


_MONEY_TABLE = re.compile(
    r"^(post|kostnad|kostnader|budsjett|budsjettpost|utgift|utgifter|finansiering|kilde|kjelde)\b",
    re.I,
)


def _money_tables(placed: list[tuple[str, Block]]) -> list[tuple[str, Block]]:
    """Budget and financing tables that stand outside those sections (headed "Post | Beløp",
    "Finansiering | Kr"); other tables (indicators, milestones) are left alone."""
    return [
        ("budsjett", row)
        for table in _tables(placed, outside=_FINANCE)
        if _MONEY_TABLE.match(table[0].cells[0].strip())
        for row in table
    ]


def read_blocks_to_reading(blocks: list[Block], fmt: str) -> Reading:
    placed = _assign(_merge(blocks, hard_wrapped=fmt != "docx"))
    placed = [(n, b) for n, b in placed if b.kind != BLANK]
    pairs = _pairs(placed)
    full = "\n".join(_text(b) for _, b in placed)
    sections: dict[str, list[str]] = {}
    for name, b in placed:
        if b.kind != HEADING:
            sections.setdefault(name, []).append(_text(b))
    fin_blocks = [(n, b) for n, b in placed if n in _FINANCE]  # headings give the unit
    fin_blocks += _money_tables(placed)
    header = [
        (lab, value, source)
        for lab, _, value, source in pairs
        if lab in ("søkt", "egen", "annen", "total")
    ]
    fin = read_finance(fin_blocks, header)
    applicant = _applicant(pairs, placed, full)
    date, month = _date(pairs, placed)
    r = Reading(
        format=fmt,
        applicant=applicant,
        title=_title(pairs, placed),
        date=date,
        month=month,
        round_hint=_round_hint(pairs, placed, full),
        sections={k: "\n".join(v) for k, v in sections.items()},
        finance=fin,
        full_text=full,
        attachments=[ln.lstrip("- ") for ln in sections.get("vedlegg", [])],
    )
    r.partners = _partners(pairs, placed, applicant, full, fin)
    fill_from_prose(fin, full)
    return r
