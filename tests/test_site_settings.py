"""Settings on the web (issue 18 item 2): an admin changes the embedding sites, duty hours (time
zone, weekly hours, holidays and extra shifts), the emergency number, the exit URL and retention
on /admin/settings; every node uses them without a restart (two nodes in this process with fake
clocks, and two server processes); visitors get the duty periods as UTC instants with the
holidays applied (fake clock); bad input gets a clear, translated error and changes nothing."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from server.actions.site import do_update_site_settings
from server.clock import FakeClock
from server.db.models import AuditLog, SiteSettingsRow, Staff
from server.site import (
    SiteSettings,
    SiteSettingsError,
    check_exceptions,
    check_form,
    check_origins,
    duty_periods,
    form_values,
)
from tests.conftest import _fresh_database, free_port, make_settings
from tests.helpers import Visitor, eventually
from tests.procs import ServerProcess, create_user, migrate, server_env
from tests.test_revocation import Browser
from tests.test_staff_links import admin_browser, get_page, post_page

# Monday 21 December 2026, 10:00 UTC (11:00 in Warsaw)
MONDAY = datetime(2026, 12, 21, 10, 0, tzinfo=UTC)
CONFIG_RE = re.compile(r'<script type="application/json" id="nr-config">(.*?)</script>', re.S)


def form(**changes: str) -> dict[str, str]:
    """The settings form as the defaults fill it, with `changes`."""
    values = form_values(SiteSettings.from_settings(make_settings("sqlite:///x", Path("/tmp"))))
    return {**values, **changes}


async def frame_config(url: str) -> dict[str, Any]:
    browser = Browser(url)
    try:
        status, page = await get_page(browser, "/widget/frame")
        assert status == 200
        match = CONFIG_RE.search(page)
        assert match, page[:1000]
        return dict(json.loads(match.group(1)))
    finally:
        await browser.close()


async def version(server: Any) -> int:
    async with server.svc.db.read() as s:
        row = await s.get(SiteSettingsRow, 1)
        assert row is not None
        return row.version


def test_form_checks() -> None:
    assert check_origins("https://forum.example/\nhttp://localhost:8000") == (
        "https://forum.example",
        "http://localhost:8000",
    )
    assert check_origins("  ") == ("*",)
    for bad in (
        "https://forum.example/path",
        "javascript:alert(1)",
        "forum.example",
        "* https://a.b",
    ):
        with pytest.raises(SiteSettingsError) as err:
            check_origins(bad)
        assert err.value.field == "embed_origins"
    holidays = check_exceptions("2026-12-24 closed # Wigilia\n2026-12-27 10:00-14:00\n")
    assert [(e.day, e.windows) for e in holidays] == [
        ("2026-12-24", ()),
        ("2026-12-27", (("10:00", "14:00"),)),
    ]
    for field, changes in (
        ("timezone", {"timezone": "Mars/Olympus"}),
        ("day_mon", {"day_mon": "22:00-16:00"}),
        ("day_tue", {"day_tue": "10:00-14:00, 13:00-15:00"}),
        ("exceptions", {"exceptions": "2026-02-30 closed"}),
        ("exceptions", {"exceptions": "2026-12-24 closed\n2026-12-24 10:00-12:00"}),
        ("emergency_number", {"emergency_number": "call me"}),
        ("exit_url", {"exit_url": "javascript:alert(1)"}),
        ("retention_transcript_days", {"retention_transcript_days": "0"}),
        ("retention_audit_days", {"retention_audit_days": "30"}),
    ):
        with pytest.raises(SiteSettingsError) as err:
            check_form(form(**changes))
        assert err.value.field == field, (changes, err.value)


def test_duty_periods_apply_exceptions_and_summer_time() -> None:
    values = check_form(
        form(
            timezone="Europe/Warsaw",
            day_mon="16:00-22:00",
            day_tue="16:00-22:00",
            day_wed="16:00-22:00",
            day_thu="16:00-22:00",
            day_fri="16:00-22:00",
            day_sat="",
            day_sun="",
            exceptions="2026-12-24 closed\n2026-12-27 10:00-14:00",
        )
    )
    periods = duty_periods(values["duty"], MONDAY)
    assert periods == [
        {"start": "2026-12-21T15:00:00Z", "end": "2026-12-21T21:00:00Z"},
        {"start": "2026-12-22T15:00:00Z", "end": "2026-12-22T21:00:00Z"},
        {"start": "2026-12-23T15:00:00Z", "end": "2026-12-23T21:00:00Z"},
        # Thursday 24th: closed (a holiday)
        {"start": "2026-12-25T15:00:00Z", "end": "2026-12-25T21:00:00Z"},
        # Sunday 27th: an extra shift
        {"start": "2026-12-27T09:00:00Z", "end": "2026-12-27T13:00:00Z"},
        # next Monday's shift starts more than 7 days from now
    ]
    # in summer Warsaw is UTC+2; a shift already running starts at its real start
    june = datetime(2026, 6, 22, 15, 0, tzinfo=UTC)  # Monday 17:00 in Warsaw
    assert duty_periods(values["duty"], june)[0] == {
        "start": "2026-06-22T14:00:00Z",
        "end": "2026-06-22T20:00:00Z",
    }


async def test_admin_changes_settings_and_visitors_see_them(server_factory: Any) -> None:
    clock = FakeClock(MONDAY)
    server = await server_factory(clock)
    admin = await admin_browser(server)
    visitor = await server.visitor()
    try:
        joined = await visitor.join()
        assert joined["duty"]["timezone"] == "Europe/Warsaw"
        assert joined["duty"]["periods"][0] == {
            "start": "2026-12-21T15:00:00Z",
            "end": "2026-12-21T21:00:00Z",
        }
        assert (await get_page(admin, "/admin/settings"))[0] == 200
        before = await version(server)
        new = form(
            embed_origins="https://forum.example\nhttps://other.example/",
            timezone="America/New_York",
            day_mon="09:00-17:00",
            day_tue="",
            exceptions="2026-12-22 12:00-13:00",
            emergency_number="+48 800 12 12 12",
            exit_url="https://example.org/weather",
            retention_transcript_days="30",
            version=str(before),
        )
        assert await admin.post("/admin/settings", new) == 303
        # the connected visitor is told at once, in UTC instants (New York is UTC-5)
        update = await visitor.log.wait_for(
            "duty.update", lambda d: d["emergency_number"] == "+48 800 12 12 12"
        )
        assert update["timezone"] == "America/New_York"
        assert update["periods"][:2] == [
            {"start": "2026-12-21T14:00:00Z", "end": "2026-12-21T22:00:00Z"},
            {"start": "2026-12-22T17:00:00Z", "end": "2026-12-22T18:00:00Z"},
        ]
        config = await frame_config(server.url)
        assert config["emergency_number"] == "+48 800 12 12 12"
        assert config["exit_url"] == "https://example.org/weather"
        assert config["embed_origins"] == ["https://forum.example", "https://other.example"]
        assert config["duty_periods"] == update["periods"]
        browser = Browser(server.url)
        async with browser.http.get(f"{server.url}/widget/frame") as r:
            assert r.headers["Content-Security-Policy"].endswith(
                "frame-ancestors 'self' https://forum.example https://other.example"
            )
        async with browser.http.get(f"{server.url}/privacy?lang=en") as r:
            assert "30" in await r.text()
        await browser.close()
        assert server.svc.site.retention_transcript_days == 30
        async with server.svc.db.read() as s:
            entry = (
                await s.execute(select(AuditLog).where(AuditLog.action == "settings.change"))
            ).scalar_one()
        assert entry.details["emergency_number"] == ["112", "+48 800 12 12 12"]
        # a value equal to the environment's is not stored: back to the defaults stores nothing
        assert await admin.post("/admin/settings", form(version=str(before + 1))) == 303
        async with server.svc.db.read() as s:
            row = await s.get(SiteSettingsRow, 1)
            assert row is not None
            assert row.values == {}
        assert server.svc.site.emergency_number == "112"
    finally:
        await admin.close()


async def test_bad_input_changes_nothing(live_server: Any) -> None:
    admin = await admin_browser(live_server)
    try:
        before = await version(live_server)
        status, page = await post_page(
            admin,
            "/admin/settings",
            form(
                embed_origins="https://forum.example/path",
                emergency_number="999",
                version=str(before),
            ),
        )
        assert status == 400
        assert "is not a site address like https://forum.example" in page
        assert 'aria-invalid="true"' in page
        assert "https://forum.example/path" in page
        assert await version(live_server) == before
        assert live_server.svc.site.emergency_number == "112"
        # translated: Polish for a Polish page
        status, page = await post_page(
            admin, "/admin/settings?lang=pl", form(timezone="Mars/Olympus", version=str(before))
        )
        assert status == 400
        assert "nie jest strefą czasową" in page
        # a form made from an older version does not undo a newer change
        assert (
            await admin.post("/admin/settings", form(emergency_number="999", version=str(before)))
            == 303
        )
        status, page = await post_page(
            admin, "/admin/settings", form(emergency_number="998", version=str(before))
        )
        assert status == 409
        assert "Someone else changed the settings" in page
        assert live_server.svc.site.emergency_number == "999"
        # only admins
        other = Browser(live_server.url)
        await live_server.create_staff("marta", role="supervisor")
        await other.login("marta")
        assert (await get_page(other, "/admin/settings"))[0] == 403
        assert await other.post("/admin/settings", form(version=str(before + 1))) == 403
        await other.close()
    finally:
        await admin.close()


async def test_a_day_off_is_written_in_the_pages_language(live_server: Any) -> None:
    """A Polish or Ukrainian admin writes a holiday with their own word ("zamknięte",
    "зачинено"), the page shows it back in that word and explains it so, and the error for a
    date it cannot read suggests that word, not the English "closed"."""
    admin = await admin_browser(live_server)
    try:
        before = await version(live_server)
        status, page = await post_page(
            admin,
            "/admin/settings?lang=uk",
            form(exceptions="2026-12-24 зачинено\n2026-12-31 Zamknięte", version=str(before)),
        )
        assert status == 303, page
        assert [e.windows for e in live_server.svc.site.duty.exceptions] == [(), ()]
        status, page = await get_page(admin, "/admin/settings?lang=pl")
        assert status == 200
        assert "2026-12-24 zamknięte\n2026-12-31 zamknięte</textarea>" in page
        assert "np. 2026-12-24 zamknięte (dzień wolny)" in page
        assert "closed" not in page
        status, page = await get_page(admin, "/admin/settings?lang=uk")
        assert "2026-12-24 зачинено\n2026-12-31 зачинено</textarea>" in page
        status, page = await post_page(
            admin,
            "/admin/settings?lang=pl",
            form(exceptions="24.12.2026 zamknięte", version=str(before + 1)),
        )
        assert status == 400
        assert "wpisz np. 2026-12-24 zamknięte." in page
        assert await version(live_server) == before + 1
        # the audit log says what changed as the form writes it, not as stored JSON
        status, page = await get_page(admin, "/admin/audit?lang=pl")
        assert status == 200
        assert "<dt>Godziny dyżurów</dt>" in page
        assert "2026-12-24 zamknięte · 2026-12-31 zamknięte</dd>" in page
        assert "Europe/Warsaw · pon. 16:00-22:00 · wt. 16:00-22:00" in page
        assert "&#34;weekly&#34;" not in page
        assert '"weekly"' not in page
    finally:
        await admin.close()


async def test_a_change_on_one_node_reaches_the_other(server_factory: Any) -> None:
    """Two nodes in this process sharing the database, each with its own clock: node B reads the
    version row within a second of its own clock (or at once through the bus with Redis)."""
    clock_a, clock_b = FakeClock(MONDAY), FakeClock(MONDAY)
    node_a = await server_factory(clock_a)
    node_b = await server_factory(clock_b)
    await node_a.create_staff("root", role="admin")
    await do_update_site_settings(
        node_a.svc,
        await _admin_id(node_a),
        check_form(form(emergency_number="997")),
        await version(node_a),
    )
    assert node_a.svc.site.emergency_number == "997"

    def b_has_it() -> bool:
        # node B's watcher wakes on its fake clock: a second of it per look
        clock_b.advance(1.0)
        return node_b.svc.site.emergency_number == "997"

    await eventually(b_has_it, "node B reads the new settings")
    assert (await frame_config(node_b.url))["emergency_number"] == "997"


async def _admin_id(server: Any) -> str:
    async with server.svc.db.read() as s:
        return str(await s.scalar(select(Staff.id).where(Staff.username == "root")))


@pytest.mark.timeout(300)
async def test_two_server_processes(database_template: str, tmp_path: Path) -> None:
    """Two `netreach serve` processes on one database: settings saved on node A's page reach
    node B's pages and the visitor connected to node B, without a restart."""
    async_url = await _fresh_database(database_template, tmp_path)
    database_url = async_url.replace("+asyncpg", "")
    port_a, port_b = free_port(), free_port()
    env_a = server_env(tmp_path, port_a, database_url)
    env_b = server_env(tmp_path, port_b, database_url, redis_prefix=env_a["NETREACH_REDIS_PREFIX"])
    migrate(env_a)
    create_user(env_a, "root", "admin")
    node_a, node_b = ServerProcess(env_a, port_a), ServerProcess(env_b, port_b)
    await node_a.start()
    await node_b.start()
    admin = Browser(node_a.url)
    visitor = Visitor(node_b.url)
    try:
        await admin.login("root")
        await visitor.connect()
        _, page = await get_page(admin, "/admin/settings")
        current = re.search(r'name="version" value="(\d+)"', page)
        assert current
        changed = form(emergency_number="996", exceptions="2030-01-01 closed", version=current[1])
        assert await admin.post("/admin/settings", changed) == 303
        await visitor.log.wait_for(
            "duty.update", lambda d: d["emergency_number"] == "996", timeout=15
        )

        async def b_serves_it() -> bool:
            return (await frame_config(node_b.url))["emergency_number"] == "996"

        await eventually(b_serves_it, "node B serves the new settings")
    finally:
        await visitor.close()
        await admin.close()
        out_a, out_b = node_a.stop(), node_b.stop()
    assert "Traceback" not in out_a + out_b, (out_a + out_b)[-3000:]


