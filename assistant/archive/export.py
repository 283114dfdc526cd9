"""CSV exports of archive hits and figures (UTF-8 with BOM, semicolons: opens in Excel)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from assistant.archive.search import PUBLIC_FIELDS

# the public fields of a hit; the star mark ("stjerne") is left out of the export
RECORD_COLUMNS = tuple(f for f in PUBLIC_FIELDS if f != "stjerne")
STATS_COLUMNS = ("gruppe", "antall", "søkt_beløp", "tildelt_beløp", "rapportert_beløp")


# what spreadsheets take as the start of a formula (OWASP's list: = + - @ tab CR)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, (int, float)):
        return value
    text = "; ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    # a cell that starts like a formula is shown as text, not run, by spreadsheets; list
    # fields (kommuner, sektorer) are cells like any other
    return "'" + text if text.startswith(_FORMULA_START) and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def to_csv(rows: Iterable[dict[str, Any]], columns: tuple[str, ...]) -> str:
    buf = io.StringIO()
    buf.write("\ufeff")
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(columns)
    for row in rows:
        w.writerow([_cell(row.get(c)) for c in columns])
    return buf.getvalue()
