"""Limits for reading untrusted documents: sizes, counts and CPU time.

Every reader in ``assistant/readers/`` checks the limits in force, so every caller gets
them: the ingest pipeline, ``skjonn projects import`` and the pre-check's draft reader,
which reads PDF and Word files through ``load_pdf`` and ``open_docx``.

- zip containers (.docx): member count, each member's and all members' uncompressed size,
  read from the central directory *before* anything is inflated; the XML markup of the
  body is counted before lxml builds a tree (one tree node per element costs memory);
  paragraphs and table cells are counted on the tree.
- PDF: objects (counted in the raw file before pypdf reads its cross-reference table), pages,
  and pypdf's own limits (decompressed bytes per stream, decoding and parsing
  work, page-tree size), lowered to what a grant document needs.
- text: lines; JSON: nesting (``loads_json``).
- CPU: a budget per document, in CPU seconds of the reading thread, checked between
  pages, paragraphs and rows (``check_time``).

Two presets: ``INGEST`` (the operator's corpus, up to ``SKJONN_MAX_FILE_MB``) is the default;
``UPLOAD`` (a draft a user waits for, at most 10 MB) is put in force around a parse with
``applied(UPLOAD)``. The limits live in a context variable, so threads and requests do
not see each other's.

Going over a limit raises ``LimitError``: a ``LoadError`` (ingest reports the file by
name and goes on) and a ``TooLargeError`` (the API answers 413 ``too_large``).
"""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from assistant.errors import AssistantError, TooLargeError
from assistant.readers.textio import LoadError

MB = 1024 * 1024


class LimitError(LoadError, TooLargeError):
    """A document over a read limit; ``str(exc)`` is the reason for ingest reports."""

    def __init__(self, reason: str) -> None:
        AssistantError.__init__(self, reason)
        self.message = f"Dokumentet er for stort eller for tungt å lese: {reason}."


@dataclass(frozen=True)
class ReadLimits:
    zip_members: int = 1_000  # files inside a .docx
    zip_member_bytes: int = 25 * MB  # one member, uncompressed
    zip_total_bytes: int = 80 * MB  # all members, uncompressed
    xml_elements: int = 600_000  # markup in word/document.xml, counted before parsing
    paragraphs: int = 50_000
    table_cells: int = 50_000
    pages: int = 2_000
    pdf_objects: int = 200_000  # "n 0 obj" in the file, counted before pypdf reads it
    lines: int = 500_000
    stream_bytes: int = 25 * MB  # one decompressed PDF stream
    cpu_seconds: float = 60.0  # per document


INGEST = ReadLimits()
UPLOAD = ReadLimits(
    zip_member_bytes=12 * MB,
    zip_total_bytes=30 * MB,
    xml_elements=150_000,
    paragraphs=5_000,
    table_cells=5_000,
    pages=150,
    pdf_objects=20_000,
    lines=20_000,
    stream_bytes=8 * MB,
    cpu_seconds=1.5,
)

_CURRENT: ContextVar[tuple[ReadLimits, float] | None] = ContextVar(
    "skjonn_read_limits", default=None
)


@contextmanager
def applied(limits: ReadLimits) -> Iterator[ReadLimits]:
    """Put ``limits`` in force and start their CPU budget (for this thread or task)."""
    token = _CURRENT.set((limits, time.thread_time() + limits.cpu_seconds))
    try:
        yield limits
    finally:
        _CURRENT.reset(token)


@contextmanager
def budget(fresh: bool = True) -> Iterator[ReadLimits]:
    """A CPU budget for one document under the limits in force (INGEST by default).

    ``fresh=False`` keeps a budget already running (a reader called inside ``applied``).
    """
    if not fresh and _CURRENT.get() is not None:
        yield current()
        return
    with applied(current()) as limits:
        yield limits


def current() -> ReadLimits:
    state = _CURRENT.get()
    return state[0] if state else INGEST


def check_time() -> None:
    """LimitError when the document has used up its CPU budget."""
    state = _CURRENT.get()
    if state and time.thread_time() > state[1]:
        raise LimitError(f"lesingen brukte mer enn {state[0].cpu_seconds:g} s CPU-tid")


def check_count(n: int, limit: int, what: str) -> None:
    if n > limit:
        raise LimitError(f"{what}: {n:,} (grensen er {limit:,})".replace(",", " "))


def check_zip(data: bytes) -> zipfile.ZipFile:
    """The opened zip when its central directory is within the limits (nothing inflated)."""
    limits = current()
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise LoadError(f"zip-arkivet er skadet ({exc.__class__.__name__})") from exc
    check_count(len(infos), limits.zip_members, "for mange filer i arkivet")
    total = 0
    for info in infos:
        if info.file_size > limits.zip_member_bytes:
            mb = info.file_size / MB
            raise LimitError(
                f"delen {info.filename[:80]} er {mb:,.0f} MB utpakket "
                f"(grensen er {limits.zip_member_bytes // MB} MB)"
            )
        total += info.file_size
    if total > limits.zip_total_bytes:
        raise LimitError(
            f"arkivet er {total / MB:,.0f} MB utpakket (grensen er {limits.zip_total_bytes // MB} MB)"
        )
    return zf


def pypdf_overrides() -> dict[str, int]:
    """pypdf's own limits, lowered to the limits in force (see ``pypdf.Configuration``)."""
    limits = current()
    n = limits.stream_bytes
    return {
        "maximum_declared_stream_length": n,
        "array_based_stream_maximum_output_length": n,
        "zlib_maximum_output_length": n,
        "lzw_maximum_output_length": n,
        "run_length_maximum_output_length": n,
        "brotli_maximum_output_length": n,
        "jbig2_maximum_output_length": n,
        "image_maximum_buffer_size": n,
        "stream_decoding_work_maximum_length": 4 * n,
        "xfa_decoding_work_maximum_length": 4 * n,
        "xmp_maximum_input_length": min(n, 5 * MB),
        # the page tree: a little room for intermediate nodes above the page limit
        "page_tree_maximum_entries": 2 * limits.pages + 100,
        "page_tree_maximum_page_entries": 64 * limits.pages,  # keys of the page dictionaries
        "outline_maximum_entries": 10_000,
        "form_fields_maximum_entries": 10_000,
        "named_destinations_maximum_entries": 10_000,
    }
