"""Pre-check latency over the eval drafts: p50/p95 per draft, in three modes.

    .venv/bin/python -m bench.precheck [--rounds 3] [--full-rounds 1]

- ``rules``: parse the JSON draft and run every rule check (no store, no model).
- ``criteria``: as above plus criteria retrieval with the configured embedder (cached per round).
- ``full``: as above plus the similar-projects lookup in the archive (embeds the draft once).

Settings come from the environment (SKJONN_*); ``criteria`` and ``full`` need an ingested data
dir. The first call (model load) is timed separately and left out of the percentiles. The
target (p95 < 500 ms) is checked on ``criteria``, the pre-check's own work; ``full`` also
shows what the archive lookup adds. The load average is printed because other jobs on a
small machine change the numbers a lot.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from typing import Any

from assistant.precheck import parse_draft, run_precheck
from assistant.settings import Settings
from evals.precheck import EVAL_TODAY, load_drafts

TARGET_MS = 500


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def timed(
    payloads: list[bytes], settings: Settings, services: Any, similar: bool, rounds: int
) -> dict[str, Any]:
    t0 = time.perf_counter()
    run_precheck(parse_draft(payloads[0], "utkast.json"), settings, services, with_similar=similar)
    first = 1000 * (time.perf_counter() - t0)
    times, with_projects = [], 0
    for _ in range(rounds):
        for data in payloads:
            t = time.perf_counter()
            report = run_precheck(
                parse_draft(data, "utkast.json"), settings, services, with_similar=similar
            )
            times.append(1000 * (time.perf_counter() - t))
            with_projects += bool(report.similar_projects)
    return {
        "runs": len(times),
        "first_call_ms": round(first, 1),
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(percentile(times, 95), 2),
        "max_ms": round(max(times), 2),
        "runs_with_similar_projects": with_projects,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.precheck")
    ap.add_argument(
        "--rounds", type=int, default=3, help="passes over all drafts (rules, criteria)"
    )
    ap.add_argument(
        "--full-rounds", type=int, default=1, help="passes with similar projects (0 = skip)"
    )
    args = ap.parse_args(argv)
    settings = Settings().model_copy(update={"today": EVAL_TODAY})
    payloads = [json.dumps(row["utkast"], ensure_ascii=False).encode() for row in load_drafts()]
    from assistant.services import Services

    services = Services(settings)
    modes = {
        "rules": timed(payloads, settings, None, False, args.rounds),
        "criteria": timed(payloads, settings, services, False, args.rounds),
    }
    if args.full_rounds:
        modes["full"] = timed(payloads, settings, services, True, args.full_rounds)
    result = {
        "drafts": len(payloads),
        "embedder": settings.embedder,
        "cpus": os.cpu_count(),
        "loadavg_1m": round(os.getloadavg()[0], 2),
        "target_p95_ms": TARGET_MS,
        "modes": modes,
    }
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    return 0 if modes["criteria"]["p95_ms"] < TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
