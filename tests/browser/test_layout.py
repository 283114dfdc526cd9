"""Every page at 320, 390 and 1280 px, measured with real geometry (bounding boxes):

- no page scrolls sideways; a table that is wider than its box shows a visible hint, and on
  phones the archive's tables are stacked rows whose caption is not cut off;
- the open widget never covers the demo host page's text, and on phones it fills the screen
  below the host's content; closing returns the reader to where they were;
- the chat page's example questions are buttons that ask; sources name the document, round
  and section, with their excerpt free of Markdown.

Screenshots: test-artifacts/screenshots/layout-<page>-<width>.png.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.helpers import has_horizontal_scroll, shot

pytestmark = [pytest.mark.slow, pytest.mark.browser]

WIDTHS = [320, 390, 1280]
HEIGHT = 800
Box = dict[str, float]

# the demo host page's own text (everything outside the widget's element)
HOST_TEXT = """() => Array.from(document.body.querySelectorAll(
    'h1, h2, h3, p, li, label, input, textarea, button, a'))
  .filter(e => !e.closest('#skjonn-widget'))
  .map(e => { const r = e.getBoundingClientRect();
              return {text: (e.innerText || e.value || e.tagName).slice(0, 40),
                      x: r.x, y: r.y, width: r.width, height: r.height}; })
  .filter(b => b.width > 0 && b.height > 0)"""


def overlap(a: Box, b: Box) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def box_of(loc: Locator) -> Box:
    box = loc.bounding_box()
    assert box is not None, f"{loc} er ikke synlig"
    return box


def fits_or_hints(page: Page, wrap: str, hint: str) -> dict[str, Any]:
    """A table's box: it fits (no sideways scroll inside it), or the scroll hint is visible."""
    m = page.locator(wrap).evaluate("el => ({sw: el.scrollWidth, cw: el.clientWidth})")
    if m["sw"] > m["cw"] + 1:
        expect(page.locator(hint)).to_be_visible()
    else:
        expect(page.locator(hint)).to_be_hidden()
    return m


