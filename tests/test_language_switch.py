"""The language switch: a small POST form (with the CSRF token) in the page header and on the
login page. It remembers the choice in the browser and, for a signed-in staff member, as their
own language; a GET changes nothing."""

from __future__ import annotations

import re

import aiohttp
from sqlalchemy import select

from server.constants import CSRF_COOKIE, LANG_COOKIE
from server.db.models import Staff
from tests.conftest import PASSWORD, LiveServer


async def signed_in(
    server: LiveServer, username: str, language: str, role: str = "networker"
) -> aiohttp.ClientSession:
    """A browser-like client signed in through the login form (no language cookie)."""
    await server.create_staff(username, role=role, language=language)
    http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    async with http.get(server.url + "/login") as r:
        assert r.status == 200
    async with http.post(
        server.url + "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": csrf(http)},
        allow_redirects=False,
    ) as r:
        assert r.status == 302
    return http


def csrf(http: aiohttp.ClientSession) -> str:
    return next(c.value for c in http.cookie_jar if c.key == CSRF_COOKIE)


def lang_cookie(http: aiohttp.ClientSession) -> str | None:
    return next((c.value for c in http.cookie_jar if c.key == LANG_COOKIE), None)


async def own_language(server: LiveServer, username: str) -> str:
    async with server.svc.db.read() as s:
        return str(
            (await s.execute(select(Staff.language).where(Staff.username == username))).scalar_one()
        )


async def test_the_header_switch_is_a_form_that_stores_the_staff_language(
    live_server: LiveServer,
) -> None:
    http = await signed_in(live_server, "ania", "pl")
    try:
        async with http.get(live_server.url + "/console/resources?q=porady") as r:
            page = await r.text()
        assert '<html lang="pl">' in page
        form = re.search(
            r'<form class="nc-langs" method="post" action="/lang".*?</form>', page, re.S
        )
        assert form is not None
        assert f'name="csrf_token" value="{csrf(http)}"' in form.group(0)
        assert 'name="next" value="/console/resources?q=porady"' in form.group(0)
        assert 'name="lang" value="en"' in form.group(0)
        assert "<script" not in form.group(0)

        # a GET never switches (the old link address is gone; /lang takes only POST)
        for path, status in (("/lang/en", 404), ("/lang?lang=en", 405)):
            async with http.get(live_server.url + path, allow_redirects=False) as r:
                assert r.status == status, path
        assert await own_language(live_server, "ania") == "pl"
        assert lang_cookie(http) is None

        async with http.post(
            live_server.url + "/lang",
            data={"lang": "en", "next": "/console/resources?q=porady", "csrf_token": csrf(http)},
            allow_redirects=False,
        ) as r:
            assert r.status == 303
            assert r.headers["Location"] == "/console/resources?q=porady"
        assert lang_cookie(http) == "en"
        assert await own_language(live_server, "ania") == "en"
        async with http.get(live_server.url + "/console/resources") as r:
            assert '<html lang="en">' in await r.text()
    finally:
        await http.close()
    # stored with the account: another browser (no cookie) shows English too
    other = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    try:
        async with other.get(live_server.url + "/login") as r:
            assert r.status == 200
        async with other.post(
            live_server.url + "/login",
            data={"username": "ania", "password": PASSWORD, "csrf_token": csrf(other)},
        ) as r:
            assert r.status == 200
            assert '<html lang="en">' in await r.text()
    finally:
        await other.close()


async def test_next_is_validated_and_an_unknown_language_is_refused(
    live_server: LiveServer,
) -> None:
    http = await signed_in(live_server, "ania", "pl")
    try:
        for next_url in ("https://evil.example/", "//evil.example/x", "/\\evil.example", ""):
            async with http.post(
                live_server.url + "/lang",
                data={"lang": "en", "next": next_url, "csrf_token": csrf(http)},
                allow_redirects=False,
            ) as r:
                assert r.status == 303, next_url
                assert r.headers["Location"] == "/console", next_url
        async with http.post(
            live_server.url + "/lang",
            data={"lang": "xx", "next": "/console", "csrf_token": csrf(http)},
            allow_redirects=False,
        ) as r:
            assert r.status == 400
            assert LANG_COOKIE not in {c.split("=")[0] for c in r.headers.getall("Set-Cookie", [])}
        assert await own_language(live_server, "ania") == "en"
    finally:
        await http.close()


async def test_the_login_page_switch_keeps_where_the_visitor_was_going(
    live_server: LiveServer,
) -> None:
    await live_server.create_staff("ania", language="pl")
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        async with http.get(live_server.url + "/login?next=/admin/staff") as r:
            page = await r.text()
        assert 'name="next" value="/login?next=/admin/staff"' in page
        async with http.post(
            live_server.url + "/lang",
            data={"lang": "en", "next": "/login?next=/admin/staff", "csrf_token": csrf(http)},
        ) as r:
            assert r.status == 200
            assert str(r.url).endswith("/login?next=/admin/staff")
            assert '<html lang="en">' in await r.text()
        assert lang_cookie(http) == "en"
    assert await own_language(live_server, "ania") == "pl"  # nobody was signed in
