"""Live state is right on every screen (issue 13, part 5): supervisors' escalation cards follow
the chat's assignment, take-over, reassignment, return to the queue and closing; every update
says why and who caused it (consoles raise no alarm for their own action); staff are shown the
visitor's real presence when a chat is opened, taken or synced, and none for a closed chat."""

from __future__ import annotations

import secrets
from typing import Any

import pytest
from sqlalchemy import select

from server.clock import FakeClock
from server.db.models import Conversation, Visitor
from tests.conftest import LiveServer
from tests.helpers import Staff

CRISIS_PL = "nie chce juz zyc, mam tabletki i zrobie to dzis"


async def me_id(staff: Staff) -> str:
    return str((await staff.call("console.sync"))["me"]["id"])


def card_update(reason: str, **expect: Any) -> Any:
    """A predicate: escalation.update op=updated with this reason, and the card's conversation
    fields (`status`, `networker` id or None) as given."""

    def match(d: dict[str, Any]) -> bool:
        if d["op"] != "updated" or d["reason"] != reason:
            return False
        conv = d["escalation"]["conversation"]
        if "status" in expect and conv["status"] != expect["status"]:
            return False
        if "networker" in expect:
            who = conv["networker"]["id"] if conv["networker"] else None
            if who != expect["networker"]:
                return False
        return True

    return match


async def test_escalation_card_follows_the_chat_from_queue_to_close(
    live_server: LiveServer,
) -> None:
    marta = await live_server.staff("marta", role="supervisor", name="Marta")
    ewa = await live_server.staff("ewa", role="supervisor", name="Ewa")
    ania = await live_server.staff("ania", name="Ania")
    tomek = await live_server.staff("tomek", name="Tomek")
    marta_id, ania_id, tomek_id = await me_id(marta), await me_id(ania), await me_id(tomek)
    await ania.on_duty(capacity=2)
    await tomek.on_duty(capacity=2)
    visitor = await live_server.visitor()
    await visitor.send(CRISIS_PL)
    raised = await marta.log.wait_for("escalation.new")
    assert raised["conversation"]["status"] == "queued"
    assert raised["conversation"]["networker"] is None
    cid = raised["conversation_id"]

    # a networker takes it from the queue: every supervisor's card shows who has it now
    assert (await ania.call("queue.take", {"conversation_id": cid}))["ok"]
    for sup in (marta, ewa):
        got = await sup.log.wait_for(
            "escalation.update", card_update("assigned", status="active", networker=ania_id)
        )
        assert got["by"] == {"id": ania_id, "name": "Ania"}
        assert got["escalation"]["conversation"]["networker"]["name"] == "Ania"
    synced = await marta.call("supervisor.sync", {})
    assert synced["escalations"][0]["conversation"]["networker"]["id"] == ania_id

    # a supervisor's take-over: the update is marked as theirs (their consoles raise no alarm)
    assert (await marta.call("supervisor.takeover", {"conversation_id": cid}))["ok"]
    for sup in (marta, ewa):
        got = await sup.log.wait_for(
            "escalation.update", card_update("reassigned", networker=marta_id)
        )
        assert got["by"] == {"id": marta_id, "name": "Marta"}
    # no update of this escalation claims a stronger signal: nobody wrote anything new
    assert all(
        d["reason"] not in ("crisis_message", "manual") for d in marta.log.of("escalation.update")
    )

    # reassigned to Tomek; the new networker gets the card too
    moved = await marta.call("supervisor.reassign", {"conversation_id": cid, "staff_id": tomek_id})
    assert moved["ok"]
    await ewa.log.wait_for("escalation.update", card_update("reassigned", networker=tomek_id))
    await tomek.log.wait_for("escalation.update", card_update("reassigned", networker=tomek_id))

    # Tomek goes off duty: the chat is back in the queue, and the card says so
    assert (await tomek.call("duty.stop", {}))["ok"]
    back = await ewa.log.wait_for(
        "escalation.update", card_update("requeued", status="queued", networker=None)
    )
    assert back["by"] == {"id": tomek_id, "name": "Tomek"}

    # taken again automatically: by the server, nobody's own action
    await ania.on_duty(capacity=2, auto_assign=True)
    assigned = card_update("assigned", status="active", networker=ania_id)
    await ewa.log.wait_for("escalation.update", lambda d: assigned(d) and d["by"] is None)
    assert len([d for d in ewa.log.of("escalation.update") if assigned(d)]) == 2

    # a further crisis message strengthens it: that one is a signal (reason crisis_message)
    await visitor.send("naprawde juz nie chce zyc")
    stronger = await ewa.log.wait_for(
        "escalation.update", lambda d: d["op"] == "updated" and d["reason"] == "crisis_message"
    )
    assert stronger["by"] is None

    # the networker closes the chat: the card shows it closed (no join, take-over, reassign)
    closed = await ania.call(
        "conversation.close", {"conversation_id": cid, "outcome": "helped", "topics": []}
    )
    assert closed["ok"]
    shut = await ewa.log.wait_for("escalation.update", card_update("closed", status="closed"))
    assert shut["by"] == {"id": ania_id, "name": "Ania"}
    synced = await ewa.call("supervisor.sync", {})
    assert synced["escalations"][0]["conversation"]["status"] == "closed"

    # acknowledging and resolving say who did it, with no reason
    ack = await marta.call("escalation.ack", {"escalation_id": raised["id"]})
    assert ack["ok"]
    acked = await ewa.log.wait_for("escalation.update", lambda d: d["op"] == "acknowledged")
    assert acked["by"] == {"id": marta_id, "name": "Marta"}
    assert acked["reason"] is None
    assert (
        await marta.call(
            "escalation.resolve", {"escalation_id": raised["id"], "outcome": "safety_plan"}
        )
    )["ok"]
    done = await ewa.log.wait_for("escalation.update", lambda d: d["op"] == "resolved")
    assert done["by"] == {"id": marta_id, "name": "Marta"}


