"""What supervisors do with conversations: see the whole service at once (open escalations,
queue, team), open a transcript read-only (audited), join a chat, take it over or hand it to
another networker on duty (audited)."""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.actions.access import check_conversation, check_supervisor, is_participant
from server.actions.audit import write_audit
from server.actions.duty import get_load, get_team
from server.actions.errors import ActionError
from server.actions.escalation_cards import escalation_card_events, get_open_escalation
from server.actions.escalations import get_escalation_burst, get_open_escalations
from server.actions.events import Tx, conversation_update_events, me_event, transaction
from server.actions.messages import do_append_system_message, get_messages_since
from server.actions.presence import get_visitor_online
from server.actions.queue import get_queue_snapshot
from server.actions.serialize import conversation_for_staff, iso, me_dict
from server.bus import CONSOLE_NS, Event, staff_room
from server.db.models import Conversation, Participant, Staff
from server.i18n import N_, gettext
from server.protocol import StaffConversation
from server.services import Services


async def get_supervisor_state(svc: Services, staff_id: str) -> dict[str, Any]:
    """supervisor.sync: open escalations, the queue snapshot, the team and the current burst of
    escalations from new visitors (or None). Refuses forbidden."""
    now = svc.clock.now()
    async with svc.db.read() as s:
        await check_supervisor(s, staff_id)
        return {
            "escalations": await get_open_escalations(s),
            "queue": await get_queue_snapshot(s, now),
            "team": await get_team(s),
            "burst": await get_escalation_burst(svc, s),
            "server_time": iso(now),
        }


async def check_may_watch(svc: Services, staff_id: str) -> None:
    """conversation.watch, supervisor.join (before the socket enters the chat's room) and
    conversation.unwatch: refuses `forbidden` unless the staff member is (still) a supervisor or
    admin; reads only."""
    async with svc.db.read() as s:
        await check_supervisor(s, staff_id)


async def get_watch(
    svc: Services, staff_id: str, conversation_id: str, last_seq: int
) -> dict[str, Any]:
    """A supervisor opens a conversation read-only: {conversation, messages after last_seq,
    escalation}. Every watch of a conversation not assigned to the supervisor is audited
    (transcript.open with the role and `last_seq`), whatever `last_seq` is: a reconnect or a
    gap refill reads messages as well as the first opening, and `last_seq: 1` would otherwise
    read the whole transcript but its first message unaudited."""
    now = svc.clock.now()
    async with svc.db.write() as s:
        staff = await check_supervisor(s, staff_id)
        conv = await check_conversation(s, conversation_id)
        if conv.assigned_staff_id != staff_id:
            write_audit(
                s,
                now,
                staff_id,
                "transcript.open",
                conv.id,
                {"role": staff.role, "last_seq": last_seq},
            )
    # the history is read after the audit entry commits, without holding the write lock
    async with svc.db.read() as s:
        conv = await check_conversation(s, conversation_id)
        networker = await s.get(Staff, conv.assigned_staff_id) if conv.assigned_staff_id else None
        online = await get_visitor_online(s, conv, now)
        return {
            "conversation": conversation_for_staff(conv, networker, online),
            "messages": await get_messages_since(
                s, conv, last_seq, now.date().isoformat(), for_staff=True
            ),
            "escalation": await get_open_escalation(s, conv),
        }


async def _open_conversation_for_supervisor(
    session: AsyncSession, staff_id: str, conversation_id: str
) -> tuple[Staff, Conversation]:
    staff = await check_supervisor(session, staff_id)
    conv = await check_conversation(session, conversation_id)
    if conv.status == "closed":
        raise ActionError("closed")
    return staff, conv


