"""skjonn precheck / rules through click's CliRunner: output, JSON shape and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import main
from tests.precheck.helpers import MD_DRAFT, clean_draft, eval_draft


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SKJONN_EMBEDDER", "fake")
    monkeypatch.setenv("SKJONN_TODAY", "2024-05-15")
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(main, list(args), input=input, catch_exceptions=False)

    return invoke


def _write(tmp_path: Path, name: str, data: dict | str) -> str:
    p = tmp_path / name
    p.write_text(
        data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8"
    )
    return str(p)


def test_json_output_shape(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    res = run(
        "precheck",
        _write(tmp_path, "u.json", eval_draft("no-cofinancing-2025")["utkast"]),
        "--json",
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert set(out) >= {"round", "findings", "similar_projects", "summary"}
    assert out["round"] == "Prosjektskjønn 2025"
    first = out["findings"][0]
    assert set(first) >= {"code", "severity", "criterion", "message", "citation", "evidence"}
    assert (first["code"], first["severity"]) == ("missing_municipal_cofinancing", "blocking")
    assert first["citation"] == {
        "document": "guidelines/trondelag-2025.md",
        "title": "Prosjektskjønn 2025 – lokale retningslinjer, Statsforvalteren i Trøndelag",
        "section": "Krav til søknaden",
        "year": 2025,
    }


def test_text_report_groups_by_severity_blocking_first(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    res = run("precheck", _write(tmp_path, "u.json", eval_draft("several-problems-2021")["utkast"]))
    assert res.exit_code == 0
    out = res.output
    assert out.index("STOPPER") < out.index("ADVARSLER") < out.index("MERKNADER")
    assert (
        "Gjør dette:" in out
        and "Kilde: «Krav til søknaden», Prosjektskjønn 2021 – lokale retningslinjer, Statsforvalteren i Trøndelag, 2021"
        in out
    )


def test_markdown_from_stdin_and_round_option(run) -> None:  # type: ignore[no-untyped-def]
    res = run("precheck", "-", "--json", "--round", "2021", input=MD_DRAFT)
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["round"] == "Prosjektskjønn 2021"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"tittel": "X", "søker": 12}', "Feil: Feltet «søker» må være tekst, men er et tall."),
        ('{"tittel": "X"', "Feil: Ugyldig JSON på linje 1"),
        (
            '{"tittel": "X", "søker": "Malvik kommune", "totalkostnad": -5}',
            "Feil: Feltet «totalkostnad» kan ikke være negativt.",
        ),
    ],
)
def test_malformed_input_exits_2_with_norwegian_message(
    run, tmp_path: Path, content: str, message: str
) -> None:  # type: ignore[no-untyped-def]
    res = run("precheck", _write(tmp_path, "u.json", content))
    assert res.exit_code == 2
    assert message in res.output


def test_missing_file_and_unknown_round_exit_2(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("precheck", str(tmp_path / "finnes-ikke.json")).exit_code == 2
    res = run("precheck", _write(tmp_path, "u.json", clean_draft()), "--round", "1999")
    assert res.exit_code == 2 and "Ukjent runde «1999»" in res.output


def test_rules_show_and_diff(run) -> None:  # type: ignore[no-untyped-def]
    res = run("rules", "show", "--round", "2021")
    assert res.exit_code == 0
    assert "Minstebeløp: 150 000 kr" in res.output and "below_minimum_amount" in res.output
    res = run("rules", "show", "--json")
    assert json.loads(res.output)["round"] == "Prosjektskjønn 2025"
    res = run("rules", "diff", "2021", "2025")
    assert res.exit_code == 0
    assert "~ endret below_minimum_amount (blocking → warning)" in res.output
    assert "+ ny regel sdg_contribution (info)" in res.output
