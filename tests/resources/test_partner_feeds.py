"""Partner feeds, served by a local aiohttp server (no internet): an admin adds a feed; it is
fetched on a schedule by exactly one node; new and changed entries become drafts showing what
changed; an entry edited here is never overwritten silently; withdrawn entries are marked; bad
feeds (not JSON, an invalid service, too large, too slow, an HTTP error) change nothing and say
why on the admin page."""

from __future__ import annotations

import asyncio
import copy
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web
from sqlalchemy import select

from server.actions import resources as res
from server.actions.resources.feeds import do_add_feed, do_feed_tick, do_take_partner_version
from server.clock import FakeClock
from server.db.models import PartnerFeed, Resource, Staff
from tests.conftest import LiveServer
from tests.resources.test_resources_hsds import EXAMPLE
from tests.test_supervisor_pages import browser_session


@dataclass
class Partner:
    """A partner's directory: an HSDS file and an HSDS API over the same services."""

    url: str = ""
    services: list[dict[str, Any]] = field(default_factory=list)
    hits: dict[str, int] = field(default_factory=dict)
    body: bytes | None = None  # served instead of the services (a broken feed)
    status: int = 200
    delay: float = 0.0

    def count(self, name: str) -> None:
        self.hits[name] = self.hits.get(name, 0) + 1


@pytest.fixture
async def partner() -> AsyncIterator[Partner]:
    state = Partner()
    example = json.loads(EXAMPLE.read_text())
    second = copy.deepcopy(example)
    second.update(id=str(uuid.uuid4()), name="Drop-in Legal Clinic")
    second["service_at_locations"] = []
    state.services = [example, second]

    async def file(request: web.Request) -> web.StreamResponse:
        state.count("file")
        if state.delay:
            await asyncio.sleep(state.delay)  # the partner's server, not ours: real time
        if state.body is not None:
            return web.Response(body=state.body, status=state.status)
        return web.json_response(state.services, status=state.status)

    async def services(request: web.Request) -> web.StreamResponse:
        state.count("api")
        page, per_page = int(request.query["page"]), int(request.query["per_page"])
        per_page = min(per_page, 1)  # one per page, so paging is exercised
        chunk = state.services[(page - 1) * per_page : page * per_page]
        return web.json_response(
            {
                "total_items": len(state.services),
                "total_pages": len(state.services),
                "page_number": page,
                "size": len(chunk),
                "first_page": page == 1,
                "last_page": page >= len(state.services),
                "empty": not state.services,
                "contents": [
                    {"id": s["id"], "name": s["name"], "status": s["status"]} for s in chunk
                ],
            }
        )

    async def service(request: web.Request) -> web.StreamResponse:
        found = [s for s in state.services if s["id"] == request.match_info["id"]]
        return web.json_response(found[0]) if found else web.json_response({}, status=404)

    app = web.Application()
    app.router.add_get("/directory.json", file)
    app.router.add_get("/api/services", services)
    app.router.add_get("/api/services/{id}", service)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    state.url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    yield state
    await runner.cleanup()


async def _entries(server: LiveServer) -> dict[str, Resource]:
    async with server.svc.db.read() as s:
        return {r.hsds_id: r for r in (await s.execute(select(Resource))).scalars()}


async def _feed(server: LiveServer) -> PartnerFeed:
    async with server.svc.db.read() as s:
        return (await s.execute(select(PartnerFeed))).scalar_one()


async def test_an_admin_adds_a_feed_and_it_is_fetched_on_schedule_as_drafts(
    server_factory: Any, fake_clock: FakeClock, partner: Partner
) -> None:
    server = await server_factory(fake_clock)
    async with browser_session(server, "root", role="admin") as (http, csrf):
        async with http.post(
            f"{server.url}/admin/feeds",
            data={"csrf_token": csrf, "name": "Partner NGO", "url": "ftp://x", "kind": "file"},
        ) as r:
            assert r.status == 400
            assert "http://" in await r.text()
        async with http.post(
            f"{server.url}/admin/feeds",
            data={
                "csrf_token": csrf,
                "name": "Partner NGO",
                "url": f"{partner.url}/directory.json",
                "kind": "file",
            },
        ) as r:
            assert r.status == 200
            assert "Partner NGO" in await r.text()
        assert await do_feed_tick(server.svc)  # due at once
        assert partner.hits == {"file": 1}
        assert not await do_feed_tick(server.svc)  # next one in NETREACH_FEED_HOURS
        entries = await _entries(server)
        assert set(entries) == {s["id"] for s in partner.services}
        assert {r.status for r in entries.values()} == {"draft"}
        feed = await _feed(server)
        assert {r.feed_id for r in entries.values()} == {feed.id}
        history = await res.get_history(server.svc, entries[partner.services[0]["id"]].id)
        assert history[0]["action"] == "imported"
        assert history[0]["actor"] == "feed Partner NGO"
        async with http.get(f"{server.url}/admin/feeds") as r:
            page = await r.text()
        assert "2 added, 0 updated" in page
    fake_clock.advance(server.settings.feed_hours * 3600)
    assert await do_feed_tick(server.svc)
    assert partner.hits == {"file": 2}


