"""The archive page /prosjekter in a real browser: filters, free text, chart, CSV, detail, XSS."""

from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from playwright.sync_api import Locator, Page, expect

from assistant.settings import BUNDLED_CORPUS
from tests.browser.helpers import axe_scan, describe, has_horizontal_scroll, shot

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ROWS = "#rader tr[data-id]"
BARS = "#figur svg rect.bar"


def bundled_records() -> list[dict]:
    text = (BUNDLED_CORPUS / "projects" / "prosjekter.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def kr(n: int) -> str:
    return f"{n:,}".replace(",", " ") + " kr"


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

    sector_filter(page).select_option("Administrasjon og styring")
    page.get_by_role("button", name="Søk", exact=True).click()
    expect(page).to_have_url(re.compile(r"sector=Administrasjon"))
    expect(page.locator("#antall")).not_to_have_text(f"{everything} prosjekter.")
    in_sector = count(page)
    assert 0 < in_sector < everything
    expect(page.locator(ROWS)).to_have_count(in_sector)
    for cell in page.locator(f"{ROWS} td:nth-child(4)").all_inner_texts():
        assert "administrasjon og styring" in cell.lower()
    # the chart follows the sector filter too
    expect(page.locator("#figur-tekst")).to_contain_text(f" av {in_sector} prosjekter")

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


def test_figures_count_known_amounts_only(page: Page, base_url: str) -> None:
    """Unknown amounts are shown as unknown and never added as 0 kr (the bundled archive)."""
    records = bundled_records()
    granted = [r["tildelt_beløp"] for r in records if r["tildelt_beløp"] is not None]
    open_archive(page, base_url)
    expect(page.locator("#figur-tekst")).to_contain_text(
        f"Til sammen {kr(sum(granted))} tildelt til {len(granted)} av {len(records)} prosjekter "
        f"med kjent beløp. For {len(records) - len(granted)} prosjekter er tildelt beløp ukjent"
    )
    # a year without any known granted amount: no bar, "ukjent", and how many are known
    years = {r["år"] for r in records}
    unknown_year = min(
        y for y in years if all(r["tildelt_beløp"] is None for r in records if r["år"] == y)
    )
    n = sum(1 for r in records if r["år"] == unknown_year)
    row = page.locator("#figur .bar-row", has_text=str(unknown_year))
    expect(row).to_contain_text("ukjent")
    expect(row).to_contain_text(f"0 av {n} med kjent beløp")
    assert row.locator("rect.bar").count() == 0
    expect(page.locator("#figur svg desc")).to_contain_text(f"{unknown_year}: ukjent (0 av {n}")
    # the figures table says the same, with the known count in every amount cell
    page.get_by_text("Vis tallene som tabell").click()
    cells = page.locator("#tall-rader tr", has_text=str(unknown_year)).locator("td")
    expect(cells.nth(2)).to_have_text(f"ukjent (0 av {n})")
    # the results table has a Rapportert column; unknown amounts read «ukjent», never 0 kr
    headers = page.locator("#tabell thead th").all_inner_texts()
    assert headers[4:7] == ["Søkt", "Tildelt", "Rapportert"], headers
    reported = [r for r in records if r["rapportert_beløp"] is not None]
    some = reported[0]
    cells = page.locator(f"{ROWS}[data-id='{some['id']}'] td")
    expect(cells.nth(6)).to_have_text(kr(some["rapportert_beløp"]))
    missing = next(r for r in records if r["tildelt_beløp"] is None)
    expect(page.locator(f"{ROWS}[data-id='{missing['id']}'] td").nth(5)).to_have_text("ukjent")
    assert "0 kr" not in page.locator("#rader").inner_text().replace("000 kr", "")

    # a selection where no granted amount is known says so instead of «0 kr»
    care = [r for r in records if "pleie og omsorg" in [s.lower() for s in r["sektorer"]]]
    assert care and all(r["tildelt_beløp"] is None for r in care)
    open_archive(page, base_url, "?sector=" + quote("Pleie og omsorg"))
    expect(page.locator("#figur-tekst")).to_contain_text(
        f"Tildelt beløp er ukjent for alle de {len(care)} prosjektene i utvalget."
    )


def test_chart_and_table_follow_the_same_filters_and_text(page: Page, base_url: str) -> None:
    open_archive(page, base_url, "?sector=" + quote("Administrasjon og styring"))
    n = count(page)
    expect(page.locator("#figur-tekst")).to_contain_text(f" av {n} prosjekter")
    bars = sum(
        int(re.search(r"av (\d+) med", t).group(1))  # type: ignore[union-attr]
        for t in page.locator("#figur .bar-note").all_text_contents()
    )
    assert bars == n  # per year, each project once
    # free text within the filter: the figure still counts exactly the rows shown
    page.get_by_label("Fritekst").fill("digitalisering")
    with page.expect_response(re.compile(r"/v1/projects/stats\?.*q=digitalisering")) as resp:
        page.get_by_role("button", name="Søk", exact=True).click()
    assert "sector=Administrasjon" in resp.value.url
    expect(page.locator("#antall")).to_contain_text("for «digitalisering»")
    shown = page.locator(ROWS).count()
    expect(page.locator("#figur-tekst")).to_contain_text(f" av {shown} prosjekt")
    expect(page.locator("#figur svg title")).to_have_text(
        "Tildelt beløp per år, prosjektene som ligner søket"
    )
    href = page.get_by_role("link", name="Last ned tallene (CSV)").get_attribute("href")
    assert href and "q=digitalisering" in href and "sector=Administrasjon" in href
    rows = list(
        csv.DictReader(
            io.StringIO(page.request.get(base_url + href).text().lstrip("\ufeff")), delimiter=";"
        )
    )
    assert sum(int(r["antall"]) for r in rows) == shown
