"""Ukrainian in the browser: a uk-UA browser gets the widget and /chat in Ukrainian (the host
page chooses no language), and a networker's console shows the queue in Ukrainian with the
language the visitor writes in."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.test_robustness_browser import widget_frame
from tests.browser.test_widget_browser import send_visitor
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

T = 10_000  # ms, per expectation


async def test_a_ukrainian_browser_gets_the_widget_in_ukrainian(
    browser: Any, host_site: Any, live_server: Any
) -> None:
    host_site.widget_src = f"{live_server.url}/widget.js"
    host_site.lang = ""  # the host page does not choose: the browser's language decides
    ctx = await browser.new_context(locale="uk-UA", viewport={"width": 1100, "height": 800})
    try:
        page = await ctx.new_page()
        await page.goto(host_site.page_url)
        launcher = page.get_by_role("button", name=re.compile("консультант"))
        await launcher.click()
        frame = page.frame_locator("#netreach-frame")
        await expect(frame.locator("#nr-text")).to_be_visible(timeout=T)
        assert await widget_frame(page).evaluate("() => document.documentElement.lang") == "uk"
        await expect(frame.locator(".nr-exit")).to_have_text("Швидкий вихід")
        current = frame.locator('.nr-lang__btn[aria-pressed="true"]')
        await expect(current).to_have_text("Українська")
        # the visitor writes; the status line speaks Ukrainian too
        await send_visitor(frame, "Привіт, мені потрібна допомога")
        await expect(frame.locator(".nr-msg--own:not(.nr-msg--pending)")).to_have_count(
            1, timeout=T
        )
        await expect(frame.locator(".nr-status")).to_contain_text("черг", timeout=T)

        chat = await ctx.new_page()
        await chat.goto(f"{live_server.url}/chat")
        await expect(chat.locator("#nr-text")).to_be_visible(timeout=T)
        assert await chat.evaluate("() => document.documentElement.lang") == "uk"
        await expect(chat.locator(".nr-exit")).to_have_text("Швидкий вихід")
    finally:
        await ctx.close()


async def test_the_console_in_ukrainian_shows_the_visitors_language(
    browser: Any, live_server: Any
) -> None:
    await live_server.create_staff("olena", PASSWORD, name="Olena", language="uk")
    ctx = await browser.new_context(viewport={"width": 1300, "height": 900}, locale="uk-UA")
    try:
        page = await ctx.new_page()
        await page.goto(f"{live_server.url}/login")
        await page.fill("#username", "olena")
        await page.fill("#password", PASSWORD)
        await page.click('form[action="/login"] button[type=submit]')
        await page.wait_for_url(re.compile(r"/console$"))
        assert await page.evaluate("() => document.documentElement.lang") == "uk"
        await expect(page.locator("#nc-duty-start")).to_have_text("Почати чергування", timeout=T)
        visitor = await live_server.visitor(lang="pl")
        await visitor.send("Доброго дня, мені потрібна порада щодо житла")
        item = page.locator('.nc-qitem[data-lang="uk"]')
        await expect(item).to_have_count(1, timeout=T)
        await expect(item.locator(".nc-qitem__facts")).to_contain_text(
            "мова: українська", timeout=T
        )
        nav = page.get_by_role("link", name="Мови, якими я володію")
        await nav.click()
        await page.wait_for_url(re.compile(r"/account/languages$"))
        await page.check('input[name="languages"][value="uk"]')
        await page.click('#languages-form button[type="submit"]')
        await expect(page.locator("#account-done")).to_be_visible(timeout=T)
        assert await page.is_checked('input[name="languages"][value="uk"]')
    finally:
        await ctx.close()
