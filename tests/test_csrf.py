"""CSRF: one middleware checks every unsafe request (server/http/web.py `csrf`).

The routes are read from the app's router, so a new POST/PUT/PATCH/DELETE route is covered here
without being listed: without the token it is refused with the 403 page and changes nothing,
with the token the view runs. The only exemptions are handlers marked `@csrf_exempt`, and the
set of them is pinned below."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import aiohttp
from aiohttp import web
from sqlalchemy import select

from server.actions import resources as res
from server.actions.resources.feeds import do_add_feed
from server.constants import CSRF_COOKIE, CSRF_HEADER, LANG_COOKIE, SESSION_COOKIE
from server.db.models import Base, Resource, StaffSession
from server.http.web import SAFE_METHODS, is_csrf_exempt
from tests.conftest import PASSWORD, LiveServer
from tests.resources.conftest import entry

# (method, route) pairs that take unsafe requests without the token; adding one is a decision,
# so it must be added here too
EXEMPT = {("POST", "/socket.io/")}
REFUSED_EN = "The form has expired"
REFUSED_PL = "Formularz wygasł"

# one form for every route: if the check were missing, each of these would change something
# (log ania in, change her role, deactivate her, switch and store a language, create or edit a
# resource, move it through review)
FORM = {
    "username": "ania",
    "password": PASSWORD,
    "role": "supervisor",
    "active": "0",
    "lang": "en",
    "next": "/console",
    "organization_name": "Changed without a token",
    "name_pl": "Zmienione bez tokenu",
    "summary_pl": "Bezpłatne porady prawne",
    "topics": "legal",
    "area": "nationwide",
    "languages": "pl",
    "phones": "+48 22 000 00 00",
    "note": "no token",
}


def unsafe_routes(app: web.Application) -> Iterator[tuple[str, Any]]:
    """(method, resource) of every route that takes an unsafe method ("*" counts as POST)."""
    for route in app.router.routes():
        method = "POST" if route.method == "*" else route.method
        if method not in SAFE_METHODS:
            yield method, route


def urls_for(resource: Any, samples: dict[str, str]) -> list[str]:
    """Concrete paths of a route's resource: each alternative of a `{name:a|b|c}` part, a
    sample value for any other variable part (a new variable needs a sample in the test)."""
    info = resource.get_info()
    if "path" in info:
        return [info["path"]]
    pattern: re.Pattern[str] = info["pattern"]
    paths = [info["formatter"]]
    for name, body in re.findall(r"\(\?P<(\w+)>((?:[^()]|\([^()]*\))*)\)", pattern.pattern):
        if re.fullmatch(r"[\w-]+(\|[\w-]+)*", body):
            values = body.split("|")
        else:
            assert name in samples, f"add a sample value for {{{name}}} ({info['formatter']})"
            values = [samples[name]]
        paths = [p.replace("{" + name + "}", v) for p in paths for v in values]
    for p in paths:
        assert pattern.fullmatch(p), (p, pattern.pattern)
    return paths


async def snapshot(server: LiveServer) -> dict[str, list[str]]:
    """Every row of every table (as text): equal snapshots, nothing changed."""
    out = {}
    async with server.svc.db.read() as s:
        for table in Base.metadata.sorted_tables:
            rows = (await s.execute(select(table))).all()
            out[table.name] = sorted(repr(tuple(r)) for r in rows)
    return out


async def admin_session(server: LiveServer) -> aiohttp.ClientSession:
    """A browser-like client logged in as an admin (English pages), holding the CSRF cookie."""
    http = aiohttp.ClientSession(
        cookie_jar=aiohttp.CookieJar(unsafe=True), headers={"Accept-Language": "en"}
    )
    async with http.get(f"{server.url}/login") as r:
        assert r.status == 200
    async with http.post(
        f"{server.url}/login",
        data={"username": "root", "password": PASSWORD, "csrf_token": token(http)},
        allow_redirects=False,
    ) as r:
        assert r.status == 302
    return http


def token(http: aiohttp.ClientSession) -> str:
    return next(c.value for c in http.cookie_jar if c.key == CSRF_COOKIE)


def cookies_set(response: aiohttp.ClientResponse) -> set[str]:
    return {h.split("=", 1)[0] for h in response.headers.getall("Set-Cookie", [])}


async def test_only_the_marked_endpoints_are_exempt(live_server: LiveServer) -> None:
    exempt = {
        (method, route.resource.canonical)
        for method, route in unsafe_routes(live_server.app)
        if is_csrf_exempt(route.handler)
    }
    assert exempt == EXEMPT


async def unsafe_targets(live_server: LiveServer) -> tuple[list[tuple[str, str]], str]:
    """(method, path) of every unsafe route that is not exempt, with real ids (an admin
    `root`, a networker `ania`, a library entry, a partner feed), and the entry's id."""
    admin_id = (await live_server.create_staff("root", role="admin", language="en"))["id"]
    await live_server.create_staff("ania")
    rid = (
        await res.do_create_resource(
            live_server.svc,
            (await live_server.create_staff("author"))["id"],
            res.check_resource_input(entry()),
        )
    ).id
    # a partner feed on a port nobody listens on: fetching it fails at once
    fid = await do_add_feed(
        live_server.svc, admin_id, "Partner", "http://127.0.0.1:9/feed.json", "file"
    )
    targets = [
        (method, url)
        for method, route in unsafe_routes(live_server.app)
        if not is_csrf_exempt(route.handler)
        for url in urls_for(
            route.resource, {"rid": rid, "fid": fid, "qid": "q_start_closing_en", "token": "x" * 43}
        )
    ]
    return targets, rid


