"""Read a draft from bytes: JSON, or a Markdown/text/Word/PDF document with field headings.

Documents are read in memory only. Sections are found by headings (or "Felt: verdi" lines)
that name the form's fields; kroner figures are parsed from "kr" amounts.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from assistant.errors import InputError, UnsupportedTypeError
from assistant.precheck.amounts import find_amounts, first_amount, parse_date, strip_amounts
from assistant.precheck.draft import Draft, draft_from_mapping
from ingest.limits import LimitError
from ingest.textio import LoadError, decode_bytes, loads_json, text_lines

FORMATS = (".json", ".md", ".markdown", ".txt", ".docx", ".pdf")

# Heading aliases per field, tried longest first. "finansiering" is a section holding several
# amount lines; "annen_tekst" collects text under headings we do not know.
_ALIASES: dict[str, tuple[str, ...]] = {
    "utlysning": ("utlysning",),
    "tittel": ("tittel", "prosjekttittel", "prosjektnavn", "navn på prosjektet"),
    "søker": ("søker", "søkerkommune", "ansvarlig søker", "søkende kommune"),
    "samarbeidskommuner": ("samarbeidskommuner", "samarbeidende kommuner", "deltakende kommuner"),
    "innsendt": ("innsendt", "dato", "sendt inn", "innsendingsdato"),
    "merknad_fra_søker": ("merknad fra søker", "merknad", "merknader", "kommentar"),
    "utfordringer": ("utfordringene det skal tas tak i", "utfordringer", "utfordring", "bakgrunn"),
    "mål_og_gjennomføring": (
        "mål og hvordan det skal gjennomføres",
        "mål og gjennomføring",
        "mål",
        "målsetting",
        "gjennomføring",
        "prosjektplan",
        "tidsplan",
        "milepæler",
        "organisering",
        "aktiviteter",
    ),
    "roller_som_styrkes": (
        "styrke kommunen innen rollene",
        "roller som styrkes",
        "roller",
        "rolle",
    ),
    "sektorer": ("sektorer prosjektet omfatter", "sektorer", "sektor"),
    "begrunnelse_virkemidler": (
        "begrunnelse for valg av virkemiddel/virkemidler",
        "begrunnelse for valg av virkemidler",
        "begrunnelse for valg av virkemiddel",
        "begrunnelse virkemidler",
        "begrunnelse",
    ),
    "virkemidler": ("virkemidler som skal benyttes", "virkemidler", "virkemiddel"),
    "overføring_og_spredning": (
        "overføring og spredning",
        "overføringsverdi",
        "erfaringsspredning",
        "spredning",
        "spredningsplan",
    ),
    "samarbeidspartnere": ("samarbeidspartnere", "partnere"),
    "budsjett": ("budsjett/kostnadsoverslag", "budsjett", "kostnadsoverslag", "kostnader"),
    "totalkostnad": ("totalkostnad", "total kostnad", "samlet kostnad", "totalbudsjett"),
    "søknadsbeløp": ("søknadsbeløp", "søkt beløp", "omsøkt beløp", "det søkes om"),
    "kommunal_egenfinansiering": ("kommunal egenfinansiering", "egenfinansiering", "egenandel"),
    "annen_finansiering": ("annen finansiering", "andre finansieringskilder"),
    "finansiering": ("finansieringsplan", "finansiering"),
    "vedlegg": ("vedlegg",),
}
_ORDERED = sorted(((a, f) for f, al in _ALIASES.items() for a in al), key=lambda x: -len(x[0]))
_EXACT = {a for a, _ in _ORDERED}
_LIST_FIELDS = ("samarbeidskommuner", "roller_som_styrkes", "sektorer", "virkemidler", "vedlegg")
_NONE_WORDS = {"", "ingen", "nei", "-", "–", "null", "ikke aktuelt", "ingen annen finansiering"}


def _clean(line: str) -> str:
    s = re.sub(r"^[-•·]\s+", "", line.strip()).lstrip("#").strip().strip("*_ ").strip()
    s = re.sub(r"^(\d+(\.\d+)*[.)]?|[a-z][.)])\s+", "", s)
    return s.rstrip(":").strip().strip("*_ ").lower()


def _match_alias(text: str) -> str | None:
    for alias, fld in _ORDERED:
        if text == alias or (text.startswith(alias) and not text[len(alias)].isalnum()):
            return fld
    return None


def _label(line: str) -> tuple[str | None, str]:
    """(field, inline value) when the line is a field heading or a "Felt: verdi" line."""
    stripped = line.strip()
    if ":" in stripped:
        key, _, value = stripped.partition(":")
        if len(key) <= 45:
            fld = _match_alias(_clean(key))
            if fld and _clean(key) in {a for a, f in _ORDERED if f == fld}:
                return fld, value.strip().strip("*_ ").strip()
    cleaned = _clean(stripped)
    if len(cleaned) > 60:
        return None, ""
    marked = stripped.startswith(("#", "**", "__")) or stripped.endswith(":")
    fld = _match_alias(cleaned)
    if fld and (marked or cleaned in _EXACT):
        return fld, ""
    return None, ""


def split_fields(lines: list[str]) -> dict[str, list[str]]:
    """Group document lines under the form field their heading names."""
    out: dict[str, list[str]] = {}
    current: str | None = None
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        fld, value = _label(line)
        if fld:
            current = fld
            out.setdefault(fld, [])
            if value:
                out[fld].append(value)
            continue
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
            if line.startswith("# ") and "tittel" not in out:
                out["tittel"] = [heading]
                current = None
            else:
                current = "annen_tekst"
            continue
        if current is None and not out and len(line) <= 120:
            out["tittel"] = [line]  # plain text and PDF: the first line is the title
            continue
        out.setdefault(current or "annen_tekst", []).append(line)
    return out


def _items(lines: list[str]) -> list[str]:
    items: list[str] = []
    for line in lines:
        line = re.sub(r"^[-*•·]\s*", "", line.strip())
        parts = re.split(r"\s*[,;]\s*|\s+og\s+", line) if len(lines) == 1 else [line]
        items.extend(p.strip().rstrip(".") for p in parts if p.strip())
    return items


def _partner(item: str) -> dict[str, str]:
    m = re.match(r"^(.*?)\s*(?:\((.*)\)|[–—:]\s*(.*)|\s-\s(.*))$", item)
    if m and (m.group(2) or m.group(3) or m.group(4)):
        return {
            "navn": m.group(1).strip(),
            "rolle": (m.group(2) or m.group(3) or m.group(4)).strip(),
        }
    return {"navn": item.strip(), "rolle": ""}


def _money_object(text: str, key: str) -> dict[str, Any] | None:
    if text.strip().lower().rstrip(".") in _NONE_WORDS:
        return None
    amount = first_amount(text)
    rest = strip_amounts(text)
    rest = re.sub(r"^\(|\)$", "", re.sub(r"^i form av\s+", "", rest, flags=re.I)).strip()
    if amount is None and not rest:
        return None
    return {"beløp": amount, key: rest}


def _finance_lines(lines: list[str], data: dict[str, Any]) -> None:
    for line in lines:
        low = _clean(line)
        amount = first_amount(line)
        if low.startswith(("søk", "omsøkt")):
            data.setdefault("søknadsbeløp", amount)
        elif low.startswith(("kommunal", "egen")):
            data.setdefault(
                "kommunal_egenfinansiering", _money_object(line.split(":", 1)[-1], "form")
            )
        elif low.startswith(("annen", "andre")):
            data.setdefault("annen_finansiering", _money_object(line.split(":", 1)[-1], "kilde"))
        elif low.startswith(("total", "sum", "samlet")):
            data.setdefault("totalkostnad", amount)


def fields_to_mapping(groups: dict[str, list[str]]) -> dict[str, Any]:
    """Turn grouped lines into the JSON draft shape (amounts parsed, lists split)."""
    data: dict[str, Any] = {}
    for fld, lines in groups.items():
        text = "\n".join(lines).strip()
        if fld in _LIST_FIELDS:
            data[fld] = _items(lines)
        elif fld == "samarbeidspartnere":
            data[fld] = [_partner(i) for i in _items(lines)]
        elif fld in ("totalkostnad", "søknadsbeløp"):
            data[fld] = first_amount(text)
        elif fld == "kommunal_egenfinansiering":
            data[fld] = _money_object(text, "form")
        elif fld == "annen_finansiering":
            data[fld] = _money_object(text, "kilde")
        elif fld == "innsendt":
            d = parse_date(text)
            data[fld] = d.isoformat() if d else text
        elif fld == "budsjett":
            posts = []
            for line in lines:
                found = find_amounts(line, lenient=True)
                if not found:
                    continue
                name = strip_amounts(line).lstrip("-*• ").strip()
                if re.match(r"^(sum|totalt?|samlet)\b", name, re.I):
                    data.setdefault("totalkostnad", found[-1][0])
                else:
                    posts.append({"post": name or "post", "beløp": found[-1][0]})
            data[fld] = posts
        elif fld == "finansiering":
            _finance_lines(lines, data)
        else:
            data[fld] = text
    return data


def _docx_lines(data: bytes) -> list[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from ingest.loaders import open_docx

    document = open_docx(data)  # within the read limits (ingest/limits.py)
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            para = Paragraph(child, document)
            style = (para.style.name if para.style is not None else "") or ""
            is_head = style.startswith(("Heading", "Overskrift")) or style == "Title"
            prefix = "# " if style == "Title" else ("## " if is_head else "")
            lines.append(prefix + para.text)
        elif child.tag.endswith("}tbl"):
            for row in Table(child, document).rows:
                cells = [c.text.strip() for c in row.cells]
                if len(cells) == 2 and cells[0]:
                    lines.append(
                        f"{cells[0]}: {cells[1]}"
                    )  # a two-column row reads as "Felt: verdi"
                else:
                    lines.append(" | ".join(cells))
    return lines


def document_lines(data: bytes, suffix: str) -> list[str]:
    from ingest.loaders import load_pdf

    if suffix == ".pdf":
        doc = load_pdf(data, Path("utkast.pdf"))
        return [ln for s in doc.sections for ln in s.text.splitlines()]
    if suffix == ".docx":
        return _docx_lines(data)
    return text_lines(decode_bytes(data))


def unwrap_eval_file(obj: Any) -> Any:
    """The draft inside an eval file (``{"forventet": ..., "utkast": {...}}``), else ``obj``."""
    if isinstance(obj, dict) and "tittel" not in obj and isinstance(obj.get("utkast"), dict):
        return obj["utkast"]
    return obj


def parse_draft(data: bytes, filename: str) -> Draft:
    """A validated ``Draft`` from the bytes of an uploaded file (never written to disk)."""
    suffix = Path(filename).suffix.lower() or ".json"
    if suffix not in FORMATS:
        raise UnsupportedTypeError(
            f"Filtypen {suffix} støttes ikke. Bruk en av: {', '.join(FORMATS)}."
        )
    if not data.strip():
        raise InputError("Utkastet er tomt.")
    try:
        if suffix == ".json":
            try:
                obj = loads_json(decode_bytes(data))
            except json.JSONDecodeError as exc:
                raise InputError(
                    f"Ugyldig JSON på linje {exc.lineno}, kolonne {exc.colno}: {exc.msg}."
                ) from None
            return draft_from_mapping(unwrap_eval_file(obj))
        groups = split_fields(document_lines(data, suffix))
    except LimitError:
        raise  # 413 too_large, with the limit in its message
    except LoadError as exc:
        raise InputError(f"Kunne ikke lese utkastet: {exc}.") from None
    mapping = fields_to_mapping(groups)
    for required in ("tittel", "søker"):
        if not str(mapping.get(required) or "").strip():
            raise InputError(
                f"Fant ikke feltet «{required}» i dokumentet. Legg inn en linje "
                f"«{required.capitalize()}: …» eller en overskrift med feltnavnet."
            )
    return draft_from_mapping(mapping)
