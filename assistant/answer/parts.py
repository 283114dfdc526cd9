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
    r"(?:kjappe|raske|korte)?\s*(?:spørsmål|ting)?\s*(?:om\s+(?P<topic>[^:?]{3,80}?))?\s*[:]\s*)?",
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
    text: str  # the question itself: the words the answer must be about
    follows: bool  # leans on the part before it
    context: str = ""  # what the user said around it ("Vi er to kommuner.", a lead-in topic)


def _is_question(text: str) -> bool:
    t = text.strip()
    return t.endswith("?") or bool(re.match(rf"^(og\s+)?({_STARTER_RE})\b", t, re.I))


def _starts_question(text: str) -> bool:
    return bool(
        re.match(rf"^(og\s+)?((i|på|til|for|med|om|fra)\s+)?({_STARTER_RE})\b", text.strip(), re.I)
    )


_INTRO = re.compile(r"^(?P<intro>[^?]{8,}?)\s*(?:\s[–—-]\s|:\s)\s*(?P<q>[^–—:]+\??)$")


def _intro_and_question(sentence: str) -> tuple[str, str]:
    """ "Fristen nå er 20. juni – hva var den for 2021?": the statement before the dash or
    colon is context, the question after it is what is asked."""
    m = _INTRO.match(sentence.strip())
    if m and _starts_question(m.group("q")) and not _starts_question(m.group("intro")):
        return m.group("intro").strip(), m.group("q").strip()
    return "", sentence.strip()


def split_parts(question: str, max_parts: int = 4) -> list[Part]:
    """The questions in ``question``, in order. Statements before a question become its
    context ("Vi er to kommuner. Kan vi søke sammen?"), statements after one are its context
    too ("Kan vi få penger til drift? Tenker å styrke bemanninga."), not words it asks
    about, and a lead-in topic ("To spørsmål om
    Nord-Trøndelag: …") is the context of every part."""
    lead = _LEAD_IN.match(question.strip())
    topic = (lead.group("topic") or "").strip() if lead else ""
    q = question.strip()[lead.end() :] if lead else question.strip()
    sentences = [
        s.strip() for s in re.split(r"(?<=[?!])\s+|(?<=\.)\s+(?=[A-ZÆØÅ])", q) if s.strip()
    ]
    parts: list[Part] = []
    context = ""
    for s in sentences:
        if not _is_question(s):
            if parts:  # said after the question: context for it, not words it asks about
                parts[-1].context = f"{parts[-1].context} {s}".strip()
            else:
                context = (context + " " + s).strip()
            continue
        intro, s = _intro_and_question(s)
        context = (context + " " + intro).strip()
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
            ctx = " ".join(x for x in (topic, context if not parts else "") if x)
            parts.append(Part(p, follows=bool(parts), context=ctx))
        context = ""
    if context:  # only statements: the whole message is the question
        parts.append(Part(context, follows=bool(parts), context=topic))
    parts = [p for p in parts if len(re.findall(r"\w+", p.text)) >= 2] or [
        Part(question.strip(), False)
    ]
    if len(parts) > max_parts:
        rest = " ".join(p.text for p in parts[max_parts - 1 :])
        parts = [*parts[: max_parts - 1], Part(rest, True, parts[max_parts - 1].context)]
    return parts


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
        return list(dict.fromkeys(years))[:3]  # in the order the question names them
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
