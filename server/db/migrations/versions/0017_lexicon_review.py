"""lexicon review items (issue 20 item 5): messages on which staff judged the crisis detector
wrong (a false alarm, or a crisis it rated lower), redacted, for the lexicon's maintainers

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import server.db.models

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lexicon_review_items",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("conversation_id", sa.String(length=32), nullable=False),
        sa.Column("message_id", sa.String(length=32), nullable=True),
        sa.Column("escalation_id", sa.String(length=32), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("detector", sa.JSON(), nullable=False),
        sa.Column("verdict", sa.String(length=16), nullable=False),
        sa.Column("created_at", server.db.models.UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reviewed_at", server.db.models.UTCDateTime(), nullable=True),
        sa.Column("reviewed_by", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["message_id"], ["messages.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["escalation_id"], ["escalations.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["created_by"], ["staff.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["reviewed_by"], ["staff.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("message_id", name="uq_lexicon_review_message"),
    )
    op.create_index(
        "ix_lexicon_review_items_conversation_id", "lexicon_review_items", ["conversation_id"]
    )
    op.create_index("ix_lexicon_review_items_created_at", "lexicon_review_items", ["created_at"])
    op.create_index(
        "ix_lexicon_review_status_created", "lexicon_review_items", ["status", "created_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_lexicon_review_status_created", table_name="lexicon_review_items")
    op.drop_index("ix_lexicon_review_items_created_at", table_name="lexicon_review_items")
    op.drop_index("ix_lexicon_review_items_conversation_id", table_name="lexicon_review_items")
    op.drop_table("lexicon_review_items")
