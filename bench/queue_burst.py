"""Rush hour: --visitors (1,000) visitors write their first message within one second while
--networkers (50) networkers with capacity --capacity (4) are on duty with automatic assignment.

Reports the time from the first message until every visitor has been assigned or told their
queue position, how many queue.position updates the visitors received, and proves there were no
double assignments (from the database: no networker above capacity, every active conversation
with one networker, and from the sockets: no visitor assigned twice).

    .venv/bin/python bench/queue_burst.py                       # embedded default
    .venv/bin/python bench/queue_burst.py --backend pg           # PostgreSQL + Redis
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PASSWORD, Backend, netreach_proc, raise_nofile, temp_workdir, write_results
from bench.sioclient import SioSocket, http_session, staff_login


async def run(url: str, args: argparse.Namespace) -> dict[str, Any]:
    http = http_session()
    first_told: dict[int, float] = {}
    assigned: Counter[int] = Counter()
    positions = 0

    def visitor_handler(i: int) -> Any:
        def handler(event: str, data: Any, at: float) -> None:
            nonlocal positions
            if event == "queue.position":
                positions += 1
                first_told.setdefault(i, at)
            elif (
                event == "conversation.update"
                and isinstance(data, dict)
                and data.get("op") == "assigned"
            ):
                assigned[i] += 1
                first_told.setdefault(i, at)

        return handler

    staff: list[SioSocket] = []
    sem = asyncio.Semaphore(10)

    async def networker(k: int) -> None:
        async with sem:
            cookie = await staff_login(http, url, f"burst{k:03d}", PASSWORD)
            s = await SioSocket(
                http, url, "/console", headers={"Cookie": f"nr_session={cookie}"}
            ).connect()
            await s.call("console.sync", {})
            reply = await s.call("duty.start", {"capacity": args.capacity, "auto_assign": True})
            assert reply.get("ok"), reply
            staff.append(s)

    await asyncio.gather(*(networker(k) for k in range(args.networkers)))
    by_index: dict[int, SioSocket] = {}
    sem = asyncio.Semaphore(100)

    async def connect(i: int) -> None:
        async with sem:
            s = await SioSocket(
                http,
                url,
                "/visitor",
                auth={"token": secrets.token_urlsafe(32), "lang": "en"},
                on_event=visitor_handler(i),
            ).connect()
            await s.call("conversation.join", {"last_seq": 0})
            by_index[i] = s

    await asyncio.gather(*(connect(i) for i in range(args.visitors)))
    acks: list[Any] = []
    t0 = time.monotonic()

    async def arrive(i: int) -> None:
        await asyncio.sleep(i * args.window / args.visitors)
        reply = await by_index[i].call(
            "message.send",
            {
                "client_id": secrets.token_urlsafe(9),
                "text": "Hi, I would like to talk to someone please.",
            },
            timeout=60,
        )
        acks.append(reply)

    await asyncio.gather(*(arrive(i) for i in range(args.visitors)))
    sent_by = time.monotonic() - t0
    deadline = time.monotonic() + args.timeout
    while len(first_told) < args.visitors and time.monotonic() < deadline:  # noqa: ASYNC110 - polling a counter
        await asyncio.sleep(0.02)
    all_told = max(first_told.values()) - t0 if len(first_told) == args.visitors else None
    await asyncio.sleep(args.settle)  # let late updates arrive before counting
    result = {
        "visitors": args.visitors,
        "networkers": args.networkers,
        "capacity": args.capacity,
        "arrival_window_s": args.window,
        "all_sent_after_s": round(sent_by, 3),
        "acked_ok": sum(1 for a in acks if isinstance(a, dict) and a.get("ok")),
        "told_or_assigned": len(first_told),
        "seconds_until_all_told_or_assigned": round(all_told, 3) if all_told is not None else None,
        "position_updates_received": positions,
        "assigned_visitors": len(assigned),
        "visitors_assigned_twice": sum(1 for n in assigned.values() if n > 1),
    }
    for s in [*by_index.values(), *staff]:
        await s.close()
    await http.close()
    return result


async def check_database(backend: Backend, capacity: int) -> dict[str, Any]:
    from sqlalchemy import func, select

    from server.db.models import Conversation
    from server.db.session import Database
    from server.settings import normalize_database_url

    db = Database(normalize_database_url(backend.database_url))
    try:
        async with db.read() as s:
            per_staff = (
                await s.execute(
                    select(Conversation.assigned_staff_id, func.count())
                    .where(Conversation.status == "active")
                    .group_by(Conversation.assigned_staff_id)
                )
            ).all()
            statuses = dict(
                (
                    await s.execute(
                        select(Conversation.status, func.count()).group_by(Conversation.status)
                    )
                ).all()
            )
    finally:
        await db.dispose()
    loads = [n for _, n in per_staff]
    return {
        "conversations_by_status": {str(k): int(v) for k, v in statuses.items()},
        "active_without_networker": sum(n for sid, n in per_staff if sid is None),
        "max_load": max(loads) if loads else 0,
        "networkers_over_capacity": sum(1 for n in loads if n > capacity),
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--visitors", type=int, default=1000)
    p.add_argument("--networkers", type=int, default=50)
    p.add_argument("--capacity", type=int, default=4)
    p.add_argument(
        "--window", type=float, default=1.0, help="seconds over which the visitors arrive"
    )
    p.add_argument("--backend", choices=("embedded", "pg"), default="embedded")
    p.add_argument(
        "--timeout", type=float, default=60, help="give up waiting after this many seconds"
    )
    p.add_argument("--settle", type=float, default=2.0)
    p.add_argument("--name", default="queue_burst")
    args = p.parse_args(argv)
    raise_nofile()
    workdir = temp_workdir("burst")
    backend = Backend.create(args.backend, workdir)
    proc = None
    try:
        backend.migrate()
        backend.create_staff([f"burst{k:03d}" for k in range(args.networkers)])
        proc = netreach_proc(backend).start()
        result = asyncio.run(run(proc.url, args))
        result["database"] = asyncio.run(check_database(backend, args.capacity))
    finally:
        if proc is not None:
            proc.stop()
        backend.close()
    db = result["database"]
    slots = args.networkers * args.capacity
    no_double = (
        result["visitors_assigned_twice"] == 0
        and db["networkers_over_capacity"] == 0
        and db["active_without_networker"] == 0
    )
    lines = [
        f"- backend: {args.backend}; {args.visitors} visitors arriving within {args.window} s; {args.networkers} networkers × capacity {args.capacity} = {slots} slots, automatic assignment",
        f"- every visitor assigned or told their position after **{result['seconds_until_all_told_or_assigned']} s** "
        f"({result['told_or_assigned']} of {args.visitors}; all first messages sent by {result['all_sent_after_s']} s, {result['acked_ok']} acked)",
        f"- queue.position updates received by visitors: **{result['position_updates_received']:,}** ({result['position_updates_received'] / max(1, args.visitors):.1f} per visitor)",
        f"- assigned: {result['assigned_visitors']} visitors; conversations by status {db['conversations_by_status']}",
        f"- double assignments: **{'none' if no_double else 'FOUND'}** (visitors assigned twice: {result['visitors_assigned_twice']}; "
        f"networkers above capacity: {db['networkers_over_capacity']}, max load {db['max_load']}; active without networker: {db['active_without_networker']})",
    ]
    write_results(args.name, {"benchmark": "queue_burst", "params": vars(args), **result}, lines)
    print("\n".join(lines))
    return result


if __name__ == "__main__":
    main()
