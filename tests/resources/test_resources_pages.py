"""Library pages over HTTP: login required, roles on the server, CSRF, public page only for
public entries, hostile fields escaped, both languages."""

from __future__ import annotations

import re
from typing import Any

import aiohttp

from server.actions import resources as res
from tests.conftest import LiveServer
from tests.resources.conftest import csrf, entry, http_session

XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def form(**overrides: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name_pl": "Poradnia prawna",
        "summary_pl": "Bezpłatne porady",
        "name_en": "Legal clinic",
        "topics": "legal",
        "phones": "+48 22 000 00 00 | voice | recepcja",
        "links": "https://example.org | strona",
        "area": "nationwide",
        "country": "PL",
        "languages": "pl en",
        "source": "test",
    }
    data.update(overrides)
    return data


async def test_staff_pages_need_a_login(live_server: LiveServer) -> None:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        for path in (
            "/console/resources",
            "/console/resources/new",
            "/console/resources/review",
            "/console/resources/r_abc",
        ):
            async with http.get(live_server.url + path, allow_redirects=False) as r:
                assert r.status == 302, path
                assert r.headers["Location"].startswith("/login?next="), path
        # the CSRF token is checked first (before the view): without it, 403 ...
        async with http.post(
            live_server.url + "/console/resources/new", data=form(), allow_redirects=False
        ) as r:
            assert r.status == 403
        # ... with it but without a session: the login page
        async with http.get(live_server.url + "/login") as r:
            assert r.status == 200
        async with http.post(
            live_server.url + "/console/resources/new",
            data={**form(), "csrf_token": csrf(http)},
            allow_redirects=False,
        ) as r:
            assert r.status == 302
            assert r.headers["Location"].startswith("/login")


async def test_create_edit_submit_vet_through_the_pages(live_server: LiveServer) -> None:
    base = live_server.url
    ania = await http_session(live_server, "ania")
    marta = await http_session(live_server, "marta", role="supervisor")
    try:
        async with ania.post(
            base + "/console/resources/new",
            data={**form(), "csrf_token": csrf(ania)},
            allow_redirects=False,
        ) as r:
            assert r.status == 302, await r.text()
            path = r.headers["Location"]
        rid = path.rsplit("/", 1)[1]
        async with ania.get(base + path) as r:
            page = await r.text()
            assert r.status == 200
            assert "Poradnia prawna" in page
            assert "Wersja robocza" in page
        # networkers cannot open the review page nor vet
        async with ania.get(base + "/console/resources/review") as r:
            assert r.status == 403
        async with ania.post(
            f"{base}{path}/submit", data={"csrf_token": csrf(ania)}, allow_redirects=False
        ) as r:
            assert r.status == 302
        async with ania.post(
            f"{base}{path}/vet", data={"csrf_token": csrf(ania)}, allow_redirects=False
        ) as r:
            assert r.status == 403
        async with marta.get(base + "/console/resources/review") as r:
            assert r.status == 200
            assert "Poradnia prawna" in await r.text()
        async with marta.post(
            f"{base}{path}/vet",
            data={"csrf_token": csrf(marta), "review_by": "2099-01-01"},
            allow_redirects=False,
        ) as r:
            assert r.status == 302
        assert (await res.get_resource(live_server.svc, rid)).status == "vetted"
        # the public page is there now, in the visitor's language
        async with aiohttp.ClientSession() as anon:
            async with anon.get(f"{base}/r/{rid}?lang=en") as r:
                page = await r.text()
                assert r.status == 200
                assert "Legal clinic" in page
                assert 'href="tel:+48220000000"' in page
                assert r.headers["Cache-Control"] == "no-store"
            async with anon.get(f"{base}/r/{rid}?lang=pl") as r:
                assert "Poradnia prawna" in await r.text()
        # the supervisor edits it: back to draft, and she may not vet her own edit
        async with marta.get(f"{base}{path}/edit") as r:
            page = await r.text()
            version = re.search(r'name="version" value="(\d+)"', page)
            assert r.status == 200
            assert version
        async with marta.post(
            f"{base}{path}/edit",
            data={
                **form(name_pl="Poradnia prawna 2"),
                "version": version[1],
                "csrf_token": csrf(marta),
            },
            allow_redirects=False,
        ) as r:
            assert r.status == 302
        async with marta.post(
            f"{base}{path}/submit", data={"csrf_token": csrf(marta)}, allow_redirects=False
        ) as r:
            assert r.status == 302
        async with marta.post(f"{base}{path}/vet", data={"csrf_token": csrf(marta)}) as r:
            assert r.status == 409
            assert "inny superwizor" in await r.text()
        async with aiohttp.ClientSession() as anon, anon.get(f"{base}/r/{rid}") as r:
            assert r.status == 404  # hidden until vetted again
        async with ania.get(base + path) as r:
            page = await r.text()
            assert "Poradnia prawna 2" in page
            assert "edytowano" in page
    finally:
        await ania.close()
        await marta.close()