async def test_card_follows_a_visitor_who_leaves_and_a_manual_escalation_is_marked(
    live_server: LiveServer,
) -> None:
    marta = await live_server.staff("marta", role="supervisor", name="Marta")
    ania = await live_server.staff("ania", name="Ania")
    ania_id = await me_id(ania)
    await ania.on_duty(capacity=1, auto_assign=True)
    visitor = await live_server.visitor()
    await visitor.send("hej, mam sprawę")
    cid = (await ania.log.wait_for("conversation.update", lambda d: d["op"] == "assigned"))[
        "conversation"
    ]["id"]
    assert (
        await ania.call("escalation.raise", {"conversation_id": cid, "reason": "boi się wrócić"})
    )["ok"]
    await marta.log.wait_for("escalation.new")
    # escalated by hand again: a stronger signal, marked as the networker's own
    assert (
        await ania.call("escalation.raise", {"conversation_id": cid, "reason": "grozi mu ojciec"})
    )["ok"]
    again = await marta.log.wait_for(
        "escalation.update", lambda d: d["op"] == "updated" and d["reason"] == "manual"
    )
    assert again["by"] == {"id": ania_id, "name": "Ania"}
    # the visitor ends the chat: the card shows it closed, by nobody on the staff
    assert (await visitor.call("conversation.leave", {}))["ok"]
    left = await marta.log.wait_for("escalation.update", card_update("closed", status="closed"))
    assert left["by"] is None


