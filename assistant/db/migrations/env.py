"""Alembic's entry point: migrations run on the connection the caller hands over
(``assistant.db.engine.upgrade``), never on a URL from a config file."""

from __future__ import annotations

from alembic import context

from assistant.db.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `skjonn db upgrade`")
context.configure(connection=connection, target_metadata=metadata)
with context.begin_transaction():
    context.run_migrations()
