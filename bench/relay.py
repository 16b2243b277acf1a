"""Relay benchmark: N visitor/networker pairs chat through the full netreach stack (validation,
moderation, persistence, ack, delivery), measured against a bare python-socketio relay (same
transport, no database, no moderation) on the same machine, in the same run.

Phases, for each target:
  max     every socket sends its next message as soon as the previous one is acked
          (closed loop): messages/s delivered, and the latency at that load
  paced   a fixed total rate (default 500 messages/s), alternating sides, sent on schedule
          whatever the acks do (open loop): p50/p95/p99 end-to-end latency, measured from
          the scheduled send to delivery on the other side

Targets: bare relay, netreach on the embedded default (SQLite, in-process bus), and netreach on
PostgreSQL + Redis. Each netreach target is one server process. The load comes from
--client-procs processes of bench/sioclient.py raw websocket clients.

    .venv/bin/python bench/relay.py                      # all targets, defaults
    .venv/bin/python bench/relay.py --targets bare,embedded --duration 3
    .venv/bin/python bench/relay.py --targets embedded --profile /tmp/relay.txt  # py-spy stacks

Instructions per message (`--callgrind DIR`): the netreach server runs under valgrind's
callgrind with instrumentation off, switched on for the measured part of the saturated phase
only; the figure is the instructions executed by every thread of the server in that window
divided by the messages delivered in it. Unlike msg/s it does not move with the machine's
load or its fast and slow spells (bench/results/relay-recut-series.md), so two commits can be
compared on a shared machine; the server runs ~50x slower, so use few pairs and a long phase.
The server's periodic work keeps its pace under callgrind, so it weighs ~50x more per message
than in a real run: right after the saturated phase the server is measured for as long again
with the sockets connected and idle, and the figure is also given net of that work.

    .venv/bin/python bench/relay.py --targets embedded --pairs 20 --warmup 3 --duration 20 \
        --callgrind /tmp/cg --name relay-callgrind
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import secrets
import shlex
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import contextlib

from bench.common import (
    PASSWORD,
    Backend,
    bare_proc,
    cpu_split,
    fmt_ms,
    latency_summary,
    netreach_proc,
    raise_nofile,
    rss_kb,
    temp_workdir,
    write_results,
)
from bench.sioclient import SioSocket, http_session, staff_login

TEXTS = (
    "Hi, I wanted to ask where I can get tested this week, is it anonymous?",
    "Thanks, that helps. Do I need an appointment or can I just walk in?",
    "My friend told me about this chat, I am not sure how it works.",
    "Is there someone who speaks English at the legal advice place?",
    "OK, I will think about it and write again tomorrow evening.",
)


# --- the load generator (one or more worker processes) ----------------------------------------


class Pair:
    def __init__(self, index: int) -> None:
        self.index = index
        self.visitor: SioSocket | None = None
        self.staff: SioSocket | None = None
        self.conversation_id = ""
        # how many messages each side sent: its next text (visitor, networker)
        self.texts = {True: 0, False: 0}


class Worker:
    def __init__(self, url: str, mode: str, indexes: list[int], wid: int) -> None:
        self.url, self.mode, self.wid = url, mode, wid
        self.pairs = [Pair(i) for i in indexes]
        self.sent: dict[str, float] = {}
        self.latencies: list[float] = []
        self.delivered = 0
        self.window = (0.0, 0.0)
        self.errors: Counter[str] = Counter()
        self.counter = 0

    def _on_event(self, side: str) -> Any:
        def handler(event: str, data: Any, at: float) -> None:
            if event != "message.new" or not isinstance(data, dict):
                return
            if data.get("sender") == side:
                return  # the echo of our own message to our other tabs
            t = self.sent.pop(data.get("client_id") or "", None)
            if t is None:
                return
            if self.window[0] <= t and at <= self.window[1]:
                self.delivered += 1
                self.latencies.append(at - t)

        return handler

    async def setup(self) -> None:
        self.http = http_session()
        sem = asyncio.Semaphore(8)

        async def one(p: Pair) -> None:
            async with sem:
                if self.mode == "bare":
                    p.conversation_id = f"p{p.index}"
                    p.visitor = await SioSocket(
                        self.http,
                        self.url,
                        "/visitor",
                        auth={"pair": p.conversation_id},
                        on_event=self._on_event("visitor"),
                    ).connect()
                    p.staff = await SioSocket(
                        self.http,
                        self.url,
                        "/console",
                        auth={"pair": p.conversation_id},
                        on_event=self._on_event("staff"),
                    ).connect()
                    return
                cookie = await staff_login(self.http, self.url, f"bench{p.index:04d}", PASSWORD)
                p.staff = await SioSocket(
                    self.http,
                    self.url,
                    "/console",
                    headers={"Cookie": f"nr_session={cookie}"},
                    on_event=self._on_event("staff"),
                ).connect()
                await self._ok(p.staff, "console.sync", {})
                await self._ok(p.staff, "duty.start", {"capacity": 1, "auto_assign": False})
                p.visitor = await SioSocket(
                    self.http,
                    self.url,
                    "/visitor",
                    auth={
                        "token": secrets.token_urlsafe(32),
                        "lang": "en",
                        "site": "bench.example",
                    },
                    on_event=self._on_event("visitor"),
                ).connect()
                await self._ok(p.visitor, "conversation.join", {"last_seq": 0})
                first = await self._ok(
                    p.visitor,
                    "message.send",
                    {"client_id": secrets.token_urlsafe(9), "text": "Hello, is anyone there?"},
                )
                p.conversation_id = first["conversation"]["id"]
                await self._ok(p.staff, "queue.take", {"conversation_id": p.conversation_id})
                await self._ok(
                    p.staff,
                    "conversation.join",
                    {"conversation_id": p.conversation_id, "last_seq": 0},
                )

        await asyncio.gather(*(one(p) for p in self.pairs))

    async def _ok(self, sock: SioSocket, event: str, data: Any) -> Any:
        reply = await sock.call(event, data)
        if not (isinstance(reply, dict) and reply.get("ok")):
            raise RuntimeError(f"{event} failed: {reply}")
        return reply

    async def _send(self, p: Pair, from_visitor: bool, at: float) -> None:
        self.counter += 1
        cid = f"w{self.wid}-{self.counter:07d}-{p.index}"
        # each side says the five texts in turn: a visitor's recent messages, which the crisis
        # detector reads with each new one, are always five different sentences (as people
        # write; with one counter for every socket the sentences a conversation got, and so
        # the cost of reading them, changed from run to run with the order of the sockets)
        p.texts[from_visitor] += 1
        text = f"{TEXTS[p.texts[from_visitor] % len(TEXTS)]} ({self.counter})"
        self.sent[cid] = at
        try:
            if from_visitor:
                assert p.visitor is not None
                reply = await p.visitor.call("message.send", {"client_id": cid, "text": text})
            else:
                assert p.staff is not None
                reply = await p.staff.call(
                    "message.send",
                    {"conversation_id": p.conversation_id, "client_id": cid, "text": text},
                )
        except Exception as exc:  # counted, not fatal
            self.errors[type(exc).__name__] += 1
            self.sent.pop(cid, None)
            return
        if not (isinstance(reply, dict) and reply.get("ok")):
            code = (
                (reply or {}).get("error", {}).get("code", "?") if isinstance(reply, dict) else "?"
            )
            self.errors[code] += 1
            self.sent.pop(cid, None)

    def _reset(self, start: float, end: float) -> None:
        self.sent.clear()
        self.latencies = []
        self.delivered = 0
        self.errors = Counter()
        self.window = (start, end)

    async def phase_max(self, start: float, warmup: float, duration: float) -> dict[str, Any]:
        self._reset(start + warmup, start + warmup + duration)
        stop = start + warmup + duration

        async def loop(p: Pair, from_visitor: bool) -> None:
            while time.monotonic() < stop:
                await self._send(p, from_visitor, time.monotonic())

        await asyncio.sleep(max(0.0, start - time.monotonic()))
        await asyncio.gather(*(loop(p, side) for p in self.pairs for side in (True, False)))
        await asyncio.sleep(0.5)
        return self._result()

    async def phase_paced(
        self, start: float, warmup: float, duration: float, rate: float
    ) -> dict[str, Any]:
        """Open loop: message k is due at start + k/rate; latency counts from when it was due."""
        self._reset(start + warmup, start + warmup + duration)
        stop = start + warmup + duration
        tasks: set[asyncio.Task[None]] = set()
        k = 0
        n = len(self.pairs)
        max_lag = 0.0
        while True:
            due = start + k / rate
            if due >= stop:
                break
            now = time.monotonic()
            if due > now:
                await asyncio.sleep(due - now)
            else:
                max_lag = max(max_lag, now - due)
            p = self.pairs[k % n]
            t = asyncio.get_running_loop().create_task(self._send(p, (k // n) % 2 == 0, due))
            tasks.add(t)
            t.add_done_callback(tasks.discard)
            k += 1
        await asyncio.sleep(1.0)
        if tasks:
            await asyncio.wait(tasks, timeout=10)
        result = self._result()
        result["generator_max_lag_ms"] = round(max_lag * 1000, 1)
        return result

    def _result(self) -> dict[str, Any]:
        return {
            "delivered": self.delivered,
            "latencies": self.latencies,
            "errors": dict(self.errors),
            "undelivered": len(self.sent),
        }

    async def close(self) -> None:
        for p in self.pairs:
            for s in (p.visitor, p.staff):
                if s is not None:
                    await s.close()
        await self.http.close()


def worker_main(conn: Any, url: str, mode: str, indexes: list[int], wid: int) -> None:
    raise_nofile()

    async def run() -> None:
        w = Worker(url, mode, indexes, wid)
        try:
            await w.setup()
        except Exception as exc:  # reported to the parent
            conn.send(("error", repr(exc)))
            await w.close()
            return
        conn.send(("ready", None))
        loop = asyncio.get_running_loop()
        while True:
            msg = await loop.run_in_executor(None, conn.recv)
            if msg[0] == "quit":
                break
            _, name, params = msg
            if name == "max":
                result = await w.phase_max(**params)
            else:
                result = await w.phase_paced(**params)
            conn.send(("result", result))
        await w.close()

    asyncio.run(run())


class Load:
    """--client-procs worker processes sharing the pairs."""

    def __init__(self, url: str, mode: str, pairs: int, procs: int) -> None:
        ctx = mp.get_context("spawn")
        self.conns = []
        self.procs = []
        for wid in range(procs):
            parent, child = ctx.Pipe()
            indexes = list(range(wid, pairs, procs))
            p = ctx.Process(target=worker_main, args=(child, url, mode, indexes, wid), daemon=True)
            p.start()
            self.conns.append(parent)
            self.procs.append(p)
        for c in self.conns:
            kind, detail = c.recv()
            if kind != "ready":
                self.close()
                raise RuntimeError(f"load generator setup failed: {detail}")

    def run(self, name: str, **params: Any) -> dict[str, Any]:
        start = time.monotonic() + 0.5
        for c in self.conns:
            p = dict(params, start=start)
            if name == "paced":
                p["rate"] = params["rate"] / len(self.conns)
            c.send(("phase", name, p))
        merged: dict[str, Any] = {
            "delivered": 0,
            "latencies": [],
            "errors": Counter(),
            "undelivered": 0,
            "generator_max_lag_ms": 0.0,
        }
        for c in self.conns:
            _, r = c.recv()
            merged["delivered"] += r["delivered"]
            merged["latencies"] += r["latencies"]
            merged["errors"].update(r["errors"])
            merged["undelivered"] += r["undelivered"]
            merged["generator_max_lag_ms"] = max(
                merged["generator_max_lag_ms"], r.get("generator_max_lag_ms", 0.0)
            )
        merged["errors"] = dict(merged["errors"])
        return merged

    def close(self) -> None:
        for c in self.conns:
            with contextlib.suppress(BrokenPipeError, OSError):
                c.send(("quit",))
        for p in self.procs:
            p.join(15)
            if p.is_alive():
                p.kill()


# --- running one target ---------------------------------------------------------------------


def measure(
    url: str, mode: str, server_pids: list[int], args: argparse.Namespace
) -> dict[str, Any]:
    t0 = time.monotonic()
    load = Load(url, mode, args.pairs, args.client_procs)
    setup_s = time.monotonic() - t0
    out: dict[str, Any] = {
        "pairs": args.pairs,
        "client_procs": args.client_procs,
        "setup_seconds": round(setup_s, 2),
    }
    try:
        for name in ("max", "paced"):
            user0, sys0 = server_cpu(server_pids)
            w0 = time.monotonic()
            if name == "max":
                spy = profiler(args, mode, server_pids)
                try:
                    r = load.run("max", warmup=args.warmup, duration=args.duration)
                finally:
                    if spy is not None:
                        spy.wait(timeout=args.duration + 120)
            else:
                r = load.run("paced", warmup=args.warmup, duration=args.duration, rate=args.rate)
            wall = time.monotonic() - w0
            user1, sys1 = server_cpu(server_pids)
            cpu, system = user1 - user0 + sys1 - sys0, sys1 - sys0
            idle = (
                callgrind_idle(args, server_pids[0])
                if name == "max" and args.callgrind and mode == "netreach"
                else None
            )
            out[name] = {
                "messages_per_s": round(r["delivered"] / args.duration, 1),
                "latency": latency_summary(r["latencies"]),
                "errors": r["errors"],
                "undelivered": r["undelivered"],
                "server_cpu_percent": round(100 * cpu / wall, 1),
                # of which in the kernel (socket writes, SQLite's file I/O): callgrind's
                # instruction counts leave it out
                "server_cpu_system_percent": round(100 * system / wall, 1),
                **(
                    {
                        "instructions_per_message": instructions_per_message(args, r["delivered"]),
                        "idle_instructions_per_s": idle,
                        "instructions_per_message_net": instructions_per_message(
                            args, r["delivered"], idle
                        ),
                    }
                    if name == "max" and args.callgrind and mode == "netreach"
                    else {}
                ),
                **(
                    {"target_rate": args.rate, "generator_max_lag_ms": r["generator_max_lag_ms"]}
                    if name == "paced"
                    else {}
                ),
            }
            ipm = out[name].get("instructions_per_message")
            net = out[name].get("instructions_per_message_net")
            print(
                f"  {name:6s} {out[name]['messages_per_s']:8.1f} msg/s  {fmt_ms(out[name]['latency'])}  server CPU {out[name]['server_cpu_percent']}%  errors {r['errors'] or 0}"
                + (f"  instructions/message {ipm:,}" if ipm else "")
                + (f" ({net:,} net of idle work)" if net else ""),
                flush=True,
            )
    finally:
        load.close()
    out["server_rss_mb"] = round(sum(rss_kb(p) for p in server_pids) / 1024, 1)
    return out


def callgrind_wrap(args: argparse.Namespace, kind: str) -> list[str]:
    """The valgrind command the server runs under with --callgrind DIR (instrumentation off
    until `profiler` switches it on; its vgdb files and its dump in DIR), else []."""
    if not args.callgrind:
        return []
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        raise SystemExit("--callgrind needs valgrind (apt-get install -y valgrind)")
    d = Path(args.callgrind)
    d.mkdir(parents=True, exist_ok=True)
    for old in d.glob(f"relay-{kind}.*"):
        old.unlink()
    args._callgrind_out = d / f"relay-{kind}.out"
    return [
        "valgrind",
        "--tool=callgrind",
        "--instr-atstart=no",
        f"--vgdb-prefix={d / 'vgdb'}",
        f"--callgrind-out-file={args._callgrind_out}",
    ]


def server_cpu(pids: list[int]) -> tuple[float, float]:
    """(user, system) CPU seconds the server processes `pids` used so far, each read once."""
    splits = [cpu_split(p) for p in pids]
    return sum(u for u, _ in splits), sum(s for _, s in splits)


def _dumped_instructions(args: argparse.Namespace, n: int) -> int | None:
    """The instructions of callgrind's dump number `n` of this run; None when not written."""
    dump = Path(f"{args._callgrind_out}.{n}")
    if not dump.exists():
        return None
    for line in dump.read_text(errors="replace").splitlines():
        if line.startswith(("totals:", "summary:")):
            return int(line.split()[1])
    return None


