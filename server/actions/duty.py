"""Going on and off duty, and what happens when a networker disappears.

A node refreshes `staff.last_seen_at` of the on-duty staff connected to it every
`presence_interval` seconds; any node that finds an on-duty networker unseen for longer than
`disconnect_grace` takes them off duty, which hands their open chats back to the front of the
queue and tells the visitors. Kept in SQL (not Redis TTLs) so the embedded default and a
cluster run the same code.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from sqlalchemy import select, update

from server.actions.errors import ActionError
from server.actions.events import conversation_update_events
from server.actions.queue import get_load, get_on_duty_count
from server.actions.serialize import me_dict
from server.bus import CONSOLE_NS, VISITOR_NS, VISITORS_ALL_ROOM, Event, staff_room
from server.db.models import Conversation, Staff
from server.services import Services

log = logging.getLogger("netreach.duty")


def _duty_event(svc: Services, on_duty: int) -> Event:
    from server.actions.conversations import duty_status

    return Event("duty.update", duty_status(svc, on_duty), VISITORS_ALL_ROOM, VISITOR_NS)


async def get_me(svc: Services, staff_id: str) -> dict[str, Any]:
    async with svc.db.read() as s:
        staff = await s.get(Staff, staff_id)
        if staff is None:
            raise ActionError("forbidden")
        return me_dict(staff, await get_load(s, staff_id))


async def do_duty_start(
    svc: Services, staff_id: str, capacity: int, auto_assign: bool
) -> dict[str, Any]:
    """Go on duty (or change capacity / auto-assign while on duty). Emits duty.update to the
    staff member's tabs, and to visitors when the first networker comes on duty."""
    now = svc.clock.now()
    async with svc.db.write() as s:
        staff = await s.get(Staff, staff_id)
        if staff is None or not staff.is_active:
            raise ActionError("forbidden")
        before = await get_on_duty_count(s)
        if not staff.on_duty:
            staff.duty_since = now
        staff.on_duty = True
        staff.capacity = capacity
        staff.auto_assign = auto_assign
        staff.last_seen_at = now
        await s.flush()
        me = me_dict(staff, await get_load(s, staff_id))
        after = await get_on_duty_count(s)
    events = [Event("duty.update", me, staff_room(staff_id), CONSOLE_NS)]
    if before == 0 and after > 0:
        events.append(_duty_event(svc, after))
    await svc.bus.publish(events)
    svc.queue.changed()
    svc.assigner.kick()
    return me


async def do_duty_stop(
    svc: Services, staff_id: str, reason: str = "networker_off_duty", unseen_since: Any = None
) -> dict[str, Any]:
    """Go off duty. The networker's open chats go back to the front of the queue; their visitors
    get conversation.update(op=requeued, reason). Returns {me, released}.
    With `unseen_since`, does nothing if the networker was seen since then (they came back)."""
    async with svc.db.write() as s:
        staff = await s.get(Staff, staff_id)
        if staff is None:
            raise ActionError("forbidden")
        if unseen_since is not None and (
            not staff.on_duty
            or (staff.last_seen_at is not None and staff.last_seen_at >= unseen_since)
        ):
            return {"me": me_dict(staff, await get_load(s, staff_id)), "released": 0}
        before = await get_on_duty_count(s)
        staff.on_duty = False
        staff.duty_since = None
        released = list(
            (
                await s.execute(
                    select(Conversation).where(
                        Conversation.assigned_staff_id == staff_id, Conversation.status == "active"
                    )
                )
            ).scalars()
        )
        events: list[Event] = []
        for conv in released:
            conv.status = "queued"
            conv.assigned_staff_id = None
            conv.assigned_at = None
            conv.requeued = True
            events.extend(
                conversation_update_events(conv, None, "requeued", reason, notify_staff_id=staff_id)
            )
        await s.flush()
        me = me_dict(staff, 0)
        after = await get_on_duty_count(s)
    events.append(Event("duty.update", me, staff_room(staff_id), CONSOLE_NS))
    if before > 0 and after == 0:
        events.append(_duty_event(svc, 0))
    await svc.bus.publish(events)
    svc.queue.changed()
    if released:
        svc.assigner.kick()
        log.info(
            "staff %s off duty (%s): %d chats back to the queue", staff_id, reason, len(released)
        )
    return {"me": me, "released": len(released)}


async def do_presence_tick(svc: Services) -> int:
    """Refresh this node's connected on-duty staff, then take off duty anyone unseen past the
    grace period. Returns how many were taken off duty."""
    now = svc.clock.now()
    here = list(svc.local.staff_sids)
    if here:
        async with svc.db.write() as s:
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
    """A staff socket connected: count them as seen now."""
    async with svc.db.write() as s:
        await s.execute(
            update(Staff)
            .where(Staff.id == staff_id, Staff.on_duty.is_(True))
            .values(last_seen_at=svc.clock.now())
        )
