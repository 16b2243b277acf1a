"""Password hashing and verification under a concurrency limit (one gate per node).

argon2id is deliberately CPU- and memory-heavy (tens of milliseconds of one core per
verification). Unbounded, a flood of bad logins queues hundreds of verifications on the worker
threads and a real login waits behind all of them. So verifications run in worker threads, at
most `login_concurrency` at a time, first come first served (`asyncio.Semaphore` is fair).

A login for a username that does not exist costs no verification at all: it waits, without
holding a slot, as long as a verification usually takes here (a moving average of the real
ones), so its answer arrives after the same time as a wrong password for a real account and
the time does not reveal which usernames exist, while a flood of random usernames costs no CPU
and cannot delay anyone's real login.
"""

from __future__ import annotations

import asyncio
import secrets
import time

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# weight of the newest verification in the moving average of verification times
_EWMA_WEIGHT = 0.2


def make_hasher(fast: bool = False) -> PasswordHasher:
    """argon2id with the library's defaults (RFC 9106 low-memory profile); `fast` for tests."""
    if fast:
        return PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
    return PasswordHasher()


class PasswordGate:
    """Hashing and verification of staff passwords, at most `limit` at a time on this node.

    `running`, `peak` (the most that ran at once) and `verifications` (a count) are kept for
    the metrics and for tests that check the limit holds.
    """

    def __init__(self, limit: int, fast: bool = False) -> None:
        self.hasher = make_hasher(fast)
        self.limit = limit
        self._semaphore: asyncio.Semaphore | None = None
        self.running = 0
        self.peak = 0
        self.verifications = 0
        self.typical_seconds: float | None = None
        self._calibrating: asyncio.Lock | None = None

    def _gate(self) -> asyncio.Semaphore:
        # created on first use, inside the event loop that serves the logins
        if self._semaphore is None:
            self._semaphore = asyncio.Semaphore(self.limit)
        return self._semaphore

    async def hash(self, password: str) -> str:
        """The argon2id hash of `password` (a worker thread, under the limit)."""
        async with self._gate():
            return await asyncio.to_thread(self.hasher.hash, password)

    async def verify(self, stored_hash: str, password: str) -> bool:
        """Whether `password` matches `stored_hash`; a malformed hash is a mismatch. Waits for a
        free slot first (FIFO), then verifies in a worker thread."""
        return await self._timed_verify(stored_hash, password, counted=True)

    async def _timed_verify(self, stored_hash: str, password: str, *, counted: bool) -> bool:
        async with self._gate():
            self.running += 1
            self.peak = max(self.peak, self.running)
            self.verifications += counted
            started = time.perf_counter()
            try:
                return await asyncio.to_thread(self._verify, stored_hash, password)
            finally:
                self.running -= 1
                took = time.perf_counter() - started
                self.typical_seconds = (
                    took
                    if self.typical_seconds is None
                    else (1 - _EWMA_WEIGHT) * self.typical_seconds + _EWMA_WEIGHT * took
                )

    def _verify(self, stored_hash: str, password: str) -> bool:
        try:
            return bool(self.hasher.verify(stored_hash, password))
        except (VerificationError, InvalidHashError):
            return False

    async def wait_like_a_verification(self) -> None:
        """Wait as long as a verification usually takes here, without using a slot or CPU (for
        usernames that do not exist). Before any real verification has run, one verification
        of a random hash is timed so that even the first answers take the right time."""
        if self.typical_seconds is None:
            # once: a flood arriving at a fresh node waits for the one timing, not one each
            if self._calibrating is None:
                self._calibrating = asyncio.Lock()
            async with self._calibrating:
                if self.typical_seconds is None:
                    dummy = await self.hash(secrets.token_hex(16))
                    await self._timed_verify(dummy, secrets.token_hex(16), counted=False)
        await asyncio.sleep(self.typical_seconds or 0)

    def needs_rehash(self, stored_hash: str) -> bool:
        """Whether `stored_hash` was made with other parameters than this node's."""
        return bool(self.hasher.check_needs_rehash(stored_hash))
