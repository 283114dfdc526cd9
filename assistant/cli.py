"""The ``skjonn`` command line. Each command group lives in ``assistant/commands/``."""

from __future__ import annotations

import logging
import sys
from typing import Any

import click

from assistant.commands import nb  # first: click speaks Norwegian from here on
from assistant.errors import AssistantError, InputError
from assistant.settings import Settings

CONTEXT = {"help_option_names": ["-h", "--help"]}


class AppGroup(click.Group):
    """Turns our errors into clean messages: input errors exit 2, the rest exit 1.

    Store faults (a full or read-only data dir, a damaged database, an unreachable Chroma
    server) are named with their reason instead of a traceback.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except InputError as exc:
            click.echo(f"Feil: {exc.message}", err=True)
            sys.exit(2)
        except AssistantError as exc:
            raise click.ClickException(exc.message) from exc
        except Exception as exc:
            from assistant.store.faults import data_dir_problem, fault_reason

            reason = fault_reason(exc)
            if reason is None:
                raise
            obj = ctx.obj
            settings = getattr(obj, "settings", None)
            reason = (settings and data_dir_problem(settings.data_dir)) or reason
            logging.getLogger(__name__).debug("store fault", exc_info=True)
            raise click.ClickException(reason) from exc


class Ctx:
    """Settings read once; services built on first use."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._services: Any = None

    @property
    def services(self) -> Any:
        if self._services is None:
            from assistant.services import Services

            self._services = Services(self.settings)
        return self._services


@click.group(cls=AppGroup, context_settings=CONTEXT)
@click.option(
    "-v", "--verbose", count=True, help="Mer logging på stderr (-v info, -vv feilsøking)."
)
@click.version_option(package_name="skjonnsassistenten")
@click.pass_context
def main(ctx: click.Context, verbose: int) -> None:
    """Skjønnsassistenten: spørsmål, forhåndssjekk og prosjektarkiv for prosjektskjønn."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    try:
        settings = Settings()
    except Exception as exc:  # pydantic ValidationError names the variable
        raise click.ClickException(f"Ugyldig innstilling: {exc}") from exc
    ctx.obj = Ctx(settings)


def _register() -> None:
    from assistant.commands import (
        ask_cmd,
        db_cmd,
        eval_cmd,
        ingest_cmd,
        precheck_cmd,
        projects_cmd,
        rounds_cmd,
        search_cmd,
        serve_cmd,
    )

    for mod in (
        ingest_cmd,
        search_cmd,
        ask_cmd,
        precheck_cmd,
        rounds_cmd,
        projects_cmd,
        serve_cmd,
        eval_cmd,
        db_cmd,
    ):
        for cmd in mod.COMMANDS:
            main.add_command(cmd)
    nb.localise_tree(main)


_register()
