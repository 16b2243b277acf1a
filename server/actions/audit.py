"""The append-only audit log. Written inside the transaction of the action it records."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import AuditLog, Staff
from server.services import Services

EXPORT_PAGE = 1000  # entries read per query while exporting


def write_audit(
    session: AsyncSession,
    at: datetime,
    actor_id: str | None,
    action: str,
    subject: str | None,
    details: dict[str, Any],
) -> None:
    session.add(AuditLog(at=at, actor_id=actor_id, action=action, subject=subject, details=details))


async def get_audit(
    session: AsyncSession, limit: int = 200, before_id: int | None = None, action: str | None = None
) -> list[dict[str, Any]]:
    """Newest first; page with `before_id`. Staff names resolved for reading. Each entry:
    {id, at (ISO UTC), actor_id, actor (username), actor_name, action, subject, details}.
    Runs in the caller's session (see `get_audit_page` / `get_audit_export` for views)."""
    q = (
        select(AuditLog, Staff.display_name, Staff.username)
        .outerjoin(Staff, Staff.id == AuditLog.actor_id)
        .order_by(AuditLog.id.desc())
        .limit(limit)
    )
    if before_id is not None:
        q = q.where(AuditLog.id < before_id)
    if action:
        q = q.where(AuditLog.action == action)
    rows = (await session.execute(q)).all()
    return [
        {
            "id": a.id,
            "at": a.at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "actor_id": a.actor_id,
            "actor": username,
            "actor_name": name,
            "action": a.action,
            "subject": a.subject,
            "details": a.details or {},
        }
        for a, name, username in rows
    ]


async def get_audit_page(
    svc: Services, limit: int = 200, before_id: int | None = None
) -> list[dict[str, Any]]:
    """One page of the log for the admin page: at most `limit` entries older than `before_id`
    (all when None), newest first, shaped as by `get_audit`."""
    async with svc.db.read() as s:
        return await get_audit(s, limit=limit, before_id=before_id)


async def get_audit_export(svc: Services, limit: int) -> list[dict[str, Any]]:
    """The whole log for an export, newest first, shaped as by `get_audit`: read page by page in
    one read transaction, at most `limit` entries (the newest ones)."""
    out: list[dict[str, Any]] = []
    before = None
    async with svc.db.read() as s:
        while len(out) < limit:
            page = await get_audit(s, limit=min(EXPORT_PAGE, limit - len(out)), before_id=before)
            if not page:
                break
            out += page
            before = page[-1]["id"]
    return out


async def do_record(
    svc: Services, actor_id: str | None, action: str, subject: str | None, details: dict[str, Any]
) -> None:
    """Record an access that changes nothing else (e.g. an export of the audit log itself)."""
    async with svc.db.write() as s:
        write_audit(s, svc.clock.now(), actor_id, action, subject, details)
