"""CSV as the public archive exports it, with the delimiter taken from the header line.

``csv.Sniffer`` looks at whole rows and gives up (or guesses ",") when a single row is
ragged or amounts contain spaces ("1 600 000"), which is exactly the file an officer
needs a line-numbered error report for. The header line is reliable: its cells are
plain column names, so the most frequent of ``;``, tab and ``,`` in it is the delimiter.
Rows are then cleaned by ``ingest.records.normalise_record`` like JSON and JSONL.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from ingest.records import norm_key, normalise_record
from ingest.textio import LoadError, decode_bytes

DELIMITERS = (";", "\t", ",")


def header_delimiter(first_line: str) -> str:
    counts = {d: 0 for d in DELIMITERS}
    quoted = False
    for ch in first_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])  # ties go to ";" (listed first)
    return best if counts[best] else ","


def parse_csv(data: bytes) -> tuple[list[dict[str, Any]], list[str]]:
    """Good records and one "linje N: reason" per bad row (N counts physical lines)."""
    text = decode_bytes(data)
    first = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=header_delimiter(first))
    try:
        header = next(reader)
    except StopIteration as exc:
        raise LoadError("CSV-filen er tom") from exc
    keys = [norm_key(h) for h in header]
    if "tittel" not in keys:
        raise LoadError(
            "CSV-filen mangler kolonnen «Tittel» (første linje må være kolonnenavn som "
            "År, Tittel, Sektorer, Kommuner, Søkt beløp, Rapportert beløp, Status)"
        )
    records: list[dict[str, Any]] = []
    errors: list[str] = []
    for row in reader:
        line = reader.line_num
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(keys):
            errors.append(f"linje {line}: {len(row)} felt, ventet {len(keys)}")
            continue
        try:
            records.append(normalise_record(dict(zip(keys, row, strict=True))))
        except ValueError as exc:
            errors.append(f"linje {line}: {exc}")
    return records, errors
