"""A visitor and a networker chat through the queue: real Socket.IO clients, real server."""

from __future__ import annotations

import asyncio

from tests.conftest import LiveServer
from tests.helpers import Staff


async def test_visitor_queues_networker_takes_and_they_chat(live_server: LiveServer) -> None:
    ania = await live_server.staff("ania", name="Ania")
    visitor = await live_server.visitor()
    reply = await visitor.send("Cześć, potrzebuję porady prawnej", nickname="kuba")
    assert reply["ok"], reply
    conv = reply["conversation"]
    assert conv["status"] == "queued"
    assert reply["message"]["seq"] == 1
    assert reply["message"]["sender"] == "visitor"

    # nobody on duty: the visitor is told so (position with no estimate)
    pos = await visitor.log.wait_for("queue.position")
    assert pos["position"] == 1
    assert pos["on_duty"] == 0
    assert pos["estimated_wait_seconds"] is None

    # the console sees the queue live
    update = await ania.log.wait_for("queue.update", lambda d: d["total"] == 1)
    item = update["items"][0]
    assert item["first_message"] == "Cześć, potrzebuję porady prawnej"
    assert item["site"] == "forum.example"
    assert item["language"] == "pl"
    assert item["nickname"] == "kuba"

    await ania.on_duty(capacity=2)
    pos = await visitor.log.wait_for("queue.position", lambda d: d["on_duty"] == 1)
    assert pos["estimated_wait_seconds"] is not None

    taken = await ania.call("queue.take", {})
    assert taken["ok"], taken
    cid = taken["conversation"]["id"]
    assert cid == conv["id"]
    assigned = await visitor.log.wait_for("conversation.update", lambda d: d["op"] == "assigned")
    assert assigned["conversation"]["networker"] == {"name": "Ania"}
    assert (await ania.log.wait_for("duty.update", lambda d: d["load"] == 1))["capacity"] == 2
    assert "id" not in assigned["conversation"]["networker"]  # visitors never see staff ids

    joined = await ania.join(cid)
    assert [m["text"] for m in joined["messages"]] == ["Cześć, potrzebuję porady prawnej"]

    # messages both ways
    r = await ania.send(cid, "Dzień dobry, jestem Ania. W czym mogę pomóc?")
    assert r["ok"]
    assert r["message"]["seq"] == 2
    got = await visitor.log.wait_for("message.new", lambda m: m["sender"] == "staff")
    assert got["sender_name"] == "Ania"
    assert got["seq"] == 2

    await visitor.send("Mam problem z właścicielem mieszkania")
    got = await ania.log.wait_for("message.new", lambda m: m["seq"] == 3)
    assert got["sender"] == "visitor"
    assert got["sender_name"] == "kuba"

    # typing both ways
    assert (await visitor.call("typing", {"typing": True}))["ok"]
    t = await ania.log.wait_for("typing")
    assert t == {"conversation_id": cid, "sender": "visitor", "typing": True}
    assert (await ania.call("typing", {"conversation_id": cid, "typing": True}))["ok"]
    t = await visitor.log.wait_for("typing")
    assert t["sender"] == "staff"
    assert t["typing"] is True

    # close with an outcome and topics: the visitor is told the chat ended
    closed = await ania.call(
        "conversation.close",
        {"conversation_id": cid, "outcome": "information_given", "topics": ["legal", "housing"]},
    )
    assert closed["ok"], closed
    assert closed["conversation"]["topics"] == ["housing", "legal"]
    await ania.log.wait_for("duty.update", lambda d: d["load"] == 0 and d["on_duty"])
    end = await visitor.log.wait_for("conversation.update", lambda d: d["op"] == "closed")
    assert end["reason"] == "closed_by_staff"
    assert end["conversation"]["status"] == "closed"

    # sending into a closed chat is refused; the visitor's next message starts a new conversation
    refused = await ania.send(cid, "jeszcze jedno")
    assert refused == {
        "ok": False,
        "error": {"code": "closed", "message": refused["error"]["message"]},
    }
    again = await visitor.send("Jeszcze jedno pytanie")
    assert again["ok"]
    assert again["conversation"]["id"] != cid
    assert again["message"]["seq"] == 1


