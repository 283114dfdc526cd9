"""The embeddable widget on /widget-demo: shadow root, keyboard, cited answers, host CSS."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, Route, expect

from assistant.settings import Settings
from tests.browser.helpers import has_horizontal_scroll, shot
from tests.conftest import TODAY
from tests.fixtures.server import live_app

pytestmark = [pytest.mark.slow, pytest.mark.browser]

# Playwright's CSS locators pierce open shadow roots, so these reach inside the widget.
LAUNCHER = "#skjonn-widget .launcher"
PANEL = "#skjonn-widget .panel"
BOX = "#skjonn-widget textarea"


def is_focused(loc: Locator) -> bool:
    """Focus inside a shadow root shows as the root's activeElement, not the document's."""
    return bool(loc.evaluate("el => el.getRootNode().activeElement === el"))


def tab_to(page: Page, target: Locator, max_tabs: int = 20) -> None:
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        if is_focused(target):
            return
    raise AssertionError(f"{target} fikk aldri fokus med Tab")


def test_widget_keyboard_question_and_escape(page: Page, base_url: str) -> None:
    page.goto(base_url + "/widget-demo")
    expect(page.locator("h1")).to_have_text("Kommunale tilskudd")
    # one script tag, an open shadow root holding everything
    assert page.locator("script[src$='widget.js']").count() == 1
    assert page.evaluate("() => document.querySelector('#skjonn-widget').shadowRoot.mode") == "open"
    launcher = page.locator(LAUNCHER)
    expect(launcher).to_have_accessible_name("Spør om prosjektskjønn")
    expect(launcher).to_have_attribute("aria-expanded", "false")
    expect(page.locator(PANEL)).to_be_hidden()

    # open with the keyboard: focus moves into the panel
    tab_to(page, launcher)
    page.keyboard.press("Enter")
    panel = page.locator(PANEL)
    expect(panel).to_be_visible()
    expect(panel).to_have_attribute("role", "dialog")
    expect(launcher).to_have_attribute("aria-expanded", "true")
    box = page.locator(BOX)
    assert is_focused(box)

    page.keyboard.type("Når var søknadsfristen for prosjektskjønn 2021?")
    page.keyboard.press("Enter")
    answer = panel.locator(".turn .a").first
    expect(answer).to_contain_text("1. september 2020")
    sources = answer.locator(".sources li")
    expect(sources.first).to_contain_text(re.compile("prosjektskjønn 2021", re.I))
    expect(sources.first.locator(".src-meta")).to_have_text(
        re.compile(r"^(Prosjektskjønn \d{4}|Gjelder alle år)( · avsnitt «[^»]+»)?$")
    )
    expect(answer.locator(".sources")).not_to_contain_text(".md")  # no file paths
    live = panel.locator("[aria-live=polite]")
    expect(live).to_contain_text("1. september 2020")

    # a [n] marker moves focus to its source inside the shadow root
    ref = answer.locator("a.ref").first
    n = ref.inner_text().strip("[]")
    ref.focus()
    page.keyboard.press("Enter")
    target = answer.locator(f".sources li[value='{n}']")
    page.wait_for_function(
        "() => document.querySelector('#skjonn-widget').shadowRoot.activeElement?.tagName === 'LI'"
    )
    assert is_focused(target)
    shot(page, "widget-svar")

    # a follow-up carries the history
    with page.expect_request("**/v1/chat") as req:
        box.fill("Og hva med rapporteringsfristen?")
        box.press("Enter")
    assert len((req.value.post_data_json or {})["history"]) == 2
    expect(panel.locator(".turn .a").nth(1)).to_contain_text("1. juni 2022")

    # Escape closes and focus returns to the button
    box.focus()
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(launcher).to_have_attribute("aria-expanded", "false")
    assert is_focused(launcher)

    # reopening keeps the conversation; the close button closes too
    page.keyboard.press("Enter")
    expect(panel).to_be_visible()
    expect(panel.locator(".turn")).to_have_count(2)
    page.locator("#skjonn-widget .close").click()
    expect(panel).to_be_hidden()
    assert is_focused(launcher)


def test_widget_abstains_with_contact_and_shows_errors(page: Page, base_url: str) -> None:
    page.goto(base_url + "/widget-demo")
    page.locator(LAUNCHER).click()
    box = page.locator(BOX)
    box.fill("Hvem vinner fotball-VM?")
    box.press("Enter")
    expect(page.locator(PANEL).locator(".turn .a")).to_contain_text("sftlpost@statsforvalteren.no")
    box.press("Enter")
    expect(page.locator("#skjonn-widget [role=alert]")).to_have_text("Skriv et spørsmål først.")
    page.route("**/v1/chat", lambda route: route.abort("connectionrefused"))
    box.fill("Hva er egenfinansieringskravet?")
    box.press("Enter")
    expect(page.locator("#skjonn-widget [role=alert]")).to_have_text(
        "Tjenesten svarer ikke akkurat nå. Prøv igjen om litt."
    )
    expect(box).to_have_value("Hva er egenfinansieringskravet?")


def test_host_css_does_not_leak_in(page: Page, base_url: str) -> None:
    page.goto(base_url + "/widget-demo")
    # the host's global rules are real: its own button is uppercase with a dashed border
    host_button = page.get_by_role("button", name="En knapp på vertssiden")
    assert host_button.evaluate("el => getComputedStyle(el).textTransform") == "uppercase"
    assert host_button.evaluate("el => getComputedStyle(el).borderTopStyle") == "dashed"

    launcher = page.locator(LAUNCHER)
    style = launcher.evaluate(
        """el => { const s = getComputedStyle(el); return {
             transform: s.textTransform, border: s.borderTopStyle, font: s.fontFamily,
             spacing: s.letterSpacing, bg: s.backgroundColor, position: s.position}; }"""
    )
    assert style["transform"] == "none" and style["border"] == "solid"
    assert "Georgia" not in style["font"] and style["spacing"] == "normal"
    assert style["bg"] == "rgb(31, 58, 95)" and style["position"] == "fixed"
    launcher.click()
    box_style = page.locator(BOX).evaluate(
        "el => [getComputedStyle(el).borderTopStyle, getComputedStyle(el).boxSizing]"
    )
    assert box_style == ["solid", "border-box"]
    # inherited host styles (font, colour, line height) stop at the shadow boundary
    intro = page.locator("#skjonn-widget .intro")
    assert "Georgia" not in intro.evaluate("el => getComputedStyle(el).fontFamily")
    # and the widget's styles do not reach the host
    assert host_button.evaluate("el => getComputedStyle(el).position") == "relative"


def test_widget_at_320px(page: Page, base_url: str) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(base_url + "/widget-demo")
    page.locator(LAUNCHER).click()
    box = page.locator(BOX)
    box.fill("Kan vi få prosjektskjønn til ordinær drift?")
    box.press("Enter")
    expect(page.locator(PANEL).locator(".turn .a")).to_be_visible()
    panel_box = page.locator(PANEL).bounding_box()
    assert panel_box is not None
    assert panel_box["x"] >= 0 and panel_box["x"] + panel_box["width"] <= 320
    assert panel_box["y"] >= 0
    assert not has_horizontal_scroll(page)
    shot(page, "widget-320")


# A foreign site, served by the test itself. Chromium lets a page reach a loopback address
# (the app under test) only from a secure context and with the local-network permission, so
# the "site" is on localhost and the permission is granted below.
HOST = "http://localhost:8999"


@pytest.fixture(scope="module")
def cors_url(warm_dir: Path) -> Iterator[str]:
    """The app configured to let one other site's pages call the API (as for the widget)."""
    with live_app(Settings(data_dir=warm_dir, today=TODAY, cors_origins=HOST)) as url:
        yield url


