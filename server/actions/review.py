"""Audited review of past conversations (supervisors and admins): a filtered, paged list that
shows no text, a read-only transcript (each opening audited as `transcript.open`), and a
transcript export for case review (HTML print view or JSON; personal data redacted by
`moderation.redact` unless asked otherwise; audited as `transcript.export`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import String, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from moderation import redact
from server.actions.access import check_conversation, check_supervisor
from server.actions.audit import write_audit
from server.actions.messages import get_messages_since
from server.actions.serialize import iso
from server.db.models import Conversation, Escalation, Staff
from server.services import Services

PAGE_SIZE = 50


@dataclass(frozen=True)
class ReviewFilters:
    """The review list's filters: conversations that started in [since, until), and optionally
    a topic, an outcome, a risk level, a site (exact host) and a networker (staff id)."""

    since: datetime
    until: datetime
    topic: str | None = None
    outcome: str | None = None
    risk: str | None = None
    site: str | None = None
    networker: str | None = None


def _row(conv: Conversation, networker: str | None, escalations: int) -> dict[str, Any]:
    return {
        "id": conv.id,
        "status": conv.status,
        "created_at": iso(conv.created_at),
        "closed_at": iso(conv.closed_at),
        "site": conv.site,
        "language": conv.language,
        "networker": networker,
        "outcome": conv.outcome,
        "topics": list(conv.topics or []),
        "risk": conv.risk,
        "messages": conv.last_seq,
        "escalations": escalations,
        "erased_at": iso(conv.erased_at),
        "erased_reason": conv.erased_reason,
    }


async def get_review_list(
    svc: Services, staff_id: str, filters: ReviewFilters, page: int = 1
) -> dict[str, Any]:
    """One page (PAGE_SIZE, newest first) of past conversations matching `filters`:
    {"rows": [{id, status, created_at, closed_at, site, language, networker (name), outcome,
    topics, risk, messages (how many were written), escalations, erased_at, erased_reason}],
    "total", "page", "pages"}. No text of the conversations, so listing is not audited.
    Raises ActionError forbidden for a networker."""
    async with svc.db.read() as s:
        await check_supervisor(s, staff_id)
        where = [Conversation.created_at >= filters.since, Conversation.created_at < filters.until]
        if filters.topic:
            # topics is a JSON list; its text form holds each topic in quotes on both databases
            where.append(cast(Conversation.topics, String).like(f'%"{filters.topic}"%'))
        if filters.outcome:
            where.append(Conversation.outcome == filters.outcome)
        if filters.risk:
            where.append(Conversation.risk == filters.risk)
        if filters.site:
            where.append(Conversation.site == filters.site)
        if filters.networker:
            where.append(Conversation.assigned_staff_id == filters.networker)
        total = int(
            await s.scalar(select(func.count()).select_from(Conversation).where(*where)) or 0
        )
        pages = max(1, -(-total // PAGE_SIZE))
        page = min(max(1, page), pages)
        n_esc = (
            select(func.count())
            .select_from(Escalation)
            .where(Escalation.conversation_id == Conversation.id)
            .scalar_subquery()
        )
        rows = (
            await s.execute(
                select(Conversation, Staff.display_name, n_esc)
                .outerjoin(Staff, Staff.id == Conversation.assigned_staff_id)
                .where(*where)
                .order_by(Conversation.created_at.desc(), Conversation.id.desc())
                .limit(PAGE_SIZE)
                .offset((page - 1) * PAGE_SIZE)
            )
        ).all()
        return {
            "rows": [_row(c, name, int(n)) for c, name, n in rows],
            "total": total,
            "page": page,
            "pages": pages,
        }


async def get_networkers(svc: Services) -> list[dict[str, str]]:
    """Staff who can be chosen in the review list's networker filter: [{id, name}] by name."""
    async with svc.db.read() as s:
        rows = (
            await s.execute(select(Staff.id, Staff.display_name).order_by(Staff.display_name))
        ).all()
    return [{"id": i, "name": n} for i, n in rows]


async def _transcript(
    s: AsyncSession, svc: Services, conversation_id: str, redacted: bool
) -> dict[str, Any]:
    conv = await check_conversation(s, conversation_id)
    networker = await s.get(Staff, conv.assigned_staff_id) if conv.assigned_staff_id else None
    messages = await get_messages_since(s, conv, 0, svc.clock.now().date().isoformat(), True)
    n_esc = await s.scalar(
        select(func.count()).select_from(Escalation).where(Escalation.conversation_id == conv.id)
    )
    lines = [
        {
            "seq": m["seq"],
            "sender": m["sender"],
            "sender_name": m["sender_name"],
            "created_at": m["created_at"],
            "text": redact(m["text"]) if redacted else m["text"],
            "risk": m.get("risk"),
        }
        for m in messages
    ]
    return {
        "conversation": _row(conv, networker.display_name if networker else None, int(n_esc or 0)),
        "messages": lines,
        "redacted": redacted,
    }


async def get_review_transcript(
    svc: Services, staff_id: str, conversation_id: str
) -> dict[str, Any]:
    """A past conversation, read-only, for a supervisor: {"conversation" (as a list row),
    "messages": [{seq, sender, sender_name, created_at, text, risk}], "redacted": False}.
    Audited first (`transcript.open`, details {"role", "via": "review"}), in its own commit.
    Raises ActionError forbidden (not a supervisor) or not_found."""
    now = svc.clock.now()
    async with svc.db.write() as s:
        staff = await check_supervisor(s, staff_id)
        conv = await check_conversation(s, conversation_id)
        write_audit(
            s, now, staff_id, "transcript.open", conv.id, {"role": staff.role, "via": "review"}
        )
    async with svc.db.read() as s:
        return await _transcript(s, svc, conversation_id, redacted=False)


async def get_transcript_export(
    svc: Services, staff_id: str, conversation_id: str, fmt: str, redacted: bool = True
) -> dict[str, Any]:
    """A transcript for case review, shaped as by `get_review_transcript`, with every message
    text passed through `moderation.redact` unless `redacted` is False. Audited first
    (`transcript.export`, details {"role", "format", "redacted"}). `fmt`: "html" or "json"
    (recorded only: the view renders it). Raises ActionError forbidden or not_found."""
    now = svc.clock.now()
    async with svc.db.write() as s:
        staff = await check_supervisor(s, staff_id)
        conv = await check_conversation(s, conversation_id)
        write_audit(
            s,
            now,
            staff_id,
            "transcript.export",
            conv.id,
            {"role": staff.role, "format": fmt, "redacted": redacted},
        )
    async with svc.db.read() as s:
        return await _transcript(s, svc, conversation_id, redacted=redacted)
