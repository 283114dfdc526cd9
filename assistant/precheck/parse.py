"""Read a draft from bytes: our JSON form, or any Markdown/text/Word/PDF document.

Documents are read in memory only, by one reader (``reader.read_blocks_to_reading``) whatever
their layout; the result is the same ``Draft`` the JSON form gives, with its ``Reading``
(what was read, and from which line). A document is never refused for a missing field: what
is not found is reported as not found.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from assistant.errors import InputError, UnsupportedTypeError
from assistant.lang.nb import strip_amounts
from assistant.precheck.blocks import read_blocks
from assistant.precheck.draft import BudgetPost, Draft, draft_from_mapping
from assistant.precheck.municipalities import Gazetteer, using
from assistant.precheck.reader import read_blocks_to_reading
from assistant.precheck.reading import Reading, reading_from_form
from assistant.readers.limits import LimitError
from assistant.readers.textio import LoadError, decode_bytes, loads_json

FORMATS = (".json", ".md", ".markdown", ".txt", ".docx", ".pdf")
_FORMAT_NAMES = {".markdown": "md", ".md": "md", ".txt": "txt", ".docx": "docx", ".pdf": "pdf"}


def unwrap_eval_file(obj: Any) -> Any:
    """The draft inside an eval file (``{"forventet": ..., "utkast": {...}}``), else ``obj``."""
    if isinstance(obj, dict) and "tittel" not in obj and isinstance(obj.get("utkast"), dict):
        return obj["utkast"]
    return obj


def draft_from_json(obj: Any) -> Draft:
    """A validated JSON draft with its reading (every value from a named form field)."""
    draft = draft_from_mapping(unwrap_eval_file(obj))
    draft.reading = reading_from_form(draft)
    return draft


def _items(text: str) -> list[str]:
    out = []
    for line in text.split("\n"):
        line = line.strip().lstrip("-").strip()
        if line:
            out.append(line.rstrip("."))
    return out


def _partner(item: str) -> dict[str, str]:
    m = re.match(r"^(.*?)\s*(?:\((.*)\)|[–—:]\s*(.*)|\s-\s(.*))$", item)
    if m and (m.group(2) or m.group(3) or m.group(4)):
        return {
            "navn": m.group(1).strip(),
            "rolle": (m.group(2) or m.group(3) or m.group(4)).strip(),
        }
    return {"navn": item.strip(), "rolle": ""}


def _form(source: str) -> str:
    """The form of own funding: "arbeidstimer" of "Egenfinansiering: 200 000 kr (arbeidstimer)"."""
    if ":" in source or "|" in source:
        value = re.split(r"[:|]", source, maxsplit=1)[1]
        rest = strip_amounts(value)
        rest = re.sub(r"^\(|\)$", "", re.sub(r"^i form av\s+", "", rest, flags=re.I)).strip()
        return rest if len(rest.split()) <= 8 else ""
    return ""


def draft_from_reading(r: Reading) -> Draft:
    """The JSON form's fields filled from what the document reader found."""
    fin = r.finance
    other_text = r.section("innledning", "sammendrag", "annet", "om_søker", "risiko")
    return Draft(
        tittel=str(r.title.value) if r.title else "",
        søker=str(r.applicant.value) if r.applicant else "",
        utlysning=r.round_hint.source if r.round_hint else "",
        samarbeidskommuner=list(r.partners.value) if r.partners else [],
        innsendt=r.date.value if r.date else None,
        merknad_fra_søker=r.section("merknad"),
        utfordringer=r.section("utfordringer"),
        mål_og_gjennomføring=r.section("mål", "mål_gjennomføring"),
        roller_som_styrkes=_items(r.section("roller")),
        sektorer=_items(r.section("sektorer")),
        virkemidler=_items(r.section("virkemidler")),
        begrunnelse_virkemidler=r.section("begrunnelse"),
        overføring_og_spredning=r.section("overføring"),
        samarbeidspartnere=[_partner(n) for n in _items(r.section("samarbeid"))],
        budsjett=[BudgetPost(p.label or "post", p.amount) for p in fin.posts],
        totalkostnad=fin.total.value if fin.total else None,
        søknadsbeløp=fin.applied.value if fin.applied else None,
        egen_beløp=fin.own.value if fin.own else None,
        egen_form=_form(fin.own.source) if fin.own and ";" not in fin.own.source else "",
        annen_beløp=fin.other.value if fin.other else None,
        vedlegg=r.attachments,
        extra={
            "annen_tekst": "\n".join(
                t
                for t in (other_text, r.section("budsjett", "finansiering", "annen_finansiering"))
                if t
            )
        },
        reading=r,
    )


def parse_draft(data: bytes, filename: str, places: Gazetteer | None = None) -> Draft:
    """A ``Draft`` from the bytes of an uploaded file (never written to disk). ``places``: the
    municipalities to look for (``Gazetteer.of(registry(settings))``; default: bundled)."""
    suffix = Path(filename).suffix.lower() or ".json"
    if suffix not in FORMATS:
        raise UnsupportedTypeError(
            f"Filtypen {suffix} støttes ikke. Bruk en av: {', '.join(FORMATS)}."
        )
    if not data.strip():
        raise InputError("Utkastet er tomt.")
    try:
        if places is None:
            return _parse(data, suffix)
        with using(places):
            return _parse(data, suffix)
    except OverflowError:  # a "number" of hundreds of digits where an amount should be
        raise InputError("Utkastet har et tall som er for stort til å være et beløp.") from None


def _parse(data: bytes, suffix: str) -> Draft:
    try:
        if suffix == ".json":
            try:
                obj = loads_json(decode_bytes(data))
            except json.JSONDecodeError as exc:
                raise InputError(
                    f"Ugyldig JSON på linje {exc.lineno}, kolonne {exc.colno}: {exc.msg}."
                ) from None
            return draft_from_json(obj)
        blocks = read_blocks(data, suffix)
    except LimitError:
        raise  # 413 too_large, with the limit in its message
    except LoadError as exc:
        raise InputError(f"Kunne ikke lese utkastet: {exc}.") from None
    reading = read_blocks_to_reading(blocks, _FORMAT_NAMES[suffix])
    if not reading.full_text.strip():
        raise InputError("Utkastet har ingen tekst å sjekke.")
    return draft_from_reading(reading)
