"""Abuse without IP addresses, tried as an attacker would against a real server: a flood of new
chats from one client (proof of work), replayed proofs, many sockets per visitor token,
visitors who vanish from the queue, bursts of crisis chats from new visitors."""

from __future__ import annotations

import asyncio
import base64
import json
from typing import Any

import pytest
import socketio
from altcha import v1 as altcha_v1
from sqlalchemy import select

from server.actions.conversations import token_hash
from server.clock import FakeClock
from server.db.models import Conversation
from tests.conftest import LiveServer
from tests.helpers import Visitor


def solve(challenge: dict[str, Any]) -> str:
    """What the widget does with a `challenge_required` refusal: solve the ALTCHA challenge and
    send back the payload (base64 of its JSON)."""
    solution = altcha_v1.solve_challenge(
        challenge["challenge"], challenge["salt"], challenge["algorithm"], challenge["maxnumber"]
    )
    assert solution is not None
    payload = {
        "algorithm": challenge["algorithm"],
        "challenge": challenge["challenge"],
        "number": solution.number,
        "salt": challenge["salt"],
        "signature": challenge["signature"],
    }
    return base64.b64encode(json.dumps(payload).encode()).decode()


async def open_chat(server: LiveServer, text: str) -> tuple[Visitor, dict[str, Any]]:
    v = await server.visitor()
    return v, await v.send(text)


async def test_a_flood_of_200_new_chats_from_one_client_is_held(
    server_factory: Any, fake_clock: FakeClock
) -> None:
    server: LiveServer = await server_factory(fake_clock)
    threshold = server.settings.challenge_above_count
    ania = await server.staff("ania")
    await ania.on_duty(capacity=1)
    # one client opens 200 one-message chats as fast as it can, 10 sockets at a time
    replies: list[dict[str, Any]] = []
    for start in range(0, 200, 10):
        batch = await asyncio.gather(*(open_chat(server, f"spam {start + i}") for i in range(10)))
        replies += [reply for _, reply in batch]
        await asyncio.gather(*(v.close() for v, _ in batch))
    accepted = [r for r in replies if r.get("ok")]
    held = [r for r in replies if not r.get("ok")]
    assert len(accepted) == threshold
    assert len(held) == 200 - threshold
    for r in held:
        assert r["error"]["code"] == "challenge_required"
        assert r["error"]["message"]
        challenge = r["challenge"]
        assert challenge == r["error"]["challenge"]
        assert challenge["algorithm"] == "SHA-256"
        assert challenge["maxnumber"] == server.settings.challenge_difficulty
        assert set(challenge) == {"algorithm", "challenge", "maxnumber", "salt", "signature"}
    async with server.svc.db.read() as s:
        stored = (await s.execute(select(Conversation.id))).scalars().all()
    assert len(stored) == threshold  # a refused first message stores nothing

    # a real visitor, a moment later: refused once, the widget solves the challenge, the retry
    # goes through
    fake_clock.advance(1)
    real = await server.visitor()
    first = await real.send("potrzebuję pomocy")
    assert first["error"]["code"] == "challenge_required"
    reply = await real.send("potrzebuję pomocy", proof=solve(first["challenge"]))
    assert reply["ok"], reply
    assert reply["message"]["text"] == "potrzebuję pomocy"
    # behind only the chats that got in before the flood was held ...
    assert (await real.join())["queue"]["position"] == threshold + 1
    # ... and their client is gone: once that counts, the real visitor is first
    await server.until(lambda: left_count(server, threshold))
    fake_clock.advance(server.settings.visitor_gone_seconds + 1)
    await server.tick()
    await real.log.wait_for("queue.position", lambda p: p["position"] == 1)
    assert (await ania.call("queue.take", {}))["conversation"]["id"] == real.conversation_id


async def left_count(server: LiveServer, expected: int) -> bool:
    """True once the server has recorded `expected` queued visitors as gone away."""
    async with server.svc.db.read() as s:
        rows = (
            await s.execute(
                select(Conversation.id).where(Conversation.visitor_left_at.is_not(None))
            )
        ).all()
    return len(rows) == expected


async def test_a_proof_is_accepted_once(server_factory: Any, fake_clock: FakeClock) -> None:
    server: LiveServer = await server_factory(
        fake_clock, challenge_above_count=1, challenge_above_seconds=3600
    )
    assert (await (await server.visitor()).send("first"))["ok"]
    a = await server.visitor()
    refused = await a.send("hello")
    assert refused["error"]["code"] == "challenge_required"
    proof = solve(refused["challenge"])
    assert (await a.send("hello", proof=proof))["ok"]
    # another client replays the same proof: refused, nothing stored, a new challenge
    b = await server.visitor()
    replay = await b.send("hello", proof=proof)
    assert replay["error"]["code"] == "challenge_required"
    assert replay["challenge"]["challenge"] != refused["challenge"]["challenge"]
    # a forged proof (right shape, wrong number) and an expired one are refused the same way
    forged = json.loads(base64.b64decode(solve(replay["challenge"])))
    forged["number"] += 1
    bad = await b.send("hello", proof=forged)
    assert bad["error"]["code"] == "challenge_required"
    late = solve(bad["challenge"])
    fake_clock.advance(301)
    assert (await b.send("hello", proof=late))["error"]["code"] == "challenge_required"
    # garbage in the proof field is invalid
    assert (await b.send("hello", proof={"x": 1}))["error"]["code"] == "invalid"
    async with server.svc.db.read() as s:
        assert len((await s.execute(select(Conversation.id))).scalars().all()) == 2
    # a message into an open conversation needs no proof, nor does a resend
    assert (await a.send("second message"))["ok"]


