"""What the commands share: the settings (or a one-line error) and the services of a command
that only touches the database."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from server.clock import Clock
from server.db.session import Database
from server.proofofwork import ProofOfWork, generated_key
from server.ratelimit import RateLimiter, SlidingCounter
from server.services import LocalSockets, Services
from server.settings import Settings, SettingsError


def load_settings(**overrides: Any) -> Settings:
    try:
        return Settings.from_env(**overrides)
    except SettingsError as exc:
        print(f"netreach: configuration error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def offline_services(settings: Settings) -> Any:
    """Services for commands that only touch the database (no sockets, no bus)."""
    clock = Clock()
    return Services(
        settings=settings,
        db=Database(settings.database_url),
        clock=clock,
        bus=None,  # type: ignore[arg-type]
        visitor_limiter=RateLimiter(clock, 1, 1),
        local=LocalSockets(),
        proof=ProofOfWork(clock, generated_key(), settings.challenge_difficulty),
        new_conversations=SlidingCounter(clock, settings.challenge_above_seconds, "new"),
    )


def run_offline(fn: Callable[[Any], Awaitable[Any]], settings: Settings | None = None) -> Any:
    """Run `fn(services)` for a command that only touches the database, then close it."""
    settings = settings or load_settings()

    async def run() -> Any:
        svc = offline_services(settings)
        try:
            return await fn(svc)
        finally:
            await svc.db.dispose()

    return asyncio.run(run())
