"""Bad input gets a clear error and changes nothing."""

from __future__ import annotations

import re
import sqlite3
from typing import Any

import pytest
import socketio
from sqlalchemy import func, select

from server.db.models import Conversation, Message
from tests.conftest import LiveServer


async def count_messages(server: LiveServer) -> int:
    async with server.svc.db.read() as s:
        return int(await s.scalar(select(func.count()).select_from(Message)) or 0)


BAD_VISITOR_PAYLOADS = [
    (None, "invalid"),  # no text
    ("just a string", "invalid"),
    ([1, 2, 3], "invalid"),
    ({"client_id": "short", "text": "hi"}, "invalid"),
    ({"client_id": "abcdefgh!", "text": "hi"}, "invalid"),
    ({"client_id": "abcdefgh12", "text": ""}, "invalid"),
    ({"client_id": "abcdefgh12", "text": "   \n\t "}, "invalid"),
    ({"client_id": "abcdefgh12", "text": 42}, "invalid"),
    ({"client_id": "abcdefgh12", "text": "hi", "admin": True}, "invalid"),
    ({"client_id": "abcdefgh12", "text": "nul \x00 byte"}, "invalid"),
    ({"client_id": "abcdefgh12", "text": "lone surrogate \ud800"}, "invalid"),
    ({"client_id": "abcdefgh12", "text": "hi", "nickname": "x" * 41}, "invalid"),
    ({"client_id": "abcdefgh12", "text": "x" * 4001}, "too_long"),
    (
        {"client_id": "abcdefgh12", "text": b"a binary attachment"},
        "invalid",
    ),  # Socket.IO binary event
    (b"just bytes", "invalid"),
    ({"client_id": "abcdefgh12", "text": "x" * 3000, "pad": "y" * 14000}, "payload_too_large"),
]


@pytest.mark.parametrize(("payload", "code"), BAD_VISITOR_PAYLOADS)
async def test_bad_visitor_messages_are_refused_clearly(
    live_server: LiveServer, payload: object, code: str
) -> None:
    visitor = await live_server.visitor()
    reply = await visitor.sio.call("message.send", payload, namespace="/visitor", timeout=5)
    assert reply["ok"] is False
    assert reply["error"]["code"] == code
    assert isinstance(reply["error"]["message"], str)
    assert reply["error"]["message"]
    assert await count_messages(live_server) == 0
    # the connection still works
    assert (await visitor.send("still here"))["ok"]


async def test_error_messages_follow_the_visitor_language(live_server: LiveServer) -> None:
    en = await live_server.visitor(lang="en")
    pl = await live_server.visitor(lang="pl")
    payload = {"client_id": "abcdefgh12", "text": "x" * 4001}
    r_en = await en.call("message.send", payload)
    r_pl = await pl.call("message.send", payload)
    assert "4000" in r_en["error"]["message"]
    assert "4000" in r_pl["error"]["message"]
    assert r_en["error"]["message"] != r_pl["error"]["message"]


async def test_a_message_of_exactly_4000_characters_is_accepted(live_server: LiveServer) -> None:
    visitor = await live_server.visitor()
    reply = await visitor.send("ą" * 4000)
    assert reply["ok"]
    assert len(reply["message"]["text"]) == 4000


async def test_unknown_events_get_an_error(live_server: LiveServer) -> None:
    visitor = await live_server.visitor()
    reply = await visitor.call("conversation.delete_everything", {"all": True})
    assert reply["error"]["code"] == "unknown_event"
    ania = await live_server.staff("ania")
    reply = await ania.call("admin.promote", {})
    assert reply["error"]["code"] == "unknown_event"


