"""Re-ingest from a running server (``POST /v1/admin/ingest``), one run at a time."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError
from assistant.services import Services

_RUNNING = threading.Lock()


class BusyError(AssistantError):
    status = 409
    name = "busy"


def ingest_everything(
    services: Services, paths: list[Path] | None = None, reset: bool = False, progress: bool = False
) -> dict[str, Any]:
    """Guideline documents, then archive records: what ``skjonn ingest`` does.

    Returns the public report (documents and archive). Raises ``BusyError`` when another
    ingest runs in this process.
    """
    from assistant.archive import import_bundled
    from ingest.pipeline import Ingestor

    if not _RUNNING.acquire(blocking=False):
        raise BusyError("En innlesing pågår allerede. Prøv igjen når den er ferdig.")
    try:
        report = Ingestor(services, progress=progress).run(paths, reset=reset)
        archive = import_bundled(services, paths)
    finally:
        _RUNNING.release()
    out = report.public()
    out["archive"] = archive.public()
    out["ok"] = not report.failed and not archive.failed
    return out
