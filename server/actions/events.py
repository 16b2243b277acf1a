"""How actions send events: collected on the write transaction, published after it commits.

As Zulip's `send_event_on_commit`: an action opens `transaction(svc)`, changes rows through
`tx.session` and queues the events that describe the change with `tx.emit(...)`; they reach
sockets (on every node, through `server.bus`) only once the COMMIT succeeded, and not at all
when the transaction fails. Work that must follow the commit (waking the queue refresh or the
assigner) is queued with `tx.after_commit(...)`.

This module is the only caller of `Bus.publish`: the hot message path (which commits in the
group commit, not here), typing, presence and the queue refresh, which write nothing, hand their
events to `publish` below. Payload shapes are the typed models of `server/protocol.py`.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy.ext.asyncio import AsyncSession

from server.actions.serialize import conversation_for_staff, conversation_for_visitor
from server.bus import (
    CONSOLE_NS,
    SITE_CHANGED_SIGNAL,
    STAFF_REVOKED_SIGNAL,
    SUPERVISORS_ROOM,
    VISITOR_NS,
    Event,
    signal_from_outside,
    staff_room,
    visitor_room,
    watch_room,
)
from server.db.hot import ConvRow
from server.db.models import Conversation, Staff
from server.protocol import Escalation, EscalationUpdate, Me
from server.services import Services

log = logging.getLogger("netreach.events")


@dataclass
class Tx:
    """One write transaction of an action: its session, and what to do once it commits."""

    session: AsyncSession
    events: list[Event] = field(default_factory=list)
    callbacks: list[Callable[[], None]] = field(default_factory=list)
    preludes: list[Callable[[], Awaitable[None]]] = field(default_factory=list)

    def emit(self, *events: Event | Iterable[Event]) -> None:
        """Queue events (single ones or lists) to publish after the commit, in this order."""
        for item in events:
            if isinstance(item, Event):
                self.events.append(item)
            else:
                self.events.extend(item)

    def before_publish(self, prelude: Callable[[], Awaitable[None]]) -> None:
        """Await `prelude()` after the commit and before the events are published (a new
        visitor's socket joins its room, so it receives them)."""
        self.preludes.append(prelude)

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run `callback()` after the commit, after the events were published."""
        self.callbacks.append(callback)


@asynccontextmanager
async def transaction(svc: Services) -> AsyncIterator[Tx]:
    """A write transaction whose events are published only after it commits.

    Leaving the block normally (also by `return`) commits, awaits the `before_publish`
    preludes, publishes `tx.events` and runs the `after_commit` callbacks; an exception rolls
    back and publishes nothing."""
    async with svc.db.write() as session:
        tx = Tx(session)
        yield tx
    for prelude in tx.preludes:
        await prelude()
    await svc.bus.publish(tx.events)
    for callback in tx.callbacks:
        callback()


def publish(svc: Services, events: Iterable[Event]) -> Awaitable[None]:
    """Publish events that follow no transaction of ours: a commit made elsewhere (the hot
    path's group commit) or nothing stored at all (typing, presence, queue positions). Await
    the result. (It hands back the bus's coroutine instead of wrapping it in one of its own:
    one frame less for every message of the hot path.)"""
    return svc.bus.publish(events)


async def emit_to_socket(svc: Services, sid: str, name: str, payload: Any, namespace: str) -> None:
    """Send one event to one socket connected to this node (a waiting visitor's position)."""
    await svc.bus.emit_local(sid, name, payload, namespace)


async def emit_to_node(svc: Services, name: str, payload: Any, namespace: str) -> None:
    """Send one event to every socket of `namespace` connected to this node."""
    await svc.bus.emit_local_all(name, payload, namespace)


async def end_staff_sockets(
    svc: Services, staff_id: str, reason: str, session_id: str | None = None
) -> None:
    """After the commit that ended a staff member's session(s): every node sends `session.ended`
    {reason} to that account's console sockets (only those opened with `session_id` when given:
    a logout ends one browser's session) and disconnects them (server/realtime/console.py).
    From a command (no bus of its own) the signal goes through Redis when it is set; without
    Redis each node's session check (every second) finds the ended session by itself."""
    data = {"staff_id": staff_id, "session_id": session_id, "reason": reason}
    if svc.bus is not None:
        await svc.bus.signal(STAFF_REVOKED_SIGNAL, data)
    elif svc.settings.redis_url:
        try:
            await signal_from_outside(
                svc.settings.redis_url, svc.settings.redis_prefix, STAFF_REVOKED_SIGNAL, data
            )
        except Exception:  # the nodes' own session check still ends the sockets within a second
            log.warning("could not reach Redis to end staff sockets at once", exc_info=True)


async def announce_site_settings(svc: Services, version: int) -> None:
    """After the commit that changed the settings on the web: every node reads them again at
    once (`site.changed`; a lost signal only waits for the nodes' look at the version row)."""
    await svc.bus.signal(SITE_CHANGED_SIGNAL, {"version": version})


# --- builders -----------------------------------------------------------------------------------


def conversation_update_events(
    conv: Conversation,
    staff: Staff | None,
    op: str,
    reason: str | None,
    visitor_online: bool | None,
    notify_staff_id: str | None = None,
    to_visitor: bool = True,
) -> list[Event]:
    """conversation.update to the visitor and to the networker concerned (the assigned one, or
    `notify_staff_id` when the chat was just taken away from them). `visitor_online`: the
    visitor's presence for the staff payload (`server/actions/presence.py`)."""
    events = []
    if to_visitor:
        events.append(
            Event(
                "conversation.update",
                {"op": op, "conversation": conversation_for_visitor(conv, staff), "reason": reason},
                visitor_room(conv.visitor_id),
                VISITOR_NS,
            )
        )
    target = staff.id if staff is not None else notify_staff_id
    if target is not None:
        events.append(
            Event(
                "conversation.update",
                {
                    "op": op,
                    "conversation": conversation_for_staff(conv, staff, visitor_online),
                    "reason": reason,
                },
                staff_room(target),
                CONSOLE_NS,
            )
        )
    return events


def conversation_events(
    conv: Conversation | ConvRow,
    name: str,
    payload: Mapping[str, Any],
    to_visitor: bool = True,
    to_staff: bool = True,
    staff_payload: Mapping[str, Any] | None = None,
    skip_sid: str | None = None,
) -> list[Event]:
    """One event for both sides of a conversation (message.new, typing, visitor.presence):
    the visitor, the assigned networker, and staff who opened it (supervisors). Staff may get a
    richer payload (a message's risk) than the visitor. `skip_sid`: the socket that sent it
    (its ack carries the message); the sender's other tabs still get it."""
    events = []
    if to_visitor:
        events.append(Event(name, payload, visitor_room(conv.visitor_id), VISITOR_NS, skip_sid))
    if to_staff:
        for_staff = staff_payload if staff_payload is not None else payload
        # one emit for the networker's tabs and the watchers: a supervisor who is both gets it once
        rooms = (
            (watch_room(conv.id),)
            if conv.assigned_staff_id is None
            else (staff_room(conv.assigned_staff_id), watch_room(conv.id))
        )
        events.append(Event(name, for_staff, rooms, CONSOLE_NS, skip_sid))
    return events


def me_event(staff_id: str, me: Me) -> Event:
    """duty.update to every tab of one staff member (their duty state or load changed)."""
    return Event("duty.update", me, staff_room(staff_id), CONSOLE_NS)


def supervisors_event(name: str, payload: Any) -> Event:
    """One event to every connected supervisor and admin console."""
    return Event(name, payload, SUPERVISORS_ROOM, CONSOLE_NS)


def escalation_events(
    assigned_staff_id: str | None,
    escalation: Escalation,
    op: str | None = None,
    reason: str | None = None,
    by: Staff | None = None,
) -> list[Event]:
    """escalation.new (op None) or escalation.update(op, reason, by) to every supervisor and to
    the chat's networker. `by`: the staff member whose action caused the update (their own
    consoles raise no alarm for it); None for a visitor's message or the server's own doing."""
    name = "escalation.new" if op is None else "escalation.update"
    payload: Escalation | EscalationUpdate = escalation
    if op is not None:
        update = {
            "op": op,
            "escalation": escalation,
            "reason": reason,
            "by": None if by is None else {"id": by.id, "name": by.display_name},
        }
        # op and reason are the protocol's Literal values (the callers pass only those)
        payload = cast(EscalationUpdate, update)
    events = [Event(name, payload, SUPERVISORS_ROOM, CONSOLE_NS)]
    if assigned_staff_id:
        events.append(Event(name, payload, staff_room(assigned_staff_id), CONSOLE_NS))
    return events
