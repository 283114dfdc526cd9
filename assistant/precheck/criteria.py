"""The criteria text a judgement check is held against, retrieved from the round's guideline.

Queries are fixed per criterion in the round pack (a rule's ``query``; never the draft's text), so nothing from the draft is
embedded or cached, and results are cached per round. Without an ingested store the cited
``## `` section is read straight from the corpus file, so the check still quotes its criterion.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError
from assistant.precheck.privacy import get_logger
from assistant.rounds import Citation, RoundRules
from assistant.rounds.load import strip_todo
from assistant.store.filters import Filter

log = get_logger(__name__)

_CACHE: dict[tuple[int, str, str], str] = {}
_LOCK = threading.Lock()


def section_text(corpus: Path, citation: Citation) -> str:
    """The body of a ``## `` section of a corpus document."""
    text = (corpus / citation.document).read_text(encoding="utf-8")
    m = re.search(rf"^## {re.escape(citation.section)}\s*$(.*?)(?=^## |\Z)", text, re.M | re.S)
    body = strip_todo(m.group(1)) if m else ""  # an unwritten section has no criterion yet
    return " ".join(body.split())


class CriteriaLookup:
    def __init__(self, rules: RoundRules, services: Any = None) -> None:
        self.rules = rules
        self.corpus = rules.root or Path(".")
        self.services = services
        self._searcher: Any = None
        self._search_failed = services is None

    def _search(self, query: str) -> str:
        if self._search_failed:
            return ""
        try:
            if self._searcher is None:
                self._searcher = self.services.searcher()
            hits = self._searcher.search(
                query,
                k=1,
                filters=Filter()
                .eq("year", self.rules.year)
                .eq("kind", "guideline")
                .eq("region", self.rules.region),
            )
        except AssistantError as exc:
            log.info("precheck: criteria retrieval unavailable (%s)", exc.name)
            self._search_failed = True
            return ""
        if not hits:
            return ""
        hit = hits[0]
        section = hit.meta.get("section") or hit.location
        return f"{section}: {' '.join(hit.text.split())}" if section else " ".join(hit.text.split())

    def text_for(self, code: str) -> str:
        """Criterion passage for ``code`` (retrieved, else the cited section), ≤ 400 characters."""
        rule = self.rules.rules.get(code)
        if rule is None or not rule.query:
            return ""
        query = rule.query
        key = (id(self.services), self.rules.key, query)
        with _LOCK:
            cached = _CACHE.get(key)
        if cached is None:
            cached = self._search(query)
            if not cached and rule.citation is not None:
                body = section_text(self.corpus, rule.citation)
                cached = f"{rule.citation.section}: {body}" if body else ""
            with _LOCK:
                _CACHE[key] = cached
        return cached if len(cached) <= 400 else cached[:399].rstrip() + "…"
