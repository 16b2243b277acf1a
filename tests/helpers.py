"""Test clients that behave like the widget and the console: real Socket.IO clients with an
outbox of un-acked messages, last-seq resume on every (re)connect, and an event log."""

from __future__ import annotations

import asyncio
import inspect
import secrets
from collections import defaultdict
from typing import Any

import aiohttp
import socketio
from pydantic import ValidationError
from sqlalchemy import text

from server.protocol import validate_event


async def eventually(condition: Any, what: str, timeout: float = 10.0) -> None:
    """Wait until `condition()` (a function, or an async one) holds, for state that other
    processes or a real network change (where the fake clock cannot drive it); AssertionError
    naming `what` if it does not within `timeout` seconds. The bound is a give-up time, not a
    claim about speed."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not (await result if inspect.isawaitable(result := condition()) else result):
        if loop.time() > deadline:
            raise AssertionError(f"{what}: not so within {timeout}s")
        await asyncio.sleep(0.01)


TIMEOUT = 10.0


async def sqlite_schema(session: Any, table: str) -> tuple[set[str], set[str]]:
    """The tables of an SQLite database (read through `session`) and the columns of `table`:
    what a migration test checks after a downgrade."""
    tables = set(
        (await session.execute(text("SELECT name FROM sqlite_master WHERE type='table'")))
        .scalars()
        .all()
    )
    columns = {r[1] for r in await session.execute(text(f"PRAGMA table_info({table})"))}
    return tables, columns


class EventLog:
    def __init__(self) -> None:
        self.events: list[tuple[str, Any]] = []
        # events whose payload does not match server/protocol.py: (name, error); any fails the
        # test (in wait_for and when the server fixture ends)
        self.invalid: list[tuple[str, str]] = []
        self._changed = asyncio.Condition()

    async def add(self, name: str, data: Any) -> None:
        async with self._changed:
            self.events.append((name, data))
            self._changed.notify_all()

    def check(self) -> None:
        """Fail if any event received so far did not match its typed model."""
        if self.invalid:
            raise AssertionError(f"events that do not match server/protocol.py: {self.invalid}")

    def of(self, name: str) -> list[Any]:
        return [d for n, d in self.events if n == name]

    async def wait_for(self, name: str, pred: Any = None, timeout: float = TIMEOUT) -> Any:
        """Wait for an event (already received or future) matching `pred`; return its data."""

        def find() -> tuple[bool, Any]:
            self.check()
            for n, d in self.events:
                if n == name and (pred is None or pred(d)):
                    return True, d
            return False, None

        async def waiter() -> Any:
            async with self._changed:
                while True:
                    found, data = find()
                    if found:
                        return data
                    await self._changed.wait()

        try:
            return await asyncio.wait_for(waiter(), timeout)
        except TimeoutError:
            raise AssertionError(
                f"no {name!r} event matching within {timeout}s; got {[n for n, _ in self.events]}"
            ) from None


class ChatClient:
    """Shared behaviour: messages by seq, outbox, resume on reconnect."""

    namespace = ""
    events_to_log: tuple[str, ...] = ()

    def __init__(self, url: str) -> None:
        self.url = url
        self.sio = socketio.AsyncClient(
            reconnection=True,
            reconnection_delay=0.1,
            reconnection_delay_max=0.5,
            randomization_factor=0,
        )
        self.log = EventLog()
        self.messages: dict[str, dict[int, dict[str, Any]]] = defaultdict(
            dict
        )  # conv -> seq -> msg
        self.outbox: list[dict[str, Any]] = []
        self._flushing = asyncio.Lock()  # one outbox resend at a time, as the widget's Sender
        self.connects = 0
        self._resumed = asyncio.Event()
        for name in self.events_to_log:
            self.sio.on(name, self._logger(name), namespace=self.namespace)
        self.sio.on("message.new", self._on_message, namespace=self.namespace)
        self.sio.on("*", self._on_other, namespace=self.namespace)
        self.sio.on("delivery.resync", self._on_resync, namespace=self.namespace)
        self.sio.on("connect", self._on_connect, namespace=self.namespace)
        self.sio.on("disconnect", self._on_disconnect, namespace=self.namespace)

    def _validate(self, name: str, data: Any) -> None:
        """Every event the server sends must match its model in server/protocol.py."""
        try:
            validate_event(self.namespace, name, data)
        except KeyError:
            self.log.invalid.append((name, "not an event of docs/protocol.md"))
        except ValidationError as exc:
            self.log.invalid.append((name, str(exc)))

    def _logger(self, name: str) -> Any:
        async def handler(data: Any = None) -> None:
            self._validate(name, data)
            await self.log.add(name, data)

        return handler

    async def _on_resync(self, data: Any = None) -> None:
        """The clients' rule (docs/protocol.md): rejoin from the last seq held."""
        self._validate("delivery.resync", data)
        await self.log.add("delivery.resync", data)
        asyncio.get_running_loop().create_task(self._resume())

    async def _on_other(self, name: str, data: Any = None) -> None:
        self._validate(name, data)
        await self.log.add(name, data)

    async def _on_message(self, msg: dict[str, Any]) -> None:
        self._validate("message.new", msg)
        self.messages[msg["conversation_id"]][msg["seq"]] = msg
        await self.log.add("message.new", msg)

    async def _on_disconnect(self, *args: Any) -> None:
        self._resumed.clear()
        await self.log.add("disconnect", None)

    async def _on_connect(self) -> None:
        self.connects += 1
        await self.log.add("connect", self.connects)
        if self.connects > 1:
            asyncio.get_running_loop().create_task(self._resume())

    async def _resume(self) -> None:
        try:
            await self.sync()
        except (socketio.exceptions.TimeoutError, socketio.exceptions.BadNamespaceError):
            return  # disconnected again: the next connect resumes
        self._resumed.set()

    async def sync(self) -> None:
        """What a client does after (re)connecting: catch up from its last seq, resend its outbox."""
        await self.resume()
        await self.flush()

    async def flush(self) -> None:
        """Resend the outbox in order, each message until its ack, as the widget's Sender does
        (widget/src/delivery.js): one flush at a time, and it stops at the first message not
        acknowledged, so nothing is stored before a message written earlier. Raises
        socketio's TimeoutError / BadNamespaceError when the connection drops meanwhile."""
        async with self._flushing:
            for item in list(self.outbox):
                if item not in self.outbox:
                    continue  # acknowledged meanwhile (its first send's ack came late)
                reply = await self.sio.call(
                    "message.send", item, namespace=self.namespace, timeout=TIMEOUT
                )
                self._settle(item, reply)
                if not reply.get("ok"):
                    return

    async def resume(self) -> None:
        raise NotImplementedError  # subclasses: join with the last seq they hold

    def last_seq(self, conversation_id: str | None) -> int:
        """What the clients send as last_seq (docs/protocol.md): the highest seq up to which
        nothing is missing, so a rejoin also fills a gap."""
        if conversation_id is None:
            return 0
        held = self.messages[conversation_id]
        seq = 0
        while seq + 1 in held:
            seq += 1
        return seq

    def _settle(self, item: dict[str, Any], reply: dict[str, Any]) -> None:
        if reply.get("ok"):
            msg = reply["message"]
            self.messages[msg["conversation_id"]][msg["seq"]] = msg
            if item in self.outbox:
                self.outbox.remove(item)

    async def call(self, event: str, data: Any = None, timeout: float = TIMEOUT) -> dict[str, Any]:
        return await self.sio.call(
            event, data if data is not None else {}, namespace=self.namespace, timeout=timeout
        )

    async def send_tracked(self, payload: dict[str, Any]) -> dict[str, Any] | None:
        """Send like the clients do: keep in the outbox until acked (resent after reconnect)."""
        payload = {**payload, "client_id": payload.get("client_id") or secrets.token_urlsafe(12)}
        self.outbox.append(payload)
        try:
            reply = await self.sio.call(
                "message.send", payload, namespace=self.namespace, timeout=3
            )
        except (socketio.exceptions.TimeoutError, socketio.exceptions.BadNamespaceError):
            return None  # stays in the outbox
        self._settle(payload, reply)
        return reply

    async def wait_resumed(self, timeout: float = TIMEOUT) -> None:
        await asyncio.wait_for(self._resumed.wait(), timeout)

    def texts(self, conversation_id: str) -> list[str]:
        msgs = self.messages[conversation_id]
        return [msgs[s]["text"] for s in sorted(msgs)]

    async def close(self) -> None:
        await self.sio.disconnect()


