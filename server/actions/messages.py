"""Messages: the one place that stores a message and builds `message.new`.

Every message — a visitor's, a networker's, a system message with emergency contacts or a
supervisor's arrival, a shared library card — gets the next `seq` of its conversation in the
transaction that stores it (`append_message`), and reaches both sides as `message.new`
(`message_new_events`). A `client_id` is stored once per conversation: a resend returns the
stored message and changes nothing. Acks are sent only after the commit.

The common case (one more message in a conversation the socket already knows) skips the ORM:
`server/db/hot.py` writes it in a batch with the messages that arrive in the same moments.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, cast

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from moderation import CONTEXT_MESSAGES
from server.actions import resources
from server.actions.access import check_can_write, check_conversation
from server.actions.errors import ActionError
from server.actions.events import Tx, conversation_events, publish, transaction
from server.actions.serialize import message_dict
from server.bus import Event
from server.db.hot import ConvRow, HotMessage, MessageRow
from server.db.models import Conversation, Message, Resource, Staff
from server.protocol import Emergency, ResourceCard, StaffMessage
from server.protocol import Message as MessagePayload
from server.services import Services

REPLAY_LIMIT = 500


async def get_recent_visitor_messages(
    session: AsyncSession, conversation_id: str, limit: int = CONTEXT_MESSAGES - 1
) -> list[tuple[str, str]]:
    """The visitor's last `limit` messages in a conversation as (id, text), oldest first: by
    default the context `assess_conversation` reads a new message in."""
    rows = (
        await session.execute(
            select(Message.id, Message.text)
            .where(Message.conversation_id == conversation_id, Message.sender == "visitor")
            .order_by(Message.seq.desc())
            .limit(limit)
        )
    ).all()
    return [(r[0], r[1]) for r in reversed(rows)]


async def append_message(
    session: AsyncSession,
    conv: Conversation,
    sender: str,
    staff_id: str | None,
    client_id: str | None,
    text: str,
    now: datetime,
    risk: str | None = None,
    resource_id: str | None = None,
    emergency: dict[str, Any] | None = None,
) -> Message:
    """Store a message with the conversation's next seq, in the caller's transaction.

    `UPDATE … SET last_seq = last_seq + 1 RETURNING` is atomic and, on PostgreSQL, locks the
    conversation row until commit, so two concurrent senders get consecutive numbers."""
    seq = (
        await session.execute(
            update(Conversation)
            .where(Conversation.id == conv.id)
            .values(last_seq=Conversation.last_seq + 1)
            .returning(Conversation.last_seq)
        )
    ).scalar_one()
    conv.last_seq = seq
    msg = Message(
        conversation_id=conv.id,
        seq=seq,
        sender=sender,
        staff_id=staff_id,
        client_id=client_id,
        text=text,
        created_at=now,
        risk=risk,
        resource_id=resource_id,
        emergency=emergency,
    )
    session.add(msg)
    await session.flush()
    return msg


def message_new_events(
    conv: Conversation | ConvRow,
    msg: Message | MessageRow,
    sender_name: str | None,
    skip_sid: str | None = None,
    resource: ResourceCard | None = None,
) -> tuple[MessagePayload, StaffMessage, list[Event]]:
    """`message.new` for both sides of the conversation (the staff copy carries the message's
    risk); not to the socket `skip_sid` that sent it. Returns (visitor payload, staff payload,
    events)."""
    visitor_payload = message_dict(msg, sender_name, resource=resource)
    staff_payload: StaffMessage = {**visitor_payload, "risk": msg.risk}  # type: ignore[typeddict-item]
    events = conversation_events(
        conv, "message.new", visitor_payload, staff_payload=staff_payload, skip_sid=skip_sid
    )
    return visitor_payload, staff_payload, events


async def do_append_system_message(
    tx: Tx, conv: Conversation, text: str, now: datetime, emergency: Emergency | None = None
) -> None:
    """A system message (a crisis reply with its `emergency` card, "a supervisor joined",
    "X continues") in the caller's transaction; both sides get it after the commit."""
    msg = await append_message(
        tx.session, conv, "system", None, None, text, now, emergency=cast(Any, emergency)
    )
    tx.emit(message_new_events(conv, msg, None)[2])


async def find_duplicate(
    session: AsyncSession, conversation_ids: Any, client_id: str
) -> Message | None:
    """The message stored with `client_id` in one of the conversations (a resend), if any."""
    return (
        await session.execute(
            select(Message)
            .where(Message.conversation_id.in_(conversation_ids), Message.client_id == client_id)
            .limit(1)
        )
    ).scalar_one_or_none()


