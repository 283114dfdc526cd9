"""Answer eval: strict accuracy per kind of question, beside a top-hit baseline.

Splits live in ``evals/sets/answers/``: ``test`` (blind: written from the seeds and the facts
only, by a helper who never saw the code or the answers; CI floors sit on it), ``dev-blind``
(blind too, for tuning) and ``dev-own`` (written by the developers). Primary metric: strict
accuracy over all questions (correct answers plus correct refusals; see ``evals.strict``).

The baseline shows the single top search hit as the "answer" (always answered, one citation):
it tells how much the answerer adds over retrieval alone.
"""

from __future__ import annotations

import re
import statistics
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import click

from evals.common import EVALS_DIR, load_jsonl, write_results
from evals.strict import judge

SETS_DIR = EVALS_DIR / "sets" / "answers"
SPLITS = ("test", "dev-blind", "dev-blind2", "dev-blind3", "dev-blind4", "dev-own")
DEV_SPLITS = (
    "dev-blind",
    "dev-blind2",
    "dev-blind3",
    "dev-blind4",
    "dev-own",
)  # fitting and tuning: never test


def split_path(split: str) -> Path:
    return SETS_DIR / f"{split}.jsonl"


def load_splits(splits: tuple[str, ...]) -> list[dict[str, Any]]:
    """The questions of ``splits``, in order."""
    return [r for s in splits for r in load_jsonl(split_path(s))]


def kind_of(row: dict[str, Any]) -> str:
    return str(row.get("kind") or row.get("category") or "other")


def _summary(details: list[dict[str, Any]]) -> dict[str, Any]:
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for d in details:
        by_kind[d["kind"]].append(d["correct"])
    n = len(details)
    return {
        "n": n,
        "accuracy": round(sum(d["correct"] for d in details) / n, 4) if n else 0.0,
        "per_kind": {
            k: {"n": len(v), "accuracy": round(sum(v) / len(v), 4)}
            for k, v in sorted(by_kind.items())
        },
    }


