"""Structure-aware chunking: sections first, then ~300–600 characters on whole words."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from langchain_text_splitters import RecursiveCharacterTextSplitter

from assistant.readers.loaders import LoadedDoc
from assistant.readers.tables import split_tables
from assistant.rounds.load import strip_todo

CHUNK_SIZE = 600
CHUNK_OVERLAP = 80

# A sentence ends where the next one starts with a capital: "frist 2. mai" is one sentence
_SENTENCE_END = r"(?<=[.!?]) (?=[A-ZÆØÅ«\"(])"
_splitter = RecursiveCharacterTextSplitter(
    chunk_size=CHUNK_SIZE,
    chunk_overlap=CHUNK_OVERLAP,
    separators=["\n\n", "\n- ", "\n", _SENTENCE_END, "; ", ", ", " "],
    is_separator_regex=True,
    keep_separator="end",
    strip_whitespace=True,
)


@dataclass
class Chunk:
    id: str
    text: str
    meta: dict[str, Any]


def chunk_id(source: str, position: int, text: str) -> str:
    return hashlib.sha1(f"{source}\x1f{position}\x1f{text}".encode()).hexdigest()[:24]


def _year(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0  # 0 = applies to every year (background, general FAQ)


def split_doc(doc: LoadedDoc, source: str, doc_key: str) -> list[Chunk]:
    base = {
        "source": source,
        "doc_key": doc_key,
        "title": doc.title,
        "kind": str(doc.meta.get("kind") or "background"),
        "year": _year(doc.meta.get("year")),
        "round": str(doc.meta.get("round") or ""),
        "region": str(doc.meta.get("region") or ""),
    }
    if doc.meta.get("deadline"):
        base["deadline"] = str(doc.meta["deadline"])
    chunks: list[Chunk] = []
    position = 0
    for sec in doc.sections:
        text, rows = split_tables(strip_todo(sec.text))
        pieces = _splitter.split_text(text) if len(text) > CHUNK_SIZE else [text]
        # table rows are chunks of their own: the row sentence, with the table as data
        items = [(p.strip(), None) for p in pieces] + [(r.sentence(), r) for r in rows]
        for piece, row in items:
            if not piece:
                continue
            meta = dict(base)
            meta.update({"location": sec.location, "section": sec.section, "position": position})
            if sec.page is not None:
                meta["page"] = sec.page
            for k, v in sec.meta.items():
                if v is not None:
                    meta[k] = _year(v) if k == "year" else v
            if row is not None:
                meta["table_row"] = row.to_json()
            chunks.append(Chunk(chunk_id(source, position, piece), piece, meta))
            position += 1
    return chunks
