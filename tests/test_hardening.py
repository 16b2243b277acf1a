"""Hardening (issue 14, item 7), tested as an attacker would: security headers on every response
(error pages included), no framing except the widget frame, the CSP not built from a hostile
`Host`, no state change by GET, and a rate limiter that never lets more than its limit through
at a window's edge (in-process and on real Redis)."""

from __future__ import annotations

import os
import secrets
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import make_mocked_request

from server.clock import FakeClock
from server.extras import aioredis
from server.ratelimit import RateLimiter
from tests.conftest import LiveServer

HEADERS = ("X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy")


def assert_hardened(headers: Any, framable: bool = False) -> None:
    for name in HEADERS:
        assert headers.get(name), (name, dict(headers))
    csp = headers.get("Content-Security-Policy", "")
    if framable:
        assert "X-Frame-Options" not in headers
        assert "frame-ancestors" in csp
    else:
        assert headers.get("X-Frame-Options") == "DENY", dict(headers)


async def test_error_pages_carry_the_security_headers(live_server: LiveServer) -> None:
    async with aiohttp.ClientSession() as http:
        cases = [
            ("GET", "/no/such/page", 404),
            ("GET", "/static/no-such-file.js", 404),
            ("GET", "/lang", 405),
            ("POST", "/login", 403),  # no CSRF token
        ]
        for method, path, status in cases:
            async with http.request(method, live_server.url + path, allow_redirects=False) as r:
                assert r.status == status, (path, r.status)
                assert_hardened(r.headers)
                if r.content_type == "text/html":
                    assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
        async with http.get(live_server.url + "/login") as r:
            assert_hardened(r.headers)
        async with http.get(live_server.url + "/widget/frame") as r:
            assert r.status == 200
            assert_hardened(r.headers, framable=True)


async def test_a_500_page_carries_the_security_headers(live_server: LiveServer) -> None:
    """A handler that crashes, through the app's own middleware chain, outermost first."""

    async def crash(request: web.Request) -> web.StreamResponse:
        raise RuntimeError("boom")

    handler: Any = crash
    for middleware in reversed(live_server.app.middlewares):

        def bind(mw: Any, inner: Any) -> Any:
            async def call(request: web.Request) -> web.StreamResponse:
                return await mw(request, inner)

            return call

        handler = bind(middleware, handler)
    request = make_mocked_request("GET", "/console", app=live_server.app)
    response = await handler(request)
    assert response.status == 500
    assert_hardened(response.headers)


async def test_the_csp_does_not_reflect_a_hostile_host(live_server: LiveServer) -> None:
    hostile = "evil.example:443 https://evil.example; script-src *"
    async with aiohttp.ClientSession() as http:
        for path in ("/login", "/widget/frame", "/no/such/page"):
            async with http.get(live_server.url + path, headers={"Host": hostile}) as r:
                csp = r.headers.get("Content-Security-Policy", "")
                assert csp, path
                assert "evil" not in csp, csp
                assert "script-src *" not in csp
                assert "connect-src 'self';" in csp


async def test_get_lang_changes_nothing(live_server: LiveServer) -> None:
    """The language switch is a POST form with CSRF: a link (GET) sets no cookie."""
    async with aiohttp.ClientSession() as http:
        for path in ("/lang?lang=en&next=/chat", "/lang/en?next=/%09/evil.example/"):
            async with http.get(live_server.url + path, allow_redirects=False) as r:
                assert r.status in (404, 405), (path, r.status)
                assert "nr_lang" not in r.cookies
                assert "Location" not in r.headers
        async with http.post(
            live_server.url + "/lang", data={"lang": "en"}, allow_redirects=False
        ) as r:
            assert r.status == 403  # no CSRF token
            assert "nr_lang" not in r.cookies


async def test_hsts_behind_https(live_server: LiveServer) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.get(
            live_server.url + "/login", headers={"X-Forwarded-Proto": "https"}
        ) as r:
            assert "max-age=" in r.headers.get("Strict-Transport-Security", "")
        async with http.get(live_server.url + "/login") as r:
            assert "Strict-Transport-Security" not in r.headers


# --- the rate limiter at a window's edge --------------------------------------------------------


async def edge_burst(limiter: RateLimiter, clock: FakeClock, key: str) -> int:
    """`count` events just before a fixed window's edge and `count` more just after it: how many
    were let through within that 0.2 s."""
    clock.advance(limiter.seconds - (clock.now().timestamp() % limiter.seconds) - 0.1)
    let = 0
    for _ in range(limiter.count):
        let += await limiter.hit(key) is None
    clock.advance(0.2)
    for _ in range(limiter.count):
        let += await limiter.hit(key) is None
    return let


async def test_the_local_limiter_never_exceeds_its_limit_at_a_window_edge() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock, count=5, seconds=10)
    assert await edge_burst(limiter, clock, "k") == 5
    clock.advance(10)
    assert await limiter.hit("k") is None


async def test_the_redis_limiter_never_exceeds_its_limit_at_a_window_edge() -> None:
    url = os.environ.get("REDIS_URL")
    if not url:
        if os.environ.get("NETREACH_REQUIRE_SERVICES") == "1":
            pytest.fail("NETREACH_REQUIRE_SERVICES=1: needs REDIS_URL", pytrace=False)
        pytest.skip("needs Redis: set REDIS_URL=redis://…")
    redis = aioredis.Redis.from_url(url)
    prefix = f"nrtest-{secrets.token_hex(4)}"
    try:
        clock = FakeClock()
        limiter = RateLimiter(clock, count=5, seconds=10, redis=redis, prefix=prefix)
        assert await edge_burst(limiter, clock, "k") == 5
        # refused with the time until the oldest event leaves the window
        retry = await limiter.hit("k")
        assert retry is not None
        assert 9.5 < retry <= 10
        # a refund takes one back
        clock.advance(10)
        assert await limiter.hit("k") is None
        await limiter.refund("k")
        for _ in range(4):
            assert await limiter.hit("k") is None
        assert await limiter.hit("k") is None  # the refunded place
        assert await limiter.hit("k") is not None
        # two nodes (two limiters on one Redis) share the window
        other = RateLimiter(clock, count=5, seconds=10, redis=redis, prefix=prefix)
        assert await other.hit("k") is not None
    finally:
        keys = [k async for k in redis.scan_iter(f"{prefix}:*")]
        if keys:
            await redis.delete(*keys)
        await redis.aclose()