class Visitor(ChatClient):
    namespace = "/visitor"
    events_to_log = ("queue.position", "conversation.update", "typing", "duty.update")

    def __init__(
        self,
        url: str,
        lang: str = "pl",
        site: str | None = "forum.example",
        token: str | None = None,
    ) -> None:
        super().__init__(url)
        self.token = token or secrets.token_urlsafe(32)
        self.lang = lang
        self.site = site
        self.conversation_id: str | None = None

    async def connect(self, join: bool = True) -> dict[str, Any] | None:
        auth = {"token": self.token, "lang": self.lang}
        if self.site:
            auth["site"] = self.site
        await self.sio.connect(
            self.url,
            auth=auth,
            transports=["websocket"],
            namespaces=[self.namespace],
            wait_timeout=5,
        )
        if join:
            return await self.join()
        return None

    async def join(self) -> dict[str, Any]:
        payload: dict[str, Any] = {"last_seq": self.last_seq(self.conversation_id)}
        if self.conversation_id:
            payload["conversation_id"] = self.conversation_id
        reply = await self.call("conversation.join", payload)
        assert reply["ok"], reply
        if reply["conversation"]:
            self.conversation_id = reply["conversation"]["id"]
            for m in reply["messages"]:
                self.messages[m["conversation_id"]][m["seq"]] = m
        return reply

    resume = join

    async def send(self, text: str, **extra: Any) -> dict[str, Any]:
        reply = await self.send_tracked({"text": text, **extra})
        assert reply is not None
        if reply.get("ok"):
            self.conversation_id = reply["conversation"]["id"]
        return reply


