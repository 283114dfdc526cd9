"""Synthetic archive records for scale tests: real municipalities and archive sectors,
plausible amounts, titles and descriptions built from a small vocabulary.

Every record has ``"syntetisk": true`` and an id ``syn-<seed>-<n>``, so the same seed
always gives the same records and they can never be mistaken for real projects.
"""

from __future__ import annotations

import random
from typing import Any

from assistant.archive.geo import COUNTIES

# (topic, sectors, challenge sentence): sector names are those of the public archive
TOPICS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (
        "velferdsteknologi i hjemmetjenesten",
        ("Pleie og omsorg", "Kommunehelse"),
        "Flere eldre skal bo hjemme lenger, og hjemmetjenesten trenger digitalt tilsyn "
        "og trygghetsalarmer.",
    ),
    (
        "legevakt og akuttberedskap",
        ("Kommunehelse", "Samfunnssikkerhet og beredskap"),
        "Lange avstander gjør det vanskelig å gi forsvarlig legevakt om natten.",
    ),
    (
        "rekruttering av sykepleiere",
        ("Pleie og omsorg", "Kommunehelse"),
        "Kommunene mangler sykepleiere og helsefagarbeidere, særlig i turnus.",
    ),
    (
        "digital byggesaksbehandling",
        ("Administrasjon og styring",),
        "Byggesakene tar for lang tid, og søkerne får lite veiledning underveis.",
    ),
    (
        "robotisering av saksbehandling",
        ("Administrasjon og styring",),
        "Mye rutinearbeid i økonomi og lønn kan automatiseres med programvareroboter.",
    ),
    (
        "tidlig innsats i barnehagen",
        ("Oppvekst",),
        "Barn med språkvansker blir oppdaget for sent, og overgangen til skolen er krevende.",
    ),
    (
        "forebygging av utenforskap blant unge",
        ("Oppvekst", "Arbeid"),
        "For mange unge står utenfor skole og arbeid og faller mellom tjenestene.",
    ),
    (
        "kvalifisering av flyktninger",
        ("Arbeid",),
        "Flyktninger bruker lang tid på å komme i arbeid etter introduksjonsprogrammet.",
    ),
    (
        "fosterhjemsarbeid i barnevernet",
        ("Oppvekst",),
        "Barnevernsreformen gir kommunene mer ansvar for å rekruttere og følge opp fosterhjem.",
    ),
    (
        "klimatilpasning og overvannshåndtering",
        ("Samfunnssikkerhet og beredskap", "Samferdsel og framkomst"),
        "Kraftigere nedbør gir flom i sentrum og skader på kommunale veier.",
    ),
    (
        "helhetlig ROS-analyse",
        ("Samfunnssikkerhet og beredskap",),
        "Kommunene har ulike risiko- og sårbarhetsanalyser som ikke henger sammen.",
    ),
    (
        "kollektivtransport, sykkel og gange",
        ("Samferdsel og framkomst",),
        "Biltrafikken øker, og innbyggerne mangler trygge sykkelveier til skole og jobb.",
    ),
    (
        "kulturskole og frivillighet",
        ("Kultur",),
        "Kulturskolen når få barn, og frivillige lag sliter med å rekruttere ledere.",
    ),
    (
        "folkehelse og fysisk aktivitet",
        ("Kommunehelse", "Kultur"),
        "Stillesitting og overvekt øker blant barn og voksne.",
    ),
    (
        "demensomsorg",
        ("Pleie og omsorg",),
        "Antallet personer med demens vil dobles, og pårørende trenger avlastning.",
    ),
    (
        "hverdagsrehabilitering",
        ("Pleie og omsorg", "Kommunehelse"),
        "Hjemmetjenesten kompenserer i stedet for å trene brukerne til å klare seg selv.",
    ),
    (
        "psykisk helse for barn og unge",
        ("Kommunehelse", "Oppvekst"),
        "Ventetiden til psykisk helsehjelp for unge er lang, og skolehelsetjenesten er presset.",
    ),
    (
        "trygt skolemiljø",
        ("Oppvekst",),
        "Elevundersøkelsen viser mobbing og uro, og skolene mangler felles rutiner.",
    ),
    (
        "økonomistyring og budsjettprosess",
        ("Administrasjon og styring",),
        "Budsjettet sprekker hvert år, og ledere mangler gode styringsdata.",
    ),
    (
        "innbyggerdialog og lokaldemokrati",
        ("Administrasjon og styring", "Kultur"),
        "Valgdeltakelsen er lav, og unge føler at de ikke blir hørt.",
    ),
    (
        "landbruksforvaltning og utmark",
        ("Landbruk",),
        "Små kommuner har hver sin landbruksforvaltning med sårbare fagmiljøer.",
    ),
    (
        "arbeidsinkludering i NAV",
        ("Arbeid",),
        "Mange mottakere av sosialhjelp står langt unna arbeidslivet.",
    ),
    (
        "informasjonssikkerhet og personvern",
        ("Administrasjon og styring",),
        "Kommunene mangler felles rutiner for informasjonssikkerhet og avvikshåndtering.",
    ),
    (
        "ernæring for hjemmeboende eldre",
        ("Pleie og omsorg",),
        "Underernæring blant eldre oppdages sent i hjemmetjenesten.",
    ),
    (
        "kompetanseheving i helsetjenesten",
        ("Kommunehelse",),
        "Pasientene skrives raskere ut fra sykehus, og kommunene trenger mer kompetanse.",
    ),
    (
        "samordnede tjenester for familier",
        ("Oppvekst", "Kommunehelse"),
        "Familier med sammensatte behov møter mange tjenester som ikke snakker sammen.",
    ),
    (
        "bredbånd og digital infrastruktur",
        ("Samferdsel og framkomst", "Administrasjon og styring"),
        "Grendene mangler bredbånd, og det hindrer digitale tjenester og hjemmekontor.",
    ),
    (
        "brannvern og krisehåndtering",
        ("Samfunnssikkerhet og beredskap",),
        "Brannvesenet og kriseledelsen har ikke øvd sammen på flere år.",
    ),
)

