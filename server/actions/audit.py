"""The append-only audit log. Written inside the transaction of the action it records."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import AuditLog


def write_audit(session: AsyncSession, at: datetime, actor_id: str | None, action: str, subject: str | None, details: dict[str, Any]) -> None:
    session.add(AuditLog(at=at, actor_id=actor_id, action=action, subject=subject, details=details))
