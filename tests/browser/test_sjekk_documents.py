"""Drafts a new user writes (a Word file with a budget table, a plain-text letter) give the same
findings by the CLI, by POST /v1/precheck and on /sjekk, and the page shows "Lest som"."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from playwright.sync_api import Page, expect

from assistant.cli import main
from tests.browser.helpers import axe_scan, describe, shot
from tests.precheck.helpers import LETTER, word_draft

pytestmark = [pytest.mark.slow, pytest.mark.browser]

# Findings that depend on the archive lookup, which the CLI run leaves out (--no-similar).
ARCHIVE_CODES = {"similar_projects_unavailable", "near_duplicate_funded"}
GROUP_TITLES = {
    "blocking": "Stopper søknaden",
    "warning": "Bør forbedres",
    "info": "Til orientering",
}

CASES = {
    "word": ("utkast.docx", word_draft, {"deadline_passed": "blocking"}),
    "letter": ("brev.txt", lambda: LETTER.encode("utf-8"), {"below_minimum_amount": "warning"}),
}


def _comparable(findings: list[dict[str, Any]]) -> list[tuple[str, str, str, str]]:
    return sorted(
        (f["code"], f["severity"], f["message"], f["evidence"])
        for f in findings
        if f["code"] not in ARCHIVE_CODES
    )


def _cli(path: Path, warm_dir: Path) -> dict[str, Any]:
    env = {"SKJONN_DATA_DIR": str(warm_dir), "SKJONN_TODAY": "2024-05-15"}
    res = CliRunner().invoke(main, ["precheck", str(path), "--json", "--no-similar"], env=env)
    assert res.exit_code == 0, res.output
    return json.loads(res.output)


def _api(base_url: str, name: str, data: bytes) -> dict[str, Any]:
    r = httpx.post(f"{base_url}/v1/precheck", files={"file": (name, data)}, timeout=60)
    assert r.status_code == 200, r.text
    return r.json()


@pytest.mark.parametrize("case", sorted(CASES))
def test_same_findings_by_cli_api_and_page(
    page: Page, base_url: str, warm_dir: Path, tmp_path: Path, case: str
) -> None:
    name, make, expected = CASES[case]
    data = make()
    path = tmp_path / name
    path.write_bytes(data)

    by_cli, by_api = _cli(path, warm_dir), _api(base_url, name, data)
    assert _comparable(by_cli["findings"]) == _comparable(by_api["findings"])
    assert by_cli["read_as"] == by_api["read_as"]
    got = {f["code"]: f["severity"] for f in by_api["findings"]}
    for code, severity in expected.items():
        assert got[code] == severity, got
    blocking = {c for c, s in got.items() if s == "blocking"}
    assert blocking == {c for c, s in expected.items() if s == "blocking"}

    page.goto(f"{base_url}/sjekk")
    expect(page.locator("#runde option")).to_have_count(3)
    page.get_by_label("Last opp fil").check()
    page.get_by_label("Fil med utkastet").set_input_files(str(path))
    page.get_by_role("button", name="Sjekk utkastet").click()
    expect(page.locator("#resultat")).to_be_visible()
    expect(page.locator("#sammendrag")).to_have_text(by_api["summary"])

    # every finding of the API report is on the page, in its severity group, and no other
    for severity, title in GROUP_TITLES.items():
        want = [f for f in by_api["findings"] if f["severity"] == severity]
        group = page.locator(f"section.group-{severity}")
        expect(group.locator("h3")).to_have_text(f"{title} ({len(want)})")
        messages = group.locator("li.finding .message")
        expect(messages).to_have_text([f["message"] for f in want])

    # "Lest som" shows what was read, each value with the line it came from
    read = by_api["read_as"]
    box = page.locator("#lest-som")
    expect(box.locator("h3")).to_have_text("Lest som")
    expect(box.locator("dt")).to_have_text(
        [
            "Søker",
            "Samarbeidskommuner",
            "Runde",
            "Dato",
            "Søkt beløp",
            "Kommunal egenfinansiering",
            "Annen finansiering",
            "Totalkostnad",
        ]
    )
    dd = box.locator("dd")
    expect(dd.nth(0)).to_contain_text(read["applicant"]["value"])
    expect(dd.nth(0)).to_contain_text(f"(fra «{read['applicant']['source']}»)")
    expect(dd.nth(2)).to_contain_text(f"{read['round']['value']} ({read['round']['reason']})")
    applied = read["amounts"]["applied"]["value"]
    expect(dd.nth(4)).to_contain_text(f"{applied:,}".replace(",", " "))
    if read["date"] is None:
        expect(dd.nth(3)).to_have_text("ikke funnet")
        expect(page.locator("#lest-som-mangler")).to_contain_text("dato")
    else:
        expect(dd.nth(3)).to_contain_text(read["date"]["value"])
    violations = axe_scan(page)
    assert not violations, describe(violations)
    shot(page, f"sjekk-{case}")