async def do_supervisor_join(
    svc: Services, staff_id: str, conversation_id: str
) -> StaffConversation:
    """A supervisor joins an open conversation: the visitor is told a second staff member
    joined (a system message), and the supervisor may write. Audited."""
    now = svc.clock.now()
    async with transaction(svc) as tx:
        s = tx.session
        staff, conv = await _open_conversation_for_supervisor(s, staff_id, conversation_id)
        if conv.assigned_staff_id != staff_id and not await is_participant(s, conv.id, staff_id):
            existing = (
                await s.execute(
                    select(Participant).where(
                        Participant.conversation_id == conv.id, Participant.staff_id == staff_id
                    )
                )
            ).scalar_one_or_none()
            if existing is None:
                s.add(Participant(conversation_id=conv.id, staff_id=staff_id, joined_at=now))
            else:
                existing.left_at = None
                existing.joined_at = now
            text = gettext(
                N_("%(name)s, a supervisor, joined the conversation."), conv.language
            ) % {"name": staff.display_name}
            await do_append_system_message(tx, conv, text, now)
            write_audit(s, now, staff_id, "conversation.join", conv.id, {})
        networker = await s.get(Staff, conv.assigned_staff_id) if conv.assigned_staff_id else None
        result = conversation_for_staff(conv, networker, await get_visitor_online(s, conv, now))
    return result


async def move_conversation(
    svc: Services,
    tx: Tx,
    conv: Conversation,
    target: Staff,
    by: Staff,
    reason: Literal["reassigned", "handover"],
    audit_action: str,
    audit_details: dict[str, Any],
) -> None:
    """Move an open conversation to `target` inside the caller's transaction (supervisor
    takeover / reassign, an accepted handover). The visitor is told who continues (a system
    message with the target's display name, and conversation.update op=assigned); the target
    gets op=assigned and the previous networker op=reassigned, both with `reason`, and their
    new loads (duty.update); the open escalation's cards get escalation.update(op=updated,
    reason=reassigned, by). Audited as `audit_action` with {from, to} and `audit_details`."""
    s = tx.session
    now = svc.clock.now()
    previous = conv.assigned_staff_id
    online = await get_visitor_online(s, conv, now)
    was_queued = conv.status == "queued"
    conv.status = "active"
    conv.assigned_staff_id = target.id
    conv.assigned_at = now
    if conv.first_assigned_at is None:  # taken over from the queue: the wait ends here
        conv.first_assigned_at = now
    conv.requeued = False
    tx.emit(conversation_update_events(conv, target, "assigned", reason, online))
    text = gettext(N_("%(name)s continues the conversation with you."), conv.language) % {
        "name": target.display_name
    }
    await do_append_system_message(tx, conv, text, now)
    await s.flush()
    if previous is not None:
        tx.emit(
            Event(
                "conversation.update",
                {
                    "op": "reassigned",
                    "conversation": conversation_for_staff(conv, target, online),
                    "reason": reason,
                },
                staff_room(previous),
                CONSOLE_NS,
            )
        )
        before = await s.get(Staff, previous)
        if before is not None:
            tx.emit(me_event(previous, me_dict(before, await get_load(s, previous))))
    tx.emit(me_event(target.id, me_dict(target, await get_load(s, target.id))))
    write_audit(
        s, now, by.id, audit_action, conv.id, {"from": previous, "to": target.id, **audit_details}
    )
    # supervisors' cards (and the new networker) show who has the chat now; the update is
    # `by`'s, so their own consoles raise no alarm for it
    tx.emit(await escalation_card_events(s, conv, "reassigned", by))
    if was_queued:
        tx.after_commit(svc.queue.changed)


async def do_reassign(
    svc: Services, staff_id: str, conversation_id: str, target_id: str | None
) -> StaffConversation:
    """Take over a conversation (target None = me) or hand it to another networker on duty
    (not_found, not_on_duty otherwise). The previous networker gets
    conversation.update(op=reassigned); the visitor and the new networker op=assigned; the open
    escalation's cards get escalation.update(op=updated, reason=reassigned, by=me). Audited."""
    now = svc.clock.now()
    async with transaction(svc) as tx:
        s = tx.session
        me, conv = await _open_conversation_for_supervisor(s, staff_id, conversation_id)
        target = me if target_id is None or target_id == staff_id else await s.get(Staff, target_id)
        if target is None or not target.is_active:
            raise ActionError("not_found")
        if target is not me and not target.on_duty:
            raise ActionError("not_on_duty")
        if conv.assigned_staff_id == target.id:
            online = await get_visitor_online(s, conv, now)
            return conversation_for_staff(conv, target, online)
        await move_conversation(
            svc,
            tx,
            conv,
            target,
            me,
            "reassigned",
            "conversation.takeover" if target is me else "conversation.reassign",
            {},
        )
        online = await get_visitor_online(s, conv, now)
        result = conversation_for_staff(conv, target, online)
    return result
