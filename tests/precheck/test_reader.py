"""The draft reader on drafts written the way municipalities write them (made in the test):
each case is one of the misreadings the reader must not make, checked on the real rules."""

from __future__ import annotations

import io

import pytest

from assistant.precheck import parse_draft, run_precheck
from assistant.settings import Settings

PLAN = (
    "Målet er å korte ned ventetiden fra 6 til 3 uker innen juni 2025. Vi skal prøve ut en ny "
    "digital løsning. Fase 1 høsten 2024, fase 2 våren 2025."
)


def _report(settings: Settings, data: bytes, name: str, today: str = "2026-12-02"):  # type: ignore[no-untyped-def]
    import datetime as dt

    later = settings.model_copy(update={"today": dt.date.fromisoformat(today)})
    draft = parse_draft(data, name)
    return draft, run_precheck(draft, later, None, with_similar=False)


def _docx(paragraphs: list[str], tables: list[list[tuple[str, ...]]]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_heading(text[2:], level=2) if text.startswith(
            "# "
        ) else document.add_paragraph(text)
    for rows in tables:
        t = document.add_table(rows=0, cols=len(rows[0]))
        for row in rows:
            for cell, text in zip(t.add_row().cells, row, strict=True):
                cell.text = text
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_header_lines_do_not_run_together_and_the_drafts_own_date_decides(
    settings: Settings,
) -> None:
    text = (
        "Søker: Malvik kommune\nProsjekt: Digital dialog\nKontaktperson: Kari Nordmann\n"
        "Dato: 10.06.2024\n\nMål og hvordan det skal gjennomføres:\n" + PLAN + "\n"
    )
    draft, report = _report(settings, text.encode(), "u.txt")
    assert draft.søker == "Malvik kommune" and draft.tittel == "Digital dialog"
    assert draft.innsendt.isoformat() == "2024-06-10"
    assert report.read_as["date"] == {"value": "2024-06-10", "source": "Dato: 10.06.2024"}
    assert "deadline_passed" not in report.codes()  # today (2026) is never the draft's date


def test_finance_table_in_word_gives_own_funding_and_no_false_block(settings: Settings) -> None:
    data = _docx(
        ["Søknad om prosjektskjønn 2025", "Søker: Hitra kommune", "# Mål og gjennomføring", PLAN],
        [
            [("Post", "Beløp"), ("Prosjektleder 50 %", "700 000"), ("Sum", "1 000 000")],
            [
                ("Finansiering", "Kr"),
                ("Søkt prosjektskjønn", "350 000"),
                ("Hitra kommune, kontant", "400 000"),
                ("Egeninnsats (arbeidstid)", "250 000"),
                ("Sum finansiering", "1 000 000"),
            ],
        ],
    )
    draft, report = _report(settings, data, "u.docx")
    amounts = report.read_as["amounts"]
    assert amounts["applied"]["value"] == 350000
    assert amounts["own_funding"]["value"] == 650000
    assert amounts["own_funding"]["source"] == (
        "Hitra kommune, kontant | 400 000; Egeninnsats (arbeidstid) | 250 000"
    )
    assert amounts["total_cost"] == {"value": 1000000, "source": "Sum | 1 000 000"}
    assert "missing_municipal_cofinancing" not in report.codes()


@pytest.mark.parametrize(
    "lines",
    [
        "| Søkt prosjektskjønn | 620 000 |\n| Egenfinansiering | 0 |\n| Sum | 620 000 |",
        "Søkt prosjektskjønn\t620 000\nEgenfinansiering\t0\nSum\t620 000",
    ],
)
def test_own_funding_zero_is_zero_and_blocks_with_the_line_quoted(
    settings: Settings, lines: str
) -> None:
    text = f"# Søknad om prosjektskjønn 2025\n\nSøker: Frosta kommune\n\n## Finansiering\n{lines}\n"
    _, report = _report(settings, text.encode(), "u.md")
    assert report.read_as["amounts"]["own_funding"]["value"] == 0
    f = next(f for f in report.findings if f.code == "missing_municipal_cofinancing")
    assert f.severity == "blocking" and "Egenfinansiering" in f.evidence and "0" in f.evidence


def test_a_letter_with_only_an_amount_blocks_on_cofinancing_and_plan(settings: Settings) -> None:
    text = (
        "Emne: Søknad prosjektskjønn 2021 - Snåsa kommune\n\nSnåsa kommune søker med dette om "
        "prosjektskjønn for 2021 på kr 450.000,- til oppvekst. Vi kommer tilbake med mer.\n"
    )
    _, report = _report(settings, text.encode(), "u.txt")
    assert report.read_as["amounts"]["applied"]["value"] == 450000
    assert report.round == "Prosjektskjønn 2021"
    assert set(report.codes("blocking")) == {
        "missing_municipal_cofinancing",
        "missing_project_plan",
    }
    cof = next(f for f in report.findings if f.code == "missing_municipal_cofinancing")
    assert "kr 450.000,-" in cof.evidence


def test_minimum_amount_of_2021_is_checked_from_the_table(settings: Settings) -> None:
    text = (
        "PROSJEKTSKJØNN 2021\n\nKommune: Leka kommune\nDato: 20.08.2020\n\n"
        "Finansiering:\nProsjektskjønn\t\t120 000\nEgenfinansiering\t\t60 000\nSum\t\t180 000\n"
    )
    _, report = _report(settings, text.encode(), "u.txt")
    f = next(f for f in report.findings if f.code == "below_minimum_amount")
    assert f.severity == "blocking" and "Prosjektskjønn" in f.evidence
    assert "120 000 kr" in f.message


def test_partners_from_a_list_and_a_sentence_but_not_the_invited(settings: Settings) -> None:
    text = (
        "# Prosjektskjønn 2025\n\nSøker: Melhus kommune\n\n## Samarbeidspartnere\n"
        "- Skaun kommune\n- Midtre Gauldal kommune\n\nOrkland kommune er invitert til "
        "erfaringsseminaret.\n\n## Gjennomføring\nVi skal gjøre dette sammen med Rennebu "
        "kommune og Oppdal kommune. Erfaringene deles med Holtålen.\n"
    )
    draft, report = _report(settings, text.encode(), "u.md")
    assert draft.samarbeidskommuner == ["Skaun", "Midtre Gauldal", "Rennebu", "Oppdal"]
    assert "suggest_scaling_up" not in report.codes()


def test_round_from_the_title_and_a_late_date_in_that_round(settings: Settings) -> None:
    text = "Søknad om prosjektskjønn 2021\nSøker: Frosta kommune\nDato: 03.09.2020\n"
    _, report = _report(settings, text.encode(), "u.txt")
    assert report.round == "Prosjektskjønn 2021"
    assert report.round_reason == "fra «Søknad om prosjektskjønn 2021»"
    f = next(f for f in report.findings if f.code == "deadline_passed")
    assert f.evidence == "«Dato: 03.09.2020»: 03.09.2020, 2 dag(er) etter fristen"


def test_a_project_leader_named_in_the_budget_counts_as_organisation(settings: Settings) -> None:
    text = (
        "# Prosjektskjønn 2025\n\nSøker: Malvik kommune\n\n## Mål og gjennomføring\n" + PLAN + "\n"
        "\n## Budsjett\n| Post | Beløp |\n|---|---|\n| Prosjektleder 40 % | 300 000 |\n"
    )
    _, report = _report(settings, text.encode(), "u.md")
    assert "weak_project_plan" not in report.codes()


def test_ordinary_operations_wording_blocks_with_quotes(settings: Settings) -> None:
    text = (
        "# Prosjektskjønn 2025\n\nSøker: Meråker kommune\n\n## Mål og gjennomføring\n" + PLAN + " "
        "De to nye nattevaktene inngår i den vanlige turnusen fra januar. Behovet er varig.\n"
    )
    _, report = _report(settings, text.encode(), "u.md")
    f = next(f for f in report.findings if f.code == "ordinary_operations")
    assert f.severity == "blocking"
    assert "inngår i den vanlige turnusen" in f.evidence and "Behovet er varig" in f.evidence


def test_one_weighed_staffing_alternative_is_not_ordinary_operations(settings: Settings) -> None:
    text = (
        "# Prosjektskjønn 2025\n\nSøker: Meråker kommune\n\n## Begrunnelse for valg av "
        "virkemidler\nVi har vurdert økt bemanning, men det løser ikke utfordringen.\n"
    )
    _, report = _report(settings, text.encode(), "u.md")
    assert "ordinary_operations" not in report.codes()


def test_no_date_shows_the_deadline_and_a_month_after_it_is_late(settings: Settings) -> None:
    letter = "Selbu kommune søker om 400 000 kr til et prosjekt.\n".encode()
    _, report = _report(settings, letter, "u.txt")
    note = next(f for f in report.findings if f.code == "deadline_not_checked")
    assert note.severity == "info" and "20. juni 2024" in note.message
    _, late = _report(settings, "Søker: Selbu kommune\nSkrevet: juli 2024\n".encode(), "u.txt")
    f = next(f for f in late.findings if f.code == "deadline_passed")
    assert f.severity == "blocking" and "hele juli 2024 er etter fristen" in f.evidence


def test_pdf_form_table_read_with_layout(settings: Settings) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for left, right in [
        ("Søknad om prosjektskjønn 2021", ""),
        ("Søker", "Røros kommune"),
        ("Søkt beløp", "kr 500.000,-"),
        ("Dato", "01.09.2020"),
    ]:
        pdf.cell(90, 7, left)
        pdf.cell(90, 7, right, new_x="LMARGIN", new_y="NEXT")
    draft, report = _report(settings, bytes(pdf.output()), "u.pdf")
    assert draft.søker == "Røros kommune"
    assert report.read_as["amounts"]["applied"]["value"] == 500000
    assert "deadline_passed" not in report.codes()  # on the deadline day itself


def test_multi_year_budget_table_and_co_funding_municipalities(settings: Settings) -> None:
    text = (
        "# Søknad om prosjektskjønn 2025 – Felles legevakt\n\n**Søker:** Grong kommune\n\n"
        "## Budsjett\n| Post | 2025 | 2026 | Sum |\n|---|---|---|---|\n"
        "| Prosjektleder | 300 000 | 300 000 | 600 000 |\n| Opplæring | 100 000 | 50 000 | 150 000 |\n"
        "| Sum | 400 000 | 350 000 | 750 000 |\n\n## Finansiering\n| Kilde | Beløp |\n|---|---|\n"
        "| Prosjektskjønn | 450 000 |\n| Grong kommune | 150 000 |\n| Røyrvik og Lierne | 150 000 |\n"
        "| Verdal Næringsforum | 0 |\n| Sum | 750 000 |\n"
    )
    draft, report = _report(settings, text.encode(), "u.md")
    amounts = {k: (v or {}).get("value") for k, v in report.read_as["amounts"].items()}
    assert amounts == {
        "applied": 450000,
        "own_funding": 300000,
        "other_funding": 0,
        "total_cost": 750000,
    }
    assert [(b.post, b.beløp) for b in draft.budsjett] == [
        ("Prosjektleder", 600000),
        ("Opplæring", 150000),
    ]
    assert draft.samarbeidskommuner == ["Røyrvik", "Lierne"]
    assert "budget_inconsistent" not in report.codes()


def test_own_share_and_total_in_prose(settings: Settings) -> None:
    text = (
        "Rindal kommune søker om 1,5 mill. kroner til prosjektet «Smart vann». Kommunens "
        "egenandel er 500 000 kr i form av arbeidstid. Prosjektet koster til sammen 2 millioner "
        "kroner. Tilskuddet fra direktoratet forutsetter en egenandel på 50 % av kostnadene.\n"
    )
    _, report = _report(settings, text.encode(), "u.txt")
    amounts = {k: (v or {}).get("value") for k, v in report.read_as["amounts"].items()}
    assert amounts["applied"] == 1500000 and amounts["own_funding"] == 500000
    assert amounts["total_cost"] == 2000000


@pytest.mark.parametrize(
    "label",
    [
        "Søker",
        "Søkjar",
        "Søker og prosjektansvarlig",
        "**Søker og prosjektansvarlig:**",
        "Søkar og prosjekteigar",
        "Prosjekteier/søker",
        "Søker/kommune",
        "Ansvarlig søker",
        "Søker (prosjektansvarlig)",
        "Ansvarlig kommune",
        "Prosjekteier",
    ],
)
def test_applicant_label_variants_are_read_as_the_applicant(label: str) -> None:
    from assistant.precheck.sections import label_of

    assert label_of(label) == "søker"


@pytest.mark.parametrize("label", ["Prosjektleder", "Kontaktperson", "Søknadsbeløp", "Søkt beløp"])
def test_other_labels_are_not_the_applicant(label: str) -> None:
    from assistant.precheck.sections import label_of

    assert label_of(label) != "søker"


def _amounts(report) -> dict:  # type: ignore[no-untyped-def]
    return {k: (v or {}).get("value") for k, v in report.read_as["amounts"].items()}


@pytest.mark.parametrize(
    ("first_lines", "applicant"),
    [
        ("NÆRØYSUND KOMMUNE - Teknisk drift\nSøknad om prosjektskjønn 2021", "Nærøysund kommune"),
        (
            "Røyrvik kommune / Raavrevijhken tjïelte\nSøknad om prosjektskjønn 2025",
            "Røyrvik kommune",
        ),
        ("Prosjektskjønn 2025 – Orkland kommune\nProsjekt: Trygg hverdag", "Orkland kommune"),
        ("Hei\n\nSnåsa kommune vil med dette søke om prosjektskjønn for 2021.", "Snåsa kommune"),
    ],
)
def test_applicant_from_letterhead_title_or_sentence(
    settings: Settings, first_lines: str, applicant: str
) -> None:
    text = f"{first_lines}\n\n{PLAN}\n\nVi søker om 400 000 kr.\n"
    _, report = _report(settings, text.encode(), "a.txt")
    assert report.read_as["applicant"]["value"] == applicant
    assert applicant.split()[0] not in (report.read_as["partners"]["value"] or [])


def test_applicant_from_the_signature_of_a_letter(settings: Settings) -> None:
    text = f"Hei\n\n{PLAN}\n\nVi søker om 400 000 kr.\n\nMvh\nRandi Kvam\noppvekstleder\nSnåsa kommune\n"
    _, report = _report(settings, text.encode(), "a.txt")
    assert report.read_as["applicant"]["value"] == "Snåsa kommune"


def test_several_amounts_on_one_line_and_a_breakdown_in_brackets(settings: Settings) -> None:
    text = (
        "Søker: Ørland kommune\n\n" + PLAN + "\n\nFinansiering\n"
        "Søkt prosjektskjønn: 500 000 kr. Egenfinansiering: 300 000 kr (Ørland 200 000, Åfjord 100 000).\n"
    )
    _, report = _report(settings, text.encode(), "b.txt")
    amounts = _amounts(report)
    assert amounts["applied"] == 500000 and amounts["own_funding"] == 300000
    assert report.read_as["partners"]["value"] == ["Åfjord"]


def test_a_labelled_value_with_a_breakdown_is_the_first_amount(settings: Settings) -> None:
    text = (
        "Søker: Stjørdal kommune\nSøknadsbeløp: 600 000\n"
        "Egenfinansiering: 450000 (Stjørdal 270 000, Meråker 90 000, Frosta 90 000)\n\n" + PLAN
    )
    _, report = _report(settings, text.encode(), "c.txt")
    assert _amounts(report)["own_funding"] == 450000
    assert report.read_as["partners"]["value"] == ["Meråker", "Frosta"]


def test_side_by_side_cost_and_financing_table(settings: Settings) -> None:
    data = _docx(
        ["Søker: Verdal kommune", PLAN, "# Budsjett og finansiering"],
        [
            [
                ("Post", "Beløp (kr)", "Finansiering", "Beløp (kr)"),
                ("Prosjektleder", "500 000", "Prosjektskjønn (søkt)", "900 000"),
                ("Kurs", "480 000", "Verdal kommune, næringsfond", "400 000"),
                ("Lokaler", "320 000", "", ""),
                ("Sum", "1 300 000", "Sum", "1 300 000"),
            ]
        ],
    )
    _, report = _report(settings, data, "d.docx")
    amounts = _amounts(report)
    assert amounts["applied"] == 900000 and amounts["own_funding"] == 400000
    assert amounts["total_cost"] == 1300000
    assert "budget_inconsistent" not in report.codes()


def test_a_table_in_millions_is_read_in_kroner(settings: Settings) -> None:
    text = (
        "Søker: Malvik kommune\n\n" + PLAN + "\n\n## Budsjett (mill. kr)\n\n"
        "| Post | Beløp |\n|---|---|\n| Verktøy | 0,25 |\n| Prosjektleder | 0,95 |\n"
        "| Totalt | 1,20 |\n\nDet søkes om 0,7 mill. kr. Egenfinansiering fra Malvik kommune er "
        "0,5 mill. kr.\n"
    )
    _, report = _report(settings, text.encode(), "e.md")
    amounts = _amounts(report)
    assert amounts["total_cost"] == 1200000
    assert amounts["applied"] == 700000 and amounts["own_funding"] == 500000


def test_dot_leader_lines_are_budget_lines_not_a_paragraph(settings: Settings) -> None:
    text = (
        "Søker: Grong kommune\n\n" + PLAN + "\n\nBUDSJETT\n"
        "Prosjektleder 20 % .............................. 150 000\n"
        "Chat-løsning, lisens og oppsett ................. 80 000\n"
        "Opplæring ...................................... 50 000\n"
        "Sum ............................................ 280 000\n\n"
        "Finansiering: søkt prosjektskjønn 180 000 kr. Egenfinansiering 100 000 kr "
        "(Grong 70 000, Høylandet 30 000).\n"
    )
    _, report = _report(settings, text.encode(), "f.txt")
    amounts = _amounts(report)
    assert amounts["total_cost"] == 280000 and amounts["own_funding"] == 100000
    assert report.read_as["partners"]["value"] == ["Høylandet"]


@pytest.mark.parametrize(
    "line",
    [
        "Kontaktperson: Tone Lian · Dato: 21.08.2020 · Til: Fylkesmannen i Trøndelag",
        "Kontaktperson: Arnfinn Volden · Skaun, 21.08.2020 · Mottaker: Fylkesmannen i Trøndelag",
        "Skaun 21. august 2020",
    ],
)
def test_the_drafts_date_in_a_run_on_header_line(settings: Settings, line: str) -> None:
    text = f"Skaun kommune\n{line}\n\nSøknad om prosjektskjønn 2021\n\n{PLAN}\n"
    _, report = _report(settings, text.encode(), "g.txt")
    assert report.read_as["date"]["value"] == "2020-08-21"


def test_an_own_share_of_another_grant_covered_by_the_fund_is_not_own_funding(
    settings: Settings,
) -> None:
    text = (
        "Søker: Melhus kommune\n\n" + PLAN + "\n\nAnnen finansiering\n"
        "Tilskuddet fra Husbanken krever en kommunal egenandel på 50 prosent. Denne egenandelen, "
        "800 000 kr, søkes dekket av prosjektskjønn 2025. Melhus kommune dekker i tillegg "
        "prosjektledelse og styring med 120 000 kr.\n"
    )
    _, report = _report(settings, text.encode(), "h.txt")
    assert _amounts(report)["own_funding"] == 120000
    assert "covers_own_share_other_state_grant" in report.codes()


def test_partners_from_a_table_of_municipalities_and_a_taking_part_sentence(
    settings: Settings,
) -> None:
    text = (
        "Søker: Namdal regionråd\n\n" + PLAN + "\n\nDeltakende kommuner\n\n"
        "| Kommune | Kontaktperson | Rolle |\n|---|---|---|\n| Namsos | Rune A | vertskommune |\n"
        "| Grong | Ole G | deltaker |\n\nSkolene i Selbu og Holtålen deltar med egne kontaktlærere. "
        "NTNU (utdanninga i Trondheim) bidrar med veiledning.\n"
    )
    _, report = _report(settings, text.encode(), "i.md")
    assert report.read_as["partners"]["value"] == ["Namsos", "Grong", "Selbu", "Holtålen"]


def test_goals_under_delmal_and_a_why_heading_are_read(settings: Settings) -> None:
    data = _docx(
        [
            "Søker: Hitra kommune",
            "# Mål og hvordan det skal gjennomføres",
            "Hovedmål",
            "Færre reinnleggelser og tryggere overgang fra sykehus til hjem.",
            "Delmål (måles mot 2023):",
            "- Reinnleggelser skal ned fra 34 til under 27 i 2025.",
            "Gjennomføring: august 2024 oppstart, desember 2025 sluttrapport. Prosjektleder i Hitra.",
            "# Hvorfor disse virkemidlene",
            "Vi kombinerer tre virkemidler:",
            "nettbrett hjemme, et fast forløp og opplæring, fordi fysiske besøk ikke er mulig.",
            "# Spredning",
            "Erfaringene deles med",
            "Frøya og Smøla og i ISORD.",
        ],
        [],
    )
    _, report = _report(settings, data, "j.docx")
    codes = report.codes()
    assert "vague_goals" not in codes
    assert "missing_instrument_justification" not in codes
    assert "no_transferability_plan" not in codes


def test_doing_the_same_as_earlier_years_is_low_innovation(settings: Settings) -> None:
    text = (
        "Søker: Frosta kommune\n\nMål\n- 40 ungdommer deltar sommeren 2021\n\nHva vi skal gjøre\n"
        "Vi ønsker å fortsette med det samme opplegget som tidligere år: to aktivitetsuker i juli. "
        "Ungdomskontakten er prosjektleder, oppstart mars 2021.\n"
    )
    _, report = _report(settings, text.encode(), "k.md")
    assert "low_innovation" in report.codes()


@pytest.mark.parametrize(
    ("line", "applicant"),
    [
        (
            "Prosjekteier: kommunalsjef for samfunnsutvikling, Nærøysund kommune.",
            "Nærøysund kommune",
        ),
        (
            "Søker: Meråker kommune. Dato: 13.06.2024. Søknadsbeløp: 450 000 kroner.",
            "Meråker kommune",
        ),
        (
            "Søker og prosjekteier: Indre Namdal regionråd v/ regionkoordinator",
            "Indre Namdal regionråd",
        ),
        ("Søker ..................... Oppdal kommune", "Oppdal kommune"),
    ],
)
def test_the_applicant_is_the_organisation_not_a_role_or_the_next_label(
    settings: Settings, line: str, applicant: str
) -> None:
    _, report = _report(settings, f"{line}\n\n{PLAN}\n".encode(), "a.txt")
    assert report.read_as["applicant"]["value"] == applicant
    assert "applicant_not_municipality" not in report.codes()


def test_a_role_as_project_owner_falls_back_to_the_letterhead(settings: Settings) -> None:
    text = f"HØYLANDET KOMMUNE\n\nProsjekteier: kommunedirektør\n\n{PLAN}\n"
    _, report = _report(settings, text.encode(), "r.txt")
    assert report.read_as["applicant"]["value"] == "Høylandet kommune"


def test_a_form_with_numbered_upper_case_headings_and_dot_leaders(settings: Settings) -> None:
    text = (
        "SØKNAD OM PROSJEKTSKJØNN 2025\n\nSøker (kommune) ........ Oppdal kommune\n"
        "Dato ........ 19.06.2024\n\n1. MÅL\n\n" + PLAN + "\n\n7. BUDSJETT\n\n"
        "Prosjektleder ........ kr 500 000\nSUM ........ kr 500 000\n\n8. FINANSIERING\n\n"
        "Prosjektskjønn 2025 (omsøkt) ........ kr 300 000\n"
        "Oppdal kommune, egenfinansiering ........ kr 150 000\n"
        "Trøndelag fylkeskommune ........ kr 50 000\nSUM ........ kr 500 000\n"
    )
    _, report = _report(settings, text.encode(), "f.txt")
    amounts = report.read_as["amounts"]
    assert report.read_as["applicant"]["value"] == "Oppdal kommune"
    assert report.read_as["date"]["value"] == "2024-06-19"
    assert amounts["applied"]["value"] == 300000
    assert amounts["own_funding"]["value"] == 150000  # the county council is not own funding
    assert amounts["other_funding"]["value"] == 50000


def test_a_draft_typed_without_aeoeaa(settings: Settings) -> None:
    text = (
        "Soker: Osen kommune\nDato: 28.08.20\n\n"
        "Osen kommune soker om 95.000,- i prosjektskjonn for 2021.\n\n" + PLAN + "\n"
    )
    _, report = _report(settings, text.encode(), "o.txt")
    assert report.read_as["date"]["value"] == "2020-08-28"
    assert report.read_as["amounts"]["applied"]["value"] == 95000
    assert "below_minimum_amount" in report.codes("blocking")


def test_skjonn_as_the_municipal_counterpart_of_a_state_grant_blocks(settings: Settings) -> None:
    text = (
        "Søker: Midtre Gauldal kommune\n\n" + PLAN + "\n\nTilskuddet fra Helsedirektoratet "
        "forutsetter at kommunen selv finansierer like mye. Prosjektskjønnsmidlene vil bli brukt "
        "som kommunens motpost i dette spleiselaget.\n"
    )
    _, report = _report(settings, text.encode(), "m.txt")
    assert "covers_own_share_other_state_grant" in report.codes("blocking")


@pytest.mark.parametrize(
    "sentence",
    [
        "Tilbodet inngår i dag i den vanlege drifta ved skulen. Tilbodet skal vidareførast på "
        "same måten som dei tidlegare åra.",
        "Prosjektet omfatter nødvendig vedlikehold av bygningsmassen: nye vinduer og nytt tak.",
    ],
)
def test_ordinary_operations_in_other_words_blocks(settings: Settings, sentence: str) -> None:
    text = f"Søker: Tydal kommune\n\n{PLAN}\n\n{sentence}\n"
    _, report = _report(settings, text.encode(), "d.txt")
    assert "ordinary_operations" in report.codes("blocking")


def test_a_late_report_with_a_date_in_the_sentence_is_found(settings: Settings) -> None:
    text = (
        "Søker: Snåsa kommune\n\n" + PLAN + "\n\nSluttrapporten skulle vært levert i portalen "
        "1. juni 2024, men er forsinket på grunn av sykdom.\n"
    )
    _, report = _report(settings, text.encode(), "r.txt")
    assert "reporting_overdue" in report.codes("warning")


def test_a_sentence_that_says_there_is_no_sharing_is_not_a_sharing_plan(
    settings: Settings,
) -> None:
    text = (
        "Søker: Rindal kommune\n\n" + PLAN + "\n\n## Spredning\n\nVi har ikke planlagt egne "
        "tiltak for spredning av erfaringer til andre kommuner. Prosjektet er tilpasset Rindal.\n"
    )
    _, report = _report(settings, text.encode(), "s.md")
    assert "no_transferability_plan" in report.codes("warning")


def test_a_plan_put_off_until_the_grant_is_given_blocks(settings: Settings) -> None:
    text = (
        "Søker: Leka kommune\n\n## Mål\n\nVi vil ha et meråpent bibliotek som er åpent flere "
        "timer i uka for alle innbyggere i kommunen.\n\n## Gjennomføring\n\nHvordan vi skal gå "
        "fram, og i hvilken rekkefølge, vil vi finne ut av dersom søknaden blir innvilget.\n"
    )
    _, report = _report(settings, text.encode(), "p.md")
    finding = next(f for f in report.findings if f.code == "missing_project_plan")
    assert finding.severity == "blocking" and "finne ut av" in finding.evidence


def test_the_amount_applied_for_in_the_header_and_the_table_is_one_amount(
    settings: Settings,
) -> None:
    text = (
        "Søker: Inderøy kommune\nOmsøkt beløp: 400000\n\n" + PLAN + "\n\n### Finansiering\n\n"
        "| Kilde | Beløp |\n|---|---:|\n| Prosjektskjønn 2025 | 400 000 |\n"
        "| Inderøy kommune, egenandel | 210 000 |\n| Sum | 610 000 |\n"
    )
    _, report = _report(settings, text.encode(), "h.md")
    assert "budget_inconsistent" not in report.codes()


def test_headings_typed_with_aa_and_o_for_å_and_ø_open_their_sections(settings: Settings) -> None:
    # "Maal" and "Gjennomforing" are the goals and the implementation; the goals say
    # nothing measurable, and that is judged on the goals, not on the time plan below them
    text = (
        "Soker: Heim kommune\nSoknadsbelop: 350.000\n\nMaal\n"
        "Maalet er bedre informasjon til innbyggerne og en mer synlig kommune.\n\n"
        "Gjennomforing\nFase 1 (jan-mars 2021): 25 nettredaktorer lares opp.\n"
        "Fase 2 (april-juni 2021): lansering og evaluering.\n\n"
        "Organisering\nProsjektleder: Siri Vullum (50 % i prosjektet)\n"
    )
    draft, report = _report(settings, text.encode(), "heim.txt")
    assert draft.mål_og_gjennomføring.startswith("Maalet er bedre informasjon")
    assert "vague_goals" in report.codes()
    assert "weak_project_plan" not in report.codes()


def test_own_funding_in_a_sentence_sums_the_partners_and_skips_the_next_clause(
    settings: Settings,
) -> None:
    text = (
        "Namsos kommune søker om prosjektskjønn for 2021.\n\n" + PLAN + "\n\n"
        "Samlet kostnad er beregnet til 820 000 kroner. Namsos kommune bidrar med 200 000 "
        "kroner og Overhalla kommune med 100 000 kroner i egenfinansiering, og vi søker om "
        "520 000 kroner i prosjektskjønn.\n"
    )
    draft, report = _report(settings, text.encode(), "namsos.txt")
    assert draft.egen_beløp == 300_000  # not the 520 000 of the clause after it
    assert draft.søknadsbeløp == 520_000 and draft.totalkostnad == 820_000
    assert "missing_municipal_cofinancing" not in report.codes()


def test_a_line_that_introduces_a_list_of_sub_goals_keeps_the_list_as_goals(
    settings: Settings,
) -> None:
    text = (
        "Søker: Midtre Gauldal kommune\n\nMål og hvordan det skal gjennomføres:\n"
        "Hovedmål: Et frisklivstilbud som er like tilgjengelig i grendene som på Støren.\n"
        "Delmål innen 31.12.2021:\n - minst 60 deltakere fra grendene (mot 22 i 2019)\n"
        " - frafall ned fra 40 % til 20 %\n\nFase 1 (jan–mars 2021): kartlegging\n"
        "Fase 2 (april–nov 2021): gruppesamlinger\n\nProsjektleder: Ragnhild Haugen\n"
    )
    draft, report = _report(settings, text.encode(), "frisk.txt")
    assert "minst 60 deltakere" in draft.mål_og_gjennomføring
    assert "vague_goals" not in report.codes()


@pytest.mark.parametrize(
    "organised",
    [
        "Byggherre: Tydal kommune ved eiendomsforvalter. Byggekomité: kommunedirektør, rektor.",
        "Styringsgruppa består av kommunedirektøren og rektor.",
    ],
)
def test_a_building_committee_or_a_nynorsk_steering_group_is_organisation(
    settings: Settings, organised: str
) -> None:
    text = "Søker: Tydal kommune\n\n## Mål og gjennomføring\n" + PLAN + "\n\n" + organised + "\n"
    _, report = _report(settings, text.encode(), "o.md")
    assert "weak_project_plan" not in report.codes()
    _, report = _report(
        settings, ("Søker: Tydal kommune\n\n## Mål og gjennomføring\n" + PLAN).encode(), "o.md"
    )
    assert "weak_project_plan" in report.codes()  # without it, the plan lacks organisation


def test_own_funding_said_as_a_sum_and_line_by_line_counts_once(settings: Settings) -> None:
    text = (
        "Søker: Steinkjer kommune\n\n" + PLAN + "\n\n## Finansiering\n| Kilde | Beløp |\n"
        "|---|---|\n| Prosjektskjønn | 700 000 kr |\n| Egenfinansiering | 500 000 kr |\n"
        "| Steinkjer kommune, egeninnsats | 420 000 kr |\n"
        "| Steinkjer kommune, kontantbidrag | 80 000 kr |\n| Sum | 1 200 000 kr |\n"
    )
    _, report = _report(settings, text.encode(), "s.md")
    assert report.read_as["amounts"]["own_funding"]["value"] == 500000
    assert "budget_inconsistent" not in report.codes()
    # a municipality's share that happens to equal the partners' shares is still a share
    text = (
        "Søker: Melhus kommune\n\n" + PLAN + "\n\n## Finansiering\n| Kilde | Beløp |\n|---|---|\n"
        "| Prosjektskjønn | 500 000 |\n| Melhus kommune | 250 000 |\n| Skaun kommune | 125 000 |\n"
        "| Midtre Gauldal kommune | 125 000 |\n| Sum | 1 000 000 |\n"
    )
    _, report = _report(settings, text.encode(), "m.md")
    assert report.read_as["amounts"]["own_funding"]["value"] == 500000


def test_a_cost_the_municipality_carries_is_not_read_as_the_start_of_the_financing(
    settings: Settings,
) -> None:
    text = (
        "Søker: Leka kommune\n\n" + PLAN + "\n\n### Budsjett\n\n| Post | Beløp |\n|---|---|\n"
        "| Egne timer: rektor, lærere (egenfinansiering) | 80 000 kr |\n"
        "| Videoløsning og lisens | 35 000 kr |\n| Opplæring | 85 000 kr |\n"
        "| **Sum** | **200 000 kr** |\n\n| Finansiering | Beløp |\n|---|---|\n"
        "| Prosjektskjønn | 120 000 kr |\n| Leka kommune, egne timer | 80 000 kr |\n"
        "| **Sum** | **200 000 kr** |\n"
    )
    _, report = _report(settings, text.encode(), "l.md")
    amounts = report.read_as["amounts"]
    assert amounts["own_funding"]["value"] == 80000 and amounts["other_funding"] is None
    assert "budget_inconsistent" not in report.codes()
    # with no financing table, the cost line is the only word on own funding, and counts
    alone = text.split("| Finansiering |")[0]
    _, report = _report(settings, alone.encode(), "l.md")
    assert report.read_as["amounts"]["own_funding"]["value"] == 80000


@pytest.mark.parametrize(
    ("header", "applicant"),
    [
        ("**Fra:** Malvik idrettsråd\n**Dato:** 11.06.2024", "Malvik idrettsråd"),
        (
            "Søker og prosjektansvarlig: Stiftelsen Berkåk Montessoriskole (privat grunnskole), "
            "org.nr. 999 888 777",
            "Stiftelsen Berkåk Montessoriskole",
        ),
    ],
)
def test_a_sender_or_a_noted_applicant_that_is_no_municipality_blocks(
    settings: Settings, header: str, applicant: str
) -> None:
    text = f"{header}\n\n# Søknad om prosjektskjønn 2025\n\n{PLAN}\n"
    _, report = _report(settings, text.encode(), "a.md")
    assert report.read_as["applicant"]["value"] == applicant
    assert "applicant_not_municipality" in report.codes()


def test_an_e_mail_sender_who_is_a_person_is_not_the_applicant(settings: Settings) -> None:
    text = (
        "Fra: Tone Hegdahl <tone.hegdahl@flatanger.kommune.no>\nSendt: 17. juni 2024\n\n"
        f"Søknad om prosjektskjønn 2025\n\n{PLAN}\n\nMvh\nTone Hegdahl\nFlatanger kommune\n"
    )
    _, report = _report(settings, text.encode(), "e.txt")
    assert report.read_as["applicant"]["value"] == "Flatanger kommune"
    assert "applicant_not_municipality" not in report.codes()


def test_hired_help_to_catch_up_a_backlog_is_ordinary_operations(settings: Settings) -> None:
    text = (
        "Søker: Meråker kommune\nKommunens egenfinansiering ........ 120 000 kr\n\n"
        "Mål og hvordan det skal gjennomføres:\nEtter en vakant stilling har det bygget seg opp "
        "et etterslep på om lag 140 matrikkelsaker. Målet er at etterslepet er tatt igjen "
        "innen 31.12.2021.\n\nVirkemidler som skal benyttes:\nInnleie av landmåler og "
        "konsulenttimer til føring av matrikkelen.\n"
    )
    _, report = _report(settings, text.encode(), "m.txt")
    f = next(f for f in report.findings if f.code == "ordinary_operations")
    assert f.severity == "blocking" and "etterslep" in f.evidence
    assert report.read_as["amounts"]["own_funding"]["value"] == 120000
    # a new way of working that brings a backlog down is renewal, not operations
    text = (
        "Søker: Meråker kommune\n\nMål og gjennomføring:\n" + PLAN + " Med den nye løsningen "
        "skal vi ta ned etterslepet i byggesakene.\n"
    )
    _, report = _report(settings, text.encode(), "m.txt")
    assert "ordinary_operations" not in report.codes()


def test_a_growth_programme_for_companies_is_business_development(settings: Settings) -> None:
    text = (
        "Søknad om prosjektskjønn 2025 – Frøya kommune\n\nOm prosjektet\nKommunen vil etablere "
        "et vekstprogram for åtte leverandørbedrifter, med mentorer, kapitalinnhenting og "
        "direkte tilskudd til produktutvikling.\n\nMål\nBedriftene skal øke omsetningen med 15 "
        "prosent, og minst tre skal ha inngått eksportkontrakter innen 2026.\n"
    )
    _, report = _report(settings, text.encode(), "f.txt")
    assert "pure_business_development" in report.codes()


def test_the_share_a_state_grant_requires_covered_by_skjonn_blocks(settings: Settings) -> None:
    text = (
        "Søker: Ørland kommune\n\n" + PLAN + "\n\n9. Finansiering\nØrland kommune har fått "
        "tilsagn om 630 000 kr i statlige midler fra den desentraliserte ordningen. Det statlige "
        "tilskuddet forutsetter at kommunen selv dekker 30 prosent av kostnadene. Vi søker om at "
        "denne andelen dekkes med prosjektskjønn.\n"
    )
    _, report = _report(settings, text.encode(), "o.txt")
    f = next(f for f in report.findings if f.code == "covers_own_share_other_state_grant")
    assert f.severity == "blocking" and "denne andelen" in f.evidence


@pytest.mark.parametrize(
    "schedule",
    [
        "## Plan\n\n| Milepæl | Tidspunkt |\n|---|---|\n| Avtale med leverandør | februar 2025 |\n"
        "| Første panelrunde | mars 2025 |\n",
        "Slik gjør vi det\n- Februar 2025: innhenting av data fra begge kommunene.\n"
        "- Oktober–desember 2025: vedtak i kommunestyret.\n",
    ],
)
def test_a_time_plan_with_the_dates_last_or_in_a_dated_list_is_a_time_plan(
    settings: Settings, schedule: str
) -> None:
    goals = (
        "Mål og gjennomføring:\nMinst 400 ungdommer deltar, og andelen innspill fra unge øker "
        "fra 2 til 15 prosent. Ungdomsrådene legger fram resultatene for kommunestyret.\n"
    )
    text = f"Søker: Levanger kommune\nProsjektleder: Emil Reitan\n\n{goals}\n{schedule}"
    _, report = _report(settings, text.encode(), "p.md")
    assert "weak_project_plan" not in report.codes()
    _, report = _report(
        settings, f"Søker: Levanger kommune\nProsjektleder: Emil Reitan\n\n{goals}".encode(), "p.md"
    )
    assert "weak_project_plan" in report.codes()  # without the plan, there is no time plan


def test_business_named_among_those_taken_along_is_no_business_risk(settings: Settings) -> None:
    base = "Søker: Steinkjer kommune\nProsjektleder: Sunniva Lorentzen\n\nMål og gjennomføring:\n"
    listed = (
        PLAN
        + " Vi holder dialogmøter med innbyggere, ungdomsrådet, frivilligheten og næringslivet.\n"
    )
    _, report = _report(settings, (base + listed).encode(), "b.txt")
    assert "business_development_risk" not in report.codes()
    about = PLAN + " Prosjektet skal styrke næringslivet i sentrum.\n"
    _, report = _report(settings, (base + about).encode(), "b.txt")
    assert "business_development_risk" in report.codes()


def test_a_cost_table_with_a_column_per_source_sums_the_columns(settings: Settings) -> None:
    text = (
        "Søker: Trondheim kommune\nProsjektleder: Kari Nilsen\n\nMål og gjennomføring:\n"
        + PLAN
        + "\n\nVi søker om 800 000 kroner. Kommunen bidrar med 800 000 kroner i egeninnsats.\n\n"
        "## Budsjett\n| Post | Egeninnsats | Prosjektskjønn |\n|---|---|---|\n"
        "| Prosjektleder 80 % | 600 000 kr | – |\n| Tilsynsteamets tid | 200 000 kr | – |\n"
        "| Dataanalyse (ekstern) | – | 450 000 kr |\n| Juridisk vurdering | – | 350 000 kr |\n"
        "| Sum | 800 000 kr | 800 000 kr |\n\nSamlet kostnad: 1 600 000 kr.\n"
    )
    _, report = _report(settings, text.encode(), "t.md")
    assert report.read_as["amounts"]["total_cost"]["value"] == 1600000
    assert "budget_inconsistent" not in report.codes()


def test_numbered_headings_typed_without_aeoa_open_their_sections(settings: Settings) -> None:
    text = (
        "Soker: Osen kommune\nProsjektleder: Hanne Vik\n\n1. Utfordring\nFa innbyggere moter "
        "opp pa folkemoter.\n\n3. Mal\n- Bedre dialog mellom kommunen og innbyggerne.\n"
        "- Okt engasjement blant unge og eldre.\n\n5. Plan og milepaeler\nFebruar 2025: avtale "
        "med leverandor.\nApril 2025: forste sporsmalsrunde.\nNovember 2025: evaluering.\n"
    )
    draft, report = _report(settings, text.encode(), "o.txt")
    assert "Bedre dialog" in draft.reading.goals and "Februar 2025" not in draft.reading.goals
    assert (
        "vague_goals" in report.codes()
    )  # the goals have no numbers; the plan's dates do not count


def test_a_campaign_for_the_shops_is_a_business_risk(settings: Settings) -> None:
    text = (
        "Søker: Verdal kommune\nProsjektleder: Tor Storhaug\n\nMål og gjennomføring:\n"
        + PLAN
        + " Kommunen og handelsstanden gjennomfører en felles kampanje for handel i sentrum, og "
        "omsetningen i butikkene skal øke med 10 prosent.\n"
    )
    _, report = _report(settings, text.encode(), "v.txt")
    assert "business_development_risk" in report.codes()
    assert "pure_business_development" not in report.codes()
    visits = text.replace("Kommunen og handelsstanden", "Vi gjør 30 bedriftsbesøk, og kommunen")
    visits = visits.split(" og omsetningen")[0] + ".\n"
    _, report = _report(
        settings, visits.replace("kampanje for handel", "kampanje").encode(), "v.txt"
    )
    assert "business_development_risk" in report.codes()
