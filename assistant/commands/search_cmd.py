"""skjonn search."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from assistant.search import build_filters

KINDS = ("guideline", "background", "faq", "project")


@click.command()
@click.argument("query", required=False, metavar="[SØK]")
@click.option(
    "-k", default=5, show_default=True, type=click.IntRange(1, 100), help="Så mange treff."
)
@click.option(
    "--year",
    type=int,
    metavar="ÅR",
    help="Bare tekst for dette tilskuddsåret (og generell tekst).",
)
@click.option("--kind", type=click.Choice(KINDS), help="Bare denne typen dokument.")
@click.option("--region", metavar="REGION", help="Bare tekst for denne regionen.")
@click.option(
    "--mode",
    type=click.Choice(["hybrid", "bm25", "dense"]),
    default="hybrid",
    show_default=True,
    help="Søkemåte: begge slått sammen, bare ord eller bare vektorer.",
)
@click.option("--json", "as_json", is_flag=True, help="Treffene som JSON.")
@click.option(
    "--stdin", "from_stdin", is_flag=True, help="Ett søk per linje, én JSON-linje ut per søk."
)
@click.pass_obj
def search(
    obj: Any,
    query: str | None,
    k: int,
    year: int | None,
    kind: str | None,
    region: str | None,
    mode: str,
    as_json: bool,
    from_stdin: bool,
) -> None:
    """Søk i kunnskapsbasen (BM25 + e5, slått sammen med RRF)."""
    searcher = obj.services.searcher()
    filters = build_filters(year, kind, region)
    if from_stdin:
        for line in sys.stdin:
            q = line.strip()
            if not q:
                continue
            hits = searcher.search(q, k=k, filters=filters, mode=mode)
            out = {"query": q, "results": [h.public() for h in hits]}
            click.echo(json.dumps(out, ensure_ascii=False))
        return
    if not query or not query.strip():
        raise click.BadParameter("skriv et søk", param_hint="QUERY")
    hits = searcher.search(query, k=k, filters=filters, mode=mode)
    if as_json:
        out = {"query": query, "results": [h.public() for h in hits]}
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    if not hits:
        click.echo("Ingen treff.")
    for n, h in enumerate(hits, 1):
        year_s = f", {h.year}" if h.year else ""
        click.echo(f"[{n}] {h.title}{year_s} – {h.location}  ({h.source}, {h.score:.4f})")
        click.echo("    " + " ".join(h.text.split())[:300])


COMMANDS = [search]
