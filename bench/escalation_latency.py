"""Time from a visitor's crisis message (emit) to the supervisor's alert (escalation.new).

Runs a real `netreach serve` process on the embedded default (or DATABASE_URL/REDIS_URL when
given), a supervisor console socket and visitors that each write one crisis message at a light,
steady rate. Prints p50/p95/p99 and records them in bench/results/escalation_latency.{json,md}.
Target (issue 5): p99 under 100 ms on one node under light load.

    .venv/bin/python bench/escalation_latency.py [--samples 200] [--rate 10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import socketio

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PASSWORD = "bench password 123"
CRISIS = "nie chce juz zyc, mam tabletki i zrobie to dzis"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


async def login(url: str, username: str) -> str:
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar) as http:
        async with http.get(f"{url}/login") as r:
            r.raise_for_status()
        csrf = next(c.value for c in jar if c.key == "nr_csrf")
        async with http.post(f"{url}/login", data={"username": username, "password": PASSWORD, "csrf_token": csrf}, allow_redirects=False) as r:
            if r.status != 302:
                raise SystemExit(f"login failed: {r.status}")
            return r.cookies["nr_session"].value


async def measure(url: str, samples: int, rate: float) -> list[float]:
    cookie = await login(url, "marta")
    supervisor = socketio.AsyncClient()
    arrived: dict[str, float] = {}
    waiting: dict[str, asyncio.Future[float]] = {}

    @supervisor.on("escalation.new", namespace="/console")
    async def on_alert(data: dict) -> None:
        now = time.perf_counter()
        fut = waiting.pop(data["conversation_id"], None)
        if fut is not None and not fut.done():
            fut.set_result(now)
        arrived[data["conversation_id"]] = now

    await supervisor.connect(url, headers={"Cookie": f"nr_session={cookie}"}, transports=["websocket"], namespaces=["/console"])
    latencies: list[float] = []
    try:
        for i in range(samples):
            visitor = socketio.AsyncClient()
            await visitor.connect(url, auth={"token": secrets.token_urlsafe(32), "lang": "pl"}, transports=["websocket"], namespaces=["/visitor"])
            loop = asyncio.get_running_loop()
            started = time.perf_counter()
            reply = await visitor.call("message.send", {"client_id": secrets.token_urlsafe(12), "text": CRISIS}, namespace="/visitor", timeout=10)
            if not reply.get("ok"):
                raise SystemExit(f"send failed: {reply}")
            cid = reply["conversation"]["id"]
            if cid in arrived:
                done_at = arrived[cid]
            else:
                fut: asyncio.Future[float] = loop.create_future()
                waiting[cid] = fut
                done_at = await asyncio.wait_for(fut, 10)
            latencies.append((done_at - started) * 1000)
            await visitor.disconnect()
            await asyncio.sleep(max(0.0, 1.0 / rate - (time.perf_counter() - started)))
            if (i + 1) % 50 == 0:
                print(f"  {i + 1}/{samples}", flush=True)
    finally:
        await supervisor.disconnect()
    return latencies


def git_commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--rate", type=float, default=10.0, help="crisis messages per second (light load)")
    parser.add_argument("--no-record", action="store_true", help="print only, do not write bench/results")
    args = parser.parse_args()

    scratch = None
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        # a scratch database beside the given one, dropped afterwards
        scratch = f"netreach_bench_{os.getpid()}"
        base = os.environ["DATABASE_URL"]
        admin = base.replace("postgresql+asyncpg://", "postgresql://")
        subprocess.run(["psql", admin, "-qc", f'CREATE DATABASE "{scratch}"'], check=True)
        os.environ["DATABASE_URL"] = base.rsplit("/", 1)[0] + "/" + scratch
    try:
        return await run(args)
    finally:
        if scratch:
            subprocess.run(["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'], check=False)


async def run(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("NETREACH_")}
        env.update({"PORT": str(port), "HOST": "127.0.0.1", "NETREACH_VAR_DIR": tmp, "NETREACH_VISITOR_RATE": "1000/1"})
        backend = "PostgreSQL + Redis" if env.get("DATABASE_URL") and env.get("REDIS_URL") else "SQLite, in-process bus"
        cli = [sys.executable, "-m", "server.cli"]
        subprocess.run([*cli, "migrate"], env=env, check=True, capture_output=True, cwd=ROOT)
        subprocess.run([*cli, "create-user", "marta", "--role", "supervisor", "--password-stdin"], env=env, input=f"{PASSWORD}\n", text=True, check=True, capture_output=True, cwd=ROOT)
        with open(Path(tmp) / "server.log", "wb") as log:
            proc = subprocess.Popen([*cli, "serve"], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        url = f"http://127.0.0.1:{port}"
        try:
            async with aiohttp.ClientSession() as http:
                for _ in range(100):
                    try:
                        async with http.get(f"{url}/healthz") as r:
                            if r.status == 200:
                                break
                    except aiohttp.ClientError:
                        pass
                    await asyncio.sleep(0.1)
            print(f"escalation latency: {args.samples} crisis messages at {args.rate}/s on {backend}")
            latencies = await measure(url, args.samples, args.rate)
        finally:
            proc.terminate()
            proc.wait(10)

    result = {
        "benchmark": "escalation_latency",
        "what": "visitor emit of a crisis message -> supervisor socket receives escalation.new",
        "backend": backend,
        "samples": len(latencies),
        "rate_per_second": args.rate,
        "p50_ms": round(statistics.median(latencies), 2),
        "p95_ms": round(percentile(latencies, 95), 2),
        "p99_ms": round(percentile(latencies, 99), 2),
        "max_ms": round(max(latencies), 2),
        "target_p99_ms": 100,
        "target_met": percentile(latencies, 99) < 100,
        "machine": f"{platform.machine()} {os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}",
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": git_commit(),
    }
    print(json.dumps(result, indent=2))
    if not args.no_record:
        RESULTS.mkdir(parents=True, exist_ok=True)
        slug = "escalation_latency" if backend.startswith("SQLite") else "escalation_latency_pg_redis"
        (RESULTS / f"{slug}.json").write_text(json.dumps(result, indent=2) + "\n")
        (RESULTS / f"{slug}.md").write_text(
            f"# Escalation latency ({backend})\n\n"
            f"{result['date']}, commit {result['commit']}, {result['machine']}\n\n"
            f"Visitor emits a crisis message → supervisor's socket receives `escalation.new`; "
            f"{result['samples']} messages at {args.rate}/s.\n\n"
            f"| p50 | p95 | p99 | max | target p99 |\n|---|---|---|---|---|\n"
            f"| {result['p50_ms']} ms | {result['p95_ms']} ms | {result['p99_ms']} ms | {result['max_ms']} ms | < 100 ms ({'met' if result['target_met'] else 'MISSED'}) |\n"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
