"""Bench: `ask` latency (p50/p95) with the default extractive answerer, and RSS.

    .venv/bin/python -m bench.answers [--rounds 3] [--sentence-vectors warm|lazy|off]

Uses the questions of the blind dev sets (evals/sets/answers/dev-blind*.jsonl) against a
freshly ingested bundled corpus. After one warm-up question (models, BM25, term statistics),
``cold`` is the first round: every question asked for the first time after the ingest, so
with ``SKJONN_SENTENCE_VECTORS=lazy`` it pays for the sentences of its chunks that no earlier
question retrieved (``cold_first_20``: the first 20 of them, when almost nothing is cached
yet). ``warm`` is the rounds after it (``--rounds`` in all); ``ask_ms`` is every round.
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
    ap.add_argument(
        "--sentence-vectors",
        choices=["warm", "lazy", "off"],
        help="SKJONN_SENTENCE_VECTORS for this run (default: the settings').",
    )
    args = ap.parse_args()
    rows = load_splits(("dev-blind", "dev-blind2"))
    with tempfile.TemporaryDirectory() as d:
        settings = Settings(
            data_dir=Path(d),
            today=dt.date(2024, 5, 15),
            query_cache=2048 if args.query_cache else 0,
        )
        if args.sentence_vectors:
            settings = settings.model_copy(update={"sentence_vectors": args.sentence_vectors})
        sv = Services(settings)
        report = sv.ingestor(progress=False).run()
        svc = AnswerService(sv)
        svc.ask("oppvarming", [])  # warm-up: models, BM25, term statistics
        rounds: list[list[float]] = []
        for _ in range(args.rounds):
            lat = []
            for r in rows:
                t = time.perf_counter()
                svc.ask(r["question"], r.get("history") or [])
                lat.append(1000 * (time.perf_counter() - t))
            rounds.append(lat)

    def stats(xs: list[float]) -> dict[str, float]:
        if not xs:
            return {}
        return {
            "p50": round(statistics.median(xs), 1),
            "p95": round(pct(xs, 0.95), 1),
            "max": round(max(xs), 1),
        }

    out = {
        "questions": len(rows) * args.rounds,
        "query_cache": args.query_cache,
        "sentence_vectors": settings.sentence_vectors,
        "ingest_s": round(report.seconds, 1),
        "ingest_embedded_sentences": report.embedded_sentences,
        "ask_ms": stats([x for lat in rounds for x in lat]),
        "cold_ms": stats(rounds[0]),
        "cold_first_20_ms": stats(rounds[0][:20]),
        "warm_ms": stats([x for lat in rounds[1:] for x in lat]),
        "rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(json.dumps(out, indent=2))  # noqa: T201 - a bench prints


if __name__ == "__main__":
    main()
