"""Chroma adapter: embedded PersistentClient by default, HttpClient when SKJONN_CHROMA_URL is set.

We always pass our own embeddings; the collection has no embedding function, so Chroma
never loads (or downloads) a default model. ``ChromaStore`` is our ``VectorStore``
(``assistant/store/base.py``); it alone translates our ``Filter`` to Chroma's ``where``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from assistant.errors import BackendError, ConfigError
from assistant.settings import Settings
from assistant.store.filters import Filter

log = logging.getLogger(__name__)

_BATCH = 2000
_ID_BATCH = 20_000  # ids alone: Chroma's offset paging costs per page, not per id
STAMP = "_gen"  # metadata: the collection generation a record was written at (see upsert)


def make_client(settings: Settings) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=True)
    if settings.chroma_url:
        u = urlparse(settings.chroma_url)
        try:
            return chromadb.HttpClient(
                host=u.hostname or "localhost",
                port=u.port or (443 if u.scheme == "https" else 8000),
                ssl=u.scheme == "https",
                settings=chroma_settings,
            )
        except Exception as exc:  # connection refused, wrong version, ...
            raise BackendError(
                f"Kan ikke nå Chroma-serveren på {settings.chroma_url}: {exc}"
            ) from exc
    path = settings.data_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    try:
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    except Exception:
        # chromadb caches the half-started system per path; drop it so the next try (the
        # fault may end: a database restored) starts from the files again
        from chromadb.api.shared_system_client import SharedSystemClient

        SharedSystemClient._identifier_to_system.pop(str(path), None)  # noqa: SLF001
        SharedSystemClient._identifier_to_refcount.pop(str(path), None)  # noqa: SLF001
        raise


def store_file(settings: Settings) -> Path:
    """The embedded store's database: gone or replaced means the store was lost."""
    return settings.data_dir / "chroma" / "chroma.sqlite3"


def close_client(client: Any) -> None:
    """Forget an embedded client so the next ``make_client`` opens the store anew.

    chromadb keeps one system per path for the whole process; a store deleted and rebuilt
    by another process is only seen through a new system.
    """
    try:
        from chromadb.api.shared_system_client import SharedSystemClient

        system = client._system  # noqa: SLF001 - chromadb has no public close
        for key, value in list(SharedSystemClient._identifier_to_system.items()):  # noqa: SLF001
            if value is system:
                del SharedSystemClient._identifier_to_system[key]  # noqa: SLF001
        system.stop()
    except Exception:  # noqa: BLE001 - a client that cannot be stopped is just dropped
        log.debug("could not stop the old Chroma client", exc_info=True)


def store_location(settings: Settings) -> str:
    return settings.chroma_url or str(settings.data_dir / "chroma")


def to_where(where: Filter | None) -> dict[str, Any] | None:
    """Our filter as Chroma's ``where``: one condition alone, several under ``$and``."""
    if not where:
        return None
    parts: list[dict[str, Any]] = []
    for cond in where.conds:
        value = list(cond.value) if cond.op in ("in", "nin") else cond.value
        parts.append({cond.key: {f"${cond.op}": value}})
    return parts[0] if len(parts) == 1 else {"$and": parts}


def _clean_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """Chroma accepts str/int/float/bool only, and no None."""
    out: dict[str, Any] = {}
    for k, v in meta.items():
        if v is None or k == STAMP:
            continue
        if isinstance(v, (list, tuple)):
            v = "; ".join(str(x) for x in v)
        out[k] = v
    return out


def _meta(meta: Any) -> dict[str, Any]:
    """Metadata as written: without the write stamp."""
    out = dict(meta or {})
    out.pop(STAMP, None)
    return out


