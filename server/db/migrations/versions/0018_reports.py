"""reports (issue 18 item 4): duty sessions, a conversation's first assignment and first staff
reply, and the indexes the reports read by

`duty_sessions` starts empty but for the staff on duty now (one open session from their
`duty_since`); earlier duty was not recorded, so reports of earlier periods show nobody on duty.
`first_assigned_at` of earlier conversations is their latest assignment (`assigned_at`), the
best this database knows; `first_response_at` stays null (the first staff message gives it
while the messages exist).

Revision ID: 0018
Revises: 0017
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import server.db.models

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "duty_sessions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("staff_id", sa.String(length=32), nullable=True),
        sa.Column("started_at", server.db.models.UTCDateTime(), nullable=False),
        sa.Column("ended_at", server.db.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_duty_sessions_started_at", "duty_sessions", ["started_at"])
    op.create_index("ix_duty_sessions_staff_ended", "duty_sessions", ["staff_id", "ended_at"])
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(
            sa.Column("first_assigned_at", server.db.models.UTCDateTime(), nullable=True)
        )
        batch.add_column(
            sa.Column("first_response_at", server.db.models.UTCDateTime(), nullable=True)
        )
    op.create_index("ix_conversations_created_at", "conversations", ["created_at"])
    op.create_index("ix_escalations_raised_at", "escalations", ["raised_at"])
    op.execute(
        "UPDATE conversations SET first_assigned_at = assigned_at WHERE assigned_at IS NOT NULL"
    )
    op.execute(
        "INSERT INTO duty_sessions (staff_id, started_at) SELECT id, duty_since FROM staff"
        " WHERE on_duty AND duty_since IS NOT NULL"
    )


def downgrade() -> None:
    op.drop_index("ix_escalations_raised_at", table_name="escalations")
    op.drop_index("ix_conversations_created_at", table_name="conversations")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("first_response_at")
        batch.drop_column("first_assigned_at")
    op.drop_index("ix_duty_sessions_staff_ended", table_name="duty_sessions")
    op.drop_index("ix_duty_sessions_started_at", table_name="duty_sessions")
    op.drop_table("duty_sessions")
