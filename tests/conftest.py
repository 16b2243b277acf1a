"""Fixtures: a real netreach server on an ephemeral port, on the embedded default (SQLite,
in-process bus) or, when DATABASE_URL / REDIS_URL are set, on PostgreSQL and Redis.

Set NETREACH_REQUIRE_SERVICES=1 (CI does) to fail instead of skip when those are missing.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import secrets
import shutil
import socket
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from server.actions.periodic import do_tick
from server.app import create_app
from server.clock import Clock, FakeClock
from server.db.migrate import upgrade
from server.http.web import SERVICES
from server.services import Services
from server.settings import Settings, normalize_database_url
from tests.helpers import Staff, Visitor, eventually, login

PG_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
USE_PG = PG_URL.startswith(("postgres://", "postgresql"))
PASSWORD = "correct horse battery"


# The ports `free_port` hands out: below Linux's ephemeral range (32768-60999), where the
# kernel never puts a socket bound to port 0 (aiohttp's test servers, every client's own end),
# and a block of its own for each pytest-xdist worker. A port asked of the kernel (bind to 0,
# then close) could be given to another worker's server before the process meant for it bound
# it: that server then answered the new process's /healthz, and the process, unable to bind,
# was gone (test_two_server_processes failed once with ConnectionRefused that way).
_PORTS_FROM, _PORTS_PER_WORKER, _WORKER_BLOCKS = 20_000, 400, 30
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
_next_ports = itertools.cycle(
    range(
        _PORTS_FROM + _PORTS_PER_WORKER * (_WORKER % _WORKER_BLOCKS),
        _PORTS_FROM + _PORTS_PER_WORKER * (_WORKER % _WORKER_BLOCKS + 1),
    )
)


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing is bound to now, for a server the test starts
    (a process, a redis-server, a page of another origin): the next of this worker's block of
    ports (see above) that binds, so two tests of a run, or two servers of one test, are never
    handed the same port. Raises RuntimeError when none of the block binds."""
    for _ in range(_PORTS_PER_WORKER):
        port = next(_next_ports)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in this worker's block ({_PORTS_PER_WORKER} tried)")


@pytest.fixture(scope="session")
def database_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database for this test session: a SQLite file to copy, or a PostgreSQL
    database of our own (created next to DATABASE_URL's, dropped at the end)."""
    if not USE_PG:
        path = tmp_path_factory.mktemp("db") / "template.sqlite3"
        upgrade(f"sqlite+aiosqlite:///{path}")
        yield str(path)
        return
    import asyncpg

    base = normalize_database_url(PG_URL)
    name = f"netreach_test_{os.getpid()}_{secrets.token_hex(3)}"
    admin_dsn = base.replace("postgresql+asyncpg://", "postgresql://")

    async def admin(sql: str) -> None:
        conn = await asyncpg.connect(admin_dsn)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    url = base.rsplit("/", 1)[0] + "/" + name
    upgrade(url)
    asyncio.run(_keep_seed_rows(url))
    yield url
    asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _keep_seed_rows(url: str) -> None:
    """Copy the rows that the migrations seed (e.g. the starter canned replies of 0012) into a
    schema of their own, `seed`, so that each test's TRUNCATE can put them back."""
    import asyncpg

    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await conn.execute("CREATE SCHEMA seed")
        for r in await conn.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname='public' AND tablename <> 'alembic_version'"
        ):
            table = r["tablename"]
            if await conn.fetchval(f'SELECT EXISTS (SELECT 1 FROM public."{table}")'):
                await conn.execute(f'CREATE TABLE seed."{table}" AS SELECT * FROM public."{table}"')
    finally:
        await conn.close()


async def _fresh_database(template: str, tmp_path: Path) -> str:
    if not USE_PG:
        path = tmp_path / "netreach.sqlite3"
        shutil.copy(template, path)
        return f"sqlite+aiosqlite:///{path}"
    import asyncpg

    conn = await asyncpg.connect(template.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        tables = [
            r["tablename"]
            for r in await conn.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname='public' AND tablename <> 'alembic_version'"
            )
        ]
        if tables:
            # the audit log refuses TRUNCATE by trigger; a test reset may bypass triggers
            await conn.execute("SET session_replication_role = replica")
            await conn.execute(
                "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
            )
            for r in await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname='seed'"):
                table = r["tablename"]
                await conn.execute(f'INSERT INTO public."{table}" SELECT * FROM seed."{table}"')
    finally:
        await conn.close()
    return template


