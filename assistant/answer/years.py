"""Which round (grant year) a question is about.

Grant year and deadline year differ: the 2025 round had its deadline 20 June 2024.
A year that is not a known round but is the deadline year of one maps to that round
("fristen i 2020" → the 2021 round).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from assistant.rounds.registry import current_year

_YEAR = re.compile(r"(?<!\d)(20[0-4]\d|19[89]\d)(?!\d)")
_THIS_YEAR = re.compile(r"\b(i år|årets|dette året|inneværende år)\b", re.I)
_NEXT_YEAR = re.compile(
    r"\b(neste år|til neste år|kommende år|neste runde|neste utlysning)\b", re.I
)
_LAST_ROUND = re.compile(r"\b(forrige runde|forrige utlysning|i fjor|fjorårets|sist gang)\b", re.I)
_DEADLINE_WORDS = re.compile(r"\b(frist\w*|levert|sendt|søkt|høsten|våren|sommeren)\b", re.I)


@dataclass
class Rounds:
    """Known rounds: grant year → deadline date (if the corpus states one)."""

    deadlines: dict[int, dt.date | None] = field(default_factory=dict)
    covered_years: set[int] = field(default_factory=set)  # years of documents and records
    mentioned_years: set[int] = field(default_factory=set)  # years named anywhere in the text

    @classmethod
    def from_corpus(
        cls,
        texts: list[str],
        metas: list[dict[str, Any]],
        deadlines: dict[int, dt.date] | None = None,
    ) -> Rounds:
        """Rounds from the registry's ``deadlines`` (the round packs); a guideline ingested
        without a pack adds its year, with the deadline its front matter gives, if any."""
        r = cls(deadlines=dict(deadlines or {}))
        for t in texts:
            r.mentioned_years.update(int(y) for y in _YEAR.findall(t))
        for m in metas:
            y = int(m.get("year") or 0)
            if y:
                r.covered_years.add(y)
            if m.get("kind") == "guideline" and y and y not in r.deadlines:
                d = m.get("deadline")
                try:
                    r.deadlines[y] = dt.date.fromisoformat(d) if d else None
                except ValueError:
                    r.deadlines[y] = None
        return r

    @property
    def newest(self) -> int | None:
        return max(self.deadlines) if self.deadlines else None

    def current(self, today: dt.date) -> int | None:
        """The open round (next deadline not passed), else the newest one: the registry's
        rule (``assistant.rounds.registry.current_year``)."""
        return current_year(self.deadlines, today)

    def previous(self, year: int) -> int | None:
        older = [y for y in self.deadlines if y < year]
        return max(older) if older else None


@dataclass
class YearChoice:
    year: int | None  # the round the answer is for
    pinned: bool  # the question (or --year/history) named it
    unknown: int | None = None  # a named year no document covers


# "2024-midlene", "prosjektskjønn 2024", "tilskuddsåret 2024": the grant year, said outright
_GRANT_FORM = re.compile(
    r"(?<!\d)(20[0-4]\d)(?:\s*-\s*|\s+)(midlene|midler|runden|tildelingen)\b"
    r"|\b(prosjektskjønn|tilskuddsår(?:et)?|midlene for|midler for)\s+(20[0-4]\d)\b",
    re.I,
)


def grant_years(text: str) -> set[int]:
    """Years a text names as grant years ("2021-midlene", "prosjektskjønn 2021")."""
    return {int(m.group(1) or m.group(4)) for m in _GRANT_FORM.finditer(text)}


def detect_year(question: str, rounds: Rounds, today: dt.date) -> YearChoice:
    years = [int(y) for y in _YEAR.findall(question)]
    if years:
        y = years[0]
        if y in rounds.deadlines:
            return YearChoice(y, True)
        if y in grant_years(question):
            if y in rounds.covered_years or y in rounds.mentioned_years:
                return YearChoice(y, True)
            return YearChoice(None, True, unknown=y)
        if (y + 1) in rounds.deadlines and _DEADLINE_WORDS.search(question):
            return YearChoice(y + 1, True)
        if y in rounds.covered_years or y in rounds.mentioned_years:
            return YearChoice(y, True)  # a year the texts speak of, but not a round of rules
        return YearChoice(None, True, unknown=y)
    cur = rounds.current(today)
    if _NEXT_YEAR.search(question):
        nxt = today.year + 1
        if nxt in rounds.deadlines:
            return YearChoice(nxt, True)
        if cur and rounds.deadlines.get(cur) and rounds.deadlines[cur] >= today:  # type: ignore[operator]
            return YearChoice(cur, True)
        return YearChoice(None, True, unknown=nxt)
    if _LAST_ROUND.search(question) and cur:
        prev = rounds.previous(cur) if cur == rounds.newest else cur
        return YearChoice(prev, True)
    if _THIS_YEAR.search(question):
        if today.year in rounds.deadlines:
            return YearChoice(today.year, True)
        return YearChoice(cur, True)
    return YearChoice(rounds.newest, False)
