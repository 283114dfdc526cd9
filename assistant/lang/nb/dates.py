"""Bokmål dates: month names, reading "21. juni 2024" / "21.06.2024" / ISO, and writing them.

The month names serve every reader that needs them (the pre-check's date field, the answer's
date cue, the eval's tolerant matcher); ``MONTH_PATTERN`` is the same list as a regex
alternation. Nynorsk writes the months the same way.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS: tuple[str, ...] = (
    "januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
    "oktober", "november", "desember",
)  # fmt: skip
MONTH_NUMBERS: dict[str, int] = {name: n for n, name in enumerate(MONTHS, 1)}
MONTH_PATTERN = "|".join(MONTHS)  # januar|februar|…|desember, for use inside a regex

# A date as written in running text: "20. juni", "20. juni 2024 kl. 12.00", "20.06.2024",
# "20.06." (used to spot that a sentence states a date, not to read its value).
DATE_MENTION = re.compile(
    r"\b\d{1,2}\.\s*(?:" + MONTH_PATTERN + r")(?:\s+\d{4})?(?:\s+kl\.\s*\d{1,2}(?:[.:]\d{2})?)?"
    r"|\b\d{2}\.\d{2}\.(?:\d{4})?",
    re.I,
)


def month_number(name: str) -> int | None:
    """ "juni" -> 6 (any case); None for a word that is not a month."""
    return MONTH_NUMBERS.get(name.strip().lower())


def parse_date(text: str) -> dt.date | None:
    """ISO (2024-06-21), 21.06.2024, 21/06/2024, 21.06.24 or «21. juni 2024» (the first one
    found in ``text``)."""
    t = text.strip().lower()
    m = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", t)
    try:
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = re.search(r"\b(\d{1,2})([./])(\d{1,2})\2(\d{4})\b", t)
        if m:
            return dt.date(int(m.group(4)), int(m.group(3)), int(m.group(1)))
        m = re.search(r"\b(\d{1,2})\.(\d{1,2})\.(\d{2})\b(?![.,]?\d)", t)  # "28.08.20"
        if m:
            return dt.date(2000 + int(m.group(3)), int(m.group(2)), int(m.group(1)))
        m = re.search(r"\b(\d{1,2})\.?\s+([a-zæøå]+)\s+(\d{4})\b", t)
        if m and m.group(2) in MONTH_NUMBERS:
            return dt.date(int(m.group(3)), MONTH_NUMBERS[m.group(2)], int(m.group(1)))
    except ValueError:
        return None
    return None


def format_date(d: dt.date) -> str:
    """2024-06-20 -> "20. juni 2024"."""
    return f"{d.day}. {MONTHS[d.month - 1]} {d.year}"


def format_date_numeric(d: dt.date) -> str:
    """2024-06-20 -> "20.06.2024"."""
    return d.strftime("%d.%m.%Y")


def format_month(year: int, month: int) -> str:
    """(2024, 6) -> "juni 2024" (a date given only as month and year)."""
    return f"{MONTHS[month - 1]} {year}"
