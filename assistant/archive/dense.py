"""Exact dense search under a filter: the collection's vectors as one numpy matrix.

Chroma's filtered query scans metadata and costs 100–400 ms at 100 000 projects; its
unfiltered HNSW query stays fast. For filtered queries we score every project with one
matrix product and drop the ones outside the filter with the same boolean mask the BM25
query uses, so both retrievers rank exactly the matching projects (filters in the query,
not after it). Rows follow the BM25 index's ids. When the collection's generation moves
on, the matrix is brought up to date like the BM25 index (``assistant.store.sync``): rows of
records written since the matrix's generation (``VectorStore.ids_since``) and of new ids are
fetched, the others are kept; past ``REBUILD_FRACTION`` of the rows (or without a matrix)
every row is fetched. The matrix is saved beside the BM25 index by a full build only (about
100 MB at 100 000 projects); a process that loads an older saved matrix catches up the same
way.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np

from assistant.store.base import VectorStore
from assistant.store.lexical import REBUILD_FRACTION

log = logging.getLogger(__name__)


class DenseMatrix:
    def __init__(self, ids: list[str], matrix: np.ndarray, generation: int) -> None:
        self.ids = ids
        self.matrix = matrix
        self.generation = generation

    def search(
        self, vector: np.ndarray, k: int, mask: np.ndarray | None
    ) -> list[tuple[str, float]]:
        if not self.ids:
            return []
        scores = self.matrix @ np.asarray(vector, dtype=np.float32)
        if mask is not None:
            scores = np.where(mask, scores, -np.inf)
        k = min(k, int(np.isfinite(scores).sum()))
        if k <= 0:
            return []
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(self.ids[i], float(scores[i])) for i in top]


def _files(directory: Path) -> tuple[Path, Path]:
    return directory / "projects-vectors.npy", directory / "projects-vectors.json"


def load_or_build(
    store: VectorStore,
    ids: list[str],
    generation: int,
    directory: Path,
    current: DenseMatrix | None = None,
) -> DenseMatrix:
    """The matrix for ``ids`` at ``generation``: ``current`` (else the saved one) brought up
    to date when only some rows changed, else built from the store and saved."""
    base = current if current is not None else _load(directory)
    if base is not None and base.generation == generation and base.ids == ids:
        return base
    if base is not None and base.ids and base.generation <= generation:
        got = _update(store, base, ids, generation)
        if got is not None:
            return got
    log.info("building dense matrix for %d projects (generation %s)", len(ids), generation)
    rows = store.vectors(ids)
    dim = len(next(iter(rows.values()))) if rows else 0
    matrix = np.zeros((len(ids), dim), dtype=np.float32)
    for n, pid in enumerate(ids):
        if pid in rows:
            matrix[n] = rows[pid]
    npy, meta = _files(directory)
    directory.mkdir(parents=True, exist_ok=True)
    np.save(npy, matrix)
    meta.write_text(json.dumps({"generation": generation, "ids": ids}), encoding="utf-8")
    return DenseMatrix(ids, matrix, generation)


def _load(directory: Path) -> DenseMatrix | None:
    npy, meta = _files(directory)
    try:
        state = json.loads(meta.read_text(encoding="utf-8"))
        matrix = np.load(npy)
    except (OSError, ValueError):
        return None
    ids = list(state.get("ids") or [])
    if len(ids) != len(matrix):
        return None
    return DenseMatrix(ids, matrix, int(state.get("generation", -1)))


def _update(
    store: VectorStore, base: DenseMatrix, ids: list[str], generation: int
) -> DenseMatrix | None:
    """``base`` with the rows written since its generation fetched anew (None: too many)."""
    changed = set(store.ids_since(base.generation))
    pos = {pid: n for n, pid in enumerate(base.ids)}
    fetch = [pid for pid in ids if pid in changed or pid not in pos]
    if len(fetch) > REBUILD_FRACTION * len(ids):
        return None
    rows = store.vectors(fetch)
    matrix = np.zeros((len(ids), base.matrix.shape[1]), dtype=np.float32)
    keep = [(n, pos[pid]) for n, pid in enumerate(ids) if pid in pos and pid not in changed]
    if keep:
        dst, src = np.array(keep, dtype=np.int64).T
        matrix[dst] = base.matrix[src]
    at = {pid: n for n, pid in enumerate(ids)}
    for pid, vec in rows.items():
        if pid in at and len(vec) == matrix.shape[1]:
            matrix[at[pid]] = vec
        elif pid in at:
            return None  # another embedder's vectors: build anew
    log.info(
        "dense matrix: %d of %d rows fetched (generation %s)", len(fetch), len(ids), generation
    )
    return DenseMatrix(ids, matrix, generation)
