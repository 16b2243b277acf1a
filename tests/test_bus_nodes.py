"""A node killed between a commit and its publish (issue 13, principle 1): its acknowledged
messages are in SQL but were never sent over the bus. Every node renews a heartbeat in Redis on
its tick; the node that sweeps a vanished node's heartbeat makes every node's clients resync
(`delivery.resync`), so they fetch what they missed. A clean stop removes its own heartbeat and
makes nobody resync. Driven by the tick's time (the app clock), against the real Redis."""

from __future__ import annotations

import secrets
from typing import Any

import pytest
import redis.asyncio as aioredis
import socketio

from server.bus import NODE_TTL, Bus
from server.clock import FakeClock
from tests.conftest import REDIS_URL
from tests.helpers import eventually

pytestmark = pytest.mark.scaleout


class Node:
    """A bus as a node has it, with a count of the resyncs it ran."""

    def __init__(self, prefix: str, name: str) -> None:
        self.bus = Bus(socketio.AsyncServer(async_mode="aiohttp"), REDIS_URL, prefix, name)
        self.resyncs = 0

        async def resync() -> None:
            self.resyncs += 1

        self.bus.on_regained(resync)


async def _settle(*nodes: Node) -> None:
    """Let the signal listeners deliver what was published (a round trip through Redis): a
    sentinel signal sent last must have reached every node."""
    seen: set[str] = set()
    token = secrets.token_hex(4)
    for node in nodes:

        async def mark(data: dict[str, str], name: str = node.bus.node_id) -> None:
            if data.get("token") == token:
                seen.add(name)

        node.bus.on_signal("test.sentinel", mark)
    await nodes[0].bus.signal("test.sentinel", {"token": token})
    await eventually(lambda: len(seen) == len(nodes), f"the sentinel reached every node ({seen})")


async def test_a_killed_nodes_heartbeat_makes_every_node_resync_once_and_a_clean_stop_none() -> (
    None
):
    prefix = f"nrtest-{secrets.token_hex(4)}"
    a, b, c = Node(prefix, "a"), Node(prefix, "b"), Node(prefix, "c")
    for node in (a, b, c):
        await node.bus.start()
    try:
        now = 1_000.0
        for node in (a, b, c):
            await node.bus.check(now)
        await _settle(a, b, c)
        assert (a.resyncs, b.resyncs, c.resyncs) == (0, 0, 0)  # everyone alive: nothing

        # c is "killed": it stops renewing (no clean stop); a and b keep ticking
        for step in range(1, int(NODE_TTL) + 2):
            await a.bus.check(now + step)
            await b.bus.check(now + step)
        await _settle(a, b)
        # exactly one sweep removed c: that node resynced its clients and told the other
        assert (a.resyncs, b.resyncs) == (1, 1)

        # b stops cleanly: its heartbeat goes with it, nobody resyncs for it
        await b.bus.stop()
        for step in range(int(NODE_TTL) + 2, 3 * int(NODE_TTL)):
            await a.bus.check(now + step)
        await _settle(a)
        assert a.resyncs == 1
    finally:
        for node in (a, c):
            await node.bus.stop()


async def test_live_nodes_with_the_default_presence_interval_never_declare_each_other_dead(
    server_factory: Any,
) -> None:
    """Found by the 200-pair soak (bench/soak.py): with the product's presence interval (5 s,
    as long as NODE_TTL) a heartbeat renewed only by the presence tick lapsed between two
    ticks, the other node swept it as a killed node and every client resynced, about every
    7 s. The heartbeat is renewed every second apart from the tick: over 30 s of the app clock
    on two live nodes nobody is declared dead and no client is told to resync."""
    clock = FakeClock()
    prefix = f"nrtest-{secrets.token_hex(4)}"  # one bus for both nodes
    a = await server_factory(clock, presence_interval=5.0, redis_prefix=prefix)
    b = await server_factory(clock, presence_interval=5.0, redis_prefix=prefix)
    visitors = [await a.visitor(), await b.visitor()]
    for v in visitors:
        assert (await v.send("hello"))["ok"]
    redis = aioredis.Redis.from_url(REDIS_URL)
    key = f"{prefix}:nodes"
    try:
        clock.advance(0.1)  # past the queue's debounce, the only sleeper besides the loops
        for server in (a, b):
            await server.settle()
        loops = clock.sleeping()  # each node's periodic loops (presence tick, bus check, ...)
        for step in range(1, 61):
            clock.advance(0.5)
            # every loop this woke has done its round (real Redis and SQL) and sleeps again
            await eventually(lambda: clock.sleeping() == loops, "the periodic loops' round")
            # renewed within the last 2 s of the app clock (every second, give or take the
            # step in which a loop goes back to sleep): far from lapsing
            fresh = clock.now().timestamp() + NODE_TTL - 2.0

            async def renewed(fresh: float = fresh) -> bool:
                scores = dict(await redis.zrange(key, 0, -1, withscores=True))
                return len(scores) == 2 and min(scores.values()) >= fresh

            if step >= 2:  # the first renewal is a second after start
                await eventually(renewed, "both nodes renewed their heartbeat lately")
    finally:
        await redis.aclose()
    # a round trip on each socket after the last tick: a resync sent before it has arrived
    for v in visitors:
        assert (await v.send("still here"))["ok"]
        assert v.log.of("delivery.resync") == []
