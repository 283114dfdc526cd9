"""Plain-text Norwegian renderings: the pre-check report, a round's rules and a rules diff."""

from __future__ import annotations

from typing import Any

from assistant.precheck.amounts import kr
from assistant.precheck.engine import Report
from assistant.precheck.reading import render_read_as
from assistant.rounds import Citation, RoundRules

HEADINGS = {
    "blocking": "STOPPER – må rettes før søknaden sendes",
    "warning": "ADVARSLER – svekker søknaden",
    "info": "MERKNADER",
}
MARKS = {"blocking": "✗", "warning": "!", "info": "·"}


def cite(c: dict[str, Any] | Citation | None) -> str:
    if c is None:
        return ""
    d = c.public() if isinstance(c, Citation) else c
    year = f", {d['year']}" if d.get("year") else ""
    return f"«{d['section']}», {d.get('title') or d['document']}{year}"


def render_report(report: Report, title: str) -> str:
    lines = [f"Forhåndssjekk av «{title or 'utkast uten tittel'}»", report.summary, ""]
    if report.read_as:
        lines += [*render_read_as(report.read_as), ""]
    for sev, heading in HEADINGS.items():
        group = [f for f in report.findings if f.severity == sev]
        if not group:
            continue
        lines.append(f"{heading} ({len(group)})")
        for f in group:
            lines.append(f"  {MARKS[sev]} {f.criterion} [{f.code}]")
            lines.append(f"    {f.message}")
            if f.evidence:
                lines.append(f"    Funnet i utkastet: {f.evidence}")
            if f.criterion_text:
                lines.append(f"    Kriteriet: {f.criterion_text}")
            lines.append(f"    Gjør dette: {f.action}")
            if f.citation:
                lines.append(f"    Kilde: {cite(f.citation)}")
        lines.append("")
    if report.similar_projects:
        lines.append(f"LIGNENDE PROSJEKTER ({len(report.similar_projects)})")
        for p in report.similar_projects:
            meta = ", ".join(str(x) for x in (p.get("year"), p.get("municipality")) if x)
            amount = kr(p["amount"]) if p.get("amount") else "beløp ikke oppgitt"
            flag = (
                "  ← nesten likt et prosjekt som har fått midler" if p.get("near_duplicate") else ""
            )
            lines.append(
                f"  - {p['title']} ({meta}; {amount}; {p.get('status') or 'status ukjent'}){flag}"
            )
            if p.get("reason"):
                lines.append(f"    Hvorfor: {p['reason']}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def render_rules(r: RoundRules) -> str:
    minimum = (
        kr(r.minimum_amount)
        if r.minimum_amount
        else (
            f"ikke oppgitt (sammenligner med {kr(r.small_project_reference)} fra 2021, bare advarsel)"
            if r.small_project_reference
            else "ikke oppgitt"
        )
    )
    lines = [
        f"{r.round} ({r.region}) – regler fra rules/{r.key}.yaml",
        f"  Søknadsfrist: {r.deadline_note}",
        f"  Minstebeløp: {minimum}",
        f"  Søkere: kommuner{' og samarbeid mellom kommuner' if r.intermunicipal_applicants else ''}",
        f"  Fellesløft: {'; '.join(f.name for f in r.fellesloft)}",
        "",
    ]
    for sev, heading in HEADINGS.items():
        group = [x for x in r.rules.values() if x.severity == sev]
        if group:
            lines.append(f"{heading.split(' – ')[0]} ({len(group)})")
            for rule in group:
                lines.append(f"  {rule.code:<38} {rule.criterion}")
                if rule.citation:
                    lines.append(f"  {'':<38} Kilde: {cite(rule.citation)}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def diff_rules(a: RoundRules, b: RoundRules) -> list[dict[str, Any]]:
    """What changed from round a to round b: parameters and rules (added, removed, changed)."""
    out: list[dict[str, Any]] = []
    params = {
        "søknadsfrist": (a.deadline_note, b.deadline_note),
        "minstebeløp": (a.minimum_amount, b.minimum_amount),
        "samarbeid som søker": (a.intermunicipal_applicants, b.intermunicipal_applicants),
        "fellesløft": ([f.name for f in a.fellesloft], [f.name for f in b.fellesloft]),
    }
    for name, (x, y) in params.items():
        if x != y:
            out.append({"kind": "parameter", "name": name, "from": x, "to": y})
    for code in sorted(set(a.rules) | set(b.rules)):
        ra, rb = a.rules.get(code), b.rules.get(code)
        if ra is None and rb is not None:
            out.append(
                {"kind": "added", "code": code, "severity": rb.severity, "criterion": rb.criterion}
            )
        elif rb is None and ra is not None:
            out.append(
                {
                    "kind": "removed",
                    "code": code,
                    "severity": ra.severity,
                    "criterion": ra.criterion,
                }
            )
        elif ra is not None and rb is not None:
            changes = {
                k: (getattr(ra, k), getattr(rb, k))
                for k in ("severity", "criterion", "message")
                if getattr(ra, k) != getattr(rb, k)
            }
            if changes:
                out.append(
                    {
                        "kind": "changed",
                        "code": code,
                        "changes": sorted(changes),
                        "severity": [ra.severity, rb.severity],
                        "citation": cite(rb.citation),
                    }
                )
    return out


def render_diff(a: RoundRules, b: RoundRules, changes: list[dict[str, Any]]) -> str:
    lines = [f"Endringer fra {a.round} til {b.round}", ""]
    labels = {"added": "+ ny regel", "removed": "- fjernet", "changed": "~ endret"}
    for c in changes:
        if c["kind"] == "parameter":
            lines.append(f"  ~ {c['name']}: {c['from']} → {c['to']}")
        elif c["kind"] == "changed":
            sev = " → ".join(dict.fromkeys(c["severity"]))
            lines.append(
                f"  ~ endret {c['code']} ({sev}): {', '.join(c['changes'])}  [{c['citation']}]"
            )
        else:
            lines.append(f"  {labels[c['kind']]} {c['code']} ({c['severity']}): {c['criterion']}")
    if not changes:
        lines.append("  Ingen endringer.")
    return "\n".join(lines) + "\n"
