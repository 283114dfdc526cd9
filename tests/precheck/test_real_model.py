"""Judgement checks quote criteria retrieved by the real model from the round's guideline."""

from __future__ import annotations

import pytest

from assistant.precheck import draft_from_mapping, run_precheck
from tests.precheck.helpers import eval_draft


@pytest.mark.slow
def test_criteria_text_is_retrieved_from_the_rounds_guideline(corpus_services) -> None:  # type: ignore[no-untyped-def]
    draft = draft_from_mapping(eval_draft("low-innovation-2025")["utkast"])
    report = run_precheck(draft, corpus_services.settings, corpus_services)
    f = next(f for f in report.findings if f.code == "low_innovation")
    assert "innovasjonsverdi" in f.criterion_text.lower()
    assert "2021" not in f.criterion_text.split(":")[0]
    spread = run_precheck(
        draft_from_mapping(eval_draft("no-spread-2025")["utkast"]),
        corpus_services.settings,
        corpus_services,
        with_similar=False,
    )
    g = next(f for f in spread.findings if f.code == "no_transferability_plan")
    assert "overføringsverdi" in g.criterion_text.lower()