async def test_every_unsafe_route_needs_the_token_and_changes_nothing_without_it(
    live_server: LiveServer,
) -> None:
    targets, rid = await unsafe_targets(live_server)
    paths = {url for _, url in targets}
    # the enumeration found the forms we know of (and any added since)
    assert {"/login", "/logout", "/lang", "/admin/staff/role", "/console/resources/new"} <= paths
    assert f"/console/resources/{rid}/edit" in paths
    assert f"/console/resources/{rid}/vet" in paths
    assert "/supervisor/canned/q_start_closing_en/retire" in paths

    http = await admin_session(live_server)
    try:
        before = await snapshot(live_server)
        for method, url in targets:
            for sent in ({}, {"csrf_token": "x" * 43}, {"csrf_token": ""}):
                async with http.request(
                    method, live_server.url + url, data={**FORM, **sent}, allow_redirects=False
                ) as r:
                    body = await r.text()
                    assert r.status == 403, (method, url, sent, r.status)
                    assert REFUSED_EN in body, (method, url)
                    assert "Nothing was changed" in body, (method, url)
                    assert not cookies_set(r) & {SESSION_COOKIE, LANG_COOKIE}, (method, url)
            # a header with a wrong value is no better than a missing field
            async with http.request(
                method,
                live_server.url + url,
                data=FORM,
                headers={CSRF_HEADER: "y" * 43},
                allow_redirects=False,
            ) as r:
                assert r.status == 403, (method, url)
        assert await snapshot(live_server) == before
        async with http.get(live_server.url + "/console", allow_redirects=False) as r:
            assert r.status == 200  # still logged in: /logout did nothing either

        # with the token the view runs (its own answer, whatever it is, never the refusal);
        # /logout last, it ends the session the others use
        for method, url in sorted(targets, key=lambda t: t[1] == "/logout"):
            async with http.request(
                method,
                live_server.url + url,
                data={**FORM, "csrf_token": token(http)},
                allow_redirects=False,
            ) as r:
                body = await r.text()
                # (a view's own 403, e.g. vetting one's own edit, is not the refusal page)
                assert REFUSED_EN not in body, (method, url, r.status)
                assert r.status in (200, 302, 303, 400, 403, 404, 409), (method, url, r.status)
        assert await snapshot(live_server) != before
    finally:
        await http.close()


async def test_the_refusal_is_translated(live_server: LiveServer) -> None:
    async with (
        aiohttp.ClientSession(headers={"Accept-Language": "pl"}) as http,
        http.post(live_server.url + "/login", data={"username": "x"}) as r,
    ):
        assert r.status == 403
        body = await r.text()
        assert REFUSED_PL in body
        assert 'lang="pl"' in body
        assert "Content-Security-Policy" in r.headers  # the usual headers, as on any page


