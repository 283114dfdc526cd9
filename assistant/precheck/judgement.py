"""Judgement checks: explicit signals in the draft, each held against the retrieved criterion.

A finding says which signals were found or missing (the evidence) and quotes the criterion
passage retrieved from the round's guideline; no finding rests on a score alone.
"""

from __future__ import annotations

import re

from assistant.precheck.checks_fixed import applicant_kind
from assistant.precheck.criteria import CriteriaLookup
from assistant.precheck.findings import Context

_NOVELTY = re.compile(
    r"(\bny(e|tt)?\b|prøve ut|prøves ut|utprøving|teste ut|testes|\bpilot|innovativ|innovasjon|"
    r"nyskapende|første gang|aldri før|ikke har gjort før|forsøk|nytenk|tjenestedesign|utvikle)",
    re.I,
)
_CONTINUATION = re.compile(
    r"(videreføre|videreføring|fortsette som før|som i dag|som tidligere år|opprettholde|"
    r"samme som før|slik vi gjør i dag)",
    re.I,
)
_MEASURABLE = re.compile(
    r"(\d+\s*(%|prosent)|\b(redusere|øke|halvere|doble|senke|heve|korte ned)\b[^.]{0,60}\d|"
    r"\bfra \d+ til \d+|indikator|\bmåle[rs]?\b|\bmåles\b|målbar|måltall|\bKPI|\bantall\b[^.]{0,40}\d|"
    r"\d+\s+(flere|færre)\b|\bmot \d+\b|"
    r"\b\d+\s+(elever|brukere|innbyggere|ansatte|deltakere|familier|barn|unge|pasienter|saker|innspill)\b)",
    re.I,
)
_TIMELINE = re.compile(
    r"(milepæl|\bfase\b|\bfaser\b|tidsplan|kvartal|\bQ[1-4]\b|\d+\s*måned|januar|februar|mars|april|"
    r"\bmai\b|juni|juli|august|september|oktober|november|desember|høsten|våren|\b20\d\d\b)",
    re.I,
)
_ORGANISATION = re.compile(
    r"(prosjektleder|styringsgruppe|arbeidsgruppe|prosjektgruppe|prosjekteier|referansegruppe|"
    r"prosjektansvarlig|koordinator)",
    re.I,
)
_ROLES = re.compile(
    r"(tjenesteprodusent|myndighetsorgan|myndighetsutøv|lokaldemokrati|samfunnsutvikler)", re.I
)
_SPREAD = re.compile(
    r"(spre|spredning|dele|deling|erfaringsdeling|overfør|andre kommuner|nettverk|konferanse|"
    r"webinar|veileder|isord|læringsarena|publiser|seminar|verktøykasse|åpen kildekode|mal(er)?\b)",
    re.I,
)
_SDG = re.compile(r"(bærekraftsmål|bærekraftmål|fns mål|\bsdg|agenda 2030)", re.I)
_HEALTH = re.compile(r"(helse|omsorg|pleie|sykehjem|hjemmetjeneste|legevakt|rehabilitering)", re.I)


def _core(ctx: Context) -> str:
    d = ctx.draft
    return "\n".join(
        [
            d.tittel,
            d.utfordringer,
            d.mål_og_gjennomføring,
            d.begrunnelse_virkemidler,
            ", ".join(d.virkemidler),
            ", ".join(d.sektorer),
        ]
    )


def _add(ctx: Context, lookup: CriteriaLookup, code: str, evidence: str, **fmt: object) -> None:
    f = ctx.add(code, evidence, **fmt)
    if f is not None:
        f.criterion_text = lookup.text_for(code)


def check_innovation(ctx: Context, lookup: CriteriaLookup) -> None:
    core = _core(ctx)
    novel = sorted({m.group(0).lower() for m in _NOVELTY.finditer(core)})
    cont = sorted({m.group(0).lower() for m in _CONTINUATION.finditer(core)})
    if not novel or (cont and len(novel) <= 1):
        found = f"fornyingsord: {', '.join(novel) or 'ingen'}; videreføringsord: {', '.join(cont) or 'ingen'}"
        _add(ctx, lookup, "low_innovation", found)


