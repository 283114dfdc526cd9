"""The chat service behind the web pages, the widget and the CLI: answers plus what
officers learn.

Wraps ``AnswerService`` and the feedback store so the web layer and the CLI only translate.
An answer that abstains is recorded as a knowledge gap (question text only) when
``SKJONN_RECORD_GAPS`` is on, whichever way the question came in.
"""

from __future__ import annotations

import logging
from typing import Any

from assistant.answer.service import AnswerService
from assistant.feedback import Feedback, FeedbackStore
from assistant.models import Answer
from assistant.store.backends import Backends

log = logging.getLogger(__name__)


class ChatService:
    def __init__(self, services: Backends) -> None:
        self.sv = services
        self.answers = AnswerService(services)
        self.feedback = FeedbackStore(services.settings)

    def ask(
        self, question: str, history: list[dict[str, str]] | None = None, year: int | None = None
    ) -> Answer:
        ans = self.answers.ask(question, history or [], year)
        if not ans.answered and self.sv.settings.record_gaps:
            try:
                self.feedback.unanswered(question, ans.year)
            except Exception:  # a full disk must not cost the user the answer
                log.exception("could not record an unanswered question")
        return ans

    def add_feedback(self, fb: Feedback) -> int:
        return self.feedback.add(fb)

    def gaps(self, limit: int = 100) -> dict[str, Any]:
        return self.feedback.gaps(limit)

    def warm(self) -> None:
        """Load the model, the BM25 index and the sentence vectors before the first user."""
        self.sv.embedder.embed_query("søknadsfrist for prosjektskjønn")
        if self.sv.store.count():
            self.answers.ask("Når er søknadsfristen?")
