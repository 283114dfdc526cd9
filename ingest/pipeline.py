"""The ingest run: scan, load, split, embed (cached), write per document, prune, reindex.

Crash safety: the manifest row of a document is written last, after its chunks are in
Chroma. A run killed half-way leaves documents whose manifest hash is old or missing;
the next run redoes exactly those (deleting by document key first, so no duplicates),
removes chunks no manifest row owns (orphans) and rebuilds BM25 from Chroma.

One run at a time: the run holds the write lock (``assistant/store/lock.py``), so one
run's orphan sweep never meets another run's chunks that are written but not yet in the
manifest. The manifest is also checked against what the store holds: a document whose
chunks are missing (the vector store was deleted, or an empty Chroma server is used) is
written again, status "repaired", with its vectors from the vector cache.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import shutil
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import delete, select
from tqdm import tqdm

from assistant.db import database
from assistant.db.schema import documents
from assistant.readers.loaders import load, supported
from assistant.readers.textio import LoadError
from assistant.settings import Settings
from assistant.store.backends import Backends, index_text
from assistant.store.filters import Filter
from assistant.store.lock import write_lock
from assistant.store.vcache import VectorCache, text_hash
from ingest.split import Chunk, split_doc

log = logging.getLogger(__name__)

_KIND_DIRS = {
    "guidelines": "guideline",
    "faq": "faq",
    "projects": "project",
    "background": "background",
}
_IGNORE_DIRS = {"rules", "regions", ".git", "__pycache__"}


@dataclass
class DocResult:
    path: str
    status: str  # new | changed | repaired | unchanged | removed | failed
    chunks: int = 0
    reason: str = ""


@dataclass
class Report:
    results: list[DocResult] = field(default_factory=list)
    seconds: float = 0.0
    embedded: int = 0  # chunk vectors computed (not from the cache)
    embedded_sentences: int = 0  # sentence vectors for the answerer
    ignored: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> list[DocResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def chunks(self) -> int:
        return sum(r.chunks for r in self.results if r.status in ("new", "changed", "repaired"))

    def summary(self) -> str:
        repaired = f"{self.count('repaired')} reparert, " if self.count("repaired") else ""
        return (
            f"dokumenter: {self.count('new')} nye, {self.count('changed')} endret, {repaired}"
            f"{self.count('unchanged')} uendret, {self.count('removed')} fjernet, "
            f"{self.count('failed')} feilet; {self.chunks} biter skrevet, "
            f"{self.embedded} biter og {self.embedded_sentences} setninger innebygd; "
            f"{self.seconds:.1f} s"
        )

    def public(self) -> dict[str, Any]:
        return {
            "documents": [r.__dict__ for r in self.results],
            "counts": {
                s: self.count(s)
                for s in ("new", "changed", "repaired", "unchanged", "removed", "failed")
            },
            "chunks": self.chunks,
            "embedded": self.embedded,
            "embedded_sentences": self.embedded_sentences,
            "seconds": round(self.seconds, 2),
        }


class Manifest:
    """One row per document whose chunks are in the vector store (the "ingest" database:
    ``ingest.sqlite`` in the data dir, or the shared PostgreSQL, so every server sees what
    is ingested)."""

    def __init__(self, settings: Settings) -> None:
        self.database = database(settings, "ingest")

    def get(self, key: str) -> str | None:
        d = documents.c
        with self.database.connect() as conn:
            return conn.execute(select(d.sha256).where(d.doc_key == key)).scalar()

    def chunks(self) -> dict[str, int]:
        """doc_key -> the number of chunks written for it."""
        d = documents.c
        with self.database.connect() as conn:
            return {k: int(n) for k, n in conn.execute(select(d.doc_key, d.n_chunks))}

    def put(self, key: str, source: str, sha: str, chunks: list[Chunk]) -> None:
        kind = chunks[0].meta["kind"] if chunks else ""
        year = chunks[0].meta["year"] if chunks else 0
        with self.database.begin() as conn:
            conn.execute(delete(documents).where(documents.c.doc_key == key))
            conn.execute(
                documents.insert().values(
                    doc_key=key,
                    source=source,
                    sha256=sha,
                    n_chunks=len(chunks),
                    kind=kind,
                    year=year,
                    ingested_at=dt.datetime.now(dt.UTC).isoformat(),
                )
            )

    def delete(self, key: str) -> None:
        with self.database.begin() as conn:
            conn.execute(delete(documents).where(documents.c.doc_key == key))

    def keys(self) -> set[str]:
        with self.database.connect() as conn:
            return {r[0] for r in conn.execute(select(documents.c.doc_key))}

    def keys_under(self, directory: Path) -> set[str]:
        prefix = str(directory.resolve()).rstrip("/") + "/"
        return {k for k in self.keys() if k.startswith(prefix)}

    def clear(self) -> None:
        with self.database.begin() as conn:
            conn.execute(delete(documents))

    def rows(self) -> list[tuple[Any, ...]]:
        d = documents.c
        with self.database.connect() as conn:
            return [
                tuple(r)
                for r in conn.execute(select(d.doc_key, d.source, d.n_chunks, d.kind, d.year))
            ]

    def close(self) -> None:
        self.database.close()


def _default_kind_year(path: Path, root: Path) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for part in path.relative_to(root).parts[:-1] if path.is_relative_to(root) else ():
        if part in _KIND_DIRS:
            meta["kind"] = _KIND_DIRS[part]
    m = re.search(r"(20\d\d)", path.name)
    if m:
        meta["year"] = int(m.group(1))
    return meta


_written = 0


def _fault_point() -> None:
    """Fault injection for the resume test: SIGKILL ourselves after N documents were
    written to Chroma but before their manifest rows (SKJONN_FAULT_KILL_AFTER=N)."""
    global _written
    limit = os.environ.get("SKJONN_FAULT_KILL_AFTER")
    if not limit:
        return
    _written += 1
    if _written >= int(limit):
        os.kill(os.getpid(), signal.SIGKILL)


# Called after a run that wrote chunks, with the texts of every chunk now in the store and
# whether to show progress; returns how many sentence vectors it embedded (added to
# ``Report.embedded_sentences``). The wiring registers the answerer's warm-up here.
AfterWrite = Callable[[list[str], bool], int]


class Ingestor:
    def __init__(
        self,
        backends: Backends,
        progress: bool = True,
        after_write: Sequence[AfterWrite] = (),
    ) -> None:
        self.backends = backends
        self.settings = backends.settings
        self.progress = progress
        self.after_write = list(after_write)
        self.manifest = Manifest(self.settings)

    def _scan(
        self, paths: list[Path], report: Report
    ) -> tuple[list[tuple[Path, Path]], list[Path]]:
        files: list[tuple[Path, Path]] = []
        dirs: list[Path] = []
        for p in paths:
            p = p.expanduser()
            if p.is_dir():
                dirs.append(p.resolve())
                for f in sorted(p.rglob("*")):
                    rel = f.relative_to(p)
                    if any(part.startswith(".") or part in _IGNORE_DIRS for part in rel.parts):
                        continue
                    if f.is_file():
                        if supported(f):
                            files.append((f.resolve(), p.resolve()))
                        else:
                            report.ignored.append(str(rel))
            elif p.is_file():
                files.append((p.resolve(), p.resolve().parent))
            else:
                report.results.append(DocResult(str(p), "failed", reason="finnes ikke"))
        return files, dirs

    def run(
        self,
        paths: list[Path] | None = None,
        reset: bool = False,
        wait: bool = True,
        on_wait: Any = None,
    ) -> Report:
        """Ingest ``paths`` (None = the corpus) holding the write lock: a second writer
        waits (``on_wait`` gets one line saying for whom) or, ``wait=False``, gets BusyError."""
        with write_lock(self.settings, [self.settings.collection], wait=wait, on_wait=on_wait):
            return self._run(paths, reset)

    def _run(self, paths: list[Path] | None, reset: bool) -> Report:
        t0 = time.perf_counter()
        report = Report()
        store = self.backends.store
        if reset:
            store.reset()
            self.manifest.clear()
            shutil.rmtree(self.settings.data_dir / "bm25" / store.name, ignore_errors=True)
        paths = paths or [self.settings.corpus_dir, *self.settings.corpus_extra_dirs()]
        files, dirs = self._scan(paths, report)
        written = self.manifest.chunks()
        held = Counter(str(m.get("doc_key")) for m in store.metadatas())

        planned: list[
            tuple[str, str, str, list[Chunk], str]
        ] = []  # key, source, sha, chunks, status
        limit = self.settings.max_file_mb * 1024 * 1024
        for path, root in files:
            key = str(path)
            source = str(path.relative_to(root)) if path.is_relative_to(root) else path.name
            try:
                size = path.stat().st_size
                if size > limit:
                    raise LoadError(
                        f"filen er for stor ({size / 1e6:.0f} MB; grensen er "
                        f"{self.settings.max_file_mb} MB, SKJONN_MAX_FILE_MB)"
                    )
                data = path.read_bytes()
                sha = hashlib.sha256(data).hexdigest()
                old = self.manifest.get(key)
                whole = held.get(key, 0) == written.get(key, -1)
                if old == sha and whole:
                    report.results.append(DocResult(source, "unchanged"))
                    continue
                if old == sha:
                    log.warning(
                        "%s: the store holds %d of its %d chunks: writing it again",
                        source,
                        held.get(key, 0),
                        written.get(key, 0),
                    )
                doc = load(path, data)
                for k, v in _default_kind_year(path, root).items():
                    doc.meta.setdefault(k, v)
                chunks = split_doc(doc, source, key)
                if not chunks:
                    raise LoadError("dokumentet har ingen tekst")
                status = "repaired" if old == sha else "changed" if old else "new"
                planned.append((key, source, sha, chunks, status))
            except LoadError as exc:
                report.results.append(DocResult(source, "failed", reason=str(exc)))
            except Exception as exc:  # noqa: BLE001 - one bad document must not stop the run
                log.exception("unexpected error loading %s", source)
                report.results.append(
                    DocResult(source, "failed", reason=f"uventet feil: {exc.__class__.__name__}")
                )

        seen = {str(p) for p, _ in files}
        stale = set()
        for d in dirs:
            stale |= self.manifest.keys_under(d) - seen

        if planned or stale:
            store.bump_generation()  # lexical indexes are stale from here on
        report.embedded = self._write(planned, report)
        for key in sorted(stale):
            store.delete(where=Filter().eq("doc_key", key))
            self.manifest.delete(key)
            report.results.append(DocResult(Path(key).name, "removed"))
        if planned or stale:
            store.bump_generation()  # done: a reader that looked mid-write looks again
        self._reconcile()
        lexical = self.backends.lexical  # rebuilds BM25 from the store when it moved on
        if planned:
            for hook in self.after_write:
                report.embedded_sentences += hook(lexical.texts, self.progress)
        report.seconds = time.perf_counter() - t0
        log.info("ingest: %s", report.summary())
        return report

    def _write(self, planned: list[tuple[str, str, str, list[Chunk], str]], report: Report) -> int:
        if not planned:
            return 0
        embedder = self.backends.embedder
        cache = VectorCache(self.settings, embedder.id)
        store = self.backends.store
        texts_by_doc = [
            [index_text(c.text, c.meta) for c in chunks] for _, _, _, chunks, _ in planned
        ]
        all_hashes = {text_hash(t) for texts in texts_by_doc for t in texts}
        cached = cache.get_many(sorted(all_hashes))
        todo = len(all_hashes - cached.keys())
        bar = tqdm(
            total=todo,
            desc="Innbygging",
            unit="biter",
            file=sys.stderr,
            disable=not self.progress or todo == 0,
        )
        embedded = 0
        batch = self.settings.embed_batch
        try:
            for (key, source, sha, chunks, status), texts in zip(
                planned, texts_by_doc, strict=True
            ):
                hashes = [text_hash(t) for t in texts]
                missing = [i for i, h in enumerate(hashes) if h not in cached]
                for i in range(0, len(missing), batch):
                    part = missing[i : i + batch]
                    vecs = embedder.embed_passages([texts[j] for j in part])
                    new = {hashes[j]: v for j, v in zip(part, vecs, strict=True)}
                    cache.put_many(new)
                    cached.update(new)
                    embedded += len(part)
                    bar.update(len(part))
                vectors = np.stack([cached[h] for h in hashes])
                store.delete(where=Filter().eq("doc_key", key))
                store.upsert(
                    [c.id for c in chunks],
                    vectors,
                    [c.text for c in chunks],
                    [c.meta for c in chunks],
                )
                _fault_point()
                self.manifest.put(key, source, sha, chunks)
                report.results.append(DocResult(source, status, chunks=len(chunks)))
        finally:
            bar.close()
            cache.close()
        return embedded

    def _reconcile(self) -> None:
        """Delete chunks that no manifest row owns (left by a run killed mid-document)."""
        store = self.backends.store
        keys = self.manifest.keys()
        orphans = {m.get("doc_key") for m in store.metadatas()} - keys
        for key in orphans:
            log.warning("removing orphan chunks of %s", key)
            store.delete(where=Filter().eq("doc_key", key) if key else None)
        if orphans:
            store.bump_generation()

    def status(self) -> dict[str, Any]:
        rows = self.manifest.rows()
        docs_kind: Counter[str] = Counter(kind for _, _, _, kind, _ in rows)
        by_kind: Counter[str] = Counter()
        by_year: Counter[str] = Counter()
        for meta in self.backends.lexical.metas:  # chunk counts come from the store itself
            by_kind[str(meta.get("kind"))] += 1
            by_year[str(meta.get("year") or "alle år")] += 1
        from assistant.store.chroma import store_location

        return {
            "documents": len(rows),
            "chunks": self.backends.store.count(),
            "documents_by_kind": dict(docs_kind),
            "chunks_by_kind": dict(by_kind),
            "chunks_by_year": dict(sorted(by_year.items())),
            "embedder": self.backends.embedder.id,
            "store": "server" if self.settings.chroma_url else "embedded",
            "location": store_location(self.settings),
            "data_dir": str(self.settings.data_dir),
        }
