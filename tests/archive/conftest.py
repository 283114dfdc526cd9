"""Archive fixtures: a small hand-made archive whose figures are computed by hand in tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

T = "Statsforvalteren i Trøndelag"
I = "Statsforvalteren i Innlandet"  # noqa: E741

RECORDS: list[dict[str, Any]] = [
    {
        "id": "a1",
        "år": 2018,
        "embete": T,
        "tittel": "Velferdsteknologi i hjemmetjenesten",
        "kommuner": ["Malvik", "Melhus"],
        "sektorer": ["Pleie og omsorg", "Kommunehelse"],
        "søkt_beløp": 1_000_000,
        "tildelt_beløp": 600_000,
        "rapportert_beløp": 550_000,
        "status": "Fullført",
        "beskrivelse": "Digitalt tilsyn og trygghetsalarmer for eldre som bor hjemme.",
    },
    {
        "id": "b2",
        "år": 2019,
        "embete": T,
        "tittel": "Digital byggesak",
        "kommuner": ["Trondheim"],
        "sektorer": ["Administrasjon og styring"],
        "søkt_beløp": 800_000,
        "tildelt_beløp": 400_000,
        "rapportert_beløp": None,
        "status": "Aktiv",
        "beskrivelse": "Raskere byggesaksbehandling med digitale søknader.",
    },
    {
        "id": "c3",
        "år": 2020,
        "embete": I,
        "tittel": "Velferdsteknologi for eldre",
        "kommuner": ["Hamar", "Stange"],
        "sektorer": ["Pleie og omsorg"],
        "søkt_beløp": 2_500_000,
        "tildelt_beløp": 1_600_000,
        "rapportert_beløp": 1_234_567,
        "status": "Fullført",
        "beskrivelse": "Felles responssenter og sensorer i omsorgsboliger.",
    },
    {
        "id": "d4",
        "år": 2021,
        "embete": I,
        "tittel": "Barnehage og tidlig innsats",
        "kommuner": ["Hamar"],
        "sektorer": ["Oppvekst"],
        "søkt_beløp": 300_001,
        "tildelt_beløp": None,
        "rapportert_beløp": None,
        "status": "Avslått",
        "beskrivelse": "Språkopplæring og overgang fra barnehage til skole.",
    },
    {
        "id": "e5",
        "år": 2021,
        "embete": T,
        "tittel": "Velferdsteknologi og legevakt",
        "kommuner": ["Malvik"],
        "sektorer": ["Kommunehelse", "Samfunnssikkerhet og beredskap"],
        "søkt_beløp": 750_000,
        "tildelt_beløp": 750_000,
        "rapportert_beløp": 333_333,
        "status": "Aktiv",
        "beskrivelse": "Legevakt på video og digital hjemmeoppfølging om natten.",
    },
]


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


@pytest.fixture
def records_file(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "arkiv.jsonl", RECORDS)


@pytest.fixture
def loaded(services, records_file: Path):  # type: ignore[no-untyped-def]
    """Services with the five hand-made records imported (fake embedder)."""
    from assistant.archive import import_files

    report = import_files(services, [records_file])
    assert report.failed == 0 and report.total("new") == 5
    return services
