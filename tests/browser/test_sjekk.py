"""The pre-check page /sjekk in a real browser: upload, paste, form, errors, keyboard, a11y."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import axe_scan, describe, has_horizontal_scroll, shot

pytestmark = [pytest.mark.slow, pytest.mark.browser]

DRAFTS = Path(__file__).resolve().parents[2] / "evals" / "sets" / "drafts" / "dev-own"


def late_draft() -> dict[str, Any]:
    """A real eval draft: sent one day after the 2025 round's deadline (blocking)."""
    data = json.loads((DRAFTS / "late-one-day-2025.json").read_text(encoding="utf-8"))
    return data["utkast"]


def kr(n: int) -> str:
    return f"{n:,}".replace(",", " ") + " kr"


def draft_as_text(d: dict[str, Any]) -> str:
    """The draft as a plain text document with the form's headings, as an applicant writes it."""
    own = d["kommunal_egenfinansiering"]
    return "\n".join(
        [
            f"Utlysning: {d['utlysning']}",
            f"Tittel: {d['tittel']}",
            f"Søker: {d['søker']}",
            f"Innsendt: {d['innsendt']}",
            "",
            "Utfordringer",
            d["utfordringer"],
            "",
            "Mål og gjennomføring",
            d["mål_og_gjennomføring"],
            "",
            "Overføring og spredning",
            d["overføring_og_spredning"],
            "",
            "Budsjett",
            *[f"- {b['post']}: {kr(b['beløp'])}" for b in d["budsjett"]],
            "",
            f"Totalkostnad: {kr(d['totalkostnad'])}",
            f"Søknadsbeløp: {kr(d['søknadsbeløp'])}",
            f"Kommunal egenfinansiering: {kr(own['beløp'])} i {own['form']}",
        ]
    )


