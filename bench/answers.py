"""Bench: `ask` latency (p50/p95 after warm-up) with the default extractive answerer, and RSS.

    .venv/bin/python -m bench.answers [--rounds 3]

Uses the questions of the blind dev sets (evals/sets/answers/dev-blind*.jsonl) against a freshly ingested bundled corpus.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import statistics
import tempfile
import time
from pathlib import Path

from assistant.answer.service import AnswerService
from assistant.services import Services
from assistant.settings import Settings
from bench.search import pct
from evals.answers import load_splits


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument(
        "--query-cache",
        action="store_true",
        help="Keep query vectors between rounds (off: every question is embedded).",
    )
    args = ap.parse_args()
    rows = load_splits(("dev-blind", "dev-blind2"))
    with tempfile.TemporaryDirectory() as d:
        settings = Settings(
            data_dir=Path(d),
            today=dt.date(2024, 5, 15),
            query_cache=2048 if args.query_cache else 0,
        )
        sv = Services(settings)
        sv.ingestor(progress=False).run()
        svc = AnswerService(sv)
        for r in rows[:10]:
            svc.ask(r["question"], r.get("history") or [])  # warm-up
        lat = []
        for _ in range(args.rounds):
            for r in rows:
                t = time.perf_counter()
                svc.ask(r["question"], r.get("history") or [])
                lat.append(1000 * (time.perf_counter() - t))
    out = {
        "questions": len(rows) * args.rounds,
        "query_cache": args.query_cache,
        "ask_ms": {
            "p50": round(statistics.median(lat), 1),
            "p95": round(pct(lat, 0.95), 1),
            "max": round(max(lat), 1),
        },
        "rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(json.dumps(out, indent=2))  # noqa: T201 - a bench prints


if __name__ == "__main__":
    main()
