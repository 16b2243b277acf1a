"""Handover and blocking in Chromium, as networkers, a supervisor and a visitor see them: a chat
offered with a note is declined, offered again and accepted (the receiver reads the note
first, the visitor is told who continues); a blocked visitor is told kindly with the emergency
number, stays refused after a reload, and may write again once a supervisor lifts the block."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.test_supervisor_browser import T, staff_page
from tests.browser.test_widget_browser import open_widget, send_visitor

pytestmark = pytest.mark.browser

NOTE = "Asks about HIV testing, is afraid of the clinic. I promised the Kraków address."


async def on_duty(page: Any) -> None:
    """Go on duty in the console (capacity 3, chats taken by hand)."""
    await expect(page.locator("#nc-duty-start")).to_be_visible(timeout=T)
    await page.fill("#nc-capacity", "3")
    await page.uncheck("#nc-auto")
    await page.click("#nc-duty-start")
    await expect(page.locator("#nc-duty-stop")).to_be_visible(timeout=T)


async def test_a_chat_is_handed_over_with_a_note(
    browser: Any, host_site: Any, live_server: Any
) -> None:
    _a, ania = await staff_page(browser, live_server, "ania", "networker", "/console")
    _t, tomek = await staff_page(browser, live_server, "tomek", "networker", "/console")
    await on_duty(ania)
    await on_duty(tomek)
    _v, _page, frame = await open_widget(browser, host_site, live_server)
    await send_visitor(frame, "Cześć, mam pytanie o testy")
    await ania.locator(".nc-qitem button[data-take]").first.click()
    chat = ania.locator(".nc-chat").first
    await expect(chat.locator(".nc-log")).to_contain_text("mam pytanie o testy", timeout=T)
    await expect(frame.locator(".nr-status")).to_contain_text("Ania", timeout=T)

    # Ania offers the chat to Tomek: the list has colleagues with a free place
    await chat.locator(".nc-handover summary").click()
    target = chat.locator(".nc-handover select")
    await expect(target.locator("option", has_text="Tomek (0 of 3 chats)")).to_have_count(
        1, timeout=T
    )
    # a note is required
    await target.select_option(label="Tomek (0 of 3 chats)")
    await chat.get_by_role("button", name="Offer the chat").click()
    await expect(chat.locator("[data-handover-msg]")).to_have_text(
        "Choose a colleague and write a note first."
    )
    await chat.locator(".nc-handover textarea").fill(NOTE)
    await chat.get_by_role("button", name="Offer the chat").click()
    await expect(chat.locator("[data-handover-msg]")).to_contain_text("Offered to Tomek", timeout=T)

    # Tomek sees the offer live with the note, and declines: Ania is told, the chat stays hers
    offer = tomek.locator(".nc-offer")
    await expect(offer).to_contain_text("Ania offers you a chat", timeout=T)
    await expect(offer.locator(".nc-offer__note")).to_contain_text(NOTE)
    await expect(offer.locator(".nc-offer__left")).to_contain_text("s left to answer")
    await offer.get_by_role("button", name="Decline").click()
    await expect(tomek.locator(".nc-offer")).to_have_count(0, timeout=T)
    await expect(chat.locator("[data-handover-msg]")).to_have_text(
        "Tomek declined. The chat stays with you.", timeout=T
    )
    await expect(chat.locator("textarea.nc-textarea").first).to_be_enabled()

    # offered again, accepted: Tomek reads the note first, the visitor is told who continues
    await chat.locator(".nc-handover textarea").fill(NOTE)
    await chat.get_by_role("button", name="Offer the chat").click()
    await tomek.locator(".nc-offer").get_by_role("button", name="Accept").click()
    mine = tomek.locator(".nc-chat").first
    await expect(mine.locator(".nc-handover-note")).to_contain_text(
        f"Handover note from Ania: {NOTE}", timeout=T
    )
    await expect(mine.locator(".nc-log")).to_contain_text("mam pytanie o testy", timeout=T)
    await expect(chat.locator(".nc-chat__status")).to_have_text(
        "You handed this chat to Tomek (read only).", timeout=T
    )
    await expect(frame.locator(".nr-log")).to_contain_text(
        "Rozmowę z Tobą prowadzi teraz Tomek.", timeout=T
    )
    await expect(frame.locator(".nr-status")).to_contain_text("Tomek", timeout=T)
    reply = mine.locator("textarea.nc-textarea").first
    await reply.fill("Cześć, tu Tomek.")
    await reply.press("Enter")
    await expect(frame.locator(".nr-msg--staff .nr-msg__body").last).to_have_text(
        "Cześć, tu Tomek.", timeout=T
    )
    # after a reload the note is still first
    await tomek.reload()
    await expect(tomek.locator(".nc-chat .nc-handover-note")).to_contain_text(NOTE, timeout=T)


async def test_a_blocked_visitor_is_told_kindly_and_a_supervisor_lifts_it(
    browser: Any, live_server: Any
) -> None:
    _a, ania = await staff_page(browser, live_server, "ania", "networker", "/console")
    await on_duty(ania)
    # the visitor on the /chat page, whose token survives a reload of the tab (sessionStorage)
    visitor_ctx = await browser.new_context(viewport={"width": 500, "height": 800}, locale="pl-PL")
    page = await visitor_ctx.new_page()
    await page.goto(f"{live_server.url}/chat")
    frame = page.locator("body")
    await expect(frame.locator("#nr-text")).to_be_visible(timeout=T)
    await send_visitor(frame, "ty ...")
    await ania.locator(".nc-qitem button[data-take]").first.click()
    chat = ania.locator(".nc-chat").first
    await expect(chat.locator(".nc-log")).to_contain_text("ty ...", timeout=T)

    await chat.locator(".nc-block summary").click()
    await chat.get_by_role("button", name="Block and end the chat").click()
    await expect(chat.locator("[data-block-msg]")).to_have_text("Write a reason first.")
    await chat.locator(".nc-block input").fill("Threats")
    await chat.get_by_role("button", name="Block and end the chat").click()
    await expect(chat.locator(".nc-chat__status")).to_contain_text(
        "The visitor was blocked.", timeout=T
    )

    # the visitor is told kindly, with the emergency number, and cannot write
    kind = "Ten czat jest teraz dla Ciebie niedostępny. Jeśli grozi Ci niebezpieczeństwo, zadzwoń pod 112"
    await expect(frame.locator(".nr-conn--blocked")).to_contain_text(kind, timeout=T)
    await expect(frame.locator("#nr-text")).to_be_hidden()
    await expect(frame.locator('a[href="tel:112"]').first).to_be_visible()
    # a reload of the page (same tab, same token) is refused at connect
    await page.reload()
    await expect(frame.locator(".nr-conn--blocked")).to_contain_text(kind, timeout=T)
    await expect(frame.locator("#nr-text")).to_be_hidden()

    # a supervisor sees the block and lifts it
    _s, marta = await staff_page(browser, live_server, "marta", "supervisor", "/supervisor/blocks")
    row = marta.locator("#blocks tbody tr")
    await expect(row).to_have_count(1)
    await expect(row).to_contain_text("Threats")
    await expect(row).to_contain_text("Ania")
    await row.get_by_role("button", name="Lift the block").click()
    await expect(marta.locator("#blocks-done")).to_contain_text("The block was lifted")
    await expect(marta.locator("#blocks-empty")).to_be_visible()

    # the visitor may write again: a new conversation (the blocked one stays ended)
    await page.reload()
    await expect(page.locator(".nr-conn--blocked")).to_have_count(0, timeout=T)
    await page.get_by_role("button", name="Zacznij nową rozmowę").click()
    await expect(frame.locator("#nr-text")).to_be_visible(timeout=T)
    await send_visitor(frame, "przepraszam")
    await expect(
        frame.locator(".nr-msg--own:not(.nr-msg--pending) .nr-msg__body").last
    ).to_have_text("przepraszam", timeout=T)


async def test_a_supervisor_accepts_a_handover_on_the_supervisor_page(
    browser: Any, host_site: Any, live_server: Any
) -> None:
    _a, ania = await staff_page(browser, live_server, "ania", "networker", "/console")
    _m, marta = await staff_page(browser, live_server, "marta", "supervisor", "/supervisor")
    await on_duty(ania)
    _v, _page, frame = await open_widget(browser, host_site, live_server)
    await send_visitor(frame, "Potrzebuję kogoś doświadczonego")
    await ania.locator(".nc-qitem button[data-take]").first.click()
    chat = ania.locator(".nc-chat").first
    await expect(chat.locator(".nc-log")).to_contain_text("doświadczonego", timeout=T)

    # a supervisor with the console open is on the list, whatever their load
    await chat.locator(".nc-handover summary").click()
    await chat.locator(".nc-handover select").select_option(label="Marta, supervisor")
    await chat.locator(".nc-handover textarea").fill("Proszę o przejęcie: trudna sytuacja.")
    await chat.get_by_role("button", name="Offer the chat").click()
    offer = marta.locator(".nc-offer")
    await expect(offer).to_contain_text("Ania offers you a chat", timeout=T)
    await expect(offer).to_contain_text("Proszę o przejęcie: trudna sytuacja.")
    await offer.get_by_role("button", name="Accept").click()
    # the chat is Marta's in the duty console, with the note first
    await marta.wait_for_url(re.compile(r"/console$"), timeout=T)
    mine = marta.locator(".nc-chat").first
    await expect(mine.locator(".nc-handover-note")).to_contain_text(
        "Proszę o przejęcie: trudna sytuacja.", timeout=T
    )
    await expect(chat.locator(".nc-chat__status")).to_have_text(
        "You handed this chat to Marta (read only).", timeout=T
    )
    await expect(frame.locator(".nr-status")).to_contain_text("Marta", timeout=T)
