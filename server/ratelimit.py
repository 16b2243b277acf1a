"""Rate limits: sliding windows, in-process or in Redis shared by every node. A sliding window
never lets more than `count` events through in any `seconds` long span (a fixed window lets twice
that through around its edge).

When Redis cannot be reached, a node counts in its own windows instead of refusing: a person
in crisis must be able to write while Redis is down (the limit is then per node, for as long as
the outage lasts)."""

from __future__ import annotations

import logging
import secrets
from collections import deque
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
