"""Synthetic records and the pre-check entry point ``similar_to_draft``."""

from __future__ import annotations

import pytest

from assistant.archive import SimilarProject, similar_to_draft, synth
from assistant.archive.geo import COUNTIES, county_of
from assistant.archive.synth import TOPICS
from assistant.errors import InputError

ARCHIVE_SECTORS = {s for _, sectors, _ in TOPICS for s in sectors}


def test_synth_is_deterministic_realistic_and_marked() -> None:
    a, b = synth(300, seed=3), synth(300, seed=3)
    assert a == b and synth(5, seed=4) != a[:5]
    assert len({r["id"] for r in a}) == 300
    for r in a:
        assert r["syntetisk"] is True
        assert all(county_of(m) for m in r["kommuner"])  # real municipality names
        county = r["embete"].split(" i ", 1)[1]
        assert county in COUNTIES and all(county_of(m) == county for m in r["kommuner"])
        assert set(r["sektorer"]) <= ARCHIVE_SECTORS
        assert 2005 <= r["år"] <= 2024
        assert r["søkt_beløp"] % 10_000 == 0 and 10_000 <= r["søkt_beløp"] <= 6_000_000
        if r["status"] == "Avslått":
            assert r["tildelt_beløp"] == 0 and r["rapportert_beløp"] is None
        else:
            assert 0 < r["tildelt_beløp"] <= r["søkt_beløp"]
    assert {r["status"] for r in a} == {"Aktiv", "Fullført", "Avslått"}


def test_similar_to_draft_shape(loaded) -> None:  # type: ignore[no-untyped-def]
    draft = {
        "tittel": "Velferdsteknologi og legevakt",
        "søker": "Malvik",
        "samarbeidskommuner": "Melhus, Skaun",
        "sektorer": ["Kommunehelse"],
        "utfordringer": "Legevakt på video om natten.",
        "mål_og_gjennomføring": "Digital hjemmeoppfølging.",
    }
    found = similar_to_draft(loaded, draft, k=3)
    assert all(isinstance(h, SimilarProject) for h in found)
    hits = [h.public() for h in found]  # the JSON shape the API and the CLI show
    assert len(hits) == 3
    top = hits[0]
    assert top["id"] == "e5" and top["near_duplicate"] is True
    assert top["why"][0] == "nesten likt et tidligere støttet prosjekt"
    assert "samme kommune: Malvik" in top["why"] and "felles sektor: Kommunehelse" in top["why"]
    for key in (
        "id",
        "tittel",
        "år",
        "kommuner",
        "tildelt_beløp",
        "søkt_beløp",
        "status",
        "score",
        "why",
    ):
        assert key in top
    assert all(isinstance(h["near_duplicate"], bool) for h in hits)
    assert not any(h["near_duplicate"] for h in hits[1:])


def test_rejected_project_is_never_a_near_duplicate(loaded) -> None:  # type: ignore[no-untyped-def]
    draft = {
        "tittel": "Barnehage og tidlig innsats",
        "søker": "Hamar",
        "sektorer": ["Oppvekst"],
        "utfordringer": "Språkopplæring og overgang fra barnehage til skole.",
    }
    hits = [h.public() for h in similar_to_draft(loaded, draft, k=1)]
    assert hits[0]["id"] == "d4" and hits[0]["near_duplicate"] is False


def test_empty_draft_is_an_input_error(loaded) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="fyll ut tittel"):
        similar_to_draft(loaded, {"søker": "Malvik"})
