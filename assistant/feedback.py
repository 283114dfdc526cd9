"""Feedback and knowledge gaps: what users found unhelpful and what the sources could not answer.

Stored in ``feedback.sqlite`` in the data dir so officers can improve the guidelines and FAQ.
Only chat questions and answers are kept here (never pre-check drafts), trimmed to a
bounded length, with no IP address or other client data.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import threading
from dataclasses import dataclass
from typing import Any

from assistant.errors import InputError
from assistant.settings import Settings

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
        self._lock = threading.Lock()
        self.db = sqlite3.connect(
            str(settings.path("feedback.sqlite")), timeout=30, check_same_thread=False
        )
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(_SCHEMA)

    def close(self) -> None:
        self.db.close()

    def add(self, fb: Feedback) -> int:
        question, answer = fb.question.strip(), fb.answer.strip()
        if not question:
            raise InputError("Tilbakemeldingen mangler spørsmålet.")
        comment = (fb.comment or "").strip()[:MAX_COMMENT] or None
        with self._lock, self.db:
            cur = self.db.execute(
                "INSERT INTO feedback (at, question, answer, helpful, comment) VALUES (?,?,?,?,?)",
                (_now(), question[:MAX_TEXT], answer[:MAX_TEXT], int(fb.helpful), comment),
            )
        return int(cur.lastrowid or 0)

    def unanswered(self, question: str, year: int | None) -> None:
        q = question.strip()[:MAX_TEXT]
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
