"""Pages, login, sessions, CSRF, health — through HTTP as a browser would."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from server.app import create_app
from server.clock import FakeClock
from tests.conftest import PASSWORD, LiveServer, make_settings
from tests.helpers import login


async def test_healthz_answers_200_when_the_database_is_reachable(live_server: LiveServer) -> None:
    async with aiohttp.ClientSession() as http, http.get(f"{live_server.url}/healthz") as r:
        assert r.status == 200
        assert (await r.json()) == {"status": "ok"}


async def test_the_start_up_heap_is_frozen_and_the_switch_interval_short_while_serving(
    server_factory: Any,
) -> None:
    import gc
    import sys

    from server.app import SWITCH_INTERVAL

    gc.unfreeze()  # (another test's server may have frozen the heap before)
    before = sys.getswitchinterval()
    server = await server_factory()
    assert gc.get_freeze_count() > 10_000  # modules, mappings, templates, lexicons
    assert abs(sys.getswitchinterval() - SWITCH_INTERVAL) < 1e-9
    assert before > SWITCH_INTERVAL
    await server.runner.cleanup()
    assert gc.get_freeze_count() == 0  # a stopped app's objects can be collected again
    assert sys.getswitchinterval() == before


async def test_a_queue_refresh_due_at_shutdown_is_done_before_the_database_closes(
    server_factory: Any, fake_clock: FakeClock
) -> None:
    """A queue change just before the node stops leaves a refresh waiting out its debounce (on
    the app's clock): shutdown does it at once, before the engine is disposed, instead of
    leaving it to open a connection afterwards (seen as an aiosqlite thread outliving a test's
    event loop)."""
    server = await server_factory(clock=fake_clock)
    server.svc.queue.changed()
    flushes = [t for t in asyncio.all_tasks() if t.get_name() == "queue-flush"]
    assert flushes
    assert not any(t.done() for t in flushes)
    await server.runner.cleanup()
    assert all(t.done() for t in flushes)


async def test_healthz_answers_503_when_the_database_is_not(tmp_path: Path) -> None:
    settings = make_settings(
        "postgresql+asyncpg://netreach@127.0.0.1:1/nowhere", tmp_path, redis_url=None
    )
    app = create_app(settings)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        async with (
            aiohttp.ClientSession() as http,
            http.get(f"http://127.0.0.1:{port}/healthz") as r,
        ):
            assert r.status == 503
            assert (await r.json()) == {"status": "unavailable"}
    finally:
        await runner.cleanup()


async def test_login_sets_a_safe_session_cookie_and_logout_ends_it(live_server: LiveServer) -> None:
    await live_server.create_staff("ania")
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar) as http:
        async with http.get(f"{live_server.url}/console", allow_redirects=False) as r:
            assert r.status == 302
            assert r.headers["Location"].startswith("/login")
        async with http.get(f"{live_server.url}/login") as r:
            assert r.status == 200
            assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
        csrf = next(c.value for c in jar if c.key == "nr_csrf")
        async with http.post(
            f"{live_server.url}/login",
            data={
                "username": "ANIA ",
                "password": PASSWORD,
                "csrf_token": csrf,
                "next": "https://evil.example/",
            },
            allow_redirects=False,
        ) as r:
            assert r.status == 302
            assert r.headers["Location"] == "/console"  # never an open redirect
            raw = r.headers.getall("Set-Cookie")
            session_header = next(h for h in raw if h.startswith("nr_session="))
            assert "HttpOnly" in session_header
            assert "SameSite=Lax" in session_header
        async with http.get(f"{live_server.url}/console", allow_redirects=False) as r:
            assert r.status == 200
        csrf = next(c.value for c in jar if c.key == "nr_csrf")
        async with http.post(
            f"{live_server.url}/logout", data={"csrf_token": csrf}, allow_redirects=False
        ) as r:
            assert r.status == 302
        async with http.get(f"{live_server.url}/console", allow_redirects=False) as r:
            assert r.status == 302


async def test_login_without_csrf_token_is_refused(live_server: LiveServer) -> None:
    await live_server.create_staff("ania")
    async with (
        aiohttp.ClientSession() as http,
        http.post(
            f"{live_server.url}/login",
            data={"username": "ania", "password": PASSWORD},
            allow_redirects=False,
        ) as r,
    ):
        assert r.status == 403
        assert "nr_session" not in r.cookies


async def test_logout_without_csrf_token_is_refused(live_server: LiveServer) -> None:
    await live_server.create_staff("ania")
    _status, cookie, _ = await login(live_server.url, "ania", PASSWORD)
    async with aiohttp.ClientSession(cookies={"nr_session": cookie or ""}) as http:
        async with http.post(f"{live_server.url}/logout", data={}, allow_redirects=False) as r:
            assert r.status == 403
        async with http.get(f"{live_server.url}/console", allow_redirects=False) as r:
            assert r.status == 200  # still logged in


async def test_repeated_failures_lock_the_account_for_a_growing_time(server_factory: Any) -> None:
    clock = FakeClock()
    server = await server_factory(clock=clock)
    await server.create_staff("ania")
    for _ in range(5):
        status, cookie, _ = await login(server.url, "ania", "wrong password!")
        assert status == 401
        assert cookie is None
    # locked now: even the right password is refused, with a clear message
    status, cookie, _body = await login(server.url, "ania", PASSWORD)
    assert status == 429
    assert cookie is None
    clock.advance(31)
    status, cookie, _ = await login(server.url, "ania", "wrong again!!")
    assert status == 401
    status, cookie, _ = await login(server.url, "ania", PASSWORD)
    assert status == 429  # the 6th failure locked it for 60 s
    clock.advance(61)
    status, cookie, _ = await login(server.url, "ania", PASSWORD)
    assert status == 302
    assert cookie
    # unknown usernames are throttled the same way (no hint which names exist)
    for _ in range(5):
        assert (await login(server.url, "nobody", "whatever123"))[0] == 401
    assert (await login(server.url, "nobody", "whatever123"))[0] == 429


async def test_unknown_pages_get_a_clear_404(live_server: LiveServer) -> None:
    async with aiohttp.ClientSession() as http, http.get(f"{live_server.url}/no/such/page") as r:
        assert r.status == 404
        assert r.content_type == "text/html"


async def test_frame_may_be_embedded_only_by_configured_origins(server_factory: Any) -> None:
    server = await server_factory(embed_origins=("https://forum.example", "https://other.example"))
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{server.url}/widget/frame?lang=pl&site=forum.example&embed=1") as r,
    ):
        csp = r.headers["Content-Security-Policy"]
        assert "frame-ancestors 'self' https://forum.example https://other.example" in csp
        assert "X-Frame-Options" not in r.headers
        assert r.headers["Cache-Control"] == "no-store"
        assert "Set-Cookie" not in r.headers  # the widget stores nothing in cookies


async def test_console_socket_refuses_other_origins(live_server: LiveServer) -> None:
    import socketio

    await live_server.create_staff("ania")
    _, cookie, _ = await login(live_server.url, "ania", PASSWORD)
    client = socketio.AsyncClient(reconnection=False)
    try:
        await client.connect(
            live_server.url,
            headers={"Cookie": f"nr_session={cookie}", "Origin": "https://evil.example"},
            transports=["websocket"],
            namespaces=["/console"],
            wait_timeout=3,
        )
        connected = True
    except socketio.exceptions.ConnectionError:
        connected = False
    finally:
        await client.disconnect()
    assert not connected
