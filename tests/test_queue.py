"""The queue: order, atomic claims under contention, hand-back when a networker leaves."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

from sqlalchemy import select, update

from server.actions.errors import ActionError
from server.actions.queue import do_claim
from server.actions.serialize import iso
from server.clock import FakeClock
from server.db.models import Conversation, Staff
from tests.conftest import LiveServer
from tests.helpers import Staff as StaffClient


async def test_simultaneous_claims_never_give_one_conversation_two_networkers(
    live_server: LiveServer,
) -> None:
    svc = live_server.svc
    networkers = [await live_server.staff(f"n{i}", connect=False) for i in range(12)]
    del networkers
    ids = [s["id"] for s in [await live_server.create_staff(f"m{i}") for i in range(12)]]
    for sid in ids:
        from server.actions.duty import do_duty_start

        await do_duty_start(svc, sid, capacity=3, auto_assign=False)
    visitors = [await live_server.visitor() for _ in range(20)]
    await asyncio.gather(*(v.send(f"hello {i}") for i, v in enumerate(visitors)))

    async def claim(staff_id: str, conversation_id: str | None) -> str | None:
        try:
            claimed = await do_claim(svc, staff_id, conversation_id)
        except ActionError as exc:
            refused = exc.code
        else:
            return claimed["id"]
        assert refused in ("taken", "queue_empty", "at_capacity"), refused
        return None

    # everybody grabs "the next one" at once, several times each, and also fights for one id
    target = visitors[0].conversation_id
    results = await asyncio.gather(
        *(claim(sid, None) for sid in ids for _ in range(3)),
        *(claim(sid, target) for sid in ids),
    )
    won = [r for r in results if r is not None]
    counts = Counter(won)
    assert all(n == 1 for n in counts.values()), counts
    assert len(won) == 20  # 12 networkers x capacity 3 = 36 places, 20 visitors
    async with svc.db.read() as s:
        rows = (await s.execute(select(Conversation.assigned_staff_id, Conversation.status))).all()
    assert all(status == "active" and staff is not None for staff, status in rows)
    per_staff = Counter(staff for staff, _ in rows)
    assert max(per_staff.values()) <= 3


async def test_queue_order_priority_then_handed_back_then_arrival(live_server: LiveServer) -> None:
    svc = live_server.svc
    visitors = [await live_server.visitor() for _ in range(4)]
    for i, v in enumerate(visitors):
        await v.send(f"v{i}")
    ids = [v.conversation_id for v in visitors]
    async with svc.db.write() as s:
        await s.execute(update(Conversation).where(Conversation.id == ids[3]).values(priority=10))
        await s.execute(update(Conversation).where(Conversation.id == ids[2]).values(requeued=True))
    ania = await live_server.staff("ania")
    await ania.on_duty(capacity=4)
    order = [(await ania.call("queue.take", {}))["conversation"]["id"] for _ in range(4)]
    assert order == [ids[3], ids[2], ids[0], ids[1]]


async def test_going_off_duty_hands_chats_back_to_the_front(live_server: LiveServer) -> None:
    ania = await live_server.staff("ania", name="Ania")
    await ania.on_duty(capacity=2)
    early = await live_server.visitor()
    await early.send("early")
    taken = await ania.call("queue.take", {})
    cid = taken["conversation"]["id"]
    late = await live_server.visitor()
    await late.send("arrived later")
    stopped = await ania.call("duty.stop", {})
    assert stopped["ok"]
    assert stopped["released"] == 1
    assert stopped["me"]["on_duty"] is False
    told = await early.log.wait_for("conversation.update", lambda d: d["op"] == "requeued")
    assert told["reason"] == "networker_off_duty"
    assert told["conversation"]["status"] == "queued"
    assert (await ania.log.wait_for("conversation.update", lambda d: d["op"] == "requeued"))[
        "conversation"
    ]["id"] == cid
    pos = await early.log.wait_for(
        "queue.position", lambda d: d["position"] == 1 and d["on_duty"] == 0
    )
    assert pos
    tomek = await live_server.staff("tomek")
    await tomek.on_duty(capacity=1)
    first = await tomek.call("queue.take", {})
    assert first["conversation"]["id"] == cid
    assert first["conversation"]["requeued"] is False
    # the networker who left can no longer read or write in it
    assert (
        await ania.call(
            "message.send", {"conversation_id": cid, "client_id": "abcdefgh12", "text": "x"}
        )
    )["error"]["code"] == "forbidden"


async def test_disconnected_networker_past_grace_period_loses_chats(server_factory: object) -> None:
    clock = FakeClock()
    server = await server_factory(clock=clock, disconnect_grace=60.0)  # type: ignore[operator]
    ania = await server.staff("ania")
    await ania.on_duty(capacity=1)
    visitor = await server.visitor()
    await visitor.send("pomocy")
    await ania.call("queue.take", {})
    await visitor.log.wait_for("conversation.update", lambda d: d["op"] == "assigned")

    # a short network blip inside the grace period changes nothing
    await ania.close()
    await server.until(lambda: not server.svc.local.staff_sids)
    clock.advance(30)
    await server.tick()
    async with server.svc.db.read() as s:
        assert (await s.execute(select(Conversation))).scalar_one().status == "active"
    assert visitor.log.of("conversation.update")[-1]["op"] == "assigned"

    # past the grace period: back to the queue, the visitor is told
    clock.advance(31)
    await server.tick()
    told = await visitor.log.wait_for("conversation.update", lambda d: d["op"] == "requeued")
    assert told["reason"] == "networker_disconnected"
    async with server.svc.db.read() as s:
        conv = (await s.execute(select(Conversation))).scalar_one()
    assert conv.status == "queued"
    assert conv.requeued is True
    assert conv.assigned_staff_id is None


async def test_a_networker_who_comes_back_is_told_which_chats_went_back_while_away(
    server_factory: Any,
) -> None:
    """Chats handed back by the grace period are not lost silently: console.sync says how many
    went and when, until the networker goes on duty again; their own duty.stop counts nothing."""
    clock = FakeClock()
    server = await server_factory(clock=clock, disconnect_grace=60.0)
    ania = await server.staff("ania")
    await ania.on_duty(capacity=2)
    assert (await ania.call("console.sync"))["away"] is None
    for text in ("pierwszy", "drugi"):
        visitor = await server.visitor()
        await visitor.send(text)
        assert (await ania.call("queue.take", {}))["ok"]
    await ania.close()
    await server.until(lambda: not server.svc.local.staff_sids)
    clock.advance(61)
    await server.tick()

    back = StaffClient(server.url, ania.cookie)
    server.clients.append(back)
    state = await back.connect()
    assert state["conversations"] == []
    assert state["me"]["on_duty"] is False
    assert state["away"] == {"released": 2, "at": iso(clock.now())}
    # told again on the next sync (another tab, a reload) until back on duty
    assert (await back.call("console.sync"))["away"] == state["away"]
    await back.on_duty(capacity=2)
    assert (await back.call("console.sync"))["away"] is None

    # going off duty oneself (the console asked first) is no absence
    assert (await back.call("queue.take", {}))["ok"]
    stopped = await back.call("duty.stop", {})
    assert stopped["released"] == 1
    assert (await back.call("console.sync"))["away"] is None


async def test_connected_networker_is_not_swept(server_factory: object) -> None:
    clock = FakeClock()
    server = await server_factory(clock=clock, disconnect_grace=60.0)  # type: ignore[operator]
    ania = await server.staff("ania")
    await ania.on_duty(capacity=1)
    visitor = await server.visitor()
    await visitor.send("pomocy")
    await ania.call("queue.take", {})
    for _ in range(5):
        clock.advance(50)
        await server.tick()
    me = (await ania.call("console.sync"))["me"]
    assert me["on_duty"] is True
    assert me["load"] == 1


async def _console_gone(server: Any, username: str) -> bool:
    async with server.svc.db.read() as s:
        staff = (await s.execute(select(Staff).where(Staff.username == username))).scalar_one()
    return staff.console_until is None


async def test_automatic_assignment_prefers_a_networker_whose_console_is_live(
    server_factory: Any,
) -> None:
    clock = FakeClock()
    server = await server_factory(clock=clock, disconnect_grace=60.0)
    ania = await server.staff("ania")
    bartek = await server.staff("bartek")
    await ania.on_duty(capacity=1, auto_assign=True)
    # ania takes and closes a first chat: by load and turn, bartek would be next
    first = await server.visitor()
    await first.send("pierwszy")
    got = await ania.log.wait_for("conversation.update", lambda d: d["op"] == "assigned")
    closed = await ania.call(
        "conversation.close",
        {"conversation_id": got["conversation"]["id"], "outcome": "helped"},
    )
    assert closed["ok"]
    await bartek.on_duty(capacity=1, auto_assign=True)
    # bartek's console drops without going off duty (a laptop lid closed)
    await bartek.close()
    await server.until(lambda: _console_gone(server, "bartek"))
    clock.advance(2)
    visitor = await server.visitor()
    await visitor.send("drugi")
    told = await visitor.log.wait_for("conversation.update", lambda d: d["op"] == "assigned")
    assert told["conversation"]["networker"] == {"name": "Ania"}


async def test_with_no_live_console_the_absent_networker_still_gets_the_chat(
    server_factory: Any,
) -> None:
    clock = FakeClock()
    server = await server_factory(clock=clock, disconnect_grace=60.0)
    bartek = await server.staff("bartek")
    await bartek.on_duty(capacity=1, auto_assign=True)
    await bartek.close()
    await server.until(lambda: _console_gone(server, "bartek"))
    visitor = await server.visitor()
    await visitor.send("czy ktoś tu jest?")
    told = await visitor.log.wait_for("conversation.update", lambda d: d["op"] == "assigned")
    assert told["conversation"]["networker"] == {"name": "Bartek"}


async def test_no_wait_estimate_once_the_queue_has_stalled(
    server_factory: Any, fake_clock: FakeClock
) -> None:
    """Honest waits (issue 17): while a networker is on duty but nobody takes chats, the visitor
    is first given the usual estimate; once they have waited far longer than it, the estimate is
    withdrawn (null) instead of promising "under a minute" after minutes; it comes back when the
    queue moves again."""
    server: LiveServer = await server_factory(fake_clock)
    ania = await server.staff("ania")
    await ania.on_duty(capacity=2)
    waiting = await server.visitor()
    assert (await waiting.send("hej, czy ktoś tu jest?"))["ok"]
    await server.settle()
    first = await waiting.log.wait_for("queue.position", lambda p: p["on_duty"] == 1)
    assert first["estimated_wait_seconds"] == 120  # no history yet: the default pace, one place

    fake_clock.advance(100)
    await server.tick()
    assert (await waiting.join())["queue"]["estimated_wait_seconds"] == 120  # not stalled yet

    fake_clock.advance(300)  # 400 s waited: more than 3 × 120 s
    await server.tick()
    stalled = await waiting.log.wait_for(
        "queue.position", lambda p: p["estimated_wait_seconds"] is None
    )
    assert stalled["position"] == 1
    assert stalled["on_duty"] == 1
    assert (await waiting.join())["queue"]["estimated_wait_seconds"] is None

    # the queue moves again: the one who waited is taken, the next one gets an estimate
    assert (await ania.call("queue.take", {}))["ok"]
    nxt = await server.visitor()
    assert (await nxt.send("dzień dobry"))["ok"]
    await server.settle()
    pos = await nxt.log.wait_for("queue.position", lambda p: p["on_duty"] == 1)
    assert pos["estimated_wait_seconds"] is not None
