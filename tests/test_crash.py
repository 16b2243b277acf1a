"""A node SIGKILLed mid-conversation (issue 13, part 6): both sides keep writing, the node dies
without a chance to clean up, the clients reconnect (to the surviving node behind their load
balancer, or to the node restarted) and resend what was not acknowledged. Every acknowledged
message must reach the other side exactly once and in order.

On the embedded default (SQLite, in-process bus) there is one node: it is killed and restarted
on the same port. On PostgreSQL + Redis there are two nodes, the visitor on one and the
networker on the other; one of them is killed, and its clients fail over to the other (each
client reaches the nodes through a TCP proxy standing in for the load balancer) or wait for it
to come back.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
import socketio

from tests.conftest import PASSWORD, _fresh_database, free_port
from tests.helpers import TIMEOUT, ChatClient, Staff, TcpProxy, Visitor, login
from tests.procs import ServerProcess, create_user, migrate, server_env

WRITE_PAUSE = 0.01  # seconds between two messages of one side: a fast typist, many in flight
CONVERGE = 15.0  # seconds for both sides to hold everything once the writing stopped
# both sides write as fast as acks come (hundreds a minute): far above a visitor's message rate
# limit, which would refuse them (rate_limited) and is not what this test is about
FAST_WRITERS = {"NETREACH_VISITOR_RATE": "100000/60", "NETREACH_SOCKET_FLOOD": "100000/10"}
GAP_WAIT = 1.5  # seconds a hole in seq may stay open before a client rejoins (docs/protocol.md)

# each test starts server processes two or three times: on a loaded 2-core machine a start
# alone can take 20-30 s
pytestmark = pytest.mark.timeout(300)


async def _write_until(
    stop: asyncio.Event, client: ChatClient, extra: dict[str, Any], tag: str, written: list[str]
) -> None:
    """Write as the widget / console does until told to stop: each message gets a client_id and
    stays in the outbox until acked. New text waits while an earlier message is not acknowledged
    (its send hit the kill, or its ack came too late): after a drop until the client has rejoined
    and resent its outbox, else until it is resent here, so the order written is the order
    stored. Sending the next one beside it let the rejoin's resend come after it (seen in CI:
    the visitor's 39th message stored before its 38th, whose first send timed out)."""
    i = 0
    while not stop.is_set():
        if client.log.of("disconnect"):
            with contextlib.suppress(TimeoutError):
                await client.wait_resumed(TIMEOUT)
        if client.outbox:
            with contextlib.suppress(
                socketio.exceptions.TimeoutError, socketio.exceptions.BadNamespaceError
            ):
                await client.flush()
            if client.outbox:
                await asyncio.sleep(WRITE_PAUSE)
                continue
        i += 1
        client_id = f"{tag}{i:05d}{secrets.token_hex(4)}"
        written.append(client_id)
        await client.send_tracked({**extra, "client_id": client_id, "text": f"{tag} {i}"})
        await asyncio.sleep(WRITE_PAUSE)


def _acked(client: ChatClient, cid: str, written: list[str]) -> list[int]:
    """The seqs of the acknowledged messages of `written`, in writing order."""
    by_client_id = {m["client_id"]: seq for seq, m in client.messages[cid].items()}
    return [by_client_id[c] for c in written if c in by_client_id]


def _assert_delivered(
    writer: ChatClient, reader: ChatClient, cid: str, written: list[str], who: str
) -> None:
    seqs = _acked(writer, cid, written)
    assert len(seqs) == len(written), f"{who}: {len(written) - len(seqs)} messages never acked"
    assert seqs == sorted(seqs), f"{who}: messages stored out of the order they were written"
    held = reader.messages[cid]
    missing = [
        seq
        for client_id, seq in zip(written, seqs, strict=True)
        if held.get(seq, {}).get("client_id") != client_id
    ]
    assert missing == [], (
        f"{who}: {len(missing)} acknowledged messages never reached the other side"
    )
    ids = [m["client_id"] for m in held.values() if m["client_id"] is not None]
    assert len(ids) == len(set(ids)), f"{who}: a message was stored or shown twice"