def check_plan_quality(ctx: Context, lookup: CriteriaLookup) -> None:
    plan = ctx.draft.mål_og_gjennomføring
    if len(plan.split()) < 12:  # only an attached plan: nothing to judge in the text
        return
    if not _MEASURABLE.search(plan):
        _add(ctx, lookup, "vague_goals", f"mål_og_gjennomføring: «{plan[:160]}»")
    missing = []
    if not _TIMELINE.search(plan):
        missing.append("ingen tidsplan eller milepæler")
    if not _ORGANISATION.search(plan + "\n" + ctx.draft.utfordringer):
        missing.append("ingen organisering (prosjektleder, styringsgruppe eller arbeidsgruppe)")
    if missing:
        _add(ctx, lookup, "weak_project_plan", "; ".join(missing), missing=" og ".join(missing))


def check_roles(ctx: Context, lookup: CriteriaLookup) -> None:
    d = ctx.draft
    listed = [r for r in d.roller_som_styrkes if _ROLES.search(r)]
    if listed:
        return
    if not d.roller_som_styrkes and _ROLES.search(_core(ctx)):
        return
    shown = ", ".join(d.roller_som_styrkes) or "ikke utfylt"
    _add(ctx, lookup, "roles_not_specified", f"roller_som_styrkes: {shown}")


def check_transferability(ctx: Context, lookup: CriteriaLookup) -> bool:
    text = ctx.draft.overføring_og_spredning
    signals = sorted({m.group(0).lower() for m in _SPREAD.finditer(text)})
    if len(text.split()) < 8 or not signals:
        shown = f"«{text[:160]}»" if text else "ikke utfylt"
        _add(ctx, lookup, "no_transferability_plan", f"overføring_og_spredning: {shown}")
        return False
    return True


def check_instruments(ctx: Context, lookup: CriteriaLookup) -> None:
    text = ctx.draft.begrunnelse_virkemidler
    if len(text.split()) < 8:
        shown = f"«{text}»" if text else "ikke utfylt"
        _add(ctx, lookup, "missing_instrument_justification", f"begrunnelse_virkemidler: {shown}")


def check_fellesloft(ctx: Context, lookup: CriteriaLookup) -> None:
    core = _core(ctx).lower()
    scored = []
    for f in ctx.rules.fellesloft:
        hits = [k for k in f.keywords if re.search(rf"\b{re.escape(k)}", core)]
        if hits:
            scored.append((len(hits), f.name, hits))
    if not scored:
        return
    scored.sort(key=lambda x: -x[0])
    n, name, hits = scored[0]
    others = [s[1] for s in scored[1:]]
    evidence = f"nøkkelord: {', '.join(hits)}" + (
        f"; berører også: {', '.join(others)}" if others else ""
    )
    _add(ctx, lookup, "fellesloft_match", evidence, fellesloft=name)


def check_collaboration(ctx: Context, has_spread_plan: bool) -> None:
    d = ctx.draft
    partners = [k for k in d.samarbeidskommuner if k.strip()]
    if partners or applicant_kind(d.søker) == "intermunicipal":
        names = ", ".join([d.søker, *partners])
        ctx.add(
            "intermunicipal_collaboration",
            f"samarbeidskommuner: {', '.join(partners) or d.søker}",
            municipalities=names,
        )
    elif has_spread_plan:
        ctx.add("suggest_scaling_up", "samarbeidskommuner: ingen")
    text = "\n".join(ctx.draft.text_fields().values())
    m = _SDG.search(text)
    if m:
        ctx.add("sdg_contribution", f"«{m.group(0)}»")
    if not ctx.has("consider_other_funding") and (_HEALTH.search(_core(ctx))):
        ctx.add(
            "consider_other_funding",
            "sektor/tema: helse og omsorg",
            scheme="tilskuddsordningen «kompetanse og innovasjon» for helse- og omsorgstjenestene",
        )


def run_judgement(ctx: Context, lookup: CriteriaLookup, has_plan: bool) -> None:
    check_innovation(ctx, lookup)
    if has_plan:
        check_plan_quality(ctx, lookup)
    check_roles(ctx, lookup)
    spread = check_transferability(ctx, lookup)
    check_instruments(ctx, lookup)
    check_fellesloft(ctx, lookup)
    check_collaboration(ctx, spread)
