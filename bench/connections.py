"""Idle visitor connections: how many one netreach process holds, the resident memory each
costs, and how long connecting them all takes.

Visitors connect like the widget (websocket transport, the /visitor namespace with a token) and
then stay idle (answering pings). The load comes from --client-procs processes of raw websocket
clients (bench/sioclient.py), so the generator is not the limit. The server's memory is its RSS
after the connections minus its RSS before, divided by their number.

Browsers always offer permessage-deflate; the clients here offer it too (--no-offer-deflate to
not). The server accepts it only with NETREACH_WS_COMPRESS=1: both settings are measured.

    .venv/bin/python bench/connections.py                       # 10,000 visitors, both settings
    .venv/bin/python bench/connections.py --target 2000 --modes off
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import re
import secrets
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Backend, netreach_proc, raise_nofile, rss_kb, temp_workdir, write_results
from bench.sioclient import SioSocket, http_session

TOKEN = "bench-metrics-" + secrets.token_hex(8)


def client_main(conn: Any, url: str, count: int, compress: int, concurrency: int) -> None:
    raise_nofile()

    async def run() -> None:
        http = http_session()
        sockets: list[SioSocket] = []
        failures = 0
        sem = asyncio.Semaphore(concurrency)

        async def one() -> None:
            nonlocal failures
            async with sem:
                try:
                    s = SioSocket(
                        http,
                        url,
                        "/visitor",
                        auth={"token": secrets.token_urlsafe(32), "lang": "en"},
                        compress=compress,
                    )
                    sockets.append(await s.connect(timeout=60))
                except Exception:  # counted
                    failures += 1

        t0 = time.monotonic()
        await asyncio.gather(*(one() for _ in range(count)))
        conn.send(("connected", len(sockets), failures, time.monotonic() - t0))
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, conn.recv)  # hold them until told
        await asyncio.gather(*(s.close() for s in sockets), return_exceptions=True)
        await http.close()
        conn.send(("closed",))

    asyncio.run(run())


def scrape_visitors(url: str) -> int:
    req = urllib.request.Request(f"{url}/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(req, timeout=30) as r:
        text = r.read().decode()
    return int(float(re.search(r"^netreach_connected_visitors (\S+)$", text, re.M)[1]))  # type: ignore[index]


def measure(mode: str, args: argparse.Namespace) -> dict[str, Any]:
    workdir = temp_workdir(f"conn-{mode}")
    backend = Backend.create("embedded", workdir)
    backend.migrate()
    proc = netreach_proc(
        backend, NETREACH_WS_COMPRESS="1" if mode == "on" else "0", NETREACH_METRICS_TOKEN=TOKEN
    ).start()
    ctx = mp.get_context("spawn")
    pipes, procs = [], []
    try:
        time.sleep(1)
        rss0 = rss_kb(proc.pid)
        per = [
            args.target // args.client_procs + (1 if i < args.target % args.client_procs else 0)
            for i in range(args.client_procs)
        ]
        t0 = time.monotonic()
        for n in per:
            a, b = ctx.Pipe()
            p = ctx.Process(
                target=client_main,
                args=(b, proc.url, n, 0 if args.no_offer_deflate else 15, args.concurrency),
                daemon=True,
            )
            p.start()
            pipes.append(a)
            procs.append(p)
        connected = failures = 0
        for a in pipes:
            if not a.poll(args.timeout):
                raise RuntimeError("a client process did not finish connecting in time")
            _, ok, failed, _ = a.recv()
            connected += ok
            failures += failed
        elapsed = time.monotonic() - t0
        time.sleep(2)  # let the server settle (garbage, buffers)
        rss1 = rss_kb(proc.pid)
        seen = scrape_visitors(proc.url)
        for a in pipes:
            a.send("close")
        for a in pipes:
            if a.poll(60):
                a.recv()
        per_conn_kb = (rss1 - rss0) / max(1, connected)
        r = {
            "server_compress": mode == "on",
            "clients_offer_deflate": not args.no_offer_deflate,
            "target": args.target,
            "connected": connected,
            "failures": failures,
            "server_sees": seen,
            "connect_seconds": round(elapsed, 2),
            "connections_per_second": round(connected / elapsed, 1),
            "server_rss_before_mb": round(rss0 / 1024, 1),
            "server_rss_after_mb": round(rss1 / 1024, 1),
            "kb_per_connection": round(per_conn_kb, 1),
        }
        print(
            f"  compress={mode}: {connected}/{args.target} connected in {elapsed:.1f} s, server RSS {rss0 / 1024:.0f} -> {rss1 / 1024:.0f} MB = {per_conn_kb:.1f} KB per connection (server counts {seen})",
            flush=True,
        )
        return r
    finally:
        for p in procs:
            p.join(30)
            if p.is_alive():
                p.kill()
        proc.stop(30)
        backend.close()


def main(argv: list[str] | None = None) -> dict[str, Any]:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument(
        "--target", type=int, default=10_000, help="idle visitors to connect (default 10,000)"
    )
    p.add_argument("--client-procs", type=int, default=4, help="client processes (default 4)")
    p.add_argument(
        "--concurrency", type=int, default=100, help="connects in flight per client process"
    )
    p.add_argument(
        "--modes", default="off,on", help="server permessage-deflate settings to measure: off,on"
    )
    p.add_argument(
        "--no-offer-deflate", action="store_true", help="clients do not offer permessage-deflate"
    )
    p.add_argument(
        "--timeout", type=float, default=300, help="give up connecting after this many seconds"
    )
    args = p.parse_args(argv)
    limit = raise_nofile(args.target + 4096)
    print(f"open files limit: {limit}", flush=True)
    results: dict[str, Any] = {"benchmark": "connections", "params": vars(args), "modes": {}}
    for mode in [m.strip() for m in args.modes.split(",") if m.strip()]:
        results["modes"][mode] = measure(mode, args)
    lines = []
    for mode, r in results["modes"].items():
        ok = r["connected"] >= r["target"] and r["kb_per_connection"] < 40
        lines.append(
            f"- server permessage-deflate **{mode}**: {r['connected']:,} of {r['target']:,} idle visitors in one process, "
            f"**{r['kb_per_connection']} KB** resident memory each (RSS {r['server_rss_before_mb']} → {r['server_rss_after_mb']} MB), "
            f"connected in {r['connect_seconds']} s ({r['connections_per_second']}/s); target 10,000 at < 40 KB: {'met' if ok else 'NOT met'}"
        )
    lines.append(
        f"- clients: {args.client_procs} processes of raw websocket clients, offering permessage-deflate like browsers: {not args.no_offer_deflate}"
    )
    write_results("connections", results, lines)
    print("\n".join(lines))
    return results


if __name__ == "__main__":
    main()