async def test_visitor_leaving_tells_the_networker(live_server: LiveServer) -> None:
    ania = await live_server.staff("ania")
    await ania.on_duty(capacity=1, auto_assign=True)
    visitor = await live_server.visitor()
    await visitor.send("hej")
    assigned = await ania.log.wait_for("conversation.update", lambda d: d["op"] == "assigned")
    cid = assigned["conversation"]["id"]
    assert (await visitor.call("conversation.leave", {}))["ok"]
    left = await ania.log.wait_for("conversation.update", lambda d: d["op"] == "closed")
    assert left["reason"] == "visitor_left"
    # the networker can still record outcome and topics afterwards
    r = await ania.call(
        "conversation.close",
        {"conversation_id": cid, "outcome": "visitor_left", "topics": ["other"]},
    )
    assert r["ok"]
    assert r["conversation"]["outcome"] == "visitor_left"


async def test_auto_assignment_respects_capacity_and_load(live_server: LiveServer) -> None:
    ania = await live_server.staff("ania")
    tomek = await live_server.staff("tomek")
    await ania.on_duty(capacity=1, auto_assign=True)
    await tomek.on_duty(capacity=1, auto_assign=True)
    visitors = [await live_server.visitor() for _ in range(3)]
    for i, v in enumerate(visitors):
        assert (await v.send(f"wiadomość {i}"))["ok"]
    await live_server.settle()
    a = await ania.log.wait_for("conversation.update", lambda d: d["op"] == "assigned")
    t = await tomek.log.wait_for("conversation.update", lambda d: d["op"] == "assigned")
    assert a["conversation"]["id"] != t["conversation"]["id"]
    # the third waits, first in line
    pos = await visitors[2].log.wait_for(
        "queue.position", lambda d: d["position"] == 1 and d["on_duty"] == 2
    )
    assert pos
    # capacity frees up when a chat closes: the third is assigned
    await ania.call(
        "conversation.close",
        {"conversation_id": a["conversation"]["id"], "outcome": "helped", "topics": []},
    )
    third = await visitors[2].log.wait_for("conversation.update", lambda d: d["op"] == "assigned")
    assert third["conversation"]["networker"]["name"] == "Ania"


async def test_taking_needs_duty_and_capacity(live_server: LiveServer) -> None:
    ania = await live_server.staff("ania")
    r = await ania.call("queue.take", {})
    assert r["error"]["code"] == "not_on_duty"
    await ania.on_duty(capacity=1)
    assert (await ania.call("queue.take", {}))["error"]["code"] == "queue_empty"
    v1, v2 = await live_server.visitor(), await live_server.visitor()
    await v1.send("pierwszy")
    await v2.send("drugi")
    first = await ania.call("queue.take", {})
    assert first["ok"]
    assert first["conversation"]["first_message"] == "pierwszy"
    assert (await ania.call("queue.take", {}))["error"]["code"] == "at_capacity"


async def test_nobody_on_duty_message_waits_for_next_shift(live_server: LiveServer) -> None:
    visitor = await live_server.visitor()
    state = await visitor.join()
    assert state["conversation"] is None
    assert state["duty"]["on_duty"] == 0
    assert state["duty"]["emergency_number"] == "112"
    assert state["duty"]["hours"] == [{"days": [0, 1, 2, 3, 4], "from": "16:00", "to": "22:00"}]
    assert (await visitor.send("Zostawiam wiadomość dla następnej zmiany"))["ok"]
    ania = await live_server.staff("ania")
    await ania.on_duty(capacity=1)
    duty = await visitor.log.wait_for("duty.update", lambda d: d["on_duty"] == 1)
    assert duty["emergency_number"] == "112"
    taken = await ania.call("queue.take", {})
    assert taken["conversation"]["first_message"] == "Zostawiam wiadomość dla następnej zmiany"
    await asyncio.sleep(0)


