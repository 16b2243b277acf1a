"""conversations.visitor_left_at and .vanished (queued visitors who went away are placed after
those present)

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import server.db.models

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(
            sa.Column("visitor_left_at", server.db.models.UTCDateTime(), nullable=True)
        )
        batch.add_column(
            sa.Column("vanished", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("vanished")
        batch.drop_column("visitor_left_at")
