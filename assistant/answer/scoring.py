"""Scoring sentence units against a question: dense, idf-weighted term coverage, cues."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from assistant.answer.questions import QType
from assistant.answer.sentences import (
    Unit,
    amounts_in,
    dates_in,
    is_gap,
    numbers_in,
    years_mentioned,
)
from assistant.store.analyzer import Analyzer

_STEM_MEMO = 50_000  # sentence texts come from the corpus: a bounded set


@dataclass
class TermStats:
    analyzer: Analyzer
    idf: dict[str, float]
    max_idf: float
    _memo: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    def stems(self, text: str) -> frozenset[str]:
        """The analysed stems of a text, memoised (built once per corpus generation)."""
        got = self._memo.get(text)
        if got is None:
            got = frozenset(self.analyzer(text))
            if len(self._memo) >= _STEM_MEMO:
                self._memo.clear()
            self._memo[text] = got
        return got

    @classmethod
    def build(cls, analyzer: Analyzer, texts: list[str]) -> TermStats:
        df: Counter[str] = Counter()
        for t in texts:
            df.update(set(analyzer(t)))
        n = max(len(texts), 1)
        idf = {s: math.log(1 + (n - c + 0.5) / (c + 0.5)) for s, c in df.items()}
        return cls(analyzer, idf, math.log(1 + (n + 0.5) / 0.5))

    def weights(self, text: str) -> dict[str, float]:
        return {s: self.idf.get(s, self.max_idf) for s in set(self.analyzer(text))}

    def coverage(self, q: dict[str, float], unit: str, context: str = "") -> float:
        if not q:
            return 0.0
        have = self.stems(unit)
        ctx = self.stems(context) if context else frozenset()
        got = sum(w if s in have else (0.5 * w if s in ctx else 0.0) for s, w in q.items())
        return got / sum(q.values())


def dense_norm(cos: float) -> float:
    """e5 cosines live in a narrow band; map ~0.75..0.95 to 0..1."""
    return float(np.clip((cos - 0.75) / 0.20, 0.0, 1.0))


def cue_bonus(qtype: QType, unit: Unit) -> float:
    """Date, amount and count questions want a sentence that holds such a value."""
    if qtype == "list":
        return 0.12 if unit.text.count("; ") >= 2 or ":" in unit.text else 0.0
    finder = {"date": dates_in, "amount": amounts_in, "count": numbers_in}.get(qtype)
    if finder is None:
        return 0.0
    return 0.2 if finder(unit.text) else -0.1


def score_units(
    units: list[Unit],
    dense: np.ndarray,
    stats: TermStats,
    focus: dict[str, float],
    carried: dict[str, float],
    contexts: list[str],
    qtype: QType,
    year: int | None,
    pinned: bool,
    chunk_years: list[int],
    chunk_texts: list[str],
    is_round: bool = True,
) -> None:
    """Fill ``unit.features`` and ``unit.features['score']`` in place."""
    q = dict(carried)
    q.update(focus)  # the user's own words weigh fully, carried ones as given
    for u, d in zip(units, dense, strict=True):
        cov = stats.coverage(q, u.text, contexts[u.chunk_index])
        cov_focus = stats.coverage(focus, u.text, contexts[u.chunk_index])
        cov_chunk = stats.coverage(focus, chunk_texts[u.chunk_index], contexts[u.chunk_index])
        dn = dense_norm(float(d))
        prior = 1.0 / (1 + u.chunk_index)
        cy = chunk_years[u.chunk_index]
        ybonus = 0.0
        if year and cy and is_round:  # documents carry the year of the round they rule
            if cy == year:
                ybonus = 0.12 if pinned else 0.04  # unpinned: the newest round breaks ties
            else:
                ybonus = -0.25 if pinned else -0.08
        named = years_mentioned(u.text)
        if year and named:
            if year in named:
                ybonus += 0.1
            elif (year - 1) not in named:  # the deadline year of the round is fine
                ybonus -= 0.2 if pinned else 0.1
        gap = -0.05 if is_gap(u.text) else 0.0  # a positive statement wins a tie
        score = 0.45 * dn + 0.4 * cov + 0.1 * prior + cue_bonus(qtype, u) + ybonus + gap
        u.features.update(
            {
                "dense": float(d),
                "dense_n": dn,
                "cov": cov,
                "cov_focus": cov_focus,
                "cov_chunk": cov_chunk,
                "prior": prior,
                "year": cy,
                "score": score,
            }
        )
