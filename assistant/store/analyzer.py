"""Norwegian text analysis for BM25: lowercase, stopwords, Snowball stems, compound parts.

The stop words and the stemmer are bokmål's, from ``assistant.lang.nb``.

Compounds are split against the index vocabulary: "egenfinansieringskravet" also yields
"egenfinansiering" and "krav" when those stems occur in the corpus, so a query with the
compound finds text with the parts and the other way round.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.lang.nb import COMPOUND_LINKS as _LINKS
from assistant.lang.nb import STOPWORDS
from assistant.lang.nb import stem as _stem

_TOKEN = re.compile(r"[0-9a-zæøåéèüöäA-ZÆØÅÉÈÜÖÄ]+", re.UNICODE)

# Bump when analysis changes: persisted BM25 indexes built with another version are rebuilt.
ANALYZER_VERSION = 2


def words(text: str) -> list[str]:
    return [w.lower() for w in _TOKEN.findall(text)]


def stem_tokens(text: str) -> list[str]:
    """Stems of the content words of ``text`` (no compound splitting)."""
    return [_stem(w) for w in words(text) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]


def split_compound(word: str, vocab: set[str] | frozenset[str], min_part: int = 4) -> list[str]:
    """Best two-part split of ``word`` whose parts (stemmed) are both in ``vocab``."""
    if len(word) < 2 * min_part + 1:
        return []
    best: list[str] = []
    for i in range(min_part, len(word) - min_part + 1):
        head, tail = word[:i], word[i:]
        tail_stem = _stem(tail)
        if tail_stem not in vocab:
            continue
        for link in _LINKS:
            if link and not head.endswith(link):
                continue
            h = head[: len(head) - len(link)] if link else head
            if len(h) < min_part:
                continue
            h_stem = _stem(h)
            if h_stem in vocab:
                cand = [h_stem, tail_stem]
                # prefer the longest head (fewest spurious splits)
                if not best or len(h) > len(best[0]):
                    best = cand
    return best


class Analyzer:
    """Stems plus compound parts found in a vocabulary of stems."""

    def __init__(self, vocab: Iterable[str] = ()) -> None:
        self.vocab = frozenset(vocab)

    def __call__(self, text: str) -> list[str]:
        out: list[str] = []
        for w in words(text):
            if w in STOPWORDS or (len(w) < 2 and not w.isdigit()):
                continue
            out.append(_stem(w))
            if self.vocab and len(w) >= 9 and not w.isdigit():
                out.extend(split_compound(w, self.vocab))
        return out
