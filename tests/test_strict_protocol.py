"""A strict protocol (issue 14, items 5 and 6), tested as an attacker would: refused connects
carry their documented code; every event takes exactly one JSON object (null, missing, extra
fields, extra arguments -> `invalid`, nothing changed); the role tables of docs/protocol.md hold
for every event and role; unknown events and malformed or too-deep packets get a reply (or a
close) and one log line, and count toward the flood guard."""

from __future__ import annotations

import json
import logging
import re
import secrets
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import socketio

from server.realtime import schemas
from tests.conftest import LiveServer

DOC = Path(__file__).resolve().parent.parent / "docs" / "protocol.md"


# --- the tables of docs/protocol.md -------------------------------------------------------------


def doc_tables() -> dict[str, list[tuple[str, str]]]:
    """{"visitor": [(event, payload cell)], "console": [...], "supervisor": [...]} from the
    client -> server tables of docs/protocol.md."""
    tables: dict[str, list[tuple[str, str]]] = {"visitor": [], "console": [], "supervisor": []}
    section = None
    current: str | None = None
    for line in DOC.read_text().splitlines():
        if line.startswith("## `/visitor`"):
            section = "visitor"
        elif line.startswith("## `/console`"):
            section = "console"
        elif line.startswith("### client → server") and section:
            current = section
        elif line.startswith("Supervisors and admins only") and section == "console":
            current = "supervisor"
        elif line.startswith("### server → client") or line.startswith("## Delivery"):
            current = None
        elif current and line.startswith("| `"):
            cells = [c.strip() for c in line.strip("|").split(" | ")]
            tables[current].append((cells[0].strip("`"), cells[1]))
    return tables


TABLES = doc_tables()

VISITOR_MODELS: dict[str, type[schemas.Payload]] = {
    "conversation.join": schemas.VisitorJoin,
    "message.send": schemas.VisitorSend,
    "typing": schemas.Typing,
    "conversation.leave": schemas.Empty,
    "case.code": schemas.Empty,
    "case.resume": schemas.CaseResume,
    "case.erase": schemas.Empty,
}
CONSOLE_MODELS: dict[str, type[schemas.Payload]] = {
    "console.sync": schemas.Empty,
    "duty.start": schemas.DutyStart,
    "duty.stop": schemas.Empty,
    "queue.take": schemas.QueueTake,
    "conversation.join": schemas.StaffJoin,
    "message.send": schemas.StaffSend,
    "typing": schemas.StaffTyping,
    "conversation.close": schemas.Close,
    "escalation.raise": schemas.EscalationRaise,
    "resource.search": schemas.ResourceSearch,
    "resource.share": schemas.ResourceShare,
    "handover.targets": schemas.ConversationRef,
    "handover.offer": schemas.HandoverOffer,
    "handover.accept": schemas.HandoverRef,
    "handover.decline": schemas.HandoverRef,
    "visitor.block": schemas.BlockVisitor,
    "canned.list": schemas.CannedList,
    "supervisor.sync": schemas.Empty,
    "escalation.ack": schemas.EscalationAck,
    "escalation.resolve": schemas.EscalationResolve,
    "conversation.watch": schemas.StaffJoin,
    "conversation.unwatch": schemas.ConversationRef,
    "supervisor.join": schemas.ConversationRef,
    "supervisor.takeover": schemas.ConversationRef,
    "supervisor.reassign": schemas.Reassign,
    "case.history": schemas.ConversationRef,
    "case.transcript": schemas.CaseTranscript,
    "note.add": schemas.NoteAdd,
    "note.edit": schemas.NoteEdit,
    "referral.add": schemas.ReferralAdd,
    "referral.update": schemas.ReferralUpdate,
    "referral.list_due": schemas.Empty,
}

