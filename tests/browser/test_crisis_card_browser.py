"""The crisis reply's emergency card in a real browser (Chromium), on a small phone screen."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import expect

from server.actions.resources.hsds import do_load_starter
from tests.browser.test_widget_browser import T, send_visitor

pytestmark = pytest.mark.browser


async def test_the_crisis_card_shows_tap_to_call_buttons_112_first(
    browser: Any, host_site: Any, live_server: Any
) -> None:
    await do_load_starter(live_server.svc)  # flags the verified crisis lines
    host_site.widget_src = f"{live_server.url}/widget.js"
    ctx = await browser.new_context(
        viewport={"width": 360, "height": 640}, has_touch=True, is_mobile=True
    )
    page = await ctx.new_page()
    await page.goto(host_site.page_url)
    await page.get_by_role("button", name=re.compile(r"^(Czat|Chat):")).click()
    frame = page.frame_locator("#netreach-frame")
    await expect(frame.locator("#nr-text")).to_be_visible(timeout=T)

    # nobody is on duty: the queue line promises nothing
    await send_visitor(frame, "nie chce juz zyc, zrobie to dzis")
    card = frame.locator(".nr-sos")
    await expect(card).to_be_visible(timeout=T)
    await expect(card).to_have_attribute("role", "alert")  # announced by screen readers
    await expect(card).to_have_attribute("aria-label", re.compile("zadzwonić"))
    calls = card.get_by_role("link")
    await expect(calls.first).to_have_attribute("href", "tel:112")
    await expect(calls.first).to_have_accessible_name(re.compile(r"^112, Numer alarmowy"))
    assert await calls.count() >= 3  # 112, 116 123, 116 111
    hrefs = [await calls.nth(i).get_attribute("href") for i in range(await calls.count())]
    assert hrefs[0] == "tel:112"
    assert "tel:116123" in hrefs
    assert all(re.fullmatch(r"tel:\+?[0-9]+", h or "") for h in hrefs)
    # large touch targets that fit the small screen
    for i in range(await calls.count()):
        box = await calls.nth(i).bounding_box()
        assert box is not None
        assert box["height"] >= 44
        assert box["width"] >= 200
    # white on a dark button, not underlined link text
    style = await calls.first.evaluate(
        "el => [getComputedStyle(el).color, getComputedStyle(el).textDecorationLine]"
    )
    assert style == ["rgb(255, 255, 255)", "none"]
    await expect(card).to_contain_text("Nikt nie może teraz odpowiedzieć na tym czacie")
    # a prominent card, not the grey dashed notice of other system lines
    border = await card.evaluate("el => getComputedStyle(el).borderTopColor")
    assert border == "rgb(164, 22, 26)"
    status = frame.locator(".nr-status")
    await expect(status).to_contain_text("Jesteś w kolejce, ale nikt teraz nie dyżuruje", timeout=T)
    await expect(status).not_to_contain_text("zaraz")
    # reachable by keyboard: a link takes focus
    await calls.first.focus()
    await expect(calls.first).to_be_focused()
    await ctx.close()


async def test_each_card_link_names_its_entry(browser: Any, live_server: Any) -> None:
    """Nobody on duty: /chat lists crisis lines as cards, each with "Więcej informacji"; a
    screen reader's list of links shows them out of their cards, so each names its entry."""
    await do_load_starter(live_server.svc)
    ctx = await browser.new_context(locale="pl-PL")
    try:
        page = await ctx.new_page()
        await page.goto(f"{live_server.url}/chat")
        links = page.locator(".nr-card a[target=_blank]")
        await expect(links.first).to_be_visible(timeout=T)
        names = [
            (await link.get_attribute("aria-label")) or (await link.inner_text())
            for link in await links.all()
        ]
        assert len(names) >= 3, names
        assert all(n.startswith(("Więcej informacji: ", "Strona internetowa: ")) for n in names)
        assert len(set(names)) == len(names), names
    finally:
        await ctx.close()
