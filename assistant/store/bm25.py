"""BM25 over term counts, with the collection statistics applied at query time.

The variant and parameters are those bm25s used before (Lucene's: k1 = 1.5, b = 0.75,
idf = ln(1 + (N - df + 0.5) / (df + 0.5)), term part tf / (tf + k1 (1 - b + b dl / avgdl)),
each query token counted as often as it occurs in the query). bm25s bakes idf and the
average length into every stored score, so one new document would change all of them; here
a segment stores only term counts and document lengths, and N, df and avgdl come from the
live documents when a query is scored. Adding or removing documents therefore leaves the
stored segments as they are, and the scores equal those of a build from scratch.

``Bm25`` holds two segments: the base (a full build; removed documents are masked out, not
deleted) and the delta (the documents added since, rebuilt from their counts when it
changes). A document without tokens counts as the one token ``_`` (as before).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

K1 = 1.5
B = 0.75
EMPTY = "_"  # the token of a document that has none


@dataclass(frozen=True)
class Segment:
    """Term counts of some documents, by term (CSC: column ``t`` holds the rows
    ``rows[indptr[t]:indptr[t + 1]]`` with counts ``tf``), and each document's length."""

    indptr: np.ndarray
    rows: np.ndarray
    tf: np.ndarray
    lengths: np.ndarray

    @property
    def n_docs(self) -> int:
        return len(self.lengths)

    @classmethod
    def empty(cls) -> Segment:
        z = np.zeros(0, dtype=np.int32)
        return cls(np.zeros(1, dtype=np.int64), z, z.astype(np.float32), z)

    @classmethod
    def from_counts(cls, docs: Sequence[Mapping[int, int]], n_terms: int) -> Segment:
        """A segment of ``docs`` (term id → count each) over ``n_terms`` term ids."""
        sizes = np.fromiter((len(d) for d in docs), dtype=np.int64, count=len(docs))
        total = int(sizes.sum())
        cols = np.empty(total, dtype=np.int32)
        tf = np.empty(total, dtype=np.float32)
        lengths = np.empty(len(docs), dtype=np.int32)
        at = 0
        for n, d in enumerate(docs):
            k = len(d)
            cols[at : at + k] = np.fromiter(d.keys(), dtype=np.int32, count=k)
            tf[at : at + k] = np.fromiter(d.values(), dtype=np.float32, count=k)
            lengths[n] = sum(d.values())
            at += k
        rows = np.repeat(np.arange(len(docs), dtype=np.int32), sizes)
        order = np.argsort(cols, kind="stable")  # by term, rows ascending within a term
        indptr = np.zeros(n_terms + 1, dtype=np.int64)
        np.cumsum(np.bincount(cols, minlength=n_terms), out=indptr[1:])
        return cls(indptr, rows[order], tf[order], lengths)

    def postings(self, term: int) -> tuple[np.ndarray, np.ndarray]:
        """The rows holding ``term`` and its count in each."""
        if term >= len(self.indptr) - 1:
            return self.rows[:0], self.tf[:0]
        s, e = int(self.indptr[term]), int(self.indptr[term + 1])
        return self.rows[s:e], self.tf[s:e]


def term_part(tf: np.ndarray, lengths: np.ndarray, avgdl: float) -> np.ndarray:
    tf64 = tf.astype(np.float64)
    return tf64 / (tf64 + K1 * ((1 - B) + B * lengths / avgdl))


def idf(df: int, n_docs: int) -> float:
    return math.log(1 + (n_docs - df + 0.5) / (df + 0.5))


class Bm25:
    """The base segment with a mask of its live rows, and the delta segment."""

    def __init__(self, base: Segment, alive: np.ndarray, delta: Segment) -> None:
        self.base, self.alive, self.delta = base, alive, delta
        self.n_docs = int(alive.sum()) + delta.n_docs
        total = int(base.lengths[alive].sum()) + int(delta.lengths.sum())
        self.avgdl = total / self.n_docs if self.n_docs else 1.0

    def scores(self, query: Mapping[int, int]) -> tuple[np.ndarray, np.ndarray]:
        """Scores of every base row (removed rows included: callers drop them) and of every
        delta row, for ``query`` (term id → times it occurs in the query)."""
        base = np.zeros(self.base.n_docs, dtype=np.float64)
        delta = np.zeros(self.delta.n_docs, dtype=np.float64)
        for term, times in query.items():
            b_rows, b_tf = self.base.postings(term)
            d_rows, d_tf = self.delta.postings(term)
            df = int(np.count_nonzero(self.alive[b_rows])) + len(d_rows)
            if df == 0:
                continue
            w = times * idf(df, self.n_docs)
            base[b_rows] += w * term_part(b_tf, self.base.lengths[b_rows], self.avgdl)
            delta[d_rows] += w * term_part(d_tf, self.delta.lengths[d_rows], self.avgdl)
        return base, delta
