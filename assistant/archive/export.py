"""CSV exports of archive hits and figures (UTF-8 with BOM, semicolons: opens in Excel).

An unknown amount (and an unknown group) is written as «ukjent», never as 0 or an empty
cell that a spreadsheet would sum as 0; the ``*_kjent`` columns of the figures say how many
projects a sum covers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from assistant.archive.search import PUBLIC_FIELDS

# the public fields of a hit; the star mark ("stjerne") is left out of the export
RECORD_COLUMNS = tuple(f for f in PUBLIC_FIELDS if f != "stjerne")
STATS_COLUMNS = (
    "gruppe",
    "antall",
    "søkt_beløp",
    "søkt_kjent",
    "tildelt_beløp",
    "tildelt_kjent",
    "rapportert_beløp",
    "rapportert_kjent",
)
UNKNOWN = "ukjent"
_UNKNOWN_WHEN_NONE = ("gruppe",)


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


def _unknown_if_none(column: str) -> bool:
    return column.endswith("_beløp") or column in _UNKNOWN_WHEN_NONE


def to_csv(rows: Iterable[dict[str, Any]], columns: tuple[str, ...]) -> str:
    buf = io.StringIO()
    buf.write("\ufeff")
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(columns)
    for row in rows:
        w.writerow(
            [
                UNKNOWN if row.get(c) is None and _unknown_if_none(c) else _cell(row.get(c))
                for c in columns
            ]
        )
    return buf.getvalue()