async def test_nobody_on_duty_shows_crisis_lines_from_the_vetted_library(
    live_server: LiveServer,
) -> None:
    from server.actions.resources.hsds import do_load_starter

    visitor = await live_server.visitor()
    empty = await visitor.join()
    assert empty["duty"]["resources"] == {
        "pl": [],
        "en": [],
        "uk": [],
    }  # an empty library: no lines, no error
    await do_load_starter(live_server.svc)
    state = await visitor.join()
    cards = state["duty"]["resources"]
    numbers = [p["number"] for c in cards["pl"] for p in c["phones"]]
    assert "116 123" in numbers
    assert "112" not in numbers
    assert all(c["available"] for c in cards["pl"])
    assert [c["id"] for c in cards["pl"]] == [c["id"] for c in cards["en"]]
    assert cards["pl"][0]["name"] != cards["en"][0]["name"]  # each in its language
    # the library has no Ukrainian texts: a Ukrainian reader gets the English ones
    assert [c["name"] for c in cards["uk"]] == [c["name"] for c in cards["en"]]


async def test_the_sending_socket_gets_its_message_in_the_ack_and_other_tabs_get_message_new(
    live_server: LiveServer,
) -> None:
    """message.new skips the socket that sent the message (its ack carries it); the sender's
    other tabs and the other side get it, in the fast path and the full path alike."""
    ania = await live_server.staff("ania")
    await ania.on_duty(capacity=1, auto_assign=True)
    tab1 = await live_server.visitor()
    first = await tab1.send("pierwsza wiadomość")  # the full path: a new conversation
    cid = first["conversation"]["id"]
    await tab1.log.wait_for("conversation.update", lambda d: d["op"] == "assigned")
    tab2 = await live_server.visitor(token=tab1.token)
    ania_tab2 = Staff(live_server.url, ania.cookie)
    live_server.clients.append(ania_tab2)
    await ania_tab2.connect()
    await ania.join(cid)
    await ania_tab2.join(cid)

    second = await tab1.send("druga")  # the fast path
    assert second["ok"]
    assert second["message"]["seq"] == 2
    assert (await tab2.log.wait_for("message.new", lambda m: m["seq"] == 2))["text"] == "druga"
    assert (await ania.log.wait_for("message.new", lambda m: m["seq"] == 2))["text"] == "druga"
    assert (await ania_tab2.log.wait_for("message.new", lambda m: m["seq"] == 2))["text"] == "druga"

    reply = await ania.send(cid, "odpowiedź")
    assert reply["ok"]
    assert reply["message"]["seq"] == 3
    for client in (tab1, tab2, ania_tab2):
        assert (await client.log.wait_for("message.new", lambda m: m["seq"] == 3))[
            "sender"
        ] == "staff"
    # everything above has arrived; neither sending socket got its own message back
    assert [m["seq"] for n, m in tab1.log.events if n == "message.new"] == [3]
    assert [m["seq"] for n, m in ania.log.events if n == "message.new"] == [2]
    assert [m["seq"] for n, m in ania_tab2.log.events if n == "message.new"] == [2, 3]
    assert [m["seq"] for n, m in tab2.log.events if n == "message.new"] == [2, 3]


async def test_a_supervisor_in_the_chat_and_watching_it_gets_each_message_once(
    live_server: LiveServer,
) -> None:
    szef = await live_server.staff("szef", role="supervisor")
    await szef.on_duty(capacity=1, auto_assign=True)
    visitor = await live_server.visitor()
    cid = (await visitor.send("dzień dobry"))["conversation"]["id"]
    await visitor.log.wait_for("conversation.update", lambda d: d["op"] == "assigned")
    assert (await szef.join(cid))["ok"]
    watched = await szef.call("conversation.watch", {"conversation_id": cid, "last_seq": 1})
    assert watched["ok"], watched  # now in both the networker's room and the watchers' room
    await visitor.send("druga")
    await visitor.send("trzecia")
    await szef.log.wait_for("message.new", lambda m: m["seq"] == 3)
    assert [m["seq"] for n, m in szef.log.events if n == "message.new"] == [2, 3]
