"""The websockets under Socket.IO: this node's set of open sockets, closed with 1001 "going away"
when the node shuts down, the choice of permessage-deflate, and the packet class.

python-engineio creates aiohttp's WebSocketResponse itself, with compression on; we give this
app's Engine.IO server a WebSocket class of its own (a copy of its driver table: nothing global
changes) that remembers each open socket and honours `compress`.

Why close them ourselves: aiohttp's graceful shutdown waits up to `shutdown_timeout` for handlers
to finish, and a websocket handler never finishes by itself, so clients would hang for that long
and then see an abrupt close. Closing with GOING_AWAY first makes them reconnect at once (to
another node behind the load balancer); the outbox / last-seq resume loses nothing.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import orjson
import socketio
from aiohttp import WSCloseCode, web

log = logging.getLogger("netreach.realtime")

# The event a packet that cannot be decoded is handed to the namespace as (server/realtime/
# base.py): it answers `invalid` when the packet asked for an ack and counts toward the socket's
# flood guard like any other event.
MALFORMED_EVENT = "__malformed__"
MAX_EVENT_NAME = 64


class MalformedPacket(ValueError):
    """A packet that is not valid Socket.IO with a JSON payload. `namespace` and `id` are what
    its header said (None when not even that could be read)."""

    def __init__(self, reason: str, namespace: str | None, id: int | None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.namespace = namespace
        self.id = id


def _bounded_int(digits: str) -> int:
    """An integer of JSON, refused beyond 100 digits (python-engineio's guard, as its
    `json.loads` has it: converting a long run of digits takes quadratic time)."""
    if len(digits) > 100:
        raise ValueError("Integer is too large")
    return int(digits)


_DECODER = json.JSONDecoder(parse_int=_bounded_int)


class PacketJson:
    """The JSON of Socket.IO packets (python-socketio's `json` hook: `dumps` and `loads` as the
    standard library's). Outgoing packets are written by orjson, ~10x faster than `json.dumps`
    with `separators` (which builds a new encoder for every call; 6-9 us per `message.new` or
    ack, the largest single cost of a relayed message in bench/relay.py's callgrind profile).
    orjson writes non-ASCII characters as UTF-8 instead of `\\u` escapes (the same JSON to
    any parser) and refuses what it cannot write exactly (a lone surrogate, a non-string key,
    an integer beyond 64 bits): those packets are written by the standard library as before,
    so nothing that was sent before fails now; NaN and infinities (no payload holds a float)
    become null, where the standard library wrote `NaN`, which no browser parses. The Redis
    manager of python-socketio writes and reads its messages between nodes with it too.
    Incoming packets are read by the standard library as python-engineio's `json.loads`
    reads them (an integer of more than 100 digits refused), by one decoder made once
    instead of one per packet (MalformedPacket relies on its errors)."""

    @staticmethod
    def dumps(data: Any, **kwargs: Any) -> str:
        """`data` as compact JSON text (`kwargs`: the standard library's, used by the fallback;
        python-socketio passes `separators=(",", ":")`, which is orjson's only form)."""
        try:
            return orjson.dumps(data).decode()
        except orjson.JSONEncodeError:
            return json.dumps(data, **kwargs)

    @staticmethod
    def loads(text: str | bytes, **kwargs: Any) -> Any:
        """`text` parsed as JSON; ValueError for what is not JSON (json.JSONDecodeError) or
        holds an integer of more than 100 digits (python-engineio's guard against quadratic
        int parsing), RecursionError for nesting ~1,000 deep."""
        if kwargs or not isinstance(text, str):
            return json.loads(text, **{"parse_int": _bounded_int, **kwargs})
        return _DECODER.decode(text)


class JsonPacket(socketio.packet.Packet):  # type: ignore[misc]
    """Socket.IO packets without binary attachments on the way out (python-socketio's
    `serializer` option; its msgpack packet does the same). Every payload in docs/protocol.md is
    JSON, so the default class's recursive scan of each outgoing payload for bytes (~7% of the
    server's time in bench/relay.py, our payloads being nested) finds nothing. Incoming binary
    events are still decoded, and refused by validation like any other payload that is not an
    object of the expected fields. JSON is written by `PacketJson`."""

    uses_binary_events = False
    json = PacketJson

    def decode(self, encoded_packet: Any) -> int:
        """python-socketio's decoding, with every way it can fail turned into MalformedPacket
        (json.loads raises RecursionError for JSON nested ~1,000 deep, ValueError for bad
        JSON), and an EVENT required to be a list that starts with its name."""
        try:
            count = int(super().decode(encoded_packet))
        except (ValueError, RecursionError, TypeError, IndexError) as exc:
            reason = "nested too deep" if isinstance(exc, RecursionError) else "not valid JSON"
            raise MalformedPacket(reason, self.namespace, getattr(self, "id", None)) from None
        if self.packet_type in (socketio.packet.EVENT, socketio.packet.BINARY_EVENT) and not (
            isinstance(self.data, list)
            and self.data
            and isinstance(self.data[0], str)
            and 0 < len(self.data[0]) <= MAX_EVENT_NAME
        ):
            raise MalformedPacket("not an event name and arguments", self.namespace, self.id)
        return count


class Server(socketio.AsyncServer):  # type: ignore[misc]
    """python-socketio's server, answering a packet it cannot decode the way docs/protocol.md
    says: an `invalid` ack when the packet asked for one (through the namespace's handler, so it
    counts toward the flood guard), the socket closed when there is nobody to answer, and one
    log line either way instead of python-engineio's traceback (~54 lines per packet)."""

    async def _handle_eio_message(self, eio_sid: str, data: Any) -> None:
        try:
            await super()._handle_eio_message(eio_sid, data)
        except MalformedPacket as exc:
            namespace = exc.namespace or "/"
            sid = self.manager.sid_from_eio_sid(eio_sid, namespace)
            connected = sid is not None and self.manager.is_connected(sid, namespace)
            log.warning(
                "malformed socket packet (%s) on %s: %s",
                exc.reason,
                namespace,
                "answered invalid" if connected else "socket closed",
            )
            if connected:
                await self._handle_event(eio_sid, namespace, exc.id, [MALFORMED_EVENT])
            else:
                await self.eio.disconnect(eio_sid)
        except (ValueError, RecursionError, TypeError, KeyError, IndexError) as exc:
            # python-socketio's own refusals (an unexpected binary or CONNECT_ERROR packet...)
            log.warning("bad socket packet (%s): socket closed", str(exc)[:100])
            await self.eio.disconnect(eio_sid)


class Sockets:
    def __init__(self, compress: bool) -> None:
        self.compress = compress
        self.open: set[web.WebSocketResponse] = set()

    def install(self, sio: socketio.AsyncServer) -> None:
        eio = sio.eio
        base: Any = eio._async["websocket"]
        tracker = self

        class TrackedWebSocket(base):  # type: ignore[misc]
            async def __call__(self, environ: dict[str, Any]) -> web.WebSocketResponse:
                request = environ["aiohttp.request"]
                self._sock = web.WebSocketResponse(
                    max_msg_size=self.server.max_http_buffer_size, compress=tracker.compress
                )
                await self._sock.prepare(request)
                self.environ = environ
                tracker.open.add(self._sock)
                try:
                    await self.handler(self)
                finally:
                    tracker.open.discard(self._sock)
                return self._sock

        eio._async = {**eio._async, "websocket": TrackedWebSocket}

    async def close_all(self) -> int:
        """Close every open socket with 1001 (going away); returns how many there were."""
        sockets = list(self.open)
        await asyncio.gather(
            *(
                ws.close(code=WSCloseCode.GOING_AWAY, message=b"server shutting down")
                for ws in sockets
            ),
            return_exceptions=True,
        )
        return len(sockets)
