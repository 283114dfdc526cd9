"""Sentence units of retrieved chunks, and the cues used to rank them.

A unit is a sentence, or a run of short list items joined with "; " (a list of criteria
answers "which criteria" better than any one item).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from assistant.lang.nb import AMOUNT_MENTION, DATE_MENTION

_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ«\"(])")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")

DATE = DATE_MENTION
AMOUNT = AMOUNT_MENTION
NEGATION = re.compile(
    r"\b(ikke|ingen|aldri|nei|forbud\w*|utelukke\w*|unntatt|noe annet|annet enn|"
    r"en annen enn|et annet enn|annerledes enn|verken|uten)\b",
    re.I,
)
GAP = re.compile(
    r"\bkildene\b[^.]{0,60}\b(oppgir|sier|nevner|angir|gir|viser)\s+(ikke|ingen)\b"
    r"|\b(oppgir|sier|nevner|angir|gir|viser)\s+kildene\s+(ikke|ingen)\b"
    r"|\b(oppgir|angir)\s+(ikke|ingen)\s+(noe\s+|noen\s+)?\w*(beløp|tall|frist|dato|sats|klokkeslett)\w*"
    r"|\bikke (funnet|oppgitt)\b",
    re.I,
)
NUMBER = re.compile(r"\b\d+(?:[ \u00a0]\d{3})*(?:,\d+)?\b")


@dataclass
class Unit:
    text: str
    chunk_index: int  # position of its chunk in the retrieval list
    order: int  # position inside the chunk
    features: dict[str, Any] = field(default_factory=dict)


def split_units(text: str) -> list[str]:
    units: list[str] = []
    bullets: list[str] = []

    def flush_bullets() -> None:
        if not bullets:
            return
        joined = "; ".join(b.rstrip(".;") for b in bullets)
        if units and units[-1].endswith(":") and len(joined) < 700:
            units[-1] = units[-1] + " " + joined + "."  # "X har to formål: a; b."
        elif len(bullets) > 1 and all(len(b) < 130 for b in bullets):
            units.append(joined + ".")  # the whole list answers "which ..." questions
            units.extend(bullets)  # single items answer specific ones
        else:
            units.extend(bullets)
        bullets.clear()

    for para in re.split(r"\n\s*\n", text):
        for line in para.splitlines():
            line = line.strip()
            if not line:
                continue
            if _BULLET.match(line):
                bullets.append(_BULLET.sub("", line))
                continue
            flush_bullets()
            units.extend(s.strip() for s in _SPLIT.split(line) if s.strip())
        flush_bullets()
    return [u for u in units if len(u) >= 12]


def dates_in(text: str) -> list[str]:
    return [m.group(0).strip() for m in DATE.finditer(text)]


def amounts_in(text: str) -> list[str]:
    out = []
    for m in AMOUNT.finditer(text):
        s = m.group(0).strip()
        if re.fullmatch(r"(19|20)\d\d", s):  # a year is not an amount
            continue
        out.append(s)
    return out


def is_negative(text: str) -> bool:
    return bool(NEGATION.search(text))


def numbers_in(text: str) -> list[str]:
    """Counts and amounts, not years and not the day of a date."""
    text = DATE.sub(" ", text)
    return [
        m.group(0) for m in NUMBER.finditer(text) if not re.fullmatch(r"(19|20)\d\d", m.group(0))
    ]


_MONEY_AFTER = re.compile(r"\s*(?:mill\w*|mrd\w*|milliard\w*|kr\b|kroner|prosent|%)", re.I)


_FELLESLOFT_NAME = re.compile(r"(?<![\d,])0\s*[–-]\s*24\b|\bfire hovedmålsetning\w*", re.I)
_COUNT_WORD = re.compile(
    r"\b(?:to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|elleve|tolv|femten|tjue|tretti)"
    r"(?=\s+[a-zæøå]{3,}er\b)",
    re.I,
)


def counts_in(text: str) -> list[str]:
    """Numbers that count things ("51 søknader"), not sums of money or shares
    ("4,0 mill. kr", "50 %"), nor the numbers in the fellesløft name "Fire
    hovedmålsetninger (0–24)": the values a "hvor mange …" question asks for."""
    text = _FELLESLOFT_NAME.sub(" ", DATE.sub(" ", text))
    return [
        m.group(0)
        for m in NUMBER.finditer(text)
        if not re.fullmatch(r"(19|20)\d\d", m.group(0))
        and not _MONEY_AFTER.match(text, m.end())
        and not re.search(r"\bkr\.?\s*$", text[: m.start()])
    ] + [m.group(0) for m in _COUNT_WORD.finditer(text)]  # "ti kommuner"


def is_gap(text: str) -> bool:
    """A sentence saying the sources do not state something."""
    return bool(GAP.search(text))


def caveat_split(text: str) -> tuple[str, str] | None:
    """A statement with a caveat, as (statement, caveat): "Både 2021 og 2025 krever
    kommunal egenfinansiering, men kildene oppgir ingen prosentsats" says something before
    "men" and gives the gap after it; None when the text is not built so."""
    parts = re.split(r"[,;]\s+men\s+", text, maxsplit=1)
    if len(parts) == 2 and not is_gap(parts[0]) and len(parts[0].split()) >= 5:
        return parts[0], parts[1]
    return None


_ANY_YEAR = re.compile(r"(?<!\d)(20[0-4]\d)(?!\d)")


def years_mentioned(text: str) -> set[int]:
    return {int(y) for y in _ANY_YEAR.findall(text)}
