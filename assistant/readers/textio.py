"""Decoding bytes of unknown encoding into text, or a clear reason why not; safe JSON."""

from __future__ import annotations

import json
from typing import Any


class LoadError(Exception):
    """A document that cannot be read; the message (Norwegian) goes into the report."""


def decode_bytes(data: bytes) -> str:
    if not data.strip():
        raise LoadError("filen er tom")
    if b"\x00" in data[:4096]:
        raise LoadError("filen ser ut som en binærfil, ikke tekst")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        # cp1252 decodes almost anything; accept it when it yields plausible Norwegian text
        if sum(ch in text for ch in "æøåÆØÅ") or not any(0x80 <= b < 0xA0 for b in data):
            return text
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise LoadError("ukjent tegnkoding: lagre filen som UTF-8 og prøv igjen")
    return str(best)


def text_lines(text: str) -> list[str]:
    """The lines of ``text``; ``LimitError`` past the line limit in force."""
    from assistant.readers.limits import check_count, current

    # counted before splitting, so a bomb never becomes millions of strings; "\r" alone ends
    # a line too (old Mac files), so it counts as well
    check_count(max(text.count("\n"), text.count("\r")) + 1, current().lines, "for mange linjer")
    return text.splitlines()


def loads_json(text: str | bytes) -> Any:
    """``json.loads`` that turns nesting deeper than Python's stack into a ``LoadError``."""
    try:
        return json.loads(text)
    except RecursionError:
        raise LoadError("JSON-en er nestet for dypt") from None
