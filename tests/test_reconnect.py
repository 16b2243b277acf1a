"""Reconnect races (issue 13): a client that reconnects while the other side keeps writing ends
up holding every acknowledged message exactly once and in order."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.conftest import LiveServer

RECONNECTS = 150


async def _write_until(stop: asyncio.Event, send: Any, acked: list[int]) -> None:
    """Keep sending (as a person typing fast would) until told to stop; record acked seqs."""
    i = 0
    while not stop.is_set():
        reply = await send(f"n{i}")
        if reply.get("ok"):
            acked.append(reply["message"]["seq"])
        i += 1


async def test_visitor_reconnecting_while_the_networker_writes_misses_nothing(
    server_factory: Any,
) -> None:
    # the flood guard would slow the writer down to a trickle: this is about the race
    live_server: LiveServer = await server_factory(socket_flood_count=100_000)
    ania = await live_server.staff("ania")
    await ania.on_duty(capacity=1)
    visitor = await live_server.visitor()
    await visitor.send("hej")
    cid = (await ania.call("queue.take", {}))["conversation"]["id"]
    acked: list[int] = []
    stop = asyncio.Event()
    writer = asyncio.create_task(_write_until(stop, lambda t: ania.send(cid, t), acked))
    try:
        for _ in range(RECONNECTS):
            await visitor.sio.disconnect()
            # like the widget: join with the highest seq held, and nothing else
            await visitor.connect()
    finally:
        stop.set()
        await writer
    # a sentinel: the last message must arrive live, after everything before it
    last = (await ania.send(cid, "sentinel"))["message"]["seq"]
    await visitor.log.wait_for("message.new", lambda m: m["seq"] == last)
    held = visitor.messages[cid]
    assert acked, "the networker wrote nothing"
    missing = sorted(set(acked) - set(held))
    assert missing == [], f"{len(missing)} acknowledged messages never reached the visitor"
    assert sorted(held) == list(range(1, last + 1))


def _inject_after_read(monkeypatch: Any, module: Any, write: Any, fired: list[bool]) -> None:
    """Fault injection: once, right after the server has read a conversation's history (and
    before its reply goes out), another message is written: the window a reconnect race hits."""
    original = module.get_messages_since

    async def read_then_write(*args: Any, **kwargs: Any) -> Any:
        messages = await original(*args, **kwargs)
        if not fired:
            fired.append(True)
            await write()
        return messages

    monkeypatch.setattr(module, "get_messages_since", read_then_write)


async def test_a_message_written_while_the_visitor_rejoins_reaches_them(
    live_server: LiveServer, monkeypatch: Any
) -> None:
    from server.actions import conversations, messages

    ania = await live_server.staff("ania")
    await ania.on_duty(capacity=1)
    visitor = await live_server.visitor()
    await visitor.send("hej")
    cid = (await ania.call("queue.take", {}))["conversation"]["id"]
    ania_id = (await ania.call("console.sync"))["me"]["id"]
    await visitor.sio.disconnect()
    fired: list[bool] = []

    async def write() -> None:
        await messages.do_send_staff_message(
            live_server.svc, ania_id, cid, "between0001", "written meanwhile"
        )

    _inject_after_read(monkeypatch, conversations, write, fired)
    await visitor.connect()
    assert fired
    await visitor.log.wait_for("message.new", lambda m: m["text"] == "written meanwhile")


async def test_a_message_written_while_a_supervisor_opens_the_chat_reaches_them(
    live_server: LiveServer, monkeypatch: Any
) -> None:
    from server.actions import messages, supervision

    marta = await live_server.staff("marta", role="supervisor")
    ania = await live_server.staff("ania")
    await ania.on_duty(capacity=1)
    visitor = await live_server.visitor()
    await visitor.send("hej")
    cid = (await ania.call("queue.take", {}))["conversation"]["id"]
    ania_id = (await ania.call("console.sync"))["me"]["id"]
    fired: list[bool] = []

    async def write() -> None:
        await messages.do_send_staff_message(
            live_server.svc, ania_id, cid, "between0002", "written meanwhile"
        )

    _inject_after_read(monkeypatch, supervision, write, fired)
    reply = await marta.call("conversation.watch", {"conversation_id": cid, "last_seq": 0})
    assert reply["ok"]
    assert fired
    held = [m["text"] for m in reply["messages"]]
    if "written meanwhile" not in held:
        await marta.log.wait_for("message.new", lambda m: m["text"] == "written meanwhile")


async def test_a_refused_watch_does_not_subscribe(live_server: LiveServer) -> None:
    ania = await live_server.staff("ania")
    await ania.on_duty(capacity=1)
    visitor = await live_server.visitor()
    await visitor.send("hej")
    cid = (await ania.call("queue.take", {}))["conversation"]["id"]
    tomek = await live_server.staff("tomek")  # a networker: watching is for supervisors
    reply = await tomek.call("conversation.watch", {"conversation_id": cid, "last_seq": 0})
    assert reply["error"]["code"] == "forbidden"
    await visitor.send("tajne")
    # a sentinel: a message in tomek's own chat must arrive first, and be the only one
    mine = await live_server.sentinel_in_own_chat(tomek)
    assert {m["conversation_id"] for m in tomek.log.of("message.new")} == {mine}


async def test_a_reply_written_for_an_ended_chat_starts_nothing(live_server: LiveServer) -> None:
    """Issue 13, part 3: the visitor typed while offline; meanwhile the networker closed the
    chat. The resend names the conversation it was written for: refused as `closed`, nothing
    stored, no new conversation; without a conversation_id it starts a new one (on purpose)."""
    from sqlalchemy import func, select

    from server.db.models import Conversation, Message

    ania = await live_server.staff("ania")
    await ania.on_duty(capacity=1)
    visitor = await live_server.visitor()
    await visitor.send("hej")
    cid = (await ania.call("queue.take", {}))["conversation"]["id"]
    closed = await ania.call(
        "conversation.close", {"conversation_id": cid, "outcome": "helped", "topics": []}
    )
    assert closed["ok"]
    await visitor.log.wait_for("conversation.update", lambda d: d["op"] == "closed")
    reply = await visitor.call(
        "message.send",
        {"client_id": "offline0001", "text": "jeszcze jedno", "conversation_id": cid},
    )
    assert reply["error"]["code"] == "closed"
    async with live_server.svc.db.read() as s:
        assert await s.scalar(select(func.count()).select_from(Conversation)) == 1
        assert await s.scalar(select(func.count()).where(Message.client_id == "offline0001")) == 0
    # the visitor chooses to send it as a new conversation
    again = await visitor.call(
        "message.send", {"client_id": "offline0001", "text": "jeszcze jedno"}
    )
    assert again["ok"]
    assert again["conversation"]["id"] != cid
    assert again["conversation"]["status"] == "queued"
