"""Vector cache keyed by (embedder id, text hash): unchanged text is never embedded twice.

It lives in the "vectors" database: ``vectors.sqlite`` in the data dir, or the shared
PostgreSQL (``SKJONN_DATABASE_URL``), so a sentence or chunk vector embedded by one server,
at ingest or by the answerer on first use, is there for every server.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
from sqlalchemy import bindparam, select
from sqlalchemy.dialects import postgresql, sqlite

from assistant.db import Database, database
from assistant.db.schema import vectors
from assistant.settings import Settings

_BATCH = 500


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class VectorCache:
    """Safe to share between threads (the web server's thread pool)."""

    def __init__(self, where: Settings | Path, embedder_id: str) -> None:
        self.embedder_id = embedder_id
        self.database: Database = (
            Database.file(where, "vectors")
            if isinstance(where, Path)
            else database(where, "vectors")
        )

    def get_many(self, hashes: list[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        v = vectors.c
        q = select(v.hash, v.vec).where(
            v.embedder == self.embedder_id, v.hash.in_(bindparam("part", expanding=True))
        )
        with self.database.connect() as conn:
            for i in range(0, len(hashes), _BATCH):
                for h, blob in conn.execute(q, {"part": hashes[i : i + _BATCH]}):
                    out[h] = np.frombuffer(bytes(blob), dtype=np.float32)
        return out

    def put_many(self, items: dict[str, np.ndarray]) -> None:
        if not items:
            return
        rows = [
            {
                "embedder": self.embedder_id,
                "hash": h,
                "dim": int(vec.shape[0]),
                "vec": np.asarray(vec, np.float32).tobytes(),
            }
            for h, vec in items.items()
        ]
        # content-addressed: a row that is there already holds the same vector
        ins = (postgresql if self.database.postgres else sqlite).insert(vectors)
        with self.database.begin() as conn:
            for i in range(0, len(rows), _BATCH):
                conn.execute(ins.on_conflict_do_nothing(), rows[i : i + _BATCH])

    def close(self) -> None:
        self.database.close()
