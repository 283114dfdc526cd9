"""Kroner as Norwegians write them, read and written: "650 000 kr", "kr 1.200.000,-", "1,5 mill.".

Two readers:

- ``parse_amount`` reads a whole value (an archive field, a CLI option) and says when it cannot;
- ``find_amounts`` finds the figures in free text (a draft's budget line or sentence);
  ``amount_of`` is the last of them in a cell, with an explicit "0" read as 0.

``kr`` writes an amount back: 1234500 -> "1 234 500 kr".
"""

from __future__ import annotations

import re
from typing import Any

MAX_AMOUNT = 10**13  # kroner: far above any grant, far below float trouble

# -- a whole value ------------------------------------------------------------------------
_MILL = re.compile(r"^([0-9]+(?:[.,][0-9]+)?)\s*(mill(?:ioner)?|mnok|mill\.?\s*kr)\.?", re.I)


def parse_amount(value: Any) -> int | None:
    """Norwegian amount forms to whole kroner; None for empty; ValueError when unreadable
    (or absurd: over ``MAX_AMOUNT``, where floats would overflow)."""
    try:
        amount = _parse_amount(value)
    except OverflowError:
        raise ValueError(f"urimelig beløp «{str(value)[:40]}»") from None
    if amount is not None and abs(amount) > MAX_AMOUNT:
        raise ValueError(f"urimelig beløp «{str(value)[:40]}»")
    return amount


def _parse_amount(value: Any) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return round(value)
    s = str(value).strip().replace("\u00a0", " ").replace("\u202f", " ")
    s = re.sub(r"(?i)^(ca\.?|kr\.?|nok)\s*", "", s)
    s = re.sub(r"(?i)\s*(kr\.?|nok|kroner|,-|,–)\s*$", "", s).strip()
    if s in ("", "-", "–"):
        return None
    m = _MILL.match(s)
    if m:
        return round(float(m.group(1).replace(",", ".")) * 1_000_000)
    s2 = s.replace(" ", "")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", s2):  # 1.600.000 or 1.600.000,00
        return round(float(s2.replace(".", "").replace(",", ".")))
    if re.fullmatch(r"\d{1,3}(,\d{3})+", s2):  # 1,600,000
        return int(s2.replace(",", ""))
    if re.fullmatch(r"\d+([.,]\d{1,2})?", s2):
        return round(float(s2.replace(",", ".")))
    raise ValueError(f"ugyldig beløp «{value}»")


# -- figures in free text -----------------------------------------------------------------
_NUM = re.compile(r"(?<![\d,.])(\d{1,3}(?:[ \u00a0.]\d{3})+|\d+)(?:,(\d{1,2}))?(?![\d])")
_AFTER_MILL = re.compile(r"^\s*(?:mill\.?|millioner|million|mnok)", re.I)
_AFTER_KR = re.compile(r"^\s*(?:kr\b|kroner|nok\b|,-)", re.I)
_BEFORE_KR = re.compile(r"(?:\bkr\.?|\bnok)\s*$", re.I)
_ZERO = re.compile(r"^\s*(kr\.?\s*)?0(\s*,-|,00)?\s*(kr\.?|kroner|nok)?\s*\.?\s*$", re.I)


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


def is_zero(text: str) -> bool:
    """An explicit nought: "0", "0 kr", "kr 0,-", "0,00"."""
    return bool(_ZERO.match(text))


def amount_of(text: str, lenient: bool = True) -> int | None:
    """The last amount in a cell or value; an explicit 0 ("0", "0 kr", "kr 0,-") is 0."""
    if is_zero(text):
        return 0
    found = find_amounts(text, lenient=lenient)
    return found[-1][0] if found else None


def strip_amounts(text: str, lenient: bool = True) -> str:
    """The text with its kroner figures removed (for a budget post name or a funding source)."""
    for _, start, end in reversed(find_amounts(text, lenient)):
        text = text[:start] + text[end:]
    text = re.sub(r"\b(kr|kroner|NOK)\b\.?", "", text)
    return re.sub(r"\s{2,}", " ", text).strip(" \t|:–—-=.,;")


# -- a mention in running text (a ranking cue for the answerer, not a value) ----------------
# "28 500 000 kroner", "28,5 mill. kr", "500 kr", and shares ("40 prosent", "40 %").
AMOUNT_MENTION = re.compile(
    r"\b\d{1,3}(?:[ \u00a0]\d{3})+(?:\s*(?:kroner|kr))?\b"
    r"|\b\d+(?:,\d+)?\s*(?:millioner|mill\.?)\s*(?:kroner|kr\.?)?"
    r"|\b\d+\s*(?:kroner|kr)\b"
    r"|\b\d+(?:,\d+)?\s*(?:prosent|%)",
    re.I,
)


# -- writing ------------------------------------------------------------------------------
def group_digits(n: int) -> str:
    """1234500 -> "1 234 500" (a space between thousands, as Norwegian writes numbers)."""
    return f"{n:,}".replace(",", " ")


def kr(amount: int | None, missing: str = "ukjent") -> str:
    """1600000 -> "1 600 000 kr"; ``missing`` when there is no amount."""
    if amount is None:
        return missing
    return group_digits(amount) + " kr"
