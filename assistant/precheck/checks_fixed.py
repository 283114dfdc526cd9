"""Deterministic checks: dates, amounts, applicant type, cofinancing, budget arithmetic."""

from __future__ import annotations

import re

from assistant.precheck.amounts import kr
from assistant.precheck.findings import Context

# The 38 municipalities of Trøndelag (2024) and names from before the 2018/2020 mergers.
MUNICIPALITIES = {
    "trondheim",
    "steinkjer",
    "namsos",
    "frøya",
    "osen",
    "oppdal",
    "rennebu",
    "røros",
    "holtålen",
    "midtre gauldal",
    "melhus",
    "skaun",
    "malvik",
    "selbu",
    "tydal",
    "meråker",
    "stjørdal",
    "frosta",
    "levanger",
    "verdal",
    "snåsa",
    "lierne",
    "røyrvik",
    "namsskogan",
    "grong",
    "høylandet",
    "overhalla",
    "flatanger",
    "leka",
    "inderøy",
    "indre fosen",
    "heim",
    "hitra",
    "ørland",
    "åfjord",
    "orkland",
    "nærøysund",
    "rindal",
    "klæbu",
    "agdenes",
    "meldal",
    "orkdal",
    "snillfjord",
    "hemne",
    "halsa",
    "bjugn",
    "roan",
    "leksvik",
    "rissa",
    "mosvik",
    "vikna",
    "nærøy",
    "fosnes",
    "namdalseid",
    "verran",
}
_NOT_MUNICIPAL = re.compile(
    r"\b(as|asa|sa|da|ans|kf|hf|ltd|stiftelse[n]?|forening(en)?|lag(et)?|universitet(et)?|"
    r"høgskole(n)?|ntnu|nav|statsforvalteren|fylkesmannen|fylkeskommune[n]?|næringsselskap|"
    r"næringsforening(en)?|bedrift(en)?|selskap(et)?|klynge(n)?|frivilligsentral(en)?)\b",
    re.I,
)
_IKS = re.compile(r"\biks\b|interkommunalt selskap", re.I)
_INTERMUNICIPAL = re.compile(
    r"\b(regionråd(et)?|samkommune[n]?|kommunesamarbeid(et)?|vertskommunesamarbeid(et)?)\b|"
    r"\bregionen\b|\b\w+regionen\b|samarbeidet\b",
    re.I,
)
_INVEST = re.compile(
    r"(utstyr|innkjøp|kjøp av|maskin(?!læring)|kjøretøy|\bbil(er)?\b|\bbygg|ombygging|påbygg|"
    r"rehabilitering|inventar|møbler|nettbrett|\bpc(er)?\b|datamaskin|sensor|maskinvare|"
    r"hardware|installasjon|anlegg|lokaler|skjermer)",
    re.I,
)
_PLAN_ATTACHMENT = re.compile(r"prosjektplan", re.I)


def applicant_kind(name: str) -> str:
    """'municipality', 'intermunicipal', 'iks' or 'other' for the søker field."""
    low = " ".join(name.lower().replace(",", " ").split())
    if _IKS.search(low):
        return "iks"
    if "fylkeskommune" in low or _NOT_MUNICIPAL.search(low):
        return "other"
    if _INTERMUNICIPAL.search(low):
        return "intermunicipal"
    if re.search(r"\bkommune\b", low):
        return "municipality"
    first = re.split(r"\s+(?:v/|ved|–|-)\s+", low)[0].strip()
    if first in MUNICIPALITIES:
        return "municipality"
    return "other"


def check_deadline(ctx: Context) -> None:
    r = ctx.rules
    if ctx.submitted > r.deadline:
        days = (ctx.submitted - r.deadline).days
        how = "" if ctx.submitted_given else " (ikke oppgitt i utkastet; dagens dato er brukt)"
        ctx.add(
            "deadline_passed",
            f"innsendt: {ctx.submitted.isoformat()}{how}; {days} dag(er) etter fristen",
            submitted=ctx.submitted.isoformat(),
            deadline=r.deadline_note,
        )


