"""The embedded database: another process holding SQLite's write lock must not freeze the server,
and the message hot path's group commit keeps every writer's outcome its own."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Awaitable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from server.db.hot import HotMessage, MessageRow, RecentVisitorMessages
from server.db.migrate import upgrade
from server.db.session import Database
from tests.conftest import USE_PG, _fresh_database


@contextlib.asynccontextmanager
async def _another_process_writing(path: Path, seconds: float) -> AsyncIterator[list[int]]:
    """Another connection (e.g. `netreach resources import`) holds SQLite's write lock for
    `seconds`. Yields a counter that a task bumps every 10 ms while the event loop is free."""
    held = threading.Event()

    def other_process() -> None:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO login_throttle(username, failures) VALUES ('other', 1)")
        held.set()
        time.sleep(seconds)
        conn.execute("COMMIT")
        conn.close()

    thread = threading.Thread(target=other_process)
    thread.start()
    await asyncio.to_thread(held.wait)
    ticks = [0]

    async def ticker() -> None:
        while True:
            await asyncio.sleep(0.01)
            ticks[0] += 1

    task = asyncio.create_task(ticker())
    try:
        yield ticks
    finally:
        task.cancel()
        thread.join()


async def test_writer_waits_for_another_process_lock_without_blocking_the_loop(
    tmp_path: Path,
) -> None:
    path = tmp_path / "lock.sqlite3"
    url = f"sqlite+aiosqlite:///{path}"
    await asyncio.to_thread(upgrade, url)
    db = Database(url)
    try:
        async with _another_process_writing(path, 0.6) as ticks:
            async with db.write() as s:
                await s.execute(
                    text("INSERT INTO login_throttle(username, failures) VALUES ('server', 1)")
                )
            # the event loop kept running while the write waited for the lock
            assert ticks[0] >= 10

        async def failing_write() -> None:
            async with db.write() as s:
                await s.execute(
                    text("INSERT INTO login_throttle(username, failures) VALUES ('rolled back', 1)")
                )
                raise RuntimeError("the block failed")

        with pytest.raises(RuntimeError, match="the block failed"):
            await failing_write()
        async with db.read() as s:
            names = sorted((await s.execute(text("SELECT username FROM login_throttle"))).scalars())
        assert names == ["other", "server"]
    finally:
        await db.dispose()


async def _chat_database(
    tmp_path: Path, template: str | None = None, keep_context: bool = False
) -> tuple[Database, str]:
    """A visitor, a networker and their active conversation: in a SQLite file of its own, or,
    given the session's `database_template`, in the database the suite runs on (PostgreSQL
    when DATABASE_URL is set: the group commit's statements differ there)."""
    if template is not None:
        url = await _fresh_database(template, tmp_path)
    else:
        url = f"sqlite+aiosqlite:///{tmp_path / 'hot.sqlite3'}"
        await asyncio.to_thread(upgrade, url)
    db = Database(url, keep_context=keep_context)
    t = "'2026-01-01 00:00:00.000000'"
    async with db.write() as s:
        await s.execute(
            text(
                f"INSERT INTO visitors(id, token_hash, language, created_at) VALUES ('v1', 'th', 'pl', {t})"
            )
        )
        await s.execute(
            text(
                "INSERT INTO staff(id, username, display_name, password_hash, role, is_active, language, created_at, on_duty, capacity, auto_assign)"
                f" VALUES ('s1', 'ania', 'Ania', 'x', 'networker', true, 'pl', {t}, true, 4, true)"
            )
        )
        await s.execute(
            text(
                "INSERT INTO conversations(id, visitor_id, status, priority, requeued, created_at, queued_at, assigned_staff_id, assigned_at, topics, language, first_message, last_seq, risk)"
                f" VALUES ('c1', 'v1', 'active', 0, false, {t}, {t}, 's1', {t}, '[]', 'pl', '', 0, 'none')"
            )
        )
    return db, "c1"


