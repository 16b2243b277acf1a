"""The queue: order, atomic claims, automatic assignment, and live positions.

Order: priority (urgent first), then visitors who are present (or who left a message while
nobody was on duty) before those who went away during duty hours (`vanished`), then
conversations handed back to the queue, then arrival. Going away alone never drops a chat: it
stays queued, marked, behind the people who are still waiting at their screens.

Claiming is atomic on both databases: one conditional `UPDATE … WHERE status = 'queued'`
(on PostgreSQL the candidate row is picked `FOR UPDATE SKIP LOCKED`), and the row count / the
returned id decides who won. The networker's own row is locked first (PostgreSQL) so two
claims for one networker cannot both pass the capacity check; on SQLite every write transaction
is `BEGIN IMMEDIATE`, which serialises them.
"""

from __future__ import annotations

import asyncio
import logging
import statistics
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import case, func, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from server.actions.duty import get_load, get_on_duty_count, get_team
from server.actions.errors import ActionError
from server.actions.escalation_cards import escalation_card_events
from server.actions.events import (
    conversation_update_events,
    emit_to_socket,
    me_event,
    publish,
    transaction,
)
from server.actions.presence import get_visitor_online, get_visitors_online
from server.actions.serialize import conversation_for_staff, iso, me_dict
from server.bus import CONSOLE_NS, STAFF_ALL_ROOM, SUPERVISORS_ROOM, VISITOR_NS, Event
from server.db.models import Conversation, Staff
from server.protocol import QueueItem, StaffConversation
from server.services import Services

log = logging.getLogger("netreach.queue")

QUEUE_ORDER = (
    Conversation.priority.desc(),
    Conversation.vanished.asc(),
    Conversation.requeued.desc(),
    Conversation.queued_at.asc(),
    Conversation.id.asc(),
)
SNAPSHOT_ITEMS = 50
DEFAULT_WAIT_PER_PLACE = 120.0  # seconds, until there is history to learn from
# the queue counts as stalled (no estimate is given) once its longest-waiting present visitor has
# waited this many times the usual wait per place, and at least STALLED_MIN_SECONDS
STALLED_FACTOR = 3.0
STALLED_MIN_SECONDS = 180.0


async def do_claim(
    svc: Services, staff_id: str, conversation_id: str | None, automatic: bool = False
) -> StaffConversation:
    """Assign a queued conversation (the given one, or the most urgent) to an on-duty networker
    (`automatic`: by the assigner rather than their own `queue.take`).

    Refuses with not_on_duty, at_capacity, queue_empty, taken or not_found.
    Emits conversation.update(op=assigned) to the visitor and the networker (with the visitor's
    real presence: they may have left while waiting), escalation.update(op=updated,
    reason=assigned) when the chat has an open escalation (supervisors' cards show who has it
    now), and the networker's new load; wakes the queue.
    """
    now = svc.clock.now()
    async with transaction(svc) as tx:
        s = tx.session
        staff_q = select(Staff).where(Staff.id == staff_id)
        if not svc.db.is_sqlite:
            staff_q = staff_q.with_for_update()
        staff = (await s.execute(staff_q)).scalar_one_or_none()
        if staff is None or not staff.is_active:
            raise ActionError("forbidden")
        if not staff.on_duty:
            raise ActionError("not_on_duty")
        if await get_load(s, staff_id) >= staff.capacity:
            raise ActionError("at_capacity")
        values = {
            "status": "active",
            "assigned_staff_id": staff_id,
            "assigned_at": now,
            # the wait the reports measure ends at the first assignment, not a later one
            "first_assigned_at": func.coalesce(
                Conversation.first_assigned_at, literal(now, Conversation.first_assigned_at.type)
            ),
            "requeued": False,
        }
        if conversation_id is not None:
            claimed = (
                await s.execute(
                    update(Conversation)
                    .where(Conversation.id == conversation_id, Conversation.status == "queued")
                    .values(**values)
                    .returning(Conversation.id)
                )
            ).scalar_one_or_none()
            if claimed is None:
                exists = await s.scalar(
                    select(Conversation.status).where(Conversation.id == conversation_id)
                )
                raise ActionError("taken" if exists is not None else "not_found")
        else:
            candidate = (
                select(Conversation.id)
                .where(Conversation.status == "queued")
                .order_by(*QUEUE_ORDER)
                .limit(1)
            )
            if not svc.db.is_sqlite:
                candidate = candidate.with_for_update(skip_locked=True)
            claimed = (
                await s.execute(
                    update(Conversation)
                    .where(
                        Conversation.id == candidate.scalar_subquery(),
                        Conversation.status == "queued",
                    )
                    .values(**values)
                    .returning(Conversation.id)
                    .execution_options(synchronize_session=False)
                )
            ).scalar_one_or_none()
            if claimed is None:
                raise ActionError("queue_empty")
        staff.last_assigned_at = now
        conv = (
            await s.execute(select(Conversation).where(Conversation.id == claimed))
        ).scalar_one()
        await s.refresh(conv)
        online = await get_visitor_online(s, conv, now)
        tx.emit(conversation_update_events(conv, staff, "assigned", None, online))
        tx.emit(await escalation_card_events(s, conv, "assigned", None if automatic else staff))
        tx.emit(me_event(staff_id, me_dict(staff, await get_load(s, staff_id))))
        tx.after_commit(svc.queue.changed)
    svc.metrics.assigned(conv.queued_at, conv.assigned_at)
    return conversation_for_staff(conv, staff, online)


