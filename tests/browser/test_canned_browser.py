"""Canned replies in the duty console, keyboard only: "/" at the start of the message box opens
the list in the chat's language, typing searches it, arrows move, Esc closes without sending,
Enter inserts the text, which is edited and sent as an ordinary reply."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.test_robustness_browser import axe_violations
from tests.browser.test_widget_browser import networker_console
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

T = 10_000  # ms, per expectation
CRISIS_EN = (
    "If your life or someone else's life is in danger right now, please call 112. It is "
    "free and works 24/7. I'm staying here with you in this chat."
)


async def test_slash_search_insert_edit_send_by_keyboard(browser: Any, live_server: Any) -> None:
    # the networker's console is in Polish; the visitor writes in English
    staff_ctx, console = await networker_console(browser, live_server, "ania", "Ania")
    visitor = await live_server.visitor(lang="en")
    await visitor.send("Hi, I am scared")
    take = console.locator("button[data-take]").first
    await expect(take).to_be_enabled(timeout=T)
    await take.focus()
    await console.keyboard.press("Enter")
    chat = console.locator(".nc-chat").first
    box = chat.locator("textarea[id$='-text']")
    await expect(box).to_be_focused(timeout=T)  # taking a chat puts the focus in its box
    listbox = chat.get_by_role("listbox")
    options = listbox.get_by_role("option")

    # "/" opens the list in the chat's language (English), the first option active
    await console.keyboard.type("/")
    await expect(listbox).to_be_visible(timeout=T)
    await expect(options).to_have_count(7, timeout=T)
    for lang in await options.evaluate_all("els => els.map(e => e.lang)"):
        assert lang == "en"
    await expect(options.first).to_have_attribute("aria-selected", "true")
    await expect(box).to_have_attribute(
        "aria-activedescendant", await options.first.get_attribute("id") or ""
    )
    await expect(chat.locator(".nc-canned-wrap [role=status]")).to_contain_text("7")
    assert await axe_violations(console) == []

    # typing searches titles, texts and topics; Esc closes and sends nothing
    await console.keyboard.type("hiv")
    await expect(options).to_have_count(1)
    await expect(options.first).to_contain_text("How to get an HIV test")
    # a topic's key is shown by its name in the console's language (not "hiv_sti")
    await expect(options.first.locator(".nc-canned__topics")).to_have_text(
        "HIV i choroby przenoszone drogą płciową, hiv, test"
    )
    await console.keyboard.press("Escape")
    await expect(listbox).to_be_hidden()
    await expect(box).to_have_value("/hiv")
    await expect(box).to_be_focused()
    await console.keyboard.press("Control+A")
    await console.keyboard.press("Backspace")

    # arrows move through the list; Enter inserts the active reply into the box, not sending it
    await console.keyboard.type("/")
    await expect(options).to_have_count(7, timeout=T)
    await console.keyboard.press("ArrowDown")
    await console.keyboard.press("ArrowDown")
    await console.keyboard.press("ArrowDown")
    await console.keyboard.press("ArrowUp")
    crisis = options.nth(2)
    await expect(crisis).to_contain_text("Crisis: call 112")
    await expect(crisis).to_have_attribute("aria-selected", "true")
    await expect(box).to_have_attribute(
        "aria-activedescendant", await crisis.get_attribute("id") or ""
    )
    await console.keyboard.press("Enter")
    await expect(listbox).to_be_hidden()
    await expect(box).to_have_value(CRISIS_EN)
    await expect(box).to_be_focused()

    # edited, then sent with Enter as an ordinary reply; the visitor's first staff message is it
    # (neither "/hiv" nor the unedited text went out before it)
    await console.keyboard.type(" Are you safe right now?")
    await console.keyboard.press("Enter")
    message = await visitor.log.wait_for("message.new", lambda m: m["sender"] == "staff")
    assert message["text"] == CRISIS_EN + " Are you safe right now?"
    await expect(box).to_have_value("", timeout=T)
    await staff_ctx.close()


async def test_supervisor_page_is_accessible_and_retires_by_keyboard(
    browser: Any, live_server: Any
) -> None:
    await live_server.create_staff("sara", PASSWORD, role="supervisor", language="en")
    ctx = await browser.new_context(viewport={"width": 1300, "height": 900})
    page = await ctx.new_page()
    await page.goto(f"{live_server.url}/login?next=/supervisor/canned")
    await page.fill("#username", "sara")
    await page.fill("#password", PASSWORD)
    await page.click('form[action="/login"] button[type=submit]')
    await page.wait_for_url(re.compile(r"/supervisor/canned$"))
    await expect(page.get_by_role("heading", name="Canned replies", exact=True)).to_be_visible()
    assert await axe_violations(page) == []
    item = page.locator('[data-canned="q_start_closing_en"]')
    await item.get_by_role("button", name="Retire").focus()
    await page.keyboard.press("Enter")
    await expect(page.locator("#canned-done")).to_contain_text("retired", timeout=T)
    await expect(page.locator('[data-canned="q_start_closing_en"]')).to_have_attribute(
        "data-retired", "1"
    )
    assert await axe_violations(page) == []
    await ctx.close()
