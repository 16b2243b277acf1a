"""Blocking a visitor: refused at connect with `blocked` until the block expires (fake clock) or
a supervisor lifts it; audited (docs/protocol.md, "Blocks")."""

from __future__ import annotations

from typing import Any

import pytest
import socketio
from sqlalchemy import select

from server.clock import FakeClock
from server.constants import BLOCK_DEFAULT_HOURS
from server.db.models import AuditLog, Conversation
from tests.conftest import LiveServer
from tests.helpers import Visitor
from tests.test_supervisor_pages import browser_session, get


async def refused_connect(server: LiveServer, token: str, lang: str = "pl") -> dict[str, Any]:
    """Connect a socket with `token`; it must be refused. Returns the connect_error data."""
    client = socketio.AsyncClient(reconnection=False)
    errors: list[Any] = []
    client.on("connect_error", lambda data: errors.append(data), namespace="/visitor")
    with pytest.raises(socketio.exceptions.ConnectionError):
        await client.connect(
            server.url,
            auth={"token": token, "lang": lang},
            transports=["websocket"],
            namespaces=["/visitor"],
            wait_timeout=5,
        )
    assert errors
    return dict(errors[0]["data"])


async def test_a_block_refuses_the_next_connect_until_it_expires(
    server_factory: Any, fake_clock: FakeClock
) -> None:
    server: LiveServer = await server_factory(fake_clock)
    ania = await server.staff("ania", name="Ania")
    tomek = await server.staff("tomek", name="Tomek")
    await ania.on_duty(capacity=2)
    visitor = await server.visitor()
    assert (await visitor.send("wyzwiska"))["ok"]
    cid = str((await ania.call("queue.take", {}))["conversation"]["id"])
    await ania.join(cid)
    ania_id = (await ania.call("console.sync", {}))["me"]["id"]

    # only the chat's networker (or a supervisor) blocks; bad input changes nothing
    assert (await tomek.call("visitor.block", {"conversation_id": cid, "reason": "x"}))["error"][
        "code"
    ] == "forbidden"
    for bad in (
        {"conversation_id": cid, "reason": " "},
        {"conversation_id": cid, "reason": "x", "hours": 0},
        {"conversation_id": cid},
    ):
        assert (await ania.call("visitor.block", bad))["error"]["code"] == "invalid"
    assert (await visitor.send("jeszcze tu jestem"))["ok"]

    reply = await ania.call("visitor.block", {"conversation_id": cid, "reason": "Obraża i grozi"})
    assert reply["ok"], reply
    block = reply["block"]
    assert block["reason"] == "Obraża i grozi"
    assert block["tokens"] == 1
    assert block["created_by"]["name"] == "Ania"
    assert block["lifted_at"] is None
    # the chat ends for both sides, recorded as abusive
    ended = await visitor.log.wait_for("conversation.update", lambda d: d["op"] == "closed")
    assert ended["reason"] == "blocked"
    closed = await ania.log.wait_for("conversation.update", lambda d: d["op"] == "closed")
    assert closed["conversation"]["outcome"] == "abusive"
    await ania.log.wait_for("duty.update", lambda me: me["load"] == 0)
    # the open socket cannot start a new chat; a new connect is refused, in the visitor's language
    assert (await visitor.send("nowa rozmowa"))["error"]["code"] == "blocked"
    error = await refused_connect(server, visitor.token)
    assert error["code"] == "blocked"
    assert error["message"] == "Ten czat jest niedostępny."
    assert (await refused_connect(server, visitor.token, "en"))["code"] == "blocked"
    # another visitor is not affected
    assert (await (await server.visitor()).send("inna osoba"))["ok"]

    # the default block lasts 24 h by the app's clock (Ania's session ends meanwhile)
    fake_clock.advance(BLOCK_DEFAULT_HOURS * 3600 - 5)
    assert (await refused_connect(server, visitor.token))["code"] == "blocked"
    fake_clock.advance(10)
    back = Visitor(server.url, token=visitor.token)
    server.clients.append(back)
    await back.connect()
    reply = await back.send("wróciłem")
    assert reply["ok"], reply
    assert reply["conversation"]["id"] != cid
    async with server.svc.db.read() as s:
        audit = (
            await s.execute(select(AuditLog).where(AuditLog.action == "visitor.block"))
        ).scalar_one()
        conv = await s.get(Conversation, cid)
    assert audit.actor_id == ania_id
    assert audit.subject == block["id"]
    assert audit.details["hours"] == BLOCK_DEFAULT_HOURS
    assert conv is not None
    assert conv.outcome == "abusive"


