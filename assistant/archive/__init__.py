"""Officer archive: past projects in SQLite (system of record) + a Chroma collection.

Public API (everything takes the shared ``Backends``; the wiring's ``Services`` is one):

- ``import_files(services, paths, dry_run=False) -> ImportReport``
- ``import_bundled(services, paths=None) -> ImportReport``: the ``corpus/projects`` records
- ``similar(services, text, k=5, filters=None, mode="hybrid") -> list[SimilarProject]``
- ``similar_to_draft(services, draft, k=5) -> list[SimilarProject]``: for the pre-check
- ``stats(services, by="år", from_year=None, to_year=None) -> list[dict]``
- ``stats_report(services, by="år", filters=None, query="", k=50) -> dict``: groups and a
  total over the projects a search with the same filters, query and k lists
- ``show(services, project_id) -> dict | None``
- ``browse(services, filters=None, limit=100) -> (total, list[dict])``: no query text
- ``facets(services) -> dict``: the values the filters accept, for menus
- ``synth(n, seed) -> list[dict]``: synthetic records for scale tests
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.archive.archive import Archive, archive_for
from assistant.archive.draft import similar_for_draft
from assistant.archive.importer import ImportReport
from assistant.archive.models import SimilarProject
from assistant.archive.search import Mode, ProjectFilters
from assistant.archive.synth import synth

if TYPE_CHECKING:
    from assistant.store.backends import Backends

__all__ = [
    "Archive",
    "ImportReport",
    "ProjectFilters",
    "SimilarProject",
    "archive_for",
    "browse",
    "facets",
    "bundled_files",
    "import_bundled",
    "import_files",
    "show",
    "similar",
    "similar_to_draft",
    "stats",
    "stats_report",
    "synth",
]


def import_files(services: Backends, paths: Sequence[Path], dry_run: bool = False) -> ImportReport:
    from assistant.archive.importer import import_files as _import

    return _import(archive_for(services), [Path(p) for p in paths], dry_run=dry_run)


def bundled_files(services: Backends, paths: Sequence[Path] | None = None) -> list[Path]:
    """The ``*.jsonl`` record files under a ``projects/`` folder of the corpus (or ``paths``)."""
    roots = [Path(p) for p in paths] if paths else [services.settings.corpus_dir]
    found: set[Path] = set()
    for root in roots:
        root = root.expanduser()
        if root.is_file():
            if root.suffix.lower() == ".jsonl" and root.parent.name == "projects":
                found.add(root.resolve())
        elif root.is_dir():
            if root.name == "projects":
                found.update(p.resolve() for p in root.glob("*.jsonl"))
            found.update(p.resolve() for p in root.rglob("projects/*.jsonl"))
    return sorted(found)


def import_bundled(services: Backends, paths: Sequence[Path] | None = None) -> ImportReport:
    """Import the project records that ``skjonn ingest`` reads (idempotent).

    ``paths`` are the ingest paths (files or folders; None = the bundled corpus); every
    ``*.jsonl`` inside a ``projects/`` folder among them is imported.
    """
    return import_files(services, bundled_files(services, paths))


def similar(
    services: Backends,
    text: str,
    k: int = 5,
    filters: ProjectFilters | None = None,
    mode: Mode = "hybrid",
) -> list[SimilarProject]:
    from assistant.archive.search import similar as _similar

    return _similar(archive_for(services), text, k=k, filters=filters, mode=mode)


def similar_to_draft(services: Backends, draft: dict[str, Any], k: int = 5) -> list[SimilarProject]:
    """Past projects like a pre-check draft, each a ``SimilarProject`` with
    ``near_duplicate`` set. Raises ``InputError`` when the draft has no text and
    ``NotIngestedError`` when the archive is empty.
    """
    return similar_for_draft(archive_for(services), draft, k=k)


def stats(
    services: Backends, by: str = "år", from_year: int | None = None, to_year: int | None = None
) -> list[dict[str, Any]]:
    return archive_for(services).db.stats(by, from_year, to_year)


def stats_report(
    services: Backends,
    by: str = "år",
    filters: ProjectFilters | None = None,
    query: str = "",
    k: int = 50,
) -> dict[str, Any]:
    """Figures per group and a total over the projects that ``browse`` (no query) or
    ``similar`` (query, top ``k``) lists with the same filters, so a table of those projects
    and these figures always agree.

    The total counts each project once (groups by sector or municipality count a project in
    each of its groups). Every sum covers the known amounts only; ``*_kjent`` says how many
    projects that is, and an unknown sum is None.
    """
    from assistant.archive.search import selected_ids

    arch = archive_for(services)
    f = filters or ProjectFilters()
    ids = selected_ids(arch, f, query, k)
    groups = arch.db.stats(by, f.from_year, f.to_year, ids)
    total = arch.db.stats(None, f.from_year, f.to_year, ids)[0]
    del total["gruppe"]
    return {
        "by": by,
        "from_year": f.from_year,
        "to_year": f.to_year,
        "query": query.strip(),
        "groups": groups,
        "total": total,
    }


def show(services: Backends, project_id: str) -> dict[str, Any] | None:
    return archive_for(services).get(project_id)


def browse(
    services: Backends, filters: ProjectFilters | None = None, limit: int = 100
) -> tuple[int, list[dict[str, Any]]]:
    from assistant.archive.search import browse as _browse

    return _browse(archive_for(services), filters, limit)


def facets(services: Backends) -> dict[str, Any]:
    """Sectors, municipalities, embeter, statuses and the year range in the archive."""
    arch = archive_for(services)
    arch.require_records()
    years = [row["gruppe"] for row in arch.db.stats("år") if row["gruppe"] is not None]
    return {
        "sektorer": arch.names("sektor"),
        "kommuner": arch.names("kommune"),
        "embeter": arch.names("embete"),
        "statuser": arch.names("status"),
        "år": [min(years), max(years)] if years else None,
    }
