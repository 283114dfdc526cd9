"""Pre-check eval: synthetic drafts in evals/drafts/ with the codes a reviewer expects.

Each file holds ``utkast`` (the draft), ``syntetisk: true`` and ``forventet``: the round and
``funn`` (code -> severity). Blocking and warning codes are the complete expected set, so any
other blocking/warning code is a false positive; listed info codes must appear (recall), other
info codes are advice and not counted. Primary metric: blocking recall with zero false blocking.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click

from assistant.precheck import draft_from_mapping, run_precheck
from assistant.settings import Settings
from evals.common import EVALS_DIR, write_results

DRAFTS_DIR = EVALS_DIR / "drafts"
SEVERITIES = ("blocking", "warning", "info")
TARGETS = {"blocking_recall": 1.0, "false_blocking": 0, "warning_recall": 0.8}
# CI floors: a little under what the eval reaches today, so a regression fails the run.
FLOORS = {"blocking_recall": 1.0, "false_blocking": 0, "warning_recall": 0.9, "false_warning": 1}
EVAL_TODAY = dt.date(2024, 5, 15)


def load_drafts(directory: Path = DRAFTS_DIR) -> list[dict[str, Any]]:
    rows = []
    for path in sorted(directory.glob("*.json")):
        row = json.loads(path.read_text(encoding="utf-8"))
        if row.get("syntetisk") is not True:
            raise ValueError(f"{path.name}: eval drafts must be labelled syntetisk: true")
        rows.append(row)
    return rows


def score(rows: list[dict[str, Any]], settings: Settings, services: Any = None) -> dict[str, Any]:
    """Per-severity recall and false positives over the drafts (similar projects left out)."""
    tp = dict.fromkeys(SEVERITIES, 0)
    expected_n = dict.fromkeys(SEVERITIES, 0)
    fp = dict.fromkeys(SEVERITIES, 0)
    round_errors = 0
    per_draft = []
    for row in rows:
        draft = draft_from_mapping(row["utkast"])
        report = run_precheck(draft, settings, services, with_similar=False)
        want: dict[str, str] = row["forventet"]["funn"]
        got = {f.code: f.severity for f in report.findings}
        missed, extra = [], []
        for code, sev in want.items():
            expected_n[sev] += 1
            if got.get(code) == sev:
                tp[sev] += 1
            else:
                missed.append(f"{code}:{sev}")
        for code, sev in got.items():
            if sev != "info" and want.get(code) != sev:
                fp[sev] += 1
                extra.append(f"{code}:{sev}")
        round_ok = str(row["forventet"]["runde"]) in report.round
        round_errors += not round_ok
        per_draft.append(
            {
                "id": row["id"],
                "round": report.round,
                "round_ok": round_ok,
                "missed": missed,
                "false_positives": extra,
            }
        )
    recall = {s: (tp[s] / expected_n[s] if expected_n[s] else 1.0) for s in SEVERITIES}
    return {
        "n": len(rows),
        "recall": recall,
        "expected": expected_n,
        "false_positives": {s: fp[s] for s in ("blocking", "warning")},
        "round_errors": round_errors,
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
    if "false_warning" in limits and res["false_positives"]["warning"] > limits["false_warning"]:
        failed.append("false_warning")
    if res["round_errors"]:
        failed.append("round_errors")
    return failed


@click.command()
@click.option("--dir", "directory", type=click.Path(path_type=Path), default=DRAFTS_DIR)
@click.option(
    "--out", type=click.Path(path_type=Path), help="Resultatfil (standard: evals/results/)."
)
@click.option("--strict", is_flag=True, help="Avslutt med kode 1 hvis CI-gulvene ikke holder.")
@click.pass_obj
def COMMAND(obj: Any, directory: Path, out: Path | None, strict: bool) -> None:  # noqa: N802 - registry name
    """Forhåndssjekk: recall og falske funn per alvorlighetsgrad over syntetiske utkast."""
    settings: Settings = obj.settings.model_copy(update={"today": EVAL_TODAY})
    res = score(load_drafts(directory), settings)
    res["targets"], res["floors"] = TARGETS, FLOORS
    res["failed_targets"], res["failed_floors"] = meets(res, TARGETS), meets(res, FLOORS)
    file = write_results("precheck", res, out)
    click.echo(
        f"{'alvorlighet':12s} {'recall':>7s} {'forventet':>9s} {'falske':>7s}   (n={res['n']} utkast)"
    )
    for sev in SEVERITIES:
        fps = res["false_positives"].get(sev, "-")
        click.echo(f"{sev:12s} {res['recall'][sev]:7.3f} {res['expected'][sev]:9d} {fps!s:>7s}")
    for d in res["drafts"]:
        if d["missed"] or d["false_positives"] or not d["round_ok"]:
            click.echo(
                f"  {d['id']}: mangler {d['missed']} falske {d['false_positives']} runde {d['round']}"
            )
    click.echo(
        f"Mål nådd: {'ja' if not res['failed_targets'] else 'nei (' + ', '.join(res['failed_targets']) + ')'}"
    )
    click.echo(f"Resultat: {file}")
    if strict and res["failed_floors"]:
        raise click.ClickException(f"Under CI-gulvet: {', '.join(res['failed_floors'])}")
