"""Feedback and knowledge gaps: what users found unhelpful and what the sources could not answer.

Stored in the "feedback" database (``feedback.sqlite`` in the data dir, or the shared
PostgreSQL, so feedback given on one server shows in the gap report of every server) so
officers can improve the guidelines and FAQ. Only chat questions and answers are kept here
(never pre-check drafts), trimmed to a bounded length, with personal numbers, phone numbers
and e-mail addresses masked (``assistant.privacy``) and no IP address or other client data.

The SQLite file is opened on first use and again when it was replaced or deleted, so a
damaged or missing file is a store fault of the requests that need it (503), not of the
server's start, and a restored file is picked up without a restart.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from assistant.db import database, no_nul
from assistant.db.schema import feedback as feedback_table
from assistant.db.schema import unanswered as unanswered_table
from assistant.errors import InputError
from assistant.privacy import mask
from assistant.settings import Settings

MAX_TEXT = 4000
MAX_COMMENT = 2000


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
        self.database = database(settings, "feedback")
        self.path = self.database.path

    def close(self) -> None:
        self.database.close()

    def check(self) -> None:
        """Raise the store fault when the database cannot be read as it is now (for
        /readyz); the SQLite engine is dropped then, so requests see the fault too."""
        if self.path is not None and not self.path.exists():
            return  # created on first use
        try:
            self.database.check("feedback")
        except Exception:
            self.close()
            raise

    def add(self, fb: Feedback) -> int:
        question, answer = mask(no_nul(fb.question).strip()), mask(no_nul(fb.answer).strip())
        if not question:
            raise InputError("Tilbakemeldingen mangler spørsmålet.")
        comment = mask(no_nul(fb.comment or "").strip()[:MAX_COMMENT]) or None
        with self.database.begin() as conn:
            res = conn.execute(
                feedback_table.insert().values(
                    at=_now(),
                    question=question[:MAX_TEXT],
                    answer=answer[:MAX_TEXT],
                    helpful=int(fb.helpful),
                    comment=comment,
                )
            )
            key = res.inserted_primary_key
        return int(key[0]) if key else 0

    def unanswered(self, question: str, year: int | None) -> None:
        q = mask(no_nul(question).strip()[:MAX_TEXT])
        if not q:
            return
        with self.database.begin() as conn:
            conn.execute(
                unanswered_table.insert().values(at=_now(), question=q, norm=_norm(q), year=year)
            )

    def gaps(self, limit: int = 100) -> dict[str, Any]:
        """Unanswered questions grouped (most asked first) and unhelpful answers (newest first)."""
        u, f = unanswered_table.c, feedback_table.c
        n = func.count()
        with self.database.connect() as conn:
            unanswered = conn.execute(
                select(func.min(u.question), n, func.max(u.at))
                .group_by(u.norm)
                .order_by(n.desc(), func.max(u.at).desc())
                .limit(limit)
            ).all()
            unhelpful = conn.execute(
                select(f.id, f.at, f.question, f.answer, f.comment)
                .where(f.helpful == 0)
                .order_by(f.id.desc())
                .limit(limit)
            ).all()
            helpful, total = conn.execute(
                select(func.coalesce(func.sum(f.helpful), 0), func.count())
            ).one()
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
