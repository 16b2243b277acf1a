"""How an action's events reach sockets on every node, and how nodes wake each other up.

* `publish(events)`: socket events (`message.new`, `queue.update`, ...) go through
  python-socketio's client manager: in-process by default, `AsyncRedisManager` when REDIS_URL is
  set, so a room on any node receives them.
* `signal(name, data)`: node-to-node wake-ups ("the queue changed, recompute your visitors'
  positions"). Handled locally at once and, with Redis, published on a channel every node reads.
  Signals carry no state: SQL is the source of truth, a lost signal only delays a refresh that
  the periodic tick also does.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import engineio
import socketio
from socketio.async_pubsub_manager import AsyncPubSubManager

from server.extras import aioredis, require_redis
from server.protocol import CONSOLE_NS, VISITOR_NS

log = logging.getLogger("netreach.bus")


SignalHandler = Callable[[dict[str, Any]], Awaitable[None]]


@dataclass(frozen=True)
class Event:
    name: str
    payload: Mapping[str, Any]
    # one room, or several that get the same payload in one emit (one Redis message; a socket
    # in more than one of them gets it once)
    room: str | tuple[str, ...]
    namespace: str
    # a socket in `room` that must not get it: the sender, whose ack already carries it
    skip_sid: str | None = None


__all__ = ["CONSOLE_NS", "VISITOR_NS", "Bus", "Event"]


def visitor_room(visitor_id: str) -> str:
    """Every socket of one visitor (their tabs share nothing, but resends may overlap)."""
    return f"vis:{visitor_id}"


def staff_room(staff_id: str) -> str:
    return f"staff:{staff_id}"


def watch_room(conversation_id: str) -> str:
    """Staff who opened a conversation besides its networker (supervisors watching or joined)."""
    return f"conv:{conversation_id}"


REGAINED_SIGNAL = "bus.regained"  # a node had a gap on the bus: every node's clients resync
# seconds a node's heartbeat in Redis lasts without renewal (`check` renews it every second,
# server/app.py BUS_CHECK_SECONDS, apart from the slower presence tick): a node that stops
# renewing it was killed, not stopped
NODE_TTL = 5.0
# a staff session (or all of an account's) ended: every node disconnects the sockets it holds
STAFF_REVOKED_SIGNAL = "staff.revoked"
# a visitor took a new resume code: every node disconnects the sockets of the other tokens that
# had resumed the case (server/actions/cases.py do_issue_code, server/realtime/visitor.py)
VISITOR_TOKENS_REVOKED_SIGNAL = "visitor.tokens_revoked"
# an admin changed the settings on the web: every node reads them again (server/actions/site.py)
SITE_CHANGED_SIGNAL = "site.changed"
STAFF_ALL_ROOM = "staff"  # every connected staff socket (queue updates)
SUPERVISORS_ROOM = "supervisors"  # every connected supervisor/admin socket (escalations, team)
VISITORS_ALL_ROOM = "visitors"  # every connected visitor socket (duty updates)


class LocalManager(socketio.AsyncManager):  # type: ignore[misc]
    """python-socketio's client manager, delivering an event to this node's sockets in turn.

    `AsyncManager.emit` starts one asyncio task per recipient and waits for them all: on the
    hot path (one `message.new` to one or two sockets) the tasks, the wait and the two loop
    turns they take cost more than the sends, which only put a packet on each socket's queue
    (engineio's writer task sends it). Here the packet is encoded once, as there, and put on
    each recipient's queue directly, in the order of the room. Emits with an ack callback (we
    send none) keep the library's way. A socket that fails to take its packet (closed between
    the look-up and the send) is logged and skipped; the others still get theirs.

    Used in-process and, through `RedisManager`, for what a node receives from Redis."""

    async def emit(
        self,
        event: str,
        data: Any,
        namespace: str,
        room: Any = None,
        skip_sid: Any = None,
        callback: Any = None,
        to: Any = None,
        **kwargs: Any,
    ) -> None:
        if callback is not None:
            await super().emit(event, data, namespace, room, skip_sid, callback, to, **kwargs)
            return
        room = to or room
        if namespace not in self.rooms:
            return
        # the library's argument convention: a tuple is several arguments, None is none
        args = list(data) if isinstance(data, tuple) else [] if data is None else [data]
        skip = skip_sid if isinstance(skip_sid, list) else [skip_sid]
        recipients = [
            eio_sid for sid, eio_sid in self.get_participants(namespace, room) if sid not in skip
        ]
        if not recipients:
            return
        server: Any = self.server
        encoded = server.packet_class(
            socketio.packet.EVENT, namespace=namespace, data=[event, *args]
        ).encode()
        packets = [
            engineio.packet.Packet(engineio.packet.MESSAGE, p)
            for p in (encoded if isinstance(encoded, list) else [encoded])
        ]
        for eio_sid in recipients:
            for pkt in packets:
                try:
                    await server.eio.send_packet(eio_sid, pkt)
                except Exception:  # one closing socket must not cost the others their event
                    log.warning("could not send %s to a socket", event, exc_info=True)


class RedisManager(socketio.AsyncRedisManager, LocalManager):  # type: ignore[misc]
    """`AsyncRedisManager` whose delivery to this node's sockets (of what Redis brings) is
    `LocalManager.emit`."""


def make_client_manager(redis_url: str | None, prefix: str) -> socketio.AsyncManager:
    if not redis_url:
        return LocalManager()
    require_redis(redis_url)
    # redis-py >= 8 defaults to a 5 s socket_timeout, which kills a long-lived pub/sub listener
    return RedisManager(
        redis_url, channel=f"{prefix}:socketio", redis_options={"socket_timeout": None}
    )


class Bus:
    def __init__(self, sio: socketio.AsyncServer, redis_url: str | None, prefix: str, node_id: str):
        self.sio = sio
        self.redis_url = redis_url
        self.channel = f"{prefix}:signals"
        self._nodes_key = f"{prefix}:nodes"  # sorted set: node id -> when its heartbeat expires
        self.node_id = node_id
        self._handlers: dict[str, list[SignalHandler]] = {}
        self._redis: Any = None
        self._listener: asyncio.Task[None] | None = None
        # Redis pub/sub is at-most-once: what was published while this node had no Redis is
        # gone. After such a gap, `on_regained` handlers run here, and the other nodes are told
        # (REGAINED_SIGNAL), so every client can fetch what it missed from SQL.
        self._lost = False
        self._run_id: str | None = None
        self._again = False  # resync once more on the next check (python-socketio's own
        # Redis listener may come back a moment after ours)
        self._regained_handlers: list[Callable[[], Awaitable[None]]] = []
        # the in-process manager's rooms ({namespace: {room: {sid: eio_sid}}}), read to skip
        # events nobody here would receive; with Redis, another node may have the room
        manager = sio.manager
        self._local_rooms: dict[str, dict[Any, Any]] | None = (
            None if isinstance(manager, AsyncPubSubManager) else manager.rooms
        )

    async def publish(self, events: Iterable[Event]) -> None:
        """Emit events to their rooms on every node. Call only after the transaction committed."""
        for event in events:
            if self._local_rooms is not None and not self._has_recipients(event):
                continue  # in-process: nobody to send it to, skip encoding it
            await self.sio.emit(
                event.name,
                event.payload,
                to=event.room,
                namespace=event.namespace,
                skip_sid=event.skip_sid,
            )

    def _has_recipients(self, event: Event) -> bool:
        assert self._local_rooms is not None
        rooms = self._local_rooms.get(event.namespace, {})
        for room in (event.room,) if isinstance(event.room, str) else event.room:
            members = rooms.get(room)
            if members and (len(members) > 1 or event.skip_sid not in members):
                return True
        return False

    async def emit_local(
        self, sid: str, name: str, payload: dict[str, Any], namespace: str
    ) -> None:
        """Emit to a socket connected to this node, without a round trip through Redis."""
        await self.sio.emit(name, payload, to=sid, namespace=namespace, ignore_queue=True)

    async def emit_local_all(self, name: str, payload: Mapping[str, Any], namespace: str) -> None:
        """Emit to every socket of `namespace` connected to this node (not through Redis)."""
        await self.sio.emit(name, payload, namespace=namespace, ignore_queue=True)

    def on_signal(self, name: str, handler: SignalHandler) -> None:
        self._handlers.setdefault(name, []).append(handler)

    def on_regained(self, handler: Callable[[], Awaitable[None]]) -> None:
        """Run `handler()` on this node after the cross-node bus had a gap (this node lost Redis
        and has it back, or another node did and says so)."""
        self._regained_handlers.append(handler)
        self.on_signal(REGAINED_SIGNAL, lambda _data: handler())

    async def check(self, now: float) -> None:
        """Called by the periodic tick (`now`: the app clock's time, seconds since the epoch):
        ask Redis who it is (3 s at most). The first answer after a failure (of this check, the
        listener or a publish), or from a Redis that was restarted meanwhile (a new run id:
        redis-py reconnects by itself, so an outage between two checks shows only this way),
        runs the regained handlers here and on every other node. Then renews this node's
        heartbeat (`_heartbeat`)."""
        if self._redis is None:
            return
        try:
            info = await asyncio.wait_for(self._redis.info("server"), 3)
        except Exception:
            if not self._lost:
                log.warning("lost Redis: cross-node events may be missed until it is back")
            self._lost = True
            return
        run_id = info.get("run_id")
        if self._run_id is not None and run_id != self._run_id:
            self._lost = True
        self._run_id = run_id
        if self._lost:
            await self._regained()
        elif self._again:
            self._again = False
            await self._run_regained("Redis is back")
        await self._heartbeat(now)

    async def _heartbeat(self, now: float) -> None:
        """Renew this node's entry in the nodes' sorted set (scored by when it expires) and
        sweep the entries of nodes that stopped renewing theirs. A node killed between a commit
        and its publish (a SIGKILL, a crash, a lost machine) leaves acknowledged messages that
        only SQL holds; the node whose sweep removes its entry (Redis runs each command alone:
        exactly one node) makes every node's clients resync, so they are fetched within
        NODE_TTL and a tick. A node that stops cleanly removes its own entry (`stop`)."""
        try:
            pipe = self._redis.pipeline(transaction=True)
            pipe.zadd(self._nodes_key, {self.node_id: now + NODE_TTL})
            pipe.zremrangebyscore(self._nodes_key, "-inf", now)
            _, removed = await asyncio.wait_for(pipe.execute(), 3)
        except Exception:
            log.warning("could not renew this node's heartbeat in Redis", exc_info=True)
            return
        if removed:
            await self._run_regained(f"{removed} node(s) stopped without a clean stop")

    async def _regained(self) -> None:
        self._lost = False
        self._again = True
        await self._run_regained("Redis is back")

    async def _run_regained(self, why: str) -> None:
        log.warning("%s: clients are told to resync", why)
        for handler in self._regained_handlers:
            try:
                await handler()
            except Exception:
                log.exception("regained handler failed")
        await self.signal_remote(REGAINED_SIGNAL)

    async def signal(self, name: str, data: dict[str, Any] | None = None) -> None:
        """Run the handlers of `name` here and on every other node."""
        data = data or {}
        await self._dispatch(name, data)
        await self.signal_remote(name, data)

    async def signal_remote(self, name: str, data: dict[str, Any] | None = None) -> None:
        """Run the handlers of `name` on the other nodes only."""
        data = data or {}
        if self._redis is not None:
            message = json.dumps({"name": name, "data": data, "node": self.node_id})
            try:
                await self._redis.publish(self.channel, message)
            except Exception:  # Redis down: other nodes catch up on their periodic tick
                self._lost = True
                log.warning("could not publish signal %s to Redis", name, exc_info=True)

    async def _dispatch(self, name: str, data: dict[str, Any]) -> None:
        for handler in self._handlers.get(name, ()):
            try:
                await handler(data)
            except Exception:
                log.exception("signal handler for %s failed", name)

    async def start(self) -> None:
        if not self.redis_url:
            return
        require_redis(self.redis_url)
        self._redis = aioredis.Redis.from_url(self.redis_url, socket_timeout=None)
        pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
        await pubsub.subscribe(self.channel)
        self._run_id = (await self._redis.info("server")).get("run_id")
        self._listener = asyncio.create_task(self._listen(pubsub), name="bus-listener")

    async def _listen(self, pubsub: Any) -> None:
        while True:
            try:
                async for raw in pubsub.listen():
                    if raw.get("type") != "message":
                        continue
                    try:
                        message = json.loads(raw["data"])
                    except (ValueError, TypeError):
                        continue
                    if message.get("node") == self.node_id:
                        continue
                    await self._dispatch(str(message.get("name")), message.get("data") or {})
            except asyncio.CancelledError:
                raise
            except Exception:
                self._lost = True
                log.warning("signal listener lost Redis; reconnecting", exc_info=True)
                await asyncio.sleep(1)
                try:
                    await pubsub.subscribe(self.channel)
                except Exception:
                    log.warning("signal listener could not resubscribe", exc_info=True)
                else:
                    await self._regained()

    async def stop(self) -> None:
        if self._redis is not None:  # a clean stop: no other node resyncs for this one
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._redis.zrem(self._nodes_key, self.node_id), 3)
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._listener
        if self._redis is not None:
            await self._redis.aclose()


async def signal_from_outside(redis_url: str, prefix: str, name: str, data: dict[str, Any]) -> None:
    """Run the handlers of `name` on every node from a process that is not one (a command such
    as `netreach set-password`): one message on the nodes' signal channel. Raises what redis-py
    raises when Redis cannot be reached."""
    require_redis(redis_url)
    redis = aioredis.Redis.from_url(redis_url, socket_timeout=5)
    try:
        message = json.dumps({"name": name, "data": data, "node": "command"})
        await redis.publish(f"{prefix}:signals", message)
    finally:
        await redis.aclose()