async def test_an_hsds_api_is_read_page_by_page(live_server: LiveServer, partner: Partner) -> None:
    admin = (await live_server.create_staff("root", role="admin"))["id"]
    await do_add_feed(live_server.svc, admin, "Partner API", f"{partner.url}/api", "api")
    await do_feed_tick(live_server.svc)
    assert partner.hits["api"] == 2
    entries = await _entries(live_server)
    assert set(entries) == {s["id"] for s in partner.services}
    # nothing changed at the partner: nothing changes here
    feed = await _feed(live_server)
    versions = {k: r.version for k, r in entries.items()}
    async with live_server.svc.db.write() as s:
        (await s.get(PartnerFeed, feed.id)).next_fetch_at = live_server.svc.clock.now()  # type: ignore[union-attr]
    await do_feed_tick(live_server.svc)
    assert {k: r.version for k, r in (await _entries(live_server)).items()} == versions
    assert (await _feed(live_server)).last_report["unchanged"] == 2  # type: ignore[index]


async def test_exactly_one_node_fetches_a_due_feed(server_factory: Any, partner: Partner) -> None:
    one = await server_factory()
    two = await server_factory()  # the same database
    admin = (await one.create_staff("root", role="admin"))["id"]
    await do_add_feed(one.svc, admin, "Partner NGO", f"{partner.url}/directory.json", "file")
    partner.delay = 0.3
    fetched = await asyncio.gather(*(do_feed_tick(s.svc) for s in (one, two, one, two)))
    assert sum(len(ids) for ids in fetched) == 1
    assert partner.hits == {"file": 1}


async def _vet_all(server: LiveServer) -> None:
    author = (await server.create_staff(f"a{uuid.uuid4().hex[:6]}"))["id"]
    boss = (await server.create_staff(f"b{uuid.uuid4().hex[:6]}", role="supervisor"))["id"]
    for r in (await _entries(server)).values():
        await res.do_submit_resource(server.svc, author, r.id)
        await res.do_vet_resource(server.svc, boss, r.id)


async def _refetch(server: LiveServer) -> None:
    async with server.svc.db.write() as s:
        for feed in (await s.execute(select(PartnerFeed))).scalars():
            feed.next_fetch_at = server.svc.clock.now()
    assert await do_feed_tick(server.svc)


async def test_changes_become_drafts_local_edits_are_held_and_withdrawals_marked(
    live_server: LiveServer, partner: Partner
) -> None:
    svc = live_server.svc
    admin = (await live_server.create_staff("root", role="admin"))["id"]
    await do_add_feed(svc, admin, "Partner NGO", f"{partner.url}/directory.json", "file")
    await do_feed_tick(svc)
    await _vet_all(live_server)
    first, second = (s["id"] for s in partner.services)
    # we edit the second entry here
    editor = (await live_server.create_staff("ola", role="supervisor"))["id"]
    mine = (await _entries(live_server))[second]
    await res.do_update_resource(
        svc,
        editor,
        mine.id,
        res.check_resource_input(
            {**{k: getattr(mine, k) for k in res.CONTENT_FIELDS}, "email": "ours@example.org"}
        ),
        mine.version,
    )
    # the partner changes both, then withdraws nothing yet
    partner.services[0]["fees_description"] = "Free for everyone since 2026."
    partner.services[0]["accreditations"] = "BACP"
    partner.services[1]["name"] = "Drop-in Legal Clinic (new address)"
    await _refetch(live_server)
    entries = await _entries(live_server)
    changed = entries[first]
    assert changed.status == "draft", (
        await _feed(live_server)
    ).last_report  # vetted before: to be vetted again
    history = await res.get_history(svc, changed.id)
    assert history[0]["action"] == "imported"
    assert history[0]["changes"]["accreditations"][1] == "BACP"  # what changed, shown
    assert "texts" in history[0]["changes"]
    held = entries[second]
    assert held.email == "ours@example.org"  # our edit was not overwritten
    assert held.name == "Drop-in Legal Clinic"
    assert held.feed_pending is not None
    assert held.feed_pending["service"]["name"] == "Drop-in Legal Clinic (new address)"
    assert (await res.get_history(svc, held.id))[0]["action"] == "partner_held"
    report = (await _feed(live_server)).last_report
    assert report is not None
    assert report["held"] == ["#2 'Drop-in Legal Clinic (new address)'"]
    # supervisors see it, and may take the partner's version knowingly
    boss = await live_server.create_staff("szefowa", role="supervisor", language="en")
    lists = await res.get_review_lists(svc, "en")
    assert [r["id"] for r in lists["partner"]] == [held.id]
    taken = await do_take_partner_version(svc, boss["id"], held.id)
    assert taken.feed_pending is None
    entries = await _entries(live_server)
    assert entries[second].name == "Drop-in Legal Clinic (new address)"
    assert entries[second].status == "draft"
    # the partner withdraws the first one: marked, listed, not deleted
    partner.services = partner.services[1:]
    await _refetch(live_server)
    entries = await _entries(live_server)
    assert entries[first].withdrawn_at is not None
    assert (await res.get_history(svc, entries[first].id))[0]["action"] == "withdrawn"
    assert entries[first].id in {
        r["id"] for r in (await res.get_review_lists(svc, "en"))["partner"]
    }
    page = f"{live_server.url}/console/resources/{entries[first].id}"
    async with (
        browser_session(live_server, "kontrola", role="supervisor") as (http, _),
        http.get(page) as r,
    ):
        assert 'id="withdrawn"' in await r.text()


