"""The admin pages of issue 18 items 1-2 in Chromium: an admin invites a colleague on
/admin/staff, the colleague opens the link in their own browser, sets a password and lands in the
duty console; the admin saves duty hours with a holiday and an extra shift on /admin/settings (a
bad value first: a clear error at the field, nothing saved); a visitor in New York then sees the
hours in their own time zone, with the zone named, on /chat (server on a fake clock). axe-core
finds nothing serious on any of these pages."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
from playwright.async_api import expect

from server.actions import staff as staff_actions
from server.clock import FakeClock
from tests.browser.test_robustness_browser import axe_violations
from tests.browser.test_widget_browser import sign_in

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"
T = 10_000  # ms, per expectation
MONDAY = datetime(2026, 12, 21, 10, 0, tzinfo=UTC)


async def log_in(page: Any, url: str, username: str) -> None:
    await page.goto(f"{url}/login?next=/admin/staff")
    await page.fill("#username", username)
    await page.fill("#password", PASSWORD)
    await page.click('form[action="/login"] button[type=submit]')
    await page.wait_for_url(re.compile(r"/admin/staff$"))


async def test_invite_a_colleague_who_sets_a_password(browser: Any, live_server: Any) -> None:
    await live_server.create_staff("root", PASSWORD, role="admin", name="Root", language="en")
    admin_ctx = await browser.new_context(locale="en-GB")
    colleague_ctx = await browser.new_context(locale="en-GB")
    try:
        page = await admin_ctx.new_page()
        await log_in(page, live_server.url, "root")
        await page.fill("#invite-username", "ewa")
        await page.fill("#invite-name", "Ewa")
        await page.select_option("#invite-role", "networker")
        await page.select_option("#invite-language", "en")
        await page.click("#invite button[type=submit]")
        link = page.locator("#new-link-url")
        await expect(link).to_be_visible(timeout=T)
        url = await link.input_value()
        assert "/account/link/" in url
        row = page.locator('tr[data-username="ewa"]')
        await expect(row).to_contain_text("Invited: no password yet")
        assert await axe_violations(page) == []

        other = await colleague_ctx.new_page()
        await other.goto(url)
        await expect(other.locator("#link-account")).to_contain_text("ewa (Ewa)", timeout=T)
        assert await axe_violations(other) == []
        await other.fill("#password", "a long new password")
        await other.fill("#password2", "a different password")
        await other.click("form.nc-form button[type=submit]")
        await expect(other.locator("#link-error")).to_contain_text("differ", timeout=T)
        await other.fill("#password", "a long new password")
        await other.fill("#password2", "a long new password")
        await other.click("form.nc-form button[type=submit]")
        await other.wait_for_url(re.compile(r"/console$"))
        await expect(other.locator(".nc-me")).to_contain_text("Ewa", timeout=T)
        # the same link again: a page that says it was used
        await other.goto(url)
        await expect(other.locator("#link-refused")).to_contain_text("already used", timeout=T)

        await page.reload()
        await expect(page.locator('tr[data-username="ewa"]')).not_to_contain_text("Invited")
    finally:
        await admin_ctx.close()
        await colleague_ctx.close()


async def test_duty_hours_with_a_holiday_in_the_visitors_time_zone(
    browser: Any, server_factory: Any
) -> None:
    server = await server_factory(FakeClock(MONDAY))
    await server.create_staff("root", PASSWORD, role="admin", name="Root", language="en")
    admin_ctx = await browser.new_context(locale="en-GB")
    visitor_ctx = await browser.new_context(locale="en-US", timezone_id="America/New_York")
    try:
        page = await admin_ctx.new_page()
        await log_in(page, server.url, "root")
        await page.click('nav a[href="/admin/settings"]')
        await page.wait_for_url(re.compile(r"/admin/settings$"))
        await expect(page.locator("#timezone")).to_have_value("Europe/Warsaw")
        assert await axe_violations(page) == []
        # a bad value: the error names it, the field is marked, nothing is saved
        await page.fill("#embed_origins", "https://forum.example/thread/1")
        await page.click("#settings button[type=submit]")
        await expect(page.locator("#settings-error")).to_contain_text(
            "https://forum.example/thread/1", timeout=T
        )
        await expect(page.locator("#embed_origins")).to_have_attribute("aria-invalid", "true")
        await page.fill("#embed_origins", "*")
        for day in ("mon", "tue", "wed", "thu", "fri"):
            await page.fill(f"#day_{day}", "16:00-22:00")
        await page.fill("#exceptions", "2026-12-22 closed\n2026-12-27 10:00-14:00")
        await page.click("#settings button[type=submit]")
        await expect(page.locator("#settings-done")).to_be_visible(timeout=T)
        await expect(page.locator("#exceptions")).to_have_value(
            "2026-12-22 closed\n2026-12-27 10:00-14:00"
        )

        chat = await visitor_ctx.new_page()
        await chat.goto(f"{server.url}/chat?lang=en")
        hours = chat.locator(".nr-hours li")
        # Monday 16:00-22:00 in Warsaw is 10:00-16:00 in New York; Tuesday 22nd is a holiday;
        # the extra shift on Sunday 27th
        await expect(hours.first).to_have_text("Monday, December 21, 10:00–16:00", timeout=T)
        texts = await hours.all_inner_texts()
        assert not any("December 22" in t for t in texts), texts
        assert "Sunday, December 27, 04:00–08:00" in texts, texts
        await expect(chat.locator(".nr-hours__zone")).to_contain_text(
            "Eastern Standard Time (America/New_York)"
        )
        assert await axe_violations(chat) == []
    finally:
        await admin_ctx.close()
        await visitor_ctx.close()


ACCESSIBLE_NAMES = """() => [...document.querySelectorAll('main button, main a[href]')]
    .map((el) => (el.getAttribute('aria-label') || el.textContent || '').replace(/\\s+/g, ' ').trim())"""


async def test_every_button_on_the_staff_page_names_its_account(
    browser: Any, live_server: Any
) -> None:
    """A screen reader lists the buttons of /admin/staff by name: each names the account it acts
    on ("Zmień rolę: ania", "Dezaktywuj: ania"), none repeats. Deactivating by keyboard says
    so; the button then offers to activate them again."""
    await live_server.create_staff("root", PASSWORD, role="admin", name="Root", language="pl")
    for name in ("ania", "tomek"):
        await live_server.create_staff(name, PASSWORD, name=name.title())
    ctx = await browser.new_context(locale="pl-PL")
    try:
        page = await ctx.new_page()
        await log_in(page, live_server.url, "root")
        names = await page.evaluate(ACCESSIBLE_NAMES)
        repeated = sorted({n for n in names if names.count(n) > 1})
        assert repeated == [], repeated
        assert "Dezaktywuj: ania" in names, names
        assert "Zmień rolę: tomek" in names, names
        button = page.get_by_role("button", name=re.compile(r"^Dezaktywuj\W+tomek$"))
        await button.focus()
        await page.keyboard.press("Enter")
        await expect(page.locator("#admin-done")).to_contain_text("tomek", timeout=T)
        reactivate = page.get_by_role("button", name=re.compile(r"^Aktywuj\W+tomek$"))
        await expect(reactivate).to_be_visible()
    finally:
        await ctx.close()


async def test_inviting_on_a_phone_by_keyboard(browser: Any, live_server: Any) -> None:
    """A Polish admin on a 390 px phone: the staff page does not widen past the screen (the
    table scrolls inside its box); a refused username keeps the keyboard in that field, marked
    and described by the error; after the invitation the keyboard is on the link, and the
    text says how long it works in correct Polish ("72 godziny")."""
    await live_server.create_staff("root", PASSWORD, role="admin", name="Root", language="pl")
    await live_server.create_staff("ania", PASSWORD, name="Ania")
    ctx = await browser.new_context(
        locale="pl-PL", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    try:
        page = await ctx.new_page()
        await log_in(page, live_server.url, "root")
        width = await page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, width
        await page.fill("#invite-username", "Zła Nazwa!")
        await page.locator("#invite-username").press("Enter")
        await expect(page.locator("#admin-error")).to_be_visible(timeout=T)
        username = page.locator("#invite-username")
        await expect(username).to_be_focused()
        await expect(username).to_have_attribute("aria-invalid", "true")
        await expect(username).to_have_attribute("aria-describedby", "admin-error")
        await username.fill("ewa")
        await username.press("Enter")
        link = page.locator("#new-link-url")
        await expect(link).to_be_focused(timeout=T)
        await expect(page.locator("#new-link")).to_contain_text("przez 72 godziny,")
        assert await axe_violations(page) == []
    finally:
        await ctx.close()


async def test_a_refused_setting_has_the_keyboard(browser: Any, live_server: Any) -> None:
    """A value the settings page refuses: after the page comes back the keyboard is in that
    field (marked invalid, described by the error), not at the top of a long page."""
    await live_server.create_staff("root", PASSWORD, role="admin", name="Root", language="pl")
    ctx = await browser.new_context(locale="pl-PL")
    try:
        page = await ctx.new_page()
        await log_in(page, live_server.url, "root")
        await page.goto(f"{live_server.url}/admin/settings")
        await page.fill("#emergency_number", "dzwoń")
        await page.click("#settings button[type=submit]")
        await expect(page.locator("#settings-error")).to_contain_text(
            "dzwoń nie jest numerem telefonu", timeout=T
        )
        field = page.locator("#emergency_number")
        await expect(field).to_be_focused()
        await expect(field).to_have_attribute("aria-invalid", "true")
        assert live_server.svc.site.emergency_number == "112"
    finally:
        await ctx.close()


async def test_a_deactivated_networker_is_told_why_the_console_closed(
    browser: Any, live_server: Any
) -> None:
    """An admin deactivates a networker who has the console open: the console goes to the login
    page at once, and that page says why (in Polish), instead of a bare login form; a password
    changed elsewhere is explained the same way."""
    await live_server.create_staff("root", PASSWORD, role="admin", name="Root", language="pl")
    await live_server.create_staff("tomek", PASSWORD, name="Tomek", language="pl")
    ctx = await browser.new_context(locale="pl-PL")
    try:
        page = await ctx.new_page()
        await sign_in(page, f"{live_server.url}/login?next=/console", "tomek", r"/console$")
        await expect(page.locator("#nc-duty-start")).to_be_visible(timeout=T)
        admin = await staff_actions.get_staff_list(live_server.svc)
        root = next(s for s in admin if s["username"] == "root")
        await staff_actions.do_set_active(live_server.svc, root["id"], "tomek", False)
        await page.wait_for_url(re.compile(r"/login\?"), timeout=T)
        await expect(page.locator("#login-ended")).to_contain_text(
            "Twoje konto zostało dezaktywowane", timeout=T
        )
        assert await axe_violations(page) == []

        await staff_actions.do_set_active(live_server.svc, root["id"], "tomek", True)
        await sign_in(page, page.url, "tomek", r"/console$")
        await expect(page.locator("#nc-duty-start")).to_be_visible(timeout=T)
        await staff_actions.do_set_password(live_server.svc, "tomek", "another long password")
        await page.wait_for_url(re.compile(r"/login\?"), timeout=T)
        await expect(page.locator("#login-ended")).to_contain_text(
            "Twoje hasło zostało zmienione", timeout=T
        )
    finally:
        await ctx.close()
