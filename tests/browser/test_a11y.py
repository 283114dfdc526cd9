"""Accessibility of every page (axe-core: no serious or critical violations) + screenshots."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import axe_scan, describe, has_horizontal_scroll, shot

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PAGES = {
    "chat": "/",
    "sjekk": "/sjekk",
    "prosjekter": "/prosjekter",
    "widget-demo": "/widget-demo",
}


def settle(page: Page, name: str) -> None:
    """Bring the page to a state worth scanning: data loaded, widget open, an answer shown."""
    page.wait_for_load_state("networkidle")
    if name == "chat":
        page.fill("#sporsmal", "Når var søknadsfristen for prosjektskjønn 2021?")
        page.press("#sporsmal", "Enter")
        expect(page.locator("#samtale .turn .a a.ref").first).to_be_visible()
        expect(page.locator("#frist")).to_be_visible()
    elif name == "widget-demo":
        page.locator("#skjonn-widget .launcher").click()
        box = page.locator("#skjonn-widget textarea")
        box.fill("Når var søknadsfristen for prosjektskjønn 2021?")
        box.press("Enter")
        expect(page.locator("#skjonn-widget .turn .a a.ref").first).to_be_visible()


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("width", [1280, 390, 320])
def test_page_has_no_serious_axe_violations(
    page: Page, base_url: str, name: str, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(base_url + PAGES[name])
    assert response is not None and response.status == 200
    assert page.evaluate("() => document.documentElement.lang") == "nb"
    settle(page, name)
    shot(page, f"{name}-{width}")
    violations = axe_scan(page)
    assert not violations, describe(violations)
    assert not has_horizontal_scroll(page), f"{name}: vannrett rulling ved {width} px"


@pytest.mark.parametrize("name", ["chat", "sjekk", "prosjekter"])
def test_common_layout(page: Page, base_url: str, name: str) -> None:
    """Every product page shares the header, the main menu and the skip link."""
    page.goto(base_url + PAGES[name])
    expect(page.locator("header.site")).to_contain_text("Skjønnsassistenten")
    nav = page.get_by_role("navigation", name="Hovedmeny")
    expect(nav.get_by_role("link")).to_have_text(["Spør", "Sjekk søknaden", "Prosjektarkiv"])
    current = nav.locator("a[aria-current=page]")
    expect(current).to_have_count(1)
    expect(current).to_have_attribute("href", PAGES[name])
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hopp til innholdet")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main#innhold")).to_be_focused()
