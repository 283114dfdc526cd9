"""The chat page (/) in a real browser: cited answers, follow-ups, feedback, keyboard, safety."""

from __future__ import annotations

import datetime as dt
import json
import re

import httpx
import pytest
from playwright.sync_api import Locator, Page, Route, expect

from tests.browser.helpers import has_horizontal_scroll, shot

pytestmark = [pytest.mark.slow, pytest.mark.browser]

Q_2021 = "Når var søknadsfristen for prosjektskjønn 2021?"
Q_FOLLOWUP = "Og hva med rapporteringsfristen?"


def ask(page: Page, question: str) -> Locator:
    """Type a question, press Enter, return the newest turn once its answer is in."""
    page.fill("#sporsmal", question)
    page.press("#sporsmal", "Enter")
    # the turn is added (busy) on Enter; wait for the answer, and fail with the page's error
    expect(page.locator("#samtale .a[aria-busy]")).to_have_count(0)
    expect(page.locator("#feil")).to_have_text("")
    expect(page.locator("#sporsmal")).to_have_value("")  # cleared once answered
    turn = page.locator("#samtale > li.turn").first
    expect(turn.locator(".question-text")).to_have_text(question)
    return turn


def is_focused(loc: Locator) -> bool:
    return bool(loc.evaluate("el => el.getRootNode().activeElement === el"))


def tab_until(page: Page, target: Locator, max_tabs: int = 25) -> int:
    """Press Tab until ``target`` has focus; the number of presses (fails if never)."""
    for i in range(1, max_tabs + 1):
        page.keyboard.press("Tab")
        if is_focused(target):
            return i
    raise AssertionError(f"{target} fikk aldri fokus med Tab")


def test_answer_with_sources_followup_feedback_and_new_conversation(
    page: Page, base_url: str
) -> None:
    page.goto(base_url + "/")
    expect(page).to_have_title("Spør om prosjektskjønn – Skjønnsassistenten")
    expect(page.locator("header.site nav a[aria-current=page]")).to_have_text("Spør")

    turn = ask(page, Q_2021)
    answer = turn.locator(".a")
    expect(answer).to_contain_text("1. september 2020")
    refs = answer.locator("a.ref")
    expect(refs.first).to_be_visible()
    sources = answer.locator(".sources li")
    assert sources.count() >= 1
    # each source: the document's title, the round it is about and its section, never the
    # file path; whichever document the answer cites first
    for i in range(sources.count()):
        expect(sources.nth(i).locator(".source-title")).not_to_be_empty()
        expect(sources.nth(i).locator(".source-meta")).to_have_text(
            re.compile(r"^(Prosjektskjønn \d{4}|Gjelder alle år)( · avsnitt «[^»]+»)?$")
        )
    expect(answer.locator(".sources")).not_to_contain_text(".md")
    expect(answer.locator(".sources .source-snippet").first).to_contain_text("1. september 2020")

    # a [n] marker moves focus to source n (and so scrolls it into view)
    n = refs.first.inner_text().strip("[]")
    refs.first.click()
    target = answer.locator(f".sources li[value='{n}']")
    expect(target).to_be_focused()
    expect(target).to_be_in_viewport(ratio=0.9)
    # the answer was announced to screen readers
    expect(page.locator("#kunngjoring")).to_contain_text("1. september 2020")

    # the follow-up is sent with the conversation so far and answered for the same round
    with page.expect_request("**/v1/chat") as req:
        turn2 = ask(page, Q_FOLLOWUP)
    sent = json.loads(req.value.post_data or "{}")
    assert [t["role"] for t in sent["history"]] == ["user", "assistant"]
    assert sent["history"][0]["content"] == Q_2021
    assert "1. september 2020" in sent["history"][1]["content"]
    expect(turn2.locator(".a")).to_contain_text("1. juni 2022")
    expect(page.locator("#samtale > li.turn")).to_have_count(2)

    # feedback with a comment on the newest answer
    turn2.locator("summary").click()
    turn2.locator(".feedback textarea").fill("Fint, men kort.")
    with page.expect_response("**/v1/feedback") as resp:
        turn2.get_by_role("button", name="Ja", exact=True).click()
    assert resp.value.status == 201
    fb = json.loads(resp.value.request.post_data or "{}")
    assert fb["helpful"] is True and fb["question"] == Q_FOLLOWUP
    assert fb["comment"] == "Fint, men kort." and "1. juni 2022" in fb["answer"]
    expect(turn2.locator(".feedback-thanks")).to_have_text("Takk for tilbakemeldingen.")
    expect(turn2.locator(".feedback-thanks")).to_be_focused()
    shot(page, "chat-samtale")

    # "Ny samtale" clears the page and the history sent with the next question
    page.get_by_role("button", name="Ny samtale").click()
    expect(page.locator("#samtale > li.turn")).to_have_count(0)
    expect(page.locator("#samtale-seksjon")).to_be_hidden()
    expect(page.locator("#sporsmal")).to_be_focused()
    with page.expect_request("**/v1/chat") as req:
        ask(page, Q_2021)
    assert json.loads(req.value.post_data or "{}")["history"] == []


