"""login_throttle: device keys (`username/nonce`, so 100 characters), lock_level, refused

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("login_throttle") as batch:
        batch.alter_column(
            "username", existing_type=sa.String(64), type_=sa.String(100), existing_nullable=False
        )
        batch.add_column(sa.Column("lock_level", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(
            sa.Column("refused", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    op.execute("DELETE FROM login_throttle WHERE username LIKE '%/%'")
    with op.batch_alter_table("login_throttle") as batch:
        batch.drop_column("refused")
        batch.drop_column("lock_level")
        batch.alter_column(
            "username", existing_type=sa.String(100), type_=sa.String(64), existing_nullable=False
        )
