"""No open round: after the newest round's deadline, with no newer round known, the pages say
that the next round is not announced yet and name the contact (at 320, 390 and 1280 px), on a
real server whose "today" is after the deadline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from assistant.settings import Settings
from tests.browser.helpers import axe_scan, describe, has_horizontal_scroll, shot
from tests.fixtures.server import live_app
from tests.test_rounds_as_data import FJELLVIK  # the same synthetic county

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CLOSED = dt.date(2024, 9, 1)
WIDTHS = [320, 390, 1280]
NOTICE = (
    "Ingen åpen søknadsrunde nå. Søknadsfristen for prosjektskjønn 2025 var 20. juni 2024. "
    "Neste runde er ikke kunngjort ennå. Kontakt Statsforvalteren i Trøndelag "
    "(sftlpost@statsforvalteren.no) for å høre når neste runde kommer."
)
MAIL = "mailto:sftlpost@statsforvalteren.no"


@pytest.fixture(scope="module")
def closed_url(warm_dir: Path) -> Iterator[str]:
    with live_app(Settings(data_dir=warm_dir, today=CLOSED)) as url:
        yield url


@pytest.mark.parametrize("width", WIDTHS)
def test_chat_page_says_no_round_is_open(page: Page, closed_url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(closed_url + "/")
    notice = page.locator("#frist")
    expect(notice).to_have_text(NOTICE)
    expect(notice).not_to_contain_text("Fristen har gått ut")
    expect(notice.get_by_role("link", name="sftlpost@statsforvalteren.no")).to_have_attribute(
        "href", MAIL
    )
    assert not has_horizontal_scroll(page)
    shot(page, f"ingen-runde-chat-{width}")
    if width == 320:
        violations = axe_scan(page)
        assert not violations, describe(violations)


@pytest.mark.parametrize("width", WIDTHS)
def test_sjekk_says_no_round_is_open_and_still_checks(
    page: Page, closed_url: str, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(closed_url + "/sjekk")
    expect(page.locator("#runde-status")).to_have_text(NOTICE)
    expect(page.locator("#runde option", has_text="(siste runde)")).to_have_count(1)
    expect(page.locator("#runde option", has_text="(neste frist)")).to_have_count(0)
    page.fill(
        "#tekst",
        "Tittel: Digital innbyggerdialog\nSøker: Malvik kommune\n\nMål og gjennomføring\n"
        "Vi skal prøve ut digitale innbyggermøter i planarbeidet og måle deltakelsen.",
    )
    page.get_by_role("button", name="Sjekk utkastet").click()
    expect(page.locator("#resultat")).to_be_visible()
    expect(page.locator("#runde-merknad")).to_have_text(NOTICE)  # next to the findings
    assert not has_horizontal_scroll(page)
    shot(page, f"ingen-runde-sjekk-{width}")
    if width == 1280:
        violations = axe_scan(page)
        assert not violations, describe(violations)


@pytest.mark.parametrize("width", WIDTHS)
def test_widget_says_no_round_is_open(page: Page, closed_url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(closed_url + "/widget-demo")
    page.locator("#skjonn-widget .launcher").click()
    note = page.locator("#skjonn-widget .round")
    expect(note).to_have_text(NOTICE)
    expect(note.get_by_role("link")).to_have_attribute("href", MAIL)
    assert not has_horizontal_scroll(page)
    shot(page, f"ingen-runde-widget-{width}")


def test_open_round_shows_its_deadline(page: Page, base_url: str) -> None:
    page.goto(base_url + "/widget-demo")
    page.locator("#skjonn-widget .launcher").click()
    expect(page.locator("#skjonn-widget .round")).to_have_text(
        "Søknadsfrist for Prosjektskjønn 2025: 20. juni 2024"
    )
    page.goto(base_url + "/sjekk")
    expect(page.locator("#runde option", has_text="(neste frist)")).to_have_count(1)
    expect(page.locator("#runde-status")).to_be_hidden()


# ------------------------------------------------------------------ a second county, files only


@pytest.fixture(scope="module")
def two_counties_url(warm_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from assistant.rounds import load_registry
    from assistant.rounds.scaffold import new_round
    from assistant.settings import BUNDLED_CORPUS

    ops = tmp_path_factory.mktemp("ops")
    (ops / "regions").mkdir()
    (ops / "regions" / "fjellvik.yaml").write_text(FJELLVIK, encoding="utf-8")
    reg = load_registry([BUNDLED_CORPUS.resolve(), ops])
    new_round(reg, "fjellvik", 2026, "trondelag-2025", dt.date(2026, 1, 15), ops)
    today = dt.date(2025, 3, 1)
    with live_app(Settings(data_dir=warm_dir, today=today, corpus_extra=str(ops))) as url:
        yield url


def test_sjekk_lists_the_rounds_of_both_counties_and_checks_by_the_chosen_one(
    page: Page, two_counties_url: str, tmp_path: Path
) -> None:
    page.goto(two_counties_url + "/sjekk")
    options = page.locator("#runde option")
    expect(options.filter(has_text="Prosjektskjønn 2026 (Fjellvik)")).to_have_count(1)
    expect(options.filter(has_text="Prosjektskjønn 2025 (Trøndelag)")).to_have_count(1)
    page.select_option("#runde", value="fjellvik-2026")
    draft = tmp_path / "utkast.md"
    draft.write_text(
        "# Søknad\n\nSøker: Nordbygd kommune\nProsjekt: Digital dialog\nDato: 1. mars 2025\n\n"
        "## Mål og gjennomføring\nVi prøver ut en ny digital løsning for innbyggerdialog.\n",
        encoding="utf-8",
    )
    page.get_by_label("Last opp fil").check()
    page.get_by_label("Fil med utkastet").set_input_files(str(draft))
    page.get_by_role("button", name="Sjekk utkastet").click()
    expect(page.locator("#resultat")).to_be_visible()
    expect(page.locator("#sammendrag")).to_contain_text("Prosjektskjønn 2026 (valgt")
    expect(page.locator("#resultat")).to_contain_text("Prosjektskjønn 2026 – lokale retningslinjer")