def _staff_message(conversation_id: str, client_id: str, staff_id: str = "s1") -> HotMessage:
    return HotMessage(
        conversation_id, None, staff_id, client_id, f"text {client_id}", datetime.now(UTC)
    )


async def _stored_seq(db: Database, conversation_id: str, client_id: str) -> int:
    """Store a networker's message; its seq."""
    stored = await db.store_message(_staff_message(conversation_id, client_id))
    assert stored is not None
    return stored.message.seq


async def _stored(db: Database) -> list[tuple[int, str]]:
    async with db.read() as s:
        rows = (
            await s.execute(
                text(
                    "SELECT seq, client_id FROM messages WHERE conversation_id = 'c1' ORDER BY seq"
                )
            )
        ).all()
        last_seq = (
            await s.execute(text("SELECT last_seq FROM conversations WHERE id = 'c1'"))
        ).scalar_one()
    assert last_seq == (rows[-1][0] if rows else 0)  # no seq taken without its row
    return [(r.seq, r.client_id) for r in rows]


def _count_batches(db: Database) -> list[int]:
    """The sizes of the batches the group commit writes, as they are written."""
    batches: list[int] = []
    real_write = db._group._write

    async def counting_write(requests: list[HotMessage]) -> list[Any]:
        batches.append(len(requests))
        return await real_write(requests)

    db._group._write = counting_write  # type: ignore[method-assign]
    return batches


async def test_hot_writers_share_commits_and_a_failing_writer_undoes_only_its_own_work(
    tmp_path: Path, database_template: str
) -> None:
    db, cid = await _chat_database(tmp_path, database_template)
    batches = _count_batches(db)

    async def send(client_id: str, staff_id: str = "s1") -> int | None:
        stored = await db.store_message(_staff_message(cid, client_id, staff_id))
        return None if stored is None else stored.message.seq

    async def orm_writer() -> None:  # an ordinary ORM write queues with the batches
        async with db.write() as s:
            await s.execute(
                text("INSERT INTO login_throttle(username, failures) VALUES ('orm', 1)")
            )

    try:
        await asyncio.gather(send("w1"), send("w2"))  # busy: the next batch gathers over its window
        jobs: list[Any] = [send(f"c{i}") for i in range(30)]
        jobs.insert(15, orm_writer())
        jobs.insert(
            7, send("c3")
        )  # a resend of c3's client id in the same moment: after its insert
        jobs.insert(
            20, send("x", staff_id="s2")
        )  # not this networker's conversation: nothing written
        results = await asyncio.gather(*jobs, return_exceptions=True)
        assert [type(r).__name__ for r in results if isinstance(r, BaseException)] == [
            IntegrityError.__name__
        ]
        assert results.count(None) == 2  # the ORM writer's and the stranger's
        seqs = sorted(r for r in results if isinstance(r, int))
        # the resend's seq increment was undone with its row: no gaps, no repeats
        assert seqs == list(range(3, 33))
        assert sorted(c for _, c in await _stored(db)) == sorted(
            ["w1", "w2", *(f"c{i}" for i in range(30))]
        )
        async with db.read() as s:
            assert (
                await s.execute(text("SELECT count(*) FROM login_throttle WHERE username = 'orm'"))
            ).scalar_one() == 1
        assert max(batches) > 1  # they did share commits
        # a writer at a quiet moment is written at once, alone
        batches.clear()
        await asyncio.sleep(0.05)
        assert await send("alone") == 33
        await asyncio.sleep(0.05)
        assert await send("alone again") == 34
        assert batches == [1, 1]
    finally:
        await db.dispose()


