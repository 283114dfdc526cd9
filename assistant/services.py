"""Wiring: the backends plus what ties ingest and the capabilities together.

CLI and API both hold one ``Services``; nothing in here imports click or FastAPI.
``Services`` is a ``Backends`` (embedder, stores, BM25, searcher: ``assistant/store/
backends.py``), so everything that takes the backends takes it too. What ingest and the
capabilities must not know of each other is tied here: the answerer's sentence vectors are
warmed by a hook of the ``Ingestor`` (when ``SKJONN_SENTENCE_VECTORS=warm``), and the pre-check finds similar past projects through
``Services.similar_to_draft`` (the archive).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.store.backends import Backends

if TYPE_CHECKING:
    from assistant.archive.models import SimilarProject
    from ingest.pipeline import Ingestor

__all__ = ["Services"]


class Services(Backends):
    def ingestor(self, progress: bool = True) -> Ingestor:
        """An ingest run over these backends; with ``sentence_vectors="warm"`` it also
        embeds the answerer's sentence vectors (lazy and off leave them to the answerer)."""
        from assistant.answer.unitvecs import UnitVectors
        from ingest.pipeline import AfterWrite, Ingestor

        def warm_sentences(chunk_texts: list[str], progress: bool) -> int:
            # sentence vectors for the extractive answerer, cached like chunk vectors
            return UnitVectors(self).warm(chunk_texts, progress=progress)

        hooks: list[AfterWrite] = []
        if self.settings.sentence_vectors == "warm":
            hooks.append(warm_sentences)
        return Ingestor(self, progress=progress, after_write=hooks)

    def similar_to_draft(self, draft: dict[str, Any], k: int = 5) -> list[SimilarProject]:
        """Past projects like a pre-check draft, from the archive (for ``run_precheck``)."""
        from assistant.archive import similar_to_draft

        return similar_to_draft(self, draft, k=k)
