"""Notifications for a whole shift (issue 17, item 1): unread counts per chat and in the page
title, and the opt-in sound and desktop notification switches of the duty console."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.test_widget_browser import networker_console, open_widget, send_visitor

pytestmark = pytest.mark.browser

T = 10_000  # ms, per expectation

# records what the page would show as desktop notifications (the browser's own Notification
# would draw on a desktop that headless Chromium does not have)
RECORD_NOTIFICATIONS = """
window.__shown = [];
const Real = window.Notification;
class Recorded {
  constructor(title, options) { window.__shown.push({title, body: (options || {}).body || ""}); }
  close() {}
  static get permission() { return Real ? Real.permission : "granted"; }
  static requestPermission() { return Real ? Real.requestPermission() : Promise.resolve("granted"); }
}
window.Notification = Recorded;
"""


async def answered_then_minimised(console: Any, page: Any, frame: Any) -> tuple[Any, Any, Any]:
    """The visitor writes, the networker takes the chat and answers, the visitor minimises the
    chat; returns the networker's message box, the launcher and its badge."""
    await send_visitor(frame, "cześć")
    await console.locator(".nc-qitem button[data-take]").first.click()
    reply = console.locator(".nc-chat textarea").first
    await reply.fill("Cześć, tu Ania.")
    await reply.press("Enter")
    await expect(frame.locator(".nr-msg--staff")).to_have_count(1, timeout=T)
    launcher = page.locator("netreach-widget button")
    badge = launcher.locator("span[aria-hidden=true]")
    await launcher.click()  # minimise
    await expect(page.locator("#netreach-frame")).to_be_hidden()
    return reply, launcher, badge


async def test_unread_counts_per_chat_and_in_the_title(
    browser: Any, host_site: Any, live_server: Any
) -> None:
    staff_ctx, console = await networker_console(browser, live_server, "ania", "Ania")
    await staff_ctx.grant_permissions(["notifications"], origin=live_server.url)
    await console.add_init_script(RECORD_NOTIFICATIONS)
    await console.reload()
    await expect(console.locator("#nc-duty-stop")).to_be_visible(timeout=T)
    v1, _p1, f1 = await open_widget(browser, host_site, live_server)
    v2, _p2, f2 = await open_widget(browser, host_site, live_server)
    try:
        await send_visitor(f1, "pierwszy gość")
        await expect(console.locator(".nc-qitem")).to_have_count(1, timeout=T)
        await console.locator(".nc-qitem button[data-take]").first.click()
        await send_visitor(f2, "drugi gość")
        # the second visitor's item, not the first one's before the take removed it
        waiting = console.locator(".nc-qitem", has_text="drugi gość")
        await expect(waiting).to_have_count(1, timeout=T)
        await expect(console.locator(".nc-qitem")).to_have_count(1)
        await waiting.locator("button[data-take]").click()
        chats = console.locator(".nc-chat")
        await expect(chats).to_have_count(2, timeout=T)
        first = console.locator(".nc-chat", has_text="pierwszy gość")
        second = console.locator(".nc-chat", has_text="drugi gość")
        # each chat's row in the list of my chats carries its unread count
        first_row = console.locator(
            f'.nc-chatrow[data-chat="{await first.get_attribute("data-conversation")}"]'
        )
        second_row = console.locator(
            f'.nc-chatrow[data-chat="{await second.get_attribute("data-conversation")}"]'
        )
        base_title = await console.title()
        assert not base_title.startswith("(")

        # the networker works in the first chat; the second visitor writes twice
        await first_row.click()
        await first.locator("textarea").click()
        await send_visitor(f2, "jesteś tam?")
        await send_visitor(f2, "halo")
        await expect(second.locator(".nc-log")).to_contain_text("halo", timeout=T)
        await expect(second_row.locator(".nc-unread")).to_be_visible()
        await expect(second_row.locator(".nc-unread")).to_contain_text("2")
        await expect(first_row.locator(".nc-unread")).to_be_hidden()
        await expect(console).to_have_title(f"(2) {base_title}")
        # a message in the chat in front is read at once
        await send_visitor(f1, "dzięki")
        await expect(first.locator(".nc-log")).to_contain_text("dzięki", timeout=T)
        await expect(first_row.locator(".nc-unread")).to_be_hidden()

        # turning to the second chat reads it
        await second_row.click()
        await second.locator("textarea").click()
        await expect(second_row.locator(".nc-unread")).to_be_hidden()
        await expect(console).to_have_title(base_title)

        # desktop notifications: off until chosen; once on, a message while the console is in
        # the background is notified without its text
        assert await console.evaluate("() => window.__shown.length") == 0
        await console.locator("#nc-desktop-message").check()
        await expect(console.locator("#nc-desktop-message")).to_be_checked()
        other = await staff_ctx.new_page()
        await other.goto(f"{live_server.url}/health")
        await other.bring_to_front()
        await console.evaluate(
            "() => Object.defineProperty(document, 'hidden', {value: true, configurable: true})"
        )
        await send_visitor(f1, "tajna treść")
        await expect(first.locator(".nc-log")).to_contain_text("tajna treść", timeout=T)
        shown = await console.evaluate("() => window.__shown")
        assert len(shown) == 1, shown
        assert "tajna" not in shown[0]["body"]
        assert shown[0]["body"] == "Nowa wiadomość w rozmowie"
        await expect(first_row.locator(".nc-unread")).to_contain_text("1")
        # the choice is kept in this browser
        await console.evaluate(
            "() => Object.defineProperty(document, 'hidden', {value: false, configurable: true})"
        )
        await console.reload()
        await expect(console.locator("#nc-desktop-message")).to_be_checked(timeout=T)
        await expect(console.locator("#nc-sound-message")).not_to_be_checked()
    finally:
        await v1.close()
        await v2.close()
        await staff_ctx.close()


