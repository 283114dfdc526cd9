"""A new round pack from an earlier one, for an officer to edit (``skjonn rounds new``).

What is copied: the rules, their criteria, the fellesløft and the applicant rules, with the
round's name and year changed in every message. What is not: anything the sources of the new
round must say. The guideline document gets the earlier round's cited headings, each marked
TODO (``rounds validate`` warns until they are written, and ingest leaves TODO paragraphs
out), except the deadline and the contact, which are written from the pack's own data.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import InputError
from assistant.lang.nb import format_date
from assistant.rounds.model import RoundRules
from assistant.rounds.registry import Registry

DEADLINE_SECTION = "Søknadsfrist"
CONTACT_SECTION = "Kontakt"


@dataclass
class Scaffold:
    pack: Path
    guideline: Path
    key: str


def _renamed(text: str, old: int, new: int) -> str:
    """'prosjektskjønn 2025' → 'prosjektskjønn 2026' (either case), nothing else."""
    return re.sub(rf"\b([Pp]rosjektskjønn) {old}\b", lambda m: f"{m.group(1)} {new}", text)


def _cited_sections(src: RoundRules) -> list[str]:
    out: list[str] = []
    for rule in src.rules.values():
        for c in (rule.citation, *rule.variants.values()):
            if c is not None and c.document == src.guideline and c.section not in out:
                out.append(c.section)
    return out


def new_round(
    reg: Registry,
    region_key: str,
    year: int,
    from_round: str,
    deadline: dt.date,
    into: Path,
    force: bool = False,
) -> Scaffold:
    """Write ``rules/<region>-<year>.yaml`` and ``guidelines/<region>-<year>.md`` under
    ``into``, from ``from_round``; nothing is overwritten unless ``force``."""
    region = reg.region(region_key)
    src = reg.find(from_round, region.key if reg.rounds_of(region.key) else None)
    if deadline.year not in (year - 1, year):
        raise InputError(
            f"Fristen {deadline.isoformat()} ligger ikke i året før eller i tilskuddsåret {year}."
        )
    key = f"{region.key}-{year}"
    existing = reg.get(key)
    if existing is not None and not force:
        raise InputError(f"Runden {key} finnes allerede ({existing.source}).")
    guideline_rel = f"guidelines/{key}.md"
    pack_path = into / "rules" / f"{key}.yaml"
    guide_path = into / guideline_rel
    for p in (pack_path, guide_path):
        if p.exists() and not force:
            raise InputError(f"{p} finnes allerede. Bruk --force for å skrive over.")
    assert src.source is not None
    raw: dict[str, Any] = yaml.safe_load(src.source.read_text(encoding="utf-8"))
    name = f"Prosjektskjønn {year}"
    raw.update(
        {
            "round": name,
            "key": key,
            "year": year,
            "region_key": region.key,
            "guideline": guideline_rel,
            "documents": [guideline_rel],
            "deadline": deadline,
            "call_date": None,
            "deadline_note": format_date(deadline),
            "reporting_deadline": None,
            "reporting_deadline_note": None,
        }
    )
    raw.pop("contact", None)
    raw.pop("municipalities", None)
    old_embete = reg.region(src.region_key).embete
    for rule in raw.get("rules") or []:
        for k in ("message", "action", "criterion"):
            if isinstance(rule.get(k), str):
                rule[k] = _renamed(rule[k], src.year, year).replace(old_embete, region.embete)
        cits = [rule.get("citation")] + [
            (v or {}).get("citation") for v in (rule.get("variants") or {}).values()
        ]
        for c in cits:
            if isinstance(c, dict) and c.get("document") == src.guideline:
                c["document"] = guideline_rel
                c["year"] = year
    head = (
        f"# Round pack for {name}, {region.embete}.\n"
        f"# Made by `skjonn rounds new` from {src.key} on {dt.date.today().isoformat()}.\n"
        "# Check every rule against this year's call, write the guideline's TODO sections and\n"
        "# run `skjonn rounds validate` before `skjonn ingest`.\n"
    )
    body = yaml.safe_dump(raw, allow_unicode=True, sort_keys=False, width=100)
    pack_path.parent.mkdir(parents=True, exist_ok=True)
    pack_path.write_text(head + body, encoding="utf-8")

    sections = [s for s in _cited_sections(src) if s not in (DEADLINE_SECTION, CONTACT_SECTION)]
    lines = [
        "---",
        f'title: "{name} – lokale retningslinjer, {region.embete}"',
        "kind: guideline",
        f"year: {year}",
        f'round: "{name}"',
        f'region: "{region.name}"',
        "sources: []",
        "---",
        "",
        f"# {name} – lokale retningslinjer, {region.embete}",
        "",
        f"## {DEADLINE_SECTION}",
        "",
        f"Søknadsfristen for prosjektskjønn {year} er {format_date(deadline)}.",
        "",
    ]
    for s in sections:
        lines += [
            f"## {s}",
            "",
            f"TODO: Skriv hva som gjelder for prosjektskjønn {year} under «{s}» "
            f"(se {src.guideline} for {src.round.lower()}).",
            "",
        ]
    lines += [
        f"## {CONTACT_SECTION}",
        "",
        f"Spørsmål om prosjektskjønn {year} kan rettes til {region.contact_name} på e-post "
        f"{region.contact_email}.",
        "",
    ]
    guide_path.parent.mkdir(parents=True, exist_ok=True)
    guide_path.write_text("\n".join(lines), encoding="utf-8")
    return Scaffold(pack_path, guide_path, key)
