"""skjonn similar · skjonn projects import|stats|show|synth (the officer archive)."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from assistant.archive.db import GROUPS
from assistant.lang.nb import kr, parse_amount

if TYPE_CHECKING:
    from assistant.archive.search import Mode

LABELS = {
    "år": "År",
    "sektor": "Sektor",
    "kommune": "Kommune",
    "embete": "Embete",
    "status": "Status",
}
MONEY = (("søkt_beløp", "søkt"), ("tildelt_beløp", "tildelt"), ("rapportert_beløp", "rapportert"))


class Amount(click.ParamType):
    """Kroner in Norwegian forms: 1600000, "1 600 000", "1.600.000", "1,6 mill."."""

    name = "beløp"

    def convert(self, value: Any, param: Any, ctx: Any) -> int:
        try:
            amount = parse_amount(value)
        except ValueError as exc:
            self.fail(f"{exc}; skriv f.eks. 500000 eller «1,6 mill.»", param, ctx)
        if amount is None:
            self.fail("mangler beløp", param, ctx)
        return amount


def _read_draft(path: Path) -> dict[str, Any]:
    """The draft's form fields, read by the pre-check's reader (JSON, MD, TXT, DOCX, PDF)."""
    from assistant.errors import AssistantError
    from assistant.precheck import parse_draft

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise click.BadParameter(
            f"kan ikke lese filen: {exc.strerror}", param_hint="--draft"
        ) from exc
    try:
        return parse_draft(data, path.name).to_dict()
    except AssistantError as exc:
        raise click.BadParameter(exc.message, param_hint="--draft") from exc


def _amounts(rec: dict[str, Any]) -> list[str]:
    """«søkt 1 000 000 kr», «tildelt ukjent», …; one «beløp ukjent» when none is known."""
    if all(rec.get(f) is None for f, _ in MONEY):
        return ["beløp ukjent"]
    return [f"{label} {'ukjent' if rec.get(f) is None else kr(rec[f])}" for f, label in MONEY]


def _echo_hit(n: int, h: dict[str, Any]) -> None:
    year = f" ({h['år']})" if h.get("år") else ""
    click.echo(f"{n}. {h['tittel']}{year}  [{h['id']}]")
    munis = h.get("kommuner") or []
    shown = ", ".join(munis[:5]) + (f" +{len(munis) - 5}" if len(munis) > 5 else "")
    sectors = ", ".join(h.get("sektorer") or []) or "sektor ukjent"
    click.echo(f"   {shown or 'kommune ukjent'} · {sectors}")
    facts = [x for x in (h.get("embete"), h.get("status")) if x]
    facts += _amounts(h)
    if h.get("stjerne"):
        facts.append("★ godt prosjekt")
    if h.get("syntetisk"):
        facts.append("syntetisk")
    click.echo("   " + " · ".join([*facts, f"score {h['score']:.4f}"]))
    if h.get("why"):
        click.echo("   Hvorfor: " + "; ".join(h["why"]))


@click.command()
@click.argument("text", required=False, metavar="[TEKST]")
@click.option(
    "--draft",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Søknadsutkast (JSON, .md, .txt, .docx eller .pdf) i stedet for TEKST.",
)
@click.option(
    "-k", default=10, show_default=True, type=click.IntRange(1, 100), help="Så mange treff."
)
@click.option("--from-year", type=int, metavar="ÅR", help="Bare prosjekter fra og med dette året.")
@click.option("--to-year", type=int, metavar="ÅR", help="Bare prosjekter til og med dette året.")
@click.option(
    "--sector", metavar="SEKTOR", help="Bare prosjekter i denne sektoren, f.eks. «Pleie og omsorg»."
)
@click.option(
    "--municipality", metavar="KOMMUNE", help="Bare prosjekter der denne kommunen er med."
)
@click.option(
    "--embete",
    metavar="EMBETE",
    help="Bare prosjekter fra embetet (del av navnet holder: «Trøndelag»).",
)
@click.option(
    "--status", metavar="STATUS", help="Bare prosjekter med denne statusen, f.eks. «Fullført»."
)
@click.option("--min-amount", type=Amount(), help="Minst så mye tildelt (ellers søkt beløp).")
@click.option("--max-amount", type=Amount(), help="Høyst så mye tildelt (ellers søkt beløp).")
@click.option(
    "--mode",
    type=click.Choice(["hybrid", "bm25", "dense"]),
    default="hybrid",
    show_default=True,
    help="Søkemåte: begge slått sammen, bare ord eller bare vektorer.",
)
@click.option("--json", "as_json", is_flag=True, help="Treff som JSON (beløp i hele kroner).")
@click.pass_obj
def similar(
    obj: Any,
    text: str | None,
    draft: Path | None,
    k: int,
    from_year: int | None,
    to_year: int | None,
    sector: str | None,
    municipality: str | None,
    embete: str | None,
    status: str | None,
    min_amount: int | None,
    max_amount: int | None,
    mode: Mode,  # one of the --mode choices
    as_json: bool,
) -> None:
    """Finn lignende tidligere prosjekter i arkivet, med begrunnelse for hvert treff.

    Rangeringen slår sammen BM25 (ordstammer) og e5-vektorer over tittel og beskrivelse.
    Filtrene brukes i selve søket, ikke etterpå.
    """
    from assistant.archive import ProjectFilters, archive_for
    from assistant.archive.draft import similar_for_draft
    from assistant.archive.search import similar as run_similar

    if (text is None) == (draft is None):
        raise click.BadParameter(
            "gi enten TEKST eller --draft FIL (ikke begge)", param_hint="TEKST"
        )
    filters = ProjectFilters(
        from_year, to_year, sector, municipality, embete, status, min_amount, max_amount
    )
    arch = archive_for(obj.services)
    if draft is not None:
        hits = similar_for_draft(arch, _read_draft(draft), k=k, filters=filters, mode=mode)
    else:
        hits = run_similar(
            arch,
            text or "",
            k=k,
            filters=filters,
            mode=mode,
        )
    if as_json:
        results = [h.public() for h in hits]
        out = {"query": text, "draft": str(draft) if draft else None, "results": results}
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    if not hits:
        click.echo("Ingen lignende prosjekter med disse filtrene.")
    for n, h in enumerate(hits, 1):
        _echo_hit(n, h.public())
        if h.near_duplicate:
            click.echo("   ⚠ Nesten likt et tidligere støttet prosjekt: forklar hva som er nytt.")


@click.group(name="projects")
def projects() -> None:
    """Prosjektarkivet: importer, vis, tall per år/sektor/kommune, syntetiske data."""


@projects.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="FIL...")
@click.option("--dry-run", is_flag=True, help="Les og kontroller filene uten å lagre noe.")
@click.option("--json", "as_json", is_flag=True, help="Rapport som JSON.")
@click.pass_obj
def import_cmd(obj: Any, files: tuple[Path, ...], dry_run: bool, as_json: bool) -> None:
    """Importer prosjekter fra JSON, JSONL eller CSV (som det offentlige arkivet viser dem).

    CSV-kolonner: År, Tittel, Sektorer, Kommuner, Søkt beløp, Rapportert beløp, Status,
    og valgfritt Embete, Tildelt beløp, Beskrivelse, Stjerne, Vurdering. Skilletegn (; , tab)
    og tegnkoding (UTF-8, Windows-1252) finnes automatisk. Feil rader rapporteres med
    linjenummer; de gode radene importeres. Avslutter med kode 1 hvis en rad feilet.
    """
    from assistant.archive import import_files

    report = import_files(obj.services, list(files), dry_run=dry_run)
    if as_json:
        click.echo(json.dumps(report.public(), ensure_ascii=False, indent=2))
    else:
        for f in report.files:
            click.echo(f.line())
            for err in f.errors:
                click.echo(f"  FEIL {err}", err=True)
        click.echo(report.summary())
        if report.failed:
            click.echo(
                "Rett radene over og importer filen på nytt (gode rader endres ikke).", err=True
            )
    if report.failed:
        sys.exit(1)


def _label(value: Any) -> str:
    return "(ukjent)" if value is None else str(value)


def _known(row: dict[str, Any], field: str) -> str:
    """«23 180 000 kr (22 av 53)»: the sum over the known amounts and how many are known."""
    label = field.removesuffix("_beløp")
    total = row[field]
    shown = "ukjent" if total is None else kr(total)
    return f"{shown} ({row[label + '_kjent']} av {row['antall']})"


def _stats_note(total: dict[str, Any]) -> str:
    known, n = total["tildelt_kjent"], total["antall"]
    return (
        "Beløpene er summer over prosjektene med kjent beløp: "
        f"«{known} av {n}» under Tildelt betyr at {known} av de {n} prosjektene har kjent "
        "tildelt beløp.\nUkjente beløp er ikke regnet som 0 kr."
    )


@projects.command()
@click.option(
    "--by",
    "by",
    type=click.Choice(GROUPS),
    default="år",
    show_default=True,
    help="Én linje per år, sektor, kommune, embete eller status.",
)
@click.option("--from-year", type=int, metavar="ÅR", help="Bare prosjekter fra og med dette året.")
@click.option("--to-year", type=int, metavar="ÅR", help="Bare prosjekter til og med dette året.")
@click.option("--json", "as_json", is_flag=True, help="Som JSON (beløp i hele kroner).")
@click.option("--csv", "as_csv", is_flag=True, help="Som CSV (beløp i hele kroner).")
@click.pass_obj
def stats(
    obj: Any, by: str, from_year: int | None, to_year: int | None, as_json: bool, as_csv: bool
) -> None:
    """Antall prosjekter og søkt, tildelt og rapportert beløp per gruppe.

    Hver sum gjelder bare prosjektene med kjent beløp, og det står hvor mange det er
    («22 av 53»); ukjente beløp regnes aldri som 0 kr (i JSON er de null, i CSV «ukjent»).

    Med --by sektor eller --by kommune telles et prosjekt i hver av sine sektorer eller
    kommuner (et prosjekt med to sektorer er med i begge gruppene), så gruppene summerer
    til mer enn totalen. Totalen nederst teller hvert prosjekt én gang.
    """
    from assistant.archive import ProjectFilters, stats_report
    from assistant.archive.export import STATS_COLUMNS, UNKNOWN

    if as_json and as_csv:
        raise click.BadParameter("velg enten --json eller --csv", param_hint="--csv")
    if from_year is not None and to_year is not None and from_year > to_year:
        raise click.BadParameter(
            f"{from_year} er etter --to-year {to_year}", param_hint="--from-year"
        )
    filters = ProjectFilters(from_year=from_year, to_year=to_year)
    out = stats_report(obj.services, by, filters)
    rows, total = out["groups"], out["total"]
    if as_json:
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    if as_csv:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow([by, *STATS_COLUMNS[1:]])
        for r in rows:
            w.writerow([UNKNOWN if r[c] is None else r[c] for c in STATS_COLUMNS])
        click.echo(buf.getvalue(), nl=False)
        return
    table = [
        (_label(r["gruppe"]), str(r["antall"]), *(_known(r, f) for f, _ in MONEY))
        for r in [*rows, {"gruppe": "Totalt", **total}]
    ]
    heads = (LABELS[by], "Antall", "Søkt", "Tildelt", "Rapportert")
    widths = [max(len(h), *(len(t[i]) for t in table)) for i, h in enumerate(heads)]

    def line(cells: tuple[str, ...]) -> str:
        first = f"{cells[0]:<{widths[0]}}  {cells[1]:>{widths[1]}}"
        rest = "  ".join(f"{c:>{w}}" for c, w in zip(cells[2:], widths[2:], strict=True))
        return f"{first}  {rest}"

    click.echo(line(heads))
    for cells in table:
        click.echo(line(cells))
    click.echo(_stats_note(total))
    if by in ("sektor", "kommune"):
        click.echo(
            f"Merk: et prosjekt med flere {'sektorer' if by == 'sektor' else 'kommuner'} "
            "telles i hver av dem; totalen teller hvert prosjekt én gang."
        )


@projects.command()
@click.argument("project_id", metavar="PROSJEKT-ID")
@click.option("--json", "as_json", is_flag=True, help="Som JSON.")
@click.pass_obj
def show(obj: Any, project_id: str, as_json: bool) -> None:
    """Vis ett prosjekt i arkivet."""
    from assistant.archive import show as get

    rec = get(obj.services, project_id)
    if rec is None:
        raise click.ClickException(
            f"Fant ikke prosjektet «{project_id}». Finn id-en med `skjonn similar TEKST`."
        )
    if as_json:
        click.echo(json.dumps(rec, ensure_ascii=False, indent=2))
        return
    click.echo(f"{rec['tittel']}  [{rec['id']}]")
    rows = [
        ("År", rec.get("år")),
        ("Embete", rec.get("embete")),
        ("Kommuner", ", ".join(rec.get("kommuner") or [])),
        ("Sektorer", ", ".join(rec.get("sektorer") or [])),
        ("Status", rec.get("status")),
        *[
            (label.capitalize(), kr(rec[f]) if rec.get(f) is not None else "ukjent")
            for f, label in MONEY
        ],
        ("Stjerne", "ja" if rec.get("stjerne") else None),
        ("Vurdering", rec.get("vurdering")),
        ("Kilde", rec.get("kilde")),
        ("Syntetisk", "ja" if rec.get("syntetisk") else None),
    ]
    for label, value in rows:
        if value not in (None, ""):
            click.echo(f"{label + ':':<12}{value}")
    if rec.get("beskrivelse"):
        click.echo("")
        click.echo(rec["beskrivelse"])


@projects.command(name="synth")
@click.argument("n", type=click.IntRange(0, 10_000_000), metavar="N")
@click.option(
    "--seed", type=int, default=0, show_default=True, help="Samme frø gir de samme prosjektene."
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Skriv til fil (standard: stdout).",
)
def synth_cmd(n: int, seed: int, out: Path | None) -> None:
    """Lag N syntetiske prosjekter som JSONL (bare for skalatester; alle er "syntetisk": true).

    Importer dem i et eget datakatalog, f.eks.
    SKJONN_DATA_DIR=/tmp/skala skjonn projects import syntetisk.jsonl
    """
    from assistant.archive.synth import synth

    lines = (json.dumps(r, ensure_ascii=False) + "\n" for r in synth(n, seed))
    if out is None:
        for line in lines:
            click.echo(line, nl=False)
        return
    with out.open("w", encoding="utf-8") as f:
        f.writelines(lines)
    click.echo(f"Skrev {n} syntetiske prosjekter til {out}", err=True)


COMMANDS = [similar, projects]
