"""Rules as data: citations resolve, codes match the issue, the schema matches the draft."""

from __future__ import annotations

import json

from assistant.precheck.draft import ALL_FIELDS
from assistant.precheck.render import diff_rules
from assistant.rounds import load_registry
from assistant.settings import BUNDLED_CORPUS

REG = load_registry([BUNDLED_CORPUS.resolve()])

ISSUE_CODES = {
    "blocking": {
        "ordinary_operations",
        "pure_business_development",
        "below_minimum_amount",
        "covers_own_share_other_state_grant",
        "missing_municipal_cofinancing",
        "missing_project_plan",
        "deadline_passed",
        "applicant_not_municipality",
    },
    "warning": {
        "low_innovation",
        "no_transferability_plan",
        "weak_project_plan",
        "vague_goals",
        "roles_not_specified",
        "budget_inconsistent",
        "missing_instrument_justification",
        "investment_heavy_budget",
        "business_development_risk",
        "reporting_overdue",
        "many_applications_same_municipality",
    },
    "info": {
        "fellesloft_match",
        "intermunicipal_collaboration",
        "sdg_contribution",
        "consider_other_funding",
        "suggest_scaling_up",
        "budget_fix_suggestion",
        "no_blocking_findings",
    },
}


def test_both_rounds_load_with_resolving_citations() -> None:
    rounds = REG.all()  # the loader verifies every cited '## ' heading
    assert [r.year for r in rounds] == [2021, 2025]
    for r in rounds:
        for rule in r.rules.values():
            if rule.severity != "info":
                assert rule.citation is not None, rule.code


def test_every_issue_code_exists_in_some_round() -> None:
    codes = {c for r in REG.all() for c in r.rules}
    for group in ISSUE_CODES.values():
        assert group <= codes


def test_2021_rules_keep_the_issue_severities() -> None:
    r = REG.find("2021")
    for sev, group in ISSUE_CODES.items():
        for code in group & set(r.rules):
            assert r.rules[code].severity == sev, code


def test_diff_shows_severity_change_and_new_rules() -> None:
    a, b = REG.find("2021"), REG.find("Prosjektskjønn 2025")
    changes = diff_rules(a, b)
    small = next(c for c in changes if c.get("code") == "below_minimum_amount")
    assert small["severity"] == ["blocking", "warning"]
    added = {c["code"] for c in changes if c["kind"] == "added"}
    assert {"sdg_contribution", "intermunicipal_collaboration", "applicant_type_unclear"} <= added
    assert any(c["kind"] == "parameter" and c["name"] == "søknadsfrist" for c in changes)


def test_schema_lists_exactly_the_draft_fields() -> None:
    schema = json.loads(
        (BUNDLED_CORPUS / "rules/schema/precheck-draft.schema.json").read_text(encoding="utf-8")
    )
    assert set(schema["properties"]) == set(ALL_FIELDS)
    assert schema["required"] == ["tittel", "søker"]
