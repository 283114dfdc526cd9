"""skjonn eval: runs the programs in evals/ (one module per eval, each exposing COMMAND)."""

from __future__ import annotations

import click

from evals import answers, precheck, retrieval, similar


@click.group(name="eval")
def eval_group() -> None:
    """Mål kvalitet: retrieval, answers, precheck, similar. Skriver en resultatfil."""


for _name, _mod in (
    ("retrieval", retrieval),
    ("answers", answers),
    ("precheck", precheck),
    ("similar", similar),
):
    eval_group.add_command(_mod.COMMAND, name=_name)

COMMANDS = [eval_group]