async def do_mark_vanished(svc: Services) -> int:
    """Mark queued conversations whose visitor went away during duty hours (their last socket
    closed while someone was on duty: `visitor_left_at`) at least `visitor_gone_seconds` ago
    as `vanished`: they move behind the visitors who are present. Run by the periodic tick on
    every node (the update is conditional, so nodes doing it at once mark each row once).
    Wakes the queue views when it marked any. Returns how many it marked."""
    cutoff = svc.clock.now() - timedelta(seconds=svc.settings.visitor_gone_seconds)
    async with transaction(svc) as tx:
        marked = list(
            (
                await tx.session.execute(
                    update(Conversation)
                    .where(
                        Conversation.status == "queued",
                        Conversation.vanished.is_(False),
                        Conversation.visitor_left_at <= cutoff,
                    )
                    .values(vanished=True)
                    .returning(Conversation.id)
                    .execution_options(synchronize_session=False)
                )
            ).scalars()
        )
        if marked:
            tx.after_commit(svc.queue.changed)
    return len(marked)


async def get_queue_snapshot(
    session: AsyncSession, now: Any, limit: int = SNAPSHOT_ITEMS
) -> dict[str, Any]:
    """queue.update's payload: {total, the first `limit` items in queue order (with the wait
    and the visitor's presence at `now`), server_time}."""
    total = int(
        await session.scalar(
            select(func.count()).select_from(Conversation).where(Conversation.status == "queued")
        )
        or 0
    )
    rows = (
        (
            await session.execute(
                select(Conversation)
                .where(Conversation.status == "queued")
                .order_by(*QUEUE_ORDER)
                .limit(limit)
            )
        )
        .scalars()
        .all()
    )
    online = await get_visitors_online(session, (c.visitor_id for c in rows), now)
    items: list[QueueItem] = []
    for conv in rows:
        waiting = max(0, int((now - conv.queued_at).total_seconds()))
        items.append(
            {
                **conversation_for_staff(conv, None, online[conv.visitor_id]),
                "waiting_seconds": waiting,
            }
        )
    return {"total": total, "items": items, "server_time": iso(now)}


