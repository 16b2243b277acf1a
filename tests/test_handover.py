"""Handover: a networker hands a chat to a colleague (or a supervisor) with a note; accepted,
declined, not accepted in time, or refused for a colleague with no free place
(docs/protocol.md, "Handover")."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from server.clock import FakeClock
from server.constants import HANDOVER_SECONDS
from server.db.models import AuditLog, Handover
from tests.conftest import LiveServer
from tests.helpers import Staff, Visitor

NOTE = "Pyta o testy HIV, boi się wizyty. Obiecałam numer punktu w Krakowie."


async def chat_with(server: LiveServer, staff: Staff) -> tuple[Visitor, str]:
    """A visitor writes and `staff` (on duty) takes the chat; returns (visitor, chat id)."""
    visitor = await server.visitor()
    assert (await visitor.send("Cześć, mam pytanie o testy"))["ok"]
    cid = str((await staff.call("queue.take", {}))["conversation"]["id"])
    await staff.join(cid)
    await visitor.log.wait_for("conversation.update", lambda d: d["op"] == "assigned")
    return visitor, cid


async def staff_id(staff: Staff) -> str:
    return str((await staff.call("console.sync", {}))["me"]["id"])


async def offer(staff: Staff, cid: str, to: str, note: str = NOTE) -> dict[str, Any]:
    return await staff.call(
        "handover.offer", {"conversation_id": cid, "staff_id": to, "note": note}
    )


async def test_a_handover_with_a_note_is_accepted(live_server: LiveServer) -> None:
    ania = await live_server.staff("ania", name="Ania")
    tomek = await live_server.staff("tomek", name="Tomek")
    await ania.on_duty(capacity=2)
    await tomek.on_duty(capacity=2)
    visitor, cid = await chat_with(live_server, ania)
    tomek_id = await staff_id(tomek)

    targets = await ania.call("handover.targets", {"conversation_id": cid})
    assert targets["ok"]
    assert [(t["id"], t["name"], t["load"]) for t in targets["targets"]] == [(tomek_id, "Tomek", 0)]

    offered = await offer(ania, cid, tomek_id)
    assert offered["ok"], offered
    hid = offered["handover"]["id"]
    assert offered["handover"]["status"] == "offered"
    # the receiver sees the offer live, with the note and the chat
    got = await tomek.log.wait_for("handover.update", lambda d: d["op"] == "offered")
    assert got["handover"]["id"] == hid
    assert got["handover"]["note"] == NOTE
    assert got["handover"]["from_staff"]["name"] == "Ania"
    assert got["handover"]["conversation"]["id"] == cid
    # a reload shows it too, on both sides
    assert [h["id"] for h in (await tomek.call("console.sync", {}))["handovers"]] == [hid]
    assert [h["id"] for h in (await ania.call("console.sync", {}))["handovers"]] == [hid]
    # a second offer for the same chat waits for the first
    assert (await offer(ania, cid, tomek_id))["error"]["code"] == "handover_pending"
    # only the receiver answers
    assert (await ania.call("handover.accept", {"handover_id": hid}))["error"][
        "code"
    ] == "forbidden"

    accepted = await tomek.call("handover.accept", {"handover_id": hid})
    assert accepted["ok"], accepted
    assert accepted["handover"]["status"] == "accepted"
    assert accepted["conversation"]["networker"]["name"] == "Tomek"
    # the sender is told, and the chat leaves their list
    told = await ania.log.wait_for("handover.update", lambda d: d["op"] == "accepted")
    assert told["handover"]["id"] == hid
    lost = await ania.log.wait_for("conversation.update", lambda d: d["op"] == "reassigned")
    assert lost["conversation"]["id"] == cid
    assert lost["reason"] == "handover"
    assert (await ania.log.wait_for("duty.update", lambda me: me["load"] == 0))["load"] == 0
    # the visitor is told who continues, by display name
    moved = await visitor.log.wait_for(
        "conversation.update", lambda d: d["op"] == "assigned" and d["reason"] == "handover"
    )
    assert moved["conversation"]["networker"] == {"name": "Tomek"}
    says = await visitor.log.wait_for(
        "message.new", lambda m: m["sender"] == "system" and "Tomek" in m["text"]
    )
    assert says["text"] == "Rozmowę z Tobą prowadzi teraz Tomek."
    # the receiver reads the note first when opening the chat (also after a reload)
    opened = await tomek.join(cid)
    assert opened["handover"]["note"] == NOTE
    assert opened["handover"]["from_staff"]["name"] == "Ania"
    assert (await tomek.send(cid, "Dzień dobry, tu Tomek."))["ok"]
    await visitor.log.wait_for("message.new", lambda m: m["text"] == "Dzień dobry, tu Tomek.")
    # the sender may no longer write, nor answer an answered offer again
    assert (
        await ania.call(
            "message.send", {"conversation_id": cid, "client_id": "abcdefgh01", "text": "x"}
        )
    )["error"]["code"] == "forbidden"
    assert (await tomek.call("handover.accept", {"handover_id": hid}))["error"][
        "code"
    ] == "handover_closed"
    async with live_server.svc.db.read() as s:
        audit = (
            await s.execute(select(AuditLog).where(AuditLog.action == "conversation.handover"))
        ).scalar_one()
    assert audit.subject == cid
    assert audit.details["handover"] == hid
    assert audit.details["to"] == tomek_id


async def test_a_handover_not_accepted_in_time_stays_with_the_sender(
    server_factory: Any, fake_clock: FakeClock
) -> None:
    server: LiveServer = await server_factory(fake_clock)
    ania = await server.staff("ania", name="Ania")
    tomek = await server.staff("tomek", name="Tomek")
    await ania.on_duty(capacity=2)
    await tomek.on_duty(capacity=2)
    visitor, cid = await chat_with(server, ania)
    hid = (await offer(ania, cid, await staff_id(tomek)))["handover"]["id"]
    await tomek.log.wait_for("handover.update", lambda d: d["op"] == "offered")

    fake_clock.advance(HANDOVER_SECONDS - 1)
    await server.tick()
    fake_clock.advance(2)
    await server.tick()
    expired = await ania.log.wait_for("handover.update", lambda d: d["op"] == "expired")
    assert expired["handover"]["id"] == hid
    assert expired["handover"]["conversation"]["networker"]["name"] == "Ania"
    await tomek.log.wait_for("handover.update", lambda d: d["op"] == "expired")
    # nothing moved: too late to accept, and the chat is still Ania's
    assert (await tomek.call("handover.accept", {"handover_id": hid}))["error"][
        "code"
    ] == "handover_closed"
    assert (await ania.send(cid, "Nadal jestem tutaj."))["ok"]
    await visitor.log.wait_for("message.new", lambda m: m["text"] == "Nadal jestem tutaj.")
    assert not [u for u in visitor.log.of("conversation.update") if u["reason"] == "handover"]
    async with server.svc.db.read() as s:
        assert (await s.get(Handover, hid)).status == "expired"  # type: ignore[union-attr]
    # the chat may be offered again
    assert (await offer(ania, cid, await staff_id(tomek)))["ok"]


async def test_a_declined_handover_leaves_the_chat_with_the_sender(
    live_server: LiveServer,
) -> None:
    ania = await live_server.staff("ania", name="Ania")
    marta = await live_server.staff("marta", role="supervisor", name="Marta")
    await ania.on_duty(capacity=2)
    visitor, cid = await chat_with(live_server, ania)
    # a supervisor with the console open receives even when not on duty
    marta_id = await staff_id(marta)
    names = [
        t["name"]
        for t in (await ania.call("handover.targets", {"conversation_id": cid}))["targets"]
    ]
    assert names == ["Marta"]
    hid = (await offer(ania, cid, marta_id, "Proszę o wsparcie"))["handover"]["id"]
    await marta.log.wait_for("handover.update", lambda d: d["op"] == "offered")
    declined = await marta.call("handover.decline", {"handover_id": hid})
    assert declined["ok"]
    assert declined["handover"]["status"] == "declined"
    told = await ania.log.wait_for("handover.update", lambda d: d["op"] == "declined")
    assert told["handover"]["to_staff"]["name"] == "Marta"
    assert (await marta.call("handover.accept", {"handover_id": hid}))["error"][
        "code"
    ] == "handover_closed"
    assert (await ania.send(cid, "Zostaję z Tobą."))["ok"]
    await visitor.log.wait_for("message.new", lambda m: m["text"] == "Zostaję z Tobą.")
    assert not [u for u in ania.log.of("conversation.update") if u["op"] == "reassigned"]


async def test_a_handover_to_a_full_colleague_is_refused(live_server: LiveServer) -> None:
    ania = await live_server.staff("ania", name="Ania")
    tomek = await live_server.staff("tomek", name="Tomek")
    ola = await live_server.staff("ola", name="Ola")
    await ania.on_duty(capacity=2)
    await tomek.on_duty(capacity=1)
    _, cid = await chat_with(live_server, ania)
    await chat_with(live_server, tomek)  # Tomek is full now
    tomek_id, ola_id = await staff_id(tomek), await staff_id(ola)
    assert (await ania.call("handover.targets", {"conversation_id": cid}))["targets"] == []
    full = await offer(ania, cid, tomek_id)
    assert full["error"]["code"] == "at_capacity"
    # in the staff member's language (Polish), about the colleague rather than oneself
    assert full["error"]["message"] == "Ta osoba nie ma wolnego miejsca na kolejną rozmowę."
    assert (await offer(ania, cid, ola_id))["error"]["code"] == "not_on_duty"
    # bad input changes nothing, with a clear error
    assert (await offer(ania, cid, await staff_id(ania)))["error"]["code"] == "invalid"
    assert (await offer(ania, cid, tomek_id, "   "))["error"]["code"] == "invalid"
    assert (await ania.call("handover.offer", {"conversation_id": cid, "staff_id": tomek_id}))[
        "error"
    ]["code"] == "invalid"
    # only the chat's networker hands it over
    await ola.on_duty(capacity=2)
    assert (await offer(tomek, cid, ola_id))["error"]["code"] == "forbidden"
    assert (await ola.call("handover.targets", {"conversation_id": cid}))["error"][
        "code"
    ] == "forbidden"
    async with live_server.svc.db.read() as s:
        assert (await s.execute(select(Handover))).first() is None
    # a colleague who frees a place can be offered it; accepting at capacity is refused
    ok = await offer(ania, cid, ola_id)
    assert ok["ok"]
    await ola.call("duty.start", {"capacity": 1, "auto_assign": False})
    await chat_with(live_server, ola)
    refused = await ola.call("handover.accept", {"handover_id": ok["handover"]["id"]})
    assert refused["error"]["code"] == "at_capacity"
