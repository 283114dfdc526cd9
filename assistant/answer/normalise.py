"""Question understanding before retrieval: language, spelling, split words.

Users write "soknadsfrist", "ogsaa", "Helseplatformen", "søknads frist", nynorsk or
English. The normaliser turns the question into bokmål words the corpus uses:

1. English and nynorsk words are mapped to bokmål (``assistant.lang``);
2. æ/ø/å typed as ae/oe/aa (or left out) are restored where that gives a corpus word;
3. two words that the corpus writes as one ("søknads frist") are joined;
4. remaining unknown words get the nearest corpus word within a small edit distance
   (SymSpell), unless they are compounds of corpus words already ("digitaliseringsløftet").

The vocabulary is the corpus' own word forms, so nothing is corrected towards a word the
sources never use. Every change is recorded, so the answer can say how it read the question.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from symspellpy import SymSpell, Verbosity

from assistant.lang import en, nn
from assistant.lang.detect import Lang, detect
from assistant.lang.nb import STOPWORDS
from assistant.lang.nb import stem as _stem
from assistant.store.analyzer import split_compound

_TOKEN = re.compile(r"[0-9A-Za-zÆØÅæøåÉéÈèÜüÖöÄä'’-]+|[^\sA-Za-z0-9ÆØÅæøåÉéÈèÜüÖöÄä]+|\s+")
_WORD = re.compile(r"[A-Za-zÆØÅæøåÉéÈèÜüÖöÄä][A-Za-zÆØÅæøåÉéÈèÜüÖöÄä'’-]*$")
_URL = re.compile(r"\S+\.(?:no|com|org|net)\S*|https?://\S+", re.I)
_ASCII_SWAPS = (("aa", "å"), ("ae", "æ"), ("oe", "ø"), ("a", "å"), ("o", "ø"), ("e", "æ"))
# Short words typed without å, too short for the spelling search: only in a question that
# has no æøå at all ("ma soknaden vaere lang", "hvilket ar ble trondelag slatt sammen")
_LEAD_IN = re.compile(
    r"^(?:ok(?:ei|ay)?|ja|takk|tusen takk|flott|supert|greit|fint|aha|hmm+|skjønner)\s*[,.!:;]+\s*",
    re.I,
)
_ASCII_SHORT = {"ma": "må", "pa": "på", "ar": "år", "fa": "få", "na": "nå", "aa": "å"}

# Words people type that are fine as they are, though the corpus may not use them.
_KEEP = frozenset(
    """
    hei hallo takk lurer lure vet vite tenkte tenker spør spørre lurte egentlig typ liksom
    altså ok okei greit kjapt kjappe kjapp fort lett ting to tre fire fem ja nei vel visst
    par noen raske korte spørsmål forandret forandra forandring forandringer forandre
    """.split()
)


@dataclass
class Normalised:
    original: str
    text: str
    lang: Lang
    corrections: list[tuple[str, str]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.text != self.original


class Vocabulary:
    """Corpus word forms with their counts, a SymSpell index over them, and their stems."""

    def __init__(self, texts: Iterable[str]) -> None:
        counts: Counter[str] = Counter()
        for t in texts:
            t = _URL.sub(" ", t)  # "prosjektskjonn.statsforvalteren.no" is no word
            counts.update(w.lower() for w in re.findall(r"[A-Za-zÆØÅæøåÉéÜüÖöÄä]{2,}", t))
        self.counts = counts
        self.stems = frozenset(_stem(w) for w in counts if len(w) >= 3)
        self._spell = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
        for w, c in counts.items():
            if len(w) >= 4:
                self._spell.create_dictionary_entry(w, c)

    def known(self, word: str) -> bool:
        w = word.lower()
        return w in self.counts or _stem(w) in self.stems

    def compound_of_known(self, word: str) -> bool:
        return bool(split_compound(word.lower(), self.stems))

    def nearest(self, word: str, max_distance: int = 2) -> str | None:
        w = word.lower()
        if len(w) < 5:
            return None
        dist = min(max_distance, 2 if len(w) >= 8 else 1)
        found = self._spell.lookup(w, Verbosity.TOP, max_edit_distance=dist)
        if not found:
            return None
        best = found[0].term
        if best[0] != w[0] and not (w[0] in "aoe" and best[0] in "åøæ"):
            return None  # typos rarely hit the first letter; a different word is likelier
        return str(best)

    def restore_letters(self, word: str) -> str | None:
        """ "soknadsfrist" → "søknadsfrist", "ogsaa" → "også": the most frequent corpus form."""
        w = word.lower()
        if not any(ch in w for ch in "aoe"):
            return None
        spots = [
            (i, old, new)
            for old, new in _ASCII_SWAPS
            for i in range(len(w))
            if w.startswith(old, i)
        ]
        best: tuple[int, str] | None = None
        for r in (1, 2, 3):
            for combo in itertools.combinations(spots, r):
                starts = [i for i, _, _ in combo]
                ends = [i + len(old) for i, old, _ in combo]
                if any(s < e for s, e in zip(starts[1:], ends[:-1], strict=False)):
                    continue  # overlapping swaps
                out, last = [], 0
                for i, old, new in combo:
                    out.append(w[last:i] + new)
                    last = i + len(old)
                cand = "".join(out) + w[last:]
                c = self.counts.get(cand, 0)
                if c and (best is None or c > best[0]):
                    best = (c, cand)
            if best:
                return best[1]
        return None


def _map_words(tokens: list[str], table: dict[str, str], only: frozenset[str] | None) -> list[str]:
    """Replace words (and two-word phrases) found in ``table``; ``only`` limits the words."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if _WORD.match(tok):
            # two-word phrase: word, space, word
            if i + 2 < len(tokens) and tokens[i + 1].isspace() and _WORD.match(tokens[i + 2]):
                pair = f"{tok.lower()} {tokens[i + 2].lower()}"
                if pair in table and (only is None or pair.split()[0] in only):
                    out.append(_case_like(tok, table[pair]))
                    i += 3
                    continue
            low = tok.lower()
            if low in table and (only is None or low in only):
                out.append(_case_like(tok, table[low]))
                i += 1
                continue
        out.append(tok)
        i += 1
    return out


