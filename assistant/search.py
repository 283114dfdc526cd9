"""Hybrid retrieval: BM25 over stems and dense e5 vectors, fused by reciprocal rank."""

from __future__ import annotations

import hashlib
import logging
import time
from typing import Literal

import numpy as np

from assistant.embeddings import Embedder
from assistant.models import Hit
from assistant.store.base import VectorStore
from assistant.store.filters import Filter
from assistant.store.lexical import LexicalIndex

log = logging.getLogger(__name__)

Mode = Literal["hybrid", "bm25", "dense"]
MAX_ROWS_PER_TABLE = 2  # table rows of one table in one result list


def build_filters(year: int | None, kind: str | None, region: str | None) -> Filter:
    """The corpus filter of a search (CLI and API): a grant year (and text valid for every
    year), a kind of document, a region."""
    f = Filter()
    if year:
        f = f.one_of("year", [year, 0])  # 0 = valid for every year
    if kind:
        f = f.eq("kind", kind)
    if region:
        f = f.eq("region", region)
    return f


def rrf(
    rankings: dict[str, list[str]], weights: dict[str, float], k: int
) -> list[tuple[str, float, dict[str, int]]]:
    """Reciprocal-rank fusion: sum of weight / (k + rank) over the rankings."""
    scores: dict[str, float] = {}
    ranks: dict[str, dict[str, int]] = {}
    for name, ids in rankings.items():
        w = weights.get(name, 1.0)
        for r, doc_id in enumerate(ids, start=1):
            scores[doc_id] = scores.get(doc_id, 0.0) + w / (k + r)
            ranks.setdefault(doc_id, {})[name] = r
    fused = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(i, s, ranks[i]) for i, s in fused]


class HybridSearcher:
    def __init__(
        self,
        embedder: Embedder,
        store: VectorStore,
        lexical: LexicalIndex,
        rrf_k: int = 60,
        weight_bm25: float = 1.0,
        weight_dense: float = 1.0,
        candidates: int = 40,
    ) -> None:
        self.embedder = embedder
        self.store = store
        self.lexical = lexical
        self.rrf_k = rrf_k
        self.weights = {"bm25": weight_bm25, "dense": weight_dense}
        self.candidates = candidates

    def search(
        self,
        query: str,
        k: int = 5,
        filters: Filter | None = None,
        mode: Mode = "hybrid",
        query_vector: np.ndarray | None = None,
    ) -> list[Hit]:
        t0 = time.perf_counter()
        n = max(self.candidates, k)
        rankings: dict[str, list[str]] = {}
        raw: dict[str, dict[str, float]] = {}
        if mode in ("hybrid", "bm25"):
            lex = self.lexical.search(query, n, filters=filters)
            rankings["bm25"] = [i for i, _ in lex]
            raw["bm25"] = dict(lex)
        if mode in ("hybrid", "dense"):
            vec = query_vector if query_vector is not None else self.embedder.embed_query(query)
            dense = self.store.query(vec, n, where=filters)
            rankings["dense"] = [i for i, _ in dense]
            raw["dense"] = dict(dense)
        fused = rrf(rankings, self.weights, self.rrf_k)
        hits: list[Hit] = []
        seen_text: set[str] = set()
        per_table: dict[tuple[str, str], int] = {}
        missing = [i for i, _, _ in fused[: k * 3] if self.lexical.doc(i) is None]
        fetched = self.store.get(missing) if missing else {}
        for doc_id, score, ranks in fused:
            doc = self.lexical.doc(doc_id) or fetched.get(doc_id)
            if doc is None:
                continue
            text, meta = doc
            key = hashlib.sha1(" ".join(text.split()).lower().encode()).hexdigest()
            if key in seen_text:  # the same passage stored twice (copies of a document)
                continue
            seen_text.add(key)
            if meta.get("table_row"):  # rows of one table must not crowd out the rest
                table = (str(meta.get("source")), str(meta.get("section")))
                per_table[table] = per_table.get(table, 0) + 1
                if per_table[table] > MAX_ROWS_PER_TABLE:
                    continue
            hit = Hit(doc_id, text, meta, score, ranks)
            hit.meta = dict(meta)
            hit.meta["_dense"] = raw.get("dense", {}).get(doc_id)
            hit.meta["_bm25"] = raw.get("bm25", {}).get(doc_id)
            hits.append(hit)
            if len(hits) >= k:
                break
        log.info(
            "search mode=%s k=%d hits=%d ms=%.1f",
            mode,
            k,
            len(hits),
            1000 * (time.perf_counter() - t0),
        )
        return hits
