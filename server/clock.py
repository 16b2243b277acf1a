"""Time, passed in wherever it matters (queue waits, grace periods, rate limits, SLA timers).

Tests use `FakeClock` and move time with `advance()` instead of sleeping.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta


class Clock:
    def now(self) -> datetime:
        """Aware UTC datetime."""
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()


class FakeClock(Clock):
    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
        self._mono = 1000.0

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return self._mono

    def advance(self, seconds: float) -> None:
        self._now += timedelta(seconds=seconds)
        self._mono += seconds
