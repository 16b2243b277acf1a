"""Helpers for the resource library tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aiohttp

from tests.browser.conftest import browser, host_site  # noqa: F401  (the browser fixtures, for test_resources_browser.py)
from tests.conftest import PASSWORD, LiveServer
from tests.helpers import login

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[2]
SHARED_HSDS = REPO.parent / "shared" / "hsds"


def entry(name_pl: str = "Poradnia prawna", **overrides: Any) -> dict[str, Any]:
    """ResourceInput data for a test entry."""
    data: dict[str, Any] = {
        "texts": {
            "pl": {
                "name": name_pl,
                "summary": "Bezpłatne porady prawne",
                "description": "Pomoc prawna dla każdego.",
            }
        },
        "topics": ["legal"],
        "phones": [{"number": "+48 22 000 00 00", "type": "voice"}],
        "links": [{"url": "https://example.org/porady"}],
        "area": "nationwide",
        "languages": ["pl"],
        "source": "test",
    }
    data.update(overrides)
    return data


async def http_session(
    server: LiveServer, username: str, role: str = "networker"
) -> aiohttp.ClientSession:
    """A logged-in browser-like session (cookie jar holds the session and CSRF cookies)."""
    await server.create_staff(username, role=role)
    status, cookie, _ = await login(server.url, username, PASSWORD)
    assert status == 302
    assert cookie
    jar = aiohttp.CookieJar(unsafe=True)
    http = aiohttp.ClientSession(cookie_jar=jar, cookies={"nr_session": cookie})
    async with http.get(f"{server.url}/console/resources") as r:  # sets the CSRF cookie
        assert r.status == 200
    return http


def csrf(http: aiohttp.ClientSession) -> str:
    return next(c.value for c in http.cookie_jar if c.key == "nr_csrf")
