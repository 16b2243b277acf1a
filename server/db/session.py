"""Engines and transactions.

SQLite (the embedded default): WAL mode, and every write transaction starts with
`BEGIN IMMEDIATE`, so a read that is followed by a write in the same transaction can never fail
with "database is locked" half-way. Inside one process, writers also take an asyncio lock so they
queue without SQLite's busy polling. PostgreSQL: one pooled engine; row locks do the work.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
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

from server.db.hot import (
    POSTGRES,
    RECENT_VISITOR_MESSAGES,
    SQLITE,
    HotMessage,
    HotResult,
    Outcome,
    RecentVisitorMessages,
    batch_steps,
    run_async,
    run_sync,
)
from server.extras import require_database_driver

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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # a connection some task still held while the engine was disposed (a socket closing
        # during shutdown) must not keep the process from exiting: its thread is a daemon
        self._thread.daemon = True

    async def _execute(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        return fn(*args, **kwargs)


def _sqlite_pragmas(connection: Any, busy_timeout_ms: int) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # deleted and overwritten content is zeroed in the file, not just unlinked: an erased
    # conversation's text must not survive in free pages (server/actions/privacy.py)
    cursor.execute("PRAGMA secure_delete=ON")
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


async def _retry_locked(
    begin: Callable[[], Awaitable[None]], undo: Callable[[], Awaitable[None]]
) -> None:
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
        return await _InlineConnection(
            lambda: sqlite3.connect(path, timeout=busy_timeout_ms / 1000, check_same_thread=False),
            64,
        )

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
    """Hot-path messages (server/db/hot.py) that arrive within moments of each other are
    written together: one transaction, a fixed number of statements and one COMMIT per batch.

    A COMMIT costs more than a message's rows (WAL frames or a PostgreSQL fsync), and every
    commit is a round of acks, which the sockets, the kernel and the clients handle far more
    cheaply in a burst than one by one. `store` queues a message and returns its outcome once
    its batch is committed: acks and events still follow the commit, and if the batch fails
    every writer of it gets the error (clients resend), except for a unique violation (then
    each message is written alone, and only its own writer hears of it). A writer cancelled
    meanwhile does not cancel the batch. Batches hold `lock` while they are written: on SQLite
    the asyncio lock of every ORM writer (they queue in order), on PostgreSQL one of their own
    (one batch at a time per node; row locks order them with other writers and nodes).

    When does a batch start? Like PostgreSQL's commit_delay: a writer alone (the last batch had
    one writer: a quiet moment) starts it on the loop's next turn; while messages keep coming
    (the last batch had company) a batch gathers WINDOW seconds from the previous one's start.
    Measured by bench/relay.py on 2 cores (100 pairs): next-turn commits only ~1,500 msg/s,
    2 ms ~2,200, 5 ms ~2,500, 8 ms ~2,700-2,800, 15 ms no better (statements on the loop's
    thread, before the writer thread); 8 ms keeps p99 at 500 msg/s near 20 ms. A quiet server
    adds no delay at all. MAX_WRITERS bounds a batch.
    """

    MAX_WRITERS = 64
    WINDOW = 0.008

    def __init__(
        self, lock: asyncio.Lock, write: Callable[[list[HotMessage]], Awaitable[list[Outcome]]]
    ):
        self._lock = lock
        self._write = write  # one transaction for the batch: each message's outcome, or raises
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
                self._timer = (
                    loop.call_soon(self._due)
                    if self._last_batch <= 1
                    else loop.call_later(self.WINDOW, self._due)
                )
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
        requests = [req for req, _ in batch]
        outcomes: list[Any]
        try:
            async with self._lock:
                outcomes = await self._write(requests)
        except IntegrityError as exc:
            # a row another writer committed after the batch read its state (on PostgreSQL: the
            # same client id on the full path at the same moment): one message's conflict must
            # not fail the others, so each is written alone and gets its own outcome
            outcomes = [exc] if len(batch) == 1 else [await self._alone(req) for req in requests]
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

    async def _alone(self, req: HotMessage) -> Any:
        try:
            async with self._lock:
                return (await self._write([req]))[0]
        except BaseException as exc:  # its writer hears of it, as from a whole batch
            return exc

    async def close(self) -> None:
        """Write what is queued now (shutdown): its writers get their acks, not an error."""
        while self._running is not None or self._pending:
            if self._running is None:
                self._start()
            running = self._running
            assert running is not None
            await asyncio.shield(running)


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


def create_private_file(path: str | Path) -> None:
    """Create an SQLite database file readable by its owner only (0600, in a directory created
    0700): transcripts are in it. SQLite gives its -wal and -shm files the database file's mode.
    An existing file keeps its mode (the operator's choice)."""
    path = Path(path)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))


