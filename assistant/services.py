"""Wiring: the backends plus what ties ingest and the capabilities together.

CLI and API both hold one ``Services``; nothing in here imports click or FastAPI.
``Services`` is a ``Backends`` (embedder, stores, BM25, searcher: ``assistant/store/
backends.py``), so everything that takes the backends takes it too. What ingest must not
know (that the answerer wants its sentence vectors warm after a run that wrote chunks) is
registered here, as a hook of the ``Ingestor``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.store.backends import Backends

if TYPE_CHECKING:
    from ingest.pipeline import Ingestor

__all__ = ["Services"]


class Services(Backends):
    def ingestor(self, progress: bool = True) -> Ingestor:
        """An ingest run over these backends that warms the answerer's sentence vectors."""
        from assistant.answer.unitvecs import UnitVectors
        from ingest.pipeline import Ingestor

        def warm_sentences(chunk_texts: list[str], progress: bool) -> int:
            # sentence vectors for the extractive answerer, cached like chunk vectors
            return UnitVectors(self).warm(chunk_texts, progress=progress)

        return Ingestor(self, progress=progress, after_write=[warm_sentences])