class ChromaStore:
    """One collection of vectors with their text and metadata.

    Every record carries the generation it was written at (metadata ``_gen``, left out of
    what is read back), so a reader that was up to date at generation G finds what changed
    since with ``ids_since(G)``: one indexed metadata query instead of reading everything.

    A collection that is gone (reset elsewhere, or an empty server) is opened anew. With
    ``reopen`` (a function giving a fresh client), a client whose cached view of an embedded
    store went stale (another process wrote a collection this one had loaded empty) is
    replaced once and the call repeated.
    """

    def __init__(
        self, client: Any, name: str, embedder_id: str, reopen: Callable[[Any], Any] | None = None
    ) -> None:
        self.client = client
        self.name = name
        self.embedder_id = embedder_id
        self._reopen = reopen
        self._col = self._open()

    def _open(self) -> Any:
        col = self.client.get_or_create_collection(
            name=self.name,
            embedding_function=None,
            metadata={
                "hnsw:space": "cosine",
                "embedder": self.embedder_id,
                "generation": time.time_ns(),
            },
        )
        have = (col.metadata or {}).get("embedder")
        if have and have != self.embedder_id:
            raise ConfigError(
                f"The store was built with embedder {have!r}, settings ask for "
                f"{self.embedder_id!r}. Run `skjonn ingest --reset` to rebuild it."
            )
        return col

    def _collection(self) -> Any:
        """The collection as the store has it now; reopened (empty) when it is gone."""
        try:
            return self.client.get_collection(self.name, embedding_function=None)
        except Exception as exc:
            if not _missing(exc):
                raise
            log.warning("collection %s is gone from the store: opened anew", self.name)
            self._col = self._open()
            return self._col

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return getattr(self._col, method)(*args, **kwargs)
        except Exception as exc:
            if _missing(exc):
                log.warning("collection %s is gone from the store: opened anew", self.name)
            elif _stale(exc) and self._reopen is not None:
                log.warning("stale view of collection %s: client opened anew", self.name)
                self.client = self._reopen(self.client)
            else:
                raise
            self._col = self._open()
            return getattr(self._col, method)(*args, **kwargs)

    # -- generation: bumped on every change so lexical indexes elsewhere can notice ------
    @property
    def generation(self) -> int:
        meta = self._collection().metadata or {}
        return int(meta.get("generation", 0))

    def bump_generation(self) -> int:
        col = self._collection()
        meta = dict(col.metadata or {})
        # a fresh token (not a counter): a reset collection must never reuse a generation
        gen = max(time.time_ns(), int(meta.get("generation", 0)) + 1)
        meta["generation"] = gen
        meta.pop("hnsw:space", None)  # space cannot be modified after creation
        col.modify(metadata=meta)
        return gen

    def reset(self) -> None:
        try:
            self.client.delete_collection(self.name)
        except Exception:  # noqa: BLE001 - absent collection is fine
            log.debug("no collection %s to delete", self.name)
        self._col = self._open()

    def count(self) -> int:
        return int(self._call("count"))

    def upsert(
        self,
        ids: Sequence[str],
        vectors: np.ndarray,
        texts: Sequence[str],
        metadatas: Sequence[dict[str, Any]],
    ) -> None:
        """Write records stamped with the generation now (writers bump it first)."""
        stamp = {STAMP: self.generation}
        for i in range(0, len(ids), _BATCH):
            self._call(
                "upsert",
                ids=list(ids[i : i + _BATCH]),
                embeddings=np.asarray(vectors[i : i + _BATCH], dtype=np.float32),
                documents=list(texts[i : i + _BATCH]),
                metadatas=[_clean_meta(m) | stamp for m in metadatas[i : i + _BATCH]],
            )

    def delete(self, ids: Sequence[str] | None = None, where: Filter | None = None) -> None:
        if ids is not None:
            ids = list(ids)
            for i in range(0, len(ids), _BATCH):
                self._call("delete", ids=ids[i : i + _BATCH])
        elif where:
            self._call("delete", where=to_where(where))

    def ids(self, where: Filter | None = None) -> list[str]:
        return self._ids(to_where(where))

    def ids_since(self, generation: int) -> list[str]:
        """Ids written at generation ``generation`` or later (records written before the
        stamp existed never are)."""
        return self._ids({STAMP: {"$gte": generation}})

    def _ids(self, where: dict[str, Any] | None) -> list[str]:
        out: list[str] = []
        offset = 0
        while True:
            got = self._call("get", where=where, include=[], limit=_ID_BATCH, offset=offset)
            out.extend(got["ids"])
            if len(got["ids"]) < _ID_BATCH:
                return out
            offset += _ID_BATCH

    def get_all(self) -> tuple[list[str], list[str], list[dict[str, Any]]]:
        ids: list[str] = []
        docs: list[str] = []
        metas: list[dict[str, Any]] = []
        offset = 0
        while True:
            got = self._call("get", include=["documents", "metadatas"], limit=_BATCH, offset=offset)
            ids.extend(got["ids"])
            docs.extend(got["documents"] or [])
            metas.extend([_meta(m) for m in (got["metadatas"] or [])])
            if len(got["ids"]) < _BATCH:
                return ids, docs, metas
            offset += _BATCH

    def metadatas(self) -> list[dict[str, Any]]:
        """Every chunk's metadata (no texts, no vectors): for counts per document."""
        out: list[dict[str, Any]] = []
        offset = 0
        while True:
            got = self._call("get", include=["metadatas"], limit=_BATCH, offset=offset)
            out.extend(_meta(m) for m in (got["metadatas"] or []))
            if len(got["ids"]) < _BATCH:
                return out
            offset += _BATCH

    def get(self, ids: Sequence[str]) -> dict[str, tuple[str, dict[str, Any]]]:
        """Text and metadata by id (missing ids are left out)."""
        out: dict[str, tuple[str, dict[str, Any]]] = {}
        ids = list(ids)
        for i in range(0, len(ids), _BATCH):
            got = self._call("get", ids=ids[i : i + _BATCH], include=["documents", "metadatas"])
            for pid, d, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True):
                out[pid] = (d or "", _meta(m))
        return out

    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        """Stored embeddings by id (missing ids are left out)."""
        out: dict[str, np.ndarray] = {}
        ids = list(ids)
        for i in range(0, len(ids), _BATCH):
            got = self._call("get", ids=ids[i : i + _BATCH], include=["embeddings"])
            for pid, vec in zip(got["ids"], got["embeddings"], strict=True):
                out[pid] = np.asarray(vec, dtype=np.float32)
        return out

    def query(
        self, vector: np.ndarray, k: int, where: Filter | None = None
    ) -> list[tuple[str, float]]:
        n = self.count()
        if n == 0:
            return []
        res = self._call(
            "query",
            query_embeddings=[np.asarray(vector, dtype=np.float32)],
            n_results=min(k, n),
            where=to_where(where),
            include=["distances"],
        )
        return [
            (i, 1.0 - float(d)) for i, d in zip(res["ids"][0], res["distances"][0], strict=True)
        ]


