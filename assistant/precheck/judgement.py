"""Judgement checks: explicit signals in the draft, each held against the retrieved criterion.

A finding says which signals were found or missing (the evidence) and quotes the criterion
passage retrieved from the round's guideline; no finding rests on a score alone.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.lang.nb import MONTH_PATTERN
from assistant.precheck.checks_fixed import applicant_kind
from assistant.precheck.criteria import CriteriaLookup
from assistant.precheck.findings import Context

_NOVELTY = re.compile(
    r"(\bny(e|tt)?\b|prøve ut|prøves ut|utprøving|teste ut|testes|\bpilot|innovativ|innovasjon|"
    r"nyskapende|nyskapande|første gang|aldri før|ikke har gjort før|ikkje har gjort før|forsøk|"
    r"nytenk|tjenestedesign|tenestedesign|utvikle|utvikla|prøve|prøvd|samskap|annerledes|"
    r"ny modell|nytt for|etablere|etablering|innføre|innføring|ta i bruk|tas i bruk|tek i bruk)",
    re.I,
)
_CONTINUATION = re.compile(
    r"(videreføre|videreføring|vidareføre|vidareføring|fortsette som før|som i dag|"
    r"som tidligere år|opprettholde|samme som før|slik vi gjør i dag|held fram|halde fram|"
    r"holde fram|same arbeidsmåte|samme arbeidsmåte|same modell|samme modell|som før\b|"
    r"samme opplegg\w*|same opplegg\w*)",
    re.I,
)
_MEASURABLE = re.compile(
    r"(\d+\s*(%|prosent)|\b(redusere|øke|halvere|doble|senke|heve|korte ned)\b[^.]{0,60}\d|"
    r"\bfra \d+ til (?:under |over |minst |maks(?:imalt)? )?\d+|indikator|\bmåle[rs]?\b|\bmåles\b|målbar|måltall|\bKPI|\bantall\b[^.]{0,40}\d|"
    r"\d+\s+(flere|færre)\b|\bmot \d+\b|"
    r"\b\d+\s+(elever|brukere|innbyggere|ansatte|deltakere|familier|barn|unge|pasienter|saker|innspill)\b|"
    r"\b(innen|innan)\s+(\d|utgangen|" + MONTH_PATTERN + r")|\bminst\s+\d+|\bprosent\b)",
    re.I,
)
_TIMELINE = re.compile(
    r"(milepæl|\bfase\b|\bfaser\b|tidsplan|kvartal|\bQ[1-4]\b|\d+\s*måned|"
    + MONTH_PATTERN.replace("mai", r"\bmai\b")  # «mai» as a word, not inside one
    + r"|høsten|våren|\b20\d\d\b)",
    re.I,
)
# A row of a time-plan table anywhere in the draft: "jan–mars 2021 | Kartlegging … | …"
_SCHEDULE_ROW = re.compile(
    r"^(?:jan|feb|mar|apr|mai|jun|jul|aug|sep|okt|nov|des|q[1-4]\b|fase|uke|vår|høst|20\d\d)"
    r"[^|\n]{0,30}\|",
    re.I | re.M,
)
# ... or a time plan named or laid out anywhere: "Milepæl | Tidspunkt", "… | februar 2025",
# "- Februar 2021: innhenting av data"
_PLAN_ANYWHERE = re.compile(
    r"milepæl|tidsplan|fr[ae]mdriftsplan|aktivitetsplan|"
    r"\|\s*(?:jan|feb|mar|apr|mai|jun|jul|aug|sep|okt|nov|des|høst|vår)\w*[^|\n]{0,20}\|?\s*$|"
    r"^\s*(?:[-•*]\s*)?(?:jan|feb|mar|apr|mai|jun|jul|aug|sep|okt|nov|des)\w*\s*(?:[–-]\s*\w+\s*)?"
    r"20\d\d\s*:",
    re.I | re.M,
)
_ORGANISATION = re.compile(
    r"(prosjektleder|prosjektleiar|styringsgrupp[ea]|arbeidsgrupp[ea]|prosjektgrupp[ea]|prosjekteier|"
    r"prosjekteigar|referansegruppe|prosjektansvarlig|koordinator|koordinerer|enhetsleder|"
    r"einingsleiar|kommunalsjef|ledes av|leiast av|leder\b[^.]{0,30}\ber prosjektleder|"
    r"byggherre|byggekomit\w*|byggjekomit\w*|styringskomit\w*|prosjektstyre\w*)",
    re.I,
)
_ROLES = re.compile(
    r"(tjenesteprodusent|tenesteprodusent|myndighetsorgan|myndigheitsorgan|myndighetsutøv|"
    r"lokaldemokrati|samfunnsutvikl)",
    re.I,
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


def _add(ctx: Context, lookup: CriteriaLookup, code: str, evidence: str, **fmt: Any) -> None:
    f = ctx.add(code, evidence, **fmt)
    if f is not None:
        f.criterion_text = lookup.text_for(code)


def check_innovation(ctx: Context, lookup: CriteriaLookup) -> None:
    core = _core(ctx)
    novel = sorted({m.group(0).lower() for m in _NOVELTY.finditer(core)})
    cont = sorted({m.group(0).lower() for m in _CONTINUATION.finditer(core)})
    if ctx.reading.format != "json" and not cont:
        return  # in a document, only a stated continuation is evidence of low innovation
    if not novel or (cont and len(novel) <= 1):
        found = f"fornyingsord: {', '.join(novel) or 'ingen'}; videreføringsord: {', '.join(cont) or 'ingen'}"
        _add(ctx, lookup, "low_innovation", found)


def check_plan_quality(ctx: Context, lookup: CriteriaLookup) -> None:
    """Goals are judged on the goals; time plan on how it is done; organisation on the whole
    draft (a project leader named in the budget counts)."""
    reading = ctx.reading
    plan = ctx.draft.mål_og_gjennomføring
    if len(plan.split()) < 12:  # only an attached plan: nothing to judge in the text
        return
    goals, how = reading.goals or plan, reading.implementation or plan
    if not _MEASURABLE.search(goals):
        _add(ctx, lookup, "vague_goals", f"mål: «{' '.join(goals.split())[:160]}»")
    missing = []
    if not (
        _TIMELINE.search(how)
        or _SCHEDULE_ROW.search(reading.full_text)
        or _PLAN_ANYWHERE.search(reading.full_text)
    ):
        missing.append("ingen tidsplan eller milepæler")
    everything = (
        reading.full_text if reading.format != "json" else plan + "\n" + ctx.draft.utfordringer
    )
    if not _ORGANISATION.search(everything):
        missing.append("ingen organisering (prosjektleder, styringsgruppe eller arbeidsgruppe)")
    if missing:
        _add(ctx, lookup, "weak_project_plan", "; ".join(missing), missing=" og ".join(missing))


def check_roles(ctx: Context, lookup: CriteriaLookup) -> None:
    d = ctx.draft
    listed = [r for r in d.roller_som_styrkes if _ROLES.search(r)]
    if listed:
        return
    text = _core(ctx) if ctx.reading.format == "json" else ctx.reading.full_text
    if _ROLES.search(text) and (not d.roller_som_styrkes or ctx.reading.format != "json"):
        return
    shown = ", ".join(d.roller_som_styrkes) or "ikke utfylt"
    _add(ctx, lookup, "roles_not_specified", f"roller_som_styrkes: {shown}")


_SHARE_VERB = re.compile(
    r"\b(dele[rs]?|deles|delast|delt|delte|spre[rs]?|spres|spreie|overfør\w*|presenter\w*|publiser\w*|"
    r"gjøres (fritt )?tilgjengelig|gjerast tilgjengeleg|legges (åpent|ut|i)|leggast|blir lagt)",
    re.I,
)
_SHARE_WHERE = re.compile(
    r"(andre kommuner|andre kommunar|kommunene i|kommunane i|nettverk|isord|database|læringsarena|"
    r"alle kommuner|nabokommun|regionen|regionråd|konferanse|seminar|sluttrapport)",
    re.I,
)


def _sharing_sentence(text: str) -> str:
    # a sentence broken over short lines ("Erfaringene deles med" / "Levanger og … i ISORD.")
    text = re.sub(r"(?<![.!?:])\n(?=[a-zæøåA-ZÆØÅ])", " ", text)
    for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
        if _SHARE_VERB.search(sentence) and _SHARE_WHERE.search(sentence):
            return sentence.strip()
    return ""


_NO_SHARING = re.compile(
    r"\b(ikke|ikkje|ingen|inga)\b[^.]{0,40}\b(spredning|spreiing|deling|dele|deles|overføring|"
    r"overføre)",
    re.I,
)


def _affirmed(text: str) -> str:
    """The text without its sentences that say there is no sharing ("Vi har ikke planlagt
    egne tiltak for spredning av erfaringer")."""
    parts = re.split(r"(?<=[.!?])\s+", text)
    return " ".join(p for p in parts if not _NO_SHARING.search(p))


def check_transferability(ctx: Context, lookup: CriteriaLookup) -> bool:
    text = ctx.draft.overføring_og_spredning
    said = _affirmed(text)
    signals = sorted({m.group(0).lower() for m in _SPREAD.finditer(said)})
    if len(said.split()) >= 8 and signals:
        return True
    if ctx.reading.format != "json" and _sharing_sentence(_affirmed(ctx.reading.full_text)):
        return True
    shown = f"«{text[:160]}»" if text else "ikke utfylt"
    _add(ctx, lookup, "no_transferability_plan", f"overføring og spredning: {shown}")
    return False


def check_instruments(ctx: Context, lookup: CriteriaLookup) -> None:
    """Warn when the justification field is (nearly) empty; in a document without that field,
    only when the chosen instruments are named and nothing in the text says why."""
    text = ctx.draft.begrunnelse_virkemidler
    if len(text.split()) >= 8:
        return
    reading = ctx.reading
    if reading.format != "json" and not text:
        named = bool(ctx.draft.virkemidler)
        if not named:  # neither instruments nor a justification field: nothing to hold it to
            return
    shown = f"«{text}»" if text else "ikke utfylt"
    _add(ctx, lookup, "missing_instrument_justification", f"begrunnelse for virkemidler: {shown}")


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
    if has_plan:  # without a plan there is nothing to judge; missing_project_plan says so
        check_innovation(ctx, lookup)
        check_plan_quality(ctx, lookup)
    check_roles(ctx, lookup)
    spread = check_transferability(ctx, lookup)
    check_instruments(ctx, lookup)
    check_fellesloft(ctx, lookup)
    check_collaboration(ctx, spread)
