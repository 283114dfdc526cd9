"""Retrieval eval: R@1, R@5 and MRR@10 for BM25-only, dense-only and hybrid.

Primary metric: hybrid MRR@10. A result is relevant when its source and section
match one of the question's relevant (source, section) pairs.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import click

from evals.common import EVALS_DIR, load_jsonl, write_results
from evals.metrics import hit_at_k, mean, mrr_at_k

MODES = ("bm25", "dense", "hybrid")


def is_relevant(meta: dict[str, Any], relevant: list[dict[str, str]]) -> bool:
    src = meta.get("source")
    sec = (meta.get("section") or "").strip().lower()
    loc = (meta.get("location") or "").strip().lower()
    for rel in relevant:
        if rel["source"] != src:
            continue
        want = rel.get("section", "").strip().lower()
        if not want or want == sec or loc.endswith(want):
            return True
    return False


def run_retrieval_eval(searcher: Any, rows: list[dict[str, Any]], k: int = 10) -> dict[str, Any]:
    per_mode: dict[str, dict[str, float]] = {}
    misses: dict[str, list[str]] = {}
    for mode in MODES:
        r1, r5, mrr, ms = [], [], [], []
        misses[mode] = []
        for row in rows:
            t0 = time.perf_counter()
            hits = searcher.search(row["question"], k=k, mode=mode)
            ms.append(1000 * (time.perf_counter() - t0))
            ranked = [is_relevant(h.meta, row["relevant"]) for h in hits]
            r1.append(hit_at_k(ranked, 1))
            r5.append(hit_at_k(ranked, 5))
            mrr.append(mrr_at_k(ranked, k))
            if not any(ranked[:5]):
                misses[mode].append(row["id"])
        per_mode[mode] = {
            "R@1": round(mean(r1), 4),
            "R@5": round(mean(r5), 4),
            "MRR@10": round(mean(mrr), 4),
            "median_ms": round(sorted(ms)[len(ms) // 2], 1),
        }
    return {"n": len(rows), "primary": "hybrid MRR@10", "modes": per_mode, "misses_at_5": misses}


@click.command()
@click.option(
    "--file", "path", type=click.Path(path_type=Path), default=EVALS_DIR / "retrieval.jsonl"
)
@click.option(
    "--out", type=click.Path(path_type=Path), help="Resultatfil (standard: evals/results/)."
)
@click.pass_obj
def COMMAND(obj: Any, path: Path, out: Path | None) -> None:  # noqa: N802 - registry name
    """Retrieval: R@1, R@5, MRR@10 for bm25, dense og hybrid."""
    rows = load_jsonl(path)
    res = run_retrieval_eval(obj.services.searcher(), rows)
    res["settings"] = {
        "embedder": obj.settings.embedder,
        "rrf_k": obj.settings.rrf_k,
        "weight_bm25": obj.settings.weight_bm25,
        "weight_dense": obj.settings.weight_dense,
    }
    file = write_results("retrieval", res, out)
    click.echo(f"{'modus':8s} {'R@1':>6s} {'R@5':>6s} {'MRR@10':>7s} {'ms':>6s}   (n={res['n']})")
    for mode, m in res["modes"].items():
        click.echo(
            f"{mode:8s} {m['R@1']:6.3f} {m['R@5']:6.3f} {m['MRR@10']:7.3f} {m['median_ms']:6.1f}"
        )
    click.echo(f"Resultat: {file}")
    click.echo(json.dumps({"hybrid_mrr": res["modes"]["hybrid"]["MRR@10"]}))