class LeaseRecords:
    """The lease records of ``assistant/store/lock.py`` in one Chroma collection, by id."""

    def __init__(self, client: Any, collection: str) -> None:
        self._col = client.get_or_create_collection(collection, embedding_function=None)

    def get(self, rid: str) -> dict[str, Any] | None:
        got = self._col.get(ids=[rid], include=["metadatas"])
        metas = got.get("metadatas") or []
        return dict(metas[0] or {}) if got["ids"] else None

    def add(self, rid: str, meta: dict[str, Any]) -> None:
        """Chroma's ``add`` keeps the first record of an id: of two adds at once, one wins."""
        self._col.add(ids=[rid], embeddings=[[0.0]], metadatas=[meta])

    def update(self, rid: str, meta: dict[str, Any]) -> None:
        self._col.update(ids=[rid], metadatas=[meta])

    def delete(self, rid: str, owner: str) -> None:
        """Delete the record only while its ``owner`` is ``owner``."""
        self._col.delete(ids=[rid], where={"owner": owner})


def _missing(exc: Exception) -> bool:
    """Chroma's "collection does not exist" (the store was reset or replaced under us)."""
    return type(exc).__name__ == "NotFoundError" and "does not exist" in str(exc)


def _stale(exc: Exception) -> bool:
    """Embedded Chroma's segment files changed by another process under a loaded collection."""
    text = str(exc)
    return type(exc).__name__ == "InternalError" and (
        "segment reader" in text or "Nothing found on disk" in text
    )
