"""Time, passed in wherever it matters (queue waits, grace periods, rate limits, SLA timers,
and every wait of the server's background work: the periodic tick, the queue refresh's
debounce).

Tests use `FakeClock` and move time with `advance()` instead of sleeping: a background task
waiting in `FakeClock.sleep` wakes when the fake time passes its deadline, not before.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta


class Clock:
    """The real clock."""

    def now(self) -> datetime:
        """Aware UTC datetime."""
        return datetime.now(UTC)

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back (for intervals)."""
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        """Wait `seconds` of this clock's time."""
        await asyncio.sleep(seconds)


class FakeClock(Clock):
    """A clock that moves only when a test calls `advance(seconds)`."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
        self._mono = 1000.0
        self._sleepers: list[tuple[float, asyncio.Future[None]]] = []

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return self._mono

    async def sleep(self, seconds: float) -> None:
        """Wait until the fake time has moved `seconds` on (0 or less: one loop turn)."""
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._sleepers.append((self._mono + seconds, future))
        await future

    def sleeping(self) -> int:
        """How many tasks wait in `sleep` for a later time (tests: every periodic loop woken by
        `advance` has done its round and gone back to sleep when this is back to their count)."""
        return sum(1 for _, future in self._sleepers if not future.done())

    def advance(self, seconds: float) -> None:
        """Move time on; tasks whose `sleep` ends by then wake at their next loop turn."""
        self._now += timedelta(seconds=seconds)
        self._mono += seconds
        waiting = []
        for deadline, future in self._sleepers:
            if future.done():
                continue
            if deadline <= self._mono:
                future.set_result(None)
            else:
                waiting.append((deadline, future))
        self._sleepers = waiting
