"""Every blocking code, the borderline cases and the round selection, on the real rules."""

from __future__ import annotations

import pytest

from assistant.precheck import draft_from_mapping, run_precheck
from assistant.settings import Settings
from tests.precheck.helpers import clean_draft, eval_draft

BLOCKING = {
    "ordinary_operations": "ordinary-ops-2025",
    "pure_business_development": "business-2025",
    "below_minimum_amount": "small-2021",
    "covers_own_share_other_state_grant": "own-share-2025",
    "missing_municipal_cofinancing": "no-cofinancing-2025",
    "missing_project_plan": "no-plan-2025",
    "deadline_passed": "late-one-day-2025",
    "applicant_not_municipality": "company-applicant-2025",
}


def _run(settings: Settings, data: dict, round_name: str | None = None):  # type: ignore[no-untyped-def]
    return run_precheck(draft_from_mapping(data), settings, None, round_name, with_similar=False)


@pytest.mark.parametrize(("code", "name"), sorted(BLOCKING.items()))
def test_every_blocking_code_is_found_and_cited(settings: Settings, code: str, name: str) -> None:
    report = _run(settings, eval_draft(name)["utkast"])
    assert report.codes("blocking") == [code]
    finding = next(f for f in report.findings if f.code == code)
    assert finding.citation and finding.citation["document"].startswith("guidelines/")
    assert finding.citation["title"].startswith("Prosjektskjønn ")  # people see the title
    assert finding.evidence and finding.action
    assert "no_blocking_findings" not in report.codes()


def test_clean_draft_has_no_blocking_and_no_warning(settings: Settings) -> None:
    report = _run(settings, clean_draft())
    assert report.codes("blocking") == [] and report.codes("warning") == []
    assert "no_blocking_findings" in report.codes("info")
    assert report.findings[0].severity == "info"


def test_every_blocking_and_warning_finding_has_a_citation(settings: Settings) -> None:
    for name in ("several-problems-2021", "natural-ungdomsklubb-2021", "equipment-2025"):
        for f in _run(settings, eval_draft(name)["utkast"]).findings:
            if f.severity != "info":
                assert f.citation, f.code


def test_findings_are_sorted_blocking_first(settings: Settings) -> None:
    sev = [
        f.severity for f in _run(settings, eval_draft("several-problems-2021")["utkast"]).findings
    ]
    assert sev == sorted(sev, key=["blocking", "warning", "info"].index)


def test_small_project_blocks_in_2021_but_only_warns_in_2025(settings: Settings) -> None:
    data = eval_draft("small-2021")["utkast"]
    r21 = _run(settings, data)
    r25 = _run(settings, data, round_name="2025")
    f21 = next(f for f in r21.findings if f.code == "below_minimum_amount")
    f25 = next(f for f in r25.findings if f.code == "below_minimum_amount")
    assert (f21.severity, f25.severity) == ("blocking", "warning")
    assert "150 000 kr" in f21.message and "oppgir ikke noe beløp" in f25.message
    assert f25.citation == {
        "document": "guidelines/trondelag-2025.md",
        "title": "Prosjektskjønn 2025 – lokale retningslinjer, Statsforvalteren i Trøndelag",
        "section": "Minstebeløp",
        "year": 2025,
    }


def test_other_state_grant_as_cofunding_is_not_blocking(settings: Settings) -> None:
    report = _run(settings, eval_draft("state-cofunding-2025")["utkast"])
    assert report.codes("blocking") == []


def test_equipment_heavy_budget_warns(settings: Settings) -> None:
    report = _run(settings, eval_draft("equipment-2025")["utkast"])
    f = next(f for f in report.findings if f.code == "investment_heavy_budget")
    assert f.severity == "warning" and "75 %" in f.message


def test_budget_arithmetic_and_fix(settings: Settings) -> None:
    report = _run(settings, clean_draft(totalkostnad=850000))
    msg = next(f.message for f in report.findings if f.code == "budget_inconsistent")
    assert "budsjettpostene summerer til 800 000 kr, men totalkostnaden er 850 000 kr" in msg
    fix = next(f.message for f in report.findings if f.code == "budget_fix_suggestion")
    assert "800 000 kr" in fix


def test_deadline_day_itself_is_on_time(settings: Settings) -> None:
    assert "deadline_passed" not in _run(settings, clean_draft(innsendt="2024-06-20")).codes()


def test_missing_innsendt_never_uses_today(settings: Settings) -> None:
    for year in (2020, 2025, 2031):
        later = settings.model_copy(update={"today": settings.today_date().replace(year=year)})
        report = _run(later, clean_draft(innsendt=None))
        assert "deadline_passed" not in report.codes()
        note = next(f for f in report.findings if f.code == "deadline_not_checked")
        assert note.severity == "info"
        assert note.message == (
            "Utkastet har ingen dato, så fristen er ikke sjekket. "
            "Søknadsfristen for prosjektskjønn 2025 var 20. juni 2024."
        )


@pytest.mark.parametrize(
    ("changes", "round_name", "expected"),
    [
        ({}, "2021", "Prosjektskjønn 2021"),
        (
            {"utlysning": "Prosjektskjønn 2021 (søknadsfrist 1. september 2020)"},
            None,
            "Prosjektskjønn 2021",
        ),
        ({"utlysning": "", "innsendt": "2020-08-01"}, None, "Prosjektskjønn 2021"),
        ({"utlysning": "", "innsendt": "2023-01-01"}, None, "Prosjektskjønn 2025"),
        ({"utlysning": "", "innsendt": None}, None, "Prosjektskjønn 2025"),
    ],
)
def test_round_selection(
    settings: Settings, changes: dict, round_name: str | None, expected: str
) -> None:
    assert _run(settings, clean_draft(**changes), round_name).round == expected


def test_unknown_round_is_an_input_error(settings: Settings) -> None:
    from assistant.errors import InputError

    with pytest.raises(InputError, match="Ukjent runde «2019». Gyldige runder: 2021, 2025."):
        _run(settings, clean_draft(), round_name="2019")


def test_similar_projects_degrade_without_archive_content(services) -> None:  # type: ignore[no-untyped-def]
    report = run_precheck(draft_from_mapping(clean_draft()), services.settings, services)
    assert report.similar_projects == []
    note = next(f for f in report.findings if f.code == "similar_projects_unavailable")
    assert note.severity == "info" and note.message.startswith(
        "Lignende prosjekter kunne ikke hentes"
    )


def test_eval_meets_ci_floors(settings: Settings) -> None:
    from evals.precheck import FLOORS, load_split, meets, score

    res = score(load_split("dev-own"), settings)
    assert res["n"] >= 25
    assert meets(res, FLOORS["dev-own"]) == []
    assert res["recall"]["blocking"] == 1.0 and res["false_positives"]["blocking"] == 0