def run_answers_eval(svc: Any, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The product's answers, scored strictly."""
    details = []
    ms: list[float] = []
    lengths: list[int] = []
    for row in rows:
        t0 = time.perf_counter()
        ans = svc.ask(row["question"], row.get("history") or [], row.get("year_override"))
        ms.append(1000 * (time.perf_counter() - t0))
        verdict = judge(row, ans.answer, ans.answered, len(ans.citations))
        lengths.append(len(ans.answer))
        details.append(
            {
                "id": row["id"],
                "kind": kind_of(row),
                "answerable": row["answerable"],
                "answered": ans.answered,
                "correct": verdict["correct"],
                "reason": verdict["reason"],
                "answer": ans.answer,
            }
        )
    res = _summary(details)
    answerable = [d for d in details if d["answerable"]]
    unanswerable = [d for d in details if not d["answerable"]]
    refused = [d for d in details if not d["answered"]]
    ms_sorted = sorted(ms)
    res.update(
        {
            "primary": "accuracy",
            "answerable_refused": sum(1 for d in answerable if not d["answered"]),
            "unanswerable_answered": sum(1 for d in unanswerable if d["answered"]),
            "refusal_precision": round(
                sum(1 for d in refused if not d["answerable"]) / len(refused), 4
            )
            if refused
            else 1.0,
            "refusal_recall": round(
                sum(1 for d in unanswerable if not d["answered"]) / len(unanswerable), 4
            )
            if unanswerable
            else 1.0,
            "median_chars": int(statistics.median(lengths)) if lengths else 0,
            "median_ms": round(ms_sorted[len(ms) // 2], 1) if ms else 0.0,
            "p95_ms": round(ms_sorted[int(0.95 * (len(ms) - 1))], 1) if ms else 0.0,
            "failures": [d for d in details if not d["correct"]],
        }
    )
    return res


def fit_decision(svc: Any, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Fit the answer-or-refuse model on ``rows`` (dev splits only): answer every question
    with the decision switched off, judge it, and learn when answering was right."""
    from assistant.answer.decide import fit

    feats, right, answerable = [], [], []
    svc.decide_enabled = False
    try:
        for row in rows:
            ans = svc.ask(row["question"], row.get("history") or [], row.get("year_override"))
            parts = ans.details.get("parts") or []
            if len(parts) != 1 or not ans.answered:
                continue  # one part, one decision: multi-part questions are left out
            verdict = judge({**row, "answerable": True}, ans.answer, True, len(ans.citations))
            feats.append(parts[0])
            right.append(bool(row["answerable"] and verdict["correct"]))
            answerable.append(bool(row["answerable"]))
    finally:
        svc.decide_enabled = True
    return fit(feats, right, answerable)


def fit_models(svc: Any) -> list[str]:
    """Fit the answer-or-refuse decision on the dev splits, save it beside its module and
    switch ``svc`` to it; returns what to report."""
    import json

    from assistant.answer.decide import MODEL_FILE, DecisionModel

    dev = load_splits(DEV_SPLITS)
    spec = fit_decision(svc, dev)
    spec["fitted_on"] = " + ".join(DEV_SPLITS)
    MODEL_FILE.write_text(json.dumps(spec, ensure_ascii=False, indent=2) + "\n", "utf-8")
    svc.model = DecisionModel(spec)
    return [
        f"Avgjørelse tilpasset på {spec['n']} spørsmål: terskel {spec['threshold']}, "
        f"treffsikkerhet {spec['train_accuracy']}; lagret i {MODEL_FILE.name}"
    ]


def _clean_hit(text: str) -> str:
    lines = [re.sub(r"^\s*(?:[-*•]|#+|\d+[.)])\s+", "", ln) for ln in text.splitlines()]
    return " ".join(" ".join(lines).split())


def run_baseline(searcher: Any, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The top search hit as the answer, scored by the same rules."""
    details = []
    for row in rows:
        hits = searcher.search(row["question"], k=1)
        text = (_clean_hit(hits[0].text) + " [1]") if hits else ""
        verdict = judge(row, text, bool(hits), 1 if hits else 0)
        details.append({"id": row["id"], "kind": kind_of(row), "correct": verdict["correct"]})
    return _summary(details)


@click.command()
@click.option(
    "--split",
    "splits",
    multiple=True,
    type=click.Choice(SPLITS),
    help="Hvilke sett (standard: alle).",
)
@click.option("--file", "path", type=click.Path(path_type=Path), help="Et annet JSONL-sett.")
@click.option("--no-baseline", is_flag=True, help="Hopp over grunnlinjen (toppsøketreff).")
@click.option("--out", type=click.Path(path_type=Path))
@click.option("--show-failures", is_flag=True)
@click.option(
    "--fit",
    "fit_model",
    is_flag=True,
    help="Tilpass svar-eller-avstå-modellen på dev-settene og lagre den (aldri på test).",
)
@click.pass_obj
def COMMAND(  # noqa: N802 - registry name
    obj: Any,
    splits: tuple[str, ...],
    path: Path | None,
    no_baseline: bool,
    out: Path | None,
    show_failures: bool,
    fit_model: bool,
) -> None:
    """Svar: streng treffsikkerhet per spørsmålstype, med toppsøketreff som grunnlinje."""
    from assistant.answer.service import AnswerService

    svc = AnswerService(obj.services)
    svc.ask("oppvarming", [], None)  # warm-up: models and caches
    if fit_model:
        for line in fit_models(svc):
            click.echo(line)
    sets = {path.stem: path} if path else {s: split_path(s) for s in (splits or SPLITS)}
    results: dict[str, Any] = {}
    for name, file in sets.items():
        rows = load_jsonl(file)
        res = run_answers_eval(svc, rows)
        if not no_baseline:
            res["baseline"] = run_baseline(obj.services.searcher(), rows)
        results[name] = res
        base = res.get("baseline", {}).get("accuracy")
        click.echo(
            f"{name:10s} n={res['n']:3d} treffsikkerhet {res['accuracy']:.3f}"
            + (f"  grunnlinje {base:.3f}" if base is not None else "")
            + f"  median {res['median_chars']} tegn  p95 {res['p95_ms']} ms"
        )
        for kind, k in res["per_kind"].items():
            b = res.get("baseline", {}).get("per_kind", {}).get(kind, {}).get("accuracy")
            click.echo(
                f"  {kind:14s} n={k['n']:3d} {k['accuracy']:.3f}"
                + (f"  grunnlinje {b:.3f}" if b is not None else "")
            )
        if show_failures:
            for d in res["failures"]:
                click.echo(f"\n  {d['id']} [{d['kind']}] {d['reason']}\n    {d['answer'][:300]}")
    file_out = write_results("answers", results, out)
    click.echo(f"Resultat: {file_out}")
