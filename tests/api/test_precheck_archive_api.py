"""Pre-check and archive endpoints over real HTTP."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.settings import Settings
from evals.common import EVALS_DIR
from tests.conftest import TODAY
from tests.fixtures.server import live_app

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def base_url(warm_dir: Path) -> Iterator[str]:
    from assistant.archive import import_bundled
    from assistant.services import Services

    settings = Settings(data_dir=warm_dir, today=TODAY)
    import_bundled(Services(settings))  # idempotent: the archive of the bundled records
    with live_app(settings) as url:
        yield url


def _draft(name: str) -> dict:
    return json.loads((EVALS_DIR / "drafts" / name).read_text(encoding="utf-8"))["utkast"]


def test_precheck_json_clean_draft(base_url: str) -> None:
    r = httpx.post(f"{base_url}/api/precheck", json=_draft("clean-2025-plan.json"), timeout=60)
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) >= {"round", "findings", "similar_projects", "summary"}
    assert "2025" in body["round"]
    assert not [f for f in body["findings"] if f["severity"] == "blocking"]
    for f in body["findings"]:
        if f["severity"] in ("blocking", "warning"):
            assert f["citation"]


def test_precheck_file_upload_and_blocking(base_url: str) -> None:
    md = (
        "# Drift av svømmehallen\n\nSøker: Hitra kommune\n\n## Utfordringer\n\n"
        "Vi trenger penger til ordinær drift av svømmehallen og lønn til badevakter.\n\n"
        "## Mål og gjennomføring\n\nMålet er å holde hallen åpen.\n\n"
        "## Budsjett\n\nSøknadsbeløp: 100 000 kr\nTotalkostnad: 100 000 kr\n"
    )
    r = httpx.post(
        f"{base_url}/api/precheck/file",
        files={"file": ("utkast.md", md.encode())},
        params={"round": "2021"},
        timeout=60,
    )
    assert r.status_code == 200, r.text
    codes = {f["code"] for f in r.json()["findings"] if f["severity"] == "blocking"}
    assert "ordinary_operations" in codes and "below_minimum_amount" in codes


def test_precheck_errors_are_norwegian(base_url: str) -> None:
    r = httpx.post(f"{base_url}/api/precheck", json={"søker": "Malvik kommune"}, timeout=30)
    assert r.status_code == 422 and "tittel" in r.json()["message"]
    r = httpx.post(f"{base_url}/api/precheck/file", files={"file": ("x.exe", b"MZ")}, timeout=30)
    assert r.status_code == 422 and "støttes ikke" in r.json()["message"]
    r = httpx.get(f"{base_url}/api/precheck/schema")
    assert r.status_code == 200 and "tittel" in r.json()["required"]


def test_similar_and_stats(base_url: str) -> None:
    r = httpx.post(
        f"{base_url}/api/similar",
        json={"text": "velferdsteknologi i pleie og omsorg", "k": 3, "to_year": 2018},
        timeout=60,
    )
    assert r.status_code == 200, r.text
    res = r.json()["results"]
    assert res and all(x["år"] <= 2018 for x in res) and all(x["why"] for x in res)
    r = httpx.get(
        f"{base_url}/api/projects/stats", params={"by": "år", "from_year": 2019, "to_year": 2019}
    )
    groups = r.json()["groups"]
    assert len(groups) == 1 and groups[0]["antall"] >= 6 and groups[0]["gruppe"] == 2019
    r = httpx.get(f"{base_url}/api/projects/finnes-ikke")
    assert r.status_code == 404 and r.json()["error"] == "not_found"