@pytest.mark.parametrize(
    ("setup", "why"),
    [
        ({"body": b"<html>not json</html>"}, "is not JSON"),
        ({"body": b"[]"}, "holds no services"),
        ({"body": json.dumps([{"id": "x"}]).encode()}, "no name"),
        ({"status": 404, "body": b"gone"}, "HTTP 404"),
        ({"body": b"[" + b'"x",' * 300_000 + b'"x"]'}, "larger than the limit"),
        ({"delay": 3.0}, "did not answer within 1 seconds"),
    ],
)
async def test_a_bad_feed_changes_nothing_and_says_why(
    server_factory: Any, partner: Partner, setup: dict[str, Any], why: str
) -> None:
    server = await server_factory(feed_timeout=1, feed_max_mb=1)
    svc = server.svc
    admin = (await server.create_staff("root", role="admin", language="en"))["id"]
    await do_add_feed(svc, admin, "Partner NGO", f"{partner.url}/directory.json", "file")
    await do_feed_tick(svc)
    before = {k: (r.version, r.status, r.name) for k, r in (await _entries(server)).items()}
    assert len(before) == 2
    for key, value in setup.items():
        setattr(partner, key, value)
    await _refetch(server)
    after = {k: (r.version, r.status, r.name) for k, r in (await _entries(server)).items()}
    assert after == before
    feed = await _feed(server)
    assert feed.last_error is not None
    assert why in feed.last_error
    async with (
        browser_session(server, "boss", role="admin") as (http, _),
        http.get(f"{server.url}/admin/feeds") as r,
    ):
        page = await r.text()
    assert "feed-error" in page
    assert why in page


@pytest.mark.parametrize(
    ("setup", "english", "polish"),
    [
        # a service refused inside the feed: the reason nested in the feed's error
        ({"body": json.dumps([{"id": "x"}]).encode()}, "no name", "nie ma nazwy"),
        ({"body": b"<html>not json</html>"}, "is not JSON", "nie jest JSON"),
        ({"delay": 3.0}, "did not answer within 1 seconds", "nie odpowiedział w ciągu 1 s"),
        ({"status": 404, "body": b"gone"}, "answered HTTP 404", "odpowiedział HTTP 404"),
    ],
)
async def test_a_feed_error_is_shown_in_the_admins_language(
    server_factory: Any, partner: Partner, setup: dict[str, Any], english: str, polish: str
) -> None:
    """Issue 17: no raw English on Polish pages. Why the last fetch failed is stored
    translatable and /admin/feeds shows it in Polish to a Polish admin (English stays in
    `last_error` for logs and the CLI)."""
    server = await server_factory(feed_timeout=1, feed_max_mb=1)
    admin = (await server.create_staff("root", role="admin", language="pl"))["id"]
    await do_add_feed(server.svc, admin, "Partner NGO", f"{partner.url}/directory.json", "file")
    for key, value in setup.items():
        setattr(partner, key, value)
    await do_feed_tick(server.svc)
    feed = await _feed(server)
    assert feed.last_error is not None
    assert english in feed.last_error
    async with browser_session(server, "szefowa", role="admin") as (http, _):
        async with server.svc.db.write() as s:
            staff = (await s.execute(select(Staff).where(Staff.username == "szefowa"))).scalar_one()
            staff.language = "pl"
        async with http.get(f"{server.url}/admin/feeds") as r:
            page = await r.text()
    assert "Ostatnie pobranie nie powiodło się i niczego nie zmieniło:" in page
    error = page.split('feed-error" role="alert">', 1)[1].split("</p>", 1)[0]
    assert polish in error, error
    assert english not in error, error


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
async def test_a_feed_on_an_internal_address_is_refused_by_default(
    server_factory: Any, partner: Partner, host: str
) -> None:
    """SSRF: with the default NETREACH_FEED_ALLOW_PRIVATE=false a feed URL cannot reach this
    machine or its network (an IP literal, or a name that resolves to one); the partner server
    is never asked, the feed shows why, and nothing is imported."""
    server = await server_factory(feed_allow_private=False)
    admin = (await server.create_staff("root", role="admin"))["id"]
    url = partner.url.replace("127.0.0.1", host)
    await do_add_feed(server.svc, admin, "Inside", f"{url}/api", "api")
    await do_feed_tick(server.svc)
    feed = await _feed(server)
    assert feed.last_error is not None
    assert "internal" in feed.last_error
    assert partner.hits == {}
