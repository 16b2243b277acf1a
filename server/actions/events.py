"""Builders for the events actions emit (payloads in docs/protocol.md)."""

from __future__ import annotations

from typing import Any

from server.actions.serialize import conversation_for_staff, conversation_for_visitor
from server.bus import CONSOLE_NS, VISITOR_NS, Event, staff_room, watch_room
from server.db.hot import ConvRow
from server.db.models import Conversation, Staff


def visitor_room(visitor_id: str) -> str:
    """Every socket of one visitor (their tabs share nothing, but resends may overlap)."""
    return f"vis:{visitor_id}"


def conversation_update_events(
    conv: Conversation,
    staff: Staff | None,
    op: str,
    reason: str | None,
    notify_staff_id: str | None = None,
) -> list[Event]:
    """conversation.update to the visitor and to the networker concerned (the assigned one, or
    `notify_staff_id` when the chat was just taken away from them)."""
    events = [
        Event(
            "conversation.update",
            {"op": op, "conversation": conversation_for_visitor(conv, staff), "reason": reason},
            visitor_room(conv.visitor_id),
            VISITOR_NS,
        )
    ]
    target = staff.id if staff is not None else notify_staff_id
    if target is not None:
        events.append(
            Event(
                "conversation.update",
                {"op": op, "conversation": conversation_for_staff(conv, staff), "reason": reason},
                staff_room(target),
                CONSOLE_NS,
            )
        )
    return events


def conversation_events(
    conv: Conversation | ConvRow,
    name: str,
    payload: dict[str, Any],
    to_visitor: bool = True,
    to_staff: bool = True,
    staff_payload: dict[str, Any] | None = None,
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
