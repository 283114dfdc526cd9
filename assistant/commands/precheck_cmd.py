"""skjonn precheck FILE|- and skjonn rules show|diff."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path
from typing import Any

import click

from assistant.errors import InputError
from assistant.precheck import parse_draft, run_precheck
from assistant.precheck.municipalities import Gazetteer
from assistant.precheck.privacy import install_on_handlers
from assistant.precheck.render import diff_rules, render_diff, render_report, render_rules
from assistant.rounds import registry


def _read_input(file: str, max_mb: int) -> tuple[bytes, str]:
    """The draft's bytes and a name that tells the format; stdin is JSON or Markdown."""
    limit = max_mb * 1024 * 1024
    if file == "-":
        stream = getattr(sys.stdin, "buffer", None)
        data = (
            stream.read(limit + 1)
            if stream is not None
            else sys.stdin.read(limit + 1).encode("utf-8")
        )
        name = "utkast.json" if data.lstrip()[:1] in (b"{", b"[") else "utkast.md"
    else:
        path = Path(file)
        if not path.is_file():
            raise InputError(f"Fant ikke filen {file}.")
        if path.stat().st_size > limit:
            raise InputError(f"Filen er større enn {max_mb} MB.")
        data, name = path.read_bytes(), path.name
    if len(data) > limit:
        raise InputError(f"Utkastet er større enn {max_mb} MB.")
    return data, name


def _save(obj: Any, draft: dict[str, Any], report: dict[str, Any]) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    slug = (
        re.sub(r"[^a-z0-9]+", "-", str(draft.get("tittel", "utkast")).lower()).strip("-")[:40]
        or "utkast"
    )
    path = obj.settings.path("precheck", f"{stamp}-{slug}.json")
    path.write_text(
        json.dumps({"draft": draft, "report": report}, ensure_ascii=False, indent=2),
        encoding="utf-8",
    )
    return path


@click.command(name="precheck")
@click.argument("file", metavar="FIL|-")
@click.option("--json", "as_json", is_flag=True, help="Skriv rapporten som JSON.")
@click.option(
    "--round", "round_name", default=None, metavar="RUNDE", help="Runde, f.eks. 2021 eller 2025."
)
@click.option("--save", is_flag=True, help="Lagre utkastet og rapporten i datakatalogen.")
@click.option("--no-similar", is_flag=True, help="Ikke slå opp lignende prosjekter i arkivet.")
@click.pass_obj
def precheck(
    obj: Any, file: str, as_json: bool, round_name: str | None, save: bool, no_similar: bool
) -> None:
    """Forhåndssjekk et søknadsutkast (JSON, .md, .txt, .docx, .pdf) mot reglene for runden.

    Utkastet leses bare i minnet og lagres ikke, med mindre du gir --save.
    """
    install_on_handlers()
    data, name = _read_input(file, obj.settings.max_file_mb)
    reg = registry(obj.settings)
    draft = parse_draft(data, name, Gazetteer.of(reg))
    report = run_precheck(
        draft, obj.settings, obj.services, round_name, with_similar=not no_similar
    )
    s = obj.settings
    status = reg.status_of(report.round_key, s.today_date())
    public = {**report.public(), "round_status": status}
    if save:
        path = _save(obj, draft.to_dict(), public)
        click.echo(f"Lagret utkast og rapport i {path}", err=True)
    if as_json:
        click.echo(json.dumps(public, ensure_ascii=False, indent=2))
    else:
        if status["message"]:
            click.echo(f"Ingen søknadsrunde er åpen nå. {status['message']}\n")
        click.echo(render_report(report, draft.tittel), nl=False)


@click.group(name="rules")
def rules_group() -> None:
    """Reglene forhåndssjekken bruker, per runde (corpus/rules/*.yaml)."""


@rules_group.command(name="show")
@click.option(
    "--round",
    "round_name",
    default=None,
    metavar="RUNDE",
    help="Runde, f.eks. 2021 eller 2025 (standard: nyeste).",
)
@click.option("--json", "as_json", is_flag=True, help="Skriv reglene som JSON.")
@click.pass_obj
def rules_show(obj: Any, round_name: str | None, as_json: bool) -> None:
    """Vis reglene for en runde."""
    reg = registry(obj.settings)
    region = obj.settings.region
    r = reg.find(round_name, region) if round_name else reg.all(region)[-1]
    if as_json:
        click.echo(json.dumps(r.public(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_rules(r), nl=False)


@rules_group.command(name="diff")
@click.argument("old", metavar="FRA")
@click.argument("new", metavar="TIL")
@click.option("--json", "as_json", is_flag=True, help="Skriv endringene som JSON.")
@click.pass_obj
def rules_diff(obj: Any, old: str, new: str, as_json: bool) -> None:
    """Vis hva som er endret mellom to runder, f.eks. `skjonn rules diff 2021 2025`."""
    reg = registry(obj.settings)
    a, b = reg.find(old, obj.settings.region), reg.find(new, obj.settings.region)
    changes = diff_rules(a, b)
    if as_json:
        click.echo(
            json.dumps(
                {"from": a.round, "to": b.round, "changes": changes},
                ensure_ascii=False,
                indent=2,
                default=str,
            )
        )
    else:
        click.echo(render_diff(a, b, changes), nl=False)


COMMANDS = [precheck, rules_group]
