"""Norwegian kroner figures and dates in free text: "150 000 kr", "kr 1.600.000", "1,5 mill."."""

from __future__ import annotations

import datetime as dt
import re

from assistant.readers.records import kr as records_kr

_NUM = re.compile(r"(?<![\d,.])(\d{1,3}(?:[ \u00a0.]\d{3})+|\d+)(?:,(\d{1,2}))?(?![\d])")
_AFTER_MILL = re.compile(r"^\s*(?:mill\.?|millioner|million|mnok)", re.I)
_AFTER_KR = re.compile(r"^\s*(?:kr\b|kroner|nok\b|,-)", re.I)
_BEFORE_KR = re.compile(r"(?:\bkr\.?|\bnok)\s*$", re.I)
_MONTHS = {
    "januar": 1,
    "februar": 2,
    "mars": 3,
    "april": 4,
    "mai": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "desember": 12,
}


def find_amounts(text: str, lenient: bool = False) -> list[tuple[int, int, int]]:
    """(amount in kr, start, end) for each figure. Strict: needs kr/NOK/mill next to it.

    Lenient (amount fields and budget lines) also accepts bare numbers of at least 1000 that do
    not look like a year.
    """
    out: list[tuple[int, int, int]] = []
    for m in _NUM.finditer(text):
        digits = re.sub(r"[ \u00a0.]", "", m.group(1))
        value = float(digits + ("." + m.group(2) if m.group(2) else ""))
        after, before = text[m.end() :], text[: m.start()]
        mill = _AFTER_MILL.match(after)
        if mill:
            out.append((int(round(value * 1_000_000)), m.start(), m.end() + mill.end()))
            continue
        if m.group(2) and not mill:
            value = float(digits)  # "150 000,50 kr": ignore øre
        tagged = _AFTER_KR.match(after) or _BEFORE_KR.search(before[-6:])
        grouped = m.group(1) != digits
        is_year = not grouped and len(digits) == 4 and 1900 <= int(digits) <= 2100
        if tagged or (lenient and value >= 1000 and not is_year):
            end = m.end() + (tagged.end() if tagged and tagged.re is _AFTER_KR else 0)
            out.append((int(value), m.start(), end))
    return out


def first_amount(text: str, lenient: bool = True) -> int | None:
    found = find_amounts(text, lenient)
    return found[0][0] if found else None


def strip_amounts(text: str, lenient: bool = True) -> str:
    """The text with its kroner figures removed (for a budget post name or a funding source)."""
    for _, start, end in reversed(find_amounts(text, lenient)):
        text = text[:start] + text[end:]
    text = re.sub(r"\b(kr|kroner|NOK)\b\.?", "", text)
    return re.sub(r"\s{2,}", " ", text).strip(" \t|:–—-=.,;")


def parse_date(text: str) -> dt.date | None:
    """ISO (2024-06-21), 21.06.2024 or «21. juni 2024»."""
    t = text.strip().lower()
    m = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", t)
    try:
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = re.search(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b", t)
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        m = re.search(r"\b(\d{1,2})\.?\s+([a-zæøå]+)\s+(\d{4})\b", t)
        if m and m.group(2) in _MONTHS:
            return dt.date(int(m.group(3)), _MONTHS[m.group(2)], int(m.group(1)))
    except ValueError:
        return None
    return None


def kr(amount: int | None) -> str:
    """1600000 -> '1 600 000 kr'; a draft's missing amount reads "(ikke oppgitt)"."""
    return records_kr(amount, missing="(ikke oppgitt)")