def test_feedback_no_without_comment(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    turn = ask(page, "Kan vi få prosjektskjønn til ordinær drift?")
    with page.expect_response("**/v1/feedback") as resp:
        turn.get_by_role("button", name="Nei", exact=True).click()
    assert resp.value.status == 201
    fb = json.loads(resp.value.request.post_data or "{}")
    assert fb["helpful"] is False and fb["comment"] is None
    expect(turn.locator(".feedback-thanks")).to_have_text("Takk for tilbakemeldingen.")


def test_keyboard_only(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    # the skip link comes first and leads to the content
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hopp til innholdet")
    expect(skip).to_be_focused()
    tab_until(page, page.locator("#sporsmal"))
    page.keyboard.type(Q_2021)
    page.keyboard.press("Shift+Enter")  # a new line, not sent
    expect(page.locator("#samtale > li.turn")).to_have_count(0)
    page.keyboard.press("Backspace")
    page.keyboard.press("Enter")
    answer = page.locator("#samtale > li.turn").first.locator(".a")
    expect(answer).to_contain_text("1. september 2020")
    expect(page.locator("#sporsmal")).to_be_focused()  # ready for the next question
    expect(page.locator("#sporsmal")).to_have_value("")

    ref = answer.locator("a.ref").first
    tab_until(page, ref, max_tabs=6)  # send, new conversation, then the newest answer's [n]
    page.keyboard.press("Enter")
    n = ref.inner_text().strip("[]")
    expect(answer.locator(f".sources li[value='{n}']")).to_be_focused()
    # and on to the feedback buttons
    tab_until(page, answer.get_by_role("button", name="Ja", exact=True))
    page.keyboard.press("Enter")
    expect(answer.locator(".feedback-thanks")).to_have_text("Takk for tilbakemeldingen.")


def test_unanswerable_question_points_to_contact(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    turn = ask(page, "Hvem vinner fotball-VM?")
    contact = turn.locator(".contact")
    expect(contact).to_contain_text("Statsforvalteren i Trøndelag")
    expect(contact.get_by_role("link", name="sftlpost@statsforvalteren.no")).to_have_attribute(
        "href", "mailto:sftlpost@statsforvalteren.no"
    )
    expect(turn.locator(".sources")).to_have_count(0)


def test_deadline_countdown_and_contact_notice(page: Page, base_url: str) -> None:
    rounds = httpx.get(f"{base_url}/v1/rounds", timeout=30).json()
    current = next(r for r in rounds["rounds"] if r["key"] == rounds["current"])
    days = (
        dt.date.fromisoformat(current["deadline"]) - dt.date.fromisoformat(rounds["today"])
    ).days
    assert (rounds["today"], current["deadline"], days) == ("2024-05-15", "2024-06-20", 36)

    page.goto(base_url + "/")
    deadline = page.locator("#frist")
    expect(deadline).to_have_text(
        "Søknadsfrist for Prosjektskjønn 2025: 20. juni 2024 – 36 dager igjen"
    )
    expect(page.locator("#kilde-notis")).to_have_text(
        "Svarene hentes fra retningslinjene og arkivet. Er du i tvil, kontakt "
        "Statsforvalteren i Trøndelag på sftlpost@statsforvalteren.no."
    )
    # the optional year choice lists the rounds, newest first
    expect(page.locator("#aar option")).to_have_text(
        ["Finn ut fra spørsmålet", "Prosjektskjønn 2025", "Prosjektskjønn 2021"]
    )


def test_chosen_year_is_sent(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    page.select_option("#aar", label="Prosjektskjønn 2021")
    with page.expect_request("**/v1/chat") as req:
        turn = ask(page, "Når var søknadsfristen?")
    assert json.loads(req.value.post_data or "{}")["year"] == 2021
    expect(turn.locator(".a")).to_contain_text("1. september 2020")


def test_markup_in_a_question_stays_text(page: Page, base_url: str) -> None:
    payload = (
        'Hva med <img src=x onerror="window.__xss=1"> og '
        "<script>window.__xss=1</script> i søknaden?"
    )
    page.goto(base_url + "/")
    turn = ask(page, payload)
    expect(turn.locator(".question-text")).to_have_text(payload)
    assert page.evaluate("() => typeof window.__xss") == "undefined"
    assert page.locator("#samtale img, #samtale script").count() == 0


def test_errors_are_shown_in_norwegian(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    page.press("#sporsmal", "Enter")
    expect(page.get_by_role("alert")).to_have_text("Skriv et spørsmål først.")

    page.route(
        "**/v1/chat",
        lambda route: route.fulfill(
            status=503,
            content_type="application/json",
            body=json.dumps({"error": "not_ready", "message": "Modellen lastes. Prøv igjen."}),
        ),
    )
    page.fill("#sporsmal", Q_2021)
    page.press("#sporsmal", "Enter")
    expect(page.get_by_role("alert")).to_have_text("Modellen lastes. Prøv igjen.")
    expect(page.locator("#sporsmal")).to_have_value(Q_2021)  # nothing typed is lost
    expect(page.locator("#samtale > li.turn")).to_have_count(0)

    page.unroute("**/v1/chat")
    page.route("**/v1/chat", lambda route: route.abort("connectionrefused"))
    page.press("#sporsmal", "Enter")
    expect(page.get_by_role("alert")).to_have_text(
        "Tjenesten svarer ikke akkurat nå. Prøv igjen om litt."
    )


def test_narrow_screen_has_no_horizontal_scroll(page: Page, base_url: str) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(base_url + "/")
    ask(page, Q_2021)
    ask(page, "Hvem vinner fotball-VM?")
    assert not has_horizontal_scroll(page)
    shot(page, "chat-320")


def test_new_conversation_drops_a_late_answer(page: Page, base_url: str) -> None:
    held: list[Route] = []

    def hold(route: Route) -> None:  # keep the request waiting until we let it go
        held.append(route)

    page.route("**/v1/chat", hold)
    page.goto(base_url + "/")
    page.fill("#sporsmal", Q_2021)
    page.press("#sporsmal", "Enter")
    expect(page.locator("#samtale .a[aria-busy=true]")).to_have_count(1)
    page.get_by_role("button", name="Ny samtale").click()
    expect(page.locator("#samtale > li.turn")).to_have_count(0)
    page.wait_for_function("() => true")  # let the held route reach the handler
    assert len(held) == 1
    with page.expect_response("**/v1/chat"):
        held[0].continue_()
    page.unroute("**/v1/chat")
    page.wait_for_timeout(200)
    expect(page.locator("#samtale > li.turn")).to_have_count(0)
    expect(page.locator("#send")).to_have_text("Send")
    with page.expect_request("**/v1/chat") as req:
        ask(page, "Hva er egenfinansieringskravet?")
    assert json.loads(req.value.post_data or "{}")["history"] == []