def open_sjekk(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/sjekk")
    expect(page.locator("#runde option")).to_have_count(3)  # automatic + the two rounds


def expect_late_result(page: Page) -> None:
    """The blocking deadline finding, with its rule's citation, under "Stopper søknaden"."""
    result = page.locator("#resultat")
    expect(result).to_be_visible()
    expect(page.locator("#resultat-tittel")).to_be_focused()
    blocking = page.locator("section.group-blocking")
    expect(blocking.locator("h3")).to_have_text("Stopper søknaden (1)")
    finding = blocking.locator("li.finding")
    expect(finding.locator("h4")).to_have_text("Søknadsfrist")
    expect(finding.locator(".message")).to_contain_text("20. juni 2024")
    expect(finding.locator(".action")).to_contain_text("Hva du kan gjøre:")
    expect(finding.locator(".citation")).to_have_text(
        "Kilde: «Søknadsfrist», Prosjektskjønn 2025 – lokale retningslinjer, Statsforvalteren i Trøndelag, 2025"
    )
    expect(page.locator("#sammendrag")).to_contain_text("1 forhold stopper søknaden")
    expect(page.locator("#status")).to_contain_text("Sjekken er ferdig.")
    similar = page.locator("#lignende li a")
    expect(similar.first).to_have_attribute("href", _prosjekter_link())
    assert similar.count() >= 1


def _prosjekter_link() -> Any:
    import re

    return re.compile(r"^/prosjekter\?id=[\w%-]+$")


def test_page_shell_and_privacy_note(page: Page, base_url: str) -> None:
    open_sjekk(page, base_url)
    expect(page).to_have_title("Sjekk søknaden – Skjønnsassistenten")
    assert page.locator("html").get_attribute("lang") == "nb"
    nav = page.get_by_role("navigation", name="Hovedmeny")
    expect(nav.locator("a[aria-current=page]")).to_have_text("Sjekk søknaden")
    expect(page.locator("#personvern")).to_contain_text("Utkastet lagres ikke.")
    # the round selector is filled from /v1/rounds, newest first
    expect(page.locator("#runde option").nth(1)).to_contain_text("Prosjektskjønn 2025")
    expect(page.locator("#runde option").nth(1)).to_contain_text("(neste frist)")
    violations = axe_scan(page)
    assert not violations, describe(violations)


def test_upload_json_draft_shows_blocking_deadline(
    page: Page, base_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "utkast.json"
    path.write_text(json.dumps(late_draft(), ensure_ascii=False), encoding="utf-8")
    open_sjekk(page, base_url)
    page.get_by_label("Last opp fil").check()
    expect(page.locator("#panel-fil")).to_be_visible()
    expect(page.locator("#panel-tekst")).to_be_hidden()
    page.get_by_label("Fil med utkastet").set_input_files(str(path))
    with page.expect_request("**/v1/precheck") as req:
        page.get_by_role("button", name="Sjekk utkastet").click()
    assert "multipart/form-data" in (req.value.headers.get("content-type") or "")
    expect_late_result(page)
    expect(page.locator("section.group-info li.finding h4").first).to_be_visible()
    shot(page, "sjekk-upload-json")
    violations = axe_scan(page)
    assert not violations, describe(violations)


def test_upload_text_file(page: Page, base_url: str, tmp_path: Path) -> None:
    path = tmp_path / "utkast.txt"
    path.write_text(draft_as_text(late_draft()), encoding="utf-8")
    open_sjekk(page, base_url)
    page.get_by_label("Last opp fil").check()
    page.get_by_label("Fil med utkastet").set_input_files(str(path))
    page.get_by_role("button", name="Sjekk utkastet").click()
    expect_late_result(page)


def test_paste_text(page: Page, base_url: str) -> None:
    open_sjekk(page, base_url)
    page.get_by_label("Søknadsteksten").fill(draft_as_text(late_draft()))
    with page.expect_request("**/v1/precheck") as req:
        page.get_by_role("button", name="Sjekk utkastet").click()
    # plain text goes up as a .txt file
    assert "multipart/form-data" in (req.value.headers.get("content-type") or "")
    expect_late_result(page)
    shot(page, "sjekk-paste-text")


def test_paste_json_is_sent_as_json(page: Page, base_url: str) -> None:
    open_sjekk(page, base_url)
    wrapped = {"id": "late-one-day-2025", "utkast": late_draft()}  # an eval file as is
    page.get_by_label("Søknadsteksten").fill(json.dumps(wrapped, ensure_ascii=False))
    with page.expect_request("**/v1/precheck") as req:
        page.get_by_role("button", name="Sjekk utkastet").click()
    assert (req.value.headers.get("content-type") or "").startswith("application/json")
    assert req.value.post_data_json["tittel"] == "Digital innbyggerdialog i planarbeidet"
    expect_late_result(page)


def test_form_path(page: Page, base_url: str) -> None:
    d = late_draft()
    open_sjekk(page, base_url)
    page.get_by_label("Fyll ut skjema").check()
    expect(page.locator("#panel-skjema")).to_be_visible()
    page.get_by_label("Tittel").fill(d["tittel"])
    page.locator("#f-soker").fill(d["søker"])
    page.get_by_label("Samarbeidskommuner").fill("Stjørdal, Meråker")
    page.get_by_label("Dato søknaden sendes").fill(d["innsendt"])
    page.get_by_label("Utfordringene det skal tas tak i").fill(d["utfordringer"])
    page.get_by_label("Mål og hvordan det skal gjennomføres").fill(d["mål_og_gjennomføring"])
    page.get_by_label("Lokaldemokratisk arena").check()
    page.get_by_label("Myndighetsorgan").check()
    page.get_by_label("Sektorer prosjektet omfatter").fill("Administrasjon og styring")
    page.get_by_label("Overføring og spredning").fill(d["overføring_og_spredning"])
    page.get_by_label("Totalkostnad (kr)").fill("800 000")
    page.get_by_label("Søknadsbeløp (kr)").fill("500 000 kr")
    own = page.get_by_role("group", name="Kommunal egenfinansiering")
    own.get_by_label("Beløp (kr)").fill("300000")
    own.get_by_label("Form").fill("arbeidstimer")
    # budget: one row to start, add a second, add and remove a third
    page.get_by_label("Post 1", exact=True).fill("Prosjektledelse")
    page.get_by_label("Beløp for post 1 (kr)").fill("500 000")
    add = page.get_by_role("button", name="Legg til budsjettpost")
    add.click()
    expect(page.get_by_label("Post 2", exact=True)).to_be_focused()
    page.get_by_label("Post 2", exact=True).fill("Evaluering")
    page.get_by_label("Beløp for post 2 (kr)").fill("300 000")
    add.click()
    expect(page.locator("#budsjett li")).to_have_count(3)
    page.get_by_role("button", name="Fjern post 3").click()
    expect(page.locator("#budsjett li")).to_have_count(2)
    page.get_by_label("Vedlegg").fill("prosjektplan.pdf")

    with page.expect_request("**/v1/precheck") as req:
        page.get_by_role("button", name="Sjekk utkastet").click()
    sent = req.value.post_data_json
    assert sent["søker"] == "Malvik kommune"
    assert sent["samarbeidskommuner"] == ["Stjørdal", "Meråker"]
    assert sent["innsendt"] == "2024-06-21"
    assert sent["søknadsbeløp"] == 500000
    assert sent["kommunal_egenfinansiering"] == {"beløp": 300000, "form": "arbeidstimer"}
    assert sent["budsjett"] == [
        {"post": "Prosjektledelse", "beløp": 500000},
        {"post": "Evaluering", "beløp": 300000},
    ]
    assert sent["roller_som_styrkes"] == ["myndighetsorgan", "lokaldemokratisk arena"]
    expect_late_result(page)
    shot(page, "sjekk-form")


def test_form_rejects_a_bad_amount(page: Page, base_url: str) -> None:
    open_sjekk(page, base_url)
    page.get_by_label("Fyll ut skjema").check()
    page.get_by_label("Tittel").fill("Et prosjekt")
    page.locator("#f-soker").fill("Malvik kommune")
    page.get_by_label("Søknadsbeløp (kr)").fill("en halv million")
    page.get_by_role("button", name="Sjekk utkastet").click()
    alert = page.get_by_role("alert")
    expect(alert).to_have_text(
        "«Søknadsbeløp» må være et helt beløp i kroner, for eksempel 500 000."
    )
    expect(page.get_by_label("Søknadsbeløp (kr)")).to_be_focused()
    expect(page.get_by_label("Søknadsbeløp (kr)")).to_have_attribute("aria-invalid", "true")


def test_wrong_file_type_shows_the_norwegian_415_error(
    page: Page, base_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "skjema.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    open_sjekk(page, base_url)
    page.get_by_label("Last opp fil").check()
    page.get_by_label("Fil med utkastet").set_input_files(str(path))
    with page.expect_response("**/v1/precheck") as resp:
        page.get_by_role("button", name="Sjekk utkastet").click()
    assert resp.value.status == 415
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Filtypen .png støttes ikke.")
    expect(page.locator("#resultat")).to_be_hidden()
    button = page.get_by_role("button", name="Sjekk utkastet")
    expect(button).to_be_enabled()
    expect(button).to_be_focused()  # keyboard users stay where they were
    shot(page, "sjekk-415")


def test_empty_paste_shows_the_server_message(page: Page, base_url: str) -> None:
    open_sjekk(page, base_url)
    with page.expect_response("**/v1/precheck") as resp:
        page.get_by_role("button", name="Sjekk utkastet").click()
    assert resp.value.status == 422
    expect(page.get_by_role("alert")).to_have_text("Utkastet er tomt.")


def test_too_large_file_is_refused_in_the_browser(page: Page, base_url: str) -> None:
    open_sjekk(page, base_url)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if "/v1/precheck" in r.url else None)
    page.get_by_label("Last opp fil").check()
    big = {"name": "stor.txt", "mimeType": "text/plain", "buffer": b"a" * (10 * 1024 * 1024 + 1)}
    page.get_by_label("Fil med utkastet").set_input_files(big)  # type: ignore[arg-type]
    page.get_by_role("button", name="Sjekk utkastet").click()
    expect(page.get_by_role("alert")).to_contain_text("Filen er for stor (10,0 MB)")
    expect(page.get_by_label("Fil med utkastet")).to_be_focused()
    assert requests == []


def test_keyboard_only(page: Page, base_url: str) -> None:
    """Choose the form, fill it, add and remove a budget row and submit without a mouse."""
    open_sjekk(page, base_url)
    kb = page.keyboard

    def active() -> str:
        return str(page.evaluate("document.activeElement.id || document.activeElement.tagName"))

    kb.press("Tab")
    expect(page.get_by_role("link", name="Hopp til innholdet")).to_be_focused()
    for _ in range(4):  # brand + three menu links
        kb.press("Tab")
    kb.press("Tab")
    assert active() == "metode-tekst"
    kb.press("ArrowRight")
    kb.press("ArrowRight")
    assert active() == "metode-skjema"
    expect(page.locator("#panel-skjema")).to_be_visible()
    kb.press("Tab")
    assert active() == "f-tittel"
    kb.type("Felles digital postmottak")
    kb.press("Tab")
    assert active() == "f-soker"
    kb.type("Malvik kommune")
    # walk on to the budget's add button; every stop must be visible (logical order)
    seen: list[str] = []
    while active() != "legg-til-post":
        kb.press("Tab")
        seen.append(active())
        assert len(seen) < 40, seen
        box = page.evaluate("document.activeElement.getBoundingClientRect().height")
        assert box > 0, f"focus on an invisible element: {seen[-1]}"
    assert seen.index("f-samarbeidskommuner") < seen.index("f-utfordringer")
    assert seen.index("f-utfordringer") < seen.index("f-totalkostnad") < seen.index("post-1")
    kb.press("Enter")
    assert active() == "post-2"
    kb.type("Evaluering")
    kb.press("Tab")
    kb.type("100000")
    kb.press("Tab")
    expect(page.get_by_role("button", name="Fjern post 2")).to_be_focused()
    kb.press("Enter")
    expect(page.locator("#budsjett li")).to_have_count(1)
    assert active() == "post-1"
    # on to the submit button
    for _ in range(30):
        if active() == "sjekk-knapp":
            break
        kb.press("Tab")
    assert active() == "sjekk-knapp"
    kb.press("Enter")
    expect(page.locator("#resultat-tittel")).to_be_focused()
    # no co-financing and no plan: those stop the draft
    blocking = page.locator("section.group-blocking li.finding h4")
    expect(blocking.filter(has_text="Kommunal egenfinansiering")).to_have_count(1)
    shot(page, "sjekk-keyboard")


def test_narrow_screen(page: Page, base_url: str, tmp_path: Path) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    path = tmp_path / "utkast.json"
    path.write_text(json.dumps(late_draft(), ensure_ascii=False), encoding="utf-8")
    open_sjekk(page, base_url)
    page.get_by_label("Fyll ut skjema").check()
    assert not has_horizontal_scroll(page)
    page.get_by_label("Last opp fil").check()
    page.get_by_label("Fil med utkastet").set_input_files(str(path))
    page.get_by_role("button", name="Sjekk utkastet").click()
    expect(page.locator("#resultat")).to_be_visible()
    assert not has_horizontal_scroll(page)
    shot(page, "sjekk-320")


def test_round_selector(page: Page, base_url: str) -> None:
    open_sjekk(page, base_url)
    page.get_by_label("Søknadsteksten").fill(json.dumps(late_draft(), ensure_ascii=False))
    page.get_by_label("Søknadsrunde").select_option("trondelag-2021")
    with page.expect_request("**/v1/precheck?round=trondelag-2021") as req:
        page.get_by_role("button", name="Sjekk utkastet").click()
    assert req.value.method == "POST"
    expect(page.locator("#sammendrag")).to_contain_text("Prosjektskjønn 2021")
    citation = page.locator("section.group-blocking li.finding .citation").first
    expect(citation).to_contain_text("Prosjektskjønn 2021 – lokale retningslinjer")
