"""Feedback and knowledge gaps: what users found unhelpful and what the sources could not answer.

Stored in ``feedback.sqlite`` in the data dir so officers can improve the guidelines and FAQ.
Only chat questions and answers are kept here (never pre-check drafts), trimmed to a
bounded length, with personal numbers, phone numbers and e-mail addresses masked
(``assistant.privacy``) and no IP address or other client data.

The database is opened on first use and again when its file was replaced or deleted, so
a damaged or missing file is a store fault of the requests that need it (503), not of
the server's start, and a restored file is picked up without a restart.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import threading
from dataclasses import dataclass
from typing import Any

from assistant.errors import InputError
from assistant.privacy import mask
from assistant.settings import Settings
from assistant.store.faults import check_sqlite, file_identity

MAX_TEXT = 4000
MAX_COMMENT = 2000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, question TEXT NOT NULL,
    answer TEXT NOT NULL, helpful INT NOT NULL, comment TEXT
);
CREATE TABLE IF NOT EXISTS unanswered (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, question TEXT NOT NULL,
    norm TEXT NOT NULL, year INT
);
CREATE INDEX IF NOT EXISTS unanswered_norm ON unanswered(norm);
"""


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _norm(question: str) -> str:
    """Fold case, punctuation and spacing so repeats of one question group together."""
    return " ".join(re.findall(r"\w+", question.lower()))


@dataclass
class Feedback:
    question: str
    answer: str
    helpful: bool
    comment: str | None = None


class FeedbackStore:
    def __init__(self, settings: Settings) -> None:
        self._lock = threading.RLock()
        self.path = settings.data_dir / "feedback.sqlite"
        self._db: sqlite3.Connection | None = None
        self._identity: tuple[int, int] | None = None

    @property
    def db(self) -> sqlite3.Connection:
        with self._lock:
            if self._db is not None and file_identity(self.path) != self._identity:
                self.close()  # deleted or replaced under us
            if self._db is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(str(self.path), timeout=30, check_same_thread=False)
                try:
                    db.execute("PRAGMA journal_mode=WAL")
                    db.executescript(_SCHEMA)
                except sqlite3.Error:
                    db.close()
                    raise
                self._db, self._identity = db, file_identity(self.path)
            return self._db

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
            self._db = None

    def check(self) -> None:
        """Raise the store fault when the file cannot be read as it is now (for /readyz);
        the open connection is dropped then, so requests see the fault too."""
        if not self.path.exists():
            return  # created on first use
        try:
            check_sqlite(self.path, "feedback")
        except Exception:
            self.close()
            raise

    def add(self, fb: Feedback) -> int:
        question, answer = mask(fb.question.strip()), mask(fb.answer.strip())
        if not question:
            raise InputError("Tilbakemeldingen mangler spørsmålet.")
        comment = mask((fb.comment or "").strip()[:MAX_COMMENT]) or None
        with self._lock, self.db:
            cur = self.db.execute(
                "INSERT INTO feedback (at, question, answer, helpful, comment) VALUES (?,?,?,?,?)",
                (_now(), question[:MAX_TEXT], answer[:MAX_TEXT], int(fb.helpful), comment),
            )
        return int(cur.lastrowid or 0)

    def unanswered(self, question: str, year: int | None) -> None:
        q = mask(question.strip()[:MAX_TEXT])
        if not q:
            return
        with self._lock, self.db:
            self.db.execute(
                "INSERT INTO unanswered (at, question, norm, year) VALUES (?,?,?,?)",
                (_now(), q, _norm(q), year),
            )

    def gaps(self, limit: int = 100) -> dict[str, Any]:
        """Unanswered questions grouped (most asked first) and unhelpful answers (newest first)."""
        with self._lock:
            unanswered = self.db.execute(
                "SELECT MIN(question), COUNT(*), MAX(at) FROM unanswered GROUP BY norm"
                " ORDER BY COUNT(*) DESC, MAX(at) DESC LIMIT ?",
                (limit,),
            ).fetchall()
            unhelpful = self.db.execute(
                "SELECT id, at, question, answer, comment FROM feedback WHERE helpful = 0"
                " ORDER BY id DESC LIMIT ?",
                (limit,),
            ).fetchall()
            helpful, total = self.db.execute(
                "SELECT COALESCE(SUM(helpful), 0), COUNT(*) FROM feedback"
            ).fetchone()
        return {
            "unanswered": [
                {"question": q, "count": int(n), "last_seen": at} for q, n, at in unanswered
            ],
            "unhelpful": [
                {"id": i, "at": at, "question": q, "answer": a, "comment": c}
                for i, at, q, a, c in unhelpful
            ],
            "feedback": {"total": int(total), "helpful": int(helpful)},
        }
