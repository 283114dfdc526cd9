"""skjonn ingest / status."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[STI]...")
@click.option("--reset", is_flag=True, help="Tøm lageret før innlesing.")
@click.option("--json", "as_json", is_flag=True, help="Rapport som JSON.")
@click.option(
    "--no-wait", is_flag=True, help="Avbryt straks hvis en annen innlesing pågår (ellers: vent)."
)
@click.pass_obj
def ingest(obj: object, paths: tuple[Path, ...], reset: bool, as_json: bool, no_wait: bool) -> None:
    """Les inn dokumenter (standard: den medfølgende corpus/-mappen)."""
    from assistant.admin import ingest_all

    # project records under projects/ also go into the officer archive (its own store)
    report, archive = ingest_all(
        obj.services,  # type: ignore[attr-defined]
        list(paths) or None,
        reset=reset,
        progress=not as_json,
        wait=not no_wait,
        on_wait=lambda line: click.echo(line, err=True),
    )
    if as_json:
        out = report.public()
        out["archive"] = archive.public()
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for r in report.results:
            if r.status == "failed":
                click.echo(f"FEILET  {r.path}: {r.reason}", err=True)
            elif r.status in ("new", "changed", "repaired", "removed"):
                label = {
                    "new": "ny",
                    "changed": "endret",
                    "repaired": "reparert",
                    "removed": "fjernet",
                }[r.status]
                click.echo(f"{label:8s}{r.path} ({r.chunks} biter)")
        click.echo(report.summary())
        if archive.files:
            click.echo("Prosjektarkiv: " + archive.summary())
    if report.failed or archive.failed:
        sys.exit(1)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Som JSON.")
@click.pass_obj
def status(obj: object, as_json: bool) -> None:
    """Vis hva som er lest inn: dokumenter og biter per type og år, modell og lager."""
    st = obj.services.ingestor().status()  # type: ignore[attr-defined]
    if as_json:
        click.echo(json.dumps(st, ensure_ascii=False, indent=2))
        return
    click.echo(f"Dokumenter: {st['documents']}   biter: {st['chunks']}")
    for kind, n in sorted(st["documents_by_kind"].items()):
        click.echo(f"  {kind:12s} {n} dokumenter, {st['chunks_by_kind'].get(kind, 0)} biter")
    click.echo("Biter per år: " + ", ".join(f"{y}: {n}" for y, n in st["chunks_by_year"].items()))
    click.echo(f"Modell: {st['embedder']}")
    click.echo(f"Lager: {st['store']} ({st['location']})")


COMMANDS = [ingest, status]
