"""The first schema: archive, feedback and gaps, ingest manifest, change counters.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "projects",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("year", sa.Integer),
        sa.Column("embete", sa.Text),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("status", sa.Text),
        sa.Column("applied", sa.BigInteger),
        sa.Column("granted", sa.BigInteger),
        sa.Column("reported", sa.BigInteger),
        sa.Column("starred", sa.Integer, nullable=False),
        sa.Column("synthetic", sa.Integer, nullable=False),
        sa.Column("record", sa.Text, nullable=False),
        sa.Column("hash", sa.Text, nullable=False),
        sa.Column("text_hash", sa.Text, nullable=False),
    )
    op.create_index("projects_year", "projects", ["year"])
    for table, index in (
        ("project_sectors", "sectors_name"),
        ("project_municipalities", "municipalities_name"),
    ):
        op.create_table(
            table,
            sa.Column("project_id", sa.Text, primary_key=True),
            sa.Column("pos", sa.Integer, primary_key=True),
            sa.Column("name", sa.Text, nullable=False),
        )
        op.create_index(index, table, ["name"])
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("helpful", sa.Integer, nullable=False),
        sa.Column("comment", sa.Text),
    )
    op.create_table(
        "unanswered",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("norm", sa.Text, nullable=False),
        sa.Column("year", sa.Integer),
    )
    op.create_index("unanswered_norm", "unanswered", ["norm"])
    op.create_table(
        "documents",
        sa.Column("doc_key", sa.Text, primary_key=True),
        sa.Column("source", sa.Text),
        sa.Column("sha256", sa.Text),
        sa.Column("n_chunks", sa.Integer),
        sa.Column("kind", sa.Text),
        sa.Column("year", sa.Integer),
        sa.Column("ingested_at", sa.Text),
    )
    op.create_table(
        "changes",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("n", sa.BigInteger, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "changes",
        "documents",
        "unanswered",
        "feedback",
        "project_municipalities",
        "project_sectors",
        "projects",
    ):
        op.drop_table(table)
