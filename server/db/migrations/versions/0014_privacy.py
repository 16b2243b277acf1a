"""privacy: erased conversations (a stub with no text), the daily purge's one-row state, and an
audit log whose entries may be deleted once older than a year (retention) but never changed

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

MESSAGE = "audit_log is append-only"
# the youngest audit entry the database lets anyone delete (NETREACH_RETENTION_AUDIT_DAYS has
# this as its minimum): recent entries stay tamper-proof, old ones can expire
AUDIT_FLOOR_DAYS = 365


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("erased_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("erased_reason", sa.String(16), nullable=True))
    op.create_table(
        "purge_state",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("last_run_at", sa.DateTime(), nullable=True),
    )
    op.execute("INSERT INTO purge_state (id, last_run_at) VALUES (1, NULL)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute(
            "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION netreach_audit_append_only()"
        )
        op.execute(
            f"""
            CREATE FUNCTION netreach_audit_delete_expired() RETURNS trigger AS $$
            BEGIN
              IF OLD.at > (now() AT TIME ZONE 'UTC') - interval '{AUDIT_FLOOR_DAYS} days' THEN
                RAISE EXCEPTION '{MESSAGE}';
              END IF;
              RETURN OLD;
            END;
            $$ LANGUAGE plpgsql
            """
        )
        op.execute(
            "CREATE TRIGGER audit_log_delete_expired BEFORE DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION netreach_audit_delete_expired()"
        )
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
        op.execute(
            "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
            f"WHEN OLD.at > datetime('now', '-{AUDIT_FLOOR_DAYS} days') "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_delete_expired ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS netreach_audit_delete_expired()")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update ON audit_log")
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION netreach_audit_append_only()"
        )
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
        op.execute(
            "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        )
    op.drop_table("purge_state")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("erased_reason")
        batch.drop_column("erased_at")