async def test_new_conversations_either_side_of_a_window_edge_are_counted_together(
    server_factory: Any, fake_clock: FakeClock
) -> None:
    # the fake clock starts on a whole minute: with Redis the count is two fixed windows, and the
    # first chat lands half a second before the edge, the second half a second after it
    server: LiveServer = await server_factory(fake_clock, challenge_above_count=1)
    assert server.settings.challenge_above_seconds == 60
    fake_clock.advance(59.5)
    assert (await (await server.visitor()).send("first"))["ok"]
    fake_clock.advance(1)
    refused = await (await server.visitor()).send("second")
    assert refused["error"]["code"] == "challenge_required"


async def test_difficulty_rises_with_pressure(server_factory: Any, fake_clock: FakeClock) -> None:
    server: LiveServer = await server_factory(fake_clock, challenge_above_count=2)
    base = server.settings.challenge_difficulty
    seen = []
    for i in range(7):
        v = await server.visitor()
        reply = await v.send(f"chat {i}")
        if not reply["ok"]:
            seen.append(reply["challenge"]["maxnumber"])
            reply = await v.send(f"chat {i}", proof=solve(reply["challenge"]))
        assert reply["ok"]
    # 2, 3 started: base; 4, 5: twice; 6: four times
    assert seen == [base, base, base * 2, base * 2, base * 4]
    # the window passes (with Redis the count fades over up to two windows): no proof needed
    fake_clock.advance(2 * server.settings.challenge_above_seconds + 1)
    assert (await (await server.visitor()).send("later"))["ok"]


async def test_sockets_per_visitor_token_are_capped(live_server: LiveServer) -> None:
    cap = live_server.settings.visitor_sockets
    token = Visitor(live_server.url).token
    held = [await live_server.visitor(token=token) for _ in range(cap)]
    extra = socketio.AsyncClient(reconnection=False)
    refused: list[Any] = []
    extra.on("connect_error", lambda data: refused.append(data), namespace="/visitor")
    with pytest.raises(socketio.exceptions.ConnectionError):
        await extra.connect(
            live_server.url,
            auth={"token": token, "lang": "en"},
            transports=["websocket"],
            namespaces=["/visitor"],
            wait_timeout=5,
        )
    assert refused
    # socket.io clients read the error object as `err.data` (the JS client) / `data` here
    error = refused[0]["data"]
    assert error["code"] == "too_many_connections"
    assert "too many windows" in error["message"]
    # another token is not affected; closing one socket makes room again
    assert (await (await live_server.visitor()).send("hello"))["ok"]
    await held[0].close()
    await live_server.until(lambda: live_server.svc.local.sockets_of_token(token_hash(token)) < cap)
    again = await live_server.visitor(token=token)
    assert (await again.send("still me"))["ok"]


async def test_many_sockets_of_one_token_share_one_flood_allowance(server_factory: Any) -> None:
    server: LiveServer = await server_factory(socket_flood_count=10, visitor_sockets=5)
    token = Visitor(server.url).token
    sockets = [await server.visitor(token=token, connect=False) for _ in range(5)]
    for v in sockets:
        await v.connect(join=False)
    results = []
    for _ in range(4):
        for v in sockets:
            results.append(await v.call("typing", {"typing": False}))
    # 20 events from five sockets of one token: the token's 10 pass, the rest wait
    assert sum(1 for r in results if r["ok"]) == 10
    assert {r["error"]["code"] for r in results if not r["ok"]} == {"rate_limited"}
    # another visitor's allowance is their own
    other = await server.visitor()
    assert (await other.call("typing", {"typing": False}))["ok"]


