"""Handover: a networker hands a chat to a colleague on duty with a free place, or to a
supervisor, with a note the receiver reads first (docs/protocol.md, "Handover").

The offer waits for the receiver's answer for `HANDOVER_SECONDS`. Accepted, the chat moves the
way a supervisor's reassignment moves it (`supervision.move_conversation`: the visitor is told
who continues, both networkers' lists and loads follow, the escalation cards too, audited).
Declined, or not accepted in time (the periodic tick, `do_expire_handovers`), the chat stays
with the sender, who is told (`handover.update`). The note is kept on the handover row itself.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from server.actions.access import check_assigned, check_conversation, check_staff, is_supervisor
from server.actions.duty import get_load
from server.actions.errors import ActionError, Detail
from server.actions.events import Tx, transaction
from server.actions.presence import get_visitor_online
from server.actions.serialize import conversation_for_staff, iso
from server.actions.supervision import move_conversation
from server.bus import CONSOLE_NS, Event, staff_room
from server.constants import HANDOVER_SECONDS, SUPERVISOR_ROLES
from server.db.models import Conversation, Handover, Staff
from server.i18n import N_
from server.protocol import Handover as HandoverPayload
from server.protocol import HandoverTarget, StaffConversation
from server.services import Services


def _ref(staff: Staff | None) -> dict[str, str] | None:
    return None if staff is None else {"id": staff.id, "name": staff.display_name}


async def handover_payload(
    session: AsyncSession, handover: Handover, now: datetime
) -> HandoverPayload:
    """A handover as both sides see it, with its conversation (console view) as it is now."""
    conv = await check_conversation(session, handover.conversation_id)
    networker = await session.get(Staff, conv.assigned_staff_id) if conv.assigned_staff_id else None
    sender = await session.get(Staff, handover.from_staff_id) if handover.from_staff_id else None
    receiver = await session.get(Staff, handover.to_staff_id) if handover.to_staff_id else None
    data: dict[str, Any] = {
        "id": handover.id,
        "conversation_id": handover.conversation_id,
        "status": handover.status,
        "note": handover.note,
        "from_staff": _ref(sender),
        "to_staff": _ref(receiver),
        "created_at": iso(handover.created_at),
        "expires_at": iso(handover.expires_at),
        "decided_at": iso(handover.decided_at),
        "conversation": conversation_for_staff(
            conv, networker, await get_visitor_online(session, conv, now)
        ),
    }
    return data  # type: ignore[return-value]


def _update_events(handover: Handover, payload: HandoverPayload) -> list[Event]:
    """handover.update {op, handover} to every tab of the sender and of the receiver."""
    data = {"op": handover.status, "handover": payload}
    return [
        Event("handover.update", data, staff_room(sid), CONSOLE_NS)
        for sid in (handover.from_staff_id, handover.to_staff_id)
        if sid is not None
    ]


async def _may_receive(session: AsyncSession, staff: Staff, now: datetime) -> ActionError | None:
    """Why `staff` cannot receive a chat now, or None. A networker must be on duty with a free
    place (load below capacity); a supervisor or admin must be on duty or have a console open,
    whatever their load."""
    if not staff.is_active:
        return ActionError("not_found")
    if is_supervisor(staff):
        if staff.on_duty or (staff.console_until is not None and staff.console_until > now):
            return None
        return ActionError(
            "not_on_duty", template=N_("This colleague is not on duty or not connected.")
        )
    if not staff.on_duty:
        return ActionError("not_on_duty", template=N_("This colleague is not on duty."))
    if await get_load(session, staff.id) >= staff.capacity:
        return ActionError(
            "at_capacity", template=N_("This colleague has no free place for another chat.")
        )
    return None


async def _open_chat_of(session: AsyncSession, staff_id: str, conversation_id: str) -> Conversation:
    """The open chat assigned to `staff_id` (not_found, forbidden, closed otherwise)."""
    await check_staff(session, staff_id)
    conv = await check_conversation(session, conversation_id)
    check_assigned(conv, staff_id)
    if conv.status != "active":
        raise ActionError("closed")
    return conv


async def get_handover_targets(
    svc: Services, staff_id: str, conversation_id: str
) -> list[HandoverTarget]:
    """handover.targets: whom the networker of an open chat may hand it to, by name:
    colleagues on duty with a free place, and supervisors/admins on duty or connected.
    Refuses not_found, forbidden (not my chat), closed."""
    now = svc.clock.now()
    async with svc.db.read() as s:
        await _open_chat_of(s, staff_id, conversation_id)
        rows = (
            await s.execute(
                select(Staff)
                .where(
                    Staff.is_active.is_(True),
                    Staff.id != staff_id,
                    Staff.on_duty.is_(True)
                    | (Staff.role.in_(SUPERVISOR_ROLES) & (Staff.console_until > now)),
                )
                .order_by(Staff.display_name)
            )
        ).scalars()
        targets: list[HandoverTarget] = []
        for staff in rows:
            if await _may_receive(s, staff, now) is None:
                targets.append(
                    {
                        "id": staff.id,
                        "name": staff.display_name,
                        "role": staff.role,  # type: ignore[typeddict-item]
                        "capacity": staff.capacity,
                        "load": await get_load(s, staff.id),
                    }
                )
        return targets


async def do_offer_handover(
    svc: Services, staff_id: str, conversation_id: str, to_staff_id: str, note: str
) -> HandoverPayload:
    """handover.offer: the networker of an open chat offers it to `to_staff_id` with `note`
    (1–2000 characters, plain text). The receiver gets handover.update(op=offered) on every
    tab, the sender too; the offer expires after HANDOVER_SECONDS. Refuses not_found, forbidden,
    closed, invalid (to myself), not_on_duty / at_capacity (the receiver cannot take it now),
    handover_pending (this chat has an offer waiting already). Returns the handover."""
    now = svc.clock.now()
    async with transaction(svc) as tx:
        s = tx.session
        conv = await _open_chat_of(s, staff_id, conversation_id)
        if to_staff_id == staff_id:
            raise ActionError(
                "invalid", detail=Detail(N_("the chat is yours already."), "staff_id")
            )
        target = await s.get(Staff, to_staff_id)
        if target is None:
            raise ActionError("not_found", template=N_("This colleague does not exist."))
        refusal = await _may_receive(s, target, now)
        if refusal is not None:
            raise refusal
        await _expire_due(svc, tx, now, conversation_id)
        waiting = await s.scalar(
            select(Handover.id).where(
                Handover.conversation_id == conv.id, Handover.status == "offered"
            )
        )
        if waiting is not None:
            raise ActionError("handover_pending")
        handover = Handover(
            conversation_id=conv.id,
            from_staff_id=staff_id,
            to_staff_id=target.id,
            note=note,
            status="offered",
            created_at=now,
            expires_at=now + timedelta(seconds=HANDOVER_SECONDS),
        )
        s.add(handover)
        await s.flush()
        payload = await handover_payload(s, handover, now)
        tx.emit(_update_events(handover, payload))
    return payload


async def _decide(s: AsyncSession, handover: Handover, status: str, now: datetime) -> None:
    """Move an offered handover to `status` in one conditional UPDATE: of two nodes (an accept
    and the expiry tick, say) exactly one wins; the other is refused `handover_closed`."""
    done = await s.execute(
        update(Handover)
        .where(Handover.id == handover.id, Handover.status == "offered")
        .values(status=status, decided_at=now)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise ActionError("handover_closed")
    handover.status = status
    handover.decided_at = now


async def _offer_to_me(s: AsyncSession, staff_id: str, handover_id: str, now: datetime) -> Handover:
    """The offer addressed to me that may still be answered (not_found, forbidden,
    handover_closed otherwise)."""
    handover = await s.get(Handover, handover_id)
    if handover is None:
        raise ActionError("not_found", template=N_("This handover offer does not exist."))
    if handover.to_staff_id != staff_id:
        raise ActionError("forbidden")
    if handover.status != "offered" or handover.expires_at <= now:
        raise ActionError("handover_closed")
    return handover


async def do_accept_handover(svc: Services, staff_id: str, handover_id: str) -> dict[str, Any]:
    """handover.accept: the receiver takes the chat. It moves to them as a reassignment does
    (`move_conversation`, reason `handover`, audited as conversation.handover); both sides get
    handover.update(op=accepted). Refuses not_found, forbidden (not offered to me),
    handover_closed (answered, expired, or the chat is no longer the sender's), closed,
    not_on_duty / at_capacity (I cannot take it now; the offer stays open).
    Returns {handover, conversation}."""
    now = svc.clock.now()
    async with transaction(svc) as tx:
        s = tx.session
        me = await check_staff(s, staff_id)
        handover = await _offer_to_me(s, staff_id, handover_id, now)
        conv = await check_conversation(s, handover.conversation_id)
        if conv.status == "closed":
            raise ActionError("closed")
        if conv.assigned_staff_id != handover.from_staff_id:
            raise ActionError("handover_closed")
        refusal = await _may_receive(s, me, now)
        if refusal is not None:
            raise ActionError(refusal.code)  # about me now, in the code's own words
        await _decide(s, handover, "accepted", now)
        await move_conversation(
            svc, tx, conv, me, me, "handover", "conversation.handover", {"handover": handover.id}
        )
        payload = await handover_payload(s, handover, now)
        tx.emit(_update_events(handover, payload))
        conversation: StaffConversation = payload["conversation"]
    return {"handover": payload, "conversation": conversation}


async def do_decline_handover(svc: Services, staff_id: str, handover_id: str) -> HandoverPayload:
    """handover.decline: the receiver says no; the chat stays with the sender, and both sides
    get handover.update(op=declined). Refuses not_found, forbidden, handover_closed."""
    now = svc.clock.now()
    async with transaction(svc) as tx:
        s = tx.session
        await check_staff(s, staff_id)
        handover = await _offer_to_me(s, staff_id, handover_id, now)
        await _decide(s, handover, "declined", now)
        payload = await handover_payload(s, handover, now)
        tx.emit(_update_events(handover, payload))
    return payload


async def _expire_due(
    svc: Services, tx: Tx, now: datetime, conversation_id: str | None = None
) -> int:
    """Expire the offers past their time (of one conversation, or all) inside `tx`: each gets
    handover.update(op=expired) to both sides. Returns how many."""
    s = tx.session
    query = select(Handover).where(Handover.status == "offered", Handover.expires_at <= now)
    if conversation_id is not None:
        query = query.where(Handover.conversation_id == conversation_id)
    count = 0
    for handover in list((await s.execute(query)).scalars()):
        try:
            await _decide(s, handover, "expired", now)
        except ActionError:
            continue  # answered meanwhile on another node
        tx.emit(_update_events(handover, await handover_payload(s, handover, now)))
        count += 1
    return count


async def do_expire_handovers(svc: Services) -> int:
    """The periodic tick: offers nobody accepted within HANDOVER_SECONDS expire, and the sender
    and receiver are told (the chat never moved). Returns how many expired."""
    now = svc.clock.now()
    async with svc.db.read() as s:
        due = await s.scalar(
            select(Handover.id)
            .where(Handover.status == "offered", Handover.expires_at <= now)
            .limit(1)
        )
    if due is None:  # the common case: no write transaction on every tick
        return 0
    async with transaction(svc) as tx:
        return await _expire_due(svc, tx, now)


async def get_open_handovers(session: AsyncSession, staff_id: str, now: datetime) -> list[Any]:
    """For console.sync: the offers still waiting that I made or received, oldest first."""
    rows = (
        await session.execute(
            select(Handover)
            .where(
                Handover.status == "offered",
                Handover.expires_at > now,
                (Handover.from_staff_id == staff_id) | (Handover.to_staff_id == staff_id),
            )
            .order_by(Handover.created_at)
        )
    ).scalars()
    return [await handover_payload(session, h, now) for h in rows]


async def get_received_handover(
    session: AsyncSession, conversation_id: str, staff_id: str, now: datetime
) -> HandoverPayload | None:
    """For conversation.join: the latest handover of this chat that I accepted (its note is
    shown first), or None."""
    handover = await session.scalar(
        select(Handover)
        .where(
            Handover.conversation_id == conversation_id,
            Handover.to_staff_id == staff_id,
            Handover.status == "accepted",
        )
        .order_by(Handover.decided_at.desc())
        .limit(1)
    )
    return None if handover is None else await handover_payload(session, handover, now)
