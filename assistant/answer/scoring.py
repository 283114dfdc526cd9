"""Scoring sentence units against a question: dense, idf-weighted term coverage, cues."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

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

    def coverage(
        self,
        q: dict[str, float],
        unit: str,
        context: str = "",
        groups: list[Group] | None = None,
    ) -> float:
        """Share of the question's weight the unit covers.

        A stem counts fully when the unit has it, half when only a long common prefix
        matches ("næringsprosjekt" ~ "næringsutvikling") or only the context (title,
        section) has it. A concept group (a user's word with the corpus terms it stands
        for) counts when the unit has any of its terms, or all of the user's words.
        """
        groups = groups or []
        total = sum(q.values()) + sum(g.weight for g in groups)
        if not total:
            return 0.0
        have = self.stems(unit)
        ctx = self.stems(context) if context else frozenset()
        got = 0.0
        for s, w in q.items():
            if s in have:
                got += w
            elif s in ctx or _prefix_match(s, have):
                got += 0.5 * w
        for g in groups:
            if g.alts & have or (g.key and g.key <= have):
                got += g.weight
            elif g.alts & ctx:
                got += 0.5 * g.weight
        return got / total


@dataclass(frozen=True)
class Group:
    """A user's word or phrase (``key`` stems) and the corpus terms it stands for."""

    key: frozenset[str]
    alts: frozenset[str]
    weight: float


def _prefix_match(stem: str, have: frozenset[str]) -> bool:
    """A compound sharing its first part with a unit word ("nærings-")."""
    if len(stem) < 9:
        return False
    head = stem[:7]
    return any(len(h) >= 9 and h.startswith(head) for h in have)


def dense_norm(cos: float) -> float:
    """e5 cosines live in a narrow band; map ~0.75..0.95 to 0..1."""
    return float(np.clip((cos - 0.75) / 0.20, 0.0, 1.0))
