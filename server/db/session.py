"""Engines and transactions.

SQLite (the embedded default): WAL mode, and every write transaction starts with
`BEGIN IMMEDIATE`, so a read that is followed by a write in the same transaction can never fail
with "database is locked" half-way. Inside one process, writers also take an asyncio lock so they
queue without SQLite's busy polling. PostgreSQL: one pooled engine; row locks do the work.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import aiosqlite
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from server.db.hot import HotMessage, HotResult, message_steps, run_async, run_sync

WRITER_BUSY_TIMEOUT_MS = 0
READER_BUSY_TIMEOUT_MS = 200
LOCKED_RETRY_SECONDS = 30.0


class _InlineConnection(aiosqlite.Connection):
    """An aiosqlite connection that runs each call on the event loop's thread instead of handing
    it to its worker thread. A SQLite statement takes microseconds; the thread hops around it
    cost more than that (~40 µs each here, more while the loop is busy), several per statement.
    The embedded relay got ~30% faster (bench/relay.py). The worker thread still opens and
    closes the connection. Writers in one process are serialised by Database's lock anyway.
    """

    async def _execute(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        return fn(*args, **kwargs)


def _sqlite_pragmas(connection: Any, busy_timeout_ms: int) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # SQLite calls run on the event loop's thread: never let SQLite sleep long on a lock
    # there. Another process holding the write lock (a CLI import, a migration) makes the
    # writer's BEGIN IMMEDIATE fail at once and the writer retries with asyncio.sleep
    # (_retry_locked); WAL readers wait for locks only in rare moments (recovery), briefly.
    cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
    cursor.close()


def _locked_delays() -> Iterator[float]:
    """The waits between BEGIN IMMEDIATE attempts while another process holds SQLite's write
    lock (a CLI import, a migration): 5 ms doubling up to 250 ms, LOCKED_RETRY_SECONDS in all."""
    delay = 0.005
    waited = 0.0
    while waited < LOCKED_RETRY_SECONDS:
        yield delay
        waited += delay
        delay = min(delay * 2, 0.25)


async def _retry_locked(begin: Callable[[], Awaitable[None]], undo: Callable[[], Awaitable[None]]) -> None:
    """Run `begin` (a BEGIN IMMEDIATE) until it gets SQLite's write lock. While another process
    holds it, wait with asyncio.sleep (the loop keeps serving) instead of blocking inside SQLite."""
    delays = _locked_delays()
    while True:
        try:
            await begin()
            return
        except (OperationalError, sqlite3.OperationalError) as exc:
            delay = next(delays, None)
            if "locked" not in str(exc) or delay is None:
                raise
            await undo()
            await asyncio.sleep(delay)


def _sqlite_engine(url: str, begin: str, busy_timeout_ms: int) -> AsyncEngine:
    path = make_url(url).database or ":memory:"

    async def connect() -> aiosqlite.Connection:
        # check_same_thread=False: opened on the worker thread, used on the loop's thread
        return await _InlineConnection(lambda: sqlite3.connect(path, timeout=busy_timeout_ms / 1000, check_same_thread=False), 64)

    engine = create_async_engine(url, async_creator=connect)

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # let SQLAlchemy (not the driver) decide when transactions begin
        dbapi_connection.isolation_level = None
        _sqlite_pragmas(dbapi_connection, busy_timeout_ms)

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql(begin)

    return engine


class _GroupCommit:
    """SQLite hot-path messages that arrive within moments of each other share one transaction
    and one COMMIT, written on a thread of their own.

    A COMMIT costs more than the two statements of a message (WAL frames for every page
    touched), and every commit is a round of acks. `store` queues a message; a batch of queued
    messages is written by one thread (sqlite3 lets go of the GIL inside SQLite, so the event
    loop keeps serving sockets meanwhile) under the same asyncio write lock as every ORM writer,
    each message in a SAVEPOINT of its own, so one that fails (a resend's unique violation)
    undoes only its own statements. A writer's `store` returns once the batch is committed:
    acks and events still follow the commit, and if the batch fails every writer of it gets the
    error (clients resend). A writer cancelled meanwhile does not cancel the batch.

    When does a batch start? Like PostgreSQL's commit_delay: a writer alone (the last batch had
    one writer: a quiet moment) starts it on the loop's next turn; while messages keep coming
    (the last batch had company) a batch gathers WINDOW seconds from the previous one's start.
    A batch is also a burst of acks, which the sockets, the kernel and the clients handle far
    more cheaply than the same acks one by one. Measured by bench/relay.py on 2 cores (100
    pairs), with the statements on the loop's thread: next-turn commits only ~1,500 msg/s,
    2 ms ~2,200, 5 ms ~2,500, 8 ms ~2,700-2,800, 15 ms no better; 8 ms keeps p99 at 500 msg/s
    near 20 ms. A quiet server adds no delay at all. MAX_WRITERS bounds a batch.
    """

    MAX_WRITERS = 64
    WINDOW = 0.008

    def __init__(self, lock: asyncio.Lock, connect: Callable[[], sqlite3.Connection]):
        self._lock = lock
        self._connect = connect
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="netreach-sqlite-writer")
        self._pending: list[tuple[HotMessage, asyncio.Future[Any]]] = []
        self._timer: asyncio.TimerHandle | asyncio.Handle | None = None
        self._running: asyncio.Task[None] | None = None  # the batch being written
        self._started = 0.0  # loop time the last batch started
        self._last_batch = 0

    async def store(self, req: HotMessage) -> HotResult | None:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = loop.create_future()
        self._pending.append((req, future))
        if self._running is None:
            if len(self._pending) >= self.MAX_WRITERS:
                self._start()
            elif self._timer is None:
                self._timer = loop.call_soon(self._due) if self._last_batch <= 1 else loop.call_later(self.WINDOW, self._due)
        return await future  # type: ignore[no-any-return]

    def _due(self) -> None:
        self._timer = None
        if self._running is None and self._pending:
            self._start()  # (while a batch is being written, its end starts the next)

    def _start(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        batch, self._pending = self._pending[: self.MAX_WRITERS], self._pending[self.MAX_WRITERS :]
        loop = asyncio.get_running_loop()
        self._started = loop.time()
        self._running = loop.create_task(self._run(batch))

    async def _run(self, batch: list[tuple[HotMessage, asyncio.Future[Any]]]) -> None:
        outcomes: list[Any]
        try:
            async with self._lock:  # ORM writers queue with the batches, in order
                outcomes = await asyncio.get_running_loop().run_in_executor(self._thread, self._write, [req for req, _ in batch])
        except BaseException as exc:  # every writer of the batch must hear of it, whatever it is
            outcomes = [exc] * len(batch)
        for (_, future), outcome in zip(batch, outcomes, strict=True):
            if future.done():
                continue  # its writer was cancelled; the message is stored all the same
            if isinstance(outcome, BaseException):
                future.set_exception(outcome)
            else:
                future.set_result(outcome)
        self._last_batch = len(batch)
        self._running = None
        if self._pending:
            loop = asyncio.get_running_loop()
            wait = self._started + self.WINDOW - loop.time() if self._last_batch > 1 else 0.0
            if wait <= 0 or len(self._pending) >= self.MAX_WRITERS:
                self._start()
            elif self._timer is None:
                self._timer = loop.call_later(wait, self._due)

    def _write(self, requests: list[HotMessage]) -> list[Any]:
        """On the writer thread: one transaction for the batch, a savepoint per message. Returns
        each message's HotResult, None (not the sender's open conversation) or IntegrityError;
        any other failure undoes the whole batch and is every message's outcome."""
        raw = self._connect()
        _begin_immediate_blocking(raw)
        outcomes: list[Any] = []
        try:
            for req in requests:
                raw.execute("SAVEPOINT hot")
                try:
                    outcomes.append(run_sync(raw, message_steps(req, sqlite=True)))
                except IntegrityError as exc:
                    raw.execute("ROLLBACK TO hot")
                    outcomes.append(exc)
                raw.execute("RELEASE hot")
            raw.execute("COMMIT")
        except Exception as exc:
            with contextlib.suppress(sqlite3.Error):
                if raw.in_transaction:
                    raw.execute("ROLLBACK")
            return [exc] * len(requests)
        return outcomes

    async def close(self) -> None:
        """Write what is queued now (shutdown): its writers get their acks, not an error."""
        while self._running is not None or self._pending:
            if self._running is None:
                self._start()
            running = self._running
            assert running is not None
            await asyncio.shield(running)
        self._thread.shutdown(wait=True)


