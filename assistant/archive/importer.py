"""Import project records into the archive: SQLite record and Chroma vector, kept in step.

A record's id is its given id, or a hash of år + tittel + kommuner, so re-importing a
file changes nothing. A changed row rewrites its record and its vector (the vector comes
from the shared vector cache when the text itself did not change). Vectors are written
before the record: a crash in between leaves the record old or missing, and the next
import redoes it. ``reconcile`` repairs any other drift between the two stores.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant.archive.archive import Archive
from assistant.archive.fields import chroma_meta, clean, content_hash, project_text
from assistant.readers import limits
from assistant.readers.records import parse_records
from assistant.readers.textio import LoadError
from assistant.store.lock import write_lock
from assistant.store.vcache import VectorCache, text_hash

log = logging.getLogger(__name__)

SUFFIXES = (".json", ".jsonl", ".csv")
_BATCH = 2000


@dataclass
class FileReport:
    path: str
    records: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.path}: {self.records} poster – {self.new} nye, {self.changed} endret, "
            f"{self.unchanged} uendret, {len(self.errors)} feil"
        )


@dataclass
class ImportReport:
    files: list[FileReport] = field(default_factory=list)
    dry_run: bool = False
    embedded: int = 0
    seconds: float = 0.0

    def total(self, what: str) -> int:
        return sum(getattr(f, what) for f in self.files)

    @property
    def failed(self) -> int:
        """Number of rows (or whole files) that could not be imported."""
        return sum(len(f.errors) for f in self.files)

    def summary(self) -> str:
        s = (
            f"Totalt: {self.total('records')} poster – {self.total('new')} nye, "
            f"{self.total('changed')} endret, {self.total('unchanged')} uendret, "
            f"{self.failed} feil; {self.embedded} innebygd; {self.seconds:.1f} s"
        )
        if self.dry_run:
            s += " (prøvekjøring: ingenting er lagret)"
        return s

    def public(self) -> dict[str, Any]:
        return {
            "files": [f.__dict__ for f in self.files],
            "counts": {w: self.total(w) for w in ("records", "new", "changed", "unchanged")},
            "failed": self.failed,
            "embedded": self.embedded,
            "dry_run": self.dry_run,
            "seconds": round(self.seconds, 2),
        }


def read_file(path: Path, max_mb: int) -> tuple[list[dict[str, Any]], list[str]]:
    """Records of one file and its error lines; a file-level problem is one error."""
    if not path.is_file():
        return [], ["filen finnes ikke"]
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        return [], [f"ukjent filtype «{suffix}»: bruk .json, .jsonl eller .csv"]
    size = path.stat().st_size
    if size > max_mb * 1024 * 1024:
        limit = f"grensen er {max_mb} MB, SKJONN_MAX_FILE_MB"
        return [], [f"filen er for stor ({size / 1e6:.0f} MB; {limit})"]
    try:
        with limits.budget():
            return parse_records(path.read_bytes(), suffix)
    except LoadError as exc:
        return [], [str(exc)]


def import_files(arch: Archive, paths: Sequence[Path], dry_run: bool = False) -> ImportReport:
    """Import record files holding the write lock (a dry run takes none: it writes nothing)."""
    if dry_run:
        return _import_files(arch, paths, dry_run)
    with write_lock(arch.settings, [arch.store.name], wait=True, on_wait=log.warning):
        return _import_files(arch, paths, dry_run)


def _import_files(arch: Archive, paths: Sequence[Path], dry_run: bool) -> ImportReport:
    t0 = time.perf_counter()
    report = ImportReport(dry_run=dry_run)
    pending: dict[str, str] = {}  # id -> hash, for files later in the same dry run
    for path in paths:
        records, errors = read_file(Path(path), arch.settings.max_file_mb)
        fr = FileReport(str(path), errors=errors)
        report.files.append(fr)
        report.embedded += _import(arch, records, fr, dry_run, pending)
    if not dry_run:
        report.embedded += reconcile(arch)
    report.seconds = time.perf_counter() - t0
    log.info("projects import: %s", report.summary())
    return report


def import_records(
    arch: Archive,
    records: Iterable[dict[str, Any]],
    source: str = "(poster)",
    dry_run: bool = False,
) -> ImportReport:
    """Import already parsed records (synthetic data, other programs)."""
    t0 = time.perf_counter()
    report = ImportReport(dry_run=dry_run)
    fr = FileReport(source)
    report.files.append(fr)
    records = list(records)
    if dry_run:
        report.embedded = _import(arch, records, fr, dry_run, {})
    else:
        with write_lock(arch.settings, [arch.store.name], wait=True, on_wait=log.warning):
            report.embedded = _import(arch, records, fr, dry_run, {})
    report.seconds = time.perf_counter() - t0
    return report


def _import(
    arch: Archive,
    records: list[dict[str, Any]],
    fr: FileReport,
    dry_run: bool,
    pending: dict[str, str],
) -> int:
    by_id: dict[str, dict[str, Any]] = {}
    for rec in records:  # the same id twice in one file: the last row wins
        by_id[rec["id"]] = clean(rec)
    fr.records = len(by_id)
    todo: list[tuple[dict[str, Any], str, str]] = []
    stored = arch.db.hashes(list(by_id))
    for pid, rec in by_id.items():
        h = content_hash(rec)
        old = pending.get(pid) or (stored[pid][0] if pid in stored else None)
        if old == h:
            fr.unchanged += 1
            continue
        if old is None:
            fr.new += 1
        else:
            fr.changed += 1
        pending[pid] = h
        todo.append((rec, h, text_hash(project_text(rec))))
    if dry_run or not todo:
        return 0
    arch.store.bump_generation()  # the BM25 index of the collection is stale from here on
    embedded = 0
    for i in range(0, len(todo), _BATCH):
        embedded += write_batch(arch, todo[i : i + _BATCH])
        log.info("projects import: %d/%d written", min(i + _BATCH, len(todo)), len(todo))
    arch.store.bump_generation()  # done: a reader that looked mid-write looks again
    return embedded


def write_batch(arch: Archive, rows: list[tuple[dict[str, Any], str, str]]) -> int:
    """Embed (through the vector cache), upsert vectors, then write the records."""
    embedder = arch.services.embedder
    texts = [project_text(r) for r, _, _ in rows]
    hashes = [th for _, _, th in rows]
    cache = VectorCache(arch.settings, embedder.id)
    try:
        vecs = cache.get_many(sorted(set(hashes)))
        missing: dict[str, str] = {}
        for h, t in zip(hashes, texts, strict=True):
            if h not in vecs:
                missing.setdefault(h, t)
        keys = list(missing)
        step = max(1, arch.settings.embed_batch)
        for j in range(0, len(keys), step):
            part = keys[j : j + step]
            new = dict(zip(part, embedder.embed_passages([missing[h] for h in part]), strict=True))
            cache.put_many(new)
            vecs.update(new)
    finally:
        cache.close()
    arch.store.upsert(
        [r["id"] for r, _, _ in rows],
        np.stack([vecs[h] for h in hashes]),
        texts,
        [chroma_meta(r) for r, _, _ in rows],
    )
    arch.db.upsert(rows)
    return len(missing)


def reconcile(arch: Archive) -> int:
    """Make the collection hold exactly the stored records; returns texts embedded."""
    if arch.store.count() == arch.db.count():
        return 0
    in_store = set(arch.store.ids())
    in_db = arch.db.all_ids()
    extra, absent = in_store - in_db, sorted(in_db - in_store)
    if not extra and not absent:
        return 0
    log.warning(
        "projects: %d vectors without record, %d records without vector", len(extra), len(absent)
    )
    arch.store.bump_generation()
    if extra:
        arch.store.delete(sorted(extra))
    embedded = 0
    for i in range(0, len(absent), _BATCH):
        recs = arch.db.get_many(absent[i : i + _BATCH])
        rows = [(r, content_hash(r), text_hash(project_text(r))) for r in recs.values()]
        embedded += write_batch(arch, rows)
    arch.store.bump_generation()
    return embedded
