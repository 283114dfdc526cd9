"""Passage vectors for sentence units, cached in the same store as chunk vectors.

``SKJONN_SENTENCE_VECTORS`` says when they are paid for: ``warm`` embeds every unit of every
chunk at ingest (``warm``, a hook the wiring gives the ``Ingestor``); ``lazy`` embeds the units
of the chunks a question retrieved on first use and caches them, so each unit is embedded
once; ``off`` embeds none and gives each unit its chunk's vector (the one ingest cached).
"""

from __future__ import annotations

import sys
import threading
from typing import Any

import numpy as np
from tqdm import tqdm

from assistant.answer.sentences import Unit, split_units
from assistant.models import Hit
from assistant.settings import SentenceVectors
from assistant.store.backends import index_text
from assistant.store.vcache import VectorCache, text_hash


class UnitVectors:
    def __init__(self, services: Any) -> None:
        self.embedder = services.embedder
        self._cache = VectorCache(services.settings, self.embedder.id)
        self._mem: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def get(self, texts: list[str]) -> np.ndarray:
        hashes = [text_hash(t) for t in texts]
        with self._lock:
            need = [h for h in hashes if h not in self._mem]
            if need:
                self._mem.update(self._cache.get_many(sorted(set(need))))
            missing = [i for i, h in enumerate(hashes) if h not in self._mem]
            if missing:
                vecs = self.embedder.embed_passages([texts[i] for i in missing])
                new = {hashes[i]: v for i, v in zip(missing, vecs, strict=True)}
                self._cache.put_many(new)
                self._mem.update(new)
            if not texts:
                return np.zeros((0, self.embedder.dim), dtype=np.float32)
            return np.stack([self._mem[h] for h in hashes])

    def similarities(
        self, units: list[Unit], hits: list[Hit], qvec: np.ndarray, mode: SentenceVectors
    ) -> np.ndarray:
        """The cosine of each unit with the question vector: the unit's own vector (warm,
        lazy: embedded now when not cached), or with ``off`` its chunk's, as ingest embedded
        it (title and section included), so every unit of a chunk gets the chunk's score."""
        if mode == "off":
            chunk = self.get([index_text(h.text, h.meta) for h in hits]) @ qvec
            return np.array([chunk[u.chunk_index] for u in units], dtype=np.float32)
        return self.get([u.text for u in units]) @ qvec

    def warm(self, chunk_texts: list[str], progress: bool = True, batch: int = 32) -> int:
        """Embed every unit of the given chunks that is not cached yet; returns the count."""
        units = sorted({u for t in chunk_texts for u in split_units(t)})
        hashes = {text_hash(u): u for u in units}
        have = self._cache.get_many(sorted(hashes))
        todo = [u for h, u in hashes.items() if h not in have]
        bar = tqdm(
            total=len(todo),
            desc="Setninger",
            unit="setn.",
            file=sys.stderr,
            disable=not progress or not todo,
        )
        for i in range(0, len(todo), batch):
            self.get(todo[i : i + batch])
            bar.update(len(todo[i : i + batch]))
        bar.close()
        return len(todo)