async def test_frame_over_the_transport_limit_closes_only_that_socket(
    live_server: LiveServer,
) -> None:
    visitor = await live_server.visitor()
    other = await live_server.visitor()
    visitor.sio.reconnection = False
    visitor.sio.eio.reconnection = False if hasattr(visitor.sio.eio, "reconnection") else None
    with pytest.raises(
        (
            socketio.exceptions.TimeoutError,
            socketio.exceptions.BadNamespaceError,
            socketio.exceptions.DisconnectedError,
        )
    ):
        await visitor.sio.call(
            "message.send",
            {"client_id": "abcdefgh12", "text": "x" * 100_000},
            namespace="/visitor",
            timeout=3,
        )
    await visitor.log.wait_for("disconnect")
    assert await count_messages(live_server) == 0
    assert (await other.send("the server is fine"))["ok"]


async def test_malformed_auth_is_refused(live_server: LiveServer) -> None:
    for auth in (None, {}, {"token": "short"}, {"token": "x" * 43 + "<script>"}, {"token": 12345}):
        client = socketio.AsyncClient(reconnection=False)
        with pytest.raises(socketio.exceptions.ConnectionError):
            await client.connect(
                live_server.url,
                auth=auth,
                transports=["websocket"],
                namespaces=["/visitor"],
                wait_timeout=3,
            )
        await client.disconnect()


