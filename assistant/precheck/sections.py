"""The form's sections and labels, in the words applicants use (bokmål and nynorsk).

``section_of(heading)`` names the section a heading opens; ``label_of(key)`` names the header
field a "Søker: X" label fills. Patterns are tried in order, so "Virkemidler og begrunnelse"
is the justification and "Mål og hvordan det skal gjennomføres" is the plan.
"""

from __future__ import annotations

import re

from assistant.lang.nb.fold import match_either, search_either

# (section, pattern) in priority order; patterns match the cleaned, lower-case heading.
SECTIONS: tuple[tuple[str, str], ...] = (
    (
        "annen_finansiering",
        r"^(annen|anna|andre) (finansiering|finansieringskjelder|finansieringskilder)",
    ),
    ("finansiering", r"^(finansiering|finansieringsplan|finansieringskilder)\b|^kilde$"),
    ("budsjett", r"budsjett|kostnadsoverslag|^kostnad(er)?\b|^økonomi|^utgifter"),
    (
        "begrunnelse",
        r"begrunn|grunngjev|^val av verkemid|^valg av virkemid|kvifor vi har valt|hvorfor vi har valgt|"
        r"^(hvorfor|kvifor) (disse|desse|dette|denne|akkurat|vi) ",
    ),
    ("virkemidler", r"virkemid|verkemid"),
    (
        "mål_gjennomføring",
        r"^mål og (hvordan|korleis|gjennomføring)|gjennomfør|tidsplan|milepæl|organiser|"
        r"^aktivitet|^tiltak\b|^hvordan|^korleis|^arbeidspakke|^fremdrift|^framdrift|^plan( for| og|$)|"
        r"^prosjektplan|^metode|^(hva|kva) (vi skal|skal vi) (gjøre|gjere)|^(hva|kva) skal (gjøres|gjerast)",
    ),
    (
        "mål",
        r"^(hoved|effekt|resultat|del)?mål(et|a|ene|setting)?\b|kva vi vil oppnå|hva vi vil oppnå",
    ),
    ("utfordringer", r"utfordring|^bakgrunn|kvifor prosjektet|hvorfor prosjektet|^behov(et)?\b"),
    ("roller", r"\brolle"),
    ("sektorer", r"^sektor"),
    (
        "overføring",
        r"overføring|spredning|^deling\b|erfaringsdeling|^spreiing|^deling og|^læring og deling",
    ),
    ("samarbeid", r"samarbeidspartn|^partner|^samarbeid\b|^samarbeidskommun|^deltakende"),
    ("vedlegg", r"^vedlegg"),
    (
        "merknad",
        r"merknad|^andre opplysning|^kommentar|^historikk|^tilleggsopplysning|^annet\b|^anna\b",
    ),
    (
        "sammendrag",
        r"sammendrag|^kort om|^om prosjektet|^prosjektbeskrivelse|^beskrivelse|^samandrag",
    ),
    ("om_søker", r"^om søk(er|ar)(en)?\b"),
    ("risiko", r"^risiko"),
)
_SECTIONS = tuple((name, re.compile(p)) for name, p in SECTIONS)

# Header labels: "Søker: X", "Dato | 26.08.2020".
LABELS: tuple[tuple[str, str], ...] = (
    (
        "søker",
        # "Søker", "Søkjar", "Søker og prosjektansvarlig", "Prosjekteier/søker", "Søker/kommune"
        r"^(søkerkommune|søkande kommune|søkende kommune|ansvarlig søker|ansvarlig kommune|"
        r"ansvarleg kommune|prosjekteier|prosjekteigar|kommune|"
        r"(?:(?:prosjekt\w*|ansvarl\w*)\s*(?:og|/)\s*)?(?:søker|søkar|søkjar)"
        r"(?:\s*(?:og|/)\s*(?:prosjekt\w*|ansvarl\w*|kommune))?)$",
    ),
    (
        "tittel",
        r"^(prosjekt|prosjektnavn|prosjektnamn|prosjekttittel|tittel|navn på prosjektet|namn på prosjektet)$",
    ),
    ("dato", r"^(dato|datert|sendt|skrevet|innsendt|innsendingsdato|søknadsdato|dato for søknad)$"),
    (
        "søkt",
        r"^(søknadsbeløp|søkt beløp|omsøkt beløp|beløp søkt|søkt om|det søkes om|søkt prosjektskjønn)$",
    ),
    (
        "egen",
        r"^(?:(?:kommunal|kommunale|kommunens|kommunen sin)\s+)?"
        r"(egenfinansiering|eigenfinansiering|egenandel|eigendel|eigenandel)$",
    ),
    ("annen", r"^(annen finansiering|anna finansiering|andre finansieringskilder)$"),
    (
        "total",
        r"^(totalkostnad|total kostnad|samlet kostnad|samla kostnad|totalbudsjett|kostnad totalt)$",
    ),
    (
        "partnere",
        r"^(samarbeidskommuner?|samarbeidende kommuner|deltakende kommuner|deltakarkommunar|samarbeid med|samarbeidspartnere?|partnere|partnarar|eiere|eierkommuner|eigarar|kommuner)$",
    ),
    ("utlysning", r"^(utlysning|utlysing|til|mottaker|mottakar|emne|gjelder|ordning)$"),
    ("avsender", r"^(fra|frå|avsender|avsendar)$"),  # the applicant only when it names one
    ("periode", r"^(prosjektperiode|periode|varighet)$"),
)
_LABELS = tuple((name, re.compile(p)) for name, p in LABELS)


def clean(text: str) -> str:
    """Lower case without numbering, bullets, emphasis and a trailing colon."""
    s = re.sub(r"[*_#]", "", text).strip().lower()
    s = re.sub(r"^(\d+(\.\d+)*[.)]?|[a-z][.)])\s+", "", s)
    return " ".join(s.rstrip(":").split())


def section_of(heading: str, label: bool = False) -> str | None:
    """The section ``heading`` opens. ``label``: it is the key of a "key: value" line, which
    opens a section only when it starts with the section's words or is a short label ("Vi
    kombinerer tre virkemidler:" introduces a list; it is not the instruments section)."""
    h = clean(heading)
    for name, pattern in _SECTIONS:
        m = search_either(pattern, h)
        if m and (not label or m.start() == 0 or len(h.split()) <= 3):
            return name
    return None


def label_of(key: str) -> str | None:
    """The header field a label names; a note in brackets does not change it ("Søker
    (prosjektansvarlig)" is the applicant)."""
    k = clean(key)
    bare = " ".join(re.sub(r"\([^)]*\)", " ", k).split())
    for candidate in dict.fromkeys((k, bare)):
        for name, pattern in _LABELS:
            if match_either(pattern, candidate):
                return name
    return None


def is_heading_line(text: str) -> bool:
    """A plain line that opens a section: short, capitalised, no full stop, and it starts with
    a section's words ("Utfordringene det skal tas tak i", "Kva vi vil oppnå")."""
    s = text.strip()
    if not s or len(s) > 70 or len(s.split()) > 9 or s.endswith((".", ",", ";")):
        return False
    if re.search(r"\d{1,3}[ .\u00a0]\d{3}|\d{5}", s) or not (s[0].isupper() or s[0].isdigit()):
        return False
    h = clean(s)
    for _, pattern in _SECTIONS:
        m = search_either(pattern, h)  # "Maal", "Gjennomforing"
        if m and (m.start() == 0 or h.startswith("styrke ")):
            return True
    return s.isupper() and len(s) > 3
