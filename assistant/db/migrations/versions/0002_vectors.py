"""The vector cache moves into the shared database: sentence and chunk vectors embedded by
one server are there for every server.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "vectors",
        sa.Column("embedder", sa.Text, primary_key=True),
        sa.Column("hash", sa.Text, primary_key=True),
        sa.Column("dim", sa.Integer),
        sa.Column("vec", sa.LargeBinary),
    )


def downgrade() -> None:
    op.drop_table("vectors")