PREFIXES = (
    "Felles",
    "Interkommunalt samarbeid om",
    "Ny modell for",
    "Pilot:",
    "Helhetlig",
    "Digitalt løft for",
    "Innovasjon i",
    "Utviklingsprosjekt:",
    "Samskaping om",
    "Bedre",
)

PLANS = (
    "Prosjektet skal kartlegge dagens praksis, prøve ut nye arbeidsmåter og dele erfaringene "
    "med andre kommuner.",
    "Målet er en felles modell som kan tas i bruk i hele regionen etter prosjektperioden.",
    "Kommunene vil teste løsningen i to år, evaluere effekten med forskere og skrive en "
    "veileder for andre.",
    "Arbeidet organiseres med en styringsgruppe, en prosjektleder og brukerrepresentanter.",
)

STATUS_OLD = (("Fullført", 80), ("Avslått", 15), ("Aktiv", 5))
STATUS_NEW = (("Aktiv", 70), ("Avslått", 20), ("Fullført", 10))


def _round(x: float, step: int = 10_000) -> int:
    return max(step, int(round(x / step)) * step)


def _choice(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def synth_record(rng: random.Random, seed: int, n: int) -> dict[str, Any]:
    county = rng.choice(sorted(COUNTIES))
    munis = COUNTIES[county]
    applicant = rng.choice(munis)
    others = [m for m in munis if m != applicant]
    partners = rng.sample(others, k=min(len(others), rng.choice((0, 0, 1, 2, 3, 4))))
    year = rng.randint(2005, 2024)
    topic, sectors, challenge = rng.choice(TOPICS)
    prefix = rng.choice(PREFIXES)
    title = f"{prefix} {topic}"
    if rng.random() < 0.5:
        title += f" i {applicant}" if not partners else f" – {county}"
    together = f" sammen med {', '.join(partners)}" if partners else ""
    plan = rng.choice(PLANS)
    desc = f"{applicant} søker{together} om prosjektskjønn til {topic}. {challenge} {plan}"
    status = _choice(rng, STATUS_OLD if year <= 2021 else STATUS_NEW)
    applied = _round(rng.lognormvariate(13.5, 0.7))  # median ≈ 730 000 kr
    applied = min(applied, 6_000_000)
    granted = 0 if status == "Avslått" else _round(applied * rng.uniform(0.3, 1.0))
    reported = None
    if status == "Fullført":
        reported = _round(granted * rng.uniform(0.7, 1.05), 1_000)
    elif status == "Aktiv" and rng.random() < 0.3:
        reported = _round(granted * rng.uniform(0.1, 0.6), 1_000)
    star = status == "Fullført" and rng.random() < 0.06
    office = "Statsforvalteren" if year >= 2021 else "Fylkesmannen"
    return {
        "id": f"syn-{seed}-{n:06d}",
        "år": year,
        "embete": f"{office} i {county}",
        "tittel": title,
        "kommuner": [applicant, *partners],
        "sektorer": list(sectors),
        "søkt_beløp": applied,
        "tildelt_beløp": granted,
        "rapportert_beløp": reported,
        "status": status,
        "stjerne": star,
        "vurdering": "Godt prosjekt med stor overføringsverdi." if star else None,
        "beskrivelse": desc,
        "kilde": f"syntetisk (skjonn projects synth, seed {seed})",
        "syntetisk": True,
    }


def synth(n: int, seed: int = 0) -> list[dict[str, Any]]:
    """``n`` synthetic records; the same ``seed`` gives the same records."""
    if n < 0:
        raise ValueError("n must be ≥ 0")
    rng = random.Random(seed)
    return [synth_record(rng, seed, i) for i in range(1, n + 1)]
