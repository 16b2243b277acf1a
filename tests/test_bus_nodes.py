"""A node killed between a commit and its publish (issue 13, principle 1): its acknowledged
messages are in SQL but were never sent over the bus. Every node renews a heartbeat in Redis on
its tick; the node that sweeps a vanished node's heartbeat makes every node's clients resync
(`delivery.resync`), so they fetch what they missed. A clean stop removes its own heartbeat and
makes nobody resync. Driven by the tick's time (the app clock), against the real Redis."""

from __future__ import annotations

import secrets

import pytest
import socketio

from server.bus import NODE_TTL, Bus
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
