"""What supervisors' escalation cards show: an escalation in the protocol's shape, and the
update that keeps every card right when the escalation's conversation changes.

A card carries the conversation's status and networker (`Escalation.conversation`), and the
supervisor's reassign list leaves out whoever has the chat, so every action that hands the chat
on — taken from the queue (by hand or automatically), taken over, reassigned, back in the queue,
closed — sends the open escalation again (`escalation_card_events`) with the new state. Those
updates say why (`reason`) and who did it (`by`), so consoles alarm only for a stronger signal
and never for their own action. Below the queue and duty modules, which hand chats on.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from moderation import redact
from server.actions.events import escalation_events
from server.actions.serialize import iso
from server.bus import Event
from server.db.models import Conversation, Escalation, Message, Staff
from server.protocol import Escalation as EscalationPayload

EXCERPT = 280


def escalation_dict(
    e: Escalation, conv: Conversation, names: dict[str, str], excerpt: str | None
) -> EscalationPayload:
    """The protocol shape of an escalation (`names`: staff id -> display name)."""

    def who(staff_id: str | None) -> dict[str, str] | None:
        return {"id": staff_id, "name": names.get(staff_id, "?")} if staff_id else None

    data: dict[str, Any] = {
        "id": e.id,
        "conversation_id": e.conversation_id,
        "message_id": e.message_id,
        "source": e.source,
        "severity": e.severity,
        "categories": list(e.categories or []),
        "matches": [{"message_id": e.message_id, **m} for m in (e.matches or {}).get("items", [])],
        "detected_by": list((e.matches or {}).get("detected_by", [])),
        "message_ids": list((e.matches or {}).get("message_ids", [])),
        "reason": e.reason,
        "excerpt": excerpt,
        "status": e.status,
        "overdue": e.overdue,
        "raised_at": iso(e.raised_at),
        "raised_by": who(e.raised_by),
        "acknowledged_at": iso(e.acknowledged_at),
        "acknowledged_by": who(e.acknowledged_by),
        "resolved_at": iso(e.resolved_at),
        "resolved_by": who(e.resolved_by),
        "outcome": e.outcome,
        "note": e.note,
        "conversation": {
            "status": conv.status,
            "priority": conv.priority,
            "risk": conv.risk,
            "language": conv.language,
            "site": conv.site,
            "nickname": conv.nickname,
            "queued_at": iso(conv.queued_at),
            "networker": who(conv.assigned_staff_id),
        },
    }
    # the columns hold the protocol's Literal values (checked by the models' constraints)
    return cast(EscalationPayload, data)


async def _names(session: AsyncSession, *ids: str | None) -> dict[str, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    rows = await session.execute(select(Staff.id, Staff.display_name).where(Staff.id.in_(wanted)))
    return dict(rows.all())


async def get_escalation_payload(
    session: AsyncSession, e: Escalation, conv: Conversation
) -> EscalationPayload:
    """An escalation as docs/protocol.md describes it, with staff names and the excerpt (the
    message's first EXCERPT characters after `moderation.redact`)."""
    names = await _names(
        session, e.raised_by, e.acknowledged_by, e.resolved_by, conv.assigned_staff_id
    )
    excerpt = None
    if e.message_id:
        text = await session.scalar(select(Message.text).where(Message.id == e.message_id))
        # the excerpt leaves the chat (every supervisor's alert): personal data redacted
        excerpt = redact(text)[:EXCERPT] if text else None
    return escalation_dict(e, conv, names, excerpt)


async def get_open_escalation_row(session: AsyncSession, conversation_id: str) -> Escalation | None:
    """The conversation's open (not resolved) escalation row: a conversation has at most one."""
    return (
        await session.execute(
            select(Escalation)
            .where(Escalation.conversation_id == conversation_id, Escalation.status != "resolved")
            .order_by(Escalation.raised_at.desc())
            .limit(1)
        )
    ).scalar_one_or_none()


async def get_open_escalation(
    session: AsyncSession, conv: Conversation
) -> EscalationPayload | None:
    """The conversation's open (not resolved) escalation, if any."""
    esc = await get_open_escalation_row(session, conv.id)
    return None if esc is None else await get_escalation_payload(session, esc, conv)


async def escalation_card_events(
    session: AsyncSession, conv: Conversation, reason: str, by: Staff | None
) -> list[Event]:
    """Inside the transaction that changed `conv` (assignment, take-over, reassignment, back to
    the queue, closing): escalation.update(op=updated, reason, by) carrying the conversation's
    new status and networker, to every supervisor and the chat's (new) networker — nothing when
    the conversation has no open escalation. `conv` must hold its new state already."""
    esc = await get_open_escalation_row(session, conv.id)
    if esc is None:
        return []
    payload = await get_escalation_payload(session, esc, conv)
    return escalation_events(conv.assigned_staff_id, payload, "updated", reason, by)