def instructions_per_message(
    args: argparse.Namespace, delivered: int, idle_per_s: int | None = None
) -> int | None:
    """Instructions (callgrind's Ir, every thread of the server) of the measured window of
    the saturated phase divided by the messages delivered in it; None when nothing was
    delivered or no dump was written. With `idle_per_s` (`callgrind_idle`): net of the work
    the server does anyway in that many seconds (timers: presence, session checks, the
    tick). Under callgrind the server relays ~50x fewer messages per second while its timers
    keep their pace, so that work weighs ~50x more per message than in a real run: two
    versions with different periodic work compare only net of it."""
    total = _dumped_instructions(args, 1)
    if not delivered or total is None:
        return None
    if idle_per_s is not None:
        total -= round(idle_per_s * args.duration)
    return round(total / delivered)


def callgrind_idle(args: argparse.Namespace, pid: int) -> int | None:
    """Instructions per second the server under callgrind executes with every socket of the
    load connected and nothing sent (right after the saturated phase, for --duration
    seconds): its periodic work. None when the dump was not written."""
    ctl = ["callgrind_control", f"--vgdb-prefix={Path(args.callgrind) / 'vgdb'}"]
    env = {**os.environ, "HOST": "127.0.0.1"}  # as in `profiler`

    def control(*step: str) -> None:
        subprocess.run([*ctl, *step, str(pid)], env=env, capture_output=True, check=False)

    time.sleep(3.0)  # the last messages of the phase (the server is ~50x slower)
    control("-z")
    control("-i", "on")
    time.sleep(args.duration)
    control("-d")
    control("-i", "off")
    total = _dumped_instructions(args, 2)
    return None if total is None else round(total / args.duration)


