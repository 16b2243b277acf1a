"""Resource library search latency over a library of 5,000 entries (target: p95 under 20 ms on SQLite).

Builds a fresh, migrated database (SQLite by default; `--database-url postgresql://…` for
PostgreSQL, in a scratch database that is dropped afterwards), fills it with synthetic vetted
entries in Polish and English (deterministic seed), then times `search_resources` — the same
call the console's `resource.search` makes, transaction included — for a mix of queries with
and without topic / region / language filters. Writes bench/results/resource_search[_pg].json
and .md (machine, date, commit).

    .venv/bin/python bench/resource_search.py [--entries 5000] [--queries 2000] [--database-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import machine  # noqa: E402
from server.actions import resources as res  # noqa: E402
from server.db.models import RESOURCE_TOPICS, VOIVODESHIPS  # noqa: E402

PL_WORDS = (
    "poradnia prawna pomoc porady prawnych bezpłatna nieodpłatna telefon zaufania kryzys interwencja "
    "kryzysowa przemoc domowa uzależnienia narkotyki alkohol leczenie terapia grupa wsparcia testy hiv "
    "anonimowe diagnostyka zdrowie psychiczne psycholog psychiatra schronisko noclegownia mieszkanie "
    "bezdomność dzieci młodzież dorośli rodzina punkt ośrodek centrum fundacja stowarzyszenie miejski "
    "powiatowy całodobowy dyżur konsultacje mediacje prawnik adwokat radca sprawy rodzinne mieszkaniowe"
).split()
EN_WORDS = (
    "legal advice free clinic helpline crisis support domestic violence addiction treatment drugs "
    "alcohol therapy group hiv testing anonymous mental health counselling shelter housing homeless "
    "youth adults family centre foundation association city county hotline lawyer mediation"
).split()
CITIES = (
    "Warszawa",
    "Kraków",
    "Łódź",
    "Wrocław",
    "Poznań",
    "Gdańsk",
    "Szczecin",
    "Lublin",
    "Białystok",
    "Katowice",
)
QUERIES = (
    "poradnia prawna",
    "porad prawnych",
    "pomoc prawna",
    "telefon zaufania",
    "przemoc domowa",
    "przemocy",
    "uzależnienia",
    "narkotyki",
    "testy hiv",
    "anonimowe testy",
    "zdrowie psychiczne",
    "psycholog",
    "schronisko",
    "noclegownia",
    "kryzys",
    "interwencja kryzysowa",
    "legal advice",
    "domestic violence",
    "hiv testing",
    "mental health",
    "shelter",
    "lodz",
    "Łódź",
    "krakow",
    "dzieci i młodzież",
    "adwokat",
    "bezpłatna pomoc prawna dla rodzin",
    "116",
    "800",
)


def sentence(rng: random.Random, words: list[str], n: int) -> str:
    return " ".join(rng.choice(words) for _ in range(n)).capitalize()


def synthetic(rng: random.Random, i: int) -> dict[str, Any]:
    topics = rng.sample(RESOURCE_TOPICS, rng.choice((1, 1, 2, 3)))
    area = rng.choice(("nationwide", "regional", "regional", "regional", "online", "international"))
    voivodeship = rng.choice(VOIVODESHIPS) if area == "regional" else None
    city = rng.choice(CITIES) if area == "regional" and rng.random() < 0.6 else None
    texts = {
        "pl": {
            "name": f"{sentence(rng, PL_WORDS, 3)} {i}",
            "summary": sentence(rng, PL_WORDS, 8),
            "description": sentence(rng, PL_WORDS, 40),
            "hours": "pn–pt 9–17",
        }
    }
    if rng.random() < 0.5:
        texts["en"] = {
            "name": f"{sentence(rng, EN_WORDS, 3)} {i}",
            "summary": sentence(rng, EN_WORDS, 8),
            "description": sentence(rng, EN_WORDS, 30),
        }
    return {
        "texts": texts,
        "topics": topics,
        "phones": [
            {
                "number": f"+48 {rng.randint(100, 999)} {rng.randint(100, 999)} {rng.randint(100, 999)}"
            }
        ],
        "links": [{"url": f"https://example.org/{i}"}],
        "area": area,
        "voivodeship": voivodeship,
        "city": city,
        "languages": ["pl"]
        + (["en"] if "en" in texts else [])
        + (["uk"] if rng.random() < 0.2 else []),
        "source": "synthetic benchmark data",
        "verified_on": "2026-11-01",
        "review_by": "2099-01-01",
    }


async def fill(svc: Any, entries: int, rng: random.Random) -> float:
    t0 = time.perf_counter()
    now = svc.clock.now()
    batch = 500
    for start in range(0, entries, batch):
        async with svc.db.write() as s:
            for i in range(start, min(entries, start + batch)):
                values = res.check_resource_input(synthetic(rng, i)).columns()
                r = res.new_resource(values, now, None, status="vetted")
                s.add(r)
    return time.perf_counter() - t0


async def measure(svc: Any, queries: int, rng: random.Random) -> dict[str, Any]:
    latencies: list[float] = []
    cpu: list[float] = []
    hits: list[int] = []
    for _ in range(50):  # warm-up
        await res.search_resources(svc, rng.choice(QUERIES))
    for _ in range(queries):
        q = rng.choice(QUERIES)
        kw: dict[str, Any] = {}
        r = rng.random()
        if r < 0.3:
            kw["topic"] = rng.choice(RESOURCE_TOPICS)
        if rng.random() < 0.3:
            kw["region"] = rng.choice(VOIVODESHIPS)
        if rng.random() < 0.15:
            kw["language"] = rng.choice(("pl", "en", "uk"))
        if rng.random() < 0.05:
            q = ""
        c0, t0 = time.process_time(), time.perf_counter()
        found = await res.search_resources(svc, q, limit=20, **kw)
        latencies.append((time.perf_counter() - t0) * 1000)
        cpu.append(
            (time.process_time() - c0) * 1000
        )  # all threads of this process (aiosqlite's too)
        hits.append(len(found))
    latencies.sort()
    cpu.sort()

    def pct(p: float, values: list[float] | None = None) -> float:
        values = latencies if values is None else values
        return round(values[min(len(values) - 1, int(p / 100 * len(values)))], 3)

    return {
        "queries": queries,
        "p50_ms": pct(50),
        "p95_ms": pct(95),
        "p99_ms": pct(99),
        "max_ms": round(latencies[-1], 3),
        "mean_ms": round(statistics.fmean(latencies), 3),
        "cpu_p50_ms": pct(50, cpu),
        "cpu_p95_ms": pct(95, cpu),
        "mean_hits": round(statistics.fmean(hits), 1),
        "zero_hit_share": round(sum(1 for h in hits if h == 0) / len(hits), 3),
    }


async def run(args: argparse.Namespace) -> dict[str, Any]:
    from server.cli.common import offline_services
    from server.db.migrate import upgrade_async
    from server.settings import Settings, normalize_database_url

    scratch = None
    tmp = tempfile.TemporaryDirectory()
    if args.database_url:
        import asyncpg

        base = normalize_database_url(args.database_url)
        scratch = f"netreach_bench_{secrets.token_hex(4)}"
        admin = base.replace("postgresql+asyncpg://", "postgresql://")
        conn = await asyncpg.connect(admin)
        await conn.execute(f'CREATE DATABASE "{scratch}"')
        await conn.close()
        url = base.rsplit("/", 1)[0] + "/" + scratch
    else:
        url = f"sqlite+aiosqlite:///{tmp.name}/bench.sqlite3"
    try:
        await upgrade_async(url)
        svc = offline_services(Settings(database_url=url, var_dir=Path(tmp.name)))
        rng = random.Random(20261124)
        try:
            fill_s = await fill(svc, args.entries, rng)
            result = await measure(svc, args.queries, rng)
        finally:
            await svc.db.dispose()
    finally:
        if scratch:
            conn = await asyncpg.connect(admin)
            await conn.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
            await conn.close()
        tmp.cleanup()
    return {
        "benchmark": "resource_search",
        "database": "postgresql" if scratch else "sqlite",
        "entries": args.entries,
        "fill_seconds": round(fill_s, 2),
        **result,
        "target_p95_ms": 20.0 if not scratch else None,
        "machine": machine(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument(
        "--database-url",
        help="postgresql://… to measure PostgreSQL (a scratch database is created and dropped)",
    )
    parser.add_argument(
        "--no-write", action="store_true", help="print only; do not write bench/results/"
    )
    args = parser.parse_args()
    result = asyncio.run(run(args))
    print(json.dumps(result, indent=2))
    if not args.no_write:
        out = ROOT / "bench" / "results"
        out.mkdir(parents=True, exist_ok=True)
        name = "resource_search" + ("_pg" if result["database"] == "postgresql" else "")
        (out / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")
        m = result["machine"]
        verdict = ""
        if result["target_p95_ms"]:
            verdict = f" — target p95 < {result['target_p95_ms']:.0f} ms: **{'met' if result['p95_ms'] < result['target_p95_ms'] else 'NOT met'}**"
        (out / f"{name}.md").write_text(
            f"# Resource search latency ({result['database']})\n\n"
            f"{result['entries']} synthetic vetted entries (Polish, half also English), {result['queries']} searches "
            f"(mixed queries; ~30% with a topic, ~30% a region, ~15% a language filter; limit 20), "
            f"timed around `search_resources` (the console's `resource.search`, transaction included).\n\n"
            f"| p50 | p95 | p99 | max | CPU p50 | CPU p95 | mean hits | searches with no hit |\n|---|---|---|---|---|---|---|---|\n"
            f"| {result['p50_ms']} ms | {result['p95_ms']} ms | {result['p99_ms']} ms | {result['max_ms']} ms | "
            f"{result['cpu_p50_ms']} ms | {result['cpu_p95_ms']} ms | {result['mean_hits']} | {result['zero_hit_share']:.0%} |\n\n"
            f"p95 = {result['p95_ms']} ms{verdict}.\n\n"
            f"Machine: {m['cpu']} ({m['cores']} cores), Python {m['python']}, {m['platform']}; load average "
            f"{m['load_average']} when it ended (other work on the machine inflates wall-clock times; CPU = "
            f"CPU time of this process per search). "
            f"Date: {m['date']}. Commit: {m['commit']}. Run: `.venv/bin/python bench/resource_search.py"
            f"{' --database-url …' if result['database'] == 'postgresql' else ''}`.\n"
        )
        print(f"wrote bench/results/{name}.json and .md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
