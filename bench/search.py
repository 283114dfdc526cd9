"""Bench: ingest of the bundled corpus cold and warm, and search latency.

    .venv/bin/python -m bench.search [--queries 200]

Cold = empty data dir (embeds everything); warm = the same tree again (nothing changes).
Prints numbers; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import tempfile
import time
from pathlib import Path

from assistant.services import Services
from assistant.settings import Settings
from evals.common import EVALS_DIR, load_jsonl


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p * (len(xs) - 1) + 0.5))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--queries", type=int, default=200)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        settings = Settings(data_dir=Path(d))
        sv = Services(settings)
        t = time.perf_counter()
        cold = sv.ingestor(progress=False).run()
        cold_s = time.perf_counter() - t
        t = time.perf_counter()
        warm = sv.ingestor(progress=False).run()
        warm_s = time.perf_counter() - t
        qs = [r["question"] for r in load_jsonl(EVALS_DIR / "retrieval.jsonl")]
        searcher = sv.searcher()
        for q in qs[:5]:
            searcher.search(q)  # warm-up
        lat: dict[str, list[float]] = {"hybrid": [], "bm25": [], "dense": []}
        for i in range(args.queries):
            q = qs[i % len(qs)]
            for mode in lat:
                t = time.perf_counter()
                searcher.search(q, k=5, mode=mode)  # type: ignore[arg-type]
                lat[mode].append(1000 * (time.perf_counter() - t))
        out = {
            "corpus_chunks": cold.chunks,
            "ingest_cold_s": round(cold_s, 2),
            "ingest_cold_embedded": cold.embedded,
            "ingest_warm_s": round(warm_s, 2),
            "ingest_warm_embedded": warm.embedded,
            "search_ms": {
                m: {"p50": round(statistics.median(v), 1), "p95": round(pct(v, 0.95), 1)}
                for m, v in lat.items()
            },
            "rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        }
    print(json.dumps(out, indent=2))  # noqa: T201 - a bench prints


if __name__ == "__main__":
    main()
