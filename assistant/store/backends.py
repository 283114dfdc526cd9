"""The bottom of the wiring: embedder, Chroma client and stores, BM25 indexes, the searcher.

Built from settings, once, lazily. ``Backends`` knows nothing of ingest or of the
capabilities (answers, pre-check, archive): those take a ``Backends``, and the wiring on top
(``assistant.services.Services``, a ``Backends`` itself) ties them together.

The embedded store is watched: when its database file is gone (the Chroma folder was
deleted) every use raises ``StoreUnavailableError``; when another process has rebuilt it
(``skjonn ingest`` after the loss) the client is opened anew, so a running server
recovers by itself.
"""

from __future__ import annotations

import logging
import threading
from functools import cached_property
from typing import Any

from assistant.embeddings import Embedder, make_embedder
from assistant.errors import NotIngestedError, StoreUnavailableError
from assistant.search import HybridSearcher
from assistant.settings import Settings
from assistant.store.base import VectorStore
from assistant.store.chroma import (
    ChromaStore,
    close_client,
    make_client,
    store_file,
    store_location,
)
from assistant.store.faults import file_identity
from assistant.store.lexical import LexicalIndex
from assistant.store.lexical_files import saved_generation
from assistant.store.sync import index_text, rebuild_lexical, update_lexical

log = logging.getLogger(__name__)


class Backends:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._lexical: dict[str, LexicalIndex] = {}
        self._client: Any = None
        self._client_file: tuple[int, int] | None = None
        self._stores: dict[str, ChromaStore] = {}
        log.info(
            "skjonn: embedder=%s store=%s llm=%s data=%s",
            settings.embedder,
            store_location(settings),
            settings.llm,
            settings.data_dir,
        )

    @cached_property
    def embedder(self) -> Embedder:
        return make_embedder(self.settings)

    @property
    def chroma_client(self) -> Any:
        with self._lock:
            if self._client is not None and not self.settings.chroma_url:
                self._check_store_file()
            if self._client is None:
                self._client = make_client(self.settings)
                self._client_file = file_identity(store_file(self.settings))
            return self._client

    def _check_store_file(self) -> None:
        now = file_identity(store_file(self.settings))
        if now == self._client_file:
            return
        if self._client_file is None:  # created after the client was
            self._client_file = now
            return
        if now is None:
            raise StoreUnavailableError(
                f"Vektorlageret finnes ikke lenger i {self.settings.data_dir / 'chroma'}. "
                "Kjør `skjonn ingest` for å bygge det opp igjen."
            )
        log.warning("the vector store was rebuilt by another process: opening it anew")
        close_client(self._client)
        self._client, self._client_file = None, None
        self._stores.clear()

    def _reopen(self, failed: Any) -> Any:
        """A fresh client in place of ``failed`` (once, whichever store noticed first)."""
        with self._lock:
            if self._client is failed:
                if not self.settings.chroma_url:
                    close_client(failed)
                self._client, self._client_file = None, None
                self._stores.clear()
            return self.chroma_client

    def collection(self, name: str) -> VectorStore:
        """The store of collection ``name`` (one object per collection and client)."""
        client = self.chroma_client
        with self._lock:
            st = self._stores.get(name)
            if st is None or st.client is not client:
                st = ChromaStore(client, name, self.embedder.id, reopen=self._reopen)
                self._stores[name] = st
            return st

    @property
    def store(self) -> VectorStore:
        return self.collection(self.settings.collection)

    def lexical_for(self, store: VectorStore) -> LexicalIndex:
        """The BM25 index of ``store``, brought up to date when the store has moved on: by
        the records changed since, else in full (``assistant.store.sync``)."""
        with self._lock:
            directory = self.settings.data_dir / "bm25" / store.name
            idx = self._lexical.get(store.name)
            gen = store.generation
            if idx is not None and idx.generation == gen:
                return idx
            if idx is None:
                idx = LexicalIndex.load(directory)
            if idx.generation != gen:
                newer = update_lexical(store, idx, gen)
                if newer is None:
                    log.info("rebuilding BM25 for %s (generation %s)", store.name, gen)
                    idx = rebuild_lexical(store, directory, gen)
                else:
                    idx = newer
                    if saved_generation(directory) != gen:
                        idx.save()
            self._lexical[store.name] = idx
            return idx

    @property
    def lexical(self) -> LexicalIndex:
        return self.lexical_for(self.store)

    def searcher(self, require_content: bool = True) -> HybridSearcher:
        lex = self.lexical
        if require_content and len(lex) == 0:
            raise NotIngestedError()
        s = self.settings
        return HybridSearcher(
            self.embedder, self.store, lex, s.rrf_k, s.weight_bm25, s.weight_dense, s.candidates
        )


__all__ = ["Backends", "index_text", "rebuild_lexical"]
