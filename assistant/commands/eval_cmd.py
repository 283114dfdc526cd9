"""skjonn eval: runs the programs in evals/ (one module per eval, each exposing COMMAND)."""

from __future__ import annotations

import importlib

import click

EVALS = ("retrieval", "answers", "precheck", "similar")


@click.group(name="eval")
def eval_group() -> None:
    """Mål kvalitet: retrieval, answers, precheck, similar. Skriver en resultatfil."""


for _name in EVALS:
    try:
        _mod = importlib.import_module(f"evals.{_name}")
    except ModuleNotFoundError as _exc:
        if _exc.name == f"evals.{_name}":
            continue
        raise
    eval_group.add_command(_mod.COMMAND, name=_name)

COMMANDS = [eval_group]
