"""partner_feeds.last_error_detail: why a feed's last fetch failed, stored translatable
(server.actions.errors.Detail.to_json), so /admin/feeds shows it in the admin's language;
last_error keeps the English text

Revision ID: 0023
Revises: 0022
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("partner_feeds") as batch:
        batch.add_column(sa.Column("last_error_detail", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("partner_feeds") as batch:
        batch.drop_column("last_error_detail")
