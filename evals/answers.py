"""Answer eval: fact recall, abstention precision/recall, citation coverage, latency.

Primary metric: fact recall over answerable questions. A fact counts as present when
its words (stemmed, so inflection is tolerated) and its numbers all occur in the answer.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import click

from assistant.store.analyzer import stem_tokens
from evals.common import EVALS_DIR, load_jsonl, write_results
from evals.metrics import mean

_NUM = re.compile(r"\d[\d \u00a0.,]*\d|\d")


def _nums(text: str) -> list[str]:
    return [re.sub(r"[ \u00a0]", "", n) for n in _NUM.findall(text)]


def fact_present(fact: str, answer: str) -> bool:
    a = " ".join(answer.lower().replace("\u00a0", " ").split())
    f = " ".join(fact.lower().replace("\u00a0", " ").split())
    if f in ("ja", "nei"):  # a yes/no fact must lead the answer
        return bool(re.match(rf"^\W*{f}\b", a))
    if f in a:
        return True
    nums_a = set(_nums(a))
    if any(n not in nums_a for n in _nums(f)):
        return False
    stems_a = set(stem_tokens(a))
    return all(s in stems_a for s in stem_tokens(f))


def markers_ok(answer: str, n_citations: int) -> bool:
    marks = [int(m) for m in re.findall(r"\[(\d+)\]", answer)]
    return bool(marks) and all(1 <= m <= n_citations for m in marks)


def run_answers_eval(svc: Any, rows: list[dict[str, Any]]) -> dict[str, Any]:
    details = []
    ms: list[float] = []
    for row in rows:
        t0 = time.perf_counter()
        ans = svc.ask(row["question"], row.get("history") or [], row.get("year_override"))
        ms.append(1000 * (time.perf_counter() - t0))
        facts = row.get("facts") or []
        found = [f for f in facts if fact_present(f, ans.answer)]
        details.append(
            {
                "id": row["id"],
                "category": row.get("category"),
                "answerable": row["answerable"],
                "answered": ans.answered,
                "facts": facts,
                "found": found,
                "cited": ans.answered
                and bool(ans.citations)
                and markers_ok(ans.answer, len(ans.citations)),
                "answer": ans.answer,
            }
        )
    answerable = [d for d in details if d["answerable"]]
    unanswerable = [d for d in details if not d["answerable"]]
    abstained = [d for d in details if not d["answered"]]
    recall = mean([len(d["found"]) / len(d["facts"]) for d in details if d["facts"]])
    tp = sum(1 for d in abstained if not d["answerable"])
    answered = [d for d in details if d["answered"]]
    ms_sorted = sorted(ms)
    return {
        "n": len(rows),
        "primary": "fact_recall",
        "fact_recall": round(recall, 4),
        "abstention_precision": round(tp / len(abstained), 4) if abstained else 1.0,
        "abstention_recall": round(tp / len(unanswerable), 4) if unanswerable else 1.0,
        "answerable_abstained": sum(1 for d in answerable if not d["answered"]),
        "unanswerable_answered": sum(1 for d in unanswerable if d["answered"]),
        "citation_coverage": round(mean([1.0 if d["cited"] else 0.0 for d in answered]), 4),
        "median_ms": round(ms_sorted[len(ms) // 2], 1) if ms else 0.0,
        "p95_ms": round(ms_sorted[int(0.95 * (len(ms) - 1))], 1) if ms else 0.0,
        "failures": [
            d
            for d in details
            if d["answered"] != d["answerable"]
            or len(d["found"]) < len(d["facts"])
            or (d["answered"] and not d["cited"])
        ],
    }


@click.command()
@click.option(
    "--file", "path", type=click.Path(path_type=Path), default=EVALS_DIR / "answers.jsonl"
)
@click.option("--out", type=click.Path(path_type=Path))
@click.option("--show-failures", is_flag=True)
@click.pass_obj
def COMMAND(obj: Any, path: Path, out: Path | None, show_failures: bool) -> None:  # noqa: N802
    """Svar: faktadekning, avståelse (presisjon/dekning), kildedekning og tid."""
    from assistant.answer.service import AnswerService

    rows = load_jsonl(path)
    svc = AnswerService(obj.services)
    svc.ask("oppvarming", [], None)  # warm-up: models and caches
    res = run_answers_eval(svc, rows)
    file = write_results("answers", res, out)
    for key in (
        "n",
        "fact_recall",
        "abstention_precision",
        "abstention_recall",
        "answerable_abstained",
        "unanswerable_answered",
        "citation_coverage",
        "median_ms",
        "p95_ms",
    ):
        click.echo(f"{key:24s} {res[key]}")
    if show_failures:
        for d in res["failures"]:
            click.echo(
                f"\n{d['id']} [{d['category']}] answered={d['answered']} "
                f"missing={[f for f in d['facts'] if f not in d['found']]}\n  {d['answer'][:400]}"
            )
    click.echo(f"Resultat: {file}")
