"""Browser fixtures: Debian's Chromium driven by Playwright, and a host site on another origin.

The system browser is used (`apt-get install chromium`); `playwright install` is not needed.
Without /usr/bin/chromium (or the built widget) these tests skip, unless
NETREACH_REQUIRE_BROWSER=1, which turns the skip into a failure (CI sets it).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from tests.conftest import free_port

CHROMIUM = os.environ.get("NETREACH_CHROMIUM", "/usr/bin/chromium")
DIST = Path(__file__).resolve().parents[2] / "widget" / "dist"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _missing(reason: str) -> None:
    if os.environ.get("NETREACH_REQUIRE_BROWSER") == "1":
        pytest.fail(f"NETREACH_REQUIRE_BROWSER=1: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    async for chromium in _launch([]):
        yield chromium


@pytest.fixture
async def storage_browser() -> AsyncIterator[Any]:
    """Chromium that lets the widget's cross-site frame keep its own (partitioned)
    sessionStorage, as Firefox, Safari and Chrome with its default settings do. This Chromium
    build blocks third-party storage by default (TrackingProtection3pcd); there the frame keeps
    its token in memory only, and a reload of the host page starts a new chat."""
    async for chromium in _launch(["--disable-features=TrackingProtection3pcd"]):
        yield chromium


async def _launch(extra_args: list[str]) -> AsyncIterator[Any]:
    if not os.path.exists(CHROMIUM):
        _missing(f"no Chromium at {CHROMIUM}: install it with `apt-get install chromium`")
    if not (DIST / "loader.js").exists() or not (DIST / "frame.js").exists():
        _missing(
            "the widget is not built: run `make widget` (cd widget && npm ci && node build.mjs)"
        )
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        _missing("the playwright Python package is not installed")
    async with async_playwright() as pw:
        chromium = await pw.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS + extra_args
        )
        try:
            yield chromium
        finally:
            await chromium.close()


class HostSite:
    """A forum on another origin (http://localhost:<port>, while netreach is on 127.0.0.1)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.origin = f"http://localhost:{port}"
        self.widget_src = ""
        self.lang = "pl"

    @property
    def page_url(self) -> str:
        return f"{self.origin}/forum/thread"

    @property
    def before_url(self) -> str:
        return f"{self.origin}/forum"

    @property
    def neutral_url(self) -> str:
        return f"{self.origin}/neutral"


HOST_PAGE = """<!doctype html>
<html lang="pl"><head><meta charset="utf-8"><title>Host forum thread</title></head>
<body><h1>Forum: weekend plans</h1><p>A post about parties.</p>
<script src="{src}" data-lang="{lang}" data-exit-url="{neutral}" async></script>
</body></html>"""


@pytest.fixture
async def host_site() -> AsyncIterator[HostSite]:
    port = free_port()
    site_info = HostSite(port)

    async def thread(request: web.Request) -> web.Response:
        body = HOST_PAGE.format(
            src=site_info.widget_src, lang=site_info.lang, neutral=site_info.neutral_url
        )
        return web.Response(text=body, content_type="text/html")

    async def forum(request: web.Request) -> web.Response:
        return web.Response(
            text="<!doctype html><title>Forum index</title><h1>Forum index</h1>",
            content_type="text/html",
        )

    async def neutral(request: web.Request) -> web.Response:
        return web.Response(
            text="<!doctype html><title>Weather</title><h1>Weather today</h1>",
            content_type="text/html",
        )

    app = web.Application()
    app.router.add_get("/forum/thread", thread)
    app.router.add_get("/forum", forum)
    app.router.add_get("/neutral", neutral)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "localhost", port)
    await site.start()
    try:
        yield site_info
    finally:
        await runner.cleanup()
