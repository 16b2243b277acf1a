"""The audit log is append-only, enforced by the database itself."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import DBAPIError

from server.actions.staff import do_set_role
from server.db.models import AuditLog
from tests.conftest import LiveServer


async def test_role_changes_are_audited_and_the_log_cannot_be_rewritten(
    live_server: LiveServer,
) -> None:
    svc = live_server.svc
    admin = await live_server.create_staff("root", role="admin")
    await live_server.create_staff("ania")
    result = await do_set_role(svc, admin["id"], "ania", "supervisor")
    assert result == {
        "id": result["id"],
        "username": "ania",
        "role": "supervisor",
        "previous": "networker",
    }
    async with svc.db.read() as s:
        row = (
            await s.execute(select(AuditLog).where(AuditLog.action == "staff.role"))
        ).scalar_one()
        before = await s.scalar(select(func.count()).select_from(AuditLog))
    assert row.actor_id == admin["id"]
    assert row.details == {
        "username": "ania",
        "from": "networker",
        "to": "supervisor",
    }
    with pytest.raises(DBAPIError, match="append-only"):
        async with svc.db.write() as s:
            await s.execute(
                update(AuditLog).where(AuditLog.id == row.id).values(action="nothing happened")
            )
    with pytest.raises(DBAPIError, match="append-only"):
        async with svc.db.write() as s:
            await s.execute(delete(AuditLog))
    async with svc.db.read() as s:
        assert await s.scalar(select(func.count()).select_from(AuditLog)) == before
        assert (await s.get(AuditLog, row.id)).action == "staff.role"  # type: ignore[union-attr]


async def test_the_last_admin_cannot_be_demoted_and_only_admins_change_roles(
    live_server: LiveServer,
) -> None:
    from server.actions.staff import StaffError

    svc = live_server.svc
    admin = await live_server.create_staff("root", role="admin")
    sup = await live_server.create_staff("marta", role="supervisor")
    with pytest.raises(StaffError, match="last admin"):
        await do_set_role(svc, admin["id"], "root", "networker")
    with pytest.raises(StaffError, match="only admins"):
        await do_set_role(svc, sup["id"], "marta", "admin")
