"""The BM25 index of one collection (``assistant.store.bm25``), over Norwegian stems.

The index mirrors the store's contents; it remembers the store generation it was brought up
to date at and is refreshed when the store has moved on (``assistant.store.sync``): in full
by ``build``, or by ``updated``, which drops removed documents and adds new or changed ones
without touching the rest. Scores after ``updated`` equal those of a full build of the same
documents with the same analyzer.

Bound on increments: ``updated`` keeps the analyzer's vocabulary (the stems that compound
words are split into, ``Analyzer(vocab)``) as the last full build made it, so a compound
whose parts only occur in documents added since is not split until the next full build.
A full build happens when

- the documents touched since the last full build (added, changed or removed) would exceed
  ``REBUILD_FRACTION`` (20 %) of the documents that build indexed (``needs_rebuild``),
- the index is empty or was saved by another analyzer (``ANALYZER_VERSION``) or format,
- the store cannot be matched against the index (see ``assistant.store.sync``).

Persistence (``save``/``load``, in the data dir, swapped in atomically as a whole
directory): the base files of a full build (``base.*``) are written once and hard-linked
into each later directory; an increment writes ``delta.json`` (the documents added since the
full build with their term counts, and the removed ids) and ``state.json``. Saving an
increment costs the size of what changed since the full build, not of the index.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import shutil
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.store.analyzer import ANALYZER_VERSION, Analyzer, stem_tokens
from assistant.store.bm25 import EMPTY, Bm25, Segment
from assistant.store.filters import Filter, MetaColumns
from assistant.store.lexical_files import link_base

log = logging.getLogger(__name__)

FORMAT = 2  # of the saved files; another format is rebuilt (1 was bm25s's)
REBUILD_FRACTION = 0.2


@dataclass(frozen=True)
class Added:
    """A document added since the full build: its text, metadata and term counts."""

    text: str
    meta: dict[str, Any]
    counts: dict[str, int]


class LexicalIndex:
    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self.generation = -1
        self.analyzer = Analyzer()
        # the full build: every document it indexed, in order; removed ones are masked
        self._base_id = ""
        self._base_ids: list[str] = []
        self._base_texts: list[str] = []
        self._base_metas: list[dict[str, Any]] = []
        self._base_pos: dict[str, int] = {}
        self._base_terms: list[str] = []
        self._base = Segment.empty()
        self._alive = np.zeros(0, dtype=bool)
        self._added: dict[str, Added] = {}  # since the full build, in the order added
        self._terms: dict[str, int] = {}
        self._bm25: Bm25 | None = None
        # the live documents: base rows still alive, then the added ones
        self.ids: list[str] = []
        self.texts: list[str] = []
        self.metas: list[dict[str, Any]] = []
        self._keep = np.zeros(0, dtype=np.int64)
        self._pos: dict[str, int] = {}
        self.columns = MetaColumns(self.metas)

    # ---------------------------------------------------------------- build / update
    def build(
        self,
        ids: list[str],
        texts: list[str],
        metas: list[dict[str, Any]],
        generation: int,
        index_texts: list[str] | None = None,
        vocab: Iterable[str] | None = None,
    ) -> None:
        """Index these documents from scratch (``vocab``: the analyzer's, else the corpus')."""
        index_texts = index_texts or texts
        if vocab is None:
            counts: Counter[str] = Counter()
            for t in index_texts:
                counts.update(set(stem_tokens(t)))
            # compound parts must be real words of the corpus, not noise
            vocab = {s for s, n in counts.items() if len(s) >= 3 and not s.isdigit()}
        self.analyzer = Analyzer(vocab)
        self._terms = {}
        rows = [self._ids_of(self._count(t)) for t in index_texts]
        self._base_terms = list(self._terms)
        self._base = Segment.from_counts(rows, len(self._terms))
        self._base_ids, self._base_texts, self._base_metas = list(ids), list(texts), list(metas)
        self._base_pos = {i: n for n, i in enumerate(self._base_ids)}
        self._alive = np.ones(len(ids), dtype=bool)
        self._added = {}
        self._base_id = uuid.uuid4().hex
        self.generation = generation
        self._refresh()

    def updated(
        self,
        removed: Iterable[str],
        added: Sequence[tuple[str, str, dict[str, Any], str]],
        generation: int,
    ) -> LexicalIndex:
        """A new index: this one without ``removed`` ids and with ``added`` (id, text, meta,
        index text) added or replaced. This one is left as it is (queries may be using it);
        the two share the base."""
        out = copy.copy(self)
        out._alive = self._alive.copy()
        out._added = dict(self._added)
        out._terms = dict(self._terms)
        for doc_id in [*removed, *(a[0] for a in added)]:
            if out._added.pop(doc_id, None) is None and doc_id in out._base_pos:
                out._alive[out._base_pos[doc_id]] = False
        for doc_id, text, meta, itext in added:
            out._added[doc_id] = Added(text, meta, out._count(itext))
        out.generation = generation
        out._refresh()
        return out

    def touched(self, more: Iterable[str] = ()) -> int:
        """Documents added, changed or removed since the full build (with ``more``)."""
        gone = {self._base_ids[int(n)] for n in np.flatnonzero(~self._alive)}
        return len(gone | self._added.keys() | set(more))

    def needs_rebuild(self, more: Iterable[str] = ()) -> bool:
        """True when updating ``more`` ids as well would pass the bound (module docstring)."""
        return self.touched(more) > REBUILD_FRACTION * len(self._base_ids)

    def _count(self, text: str) -> dict[str, int]:
        return dict(Counter(self.analyzer(text))) or {EMPTY: 1}

    def _ids_of(self, counts: dict[str, int]) -> dict[int, int]:
        terms = self._terms
        return {terms.setdefault(t, len(terms)): n for t, n in counts.items()}

    def _refresh(self) -> None:
        """The live views (ids, texts, metas, columns) and the delta segment, anew."""
        self._keep = np.flatnonzero(self._alive)
        base_ids, base_texts, base_metas = self._base_ids, self._base_texts, self._base_metas
        keep = self._keep.tolist()
        self.ids = [base_ids[n] for n in keep] + list(self._added)
        self.texts = [base_texts[n] for n in keep] + [a.text for a in self._added.values()]
        self.metas = [base_metas[n] for n in keep] + [a.meta for a in self._added.values()]
        self._pos = {i: n for n, i in enumerate(self.ids)}
        self.columns = MetaColumns(self.metas)
        delta_rows = [self._ids_of(a.counts) for a in self._added.values()]
        delta = Segment.from_counts(delta_rows, len(self._terms))
        self._bm25 = Bm25(self._base, self._alive, delta) if self.ids else None

    # ---------------------------------------------------------------- persist
    def save(self) -> None:
        tag = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        tmp = self.dir.with_name(f"{self.dir.name}.tmp-{tag}")
        tmp.mkdir(parents=True)
        if not link_base(self.dir, tmp, self._base_id):
            self._write_base(tmp)
        delta = {
            "removed": [self._base_ids[int(n)] for n in np.flatnonzero(~self._alive)],
            "docs": [
                {"id": i, "text": a.text, "meta": a.meta, "counts": a.counts}
                for i, a in self._added.items()
            ],
        }
        (tmp / "delta.json").write_text(json.dumps(delta, ensure_ascii=False), encoding="utf-8")
        state = {
            "format": FORMAT,
            "generation": self.generation,
            "analyzer": ANALYZER_VERSION,
            "base": self._base_id,
        }
        (tmp / "state.json").write_text(json.dumps(state), encoding="utf-8")
        # swap atomically enough: a crash leaves either the old or the new directory
        old = self.dir.with_name(f"{self.dir.name}.old-{tag}")
        if self.dir.exists():
            self.dir.rename(old)
        tmp.rename(self.dir)
        shutil.rmtree(old, ignore_errors=True)

    def _write_base(self, d: Path) -> None:
        head = {
            "id": self._base_id,
            "terms": self._base_terms,
            "vocab": sorted(self.analyzer.vocab),
        }
        (d / "base.json").write_text(json.dumps(head, ensure_ascii=False), encoding="utf-8")
        seg = self._base
        np.savez(d / "base.npz", indptr=seg.indptr, rows=seg.rows, tf=seg.tf, lengths=seg.lengths)
        with (d / "base.docs.jsonl").open("w", encoding="utf-8") as f:
            for i, t, m in zip(self._base_ids, self._base_texts, self._base_metas, strict=True):
                f.write(json.dumps({"id": i, "text": t, "meta": m}, ensure_ascii=False) + "\n")

    @classmethod
    def load(cls, directory: Path) -> LexicalIndex:
        """The saved index, or an empty one (generation -1: the caller builds it) when there
        is none, or it was saved by another analyzer or format, or cannot be read."""
        idx = cls(directory)
        try:
            state = json.loads((directory / "state.json").read_text(encoding="utf-8"))
            if state.get("analyzer") != ANALYZER_VERSION or state.get("format") != FORMAT:
                return idx
            idx._read(directory, state)
        except (OSError, ValueError, KeyError) as exc:
            if (directory / "state.json").exists():
                log.warning("BM25 index in %s unreadable (%s): it is rebuilt", directory, exc)
            return cls(directory)
        return idx

    def _read(self, d: Path, state: dict[str, Any]) -> None:
        head = json.loads((d / "base.json").read_text(encoding="utf-8"))
        if head["id"] != state["base"]:
            raise ValueError("the base files belong to another build")
        self._base_id = head["id"]
        self.analyzer = Analyzer(head["vocab"])
        self._base_terms = list(head["terms"])
        self._terms = {t: n for n, t in enumerate(self._base_terms)}
        with np.load(d / "base.npz") as z:
            self._base = Segment(z["indptr"], z["rows"], z["tf"], z["lengths"])
        with (d / "base.docs.jsonl").open(encoding="utf-8") as f:
            for line in f:
                doc = json.loads(line)
                self._base_ids.append(doc["id"])
                self._base_texts.append(doc["text"])
                self._base_metas.append(doc["meta"])
        if len(self._base_ids) != self._base.n_docs:
            raise ValueError("base documents and counts differ in number")
        self._base_pos = {i: n for n, i in enumerate(self._base_ids)}
        self._alive = np.ones(len(self._base_ids), dtype=bool)
        delta = json.loads((d / "delta.json").read_text(encoding="utf-8"))
        for doc_id in delta["removed"]:
            self._alive[self._base_pos[doc_id]] = False
        for doc in delta["docs"]:
            self._added[doc["id"]] = Added(doc["text"], doc["meta"], doc["counts"])
        self.generation = int(state["generation"])
        self._refresh()

    # ---------------------------------------------------------------- query
    def __len__(self) -> int:
        return len(self.ids)

    def has(self, doc_id: str) -> bool:
        return doc_id in self._pos

    def doc(self, doc_id: str) -> tuple[str, dict[str, Any]] | None:
        n = self._pos.get(doc_id)
        return None if n is None else (self.texts[n], self.metas[n])

    def scores(self, query: str) -> np.ndarray:
        """A score per live document (in the order of ``ids``)."""
        if self._bm25 is None:
            return np.zeros(0, dtype=np.float32)
        terms = Counter(self._terms[t] for t in self.analyzer(query) if t in self._terms)
        if not terms:
            return np.zeros(len(self.ids), dtype=np.float32)
        base, delta = self._bm25.scores(terms)
        return np.concatenate([base[self._keep], delta]).astype(np.float32)

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
