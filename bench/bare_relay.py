"""The ceiling for bench/relay.py: a bare python-socketio relay on aiohttp.

Same transport and server settings as netreach (AsyncServer, websocket only, async_handlers off,
same ping interval, the same packet class without binary attachments and the same packet
JSON), same namespaces, event names and payload shapes, but no database, no
validation, no moderation: `message.send` is acked at once and emitted as `message.new` to the
other side of the pair. The socket's pair comes from its auth ({"pair": "..."}).

    .venv/bin/python bench/bare_relay.py --port 9001
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import sys
from typing import Any

import orjson
import socketio
from aiohttp import web

NAMESPACES = ("/visitor", "/console")


def _bounded_int(digits: str) -> int:
    if len(digits) > 100:
        raise ValueError("Integer is too large")
    return int(digits)


class PacketJson:
    """netreach's packet JSON (server/transport.py): written by orjson, read by one standard
    library decoder that refuses integers over 100 digits."""

    loads = json.JSONDecoder(parse_int=_bounded_int).decode

    @staticmethod
    def dumps(data: Any, **kwargs: Any) -> str:
        return orjson.dumps(data).decode()


class JsonPacket(socketio.packet.Packet):
    """netreach's serializer setting (server/transport.py), so that both servers do the same."""

    uses_binary_events = False
    json = PacketJson


def create_app() -> web.Application:
    sio = socketio.AsyncServer(
        async_mode="aiohttp",
        transports=["websocket"],
        max_http_buffer_size=64 * 1024,
        ping_interval=20,
        ping_timeout=20,
        async_handlers=False,
        serializer=JsonPacket,
    )
    app = web.Application()
    sio.attach(app)
    pairs: dict[tuple[str, str], str] = {}
    seqs: dict[str, itertools.count[int]] = {}

    for ns in NAMESPACES:
        other = "/console" if ns == "/visitor" else "/visitor"
        sender = "visitor" if ns == "/visitor" else "staff"

        def register(ns: str = ns, other: str = other, sender: str = sender) -> None:
            @sio.on("connect", namespace=ns)
            async def connect(sid: str, environ: dict[str, Any], auth: Any = None) -> None:
                pair = str((auth or {}).get("pair", sid))
                pairs[(ns, sid)] = pair
                await sio.enter_room(sid, pair, namespace=ns)

            @sio.on("disconnect", namespace=ns)
            async def disconnect(sid: str, *_: Any) -> None:
                pairs.pop((ns, sid), None)

            @sio.on("message.send", namespace=ns)
            async def send(sid: str, data: Any = None) -> dict[str, Any]:
                pair = pairs[(ns, sid)]
                seq = next(seqs.setdefault(pair, itertools.count(1)))
                msg = {
                    "conversation_id": pair,
                    "seq": seq,
                    "sender": sender,
                    "client_id": data.get("client_id"),
                    "text": data.get("text"),
                }
                await sio.emit("message.new", msg, to=pair, namespace=other)
                return {"ok": True, "message": msg}

        register()

    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app.router.add_get("/healthz", healthz)
    return app


def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--port", type=int, default=9001)
    args = p.parse_args()
    app = create_app()
    gc.freeze()  # as netreach does once started (server/app.py), so that both run alike
    sys.setswitchinterval(0.0002)  # likewise (it has no other thread to switch to)
    web.run_app(app, host="127.0.0.1", port=args.port, access_log=None, print=None)


if __name__ == "__main__":
    main()
