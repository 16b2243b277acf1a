"""`netreach serve`: run the server (after checking that the schema is current)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from aiohttp import web
from alembic.script import ScriptDirectory
from sqlalchemy import text

from server.app import create_app
from server.cli.common import load_settings
from server.db.migrate import alembic_config
from server.db.session import Database
from server.logs import ACCESS_LOG_FORMAT, setup_logging
from server.memory import limit_malloc_arenas
from server.settings import Settings


def add_parser(sub: Any) -> None:
    p = sub.add_parser("serve", help="run the server (HOST/PORT from the environment or options)")
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p.set_defaults(func=cmd_serve)


async def _schema_current(settings: Settings) -> bool:
    head = ScriptDirectory.from_config(alembic_config(settings.database_url)).get_current_head()
    db = Database(settings.database_url)
    try:
        async with db.read() as s:
            current = await s.scalar(text("SELECT version_num FROM alembic_version"))
    except Exception:
        current = None
    finally:
        await db.dispose()
    return bool(current == head)


def cmd_serve(args: argparse.Namespace) -> int:
    # before any thread exists (the database check below starts one): server/memory.py
    limit_malloc_arenas()
    overrides: dict[str, Any] = {}
    if args.host:
        overrides["host"] = args.host
    if args.port is not None:
        overrides["port"] = args.port
    settings = load_settings(**overrides)
    setup_logging(settings.log_json)
    if not asyncio.run(_schema_current(settings)):
        print(
            "netreach: the database schema is missing or old: run `netreach migrate` first",
            file=sys.stderr,
        )
        return 2
    app = create_app(settings)
    print(
        f"netreach: serving on http://{settings.host}:{settings.port}  (demo page: /demo, console: /console)",
        flush=True,
    )
    web.run_app(
        app,
        host=settings.host,
        port=settings.port,
        access_log_format=ACCESS_LOG_FORMAT,
        print=None,
        shutdown_timeout=10,
    )
    return 0
