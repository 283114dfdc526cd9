"""BM25 (bm25s) over Norwegian stems, persisted beside the vector store.

The index is rebuilt from the store's contents, so the two always agree; it remembers
the store generation it was built from and is rebuilt when the store has moved on.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import bm25s
import numpy as np

from assistant.store.analyzer import ANALYZER_VERSION, Analyzer, stem_tokens
from assistant.store.filters import Filter, MetaColumns

log = logging.getLogger(__name__)
logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets itself to DEBUG on import


class LexicalIndex:
    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self.ids: list[str] = []
        self.texts: list[str] = []
        self.metas: list[dict[str, Any]] = []
        self.generation = -1
        self.analyzer = Analyzer()
        self._bm25: bm25s.BM25 | None = None
        self._pos: dict[str, int] = {}
        self.columns = MetaColumns(self.metas)

    # ---------------------------------------------------------------- build / persist
    def build(
        self,
        ids: list[str],
        texts: list[str],
        metas: list[dict[str, Any]],
        generation: int,
        index_texts: list[str] | None = None,
    ) -> None:
        index_texts = index_texts or texts
        counts: Counter[str] = Counter()
        for t in index_texts:
            counts.update(set(stem_tokens(t)))
        # compound parts must be real words of the corpus, not noise
        vocab = {s for s, n in counts.items() if len(s) >= 3 and not s.isdigit()}
        self.analyzer = Analyzer(vocab)
        self.ids, self.texts, self.metas = list(ids), list(texts), list(metas)
        self.generation = generation
        self._reindex([self.analyzer(t) for t in index_texts])

    def _reindex(self, corpus_tokens: list[list[str]]) -> None:
        self._pos = {i: n for n, i in enumerate(self.ids)}
        self.columns = MetaColumns(self.metas)
        if not self.ids:
            self._bm25 = None
            return
        bm = bm25s.BM25()
        bm.index([toks or ["_"] for toks in corpus_tokens], show_progress=False)
        self._bm25 = bm

    def save(self) -> None:
        tmp = self.dir.with_name(self.dir.name + ".tmp")
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir(parents=True)
        if self._bm25 is not None:
            self._bm25.save(str(tmp / "bm25"), show_progress=False)
        with (tmp / "docs.jsonl").open("w", encoding="utf-8") as f:
            for i, t, m in zip(self.ids, self.texts, self.metas, strict=True):
                f.write(json.dumps({"id": i, "text": t, "meta": m}, ensure_ascii=False) + "\n")
        state = {
            "generation": self.generation,
            "analyzer": ANALYZER_VERSION,
            "vocab": sorted(self.analyzer.vocab),
        }
        (tmp / "state.json").write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
        # swap atomically enough: a crash leaves either the old or the new directory
        old = self.dir.with_name(self.dir.name + ".old")
        if old.exists():
            shutil.rmtree(old)
        if self.dir.exists():
            self.dir.rename(old)
        tmp.rename(self.dir)
        if old.exists():
            shutil.rmtree(old)

    @classmethod
    def load(cls, directory: Path) -> LexicalIndex:
        idx = cls(directory)
        state_file = directory / "state.json"
        if not state_file.exists():
            return idx
        state = json.loads(state_file.read_text(encoding="utf-8"))
        if state.get("analyzer") != ANALYZER_VERSION:
            return idx  # built with other analysis: the caller rebuilds it from the store
        idx.generation = int(state["generation"])
        idx.analyzer = Analyzer(state.get("vocab", []))
        with (directory / "docs.jsonl").open(encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                idx.ids.append(d["id"])
                idx.texts.append(d["text"])
                idx.metas.append(d["meta"])
        idx._pos = {i: n for n, i in enumerate(idx.ids)}
        idx.columns = MetaColumns(idx.metas)
        if (directory / "bm25").exists() and idx.ids:
            idx._bm25 = bm25s.BM25.load(str(directory / "bm25"), show_progress=False)
        return idx

    # ---------------------------------------------------------------- query
    def __len__(self) -> int:
        return len(self.ids)

    def doc(self, doc_id: str) -> tuple[str, dict[str, Any]] | None:
        n = self._pos.get(doc_id)
        return None if n is None else (self.texts[n], self.metas[n])

    def scores(self, query: str) -> np.ndarray:
        if self._bm25 is None:
            return np.zeros(0, dtype=np.float32)
        vocab = self._bm25.vocab_dict
        toks = [t for t in self.analyzer(query) if t in vocab]
        if not toks:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(self._bm25.get_scores(toks), dtype=np.float32)

    def search(
        self, query: str, k: int, filters: Filter | None = None, mask: np.ndarray | None = None
    ) -> list[tuple[str, float]]:
        s = self.scores(query)
        if s.size == 0:
            return []
        fmask = self.columns.mask(filters)
        if fmask is not None:
            mask = fmask if mask is None else (mask & fmask)
        if mask is not None:
            s = np.where(mask, s, 0.0)
        k = min(k, int((s > 0).sum()))
        if k <= 0:
            return []
        top = np.argpartition(-s, k - 1)[:k]
        top = top[np.argsort(-s[top], kind="stable")]
        return [(self.ids[i], float(s[i])) for i in top]