async def test_two_nodes_writing_in_one_conversation_take_turns_without_gaps_or_repeats(
    tmp_path: Path, database_template: str
) -> None:
    """Two servers (two Database objects, as two nodes or processes) batch messages into the
    same conversation at once: each batch sees the other's last seq (PostgreSQL: the
    conversation row is locked; SQLite: BEGIN IMMEDIATE), none is taken for a resend."""
    db, cid = await _chat_database(tmp_path, database_template)
    other = Database(db.url)

    async def send(node: Database, client_id: str) -> int:
        stored = await node.store_message(_staff_message(cid, client_id))
        assert stored is not None
        return stored.message.seq

    try:
        for round_ in range(3):  # rounds of batches meeting each other
            await asyncio.gather(
                *(  # unique client ids (random ones collided across rounds now and then)
                    send(node, f"{name}{round_}-{i}")
                    for i in range(15)
                    for node, name in ((db, "a"), (other, "b"))
                )
            )
        rows = await _stored(db)
        assert [seq for seq, _ in rows] == list(range(1, 91))
    finally:
        await other.dispose()
        await db.dispose()


async def test_an_orm_writer_gets_its_turn_while_hot_messages_keep_coming(tmp_path: Path) -> None:
    """Hot batches on SQLite take the write lock one after another while messages keep coming;
    an ORM writer (a claim, a closed chat) must get in between two batches, not after the
    stream."""
    db, cid = await _chat_database(tmp_path)
    db._group.MAX_WRITERS = 4
    real_write = db._write_sqlite

    def slow_write(requests: list[HotMessage]) -> list[Any]:
        time.sleep(0.005)  # a slow disk: 40 senders keep the queue from ever running empty
        return real_write(requests)

    db._write_sqlite = slow_write  # type: ignore[method-assign]
    streaming = True
    sent = 0
    flowing = asyncio.Event()

    async def sender(n: int) -> None:
        nonlocal sent
        while streaming:
            await _stored_seq(db, cid, f"s{n}-{sent}")
            sent += 1
            if sent >= 200:
                flowing.set()

    senders = [asyncio.create_task(sender(n)) for n in range(40)]
    try:
        await asyncio.wait_for(flowing.wait(), 10)  # the stream is flowing: batch after batch

        async def orm_writer() -> None:
            async with db.write() as s:
                await s.execute(
                    text("INSERT INTO login_throttle(username, failures) VALUES ('orm', 1)")
                )

        await asyncio.wait_for(orm_writer(), 5)
        during = sent
        await asyncio.sleep(0.05)
        assert sent > during  # the stream was still going when the ORM writer was done
    finally:
        streaming = False
        await asyncio.gather(*senders)
        await db.dispose()
    async with Database(db.url).read() as s:
        assert (
            await s.execute(text("SELECT count(*) FROM login_throttle WHERE username = 'orm'"))
        ).scalar_one() == 1


async def test_a_row_committed_by_another_writer_meanwhile_fails_only_its_own_message(
    tmp_path: Path, database_template: str
) -> None:
    """Another transaction stores a client id while a batch that holds the same one waits for
    it (on PostgreSQL the batch reads its state, then meets the row at its INSERT): that
    message is a resend, and the batch's other messages are stored all the same."""
    if not USE_PG:
        pytest.skip("SQLite's BEGIN IMMEDIATE lets no other writer in between: PostgreSQL only")
    db, cid = await _chat_database(tmp_path, database_template)
    try:
        async with db.write_engine.connect() as other:
            await other.begin()
            await other.execute(
                text(
                    "INSERT INTO messages(id, conversation_id, seq, sender, staff_id, client_id, text, created_at)"
                    " VALUES ('m_other', :cid, 500, 'staff', 's1', 'race', 'x', now())"
                ),
                {"cid": cid},
            )
            batch = asyncio.gather(
                *(_stored_seq(db, cid, c) for c in ("ok1", "race", "ok2")), return_exceptions=True
            )
            await asyncio.sleep(0.3)  # the batch waits for the other transaction's locks
            await other.commit()
            ok1, race, ok2 = await asyncio.wait_for(batch, 10)
        assert isinstance(race, IntegrityError)  # a resend: the full path returns the stored one
        assert (ok1, ok2) == (1, 2)
    finally:
        await db.dispose()


