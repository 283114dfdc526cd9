"""Similar projects come from the real archive (fake embedder); a funded near-duplicate warns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import main
from tests.precheck.helpers import clean_draft


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("SKJONN_EMBEDDER", "fake")
    monkeypatch.setenv("SKJONN_TODAY", "2024-05-15")
    return CliRunner()


def test_near_duplicate_of_funded_project_is_flagged(runner: CliRunner, tmp_path: Path) -> None:
    records = [
        {
            "id": "syn-malvik-dialog",
            "år": 2022,
            "embete": "Statsforvalteren i Trøndelag",
            "tittel": "Digital innbyggerdialog i planarbeidet",
            "kommuner": ["Malvik kommune"],
            "sektorer": ["Administrasjon og styring"],
            "søkt_beløp": 600000,
            "tildelt_beløp": 500000,
            "rapportert_beløp": None,
            "status": "Fullført",
            "stjerne": False,
            "vurdering": None,
            "beskrivelse": "Malvik prøvde ut digital dialog med innbyggerne i reguleringsplaner.",
            "kilde": "test",
            "syntetisk": True,
        },
        {
            "id": "syn-leka-fisk",
            "år": 2021,
            "embete": "Statsforvalteren i Trøndelag",
            "tittel": "Sjømatkompetanse i skolen",
            "kommuner": ["Leka"],
            "sektorer": ["Oppvekst"],
            "søkt_beløp": 300000,
            "tildelt_beløp": 200000,
            "rapportert_beløp": None,
            "status": "Aktiv",
            "stjerne": False,
            "vurdering": None,
            "beskrivelse": "Undervisning om havbruk.",
            "kilde": "test",
            "syntetisk": True,
        },
    ]
    src = tmp_path / "arkiv.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    imported = runner.invoke(main, ["projects", "import", str(src)], catch_exceptions=False)
    assert imported.exit_code == 0, imported.output
    draft = tmp_path / "utkast.json"
    draft.write_text(json.dumps(clean_draft(), ensure_ascii=False), encoding="utf-8")
    res = runner.invoke(main, ["precheck", str(draft), "--json"], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    top = out["similar_projects"][0]
    assert (top["title"], top["year"], top["amount"], top["status"]) == (
        "Digital innbyggerdialog i planarbeidet",
        2022,
        500000,
        "Fullført",
    )
    assert top["near_duplicate"] is True and top["reason"]
    dup = next(f for f in out["findings"] if f["code"] == "near_duplicate_funded")
    assert dup["severity"] == "warning" and dup["citation"]["section"] == "Vurderingskriterier"
    assert "similar_projects_unavailable" not in {f["code"] for f in out["findings"]}


def test_similar_draft_reads_word_and_text_like_json(runner: CliRunner, tmp_path: Path) -> None:
    """`skjonn similar --draft` takes the same formats as the pre-check (one reader)."""
    from tests.precheck.helpers import LETTER, word_draft

    record = {
        "id": "syn-selbu-dialog",
        "år": 2022,
        "embete": "Statsforvalteren i Trøndelag",
        "tittel": "Digital innbyggerdialog i planarbeidet",
        "kommuner": ["Selbu kommune"],
        "sektorer": ["Administrasjon og styring"],
        "søkt_beløp": 600000,
        "tildelt_beløp": 500000,
        "status": "Fullført",
        "beskrivelse": "Selbu prøvde ut digital dialog med innbyggerne i reguleringsplaner.",
        "kilde": "test",
        "syntetisk": True,
    }
    src = tmp_path / "arkiv.jsonl"
    src.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    assert runner.invoke(main, ["projects", "import", str(src)]).exit_code == 0
    word = tmp_path / "utkast.docx"
    word.write_bytes(word_draft())
    letter = tmp_path / "brev.txt"
    letter.write_text(LETTER, encoding="utf-8")
    for path in (word, letter):
        res = runner.invoke(main, ["similar", "--draft", str(path), "--json"])
        assert res.exit_code == 0, res.output
        hits = json.loads(res.output)["results"]
        assert hits and hits[0]["id"] == "syn-selbu-dialog"
    broken = tmp_path / "brutt.docx"
    broken.write_bytes(b"PK ikke en zip")
    res = runner.invoke(main, ["similar", "--draft", str(broken)])
    assert res.exit_code == 2
    assert (
        "Kunne ikke lese utkastet: filen heter .docx, men er ikke et Word-dokument." in res.output
    )
