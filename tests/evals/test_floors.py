"""Quality floors on the bundled evals, close to what the default stack reaches.

Numbers reached (see the closing note / README) are a little above these floors; a drop
below them is a regression.
"""

from __future__ import annotations

from typing import Any

import pytest

from evals.answers import run_answers_eval
from evals.common import EVALS_DIR, load_jsonl
from evals.retrieval import run_retrieval_eval

pytestmark = pytest.mark.slow


def test_retrieval_floor(corpus_services: Any) -> None:
    res = run_retrieval_eval(corpus_services.searcher(), load_jsonl(EVALS_DIR / "retrieval.jsonl"))
    m = res["modes"]
    assert res["n"] >= 60
    assert m["hybrid"]["MRR@10"] >= 0.88  # reached: 0.90
    assert m["hybrid"]["MRR@10"] > m["bm25"]["MRR@10"]
    assert m["hybrid"]["MRR@10"] > m["dense"]["MRR@10"]


def test_answers_floor(corpus_services: Any) -> None:
    from assistant.answer.service import AnswerService

    rows = load_jsonl(EVALS_DIR / "answers.jsonl")
    assert len(rows) >= 80
    assert sum(1 for r in rows if r.get("history")) >= 10
    assert sum(1 for r in rows if not r["answerable"]) >= 12
    res = run_answers_eval(AnswerService(corpus_services), rows)
    assert res["fact_recall"] >= 0.91  # reached: 0.926
    # the targets: every unanswerable one abstained, no answerable one abstained
    assert res["unanswerable_answered"] == 0, res["failures"]
    assert res["answerable_abstained"] == 0, res["failures"]
    assert res["abstention_recall"] == 1.0 and res["abstention_precision"] == 1.0
    assert res["citation_coverage"] == 1.0
