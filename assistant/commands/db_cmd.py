"""skjonn db upgrade|status: the schema of the record database, for operators."""

from __future__ import annotations

from typing import Any

import click

from assistant.db import engine as db_engine
from assistant.db import redact


@click.group(name="db")
def db_group() -> None:
    """Databasen for prosjektarkiv, tilbakemeldinger og innlesingsliste."""


@db_group.command(name="upgrade")
@click.pass_obj
def db_upgrade(obj: Any) -> None:
    """Oppgrader skjemaet i PostgreSQL til nyeste versjon (trygt fra flere servere samtidig).

    `skjonn serve` og `skjonn ingest` gjør det selv når det trengs; kommandoen er for den
    som vil gjøre det først, for eksempel før nye servere startes."""
    s = obj.settings
    if not s.database_url:
        click.echo(
            f"SQLite i {s.data_dir}: tabellene lages ved første bruk, ingenting å oppgradere."
        )
        return
    eng = db_engine.pg_engine(s.database_url, s.database_pool)
    before, after = db_engine.upgrade(eng)
    where = redact(s.database_url)
    if before == after:
        click.echo(f"{where}: skjemaet er allerede på nyeste versjon ({after}).")
    else:
        click.echo(f"{where}: skjemaet er oppgradert fra {before or 'tomt'} til {after}.")


@db_group.command(name="status")
@click.pass_obj
def db_status(obj: Any) -> None:
    """Vis hvilken database som brukes og hvilken skjemaversjon den har."""
    s = obj.settings
    if not s.database_url:
        click.echo(f"SQLite-filer i {s.data_dir} (projects, feedback, ingest).")
        return
    eng = db_engine.pg_engine(s.database_url, s.database_pool)
    current, head = db_engine.current_revision(eng), db_engine.head_revision()
    state = "nyeste" if current == head else f"trenger oppgradering til {head}"
    click.echo(
        f"PostgreSQL {redact(s.database_url)}: skjemaversjon {current or 'ingen'} ({state})."
    )


COMMANDS = [db_group]
