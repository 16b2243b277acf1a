"""cases.code_erased_at: the resume code of a case its visitor erased is kept (as its hash) for a
while, so that coming back with it says plainly that the conversation was deleted instead of
"wrong code"; it opens nothing, and the retention purge removes it.

Revision ID: 0020
Revises: 0019
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import server.db.models

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("code_erased_at", server.db.models.UTCDateTime(), nullable=True))


def downgrade() -> None:
    # an erased case's code opens nothing either way: without the column it is simply gone
    op.execute("UPDATE cases SET code_hash = NULL WHERE code_erased_at IS NOT NULL")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("code_erased_at")