async def get_messages_since(
    session: AsyncSession, conv: Conversation, last_seq: int, on: str, for_staff: bool = False
) -> list[MessagePayload]:
    """Messages with seq > last_seq, oldest first (at most REPLAY_LIMIT), with the cards of
    shared library entries as they are on `on` (an ISO date)."""
    rows = (
        await session.execute(
            select(Message, Staff.display_name)
            .outerjoin(Staff, Staff.id == Message.staff_id)
            .where(Message.conversation_id == conv.id, Message.seq > last_seq)
            .order_by(Message.seq)
            .limit(REPLAY_LIMIT)
        )
    ).all()
    cards = await resources.get_cards(
        session, [m.resource_id for m, _ in rows if m.resource_id], conv.language, on
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


async def get_staff_display_name(svc: Services, staff_id: str) -> str | None:
    """A staff member's display name, cached on this node (names change rarely: a stale one
    lasts until the node restarts, like the name in messages already sent)."""
    name = svc.local.staff_names.get(staff_id)
    if name is None:
        async with svc.db.read() as s:
            staff = await s.get(Staff, staff_id)
        if staff is not None:
            name = svc.local.staff_names[staff_id] = staff.display_name
    return name


async def do_store_hot(
    svc: Services, req: HotMessage, staff_name: str | None, skip_sid: str | None
) -> tuple[ConvRow, MessagePayload, StaffMessage] | None:
    """The common case: one more message in an open conversation, written in a batch
    (server/db/hot.py). Publishes message.new after the batch's commit. `staff_name`: the
    sender's name for a staff message (a visitor's is the conversation's nickname). None when
    it went no further (not the sender's open conversation); IntegrityError for a resend."""
    stored = await svc.db.store_message(req)
    if stored is None:
        return None
    name = staff_name if req.staff_id is not None else stored.conv.nickname
    visitor_payload, staff_payload, events = message_new_events(
        stored.conv, stored.message, name, skip_sid
    )
    await publish(svc, events)
    svc.metrics.message_stored(stored.message.sender, svc.clock.now() - req.now)
    return stored.conv, visitor_payload, staff_payload


# --- staff messages -----------------------------------------------------------------------------

MakeMessage = Callable[[AsyncSession, Conversation], Awaitable[tuple[str, Resource | None]]]


async def _do_store_staff(
    svc: Services,
    staff_id: str,
    conversation_id: str,
    client_id: str,
    make: MakeMessage,
    skip_sid: str | None,
) -> StaffMessage:
    """The full way for a staff message: access, resend, closed, then `make` gives the text
    (and the shared entry, whose own refusals it raises)."""
    now = svc.clock.now()
    on = now.date().isoformat()
    try:
        async with transaction(svc) as tx:
            s = tx.session
            conv = await check_conversation(s, conversation_id)
            await check_can_write(s, conv, staff_id)
            staff = await s.get(Staff, staff_id)
            if staff is None:
                raise ActionError("forbidden")
            dup = await find_duplicate(s, [conv.id], client_id)
            if dup is not None:
                return await _stored(s, dup, staff.display_name, conv.language, on)
            if conv.status != "active":
                raise ActionError("closed")
            text, resource = await make(s, conv)
            card = resources.card(resource, conv.language, on) if resource is not None else None
            msg = await append_message(
                s,
                conv,
                "staff",
                staff_id,
                client_id,
                text,
                now,
                resource_id=resource.id if resource is not None else None,
            )
            _, payload, events = message_new_events(
                conv, msg, staff.display_name, skip_sid, resource=card
            )
            tx.emit(events)
    except IntegrityError:
        # a concurrent resend of the same client id won the insert: answer with it
        async with svc.db.read() as s:
            dup = await find_duplicate(s, [conversation_id], client_id)
            staff = await s.get(Staff, staff_id)
            stored_in = await s.get(Conversation, conversation_id)
            if dup is None or staff is None or stored_in is None:
                raise
            return await _stored(s, dup, staff.display_name, stored_in.language, on)
    svc.metrics.message_stored("staff", svc.clock.now() - now)
    return payload


async def _stored(
    session: AsyncSession, msg: Message, name: str, lang: str, on: str
) -> StaffMessage:
    """A stored message as its sender sees it (the ack of a resend), with its card."""
    cards = await resources.get_cards(
        session, [msg.resource_id] if msg.resource_id else [], lang, on
    )
    return message_dict(  # type: ignore[return-value]
        msg, name, for_staff=True, resource=cards.get(msg.resource_id) if msg.resource_id else None
    )


async def do_send_staff_message(
    svc: Services,
    staff_id: str,
    conversation_id: str,
    client_id: str,
    text: str,
    skip_sid: str | None = None,
) -> StaffMessage:
    """Store a networker's message in a conversation assigned to them (or joined by a
    supervisor). Emits message.new (not to the sending socket `skip_sid`: its ack carries the
    message). The common case takes the hot path; a resend, a closed or foreign conversation
    goes the full way for its clear answer (not_found, forbidden, closed)."""
    now = svc.clock.now()
    try:
        hot = await do_store_hot(
            svc,
            HotMessage(conversation_id, None, staff_id, client_id, text, now),
            await get_staff_display_name(svc, staff_id),
            skip_sid,
        )
    except IntegrityError:
        hot = None  # a resend: the full path below returns the stored message
    if hot is not None:
        return hot[2]

    async def typed(_s: AsyncSession, _conv: Conversation) -> tuple[str, Resource | None]:
        return text, None

    return await _do_store_staff(svc, staff_id, conversation_id, client_id, typed, skip_sid)


async def do_share_resource(
    svc: Services,
    staff_id: str,
    conversation_id: str,
    resource_id: str,
    client_id: str,
    skip_sid: str | None = None,
) -> StaffMessage:
    """Share a public entry into a conversation the networker is assigned to (or joined) as a
    staff message carrying the card (`resource`), in the visitor's language. Same seq, ack,
    de-duplication (client_id) and replay path as a typed message. Emits message.new to both
    sides (not to the sending socket `skip_sid`). Refuses with not_found, forbidden, closed,
    resource_not_found, resource_unavailable."""
    on = svc.clock.now().date().isoformat()

    async def shared(s: AsyncSession, conv: Conversation) -> tuple[str, Resource | None]:
        r = await s.get(Resource, resource_id)
        if r is None:
            raise ActionError("resource_not_found")
        if not resources.is_public(r, on):
            raise ActionError("resource_unavailable")
        return resources.share_text(resources.card(r, conv.language, on), conv.language), r

    return await _do_store_staff(svc, staff_id, conversation_id, client_id, shared, skip_sid)
