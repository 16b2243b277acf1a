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
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import aiosqlite
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from server.db.hot import HotTx

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


async def _retry_locked(begin: Callable[[], Awaitable[None]], undo: Callable[[], Awaitable[None]]) -> None:
    """Run `begin` (a BEGIN IMMEDIATE) until it gets SQLite's write lock. While another process
    holds it, wait with asyncio.sleep (the loop keeps serving) instead of blocking inside SQLite."""
    delay = 0.005
    waited = 0.0
    while True:
        try:
            await begin()
            return
        except (OperationalError, sqlite3.OperationalError) as exc:
            if "locked" not in str(exc) or waited >= LOCKED_RETRY_SECONDS:
                raise
            await undo()
            await asyncio.sleep(delay)
            waited += delay
            delay = min(delay * 2, 0.25)


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
    """SQLite hot-path writers that arrive within moments of each other share one transaction
    and one COMMIT.

    A COMMIT costs more than the two statements of a message (WAL frames for every page
    touched), and every commit is a round of acks. The first writer takes the write lock (the
    same lock as every ORM writer), begins the transaction and schedules the COMMIT; writers
    that arrive before it run in the same transaction, each in a SAVEPOINT of its own, so one
    that fails (a resend's unique violation, a refusal) undoes only its own statements. Every
    writer waits for the COMMIT before its `async with` ends: acks and events still follow the
    commit, and if the COMMIT fails every writer of the batch gets the error (clients resend).

    When does it commit? Like PostgreSQL's commit_delay: a writer alone (the last batch had
    one writer: a quiet moment) commits on the loop's next turn; while messages keep coming
    (the last batch had company) the batch stays open WINDOW seconds to gather more. A batch
    is also a burst of acks, which the sockets, the kernel and the clients handle far more
    cheaply than the same acks one by one. Measured by bench/relay.py on 2 cores (100 pairs):
    next-turn commits only ~1,500 msg/s, 2 ms ~2,200, 5 ms ~2,500, 8 ms ~2,700-2,800, 15 ms
    no better; 8 ms keeps p99 at 500 msg/s near 20 ms. A quiet server adds no delay at all.
    """

    MAX_WRITERS = 64  # a batch this large commits before more join (bounds the wait)
    WINDOW = 0.008

    def __init__(self, lock: asyncio.Lock, connect: Callable[[], sqlite3.Connection]):
        self._lock = lock
        self._connect = connect
        self._body = asyncio.Lock()  # one writer's statements at a time: savepoints never interleave
        self._committed: asyncio.Future[None] | None = None  # the open batch's COMMIT
        self._writers = 0
        self._last_batch = 0

    async def _enter(self) -> None:
        """Take the body lock, in a batch that has room (a full one is waited out, unlocked)."""
        while True:
            if self._committed is not None and self._writers >= self.MAX_WRITERS:
                await asyncio.shield(self._committed)
                continue
            await self._body.acquire()
            if self._committed is not None and self._writers >= self.MAX_WRITERS:
                self._body.release()
                continue
            return

    async def _open(self) -> None:
        await self._lock.acquire()
        try:
            raw = self._connect()

            async def begin() -> None:
                raw.execute("BEGIN IMMEDIATE")

            async def nothing() -> None:
                return None

            await _retry_locked(begin, nothing)
        except BaseException:
            self._lock.release()
            raise
        loop = asyncio.get_running_loop()
        self._committed = loop.create_future()
        self._writers = 0
        if self._last_batch > 1:
            loop.call_later(self.WINDOW, self._commit, self._committed)
        else:
            loop.call_soon(self._commit, self._committed)

    def _commit(self, batch: asyncio.Future[None]) -> None:
        if batch is not self._committed:
            return  # that batch filled up and committed early
        if self._body.locked():
            asyncio.get_running_loop().call_soon(self._commit, batch)  # a writer is mid-way: after it
            return
        committed, self._committed = batch, None
        self._last_batch = self._writers
        raw = self._connect()
        try:
            raw.execute("COMMIT")
            committed.set_result(None)
        except Exception as exc:  # every writer of the batch must hear of it, whatever it is
            with contextlib.suppress(sqlite3.Error):
                if raw.in_transaction:
                    raw.execute("ROLLBACK")
            committed.set_exception(exc)
        finally:
            self._lock.release()

    async def close(self) -> None:
        """Commit the open batch now (shutdown): its writers get their acks, not an error."""
        while (batch := self._committed) is not None:
            if self._body.locked():
                await asyncio.sleep(0)
                continue
            self._commit(batch)
            with contextlib.suppress(Exception):
                await asyncio.shield(batch)


class _HotWriter:
    """`async with`: one writer of a group commit (a class, not a generator: it runs for every
    chat message). Yields the HotTx; ends once the batch committed, or raises."""

    __slots__ = ("_group", "_committed", "_raw")

    def __init__(self, group: _GroupCommit) -> None:
        self._group = group

    async def __aenter__(self) -> HotTx:
        group = self._group
        await group._enter()
        try:
            if group._committed is None:
                await group._open()
            assert group._committed is not None
            self._committed = group._committed
            group._writers += 1
            if group._writers == group.MAX_WRITERS:  # full: commit once this writer is done
                asyncio.get_running_loop().call_soon(group._commit, group._committed)
            self._raw = raw = group._connect()
            raw.execute("SAVEPOINT hot")
        except BaseException:
            group._body.release()
            raise
        return HotTx(sqlite=raw)

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: Any) -> None:
        raw = self._raw
        try:
            if exc_type is None:
                raw.execute("RELEASE hot")
            elif raw.in_transaction:  # undo this writer's statements (SQLite may have undone all)
                with contextlib.suppress(sqlite3.Error):
                    raw.execute("ROLLBACK TO hot")
                    raw.execute("RELEASE hot")
        finally:
            self._group._body.release()
        if exc_type is None:
            # shielded: a writer cancelled here must not cancel the commit the others wait for
            await asyncio.shield(self._committed)


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

    def hot(self) -> contextlib.AbstractAsyncContextManager[HotTx]:
        """A write transaction for the message hot path (server/db/hot.py): on SQLite a raw
        sqlite3 connection in a group commit (_GroupCommit), on PostgreSQL Core in a pooled one.
        The block's writes are committed when `async with` ends; it raises if they were not."""
        if self._group is None:
            return self._core_hot()
        return _HotWriter(self._group)

    @contextlib.asynccontextmanager
    async def _core_hot(self) -> AsyncIterator[HotTx]:
        async with self.write_engine.begin() as conn:
            yield HotTx(core=conn)

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