async def test_console_refuses_without_a_session(live_server: LiveServer) -> None:
    client = socketio.AsyncClient(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        await client.connect(
            live_server.url,
            headers={"Cookie": "nr_session=forged"},
            transports=["websocket"],
            namespaces=["/console"],
            wait_timeout=3,
        )
    await client.disconnect()


async def test_console_payloads_are_validated(live_server: LiveServer) -> None:
    ania = await live_server.staff("ania")
    for event, payload in [
        ("duty.start", {"capacity": 0}),
        ("duty.start", {"capacity": 11}),
        ("duty.start", {"capacity": "3"}),
        ("queue.take", {"conversation_id": "../../etc"}),
        ("conversation.close", {"conversation_id": "c_x", "outcome": "deleted"}),
        (
            "conversation.close",
            {"conversation_id": "c_x", "outcome": "helped", "topics": ["weather"]},
        ),
        ("message.send", {"conversation_id": "c_x", "client_id": "abcdefgh12"}),
    ]:
        reply = await ania.call(event, payload)
        assert reply["ok"] is False, (event, payload, reply)
        assert reply["error"]["code"] == "invalid", (event, payload, reply)


async def test_visitor_rate_limit(server_factory: object) -> None:
    server = await server_factory(visitor_rate_count=5, visitor_rate_seconds=60)  # type: ignore[operator]
    visitor = await server.visitor()
    for i in range(4):
        assert (await visitor.send(f"m{i}"))["ok"]
    # resends below the limit use none of it: the fifth new message still goes through
    resend = visitor.messages[visitor.conversation_id][2]["client_id"]
    for _ in range(3):
        again = await visitor.call("message.send", {"client_id": resend, "text": "m1"})
        assert again["ok"]
        assert again["message"]["seq"] == 2
    assert (await visitor.send("m4"))["ok"]
    reply = await visitor.send("one too many")
    assert reply["ok"] is False
    assert reply["error"]["code"] == "rate_limited"
    assert reply["retry_after"] >= 1
    # a resend of an already stored message is not counted and still acknowledged
    first_id = visitor.messages[visitor.conversation_id][1]["client_id"]
    again = await visitor.call("message.send", {"client_id": first_id, "text": "m0"})
    assert again["ok"]
    assert again["message"]["seq"] == 1
    assert await count_messages(server) == 5


async def test_a_message_the_server_failed_to_store_does_not_count_against_the_rate_limit(
    server_factory: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = await server_factory(visitor_rate_count=2, visitor_rate_seconds=60)
    visitor = await server.visitor()
    assert (await visitor.send("first"))["ok"]
    db = server.svc.db
    real = db.store_message

    async def broken(req: Any) -> Any:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(db, "store_message", broken)
    reply = await visitor.send("lost")
    assert reply["ok"] is False
    assert reply["error"]["code"] == "unavailable"
    monkeypatch.setattr(db, "store_message", real)
    assert (await visitor.send("second"))["ok"]  # the lost one took none of the two
    assert (await visitor.send("third"))["error"]["code"] == "rate_limited"


async def test_visitor_cannot_reach_another_conversation(live_server: LiveServer) -> None:
    alice = await live_server.visitor()
    await alice.send("private to alice")
    mallory = await live_server.visitor()
    reply = await mallory.call(
        "conversation.join", {"last_seq": 0, "conversation_id": alice.conversation_id}
    )
    assert reply["ok"]
    assert reply["conversation"] is None
    assert reply["messages"] == []
    await mallory.send("hello")
    # a sentinel: mallory's own message from a second tab must arrive first
    tab = await live_server.visitor(token=mallory.token)
    await tab.send("sentinel")
    await mallory.log.wait_for("message.new", lambda m: m["text"] == "sentinel")
    assert all(m["text"] != "private to alice" for m in mallory.log.of("message.new"))
    async with live_server.svc.db.read() as s:
        assert await s.scalar(select(func.count()).select_from(Conversation)) == 2


async def test_networker_reads_only_assigned_conversations(live_server: LiveServer) -> None:
    ania = await live_server.staff("ania")
    tomek = await live_server.staff("tomek")
    await ania.on_duty(capacity=1)
    visitor = await live_server.visitor()
    await visitor.send("dla Ani")
    taken = await ania.call("queue.take", {})
    cid = taken["conversation"]["id"]
    for event, payload in [
        ("conversation.join", {"conversation_id": cid, "last_seq": 0}),
        ("message.send", {"conversation_id": cid, "client_id": "abcdefgh12", "text": "hi"}),
        ("typing", {"conversation_id": cid, "typing": True}),
        ("conversation.close", {"conversation_id": cid, "outcome": "helped"}),
    ]:
        reply = await tomek.call(event, payload)
        assert reply["error"]["code"] == "forbidden", (event, reply)
    # a sentinel: a message in tomek's own chat must arrive first, and be the only one
    mine = await live_server.sentinel_in_own_chat(tomek)
    assert {m["conversation_id"] for m in tomek.log.of("message.new")} == {mine}


# English words of refusals (pydantic's and ours): none may reach a Polish reader
ENGLISH = re.compile(
    r"\b(the|is|must|should|not|String|Value|error|characters|required|valid|field|input|"
    r"empty|contains|a summary|note|conversation|date|at least|at most)\b",
    re.I,
)


async def test_refusals_are_said_in_the_connection_language(live_server: LiveServer) -> None:
    """`invalid` says which field and why in the visitor's or staff member's language: the
    payload models' and the actions' reasons are translated, not pydantic's English."""
    visitor = await live_server.visitor(lang="pl")
    ania = await live_server.staff("ania")  # a Polish account
    cases = [
        (visitor, "message.send", {"client_id": "abcdefgh12", "text": "   "}, "nic nie napisano"),
        (visitor, "message.send", {"client_id": "short", "text": "hi"}, "niewłaściwa postać"),
        (visitor, "message.send", {"client_id": "abcdefgh12", "text": "hi", "x": 1}, "nieznane"),
        (visitor, "case.resume", {"code": 5}, "nieprawidłowa"),
        (
            ania,
            "note.add",
            {"conversation_id": "c_none", "scope": "case", "kind": "summary", "text": "x"},
            "Rodzaj: podsumowanie",
        ),
        (ania, "note.add", {"conversation_id": "c_none", "text": ""}, "Treść: za krótkie"),
        (ania, "note.add", {"conversation_id": "c_none", "text": "x", "kind": "?"}, "Rodzaj:"),
    ]
    for client, event, payload, said in cases:
        reply = await client.call(event, payload)
        assert reply["error"]["code"] == "invalid", (event, payload, reply)
        message = reply["error"]["message"]
        assert said in message, (payload, message)
        assert not ENGLISH.search(message), (payload, message)
    english = await live_server.visitor(lang="en")
    reply = await english.call("message.send", {"client_id": "short", "text": "hi"})
    assert reply["error"]["message"] == (
        "The request is not valid: client_id: not in the expected form."
    )