class Assigner:
    """Automatic assignment within capacity. One loop per node at a time; kicks while it runs
    make it go round once more, so no wake-up is lost."""

    def __init__(self, svc: Services) -> None:
        self.svc = svc
        self._task: asyncio.Task[None] | None = None
        self._dirty = False

    def kick(self) -> None:
        self._dirty = True
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="auto-assign")

    async def settle(self) -> None:
        """Wait until no assignment loop runs (tests and shutdown)."""
        while self._task is not None and not self._task.done():
            await asyncio.shield(self._task)

    async def _run(self) -> None:
        while self._dirty:
            self._dirty = False
            try:
                await self.assign_all()
            except Exception:
                log.exception("automatic assignment failed; the next tick retries")

    async def assign_all(self, limit: int = 1000) -> int:
        """Give queued conversations to on-duty networkers with auto-assign and free capacity,
        in queue order, each to the best networker by `choose_assignment` (one who speaks the
        visitor's language when there is one; networkers whose console is live first, then
        the least loaded, then the one who waited longest for a chat). Returns how many were
        assigned."""
        svc = self.svc
        count = misses = 0
        for _ in range(limit):
            now = svc.clock.now()
            async with svc.db.read() as s:
                queue = [
                    QueuedChat(cid, lang or ui_lang, priority, queued_at)
                    for cid, lang, ui_lang, priority, queued_at in (
                        await s.execute(
                            select(
                                Conversation.id,
                                Conversation.visitor_lang,
                                Conversation.language,
                                Conversation.priority,
                                Conversation.queued_at,
                            )
                            .where(Conversation.status == "queued")
                            .order_by(*QUEUE_ORDER)
                            .limit(ASSIGN_SCAN)
                        )
                    ).all()
                ]
                if not queue:
                    break
                team = await _get_assignable(s, now)
            pick = choose_assignment(queue, team, now, svc.settings.language_wait_seconds)
            if pick is None:
                break
            try:
                await do_claim(svc, pick[0], pick[1], automatic=True)
                count += 1
            except ActionError:
                # taken by a colleague, or capacity or duty changed between the read and the
                # claim: look again (a while; the next kick or tick retries)
                misses += 1
                if misses > ASSIGN_MISSES:
                    break
        return count


ASSIGN_SCAN = 200
"""Queued chats automatic assignment looks at per round (in queue order)."""
ASSIGN_MISSES = 20
"""Claims lost to a race in one run before it stops (the next kick or tick goes on)."""


class QueuedChat(NamedTuple):
    id: str
    lang: str  # the language the visitor writes in
    priority: int
    queued_at: datetime


class Assignable(NamedTuple):
    id: str
    languages: frozenset[str]
    free: bool  # below capacity
    live: bool = True  # their console is connected (`staff.console_until`)


async def _get_assignable(session: AsyncSession, now: datetime) -> list[Assignable]:
    """On-duty, active networkers with auto-assign, best first: console live, then the least
    loaded (share of capacity), then the one who waited longest for a chat."""
    live = case((Staff.console_until >= now, 0), else_=1)
    load = (
        select(Conversation.assigned_staff_id.label("sid"), func.count().label("n"))
        .where(Conversation.status == "active")
        .group_by(Conversation.assigned_staff_id)
        .subquery()
    )
    n = func.coalesce(load.c.n, 0)
    rows = await session.execute(
        select(Staff.id, Staff.languages, n < Staff.capacity, live)
        .outerjoin(load, load.c.sid == Staff.id)
        .where(
            Staff.on_duty.is_(True),
            Staff.auto_assign.is_(True),
            Staff.is_active.is_(True),
        )
        .order_by(
            live,
            (n * 1.0 / Staff.capacity).asc(),
            Staff.last_assigned_at.asc().nulls_first(),
            Staff.id,
        )
    )
    return [
        Assignable(sid, frozenset(langs or ()), bool(free), away == 0)
        for sid, langs, free, away in rows
    ]


def choose_assignment(
    queue: list[QueuedChat], team: list[Assignable], now: datetime, wait_seconds: float
) -> tuple[str, str] | None:
    """Which (networker id, conversation id) automatic assignment claims next, or None.

    `queue`: queued chats in queue order; `team`: assignable networkers, best first. While a
    free networker's console is live, those whose console dropped get nothing new. The first
    chat in queue order that can be given goes to the best free networker who speaks its
    language; when no free one does, it goes to the best free networker at all — at once when
    it is urgent (priority > 0: safety before language) or when nobody on duty speaks the
    language, else only once it has waited `wait_seconds` (a colleague who speaks it is on duty
    but full and may soon be free). A chat still waiting for its language lets the chats behind
    it be assigned."""
    free = [member for member in team if member.free]
    if any(member.live for member in free):
        free = [member for member in free if member.live]
    if not free:
        return None
    for chat in queue:
        speaker = next((m for m in free if chat.lang in m.languages), None)
        if speaker is not None:
            return speaker.id, chat.id
        spoken_on_duty = any(chat.lang in m.languages for m in team)
        waited = (now - chat.queued_at).total_seconds()
        if chat.priority > 0 or not spoken_on_duty or waited >= wait_seconds:
            return free[0].id, chat.id
    return None


