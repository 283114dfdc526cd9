"""Ingest everything `skjonn ingest` and ``POST /v1/admin/ingest`` read, one run at a time."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import BusyError
from assistant.services import Services
from assistant.store.lock import write_lock

if TYPE_CHECKING:
    from assistant.archive import ImportReport
    from ingest.pipeline import Report

__all__ = ["BusyError", "ingest_all", "ingest_everything"]


def ingest_all(
    services: Services,
    paths: list[Path] | None = None,
    reset: bool = False,
    progress: bool = False,
    wait: bool = False,
    on_wait: Callable[[str], None] | None = None,
) -> tuple[Report, ImportReport]:
    """Guideline documents, then the archive records among ``paths`` (None = the corpus).

    Holds the write lock on the data dir (and, with a Chroma server, on both collections)
    for the whole run. Another writer makes it wait (``wait=True``, ``on_wait`` is told
    for whom) or raise ``BusyError`` (``wait=False``).
    """
    from assistant.archive import import_bundled
    from assistant.archive.archive import COLLECTION

    names = [services.settings.collection, COLLECTION]
    with write_lock(services.settings, names, wait=wait, on_wait=on_wait):
        report = services.ingestor(progress=progress).run(paths, reset=reset)
        return report, import_bundled(services, paths)


def ingest_everything(
    services: Services, paths: list[Path] | None = None, reset: bool = False
) -> dict[str, Any]:
    """``ingest_all`` as one public report: documents, archive and whether all went well."""
    report, archive = ingest_all(services, paths, reset)
    out = report.public()
    out["archive"] = archive.public()
    out["ok"] = not report.failed and not archive.failed
    return out
