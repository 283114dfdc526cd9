"""/v1/rounds and the pre-check say whether a round is open, over real HTTP."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from assistant.cli import main
from assistant.settings import Settings
from tests.fixtures.server import live_app

CLOSED = dt.date(2024, 9, 1)  # after the 2025 round's deadline (20 June 2024), none newer
MESSAGE = (
    "Søknadsfristen for prosjektskjønn 2025 var 20. juni 2024. Neste runde er ikke kunngjort "
    "ennå. Kontakt Statsforvalteren i Trøndelag (sftlpost@statsforvalteren.no) for å høre når "
    "neste runde kommer."
)


DRAFT = {
    "tittel": "Digital innbyggerdialog i planarbeidet",
    "søker": "Malvik kommune",
    "innsendt": "2024-06-10",
    "utfordringer": "Få innbyggere deltar i høringer om arealplaner.",
    "mål_og_gjennomføring": (
        "Målet er å øke antall innspill i planhøringer fra 40 til 120 per plan. Vi skal prøve "
        "ut en digital dialogløsning i to reguleringsplaner, evaluere den og skrive sluttrapport."
    ),
    "roller_som_styrkes": ["lokaldemokratisk arena"],
    "overføring_og_spredning": "Erfaringene deles i plannettverket i Trøndelag.",
    "budsjett": [{"post": "Prosjektledelse", "beløp": 300000}],
    "totalkostnad": 300000,
    "søknadsbeløp": 200000,
    "kommunal_egenfinansiering": {"beløp": 100000, "form": "arbeidstimer"},
}


@pytest.mark.parametrize(
    ("today", "is_open", "current"),
    [
        (dt.date(2020, 8, 1), True, "trondelag-2021"),
        (dt.date(2024, 6, 20), True, "trondelag-2025"),  # the deadline day itself is open
        (dt.date(2024, 6, 21), False, "trondelag-2025"),
        (CLOSED, False, "trondelag-2025"),
    ],
)
def test_rounds_say_whether_a_round_is_open(
    tmp_path: Path, today: dt.date, is_open: bool, current: str
) -> None:
    with live_app(Settings(data_dir=tmp_path / "d", embedder="fake", today=today)) as url:
        body = httpx.get(f"{url}/v1/rounds").json()
    assert body["current"] == current
    assert body["open"] is is_open and body["next_round_announced"] is is_open
    assert body["message"] == (None if is_open else MESSAGE)
    assert body["contact"] == {
        "name": "Statsforvalteren i Trøndelag",
        "email": "sftlpost@statsforvalteren.no",
    }


def test_precheck_response_carries_the_round_status(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "d", embedder="fake", today=CLOSED)
    with live_app(settings) as url:
        r = httpx.post(f"{url}/v1/precheck", json=DRAFT, timeout=60)
    assert r.status_code == 200, r.text
    status = r.json()["round_status"]
    assert status == {
        "open": False,
        "next_round_announced": False,
        "round": "trondelag-2025",
        "region": "trondelag",
        "deadline": "2024-06-20",
        "message": MESSAGE,
    }


def test_cli_precheck_says_no_round_is_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SKJONN_EMBEDDER", "fake")
    draft = tmp_path / "utkast.json"
    draft.write_text(json.dumps(DRAFT, ensure_ascii=False), encoding="utf-8")
    for today, expected in (("2024-05-15", None), (CLOSED.isoformat(), MESSAGE)):
        monkeypatch.setenv("SKJONN_TODAY", today)
        res = CliRunner().invoke(main, ["precheck", str(draft), "--no-similar"])
        assert res.exit_code == 0, res.output
        first = res.output.splitlines()[0]
        if expected is None:
            assert first.startswith("Forhåndssjekk av «")
        else:
            assert first == f"Ingen søknadsrunde er åpen nå. {expected}"
        out = json.loads(
            CliRunner().invoke(main, ["precheck", str(draft), "--no-similar", "--json"]).output
        )
        assert out["round_status"]["message"] == expected