class Database:
    def __init__(self, url: str, keep_context: bool = False) -> None:
        """`keep_context`: keep the visitors' latest messages between writes
        (`recent_visitor_messages`); only where this process is the only one that writes chat
        messages: SQLite without other nodes (no Redis). Ignored on PostgreSQL."""
        require_database_driver(url)
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            path = make_url(url).database
            if path and path != ":memory:":
                create_private_file(path)
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
        self._raw_reader: sqlite3.Connection | None = None
        self._writer_thread: ThreadPoolExecutor | None = None
        # SQLite: the context of the hot path, kept between writes (RecentVisitorMessages);
        # the writer thread's `PRAGMA data_version` tells of commits by other connections
        self._keep_context = keep_context and self.is_sqlite
        self._recent: RecentVisitorMessages | None = None
        self._data_version: int | None = None
        self._others_wrote = False
        if self._write_lock is not None:
            self._writer_thread = ThreadPoolExecutor(
                max_workers=1, thread_name_prefix="netreach-sqlite-writer"
            )
            self._group = _GroupCommit(self._write_lock, self._write_batch_sqlite)
        else:
            self._group = _GroupCommit(asyncio.Lock(), self._write_batch_postgres)

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
            # it may have stored a visitor message (the full path) or erased some
            self._forget_recent()

    async def _begin_immediate(self, session: AsyncSession) -> None:
        """Take SQLite's write lock before the block runs (the session's BEGIN IMMEDIATE)."""

        async def begin() -> None:
            await session.connection()

        await _retry_locked(begin, session.rollback)

    async def store_message(self, req: HotMessage) -> HotResult | None:
        """Store one ordinary chat message (server/db/hot.py) in a group commit (_GroupCommit)
        and return once it is committed. None when the conversation is not the sender's open
        one; IntegrityError for a client id stored already (a resend)."""
        result: HotResult | None = await self._group.store(req)
        if result is not None and self._recent is not None and req.staff_id is None:
            self._recent.add(result.message)
        return result

    def _forget_recent(self) -> None:
        if self._recent is not None:
            self._recent.clear()

    async def _write_batch_sqlite(self, requests: list[HotMessage]) -> list[Outcome]:
        """On the writer thread (sqlite3 lets go of the GIL inside SQLite, so the loop serves
        sockets meanwhile, and a slow disk or another process's lock stalls only the thread)."""
        outcomes = await asyncio.get_running_loop().run_in_executor(
            self._writer_thread, self._write_sqlite, requests
        )
        if self._others_wrote:
            self._others_wrote = False
            self._forget_recent()
        return outcomes

    def _write_sqlite(self, requests: list[HotMessage]) -> list[Outcome]:
        raw = self._raw_connection()
        _begin_immediate_blocking(raw)
        try:
            # changes when another connection committed since this one's last look: this
            # process's full path (which clears the kept context itself) or another process
            # (a command that erased conversations, say), which can reach us only this way
            (version,) = raw.execute("PRAGMA data_version").fetchone()
            if version != self._data_version:
                self._others_wrote = self._data_version is not None
                self._data_version = version
            outcomes = run_sync(raw, batch_steps(requests, SQLITE))
            raw.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                if raw.in_transaction:
                    raw.execute("ROLLBACK")
            raise
        return outcomes

    async def _write_batch_postgres(self, requests: list[HotMessage]) -> list[Outcome]:
        async with self.write_engine.begin() as conn:
            return await run_async(conn, batch_steps(requests, POSTGRES))

    def _raw_connection(self) -> sqlite3.Connection:
        if self._raw is None:
            # cached_statements: the hot path prepares a statement per batch size (server/db/hot.py)
            raw = sqlite3.connect(
                self._sqlite_path or ":memory:",
                isolation_level=None,
                check_same_thread=False,
                cached_statements=512,
            )
            _sqlite_pragmas(raw, WRITER_BUSY_TIMEOUT_MS)
            self._raw = raw
        return self._raw

    async def recent_visitor_messages(
        self, conversation_id: str, limit: int
    ) -> list[tuple[str, str]]:
        """The visitor's last `limit` messages in a conversation as (id, text), oldest first,
        outside any transaction: the context the hot path assesses a new message in
        (moderation.assess_conversation). On SQLite from what this node keeps between writes
        (server/db/hot.py RecentVisitorMessages), else one indexed statement on a raw
        connection on the loop's thread (no ORM session, no thread hop); on PostgreSQL, where
        other nodes write too, one statement through SQLAlchemy Core every time."""
        params = {"cid": conversation_id, "n": limit}
        rows: list[Any]
        if not self.is_sqlite:
            async with self.read_engine.connect() as conn:
                rows = list((await conn.execute(text(RECENT_VISITOR_MESSAGES), params)).all())
        elif not self._keep_context:
            rows = self._reader().execute(RECENT_VISITOR_MESSAGES, params).fetchall()
        else:
            if self._recent is None or self._recent.limit != limit:
                self._recent = RecentVisitorMessages(limit)
            kept = self._recent.get(conversation_id)
            if kept is not None:
                return kept
            rows = self._reader().execute(RECENT_VISITOR_MESSAGES, params).fetchall()
            self._recent.fill(conversation_id, rows)
        return [(r[1], r[2]) for r in reversed(rows)]

    def _reader(self) -> sqlite3.Connection:
        """A raw SQLite connection for single-statement reads on the loop's thread (autocommit:
        each statement reads its own snapshot of the WAL)."""
        if self._raw_reader is None:
            raw = sqlite3.connect(
                self._sqlite_path or ":memory:", isolation_level=None, check_same_thread=False
            )
            _sqlite_pragmas(raw, READER_BUSY_TIMEOUT_MS)
            self._raw_reader = raw
        return self._raw_reader

    async def checkpoint(self, attempts: int = 40, pause: float = 0.05) -> bool:
        """SQLite: copy the write-ahead log into the database file and truncate it to nothing
        (`PRAGMA wal_checkpoint(TRUNCATE)`), so page images that held erased text are gone from
        the -wal file too. A reader in the middle of a read (this process's or another's) keeps
        the log: then it tries again after `pause` seconds, up to `attempts` times, holding the
        write lock (this process's writers wait) only during each attempt. True when the log
        was emptied (False: readers kept it all along; the next checkpoint finishes it).
        PostgreSQL: nothing to do here (see docs/operations.md), True."""
        if self._write_lock is None or self._writer_thread is None:
            return True
        raw = self._raw_connection()
        loop = asyncio.get_running_loop()
        for attempt in range(attempts):
            if attempt:
                await asyncio.sleep(pause)
            async with self._write_lock:
                busy, _, _ = await loop.run_in_executor(
                    self._writer_thread,
                    lambda: raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone(),
                )
            if busy == 0:
                return True
        return False

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
        await self._group.close()
        if self._writer_thread is not None:
            self._writer_thread.shutdown(wait=True)
        if self._raw is not None:
            self._raw.close()
            self._raw = None
        if self._raw_reader is not None:
            self._raw_reader.close()
            self._raw_reader = None
        await self.write_engine.dispose()
        if self.read_engine is not self.write_engine:
            await self.read_engine.dispose()
