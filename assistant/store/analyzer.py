"""Norwegian text analysis for BM25: lowercase, stopwords, Snowball stems, compound parts.

Compounds are split against the index vocabulary: "egenfinansieringskravet" also yields
"egenfinansiering" and "krav" when those stems occur in the corpus, so a query with the
compound finds text with the parts and the other way round.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import Stemmer

_TOKEN = re.compile(r"[0-9a-zæøåéèüöäA-ZÆØÅÉÈÜÖÄ]+", re.UNICODE)

# Our own list of Norwegian bokmål function words (kept short on purpose: content words
# such as "frist" or "søke" must stay searchable).
STOPWORDS = frozenset(
    """
    og i jeg det at en et den til er som på de med han av ikke der så var meg seg men
    ett har om vi min mitt ha hadde hun nå over da ved fra du ut sin dem oss opp man kan
    hans hvor eller hva skal selv sjøl her alle vil bli ble blitt kunne inn når være kom
    noen noe ville dere deres kun ja etter ned skulle denne for deg si sine sitt mot å
    meget hvorfor dette disse uten hvordan ingen din ditt blir samme hvilken hvilke sånn
    inni mellom vår hver hvem vors hvis både bare enn fordi før mange også slik vært
    båe begge siden dykk dykkar dei deira deim di dine eg ein eit eitt elles honom hjå ho
    hoe henne hennar hennes hoss hossen ikkje ingi inkje korleis korso kva kvar kvarhelst
    kven kvi kvifor me medan mi mine mykje no nokon noka nokor noko nokre sia sidan so
    somt somme um upp vere vore verte vort varte vart the a an of to in is får fikk gjør
    gjelder må mer mest hos per via jo vel litt
    """.split()
)

_stemmer = Stemmer.Stemmer("norwegian")
_LINKS = ("", "s", "e")  # Norwegian compound linking elements


# Bump when analysis changes: persisted BM25 indexes built with another version are rebuilt.
ANALYZER_VERSION = 2


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    """Snowball, applied twice: one pass leaves inflected forms apart
    ("telefonnummeret" → "telefonnummer", but "telefonnummer" → "telefonnumm")."""
    once = str(_stemmer.stemWord(word))
    return str(_stemmer.stemWord(once))


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
