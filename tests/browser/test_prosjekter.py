"""The archive page /prosjekter in a real browser: filters, free text, chart, CSV, detail, XSS."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.helpers import axe_scan, describe, has_horizontal_scroll, shot

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ROWS = "#rader tr[data-id]"
BARS = "#figur svg rect.bar"


def open_archive(page: Page, base_url: str, query: str = "") -> None:
    page.goto(f"{base_url}/prosjekter{query}")
    expect(page.locator("#antall")).to_have_text(re.compile(r"prosjekt"))
    expect(page.locator("#figur svg")).to_have_count(1)


def count(page: Page) -> int:
    text = page.locator("#antall").inner_text()
    m = re.search(r"(\d+) prosjekt", text)
    assert m, text
    return int(m.group(1))


def sector_filter(page: Page) -> Locator:
    """The sector filter (the chart's "Vis per" switch has a "Sektor" choice too)."""
    return page.get_by_role("search").get_by_label("Sektor")


def query_of(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_lists_the_archive_with_chart_and_is_accessible(page: Page, base_url: str) -> None:
    open_archive(page, base_url)
    expect(page).to_have_title("Prosjektarkiv – Skjønnsassistenten")
    nav = page.get_by_role("navigation", name="Hovedmeny")
    expect(nav.locator("a[aria-current=page]")).to_have_text("Prosjektarkiv")
    n = count(page)
    assert n >= 50
    expect(page.locator(ROWS)).to_have_count(n)
    # filter menus come from /v1/projects/facets
    expect(sector_filter(page).locator("option", has_text="Pleie og omsorg")).to_have_count(1)
    expect(page.get_by_label("År fra").locator("option", has_text="2020")).to_have_count(1)
    # the chart: one bar per year with a granted amount, described as text
    svg = page.locator("#figur svg")
    expect(svg).to_have_attribute("role", "img")
    assert page.locator(BARS).count() > 0
    expect(svg.locator("title")).to_have_text("Tildelt beløp per år")
    expect(svg.locator("desc")).to_contain_text("2020: 9 500 000 kr")
    expect(page.locator("#tall-rader tr")).to_have_count(page.locator("#figur .bar-row").count())
    shot(page, "prosjekter-alle")
    violations = axe_scan(page)
    assert not violations, describe(violations)


def test_filters_shrink_the_table_and_update_the_chart(page: Page, base_url: str) -> None:
    open_archive(page, base_url)
    everything = count(page)
    bars_before = page.locator(BARS).count()

    sector_filter(page).select_option("Pleie og omsorg")
    page.get_by_role("button", name="Søk", exact=True).click()
    expect(page).to_have_url(re.compile(r"sector=Pleie"))
    expect(page.locator("#antall")).not_to_have_text(f"{everything} prosjekter.")
    in_sector = count(page)
    assert 0 < in_sector < everything
    expect(page.locator(ROWS)).to_have_count(in_sector)
    for cell in page.locator(f"{ROWS} td:nth-child(4)").all_inner_texts():
        assert "pleie og omsorg" in cell.lower()

    page.get_by_label("År fra").select_option("2019")
    page.get_by_label("År til").select_option("2020")
    page.get_by_role("button", name="Søk", exact=True).click()
    expect(page.locator("#figur svg title")).to_have_text("Tildelt beløp per år, 2019–2020")
    assert 0 < page.locator(BARS).count() < bars_before
    years = page.locator(f"{ROWS} td:nth-child(2)").all_inner_texts()
    assert years and all(y in ("2019", "2020") for y in years)
    assert query_of(page)["from_year"] == ["2019"]
    stats_csv = page.get_by_role("link", name="Last ned tallene (CSV)").get_attribute("href")
    assert stats_csv and "from_year=2019" in stats_csv and "to_year=2020" in stats_csv

    # per sector; the choice goes into the URL too
    page.get_by_role("group", name="Vis per").get_by_label("Sektor").check()
    expect(page.locator("#figur svg title")).to_have_text("Tildelt beløp per sektor, 2019–2020")
    expect(page).to_have_url(re.compile(r"by=sektor"))
    assert page.locator(BARS).count() > 0
    expect(page.locator("#tall-gruppe")).to_have_text("Sektor")
    shot(page, "prosjekter-filter")


def test_filters_are_read_from_the_url(page: Page, base_url: str) -> None:
    q = "?sector=" + quote("Pleie og omsorg") + "&from_year=2018&by=sektor"
    open_archive(page, base_url, q)
    expect(sector_filter(page)).to_have_value("Pleie og omsorg")
    expect(page.get_by_label("År fra")).to_have_value("2018")
    expect(page.get_by_role("group", name="Vis per").get_by_label("Sektor")).to_be_checked()
    expect(page.locator("#figur svg title")).to_have_text("Tildelt beløp per sektor fra 2018")
    # back to the unfiltered list with the browser's back button after a new search
    n = count(page)
    page.get_by_role("button", name="Nullstill").click()
    expect(page.locator("#antall")).not_to_have_text(f"{n} prosjekter.")
    assert count(page) > n
    page.go_back()
    expect(sector_filter(page)).to_have_value("Pleie og omsorg")
    expect(page.locator("#antall")).to_have_text(f"{n} prosjekter.")


def test_free_text_search(page: Page, base_url: str) -> None:
    open_archive(page, base_url)
    page.get_by_label("Fritekst").fill("velferdsteknologi")
    page.get_by_label("Fritekst").press("Enter")
    expect(page.locator("#antall")).to_contain_text("for «velferdsteknologi»")
    expect(page.locator("#tabell-tekst")).to_have_text(
        "Prosjekter som ligner «velferdsteknologi», mest lik først"
    )
    titles = page.locator(f"{ROWS} td:first-child").all_inner_texts()
    assert any("velferdsteknologi" in t.lower() for t in titles[:3]), titles[:5]
    why = page.locator(f"{ROWS} td.why").first
    expect(why).to_contain_text("velferdsteknologi")
    assert query_of(page)["q"] == ["velferdsteknologi"]
    shot(page, "prosjekter-fritekst")


def test_csv_links(page: Page, base_url: str) -> None:
    open_archive(page, base_url, "?sector=" + quote("Pleie og omsorg"))
    href = page.get_by_role("link", name="Last ned CSV med prosjektene").get_attribute("href")
    assert href and "format=csv" in href and "sector=Pleie" in href
    res = page.request.get(base_url + href)
    assert res.status == 200
    assert res.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(res.text().lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:2] == ["id", "tittel"]
    assert len(rows) == count(page) + 1  # header + one row per project

    stats = page.get_by_role("link", name="Last ned tallene (CSV)").get_attribute("href")
    assert stats and "by=" in stats and "format=csv" in stats
    res = page.request.get(base_url + stats)
    assert res.status == 200
    assert res.headers["content-type"].startswith("text/csv")


def test_detail_dialog(page: Page, base_url: str) -> None:
    open_archive(page, base_url)
    first = page.locator(f"{ROWS} .open-detail").first
    title = first.inner_text()
    first.click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading", level=2)).to_have_text(title)
    expect(dialog.locator("dl.record dt").first).to_have_text("År")
    expect(page).to_have_url(re.compile(r"[?&]id="))
    shot(page, "prosjekter-detalj")
    violations = axe_scan(page)
    assert not violations, describe(violations)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(first).to_be_focused()
    assert "id" not in query_of(page)

    # a shared link opens the record directly (the pre-check links here)
    page.goto(f"{base_url}/prosjekter?id=trd-2020-bylab")
    expect(page.get_by_role("dialog").get_by_role("heading", level=2)).to_have_text("ByLAB")
    expect(page.get_by_role("dialog")).to_contain_text("Levanger")
    page.get_by_role("button", name="Lukk").click()
    expect(page.get_by_role("dialog")).to_be_hidden()

    page.goto(f"{base_url}/prosjekter?id=finnes-ikke")
    expect(page.get_by_role("dialog").get_by_role("alert")).to_contain_text("Fant ikke prosjektet")


def test_markup_in_a_query_stays_text(page: Page, base_url: str) -> None:
    evil = "<img src=x onerror=window.__xss=1>"
    open_archive(page, base_url, "?q=" + quote(evil))
    expect(page.locator("#antall")).to_contain_text(f"for «{evil}»")
    expect(page.locator("#tabell-tekst")).to_contain_text(evil)
    expect(page.get_by_label("Fritekst")).to_have_value(evil)
    assert page.locator("main img").count() == 0
    assert page.evaluate("typeof window.__xss") == "undefined"
    # the same through the form
    page.get_by_label("Fritekst").fill(
        '<script>window.__xss=2</script>"><svg onload=window.__xss=3>'
    )
    page.get_by_role("button", name="Søk", exact=True).click()
    expect(page.locator("#antall")).to_contain_text("<script>")
    assert page.locator("main script, main svg[onload]").count() == 0
    assert page.evaluate("typeof window.__xss") == "undefined"


def test_bad_amount_and_narrow_screen(page: Page, base_url: str) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    open_archive(page, base_url)
    assert not has_horizontal_scroll(page)
    page.get_by_label("Minste beløp (kr)").fill("mye")
    page.get_by_role("button", name="Søk", exact=True).click()
    expect(page.get_by_role("alert")).to_have_text(
        "«Minste beløp» må være et helt beløp i kroner, for eksempel 500 000."
    )
    expect(page.get_by_label("Minste beløp (kr)")).to_be_focused()
    page.get_by_label("Minste beløp (kr)").fill("1 000 000")
    page.get_by_role("button", name="Søk", exact=True).click()
    expect(page).to_have_url(re.compile(r"min_amount=1000000"))
    expect(page.locator("#feil")).to_be_empty()
    assert not has_horizontal_scroll(page)
    # the chart is drawn at the screen's width, so its text stays readable
    width = page.evaluate("document.querySelector('#figur svg').getBoundingClientRect().width")
    assert width <= 320
    shot(page, "prosjekter-320")
