"""Crisis escalation: detection in the message path, alerts, the lifecycle, supervisors."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from server.clock import FakeClock
from server.db.models import AuditLog, Conversation, Escalation
from tests.conftest import LiveServer

CRISIS_PL = "nie chce juz zyc, mam tabletki i zrobie to dzis"


async def test_crisis_message_alerts_supervisors_jumps_queue_and_gives_contacts(
    live_server: LiveServer,
) -> None:
    marta = await live_server.staff("marta", role="supervisor", name="Marta")
    calm = [await live_server.visitor() for _ in range(3)]
    for i, v in enumerate(calm):
        assert (await v.send(f"Mam pytanie o testy na HIV {i}"))["ok"]
    crisis = await live_server.visitor()
    reply = await crisis.send(CRISIS_PL)
    assert reply["ok"]
    # the visitor is not left alone: emergency contacts at once, while still waiting
    contacts = await crisis.log.wait_for("message.new", lambda m: m["sender"] == "system")
    assert "112" in contacts["text"]
    # an empty library has no flagged crisis lines: the emergency number alone, never invented
    assert [c["number"] for c in contacts["emergency"]["contacts"]] == ["112"]
    assert contacts["emergency"]["on_duty"] == 0
    assert contacts["seq"] == 2
    assert "risk" not in reply["message"]  # the visitor never sees the assessment
    # the supervisor sees the escalation with the reason
    alert = await marta.log.wait_for("escalation.new")
    assert alert["severity"] == "imminent"
    assert alert["status"] == "raised"
    assert alert["source"] == "auto"
    assert set(alert["categories"]) >= {"self_harm"}
    phrases = {m["phrase"] for m in alert["matches"]}
    assert "tabletki" in phrases
    assert alert["excerpt"] == CRISIS_PL
    assert alert["conversation"]["priority"] == 20
    # an urgent waiting visitor is assigned before the earlier non-urgent ones
    first = await crisis.log.wait_for("queue.position", lambda d: d["position"] == 1)
    assert first
    ania = await live_server.staff("ania", name="Ania")
    await ania.on_duty(capacity=1)
    taken = await ania.call("queue.take", {})
    assert taken["conversation"]["id"] == crisis.conversation_id
    assert taken["conversation"]["risk"] == "imminent"
    joined = await ania.join(crisis.conversation_id)
    assert joined["messages"][0]["risk"] == "imminent"


async def test_assigned_networker_is_alerted_in_the_chat(live_server: LiveServer) -> None:
    ania = await live_server.staff("ania")
    await ania.on_duty(capacity=1, auto_assign=True)
    visitor = await live_server.visitor(lang="en")
    await visitor.send("hi, can I ask something")
    await ania.log.wait_for("conversation.update", lambda d: d["op"] == "assigned")
    await visitor.send("my friend says she will kill herself tonight")
    alert = await ania.log.wait_for("escalation.new")
    assert alert["conversation_id"] == visitor.conversation_id
    msg = await ania.log.wait_for(
        "message.new", lambda m: m["sender"] == "visitor" and m.get("risk") in ("high", "imminent")
    )
    assert msg
    contacts = await visitor.log.wait_for("message.new", lambda m: m["sender"] == "system")
    assert contacts["text"].startswith("If you are in danger right now, call 112.")


async def test_concern_marks_the_conversation_without_alerting_supervisors(
    live_server: LiveServer,
) -> None:
    marta = await live_server.staff("marta", role="supervisor")
    ania = await live_server.staff("ania")
    await ania.on_duty(capacity=1, auto_assign=True)
    visitor = await live_server.visitor()
    await visitor.send("czuję się samotny, nikt mnie nie rozumie")
    assigned = await ania.log.wait_for("conversation.update", lambda d: d["op"] == "assigned")
    assert assigned["conversation"]["risk"] == "concern"
    # a sentinel: a real crisis from another visitor must alert first, and be the only alert
    other = await live_server.visitor()
    await other.send(CRISIS_PL)
    alert = await marta.log.wait_for("escalation.new")
    assert [e["id"] for e in marta.log.of("escalation.new")] == [alert["id"]]
    assert alert["conversation_id"] == other.conversation_id
    assert all(m["sender"] != "system" for m in visitor.log.of("message.new"))


async def test_idioms_do_not_escalate(live_server: LiveServer) -> None:
    marta = await live_server.staff("marta", role="supervisor")
    visitor = await live_server.visitor()
    for text in (
        "ten sprawdzian mnie zabije",
        "umieram ze śmiechu",
        "gdzie zrobić test na HIV za darmo?",
    ):
        await visitor.send(text)
    # a sentinel: a real crisis from another visitor must alert first, and be the only alert
    other = await live_server.visitor()
    await other.send(CRISIS_PL)
    alert = await marta.log.wait_for("escalation.new")
    assert [e["conversation_id"] for e in marta.log.of("escalation.new")] == [other.conversation_id]
    async with live_server.svc.db.read() as s:
        conv = await s.get(Conversation, visitor.conversation_id)
    assert conv is not None
    assert conv.priority == 0
    assert alert["severity"] in ("high", "imminent")


async def test_lifecycle_acknowledge_resolve_with_timings_and_audit(server_factory: Any) -> None:
    clock = FakeClock()
    server = await server_factory(clock=clock)
    marta = await server.staff("marta", role="supervisor")
    visitor = await server.visitor()
    await visitor.send(CRISIS_PL)
    alert = await marta.log.wait_for("escalation.new")
    clock.advance(40)
    ack = await marta.call("escalation.ack", {"escalation_id": alert["id"]})
    assert ack["ok"]
    assert ack["escalation"]["status"] == "acknowledged"
    assert ack["escalation"]["acknowledged_by"]["name"] == "Marta"
    clock.advance(300)
    done = await marta.call(
        "escalation.resolve",
        {
            "escalation_id": alert["id"],
            "outcome": "safety_plan",
            "note": "plan bezpieczeństwa ustalony",
        },
    )
    assert done["ok"]
    assert done["escalation"]["status"] == "resolved"
    assert (
        await marta.call("escalation.resolve", {"escalation_id": alert["id"], "outcome": "other"})
    )["error"]["code"] == "closed"
    async with server.svc.db.read() as s:
        esc = (await s.execute(select(Escalation))).scalar_one()
        audit = [
            a.action for a in (await s.execute(select(AuditLog).order_by(AuditLog.id))).scalars()
        ]
    assert (esc.acknowledged_at - esc.raised_at).total_seconds() == 40
    assert (esc.resolved_at - esc.raised_at).total_seconds() == 340
    assert esc.outcome == "safety_plan"
    assert "escalation.acknowledge" in audit
    assert "escalation.resolve" in audit


async def test_unacknowledged_escalation_is_reannounced_as_overdue(server_factory: Any) -> None:
    clock = FakeClock()
    server = await server_factory(clock=clock, escalation_ack_seconds=120.0)
    marta = await server.staff("marta", role="supervisor")
    visitor = await server.visitor()
    await visitor.send(CRISIS_PL)
    alert = await marta.log.wait_for("escalation.new")
    clock.advance(100)
    await server.tick()  # not yet due
    clock.advance(21)
    await server.tick()
    overdue = await marta.log.wait_for("escalation.update", lambda d: d["op"] == "overdue")
    # the first update is this overdue one: nothing was announced at 100 s
    assert marta.log.of("escalation.update")[0] is overdue
    assert overdue["escalation"]["id"] == alert["id"]
    assert overdue["escalation"]["overdue"] is True
    await server.tick()
    await server.tick()
    clock.advance(121)
    await server.tick()
    await marta.log.wait_for(
        "escalation.update",
        lambda d: (
            d["op"] == "overdue"
            and len([x for x in marta.log.of("escalation.update") if x["op"] == "overdue"]) >= 2
        ),
    )
    # once per period: the ticks between did not announce it again
    assert len([d for d in marta.log.of("escalation.update") if d["op"] == "overdue"]) == 2
    # acknowledging stops the re-announcements
    await marta.call("escalation.ack", {"escalation_id": alert["id"]})
    await marta.log.wait_for("escalation.update", lambda d: d["op"] == "acknowledged")
    clock.advance(500)
    await server.tick()
    # a sentinel: a new crisis must arrive first, after which no overdue came for the first
    other = await server.visitor()
    await other.send(CRISIS_PL)
    await marta.log.wait_for(
        "escalation.new", lambda d: d["conversation_id"] != alert["conversation_id"]
    )
    assert marta.log.of("escalation.update")[-1]["op"] == "acknowledged"


async def test_networker_escalates_by_hand_but_cannot_acknowledge(live_server: LiveServer) -> None:
    marta = await live_server.staff("marta", role="supervisor")
    ania = await live_server.staff("ania")
    await ania.on_duty(capacity=1, auto_assign=True)
    visitor = await live_server.visitor()
    await visitor.send("hej, mam sprawę")
    cid = (await ania.log.wait_for("conversation.update", lambda d: d["op"] == "assigned"))[
        "conversation"
    ]["id"]
    bad = await ania.call("escalation.raise", {"conversation_id": cid, "reason": ""})
    assert bad["error"]["code"] == "invalid"
    r = await ania.call(
        "escalation.raise",
        {"conversation_id": cid, "reason": "Mówi o przemocy w domu, boi się wrócić"},
    )
    assert r["ok"]
    assert r["escalation"]["source"] == "manual"
    assert r["escalation"]["raised_by"]["name"] == "Ania"
    alert = await marta.log.wait_for("escalation.new")
    assert alert["reason"] == "Mówi o przemocy w domu, boi się wrócić"
    assert (await ania.call("escalation.ack", {"escalation_id": alert["id"]}))["error"][
        "code"
    ] == "forbidden"
    assert (await ania.call("supervisor.sync", {}))["error"]["code"] == "forbidden"
    tomek = await live_server.staff("tomek")
    assert (await tomek.call("escalation.raise", {"conversation_id": cid, "reason": "x"}))["error"][
        "code"
    ] == "forbidden"


async def test_supervisor_watches_joins_takes_over_and_reassigns(live_server: LiveServer) -> None:
    marta = await live_server.staff("marta", role="supervisor", name="Marta")
    ania = await live_server.staff("ania", name="Ania")
    tomek = await live_server.staff("tomek", name="Tomek")
    await ania.on_duty(capacity=1, auto_assign=True)
    visitor = await live_server.visitor()
    await visitor.send(CRISIS_PL)
    cid = (await ania.log.wait_for("conversation.update", lambda d: d["op"] == "assigned"))[
        "conversation"
    ]["id"]

    state = await marta.call("supervisor.sync", {})
    assert state["ok"]
    assert len(state["escalations"]) == 1
    assert any(t["name"] == "Ania" and t["load"] == 1 for t in state["team"])

    # read-only: the transcript opens, and the opening is audited
    watched = await marta.call("conversation.watch", {"conversation_id": cid, "last_seq": 0})
    assert watched["ok"]
    assert watched["messages"][0]["text"] == CRISIS_PL
    assert (
        await marta.call(
            "message.send", {"conversation_id": cid, "client_id": "abcdefgh12", "text": "x"}
        )
    )["error"]["code"] == "forbidden"
    await ania.join(cid)
    await ania.send(cid, "Jestem tu z Tobą.")
    await marta.log.wait_for("message.new", lambda m: m["text"] == "Jestem tu z Tobą.")

    # join: the visitor sees a second staff member joined; the supervisor can write
    joined = await marta.call("supervisor.join", {"conversation_id": cid})
    assert joined["ok"]
    note = await visitor.log.wait_for(
        "message.new", lambda m: m["sender"] == "system" and "Marta" in m["text"]
    )
    assert note
    assert (
        await marta.call(
            "message.send",
            {"conversation_id": cid, "client_id": "abcdefgh13", "text": "Dzień dobry, tu Marta."},
        )
    )["ok"]
    await visitor.log.wait_for("message.new", lambda m: m["text"] == "Dzień dobry, tu Marta.")

    # reassign to Tomek (on duty), then take over
    assert (
        await marta.call(
            "supervisor.reassign",
            {
                "conversation_id": cid,
                "staff_id": tomek.cookie and (await tomek.call("console.sync"))["me"]["id"],
            },
        )
    )["error"]["code"] == "not_on_duty"
    await tomek.on_duty(capacity=2)
    tomek_id = (await tomek.call("console.sync"))["me"]["id"]
    moved = await marta.call("supervisor.reassign", {"conversation_id": cid, "staff_id": tomek_id})
    assert moved["ok"]
    assert moved["conversation"]["networker"]["name"] == "Tomek"
    lost = await ania.log.wait_for("conversation.update", lambda d: d["op"] == "reassigned")
    assert lost["conversation"]["id"] == cid
    # every supervisor's card shows the new networker
    card = await marta.log.wait_for(
        "escalation.update",
        lambda d: (
            d["op"] == "updated" and d["escalation"]["conversation"]["networker"]["name"] == "Tomek"
        ),
    )
    assert card["escalation"]["conversation_id"] == cid
    # the new networker sees the open escalation when opening the chat (also after a reload)
    opened = await tomek.join(cid)
    assert opened["escalation"]["severity"] == "imminent"
    got = await tomek.log.wait_for("conversation.update", lambda d: d["op"] == "assigned")
    assert got["conversation"]["id"] == cid
    told = await visitor.log.wait_for(
        "conversation.update",
        lambda d: d["op"] == "assigned" and d["conversation"]["networker"]["name"] == "Tomek",
    )
    assert told
    mine = await marta.call("supervisor.takeover", {"conversation_id": cid})
    assert mine["ok"]
    assert mine["conversation"]["networker"]["name"] == "Marta"
    assert (
        await ania.call(
            "message.send", {"conversation_id": cid, "client_id": "abcdefgh14", "text": "x"}
        )
    )["error"]["code"] == "forbidden"

    async with live_server.svc.db.read() as s:
        actions = [
            a.action for a in (await s.execute(select(AuditLog).order_by(AuditLog.id))).scalars()
        ]
    for expected in (
        "transcript.open",
        "conversation.join",
        "conversation.reassign",
        "conversation.takeover",
    ):
        assert expected in actions, actions


async def test_emergency_contacts_come_from_the_vetted_library_when_it_has_them(
    live_server: LiveServer,
) -> None:
    from server.actions.resources.hsds import do_load_starter

    await do_load_starter(live_server.svc)
    visitor = await live_server.visitor()
    await visitor.send("mój ojciec mnie bije, boję się wrócić do domu")
    contacts = await visitor.log.wait_for("message.new", lambda m: m["sender"] == "system")
    assert "112" in contacts["text"]
    # Niebieska Linia, as the vetted starter entry flagged for violence names it
    assert "800 120 002 – Niebieska Linia — przemoc domowa" in contacts["text"]
    assert contacts["text"].count("800 120 002") == 1
    # a self-harm message gets a self-harm line, not the violence line
    other = await live_server.visitor()
    await other.send("nie chce juz zyc, mam tabletki i zrobie to dzis")
    lines = await other.log.wait_for("message.new", lambda m: m["sender"] == "system")
    assert "116 111" in lines["text"]
    assert "800 120 002" not in lines["text"]


async def test_detection_does_not_depend_on_the_widget_language(live_server: LiveServer) -> None:
    marta = await live_server.staff("marta", role="supervisor")
    visitor = await live_server.visitor(lang="pl")  # Polish widget, Ukrainian message
    await visitor.send("я не хочу більше жити, сьогодні вип'ю всі таблетки")
    alert = await marta.log.wait_for("escalation.new")
    assert alert["severity"] in ("high", "imminent")