async def test_supervisors_see_blocks_on_a_page_and_lift_them(live_server: LiveServer) -> None:
    ania = await live_server.staff("ania", name="Ania")
    await ania.on_duty(capacity=2)
    visitor = await live_server.visitor(lang="en")
    assert (await visitor.send("spam"))["ok"]
    cid = str((await ania.call("queue.take", {}))["conversation"]["id"])
    reply = await ania.call(
        "visitor.block", {"conversation_id": cid, "reason": "Spam links", "hours": 2}
    )
    assert reply["ok"], reply
    block_id = reply["block"]["id"]
    assert (await refused_connect(live_server, visitor.token, "en"))["message"] == (
        "This chat is not available."
    )
    async with browser_session(live_server, "marta", role="supervisor") as (http, csrf):
        status, page, _ = await get(http, f"{live_server.url}/supervisor/blocks")
        assert status == 200
        assert "Spam links" in page
        assert block_id in page
        assert "Ania" in page
        # a missing or unknown block: a clear error, nothing changed
        async with http.post(
            f"{live_server.url}/supervisor/blocks/lift",
            data={"block_id": "b_nope", "csrf_token": csrf},
            allow_redirects=False,
        ) as r:
            assert r.status == 400
            assert "This block does not exist." in await r.text()
        async with http.post(
            f"{live_server.url}/supervisor/blocks/lift",
            data={"block_id": block_id, "csrf_token": csrf},
            allow_redirects=False,
        ) as r:
            assert r.status == 303
        status, page, _ = await get(http, f"{live_server.url}/supervisor/blocks?done=lifted")
        assert "Spam links" not in page
        assert "The block was lifted" in page
    back = Visitor(live_server.url, token=visitor.token, lang="en")
    live_server.clients.append(back)
    await back.connect()
    assert (await back.send("sorry"))["ok"]
    async with live_server.svc.db.read() as s:
        actions = [a.action for a in (await s.execute(select(AuditLog))).scalars()]
    assert "visitor.block" in actions
    assert "visitor.unblock" in actions


async def test_a_block_covers_every_token_that_resumed_the_case(live_server: LiveServer) -> None:
    """A visitor who continued their case on a second device (resume code) is blocked on both:
    the block names every token of the case."""
    ania = await live_server.staff("ania", name="Ania")
    await ania.on_duty(capacity=2)
    phone = await live_server.visitor()
    assert (await phone.send("pierwsza wiadomość"))["ok"]
    code = (await phone.call("case.code", {}))["code"]
    laptop = await live_server.visitor()
    resumed = await laptop.call("case.resume", {"code": code})
    assert resumed["ok"], resumed
    cid = str((await ania.call("queue.take", {}))["conversation"]["id"])
    reply = await ania.call("visitor.block", {"conversation_id": cid, "reason": "Groźby"})
    assert reply["ok"], reply
    assert reply["block"]["tokens"] == 2
    assert (await refused_connect(live_server, phone.token))["code"] == "blocked"
    assert (await refused_connect(live_server, laptop.token))["code"] == "blocked"
    # and a blocked case cannot hand out a new resume code to a third device
    assert (await phone.call("case.code", {}))["error"]["code"] == "blocked"
