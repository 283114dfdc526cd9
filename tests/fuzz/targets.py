"""Fuzz targets: one function per reader, taking bytes, allowed to fail only as documented.

Each target feeds untrusted bytes to one reader under the UPLOAD limits. It may return, or
raise one of ``ALLOWED`` (a ``LoadError`` — ``LimitError`` included — or our ``AssistantError``
for a draft that is not one); any other exception is a bug the fuzzer reports. To fuzz a new
reader, add a function here and list it in ``TARGETS`` (name -> (function, seed files)).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from assistant.errors import AssistantError
from assistant.readers import limits
from assistant.readers.loaders import load
from assistant.readers.records import parse_records
from assistant.readers.textio import LoadError

ALLOWED: tuple[type[BaseException], ...] = (LoadError, AssistantError)


def _load(suffix: str) -> Callable[[bytes], object]:
    def target(data: bytes) -> object:
        with limits.applied(limits.UPLOAD):
            return load(Path("fuzz" + suffix), data)

    return target


def records(suffix: str) -> Callable[[bytes], object]:
    def target(data: bytes) -> object:
        with limits.applied(limits.UPLOAD):
            return parse_records(data, suffix)

    return target


def importer(data: bytes) -> object:
    """The archive importer's file reader (``skjonn projects import``) on a JSONL file."""
    import tempfile

    from assistant.archive.importer import read_file

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "poster.jsonl"
        path.write_bytes(data)
        return read_file(path, max_mb=10)


TARGETS: dict[str, Callable[[bytes], object]] = {
    "pdf": _load(".pdf"),
    "docx": _load(".docx"),
    "markdown": _load(".md"),
    "text": _load(".txt"),
    "html": _load(".html"),
    "records-json": records(".json"),
    "records-jsonl": records(".jsonl"),
    "records-csv": records(".csv"),
    "importer-jsonl": importer,
    # the pre-check's draft reader joins after #13, e.g.
    # "draft-md": lambda data: parse_draft(data, "utkast.md") under limits.applied(UPLOAD)
}