async def test_a_visitor_who_left_while_queued_is_shown_gone_when_the_chat_is_taken(
    live_server: LiveServer,
) -> None:
    ania = await live_server.staff("ania", name="Ania")
    await ania.on_duty(capacity=3)
    gone = await live_server.visitor()
    await gone.send("jest tu ktoś?")
    here = await live_server.visitor()
    await here.send("dzień dobry")
    await live_server.settle()
    # the first visitor closes the page while still waiting
    await gone.close()
    await live_server.until(lambda: len(live_server.svc.local.visitors) == 1)
    await live_server.until(lambda: gone_is_offline(live_server, gone.conversation_id))

    # the queue shows who is still there
    snapshot = (await ania.call("console.sync"))["queue"]["items"]
    by_id = {item["id"]: item for item in snapshot}
    assert by_id[gone.conversation_id]["visitor_online"] is False
    assert by_id[here.conversation_id]["visitor_online"] is True

    # taking the chat: the ack, the assignment event, the join and a sync all say "gone"
    taken = await ania.call("queue.take", {"conversation_id": gone.conversation_id})
    assert taken["conversation"]["visitor_online"] is False
    event = await ania.log.wait_for(
        "conversation.update",
        lambda d: d["op"] == "assigned" and d["conversation"]["id"] == gone.conversation_id,
    )
    assert event["conversation"]["visitor_online"] is False
    assert (await ania.join(gone.conversation_id))["conversation"]["visitor_online"] is False
    mine = {c["id"]: c for c in (await ania.call("console.sync"))["conversations"]}
    assert mine[gone.conversation_id]["visitor_online"] is False

    # a visitor still connected is shown present (so the check above can tell the difference)
    present = await ania.call("queue.take", {"conversation_id": here.conversation_id})
    assert present["conversation"]["visitor_online"] is True

    # the visitor comes back: visitor.presence, and the state on opening it again agrees
    await gone.connect()
    back = await ania.log.wait_for(
        "visitor.presence", lambda d: d["conversation_id"] == gone.conversation_id
    )
    assert back["online"] is True
    assert (await ania.join(gone.conversation_id))["conversation"]["visitor_online"] is True


async def gone_is_offline(server: LiveServer, conversation_id: str | None) -> bool:
    """The server no longer counts the conversation's visitor as connected."""
    async with server.svc.db.read() as s:
        until = await s.scalar(
            select(Visitor.online_until)
            .join(Conversation, Conversation.visitor_id == Visitor.id)
            .where(Conversation.id == conversation_id)
        )
    return until is None


async def test_closed_chats_carry_no_presence(live_server: LiveServer) -> None:
    marta = await live_server.staff("marta", role="supervisor")
    ania = await live_server.staff("ania")
    await ania.on_duty(capacity=2, auto_assign=True)
    visitor = await live_server.visitor()
    await visitor.send("pytanie")
    assigned = await ania.log.wait_for("conversation.update", lambda d: d["op"] == "assigned")
    cid = assigned["conversation"]["id"]
    assert assigned["conversation"]["visitor_online"] is True
    closed = await ania.call(
        "conversation.close", {"conversation_id": cid, "outcome": "helped", "topics": []}
    )
    assert closed["conversation"]["status"] == "closed"
    assert closed["conversation"]["visitor_online"] is None  # the visitor is still connected
    event = await ania.log.wait_for("conversation.update", lambda d: d["op"] == "closed")
    assert event["conversation"]["visitor_online"] is None
    assert (await ania.join(cid))["conversation"]["visitor_online"] is None
    watched = await marta.call("conversation.watch", {"conversation_id": cid, "last_seq": 0})
    assert watched["conversation"]["visitor_online"] is None
    # a chat the visitor left is closed as well: no presence either
    other = await live_server.visitor()
    await other.send("drugie pytanie")
    second = await ania.log.wait_for(
        "conversation.update",
        lambda d: d["op"] == "assigned" and d["conversation"]["id"] == other.conversation_id,
    )
    assert second["conversation"]["visitor_online"] is True
    await other.call("conversation.leave", {})
    left = await ania.log.wait_for(
        "conversation.update",
        lambda d: d["op"] == "closed" and d["conversation"]["id"] == other.conversation_id,
    )
    assert left["conversation"]["visitor_online"] is None