class Staff(ChatClient):
    namespace = "/console"
    events_to_log = (
        "queue.update",
        "conversation.update",
        "typing",
        "duty.update",
        "visitor.presence",
        "escalation.new",
        "escalation.update",
        "team.update",
    )

    def __init__(self, url: str, cookie: str) -> None:
        super().__init__(url)
        self.cookie = cookie
        self.joined: set[str] = set()

    async def connect(self) -> dict[str, Any]:
        # a function: engine.io's client consumes a Cookie header dict, and reconnects need it again
        await self.sio.connect(
            self.url,
            headers=lambda: {"Cookie": f"nr_session={self.cookie}"},
            transports=["websocket"],
            namespaces=[self.namespace],
            wait_timeout=5,
        )
        reply = await self.call("console.sync")
        assert reply["ok"], reply
        return reply

    async def join(self, conversation_id: str) -> dict[str, Any]:
        reply = await self.call(
            "conversation.join",
            {"conversation_id": conversation_id, "last_seq": self.last_seq(conversation_id)},
        )
        if reply.get("ok"):
            self.joined.add(conversation_id)
            for m in reply["messages"]:
                self.messages[conversation_id][m["seq"]] = m
        return reply

    async def resume(self) -> None:
        for cid in list(self.joined):
            await self.join(cid)

    async def send(self, conversation_id: str, text: str) -> dict[str, Any]:
        reply = await self.send_tracked({"conversation_id": conversation_id, "text": text})
        assert reply is not None
        return reply

    async def on_duty(self, capacity: int = 3, auto_assign: bool = False) -> dict[str, Any]:
        reply = await self.call("duty.start", {"capacity": capacity, "auto_assign": auto_assign})
        assert reply["ok"], reply
        return reply


async def login(base_url: str, username: str, password: str) -> tuple[int, str | None, str]:
    """Log in through the real form (CSRF double-submit). Returns (status, session cookie, body)."""
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar) as http:
        async with http.get(f"{base_url}/login") as r:
            assert r.status == 200, await r.text()
        csrf = next((c.value for c in jar if c.key == "nr_csrf"), "")
        async with http.post(
            f"{base_url}/login",
            data={
                "username": username,
                "password": password,
                "csrf_token": csrf,
                "next": "/console",
            },
            allow_redirects=False,
        ) as r:
            body = await r.text()
            session = r.cookies.get("nr_session")
            return r.status, session.value if session else None, body


class TcpProxy:
    """A TCP proxy in front of a server whose connections a test can cut, like a network drop."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = 0
        self._server: asyncio.base_events.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> TcpProxy:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.transport.abort()
            return
        self._writers.update((writer, up_writer))

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            try:
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                dst.transport.abort()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))
        self._writers.discard(writer)
        self._writers.discard(up_writer)

    def cut(self) -> None:
        """Drop every connection at once, without a goodbye (like a lost network)."""
        for w in list(self._writers):
            w.transport.abort()
        self._writers.clear()

    async def close(self) -> None:
        self.cut()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