# --- found by an attack on issue 18 (attack18) -----------------------------------------------


async def assert_refused(admin: Browser, server: Any, changes: dict[str, str], text: str) -> None:
    """The settings form with `changes` is answered 400 with `text` (in English)."""
    status, page = await post_page(
        admin, "/admin/settings?lang=en", form(**changes, version=str(await version(server)))
    )
    assert status == 400, changes
    assert text in page, changes


async def test_origins_are_stored_as_browsers_send_them(server_factory: Any) -> None:
    """A careless admin writes an origin in capitals, with the default port or a trailing
    `/`, or a host in Polish letters: it is stored as the browser's `Origin` (small letters,
    no default port, punycode), so the frame's postMessage check and CSP frame-ancestors both
    match the embedding page (`https://forum.example:443` matched no message: the widget on
    that forum could not be opened). `*.`, paths and user names are still refused."""
    server = await server_factory(FakeClock(MONDAY))
    admin = await admin_browser(server)
    try:
        typed = "\n".join(
            ("HTTPS://Forum.Example:443/", "https://żółw.example", "http://localhost:8000")
        )
        typed += "\nhttp://[::1]:80"
        status = await admin.post(
            "/admin/settings", form(embed_origins=typed, version=str(await version(server)))
        )
        assert status == 303
        expected = [
            "https://forum.example",
            "https://xn--w-uga1v8h.example",
            "http://localhost:8000",
            "http://[::1]",
        ]
        assert (await frame_config(server.url))["embed_origins"] == expected
        browser = Browser(server.url)
        async with browser.http.get(f"{server.url}/widget/frame") as r:
            assert r.headers["Content-Security-Policy"].endswith(
                "frame-ancestors 'self' " + " ".join(expected)
            )
        await browser.close()
        for bad in ("https://*.example.com", "https://forum.example/chat", "https://u@a.example"):
            await assert_refused(admin, server, {"embed_origins": bad}, "is not a site address")
        assert (await frame_config(server.url))["embed_origins"] == expected
    finally:
        await admin.close()