def _begin_immediate_blocking(raw: sqlite3.Connection) -> None:
    """BEGIN IMMEDIATE on the writer thread: while another process holds SQLite's write lock,
    wait for it here, off the event loop, as _retry_locked does on it."""
    delays = _locked_delays()
    while True:
        try:
            raw.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            delay = next(delays, None)
            if "locked" not in str(exc) or delay is None:
                raise
            time.sleep(delay)


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            path = make_url(url).database
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            self.write_engine = _sqlite_engine(url, "BEGIN IMMEDIATE", WRITER_BUSY_TIMEOUT_MS)
            self.read_engine = _sqlite_engine(url, "BEGIN", READER_BUSY_TIMEOUT_MS)
        else:
            self.write_engine = create_async_engine(
                url, pool_size=10, max_overflow=20, pool_pre_ping=True
            )
            self.read_engine = self.write_engine
        self._writers = async_sessionmaker(self.write_engine, expire_on_commit=False)
        self._readers = async_sessionmaker(self.read_engine, expire_on_commit=False)
        self._write_lock = asyncio.Lock() if self.is_sqlite else None
        self._sqlite_path = make_url(url).database if self.is_sqlite else None
        self._raw: sqlite3.Connection | None = None
        self._group = _GroupCommit(self._write_lock, self._raw_connection) if self._write_lock is not None else None

    @contextlib.asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncSession]:
        """A write transaction: committed when the block ends, rolled back on an exception."""
        if self._write_lock is None:
            async with self._writers() as session, session.begin():
                yield session
            return
        async with self._write_lock, self._writers() as session:
            await self._begin_immediate(session)
            try:
                yield session
            except BaseException:
                await session.rollback()
                raise
            await session.commit()

    async def _begin_immediate(self, session: AsyncSession) -> None:
        """Take SQLite's write lock before the block runs (the session's BEGIN IMMEDIATE)."""

        async def begin() -> None:
            await session.connection()

        await _retry_locked(begin, session.rollback)

    async def store_message(self, req: HotMessage) -> HotResult | None:
        """Store one ordinary chat message (server/db/hot.py) and commit it: on SQLite in a
        group commit (_GroupCommit), on PostgreSQL in a transaction of its own. None when the
        conversation is not the sender's open one; IntegrityError for a stored client id."""
        if self._group is not None:
            return await self._group.store(req)
        async with self.write_engine.begin() as conn:
            return await run_async(conn, message_steps(req, sqlite=False))

    def _raw_connection(self) -> sqlite3.Connection:
        if self._raw is None:
            raw = sqlite3.connect(self._sqlite_path or ":memory:", isolation_level=None, check_same_thread=False)
            _sqlite_pragmas(raw, WRITER_BUSY_TIMEOUT_MS)
            self._raw = raw
        return self._raw

    @contextlib.asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        async with self._readers() as session, session.begin():
            yield session

    async def ping(self) -> bool:
        try:
            async with self.read_engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
            return True
        except Exception:  # any driver or network failure means "not reachable"
            return False

    async def dispose(self) -> None:
        if self._group is not None:
            await self._group.close()
        if self._raw is not None:
            self._raw.close()
            self._raw = None
        await self.write_engine.dispose()
        if self.read_engine is not self.write_engine:
            await self.read_engine.dispose()
