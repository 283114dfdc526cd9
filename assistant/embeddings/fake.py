"""Deterministic hashed bag-of-stems embedder. For unit tests only: fast, no model."""

from __future__ import annotations

import hashlib

import numpy as np

from assistant.embeddings import normalise


class FakeEmbedder:
    id = "fake-hash-256"
    dim = 256

    def _vec(self, text: str) -> np.ndarray:
        from assistant.store.analyzer import stem_tokens

        v = np.zeros(self.dim, dtype=np.float32)
        for tok in stem_tokens(text):
            h = int.from_bytes(hashlib.blake2b(tok.encode(), digest_size=4).digest(), "little")
            v[h % self.dim] += 1.0
        if not v.any():
            v[0] = 1.0
        return v

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return normalise(np.stack([self._vec(t) for t in texts]))

    def embed_query(self, text: str) -> np.ndarray:
        return normalise(self._vec(text)[None, :])[0]
