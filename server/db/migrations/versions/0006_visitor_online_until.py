"""visitors.online_until: until when a visitor counts as connected (the presence staff see)

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import server.db.models

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("visitors") as batch:
        batch.add_column(sa.Column("online_until", server.db.models.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("visitors") as batch:
        batch.drop_column("online_until")
