"""Conversations: what a visitor or a networker sees when they (re)join, sending messages,
leaving and closing.

Every message gets the next `seq` of its conversation in the same transaction that stores it
(`UPDATE … SET last_seq = last_seq + 1 RETURNING`, which also locks the conversation row on
PostgreSQL). A `client_id` is stored once per visitor/conversation: a resend returns the stored
message and changes nothing. Replies (acks) are sent only after the commit.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from moderation import assess
from server.actions.errors import ActionError
from server.actions.escalations import get_open_escalation, is_participant, record_assessment
from server.actions.events import conversation_events, conversation_update_events
from server.actions.queue import get_load, get_on_duty_count
from server.actions.resources import get_key_cards
from server.actions.serialize import (
    conversation_for_staff,
    conversation_for_visitor,
    me_dict,
    message_dict,
)
from server.actions.store import append_message
from server.bus import CONSOLE_NS, Event, staff_room
from server.db.hot import HotMessage
from server.db.models import Conversation, Message, Staff, Visitor
from server.services import Services

REPLAY_LIMIT = 500
OPEN = ("queued", "active")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def get_visitor(session: AsyncSession, th: str) -> Visitor | None:
    return (
        await session.execute(select(Visitor).where(Visitor.token_hash == th))
    ).scalar_one_or_none()


async def _staff(session: AsyncSession, staff_id: str | None) -> Staff | None:
    if staff_id is None:
        return None
    return await session.get(Staff, staff_id)


async def get_messages_since(
    session: AsyncSession, conv: Conversation, last_seq: int, for_staff: bool = False
) -> list[dict[str, Any]]:
    rows = (
        await session.execute(
            select(Message, Staff.display_name)
            .outerjoin(Staff, Staff.id == Message.staff_id)
            .where(Message.conversation_id == conv.id, Message.seq > last_seq)
            .order_by(Message.seq)
            .limit(REPLAY_LIMIT)
        )
    ).all()
    from server.actions.resources import (
        get_cards,  # shared library cards, replayed with their messages
    )

    cards = await get_cards(
        session, [m.resource_id for m, _ in rows if m.resource_id], conv.language
    )
    return [
        message_dict(
            m,
            name if m.sender == "staff" else conv.nickname if m.sender == "visitor" else None,
            for_staff,
            resource=cards.get(m.resource_id) if m.resource_id else None,
        )
        for m, name in rows
    ]


def duty_status(svc: Services, on_duty: int) -> dict[str, Any]:
    return {
        "on_duty": on_duty,
        "hours": [w.to_dict() for w in svc.settings.duty_hours],
        "emergency_number": svc.settings.emergency_number,
    }


async def get_visitor_state(
    svc: Services, th: str, last_seq: int, conversation_id: str | None
) -> dict[str, Any]:
    """What the widget needs after (re)connecting: the latest conversation, missed messages,
    queue position, duty status. Reads only."""
    async with svc.db.read() as s:
        on_duty = await get_on_duty_count(s)
        duty = duty_status(svc, on_duty)
        # when nobody is on duty the widget shows these lines (vetted library entries)
        duty["resources"] = await get_key_cards(
            s, svc.clock.now().date().isoformat(), (svc.settings.emergency_number,)
        )
        visitor = await get_visitor(s, th)
        conv = None
        if visitor is not None:
            conv = (
                await s.execute(
                    select(Conversation)
                    .where(Conversation.visitor_id == visitor.id)
                    .order_by(Conversation.created_at.desc(), Conversation.id.desc())
                    .limit(1)
                )
            ).scalar_one_or_none()
        if conv is None:
            return {
                "visitor_id": None,
                "conversation": None,
                "messages": [],
                "queue": None,
                "duty": duty,
            }
        if conversation_id is not None and conversation_id != conv.id:
            last_seq = 0  # the client holds an older conversation: send this one whole
        messages = await get_messages_since(s, conv, last_seq)
        queue = await svc.queue.get_position(s, conv) if conv.status == "queued" else None
        staff = await _staff(s, conv.assigned_staff_id)
        return {
            "visitor_id": conv.visitor_id,
            "conversation": conversation_for_visitor(conv, staff),
            "messages": messages,
            "queue": queue,
            "duty": duty,
        }


async def _find_duplicate(
    session: AsyncSession, conversation_ids: Any, client_id: str
) -> Message | None:
    return (
        await session.execute(
            select(Message)
            .where(Message.conversation_id.in_(conversation_ids), Message.client_id == client_id)
            .limit(1)
        )
    ).scalar_one_or_none()


_append = append_message  # the one place that allocates seq: server/actions/store.py


async def do_send_visitor_message(
    svc: Services,
    th: str,
    *,
    client_id: str,
    text: str,
    nickname: str | None,
    lang: str,
    site: str | None,
    subscribe: Callable[[str], Awaitable[None]] | None = None,
    known: tuple[str, str] | None = None,
    skip_sid: str | None = None,
) -> dict[str, Any]:
    """Store a visitor's message (starting a queued conversation when none is open).

    Emits message.new to both sides except the sending socket `skip_sid`, whose ack carries the
    message (and, for a crisis, the escalation and the emergency contacts, to every socket); a
    new conversation also wakes the queue and the assigner. `subscribe(visitor_id)` runs after
    the commit and before the events, so a first-time visitor's socket receives them.
    Refuses with rate_limited or blocked. Returns {visitor_id, message, conversation}.

    `known` = (visitor id, open conversation id) this socket already has: the common case then
    takes the fast path (two statements). Anything unusual — a crisis signal, a resend, a closed
    conversation — goes the full way.
    """
    now = svc.clock.now()
    # every visitor message is assessed before anyone reads it (CPU only, outside the lock);
    # the language is detected from the text: the widget's language says nothing about it
    assessment = assess(text)
    if known is not None and assessment.severity == "none":
        fast = await _fast_visitor_message(svc, th, known, client_id, text, now, skip_sid)
        if fast is not None:
            return fast
    for attempt in (1, 2):
        try:
            return await _send_visitor_message(
                svc,
                th,
                client_id,
                text,
                nickname,
                lang,
                site,
                attempt == 1,
                subscribe,
                assessment,
                now,
                skip_sid,
            )
        except IntegrityError:
            if attempt == 2:
                raise
            # a concurrent resend of the same client_id won the insert: the retry finds it
    raise AssertionError("unreachable")


async def _send_visitor_message(
    svc: Services,
    th: str,
    client_id: str,
    text: str,
    nickname: str | None,
    lang: str,
    site: str | None,
    limit: bool,
    subscribe: Callable[[str], Awaitable[None]] | None,
    assessment: Any,
    now: datetime,
    skip_sid: str | None,
) -> dict[str, Any]:
    created = False
    async with svc.db.write() as s:
        visitor = await get_visitor(s, th)
        if visitor is not None:
            if visitor.blocked:
                raise ActionError("blocked")
            mine = select(Conversation.id).where(Conversation.visitor_id == visitor.id)
            dup = await _find_duplicate(s, mine, client_id)
            if dup is not None:
                conv = await s.get(Conversation, dup.conversation_id)
                assert conv is not None
                staff = await _staff(s, conv.assigned_staff_id)
                return {
                    "visitor_id": visitor.id,
                    "message": message_dict(dup, conv.nickname),
                    "conversation": conversation_for_visitor(conv, staff),
                    "duplicate": True,
                }
        if limit:
            retry = await svc.visitor_limiter.hit(th)
            if retry is not None:
                raise ActionError("rate_limited", seconds=int(retry + 0.999))
        if visitor is None:
            visitor = Visitor(token_hash=th, nickname=nickname, language=lang, created_at=now)
            s.add(visitor)
            await s.flush()
        conv = (
            await s.execute(
                select(Conversation)
                .where(Conversation.visitor_id == visitor.id, Conversation.status.in_(OPEN))
                .order_by(Conversation.created_at.desc())
                .limit(1)
            )
        ).scalar_one_or_none()
        if conv is None:
            if nickname:
                visitor.nickname = nickname
            conv = Conversation(
                visitor_id=visitor.id,
                status="queued",
                created_at=now,
                queued_at=now,
                language=lang,
                site=site,
                nickname=visitor.nickname,
                first_message=text[:140],
                last_seq=0,
                topics=[],
            )
            s.add(conv)
            await s.flush()
            created = True
        msg = await _append(s, conv, "visitor", None, client_id, text, now)
        # the crisis outcome commits with the message: priority, risk, escalation, contacts
        crisis = await record_assessment(svc, s, conv, msg, assessment, now)
        staff = await _staff(s, conv.assigned_staff_id)
        payload = message_dict(msg, conv.nickname)
        events = conversation_events(
            conv,
            "message.new",
            payload,
            staff_payload=message_dict(msg, conv.nickname, for_staff=True),
            skip_sid=skip_sid,
        )
        events += crisis.events
        conversation = conversation_for_visitor(conv, staff)
        visitor_id = visitor.id
    if subscribe is not None:
        await subscribe(visitor_id)
    await svc.bus.publish(events)
    if created or crisis.queue_changed:
        svc.queue.changed()
    if created:
        svc.assigner.kick()
    svc.metrics.message_stored("visitor", svc.clock.now() - now)
    return {
        "visitor_id": visitor_id,
        "message": payload,
        "conversation": conversation,
        "duplicate": False,
    }


async def _staff_display_name(svc: Services, staff_id: str) -> str | None:
    """A staff member's display name, cached on this node (names change rarely: a stale one
    lasts until the node restarts, like the name in messages already sent)."""
    name = svc.local.staff_names.get(staff_id)
    if name is None:
        async with svc.db.read() as s:
            staff = await s.get(Staff, staff_id)
        if staff is not None:
            name = svc.local.staff_names[staff_id] = staff.display_name
    return name


async def _fast_visitor_message(
    svc: Services,
    th: str,
    known: tuple[str, str],
    client_id: str,
    text: str,
    now: datetime,
    skip_sid: str | None,
) -> dict[str, Any] | None:
    """The common case in two statements: the next seq of the socket's open conversation, and the
    message. None when it went no further (the caller takes the full path): the conversation is
    no longer open, or the client id is stored already (a resend), or the visitor is over the
    rate limit (the full path answers a resend before it counts)."""
    visitor_id, conv_id = known
    if await svc.visitor_limiter.hit(th) is not None:
        return None
    try:
        stored = await svc.db.store_message(
            HotMessage(conv_id, visitor_id, None, client_id, text, now)
        )
    except IntegrityError:
        stored = None
    except Exception:
        await svc.visitor_limiter.refund(th)  # not stored (the client resends): not counted
        raise
    if stored is None:
        await svc.visitor_limiter.refund(th)  # nothing was stored: the full path counts it
        return None
    conv, msg = stored.conv, stored.message
    name = (
        await _staff_display_name(svc, conv.assigned_staff_id)
        if conv.status == "active" and conv.assigned_staff_id
        else None
    )
    payload = message_dict(msg, conv.nickname)
    events = conversation_events(
        conv, "message.new", payload, staff_payload={**payload, "risk": None}, skip_sid=skip_sid
    )
    await svc.bus.publish(events)
    svc.metrics.message_stored("visitor", svc.clock.now() - now)
    networker = SimpleNamespace(display_name=name) if name else None
    return {
        "visitor_id": visitor_id,
        "message": payload,
        "conversation": conversation_for_visitor(conv, networker),
        "duplicate": False,
    }  # type: ignore[arg-type]


async def do_send_staff_message(
    svc: Services,
    staff_id: str,
    conversation_id: str,
    client_id: str,
    text: str,
    skip_sid: str | None = None,
) -> dict[str, Any]:
    """Store a networker's message in a conversation assigned to them (or joined by a
    supervisor). Emits message.new (not to the sending socket `skip_sid`: its ack carries the
    message). The common case takes two statements; a resend, a closed or foreign
    conversation goes the full way for its clear answer."""
    now = svc.clock.now()
    try:
        stored = await svc.db.store_message(
            HotMessage(conversation_id, None, staff_id, client_id, text, now)
        )
    except IntegrityError:
        stored = None  # a resend: the full path below returns the stored message
    if stored is not None:
        visitor_payload = message_dict(stored.message, await _staff_display_name(svc, staff_id))
        payload = {**visitor_payload, "risk": None}
        await svc.bus.publish(
            conversation_events(
                stored.conv,
                "message.new",
                visitor_payload,
                staff_payload=payload,
                skip_sid=skip_sid,
            )
        )
        svc.metrics.message_stored("staff", svc.clock.now() - now)
        return payload
    try:
        async with svc.db.write() as s:
            conv = await s.get(Conversation, conversation_id)
            if conv is None:
                raise ActionError("not_found")
            if conv.assigned_staff_id != staff_id and not await is_participant(
                s, conv.id, staff_id
            ):
                raise ActionError("forbidden")
            dup = await _find_duplicate(s, [conv.id], client_id)
            staff = await s.get(Staff, staff_id)
            assert staff is not None
            if dup is not None:
                return message_dict(dup, staff.display_name, for_staff=True)
            if conv.status != "active":
                raise ActionError("closed")
            msg = await _append(s, conv, "staff", staff_id, client_id, text, now)
            payload = message_dict(msg, staff.display_name, for_staff=True)
            events = conversation_events(
                conv,
                "message.new",
                message_dict(msg, staff.display_name),
                staff_payload=payload,
                skip_sid=skip_sid,
            )
    except IntegrityError:
        async with svc.db.read() as s:
            dup = await _find_duplicate(s, [conversation_id], client_id)
            staff = await s.get(Staff, staff_id)
            if dup is None or staff is None:
                raise
            return message_dict(dup, staff.display_name, for_staff=True)
    await svc.bus.publish(events)
    svc.metrics.message_stored("staff", svc.clock.now() - now)
    return payload


async def get_staff_conversation(
    svc: Services, staff_id: str, conversation_id: str, last_seq: int
) -> dict[str, Any]:
    """A conversation and its messages after `last_seq`, for the networker it is assigned to."""
    async with svc.db.read() as s:
        conv = await s.get(Conversation, conversation_id)
        if conv is None:
            raise ActionError("not_found")
        if conv.assigned_staff_id != staff_id:
            raise ActionError("forbidden")
        staff = await _staff(s, conv.assigned_staff_id)
        return {
            "conversation": conversation_for_staff(conv, staff),
            "messages": await get_messages_since(s, conv, last_seq, for_staff=True),
            "escalation": await get_open_escalation(s, conv),
        }


async def get_typing_events(
    svc: Services,
    *,
    visitor_id: str | None = None,
    staff_id: str | None = None,
    conversation_id: str | None = None,
    typing: bool,
) -> list[Event]:
    """Typing goes only to the other side of an active conversation."""
    async with svc.db.read() as s:
        if visitor_id is not None:
            conv = (
                await s.execute(
                    select(Conversation)
                    .where(Conversation.visitor_id == visitor_id, Conversation.status == "active")
                    .limit(1)
                )
            ).scalar_one_or_none()
            if conv is None:
                return []
            return conversation_events(
                conv,
                "typing",
                {"conversation_id": conv.id, "sender": "visitor", "typing": typing},
                to_visitor=False,
            )
        conv = await s.get(Conversation, conversation_id) if conversation_id else None
        if conv is None:
            raise ActionError("not_found")
        if conv.assigned_staff_id != staff_id:
            raise ActionError("forbidden")
        if conv.status != "active":
            return []
        return conversation_events(
            conv,
            "typing",
            {"conversation_id": conv.id, "sender": "staff", "typing": typing},
            to_staff=False,
        )


async def get_presence_events(svc: Services, visitor_id: str, online: bool) -> list[Event]:
    async with svc.db.read() as s:
        conv = (
            await s.execute(
                select(Conversation)
                .where(Conversation.visitor_id == visitor_id, Conversation.status == "active")
                .limit(1)
            )
        ).scalar_one_or_none()
        if conv is None:
            return []
        return conversation_events(
            conv,
            "visitor.presence",
            {"conversation_id": conv.id, "online": online},
            to_visitor=False,
        )


async def do_visitor_leave(svc: Services, th: str) -> None:
    """The visitor ends their open conversation (end chat, quick exit). Emits conversation.update
    (op=closed, reason=visitor_left) to both sides; a queued one leaves the queue."""
    now = svc.clock.now()
    async with svc.db.write() as s:
        visitor = await get_visitor(s, th)
        if visitor is None:
            return
        conv = (
            await s.execute(
                select(Conversation)
                .where(Conversation.visitor_id == visitor.id, Conversation.status.in_(OPEN))
                .limit(1)
            )
        ).scalar_one_or_none()
        if conv is None:
            return
        was_queued = conv.status == "queued"
        conv.status = "closed"
        conv.closed_at = now
        conv.close_reason = "visitor_left"
        staff = await _staff(s, conv.assigned_staff_id)
        events = conversation_update_events(conv, staff, "closed", "visitor_left")
    await svc.bus.publish(events)
    if was_queued:
        svc.queue.changed()
    else:
        svc.assigner.kick()


async def do_close_conversation(
    svc: Services, staff_id: str, conversation_id: str, outcome: str, topics: list[str]
) -> dict[str, Any]:
    """The networker closes a chat assigned to them with an outcome and topics (also allowed
    after the visitor left, to record them). Emits conversation.update(op=closed)."""
    now = svc.clock.now()
    async with svc.db.write() as s:
        conv = await s.get(Conversation, conversation_id)
        if conv is None:
            raise ActionError("not_found")
        if conv.assigned_staff_id != staff_id:
            raise ActionError("forbidden")
        was_active = conv.status == "active"
        if was_active:
            conv.status = "closed"
            conv.closed_at = now
            conv.close_reason = "closed_by_staff"
        elif conv.status != "closed":
            raise ActionError("forbidden")
        conv.outcome = outcome
        conv.topics = sorted(set(topics))
        staff = await _staff(s, staff_id)
        assert staff is not None
        events = conversation_update_events(conv, staff, "closed", conv.close_reason)
        if was_active:  # the networker's load went down: tell their tabs
            events.append(
                Event(
                    "duty.update",
                    me_dict(staff, await get_load(s, staff_id)),
                    staff_room(staff_id),
                    CONSOLE_NS,
                )
            )
        result = conversation_for_staff(conv, staff)
    await svc.bus.publish(events if was_active else events[1:2])
    svc.queue.changed()
    svc.assigner.kick()
    return result