async def test_posts_without_csrf_are_refused(live_server: LiveServer) -> None:
    ania = await http_session(live_server, "ania")
    try:
        async with ania.post(
            live_server.url + "/console/resources/new", data=form(), allow_redirects=False
        ) as r:
            assert r.status == 403
        r_ = await res.do_create_resource(
            live_server.svc,
            (await live_server.create_staff("x1"))["id"],
            res.check_resource_input(entry()),
        )
        async with ania.post(
            f"{live_server.url}/console/resources/{r_.id}/submit",
            data={"csrf_token": "wrong"},
            allow_redirects=False,
        ) as r:
            assert r.status == 403
        assert (await res.get_resource(live_server.svc, r_.id)).status == "draft"
    finally:
        await ania.close()


async def test_invalid_form_is_shown_again_with_the_reason(live_server: LiveServer) -> None:
    ania = await http_session(live_server, "ania")
    try:
        async with ania.post(
            live_server.url + "/console/resources/new",
            data={**form(links="javascript:alert(1)"), "csrf_token": csrf(ania)},
        ) as r:
            page = await r.text()
            assert r.status == 400
            assert "links" in page
            assert "javascript:alert(1)" in page
            assert 'href="javascript' not in page
        assert await res.get_counts(live_server.svc) == {}
    finally:
        await ania.close()


async def test_public_page_is_404_unless_vetted_and_current(live_server: LiveServer) -> None:
    svc = live_server.svc
    author = (await live_server.create_staff("ania"))["id"]
    r = await res.do_create_resource(svc, author, res.check_resource_input(entry()))
    async with aiohttp.ClientSession() as http:
        for path in (f"/r/{r.id}", "/r/r_doesnotexist", "/r/..%2Fetc"):
            async with http.get(live_server.url + path) as resp:
                assert resp.status == 404, path
        await res.do_submit_resource(svc, author, r.id)
        async with http.get(f"{live_server.url}/r/{r.id}") as resp:
            assert resp.status == 404


async def test_hostile_fields_are_escaped_on_every_page(live_server: LiveServer) -> None:
    svc = live_server.svc
    author = (await live_server.create_staff("author"))["id"]
    sup = (await live_server.create_staff("sup", role="supervisor"))["id"]
    r = await res.do_create_resource(
        svc,
        author,
        res.check_resource_input(
            entry(
                XSS[:200],
                texts={"pl": {"name": XSS, "summary": XSS, "description": XSS, "hours": XSS}},
                organization_name=XSS,
                links=[{"url": "https://example.org/?q=%22%3E", "label": XSS[:100]}],
            )
        ),
    )
    await res.do_submit_resource(svc, author, r.id)
    await res.do_vet_resource(svc, sup, r.id)
    ania = await http_session(live_server, "ania")
    try:
        pages = []
        for path in (
            "/console/resources",
            f"/console/resources/{r.id}",
            f"/console/resources/{r.id}/edit",
        ):
            async with ania.get(live_server.url + path) as resp:
                pages.append((path, resp.status, await resp.text()))
        async with aiohttp.ClientSession() as anon, anon.get(f"{live_server.url}/r/{r.id}") as resp:
            pages.append(("/r", resp.status, await resp.text()))
        for path, status, page in pages:
            assert status in (200, 403), path
            assert "<script>alert(1)</script>" not in page, path
            assert "<img src=x" not in page, path
            assert "<script>x</script>" not in page, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[-1][2]
    finally:
        await ania.close()
