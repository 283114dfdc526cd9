"""The API over real HTTP: status codes, exact fields, Norwegian error messages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.settings import Settings
from tests.conftest import TODAY
from tests.fixtures.server import live_app


@pytest.fixture(scope="module")
def base_url(warm_dir: Path) -> Iterator[str]:
    with live_app(Settings(data_dir=warm_dir, today=TODAY)) as url:
        yield url


@pytest.mark.slow
def test_health(base_url: str) -> None:
    r = httpx.get(f"{base_url}/api/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["chunks"] > 50 and body["store"] == "embedded"


@pytest.mark.slow
def test_ask_answers_with_citations(base_url: str) -> None:
    r = httpx.post(
        f"{base_url}/api/ask",
        json={"question": "Når var søknadsfristen for 2021-midlene?"},
        timeout=30,
    )
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"answer", "answered", "year", "citations", "contact"}
    assert body["answered"] and body["year"] == 2021 and "1. september 2020" in body["answer"]
    assert body["citations"][0]["source"].startswith(("guidelines/", "faq/", "background/"))


@pytest.mark.slow
def test_ask_followup_and_abstain(base_url: str) -> None:
    hist = [
        {"role": "user", "content": "Når var søknadsfristen for prosjektskjønn 2021?"},
        {"role": "assistant", "content": "1. september 2020."},
    ]
    r = httpx.post(
        f"{base_url}/api/ask",
        json={"question": "Og hva med rapporteringen?", "history": hist},
        timeout=30,
    )
    assert r.status_code == 200 and "1. juni 2022" in r.json()["answer"]
    r = httpx.post(f"{base_url}/api/ask", json={"question": "Hvem vinner fotball-VM?"}, timeout=30)
    body = r.json()
    assert body["answered"] is False and "sftlpost@statsforvalteren.no" in body["contact"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("payload", "status", "text"),
    [
        ({"question": "   "}, 422, "Spørsmålet er tomt"),
        ({"question": "x" * 5000}, 422, "question"),
        ({"history": []}, 422, "question"),
        ({"question": "Hei", "history": [{"role": "system", "content": "x"}]}, 422, "history"),
    ],
)
def test_bad_requests_get_clear_errors(
    base_url: str, payload: dict, status: int, text: str
) -> None:
    r = httpx.post(f"{base_url}/api/ask", json=payload, timeout=30)
    assert r.status_code == status
    body = r.json()
    assert body["error"] == "invalid_input" and text in body["message"]


@pytest.mark.slow
def test_search_endpoint(base_url: str) -> None:
    r = httpx.post(
        f"{base_url}/api/search", json={"query": "egenfinansiering", "k": 2, "year": 2025}
    )
    assert r.status_code == 200
    res = r.json()["results"]
    assert len(res) == 2 and all(x["year"] in (2025, None) for x in res)


def test_empty_store_is_409(settings: Settings) -> None:
    with live_app(settings) as url:
        r = httpx.post(f"{url}/api/search", json={"query": "frist"})
    assert r.status_code == 409
    assert r.json() == {
        "error": "not_ingested",
        "message": "Kunnskapsbasen er tom. Kjør `skjonn ingest` først (eller `make run`).",
    }