async def test_a_hot_writer_cancelled_while_its_batch_is_written_leaves_the_others_alone(
    tmp_path: Path, database_template: str
) -> None:
    db, cid = await _chat_database(tmp_path, database_template)

    send = functools.partial(_stored_seq, db, cid)

    try:
        await asyncio.gather(send("w1"), send("w2"))  # busy: the next batch gathers over its window
        tasks = [asyncio.create_task(send(c)) for c in ("a", "b", "c")]
        await asyncio.sleep(0)  # all three are queued
        tasks[1].cancel()  # its client disconnected while waiting for the commit
        done = await asyncio.gather(*tasks, return_exceptions=True)
        assert done[0] == 3
        assert done[2] == 5
        assert isinstance(done[1], asyncio.CancelledError)
        # its message was stored all the same: the client resends it and gets the stored one
        assert await _stored(db) == [(1, "w1"), (2, "w2"), (3, "a"), (4, "b"), (5, "c")]
    finally:
        await db.dispose()


async def test_a_full_batch_is_written_at_once_and_later_writers_start_the_next(
    tmp_path: Path, database_template: str
) -> None:
    db, cid = await _chat_database(tmp_path, database_template)
    batches = _count_batches(db)
    db._group.MAX_WRITERS = 4  # small batches, so that 32 writers fill several
    db._group.WINDOW = 60.0  # only a full batch (or the one before it ending) starts one

    def send(i: int) -> Awaitable[int]:
        return _stored_seq(db, cid, f"c{i}")

    try:
        seqs = await asyncio.wait_for(asyncio.gather(*(send(i) for i in range(32))), 10)
        assert sorted(seqs) == list(range(1, 33))
        assert batches == [4] * 8
    finally:
        await db.dispose()


async def test_a_failed_commit_reaches_every_writer_of_the_batch_and_keeps_nothing(
    tmp_path: Path,
) -> None:
    db, cid = await _chat_database(tmp_path)
    real_connect = db._raw_connection

    class FullDisk:  # the COMMIT fails as it would on a full disk
        def __init__(self, raw: sqlite3.Connection) -> None:
            self.raw = raw

        def execute(self, sql: str, *args: Any) -> Any:
            if sql == "COMMIT":
                raise sqlite3.OperationalError("database or disk is full")
            return self.raw.execute(sql, *args)

        @property
        def in_transaction(self) -> bool:
            return self.raw.in_transaction

    db._raw_connection = lambda: FullDisk(real_connect())  # type: ignore[assignment, method-assign, return-value]

    send = functools.partial(_stored_seq, db, cid)

    try:
        results = await asyncio.gather(*(send(f"c{i}") for i in range(5)), return_exceptions=True)
        assert all(isinstance(r, sqlite3.OperationalError) for r in results), results
        db._raw_connection = real_connect  # type: ignore[method-assign]
        assert await _stored(db) == []
        assert await send("after") == 1  # the next batch starts clean
    finally:
        await db.dispose()


async def test_a_hot_writer_waits_for_another_process_lock_without_blocking_the_loop(
    tmp_path: Path,
) -> None:
    db, cid = await _chat_database(tmp_path)
    try:
        async with _another_process_writing(tmp_path / "hot.sqlite3", 0.5) as ticks:
            assert await _stored_seq(db, cid, "waited") == 1
            assert ticks[0] >= 10  # the loop kept serving while the writer thread waited
    finally:
        await db.dispose()


async def test_closing_the_database_writes_what_is_queued(
    tmp_path: Path, database_template: str
) -> None:
    db, cid = await _chat_database(tmp_path, database_template)

    send = functools.partial(_stored_seq, db, cid)

    await asyncio.gather(send("w1"), send("w2"))  # busy: the next batch waits for its window
    writer = asyncio.create_task(send("last"))
    await asyncio.sleep(0)  # queued, its window still open
    await db.dispose()  # shutdown inside the window: the message is written, not dropped
    assert await writer == 3
    again = Database(db.url)
    try:
        assert await _stored(again) == [(1, "w1"), (2, "w2"), (3, "last")]
    finally:
        await again.dispose()


