"""The embedded database: another process holding SQLite's write lock must not freeze the server,
and the message hot path's group commit keeps every writer's outcome its own."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from server.db.migrate import upgrade
from server.db.session import Database


async def test_writer_waits_for_another_process_lock_without_blocking_the_loop(tmp_path: Path) -> None:
    path = tmp_path / "lock.sqlite3"
    url = f"sqlite+aiosqlite:///{path}"
    await asyncio.to_thread(upgrade, url)
    db = Database(url)
    held = threading.Event()

    def other_process() -> None:  # e.g. `netreach resources import` writing meanwhile
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO login_throttle(username, failures) VALUES ('other', 1)")
        held.set()
        time.sleep(0.6)
        conn.execute("COMMIT")
        conn.close()

    thread = threading.Thread(target=other_process)
    thread.start()
    await asyncio.to_thread(held.wait)
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    task = asyncio.create_task(ticker())
    try:
        async with db.write() as s:
            await s.execute(text("INSERT INTO login_throttle(username, failures) VALUES ('server', 1)"))
        # the event loop kept running while the write waited for the lock
        assert ticks >= 10
        with pytest.raises(RuntimeError):
            async with db.write() as s:
                await s.execute(text("INSERT INTO login_throttle(username, failures) VALUES ('rolled back', 1)"))
                raise RuntimeError("the block failed")
        async with db.read() as s:
            names = sorted((await s.execute(text("SELECT username FROM login_throttle"))).scalars())
        assert names == ["other", "server"]
    finally:
        task.cancel()
        thread.join()
        await db.dispose()


async def _chat_database(tmp_path: Path) -> tuple[Database, str]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'hot.sqlite3'}"
    await asyncio.to_thread(upgrade, url)
    db = Database(url)
    t = "'2026-01-01 00:00:00.000000'"
    async with db.write() as s:
        await s.execute(text(f"INSERT INTO visitors(id, token_hash, language, created_at, blocked) VALUES ('v1', 'th', 'pl', {t}, 0)"))
        await s.execute(
            text(
                "INSERT INTO staff(id, username, display_name, password_hash, role, is_active, language, created_at, on_duty, capacity, auto_assign)"
                f" VALUES ('s1', 'ania', 'Ania', 'x', 'networker', 1, 'pl', {t}, 1, 4, 1)"
            )
        )
        await s.execute(
            text(
                "INSERT INTO conversations(id, visitor_id, status, priority, requeued, created_at, queued_at, assigned_staff_id, assigned_at, topics, language, first_message, last_seq, risk)"
                f" VALUES ('c1', 'v1', 'active', 0, 0, {t}, {t}, 's1', {t}, '[]', 'pl', '', 0, 'none')"
            )
        )
    return db, "c1"


async def test_hot_writers_share_commits_and_a_failing_writer_undoes_only_its_own_work(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from sqlalchemy.exc import IntegrityError

    db, cid = await _chat_database(tmp_path)
    now = datetime.now(UTC)

    async def send(i: int, client_id: str, fail: bool = False) -> int:
        async with db.hot() as tx:
            conv = await tx.next_seq_staff(cid, "s1")
            assert conv is not None
            msg = await tx.insert_message(conv, "staff", "s1", client_id, f"text {i}", now)
            if fail:
                raise RuntimeError("refused after the insert")
        return msg.seq

    async def orm_writer() -> None:  # an ordinary ORM write waits for the open batch
        async with db.write() as s:
            await s.execute(text("INSERT INTO login_throttle(username, failures) VALUES ('orm', 1)"))

    try:
        jobs = [send(i, f"c{i}", fail=(i == 7)) for i in range(30)]
        jobs.insert(15, orm_writer())
        jobs.append(send(99, "c3"))  # a resend of c3's client id in the same moment
        results = await asyncio.gather(*jobs, return_exceptions=True)
        failures = [r for r in results if isinstance(r, BaseException)]
        assert sorted(type(f).__name__ for f in failures) == sorted(["RuntimeError", IntegrityError.__name__])
        seqs = sorted(r for r in results if isinstance(r, int))
        # the failed writers' seq increments were undone with their rows: no gaps, no repeats
        assert seqs == list(range(1, 30))
        async with db.read() as s:
            rows = (await s.execute(text("SELECT seq, client_id FROM messages WHERE conversation_id = 'c1' ORDER BY seq"))).all()
            last_seq = (await s.execute(text("SELECT last_seq FROM conversations WHERE id = 'c1'"))).scalar_one()
            orm = (await s.execute(text("SELECT count(*) FROM login_throttle WHERE username = 'orm'"))).scalar_one()
        assert [r.seq for r in rows] == seqs and last_seq == 29 and orm == 1
        assert sorted(r.client_id for r in rows) == sorted(f"c{i}" for i in range(30) if i != 7)
        # a writer at a quiet moment still commits at once (no window when alone)
        assert await send(100, "alone") == 30
    finally:
        await db.dispose()


async def test_a_hot_writer_cancelled_while_its_batch_commits_leaves_the_others_alone(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    db, cid = await _chat_database(tmp_path)
    now = datetime.now(UTC)
    stored = asyncio.Event()

    async def send(client_id: str) -> int:
        async with db.hot() as tx:
            conv = await tx.next_seq_staff(cid, "s1")
            assert conv is not None
            msg = await tx.insert_message(conv, "staff", "s1", client_id, client_id, now)
            if client_id == "b":
                stored.set()
        return msg.seq

    try:
        # keep messages coming so that the batch stays open for its window
        await asyncio.gather(send("w1"), send("w2"))
        tasks = [asyncio.create_task(send(c)) for c in ("a", "b", "c")]
        await stored.wait()
        tasks[1].cancel()  # its client disconnected while waiting for the commit
        done = await asyncio.gather(*tasks, return_exceptions=True)
        assert done[0] == 3 and done[2] == 5 and isinstance(done[1], asyncio.CancelledError)
        async with db.read() as s:
            ids = (await s.execute(text("SELECT client_id FROM messages ORDER BY seq"))).scalars().all()
        # its message was stored all the same: the client resends it and gets the stored one
        assert ids == ["w1", "w2", "a", "b", "c"]
    finally:
        await db.dispose()


async def test_a_full_batch_commits_at_once_and_later_writers_start_the_next(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    db, cid = await _chat_database(tmp_path)
    assert db._group is not None
    db._group.MAX_WRITERS = 4  # small batches, so that 30 writers fill several
    commits = 0
    real_commit = db._group._commit

    def counting_commit(batch: asyncio.Future[None]) -> None:
        nonlocal commits
        before = db._group._committed if db._group else None
        real_commit(batch)
        if before is batch and db._group is not None and db._group._committed is not batch:
            commits += 1

    db._group._commit = counting_commit  # type: ignore[method-assign]
    now = datetime.now(UTC)

    async def send(i: int) -> int:
        async with db.hot() as tx:
            conv = await tx.next_seq_staff(cid, "s1")
            assert conv is not None
            return (await tx.insert_message(conv, "staff", "s1", f"c{i}", "x", now)).seq

    try:
        await asyncio.gather(send(-1), send(-2))  # busy: the next batches wait for their window
        seqs = await asyncio.gather(*(send(i) for i in range(30)))
        assert sorted(seqs) == list(range(3, 33))
        assert commits >= 30 // 4  # no batch grew past 4 writers
    finally:
        await db.dispose()


async def test_closing_the_database_commits_the_open_batch(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    db, cid = await _chat_database(tmp_path)
    stored = asyncio.Event()

    async def send(client_id: str) -> int:
        async with db.hot() as tx:
            conv = await tx.next_seq_staff(cid, "s1")
            assert conv is not None
            msg = await tx.insert_message(conv, "staff", "s1", client_id, client_id, datetime.now(UTC))
            stored.set()
        return msg.seq

    await asyncio.gather(send("w1"), send("w2"))  # busy: the next batch waits for its window
    stored.clear()
    writer = asyncio.create_task(send("last"))
    await stored.wait()
    await db.dispose()  # shutdown inside the window: the batch is committed, not dropped
    assert await writer == 3
    again = Database(db.url)
    try:
        async with again.read() as s:
            ids = (await s.execute(text("SELECT client_id FROM messages ORDER BY seq"))).scalars().all()
        assert ids == ["w1", "w2", "last"]
    finally:
        await again.dispose()