async def test_the_launcher_shows_replies_that_came_while_the_chat_was_minimised(
    browser: Any, host_site: Any, live_server: Any
) -> None:
    staff_ctx, console = await networker_console(browser, live_server, "ania", "Ania")
    ctx, page, frame = await open_widget(browser, host_site, live_server)
    try:
        reply, launcher, badge = await answered_then_minimised(console, page, frame)
        await expect(badge).to_be_hidden()
        for text in ("Jesteś tam?", "Napisz, kiedy zechcesz."):
            await reply.fill(text)
            await reply.press("Enter")
        await expect(badge).to_have_text("2", timeout=T)
        await expect(badge).to_be_visible()
        label = await launcher.get_attribute("aria-label")
        assert label is not None
        assert "2" in label
        # opening the chat reads them: the badge goes
        await launcher.click()
        await expect(frame.locator(".nr-msg--staff")).to_have_count(3, timeout=T)
        await expect(badge).to_be_hidden()
    finally:
        await ctx.close()
        await staff_ctx.close()


async def test_the_launcher_shows_unread_replies_after_the_host_page_is_reloaded(
    storage_browser: Any, host_site: Any, live_server: Any
) -> None:
    """A reply comes while the chat is minimised, the visitor reloads the forum page in the same
    tab: the launcher still shows it (the frame is loaded hidden and resumes the chat), with
    nothing stored on the host page; opening the chat reads it. (A browser that lets the
    cross-site frame keep its own sessionStorage: tests/browser/conftest.py storage_browser.)"""
    staff_ctx, console = await networker_console(storage_browser, live_server, "ania", "Ania")
    ctx, page, frame = await open_widget(storage_browser, host_site, live_server)
    try:
        reply, launcher, badge = await answered_then_minimised(console, page, frame)
        await reply.fill("Jesteś tam?")
        await reply.press("Enter")
        await expect(badge).to_have_text("1", timeout=T)

        await page.reload()
        launcher = page.locator("netreach-widget button")
        badge = launcher.locator("span[aria-hidden=true]")
        await expect(badge).to_have_text("1", timeout=T)
        await expect(badge).to_be_visible()
        await expect(page.locator("#netreach-frame")).to_be_hidden()
        assert "1" in (await launcher.get_attribute("aria-label") or "")
        # a reply after the reload counts on
        await reply.fill("Napisz, kiedy zechcesz.")
        await reply.press("Enter")
        await expect(badge).to_have_text("2", timeout=T)
        # the host page holds nothing of the chat
        kept = await page.evaluate(
            "() => [sessionStorage.length, localStorage.length, document.cookie, window.name]"
        )
        assert kept == [0, 0, "", ""], kept

        # opening reads them: the badge goes, the replies are there
        await launcher.click()
        frame = page.frame_locator("#netreach-frame")
        await expect(frame.locator(".nr-msg--staff")).to_have_count(3, timeout=T)
        await expect(badge).to_be_hidden()

        # reloaded while everything was read: the chat resumes hidden, with no badge
        await page.reload()
        frame = page.frame_locator("#netreach-frame")
        await expect(frame.locator(".nr-msg--staff")).to_have_count(3, timeout=T)
        await expect(page.locator("netreach-widget button span[aria-hidden=true]")).to_be_hidden()
    finally:
        await ctx.close()
        await staff_ctx.close()


async def test_a_first_visit_loads_no_frame_until_the_launcher_is_clicked(
    storage_browser: Any, host_site: Any, live_server: Any
) -> None:
    """Only a reload of a tab that had the chat loads the frame hidden; a reload of a tab that
    never opened it connects nothing (the frame finds no chat of its own)."""
    host_site.widget_src = f"{live_server.url}/widget.js"
    ctx = await storage_browser.new_context()
    page = await ctx.new_page()
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    try:
        await page.goto(host_site.page_url)
        await expect(page.locator("netreach-widget button")).to_be_visible(timeout=T)
        assert await page.locator("#netreach-frame").count() == 0
        await page.reload()
        await expect(page.locator("netreach-widget button")).to_be_visible(timeout=T)
        # the hidden frame loads and says it is ready; it opens no socket
        frame = page.frame_locator("#netreach-frame")
        await expect(frame.locator("#nr-text")).to_be_attached(timeout=T)
        await expect(frame.locator(".nr-conn--connecting")).to_be_attached()
        sockets.append("clicked")
        await page.locator("netreach-widget button").click()
        await expect(frame.locator("#nr-text")).to_be_visible(timeout=T)
        await expect(frame.locator(".nr-conn")).to_be_hidden(timeout=T)  # connected now
        assert sockets[:1] == ["clicked"], sockets
        assert len(sockets) == 2, sockets
    finally:
        await ctx.close()
