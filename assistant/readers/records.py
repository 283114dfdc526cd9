"""Project records as the public archive shows them: JSON list, JSONL or CSV.

CSV: header case and spacing ignored, delimiter from the header line (; , tab), UTF-8 with or without
BOM or Windows-1252, Norwegian amounts ("1 600 000 kr", "1.600.000", "1,6 mill.").
Each bad row is reported with its line number; good rows are kept.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from typing import Any

from assistant.lang.nb import kr, parse_amount
from assistant.readers.limits import check_time
from assistant.readers.textio import LoadError, decode_bytes, loads_json

FIELDS = (
    "id",
    "år",
    "embete",
    "tittel",
    "kommuner",
    "sektorer",
    "søkt_beløp",
    "tildelt_beløp",
    "rapportert_beløp",
    "status",
    "stjerne",
    "vurdering",
    "beskrivelse",
    "kilde",
    "syntetisk",
)
AMOUNT_FIELDS = ("søkt_beløp", "tildelt_beløp", "rapportert_beløp")
LIST_FIELDS = ("kommuner", "sektorer")

_ALIASES = {
    "ar": "år",
    "aar": "år",
    "year": "år",
    "tittel": "tittel",
    "title": "tittel",
    "sokt_belop": "søkt_beløp",
    "søkt": "søkt_beløp",
    "søknadsbeløp": "søkt_beløp",
    "tildelt": "tildelt_beløp",
    "tildelt_belop": "tildelt_beløp",
    "rapportert": "rapportert_beløp",
    "rapportert_belop": "rapportert_beløp",
    "sektor": "sektorer",
    "kommune": "kommuner",
    "text": "beskrivelse",
    "tekst": "beskrivelse",
    "description": "beskrivelse",
    "stjerne_(god)": "stjerne",
}


def norm_key(key: str) -> str:
    k = re.sub(r"\s+", "_", key.strip().lower().lstrip("\ufeff"))
    return _ALIASES.get(k, k)


def parse_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [p.strip() for p in re.split(r"[;,]", str(value)) if p.strip()]


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in {"1", "true", "ja", "yes", "x", "★", "☆", "*"}


def record_id(rec: dict[str, Any]) -> str:
    key = f"{rec.get('år')}|{rec.get('tittel', '').strip().lower()}|" + ",".join(
        k.lower() for k in rec.get("kommuner", [])
    )
    return "p-" + hashlib.sha1(key.encode()).hexdigest()[:12]


def normalise_record(raw: dict[str, Any]) -> dict[str, Any]:
    """Raw row (any key spelling) to a clean record; ValueError with a Norwegian reason."""
    rec: dict[str, Any] = {}
    for k, v in raw.items():
        if k is None:
            continue
        rec[norm_key(str(k))] = v.strip() if isinstance(v, str) else v
    title = str(rec.get("tittel") or "").strip()
    if not title:
        raise ValueError("mangler tittel")
    out: dict[str, Any] = {"tittel": title}
    year = rec.get("år")
    try:
        out["år"] = int(str(year).strip()) if year not in (None, "") else None
    except ValueError as exc:
        raise ValueError(f"ugyldig år «{year}»") from exc
    if out["år"] is not None and not 1990 <= out["år"] <= 2100:
        raise ValueError(f"urimelig år {out['år']}")
    for f in LIST_FIELDS:
        out[f] = parse_list(rec.get(f))
    for f in AMOUNT_FIELDS:
        amount = parse_amount(rec.get(f))  # ValueError names the bad value
        if amount is not None and amount < 0:
            raise ValueError(f"negativt beløp i {f}")
        out[f] = amount
    for f in ("embete", "status", "vurdering", "beskrivelse", "kilde"):
        v = rec.get(f)
        out[f] = str(v).strip() if v not in (None, "") else None
    out["stjerne"] = parse_bool(rec.get("stjerne"))
    out["syntetisk"] = parse_bool(rec.get("syntetisk"))
    out["id"] = str(rec.get("id") or "").strip() or record_id(out)
    extra = {k: v for k, v in rec.items() if k not in FIELDS}
    if extra:
        out["ekstra"] = extra
    return out


DELIMITERS = (";", "\t", ",")


def header_delimiter(first_line: str) -> str:
    """The most frequent of ; tab , outside quotes in the header line.

    ``csv.Sniffer`` looks at whole rows and guesses wrong when one row is ragged or
    amounts hold spaces ("1 600 000"), which is exactly the file that needs a
    line-numbered error report; header cells are plain column names.
    """
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in first_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])  # ties go to ";" (listed first)
    return best if counts[best] else ","


def _rows(data: bytes, suffix: str) -> list[tuple[int, Any]]:
    text = decode_bytes(data)
    if suffix == ".json":
        try:
            obj = loads_json(text)
        except json.JSONDecodeError as exc:
            raise LoadError(f"ugyldig JSON på linje {exc.lineno}: {exc.msg}") from exc
        if isinstance(obj, dict):
            obj = obj.get("prosjekter") or obj.get("records") or [obj]
        if not isinstance(obj, list):
            raise LoadError("JSON-filen må være en liste med prosjekter")
        return [(n, r) for n, r in enumerate(obj, 1)]
    if suffix == ".jsonl":
        rows: list[tuple[int, Any]] = []
        for n, line in enumerate(text.splitlines(), 1):
            if n % 1000 == 0:
                check_time()
            if not line.strip():
                continue
            try:
                rows.append((n, loads_json(line)))
            except json.JSONDecodeError as exc:
                rows.append((n, ValueError(f"ugyldig JSON ({exc.msg})")))
            except LoadError as exc:
                rows.append((n, ValueError(str(exc))))
        return rows
    # CSV: the delimiter comes from the header line (see header_delimiter)
    text = text.lstrip("\ufeff")
    first = text.splitlines()[0] if text.strip() else ""
    reader = csv.reader(io.StringIO(text), delimiter=header_delimiter(first))
    try:
        header = next(reader)
    except StopIteration as exc:
        raise LoadError("CSV-filen er tom") from exc
    except csv.Error as exc:
        raise LoadError(f"CSV-filen kan ikke leses: {exc}") from exc
    keys = [norm_key(h) for h in header]
    if "tittel" not in keys:
        raise LoadError(
            "CSV-filen mangler kolonnen «Tittel» (første linje må være kolonnenavn som "
            "År, Tittel, Sektorer, Kommuner, Søkt beløp, Rapportert beløp, Status)"
        )
    out: list[tuple[int, Any]] = []
    try:
        for n, row in enumerate(reader):
            lineno = reader.line_num  # physical line, also across quoted line breaks
            if n % 1000 == 0:
                check_time()
            if not any(c.strip() for c in row):
                continue
            if len(row) != len(keys):
                out.append((lineno, ValueError(f"{len(row)} felt, ventet {len(keys)}")))
                continue
            out.append((lineno, dict(zip(keys, row, strict=True))))
    except csv.Error as exc:  # a field over csv's size limit, a NUL byte, ...
        raise LoadError(f"CSV-filen kan ikke leses etter linje {reader.line_num}: {exc}") from exc
    return out


def parse_records(data: bytes, suffix: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Good records, and one "linje N: reason" per bad row."""
    records: list[dict[str, Any]] = []
    errors: list[str] = []
    for line, row in _rows(data, suffix):
        if isinstance(row, Exception):
            errors.append(f"linje {line}: {row}")
            continue
        if not isinstance(row, dict):
            errors.append(f"linje {line}: posten er ikke et objekt")
            continue
        try:
            records.append(normalise_record(row))
        except ValueError as exc:
            errors.append(f"linje {line}: {exc}")
    return records, errors


def record_text(rec: dict[str, Any]) -> str:
    """The record as one passage for the embedder and BM25."""
    parts = [f"{rec['tittel']} ({rec.get('år') or 'år ukjent'})."]
    if rec.get("beskrivelse"):
        parts.append(str(rec["beskrivelse"]))
    if rec.get("kommuner"):
        parts.append("Kommuner: " + ", ".join(rec["kommuner"]) + ".")
    if rec.get("sektorer"):
        parts.append("Sektorer: " + ", ".join(rec["sektorer"]) + ".")
    if rec.get("embete"):
        parts.append(f"Embete: {rec['embete']}.")
    money = []
    for f, label in (
        ("søkt_beløp", "Søkt"),
        ("tildelt_beløp", "Tildelt"),
        ("rapportert_beløp", "Rapportert"),
    ):
        if rec.get(f) is not None:
            money.append(f"{label} beløp: {kr(rec[f])}.")
    parts.extend(money)
    if rec.get("status"):
        parts.append(f"Status: {rec['status']}.")
    return " ".join(parts)