class QueueBroadcaster:
    """Keeps consoles' queue views and waiting visitors' positions current.

    `changed()` is called after any commit that changes the queue. It schedules one refresh after
    a short debounce (a rush of arrivals produces one update, not one per arrival), tells the
    other nodes (they refresh their own visitors), and the refresh sends each waiting visitor
    connected here their position only when it differs from what they were last told.
    """

    def __init__(self, svc: Services) -> None:
        self.svc = svc
        self._pending: asyncio.Task[None] | None = None
        self._hurry = asyncio.Event()
        self._console_due = False
        self._last_sent: dict[str, tuple[int, int | None, int]] = {}
        self._wait_cache: tuple[float, float] | None = None
        self._signals: set[asyncio.Task[None]] = set()  # held until done (the loop keeps weak refs)
        self.positions_sent = 0
        svc.bus.on_signal("queue.changed", self._on_remote_change)

    def changed(self) -> None:
        self._console_due = True
        self._schedule()
        signal = asyncio.create_task(self.svc.bus.signal_remote("queue.changed"))
        self._signals.add(signal)
        signal.add_done_callback(self._signals.discard)

    async def _on_remote_change(self, _data: dict[str, Any]) -> None:
        self._schedule()

    def _schedule(self) -> None:
        if self._pending is None or self._pending.done():
            self._pending = asyncio.create_task(self._flush_later(), name="queue-flush")

    async def _flush_later(self) -> None:
        # the debounce runs on the app's clock; `settle` cuts it short
        waits = [
            asyncio.ensure_future(self.svc.clock.sleep(self.svc.settings.queue_debounce)),
            asyncio.ensure_future(self._hurry.wait()),
        ]
        try:
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for wait in waits:
                wait.cancel()
        self._hurry.clear()
        try:
            await self.flush()
        except Exception:
            log.exception("queue refresh failed; the next change or tick retries")

    async def settle(self) -> None:
        """Do a pending refresh now instead of after its debounce, and wait for it."""
        while self._pending is not None and not self._pending.done():
            self._hurry.set()
            await asyncio.shield(self._pending)

    def forget(self, sid: str) -> None:
        self._last_sent.pop(sid, None)

    async def flush(self) -> None:
        svc = self.svc
        now = svc.clock.now()
        console_due, self._console_due = self._console_due, False
        async with svc.db.read() as s:
            order = list(
                (
                    await s.execute(
                        select(Conversation.id)
                        .where(Conversation.status == "queued")
                        .order_by(*QUEUE_ORDER)
                    )
                ).scalars()
            )
            on_duty = await get_on_duty_count(s)
            per_place: float | None = await self._wait_per_place(s, now)
            if per_place is not None and await self._stalled(s, now, per_place):
                per_place = None
            snapshot = await get_queue_snapshot(s, now) if console_due else None
            team = await get_team(s) if console_due else None
        if snapshot is not None:
            await publish(
                svc,
                [
                    Event("queue.update", snapshot, STAFF_ALL_ROOM, CONSOLE_NS),
                    Event(
                        "team.update",
                        {"team": team, "server_time": snapshot["server_time"]},
                        SUPERVISORS_ROOM,
                        CONSOLE_NS,
                    ),
                ],
            )
        positions = {cid: i + 1 for i, cid in enumerate(order)}
        for sid, conn in list(svc.local.visitors.items()):
            cid = conn.conversation_id
            if cid is None or cid not in positions:
                continue
            status = self.position_payload(cid, positions[cid], on_duty, per_place)
            key = (status["position"], status["estimated_wait_seconds"], on_duty)
            if self._last_sent.get(sid) == key:
                continue
            self._last_sent[sid] = key
            self.positions_sent += 1
            await emit_to_socket(svc, sid, "queue.position", status, VISITOR_NS)

    @staticmethod
    def position_payload(
        cid: str, position: int, on_duty: int, per_place: float | None
    ) -> dict[str, Any]:
        """The `queue.position` payload. No estimate (`estimated_wait_seconds: null`) when it
        cannot be made honestly: nobody on duty, or the queue stalled (`per_place` None)."""
        estimate = (
            None if on_duty == 0 or per_place is None else round(per_place * position / on_duty)
        )
        return {
            "conversation_id": cid,
            "position": position,
            "estimated_wait_seconds": estimate,
            "on_duty": on_duty,
        }

    async def get_position(self, session: AsyncSession, conv: Conversation) -> dict[str, Any]:
        """Position of one queued conversation (for a visitor who (re)joins)."""
        now = self.svc.clock.now()
        # the rows before this one in QUEUE_ORDER, key by key
        earlier = (Conversation.queued_at < conv.queued_at) | (
            (Conversation.queued_at == conv.queued_at) & (Conversation.id < conv.id)
        )
        same_requeued = Conversation.requeued.is_(bool(conv.requeued))
        ahead_here = same_requeued & earlier
        if not conv.requeued:  # conversations handed back to the queue go first
            ahead_here = Conversation.requeued.is_(True) | ahead_here
        same_vanished = Conversation.vanished.is_(bool(conv.vanished))
        ahead_here = same_vanished & ahead_here
        if conv.vanished:  # visitors who are present go before those who went away
            ahead_here = Conversation.vanished.is_(False) | ahead_here
        ahead = int(
            await session.scalar(
                select(func.count())
                .select_from(Conversation)
                .where(
                    Conversation.status == "queued",
                    (Conversation.priority > conv.priority)
                    | ((Conversation.priority == conv.priority) & ahead_here),
                )
            )
            or 0
        )
        on_duty = await get_on_duty_count(session)
        per_place: float | None = await self._wait_per_place(session, now)
        if per_place is not None and await self._stalled(session, now, per_place):
            per_place = None
        return self.position_payload(conv.id, ahead + 1, on_duty, per_place)

    @staticmethod
    async def _stalled(session: AsyncSession, now: Any, per_place: float) -> bool:
        """True when the queue is not moving as it usually does: its longest-waiting present
        visitor has waited more than STALLED_FACTOR × the usual wait per place (and at least
        STALLED_MIN_SECONDS). An estimate made from the usual pace would then be a false promise
        ("under a minute" after minutes of waiting while nobody takes chats)."""
        oldest = await session.scalar(
            select(func.min(Conversation.queued_at)).where(
                Conversation.status == "queued", Conversation.vanished.is_(False)
            )
        )
        if oldest is None:
            return False
        waited = float((now - oldest).total_seconds())
        return waited > max(STALLED_FACTOR * per_place, STALLED_MIN_SECONDS)

    async def _wait_per_place(self, session: AsyncSession, now: Any) -> float:
        """Median wait of recently assigned visitors (cached for a minute): the time one place
        in the queue has been taking."""
        mono = self.svc.clock.monotonic()
        if self._wait_cache is not None and mono - self._wait_cache[0] < 60:
            return self._wait_cache[1]
        rows = (
            await session.execute(
                select(Conversation.queued_at, Conversation.assigned_at)
                .where(
                    Conversation.assigned_at.is_not(None),
                    Conversation.assigned_at > now - timedelta(hours=6),
                )
                .order_by(Conversation.assigned_at.desc())
                .limit(200)
            )
        ).all()
        waits = [max(0.0, (a - q).total_seconds()) for q, a in rows if a is not None]
        value = max(30.0, statistics.median(waits)) if len(waits) >= 5 else DEFAULT_WAIT_PER_PLACE
        self._wait_cache = (mono, value)
        return value
