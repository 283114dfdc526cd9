"""The CLI as the officer sees it: exit codes and output."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import main


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SKJONN_EMBEDDER", "fake")

    def _run(*args: str):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return _run


def test_import_then_similar_text(run, records_file: Path) -> None:  # type: ignore[no-untyped-def]
    res = run("projects", "import", str(records_file))
    assert res.exit_code == 0, res.output
    assert f"{records_file}: 5 poster – 5 nye, 0 endret, 0 uendret, 0 feil" in res.output
    res = run("similar", "velferdsteknologi i Malvik", "-k", "2", "--sector", "Pleie og omsorg")
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[0] == "1. Velferdsteknologi i hjemmetjenesten (2018)  [a1]"
    assert "Fullført · søkt 1 000 000 kr · tildelt 600 000 kr · rapportert 550 000 kr" in res.output
    assert (
        "Hvorfor: felles sektor: Pleie og omsorg; felles ord: velferdsteknologi; samme kommune: Malvik"
        in res.output
    )
    assert "[c3]" in res.output and "[e5]" not in res.output


def test_similar_json_has_integer_amounts(run, records_file: Path) -> None:  # type: ignore[no-untyped-def]
    run("projects", "import", str(records_file))
    res = run("similar", "velferdsteknologi", "--json", "--min-amount", "1,5 mill.")
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert [h["id"] for h in out["results"]] == ["c3"]
    assert out["results"][0]["tildelt_beløp"] == 1_600_000


def test_import_with_bad_rows_exits_1_and_names_lines(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "brutt.csv"
    path.write_text(
        "År;Tittel;Sektorer;Kommuner;Søkt beløp;Rapportert beløp;Status\n"
        "2018;God rad;Kultur;Molde;100 000;;Aktiv\n2018;;Kultur;Molde;1;;Aktiv\n",
        encoding="utf-8",
    )
    res = CliRunner().invoke(main, ["projects", "import", str(path)])
    assert res.exit_code == 1
    assert "FEIL linje 3: mangler tittel" in res.output
    assert "Totalt: 1 poster – 1 nye, 0 endret, 0 uendret, 1 feil" in res.output


def test_import_dry_run_and_json(run, records_file: Path) -> None:  # type: ignore[no-untyped-def]
    res = run("projects", "import", "--dry-run", "--json", str(records_file))
    assert res.exit_code == 0
    out = json.loads(res.output)
    assert out["dry_run"] is True and out["counts"]["new"] == 5
    res = CliRunner().invoke(main, ["similar", "velferdsteknologi"])
    assert res.exit_code == 1
    assert "Prosjektarkivet er tomt. Kjør `skjonn ingest`" in res.output


def test_similar_needs_text_or_draft(run) -> None:  # type: ignore[no-untyped-def]
    res = CliRunner().invoke(main, ["similar"])
    assert res.exit_code == 2
    assert "Ugyldig verdi for TEKST: gi enten TEKST eller --draft FIL" in res.output
    res = CliRunner().invoke(main, ["similar", "x", "--min-amount", "mye"])
    assert res.exit_code == 2 and "ugyldig beløp «mye»" in res.output


def test_unknown_sector_exits_2(run, records_file: Path) -> None:  # type: ignore[no-untyped-def]
    run("projects", "import", str(records_file))
    res = CliRunner().invoke(main, ["similar", "x", "--sector", "Helse"])
    assert res.exit_code == 2
    assert "Ingen prosjekter i arkivet har sektoren «Helse»" in res.output


def test_similar_draft_flags_near_duplicate(run, records_file: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("projects", "import", str(records_file))
    draft = {
        "tittel": "Velferdsteknologi for eldre",
        "søker": "Hamar",
        "samarbeidskommuner": ["Løten"],
        "sektorer": ["Pleie og omsorg"],
        "utfordringer": "Felles responssenter og sensorer i omsorgsboliger.",
        "mål_og_gjennomføring": "",
    }
    path = tmp_path / "utkast.json"
    path.write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    res = run("similar", "--draft", str(path), "-k", "3")
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[0] == "1. Velferdsteknologi for eldre (2020)  [c3]"
    assert "⚠ Nesten likt et tidligere støttet prosjekt" in res.output
    bad = tmp_path / "brutt.json"
    bad.write_text("{tittel", encoding="utf-8")
    res = CliRunner().invoke(main, ["similar", "--draft", str(bad)])
    assert res.exit_code == 2 and "Ugyldig JSON på linje 1" in res.output


def test_stats_text_json_csv(run, records_file: Path) -> None:  # type: ignore[no-untyped-def]
    run("projects", "import", str(records_file))
    res = run("projects", "stats", "--by", "sektor")
    assert res.exit_code == 0
    lines = res.output.splitlines()
    assert lines[0].split() == ["Sektor", "Antall", "Søkt", "Tildelt", "Rapportert"]
    row = next(line for line in lines if line.startswith("Pleie og omsorg"))
    assert re.split(r"\s{2,}", row) == [
        "Pleie og omsorg",
        "2",
        "3 500 000 kr (2 av 2)",
        "2 200 000 kr (2 av 2)",
        "1 784 567 kr (2 av 2)",
    ]
    # an unknown amount is shown as unknown, not as 0 kr
    row = next(line for line in lines if line.startswith("Oppvekst"))
    assert re.split(r"\s{2,}", row)[2:] == [
        "300 001 kr (1 av 1)",
        "ukjent (0 av 1)",
        "ukjent (0 av 1)",
    ]
    total = next(line for line in lines if line.startswith("Totalt"))
    assert re.split(r"\s{2,}", total) == [
        "Totalt",
        "5",
        "5 350 001 kr (5 av 5)",
        "3 350 000 kr (4 av 5)",
        "2 117 900 kr (3 av 5)",
    ]
    assert "«4 av 5» under Tildelt betyr at 4 av de 5 prosjektene har kjent tildelt beløp" in (
        res.output
    )
    assert "Ukjente beløp er ikke regnet som 0 kr." in res.output
    assert "telles i hver av dem" in res.output
    out = json.loads(run("projects", "stats", "--json", "--from-year", "2021").output)
    assert out["groups"] == [
        {
            "gruppe": 2021,
            "antall": 2,
            "søkt_beløp": 1_050_001,
            "søkt_kjent": 2,
            "tildelt_beløp": 750_000,
            "tildelt_kjent": 1,
            "rapportert_beløp": 333_333,
            "rapportert_kjent": 1,
        }
    ]
    assert out["total"]["søkt_beløp"] == 1_050_001
    res = run("projects", "stats", "--by", "kommune", "--csv")
    assert res.output.splitlines()[:2] == [
        "kommune,antall,søkt_beløp,søkt_kjent,tildelt_beløp,tildelt_kjent,"
        "rapportert_beløp,rapportert_kjent",
        "Hamar,2,2800001,2,1600000,1,1234567,1",
    ]
    assert "Oppvekst" not in res.output  # by kommune
    res = run("projects", "stats", "--by", "sektor", "--csv")
    assert "Oppvekst,1,300001,1,ukjent,0,ukjent,0" in res.output.splitlines()


def test_show(run, records_file: Path) -> None:  # type: ignore[no-untyped-def]
    run("projects", "import", str(records_file))
    res = run("projects", "show", "c3")
    assert res.exit_code == 0
    assert "Velferdsteknologi for eldre  [c3]" in res.output
    assert "Rapportert: 1 234 567 kr" in res.output
    assert json.loads(run("projects", "show", "c3", "--json").output)["søkt_beløp"] == 2_500_000
    res = CliRunner().invoke(main, ["projects", "show", "zz"])
    assert res.exit_code == 1 and "Fant ikke prosjektet «zz»" in res.output


def test_synth_writes_jsonl(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    res = run("projects", "synth", "3", "--seed", "7")
    rows = [json.loads(line) for line in res.output.splitlines()]
    assert [r["id"] for r in rows] == ["syn-7-000001", "syn-7-000002", "syn-7-000003"]
    out = tmp_path / "syn.jsonl"
    res = run("projects", "synth", "50", "--seed", "7", "--out", str(out))
    assert res.exit_code == 0
    res = run("projects", "import", str(out))
    assert res.exit_code == 0 and "50 nye" in res.output


def test_one_more_import_is_found_by_the_next_similar(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Each command is a process of its own: the second import is applied to the saved BM25
    index as an increment, and the next `similar` (with a filter: the dense matrix) finds it."""
    from assistant.archive import synth
    from tests.archive.conftest import write_jsonl

    run("projects", "import", str(write_jsonl(tmp_path / "mange.jsonl", synth(20, 3))))
    assert run("similar", "velferdsteknologi", "--sector", "Oppvekst").exit_code == 0
    new = {
        "id": "ny-1",
        "år": 2024,
        "tittel": "Isbjørnberedskap på fjellet",
        "kommuner": ["Røros"],
        "sektorer": ["Oppvekst"],
    }
    res = run("projects", "import", str(write_jsonl(tmp_path / "ny.jsonl", [new])))
    assert "1 nye" in res.output
    base = json.loads((tmp_path / "data" / "bm25" / "projects" / "state.json").read_text())
    res = run("similar", "isbjørnberedskap", "-k", "1", "--sector", "Oppvekst")
    assert res.output.splitlines()[0] == "1. Isbjørnberedskap på fjellet (2024)  [ny-1]"
    state = json.loads((tmp_path / "data" / "bm25" / "projects" / "state.json").read_text())
    assert state["base"] == base["base"] and state["generation"] != base["generation"]
