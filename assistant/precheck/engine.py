"""Run the pre-check: pick the round, run every check, add similar projects and a summary."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any, Protocol

from assistant.errors import AssistantError, NotIngestedError
from assistant.precheck.amounts import kr
from assistant.precheck.checks_fixed import run_fixed
from assistant.precheck.criteria import CriteriaLookup
from assistant.precheck.draft import Draft
from assistant.precheck.exclusions import run_exclusions
from assistant.precheck.findings import SEVERITY_ORDER, Context, Finding, select_round
from assistant.precheck.judgement import run_judgement
from assistant.precheck.municipalities import Gazetteer, using
from assistant.precheck.privacy import get_logger
from assistant.precheck.reading import reading_from_form
from assistant.rounds import registry
from assistant.settings import Settings

log = get_logger(__name__)

_FUNDED_STATUS = {"aktiv", "fullført", "innvilget", "avsluttet"}


@dataclass
class Report:
    round: str
    round_key: str
    round_reason: str
    findings: list[Finding]
    similar_projects: list[dict[str, Any]] = field(default_factory=list)
    summary: str = ""
    read_as: dict[str, Any] = field(default_factory=dict)  # "Lest som": what was read, and where

    def codes(self, severity: str | None = None) -> list[str]:
        return [f.code for f in self.findings if severity is None or f.severity == severity]

    def public(self) -> dict[str, Any]:
        return {
            "read_as": self.read_as,
            "round": self.round,
            "round_key": self.round_key,
            "round_reason": self.round_reason,
            "findings": [f.public() for f in self.findings],
            "similar_projects": self.similar_projects,
            "summary": self.summary,
        }


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.lower()) if len(w) > 2}


class PastProject(Protocol):
    """What the pre-check reads of a similar past project (the archive's ``SimilarProject``;
    the pre-check does not import the archive)."""

    id: str
    title: str | None
    year: int | None
    municipalities: list[str] | None
    applied: int | None
    granted: int | None
    status: str | None
    score: float
    why: list[str]
    near_duplicate: bool | None


def _project(hit: PastProject, draft: Draft) -> dict[str, Any]:
    title = hit.title or ""
    a, b = _words(title), _words(draft.tittel)
    overlap = len(a & b) / len(a | b) if a | b else 0.0
    status = hit.status or ""
    funded = bool(hit.granted) or status.lower() in _FUNDED_STATUS
    near = hit.near_duplicate if hit.near_duplicate is not None else overlap >= 0.6 and funded
    munis = hit.municipalities or []
    return {
        "id": hit.id,
        "title": title,
        "year": hit.year,
        "municipality": munis[0] if munis else None,
        "amount": hit.granted or hit.applied,
        "status": status or None,
        "reason": "; ".join(hit.why) or f"ligner i tittel og innhold (score {hit.score:.2f})",
        "near_duplicate": near,
    }


def similar_projects(services: Any, draft: Draft) -> tuple[list[dict[str, Any]], str]:
    """Up to 5 similar archive projects, or ([], why not). Degrades when the archive is missing.

    The pre-check does not import the archive: the wiring (``assistant.services.Services``)
    offers ``similar_to_draft(draft, k)``; services without it have no archive here.
    """
    similar_to_draft = getattr(services, "similar_to_draft", None)
    if similar_to_draft is None:
        return [], "prosjektarkivet er ikke tilgjengelig her"
    try:
        hits = similar_to_draft(draft.to_dict(), k=5)
    except NotIngestedError:
        return [], "prosjektarkivet er tomt (kjør `skjonn ingest`)"
    except AssistantError as exc:
        return [], exc.message.rstrip(".")
    except Exception as exc:  # noqa: BLE001 - the archive is optional; never fail the pre-check
        log.warning("precheck: similar projects failed (%s)", exc.__class__.__name__)
        return [], "det oppstod en feil i prosjektarkivet"
    if not hits:
        return [], "arkivet er tomt eller har ingen lignende prosjekter"
    return [_project(h, draft) for h in list(hits)[:5]], ""


def _summary(report: Report) -> str:
    n = {s: len(report.codes(s)) for s in SEVERITY_ORDER}
    head = f"{report.round} ({report.round_reason})."
    if n["blocking"]:
        verdict = f"{n['blocking']} forhold stopper søknaden slik den er nå"
    else:
        verdict = "Ingen forhold stopper søknaden"
    return f"{head} {verdict}; {n['warning']} advarsler og {n['info']} merknader."


def run_precheck(
    draft: Draft,
    settings: Settings,
    services: Any = None,
    round_name: str | None = None,
    with_similar: bool = True,
) -> Report:
    t0 = time.perf_counter()
    if draft.reading is None:
        draft.reading = reading_from_form(draft)
    reg = registry(settings)
    with using(Gazetteer.of(reg)):
        rules, reason = select_round(reg, draft, round_name, settings.region)
        ctx = Context(draft, rules, draft.innsendt)
        has_plan = run_fixed(ctx)
        run_exclusions(ctx)
        run_judgement(ctx, CriteriaLookup(rules, services), has_plan)
    projects: list[dict[str, Any]] = []
    if with_similar:
        projects, why_not = similar_projects(services, draft)
        if why_not:
            ctx.add("similar_projects_unavailable", "", reason=why_not)
        for p in projects:
            if p["near_duplicate"]:
                label = f"«{p['title']}» ({p['year']}, {p['municipality']}, {kr(p['amount'])})"
                ctx.add("near_duplicate_funded", f"lignende prosjekt: {label}", project=label)
                break
    if not any(f.severity == "blocking" for f in ctx.findings):
        ctx.add("no_blocking_findings")
    findings = sorted(ctx.findings, key=lambda f: SEVERITY_ORDER[f.severity])
    report = Report(rules.round, rules.key, reason, findings, projects)
    report.read_as = draft.reading.public(rules.round, reason)
    report.summary = _summary(report)
    log.info(
        "precheck round=%s blocking=%d warning=%d info=%d ms=%.1f",
        rules.key,
        len(report.codes("blocking")),
        len(report.codes("warning")),
        len(report.codes("info")),
        1000 * (time.perf_counter() - t0),
    )
    return report
