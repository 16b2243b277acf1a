"""The periodic tick: the safety net under every wake-up that may have been lost.

Every `presence_interval` seconds of the app's clock (`server/app.py`; tests drive it with the
fake clock, or call `do_tick` themselves), each node: refreshes the presence of its connected
on-duty staff and takes off duty those unseen past the grace period; re-announces escalations
nobody acknowledged in time (exactly one node wins each); runs automatic assignment; and
recomputes queue positions for its waiting visitors.
"""

from __future__ import annotations

from server.actions.duty import do_presence_tick
from server.actions.escalations import do_escalation_tick
from server.services import Services


async def do_tick(svc: Services) -> None:
    """One round of periodic work on this node; returns once it (and the assignment it woke)
    is done. Errors propagate to the caller, which logs them and tries again next round."""
    await do_presence_tick(svc)
    await do_escalation_tick(svc)
    svc.assigner.kick()
    await svc.assigner.settle()
    await svc.queue.flush()
