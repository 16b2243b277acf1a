"""Staff links and settings on the web (issue 18 items 1 and 2).

`staff_links`: one-time links that let a new colleague (an invitation) or a staff member whose
password an admin reset set their own password; only the SHA-256 of the token is stored.
`site_settings`: one row (id 1) with the settings admins change on the web (embedding sites,
duty hours with a time zone and dated exceptions, the emergency number, the exit URL,
retention periods) and a version every node compares with the one it holds.

Revision ID: 0021
Revises: 0020
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import server.db.models

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_links",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("staff_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=True),
        sa.Column("created_at", server.db.models.UTCDateTime(), nullable=False),
        sa.Column("expires_at", server.db.models.UTCDateTime(), nullable=False),
        sa.Column("used_at", server.db.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by"], ["staff.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_index("ix_staff_links_staff_id", "staff_links", ["staff_id"])
    op.create_table(
        "site_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("updated_at", server.db.models.UTCDateTime(), nullable=True),
        sa.Column("updated_by", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.execute("INSERT INTO site_settings (id, version, \"values\") VALUES (1, 0, '{}')")


def downgrade() -> None:
    op.drop_table("site_settings")
    op.drop_index("ix_staff_links_staff_id", table_name="staff_links")
    op.drop_table("staff_links")
