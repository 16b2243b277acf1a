"""Optional dependencies, installed as extras: `netreach[postgres]` (asyncpg, for a PostgreSQL
DATABASE_URL) and `netreach[redis]` (redis, for REDIS_URL). The embedded default (SQLite, one
process) needs neither, so a base install must import and serve without them; a setting that
needs a missing one stops the command with a one-line message naming the extra to install.
"""

from __future__ import annotations

import importlib.util

__all__ = ["aioredis", "require_database_driver", "require_redis"]

try:
    import redis.asyncio as aioredis
except ImportError:  # the base install: the in-process bus and rate limits only
    aioredis = None  # type: ignore[assignment]


def _missing(setting: str, package: str, extra: str) -> SystemExit:
    return SystemExit(
        f"netreach: {setting} needs {package}, which is not installed: "
        f"pip install 'netreach[{extra}]'"
    )


def require_database_driver(database_url: str) -> None:
    """A PostgreSQL DATABASE_URL needs asyncpg (SQLAlchemy imports it when the engine is made)."""
    if database_url.startswith("postgresql") and importlib.util.find_spec("asyncpg") is None:
        raise _missing("DATABASE_URL (PostgreSQL)", "asyncpg", "postgres")


def require_redis(redis_url: str | None) -> None:
    """REDIS_URL needs the redis client."""
    if redis_url and aioredis is None:
        raise _missing("REDIS_URL", "the redis client", "redis")
