"""Strict answer scoring for the blind answer sets (evals/sets/answers/*.jsonl).

An item is correct when:
- it is unanswerable and the assistant refused (``answered: false``), or
- it is answerable, the assistant answered with valid ``[n]`` citations, every fact item
  (a list of acceptable spellings) occurs in the answer, and, for questions that ask for a
  value (date, amount, count, name, yes/no), the first sentence holds the expected lead
  value, with no value listed as ``wrong`` before it.

Matching is tolerant of inflection and spelling of the same value ("20.06.2024" is
"20. juni 2024", "28 500 000 kroner" is "28,5 mill. kr", "treårig" is "treårige"), never of
another value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from assistant.lang.nb import MONTH_NUMBERS, MONTH_PATTERN
from assistant.store.analyzer import stem_tokens

_DATE_WORDS = re.compile(rf"\b(\d{{1,2}})\.\s*({MONTH_PATTERN})(?:\s+(\d{{4}}))?", re.I)
_DATE_NUM = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})?\b")
_NUMBER = re.compile(r"(?<![\w,])\d{1,3}(?:[ \u00a0]\d{3})+(?:,\d+)?(?!\d)|(?<![\w,])\d+(?:,\d+)?")
_MILL = re.compile(r"^\s*(mill\b\.?|millioner\b|million\b|mrd\b|milliard)", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ«\"(\[])")
_YESNO = re.compile(r"^\W*(ja|nei|yes|no)\b", re.I)


def normalise(text: str) -> str:
    t = text.replace("\u00a0", " ").replace("\u2009", " ").replace("–", "-").replace("—", "-")
    t = re.sub(r"\[\d+\]", " ", t)  # citation markers are not part of the text
    return " ".join(t.lower().split())


def first_sentence(answer: str) -> str:
    text = normalise_keep_case(answer)
    parts = _SENTENCE_END.split(text, maxsplit=1)
    return parts[0] if parts else text


def normalise_keep_case(text: str) -> str:
    t = text.replace("\u00a0", " ")
    t = re.sub(r"\s*\[\d+\]", "", t)
    return " ".join(t.split())


@dataclass(frozen=True)
class DateVal:
    day: int
    month: int
    year: int | None


def dates(text: str) -> list[tuple[int, DateVal]]:
    out: list[tuple[int, DateVal]] = []
    for m in _DATE_WORDS.finditer(text):
        y = int(m.group(3)) if m.group(3) else None
        out.append((m.start(), DateVal(int(m.group(1)), MONTH_NUMBERS[m.group(2).lower()], y)))
    for m in _DATE_NUM.finditer(text):
        mon = int(m.group(2))
        if not 1 <= mon <= 12:
            continue
        ys = m.group(3)
        year = (2000 + int(ys) if len(ys) == 2 else int(ys)) if ys else None
        out.append((m.start(), DateVal(int(m.group(1)), mon, year)))
    return sorted(out, key=lambda p: p[0])


def _num(s: str) -> float:
    return float(s.replace(" ", "").replace("\u00a0", "").replace(",", "."))


def numbers(text: str) -> list[tuple[int, float]]:
    """Numbers with their position; "28,5 mill." also yields 28 500 000 (and the other way)."""
    out: list[tuple[int, float]] = []
    masked = _DATE_NUM.sub(lambda m: " " * len(m.group(0)), text)
    for m in _NUMBER.finditer(masked):
        try:
            v = _num(m.group(0))
        except ValueError:
            continue
        out.append((m.start(), v))
        if _MILL.match(masked[m.end() :]):
            out.append((m.start(), round(v * 1_000_000)))
        elif v >= 100_000 and v % 10_000 == 0:
            out.append((m.start(), v / 1_000_000))
    return out


def _value_kind(spelling: str) -> str:
    if dates(spelling):
        return "date"
    if re.fullmatch(r"\W*(ja|nei)\W*", spelling, re.I):
        return "yesno"
    if numbers(spelling):
        return "number"
    return "words"


def find(spelling: str, text: str) -> int | None:
    """Position of ``spelling`` in ``text`` (normalised), or None when it is not there."""
    s, t = normalise(spelling), normalise(text)
    if not s:
        return None
    kind = _value_kind(s)
    if kind == "yesno":
        m = _YESNO.match(t)
        want = "ja" if s.strip(" .!").startswith("ja") else "nei"
        got = m.group(1).replace("yes", "ja").replace("no", "nei") if m else ""
        return 0 if got == want else None
    if kind == "date":
        want_date = dates(s)[0][1]
        for pos, d in dates(t):
            if (d.day, d.month) == (want_date.day, want_date.month) and (
                want_date.year is None or d.year is None or d.year == want_date.year
            ):
                return pos
        return None
    if kind == "number":
        wanted = [v for _, v in numbers(s)]
        have = numbers(t)
        positions = []
        for w in wanted:
            hits = [p for p, v in have if abs(v - w) < 1e-6]
            if not hits:
                return None
            positions.append(min(hits))
        words = [w for w in stem_tokens(s) if not re.fullmatch(r"[\d,]+", w)]
        words = [w for w in words if w not in {"mill", "million", "kr", "kron", "ca", "cirka"}]
        stems = set(stem_tokens(t))
        if any(w not in stems for w in words):
            return None
        return min(positions)
    i = t.find(s)
    if i >= 0:
        return i
    want_stems = stem_tokens(s)
    if not want_stems:
        return None
    toks = [(m.start(), st) for m in re.finditer(r"\w+", t) for st in stem_tokens(m.group(0))]
    have_stems = {st for _, st in toks}
    if all(w in have_stems for w in want_stems):
        return min(p for p, st in toks if st == want_stems[0])
    return None


def holds(alternatives: list[str], text: str) -> int | None:
    found = [p for p in (find(a, text) for a in alternatives) if p is not None]
    return min(found) if found else None


_MARKERS = re.compile(r"\[(\d+)\]")


def markers_ok(answer: str, n_citations: int) -> bool:
    marks = [int(m) for m in _MARKERS.findall(answer)]
    return bool(marks) and all(1 <= m <= n_citations for m in marks)


def as_items(facts: list[Any]) -> list[list[str]]:
    """Old-style facts are strings; blind sets give lists of acceptable spellings."""
    return [[f] if isinstance(f, str) else list(f) for f in facts]


def judge(row: dict[str, Any], answer: str, answered: bool, n_citations: int) -> dict[str, Any]:
    """Score one answer; ``reason`` says why it is wrong."""
    if not row["answerable"]:
        ok = not answered
        return {"correct": ok, "reason": "" if ok else "answered an unanswerable question"}
    if not answered:
        return {"correct": False, "reason": "refused an answerable question"}
    if not markers_ok(answer, n_citations):
        return {"correct": False, "reason": "no valid citation"}
    missing = [alts for alts in as_items(row.get("facts") or []) if holds(alts, answer) is None]
    lead = row.get("lead") or []
    asks = row.get("asks")
    if lead and asks in ("date", "amount", "count", "name", "yesno"):
        head = first_sentence(answer)
        pos = holds(lead, head)
        if pos is None:
            return {"correct": False, "reason": f"first sentence lacks {lead}", "missing": missing}
        wrong_pos = holds(row.get("wrong") or [], head) if row.get("wrong") else None
        if wrong_pos is not None and wrong_pos < pos:
            return {"correct": False, "reason": "leads with a wrong value", "missing": missing}
    if missing:
        return {"correct": False, "reason": f"missing {missing}", "missing": missing}
    return {"correct": True, "reason": ""}