def profiler(
    args: argparse.Namespace, mode: str, server_pids: list[int]
) -> subprocess.Popen[bytes] | None:
    """With --profile FILE: py-spy (--py-spy, default `py-spy` on PATH) records the netreach
    server's threads at 200 Hz for the measured part of the saturated phase (it starts after
    the phase's start offset and warm-up), as raw folded stacks in FILE; one server process,
    and the bare relay is never profiled. With --callgrind: callgrind's counters are zeroed
    and its instrumentation switched on for that window, then dumped (`instructions_per_message`).
    None otherwise."""
    if mode != "netreach":
        return None
    # Load.run starts the phase 0.5 s after it is called; the warm-up is not measured
    delay = 0.5 + args.warmup
    if args.callgrind:
        ctl = ["callgrind_control", f"--vgdb-prefix={Path(args.callgrind) / 'vgdb'}"]
        pid = str(server_pids[0])
        steps = [
            shlex.join([*ctl, "-z", pid]),
            shlex.join([*ctl, "-i", "on", pid]),
            f"sleep {args.duration}",
            shlex.join([*ctl, "-d", pid]),
            shlex.join([*ctl, "-i", "off", pid]),
        ]
        # vgdb names its files after the environment's HOST, which the server gets from Backend
        return subprocess.Popen(
            ["sh", "-c", f"sleep {delay}; " + " && ".join(steps)],
            env={**os.environ, "HOST": "127.0.0.1"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    if not args.profile:
        return None
    spy = [
        args.py_spy,
        *("record", "-r", "200", "-f", "raw", "--threads", "-o", args.profile),
        *("-d", str(max(1, int(args.duration))), "--pid", str(server_pids[0])),
    ]
    return subprocess.Popen(
        ["sh", "-c", f"sleep {delay}; exec {shlex.join(spy)}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def run_netreach(kind: str, args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    (workdir / kind).mkdir(parents=True)
    backend = Backend.create(kind, workdir / kind, args.pg_url, args.redis_url)
    proc = None
    try:
        backend.migrate()
        backend.create_staff([f"bench{i:04d}" for i in range(args.pairs)])
        wrap = callgrind_wrap(args, kind)
        proc = netreach_proc(backend, wrap=wrap).start(timeout=600 if wrap else 30)
        return measure(proc.url, "netreach", [proc.pid], args)
    finally:
        if proc is not None:
            proc.stop()
        backend.close()


def main(argv: list[str] | None = None) -> dict[str, Any]:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--pairs", type=int, default=100, help="visitor/networker pairs (default 100)")
    p.add_argument(
        "--duration", type=float, default=6.0, help="seconds measured per phase (default 6)"
    )
    p.add_argument("--warmup", type=float, default=1.0, help="seconds before measuring (default 1)")
    p.add_argument(
        "--rate", type=float, default=500.0, help="messages/s of the paced phase (default 500)"
    )
    p.add_argument(
        "--client-procs", type=int, default=1, help="load generator processes (default 1)"
    )
    p.add_argument("--targets", default="bare,embedded,pg", help="comma list of bare, embedded, pg")
    p.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/test")
    p.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    p.add_argument("--name", default="relay", help="results file name (bench/results/NAME.json)")
    p.add_argument(
        "--profile",
        metavar="FILE",
        help="record the netreach server with py-spy during the saturated phase (raw stacks)",
    )
    p.add_argument("--py-spy", default="py-spy", help="the py-spy executable (default: on PATH)")
    p.add_argument(
        "--callgrind",
        metavar="DIR",
        help="run the netreach server under valgrind's callgrind and report its instructions "
        "per message in the saturated phase (dumps in DIR; see the module docstring)",
    )
    args = p.parse_args(argv)
    raise_nofile()
    targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    workdir = temp_workdir("relay")
    results: dict[str, Any] = {
        "benchmark": "relay",
        "params": {
            k: v
            for k, v in vars(args).items()
            if k not in ("pg_url", "redis_url") and not k.startswith("_")
        },
        "targets": {},
    }
    for target in targets:
        print(f"{target}:", flush=True)
        if target == "bare":
            proc = bare_proc(workdir).start()
            try:
                results["targets"]["bare"] = measure(proc.url, "bare", [proc.pid], args)
            finally:
                proc.stop()
        else:
            try:
                results["targets"][target] = run_netreach(target, args, workdir)
            except Exception as exc:  # e.g. PostgreSQL not running: say so, go on
                print(f"  skipped: {exc}", flush=True)
                results["targets"][target] = {"error": repr(exc)}
    summary = summarize(results)
    write_results(args.name, results, summary)
    print("\n".join(summary))
    return results


def summarize(results: dict[str, Any]) -> list[str]:
    t = results["targets"]
    lines = [
        "| target | max msg/s | latency at max | paced msg/s | paced p50 / p95 / p99 | server CPU (max) | RSS |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, r in t.items():
        if "max" not in r:
            lines.append(f"| {name} | error: {r.get('error')} | | | | | |")
            continue
        pl = r["paced"]["latency"]
        lines.append(
            f"| {name} | {r['max']['messages_per_s']} | {fmt_ms(r['max']['latency'])} | {r['paced']['messages_per_s']} | "
            f"{pl.get('p50_ms')} / {pl.get('p95_ms')} / {pl.get('p99_ms')} ms | {r['max']['server_cpu_percent']}% | {r['server_rss_mb']} MB |"
        )
    bare = t.get("bare", {}).get("max", {}).get("messages_per_s")
    lines.append("")
    for name in ("embedded", "pg"):
        r = t.get(name, {})
        if bare and "max" in r:
            ratio = r["max"]["messages_per_s"] / bare
            r["ratio_to_bare"] = round(ratio, 3)
            p99 = r["paced"]["latency"].get("p99_ms")
            lines.append(
                f"- {name}: throughput ratio to the bare relay **{ratio:.2f}** (target ≥ 0.5: {'met' if ratio >= 0.5 else 'NOT met'}); "
                f"p99 at {results['params']['rate']:.0f} msg/s **{p99} ms** (target < 50 ms: {'met' if p99 is not None and p99 < 50 else 'NOT met'})"
            )
    lines.append(
        f"- {results['params']['pairs']} pairs, {results['params']['duration']} s per phase, {results['params']['client_procs']} load-generator process(es) of raw websocket clients; one server process per target."
    )
    return lines


if __name__ == "__main__":
    main()
