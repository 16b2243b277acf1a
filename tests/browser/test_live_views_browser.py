"""Live state is right on every screen (issue 13, part 5), as the supervisor and the networker
see it in Chromium: escalation cards follow the chat's assignment, take-over and reassignment;
an update of your own doing raises no alarm and an alarm ends when its escalation is resolved;
the duty console shows the visitor's real presence when a chat is taken, and none once closed."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.test_supervisor_browser import CRISIS_PL, T, staff_id, staff_page
from tests.test_live_views import gone_is_offline

pytestmark = pytest.mark.browser


async def test_card_follows_the_chat_and_own_takeover_raises_no_alarm(
    browser: Any, live_server: Any
) -> None:
    ania = await live_server.staff("ania", name="Ania")
    bartek = await live_server.staff("bartek", name="Bartek")
    ewa = await live_server.staff("ewa", role="supervisor", name="Ewa")
    await ania.on_duty(capacity=2)
    await bartek.on_duty(capacity=2)
    ctx, page = await staff_page(browser, live_server, "marta", "supervisor", "/supervisor")
    await expect(page.locator(".nc-conn")).to_be_hidden(timeout=T)
    ania_id, bartek_id = (
        await staff_id(live_server, "ania"),
        await staff_id(live_server, "bartek"),
    )

    visitor = await live_server.visitor()
    assert (await visitor.send(CRISIS_PL))["ok"]
    card = page.locator(".ns-esc").first
    await expect(card).to_contain_text("No networker yet", timeout=T)
    reassign = card.locator('[data-field="reassign"]')
    await expect(reassign.locator(f'option[value="{ania_id}"]')).to_have_count(1, timeout=T)
    banner = page.locator("#ns-banner")
    await expect(banner).to_be_visible(timeout=T)

    # a networker takes the chat: the card says who has it, and the reassign list leaves them out
    cid = (await ania.call("queue.take", {}))["conversation"]["id"]
    await expect(card).to_contain_text("Networker: Ania", timeout=T)
    await expect(card).not_to_contain_text("No networker yet")
    await expect(reassign.locator(f'option[value="{ania_id}"]')).to_have_count(0, timeout=T)
    await expect(reassign.locator(f'option[value="{bartek_id}"]')).to_have_count(1)

    # the supervisor has seen the alarm; another supervisor hands the chat to Bartek: the card
    # follows, and a change of hands is no alarm
    await banner.locator("button").click()
    await expect(banner).to_be_hidden()
    moved = await ewa.call("supervisor.reassign", {"conversation_id": cid, "staff_id": bartek_id})
    assert moved["ok"], moved
    await expect(card).to_contain_text("Networker: Bartek", timeout=T)
    await expect(reassign.locator(f'option[value="{bartek_id}"]')).to_have_count(0, timeout=T)
    await expect(reassign.locator(f'option[value="{ania_id}"]')).to_have_count(1)

    # my own take-over: the card and the open transcript follow, and no alarm goes off
    await card.locator('[data-action="takeover"]').click()
    await expect(card).to_contain_text("Networker: Marta", timeout=T)
    watch = page.locator(".ns-watch")
    assert (await visitor.send("dziekuje, jestem"))["ok"]
    # a positive sentinel: this message was sent after the take-over's events, to this socket
    await expect(watch.locator(".nc-log")).to_contain_text("dziekuje, jestem", timeout=T)
    await expect(banner).to_be_hidden()
    await expect(page.locator("#ns-announce")).not_to_contain_text("got stronger")

    # a real intensification does raise the alarm (so the check above could fail) ...
    assert (await visitor.send("mam tabletki, zaraz je wezme wszystkie"))["ok"]
    await expect(banner).to_be_visible(timeout=T)
    await expect(page.locator("#ns-announce")).to_contain_text("got stronger", timeout=T)

    # ... and the alarm ends when its escalation is resolved
    await card.locator(".ns-resolve summary").click()
    await card.locator('[data-field="outcome"]').select_option("safety_plan")
    await card.locator('[data-action="resolve"]').click()
    await expect(page.locator(".ns-esc")).to_have_count(0, timeout=T)
    await expect(banner).to_be_hidden(timeout=T)
    await expect(page.locator("#ns-announce")).not_to_contain_text("got stronger")
    await ctx.close()


async def test_alarm_ends_when_another_supervisor_resolves_it(
    browser: Any, live_server: Any
) -> None:
    ewa = await live_server.staff("ewa", role="supervisor", name="Ewa")
    ctx, page = await staff_page(browser, live_server, "marta", "supervisor", "/supervisor")
    await expect(page.locator(".nc-conn")).to_be_hidden(timeout=T)
    visitor = await live_server.visitor()
    assert (await visitor.send(CRISIS_PL))["ok"]
    banner = page.locator("#ns-banner")
    await expect(banner).to_be_visible(timeout=T)
    esc = await ewa.log.wait_for("escalation.new")
    done = await ewa.call("escalation.resolve", {"escalation_id": esc["id"], "outcome": "other"})
    assert done["ok"]
    await expect(page.locator(".ns-esc")).to_have_count(0, timeout=T)
    await expect(banner).to_be_hidden(timeout=T)
    assert not (await page.title()).startswith("●")
    await ctx.close()


async def test_console_shows_the_real_presence_and_none_for_closed_chats(
    browser: Any, live_server: Any
) -> None:
    ctx, page = await staff_page(browser, live_server, "ola", "networker", "/console")
    await page.fill("#nc-capacity", "3")
    await page.uncheck("#nc-auto")
    await page.click("#nc-duty-start")
    await expect(page.locator("#nc-duty-stop")).to_be_visible(timeout=T)

    # a visitor who left while still waiting
    gone = await live_server.visitor()
    assert (await gone.send("jest tu ktos?"))["ok"]
    await gone.close()
    await live_server.until(lambda: gone_is_offline(live_server, gone.conversation_id))
    await page.locator(f'[data-take="{gone.conversation_id}"]').click()
    chat = page.locator(f'.nc-chat[data-conversation="{gone.conversation_id}"]')
    await expect(chat.locator(".nc-log")).to_contain_text("jest tu ktos?", timeout=T)
    await expect(chat.locator(".nc-presence")).to_have_text("Offline")
    await expect(chat.locator(".nc-presence")).to_have_class("nc-presence nc-presence--off")

    # a visitor who is there is shown present
    here = await live_server.visitor()
    assert (await here.send("dzien dobry"))["ok"]
    await page.locator(f'[data-take="{here.conversation_id}"]').click()
    other = page.locator(f'.nc-chat[data-conversation="{here.conversation_id}"]')
    await expect(other.locator(".nc-presence")).to_have_text("Online", timeout=T)

    # after a reload the console still shows the truth (console.sync)
    await page.reload()
    chat = page.locator(f'.nc-chat[data-conversation="{gone.conversation_id}"]')
    await expect(chat.locator(".nc-presence")).to_have_text("Offline", timeout=T)
    other = page.locator(f'.nc-chat[data-conversation="{here.conversation_id}"]')
    await expect(other.locator(".nc-presence")).to_have_text("Online", timeout=T)

    # closed chats show no presence: one the networker closed (its visitor is still connected)
    await page.locator(f'.nc-chatrow[data-chat="{here.conversation_id}"]').click()
    await other.locator(".nc-close summary").click()
    await other.locator(".nc-close select").select_option("helped")
    await other.locator(".nc-close .nc-btn--danger").click()
    await expect(other).to_have_class(re.compile(r"\bnc-chat--readonly\b"), timeout=T)
    await expect(other.locator(".nc-presence")).to_be_hidden()
    # ... and one the visitor ended
    third = await live_server.visitor()
    assert (await third.send("trzecie pytanie"))["ok"]
    await page.locator(f'[data-take="{third.conversation_id}"]').click()
    last = page.locator(f'.nc-chat[data-conversation="{third.conversation_id}"]')
    await expect(last.locator(".nc-presence")).to_have_text("Online", timeout=T)
    assert (await third.call("conversation.leave", {}))["ok"]
    await expect(last.locator(".nc-chat__status")).to_be_visible(timeout=T)
    await expect(last.locator(".nc-presence")).to_be_hidden()
    await ctx.close()


async def test_a_take_pressed_while_the_queue_updates_is_not_lost(
    browser: Any, live_server: Any
) -> None:
    """A queued conversation keeps its Take button through every queue update, whether its row
    is left as it was or changes under the press (here its risk rises): a Take pressed just
    before an update and released after it still takes the chat (a button replaced between press
    and release gets no click; CI lost a take that way twice, the second time when the held row's
    own fields changed), and the keyboard stays put."""
    ctx, page = await staff_page(browser, live_server, "ola", "networker", "/console")
    await page.uncheck("#nc-auto")
    await page.click("#nc-duty-start")
    await expect(page.locator("#nc-duty-stop")).to_be_visible(timeout=T)
    first = await live_server.visitor()
    assert (await first.send("pierwsza osoba w kolejce"))["ok"]
    take = page.locator(f'[data-take="{first.conversation_id}"]')
    await expect(take).to_be_enabled(timeout=T)
    await take.evaluate("el => el.setAttribute('data-probe', 'kept')")

    box = await take.bounding_box()
    assert box is not None
    await page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    await page.mouse.down()
    # another visitor arrives while the button is held: the queue is redrawn with two rows
    second = await live_server.visitor()
    assert (await second.send("druga osoba"))["ok"]
    await expect(page.locator(".nc-qitem")).to_have_count(2, timeout=T)
    await expect(take).to_have_attribute("data-probe", "kept")
    # the held row itself changes: its visitor writes a crisis and the row shows the risk
    assert (await first.send(CRISIS_PL))["ok"]
    row = page.locator(".nc-qitem", has=take)
    await expect(row.locator("[data-risk]")).to_be_visible(timeout=T)
    await expect(take).to_have_attribute("data-probe", "kept")
    # the badges may push the button down: the pointer follows it, still held (a press and a
    # release on one element are a click; on a replaced button they would be none)
    box = await take.bounding_box()
    assert box is not None
    await page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    await page.mouse.up()
    chat = page.locator(f'.nc-chat[data-conversation="{first.conversation_id}"]')
    await expect(chat.locator(".nc-log")).to_contain_text("pierwsza osoba", timeout=T)
    await expect(page.locator(".nc-qitem")).to_have_count(1, timeout=T)

    # the keyboard on a row's Take stays there while the rest of the queue changes
    focused = page.locator(f'[data-take="{second.conversation_id}"]')
    await focused.focus()
    await focused.evaluate("el => el.setAttribute('data-probe', 'kept')")
    third = await live_server.visitor()
    assert (await third.send("trzecia osoba"))["ok"]
    await expect(page.locator(".nc-qitem")).to_have_count(2, timeout=T)
    await expect(focused).to_be_focused()
    await expect(focused).to_have_attribute("data-probe", "kept")
    await ctx.close()
