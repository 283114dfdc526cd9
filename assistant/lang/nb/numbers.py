"""Kroner as Norwegians write them, read and written: "650 000 kr", "kr 1.200.000,-", "1,5 mill.".

Two readers share one grammar of figures (digits grouped by space, no-break space or dot, or
"1,600,000"; øre after a comma, rounded away; "1,5", "1.5" or "1,255" before "mill.",
"millioner" or "mnok" multiplied by a million, so "1.500 mill." is 1,5 million):

- ``parse_amount`` reads a whole value (an archive field, a CLI option) and says when it cannot;
- ``find_amounts`` finds the figures in free text (a draft's budget line or sentence);
  ``amount_of`` is the last of them in a cell, with an explicit "0" read as 0.

``parse_amount`` and ``amount_of`` agree on every written amount (tests/lang/test_nb.py lists
the forms). Left apart on purpose, because free text is not a value: there a figure needs
"kr"/"mill." next to it, or, when lenient, must be a bare number of at least 1000 that does not
look like a year; and a decimal point is read only before "mill." ("1.5 mill."), since a dotted
number in prose ("punkt 3.2", "1.6.2024") is rarely kroner and øre.
``kr`` writes an amount back: 1234500 -> "1 234 500 kr".
"""

from __future__ import annotations

import re
from typing import Any

MAX_AMOUNT = 10**13  # kroner: far above any grant, far below float trouble

_MILL_WORD = r"(?:mill\.?|millioner|million|mnok)"

# -- a whole value ------------------------------------------------------------------------
_PREFIX = re.compile(r"(?i)^(?:(?:ca\.?|kr\.?|nok)\s*)+")
# "kr", "nok", "kroner" end the value unless they end a word ("mnok" is a million kroner)
_SUFFIX = re.compile(r"(?i)(?:\s*(?:(?<![a-zæøå])(?:kr\.?|nok|kroner)|,-|,–))+\s*$")
_MILL = re.compile(
    r"^(\d{1,3}(?: \d{3})+(?:,\d+)?|[0-9]+(?:[.,][0-9]+)?)\s*(mill(?:ioner)?|mnok|mill\.?\s*kr)\.?",
    re.I,
)


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
    s = _PREFIX.sub("", s)
    s = _SUFFIX.sub("", s).strip()
    if s in ("", "-", "–"):
        return None
    m = _MILL.match(s)
    if m:
        return round(float(m.group(1).replace(" ", "").replace(",", ".")) * 1_000_000)
    s2 = s.replace(" ", "")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", s2):  # 1.600.000 or 1.600.000,00
        return round(float(s2.replace(".", "").replace(",", ".")))
    if re.fullmatch(r"\d{1,3}(,\d{3})+", s2):  # 1,600,000
        return int(s2.replace(",", ""))
    if re.fullmatch(r"\d+([.,]\d{1,2})?", s2):
        return round(float(s2.replace(",", ".")))
    raise ValueError(f"ugyldig beløp «{value}»")


# -- figures in free text -----------------------------------------------------------------
_NUM = re.compile(
    r"(?<![\d,.])(?:"
    r"(?P<mill>\d+[.,]\d+)(?=\s*(?i:mill|mnok))"  # 1,5 / 1.5 / 1,255 before "mill."
    r"|(?P<comma>\d{1,3}(?:,\d{3})+)(?!\d|,\d)"  # 1,600,000 (and "1,600,000,-")
    r"|(?P<int>\d{1,3}(?:[ \u00a0\u202f.]\d{3})+|\d+)(?:,(?P<dec>\d{1,2}))?(?!\d)"
    r")"
)
_AFTER_MILL = re.compile(r"^\s*" + _MILL_WORD, re.I)
_AFTER_KR = re.compile(r"^\s*(?:kr\b|kroner|nok\b|,[-–])", re.I)
_BEFORE_KR = re.compile(r"(?:\bkr\.?|\bnok)\s*$", re.I)
_ZERO = re.compile(r"^\s*(kr\.?\s*)?0(\s*,[-–]|,00)?\s*(kr\.?|kroner|nok)?\s*\.?\s*$", re.I)


def find_amounts(text: str, lenient: bool = False) -> list[tuple[int, int, int]]:
    """(amount in kr, start, end) for each figure. Strict: needs kr/NOK/mill next to it.

    Lenient (amount fields and budget lines) also accepts bare numbers of at least 1000 that do
    not look like a year. Øre are rounded away, as ``parse_amount`` does.
    """
    out: list[tuple[int, int, int]] = []
    for m in _NUM.finditer(text):
        dec = m.group("dec")
        if m.group("mill"):
            written = m.group("mill")
            digits = written.replace(",", ".")
        elif m.group("comma"):
            written = m.group("comma")
            digits = written.replace(",", "")
        else:
            written = m.group("int")
            digits = re.sub(r"[ \u00a0\u202f.]", "", written)
        value: float = float(digits + ("." + dec if dec else ""))
        after, before = text[m.end() :], text[: m.start()]
        mill = _AFTER_MILL.match(after)
        if mill:
            out.append((int(round(value * 1_000_000)), m.start(), m.end() + mill.end()))
            continue
        if dec:
            value = round(value)  # "150 000,50 kr" is 150 000 kr
        tagged = _AFTER_KR.match(after) or _BEFORE_KR.search(before[-6:])
        grouped = written != digits
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
