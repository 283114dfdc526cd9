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


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    text = str(value)
    # a cell that starts like a formula is shown as text, not run, by spreadsheets
    return "'" + text if text[:1] in ("=", "+", "-", "@") and not _is_number(text) else value


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
