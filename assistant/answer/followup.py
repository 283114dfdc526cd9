"""Follow-up questions without an LLM: carry topic, entities and year from the history.

"Og hva med fristen?" after a question about the 2021 round becomes a retrieval query
that also holds the content words of the last user turns; the year of the history
carries over when the follow-up names none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.lang.nb import STOPWORDS
from assistant.store.analyzer import words

_MARKERS = re.compile(
    r"^\s*(og|men|enn|så|hva med|hva så med|gjelder det|gjelder dette|hvor mye fikk|"
    r"hvem var|hva var|samme|også|dette|det|de|den|disse|hvilke av dem)\b",
    re.I,
)
_PRONOUNS = {"de", "dem", "det", "den", "disse", "dette", "deres", "denne"}
_YEARLIKE = re.compile(r"(?<!\d)20[0-4]\d(?!\d)")


@dataclass
class Rewritten:
    query: str  # what retrieval sees
    # the user's own words (sentence ranking weights these); a year named relative to the
    # conversation ("året før") is said as the year it means
    focus: str
    history_year: int | None
    is_followup: bool


def content_words(text: str) -> list[str]:
    return [w for w in words(text) if w not in STOPWORDS and len(w) > 2]


# a year named relative to the one the conversation is about
_YEAR_BEFORE = re.compile(r"\b(året|åra?)\s+(før|forut|i forvegen)\b|\bforegående år\b", re.I)
_YEAR_AFTER = re.compile(r"\b(året|åra?)\s+(etter|etterpå|deretter|seinare|senere)\b", re.I)


def trim_history(history: list[dict[str, str]], max_turns: int) -> list[dict[str, str]]:
    """Keep the newest turns within the budget; oldest go first."""
    clean = [
        {"role": h.get("role", ""), "content": str(h.get("content", ""))[:2000]}
        for h in history
        if h.get("role") in ("user", "assistant") and str(h.get("content", "")).strip()
    ]
    return clean[-max_turns:] if max_turns > 0 else []


def rewrite(question: str, history: list[dict[str, str]]) -> Rewritten:
    users = [h["content"] for h in history if h["role"] == "user"]
    year = None
    for turn in reversed(users):
        m = _YEARLIKE.search(turn)
        if m:
            year = int(m.group(0))
            break
    if not users:
        return Rewritten(question, question, None, False)
    if year:  # "… i 2020?" – "og året før?" asks about 2019: say the year instead
        for rx, shift in ((_YEAR_BEFORE, -1), (_YEAR_AFTER, 1)):
            if rx.search(question):
                year += shift
                question = rx.sub(f"i {year}", question, count=1)
                break
    own = content_words(question)
    elliptic = (
        bool(_MARKERS.match(question)) or len(own) <= 2 or bool(_PRONOUNS & set(words(question)))
    )
    if not elliptic:
        return Rewritten(question, question, None, False)
    carried: list[str] = []
    for turn in reversed(users[-2:]):
        for w in content_words(turn):
            if w not in carried and w not in own and not w.isdigit():  # the year is carried apart
                carried.append(w)
    query = question + " " + " ".join(carried[:12])
    return Rewritten(query.strip(), question, year, True)
