"""Whether a visitor is connected, as every node sees it.

The `visitor.presence` event tells the staff of an open chat when the visitor's first socket
connects or their last one closes; this is the state behind it, for whoever opens the chat
later (`console.sync`, `queue.take`, `conversation.join`, `conversation.update`): a visitor who
left while still in the queue is shown as gone, not as a default "online".

Kept in SQL like the staff's console lease (`server/actions/duty.py`), so one node and several
run the same code: a node with one of the visitor's sockets sets `visitors.online_until` a
little ahead of now when the visitor connects, renews it on every presence tick, and clears it
when their last socket on that node closes. A node that dies stops renewing: its visitors count
as gone once the lease runs out (two presence ticks and a second).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import Conversation, Visitor
from server.services import Services

# a presence tick renews the leases of this many visitors per statement (bounded parameter lists)
RENEW_CHUNK = 500


def presence_lease(svc: Services, now: datetime) -> datetime:
    """Until when a socket seen connected `now` counts as connected: two presence ticks and a
    second, so one late tick (on any node) does not make it look gone."""
    return now + timedelta(seconds=2 * svc.settings.presence_interval + 1)


async def get_visitors_online(
    session: AsyncSession, visitor_ids: Iterable[str], now: datetime
) -> dict[str, bool]:
    """visitor id -> whether any node has one of their sockets connected (lease not run out)."""
    wanted = sorted(set(visitor_ids))
    if not wanted:
        return {}
    rows = await session.execute(
        select(Visitor.id, Visitor.online_until).where(Visitor.id.in_(wanted))
    )
    found = {vid: until is not None and until >= now for vid, until in rows.all()}
    return {vid: found.get(vid, False) for vid in wanted}


async def get_visitor_online(
    session: AsyncSession, conv: Conversation, now: datetime
) -> bool | None:
    """The visitor's presence as staff are shown it for `conv`: None for a closed conversation
    (a closed chat shows no presence), else whether the visitor is connected now."""
    if conv.status == "closed":
        return None
    return (await get_visitors_online(session, (conv.visitor_id,), now))[conv.visitor_id]


async def do_set_visitor_online(svc: Services, visitor_id: str, online: bool) -> None:
    """The visitor's first socket on this node connected (`online`) or their last one here
    closed: set or clear their lease. Emits nothing (the caller sends visitor.presence)."""
    until = presence_lease(svc, svc.clock.now()) if online else None
    async with svc.db.write() as s:
        await s.execute(update(Visitor).where(Visitor.id == visitor_id).values(online_until=until))


async def do_visitor_presence_tick(svc: Services) -> None:
    """Renew the lease of every visitor with a socket connected to this node."""
    here = sorted({c.visitor_id for c in svc.local.visitors.values() if c.visitor_id})
    if not here:
        return
    until = presence_lease(svc, svc.clock.now())
    async with svc.db.write() as s:
        for i in range(0, len(here), RENEW_CHUNK):
            await s.execute(
                update(Visitor)
                .where(Visitor.id.in_(here[i : i + RENEW_CHUNK]))
                .values(online_until=until)
            )
    # a visitor whose last socket here closed meanwhile had their lease cleared, maybe before
    # the renewal above landed: clear it again so they are not shown present for a lease more
    gone = [vid for vid in here if not svc.local.visitor_online(vid)]
    if gone:
        async with svc.db.write() as s:
            await s.execute(update(Visitor).where(Visitor.id.in_(gone)).values(online_until=None))
