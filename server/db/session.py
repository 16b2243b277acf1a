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
from collections.abc import AsyncIterator
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
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # SQLite calls run on the event loop's thread: never let SQLite sleep long on a lock
        # there. Another process holding the write lock (a CLI import, a migration) makes the
        # writer's BEGIN IMMEDIATE fail at once and Database.write() retries with asyncio.sleep;
        # WAL readers wait for locks only in rare moments (recovery), briefly.
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql(begin)

    return engine


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
        """Take SQLite's write lock before the block runs. While another process holds it, wait
        with asyncio.sleep (the loop keeps serving) instead of blocking inside SQLite."""
        delay = 0.005
        waited = 0.0
        while True:
            try:
                await session.connection()  # emits BEGIN IMMEDIATE
                return
            except OperationalError as exc:
                if "locked" not in str(exc) or waited >= LOCKED_RETRY_SECONDS:
                    raise
                await session.rollback()
                await asyncio.sleep(delay)
                waited += delay
                delay = min(delay * 2, 0.25)

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
        await self.write_engine.dispose()
        if self.read_engine is not self.write_engine:
            await self.read_engine.dispose()
