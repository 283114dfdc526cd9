"""What callers need of a vector store: one collection of vectors with text and metadata.

``ChromaStore`` (``assistant/store/chroma.py``) is the one implementation. Callers (search,
ingest, the archive, BM25 rebuilds) name ``VectorStore`` and filter with our ``Filter``;
only the implementation knows its backend's query syntax.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

from assistant.store.filters import Filter


class VectorStore(Protocol):
    name: str

    @property
    def generation(self) -> int:
        """A token that moves on with every change (BM25 indexes elsewhere notice by it)."""
        ...

    def bump_generation(self) -> int:
        """Move the generation on; writers do so before and after they write."""
        ...

    def reset(self) -> None:
        """Empty the collection."""
        ...

    def count(self) -> int: ...

    def upsert(
        self,
        ids: Sequence[str],
        vectors: np.ndarray,
        texts: Sequence[str],
        metadatas: Sequence[dict[str, Any]],
    ) -> None:
        """Write records; each remembers the generation it was written at (``ids_since``)."""
        ...

    def delete(self, ids: Sequence[str] | None = None, where: Filter | None = None) -> None:
        """Delete ``ids``, else what ``where`` matches (an empty filter deletes nothing)."""
        ...

    def ids(self, where: Filter | None = None) -> list[str]: ...

    def ids_since(self, generation: int) -> list[str]:
        """Ids written (by ``upsert``) at generation ``generation`` or later: what a reader
        that was up to date at that generation has not seen."""
        ...

    def get_all(self) -> tuple[list[str], list[str], list[dict[str, Any]]]:
        """Every id, text and metadata."""
        ...

    def metadatas(self) -> list[dict[str, Any]]: ...

    def get(self, ids: Sequence[str]) -> dict[str, tuple[str, dict[str, Any]]]: ...

    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]: ...

    def query(
        self, vector: np.ndarray, k: int, where: Filter | None = None
    ) -> list[tuple[str, float]]:
        """The ``k`` nearest ids with their cosine similarity, among what ``where`` matches."""
        ...
