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
from typing import Any

import socketio
from aiohttp import WSCloseCode, web


class JsonPacket(socketio.packet.Packet):  # type: ignore[misc]
    """Socket.IO packets without binary attachments on the way out (python-socketio's
    `serializer` option; its msgpack packet does the same). Every payload in docs/protocol.md is
    JSON, so the default class's recursive scan of each outgoing payload for bytes (~7% of the
    server's time in bench/relay.py, our payloads being nested) finds nothing. Incoming binary
    events are still decoded, and refused by validation like any other payload that is not an
    object of the expected fields."""

    uses_binary_events = False


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