# a well-formed payload of every event, about things that do not exist: an allowed caller gets
# a refusal about the thing (not_found...), a caller without the role gets `forbidden`
SAMPLE: dict[str, dict[str, Any]] = {
    "console.sync": {},
    "duty.start": {"capacity": 1, "auto_assign": False},
    "duty.stop": {},
    "queue.take": {"conversation_id": "c_nothere"},
    "conversation.join": {"conversation_id": "c_nothere", "last_seq": 0},
    "message.send": {"conversation_id": "c_nothere", "client_id": "abcdefgh12", "text": "hi"},
    "typing": {"conversation_id": "c_nothere", "typing": False},
    "conversation.close": {"conversation_id": "c_nothere", "outcome": "other", "topics": []},
    "escalation.raise": {"conversation_id": "c_nothere", "reason": "test"},
    "resource.search": {"q": "x"},
    "canned.list": {"lang": "pl"},
    "resource.share": {
        "conversation_id": "c_nothere",
        "resource_id": "r_nothere",
        "client_id": "abcdefgh12",
    },
    "handover.targets": {"conversation_id": "c_nothere"},
    "handover.offer": {"conversation_id": "c_nothere", "staff_id": "s_nothere", "note": "n"},
    "handover.accept": {"handover_id": "h_nothere"},
    "handover.decline": {"handover_id": "h_nothere"},
    "visitor.block": {"conversation_id": "c_nothere", "reason": "test"},
    "supervisor.sync": {},
    "escalation.ack": {"escalation_id": "e_nothere"},
    "escalation.resolve": {"escalation_id": "e_nothere", "outcome": "other"},
    "conversation.watch": {"conversation_id": "c_nothere", "last_seq": 0},
    "conversation.unwatch": {"conversation_id": "c_nothere"},
    "supervisor.join": {"conversation_id": "c_nothere"},
    "supervisor.takeover": {"conversation_id": "c_nothere"},
    "supervisor.reassign": {"conversation_id": "c_nothere", "staff_id": "s_nothere"},
    "case.history": {"conversation_id": "c_nothere"},
    "case.transcript": {"conversation_id": "c_nothere", "transcript_id": "c_nothere2"},
    "note.add": {"conversation_id": "c_nothere", "text": "a note"},
    "note.edit": {"note_id": "n_nothere", "text": "a note"},
    "referral.add": {"conversation_id": "c_nothere", "resource_id": "r_nothere"},
    "referral.update": {"referral_id": "rf_nothere", "status": "contacted"},
    "referral.list_due": {},
}
VISITOR_SAMPLE: dict[str, dict[str, Any]] = {
    "conversation.join": {"last_seq": 0},
    "message.send": {"client_id": "abcdefgh12", "text": "hi"},
    "typing": {"typing": False},
    "conversation.leave": {},
    "case.code": {},
    "case.resume": {"code": "0000-0000-0000"},
    "case.erase": {},
}
# the visitor events whose sample is refused about the thing, not the request
VISITOR_REFUSED = {"case.resume": "not_found"}


def documented_fields(cell: str) -> set[str]:
    return set(re.findall(r'"([a-z_]+)":', cell))


def test_the_doc_tables_and_the_models_agree() -> None:
    """Every documented event has a model with exactly the documented fields, and no model
    accepts a field the doc does not list (the visitor's join had one)."""
    assert [e for e, _ in TABLES["visitor"]] == list(VISITOR_MODELS)
    assert {e for e, _ in TABLES["console"] + TABLES["supervisor"]} == set(CONSOLE_MODELS)
    for table, models in (("visitor", VISITOR_MODELS), ("console", CONSOLE_MODELS)):
        rows = TABLES[table] + (TABLES["supervisor"] if table == "console" else [])
        for event, cell in rows:
            assert documented_fields(cell) == set(models[event].model_fields), (table, event)
    assert set(SAMPLE) == set(CONSOLE_MODELS)


async def test_every_event_for_every_role_matches_the_tables(server_factory: Any) -> None:
    live_server = await server_factory(socket_flood_count=1000)
    callers = {
        "networker": await live_server.staff("ania"),
        "supervisor": await live_server.staff("marta", role="supervisor"),
        "admin": await live_server.staff("root", role="admin"),
    }
    supervisor_only = {e for e, _ in TABLES["supervisor"]}
    for role, client in callers.items():
        for event in CONSOLE_MODELS:
            reply = await client.call(event, SAMPLE[event])
            code = None if reply["ok"] else reply["error"]["code"]
            if event in supervisor_only and role == "networker":
                assert code == "forbidden", (role, event, reply)
            else:
                assert code not in ("forbidden", "unknown_event", "invalid"), (role, event, reply)
        # console events a visitor-only event name does not reach
        reply = await client.call("conversation.leave", {})
        assert reply["error"]["code"] == "unknown_event"
    visitor = await live_server.visitor()
    for event in VISITOR_MODELS:
        reply = await visitor.call(event, VISITOR_SAMPLE[event])
        if event in VISITOR_REFUSED:
            assert reply["error"]["code"] == VISITOR_REFUSED[event], (event, reply)
        else:
            assert reply["ok"], (event, reply)
    for event in set(CONSOLE_MODELS) - set(VISITOR_MODELS):
        reply = await visitor.call(event, SAMPLE[event])
        assert reply["error"]["code"] == "unknown_event", (event, reply)
    # a networker's unwatch did nothing; a supervisor's is answered
    assert (
        await callers["supervisor"].call("conversation.unwatch", SAMPLE["conversation.unwatch"])
    )["ok"]


