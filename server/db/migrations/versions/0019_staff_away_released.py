"""staff.away_released, staff.away_released_at: chats the server handed back to the queue while
the networker was away, so the console can tell them when they come back

Revision ID: 0019
Revises: 0018
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import server.db.models

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff") as batch:
        batch.add_column(
            sa.Column("away_released", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(
            sa.Column("away_released_at", server.db.models.UTCDateTime(), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("away_released_at")
        batch.drop_column("away_released")
