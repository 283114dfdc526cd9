"""Rules as data: one YAML file per round under ``corpus/rules/``.

Each rule carries a code, severity, criterion, a Norwegian message template, what to do and a
citation into a corpus document. Citations are verified on load: the document must exist and
the section must be one of its ``## `` headings, so a rule can never cite something that is not
in the corpus.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import ConfigError, InputError

SEVERITIES = ("blocking", "warning", "info")


@dataclass(frozen=True)
class Citation:
    document: str
    section: str
    year: int

    def public(self) -> dict[str, Any]:
        return {"document": self.document, "section": self.section, "year": self.year}


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    criterion: str
    message: str
    action: str
    citation: Citation | None
    variants: dict[str, Citation] = field(default_factory=dict)

    def cite(self, variant: str | None = None) -> Citation | None:
        if variant and variant in self.variants:
            return self.variants[variant]
        return self.citation

    def public(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "criterion": self.criterion,
            "message": self.message,
            "action": self.action,
            "citation": self.citation.public() if self.citation else None,
        }


@dataclass(frozen=True)
class Fellesloft:
    name: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class RoundRules:
    key: str
    round: str
    year: int
    region: str
    guideline: str
    deadline: dt.date
    deadline_note: str
    minimum_amount: int | None
    small_project_reference: int | None
    intermunicipal_applicants: bool
    fellesloft: tuple[Fellesloft, ...]
    rules: dict[str, Rule]

    def has(self, code: str) -> bool:
        return code in self.rules

    def summary(self) -> dict[str, Any]:
        """The round without its rules: name, year, deadline (ISO) and guideline."""
        return {
            "key": self.key,
            "round": self.round,
            "year": self.year,
            "region": self.region,
            "deadline": self.deadline.isoformat(),
            "deadline_note": self.deadline_note,
            "guideline": self.guideline,
        }

    def public(self) -> dict[str, Any]:
        return {**self.summary(), "rules": [r.public() for r in self.rules.values()]}


def _headings(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    return {m.group(1).strip() for m in re.finditer(r"^## (.+)$", text, re.M)}


def _citation(raw: Any, corpus: Path, where: str) -> Citation:
    if not isinstance(raw, dict) or not {"document", "section", "year"} <= raw.keys():
        raise ConfigError(f"{where}: citation needs document, section and year")
    doc = corpus / str(raw["document"])
    if not doc.is_file():
        raise ConfigError(f"{where}: cited document {raw['document']} does not exist")
    if str(raw["section"]) not in _headings(doc):
        raise ConfigError(
            f"{where}: section {raw['section']!r} is not a '## ' heading in {doc.name}"
        )
    return Citation(str(raw["document"]), str(raw["section"]), int(raw["year"]))


def _rule(raw: dict[str, Any], corpus: Path, where: str) -> Rule:
    for key in ("code", "severity", "criterion", "message", "action"):
        if not raw.get(key):
            raise ConfigError(f"{where}: rule is missing {key!r}")
    sev = str(raw["severity"])
    if sev not in SEVERITIES:
        raise ConfigError(f"{where}: severity must be one of {SEVERITIES}, got {sev!r}")
    code = str(raw["code"])
    cit = _citation(raw["citation"], corpus, f"{where} {code}") if raw.get("citation") else None
    if cit is None and sev != "info":
        raise ConfigError(f"{where} {code}: blocking and warning rules need a citation")
    variants = {
        str(name): _citation(v.get("citation"), corpus, f"{where} {code}.{name}")
        for name, v in (raw.get("variants") or {}).items()
    }
    return Rule(
        code, sev, str(raw["criterion"]), str(raw["message"]), str(raw["action"]), cit, variants
    )


def load_round(path: Path, corpus: Path) -> RoundRules:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path.name}: invalid YAML ({exc.__class__.__name__})") from exc
    where = path.name
    rules: dict[str, Rule] = {}
    for r in raw.get("rules") or []:
        rule = _rule(r, corpus, where)
        if rule.code in rules:
            raise ConfigError(f"{where}: duplicate rule code {rule.code}")
        rules[rule.code] = rule
    deadline = raw["deadline"]
    if not isinstance(deadline, dt.date):
        deadline = dt.date.fromisoformat(str(deadline))
    applicants = raw.get("applicants") or {}
    return RoundRules(
        key=str(raw["key"]),
        round=str(raw["round"]),
        year=int(raw["year"]),
        region=str(raw.get("region", "")),
        guideline=str(raw["guideline"]),
        deadline=deadline,
        deadline_note=str(raw.get("deadline_note") or deadline.isoformat()),
        minimum_amount=raw.get("minimum_amount"),
        small_project_reference=raw.get("small_project_reference"),
        intermunicipal_applicants=bool(applicants.get("intermunicipal", False)),
        fellesloft=tuple(
            Fellesloft(str(f["name"]), tuple(str(k).lower() for k in f.get("keywords", [])))
            for f in raw.get("fellesloft") or []
        ),
        rules=rules,
    )


@lru_cache(maxsize=8)
def _load_all(corpus: Path) -> tuple[RoundRules, ...]:
    directory = corpus / "rules"
    files = sorted(directory.glob("*.yaml")) if directory.is_dir() else []
    if not files:
        raise ConfigError(f"Fant ingen regelfiler i {directory}")
    rounds = [load_round(p, corpus) for p in files]
    return tuple(sorted(rounds, key=lambda r: r.year))


def all_rounds(corpus: Path) -> tuple[RoundRules, ...]:
    """Every round's rules, oldest first (cached per corpus directory)."""
    return _load_all(corpus.resolve())


def current_round(corpus: Path, today: dt.date) -> RoundRules:
    """The round whose deadline is next, or the newest when every deadline has passed."""
    rounds = all_rounds(corpus)
    upcoming = [r for r in rounds if r.deadline >= today]
    return min(upcoming, key=lambda r: r.deadline) if upcoming else rounds[-1]


def round_status(
    corpus: Path, today: dt.date, contact_name: str, contact_email: str
) -> dict[str, Any]:
    """Is a round open today? ``open``/``next_round_announced`` are False once the newest
    known round's deadline has passed (a round is known when its rules are in the corpus), and
    ``message`` then says so in Norwegian and names the contact; None while a round is open.
    """
    current = current_round(corpus, today)
    is_open = current.deadline >= today
    message = None
    if not is_open:
        name = current.round[:1].lower() + current.round[1:]
        message = (
            f"Søknadsfristen for {name} var {current.deadline_note}. "
            "Neste runde er ikke kunngjort ennå. "
            f"Kontakt {contact_name} ({contact_email}) for å høre når neste runde kommer."
        )
    return {
        "open": is_open,
        "next_round_announced": is_open,
        "round": current.key,
        "deadline": current.deadline.isoformat(),
        "message": message,
    }


def find_round(corpus: Path, name: str) -> RoundRules:
    """A round by year ("2025"), key ("trondelag-2025") or name ("Prosjektskjønn 2025")."""
    rounds = all_rounds(corpus)
    wanted = name.strip().lower()
    for r in rounds:
        if wanted in (str(r.year), r.key.lower(), r.round.lower()):
            return r
    m = re.search(r"\b(19|20)\d{2}\b", wanted)
    if m:
        for r in rounds:
            if r.year == int(m.group(0)):
                return r
    valid = ", ".join(str(r.year) for r in rounds)
    raise InputError(f"Ukjent runde «{name}». Gyldige runder: {valid}.")
