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
    assert m["hybrid"]["MRR@10"] >= 0.85  # reached: 0.884 (corpus of 272 chunks)
    assert m["hybrid"]["MRR@10"] > m["bm25"]["MRR@10"]
    assert m["hybrid"]["MRR@10"] > m["dense"]["MRR@10"]


# Measured on the blind test split (see evals/results/ and the closing note); floors sit
# at least 0.03 (overall) and two questions (per kind) under what was reached, so a change
# of machine does not flip them, while a real regression does.
# Reached 2026-12-02: test 0.584 (baseline 0.295, so +0.289), weakest kind colloquial 7/19
# (0.368), median 184 chars; dev-own 0.896.
# Sentence vectors lazy (the default since #17) give the same answers as warm, question for
# question, on every split (fresh ingests, 2026-12-03: test 0.574, dev-own 0.896).
# 2026-12-03 evening, decision refitted on four dev splits: test 0.568 (baseline 0.300, so
# +0.268), weakest kind compare 6/17 (0.353), median 176 chars; dev-own 0.888.
# 2026-12-04, after the fixes of #12 on the dev splits and a refit: test 0.626 (baseline
# 0.300, so +0.326), weakest kind compare 6/17 (0.353), median 194 chars; dev-own 0.904.
# 2026-12-04 night, after more fixes on the dev splits (and a fourth blind dev split,
# dev-blind4): test 0.642 (baseline 0.305, so +0.337), weakest kind compare 6/17 (0.353),
# median 191 chars; dev-own 0.912.
TEST_FLOORS = {"accuracy": 0.61, "per_kind": 0.23, "over_baseline": 0.30, "median_chars": 300}
DEV_OWN_FLOOR = 0.88


def test_answers_blind_test_floor(corpus_services: Any) -> None:
    from assistant.answer.service import AnswerService
    from evals.answers import run_baseline, split_path

    rows = load_jsonl(split_path("test"))
    kinds = {r["kind"] for r in rows}
    assert len(rows) >= 150 and len(kinds) >= 11
    assert all(sum(1 for r in rows if r["kind"] == k) >= 15 for k in kinds)
    res = run_answers_eval(AnswerService(corpus_services), rows)
    base = run_baseline(corpus_services.searcher(), rows)
    assert res["accuracy"] >= TEST_FLOORS["accuracy"], res["failures"][:5]
    assert min(k["accuracy"] for k in res["per_kind"].values()) >= TEST_FLOORS["per_kind"]
    assert res["accuracy"] - base["accuracy"] >= TEST_FLOORS["over_baseline"]
    assert res["median_chars"] <= TEST_FLOORS["median_chars"]


def test_answers_dev_own_floor(corpus_services: Any) -> None:
    from assistant.answer.service import AnswerService
    from evals.answers import split_path

    rows = load_jsonl(split_path("dev-own"))
    res = run_answers_eval(AnswerService(corpus_services), rows)
    assert res["accuracy"] >= DEV_OWN_FLOOR, res["failures"][:5]
