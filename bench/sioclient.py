"""A minimal Socket.IO (protocol 5, Engine.IO 4) client over one aiohttp websocket.

The benchmarks need thousands of sockets and thousands of messages per second from one client
process; python-socketio's AsyncClient costs far more CPU and memory per socket than the server
we measure. This speaks just what the widget and the console speak: websocket transport, one
namespace, events with and without acks, and answering pings. Text frames only (no binary).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Callable
from typing import Any

import aiohttp

Handler = Callable[[str, Any, float], None]  # (event, data, received_at monotonic)


class SioError(Exception):
    pass


class SioSocket:
    def __init__(
        self,
        http: aiohttp.ClientSession,
        base_url: str,
        namespace: str,
        auth: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        compress: int = 0,
        on_event: Handler | None = None,
    ) -> None:
        self.http = http
        self.url = (
            base_url.replace("http://", "ws://", 1).rstrip("/")
            + "/socket.io/?EIO=4&transport=websocket"
        )
        self.namespace = namespace
        self.auth = auth
        self.headers = headers
        self.compress = compress
        self.on_event = on_event
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self._next_id = 0
        self._acks: dict[int, asyncio.Future[Any]] = {}
        self._reader: asyncio.Task[None] | None = None
        self.closed = asyncio.Event()
        self.close_code: int | None = None
        self._prefix = f"4{{}}{namespace}," if namespace != "/" else "4{}"

    async def connect(self, timeout: float = 20) -> SioSocket:
        self.ws = await self.http.ws_connect(
            self.url,
            headers=self.headers,
            compress=self.compress,
            autoping=True,
            timeout=aiohttp.ClientWSTimeout(ws_close=2),
            max_msg_size=1 << 20,
        )
        opened = await asyncio.wait_for(self.ws.receive(), timeout)
        if opened.type != aiohttp.WSMsgType.TEXT or not opened.data.startswith("0"):
            raise SioError(f"no Engine.IO open packet: {opened!r}")
        payload = "" if self.auth is None else json.dumps(self.auth, separators=(",", ":"))
        await self.ws.send_str(self._prefix.format(0) + payload)
        while True:
            msg = await asyncio.wait_for(self.ws.receive(), timeout)
            if msg.type != aiohttp.WSMsgType.TEXT:
                raise SioError(f"closed while connecting: {msg!r}")
            if msg.data == "2":
                await self.ws.send_str("3")
                continue
            if msg.data.startswith(self._prefix.format(0)):
                break
            if msg.data.startswith(self._prefix.format(4)):
                raise SioError(f"connection refused: {msg.data}")
        self._reader = asyncio.get_running_loop().create_task(self._read())
        return self

    def emit(self, event: str, data: Any) -> None:
        assert self.ws is not None
        frame = self._prefix.format(2) + json.dumps(
            [event, data], separators=(",", ":"), ensure_ascii=False
        )
        asyncio.get_running_loop().create_task(self.ws.send_str(frame))

    async def call(self, event: str, data: Any, timeout: float = 30) -> Any:
        assert self.ws is not None
        self._next_id += 1
        ack_id = self._next_id
        fut: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._acks[ack_id] = fut
        frame = (
            self._prefix.format(2)
            + str(ack_id)
            + json.dumps([event, data], separators=(",", ":"), ensure_ascii=False)
        )
        try:
            await self.ws.send_str(frame)
            return await asyncio.wait_for(fut, timeout)
        finally:
            self._acks.pop(ack_id, None)

    async def _read(self) -> None:
        assert self.ws is not None
        ws = self.ws
        ack_prefix = self._prefix.format(3)
        ev_prefix = self._prefix.format(2)
        try:
            async for msg in ws:
                if msg.type != aiohttp.WSMsgType.TEXT:
                    continue
                data: str = msg.data
                if data == "2":
                    await ws.send_str("3")
                elif data.startswith(ev_prefix):
                    rest = data[len(ev_prefix) :]
                    if rest[:1].isdigit():  # the server asks for an ack: not used by our servers
                        rest = rest.lstrip("0123456789")
                    args = json.loads(rest)
                    if self.on_event is not None:
                        self.on_event(args[0], args[1] if len(args) > 1 else None, time.monotonic())
                elif data.startswith(ack_prefix):
                    rest = data[len(ack_prefix) :]
                    i = 0
                    while rest[i].isdigit():
                        i += 1
                    fut = self._acks.get(int(rest[:i]))
                    if fut is not None and not fut.done():
                        args = json.loads(rest[i:])
                        fut.set_result(args[0] if args else None)
                elif data == "1" or data.startswith(self._prefix.format(1)):
                    break  # Engine.IO close / Socket.IO disconnect
        except (aiohttp.ClientError, ConnectionError, asyncio.CancelledError):
            pass
        finally:
            self.close_code = ws.close_code
            for fut in self._acks.values():
                if not fut.done():
                    fut.set_exception(SioError("disconnected"))
            self.closed.set()

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
        if self.ws is not None and not self.ws.closed:
            with contextlib.suppress(TimeoutError, aiohttp.ClientError, ConnectionError):
                await asyncio.wait_for(self.ws.close(), 2)


async def staff_login(
    http: aiohttp.ClientSession, base_url: str, username: str, password: str
) -> str:
    """Log in through the real form (CSRF double-submit); returns the session cookie value."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as s:
        async with s.get(f"{base_url}/login") as r:
            await r.read()
        csrf = next((c.value for c in s.cookie_jar if c.key == "nr_csrf"), "")
        async with s.post(
            f"{base_url}/login",
            data={
                "username": username,
                "password": password,
                "csrf_token": csrf,
                "next": "/console",
            },
            allow_redirects=False,
        ) as r:
            await r.read()
            cookie = r.cookies.get("nr_session")
            if r.status != 302 or cookie is None:
                raise SioError(f"login of {username} failed: HTTP {r.status}")
            return cookie.value


def http_session(limit: int = 0) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=limit, force_close=False))
