"""The periodic tick: the safety net under every wake-up that may have been lost.

Every `presence_interval` seconds of the app's clock (`server/app.py`; tests drive it with the
fake clock, or call `do_tick` themselves), each node: refreshes the presence of its connected
on-duty staff and takes off duty those unseen past the grace period; renews the presence of its
connected visitors; re-announces escalations nobody acknowledged in time (exactly one node wins
each); expires handover offers nobody accepted in time (`do_expire_handovers`); marks queued
visitors who went away as vanished (`do_mark_vanished`); runs automatic assignment;
recomputes queue positions for its waiting visitors; and once a day, on exactly one node,
applies the retention settings (`privacy.do_daily_purge`). The cross-node bus is checked apart
from it, every second (server/app.py `_watch_bus`: after a Redis outage every client is told to
resync, `do_resync_clients`), so a long tick never lets a live node's heartbeat lapse.
"""

from __future__ import annotations

from server.actions.duty import do_presence_tick
from server.actions.escalations import do_escalation_tick
from server.actions.events import emit_to_node
from server.actions.handover import do_expire_handovers
from server.actions.presence import do_visitor_presence_tick
from server.actions.privacy import do_daily_purge
from server.actions.queue import do_mark_vanished
from server.protocol import CONSOLE_NS, VISITOR_NS, DeliveryResync
from server.services import Services


async def do_tick(svc: Services) -> None:
    """One round of periodic work on this node; returns once it (and the assignment it woke)
    is done. Errors propagate to the caller, which logs them and tries again next round."""
    await do_presence_tick(svc)
    await do_visitor_presence_tick(svc)
    await do_escalation_tick(svc)
    await do_expire_handovers(svc)
    await do_mark_vanished(svc)
    svc.assigner.kick()
    await svc.assigner.settle()
    await svc.queue.flush()
    await do_daily_purge(svc)


async def do_resync_clients(svc: Services) -> None:
    """The cross-node bus had a gap (Redis pub/sub is at-most-once, and python-socketio does not
    replay): tell every client connected to this node to rejoin its conversations from the last
    seq it holds, so what was lost on the way is fetched from SQL. Emits delivery.resync to
    every socket of both namespaces here; every other node does the same when told."""
    payload: DeliveryResync = {"reason": "bus_reconnected"}
    await emit_to_node(svc, "delivery.resync", payload, VISITOR_NS)
    await emit_to_node(svc, "delivery.resync", payload, CONSOLE_NS)