def test_widget_on_another_site(page: Page, cors_url: str) -> None:
    """One tag on a foreign page: script and CSS from the app, questions to its /v1/chat."""
    host_page = (
        "<!doctype html><html lang='nb'><head><meta charset='utf-8'><title>Vert</title></head>"
        "<body><main><h1>Kommunens side</h1></main>"
        f"<script src='{cors_url}/widget.js' data-skjonn-url='{cors_url}'></script>"
        "</body></html>"
    )

    def serve_host(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=host_page)

    page.context.grant_permissions(["local-network-access"])
    page.route(HOST + "/**", serve_host)
    page.goto(HOST + "/")
    launcher = page.locator(LAUNCHER)
    expect(launcher).to_be_visible()  # shown once widget.css loaded from the app
    assert launcher.evaluate("el => getComputedStyle(el).position") == "fixed"
    launcher.click()
    with page.expect_request(f"{cors_url}/v1/chat") as req:
        page.locator(BOX).fill("Når var søknadsfristen for prosjektskjønn 2021?")
        page.locator(BOX).press("Enter")
    assert req.value.headers.get("origin") == HOST
    answer = page.locator(PANEL).locator(".turn .a").first
    expect(answer).to_contain_text("1. september 2020")
    expect(answer.locator(".sources li").first).to_contain_text(
        re.compile("prosjektskjønn 2021", re.I)
    )
    expect(
        page.locator(PANEL).get_by_role("link", name="Åpne Skjønnsassistenten")
    ).to_have_attribute("href", cors_url + "/")
