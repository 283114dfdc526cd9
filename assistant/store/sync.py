"""Bringing a BM25 index up to date with its store, from what the store holds.

Writers bump the collection's generation before and after they write, and every record
carries the generation it was written at (``VectorStore.ids_since``). An index that was
brought up to date at generation G (its ``generation``, read before it looked at the store)
has seen every record except those written at G or later. When the store has moved on:

1. ``count``, then ``ids_since(G)``: the records written since, new or changed; only these
   are fetched, with their text and metadata;
2. removals: when the store holds exactly the index's ids plus the new ones, there are
   none; when it holds only the written ones, every other id is gone; otherwise all ids
   are read (one ids-only query) and the missing ones are dropped;
3. ``LexicalIndex.updated`` applies both, unless a full rebuild is due: the bound of
   ``assistant.store.lexical`` (20 % of the last full build touched), an index without a
   generation, a store whose generation went back or that holds ids the index never saw
   and that were not written since (it was replaced).

Nothing here depends on knowing what this process wrote: a server with its own data dir
that shares the Chroma server brings its own index up to date the same way.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from assistant.store.base import VectorStore
from assistant.store.lexical import LexicalIndex

log = logging.getLogger(__name__)


def index_text(text: str, meta: dict[str, Any]) -> str:
    """What BM25 and the embedder see: the chunk with its title and section for context."""
    head = " – ".join(x for x in (meta.get("title"), meta.get("section")) if x)
    return f"{head}\n{text}" if head else text


def rebuild_lexical(store: VectorStore, directory: Path, generation: int) -> LexicalIndex:
    """A full build from everything the store holds, saved."""
    ids, docs, metas = store.get_all()
    idx = LexicalIndex(directory)
    idx.build(
        ids,
        docs,
        metas,
        generation,
        index_texts=[index_text(t, m) for t, m in zip(docs, metas, strict=True)],
    )
    idx.save()
    return idx


def update_lexical(store: VectorStore, idx: LexicalIndex, generation: int) -> LexicalIndex | None:
    """``idx`` brought to ``generation`` by the records changed since (``idx`` itself is
    left as it is: queries may be using it), or None when a full rebuild is due."""
    since = idx.generation
    if since < 0 or generation < since or len(idx) == 0:
        return None
    t0 = time.perf_counter()
    n_now = store.count()
    written = store.ids_since(since)
    known = idx.has
    fresh = [i for i in written if not known(i)]
    if n_now == len(idx) + len(fresh):
        removed: list[str] = []
    elif n_now == len(set(written)):
        kept = set(written)
        removed = [i for i in idx.ids if i not in kept]
    else:
        held = set(store.ids())
        written_set = set(written)
        if any(not known(i) and i not in written_set for i in held):
            log.info("the store holds ids the BM25 index never saw: it is rebuilt")
            return None
        removed = [i for i in idx.ids if i not in held]
        written = [i for i in written if i in held]
    if idx.needs_rebuild([*removed, *written]):
        return None
    got = store.get(written)
    removed += [i for i in written if i not in got]  # deleted in the meantime
    added = [(i, t, m, index_text(t, m)) for i, (t, m) in got.items()]
    out = idx.updated(removed, added, generation)
    log.info(
        "BM25 %s: %d removed, %d new or changed of %d (generation %s) in %.2f s",
        store.name,
        len(removed),
        len(added),
        len(out),
        generation,
        time.perf_counter() - t0,
    )
    return out
