"""Deterministic checks: date, applicant type, minimum amount, own funding, project plan.

A blocking finding rests on something the draft says, quoted in its evidence. When the reader
did not find what a check needs (no date, no applicant, no amount), the check says so in an
info finding and does not block.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from assistant.lang.nb import format_date_numeric, format_month
from assistant.precheck.amounts import kr
from assistant.precheck.findings import Context
from assistant.precheck.municipalities import is_municipality

__all__ = ["applicant_kind", "run_fixed"]

_NOT_MUNICIPAL = re.compile(
    r"\b(as|asa|sa|da|ans|kf|hf|ltd|stiftelse[n]?|forening(en)?|lag(et)?|universitet(et)?|"
    r"høgskole(n)?|ntnu|nav|statsforvalteren|fylkesmannen|fylkeskommune[n]?|næringsselskap|"
    r"næringsforening(en)?|næringsforum(et)?|bedrift(en)?|selskap(et)?|klynge(n)?|"
    r"frivilligsentral(en)?)\b",
    re.I,
)
_IKS = re.compile(r"\biks\b|interkommunalt selskap", re.I)
_INTERMUNICIPAL = re.compile(
    r"\b(regionråd(et)?|samkommune[n]?|kommunesamarbeid(et)?|vertskommunesamarbeid(et)?)\b|"
    r"\bregionen\b|\b\w+regionen\b|samarbeidet\b",
    re.I,
)
_PLAN_ATTACHMENT = re.compile(r"prosjektplan", re.I)
_PLAN_SIGNALS = (
    re.compile(
        r"milepæl|\bfase\b|\bfaser\b|tidsplan|\d{4}\s*[–-]|(jan|feb|mars|april|mai|juni|aug|sept|okt|nov|des)\w*\s*[–-]",
        re.I,
    ),
    re.compile(r"prosjektleder|prosjektleiar|styringsgruppe|arbeidsgruppe|prosjektgruppe", re.I),
    re.compile(r"\bmål(et|a|ene)?\b[^.]{0,80}\d|\bminst \d+|innen \d|innan \d", re.I),
)


def _head(name: str) -> str:
    """The organisation itself: "Orkland kommune" of "Orkland kommune v/ NAV, oppvekst"."""
    return re.split(r"\s*[,(]|\s+v/|\s+ved\s|\s+[–—-]\s+", name, maxsplit=1)[0].strip()


def applicant_kind(name: str) -> str:
    """'municipality', 'intermunicipal', 'iks' or 'other' for the søker field."""
    full = " ".join(name.lower().replace(",", " ").split())
    low = " ".join(_head(name).lower().split()) or full
    if _IKS.search(low):
        return "iks"
    if re.search(r"\bkommune\b", low) and not re.search(r"fylkeskommune", low):
        return "municipality"
    if "fylkeskommune" in low or _NOT_MUNICIPAL.search(low):
        return "other"
    if _INTERMUNICIPAL.search(low) or _INTERMUNICIPAL.search(full):
        return "intermunicipal"
    if is_municipality(low):
        return "municipality"
    return "other"


def _source(found: object) -> str:
    src = getattr(found, "source", "")
    return f"«{src}»" if src and not src.startswith("feltet") else src


def check_deadline(ctx: Context) -> None:
    r, reading = ctx.rules, ctx.reading
    if ctx.submitted is not None:
        if ctx.submitted > r.deadline:
            days = (ctx.submitted - r.deadline).days
            where = _source(reading.date) if reading.date else "innsendt"
            ctx.add(
                "deadline_passed",
                f"{where}: {format_date_numeric(ctx.submitted)}, {days} dag(er) etter fristen",
                submitted=format_date_numeric(ctx.submitted),
                deadline=r.deadline_note,
            )
        return
    if reading.month is not None:
        y, m = reading.month.value
        first, last = dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])
        shown = format_month(y, m)
        if first > r.deadline:
            ctx.add(
                "deadline_passed",
                f"{_source(reading.month)}: hele {shown} er etter fristen",
                submitted=shown,
                deadline=r.deadline_note,
            )
        elif last > r.deadline:
            ctx.add(
                "deadline_not_checked",
                _source(reading.month),
                why=f"Utkastet er bare datert «{shown}», og fristen ligger i den måneden",
                deadline=r.deadline_note,
            )
        return
    ctx.add(
        "deadline_not_checked",
        "ingen dato funnet",
        why="Utkastet har ingen dato",
        deadline=r.deadline_note,
    )


def check_minimum(ctx: Context) -> None:
    applied, r = ctx.reading.finance.applied, ctx.rules
    limit = r.minimum_amount or r.small_project_reference
    if applied is None:
        ctx.add(
            "field_not_found",
            "søknadsbeløp: ikke funnet",
            what="søknadsbeløpet",
            consequence="minstebeløpet og budsjettet er ikke sjekket",
            add="Skriv beløpet dere søker om, for eksempel «Søknadsbeløp: 400 000 kr».",
        )
        return
    if limit is None or applied.value >= limit:
        return
    ctx.add(
        "below_minimum_amount",
        f"{_source(applied)}",
        amount=kr(applied.value),
        minimum=kr(limit),
    )


def check_applicant(ctx: Context) -> None:
    found = ctx.reading.applicant
    if found is None or not str(found.value).strip():
        ctx.add(
            "field_not_found",
            "søker: ikke funnet",
            what="søkeren",
            consequence="det er ikke sjekket om søkeren kan søke",
            add="Skriv hvem som søker, for eksempel «Søker: Malvik kommune».",
        )
        return
    name = str(found.value)
    kind = applicant_kind(name)
    if kind == "municipality":
        return
    if ctx.rules.intermunicipal_applicants and kind == "intermunicipal":
        return
    evidence = f"søker: {_source(found)}"
    if (
        ctx.rules.intermunicipal_applicants
        and kind == "iks"
        and ctx.rules.has("applicant_type_unclear")
    ):
        ctx.add("applicant_type_unclear", evidence, applicant=name)
        return
    ctx.add("applicant_not_municipality", evidence, applicant=name)


_OWN_WORDS = re.compile(
    r"egenfinansiering|eigenfinansiering|egenandel|eigendel|eigenandel|egeninnsats|eigeninnsats|"
    r"egne midler|eigne midlar|eiga finansiering|kommunal andel|kommunens andel|"
    r"bidra\w* (sjølv |selv )?med|arbeidsinnsats|arbeidstid",
    re.I,
)


def check_cofinancing(ctx: Context) -> None:
    """Blocking on evidence: own funding written as 0, a financing plan that covers the whole
    cost without it, or a draft that names only the sum applied for and no budget at all."""
    reading, fin = ctx.reading, ctx.reading.finance
    if fin.own is not None:
        if fin.own.value <= 0:
            ctx.add("missing_municipal_cofinancing", f"{_source(fin.own)}")
        return
    if reading.format == "json":
        ctx.add("missing_municipal_cofinancing", "kommunal_egenfinansiering: ikke oppgitt")
        return
    mentioned = [
        s for s in re.split(r"(?<=[.!?])\s+|\n", reading.full_text) if _OWN_WORDS.search(s)
    ]
    lines = fin.funding
    total = fin.funding_total or fin.cost_total
    if lines and total and all(x.certain for x in lines) and not mentioned:
        if sum(x.amount for x in lines) == total.value:
            shown = "; ".join(f"«{x.source}»" for x in lines) + f"; «{total.source}»"
            ctx.add("missing_municipal_cofinancing", f"finansieringen: {shown}")
            return
    if not mentioned and not fin.posts and not lines and fin.applied is not None:
        ctx.add(
            "missing_municipal_cofinancing",
            f"utkastet oppgir bare søknadsbeløpet ({_source(fin.applied)}) og har verken "
            "budsjett, finansieringsplan eller egenfinansiering",
        )
        return
    ctx.add(
        "field_not_found",
        "kommunal egenfinansiering: ikke funnet"
        + (f" (nevnt: «{mentioned[0][:120]}»)" if mentioned else ""),
        what="beløpet for kommunal egenfinansiering",
        consequence="kravet om egenfinansiering er ikke sjekket",
        add="Skriv egenfinansieringen med beløp og form, for eksempel «Egenfinansiering: 200 000 kr (arbeidstid)».",
    )


_DEFERRED = re.compile(
    r"\b(finne ut av|finne ut|avklares|avklarast|bestemmes|planlegges|planleggast|utarbeides|"
    r"utarbeidast|lage en plan|lage ein plan|lage plan)\b[^.]{0,80}\b(dersom|når|etter at|hvis|viss)\s+"
    r"[^.]{0,30}\b(innvilg\w*|tildel\w*|får midl\w*|får tilskud\w*|får tilsagn)",
    re.I,
)


def _deferred_plan(how: str) -> str:
    """The sentence that puts off the plan until after the grant, when the rest of the
    implementation text says almost nothing ("Hvordan vi skal gå fram … vil vi finne ut av
    … dersom søknaden blir innvilget")."""
    parts = [p.strip() for p in re.split(r"(?<=[.!?])\s+|\n+", how) if p.strip()]
    hit = next((p for p in parts if _DEFERRED.search(p)), "")
    rest = " ".join(p for p in parts if p != hit)
    return hit if hit and len(rest.split()) < 12 else ""


def check_project_plan(ctx: Context) -> bool:
    """Blocking when the draft has no plan at all. Returns True when a plan exists."""
    d, reading = ctx.draft, ctx.reading
    words = len(d.mål_og_gjennomføring.split())
    attached = any(_PLAN_ATTACHMENT.search(v) for v in d.vedlegg)
    deferred = _deferred_plan(reading.implementation or "")
    if deferred and not attached:
        # the draft itself says how it will be done is to be worked out after the grant
        ctx.add("missing_project_plan", f"gjennomføring: «{deferred}»")
        return False
    if words >= 12 or attached:
        return True
    full = reading.full_text
    signals = sum(1 for p in _PLAN_SIGNALS if p.search(full))
    if reading.format != "json" and signals >= 2:
        ctx.add(
            "field_not_found",
            "mål og gjennomføring: ingen overskrift funnet",
            what="et avsnitt om mål og gjennomføring",
            consequence="prosjektplanen er vurdert ut fra hele teksten",
            add="Bruk overskriften «Mål og hvordan det skal gjennomføres» over mål, tidsplan og organisering.",
        )
        return True
    if reading.format == "json":
        shown = f"«{d.mål_og_gjennomføring}»" if words else "tomt"
        evidence = f"mål_og_gjennomføring: {shown}; vedlegg: {', '.join(d.vedlegg) or 'ingen'}"
    else:
        n = len(full.split())
        evidence = (
            f"utkastet har {n} ord og verken mål, aktiviteter, tidsplan eller organisering; "
            f"vedlegg: {', '.join(reading.attachments) or 'ingen'}"
        )
    ctx.add("missing_project_plan", evidence)
    return False


def run_fixed(ctx: Context) -> bool:
    """All deterministic checks; returns whether a project plan exists."""
    from assistant.precheck.checks_budget import check_budget, check_investment

    check_deadline(ctx)
    check_applicant(ctx)
    check_minimum(ctx)
    check_cofinancing(ctx)
    has_plan = check_project_plan(ctx)
    check_budget(ctx)
    check_investment(ctx)
    return has_plan