def _case_like(original: str, new: str) -> str:
    return new[:1].upper() + new[1:] if original[:1].isupper() and new else new


def _translate_english(text: str) -> str:
    low = " " + " ".join(text.split()) + " "
    for phrase in sorted(en.PHRASES, key=len, reverse=True):
        pat = re.compile(rf"(?<=[\s(\"«]){re.escape(phrase)}(?=[\s?.,!:;)\"»])", re.I)
        low = pat.sub(en.PHRASES[phrase], low)
    tokens = _TOKEN.findall(low)
    out = []
    for tok in tokens:
        key = tok.lower()
        if _WORD.match(tok) and key in en.WORDS:
            out.append(en.WORDS[key])
        else:
            out.append(tok)
    text = "".join(out)
    return " ".join(re.sub(r"\s+([?.,!:;])", r"\1", text).split())


# nynorsk words that are also bokmål or English words: mapped only in nynorsk questions
_NN_AMBIGUOUS = frozenset(
    {"me", "no", "dei", "ein", "eg", "han", "ho", "då", "kor", "vart", "mange"}
)


class Normaliser:
    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab

    def __call__(self, question: str) -> Normalised:
        q = " ".join(question.split())
        lang = detect(q)
        text = _LEAD_IN.sub("", q) or q  # "ok, og hvor sender vi den inn?" asks "og hvor …"
        if lang == "en":
            text = _translate_english(text)
        tokens = _TOKEN.findall(text)
        only = None if lang == "nn" else nn.MARKERS - _NN_AMBIGUOUS
        tokens = _map_words(tokens, nn.WORDS, only)
        corrections: list[tuple[str, str]] = []
        tokens = self._join_split_words(tokens, corrections)
        fixed = []
        ascii_only = lang != "en" and not re.search(r"[æøåÆØÅ]", text)
        for tok in tokens:
            short = _ASCII_SHORT.get(tok.lower()) if ascii_only else None
            if short:
                corrections.append((tok, short))
                fixed.append(_case_like(tok, short))
                continue
            fixed.append(self._fix(tok, corrections, lang))
        out = "".join(fixed)
        return Normalised(q, " ".join(out.split()), lang, corrections)

    def _join_split_words(self, tokens: list[str], corrections: list[tuple[str, str]]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if (
                i + 2 < len(tokens)
                and _WORD.match(tok)
                and tokens[i + 1] == " "
                and _WORD.match(tokens[i + 2])
                and len(tok) >= 3
                and len(tokens[i + 2]) >= 3
                and tok.lower() not in STOPWORDS
                and tokens[i + 2].lower() not in STOPWORDS
            ):
                joined = tok + tokens[i + 2].lower()
                restored = (
                    joined if self.vocab.known(joined) else self.vocab.restore_letters(joined)
                )
                if restored and restored.lower() in self.vocab.counts:
                    corrections.append((f"{tok} {tokens[i + 2]}", restored))
                    out.append(restored)
                    i += 3
                    continue
            out.append(tok)
            i += 1
        return out

    def _fix(self, tok: str, corrections: list[tuple[str, str]], lang: Lang) -> str:
        if not _WORD.match(tok) or len(tok) < 3:
            return tok
        if "-" in tok.strip("-") and tok.lower() not in self.vocab.counts:
            # "bylaboratorie-greiene": each side on its own
            return "-".join(self._fix(p, corrections, lang) if p else p for p in tok.split("-"))
        low = tok.lower()
        if low in STOPWORDS or low in _KEEP or low in self.vocab.counts:
            return tok
        if self.vocab.known(low):
            return tok  # an inflection of a corpus word
        candidates: list[str | None] = [self.vocab.restore_letters(low)]
        candidates += [low[: -len(a)] + b for a, b in nn.SUFFIXES if low.endswith(a)]
        for cand in candidates:
            if cand and cand in self.vocab.counts:
                corrections.append((tok, cand))
                return _case_like(tok, cand)
        if lang == "en":
            return tok  # English words left over are not misspelt Norwegian ones
        near = self.vocab.nearest(low, max_distance=1)
        if near is None and not self.vocab.compound_of_known(low):
            near = self.vocab.nearest(low)
        if near:
            corrections.append((tok, near))
            return _case_like(tok, near)
        return tok
