"""Nothing acknowledged is lost: drops, lost acks, resends, server restarts."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from tests.conftest import PASSWORD, LiveServer, free_port
from tests.helpers import Staff, TcpProxy, Visitor, login
from tests.procs import ServerProcess, create_user, migrate, server_env


def assert_exactly_once_in_order(client: Any, conversation_id: str, expected: list[str]) -> None:
    msgs = client.messages[conversation_id]
    seqs = sorted(msgs)
    assert seqs == list(range(1, len(seqs) + 1)), f"gaps or duplicates in seq: {seqs}"
    texts = [msgs[s]["text"] for s in seqs]
    assert sorted(texts) == sorted(expected), (texts, expected)
    assert len(set(texts)) == len(texts)


def in_sender_order(texts: list[str], prefix: str) -> list[int]:
    return [int(t.split()[-1]) for t in texts if t.startswith(prefix)]


async def test_resend_after_lost_ack_is_stored_once(live_server: LiveServer) -> None:
    visitor = await live_server.visitor()
    payload = {"client_id": "same-client-id-1", "text": "pierwsza"}
    first = await visitor.call("message.send", payload)
    again = await visitor.call("message.send", payload)
    assert first["ok"]
    assert again["ok"]
    assert first["message"]["id"] == again["message"]["id"]
    assert again["message"]["seq"] == 1
    # even with a different text, the client id decides: the stored message is returned
    third = await visitor.call("message.send", {"client_id": "same-client-id-1", "text": "changed"})
    assert third["message"]["text"] == "pierwsza"
    # concurrent resends of one id store one message
    replies = await asyncio.gather(
        *(
            visitor.call("message.send", {"client_id": "burst-client-id", "text": "burst"})
            for _ in range(8)
        )
    )
    assert len({r["message"]["id"] for r in replies}) == 1
    rejoin = await visitor.call("conversation.join", {"last_seq": 0})
    assert [m["text"] for m in rejoin["messages"]] == ["pierwsza", "burst"]


async def test_rejoin_with_last_seq_returns_only_what_was_missed(live_server: LiveServer) -> None:
    ania = await live_server.staff("ania")
    await ania.on_duty(capacity=1, auto_assign=True)
    visitor = await live_server.visitor()
    await visitor.send("1")
    assigned = await ania.log.wait_for("conversation.update", lambda d: d["op"] == "assigned")
    cid = assigned["conversation"]["id"]
    await ania.join(cid)
    for i in range(2, 6):
        await ania.send(cid, str(i))
    missed = await visitor.call("conversation.join", {"last_seq": 3, "conversation_id": cid})
    assert [m["seq"] for m in missed["messages"]] == [4, 5]


async def test_network_drops_lose_nothing_and_duplicate_nothing(server_factory: Any) -> None:
    live_server = await server_factory(visitor_rate_count=1000)
    port = int(live_server.url.rsplit(":", 1)[1])
    proxy = await TcpProxy(port).start()
    try:
        ania = await live_server.staff("ania", connect=False)
        networker = Staff(proxy.url, ania.cookie)
        visitor = Visitor(proxy.url)
        live_server.clients += [networker, visitor]
        await networker.connect()
        await networker.on_duty(capacity=1, auto_assign=True)
        await visitor.connect()
        assert (await visitor.send("v 0"))["ok"]
        assigned = await networker.log.wait_for(
            "conversation.update", lambda d: d["op"] == "assigned"
        )
        cid = assigned["conversation"]["id"]
        await networker.join(cid)

        sent_v, sent_s = ["v 0"], []
        for round_ in range(4):
            # both sides send while the network drops under them
            tasks = []
            for i in range(1, 6):
                n = round_ * 10 + i
                sent_v.append(f"v {n}")
                sent_s.append(f"s {n}")
                tasks.append(visitor.send_tracked({"text": f"v {n}"}))
                tasks.append(networker.send_tracked({"conversation_id": cid, "text": f"s {n}"}))
                if i == 3:
                    proxy.cut()
            await asyncio.gather(*tasks, return_exceptions=True)
            await visitor.wait_resumed()
            await networker.wait_resumed()
        # final resume: both sides catch up from SQL and resend what is still unacknowledged
        await visitor.sync()
        await networker.sync()
        assert visitor.outbox == []
        assert networker.outbox == []
        expected = sent_v + sent_s
        assert_exactly_once_in_order(visitor, cid, expected)
        assert_exactly_once_in_order(networker, cid, expected)
        # each side's own messages keep the order they were sent in
        assert in_sender_order(visitor.texts(cid), "v ") == sorted(
            in_sender_order(visitor.texts(cid), "v ")
        )
        assert visitor.texts(cid) == networker.texts(cid)
    finally:
        await proxy.close()


# --- a real server process, killed and restarted -------------------------------------------


async def test_server_killed_mid_conversation_loses_nothing(
    live_server: LiveServer, tmp_path: Path
) -> None:
    # reuse the fixture's fresh database (SQLite file or PostgreSQL) for a separate server process
    database_url = live_server.settings.database_url.replace("+aiosqlite", "").replace(
        "+asyncpg", ""
    )
    await live_server.runner.cleanup()
    live_server.clients.clear()
    port = free_port()
    env = server_env(tmp_path, port, database_url)
    migrate(env)
    create_user(env, "ania")
    server = ServerProcess(env, port)
    await server.start()
    visitor = networker = None
    try:
        status, cookie, _ = await login(server.url, "ania", PASSWORD)
        assert status == 302
        assert cookie
        networker = Staff(server.url, cookie)
        visitor = Visitor(server.url)
        await networker.connect()
        await networker.on_duty(capacity=1, auto_assign=True)
        await visitor.connect()
        await visitor.send("v 0")
        cid = (
            await networker.log.wait_for("conversation.update", lambda d: d["op"] == "assigned")
        )["conversation"]["id"]
        await networker.join(cid)
        sent = ["v 0"]
        for i in range(1, 4):
            sent += [f"v {i}", f"s {i}"]
            assert (await visitor.send(f"v {i}"))["ok"]
            assert (await networker.send(cid, f"s {i}"))["ok"]

        server.kill()  # SIGKILL: no goodbye, no flush
        # while it is down, both sides keep writing; the messages wait in their outboxes
        pending = [
            visitor.send_tracked({"text": "v 4"}),
            networker.send_tracked({"conversation_id": cid, "text": "s 4"}),
        ]
        sent += ["v 4", "s 4"]
        await asyncio.gather(*pending)
        assert len(visitor.outbox) == 1
        assert len(networker.outbox) == 1

        await server.start()
        await visitor.wait_resumed(timeout=20)
        await networker.wait_resumed(timeout=20)
        await visitor.sync()
        await networker.sync()
        assert visitor.outbox == []
        assert networker.outbox == []
        assert_exactly_once_in_order(visitor, cid, sent)
        assert_exactly_once_in_order(networker, cid, sent)
        assert visitor.texts(cid) == networker.texts(cid)
    finally:
        for c in (visitor, networker):
            if c is not None:
                await c.close()
        output = server.stop()
    # the process logged requests, sockets and a crash, and not one client address
    assert "127.0.0.1" not in output.replace(server.url, ""), output[-2000:]
