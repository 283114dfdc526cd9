"""A planted false fact never leads the answer: two sources that give different values for
the same rule are shown as a conflict, and the round's own guideline is preferred."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.admin import ingest_everything
from assistant.answer.service import AnswerService
from assistant.services import Services
from assistant.settings import Settings
from evals.strict import first_sentence

pytestmark = pytest.mark.slow

PLANTED = """---
title: "Nyhetsbrev om skjønnsmidler"
kind: background
region: "Trøndelag"
---

# Nyhetsbrev om skjønnsmidler

## Frister

Søknadsfristen for prosjektskjønn 2025 er 1. januar 2025.
"""


def test_planted_deadline_is_shown_as_a_conflict_and_the_guideline_leads(
    real_settings: Settings, corpus_copy: Path
) -> None:
    (corpus_copy / "background" / "nyhetsbrev.md").write_text(PLANTED, encoding="utf-8")
    services = Services(real_settings.model_copy(update={"corpus_dir": corpus_copy}))
    assert ingest_everything(services)["ok"]
    ans = AnswerService(services).ask("Når er søknadsfristen for prosjektskjønn 2025?")
    assert ans.answered
    assert "20. juni 2024" in first_sentence(ans.answer), ans.answer
    assert "1. januar 2025" not in first_sentence(ans.answer)
    # the other value is not hidden: it is named as a conflict, with its source
    assert "Merk: en annen kilde" in ans.answer and "1. januar 2025" in ans.answer
    assert "Nyhetsbrev om skjønnsmidler" in {c.title for c in ans.citations}


def test_no_conflict_between_different_rounds_or_things(corpus_services: Services) -> None:
    svc = AnswerService(corpus_services)
    for q in (
        "Når var søknadsfristen for prosjektskjønn 2021?",
        "Hvor mye ble fordelt til fornyings- og innovasjonsprosjekter for 2021?",
        "Når er fristen?",
    ):
        assert "Merk:" not in svc.ask(q).answer, q