def bad_payloads(sample: dict[str, Any]) -> list[tuple[Any, str]]:
    """(arguments to send, what they are): null, missing, a list, a string, an extra field,
    two payloads."""
    return [
        (None, "missing"),
        ((None,), "null"),
        (([sample],), "a list"),
        (("{}",), "a string"),
        (({**sample, "zz_extra": 1},), "an extra field"),
        ((sample, sample), "two payloads"),
        ((sample, {}), "a second argument"),
    ]


async def call_raw(client: Any, event: str, args: Any) -> dict[str, Any]:
    """Emit `event` with exactly `args` (a tuple: each item one Socket.IO argument; None: no
    argument at all)."""
    data = () if args is None else args
    result: dict[str, Any] = await client.sio.call(
        event, data, namespace=client.namespace, timeout=5
    )
    return result


async def test_every_console_event_requires_its_one_object(server_factory: Any) -> None:
    live_server = await server_factory(socket_flood_count=1000)
    ania = await live_server.staff("ania")
    marta = await live_server.staff("marta", role="supervisor")
    await ania.on_duty(capacity=2)
    for event in CONSOLE_MODELS:
        for args, what in bad_payloads(SAMPLE[event]):
            for client in (ania, marta):
                reply = await call_raw(client, event, args)
                assert reply["ok"] is False, (event, what, reply)
                assert reply["error"]["code"] == "invalid", (event, what, reply)
                assert reply["error"]["message"]
    # `["duty.stop"]` (no payload) took a networker off duty: now it changes nothing
    me = (await ania.call("console.sync"))["me"]
    assert me["on_duty"] is True
    assert me["capacity"] == 2


async def test_every_visitor_event_requires_its_one_object(server_factory: Any) -> None:
    live_server = await server_factory(socket_flood_count=1000)
    visitor = await live_server.visitor()
    assert (await visitor.send("hello"))["ok"]
    for event in VISITOR_MODELS:
        for args, what in bad_payloads(VISITOR_SAMPLE[event]):
            reply = await call_raw(visitor, event, args)
            assert reply["error"]["code"] == "invalid", (event, what, reply)
    # `["conversation.leave"]` without a payload did not end the chat
    state = await visitor.call("conversation.join", {"last_seq": 0})
    assert state["conversation"]["status"] == "queued"
    assert len(state["messages"]) == 1


# --- refused connects ---------------------------------------------------------------------------


async def refused_with(url: str, **connect: Any) -> dict[str, Any]:
    client = socketio.AsyncClient(reconnection=False)
    errors: list[Any] = []
    namespace = connect["namespaces"][0]

    @client.on("connect_error", namespace=namespace)
    async def on_error(data: Any = None) -> None:
        errors.append(data)

    with pytest.raises(socketio.exceptions.ConnectionError):
        await client.connect(url, transports=["websocket"], wait_timeout=3, **connect)
    await client.disconnect()
    assert errors, "no connect_error"
    # the CONNECT_ERROR packet is {"message", "data"}; socket.io-client hands `data` over as
    # `err.data`, where the widget and console read `code`
    packet = errors[0]
    assert isinstance(packet, dict), packet
    data: dict[str, Any] = packet["data"]
    return data


async def test_refused_connects_carry_the_documented_code(live_server: LiveServer) -> None:
    for auth in (None, {"token": "short"}, {"token": 12345}):
        data = await refused_with(live_server.url, auth=auth, namespaces=["/visitor"])
        assert data["code"] == "invalid", data
        assert data["message"]
    data = await refused_with(
        live_server.url, headers={"Cookie": "nr_session=forged"}, namespaces=["/console"]
    )
    assert data["code"] == "forbidden", data
    assert data["message"]


# --- raw packets: malformed, too deep, floods ---------------------------------------------------


