"""skjonn rounds list|show|validate|new: the round packs, for officers and operators."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click

from assistant.errors import InputError
from assistant.precheck.render import render_rules
from assistant.rounds import RoundRules, corpus_roots, load_registry, registry
from assistant.rounds.scaffold import new_round


@click.group(name="rounds")
def rounds_group() -> None:
    """Søknadsrundene (rundepakker i rules/*.yaml og regioner i regions/*.yaml)."""


def _state(r: RoundRules, today: dt.date) -> str:
    return "åpen" if r.deadline >= today else "fristen er ute"


@rounds_group.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Skriv rundene som JSON.")
@click.pass_obj
def rounds_list(obj: Any, as_json: bool) -> None:
    """Vis alle rundene, med region, frist og hvor pakken ligger."""
    reg = registry(obj.settings)
    today = obj.settings.today_date()
    if as_json:
        out = [
            {**r.summary(), "state": _state(r, today), "file": str(r.source)} for r in reg.rounds
        ]
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    for r in reg.rounds:
        current = reg.current(today, r.region_key).key == r.key
        mark = "*" if current else " "
        click.echo(
            f"{mark} {r.key:<22} {r.region:<14} frist {r.deadline.isoformat()}  "
            f"({_state(r, today)})  {r.source}"
        )
    click.echo("* = gjeldende runde i regionen")


@rounds_group.command(name="show")
@click.argument("round_name", metavar="RUNDE")
@click.option(
    "--region", default=None, help="Region, f.eks. trondelag (standard: standardregionen)."
)
@click.option("--json", "as_json", is_flag=True, help="Skriv runden som JSON.")
@click.pass_obj
def rounds_show(obj: Any, round_name: str, region: str | None, as_json: bool) -> None:
    """Vis én runde: datoer, dokumenter, kontakt og regler (RUNDE: nøkkel eller år)."""
    reg = registry(obj.settings)
    r = reg.find(round_name, region or obj.settings.region)
    if as_json:
        click.echo(
            json.dumps({**r.public(), "documents": list(r.documents)}, ensure_ascii=False, indent=2)
        )
        return
    click.echo(f"{r.round} – {r.region} ({r.key}, {r.source})")
    click.echo(f"  Utlyst: {r.call_date.isoformat() if r.call_date else 'ikke oppgitt'}")
    click.echo(f"  Rapporteringsfrist: {r.reporting_deadline_note or 'ikke oppgitt'}")
    click.echo(f"  Kontakt: {r.contact}")
    click.echo(f"  Dokumenter: {', '.join(r.documents)}")
    click.echo(render_rules(r), nl=False)


@rounds_group.command(name="validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[MAPPE]...")
@click.pass_obj
def rounds_validate(obj: Any, paths: tuple[Path, ...]) -> None:
    """Sjekk rundepakkene: datoer, kilder og seksjoner, regioner og kommuner.

    Uten MAPPE sjekkes korpusmappene i innstillingene (SKJONN_CORPUS_DIR og
    SKJONN_CORPUS_EXTRA); med MAPPE de mappene i tillegg.
    """
    roots = corpus_roots(obj.settings) + [p.expanduser().resolve() for p in paths]
    for p in paths:
        if not p.is_dir():
            raise InputError(f"{p} er ikke en mappe. Gi mappen som har rules/ og regions/.")
    reg = load_registry(list(dict.fromkeys(roots)), strict=False)
    for problem in reg.problems:
        click.echo(str(problem))
    errors, warnings = len(reg.problems.errors), len(reg.problems) - len(reg.problems.errors)
    click.echo(
        f"{len(reg.rounds)} runder i {len(reg.regions)} regioner: "
        f"{errors} feil, {warnings} advarsler."
    )
    if errors:
        raise SystemExit(1)


def _date(_: Any, __: Any, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"«{value}» er ikke en dato (ÅÅÅÅ-MM-DD).") from None


@rounds_group.command(name="new")
@click.argument("region", metavar="REGION")
@click.argument("year", type=int, metavar="ÅR")
@click.option(
    "--from",
    "from_round",
    required=True,
    metavar="RUNDE",
    help="Runden som kopieres, f.eks. trondelag-2025.",
)
@click.option(
    "--deadline", required=True, callback=_date, metavar="DATO", help="Søknadsfristen, ÅÅÅÅ-MM-DD."
)
@click.option(
    "--into",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Korpusmappen pakken skrives i (standard: første i SKJONN_CORPUS_EXTRA, ellers SKJONN_CORPUS_DIR).",
)
@click.option("--force", is_flag=True, help="Skriv over filer som finnes.")
@click.pass_obj
def rounds_new(
    obj: Any,
    region: str,
    year: int,
    from_round: str,
    deadline: dt.date,
    into: Path | None,
    force: bool,
) -> None:
    """Lag en ny rundepakke fra en tidligere runde, til redigering.

    Eksempel: skjonn rounds new trondelag 2026 --from trondelag-2025 --deadline 2025-06-20
    """
    s = obj.settings
    target = into or (s.corpus_extra_dirs() or [s.corpus_dir])[0]
    target = target.expanduser().resolve()
    roots = list(dict.fromkeys([*corpus_roots(s), target]))
    reg = load_registry(roots)
    made = new_round(reg, region, year, from_round, deadline, target, force)
    click.echo(f"Laget {made.pack}")
    click.echo(f"Laget {made.guideline}")
    check = load_registry(roots, strict=False)
    for p in check.problems:
        click.echo(f"  {p}")
    if not check.problems.errors:
        click.echo(
            "Neste steg: skriv TODO-seksjonene, sjekk reglene mot årets utlysning, kjør "
            "`skjonn rounds validate` og så `skjonn ingest`."
        )
    if target not in corpus_roots(s):
        click.echo(
            f"Merk: {target} er ikke en av korpusmappene. Legg den til i SKJONN_CORPUS_EXTRA, "
            "ellers leser verken ingest eller assistenten den nye runden."
        )


COMMANDS = [rounds_group]
