"""Question understanding: language, spelling, split words, parts, comparisons, kinds."""

from __future__ import annotations

import pytest

from assistant.answer.normalise import Normaliser, Vocabulary
from assistant.answer.parts import compared_years, split_parts
from assistant.answer.questions import question_type
from assistant.lang.detect import detect

CORPUS = [
    "Søknadsfristen for prosjektskjønn 2025 var 20. juni 2024.",
    "En søknad må vise kommunal egenfinansiering.",
    "Prosjektskjønn kan omfatte alle kommunale tjenesteområder.",
    "Helseplattformen er et fellesløft. Overføringsverdi betyr at andre kommuner kan lære.",
    "Kommunene i Trøndelag søker også i ISORD. Prosjektskjønn gir ikke støtte til næringsutvikling.",
    "Tjenestene skal bli bedre. Søknaden sendes i ISORD.",
    "ByLAB, også kalt Bylaboratorium Innherredsbyene, er et samarbeid.",
]


@pytest.fixture(scope="module")
def norm() -> Normaliser:
    return Normaliser(Vocabulary(CORPUS))


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("When is the deadline for prosjektskjønn applications this year?", "en"),
        ("Kva er søknadsfristen for prosjektskjønn 2025?", "nn"),
        ("Kan kommunane søkje saman om eit prosjekt?", "nn"),
        ("Hvor mye ble tildelt helse og omsorg i 2020?", "nb"),
        ("naar er soknadsfristen i aar?", "nb"),
        ("Is municipal co-funding required?", "en"),
        ("Does a private company need a municipality as partner?", "en"),
        ("Er det krav om egenfinansiering?", "nb"),
        ("Må vi ha egenfinansiering?", "nb"),
    ],
)
def test_language(text: str, lang: str) -> None:
    assert detect(text) == lang


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("hva er soknadsfristen?", "hva er søknadsfristen?"),
        ("må vi ha egenfinansering?", "må vi ha egenfinansiering?"),
        ("gjelder det alle tjenesteomrader?", "gjelder det alle tjenesteområder?"),
        ("er Helseplatformen et felesløft?", "er Helseplattformen et fellesløft?"),
        ("hva betyr overførings verdi?", "hva betyr overføringsverdi?"),
        ("soker man ogsaa i ISORD?", "søker man også i ISORD?"),
        ("Får vi tilskot til tenestene?", "Får vi tilskudd til tjenestene?"),
        # each side of a hyphenated word on its own
        ("hva er bylaboratorie-greiene?", "hva er bylaboratorium-greiene?"),
        # two-letter words typed without å, in a question without æøå
        ("ma soknaden sendes i ISORD?", "må søknaden sendes i ISORD?"),
    ],
)
def test_spelling_and_nynorsk_become_corpus_words(norm: Normaliser, typed: str, read: str) -> None:
    out = norm(typed)
    assert out.text == read
    assert out.corrections or out.lang == "nn"


def test_english_is_read_in_bokmal(norm: Normaliser) -> None:
    out = norm("When is the deadline this year?")
    assert out.lang == "en" and out.text == "når er søknadsfrist i år?"


def test_unknown_words_stay_and_compounds_of_corpus_words_are_not_corrected(
    norm: Normaliser,
) -> None:
    assert norm("Kan vi ta med moms?").text == "Kan vi ta med moms?"
    assert norm("Hva er søknadsfristkravet?").text == "Hva er søknadsfristkravet?"


def test_a_lead_in_is_not_spelt_into_corpus_words() -> None:
    # "Et par om …:" is no typo for "per": the lead-in must survive to split the parts
    norm = Normaliser(Vocabulary([*CORPUS, "Grensen er én søknad per kommune."]))
    out = norm("Et par om fellesløft: hvor mye til 0–24, og hvor mye til nettverk?")
    assert out.text.startswith("Et par om") and not out.corrections
    assert len(split_parts(out.text)) == 2


def test_several_questions_in_one() -> None:
    parts = split_parts("Tre kjappe: når er fristen, hvor søker vi, og må vi ha egenfinansiering?")
    assert [p.text for p in parts] == [
        "når er fristen",
        "hvor søker vi",
        "må vi ha egenfinansiering?",
    ]
    assert [p.follows for p in parts] == [False, True, True]
    # statements before a question are its context; after it, they stay with it
    (one,) = split_parts("Vi er to kommuner. Kan vi søke sammen?")
    assert (one.text, one.context) == ("Kan vi søke sammen?", "Vi er to kommuner.")
    (one,) = split_parts("Fristen nå er 20. juni – hva var den for 2021-midlene?")
    assert (one.text, one.context) == ("hva var den for 2021-midlene?", "Fristen nå er 20. juni")
    topic = split_parts(
        "To spørsmål om Nord-Trøndelag: hvor mange frister hadde de, og når var de?"
    )
    assert [(p.text, p.context) for p in topic] == [
        ("hvor mange frister hadde de", "Nord-Trøndelag"),
        ("når var de?", "Nord-Trøndelag"),
    ]
    assert len(split_parts("Hvem vurderer søknadene? Navn hadde vært fint.")) == 1
    # a statement after the question is its context, not part of what it asks
    (part,) = split_parts("kan vi få penger til vanlig drift? tenker å styrke bemanninga")
    assert part.text == "kan vi få penger til vanlig drift?"
    assert part.context == "tenker å styrke bemanninga"
    # a clause that is no question stays with the question it introduces
    assert len(split_parts("Før Trøndelag ble ett fylke, hvordan var fristene?")) == 1
    # "og" inside a noun phrase is no split
    assert len(split_parts("Hva er forskjellen på kompensasjonsskjønn og prosjektskjønn?")) == 1


def test_comparisons() -> None:
    rounds = [2021, 2025]
    assert compared_years("Har kriteriene endret seg fra 2021 til 2025?", rounds, 2025) == [
        2021,
        2025,
    ]
    assert compared_years("Er det noe nytt i 2025?", rounds, 2025) == [2021, 2025]
    assert compared_years("Hvor mange søknader kom i 2019 mot 2020?", rounds, 2025) == [2019, 2020]
    assert compared_years("Hvor mye i 2020 kontra 2019?", rounds, 2025) == [2020, 2019]
    assert compared_years("Når er fristen for 2025?", rounds, 2025) == []


@pytest.mark.parametrize(
    ("q", "kind"),
    [
        ("Når er fristen?", "date"),
        ("Hvor mye fikk helse og omsorg?", "amount"),
        ("Hvor mange søknader kom det?", "count"),
        ("Kan vi søke om drift?", "yesno"),
        ("vi har fått et tilskudd – kan vi bruke prosjektskjønn til egenandelen?", "yesno"),
        ("Hvilke kriterier gjelder?", "list"),
        ("Hva slags prosjekter får ikke støtte?", "list"),
        ("Hva er poenget med prosjektskjønn?", "text"),
    ],
)
def test_question_kind(q: str, kind: str) -> None:
    assert question_type(q) == kind
