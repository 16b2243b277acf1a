"""Rate limits: sliding windows, in-process or in Redis shared by every node. A sliding window
never lets more than `count` events through in any `seconds` long span (a fixed window lets twice
that through around its edge).

When Redis cannot be reached, a node counts in its own windows instead of refusing: a person
in crisis must be able to write while Redis is down (the limit is then per node, for as long as
the outage lasts)."""

from __future__ import annotations

import logging
import math
import secrets
from collections import deque
from collections.abc import Callable
from typing import Any

from server.clock import Clock

log = logging.getLogger("netreach.ratelimit")


# One atomic step in Redis (a sorted set per key, scored by time): drop what left the window,
# refuse when `count` remain, else record this event. Returns {1} or {0, oldest score}.
SLIDING_WINDOW = """
local key = KEYS[1]
local now = tonumber(ARGV[1])
local seconds = tonumber(ARGV[2])
local count = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - seconds)
if redis.call('ZCARD', key) >= count then
  local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  return {0, oldest[2]}
end
redis.call('ZADD', key, now, ARGV[4])
redis.call('PEXPIRE', key, math.ceil(seconds * 1000) + 1000)
return {1}
"""


class RateLimiter:
    """`hit(key)` records one event and returns None, or the seconds to wait when over the limit."""

    def __init__(
        self, clock: Clock, count: int, seconds: float, redis: Any = None, prefix: str = "netreach"
    ):
        self.clock = clock
        self.count = count
        self.seconds = seconds
        self.redis = redis
        self.prefix = prefix
        self._windows: dict[str, deque[float]] = {}

    async def hit(self, key: str) -> float | None:
        if self.redis is not None:
            try:
                return await self._hit_redis(key)
            except Exception:
                log.warning("rate limit: Redis unreachable, counting on this node", exc_info=True)
        return self._hit_local(key)

    async def refund(self, key: str) -> None:
        """Take back the last `hit(key)` that was let through: what it counted did not happen
        (a resend of a stored message, a write that went another way)."""
        if self.redis is not None:
            try:
                await self.redis.zpopmax(self._redis_key(key))
                return
            except Exception:
                log.warning("rate limit: Redis unreachable, refunding on this node", exc_info=True)
        window = self._windows.get(key)
        if window:
            window.pop()

    def _hit_local(self, key: str) -> float | None:
        now = self.clock.monotonic()
        window = self._windows.get(key)
        if window is None:
            if len(self._windows) > 50_000:
                self._prune(now)
            window = self._windows[key] = deque()
        while window and window[0] <= now - self.seconds:
            window.popleft()
        if len(window) >= self.count:
            return max(0.1, window[0] + self.seconds - now)
        window.append(now)
        return None

    def _prune(self, now: float) -> None:
        for k in [k for k, w in self._windows.items() if not w or w[-1] <= now - self.seconds]:
            del self._windows[k]

    def _redis_key(self, key: str) -> str:
        return f"{self.prefix}:rl2:{key}"

    async def _hit_redis(self, key: str) -> float | None:
        now = self.clock.now().timestamp()
        member = f"{now:.6f}:{secrets.token_hex(4)}"  # two events in the same microsecond
        result = await self.redis.eval(
            SLIDING_WINDOW, 1, self._redis_key(key), repr(now), self.seconds, self.count, member
        )
        if int(result[0]) == 1:
            return None
        oldest = float(result[1])
        return max(0.1, oldest + self.seconds - now)


class KeyedRateLimiter(RateLimiter):
    """A RateLimiter that counts `hit(key)` under `key_of(key)`: the visitor namespace's flood
    guard is called with a socket id and counts under the socket's visitor token, so one client
    opening many sockets does not get an allowance per socket."""

    def __init__(
        self,
        clock: Clock,
        count: int,
        seconds: float,
        key_of: Callable[[str], str],
        redis: Any = None,
        prefix: str = "netreach",
    ):
        super().__init__(clock, count, seconds, redis, prefix)
        self.key_of = key_of

    async def hit(self, key: str) -> float | None:
        return await super().hit(self.key_of(key))

    async def refund(self, key: str) -> None:
        await super().refund(self.key_of(key))


class SlidingCounter:
    """Counts events over the last `seconds`, on every node when Redis is set.

    `add()` counts one event and returns how many there were in the window, this one included;
    the count and the increment are one atomic step (Redis INCR; one event loop without Redis),
    so of many parallel callers exactly one sees each number. `remove()` takes one back. Without
    Redis the window slides exactly; in Redis it is two fixed windows, the previous one weighted
    by how much of it still overlaps (no burst of twice the rate at a window's edge; the count
    fades over up to two windows), the weighted sum rounded up: an event just before a window's
    edge still counts beside one just after it (rounded down, two events a second apart could
    read as one). When Redis cannot be reached, a node counts on its own."""

    def __init__(
        self, clock: Clock, seconds: float, name: str, redis: Any = None, prefix: str = "netreach"
    ):
        self.clock = clock
        self.seconds = seconds
        self.name = name
        self.redis = redis
        self.prefix = prefix
        self._events: deque[float] = deque()

    async def add(self) -> int:
        if self.redis is not None:
            try:
                return await self._add_redis()
            except Exception:
                log.warning("%s: Redis unreachable, counting on this node", self.name)
        now = self.clock.monotonic()
        while self._events and self._events[0] <= now - self.seconds:
            self._events.popleft()
        self._events.append(now)
        return len(self._events)

    async def remove(self) -> None:
        if self.redis is not None:
            now = self.clock.now().timestamp()
            try:
                await self.redis.decr(self._key(math.floor(now / self.seconds)))
                return
            except Exception:
                log.warning("%s: Redis unreachable, taking back on this node", self.name)
        if self._events:
            self._events.pop()

    def _key(self, bucket: int) -> str:
        return f"{self.prefix}:count:{self.name}:{bucket}"

    async def _add_redis(self) -> int:
        now = self.clock.now().timestamp()
        bucket = math.floor(now / self.seconds)
        pipe = self.redis.pipeline()
        pipe.incr(self._key(bucket))
        pipe.expire(self._key(bucket), math.ceil(2 * self.seconds) + 1)
        pipe.get(self._key(bucket - 1))
        current, _, previous = await pipe.execute()
        overlap = 1.0 - (now - bucket * self.seconds) / self.seconds
        return int(current) + math.ceil(int(previous or 0) * overlap)
