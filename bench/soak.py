"""Soak: steady chat for a long time (default 30 minutes, 200 visitor/networker pairs) on
PostgreSQL + two netreach nodes sharing a private Redis, with random socket drops and one Redis
restart (issue 13, part 7). Counts what matters for principle 1: messages sent, acknowledged,
delivered to the other side, lost (acknowledged, never delivered) and duplicated (one sent
message held twice) — target 0 and 0 — and the memory (RSS) of each node after a warm-up and at
the end (target: growth under 10 %).

The clients behave as docs/protocol.md asks of the widget and the console (on top of the raw
websocket client of bench/sioclient.py): every message keeps its `client_id` in an outbox until
acked; after every (re)connect and on `delivery.resync` the client sends `conversation.join` with
the highest seq up to which it holds everything, then resends the outbox in order; a hole in
`seq` still open 1.5 s later triggers the same rejoin. A dropped socket reconnects after socket.io-client's
delay (1 s doubling to 5 s, randomized by half) to either node (as behind a load balancer). A "drop" closes the client's websocket without a
Socket.IO goodbye: the server sees the transport go away, as when a phone loses its network.

The Redis is a `redis-server` this benchmark starts on a free port (never the machine's shared
one), without persistence: the restart comes back empty with a new run id, like a crashed Redis.

Memory: VmRSS of each node process from /proc, sampled every 10 s; "start" is the sample taken
when the warm-up (default 120 s of steady chat with every pair connected) ends, "end" the sample
when the chat stops (still under the same load, before the final drain).

    .venv/bin/python bench/soak.py                          # 30 minutes, 200 pairs
    .venv/bin/python bench/soak.py --duration 120 --pairs 20 --warmup 20
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import secrets
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    PASSWORD,
    Backend,
    PrivateRedis,
    Proc,
    netreach_proc,
    raise_nofile,
    rss_kb,
    temp_workdir,
    write_results,
)
from bench.sioclient import SioError, SioSocket, http_session, staff_login

GAP_WAIT = 1.5  # seconds a hole in seq may stay open before the client rejoins (as GapWatch)
# Like the widget, a client waits for an ack as long as its socket is up and resends only after
# a reconnect; resending on a short timeout would pile copies on a slow server (each socket's
# events are handled in order) until nothing is acked in time. After this long without an
# answer the client gives the socket up and reconnects.
CALL_TIMEOUT = 120.0
# what the simulated people write (tests/moderation/test_everyday_text.py checks that none of
# it is ever read as a crisis)
FIRST_TEXT = "Hello, is anyone there?"


def message_text(role: str, index: int, counter: int) -> str:
    """The text of message number `counter` of side `role` ("visitor" | "staff") of pair
    `index`."""
    return f"soak {role} {index} message {counter}"


_running: set[asyncio.Task[None]] = set()


def spawn(coro: Any) -> asyncio.Task[None]:
    """A background task kept referenced until it ends (the loop holds only weak references)."""
    task: asyncio.Task[None] = asyncio.get_running_loop().create_task(coro)
    _running.add(task)
    task.add_done_callback(_running.discard)
    return task


class Side:
    """One chat client (a widget or a console) of a pair, with the delivery rules of
    docs/protocol.md: outbox, rejoin from the last contiguous seq, gap watch."""

    def __init__(self, soak: Soak, pair: Pair, role: str, node: int) -> None:
        self.soak, self.pair, self.role, self.node = soak, pair, role, node
        self.namespace = "/visitor" if role == "visitor" else "/console"
        self.token = secrets.token_urlsafe(32)
        self.cookie = ""
        self.sock: SioSocket | None = None
        self.ready = asyncio.Event()  # connected and resumed
        self.lock = asyncio.Lock()  # one resume / flush at a time keeps the outbox in order
        self.held: dict[int, str | None] = {}  # seq -> client_id of every message held
        self.outbox: list[dict[str, Any]] = []
        self.created: list[str] = []  # client_ids of the messages this side wrote
        self.acked: dict[str, int] = {}  # client_id -> seq from the ack
        self.attempts = 0
        self.redelivered = 0  # message.new for a seq already held (harmless, de-duplicated)
        self.rejoins = Counter[str]()
        self.connects = 0
        self.errors = Counter[str]()
        self._gap_check: asyncio.Task[None] | None = None
        self.counter = 0

    # --- what arrives ---------------------------------------------------------------------

    def contiguous(self) -> int:
        seq = 0
        while seq + 1 in self.held:
            seq += 1
        return seq

    def _hold(self, msg: dict[str, Any]) -> None:
        if msg.get("conversation_id") != self.pair.conversation_id:
            return
        seq = int(msg["seq"])
        if seq in self.held:
            self.redelivered += 1
            return
        self.held[seq] = msg.get("client_id")

    def on_event(self, event: str, data: Any, _at: float) -> None:
        if event == "message.new" and isinstance(data, dict):
            self._hold(data)
            if int(data["seq"]) > self.contiguous() + 1 and (
                self._gap_check is None or self._gap_check.done()
            ):
                self._gap_check = spawn(self._watch_gap())
        elif event == "delivery.resync":
            self.rejoins["resync"] += 1
            spawn(self.resume())

    async def _watch_gap(self) -> None:
        await asyncio.sleep(GAP_WAIT)
        if max(self.held, default=0) > self.contiguous():
            self.rejoins["gap"] += 1
            await self.resume()

    # --- connection ---------------------------------------------------------------------------

    async def connect_once(self) -> None:
        url = self.soak.urls[self.node]
        if self.role == "visitor":
            sock = SioSocket(
                self.soak.http,
                url,
                "/visitor",
                auth={"token": self.token, "lang": "en", "site": "soak.example"},
                on_event=self.on_event,
            )
        else:
            sock = SioSocket(
                self.soak.http,
                url,
                "/console",
                headers={"Cookie": f"nr_session={self.cookie}"},
                on_event=self.on_event,
            )
        await sock.connect()
        self.sock = sock
        self.connects += 1
        if self.role == "staff":
            await self._ok("console.sync", {})

    async def run(self) -> None:
        """Keep connected until the soak ends: reconnect after every drop."""
        failures = 0
        while not self.soak.finished:
            try:
                if self.sock is None or self.sock.closed.is_set():
                    await self.connect_once()
                await self.resume()
                if self.sock is None or self.sock.closed.is_set():
                    raise SioError("dropped while rejoining")
                self.ready.set()
                failures = 0
                await self.sock.closed.wait()
            except (SioError, OSError, TimeoutError, RuntimeError) as exc:
                self.errors[f"connect:{type(exc).__name__}"] += 1
            except Exception as exc:  # aiohttp errors and the like: count, retry
                self.errors[f"connect:{type(exc).__name__}"] += 1
            self.ready.clear()
            if self.sock is not None:
                await self.sock.close()
            if self.soak.finished:
                break
            # socket.io-client's reconnection delay: 1 s doubling up to 5 s, randomized by half
            await asyncio.sleep(min(5.0, 2.0**failures) * random.uniform(0.5, 1.5))
            failures += 1
            self.node = random.randrange(len(self.soak.urls))

    def _give_up(self) -> None:
        """No answer on this socket: close it, the connection loop reconnects and resends."""
        if self.sock is not None:
            self.ready.clear()
            spawn(self.sock.close())

    def drop(self) -> None:
        """Lose the connection without a Socket.IO goodbye."""
        if self.sock is not None and self.ready.is_set():
            self.ready.clear()
            spawn(self.sock.close())

    async def _ok(self, event: str, data: Any) -> Any:
        assert self.sock is not None
        reply = await self.sock.call(event, data, timeout=CALL_TIMEOUT)
        if not (isinstance(reply, dict) and reply.get("ok")):
            raise RuntimeError(f"{event} failed: {reply}")
        return reply

    async def resume(self) -> None:
        """conversation.join with the last contiguous seq, then resend the outbox in order."""
        async with self.lock:
            if self.sock is None or self.sock.closed.is_set():
                return
            payload: dict[str, Any] = {
                "conversation_id": self.pair.conversation_id,
                "last_seq": self.contiguous(),
            }
            try:
                while True:  # up to 500 per reply: ask again from the last one
                    reply = await self._ok("conversation.join", payload)
                    msgs = reply["messages"]
                    for m in msgs:
                        self._hold(m)
                    if len(msgs) < 500:
                        break
                    payload["last_seq"] = self.contiguous()
            except (SioError, TimeoutError, RuntimeError) as exc:
                self.errors[f"join:{type(exc).__name__}"] += 1
                self._give_up()
                return
            await self._flush()

    async def flush(self) -> None:
        async with self.lock:
            await self._flush()

    async def _flush(self) -> None:
        while self.outbox and self.sock is not None and not self.sock.closed.is_set():
            item = self.outbox[0]
            self.attempts += 1
            try:
                reply = await self.sock.call("message.send", item, timeout=CALL_TIMEOUT)
            except (SioError, TimeoutError, OSError) as exc:
                self.errors[f"send:{type(exc).__name__}"] += 1
                self._give_up()
                return  # stays in the outbox: resent after the reconnect
            if isinstance(reply, dict) and reply.get("ok"):
                msg = reply["message"]
                self.acked[item["client_id"]] = int(msg["seq"])
                self._hold(msg)
                self.outbox.pop(0)
                continue
            code = (
                reply.get("error", {}).get("code", "?") if isinstance(reply, dict) else "no reply"
            )
            self.errors[f"send:{code}"] += 1
            if code in ("unavailable", "rate_limited"):
                return  # try again with the next write or rejoin
            self.outbox.pop(0)  # refused for good (would be a bug): counted, not resent
            self.soak.refused.append({"role": self.role, "code": code})

    def write(self) -> None:
        """Type one more message: into the outbox, sent at once when connected."""
        self.counter += 1
        client_id = f"s{self.pair.index:04d}{self.role[0]}{self.counter:06d}{secrets.token_hex(2)}"
        text = message_text(self.role, self.pair.index, self.counter)
        item: dict[str, Any] = {"client_id": client_id, "text": text}
        if self.role == "staff":
            item["conversation_id"] = self.pair.conversation_id
        self.outbox.append(item)
        self.created.append(client_id)
        if self.ready.is_set():
            spawn(self.flush())


class Pair:
    def __init__(self, soak: Soak, index: int) -> None:
        self.index = index
        self.conversation_id = ""
        nodes = len(soak.urls)
        # visitor and networker start on different nodes: every message crosses Redis
        self.visitor = Side(soak, self, "visitor", index % nodes)
        self.staff = Side(soak, self, "staff", (index + 1) % nodes)


class Soak:
    def __init__(self, urls: list[str], args: argparse.Namespace) -> None:
        self.urls = urls
        self.args = args
        self.finished = False
        self.refused: list[dict[str, Any]] = []
        self.pairs: list[Pair] = []
        self.drops = 0
        self.setup_retries: Counter[str] = Counter()
        self.tasks: list[asyncio.Task[None]] = []

    async def setup(self) -> None:
        self.http = http_session()
        sem = asyncio.Semaphore(8)
        self.pairs = [Pair(self, i) for i in range(self.args.pairs)]

        async def steps(p: Pair, done: set[str]) -> None:
            staff, visitor = p.staff, p.visitor
            if staff.sock is None or staff.sock.closed.is_set():
                staff.cookie = await staff_login(
                    self.http, self.urls[staff.node], f"soak{p.index:04d}", PASSWORD
                )
                await staff.connect_once()
            if "duty" not in done:
                await staff._ok("duty.start", {"capacity": 1, "auto_assign": False})
                done.add("duty")
            if visitor.sock is None or visitor.sock.closed.is_set():
                await visitor.connect_once()
                await visitor._ok("conversation.join", {"last_seq": 0})
            if "first" not in done:
                # the same client id on a retry: a resend, stored once
                first_id = f"s{p.index:04d}v{1:06d}first"
                first = await visitor._ok(
                    "message.send", {"client_id": first_id, "text": FIRST_TEXT}
                )
                visitor.counter = max(visitor.counter, 1)
                p.conversation_id = first["conversation"]["id"]
                if first_id not in visitor.acked:
                    visitor.created.append(first_id)
                visitor.acked[first_id] = int(first["message"]["seq"])
                visitor._hold(first["message"])
                done.add("first")
            if "take" not in done:
                try:
                    await staff._ok("queue.take", {"conversation_id": p.conversation_id})
                except RuntimeError:
                    # a retry after an answer that never came: taken by this networker already
                    if "take-tried" not in done:
                        raise
                done.add("take")
            # the connection loops (Side.run) take these sockets over: join, then keep them

        async def one(p: Pair) -> None:
            """Set a pair up; a socket lost on the way (a slow node under the set-up of
            hundreds of pairs) is reconnected and the remaining steps retried, as a client
            would."""
            done: set[str] = set()
            async with sem:
                for attempt in range(6):
                    try:
                        await steps(p, done)
                        return
                    except (SioError, OSError, TimeoutError, RuntimeError) as exc:
                        self.setup_retries[f"{type(exc).__name__}"] += 1
                        if attempt == 5:
                            raise
                        if "first" in done:
                            done.add("take-tried")
                        for side in (p.staff, p.visitor):
                            if side.sock is not None:
                                await side.sock.close()
                        await asyncio.sleep(1 + attempt)

        await asyncio.gather(*(one(p) for p in self.pairs))
        for p in self.pairs:
            for side in (p.visitor, p.staff):
                self.tasks.append(spawn(side.run()))
        await asyncio.wait_for(
            asyncio.gather(*(s.ready.wait() for p in self.pairs for s in (p.visitor, p.staff))),
            120,
        )

    def sides(self) -> list[Side]:
        return [s for p in self.pairs for s in (p.visitor, p.staff)]

    async def writer(self, side: Side, until: float) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(random.expovariate(1 / self.args.interval))
            if loop.time() >= until:
                return
            side.write()

    async def dropper(self, until: float) -> None:
        loop = asyncio.get_running_loop()
        sides = self.sides()
        if self.args.drops_per_minute <= 0:
            return
        while True:
            await asyncio.sleep(random.expovariate(self.args.drops_per_minute / 60))
            if loop.time() >= until:
                return
            side = random.choice(sides)
            if side.ready.is_set():
                self.drops += 1
                side.drop()

    async def drain(self, timeout: float) -> float:
        """After the chat: every outbox sent, then wait until each side holds every acked
        message of the other; returns the seconds it took."""
        loop = asyncio.get_running_loop()
        t0 = loop.time()
        deadline = t0 + timeout
        sides = self.sides()
        while loop.time() < deadline and any(s.outbox for s in sides):
            for s in sides:
                if s.outbox and s.ready.is_set() and not s.lock.locked():
                    spawn(s.flush())
            await asyncio.sleep(0.5)
        # a last message from each side, as a person would write: a hole before it is noticed
        # by the gap watch like any other
        for s in sides:
            s.write()
        while loop.time() < deadline:
            if all(not s.outbox for s in sides) and all(self._converged(p) for p in self.pairs):
                break
            for s in sides:
                if s.outbox and s.ready.is_set() and not s.lock.locked():
                    spawn(s.flush())
            await asyncio.sleep(0.5)
        return loop.time() - t0

    @staticmethod
    def _converged(p: Pair) -> bool:
        return set(p.visitor.acked.values()) <= set(p.staff.held) and set(
            p.staff.acked.values()
        ) <= set(p.visitor.held)

    def tally(self) -> dict[str, Any]:
        sent = acked = delivered = lost = duplicated = unacked = 0
        out_of_order = 0
        lost_examples: list[dict[str, Any]] = []
        for p in self.pairs:
            for writer_side, reader in ((p.visitor, p.staff), (p.staff, p.visitor)):
                sent += len(writer_side.created)
                acked += len(writer_side.acked)
                unacked += len(writer_side.outbox)
                for client_id, seq in writer_side.acked.items():
                    if reader.held.get(seq) == client_id:
                        delivered += 1
                    else:
                        lost += 1
                        if len(lost_examples) < 20:
                            lost_examples.append(
                                {"pair": p.index, "from": writer_side.role, "seq": seq}
                            )
            for side in (p.visitor, p.staff):
                ids = [c for c in side.held.values() if c is not None]
                duplicated += len(ids) - len(set(ids))
                # in order = held as seq 1..n without holes (clients order by seq)
                if sorted(side.held) != list(range(1, len(side.held) + 1)):
                    out_of_order += 1
        sides = self.sides()
        errors: Counter[str] = Counter()
        rejoins: Counter[str] = Counter()
        for s in sides:
            errors.update(s.errors)
            rejoins.update(s.rejoins)
        return {
            "sent": sent,
            "acknowledged": acked,
            "delivered": delivered,
            "lost": lost,
            "duplicated": duplicated,
            "unacknowledged_at_end": unacked,
            "clients_with_holes": out_of_order,
            "send_attempts": sum(s.attempts for s in sides),
            "redelivered_and_deduplicated": sum(s.redelivered for s in sides),
            "socket_drops": self.drops,
            "setup_retries": dict(self.setup_retries),
            "connects": sum(s.connects for s in sides),
            "rejoins": dict(rejoins),
            "refused": len(self.refused),
            "client_errors": dict(errors.most_common()),
            "lost_examples": lost_examples,
        }

    async def close(self) -> None:
        self.finished = True
        for s in self.sides():
            if s.sock is not None:
                await s.sock.close()
        for t in self.tasks:
            t.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        await self.http.close()


async def drive(
    args: argparse.Namespace, nodes: list[Proc], redis_srv: PrivateRedis
) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    soak = Soak([n.url for n in nodes], args)
    t_setup = loop.time()
    await soak.setup()
    print(f"{args.pairs} pairs connected in {loop.time() - t_setup:.0f} s", flush=True)
    start = loop.time()
    until = start + args.duration
    memory: list[dict[str, Any]] = []
    rss_start: list[int] | None = None
    redis_at = start + args.duration * args.redis_restart_at
    redis_event: dict[str, Any] = {}

    async def sample_memory() -> None:
        nonlocal rss_start
        while loop.time() < until:
            t = round(loop.time() - start, 1)
            memory.append({"t": t, "rss_kb": [rss_kb(n.pid) for n in nodes]})
            if rss_start is None and t >= args.warmup:
                rss_start = memory[-1]["rss_kb"]
            await asyncio.sleep(min(10.0, max(0.1, until - loop.time())))

    async def restart_redis() -> None:
        await asyncio.sleep(max(0.0, redis_at - loop.time()))
        redis_event["stopped_at_s"] = round(loop.time() - start, 1)
        redis_srv.stop()
        await asyncio.sleep(args.redis_down)
        await asyncio.to_thread(redis_srv.start)
        redis_event["started_at_s"] = round(loop.time() - start, 1)
        print(
            f"redis restarted: down from {redis_event['stopped_at_s']} s "
            f"to {redis_event['started_at_s']} s",
            flush=True,
        )

    async def progress() -> None:
        while loop.time() < until:
            await asyncio.sleep(min(args.progress, max(0.1, until - loop.time())))
            t = soak.tally()
            errors = dict(list(t["client_errors"].items())[:4])
            print(
                f"{loop.time() - start:6.0f} s: sent {t['sent']}, acked {t['acknowledged']}, "
                f"outboxes {t['unacknowledged_at_end']}, drops {t['socket_drops']}, "
                f"rss {[rss_kb(n.pid) // 1024 for n in nodes]} MiB, client errors {errors}",
                flush=True,
            )

    background = [
        loop.create_task(sample_memory()),
        loop.create_task(restart_redis()),
        loop.create_task(progress()),
        loop.create_task(soak.dropper(until)),
    ]
    writers = [loop.create_task(soak.writer(s, until)) for s in soak.sides()]
    await asyncio.gather(*writers, *background)
    rss_end = [rss_kb(n.pid) for n in nodes]
    memory.append({"t": round(loop.time() - start, 1), "rss_kb": rss_end})
    if rss_start is None:  # a run shorter than its warm-up: the first sample
        rss_start = memory[0]["rss_kb"]
    drain_s = await soak.drain(args.drain_timeout)
    tally = soak.tally()
    await soak.close()
    growth = [round((e - s) / s * 100, 1) for s, e in zip(rss_start, rss_end, strict=True)]
    return {
        **tally,
        "chat_seconds": args.duration,
        "messages_per_s": round(tally["acknowledged"] / max(1e-9, args.duration), 1),
        "drain_seconds": round(drain_s, 1),
        "redis_restart": redis_event,
        "rss_start_kb": rss_start,
        "rss_end_kb": rss_end,
        "rss_growth_percent": growth,
        "rss_peak_kb": [max(m["rss_kb"][i] for m in memory) for i in range(len(nodes))],
        "memory_samples": memory,
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--duration", type=float, default=1800.0, help="seconds of chat (30 min)")
    p.add_argument("--pairs", type=int, default=200)
    p.add_argument(
        "--interval", type=float, default=10.0, help="mean seconds between messages of one side"
    )
    p.add_argument("--warmup", type=float, default=120.0, help="seconds before memory 'start'")
    p.add_argument("--drops-per-minute", type=float, default=30.0, help="random socket drops")
    p.add_argument(
        "--redis-restart-at", type=float, default=0.5, help="when, as a fraction of the run"
    )
    p.add_argument("--redis-down", type=float, default=3.0, help="seconds Redis stays down")
    p.add_argument("--drain-timeout", type=float, default=60.0)
    p.add_argument("--progress", type=float, default=60.0, help="seconds between progress lines")
    p.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/test")
    p.add_argument("--name", default="soak", help="results file name in bench/results/")
    p.add_argument(
        "--node0-env",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="environment for the first node only (an A/B comparison within one run, e.g. "
        "MALLOC_ARENA_MAX=2); repeatable",
    )
    args = p.parse_args(argv)
    raise_nofile()
    workdir = temp_workdir("soak")
    redis_srv = PrivateRedis(workdir)
    redis_srv.start()
    backend = Backend.create("pg", workdir, args.pg_url, redis_srv.url)
    nodes: list[Proc] = []
    load_before = [round(x, 2) for x in __import__("os").getloadavg()]
    t0 = time.time()
    try:
        backend.migrate()
        backend.create_staff([f"soak{i:04d}" for i in range(args.pairs)])
        # a loaded machine can take more than the default 30 s to start a node
        node0_env = dict(kv.split("=", 1) for kv in args.node0_env)
        nodes = [
            netreach_proc(backend, **(node0_env if i == 0 else {})).start(timeout=120)
            for i in range(2)
        ]
        figures = asyncio.run(drive(args, nodes, redis_srv))
        crashed = [n.port for n in nodes if n.proc is not None and n.proc.poll() is not None]
    finally:
        for n in nodes:
            n.stop()
        redis_srv.stop()
        backend.close()
    load_after = [round(x, 2) for x in __import__("os").getloadavg()]
    results: dict[str, Any] = {
        "benchmark": "soak",
        "params": {k: v for k, v in vars(args).items() if k not in ("pg_url", "name")},
        "nodes": 2,
        "backend": "PostgreSQL + private redis-server, two netreach nodes",
        "wall_seconds": round(time.time() - t0, 1),
        "load_average_before": load_before,
        "load_average_after": load_after,
        "nodes_crashed": crashed,
        **figures,
    }
    ok = (
        figures["lost"] == 0
        and figures["duplicated"] == 0
        and figures["unacknowledged_at_end"] == 0
        and max(figures["rss_growth_percent"]) < 10
    )
    results["targets_met"] = ok
    mib = [
        f"{s // 1024} → {e // 1024} MiB ({g:+.1f} %)"
        for s, e, g in zip(
            figures["rss_start_kb"],
            figures["rss_end_kb"],
            figures["rss_growth_percent"],
            strict=True,
        )
    ]
    lines = [
        f"{args.duration / 60:g} min of chat, {args.pairs} visitor/networker pairs (visitor and "
        f"networker start on different nodes; reconnects go to either node), one message per side "
        f"every {args.interval:g} s on average, PostgreSQL + two nodes + a private redis-server.",
        "",
        "| sent | acknowledged | delivered | lost | duplicated | unacked at end |",
        "|---|---|---|---|---|---|",
        f"| {figures['sent']} | {figures['acknowledged']} | {figures['delivered']} | "
        f"**{figures['lost']}** | **{figures['duplicated']}** | {figures['unacknowledged_at_end']} |",
        "",
        f"- socket drops: {figures['socket_drops']} (reconnects: {figures['connects']}); "
        f"rejoins by cause: {json.dumps(figures['rejoins'])}; send attempts {figures['send_attempts']} "
        f"(resends included); deliveries de-duplicated by seq: {figures['redelivered_and_deduplicated']}; "
        f"set-up steps retried after a lost socket: {json.dumps(figures.get('setup_retries', {}))}",
        f"- Redis restarted once: down from {figures['redis_restart'].get('stopped_at_s')} s to "
        f"{figures['redis_restart'].get('started_at_s')} s (empty on return, new run id)",
        f"- node memory (VmRSS, after {args.warmup:g} s warm-up → end of chat): {'; '.join(mib)}; "
        "target growth < 10 %",
        f"- drain after the chat (outboxes, a last message each side, convergence): "
        f"{figures['drain_seconds']} s",
        f"- load average before / after: {load_before} / {load_after} (the machine is shared: "
        "other work ran on the same 2 cores during the run)",
        f"- targets (0 lost, 0 duplicated, memory growth < 10 %): **{'met' if ok else 'NOT met'}**",
    ]
    write_results(args.name, results, lines)
    print("\n".join(lines))
    return results


if __name__ == "__main__":
    main()
