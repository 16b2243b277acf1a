"""Run Alembic migrations programmatically (no alembic.ini needed)."""

from __future__ import annotations

import asyncio

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import make_url

from server.db.session import create_private_file
from server.extras import require_database_driver

# package data: Alembic finds "package:directory" through importlib.resources
MIGRATIONS = "server.db:migrations"


def alembic_config(database_url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", MIGRATIONS)
    cfg.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return cfg


def upgrade(database_url: str, revision: str = "head") -> None:
    """Bring the database to `revision`. Safe to run again; runs in its own event loop."""
    require_database_driver(database_url)
    if database_url.startswith("sqlite"):
        path = make_url(database_url).database
        if path and path != ":memory:":
            create_private_file(path)
    command.upgrade(alembic_config(database_url), revision)


async def upgrade_async(database_url: str, revision: str = "head") -> None:
    await asyncio.to_thread(upgrade, database_url, revision)
