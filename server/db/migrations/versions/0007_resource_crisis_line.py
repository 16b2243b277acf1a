"""resources.crisis_line: a supervisor's flag that an entry is a crisis line for automatic
replies; messages.emergency: the emergency card a crisis reply carried

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("resources") as batch:
        batch.add_column(sa.Column("crisis_line", sa.JSON(), nullable=True))
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("emergency", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("emergency")
    with op.batch_alter_table("resources") as batch:
        batch.drop_column("crisis_line")