async def test_a_visitor_who_vanished_during_duty_goes_after_present_ones(
    server_factory: Any, fake_clock: FakeClock
) -> None:
    server: LiveServer = await server_factory(fake_clock)
    ania = await server.staff("ania")
    await ania.on_duty(capacity=3)
    gone, _ = await open_chat(server, "first, then gone")
    fake_clock.advance(1)
    present, _ = await open_chat(server, "second, still here")
    gone_id, present_id = gone.conversation_id, present.conversation_id
    assert (await present.join())["queue"]["position"] == 2
    await gone.close()
    await server.until(lambda: left_count(server, 1))
    # a reload is not vanishing: nothing changes before the grace period
    await server.tick()
    queue = (await ania.call("console.sync", {}))["queue"]["items"]
    assert [i["id"] for i in queue] == [gone_id, present_id]
    assert not queue[0]["vanished"]
    fake_clock.advance(server.settings.visitor_gone_seconds + 1)
    await server.tick()
    update = await ania.log.wait_for(
        "queue.update", lambda u: [i["id"] for i in u["items"]] == [present_id, gone_id]
    )
    assert update["items"][1]["vanished"] is True
    assert update["items"][0]["vanished"] is False
    position = await present.log.wait_for("queue.position", lambda p: p["position"] == 1)
    assert position["conversation_id"] == present_id
    # the next one taken is the present visitor
    taken = await ania.call("queue.take", {})
    assert taken["conversation"]["id"] == present_id
    # the one who vanished comes back: unmarked, and still in the queue
    back = await server.visitor(token=gone.token)
    state = await back.join()
    assert state["conversation"]["id"] == gone_id
    assert state["queue"]["position"] == 1
    items = (await ania.call("console.sync", {}))["queue"]["items"]
    assert [(i["id"], i["vanished"]) for i in items] == [(gone_id, False)]


async def test_a_visitor_who_left_a_message_off_duty_keeps_their_place(
    server_factory: Any, fake_clock: FakeClock
) -> None:
    server: LiveServer = await server_factory(fake_clock)
    early, _ = await open_chat(server, "nobody on duty: a message for the next shift")
    await early.close()
    fake_clock.advance(server.settings.visitor_gone_seconds + 1)
    await server.tick()
    await open_chat(server, "I am here now")
    ania = await server.staff("ania")
    await ania.on_duty(capacity=2)
    fake_clock.advance(server.settings.visitor_gone_seconds + 1)
    await server.tick()
    items = (await ania.call("console.sync", {}))["queue"]["items"]
    assert [(i["first_message"], i["vanished"]) for i in items] == [
        ("nobody on duty: a message for the next shift", False),
        ("I am here now", False),
    ]


CRISIS = "nie chce juz zyc, mam tabletki i zrobie to dzis"


async def test_thirty_crisis_chats_show_as_a_flood_and_every_escalation_is_listed(
    server_factory: Any, fake_clock: FakeClock
) -> None:
    server: LiveServer = await server_factory(fake_clock)
    burst_at = server.settings.escalation_burst_count
    marta = await server.staff("marta", role="supervisor", name="Marta")
    # a returning visitor (first seen long ago) in crisis is not part of any flood
    regular = await server.visitor()
    assert (await regular.send("dzień dobry"))["ok"]
    fake_clock.advance(server.settings.escalation_burst_seconds + 1)
    await regular.send(CRISIS)
    await marta.log.wait_for("escalation.new")
    fake_clock.advance(1)
    clients = []
    for i in range(30):
        v = await server.visitor()
        clients.append(v)
        reply = await v.send(f"{CRISIS} {i}")
        assert reply["ok"], reply
    alerts = [
        await marta.log.wait_for(
            "escalation.new", lambda e, cid=v.conversation_id: e["conversation_id"] == cid
        )
        for v in clients
    ]
    # safety first: every one raised, alerted and listed on its own
    assert len({a["id"] for a in alerts}) == 30
    final = await marta.log.wait_for("escalation.burst", lambda b: b["count"] == 30)
    assert set(final["escalation_ids"]) == {a["id"] for a in alerts}
    assert final["window_seconds"] == int(server.settings.escalation_burst_seconds)
    bursts = marta.log.of("escalation.burst")
    # the group appears once there are enough of them, and grows with each
    assert [b["count"] for b in bursts] == list(range(burst_at, 31))
    state = await marta.call("supervisor.sync", {})
    assert len(state["escalations"]) == 31
    assert state["burst"]["count"] == 30
    assert set(state["burst"]["escalation_ids"]) == {a["id"] for a in alerts}
    # the flood's window passes: no group any more, every escalation still open and listed
    fake_clock.advance(server.settings.escalation_burst_seconds + 1)
    state = await marta.call("supervisor.sync", {})
    assert state["burst"] is None
    assert len(state["escalations"]) == 31


async def test_a_few_crisis_chats_are_no_flood(server_factory: Any) -> None:
    server: LiveServer = await server_factory()
    marta = await server.staff("marta", role="supervisor", name="Marta")
    for i in range(server.settings.escalation_burst_count - 1):
        assert (await (await server.visitor()).send(f"{CRISIS} {i}"))["ok"]
    state = await marta.call("supervisor.sync", {})
    assert len(state["escalations"]) == server.settings.escalation_burst_count - 1
    assert state["burst"] is None
    assert marta.log.of("escalation.burst") == []
