"""handovers (a chat offered to a colleague with a note) and visitor blocks (visitor_blocks,
visitor_block_tokens) replacing the never-set visitors.blocked flag

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import server.db.models

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = server.db.models.UTCDateTime
    op.create_table(
        "handovers",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column(
            "conversation_id",
            sa.String(32),
            sa.ForeignKey("conversations.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("from_staff_id", sa.String(32), sa.ForeignKey("staff.id", ondelete="SET NULL")),
        sa.Column("to_staff_id", sa.String(32), sa.ForeignKey("staff.id", ondelete="SET NULL")),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", utc(), nullable=False),
        sa.Column("expires_at", utc(), nullable=False),
        sa.Column("decided_at", utc(), nullable=True),
    )
    op.create_index("ix_handovers_conversation_id", "handovers", ["conversation_id"])
    op.create_index("ix_handovers_to_staff_id", "handovers", ["to_staff_id"])
    op.create_index("ix_handovers_status_expires", "handovers", ["status", "expires_at"])
    op.create_table(
        "visitor_blocks",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column(
            "conversation_id",
            sa.String(32),
            sa.ForeignKey("conversations.id", ondelete="SET NULL"),
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(32), sa.ForeignKey("staff.id", ondelete="SET NULL")),
        sa.Column("created_at", utc(), nullable=False),
        sa.Column("expires_at", utc(), nullable=False),
        sa.Column("lifted_at", utc(), nullable=True),
        sa.Column("lifted_by", sa.String(32), sa.ForeignKey("staff.id", ondelete="SET NULL")),
    )
    op.create_index("ix_visitor_blocks_expires", "visitor_blocks", ["lifted_at", "expires_at"])
    op.create_table(
        "visitor_block_tokens",
        sa.Column(
            "block_id",
            sa.String(32),
            sa.ForeignKey("visitor_blocks.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("token_hash", sa.String(64), primary_key=True),
    )
    op.create_index("ix_visitor_block_tokens_token_hash", "visitor_block_tokens", ["token_hash"])
    with op.batch_alter_table("visitors") as batch:
        batch.drop_column("blocked")


def downgrade() -> None:
    with op.batch_alter_table("visitors") as batch:
        batch.add_column(
            sa.Column("blocked", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.drop_index("ix_visitor_block_tokens_token_hash", table_name="visitor_block_tokens")
    op.drop_table("visitor_block_tokens")
    op.drop_index("ix_visitor_blocks_expires", table_name="visitor_blocks")
    op.drop_table("visitor_blocks")
    op.drop_index("ix_handovers_status_expires", table_name="handovers")
    op.drop_index("ix_handovers_to_staff_id", table_name="handovers")
    op.drop_index("ix_handovers_conversation_id", table_name="handovers")
    op.drop_table("handovers")
