"""Next year's round and another county with files only: no line of code is touched.

An operator keeps their packs outside the bundled corpus (SKJONN_CORPUS_EXTRA). Trøndelag
2026 is made with `skjonn rounds new`; a fictional second county ("Fjellvik", with two
fictional municipalities) gets a region file and a pack of its own, with a minimum amount
that blocks. After `skjonn ingest`: `ask` answers the 2026 deadline, the pre-check applies
each county's rules to its own municipalities, and /v1/rounds and /sjekk list both.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import httpx
import pytest
import yaml
from click.testing import CliRunner, Result

from assistant.cli import main
from assistant.settings import Settings
from tests.api.test_chat_api import live_app

FJELLVIK = """\
# Synthetic test data: a fictional county with two fictional municipalities.
key: fjellvik
name: Fjellvik
embete: Statsforvalteren i Fjellvik
contact: {name: Statsforvalteren i Fjellvik, email: post@fjellvik.example}
municipalities: [Nordbygd, Sørvika]
"""


def draft(applicant: str) -> str:
    return f"""# Søknad om prosjektskjønn

Søker: {applicant}
Prosjekt: Digital innbyggerdialog
Dato: 1. mars 2025

## Mål og gjennomføring
Vi skal prøve ut en ny digital løsning for innbyggerdialog i planarbeidet, som er nytt for
kommunen. Målet er å øke deltakelsen fra 40 til 200 innspill innen desember 2025.
Aktiviteter: kartlegging (mars), pilot (april–juni), evaluering (august). Prosjektleder er
plansjefen; styringsgruppen er kommunedirektørens ledergruppe.

## Spredning
Erfaringene deles med nabokommunene i regionrådet og i en sluttrapport.

## Finansiering
| Post | Beløp |
|---|---|
| Omsøkt prosjektskjønn | 200 000 kr |
| Kommunal egenfinansiering | 100 000 kr |
| Totalt | 300 000 kr |
"""


def cli(*args: str) -> Result:
    res = CliRunner().invoke(main, list(args), prog_name="skjonn")
    assert res.exit_code == 0, (args, res.output, res.exception)
    return res


def new_county(ops: Path) -> None:
    """Fjellvik's region file, written by hand, and its pack, scaffolded from Trøndelag 2025."""
    (ops / "regions").mkdir(parents=True)
    (ops / "regions" / "fjellvik.yaml").write_text(FJELLVIK, encoding="utf-8")
    cli(
        "rounds", "new", "fjellvik", "2026", "--from", "trondelag-2025",
        "--deadline", "2026-01-15",
    )  # fmt: skip


