"""Tune the unit-score weights of the answerer on the dev splits (never on ``test``).

Coordinate search: each weight in turn is scaled (×0, ×0.5, ×1.5, ×2, and its sign kept)
and the change is kept when strict accuracy over the answerable dev questions (with the
refusal decision switched off) goes up. Writes ``assistant/answer/weights.json``; refit the
decision afterwards (``skjonn eval answers --fit``), since it reads the unit score.

    SKJONN_DATA_DIR=... SKJONN_TODAY=2024-05-15 python -m evals.tune [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

from assistant.answer.select import WEIGHTS, WEIGHTS_FILE
from evals.answers import DEV_SPLITS, load_splits
from evals.strict import judge


def accuracy(svc: Any, rows: list[dict[str, Any]], weights: dict[str, float]) -> float:
    svc.weights = weights
    ok = 0
    for row in rows:
        ans = svc.ask(row["question"], row.get("history") or [], None)
        ok += judge(row, ans.answer, ans.answered, len(ans.citations))["correct"]
    return ok / len(rows)


def main() -> None:
    from assistant.answer.service import AnswerService
    from assistant.services import Services
    from assistant.settings import Settings

    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    svc = AnswerService(Services(Settings()))
    svc.decide_enabled = False
    rows = [r for r in load_splits(DEV_SPLITS) if r["answerable"]]
    best = dict(WEIGHTS)
    score = accuracy(svc, rows, best)
    print(f"start {score:.4f} on {len(rows)} answerable dev questions")
    for rnd in range(args.rounds):
        changed = False
        for key in list(best):
            base = best[key] or 0.05
            for factor in (0.0, 0.5, 1.5, 2.0):
                trial = dict(best)
                trial[key] = round(base * factor, 4)
                t0 = time.perf_counter()
                s = accuracy(svc, rows, trial)
                if s > score + 1e-9:
                    print(
                        f"  round {rnd} {key}: {best[key]} -> {trial[key]}  {score:.4f} -> {s:.4f}"
                        f"  ({time.perf_counter() - t0:.0f} s)"
                    )
                    best, score, changed = trial, s, True
        if not changed:
            break
    WEIGHTS_FILE.write_text(json.dumps(best, indent=2) + "\n", encoding="utf-8")
    print(f"best {score:.4f}; written to {WEIGHTS_FILE}")


if __name__ == "__main__":
    main()