async def test_login_without_the_token_creates_no_session(live_server: LiveServer) -> None:
    await live_server.create_staff("ania")
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        async with http.get(live_server.url + "/login") as r:
            assert r.status == 200  # the CSRF cookie is set, but the form field is missing
        async with http.post(
            live_server.url + "/login",
            data={"username": "ania", "password": PASSWORD},
            allow_redirects=False,
        ) as r:
            assert r.status == 403
            assert SESSION_COOKIE not in cookies_set(r)
        async with live_server.svc.db.read() as s:
            assert (await s.execute(select(StaffSession))).first() is None
        async with http.post(
            live_server.url + "/login",
            data={"username": "ania", "password": PASSWORD, "csrf_token": token(http)},
            allow_redirects=False,
        ) as r:
            assert r.status == 302
            assert SESSION_COOKIE in cookies_set(r)
        async with live_server.svc.db.read() as s:
            assert (await s.execute(select(StaffSession))).first() is not None


async def test_a_resource_edit_without_the_token_changes_no_row(live_server: LiveServer) -> None:
    await live_server.create_staff("root", role="admin", language="en")
    r_ = await res.do_create_resource(
        live_server.svc,
        (await live_server.create_staff("author"))["id"],
        res.check_resource_input(entry()),
    )
    url = f"{live_server.url}/console/resources/{r_.id}/edit"
    data = {**FORM, "version": str(r_.version), "organization_name": "Edited"}
    http = await admin_session(live_server)
    try:
        async with http.post(url, data=data, allow_redirects=False) as r:
            assert r.status == 403
        async with live_server.svc.db.read() as s:
            row = await s.get(Resource, r_.id)
            assert row is not None
            assert row.version == r_.version
            assert row.organization_name != "Edited"
        async with http.post(
            url, data={**data, "csrf_token": token(http)}, allow_redirects=False
        ) as r:
            assert r.status == 302, await r.text()
        async with live_server.svc.db.read() as s:
            row = await s.get(Resource, r_.id)
            assert row is not None
            assert row.organization_name == "Edited"
    finally:
        await http.close()


async def test_the_token_may_come_in_a_header_or_a_multipart_form(live_server: LiveServer) -> None:
    await live_server.create_staff("root", role="admin", language="en")
    http = await admin_session(live_server)
    try:
        # fetch / JSON: the header
        async with http.post(
            live_server.url + "/lang",
            data={"lang": "pl", "next": "/console"},
            headers={CSRF_HEADER: token(http)},
            allow_redirects=False,
        ) as r:
            assert r.status == 303
            assert LANG_COOKIE in cookies_set(r)
        async with http.post(
            live_server.url + "/lang", json={"lang": "pl"}, allow_redirects=False
        ) as r:
            assert r.status == 403  # JSON without the header: refused
        # a multipart form (the view reads the same body after the middleware did)
        form = aiohttp.FormData()
        for key, value in (("lang", "en"), ("next", "/admin/staff"), ("csrf_token", token(http))):
            form.add_field(key, value)
        form.add_field("file", b"x", filename="x.txt")  # forces multipart/form-data
        async with http.post(live_server.url + "/lang", data=form, allow_redirects=False) as r:
            assert r.status == 303
            assert r.headers["Location"] == "/admin/staff"
    finally:
        await http.close()


async def test_unknown_addresses_and_socketio_are_not_answered_with_the_refusal(
    live_server: LiveServer,
) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.post(live_server.url + "/no/such/form", data={"a": "b"}) as r:
            assert r.status == 404
        async with http.post(live_server.url + "/console", data={"a": "b"}) as r:
            assert r.status == 405
        # python-socketio answers its own endpoint (only websockets are enabled: a polling
        # POST is refused by it, not by the CSRF check)
        async with http.post(
            live_server.url + "/socket.io/?EIO=4&transport=polling", data=b"40"
        ) as r:
            assert r.status != 403
            assert REFUSED_EN not in await r.text()
    # the websocket upgrade (GET) still works: a visitor connects and sends
    visitor = await live_server.visitor()
    assert (await visitor.send("dzień dobry"))["ok"]
