"""Cross-node delivery survives a Redis outage (issue 13, part 2): two nodes share PostgreSQL
and a private `redis-server` (never the machine's shared one), which is stopped while both sides
write and started again. Redis pub/sub is at-most-once, so what was published meanwhile is lost
on the way; the nodes notice the gap, tell their clients to resync (`delivery.resync`), and the
clients fetch the rest from SQL."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
from pathlib import Path

import pytest

from bench.common import PrivateRedis
from tests.conftest import PASSWORD, _fresh_database, free_port
from tests.helpers import Staff, Visitor, login
from tests.procs import ServerProcess, create_user, migrate, server_env

pytestmark = pytest.mark.scaleout

CONVERGE = 15.0  # seconds after Redis is back: 10 s promised, plus one slow presence tick


async def test_messages_written_while_redis_is_down_reach_the_other_node(
    database_template: str, tmp_path: Path
) -> None:
    private = PrivateRedis(tmp_path)
    private.start()
    database_url = (await _fresh_database(database_template, tmp_path)).replace("+asyncpg", "")
    prefix = f"nrtest-outage-{os.getpid()}-{secrets.token_hex(3)}"
    port_a, port_b = free_port(), free_port()
    env_a = server_env(tmp_path, port_a, database_url, redis_prefix=prefix)
    env_b = server_env(tmp_path, port_b, database_url, redis_prefix=prefix)
    env_a["REDIS_URL"] = env_b["REDIS_URL"] = private.url
    migrate(env_a)
    create_user(env_a, "ania")
    node_a, node_b = ServerProcess(env_a, port_a), ServerProcess(env_b, port_b)
    await node_a.start()
    await node_b.start()
    clients: list = []
    try:
        _, cookie, _ = await login(node_b.url, "ania", PASSWORD)
        ania = Staff(node_b.url, cookie)  # the networker on node B
        visitor = Visitor(node_a.url)  # the visitor on node A
        clients += [ania, visitor]
        await ania.connect()
        await visitor.connect()
        assert (await visitor.send("hej"))["ok"]
        await ania.on_duty(capacity=1)
        cid = (await ania.call("queue.take", {}))["conversation"]["id"]
        await ania.join(cid)
        assert (await ania.send(cid, "przed awarią"))["ok"]
        await visitor.log.wait_for("message.new", lambda m: m["text"] == "przed awarią")

        private.stop()
        acked_by_ania = [(await ania.send(cid, f"w czasie awarii {i}")) for i in range(3)]
        acked_by_visitor = [(await visitor.send(f"też w czasie awarii {i}")) for i in range(3)]
        assert all(r["ok"] for r in acked_by_ania + acked_by_visitor), (
            acked_by_ania,
            acked_by_visitor,
        )
        await asyncio.sleep(2)  # a 2-3 s outage: real time, the servers run on their own clocks
        private.start()

        ania_seqs = {r["message"]["seq"] for r in acked_by_ania}
        visitor_seqs = {r["message"]["seq"] for r in acked_by_visitor}
        loop = asyncio.get_running_loop()
        deadline = loop.time() + CONVERGE
        while loop.time() < deadline:
            if ania_seqs <= set(visitor.messages[cid]) and visitor_seqs <= set(ania.messages[cid]):
                break
            await asyncio.sleep(0.1)
        assert ania_seqs <= set(visitor.messages[cid]), "the visitor never got the networker's"
        assert visitor_seqs <= set(ania.messages[cid]), "the networker never got the visitor's"
        # exactly once and in order: every seq from 1 to the last, each once
        last = max(ania_seqs | visitor_seqs)
        assert sorted(visitor.messages[cid]) == list(range(1, last + 1))
        assert sorted(ania.messages[cid]) == list(range(1, last + 1))
        assert visitor.log.of("delivery.resync"), "the visitor was never told to resync"
    finally:
        for client in clients:
            with contextlib.suppress(Exception):
                await client.close()
        node_a.stop()
        node_b.stop()
        private.stop()
