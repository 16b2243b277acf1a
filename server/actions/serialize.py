"""The JSON shapes of docs/protocol.md, built from rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moderation import render_html
from server.db.hot import ConvRow, MessageRow
from server.db.models import Conversation, Message, Staff
from server.protocol import Me, ResourceCard, StaffConversation, VisitorConversation
from server.protocol import Message as MessagePayload


def iso(value: datetime | None) -> str | None:
    """`2026-11-24T06:30:00.123456Z` (values are UTC; isoformat is several times faster than
    strftime on the message path)."""
    if value is None:
        return None
    return value.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def message_dict(
    msg: Message | MessageRow,
    sender_name: str | None,
    for_staff: bool = False,
    resource: ResourceCard | None = None,
) -> MessagePayload:
    """A message as docs/protocol.md describes it; staff also see its crisis `risk`. `resource`:
    the card of a shared library entry (server/actions/resources.py `card`), else null."""
    data: dict[str, Any] = {
        "id": msg.id,
        "conversation_id": msg.conversation_id,
        "seq": msg.seq,
        "sender": msg.sender,
        "sender_name": sender_name,
        "client_id": msg.client_id,
        "text": msg.text,
        "html": render_html(msg.text),
        "created_at": iso(msg.created_at),
        "resource": resource,
        # only crisis replies carry one; hot-path rows (MessageRow) never do
        "emergency": getattr(msg, "emergency", None),
    }
    if for_staff:
        data["risk"] = msg.risk
    # the columns hold the protocol's Literal values (checked by the models' constraints)
    return cast(MessagePayload, data)


def conversation_for_visitor(
    conv: Conversation | ConvRow, staff: Staff | None
) -> VisitorConversation:
    """A conversation as its visitor sees it (the networker's first name only)."""
    data: dict[str, Any] = {
        "id": conv.id,
        "status": conv.status,
        "networker": {"name": staff.display_name}
        if staff is not None and conv.status == "active"
        else None,
        "queued_at": iso(conv.queued_at),
        "assigned_at": iso(conv.assigned_at),
        "closed_at": iso(conv.closed_at),
        "close_reason": conv.close_reason,
        "last_seq": conv.last_seq,
    }
    return cast(VisitorConversation, data)


def conversation_for_staff(
    conv: Conversation, staff: Staff | None, visitor_online: bool | None
) -> StaffConversation:
    """A conversation as staff see it: the visitor view plus queue, risk and case fields, and
    the visitor's presence (`server/actions/presence.py`; always None once it is closed: a
    closed chat shows no presence)."""
    data: dict[str, Any] = dict(conversation_for_visitor(conv, staff))
    data.update(
        {
            "networker": {"id": staff.id, "name": staff.display_name}
            if staff is not None
            else None,
            "priority": conv.priority,
            "language": conv.language,
            "visitor_lang": conv.visitor_lang or conv.language,
            "site": conv.site,
            "nickname": conv.nickname,
            "first_message": conv.first_message,
            "requeued": conv.requeued,
            "vanished": bool(conv.vanished),
            "outcome": conv.outcome,
            "topics": list(conv.topics or []),
            "risk": conv.risk,
            "visitor_online": None if conv.status == "closed" else visitor_online,
            "case_id": conv.case_id,
        }
    )
    return cast(StaffConversation, data)


def me_dict(staff: Staff, load: int) -> Me:
    """A staff member's own duty state (Me)."""
    data: dict[str, Any] = {
        "id": staff.id,
        "name": staff.display_name,
        "role": staff.role,
        "on_duty": staff.on_duty,
        "capacity": staff.capacity,
        "auto_assign": staff.auto_assign,
        "load": load,
    }
    return cast(Me, data)


async def staff_refs(session: AsyncSession, ids: set[str]) -> dict[str, dict[str, str]]:
    """{id: {"id", "name"}} of the staff members `ids` (for StaffRef fields)."""
    if not ids:
        return {}
    rows = await session.execute(select(Staff.id, Staff.display_name).where(Staff.id.in_(ids)))
    return {sid: {"id": sid, "name": name} for sid, name in rows}