async def _chat_through_crash(
    visitor: Visitor, ania: Staff, cid: str, crash: Callable[[], Awaitable[None]]
) -> None:
    """Both sides write; `crash` kills a node (and brings a way back); both go on writing until
    both have reconnected; then every acked message must be on the other side once, in order."""
    stop = asyncio.Event()
    by_visitor: list[str] = []
    by_ania: list[str] = []
    writers = [
        asyncio.create_task(_write_until(stop, visitor, {}, "v", by_visitor)),
        asyncio.create_task(_write_until(stop, ania, {"conversation_id": cid}, "a", by_ania)),
    ]
    try:
        # real time: the nodes are processes of their own with their own clocks
        await asyncio.sleep(1.0)
        acked_before = (len(_acked(visitor, cid, by_visitor)), len(_acked(ania, cid, by_ania)))
        await crash()
        for client in (visitor, ania):
            if client.connects < 2:  # this side's node survived: its socket never dropped
                continue
            await client.wait_resumed(30)
        await asyncio.sleep(1.0)  # more writing on the new connections
    finally:
        stop.set()
        await asyncio.gather(*writers)
    assert min(acked_before) > 0, f"nothing was acknowledged before the kill: {acked_before}"
    assert visitor.connects + ania.connects > 2, "nobody reconnected: the node was not killed?"
    # whatever is still in an outbox (its send hit the crash) goes again, as after a reconnect
    for client in (visitor, ania):
        if client.outbox:
            await client.sync()
        assert client.outbox == [], f"never acknowledged: {client.outbox}"
    loop = asyncio.get_running_loop()
    deadline = loop.time() + CONVERGE
    next_gap_check = loop.time() + GAP_WAIT
    while loop.time() < deadline:
        if set(_acked(visitor, cid, by_visitor)) <= set(ania.messages[cid]) and set(
            _acked(ania, cid, by_ania)
        ) <= set(visitor.messages[cid]):
            break
        if loop.time() >= next_gap_check:
            # the clients' gap watch (docs/protocol.md, GapWatch in widget/src/delivery.js): a
            # node killed between a message's commit (and ack) and its publish never sent it
            # to the other node; the client holding a later seq sees the hole and rejoins
            for client in (visitor, ania):
                held = client.messages[cid]
                if held and max(held) > client.last_seq(cid):
                    await client.resume()
            next_gap_check = loop.time() + GAP_WAIT
        await asyncio.sleep(0.1)
    _assert_delivered(visitor, ania, cid, by_visitor, "visitor → networker")
    _assert_delivered(ania, visitor, cid, by_ania, "networker → visitor")
    # exactly once and in order on both screens: seq 1 … last, each once
    last = max(max(visitor.messages[cid]), max(ania.messages[cid]))
    assert sorted(visitor.messages[cid]) == list(range(1, last + 1))
    assert sorted(ania.messages[cid]) == list(range(1, last + 1))
    # and live delivery works after the crash: a last message arrives as message.new
    sentinel = (await ania.send(cid, "po awarii"))["message"]["seq"]
    await visitor.log.wait_for("message.new", lambda m: m["seq"] == sentinel)
    visitor.log.check()
    ania.log.check()


async def _start_chat(visitor_url: str, staff_url: str, cookie: str) -> tuple[Visitor, Staff, str]:
    ania = Staff(staff_url, cookie)
    visitor = Visitor(visitor_url)
    await ania.connect()
    await visitor.connect()
    assert (await visitor.send("hej"))["ok"]
    await ania.on_duty(capacity=1)
    taken = await ania.call("queue.take", {})
    assert taken["ok"], taken
    cid = taken["conversation"]["id"]
    assert (await ania.join(cid))["ok"]
    return visitor, ania, cid


async def test_embedded_node_killed_mid_conversation_and_restarted(tmp_path: Path) -> None:
    """The embedded default: one process, SQLite and the in-process bus, killed with SIGKILL
    while both sides write, then started again on the same port."""
    port = free_port()
    env = server_env(tmp_path, port, f"sqlite:///{tmp_path / 'netreach.sqlite3'}") | FAST_WRITERS
    env.pop("REDIS_URL", None)
    migrate(env)
    create_user(env, "ania")
    node = ServerProcess(env, port)
    clients: list[ChatClient] = []
    try:
        await node.start()
        _, cookie, _ = await login(node.url, "ania", PASSWORD)
        assert cookie
        visitor, ania, cid = await _start_chat(node.url, node.url, cookie)
        clients += [visitor, ania]

        async def crash() -> None:
            node.kill()
            await node.start()

        await _chat_through_crash(visitor, ania, cid, crash)
        assert visitor.connects >= 2
        assert ania.connects >= 2
    finally:
        for client in clients:
            with contextlib.suppress(Exception):
                await client.close()
        node.stop()


@pytest.mark.scaleout
@pytest.mark.parametrize(
    ("killed", "then"),
    [("visitor", "failover"), ("networker", "failover"), ("visitor", "restart")],
)
async def test_node_killed_mid_conversation_under_two_nodes(
    database_template: str, tmp_path: Path, killed: str, then: str
) -> None:
    """PostgreSQL + Redis, two nodes: the visitor on node A, the networker on node B. The node
    of `killed` dies with SIGKILL; its client either fails over to the other node (the load
    balancer's choice) or reconnects to the same node started again."""
    database_url = (await _fresh_database(database_template, tmp_path)).replace("+asyncpg", "")
    prefix = f"nrtest-crash-{os.getpid()}-{secrets.token_hex(3)}"
    port_a, port_b = free_port(), free_port()
    env_a = server_env(tmp_path, port_a, database_url, redis_prefix=prefix) | FAST_WRITERS
    env_b = server_env(tmp_path, port_b, database_url, redis_prefix=prefix) | FAST_WRITERS
    migrate(env_a)
    create_user(env_a, "ania")
    node_a, node_b = ServerProcess(env_a, port_a), ServerProcess(env_b, port_b)
    to_a, to_b = await TcpProxy(port_a).start(), await TcpProxy(port_b).start()
    clients: list[ChatClient] = []
    try:
        await node_a.start()
        await node_b.start()
        _, cookie, _ = await login(node_b.url, "ania", PASSWORD)
        assert cookie
        visitor, ania, cid = await _start_chat(to_a.url, to_b.url, cookie)
        clients += [visitor, ania]
        victim, proxy, survivor = (
            (node_a, to_a, port_b) if killed == "visitor" else (node_b, to_b, port_a)
        )

        async def crash() -> None:
            if then == "failover":
                proxy.target_port = survivor  # new connections go to the node still alive
            victim.kill()
            if then == "restart":
                await victim.start()

        await _chat_through_crash(visitor, ania, cid, crash)
        moved = visitor if killed == "visitor" else ania
        assert moved.connects >= 2, "the client of the killed node never reconnected"
    finally:
        for client in clients:
            with contextlib.suppress(Exception):
                await client.close()
        await to_a.close()
        await to_b.close()
        node_a.stop()
        node_b.stop()
