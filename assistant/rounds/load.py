"""Reading round packs and region files, with every problem collected, not just the first.

Each problem says where it is and what to do about it, in Norwegian (officers read them in
``skjonn rounds validate``). The registry refuses to start with an error; warnings (a section
still marked TODO) are for ``validate`` only.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from assistant.readers.loaders import front_matter
from assistant.readers.textio import LoadError
from assistant.rounds.model import SEVERITIES, Citation, Fellesloft, Region, RoundRules, Rule

# An officer's placeholder in a scaffolded guideline: a paragraph that starts with "TODO".
_TODO = re.compile(r"^[ \t]*TODO\b.*(?:\n[ \t]*\S.*)*\n?", re.M)


def strip_todo(text: str) -> str:
    """``text`` without its TODO paragraphs (a section not written yet is not content)."""
    return _TODO.sub("", text)


@dataclass(frozen=True)
class Problem:
    level: str  # "error" | "warning"
    where: str  # "rules/trondelag-2026.yaml: deadline"
    message: str  # what is wrong and what to do

    def __str__(self) -> str:
        word = "Feil" if self.level == "error" else "Advarsel"
        return f"{word} i {self.where}: {self.message}"


class Problems(list[Problem]):
    def error(self, where: str, message: str) -> None:
        self.append(Problem("error", where, message))

    def warning(self, where: str, message: str) -> None:
        self.append(Problem("warning", where, message))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self if p.level == "error"]


class _Loader(yaml.SafeLoader):
    """Safe YAML with dates left as text, so that a wrong date is our message, not a crash."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _yaml(path: Path, where: str, problems: Problems) -> dict[str, Any] | None:
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506
    except (OSError, UnicodeDecodeError) as exc:
        problems.error(where, f"kan ikke lese filen ({exc.__class__.__name__}).")
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" på linje {mark.line + 1}" if mark is not None else ""
        problems.error(where, f"ugyldig YAML{at}. Sjekk innrykk og kolon.")
        return None
    if not isinstance(raw, dict):
        problems.error(where, "filen må være et YAML-oppslag (nøkkel: verdi).")
        return None
    return raw


def _names(raw: Any) -> tuple[str, ...]:
    return tuple(str(n).strip() for n in raw or () if str(n).strip())


def load_region(path: Path, problems: Problems, root: Path) -> Region | None:
    where = _rel(path, root)
    raw = _yaml(path, where, problems)
    if raw is None:
        return None
    missing = [k for k in ("key", "name", "municipalities") if not raw.get(k)]
    if missing:
        problems.error(where, f"mangler {', '.join(missing)}.")
        return None
    contact = raw.get("contact") or {}
    name = str(raw["name"])
    region = Region(
        key=str(raw["key"]),
        name=name,
        embete=str(raw.get("embete") or f"Statsforvalteren i {name}"),
        contact_name=str(contact.get("name") or raw.get("embete") or f"Statsforvalteren i {name}"),
        contact_email=str(contact.get("email") or ""),
        municipalities=_names(raw.get("municipalities")),
        former=_names(raw.get("former")),
        ambiguous=_names(raw.get("ambiguous")),
        source=path,
    )
    if region.key != path.stem:
        problems.error(where, f"key «{region.key}» må være lik filnavnet «{path.stem}».")
    if not region.contact_email:
        problems.error(where, "mangler contact.email (e-postadressen brukerne skal skrive til).")
    seen: set[str] = set()
    for n in region.names:
        if n.lower() in seen:
            problems.error(where, f"kommunen «{n}» står to ganger. Fjern den ene.")
        seen.add(n.lower())
    for n in region.ambiguous:
        if n.lower() not in seen:
            problems.error(where, f"«{n}» under ambiguous er ikke en av kommunene i filen.")
    return region


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _date(raw: Any, where: str, problems: Problems, required: bool) -> dt.date | None:
    if raw is None or raw == "":
        if required:
            problems.error(where, "mangler. Skriv datoen som ÅÅÅÅ-MM-DD, f.eks. 2025-06-20.")
        return None
    try:
        return dt.date.fromisoformat(str(raw).strip())
    except ValueError:
        problems.error(
            where, f"«{raw}» er ikke en gyldig dato. Skriv den som ÅÅÅÅ-MM-DD, f.eks. 2025-06-20."
        )
        return None


