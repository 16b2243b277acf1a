"""Screenshots for the docs (issue 17, item 9): the widget on a forum (desktop and a phone), the
duty console with a chat and the supervisor console with an escalation, made by driving the
product as its users do. Every run checks that each view renders; with NETREACH_SCREENSHOTS=1
(`make screenshots`) the pictures are written to docs/screenshots/ for the README to show."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.test_supervisor_browser import CRISIS_PL, staff_page
from tests.browser.test_widget_browser import networker_console, send_visitor

pytestmark = pytest.mark.browser

T = 10_000  # ms, per expectation
DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def target(tmp_path: Path, name: str) -> Path:
    """Where a screenshot goes: docs/screenshots/ when asked for, else the test's tmp dir."""
    folder = DOCS if os.environ.get("NETREACH_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


async def test_screenshots_of_the_widget_the_console_and_the_supervisor_page(
    browser: Any, host_site: Any, live_server: Any, tmp_path: Path
) -> None:
    host_site.widget_src = f"{live_server.url}/widget.js"
    staff_ctx, console = await networker_console(browser, live_server, "ania", "Ania")
    sup_ctx, sup = await staff_page(browser, live_server, "marta", "supervisor", "/supervisor")
    ctx = await browser.new_context(viewport={"width": 1100, "height": 760})
    phone_ctx = await browser.new_context(
        viewport={"width": 360, "height": 720}, is_mobile=True, has_touch=True
    )
    try:
        page = await ctx.new_page()
        await page.goto(host_site.page_url)
        await page.locator("netreach-widget button").click()
        frame = page.frame_locator("#netreach-frame")
        await expect(frame.locator("#nr-text")).to_be_visible(timeout=T)
        await frame.locator("#nr-nick").fill("Kuba")
        await send_visitor(frame, "Cześć, gdzie mogę zrobić anonimowy test na HIV?")
        await console.locator(".nc-qitem button[data-take]").first.click()
        reply = console.locator(".nc-chat textarea").first
        await reply.fill(
            "Cześć Kuba, tu Ania. Test możesz zrobić bezpłatnie i anonimowo w punkcie "
            "konsultacyjno-diagnostycznym. Poszukać najbliższego?"
        )
        await reply.press("Enter")
        await expect(frame.locator(".nr-msg--staff")).to_have_count(1, timeout=T)
        await send_visitor(frame, "Tak, proszę. Jestem w Krakowie.")
        await expect(console.locator(".nc-chat .nc-log")).to_contain_text("Krakowie", timeout=T)
        path = target(tmp_path, "widget.png")
        await page.screenshot(path=str(path))
        assert path.stat().st_size > 10_000
        path = target(tmp_path, "console.png")
        await console.screenshot(path=str(path))
        assert path.stat().st_size > 10_000

        phone = await phone_ctx.new_page()
        await phone.goto(f"{live_server.url}/chat?lang=pl")
        await expect(phone.locator("#nr-text")).to_be_visible(timeout=T)
        await phone.locator("#nr-text").fill(CRISIS_PL)
        await phone.locator("#nr-text").press("Enter")
        await expect(phone.locator(".nr-sos")).to_be_visible(timeout=T)
        path = target(tmp_path, "widget-phone-crisis.png")
        await phone.screenshot(path=str(path))
        assert path.stat().st_size > 10_000

        await expect(sup.locator(".ns-esc").first).to_be_visible(timeout=T)
        path = target(tmp_path, "supervisor.png")
        await sup.screenshot(path=str(path))
        assert path.stat().st_size > 10_000
    finally:
        await ctx.close()
        await phone_ctx.close()
        await staff_ctx.close()
        await sup_ctx.close()
