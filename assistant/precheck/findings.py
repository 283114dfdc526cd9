"""Findings, the pre-check's context and round selection."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from assistant.precheck.draft import Draft
from assistant.precheck.municipalities import canonical
from assistant.rounds import Region, Registry, RoundRules

SEVERITY_ORDER = {"blocking": 0, "warning": 1, "info": 2}


@dataclass
class Finding:
    code: str
    severity: str
    criterion: str
    message: str
    action: str
    citation: dict[str, Any] | None
    evidence: str = ""
    criterion_text: str = ""  # the retrieved criteria passage a judgement check was held against

    def public(self) -> dict[str, Any]:
        out = {
            "code": self.code,
            "severity": self.severity,
            "criterion": self.criterion,
            "message": self.message,
            "action": self.action,
            "citation": self.citation,
            "evidence": self.evidence,
        }
        if self.criterion_text:
            out["criterion_text"] = self.criterion_text
        return out


@dataclass
class Context:
    draft: Draft
    rules: RoundRules
    submitted: dt.date | None  # the draft's own date; None when it has none
    findings: list[Finding] = field(default_factory=list)

    @property
    def reading(self) -> Any:
        """The draft's ``Reading`` (set by parse_draft or, for a JSON draft, by the engine)."""
        return self.draft.reading

    def add(
        self, code: str, evidence: str = "", variant: str | None = None, **fmt: Any
    ) -> Finding | None:
        """Add a finding for ``code`` if the round has that rule; the message is filled from fmt."""
        rule = self.rules.rules.get(code)
        if rule is None:
            return None
        cit = rule.cite(variant)
        values = {"round": self.rules.round, **fmt}
        f = Finding(
            code=code,
            severity=rule.severity,
            criterion=rule.criterion,
            message=rule.message.format(**values),
            action=rule.action.format(**values),
            citation=cit.public() if cit else None,
            evidence=_short(evidence),
        )
        self.findings.append(f)
        return f

    def has(self, code: str) -> bool:
        return any(f.code == code for f in self.findings)


def _short(text: str, limit: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _quote(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def round_for_date(
    rounds: tuple[RoundRules, ...], date: dt.date, what: str
) -> tuple[RoundRules, str]:
    """The round a dated draft belongs to: the next deadline within a year and a half, else a
    deadline it missed by less than half a year (so a late draft is judged late), else newest."""
    ahead = [r for r in rounds if r.deadline >= date and (r.deadline - date).days <= 550]
    if ahead:
        chosen = min(ahead, key=lambda r: r.deadline)
        return chosen, f"første runde med frist etter {what}"
    behind = [r for r in rounds if r.deadline < date and (date - r.deadline).days <= 200]
    if behind:
        chosen = max(behind, key=lambda r: r.deadline)
        return chosen, f"runden med siste frist før {what}"
    return rounds[-1], f"nyeste runde (ingen kjent frist nær {what})"


def draft_region(reg: Registry, draft: Draft, default: str | None = None) -> Region:
    """The applicant's region: the county of the applicant or, failing that, of the first
    partner municipality the registry knows; else ``default``."""
    names = [draft.søker, *draft.samarbeidskommuner]
    for name in names:
        canon = canonical(name or "")
        region = reg.region_of(canon) if canon else None
        if region is not None:
            return region
    return reg.region(default)


def select_round(
    reg: Registry, draft: Draft, wanted: str | None = None, region: str | None = None
) -> tuple[RoundRules, str]:
    """The round: ``--round``, else the round the draft names (title, call, text), else the
    draft's own date, else the newest round, among the rounds of the applicant's region
    (``region`` when the applicant's county is unknown). Today's date never decides it."""
    home = draft_region(reg, draft, region)
    if wanted:
        return reg.find(wanted, home.key), "valgt med --round"
    chosen, reason = _select(reg.all(home.key), draft)
    if home.key != reg.region(region).key:
        reason += f"; søkeren hører til {home.name}"
    return chosen, reason


def _select(rounds: tuple[RoundRules, ...], draft: Draft) -> tuple[RoundRules, str]:
    reading = draft.reading
    hint = getattr(reading, "round_hint", None)
    if hint is not None:
        for r in rounds:
            if r.year == hint.value:
                return r, f"fra «{_quote(hint.source)}»"
    elif draft.utlysning:
        text = draft.utlysning.lower()
        m = re.search(r"prosjektskj[øo]nn\s+((?:19|20)\d{2})", text)
        years = (
            [int(m.group(1))] if m else [int(y) for y in re.findall(r"\b(?:19|20)\d{2}\b", text)]
        )
        for year in years:
            for r in rounds:
                if r.year == year:
                    return r, f"fra utlysning «{draft.utlysning}»"
    if draft.innsendt:
        return round_for_date(
            rounds, draft.innsendt, f"utkastets dato {draft.innsendt.isoformat()}"
        )
    month = getattr(reading, "month", None)
    if month is not None:
        y, m = month.value
        return round_for_date(rounds, dt.date(y, m, 1), f"«{_quote(month.source)}»")
    return rounds[-1], "nyeste runde (utkastet oppgir verken runde eller dato)"
