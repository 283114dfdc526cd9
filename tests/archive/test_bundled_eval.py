"""import_bundled (called by `skjonn ingest`) and the similar-projects eval runner."""

from __future__ import annotations

from pathlib import Path

from assistant.archive import bundled_files, import_bundled
from assistant.settings import BUNDLED_CORPUS
from evals.similar import run_similar_eval


def test_import_bundled_is_idempotent(services) -> None:  # type: ignore[no-untyped-def]
    first = import_bundled(services)
    assert first.failed == 0 and first.total("new") > 50
    assert [Path(f.path).name for f in first.files] == ["prosjekter.jsonl"]
    again = import_bundled(services)
    assert again.total("new") == again.total("changed") == 0


def test_bundled_files_follow_the_ingest_paths(services, corpus_copy: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert bundled_files(services) == [(BUNDLED_CORPUS / "projects" / "prosjekter.jsonl").resolve()]
    assert bundled_files(services, [corpus_copy]) == [
        (corpus_copy / "projects" / "prosjekter.jsonl").resolve()
    ]
    assert bundled_files(services, [corpus_copy / "projects"]) == bundled_files(
        services, [corpus_copy]
    )
    assert bundled_files(services, [corpus_copy / "faq"]) == []
    assert bundled_files(services, [tmp_path / "missing"]) == []


def test_eval_runner_scores_every_mode(loaded) -> None:  # type: ignore[no-untyped-def]
    rows = [
        {"id": "q1", "query": "digital byggesak", "relevant": ["b2"]},
        {
            "id": "q2",
            "query": "velferdsteknologi",
            "filters": {"from_year": 2020},
            "relevant": ["c3", "e5"],
        },
        {
            "id": "q3",
            "relevant": ["d4"],
            "draft": {"tittel": "Barnehage og tidlig innsats", "søker": "Hamar"},
        },
    ]
    res = run_similar_eval(loaded, rows)
    assert res["n"] == 3 and res["primary"] == "hybrid R@5"
    for mode in ("hybrid", "bm25", "dense"):
        m = res["modes"][mode]
        assert m["R@5"] == 1.0 and m["hit@5"] == 1.0
        assert 0.5 <= m["MRR@10"] <= 1.0
    assert res["modes"]["bm25"]["MRR@10"] == 1.0