@pytest.mark.slow
def test_a_new_round_and_a_new_county_need_only_files(
    tmp_path: Path, warm_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, ops = tmp_path / "data", tmp_path / "ops"
    data.mkdir()
    shutil.copy(warm_dir / "vectors.sqlite", data / "vectors.sqlite")  # embeds only what is new
    monkeypatch.setenv("SKJONN_CORPUS_EXTRA", str(ops))
    monkeypatch.setenv("SKJONN_TODAY", "2025-03-01")

    # Trøndelag 2026, scaffolded from 2025
    out = cli(
        "rounds", "new", "trondelag", "2026", "--from", "trondelag-2025",
        "--deadline", "2025-06-20",
    ).output  # fmt: skip
    assert "rules/trondelag-2026.yaml" in out and "TODO" in out
    # a second county: the officer writes its region file, scaffolds its pack and edits both
    new_county(ops)
    guide = ops / "guidelines" / "fjellvik-2026.md"
    text = guide.read_text(encoding="utf-8")
    todo = next(line for line in text.splitlines() if "«Minstebeløp»" in line)
    guide.write_text(
        text.replace(todo, "Minstebeløpet for prosjektskjønn 2026 i Fjellvik er 300 000 kroner."),
        encoding="utf-8",
    )
    pack_path = ops / "rules" / "fjellvik-2026.yaml"
    pack = yaml.safe_load(pack_path.read_text(encoding="utf-8"))
    pack["minimum_amount"] = 300000
    rule = next(r for r in pack["rules"] if r["code"] == "below_minimum_amount")
    rule["severity"] = "blocking"
    rule["message"] = (
        "Søknadsbeløpet er {amount}, under minstebeløpet {minimum} for prosjektskjønn 2026."
    )
    pack_path.write_text(yaml.safe_dump(pack, allow_unicode=True, sort_keys=False), "utf-8")

    listed = cli("rounds", "list", "--json").output
    keys = {r["key"]: r["region_key"] for r in json.loads(listed)}
    assert keys["trondelag-2026"] == "trondelag" and keys["fjellvik-2026"] == "fjellvik"
    assert "0 feil" in cli("rounds", "validate").output
    cli("ingest")

    # ask: the new deadline, from the new guideline, for Trøndelag (the default region)
    ans = json.loads(cli("ask", "Når er søknadsfristen for prosjektskjønn 2026?", "--json").output)
    assert ans["answered"], ans
    assert "20. juni 2025" in ans["answer"].split(" [")[0], ans["answer"]  # the value first
    assert "15. januar 2026" not in ans["answer"]  # Fjellvik's deadline is Fjellvik's
    assert any(c["source"].endswith("trondelag-2026.md") for c in ans["citations"]), ans

    # pre-check: each county's rules for its own municipalities
    for applicant, key, blocks in (
        ("Nordbygd kommune", "fjellvik-2026", True),
        ("Malvik kommune", "trondelag-2026", False),
    ):
        path = tmp_path / f"{key}.md"
        path.write_text(draft(applicant), encoding="utf-8")
        rep = json.loads(cli("precheck", str(path), "--json", "--no-similar").output)
        assert rep["round_key"] == key, rep["round_reason"]
        small = [f for f in rep["findings"] if f["code"] == "below_minimum_amount"]
        if blocks:
            assert small and small[0]["severity"] == "blocking", rep["findings"]
            assert small[0]["citation"]["document"] == "guidelines/fjellvik-2026.md"
            assert "300 000" in small[0]["message"]
        else:
            assert not any(f["severity"] == "blocking" for f in small), small

    # the pages and the API list both counties' rounds
    settings = Settings(data_dir=data, today="2025-03-01", corpus_extra=str(ops))
    with live_app(settings) as url:
        body = httpx.get(f"{url}/v1/rounds", timeout=30).json()
        rules = httpx.get(f"{url}/v1/rules", params={"region": "fjellvik"}, timeout=30).json()
    assert {r["key"] for r in body["regions"]} == {"trondelag", "fjellvik"}
    assert {"trondelag-2026", "fjellvik-2026"} <= {r["key"] for r in body["all_rounds"]}
    assert body["current"] == "trondelag-2026"
    assert rules["key"] == "fjellvik-2026" and rules["contact"]["email"] == "post@fjellvik.example"


def test_validate_says_what_to_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A wrong date, a missing section and an unknown municipality, each with its fix."""
    ops = tmp_path / "ops"
    monkeypatch.setenv("SKJONN_CORPUS_EXTRA", str(ops))
    new_county(ops)
    pack_path = ops / "rules" / "fjellvik-2026.yaml"
    text = pack_path.read_text(encoding="utf-8")
    text = text.replace("deadline: 2026-01-15", "deadline: 2026-13-01")
    text = text.replace("section: Minstebeløp", "section: Minstebelop")
    text += "municipalities: [Nordbygd, Sørvik]\n"
    pack_path.write_text(text, encoding="utf-8")

    res = CliRunner().invoke(main, ["rounds", "validate"], prog_name="skjonn")
    assert res.exit_code == 1, res.output
    out = res.output
    assert "«2026-13-01» er ikke en gyldig dato. Skriv den som ÅÅÅÅ-MM-DD" in out
    assert "seksjonen «Minstebelop» finnes ikke i guidelines/fjellvik-2026.md" in out
    assert "Mente du «Minstebeløp»?" in out
    assert "«Sørvik» er ikke en kommune i Fjellvik" in out and "Mente du «Sørvika»?" in out
    assert "3 feil" in out or "feil," in out


def test_a_deadline_outside_the_round_is_refused_by_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SKJONN_CORPUS_EXTRA", str(tmp_path / "ops"))
    res = CliRunner().invoke(
        main,
        ["rounds", "new", "trondelag", "2026", "--from", "2025", "--deadline", "2023-06-20"],
        prog_name="skjonn",
    )
    assert res.exit_code != 0
    assert "ligger ikke i året før eller i tilskuddsåret 2026" in res.output
    assert not (tmp_path / "ops" / "rules").exists()
