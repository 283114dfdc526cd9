"""When the answerer's sentence vectors are paid for (SKJONN_SENTENCE_VECTORS, issue #17):
warm at ingest, lazy on first use (then cached), or never (each sentence gets its chunk's
vector). Answers come in every mode; real Chroma in tmp_path."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from assistant.answer.service import AnswerService
from assistant.services import Services
from assistant.settings import BUNDLED_CORPUS, Settings
from evals.strict import first_sentence

QUESTION = "Når var søknadsfristen for prosjektskjønn 2021?"


def _cached(settings: Settings) -> int:
    """Vectors in the data dir's vector cache (chunk and sentence vectors alike)."""
    db = sqlite3.connect(settings.data_dir / "vectors.sqlite")
    try:
        return int(db.execute("SELECT count(*) FROM vectors").fetchone()[0])
    finally:
        db.close()


def _ingested(settings: Settings) -> tuple[Services, Any]:
    sv = Services(settings)
    return sv, sv.ingestor(progress=False).run([BUNDLED_CORPUS])


def test_the_default_mode_embeds_no_sentences_at_ingest(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", embedder="fake")
    assert settings.sentence_vectors == "lazy"
    _, report = _ingested(settings)
    assert report.chunks > 200 and report.embedded == report.chunks
    assert report.embedded_sentences == 0
    assert _cached(settings) == report.embedded  # chunk vectors only
    assert f"{report.chunks} biter og 0 setninger innebygd" in report.summary()


def test_warm_embeds_every_sentence_at_ingest_and_once(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", embedder="fake", sentence_vectors="warm")
    sv, report = _ingested(settings)
    assert report.embedded_sentences > report.chunks
    assert _cached(settings) > report.embedded
    again = sv.ingestor(progress=False).run([BUNDLED_CORPUS], reset=True)
    assert again.embedded == 0 and again.embedded_sentences == 0  # all from the cache


def test_an_unknown_mode_lists_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="'warm', 'lazy' or 'off'"):
        Settings(sentence_vectors="sometimes")  # type: ignore[arg-type]


@pytest.mark.parametrize("mode", ["warm", "lazy", "off"])
def test_answers_in_every_mode(mode: str, tmp_path: Path, settings: Settings) -> None:
    s = settings.model_copy(update={"sentence_vectors": mode})
    sv, _ = _ingested(s)
    before = _cached(s)
    svc = AnswerService(sv)
    svc.decide_enabled = False  # the decision is fitted to the real model's similarities
    ans = svc.ask(QUESTION)
    assert ans.answered and ans.year == 2021
    assert "1. september 2020" in first_sentence(ans.answer)
    assert ans.citations and ans.citations[0].source == "faq/sporsmal-og-svar.md"
    after = _cached(s)
    if mode == "lazy":  # the sentences of the retrieved chunks, embedded now and kept
        assert after > before
    else:  # warm: embedded at ingest; off: never
        assert after == before
    # a new answerer (another process) finds them in the cache: nothing embedded again
    again = AnswerService(sv)
    again.decide_enabled = False
    assert again.ask(QUESTION).answer == ans.answer
    assert _cached(s) == after


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["warm", "lazy", "off"])
def test_answers_in_every_mode_with_the_real_model(
    mode: str, real_settings: Settings, tmp_path: Path
) -> None:
    s = real_settings.model_copy(update={"sentence_vectors": mode})
    sv, report = _ingested(s)
    assert report.embedded == 0  # chunk vectors from the copied cache
    svc = AnswerService(sv)
    ans = svc.ask(QUESTION)
    assert ans.answered and "1. september 2020" in first_sentence(ans.answer)
    ans = svc.ask("Kan vi få prosjektskjønn til ordinær drift?")
    assert ans.answered and first_sentence(ans.answer).startswith("Nei")