_DOC_INFO: dict[tuple[Path, float], tuple[set[str], str]] = {}


def _doc_info(path: Path) -> tuple[set[str], str]:
    """The ``## `` headings and the front-matter title of a Markdown document (cached per
    file and modification time)."""
    key = (path, path.stat().st_mtime)
    if key not in _DOC_INFO:
        text = path.read_text(encoding="utf-8")
        found = {m.group(1).strip() for m in re.finditer(r"^## (.+)$", text, re.M)}
        try:
            title = str(front_matter(text)[0].get("title") or "").strip()
        except LoadError:  # a broken front matter is ingest's to report; cite by path
            title = ""
        _DOC_INFO[key] = (found, title)
    return _DOC_INFO[key]


class _Docs:
    """Finds cited documents: first in the pack's own corpus folder, then in the others."""

    def __init__(self, root: Path, roots: list[Path]) -> None:
        self.roots = [root, *(r for r in roots if r != root)]

    def find(self, document: str) -> Path | None:
        for r in self.roots:
            p = r / document
            if p.is_file():
                return p
        return None


def _citation(raw: Any, docs: _Docs, where: str, problems: Problems) -> Citation | None:
    if not isinstance(raw, dict) or not {"document", "section", "year"} <= raw.keys():
        problems.error(where, "kilden (citation) trenger document, section og year.")
        return None
    document, section = str(raw["document"]), str(raw["section"])
    path = docs.find(document)
    if path is None:
        problems.error(where, f"dokumentet {document} finnes ikke. Rett stien eller legg det til.")
        return None
    found, title = _doc_info(path)
    if section not in found:
        close = difflib.get_close_matches(section, sorted(found), n=1)
        hint = (
            f" Mente du «{close[0]}»?" if close else " Legg til overskriften «## " + section + "»."
        )
        problems.error(where, f"seksjonen «{section}» finnes ikke i {document}.{hint}")
        return None
    try:
        year = int(raw["year"])
    except (TypeError, ValueError):
        problems.error(where, f"year «{raw['year']}» er ikke et årstall.")
        return None
    return Citation(document, section, year, title)


def _rule(raw: Any, docs: _Docs, where: str, problems: Problems) -> Rule | None:
    if not isinstance(raw, dict):
        problems.error(where, "hver regel må være et oppslag med code, severity, message …")
        return None
    missing = [k for k in ("code", "severity", "criterion", "message", "action") if not raw.get(k)]
    if missing:
        problems.error(where, f"regelen {raw.get('code', '?')} mangler {', '.join(missing)}.")
        return None
    code, sev = str(raw["code"]), str(raw["severity"])
    here = f"{where} {code}"
    if sev not in SEVERITIES:
        problems.error(here, f"severity må være en av {', '.join(SEVERITIES)}, ikke «{sev}».")
        return None
    cit = _citation(raw["citation"], docs, here, problems) if raw.get("citation") else None
    if raw.get("citation") and cit is None:
        return None
    if cit is None and sev != "info":
        problems.error(here, "stoppere og advarsler må ha en kilde (citation).")
        return None
    variants: dict[str, Citation] = {}
    for name, v in (raw.get("variants") or {}).items():
        c = _citation((v or {}).get("citation"), docs, f"{here}.{name}", problems)
        if c is not None:
            variants[str(name)] = c
    return Rule(
        code,
        sev,
        str(raw["criterion"]),
        str(raw["message"]),
        str(raw["action"]),
        cit,
        variants,
        str(raw.get("query") or ""),
    )


