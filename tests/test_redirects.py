"""Redirects stay on site (issue 14, item 3): every `next=` (login form and page, language switch,
library forms) accepts only a same-origin path. The fault: `next=/%09/evil.example/` answered
`Location: //evil.example/` (a browser drops the tab)."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import aiohttp
import pytest

from server.actions import resources as res
from server.http.web import safe_next
from tests.conftest import PASSWORD, LiveServer

EVIL = "evil.example"
# raw values of `next` as an attacker would send them (the form or query encodes them again)
CORPUS = [
    f"//{EVIL}",
    f"///{EVIL}",
    f"////{EVIL}/",
    f"/\\{EVIL}",
    f"\\\\{EVIL}",
    f"\\/{EVIL}",
    f"/\\/{EVIL}",
    f"/\t/{EVIL}/",
    f"/\n/{EVIL}",
    f"/\r/{EVIL}",
    f"/\x00/{EVIL}",
    f"/\x0b/{EVIL}",
    f"/\x1f/{EVIL}",
    f"/\x7f/{EVIL}",
    f" //{EVIL}",
    f"\t//{EVIL}",
    f"//{EVIL}\t",
    f"/ /{EVIL}",
    f"/\u3000/{EVIL}",
    f"/\u00a0/{EVIL}",
    f"\u2215\u2215{EVIL}",
    f"/%09/{EVIL}/",
    f"/%0a/{EVIL}",
    f"/%0D%0A/{EVIL}",
    f"/%2F{EVIL}",
    f"/%2f/{EVIL}",
    f"/%5C{EVIL}",
    f"/%5c/{EVIL}",
    f"%2F%2F{EVIL}",
    f"/%2509/{EVIL}",
    f"/%252F{EVIL}",
    f"/%25252F{EVIL}",
    f"/%20/{EVIL}",
    f"https:{EVIL}",
    f"https:/{EVIL}",
    f"https://{EVIL}",
    f"HTTPS://{EVIL}",
    f"http:\\\\{EVIL}",
    f"//{EVIL}@localhost",
    f"//localhost@{EVIL}",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    f"{EVIL}",
    f".//{EVIL}",
    "/" + "a" * 600,
]
GOOD = ["/console", "/admin/staff", "/console/resources?q=caf%C3%A9+a%20b&topic=legal", "/"]


def browser_target(base: str, location: str) -> str:
    """Where a browser goes for this Location (WHATWG URL parsing: leading and trailing C0
    controls and spaces and every tab or newline removed, a backslash read as a slash)."""
    cleaned = re.sub(
        r"[\t\n\r]",
        "",
        location.strip(
            "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "
        ),
    )
    return urljoin(base, cleaned.replace("\\", "/"))


def same_site(base: str, location: str) -> bool:
    target = urlsplit(browser_target(base + "/", location))
    return (target.scheme, target.netloc) == tuple(urlsplit(base)[:2]) and location.startswith("/")


@pytest.mark.parametrize("value", CORPUS)
def test_safe_next_refuses_every_way_off_the_site(value: str) -> None:
    assert safe_next(value) == "/console"
    assert safe_next(value, default="/x") == "/x"


@pytest.mark.parametrize("value", GOOD)
def test_safe_next_keeps_paths_on_the_site(value: str) -> None:
    assert safe_next(value) == value


async def test_no_next_sends_a_browser_off_the_site(live_server: LiveServer) -> None:
    """The redirect corpus against every endpoint that takes `next`, as a browser sends it."""
    await live_server.create_staff("ania", role="supervisor")
    staff_id = (await live_server.create_staff("ola"))["id"]
    entry = await res.do_create_resource(
        live_server.svc,
        staff_id,
        res.check_resource_input(
            {"texts": {"pl": {"name": "Telefon zaufania"}}, "topics": ["crisis"]}
        ),
    )
    base = live_server.url
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar) as http:
        async with http.get(f"{base}/login") as r:
            assert r.status == 200
        csrf = next(c.value for c in jar if c.key == "nr_csrf")
        locations: list[tuple[str, str, str]] = []
        for value in [*CORPUS, *GOOD]:
            # the login form (signed out: a session cookie is dropped before each try)
            jar.clear_domain("127.0.0.1")
            jar.update_cookies({"nr_csrf": csrf})
            # a NUL is refused by every form and page before any view runs (a 400 page that
            # says so: server/http/web.py `refuse_nul`, tests/test_nul.py): no redirect at all
            nul = "\x00" in value

            def went(
                where: str, r: aiohttp.ClientResponse, status: int, value: str = value
            ) -> None:
                if "\x00" in value:
                    assert r.status == 400, (where, r.status)
                    assert "Location" not in r.headers, where
                else:
                    assert r.status == status, (where, r.status)
                    locations.append((where, value, r.headers["Location"]))

            async with http.post(
                f"{base}/login",
                data={"username": "ania", "password": PASSWORD, "csrf_token": csrf, "next": value},
                allow_redirects=False,
            ) as r:
                went("POST /login", r, 302)
            if nul:  # not signed in by the refused form: sign in without it
                async with http.post(
                    f"{base}/login",
                    data={"username": "ania", "password": PASSWORD, "csrf_token": csrf},
                    allow_redirects=False,
                ) as r:
                    assert r.status == 302
            # signed in: the login page sends the browser on at once
            async with http.get(
                f"{base}/login", params={"next": value}, allow_redirects=False
            ) as r:
                went("GET /login", r, 302)
            async with http.post(
                f"{base}/lang",
                data={"lang": "en", "next": value, "csrf_token": csrf},
                allow_redirects=False,
            ) as r:
                went("POST /lang", r, 303)
            # the library's forms: submit for review, then return it (both redirect to `next`)
            for action in ("submit", "return"):
                async with http.post(
                    f"{base}/console/resources/{entry.id}/{action}",
                    data={"next": value, "csrf_token": csrf, "note": "x"},
                    allow_redirects=False,
                ) as r:
                    went(f"POST {action}", r, 302)
    off_site = [loc for loc in locations if not same_site(base, loc[2])]
    assert off_site == []
    # good paths are kept, bad ones fall back to the default
    for where, value, location in locations:
        if value in GOOD:
            assert location == value, (where, value, location)
        else:
            assert EVIL not in location, (where, value, location)
