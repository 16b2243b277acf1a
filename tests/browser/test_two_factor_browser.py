"""Two-factor authentication in a real browser (Debian's Chromium via Playwright): a supervisor
whose role requires it is sent to the enrolment after the password, scans (reads) the QR code's
key, confirms with a code, sees the recovery codes once, reaches the supervisor console; after
logging out, the next login asks for a code. Codes are made with pyotp; the fake clock moves the
TOTP window."""

from __future__ import annotations

import re
from typing import Any

import pyotp
import pytest
from playwright.async_api import expect

from server.actions.twofactor import do_begin_enrolment, do_confirm_enrolment, get_enrolment
from server.clock import FakeClock
from tests.browser.test_widget_browser import sign_in

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"
T = 10_000  # ms, per expectation


async def test_enrolment_then_login_with_a_code(browser: Any, server_factory: Any) -> None:
    clock = FakeClock()
    server = await server_factory(clock, require_2fa_roles=("supervisor", "admin"))
    await server.create_staff("marta", PASSWORD, role="supervisor", name="Marta", language="en")
    ctx = await browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-GB")
    page = await ctx.new_page()
    try:
        await page.goto(f"{server.url}/supervisor")
        await page.wait_for_url(re.compile(r"/login\?next="))
        await page.fill("#username", "marta")
        await page.fill("#password", PASSWORD)
        await page.click('form[action="/login"] button[type=submit]')
        await page.wait_for_url(re.compile(r"/login/enrol\?next=/supervisor$"))
        # the QR code is inline SVG with an accessible name; the key is shown as text too
        qr = page.locator("#qr svg")
        await expect(qr).to_be_visible(timeout=T)
        assert await page.locator("#qr svg title").count() == 1
        secret = (await page.locator("#secret").inner_text()).replace(" ", "")
        assert re.fullmatch(r"[A-Z2-7]{32}", secret)
        code_input = page.locator("#code")
        assert await code_input.get_attribute("autocomplete") == "one-time-code"
        assert await code_input.get_attribute("inputmode") == "numeric"
        assert await page.locator('label[for="code"]').count() == 1
        # half logged in: the console is not open yet
        other = await ctx.new_page()
        await other.goto(f"{server.url}/supervisor")
        await other.wait_for_url(re.compile(r"/login\?next="))
        await other.close()
        await code_input.fill(pyotp.TOTP(secret).at(clock.now().timestamp()))
        await page.click("#setup-form button[type=submit]")
        codes = page.locator("#recovery-codes li")
        await expect(codes).to_have_count(10, timeout=T)
        await page.click("#codes-continue")
        await page.wait_for_url(re.compile(r"/supervisor$"))
        await expect(page.locator(".nc-me")).to_contain_text("Marta", timeout=T)
        # log out; the next login asks for a code of a later step
        await page.click(".nc-logout button[type=submit]")
        await page.wait_for_url(re.compile(r"/login"))
        clock.advance(30)
        await page.goto(f"{server.url}/supervisor")
        await page.wait_for_url(re.compile(r"/login\?next="))
        await page.fill("#username", "marta")
        await page.fill("#password", PASSWORD)
        await page.click('form[action="/login"] button[type=submit]')
        await page.wait_for_url(re.compile(r"/login/code\?next=/supervisor$"))
        code_input = page.locator("#code")
        assert await code_input.get_attribute("autocomplete") == "one-time-code"
        good = pyotp.TOTP(secret).at(clock.now().timestamp())
        await code_input.fill("000000" if good != "000000" else "111111")
        await page.click("#code-form button[type=submit]")
        await expect(page.locator("#code-error")).to_be_visible(timeout=T)
        await page.locator("#code").fill(good)
        await page.click("#code-form button[type=submit]")
        await page.wait_for_url(re.compile(r"/supervisor$"))
        await expect(page.locator(".nc-me")).to_contain_text("Marta", timeout=T)
    finally:
        await ctx.close()


async def test_the_code_step_has_a_way_back_to_the_login_page(
    browser: Any, server_factory: Any
) -> None:
    """From the code step (and the enrolment step) of a login, Cancel forgets the pending login
    and shows the login page again, where someone else may sign in."""
    clock = FakeClock()
    server = await server_factory(clock, require_2fa_roles=("supervisor", "admin"))
    await server.create_staff("marta", PASSWORD, role="supervisor", name="Marta", language="pl")
    ctx = await browser.new_context(viewport={"width": 1200, "height": 900}, locale="pl-PL")
    page = await ctx.new_page()
    try:
        await sign_in(page, f"{server.url}/supervisor", "marta", r"/login/enrol\?next=/supervisor$")
        cancel = page.locator("#login-cancel")
        await expect(cancel).to_have_text("Anuluj i wróć do strony logowania")
        await cancel.click()
        await page.wait_for_url(re.compile(r"/login\?next=/supervisor$"))
        await expect(page.locator("#username")).to_be_visible(timeout=T)
        cookies = {c["name"] for c in await ctx.cookies()}
        assert "nr_login" not in cookies
        # the pending step is gone: its page sends back to the login page
        await page.goto(f"{server.url}/login/enrol?next=/supervisor")
        await page.wait_for_url(re.compile(r"/login\?next="))

        # with two-factor on, the code step has the same way back
        staff_id = (await server.create_staff("ewa", PASSWORD, role="supervisor"))["id"]
        await do_begin_enrolment(server.svc, staff_id)
        enrolment = await get_enrolment(server.svc, staff_id, "QR")
        assert enrolment is not None
        secret = enrolment["secret"].replace(" ", "")
        await do_confirm_enrolment(
            server.svc, staff_id, pyotp.TOTP(secret).at(clock.now().timestamp())
        )
        await sign_in(page, page.url, "ewa", r"/login/code\?next=/supervisor$")
        await page.locator("#login-cancel").click()
        await page.wait_for_url(re.compile(r"/login\?next=/supervisor$"))
        assert "nr_login" not in {c["name"] for c in await ctx.cookies()}
        await page.goto(f"{server.url}/login/code?next=/supervisor")
        await page.wait_for_url(re.compile(r"/login\?next="))
    finally:
        await ctx.close()
