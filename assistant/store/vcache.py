"""Vector cache keyed by (embedder id, text hash): unchanged text is never embedded twice."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path

import numpy as np


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class VectorCache:
    """Safe to share between threads (the web server's thread pool): one lock per cache."""

    def __init__(self, path: Path, embedder_id: str) -> None:
        self.embedder_id = embedder_id
        self._lock = threading.Lock()
        self.db = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS vectors (embedder TEXT, hash TEXT, dim INT, vec BLOB,"
            " PRIMARY KEY (embedder, hash))"
        )

    def get_many(self, hashes: list[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for i in range(0, len(hashes), 500):
            part = hashes[i : i + 500]
            q = ",".join("?" * len(part))
            with self._lock:
                rows = self.db.execute(
                    f"SELECT hash, vec FROM vectors WHERE embedder=? AND hash IN ({q})",  # noqa: S608
                    [self.embedder_id, *part],
                ).fetchall()
            for h, blob in rows:
                out[h] = np.frombuffer(blob, dtype=np.float32)
        return out

    def put_many(self, items: dict[str, np.ndarray]) -> None:
        with self._lock, self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?, ?)",
                [
                    (self.embedder_id, h, int(v.shape[0]), np.asarray(v, np.float32).tobytes())
                    for h, v in items.items()
                ],
            )

    def close(self) -> None:
        self.db.close()
