"""Pre-check and archive endpoints over real HTTP, against the real app and store."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.settings import Settings
from evals.common import EVALS_DIR
from tests.conftest import TODAY
from tests.fixtures.files import make_pdf
from tests.fixtures.server import live_app

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def base_url(warm_dir: Path) -> Iterator[str]:
    with live_app(Settings(data_dir=warm_dir, today=TODAY, rate_limit=0)) as url:
        yield url


def _draft(name: str) -> dict:
    return json.loads(
        (EVALS_DIR / "sets" / "drafts" / "dev-own" / name).read_text(encoding="utf-8")
    )["utkast"]


def test_precheck_json_clean_draft(base_url: str, warm_dir: Path) -> None:
    draft = _draft("clean-2025-plan.json")
    marker = "Kontaktperson Kari Nordmann-Testesen, telefon 912 34 567"
    draft["mål_og_gjennomføring"] += f" {marker}."
    r = httpx.post(f"{base_url}/v1/precheck", json=draft, timeout=60)
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) >= {"round", "findings", "similar_projects", "summary"}
    assert "2025" in body["round"]
    assert not [f for f in body["findings"] if f["severity"] == "blocking"]
    for f in body["findings"]:
        if f["severity"] in ("blocking", "warning"):
            assert f["citation"]["document"] and f["citation"]["year"] == 2025
    assert body["similar_projects"]
    # the draft is not stored: its personal data is in no file of the data dir
    for path in warm_dir.rglob("*"):
        if path.is_file():
            assert b"Nordmann-Testesen" not in path.read_bytes(), path


def test_precheck_markdown_upload_and_blocking(base_url: str) -> None:
    md = (
        "# Drift av svømmehallen\n\nSøker: Hitra kommune\n\n## Utfordringer\n\n"
        "Vi trenger penger til ordinær drift av svømmehallen og lønn til badevakter.\n\n"
        "## Mål og gjennomføring\n\nMålet er å holde hallen åpen.\n\n"
        "## Budsjett\n\nSøknadsbeløp: 100 000 kr\nTotalkostnad: 100 000 kr\n"
    )
    r = httpx.post(
        f"{base_url}/v1/precheck",
        files={"file": ("utkast.md", md.encode())},
        params={"round": "2021"},
        timeout=60,
    )
    assert r.status_code == 200, r.text
    codes = {f["code"] for f in r.json()["findings"] if f["severity"] == "blocking"}
    assert "ordinary_operations" in codes and "below_minimum_amount" in codes


def test_precheck_pdf_upload(base_url: str, tmp_path: Path) -> None:
    pdf = make_pdf(
        tmp_path / "utkast.pdf",
        [
            "Tittel: Digital innbyggerdialog\nSøker: Malvik kommune\nInnsendt: 2024-06-21\n"
            "Utfordringer: Få innbyggere deltar i høringer.\n"
            "Søknadsbeløp: 500 000 kr\nTotalkostnad: 800 000 kr\n"
        ],
    )
    r = httpx.post(
        f"{base_url}/v1/precheck",
        files={"file": ("utkast.pdf", pdf.read_bytes(), "application/pdf")},
        timeout=60,
    )
    assert r.status_code == 200, r.text
    blocking = {f["code"] for f in r.json()["findings"] if f["severity"] == "blocking"}
    assert "deadline_passed" in blocking


@pytest.mark.parametrize(
    ("files", "status", "error", "text"),
    [
        ({"file": ("x.exe", b"MZ")}, 415, "unsupported_type", "Filtypen .exe støttes ikke"),
        ({"file": ("bilde.png", b"\x89PNG\r\n")}, 415, "unsupported_type", "støttes ikke"),
        ({"file": ("tom.txt", b"")}, 422, "invalid_input", "Utkastet er tomt"),
        ({"file": ("skannet.pdf", b"%PDF-1.4 broken")}, 422, "invalid_input", "PDF"),
        ({"annet": ("x.txt", b"Tittel: x")}, 422, "invalid_input", "feltet «file»"),
        ({"file": ("stor.txt", b"a" * (10 * 1024 * 1024 + 10))}, 413, "too_large", "10 MB"),
    ],
)
def test_precheck_upload_errors(
    base_url: str, files: dict, status: int, error: str, text: str
) -> None:
    r = httpx.post(f"{base_url}/v1/precheck", files=files, timeout=60)
    assert r.status_code == status, r.text
    assert r.json()["error"] == error and text in r.json()["message"]


def test_precheck_body_errors(base_url: str) -> None:
    r = httpx.post(f"{base_url}/v1/precheck", json={"søker": "Malvik kommune"}, timeout=30)
    assert r.status_code == 422 and "tittel" in r.json()["message"]
    r = httpx.post(
        f"{base_url}/v1/precheck",
        content=b"{ikke json",
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 400 and r.json()["error"] == "bad_request"
    r = httpx.post(
        f"{base_url}/v1/precheck", content=b"tekst", headers={"content-type": "text/plain"}
    )
    assert r.status_code == 415 and r.json()["error"] == "unsupported_type"
    r = httpx.get(f"{base_url}/v1/precheck/schema")
    assert r.status_code == 200 and "tittel" in r.json()["required"]


def test_search_with_text_and_filters(base_url: str) -> None:
    r = httpx.get(
        f"{base_url}/v1/projects/search",
        params={"q": "velferdsteknologi i pleie og omsorg", "k": 3, "to_year": 2018},
        timeout=60,
    )
    assert r.status_code == 200, r.text
    res = r.json()["results"]
    assert res and all(x["år"] <= 2018 for x in res) and all(x["why"] for x in res)


def test_browse_without_text_and_csv(base_url: str) -> None:
    params = {"sector": "Pleie og omsorg", "from_year": 2019}
    body = httpx.get(f"{base_url}/v1/projects/search", params=params).json()
    assert body["total"] == len(body["results"]) > 0
    years = [x["år"] for x in body["results"]]
    assert years == sorted(years, reverse=True) and min(years) >= 2019
    assert all("Pleie og omsorg" in x["sektorer"] for x in body["results"])
    r = httpx.get(f"{base_url}/v1/projects/search", params={**params, "format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text.lstrip("\ufeff")), delimiter=";"))
    assert [row["id"] for row in rows] == [x["id"] for x in body["results"]]
    r = httpx.get(f"{base_url}/v1/projects/search", params={"sector": "Romfart"})
    assert r.status_code == 422 and "Kjente verdier" in r.json()["message"]
    r = httpx.get(f"{base_url}/v1/projects/search", params={"from_year": 2020, "to_year": 2018})
    assert r.status_code == 422


def test_stats_count_known_amounts_and_follow_the_search(base_url: str) -> None:
    """The figures sum known amounts only and cover exactly the projects the search lists."""
    from assistant.settings import BUNDLED_CORPUS

    lines = (BUNDLED_CORPUS / "projects" / "prosjekter.jsonl").read_text(encoding="utf-8")
    records = [json.loads(line) for line in lines.splitlines() if line.strip()]
    granted = [r["tildelt_beløp"] for r in records if r.get("tildelt_beløp") is not None]
    total = httpx.get(f"{base_url}/v1/projects/stats").json()["total"]
    assert total["antall"] == len(records)
    assert total["tildelt_kjent"] == len(granted) < len(records)
    assert total["tildelt_beløp"] == sum(granted)

    for params in ({"sector": "Pleie og omsorg"}, {"q": "velferdsteknologi", "k": 7}):
        found = httpx.get(f"{base_url}/v1/projects/search", params=params).json()
        report = httpx.get(f"{base_url}/v1/projects/stats", params=params).json()
        assert report["total"]["antall"] == found["total"], params
        assert sum(g["antall"] for g in report["groups"]) == found["total"]  # by year: once each
        known = [r["tildelt_beløp"] for r in found["results"] if r["tildelt_beløp"] is not None]
        assert report["total"]["tildelt_kjent"] == len(known)
        assert report["total"]["tildelt_beløp"] == (sum(known) if known else None)

    # a year whose granted amounts are all unknown: null in JSON, «ukjent» in CSV
    groups = httpx.get(f"{base_url}/v1/projects/stats").json()["groups"]
    unknown = [g for g in groups if g["tildelt_kjent"] == 0]
    assert unknown and all(g["tildelt_beløp"] is None for g in unknown)
    r = httpx.get(f"{base_url}/v1/projects/stats", params={"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(r.text.lstrip("\ufeff")), delimiter=";"))
    by_year = {row["gruppe"]: row for row in rows}
    year = str(unknown[0]["gruppe"])
    assert by_year[year]["tildelt_beløp"] == "ukjent" and by_year[year]["tildelt_kjent"] == "0"
    r = httpx.get(f"{base_url}/v1/projects/stats", params={"from_year": 2021, "to_year": 2019})
    assert r.status_code == 422 and r.json()["message"] == "Fra-år 2021 er etter til-år 2019."


def test_stats_facets_and_one_record(base_url: str) -> None:
    r = httpx.get(
        f"{base_url}/v1/projects/stats", params={"by": "år", "from_year": 2019, "to_year": 2019}
    )
    groups = r.json()["groups"]
    assert len(groups) == 1 and groups[0]["antall"] >= 6 and groups[0]["gruppe"] == 2019
    r = httpx.get(f"{base_url}/v1/projects/stats", params={"by": "sektor", "format": "csv"})
    rows = list(csv.reader(io.StringIO(r.text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == [
        "gruppe",
        "antall",
        "søkt_beløp",
        "søkt_kjent",
        "tildelt_beløp",
        "tildelt_kjent",
        "rapportert_beløp",
        "rapportert_kjent",
    ]
    assert len(rows) > 3
    assert httpx.get(f"{base_url}/v1/projects/stats", params={"by": "farge"}).status_code == 422
    facets = httpx.get(f"{base_url}/v1/projects/facets").json()
    assert "Pleie og omsorg" in facets["sektorer"] and facets["år"][0] <= 2017
    pid = httpx.get(f"{base_url}/v1/projects/search", params={"k": 1}).json()["results"][0]["id"]
    r = httpx.get(f"{base_url}/v1/projects/{pid}")
    assert r.status_code == 200 and r.json()["id"] == pid
    r = httpx.get(f"{base_url}/v1/projects/finnes-ikke")
    assert r.status_code == 404 and r.json() == {
        "error": "not_found",
        "message": "Fant ikke prosjektet «finnes-ikke» i arkivet.",
    }
