"""CLI command groups, one module each."""

from __future__ import annotations

import importlib

import click

_OPTIONAL = ("ask_cmd", "eval_cmd", "serve_cmd", "precheck_cmd", "projects_cmd")


def optional_commands() -> list[click.Command]:
    """Command modules that exist in this checkout (added issue by issue)."""
    out: list[click.Command] = []
    for name in _OPTIONAL:
        try:
            mod = importlib.import_module(f"assistant.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"assistant.commands.{name}":
                continue
            raise
        out.extend(mod.COMMANDS)
    return out
