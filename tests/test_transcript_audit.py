"""Every transcript access is audited, whatever the parameters (issue 14, item 2): a supervisor
who reads messages of a conversation not assigned to them leaves a `transcript.open` entry for
every read, `last_seq` 0, 1, the last seq, past the end or left out."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from server.db.models import AuditLog
from tests.conftest import LiveServer


async def transcript_entries(server: LiveServer) -> list[AuditLog]:
    async with server.svc.db.read() as s:
        return list(
            (
                await s.execute(
                    select(AuditLog)
                    .where(AuditLog.action == "transcript.open")
                    .order_by(AuditLog.id)
                )
            ).scalars()
        )


async def test_every_watch_with_any_last_seq_writes_an_audit_entry(
    live_server: LiveServer,
) -> None:
    ania = await live_server.staff("ania")
    marta = await live_server.staff("marta", role="supervisor")
    marta_id = (await marta.call("console.sync"))["me"]["id"]
    await ania.on_duty(capacity=1)
    visitor = await live_server.visitor()
    for text in ("Pierwsza", "Druga", "Trzecia"):
        assert (await visitor.send(text))["ok"]
    cid = (await ania.call("queue.take", {}))["conversation"]["id"]
    await ania.join(cid)
    assert (await ania.send(cid, "Jestem"))["ok"]

    payloads: list[dict[str, Any]] = [
        {"conversation_id": cid, "last_seq": 0},
        {"conversation_id": cid, "last_seq": 1},  # the fault: everything but the first message
        {"conversation_id": cid, "last_seq": 2},
        {"conversation_id": cid, "last_seq": 4},  # the last seq: nothing new, still a read
        {"conversation_id": cid, "last_seq": 1_000_000},
        {"conversation_id": cid},  # left out: 0
    ]
    for number, payload in enumerate(payloads, start=1):
        reply = await marta.call("conversation.watch", payload)
        assert reply["ok"], reply
        entries = await transcript_entries(live_server)
        assert len(entries) == number, (payload, len(entries))
        entry = entries[-1]
        assert entry.actor_id == marta_id
        assert entry.subject == cid
        assert entry.details == {"role": "supervisor", "last_seq": payload.get("last_seq", 0)}
    # the read with last_seq 1 did return the rest of the transcript
    again = await marta.call("conversation.watch", {"conversation_id": cid, "last_seq": 1})
    assert [m["text"] for m in again["messages"]] == ["Druga", "Trzecia", "Jestem"]
    assert len(await transcript_entries(live_server)) == len(payloads) + 1

    # a refused read (networker, unknown conversation, bad last_seq) reads nothing and is not
    # an access
    refused = [
        await ania.call("conversation.watch", {"conversation_id": cid, "last_seq": 1}),
        await marta.call("conversation.watch", {"conversation_id": "c_nope", "last_seq": 1}),
        await marta.call("conversation.watch", {"conversation_id": cid, "last_seq": -1}),
        await marta.call("conversation.join", {"conversation_id": cid, "last_seq": 1}),
    ]
    assert [r["error"]["code"] for r in refused] == [
        "forbidden",
        "not_found",
        "invalid",
        "forbidden",
    ]
    assert len(await transcript_entries(live_server)) == len(payloads) + 1


async def test_a_supervisor_watching_their_own_chat_is_not_an_access_to_audit(
    live_server: LiveServer,
) -> None:
    marta = await live_server.staff("marta", role="supervisor")
    await marta.on_duty(capacity=1)
    visitor = await live_server.visitor()
    await visitor.send("Dzień dobry")
    cid = (await marta.call("queue.take", {}))["conversation"]["id"]
    for last_seq in (0, 1):
        reply = await marta.call(
            "conversation.watch", {"conversation_id": cid, "last_seq": last_seq}
        )
        assert reply["ok"], reply
    assert await transcript_entries(live_server) == []