def load_pack(
    path: Path, root: Path, roots: list[Path], regions: dict[str, Region], problems: Problems
) -> RoundRules | None:
    """One round pack; its problems are added to ``problems`` (None when it cannot be used)."""
    where = _rel(path, root)
    raw = _yaml(path, where, problems)
    if raw is None:
        return None
    missing = [k for k in ("key", "round", "year", "guideline", "deadline") if not raw.get(k)]
    if missing:
        problems.error(where, f"mangler {', '.join(missing)}.")
        return None
    key = str(raw["key"])
    if key != path.stem:
        problems.error(where, f"key «{key}» må være lik filnavnet «{path.stem}».")
    try:
        year = int(raw["year"])
    except (TypeError, ValueError):
        problems.error(f"{where}: year", f"«{raw['year']}» er ikke et årstall.")
        return None
    region_key = str(raw.get("region_key") or "")
    region = regions.get(region_key)
    if region is None:
        known = ", ".join(sorted(regions)) or "ingen"
        problems.error(
            f"{where}: region_key",
            f"regionen «{region_key}» har ingen fil i regions/ (kjente regioner: {known}). "
            f"Lag regions/{region_key or '<region>'}.yaml eller rett region_key.",
        )
        return None
    deadline = _date(raw.get("deadline"), f"{where}: deadline", problems, required=True)
    call = _date(raw.get("call_date"), f"{where}: call_date", problems, required=False)
    report = _date(
        raw.get("reporting_deadline"), f"{where}: reporting_deadline", problems, required=False
    )
    if deadline is not None and deadline.year not in (year - 1, year):
        problems.error(
            f"{where}: deadline",
            f"fristen {deadline.isoformat()} ligger ikke i året før eller i tilskuddsåret {year}. "
            f"Fristen for prosjektskjønn {year} er vanligvis i {year - 1}.",
        )
    if call and deadline and call > deadline:
        problems.error(
            f"{where}: call_date",
            f"utlysningen ({call.isoformat()}) er etter fristen ({deadline.isoformat()}).",
        )
    if report and deadline and report <= deadline:
        problems.error(
            f"{where}: reporting_deadline",
            f"rapporteringsfristen ({report.isoformat()}) må være etter søknadsfristen "
            f"({deadline.isoformat()}).",
        )
    docs = _Docs(root, roots)
    documents = _names(raw.get("documents")) or (str(raw["guideline"]),)
    if str(raw["guideline"]) not in documents:
        documents = (str(raw["guideline"]), *documents)
    for d in documents:
        p = docs.find(d)
        if p is None:
            problems.error(f"{where}: documents", f"dokumentet {d} finnes ikke under {root}.")
        elif p.suffix == ".md" and _TODO.search(p.read_text(encoding="utf-8")):
            problems.warning(
                _rel(p, root), "har seksjoner merket TODO. Skriv dem ut før runden publiseres."
            )
    municipalities = _names(raw.get("municipalities"))
    for m in municipalities:
        if not region.has_municipality(m):
            close = difflib.get_close_matches(m, list(region.names), n=1)
            hint = f" Mente du «{close[0]}»?" if close else ""
            problems.error(
                f"{where}: municipalities",
                f"«{m}» er ikke en kommune i {region.name} "
                f"(regions/{region.key}.yaml).{hint} Rett navnet eller legg kommunen til i "
                "regionfilen.",
            )
    rules: dict[str, Rule] = {}
    for r in raw.get("rules") or []:
        rule = _rule(r, docs, where, problems)
        if rule is None:
            continue
        if rule.code in rules:
            problems.error(where, f"regelkoden {rule.code} står to ganger.")
        rules[rule.code] = rule
    if deadline is None:
        return None
    applicants = raw.get("applicants") or {}
    contact = raw.get("contact") or {}
    return RoundRules(
        key=key,
        round=str(raw["round"]),
        year=year,
        region=region.name,
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
        region_key=region.key,
        call_date=call,
        reporting_deadline=report,
        reporting_deadline_note=raw.get("reporting_deadline_note"),
        documents=documents,
        contact_name=str(contact.get("name") or region.contact_name),
        contact_email=str(contact.get("email") or region.contact_email),
        municipalities=municipalities,
        root=root,
        source=path,
    )
