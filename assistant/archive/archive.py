"""The archive service: the record store and its Chroma collection, side by side.

The record store (SQLite in the data dir, or PostgreSQL) is the system of record. The Chroma
collection "projects" holds one vector per project (title + description) with flat metadata
for filtering; BM25 is brought up to date
from that collection by ``Backends.lexical_for`` whenever its generation moves on (by the
records changed since, ``assistant.store.sync``), and so is the dense matrix (``dense.py``).
"""

from __future__ import annotations

import logging
import weakref
from typing import TYPE_CHECKING, Any

from assistant.archive.db import ProjectDB
from assistant.archive.dense import DenseMatrix, load_or_build
from assistant.db import database
from assistant.errors import NotIngestedError, StoreUnavailableError

if TYPE_CHECKING:
    from assistant.store.backends import Backends
    from assistant.store.base import VectorStore
    from assistant.store.lexical import LexicalIndex

log = logging.getLogger(__name__)

COLLECTION = "projects"


class Archive:
    def __init__(self, services: Backends) -> None:
        self.services = services
        self.settings = services.settings
        self.db = ProjectDB(database(self.settings, "projects"))
        self._names: dict[str, list[str]] = {}
        self._names_version: int | None = None
        self._count: tuple[int, int] | None = None
        self._dense: DenseMatrix | None = None

    @property
    def store(self) -> VectorStore:
        return self.services.collection(COLLECTION)

    @property
    def lexical(self) -> LexicalIndex:
        return self.services.lexical_for(self.store)

    def dense(self) -> DenseMatrix:
        """All vectors as a matrix whose rows follow ``self.lexical.ids`` (same masks)."""
        lex = self.lexical
        dense = self._dense
        if dense is None or dense.generation != lex.generation or dense.ids != lex.ids:
            directory = self.settings.data_dir / "bm25"
            dense = load_or_build(self.store, lex.ids, lex.generation, directory, dense)
            self._dense = dense
        return dense

    def record_count(self) -> int:
        """The number of records, counted again only after a write (in any process): a
        COUNT over 100 000 rows costs milliseconds in PostgreSQL, the change counter less."""
        version = self.db.version()
        if self._count is None or self._count[0] != version:
            self._count = (version, self.db.count())
        return self._count[1]

    def require_records(self) -> None:
        if self.record_count() == 0:
            raise NotIngestedError(
                "Prosjektarkivet er tomt. Kjør `skjonn ingest` (de medfølgende prosjektene) "
                "eller `skjonn projects import FIL`."
            )

    def require_vectors(self) -> None:
        """StoreUnavailableError when records have no vectors (the vector store was lost):
        searching would silently miss them. ``skjonn ingest`` writes them back."""
        records, vectors = self.record_count(), len(self.lexical)
        if vectors < records:
            raise StoreUnavailableError(
                f"Prosjektarkivet har {records} poster, men vektorlageret har bare {vectors} "
                "av dem. Kjør `skjonn ingest` for å skrive dem inn igjen."
            )

    def names(self, what: str) -> list[str]:
        """Stored spellings of sectors/municipalities/embeter/statuses, cached until a write."""
        version = self.db.version()
        if version != self._names_version:
            self._names, self._names_version = {}, version
        if what not in self._names:
            self._names[what] = self.db.raw_names(what)
        return self._names[what]

    def get(self, pid: str) -> dict[str, Any] | None:
        return self.db.get(pid)


_ARCHIVES: weakref.WeakKeyDictionary[Any, Archive] = weakref.WeakKeyDictionary()


def archive_for(services: Backends) -> Archive:
    """One Archive per Backends object (a SQLite file replaced by another process is opened
    anew)."""
    arch = _ARCHIVES.get(services)
    if arch is not None and arch.db.replaced():
        log.warning("the archive database was replaced: opening it anew")
        forget_archive(services)
        arch = None
    if arch is None:
        arch = Archive(services)
        _ARCHIVES[services] = arch
    return arch


def forget_archive(services: Backends) -> None:
    """Drop the cached Archive (and its SQLite engine): the next use opens it anew."""
    arch = _ARCHIVES.pop(services, None)
    if arch is not None:
        arch.db.close()
