"""Abuse without addresses in a real browser (Debian's Chromium via Playwright): the widget
solves the proof of work in the background, the supervisor console shows a burst of crisis chats
from new visitors as a possible flood while listing every escalation, and the consoles mark a
queued visitor who went away."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import expect
from sqlalchemy import select

from server.db.models import Conversation
from tests.browser.test_supervisor_browser import CRISIS_PL, staff_page
from tests.browser.test_widget_browser import T, open_widget, send_visitor

pytestmark = pytest.mark.browser


async def test_the_widget_solves_the_challenge_in_the_background(
    browser: Any, host_site: Any, server_factory: Any
) -> None:
    # every new conversation after the first needs a proof of work, at the base difficulty
    server = await server_factory(challenge_above_count=1)
    assert (await (await server.visitor()).send("someone else first"))["ok"]
    challenges = server.svc.metrics.challenges
    before = challenges._value.get()

    ctx, _page, frame = await open_widget(browser, host_site, server)
    await send_visitor(frame, "Potrzebuję porozmawiać")
    # acknowledged, in the queue: the visitor did nothing but write
    await expect(frame.locator(".nr-msg--own:not(.nr-msg--pending) .nr-msg__body")).to_have_text(
        "Potrzebuję porozmawiać", timeout=T
    )
    await expect(frame.locator(".nr-status")).to_contain_text("kolejce", timeout=T)
    await expect(frame.locator(".nr-error")).to_be_hidden()
    assert challenges._value.get() == before + 1  # it really was asked for a proof, once
    async with server.svc.db.read() as s:
        firsts = (await s.execute(select(Conversation.first_message))).scalars().all()
    assert sorted(firsts) == ["Potrzebuję porozmawiać", "someone else first"]
    await ctx.close()


async def test_the_supervisor_sees_a_burst_of_crisis_chats_as_a_possible_flood(
    browser: Any, server_factory: Any
) -> None:
    server = await server_factory()
    ctx, page = await staff_page(browser, server, "marta", "supervisor", "/supervisor")
    await expect(page.locator(".nc-conn")).to_be_hidden(timeout=T)
    burst_at = server.settings.escalation_burst_count
    banner = page.locator("#ns-burst")
    for i in range(burst_at - 1):
        assert (await (await server.visitor()).send(f"{CRISIS_PL} {i}"))["ok"]
    await expect(page.locator(".ns-esc")).to_have_count(burst_at - 1, timeout=T)
    await expect(banner).to_be_hidden()
    for i in range(burst_at - 1, 12):
        assert (await (await server.visitor()).send(f"{CRISIS_PL} {i}"))["ok"]
    # every escalation is listed on its own, each tagged; the banner counts them
    await expect(page.locator(".ns-esc")).to_have_count(12, timeout=T)
    await expect(banner).to_be_visible(timeout=T)
    await expect(banner).to_contain_text(re.compile(r"Possible flood: 12 escalations"), timeout=T)
    await expect(page.locator(".ns-esc .ns-badge--burst")).to_have_count(12, timeout=T)
    # a reload shows the same (from supervisor.sync)
    await page.reload()
    await expect(banner).to_contain_text("12", timeout=T)
    await expect(page.locator(".ns-esc")).to_have_count(12, timeout=T)
    await ctx.close()