def test_the_environment_origins_are_normalized_alike() -> None:
    from server.settings import parse_origins

    assert parse_origins("HTTPS://Forum.Example:443/, https://żółw.example") == (
        "https://forum.example",
        "https://xn--w-uga1v8h.example",
    )


async def test_a_window_in_the_hour_summer_time_skips_gives_no_period(
    server_factory: Any,
) -> None:
    """On Sunday 28 March 2027 Warsaw's clocks jump from 02:00 to 03:00: a window 02:30-03:00
    never happens. Visitors were sent a period that ended before it started (01:30Z-01:00Z)."""
    clock = FakeClock(datetime(2027, 3, 27, 12, 0, tzinfo=UTC))  # Saturday
    server = await server_factory(clock)
    admin = await admin_browser(server)
    try:
        days = {f"day_{d}": "" for d in ("mon", "tue", "wed", "thu", "fri", "sat")}
        status = await admin.post(
            "/admin/settings",
            form(
                **days,
                day_sun="00:00-01:00, 02:30-03:00, 10:00-11:00",
                exceptions="",
                timezone="Europe/Warsaw",
                version=str(await version(server)),
            ),
        )
        assert status == 303
        periods = (await frame_config(server.url))["duty_periods"]
        assert periods == [
            {"start": "2027-03-27T23:00:00Z", "end": "2027-03-28T00:00:00Z"},
            {"start": "2027-03-28T08:00:00Z", "end": "2027-03-28T09:00:00Z"},
        ]
        for period in periods:
            assert period["start"] < period["end"]
    finally:
        await admin.close()


async def test_an_exit_url_with_markup_is_refused(live_server: Any) -> None:
    admin = await admin_browser(live_server)
    try:
        for bad in (
            'https://a.example/"><script>alert(1)</script>',
            "https://www.wikipedia.org@evil.example/",
            "https://a.example/x\\y",
        ):
            await assert_refused(admin, live_server, {"exit_url": bad}, "Write a web address like")
        assert live_server.svc.site.exit_url == "https://www.wikipedia.org/"
    finally:
        await admin.close()