async def test_presence_is_a_lease_renewed_by_the_node_that_has_the_visitor(
    server_factory: Any,
) -> None:
    clock = FakeClock()
    node_a = await server_factory(clock=clock)
    node_b = await server_factory(clock=clock)  # the same database; the visitor is here
    ania = await node_a.staff("ania")
    await ania.on_duty(capacity=2)
    visitor = await node_b.visitor()
    await visitor.send("hej")
    cid = str(visitor.conversation_id)
    taken = await ania.call("queue.take", {"conversation_id": cid})
    assert taken["conversation"]["visitor_online"] is True
    lease = 2 * node_b.settings.presence_interval + 1
    # the node that has the visitor renews the lease on every tick: still there
    for _ in range(4):
        clock.advance(lease * 0.6)
        await node_b.tick()
    assert (await ania.join(cid))["conversation"]["visitor_online"] is True
    # that node dies (it clears nothing on the way out): once the lease runs out, gone
    await node_b.runner.cleanup()
    assert (await ania.join(cid))["conversation"]["visitor_online"] is True
    clock.advance(lease + 0.5)
    await node_a.tick()
    assert (await ania.join(cid))["conversation"]["visitor_online"] is False


async def test_presence_is_the_same_on_every_node(server_factory: Any) -> None:
    node_a = await server_factory()
    node_b = await server_factory()  # the same database
    ania = await node_a.staff("ania")
    await ania.on_duty(capacity=2)
    visitor = await node_b.visitor()  # the visitor is connected to the other node
    await visitor.send("hej z drugiego węzła")
    taken = await ania.call("queue.take", {"conversation_id": visitor.conversation_id})
    assert taken["conversation"]["visitor_online"] is True
    await visitor.close()
    await node_b.until(lambda: not node_b.svc.local.visitors)
    await node_b.until(lambda: gone_is_offline(node_b, visitor.conversation_id))
    joined = await ania.join(str(visitor.conversation_id))
    assert joined["conversation"]["visitor_online"] is False


@pytest.mark.scaleout
async def test_cards_and_presence_are_right_across_two_nodes(server_factory: Any) -> None:
    """PostgreSQL + Redis, two nodes sharing them: the supervisor on one node, the networker and
    the visitor on the other."""
    prefix = f"nrtest-views-{secrets.token_hex(3)}"
    node_a = await server_factory(redis_prefix=prefix)
    node_b = await server_factory(redis_prefix=prefix)
    marta = await node_a.staff("marta", role="supervisor", name="Marta")
    ania = await node_b.staff("ania", name="Ania")
    ania_id = await me_id(ania)
    await ania.on_duty(capacity=2)
    visitor = await node_b.visitor()
    await visitor.send(CRISIS_PL)
    raised = await marta.log.wait_for("escalation.new")
    assert raised["conversation"]["networker"] is None
    taken = await ania.call("queue.take", {"conversation_id": raised["conversation_id"]})
    assert taken["conversation"]["visitor_online"] is True
    got = await marta.log.wait_for(
        "escalation.update", card_update("assigned", status="active", networker=ania_id)
    )
    assert got["by"] == {"id": ania_id, "name": "Ania"}
    # the supervisor's take-over on node A reaches the networker's console on node B
    assert (
        await marta.call("supervisor.takeover", {"conversation_id": taken["conversation"]["id"]})
    )["ok"]
    lost = await ania.log.wait_for("conversation.update", lambda d: d["op"] == "reassigned")
    assert lost["conversation"]["networker"]["name"] == "Marta"
    # the visitor on node B leaves; the supervisor on node A sees them gone when opening the chat
    await visitor.close()
    await node_b.until(lambda: gone_is_offline(node_b, visitor.conversation_id))
    watched = await marta.call(
        "conversation.watch", {"conversation_id": visitor.conversation_id, "last_seq": 0}
    )
    assert watched["conversation"]["visitor_online"] is False
