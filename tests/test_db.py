"""The embedded database: another process holding SQLite's write lock must not freeze the server."""

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