async def test_the_context_of_a_visitor_message_follows_every_write(
    tmp_path: Path, database_template: str
) -> None:
    """`recent_visitor_messages`, the messages a visitor's new message is assessed with (issue 20
    item 2), after hot messages, a message a full-path transaction stored, and an erasure by
    another process. Kept between writes on SQLite (one node), read every time on PostgreSQL."""
    db, cid = await _chat_database(tmp_path, database_template, keep_context=True)
    other = Database(db.url)  # another process: a command that erases, say
    now = datetime.now(UTC)

    async def visitor(client_id: str) -> None:
        stored = await db.store_message(
            HotMessage(cid, "v1", None, client_id, f"v {client_id}", now)
        )
        assert stored is not None

    async def context() -> list[str]:
        return [t for _, t in await db.recent_visitor_messages(cid, 3)]

    try:
        assert await context() == []
        await visitor("a")
        assert await context() == ["v a"]
        await visitor("b")
        await db.store_message(_staff_message(cid, "s"))  # the networker's: no context
        await asyncio.gather(visitor("c"), visitor("d"))  # one batch
        assert await context() == ["v b", "v c", "v d"]
        # the full path (a crisis message, say) stores a visitor message in a transaction
        async with db.write() as s:
            await s.execute(
                text(
                    "INSERT INTO messages(id, conversation_id, seq, sender, client_id, text, created_at)"
                    " VALUES ('full', 'c1', 6, 'visitor', 'full', 'v full', :now)"
                ),
                {"now": now.replace(tzinfo=None)},
            )
            await s.execute(text("UPDATE conversations SET last_seq = 6 WHERE id = 'c1'"))
        assert await context() == ["v c", "v d", "v full"]
        # another process erases the messages; the node's next write hears of it
        async with other.write() as s:
            await s.execute(text("DELETE FROM messages WHERE conversation_id = 'c1'"))
        await visitor("e")
        assert await context() == ["v e"]
    finally:
        await other.dispose()
        await db.dispose()


async def test_a_kept_context_is_read_without_a_statement(tmp_path: Path) -> None:
    db, cid = await _chat_database(tmp_path, keep_context=True)
    statements: list[str] = []
    try:
        assert await db.recent_visitor_messages(cid, 3) == []
        db._reader().set_trace_callback(statements.append)
        stored = await db.store_message(HotMessage(cid, "v1", None, "a", "hej", datetime.now(UTC)))
        assert stored is not None
        assert await db.recent_visitor_messages(cid, 3) == [(stored.message.id, "hej")]
        assert statements == []  # from what the node kept
        async with db.write():
            pass  # any transaction may have written a visitor message: read again
        assert await db.recent_visitor_messages(cid, 3) == [(stored.message.id, "hej")]
        assert len(statements) == 1
    finally:
        await db.dispose()


def test_kept_contexts_start_only_from_sql_and_stay_bounded() -> None:
    kept = RecentVisitorMessages(limit=2, max_conversations=2)

    def message(cid: str, seq: int) -> MessageRow:
        return MessageRow(
            f"m{seq}", cid, seq, "visitor", None, f"k{seq}", f"t{seq}", datetime.now(UTC)
        )

    kept.add(message("c1", 5))  # one message alone is no context: the earlier may be missing
    assert kept.get("c1") is None
    kept.fill("c1", [(3, "m3", "t3"), (1, "m1", "t1")])
    kept.add(message("c1", 3))  # SQL showed it already
    assert kept.get("c1") == [("m1", "t1"), ("m3", "t3")]
    kept.add(message("c1", 7))
    kept.add(message("c1", 5))  # committed in the same batch, answered later
    assert kept.get("c1") == [("m5", "t5"), ("m7", "t7")]
    kept.fill("c2", [])
    kept.fill("c3", [(1, "x", "y")])  # a third: the first kept goes
    assert kept.get("c1") is None
    assert len(kept) == 2
    kept.clear()
    assert kept.get("c3") is None
