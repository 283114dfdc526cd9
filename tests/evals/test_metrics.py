"""Metric code, checked on a tiny keyword one-hot setup where the answer is known."""

from __future__ import annotations

from evals.metrics import first_relevant_rank, hit_at_k, mrr_at_k, recall_at_k
from evals.retrieval import is_relevant
from evals.strict import find, markers_ok


def test_rank_metrics() -> None:
    ranked = [False, True, False, True]
    assert first_relevant_rank(ranked) == 2
    assert hit_at_k(ranked, 1) == 0.0 and hit_at_k(ranked, 2) == 1.0
    assert mrr_at_k(ranked, 10) == 0.5 and mrr_at_k(ranked, 1) == 0.0
    assert recall_at_k(["a", "b", "c"], {"b", "z"}, 2) == 0.5


def test_relevance_by_source_and_section() -> None:
    rel = [{"source": "g.md", "section": "Søknadsfrist"}]
    assert is_relevant({"source": "g.md", "section": "Søknadsfrist"}, rel)
    assert not is_relevant({"source": "g.md", "section": "Rapportering"}, rel)
    assert not is_relevant({"source": "h.md", "section": "Søknadsfrist"}, rel)


def test_fact_matching_tolerates_inflection_not_other_numbers() -> None:
    assert find("ordinær drift", "Det gis ikke støtte til den ordinære driften.") is not None
    assert find("ordinær drift", "Det gis ikke støtte til næringsutvikling.") is None
    assert find("søknadsfrist", "Søknadsfristen var 20. juni 2024.") is not None
    assert find("150 000 kroner", "Minstebeløpet var 150\u00a0000 kroner.") is not None
    assert find("150 000 kroner", "Minstebeløpet var 100 000 kroner.") is None
    assert find("Nei", "Nei. Det gis ikke støtte.") is not None
    assert find("Nei", "Ja. Neida.") is None
    assert markers_ok("Svar [1] og [2].", 2) and not markers_ok("Svar [3].", 2)
    assert not markers_ok("Svar uten kilde.", 1)
