"""Several questions in one message, and comparisons between rounds.

"Tre kjappe: når er fristen, må vi ha egenfinansiering, og hvem kan søke?" is three
questions; each part is answered in order. A part that leans on the one before
("… og hvor lenge varte det?") is treated as its follow-up. A question that compares two
rounds ("Er det noe nytt i hvem som kan søke i 2025 sammenlignet med 2021?") is answered per
round, side by side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# words that start a new question inside a sentence, after ", " or " og "
_STARTERS = (
    "når hva hvem hvor hvordan hvorfor hvilke hvilken hvilket kan kunne må er var får fikk "
    "gjelder finnes fins har hadde skal blir ble trenger kreves gis dekker stemmer"
)
_STARTER_RE = "|".join(_STARTERS.split())
_INNER_SPLIT = re.compile(
    rf"(?:,\s*(?:og|eller|men|samt)?\s*|\s+(?:og|samt)\s+(?:så\s+)?)"
    rf"(?=(?:(?:i|på|til|for|med|om|fra)\s+)?(?:{_STARTER_RE})\b)",
    re.I,
)
_LEAD_IN = re.compile(
    r"^\s*(?:hei[,!.]?\s*|hallo[,!.]?\s*)?(?:(?:to|tre|fire|et par|noen)\s+"
    r"(?:kjappe|raske|korte|spørsmål|ting)\s*(?:spørsmål)?\s*[:,-]\s*)?",
    re.I,
)
_POLITE = re.compile(r"^\s*(?:jeg\s+)?(?:lurer på|lurte på|vil gjerne vite|lure på)\s+", re.I)
_COMPARE = re.compile(
    r"\b(sammenlign\w*|forskjell\w*|endr\w*|forandr\w*|nytt|nye|annerledes|skiller|"
    r"mot|versus|kontra|i forhold til|enn før|som før|fortsatt|flyttet)\b",
    re.I,
)
_YEAR = re.compile(r"(?<!\d)(20[0-4]\d)(?!\d)")


@dataclass
class Part:
    text: str
    follows: bool  # leans on the part before it


def _is_question(text: str) -> bool:
    t = text.strip()
    return t.endswith("?") or bool(re.match(rf"^(og\s+)?({_STARTER_RE})\b", t, re.I))


def _starts_question(text: str) -> bool:
    return bool(
        re.match(rf"^(og\s+)?((i|på|til|for|med|om|fra)\s+)?({_STARTER_RE})\b", text.strip(), re.I)
    )


def split_parts(question: str, max_parts: int = 4) -> list[Part]:
    """The questions in ``question``, in order. Statements before a question become its
    context ("Vi er to kommuner. Kan vi søke sammen?" is one question), statements after
    one stay with it ("Hvem sitter i utvalget? Navn hadde vært fint.")."""
    q = _LEAD_IN.sub("", question.strip())
    sentences = [
        s.strip() for s in re.split(r"(?<=[?!])\s+|(?<=\.)\s+(?=[A-ZÆØÅ])", q) if s.strip()
    ]
    pieces: list[str] = []
    context = ""
    for s in sentences:
        if not _is_question(s):
            if pieces:
                pieces[-1] = f"{pieces[-1]} {s}"
            else:
                context = (context + " " + s).strip()
            continue
        inner: list[str] = []
        for p in (p.strip(" ,") for p in _INNER_SPLIT.split(s)):
            if not p:
                continue
            if inner and not _starts_question(inner[-1]):
                inner[-1] = f"{inner[-1]}, {p}"  # "Før X ble slått sammen, hvordan var …"
            else:
                inner.append(p)
        for p in inner:
            p = _POLITE.sub("", p)
            pieces.append(f"{context} {p}".strip() if context and not pieces else p)
        context = ""
    if context:  # only statements: the whole message is the question
        pieces.append(context)
    pieces = [p for p in pieces if len(re.findall(r"\w+", p)) >= 2] or [question.strip()]
    if len(pieces) > max_parts:
        pieces = pieces[: max_parts - 1] + [" ".join(pieces[max_parts - 1 :])]
    return [Part(p, follows=i > 0) for i, p in enumerate(pieces)]


def compared_years(text: str, rounds: list[int], current: int | None) -> list[int]:
    """Years a question compares: two named years ("2019 mot 2020", "fra 2021 til 2025"),
    or one named round and the current one when the question asks what changed ("nytt",
    "endret", "sammenlignet med"). A deadline year stands for its round ("fristen i 2020"
    is the 2021 round) when the other year named is a round."""
    named: list[int] = []
    for y in (int(m) for m in _YEAR.findall(text)):
        if y not in named:
            named.append(y)
    if len(named) >= 2:
        deadline_talk = re.search(r"\b(frist\w*|søkt|sendt|levert)\b", text, re.I)
        years = [
            y + 1 if deadline_talk and y not in rounds and (y + 1) in rounds else y for y in named
        ]
        return sorted(set(years))[:3]
    if not _COMPARE.search(text):
        return []
    named_rounds = [y if y in rounds else y + 1 for y in named if y in rounds or y + 1 in rounds]
    if len(named_rounds) == 1 and current and named_rounds[0] != current:
        return sorted([named_rounds[0], current])
    if len(named_rounds) == 1 and re.search(r"\b(nytt|nye|endret|endring\w*)\b", text, re.I):
        prev = max((r for r in rounds if r < named_rounds[0]), default=None)
        if prev:  # "Hva er nytt i 2025?": against the round before
            return [prev, named_rounds[0]]
    if not named and re.search(r"\b(før|tidligere|nytt|endret|endring\w*)\b", text, re.I):
        if current and len(rounds) >= 2:
            prev = max((r for r in rounds if r < current), default=None)
            if prev:
                return [prev, current]
    return []
