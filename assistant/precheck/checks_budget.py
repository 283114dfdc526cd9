"""Budget arithmetic and the share of investments, on the amounts the reader found.

A sum is only compared when both sides were read: the budget posts against the stated total,
the financing lines against the stated financing total, and the stated totals against each
other. An amount that was not found is never taken as 0 (except in the JSON form, where an
empty field is the applicant's own statement).
"""

from __future__ import annotations

import re

from assistant.precheck.amounts import kr
from assistant.precheck.findings import Context

_INVEST = re.compile(
    r"(utstyr|innkjøp|kjøp av|maskin(?!læring)|kjøretøy|\bbil(er)?\b|\bbygg|ombygging|påbygg|"
    r"rehabilitering|inventar|møbler|nettbrett|\bpc(er)?\b|datamaskin|sensor|maskinvare|"
    r"hardware|installasjon|montering|anlegg|lokaler|skjermer)",
    re.I,
)


def _q(text: str) -> str:
    return text if text.startswith(("feltet", "summen")) else f"«{text}»"


def check_budget(ctx: Context) -> None:
    fin, form = ctx.reading.finance, ctx.reading.format == "json"
    problems: list[str] = []
    suggestion = ""
    posts = sum(p.amount for p in fin.posts) if len(fin.posts) >= (1 if form else 2) else None
    stated = fin.cost_total
    if posts is not None and stated is not None and posts != stated.value:
        problems.append(
            f"budsjettpostene summerer til {kr(posts)}, men totalkostnaden er {kr(stated.value)}"
            + ("" if form else f" ({_q(stated.source)})")
        )
        suggestion = f"sett totalkostnaden til {kr(posts)} eller juster postene"
    funding_lines = [f for f in fin.funding if f.role in ("applied", "own", "other")]
    if not form and len(funding_lines) >= 2 and fin.funding_total is not None:
        funded = sum(f.amount for f in funding_lines)
        if funded != fin.funding_total.value:
            problems.append(
                f"finansieringslinjene summerer til {kr(funded)}, men summen er "
                f"{kr(fin.funding_total.value)} ({_q(fin.funding_total.source)})"
            )
    if (
        not form
        and stated is not None
        and fin.funding_total is not None
        and stated.value != fin.funding_total.value
    ):
        problems.append(
            f"kostnadene er {kr(stated.value)}, men finansieringen er "
            f"{kr(fin.funding_total.value)} ({_q(fin.funding_total.source)})"
        )
    total = fin.total
    applied = fin.applied
    own_known = fin.own is not None or form
    if (
        total is not None
        and applied is not None
        and own_known
        and fin.funding_total is None
        and not problems
    ):
        own = fin.own.value if fin.own else 0
        other = fin.other.value if fin.other else 0
        funded = applied.value + own + other
        if funded != total.value and (form or fin.other is not None or funded < total.value):
            problems.append(
                f"søknadsbeløp + egenfinansiering + annen finansiering = {kr(funded)}, "
                f"men totalkostnaden er {kr(total.value)}"
            )
            if posts is not None and funded == posts:
                suggestion = (
                    f"sett totalkostnaden til {kr(posts)}, som er summen av postene og "
                    "finansieringen"
                )
            elif total.value - own - other > 0:
                suggestion = (
                    f"sett søknadsbeløpet til {kr(total.value - own - other)} (totalkostnad "
                    "minus egenfinansiering og annen finansiering)"
                )
            else:
                suggestion = (
                    "reduser egenfinansieringen eller den andre finansieringen slik at summen "
                    "blir lik totalkostnaden"
                )
    if problems:
        ctx.add("budget_inconsistent", "; ".join(problems), problem="; ".join(problems))
        if suggestion:
            ctx.add("budget_fix_suggestion", suggestion, suggestion=suggestion)


def check_investment(ctx: Context) -> None:
    posts = ctx.reading.finance.posts
    total = sum(p.amount for p in posts)
    if not total:
        return
    heavy = [p for p in posts if _INVEST.search(p.label)]
    amount = sum(p.amount for p in heavy)
    if amount / total > 0.5:
        evidence = "; ".join(f"{p.label}: {kr(p.amount)}" for p in heavy)
        ctx.add(
            "investment_heavy_budget",
            evidence,
            share=f"{round(100 * amount / total)} %",
            amount=kr(amount),
        )