@dataclass
class LiveServer:
    url: str
    app: web.Application
    runner: web.AppRunner
    settings: Settings
    clients: list[Any] = field(default_factory=list)

    @property
    def svc(self) -> Services:
        return self.app[SERVICES]

    async def create_staff(
        self,
        username: str,
        password: str = PASSWORD,
        role: str = "networker",
        name: str | None = None,
        language: str = "pl",
    ) -> dict[str, Any]:
        from server.actions.staff import do_create_staff

        return await do_create_staff(
            self.svc, username, password, role, name or username.title(), language
        )

    async def visitor(self, connect: bool = True, **kwargs: Any) -> Visitor:
        v = Visitor(self.url, **kwargs)
        self.clients.append(v)
        if connect:
            await v.connect()
        return v

    async def staff(
        self, username: str, role: str = "networker", connect: bool = True, name: str | None = None
    ) -> Staff:
        await self.create_staff(username, role=role, name=name)
        status, cookie, body = await login(self.url, username, PASSWORD)
        assert status == 302, (status, body[:300])
        assert cookie, (status, body[:300])
        s = Staff(self.url, cookie)
        self.clients.append(s)
        if connect:
            await s.connect()
        return s

    async def settle(self) -> None:
        """Finish the background work queued so far: assignment, and a pending queue refresh
        (done now rather than after its debounce)."""
        for _ in range(3):
            await self.svc.assigner.settle()
            await self.svc.queue.settle()

    async def sentinel_in_own_chat(self, staff: Staff) -> str:
        """A positive sentinel for a check that nothing arrived: `staff` goes on duty, takes a
        new visitor's chat and waits for a message in it (events to one socket arrive in order,
        so anything sent to it before has arrived by then). Returns that chat's id."""
        await staff.on_duty(capacity=1)
        own = await self.visitor()
        await own.send("dla sentinela")
        mine = str((await staff.call("queue.take", {}))["conversation"]["id"])
        await own.send("sentinel")
        await staff.log.wait_for(
            "message.new", lambda m: m["text"] == "sentinel" and m["conversation_id"] == mine
        )
        return mine

    async def until(self, condition: Any, timeout: float = 10.0) -> None:
        """Wait until `condition()` (a function, or an async one) holds on the server (e.g. it
        has seen a socket close)."""
        await eventually(condition, "server condition", timeout)

    async def tick(self) -> None:
        """Run the periodic work once, as the clock's tick does (presence and grace periods,
        overdue escalations, assignment, queue positions), and what it woke."""
        await do_tick(self.svc)
        await self.settle()


def make_settings(database_url: str, tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "redis_url": REDIS_URL or None,
        "redis_prefix": f"nrtest-{secrets.token_hex(4)}",
        "var_dir": tmp_path,
        "argon2_fast": True,
        "queue_debounce": 0.05,
        "presence_interval": 0.2,
        # supervisors and admins log in with a password alone unless a test asks for
        # two-factor (tests/test_two_factor.py); the product's default requires it
        "require_2fa_roles": (),
        # partner feeds in tests are served from 127.0.0.1 (no internet here);
        # tests/resources/test_partner_feeds.py checks the refusal with the default
        "feed_allow_private": True,
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
async def server_factory(database_template: str, tmp_path: Path) -> AsyncIterator[Any]:
    servers: list[LiveServer] = []

    async def start(clock: Clock | None = None, **overrides: Any) -> LiveServer:
        url = (
            await _fresh_database(database_template, tmp_path)
            if not servers
            else servers[0].settings.database_url
        )
        settings = make_settings(url, tmp_path, **overrides)
        app = create_app(settings, clock)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=2)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        server = LiveServer(f"http://127.0.0.1:{port}", app, runner, settings)
        servers.append(server)
        return server

    yield start
    invalid = []
    for server in servers:
        for client in server.clients:
            invalid += client.log.invalid
            with contextlib.suppress(Exception):
                await client.close()
        await server.runner.cleanup()
    # every event a test client received matched its model in server/protocol.py
    assert not invalid, f"events that do not match server/protocol.py: {invalid}"


@pytest.fixture
async def live_server(server_factory: Any) -> LiveServer:
    return await server_factory()


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Group the server's tests for xdist (`make test` runs `-n 2 --dist loadgroup`).

    Every test that is not `backend_independent` (tests/moderation marks its own, first) joins
    one group, `server`, which xdist runs on a single worker in collection order, exactly as
    without xdist: those tests start servers, browsers and private Redis processes and are
    written for one at a time. The moderation library's tests (pure CPU, most of the suite's
    time: the reference reading of the training corpus) spread over the other worker beside
    them. Without `-n` the marker changes nothing."""
    for item in items:
        if not item.get_closest_marker("backend_independent"):
            item.add_marker(pytest.mark.xdist_group("server"))


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tests that need PostgreSQL + Redis skip without them, or fail when CI requires them."""
    if item.get_closest_marker("scaleout") and not (USE_PG and REDIS_URL):
        reason = (
            "needs PostgreSQL and Redis: set DATABASE_URL=postgresql://… and REDIS_URL=redis://…"
        )
        if os.environ.get("NETREACH_REQUIRE_SERVICES") == "1":
            pytest.fail(f"NETREACH_REQUIRE_SERVICES=1: {reason}", pytrace=False)
        pytest.skip(reason)
