"""Exclusions and history found by keyword evidence: every finding quotes the sentence it found.

Patterns are deliberately specific (a verb acting on "drift", "egenandel" next to a state
grant) and skip negated sentences ("ikke ordinær drift"), so a blocking finding always rests
on a quoted sentence the applicant can recognise.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.precheck.findings import Context

# a sentence ends at . ! or ?, but not at the day of a date ("levert 1. juni 2024")
_SENT = re.compile(r"(?<!\s\d\.)(?<!\s\d\d\.)(?<=[.!?])\s+|\n+")
_NEG = re.compile(r"\b(ikke|ikkje|ingen|inga|uten|utan|verken|korkje|aldri)\b[^.]{0,40}$", re.I)

_OPERATIONS = [
    re.compile(
        r"\b(dekke|dekker|dekkes|finansiere|finansierer|finansieres|betale|betaler|lønne)\b"
        r"(?:(?!forbedr|effektivis|utvikl|forny|endr|omstill)[^.]){0,50}?"
        r"\b(driften|ordinær drift|løpende drift|driftsutgifter|driftskostnader|"
        r"faste? stilling(er)?|eksisterende stilling(er)?|husleie)",
        re.I,
    ),
    re.compile(r"\b(brukes|gå|går) til (ordinær|løpende|den daglige) drift", re.I),
    re.compile(
        r"\b(opprettholde|videreføre|sikre|fortsette)\b\s+(dagens|det eksisterende|eksisterende|vårt)\s+"
        r"(tilbud|tjenestetilbud|drift|bemanning|aktivitet)",
        re.I,
    ),
    re.compile(r"^(ordinær drift|løpende drift|driftsutgifter|drift av)\b", re.I),
    # upkeep of what the municipality already has: a maintenance backlog, repairs of buildings
    re.compile(
        r"\b(vedlikeholdsetterslep\w*|etterslep (på|i) vedlikehold\w*|nødvendig vedlikehold|"
        r"ordinært vedlikehold|(utbedring|reparasjon) av (bygg\w*|tak\w*|skolebygg\w*))",
        re.I,
    ),
]
# Signs of permanent staffing or the normal rota in an existing service. One alone is common in
# good drafts ("vi har vurdert økt bemanning"); two different ones are the evidence.
_STAFFING = {
    "faste stillinger": re.compile(
        r"\b(fast|faste)\s+(\d+\s*%\s+)?(stilling|stillinger|årsverk|ansettelse|bemanning)\b", re.I
    ),
    "ordinær bemanning": re.compile(
        r"\binng(år|å|år også)\b[^.]{0,40}\b(ordinære?|vanlige?|vanlege|faste?)\s+"
        r"(bemanning(en|a)?|turnus(en)?|drift(en|a)?|tjenestetilbud(et)?|tenestetilbod(et)?)",
        re.I,
    ),
    "varig behov": re.compile(
        r"\bvarig(e)?\s+(styrking|økning|bemanning|behov)|\bbehovet\b[^.]{0,40}\ber varig|"
        r"\bpermanent(e)?\s+"
        r"(stilling|bemanning|styrking|økning)",
        re.I,
    ),
    "økt bemanning": re.compile(
        r"\bøk(e|er|t|te)\s+(natt|dag|grunn)?bemanning(en)?\b|\bøkt(e)?\s+(natt|dag|grunn)?"
        r"bemanning\b|\bflere\s+(faste\s+)?(ansatte|årsverk)\s+i\s+(tjenesten|turnus)",
        re.I,
    ),
    "som før": re.compile(
        r"\b(halde fram|holde fram|fortsette|fortsetje|videreføres|vidareførast|videreført|"
        r"vidareført)\b[^.]{0,40}\b(som i dag|som før|på samme måte|på same måten?|"
        r"som de tidligere|som dei tidlegare)",
        re.I,
    ),
    "lovpålagt tjeneste": re.compile(
        r"\blovpålagt\w*\s+(tjeneste|teneste|tilbud|tilbod|oppgåve|oppgave)", re.I
    ),
    "turnus": re.compile(
        r"\bny(e)?\s+turnus\b|\bturnus(en)?\s+(er|blir)\s+(forhandlet|avtalt)", re.I
    ),
    # catching up on the ordinary tasks: a backlog, a vacant post, capacity hired in for it
    "etterslep": re.compile(
        r"\b(ta igjen|ta ned|ta unna|hente inn|arbeide ned)\b[^.]{0,30}\b(etterslep\w*|restans\w*)|"
        r"\betterslep\w*\s+(på|i|av)\s+(om lag\s+|omtrent\s+|ca\.?\s+)?\d+",
        re.I,
    ),
    "ubesatt stilling": re.compile(r"\b(vakan(t|te)|ubesatt\w*|ledig(e)?)\s+stilling", re.I),
    "innleid kapasitet": re.compile(
        r"\binn?lei(e|ge|d|de)\w*\s+(av\s+)?(landmåler\w*|vikar\w*|personell|timer|"
        r"kapasitet|saksbehandler\w*)",
        re.I,
    ),
    "driftsbudsjett": re.compile(
        r"\binnarbeid(es|ast)\b[^.]{0,40}\bdriftsbudsjett|\bvikarutgift|\bvikarbudsjett", re.I
    ),
}
_BUSINESS_STRONG = re.compile(
    r"(næringsutviklingsprosjekt|næringsfond|bedriftsetablering|etablering av (nye )?bedrifter|"
    r"tilskudd til (lokale )?bedrifter|støtte til (lokale )?bedrifter|gründer|inkubator|"
    r"markedsføring av (lokale )?(bedrifter|produkter|reiseliv)|reiselivsdestinasjon|"
    r"flere arbeidsplasser i privat|investorer|eksportsatsing|nye bedrifter|gjestedøgn|"
    r"reiselivsbedrift|bookingplattform|markedsføringskampanje|produktutviklingsstøtte|"
    r"produktutviklingstilskudd|tilskudd til produktutvikling|tilskudd til bedriftene|"
    r"akselerator\w*|vekstprogram\w*|leverandørbedrift\w*|eksportkontrakt\w*|investor\w*|"
    r"kapitalinnhenting|øke omsetningen|økt omsetning)",
    re.I,
)
_BUSINESS_WEAK = re.compile(
    r"(næringsliv|næringsutvikling|næringsarbeid|næringsfremm|næringsaktør|bedriftsutvikling|reiseliv|"
    r"handelsstand\w*|handelsnæring\w*|sentrumshandel\w*|kampanje for handel|butikkeier\w*|"
    r"omsetning(en)? i (sentrums)?butikk\w*|næringsdrivende|bedriftsbesøk\w*|etablerer(e|en|ne)\b)",
    re.I,
)
_MUNICIPAL_ROLE = re.compile(
    r"(saksbehandling|kommunens (egen|egne)|tjeneste|forvaltning|myndighetsrolle|planarbeid|"
    r"arealplan|veiledning fra kommunen|kommunal service|innbygger)",
    re.I,
)
_STATE_GRANT = re.compile(
    r"(statlig(e)? tilskudd|statstilskudd|helsedirektoratet|husbanken|udir|utdanningsdirektoratet|"
    r"bufdir|imdi|kompetanse[- ]og innovasjonstilskudd|forskningsrådet|miljødirektoratet|"
    r"landbruksdirektoratet|departementet|klimasats|tilskuddsordning\w*|tilskotsordning\w*|"
    r"tilsagn\w* (om|på) [^.]{0,40}\bfra (fylkesmannen|statsforvalteren|staten))",
    re.I,
)
_OWN_SHARE = re.compile(
    r"(egenandel|eigenandel|eigendel|egenfinansiering|eigenfinansiering|kommunal andel|"
    r"kommunens andel|kommunen sin del|kommunale del(en)?|kommunal del|motpost(en)?|"
    r"kommunal medfinansiering|(?:denne|den|vår|den kommunale) andelen)",
    re.I,
)
_COVER = re.compile(
    r"(dekke|dekker|dekkes|dekkje|dekkjer|brukes (som|til)|brukast (som|til)|brukt (som|til)|"
    r"nytta (som|til)|finansiere|"
    r"finansieres|gå til|inngå som)",
    re.I,
)
_SKJONN = re.compile(
    r"(skjønnsmid|prosjektskjønn|disse midlene|midlene (vi|det) søkes|omsøkte midler|søknadsbeløpet)",
    re.I,
)
_REPORT = re.compile(
    r"rapport(en|ene)?\b(?:[^.]|(?<=\d)\.){0,80}\b((ikke|ikkje) (er |blitt |vorte )?"
    r"(levert|sendt|ferdig|innlevert)|"
    r"mangler|manglar|forsinket|forseinka|(ikke|ikkje) rapportert|kommer senere|ettersendes)|"
    r"((ikke|ikkje) (levert|sendt inn)|mangler)\b[^.]{0,40}\brapport",
    re.I,
)
_WEIGHED = re.compile(
    r"\b(vurdert|vurderte|alternativ|i stedet for|i staden for|framfor|fremfor)\b", re.I
)
_NUMBERS = {
    "to": 2,
    "tre": 3,
    "fire": 4,
    "fem": 5,
    "seks": 6,
    "sju": 7,
    "syv": 7,
    "åtte": 8,
    "ni": 9,
    "ti": 10,
}
_MANY = re.compile(
    r"\b(\d+|to|tre|fire|fem|seks|sju|syv|åtte|ni|ti)\s+(andre\s+|flere\s+|nye\s+)?søknader\b|"
    r"\b(vår|kommunens)\s+(andre|tredje|fjerde|femte|sjette)\s+søknad\b",
    re.I,
)
_ORDINALS = {"andre": 2, "tredje": 3, "fjerde": 4, "femte": 5, "sjette": 6}


def sentences(ctx: Context) -> Iterator[tuple[str, str]]:
    """(field, sentence) over every free-text part of the draft."""
    for name, text in ctx.draft.text_fields().items():
        for s in _SENT.split(text):
            if s.strip():
                yield name, s.strip()


def _hit(pattern: re.Pattern[str], sentence: str) -> re.Match[str] | None:
    for m in pattern.finditer(sentence):
        if not _NEG.search(sentence[: m.start()]):
            return m
    return None


def check_operations(ctx: Context) -> None:
    for name, s in sentences(ctx):
        if any(_hit(p, s) for p in _OPERATIONS):
            ctx.add("ordinary_operations", f"{name}: «{s}»")
            return
    found: dict[str, tuple[str, str]] = {}
    for name, s in sentences(ctx):
        for kind, pattern in _STAFFING.items():
            if kind not in found and _hit(pattern, s) and not _WEIGHED.search(s):
                found[kind] = (name, s)
    if len(found) >= 2:
        quotes = "; ".join(f"{n}: «{s}»" for n, s in list(found.values())[:3])
        ctx.add("ordinary_operations", quotes)


def check_business(ctx: Context) -> None:
    strong = [(n, s) for n, s in sentences(ctx) if _hit(_BUSINESS_STRONG, s)]
    weak = [(n, s) for n, s in sentences(ctx) if _weak_business(s)]
    core = f"{ctx.draft.tittel}\n{ctx.draft.mål_og_gjennomføring}"
    framed = bool(_MUNICIPAL_ROLE.search(core))
    if len(strong) >= 2 and not framed:
        n, s = strong[0]
        ctx.add("pure_business_development", f"{n}: «{s}»" + (f" (+{len(strong) - 1} til)"))
        ctx.add(
            "consider_other_funding",
            "næring",
            variant="naering",
            scheme="fylkeskommunens virkemidler for næringsutvikling",
        )
    elif strong or weak:
        n, s = (strong or weak)[0]
        ctx.add("business_development_risk", f"{n}: «{s}»")


def _weak_business(sentence: str) -> bool:
    """A word of business in the sentence, but not as one in a list of those taken along
    ("dialogmøter med innbyggere, ungdomsrådet, frivilligheten og næringslivet")."""
    m = _hit(_BUSINESS_WEAK, sentence)
    if m is None:
        return False
    before, after = sentence[max(0, m.start() - 80) : m.start()], sentence[m.end() :]
    listed = "," in before and (
        re.search(r"\b(og|eller)\s+(det\s+|lokale\s+)?$", before) or re.match(r"\w*,", after)
    )
    return not listed


def check_state_grant_share(ctx: Context) -> None:
    """Skjønn money named as the own share (egenandel) of another state grant; the grant may be
    named in the same paragraph rather than the same sentence."""
    for name, text in ctx.draft.text_fields().items():
        for para in text.split("\n"):
            parts = [s.strip() for s in _SENT.split(para) if s.strip()]
            state = any(_STATE_GRANT.search(s) for s in parts)
            for s in parts:
                if (
                    _hit(_OWN_SHARE, s)
                    and _COVER.search(s)
                    and (
                        (_SKJONN.search(s) and (_STATE_GRANT.search(s) or state))
                        or (name == "merknad_fra_søker" and _STATE_GRANT.search(s))
                    )
                ):
                    ctx.add("covers_own_share_other_state_grant", f"{name}: «{s}»")
                    return


def check_reporting(ctx: Context) -> None:
    for name, s in sentences(ctx):
        if _REPORT.search(s):
            ctx.add("reporting_overdue", f"{name}: «{s}»")
            return


def check_application_count(ctx: Context) -> None:
    for name, s in sentences(ctx):
        m = _MANY.search(s)
        if not m:
            continue
        if m.group(1):
            word = m.group(1).lower()
            n = int(word) if word.isdigit() else _NUMBERS.get(word, 0)
            count = n + 1 if m.group(2) and m.group(2).strip().lower() == "andre" else n
        else:
            count = _ORDINALS.get(m.group(4).lower(), 0)
        if count >= 2:
            ctx.add("many_applications_same_municipality", f"{name}: «{s}»", count=count)
            return


def run_exclusions(ctx: Context) -> None:
    check_operations(ctx)
    check_business(ctx)
    check_state_grant_share(ctx)
    check_reporting(ctx)
    check_application_count(ctx)
