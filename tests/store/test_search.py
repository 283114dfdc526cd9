"""Hybrid search over a real Chroma store: filters, compounds, modes, CLI output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import main
from assistant.search import build_filters
from assistant.services import Services
from assistant.settings import Settings
from assistant.store.filters import Filter


@pytest.fixture
def ingested(settings: Settings, corpus_copy: Path) -> Services:
    sv = Services(settings)
    r = sv.ingestor(progress=False).run([corpus_copy])
    assert not r.failed
    return sv


def test_year_and_kind_filters(ingested: Services) -> None:
    s = ingested.searcher()
    hits = s.search("søknadsfrist", k=10, filters=build_filters(2021, "guideline", None))
    assert hits and all(h.kind == "guideline" and h.year in (2021, None) for h in hits)
    hits = s.search("søknadsfrist", k=10, filters=Filter().eq("kind", "faq"))
    assert hits and all(h.kind == "faq" for h in hits)


def test_compound_query_finds_the_parts(ingested: Services) -> None:
    hits = ingested.searcher().search("egenfinansieringskravet", k=5, mode="bm25")
    assert any("egenfinansiering" in h.text.lower() for h in hits)


@pytest.mark.parametrize("mode", ["bm25", "dense", "hybrid"])
def test_every_mode_answers(ingested: Services, mode: str) -> None:
    hits = ingested.searcher().search("Hvem kan søke om prosjektskjønn?", k=3, mode=mode)
    assert len(hits) == 3 and len({h.id for h in hits}) == 3


def test_empty_store_says_what_to_do(settings: Settings) -> None:
    r = CliRunner().invoke(main, ["search", "frist"], env={"SKJONN_EMBEDDER": "fake"})
    assert r.exit_code == 1
    assert "skjonn ingest" in r.output


def test_cli_search_json_and_stdin(settings: Settings, corpus_copy: Path) -> None:
    env = {"SKJONN_EMBEDDER": "fake", "SKJONN_DATA_DIR": str(settings.data_dir)}
    runner = CliRunner()
    r = runner.invoke(main, ["ingest", str(corpus_copy)], env=env)
    assert r.exit_code == 0, r.output
    assert "0 feilet" in r.output
    r = runner.invoke(main, ["search", "rapportering", "-k", "2", "--json"], env=env)
    out = json.loads(r.output)
    assert out["query"] == "rapportering" and len(out["results"]) == 2
    assert set(out["results"][0]) == {
        "id",
        "source",
        "title",
        "kind",
        "year",
        "location",
        "score",
        "text",
    }
    r = runner.invoke(main, ["search", "--stdin", "-k", "1"], input="frist\n\nrapport\n", env=env)
    lines = [json.loads(x) for x in r.output.splitlines()]
    assert [x["query"] for x in lines] == ["frist", "rapport"]
    r = runner.invoke(main, ["status", "--json"], env=env)
    st = json.loads(r.output)
    assert st["store"] == "embedded" and st["documents"] >= 5 and st["chunks"] > 50
    assert st["embedder"] == "fake-hash-256"
