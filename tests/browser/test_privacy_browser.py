"""Issue 16 in a real browser: "Delete my conversation" in the widget erases the chat on the
server while the networker watches it turn into "erased at the visitor's request"; "Exit and
delete" does it in one tap; the privacy notice is linked from the widget."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import expect
from sqlalchemy import func, select

from server.db.models import Conversation, Message
from tests.browser.test_widget_browser import T, networker_console, open_widget, send_visitor

pytestmark = pytest.mark.browser


async def message_count(server: Any) -> int:
    async with server.svc.db.read() as s:
        return int(await s.scalar(select(func.count()).select_from(Message)) or 0)


async def test_delete_my_conversation_from_the_widget(
    browser: Any, host_site: Any, live_server: Any
) -> None:
    staff_ctx, console = await networker_console(browser, live_server, "ania", "Ania")
    ctx, _page, frame = await open_widget(browser, host_site, live_server)
    await expect(frame.locator(".nr-erase")).to_be_hidden()  # nothing to delete yet
    await send_visitor(frame, "moja tajemnica Bazyliszkowa")
    await expect(frame.locator(".nr-msg--own:not(.nr-msg--pending)")).to_have_count(1, timeout=T)
    await console.locator("#nc-take-next").click()
    chat_text = console.locator(".nc-msg__body", has_text="moja tajemnica Bazyliszkowa")
    await expect(chat_text).to_be_visible(timeout=T)

    # the privacy notice is one link away
    link = frame.locator("a.nr-privacy")
    await expect(link).to_have_attribute("href", re.compile(r"^/privacy\?lang="))

    await frame.locator(".nr-erase").click()
    await expect(frame.locator(".nr-confirm--erase")).to_be_visible()
    await frame.locator(".nr-erase-yes").click()
    await expect(frame.get_by_text("moja tajemnica Bazyliszkowa")).to_have_count(0, timeout=T)
    await expect(frame.locator(".nr-log")).to_contain_text(
        re.compile("usunięta z naszego serwera|deleted from our server")
    )
    # the networker's chat shows the erasure, not the text
    await expect(console.locator(".nc-erased")).to_be_visible(timeout=T)
    await expect(chat_text).to_have_count(0)
    assert await message_count(live_server) == 0
    async with live_server.svc.db.read() as s:
        conv = (await s.execute(select(Conversation))).scalar_one()
        assert conv.erased_reason == "visitor"
        assert conv.status == "closed"

    # the widget is ready for a new conversation
    await send_visitor(frame, "nowa rozmowa")
    await expect(frame.locator(".nr-msg--own:not(.nr-msg--pending)")).to_have_count(1, timeout=T)
    await ctx.close()
    await staff_ctx.close()


async def test_exit_and_delete_in_one_tap(
    browser: Any, host_site: Any, server_factory: Any
) -> None:
    server = await server_factory(exit_url=host_site.neutral_url)
    ctx, page, frame = await open_widget(browser, host_site, server)
    await send_visitor(frame, "wyjde i usune Salamandrowa")
    await expect(frame.locator(".nr-msg--own:not(.nr-msg--pending)")).to_have_count(1, timeout=T)
    assert await message_count(server) == 1
    await frame.locator(".nr-exit-erase").click()
    await page.wait_for_url(host_site.neutral_url, timeout=T)
    assert await message_count(server) == 0
    await ctx.close()


async def test_the_privacy_notice_says_what_is_kept_and_has_a_quick_exit(
    browser: Any, host_site: Any, server_factory: Any
) -> None:
    """/privacy states the retention of resume codes, case notes and referrals from the
    settings, says "hash" where we hash (never "encrypted"), names the emergency number once,
    and has a quick exit that leaves no way back."""
    server = await server_factory(
        retention_transcript_days=31,
        retention_notes_days=47,
        exit_url=host_site.neutral_url,
    )
    ctx = await browser.new_context(viewport={"width": 360, "height": 640})
    page = await ctx.new_page()
    try:
        for lang, hashed in (("en", "hash"), ("pl", "skrót")):
            await page.goto(f"{server.url}/privacy?lang={lang}")
            text = await page.locator("main").inner_text()
            assert hashed in text
            assert not re.search(r"encrypt|szyfr", text, re.I), text
            assert not re.search(r"this (browser )?tab continue|karta przeglądarki może", text)
            items = page.locator("main li")
            codes = items.filter(has_text=re.compile(r"resume code works|Kod powrotu działa"))
            await expect(codes).to_contain_text("31")
            referrals = items.filter(has_text=re.compile(r"Referrals|Skierowania"))
            await expect(referrals).to_contain_text("47")
            notes = items.filter(has_text=re.compile(r"notes about a conversation|Notatki"))
            await expect(notes).to_contain_text("47")
            assert text.count("112") == 1, text
            await expect(page.locator('a[href="tel:112"]')).to_have_count(1)
        # the quick exit replaces the page: Back does not return to it
        await page.goto(host_site.before_url)
        await page.goto(f"{server.url}/privacy?lang=pl")
        await page.locator("#nr-quick-exit").click()
        await page.wait_for_url(host_site.neutral_url)
        await page.go_back()
        await page.wait_for_url(host_site.before_url)
    finally:
        await ctx.close()
