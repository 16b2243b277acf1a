"""HSDS directory: organisations and locations as tables of their own, a service's locations,
the original HSDS objects kept verbatim (lossless round trip), partner feeds, the partner's
verification date beside ours

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

import server.db.models

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


# added to `resources` with plain ADD COLUMN (no foreign keys): on SQLite a constraint would make
# Alembic rebuild the table, which drops the full-text triggers of migration 0003
def _resource_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("organization_id", sa.String(length=32), nullable=True),
        sa.Column("hsds_original", sa.JSON(), nullable=True),
        sa.Column("partner_verified_on", sa.String(length=10), nullable=True),
        sa.Column("partner_verified_by", sa.String(length=200), nullable=True),
        sa.Column("feed_id", sa.String(length=32), nullable=True),
        sa.Column("withdrawn_at", server.db.models.UTCDateTime(), nullable=True),
        sa.Column("feed_pending", sa.JSON(), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "partner_feeds",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("created_at", server.db.models.UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=True),
        sa.Column("next_fetch_at", server.db.models.UTCDateTime(), nullable=False),
        sa.Column("last_fetch_at", server.db.models.UTCDateTime(), nullable=True),
        sa.Column("last_ok_at", server.db.models.UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_report", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["created_by"], ["staff.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("url"),
    )
    op.create_table(
        "organizations",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("hsds_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("raw", sa.JSON(), nullable=False),
        sa.Column("feed_id", sa.String(length=32), nullable=True),
        sa.Column("updated_at", server.db.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["feed_id"], ["partner_feeds.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("hsds_id"),
    )
    op.create_table(
        "locations",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("hsds_id", sa.String(length=64), nullable=False),
        sa.Column("organization_id", sa.String(length=32), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("address", sa.JSON(), nullable=True),
        sa.Column("raw", sa.JSON(), nullable=False),
        sa.Column("updated_at", server.db.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["organization_id"], ["organizations.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("hsds_id"),
    )
    op.create_table(
        "resource_locations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("resource_id", sa.String(length=32), nullable=False),
        sa.Column("location_id", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("raw", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["resource_id"], ["resources.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["location_id"], ["locations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_resource_locations_resource_id", "resource_locations", ["resource_id"], unique=False
    )
    op.create_index(
        "ix_resource_locations_location_id", "resource_locations", ["location_id"], unique=False
    )
    for column in _resource_columns():
        op.add_column("resources", column)
    op.create_index("ix_resources_organization_id", "resources", ["organization_id"])
    op.create_index("ix_resources_feed_id", "resources", ["feed_id"])


def downgrade() -> None:
    op.drop_index("ix_resources_feed_id", table_name="resources")
    op.drop_index("ix_resources_organization_id", table_name="resources")
    for column in reversed(_resource_columns()):
        op.drop_column("resources", column.name)  # plain DROP COLUMN (SQLite >= 3.35)
    op.drop_index("ix_resource_locations_location_id", table_name="resource_locations")
    op.drop_index("ix_resource_locations_resource_id", table_name="resource_locations")
    op.drop_table("resource_locations")
    op.drop_table("locations")
    op.drop_table("organizations")
    op.drop_table("partner_feeds")