@pytest.mark.parametrize("width", WIDTHS)
def test_chat_examples_and_sources(page: Page, base_url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": HEIGHT})
    page.goto(base_url + "/")
    examples = page.locator("#tom button.example")
    expect(examples).to_have_count(3)
    for n in range(3):
        b = box_of(examples.nth(n))
        assert b["x"] >= 0 and b["x"] + b["width"] <= width  # each fits the screen
    question = "Kan vi få prosjektskjønn til ordinær drift?"
    examples.filter(has_text=question).click()
    turn = page.locator("#samtale > li.turn").first
    expect(turn.locator(".question-text")).to_have_text(question)
    expect(turn.locator(".a")).not_to_have_attribute("aria-busy", "true")
    expect(turn.locator(".a")).to_contain_text("ordinær drift")
    expect(page.locator("#sporsmal")).to_be_focused()
    sources = turn.locator(".sources li")
    expect(sources.first).to_be_visible()
    for n in range(sources.count()):
        src = sources.nth(n)
        expect(src.locator(".source-title")).not_to_be_empty()
        expect(src.locator(".source-meta")).to_have_text(
            re.compile(r"^(Prosjektskjønn \d{4}|Gjelder alle år)( · avsnitt «[^»]+»)?$")
        )
        snippet = src.locator(".source-snippet")
        if snippet.count():
            text = snippet.inner_text()
            assert not re.search(r"\*\*|(^|\s)#{1,6}\s|\||«\s*[-*]\s|\s-\s[A-ZÆØÅ]", text), text
    assert ".md" not in turn.locator(".sources").inner_text()
    assert not has_horizontal_scroll(page), f"vannrett rulling ved {width} px"
    shot(page, f"layout-chat-{width}")


def test_snippets_lose_their_markdown(page: Page, base_url: str) -> None:
    """The page's plainText on the Markdown the corpus uses (the widget has the same code)."""
    page.goto(base_url + "/")
    cases = {
        "- Ikke ordinær drift. - Ikke næring.": "Ikke ordinær drift. Ikke næring.",
        "Eksisterende: - Helseplattformen - DigiTrøndelag": "Eksisterende: Helseplattformen, "
        "DigiTrøndelag",
        "## Søknadsfrist Fristen var **1. september 2020** kl. 23.59.": "Søknadsfrist Fristen "
        "var 1. september 2020 kl. 23.59.",
        "| År | Tildelt | |---|---:| | 2019 | 1 600 000 |": "År · Tildelt · 2019 · 1 600 000",
        "Se [ISORD](https://example.org) og *viktig*.": "Se ISORD og viktig.",
        "Perioden 2020 - 2021, 1. juni og snake_case_navn.": "Perioden 2020 - 2021, 1. juni og "
        "snake_case_navn.",
    }
    got = page.evaluate("cases => cases.map(c => window.Skjonn.plainText(c))", list(cases))
    assert got == list(cases.values())


@pytest.mark.parametrize("width", WIDTHS)
def test_archive_tables_fit_or_say_so(page: Page, base_url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": HEIGHT})
    page.goto(base_url + "/prosjekter?q=velferdsteknologi")
    expect(page.locator("#antall")).to_contain_text("for «velferdsteknologi»")
    page.get_by_text("Vis tallene som tabell").click()
    expect(page.locator("#tall-rader tr").first).to_be_visible()
    assert not has_horizontal_scroll(page), f"vannrett rulling ved {width} px"
    for wrap, hint, caption in (
        ("#tabell-ramme", "#tabell-rull", "#tabell-tekst"),
        (".chart-data .table-wrap", "#tall-rull", "#tall-tabell-tekst"),
    ):
        m = fits_or_hints(page, wrap, hint)
        cap = box_of(page.locator(caption))
        wrap_box = box_of(page.locator(wrap))
        # the caption is not cut off: inside the screen and inside its (visible) box
        assert 0 <= cap["x"] and cap["x"] + cap["width"] <= width + 0.5, caption
        assert cap["x"] + cap["width"] <= wrap_box["x"] + wrap_box["width"] + 0.5, caption
        if width <= 390:
            # stacked rows: one card per project, each cell labelled, nothing to scroll
            assert m["sw"] <= m["cw"] + 1, f"{wrap} ruller sideveis ved {width} px"
            expect(page.locator(hint)).to_be_hidden()
            row = page.locator(f"{wrap} tbody tr").first
            assert box_of(row)["width"] <= wrap_box["width"] + 0.5
            label = row.locator("td").first.evaluate(
                "el => getComputedStyle(el, '::before').content"
            )
            assert re.search(r'"(Tittel|Prosjekter)"', label), label
        if width == 1280:
            assert m["sw"] <= m["cw"] + 1, f"{wrap} er bredere enn siden ved 1280 px"
    shot(page, f"layout-prosjekter-{width}")


def test_a_too_wide_table_shows_the_scroll_hint(page: Page, base_url: str) -> None:
    """Between the stacked layout and a full-width page the results table scrolls in its box,
    and says so."""
    page.set_viewport_size({"width": 700, "height": HEIGHT})
    page.goto(base_url + "/prosjekter")
    expect(page.locator("#antall")).to_contain_text("prosjekter")
    m = fits_or_hints(page, "#tabell-ramme", "#tabell-rull")
    assert m["sw"] > m["cw"]  # 700 px is too narrow for nine columns
    expect(page.locator("#tabell-rull")).to_have_text(
        "Tabellen er bredere enn skjermen: rull sideveis for å se alle kolonnene."
    )
    assert not has_horizontal_scroll(page)  # the box scrolls, not the page
    page.set_viewport_size({"width": 1280, "height": HEIGHT})
    expect(page.locator("#tabell-rull")).to_be_hidden()  # checked again on resize


@pytest.mark.parametrize("width", WIDTHS)
def test_sjekk_fits(page: Page, base_url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": HEIGHT})
    page.goto(base_url + "/sjekk")
    expect(page.locator("#runde option")).to_have_count(3)
    page.fill("#tekst", "Tittel: Drift av svømmehallen\nSøker: Hitra kommune\n\nDrift av hallen.")
    page.get_by_role("button", name="Sjekk utkastet").click()
    expect(page.locator("#resultat")).to_be_visible()
    assert not has_horizontal_scroll(page), f"vannrett rulling ved {width} px"
    main = box_of(page.locator("main"))
    assert main["x"] >= 0 and main["x"] + main["width"] <= width
    shot(page, f"layout-sjekk-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_widget_never_covers_the_host_text(page: Page, base_url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": HEIGHT})
    page.goto(base_url + "/widget-demo")
    page.mouse.wheel(0, 300)  # the reader is a little way down the host page
    page.wait_for_function("() => window.scrollY > 0")
    before = page.evaluate("() => window.scrollY")
    page.locator("#skjonn-widget .launcher").click()
    box = page.locator("#skjonn-widget textarea")
    box.fill("Hva gis det ikke støtte til?")
    box.press("Enter")
    answer = page.locator("#skjonn-widget .turn .a").first
    expect(answer).to_contain_text("ordinær drift")
    panel = box_of(page.locator("#skjonn-widget .panel"))
    assert panel["x"] >= -0.5 and panel["x"] + panel["width"] <= width + 0.5
    covered = [t for t in page.evaluate(HOST_TEXT) if overlap(t, panel)]
    assert not covered, f"widgeten dekker vertssidens tekst ved {width} px: {covered}"
    expect(page.locator("#skjonn-widget .launcher")).to_be_hidden()  # nothing floats over text
    if width >= 960:  # docked at the right edge, full height; the host reflowed beside it
        assert panel["x"] + panel["width"] == pytest.approx(width, abs=1)
        assert panel["height"] == pytest.approx(HEIGHT, abs=1)
    else:  # a screen-tall part of the page, after the host's content, scrolled into view
        assert panel["y"] == pytest.approx(0, abs=2)
        assert panel["height"] == pytest.approx(HEIGHT, abs=2)
    assert not has_horizontal_scroll(page), f"vannrett rulling ved {width} px"
    # the source names document, round and section; its excerpt has no list dashes
    src = answer.locator(".sources li").first
    expect(src.locator(".src-meta")).to_have_text(
        re.compile(r"^(Prosjektskjønn \d{4}|Gjelder alle år)( · avsnitt «[^»]+»)?$")
    )
    expect(src.locator(".src-snippet")).not_to_contain_text(re.compile(r"(^|«|\.\s)-\s"))
    shot(page, f"layout-widget-{width}")

    # Escape closes: the host page is as it was, and the reader is back where they were
    box.focus()
    page.keyboard.press("Escape")
    expect(page.locator("#skjonn-widget .panel")).to_be_hidden()
    launcher = page.locator("#skjonn-widget .launcher")
    expect(launcher).to_be_visible()
    assert launcher.evaluate("el => el.getRootNode().activeElement === el")
    assert page.evaluate("() => window.scrollY") == pytest.approx(before, abs=2)
    assert page.evaluate("() => document.documentElement.style.marginRight") == ""
