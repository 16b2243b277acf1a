"""cases (issue 15): cases, case_tokens, case_notes, case_note_versions, conversations.case_id;
every existing visitor gets a case holding their conversations

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import server.db.models

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("visitor_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", server.db.models.UTCDateTime(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=True),
        sa.Column("code_issued_at", server.db.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["visitor_id"], ["visitors.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("visitor_id"),
        sa.UniqueConstraint("code_hash"),
    )
    op.create_table(
        "case_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", server.db.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_index("ix_case_tokens_case_id", "case_tokens", ["case_id"])
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("case_id", sa.String(length=32), nullable=True))
        batch.create_foreign_key(
            "fk_conversations_case_id", "cases", ["case_id"], ["id"], ondelete="CASCADE"
        )
        batch.create_index("ix_conversations_case_id", ["case_id"])
    op.create_table(
        "case_notes",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("conversation_id", sa.String(length=32), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("author_id", sa.String(length=32), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", server.db.models.UTCDateTime(), nullable=False),
        sa.Column("edited_at", server.db.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["author_id"], ["staff.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_case_notes_case_created", "case_notes", ["case_id", "created_at"])
    op.create_index("ix_case_notes_conversation_id", "case_notes", ["conversation_id"])
    op.create_table(
        "case_note_versions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("note_id", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("written_at", server.db.models.UTCDateTime(), nullable=False),
        sa.Column("replaced_at", server.db.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["note_id"], ["case_notes.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_case_note_versions_note_id", "case_note_versions", ["note_id"])
    # existing visitors: one case each (its id derived from the visitor's), holding their
    # conversations; plain SQL that SQLite and PostgreSQL read alike
    op.execute(
        "INSERT INTO cases (id, visitor_id, created_at) "
        "SELECT 'k_' || substr(id, 3), id, created_at FROM visitors"
    )
    op.execute("UPDATE conversations SET case_id = 'k_' || substr(visitor_id, 3)")


def downgrade() -> None:
    op.drop_index("ix_case_note_versions_note_id", table_name="case_note_versions")
    op.drop_table("case_note_versions")
    op.drop_index("ix_case_notes_conversation_id", table_name="case_notes")
    op.drop_index("ix_case_notes_case_created", table_name="case_notes")
    op.drop_table("case_notes")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_index("ix_conversations_case_id")
        batch.drop_constraint("fk_conversations_case_id", type_="foreignkey")
        batch.drop_column("case_id")
    op.drop_index("ix_case_tokens_case_id", table_name="case_tokens")
    op.drop_table("case_tokens")
    op.drop_table("cases")
