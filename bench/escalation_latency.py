"""Time from a visitor's crisis message (emit) to the supervisor's alert (escalation.new).

A real `netreach serve` process (embedded default, or PostgreSQL + Redis with --backend pg), a
supervisor console socket, and visitors that each write one crisis message at a light, steady
rate. Prints p50/p95/p99 and records them in bench/results/escalation_latency[_pg].{json,md}.
Target (issue 5): p99 under 100 ms on one node under light load.

    .venv/bin/python bench/escalation_latency.py [--backend embedded|pg] [--samples 200] [--rate 10]
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import sys
import time
from pathlib import Path

import aiohttp
import socketio

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    PASSWORD,
    Backend,
    fmt_ms,
    latency_summary,
    netreach_proc,
    temp_workdir,
    write_results,
)

CRISIS = "nie chce juz zyc, mam tabletki i zrobie to dzis"


async def login(url: str, username: str) -> str:
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar) as http:
        async with http.get(f"{url}/login") as r:
            r.raise_for_status()
        csrf = next(c.value for c in jar if c.key == "nr_csrf")
        form = {"username": username, "password": PASSWORD, "csrf_token": csrf}
        async with http.post(f"{url}/login", data=form, allow_redirects=False) as r:
            if r.status != 302:
                raise SystemExit(f"login failed: {r.status}")
            return r.cookies["nr_session"].value


async def measure(url: str, samples: int, rate: float) -> list[float]:
    """Seconds from each visitor's emit to the supervisor's escalation.new for it."""
    cookie = await login(url, "marta")
    supervisor = socketio.AsyncClient()
    arrived: dict[str, float] = {}

    @supervisor.on("escalation.new", namespace="/console")
    async def on_alert(data: dict) -> None:
        arrived[data["conversation_id"]] = time.perf_counter()

    await supervisor.connect(
        url,
        headers={"Cookie": f"nr_session={cookie}"},
        transports=["websocket"],
        namespaces=["/console"],
    )
    latencies: list[float] = []
    try:
        for i in range(samples):
            visitor = socketio.AsyncClient()
            auth = {"token": secrets.token_urlsafe(32), "lang": "pl"}
            await visitor.connect(url, auth=auth, transports=["websocket"], namespaces=["/visitor"])
            started = time.perf_counter()
            reply = await visitor.call(
                "message.send",
                {"client_id": secrets.token_urlsafe(12), "text": CRISIS},
                namespace="/visitor",
                timeout=10,
            )
            if not reply.get("ok"):
                raise SystemExit(f"send failed: {reply}")
            cid = reply["conversation"]["id"]
            deadline = time.perf_counter() + 10
            while cid not in arrived:
                if time.perf_counter() > deadline:
                    raise SystemExit(f"no alert for {cid} within 10 s")
                await asyncio.sleep(0.0005)
            latencies.append(arrived[cid] - started)
            await visitor.disconnect()
            await asyncio.sleep(max(0.0, 1.0 / rate - (time.perf_counter() - started)))
            if (i + 1) % 50 == 0:
                print(f"  {i + 1}/{samples}", flush=True)
    finally:
        await supervisor.disconnect()
    return latencies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("embedded", "pg"), default="embedded")
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument(
        "--rate", type=float, default=10.0, help="crisis messages per second (light load)"
    )
    parser.add_argument(
        "--no-record", action="store_true", help="print only, do not write bench/results"
    )
    args = parser.parse_args()

    backend = Backend.create(args.backend, temp_workdir("escalation"))
    try:
        backend.migrate()
        backend.create_staff(["marta"], role="supervisor")
        server = netreach_proc(backend).start()
        try:
            label = "SQLite, in-process bus" if args.backend == "embedded" else "PostgreSQL + Redis"
            print(f"escalation latency: {args.samples} crisis messages at {args.rate}/s on {label}")
            summary = latency_summary(asyncio.run(measure(server.url, args.samples, args.rate)))
        finally:
            server.stop()
    finally:
        backend.close()
    met = summary["p99_ms"] < 100
    print(f"{label}: {fmt_ms(summary)} (target p99 < 100 ms: {'met' if met else 'NOT met'})")
    if not args.no_record:
        name = "escalation_latency" if args.backend == "embedded" else "escalation_latency_pg"
        data = {
            "what": "visitor emit of a crisis message -> supervisor socket receives escalation.new",
            "backend": label,
            "rate_per_second": args.rate,
            "latency": summary,
            "target_p99_ms": 100,
            "target_met": met,
        }
        write_results(
            name,
            data,
            [
                f"Visitor emits a crisis message → the supervisor's socket receives `escalation.new`; {summary['count']} messages at {args.rate}/s on {label}.",
                "",
                f"- {fmt_ms(summary)}, max {summary['max_ms']} ms — target p99 < 100 ms: **{'met' if met else 'NOT met'}**",
            ],
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