def check_minimum(ctx: Context) -> None:
    amount, r = ctx.draft.søknadsbeløp, ctx.rules
    limit = r.minimum_amount or r.small_project_reference
    if amount is None or limit is None or amount >= limit:
        return
    ctx.add(
        "below_minimum_amount", f"søknadsbeløp: {kr(amount)}", amount=kr(amount), minimum=kr(limit)
    )


def check_applicant(ctx: Context) -> None:
    name = ctx.draft.søker
    kind = applicant_kind(name)
    if kind == "municipality":
        return
    if ctx.rules.intermunicipal_applicants and kind == "intermunicipal":
        return
    if (
        ctx.rules.intermunicipal_applicants
        and kind == "iks"
        and ctx.rules.has("applicant_type_unclear")
    ):
        ctx.add("applicant_type_unclear", f"søker: {name}", applicant=name)
        return
    ctx.add("applicant_not_municipality", f"søker: {name}", applicant=name)


def check_cofinancing(ctx: Context) -> None:
    d = ctx.draft
    if d.egen_beløp is None or d.egen_beløp <= 0:
        shown = "ikke oppgitt" if d.egen_beløp is None else kr(d.egen_beløp)
        ctx.add("missing_municipal_cofinancing", f"kommunal_egenfinansiering: {shown}")


def check_project_plan(ctx: Context) -> bool:
    """Blocking when there is no plan at all. Returns True when a plan exists."""
    d = ctx.draft
    words = len(d.mål_og_gjennomføring.split())
    attached = any(_PLAN_ATTACHMENT.search(v) for v in d.vedlegg)
    if words < 12 and not attached:
        shown = f"«{d.mål_og_gjennomføring}»" if words else "tomt"
        ctx.add(
            "missing_project_plan",
            f"mål_og_gjennomføring: {shown}; vedlegg: {', '.join(d.vedlegg) or 'ingen'}",
        )
        return False
    return True


def check_budget(ctx: Context) -> None:
    d = ctx.draft
    posts = sum(b.beløp for b in d.budsjett) if d.budsjett else None
    total = d.totalkostnad if d.totalkostnad is not None else posts
    problems: list[str] = []
    suggestion = ""
    if posts is not None and d.totalkostnad is not None and posts != d.totalkostnad:
        problems.append(
            f"budsjettpostene summerer til {kr(posts)}, men totalkostnaden er {kr(d.totalkostnad)}"
        )
        suggestion = f"sett totalkostnaden til {kr(posts)} eller juster postene"
    if total is not None and d.søknadsbeløp is not None:
        own, other = d.egen_beløp or 0, d.annen_beløp or 0
        funded = d.søknadsbeløp + own + other
        if funded != total:
            problems.append(
                f"søknadsbeløp + egenfinansiering + annen finansiering = {kr(funded)}, "
                f"men totalkostnaden er {kr(total)}"
            )
            if posts is not None and funded == posts:
                suggestion = f"sett totalkostnaden til {kr(posts)}, som er summen av postene og finansieringen"
            elif total - own - other > 0:
                suggestion = f"sett søknadsbeløpet til {kr(total - own - other)} (totalkostnad minus egenfinansiering og annen finansiering)"
            else:
                suggestion = "reduser egenfinansieringen eller den andre finansieringen slik at summen blir lik totalkostnaden"
    if problems:
        ctx.add("budget_inconsistent", "; ".join(problems), problem="; ".join(problems))
        ctx.add("budget_fix_suggestion", suggestion, suggestion=suggestion)


def check_investment(ctx: Context) -> None:
    posts = ctx.draft.budsjett
    total = sum(b.beløp for b in posts)
    if not total:
        return
    heavy = [b for b in posts if _INVEST.search(b.post)]
    amount = sum(b.beløp for b in heavy)
    if amount / total > 0.5:
        evidence = "; ".join(f"{b.post}: {kr(b.beløp)}" for b in heavy)
        ctx.add(
            "investment_heavy_budget",
            evidence,
            share=f"{round(100 * amount / total)} %",
            amount=kr(amount),
        )


def run_fixed(ctx: Context) -> bool:
    """All deterministic checks; returns whether a project plan exists."""
    check_deadline(ctx)
    check_applicant(ctx)
    check_minimum(ctx)
    check_cofinancing(ctx)
    has_plan = check_project_plan(ctx)
    check_budget(ctx)
    check_investment(ctx)
    return has_plan
