"""Similar-projects eval: R@5, hit@5 and MRR@10 for hybrid, BM25-only and dense-only.

Each row of ``evals/similar.jsonl`` is a project idea (``query``) or a pre-check draft
(``draft``), optional ``filters`` (ProjectFilters fields) and the bundled archive ids an
officer would want to see (``relevant``). The eval imports the bundled records into a
fresh data dir (the vector cache is copied in, so known texts are not embedded again),
so the user's own archive and any synthetic records never affect the numbers.
Primary metric: hybrid R@5.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from evals.common import EVALS_DIR, load_jsonl, write_results
from evals.metrics import hit_at_k, mean, mrr_at_k, recall_at_k

if TYPE_CHECKING:
    from assistant.archive.search import Mode

MODES: tuple[Mode, ...] = ("hybrid", "bm25", "dense")


def run_similar_eval(services: Any, rows: list[dict[str, Any]], k: int = 10) -> dict[str, Any]:
    from assistant.archive import ProjectFilters, archive_for
    from assistant.archive.draft import similar_for_draft
    from assistant.archive.search import similar

    arch = archive_for(services)
    per_mode: dict[str, dict[str, float]] = {}
    misses: dict[str, list[str]] = {}
    for mode in MODES:
        r5, h5, mrr, ms = [], [], [], []
        misses[mode] = []
        for row in rows:
            filters = ProjectFilters(**row.get("filters", {}))
            t0 = time.perf_counter()
            if "draft" in row:
                hits = similar_for_draft(arch, row["draft"], k=k, filters=filters, mode=mode)
            else:
                hits = similar(
                    arch,
                    row["query"],
                    k=k,
                    filters=filters,
                    mode=mode,
                )
            ms.append(1000 * (time.perf_counter() - t0))
            ids = [h.id for h in hits]
            relevant = set(row["relevant"])
            ranked = [i in relevant for i in ids]
            r5.append(recall_at_k(ids, relevant, 5))
            h5.append(hit_at_k(ranked, 5))
            mrr.append(mrr_at_k(ranked, k))
            if not any(ranked[:5]):
                misses[mode].append(row["id"])
        per_mode[mode] = {
            "R@5": round(mean(r5), 4),
            "hit@5": round(mean(h5), 4),
            "MRR@10": round(mean(mrr), 4),
            "median_ms": round(sorted(ms)[len(ms) // 2], 1),
        }
    return {"n": len(rows), "primary": "hybrid R@5", "modes": per_mode, "misses_at_5": misses}


@click.command()
@click.option(
    "--file", "path", type=click.Path(path_type=Path), default=EVALS_DIR / "similar.jsonl"
)
@click.option(
    "--out", type=click.Path(path_type=Path), help="Resultatfil (standard: evals/results/)."
)
@click.pass_obj
def COMMAND(obj: Any, path: Path, out: Path | None) -> None:  # noqa: N802 - registry name
    """Lignende prosjekter: R@5, hit@5 og MRR@10 for hybrid, bm25 og dense."""
    from assistant.archive import import_bundled
    from assistant.services import Services

    rows = load_jsonl(path)
    settings = obj.settings
    with tempfile.TemporaryDirectory(prefix="skjonn-eval-similar-") as tmp:
        cache = settings.data_dir / "vectors.sqlite"
        if cache.exists():
            shutil.copy(cache, Path(tmp) / "vectors.sqlite")
        services = Services(settings.model_copy(update={"data_dir": Path(tmp)}))
        report = import_bundled(services)
        if report.failed:
            raise click.ClickException(
                "De medfølgende prosjektene kunne ikke importeres: " + report.summary()
            )
        res = run_similar_eval(services, rows)
    res["archive"] = {"records": report.total("records"), "embedded": report.embedded}
    res["settings"] = {
        "embedder": settings.embedder,
        "rrf_k": settings.rrf_k,
        "weight_bm25": settings.weight_bm25,
        "weight_dense": settings.weight_dense,
    }
    file = write_results("similar", res, out)
    click.echo(f"{'modus':8s} {'R@5':>6s} {'hit@5':>6s} {'MRR@10':>7s} {'ms':>6s}   (n={res['n']})")
    for mode, m in res["modes"].items():
        cols = f"{m['R@5']:6.3f} {m['hit@5']:6.3f} {m['MRR@10']:7.3f} {m['median_ms']:6.1f}"
        click.echo(f"{mode:8s} {cols}")
    click.echo(f"Resultat: {file}")
    click.echo(json.dumps({"hybrid_r5": res["modes"]["hybrid"]["R@5"]}))