class RawSocket:
    """A Socket.IO client written by hand over a websocket, to send what no library would."""

    def __init__(self, http: aiohttp.ClientSession, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.http = http
        self.ws = ws

    @classmethod
    async def visitor(cls, url: str) -> RawSocket:
        http = aiohttp.ClientSession()
        ws = await http.ws_connect(f"{url}/socket.io/?EIO=4&transport=websocket")
        raw = cls(http, ws)
        assert (await raw.recv()).startswith("0")  # engine.io open
        auth = {"token": secrets.token_urlsafe(32), "lang": "en"}
        await ws.send_str("40/visitor," + json.dumps(auth))
        assert (await raw.recv()).startswith("40/visitor,")
        return raw

    async def recv(self) -> str:
        while True:
            msg = await self.ws.receive(timeout=5)
            if msg.type != aiohttp.WSMsgType.TEXT:
                return f"<{msg.type.name}>"
            if msg.data == "2":  # engine.io ping
                await self.ws.send_str("3")
                continue
            return str(msg.data)

    async def ack(self, packet_id: int) -> dict[str, Any]:
        """The ack of `packet_id` (events in between are skipped)."""
        prefix = f"43/visitor,{packet_id}"
        while True:
            data = await self.recv()
            assert not data.startswith("<"), data
            if data.startswith(prefix):
                reply: dict[str, Any] = json.loads(data[len(prefix) :])[0]
                return reply

    async def close(self) -> None:
        await self.ws.close()
        await self.http.close()


def warnings_logged(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.WARNING]


MALFORMED = [
    '42/visitor,{id}["message.send", {{"text": ',  # cut off
    "42/visitor,{id}{{}}",  # not a list
    "42/visitor,{id}[]",  # no event name
    "42/visitor,{id}[42]",  # a number for a name
    '42/visitor,{id}["' + "x" * 200 + '"]',  # a name longer than any event
    "42/visitor,{id}" + "[" * 5000 + "]" * 5000,  # nested too deep: RecursionError
    '42/visitor,{id}["message.send", ' + "[" * 3000 + "]" * 3000 + "]",
    # an integer of 101 digits: python-engineio's guard (int() of a long run is quadratic)
    '42/visitor,{id}["typing", {{"typing": ' + "9" * 101 + "}}]",
]


@pytest.mark.parametrize("template", MALFORMED)
async def test_a_malformed_packet_gets_invalid_and_one_log_line(
    live_server: LiveServer, caplog: pytest.LogCaptureFixture, template: str
) -> None:
    raw = await RawSocket.visitor(live_server.url)
    try:
        caplog.clear()
        await raw.ws.send_str(template.format(id=7))
        reply = await raw.ack(7)
        assert reply["ok"] is False
        assert reply["error"]["code"] == "invalid"
        assert len(warnings_logged(caplog)) == 1, [r.getMessage() for r in caplog.records]
        # the socket still works
        await raw.ws.send_str('42/visitor,8["typing",{"typing":false}]')
        assert (await raw.ack(8))["ok"] is True
    finally:
        await raw.close()


async def test_a_malformed_packet_without_a_namespace_closes_the_socket(
    live_server: LiveServer, caplog: pytest.LogCaptureFixture
) -> None:
    raw = await RawSocket.visitor(live_server.url)
    try:
        caplog.clear()
        await raw.ws.send_str("42" + "[" * 5000)
        closing = await raw.recv()
        assert closing == "1" or closing.startswith("<"), closing  # engine.io close, or gone
        assert len(warnings_logged(caplog)) == 1, [r.getMessage() for r in caplog.records]
    finally:
        await raw.close()


@pytest.mark.parametrize("kind", ["unknown", "malformed"])
async def test_floods_of_unknown_events_and_malformed_packets_trip_the_flood_guard(
    server_factory: Any, caplog: pytest.LogCaptureFixture, kind: str
) -> None:
    server: LiveServer = await server_factory(socket_flood_count=10, socket_flood_seconds=60)
    raw = await RawSocket.visitor(server.url)
    packet = '42/visitor,{id}["admin.promote",{{}}]' if kind == "unknown" else "42/visitor,{id}[1"
    try:
        caplog.clear()
        codes = []
        for i in range(30):
            await raw.ws.send_str(packet.format(id=i))
            codes.append((await raw.ack(i))["error"]["code"])
        expected = "unknown_event" if kind == "unknown" else "invalid"
        assert codes[:10] == [expected] * 10
        assert codes[10:] == ["rate_limited"] * 20
        # the guard holds for real events too now
        await raw.ws.send_str('42/visitor,99["typing",{"typing":false}]')
        assert (await raw.ack(99))["error"]["code"] == "rate_limited"
        warnings = warnings_logged(caplog)
        assert len(warnings) == (30 if kind == "malformed" else 0), [
            r.getMessage() for r in warnings
        ]
    finally:
        await raw.close()
