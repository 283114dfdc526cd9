"""Pre-check eval over draft splits in evals/sets/drafts/<split>/.

Two kinds of split:

- a manifest split (``labels.jsonl`` beside the draft files: DOCX, MD, PDF, TXT), written blind
  by helpers who read only the seeds and the facts: ``dev-blind`` (tune on it) and ``test``
  (never tuned on; the floors hold there);
- a JSON split (``*.json`` files with ``utkast`` and ``forventet``): ``dev-own``, ours.

Scored per split: blocking recall (expected blocking codes reported as blocking), false
blocking (blocking findings not in blocking ∪ may), warning recall (expected warning codes
reported as warning, or as blocking when also labelled blocking), false warnings (warning
findings not in warning ∪ blocking ∪ may), refused drafts (raised instead of a report), round
errors, field accuracy of the reader ("Lest som") and whether the result changes with another
"today" (it must not: the draft's own date decides the deadline rule). Primary metric:
blocking recall with zero false blocking.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click

from assistant.errors import AssistantError
from assistant.precheck import parse_draft, run_precheck
from assistant.settings import Settings
from evals.common import EVALS_DIR, load_jsonl, write_results

SETS_DIR = EVALS_DIR / "sets" / "drafts"
SPLITS = ("dev-blind", "dev-blind2", "dev-blind3", "dev-blind4", "dev-own", "test")
EVAL_TODAY = dt.date(2024, 5, 15)
OTHER_TODAY = dt.date(2031, 3, 1)  # the result must not change with today's date
FIELDS = ("applicant", "partners", "date", "applied_amount", "own_funding", "total_cost")
TARGETS = {
    "blocking_recall": 1.0,
    "false_blocking": 0,
    "warning_recall": 0.8,
    "false_warning_per_draft": 0.2,
    "refused": 0,
}
# CI floors per split, a little under what the eval reaches (see the closing note): about one
# draft's worth of margin. The blind splits (dev-blind2, test) do not reach the issue's
# TARGETS yet; their floors are what was measured on 2026-12-02, so a regression fails while
# the gap to the targets stays visible in `skjonn eval precheck` ("Mål nådd: nei").
FLOORS: dict[str, dict[str, float]] = {
    "dev-blind": {
        "blocking_recall": 1.0,
        "false_blocking": 0,
        "warning_recall": 0.9,
        "false_warning_per_draft": 0.1,
        "refused": 0,
    },
    "dev-own": {
        "blocking_recall": 1.0,
        "false_blocking": 0,
        "warning_recall": 0.9,
        "false_warning_per_draft": 0.05,
        "refused": 0,
    },
    # measured: blocking recall 1.0, 0 false blocking, warning recall 0.875, 0.34 false/draft
    "dev-blind2": {
        "blocking_recall": 0.93,
        "false_blocking": 1,
        "warning_recall": 0.8,
        "false_warning_per_draft": 0.4,
        "refused": 0,
    },
    # written blind after the others (2026-12-03); before any tuning on it: blocking recall
    # 0.588, 3 false blocking, warning recall 0.467, 0.59 false/draft. After: 1.0, 0, 0.60,
    # 0.28 (several of the missed warnings are label readings the rules do not share);
    # 2026-12-04: 1.0, 0, 0.667, 0.16
    "dev-blind3": {
        "blocking_recall": 0.94,
        "false_blocking": 1,
        "warning_recall": 0.6,
        "false_warning_per_draft": 0.25,
        "refused": 0,
    },
    # written blind after the others (2026-12-04); before any tuning on it: blocking recall
    # 0.688, 0 false blocking, warning recall 0.692, 0.25 false/draft. After: 1.0, 0, 0.846,
    # 0.0 (floors about one draft under that)
    "dev-blind4": {
        "blocking_recall": 0.93,
        "false_blocking": 0,
        "warning_recall": 0.76,
        "false_warning_per_draft": 0.1,
        "refused": 0,
    },
    # measured: blocking recall 0.875, 3 false blocking, warning recall 0.810, 0.33 false/draft;
    # 2026-12-03 and 12-04: 0.938, 2, 0.762, 0.31 (the warning floor one warning under it,
    # 0.714, as the answer floors sit a few questions under what they measure);
    # 2026-12-04 night: 0.938, 2, 0.810, 0.31 (warning floor one warning under: 0.762)
    "test": {
        "blocking_recall": 0.81,
        "false_blocking": 4,
        "warning_recall": 0.76,
        "false_warning_per_draft": 0.4,
        "refused": 0,
    },
}


def load_split(name: str, root: Path = SETS_DIR) -> list[dict[str, Any]]:
    """Rows of a split: {id, path, round, blocking, warning, may, info, fields}."""
    folder = root / name
    if not folder.is_dir():
        raise FileNotFoundError(f"draft split {name!r} is missing: {folder}")
    manifest = folder / "labels.jsonl"
    if manifest.is_file():
        rows = []
        for lab in load_jsonl(manifest):
            rows.append(
                {
                    "id": lab["id"],
                    "path": folder / lab["file"],
                    "round": lab["round"],
                    "blocking": list(lab.get("blocking") or []),
                    "warning": list(lab.get("warning") or []),
                    "may": list(lab.get("may") or []),
                    "info": [],
                    "clean": bool(lab.get("clean")),
                    "fields": {f: lab.get(f) for f in FIELDS if f in lab},
                }
            )
        return rows
    rows = []
    for path in sorted(folder.glob("*.json")):
        row = json.loads(path.read_text(encoding="utf-8"))
        if row.get("syntetisk") is not True:
            raise ValueError(f"{path.name}: eval drafts must be labelled syntetisk: true")
        want: dict[str, str] = row["forventet"]["funn"]
        rows.append(
            {
                "id": row["id"],
                "path": path,
                "round": row["forventet"]["runde"],
                "blocking": [c for c, s in want.items() if s == "blocking"],
                "warning": [c for c, s in want.items() if s == "warning"],
                "may": [],
                "info": [c for c, s in want.items() if s == "info"],
                "clean": not any(s != "info" for s in want.values()),
                "fields": {},
            }
        )
    return rows


def _norm_applicant(value: Any) -> str:
    text = str(value or "").split(",")[0].split("(")[0]
    return " ".join(text.lower().split())


def field_hits(read_as: dict[str, Any], want: dict[str, Any]) -> dict[str, bool]:
    """Per labelled field: did the reader read the value the label gives?"""
    amounts = read_as.get("amounts") or {}

    def value(d: Any) -> Any:
        return d.get("value") if isinstance(d, dict) else None

    got = {
        "applicant": _norm_applicant(value(read_as.get("applicant"))) or None,
        "partners": sorted(value(read_as.get("partners")) or []),
        "date": value(read_as.get("date")),
        "applied_amount": value(amounts.get("applied")),
        "own_funding": value(amounts.get("own_funding")),
        "total_cost": value(amounts.get("total_cost")),
    }
    expected = dict(want)
    if "applicant" in expected:
        expected["applicant"] = _norm_applicant(expected["applicant"]) or None
    if "partners" in expected:
        expected["partners"] = sorted(expected["partners"] or [])
    return {k: got[k] == expected[k] for k in expected}


def _run(row: dict[str, Any], settings: Settings) -> Any:
    path: Path = row["path"]
    draft = parse_draft(path.read_bytes(), path.name)
    return run_precheck(draft, settings, None, with_similar=False)


def score(rows: list[dict[str, Any]], settings: Settings) -> dict[str, Any]:
    """Recall, false findings, refusals, round errors and field accuracy over a split."""
    settings = settings.model_copy(update={"today": EVAL_TODAY})
    other_day = settings.model_copy(update={"today": OTHER_TODAY})
    n_exp = {"blocking": 0, "warning": 0, "info": 0}
    tp = {"blocking": 0, "warning": 0, "info": 0}
    false = {"blocking": 0, "warning": 0}
    refused, round_errors, today_changed = [], 0, []
    field_ok: dict[str, list[bool]] = {f: [] for f in FIELDS}
    per_draft = []
    for row in rows:
        try:
            report = _run(row, settings)
            again = _run(row, other_day)
        except AssistantError as exc:
            refused.append({"id": row["id"], "error": exc.message})
            n_exp["blocking"] += len(row["blocking"])
            n_exp["warning"] += len(row["warning"])
            continue
        got = {f.code: f.severity for f in report.findings}
        if {(f.code, f.severity) for f in again.findings} != set(got.items()):
            today_changed.append(row["id"])
        missed, extra = [], []
        for code in row["blocking"]:
            n_exp["blocking"] += 1
            if got.get(code) == "blocking":
                tp["blocking"] += 1
            else:
                missed.append(f"{code}:blocking")
        for code in row["warning"]:
            n_exp["warning"] += 1
            ok = got.get(code) == "warning" or (
                got.get(code) == "blocking" and code in row["blocking"]
            )
            tp["warning"] += ok
            if not ok:
                missed.append(f"{code}:warning")
        for code in row["info"]:
            n_exp["info"] += 1
            tp["info"] += got.get(code) == "info"
            if got.get(code) != "info":
                missed.append(f"{code}:info")
        allowed_block = set(row["blocking"]) | set(row["may"])
        allowed_warn = allowed_block | set(row["warning"])
        for code, sev in got.items():
            if (sev == "blocking" and code not in allowed_block) or (
                sev == "warning" and code not in allowed_warn
            ):
                false[sev] += 1
                extra.append(f"{code}:{sev}")
        round_ok = str(row["round"]) in report.round
        round_errors += not round_ok
        hits = field_hits(report.read_as, row["fields"])
        for f, ok in hits.items():
            field_ok[f].append(ok)
        per_draft.append(
            {
                "id": row["id"],
                "round": report.round,
                "round_ok": round_ok,
                "missed": missed,
                "false_positives": extra,
                "fields_wrong": sorted(f for f, ok in hits.items() if not ok),
            }
        )
    n = len(rows)
    recall = {s: (tp[s] / n_exp[s] if n_exp[s] else 1.0) for s in n_exp}
    return {
        "n": n,
        "clean": sum(r["clean"] for r in rows),
        "recall": recall,
        "expected": n_exp,
        "false_positives": false,
        "false_warning_per_draft": false["warning"] / n if n else 0.0,
        "refused": refused,
        "round_errors": round_errors,
        "today_changed": today_changed,
        "field_accuracy": {f: (sum(v) / len(v)) for f, v in field_ok.items() if v},
        "drafts": per_draft,
    }


def meets(res: dict[str, Any], limits: dict[str, float]) -> list[str]:
    """The limits (targets or floors) the result does not meet."""
    failed = []
    if res["recall"]["blocking"] < limits["blocking_recall"]:
        failed.append("blocking_recall")
    if res["false_positives"]["blocking"] > limits["false_blocking"]:
        failed.append("false_blocking")
    if res["recall"]["warning"] < limits["warning_recall"]:
        failed.append("warning_recall")
    if res["false_warning_per_draft"] > limits["false_warning_per_draft"]:
        failed.append("false_warning_per_draft")
    if len(res["refused"]) > limits["refused"]:
        failed.append("refused")
    if res["round_errors"]:
        failed.append("round_errors")
    if res["today_changed"]:
        failed.append("today_changed")
    return failed


def run_split(name: str, settings: Settings, root: Path = SETS_DIR) -> dict[str, Any]:
    res = score(load_split(name, root), settings)
    res["split"] = name
    res["targets"], res["floors"] = TARGETS, FLOORS.get(name, TARGETS)
    res["failed_targets"] = meets(res, TARGETS)
    res["failed_floors"] = meets(res, res["floors"])
    return res


def _echo(res: dict[str, Any]) -> None:
    click.echo(f"== {res['split']}: {res['n']} utkast ({res['clean']} uten feil)")
    click.echo(f"{'alvorlighet':12s} {'recall':>7s} {'forventet':>9s} {'falske':>7s}")
    for sev in ("blocking", "warning", "info"):
        fps = res["false_positives"].get(sev, "-")
        click.echo(f"{sev:12s} {res['recall'][sev]:7.3f} {res['expected'][sev]:9d} {fps!s:>7s}")
    click.echo(
        f"falske advarsler per utkast {res['false_warning_per_draft']:.2f} · avvist "
        f"{len(res['refused'])} · feil runde {res['round_errors']} · endret med annen dag "
        f"{len(res['today_changed'])}"
    )
    if res["field_accuracy"]:
        acc = ", ".join(f"{k} {v:.2f}" for k, v in res["field_accuracy"].items())
        click.echo(f"lest riktig: {acc}")
    for d in res["drafts"]:
        if d["missed"] or d["false_positives"] or not d["round_ok"] or d["fields_wrong"]:
            click.echo(
                f"  {d['id']}: mangler {d['missed']} falske {d['false_positives']} "
                f"runde {d['round']} feil felt {d['fields_wrong']}"
            )
    for r in res["refused"]:
        click.echo(f"  {r['id']}: AVVIST – {r['error']}")
    failed = res["failed_targets"]
    click.echo(f"Mål nådd: {'ja' if not failed else 'nei (' + ', '.join(failed) + ')'}")


@click.command()
@click.option(
    "--split",
    "splits",
    multiple=True,
    help="Delsett under evals/sets/drafts/ (standard: alle som finnes av dev-blind, dev-own, test).",
)
@click.option(
    "--out", type=click.Path(path_type=Path), help="Resultatfil (standard: evals/results/)."
)
@click.option("--strict", is_flag=True, help="Avslutt med kode 1 hvis CI-gulvene ikke holder.")
@click.pass_obj
def COMMAND(obj: Any, splits: tuple[str, ...], out: Path | None, strict: bool) -> None:  # noqa: N802 - registry name
    """Forhåndssjekk: recall, falske funn, avviste utkast og felt lest riktig, per delsett."""
    names = splits or tuple(s for s in SPLITS if (SETS_DIR / s).is_dir())
    results = [run_split(name, obj.settings) for name in names]
    file = write_results("precheck-" + "+".join(names), {"splits": results}, out)
    for res in results:
        _echo(res)
    click.echo(f"Resultat: {file}")
    failed = [
        f"{r['split']}: {', '.join(r['failed_floors'])}" for r in results if r["failed_floors"]
    ]
    if strict and failed:
        raise click.ClickException(f"Under CI-gulvet: {'; '.join(failed)}")
