"""server/bus.py LocalManager: python-socketio's delivery of an event to this node's sockets,
without a task per recipient, keeps the library's meaning (rooms, skip_sid, several rooms at
once, the data conventions), over real sockets."""

from __future__ import annotations

from typing import Any

import socketio
from aiohttp import web

from server.bus import LocalManager
from tests.conftest import free_port
from tests.helpers import eventually


async def test_an_event_reaches_each_member_once_but_the_skipped() -> None:
    sio = socketio.AsyncServer(async_mode="aiohttp", client_manager=LocalManager())
    app = web.Application()
    sio.attach(app)

    @sio.on("join")  # type: ignore[untyped-decorator]
    async def join(sid: str, rooms: list[str]) -> bool:
        for room in rooms:
            await sio.enter_room(sid, room)
        return True

    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    clients: list[socketio.AsyncClient] = []
    got: dict[str, list[tuple[str, tuple[Any, ...]]]] = {}
    try:
        for name, rooms in (("a", ["r1"]), ("b", ["r1", "r2"]), ("c", ["r2"]), ("d", [])):
            client = socketio.AsyncClient()
            inbox = got.setdefault(name, [])

            async def on_any(event: str, *args: Any, inbox: list[Any] = inbox) -> None:
                inbox.append((event, args))

            client.on("*", on_any)
            await client.connect(f"http://127.0.0.1:{port}", transports=["websocket"])
            assert await client.call("join", rooms)
            clients.append(client)
        a_sid = clients[0].get_sid()
        await sio.emit("note", {"n": 1}, to=("r1", "r2"), skip_sid=a_sid)
        await sio.emit("pair", ("x", 2), to="r1")
        await sio.emit("bare", None, to="r2")
        await sio.emit("done", {}, to=("r1", "r2"))
        await sio.emit("done", {}, to=clients[3].get_sid())

        await eventually(
            lambda: all(inbox and inbox[-1][0] == "done" for inbox in got.values()),
            "every socket got the sentinel sent last",
        )
        assert got["a"] == [("pair", ("x", 2)), ("done", ({},))]
        assert got["b"] == [
            ("note", ({"n": 1},)),
            ("pair", ("x", 2)),
            ("bare", ()),
            ("done", ({},)),
        ]
        assert got["c"] == [("note", ({"n": 1},)), ("bare", ()), ("done", ({},))]
        assert got["d"] == [("done", ({},))]
    finally:
        for client in clients:
            await client.disconnect()
        await runner.cleanup()
