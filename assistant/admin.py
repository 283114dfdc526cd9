"""Ingest everything `skjonn ingest` and ``POST /v1/admin/ingest`` read, one run at a time."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import AssistantError
from assistant.services import Services

if TYPE_CHECKING:
    from assistant.archive import ImportReport
    from ingest.pipeline import Report

_RUNNING = threading.Lock()


class BusyError(AssistantError):
    status = 409
    name = "busy"


def ingest_all(
    services: Services, paths: list[Path] | None = None, reset: bool = False, progress: bool = False
) -> tuple[Report, ImportReport]:
    """Guideline documents, then the archive records among ``paths`` (None = the corpus).

    Raises ``BusyError`` when another ingest runs in this process.
    """
    from assistant.archive import import_bundled
    from ingest.pipeline import Ingestor

    if not _RUNNING.acquire(blocking=False):
        raise BusyError("En innlesing pågår allerede. Prøv igjen når den er ferdig.")
    try:
        report = Ingestor(services, progress=progress).run(paths, reset=reset)
        return report, import_bundled(services, paths)
    finally:
        _RUNNING.release()


def ingest_everything(
    services: Services, paths: list[Path] | None = None, reset: bool = False
) -> dict[str, Any]:
    """``ingest_all`` as one public report: documents, archive and whether all went well."""
    report, archive = ingest_all(services, paths, reset)
    out = report.public()
    out["archive"] = archive.public()
    out["ok"] = not report.failed and not archive.failed
    return out
