"""Going on and off duty, who is on duty (the team, each one's load), and what happens when a
networker disappears.

A node refreshes `staff.last_seen_at` of the on-duty staff connected to it every
`presence_interval` seconds; any node that finds an on-duty networker unseen for longer than
`disconnect_grace` takes them off duty, which hands their open chats back to the front of the
queue and tells the visitors. Kept in SQL (not Redis TTLs) so the embedded default and a
cluster run the same code.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from server.actions.access import check_staff
from server.actions.errors import ActionError
from server.actions.escalation_cards import escalation_card_events
from server.actions.events import conversation_update_events, me_event, transaction
from server.actions.presence import get_visitors_online, presence_lease
from server.actions.serialize import iso, me_dict
from server.bus import VISITOR_NS, VISITORS_ALL_ROOM, Event
from server.db.models import Conversation, DutySession, Staff
from server.protocol import DutyStatus, Me, TeamMember
from server.services import Services
from server.site import duty_periods

log = logging.getLogger("netreach.duty")


async def get_load(session: AsyncSession, staff_id: str) -> int:
    """How many active conversations are assigned to the staff member."""
    return int(
        await session.scalar(
            select(func.count())
            .select_from(Conversation)
            .where(Conversation.assigned_staff_id == staff_id, Conversation.status == "active")
        )
        or 0
    )


async def get_on_duty_count(session: AsyncSession) -> int:
    """How many active staff accounts are on duty."""
    return int(
        await session.scalar(
            select(func.count())
            .select_from(Staff)
            .where(Staff.on_duty.is_(True), Staff.is_active.is_(True))
        )
        or 0
    )


def duty_status(svc: Services, on_duty: int) -> DutyStatus:
    """What visitors are told about the service: how many are on duty, the duty hours and the
    emergency number."""
    return {
        "on_duty": on_duty,
        "hours": [w.to_dict() for w in svc.site.duty.weekly],  # type: ignore[misc]
        "timezone": svc.site.duty.timezone,
        "periods": duty_periods(svc.site.duty, svc.clock.now()),
        "emergency_number": svc.site.emergency_number,
    }


def _visitors_duty_event(svc: Services, on_duty: int) -> Event:
    return Event("duty.update", duty_status(svc, on_duty), VISITORS_ALL_ROOM, VISITOR_NS)


async def get_team(session: AsyncSession) -> list[TeamMember]:
    """Staff on duty or with open chats, by name, with their load (supervisors' team view)."""
    load = (
        select(Conversation.assigned_staff_id.label("sid"), func.count().label("n"))
        .where(Conversation.status == "active")
        .group_by(Conversation.assigned_staff_id)
        .subquery()
    )
    rows = (
        await session.execute(
            select(Staff, func.coalesce(load.c.n, 0))
            .outerjoin(load, load.c.sid == Staff.id)
            .where(Staff.is_active.is_(True), (Staff.on_duty.is_(True)) | (load.c.n > 0))
            .order_by(Staff.display_name)
        )
    ).all()
    return [
        {
            "id": st.id,
            "name": st.display_name,
            "role": st.role,
            "on_duty": st.on_duty,
            "capacity": st.capacity,
            "load": int(n),
            "duty_since": iso(st.duty_since),
        }
        for st, n in rows
    ]


async def get_me(svc: Services, staff_id: str) -> Me:
    """The staff member's own duty state (Me). Refuses with forbidden."""
    async with svc.db.read() as s:
        staff = await s.get(Staff, staff_id)
        if staff is None:
            raise ActionError("forbidden")
        return me_dict(staff, await get_load(s, staff_id))


async def do_duty_start(svc: Services, staff_id: str, capacity: int, auto_assign: bool) -> Me:
    """Go on duty (or change capacity / auto-assign while on duty), which starts a duty session
    (`duty_sessions`, read by the reports). Emits duty.update to the staff member's tabs, and to
    visitors when the first networker comes on duty; wakes the queue refresh and the
    assigner."""
    now = svc.clock.now()
    async with transaction(svc) as tx:
        s = tx.session
        staff = await check_staff(s, staff_id)
        before = await get_on_duty_count(s)
        if not staff.on_duty:
            staff.duty_since = now
            s.add(DutySession(staff_id=staff_id, started_at=now))  # for the reports
        staff.on_duty = True
        # back on duty: the notice of chats handed back while away has served
        staff.away_released = 0
        staff.away_released_at = None
        staff.capacity = capacity
        staff.auto_assign = auto_assign
        staff.last_seen_at = now
        await s.flush()
        me = me_dict(staff, await get_load(s, staff_id))
        after = await get_on_duty_count(s)
        tx.emit(me_event(staff_id, me))
        if before == 0 and after > 0:
            tx.emit(_visitors_duty_event(svc, after))
        tx.after_commit(svc.queue.changed)
        tx.after_commit(svc.assigner.kick)
    return me


async def do_duty_stop(
    svc: Services,
    staff_id: str,
    reason: str = "networker_off_duty",
    unseen_since: datetime | None = None,
    by_self: bool = False,
) -> dict[str, Me | int]:
    """Go off duty (ending their duty session). The networker's open chats go back to the front of the queue; their visitors
    get conversation.update(op=requeued, reason), and the supervisors' cards of their open
    escalations escalation.update(op=updated, reason=requeued). Returns {me, released}.
    With `unseen_since`, does nothing if the networker was seen since then (they came back).
    Unless `by_self` (their own `duty.stop`), the chats handed back are counted on the staff row
    (`away_released`, `away_released_at`): console.sync tells them when they come back."""
    async with transaction(svc) as tx:
        s = tx.session
        staff = await s.get(Staff, staff_id)
        if staff is None:
            raise ActionError("forbidden")
        if unseen_since is not None and (
            not staff.on_duty
            or (staff.last_seen_at is not None and staff.last_seen_at >= unseen_since)
        ):
            return {"me": me_dict(staff, await get_load(s, staff_id)), "released": 0}
        before = await get_on_duty_count(s)
        now = svc.clock.now()
        staff.on_duty = False
        staff.duty_since = None
        await s.execute(
            update(DutySession)
            .where(DutySession.staff_id == staff_id, DutySession.ended_at.is_(None))
            .values(ended_at=now)
        )
        released = list(
            (
                await s.execute(
                    select(Conversation).where(
                        Conversation.assigned_staff_id == staff_id, Conversation.status == "active"
                    )
                )
            ).scalars()
        )
        online = await get_visitors_online(s, (c.visitor_id for c in released), now)
        # their own duty.stop is theirs; the grace period's is the server's
        by = staff if reason == "networker_off_duty" else None
        for conv in released:
            conv.status = "queued"
            conv.assigned_staff_id = None
            conv.assigned_at = None
            conv.requeued = True
            tx.emit(
                conversation_update_events(
                    conv,
                    None,
                    "requeued",
                    reason,
                    online[conv.visitor_id],
                    notify_staff_id=staff_id,
                )
            )
            tx.emit(await escalation_card_events(s, conv, "requeued", by))
        if released and not by_self:
            staff.away_released += len(released)
            staff.away_released_at = now
        await s.flush()
        me = me_dict(staff, 0)
        after = await get_on_duty_count(s)
        tx.emit(me_event(staff_id, me))
        if before > 0 and after == 0:
            tx.emit(_visitors_duty_event(svc, 0))
        tx.after_commit(svc.queue.changed)
        if released:
            tx.after_commit(svc.assigner.kick)
    if released:
        log.info(
            "staff %s off duty (%s): %d chats back to the queue", staff_id, reason, len(released)
        )
    return {"me": me, "released": len(released)}


def console_lease(svc: Services, now: datetime) -> datetime:
    """Until when a console seen connected `now` counts as live: two presence ticks and a
    second, so one late tick (on any node) does not make it look gone."""
    return presence_lease(svc, now)


async def do_presence_tick(svc: Services) -> int:
    """Refresh this node's connected staff (their console's lease; on-duty staff's last seen),
    then take off duty anyone unseen past the grace period. Returns how many were taken off
    duty."""
    now = svc.clock.now()
    here = list(svc.local.staff_sids)
    if here:
        async with svc.db.write() as s:
            await s.execute(
                update(Staff)
                .where(Staff.id.in_(here))
                .values(console_until=console_lease(svc, now))
            )
            await s.execute(
                update(Staff)
                .where(Staff.id.in_(here), Staff.on_duty.is_(True))
                .values(last_seen_at=now)
            )
    cutoff = now - timedelta(seconds=svc.settings.disconnect_grace)
    async with svc.db.read() as s:
        gone = list(
            (
                await s.execute(
                    select(Staff.id).where(
                        Staff.on_duty.is_(True),
                        (Staff.last_seen_at.is_(None)) | (Staff.last_seen_at < cutoff),
                    )
                )
            ).scalars()
        )
    for staff_id in gone:
        if staff_id in svc.local.staff_sids:
            continue
        await do_duty_stop(svc, staff_id, reason="networker_disconnected", unseen_since=cutoff)
    return len(gone)


async def do_touch_staff(svc: Services, staff_id: str) -> None:
    """A staff socket connected: their console is live, and an on-duty one is seen now."""
    now = svc.clock.now()
    async with svc.db.write() as s:
        await s.execute(
            update(Staff).where(Staff.id == staff_id).values(console_until=console_lease(svc, now))
        )
        await s.execute(
            update(Staff)
            .where(Staff.id == staff_id, Staff.on_duty.is_(True))
            .values(last_seen_at=now)
        )


async def do_console_gone(svc: Services, staff_id: str) -> None:
    """The staff member's last console socket on this node closed: automatic assignment stops
    preferring them at once (a node where another of their consoles is connected renews the
    lease on its next tick). Their chats stay theirs until the grace period ends."""
    async with svc.db.write() as s:
        await s.execute(update(Staff).where(Staff.id == staff_id).values(console_until=None))
