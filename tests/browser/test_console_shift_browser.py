"""The duty console for a whole shift (issue 17 item 2), in Chromium: the list of my chats
(most urgent first, then the latest activity) beside the chat in front, Recent for the chats
that ended, Take and Accept that follow capacity live, a confirmation before chats go back to
the queue, a new urgent chat announced and brought into view, and the chats handed back while
the networker was away."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest
from playwright.async_api import expect
from sqlalchemy import select

from server.clock import FakeClock
from server.db.models import Staff
from tests.browser.test_robustness_browser import axe_violations
from tests.browser.test_supervisor_browser import CRISIS_PL, staff_id, staff_page
from tests.conftest import PASSWORD
from tests.helpers import eventually

pytestmark = pytest.mark.browser

T = 10_000  # ms, per expectation
OPEN_ROWS = ".nc-chatlist__list:not(.nc-chatlist__list--recent) .nc-chatrow"


async def on_duty(page: Any, capacity: int, auto: bool = False) -> None:
    await page.fill("#nc-capacity", str(capacity))
    await page.set_checked("#nc-auto", auto)
    await page.click("#nc-duty-start")
    await expect(page.locator("#nc-duty-stop")).to_be_visible(timeout=T)


async def take(page: Any, conversation_id: str) -> None:
    await page.locator(f'[data-take="{conversation_id}"]').click(timeout=T)
    chat = page.locator(f'.nc-chat[data-conversation="{conversation_id}"]')
    # a chat I take opens beside the list with the keyboard in its reply box
    await expect(chat.locator("textarea")).to_be_focused(timeout=T)


async def row_order(page: Any) -> list[str]:
    return list(await page.locator(OPEN_ROWS).evaluate_all("els => els.map(e => e.dataset.chat)"))


async def until_order(page: Any, expected: list[str]) -> None:
    async def holds() -> bool:
        return await row_order(page) == expected

    await eventually(holds, f"list order {expected}")


async def on_duty_in_db(server: Any, username: str) -> bool:
    async with server.svc.db.read() as s:
        return bool(
            (await s.execute(select(Staff.on_duty).where(Staff.username == username))).scalar_one()
        )


async def test_go_on_duty_pressed_while_the_console_is_still_connecting_waits_for_the_socket(
    browser: Any, live_server: Any
) -> None:
    """A networker who presses "Go on duty" the moment the console opens, before its socket has
    connected, is put on duty once it connects: no "You are offline" for a click that raced the
    page load. The console's socket is held back by the browser until after the click."""
    await live_server.create_staff("ewa", PASSWORD, role="networker", name="Ewa", language="en")
    ctx = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await ctx.new_page()
    await page.goto(f"{live_server.url}/login")
    await page.fill("#username", "ewa")
    await page.fill("#password", PASSWORD)
    release = asyncio.Event()
    held: list[Any] = []

    async def hold(ws: Any) -> None:
        held.append(ws)
        await release.wait()
        ws.connect_to_server()

    await page.route_web_socket(re.compile(r"/socket\.io/"), hold)
    try:
        await page.click('form[action="/login"] button[type=submit]')
        await page.wait_for_url(re.compile(r"/console$"))
        await eventually(lambda: bool(held), "the console's socket is opening")
        await page.fill("#nc-capacity", "2")
        await page.click("#nc-duty-start")
        # the click's handler has run (a frame later): it did not give up as "offline"
        await page.evaluate("() => new Promise((r) => requestAnimationFrame(() => r(null)))")
        duty_error = page.get_by_role("region", name="Duty").get_by_role("alert")
        await expect(duty_error).to_be_hidden()
        await expect(page.locator("#nc-duty-stop")).to_be_hidden()
        assert not await on_duty_in_db(live_server, "ewa")
        release.set()
        await expect(page.locator("#nc-duty-stop")).to_be_visible(timeout=T)
        await expect(duty_error).to_be_hidden()
        assert await on_duty_in_db(live_server, "ewa")
    finally:
        release.set()
        await ctx.close()


async def test_my_chats_urgent_first_then_latest_activity_and_ended_ones_in_recent(
    browser: Any, live_server: Any
) -> None:
    ctx, page = await staff_page(browser, live_server, "ola", "networker", "/console")
    await on_duty(page, capacity=5)
    first, second, third = [await live_server.visitor() for _ in range(3)]
    for visitor, text in ((first, "pierwsze pytanie"), (second, "drugie"), (third, "trzecie")):
        assert (await visitor.send(text))["ok"]
        await take(page, visitor.conversation_id)
    a, b, c = first.conversation_id, second.conversation_id, third.conversation_id
    # the latest activity first; the chat I took last is the one shown, its row current
    await until_order(page, [c, b, a])
    await expect(page.locator(f'.nc-chatrow[data-chat="{c}"]')).to_have_attribute(
        "aria-current", "true"
    )
    await expect(page.locator(f'.nc-chat[data-conversation="{a}"]')).to_be_hidden()

    # a new message moves its chat up, with its preview and an unread count
    assert (await first.send("jeszcze jedno\u202eexe.pdf"))["ok"]
    await until_order(page, [a, c, b])
    row_a = page.locator(f'.nc-chatrow[data-chat="{a}"]')
    await expect(row_a.locator(".nc-chatrow__preview")).to_have_text("jeszcze jednoexe.pdf")
    await expect(row_a.locator(".nc-chatrow__preview")).to_have_attribute("dir", "auto")
    await expect(row_a.locator(".nc-unread")).to_have_text("1 new")

    # a crisis in a chat behind the one shown: first in the list, marked, announced, in view
    assert (await second.send(CRISIS_PL))["ok"]
    await until_order(page, [b, a, c])
    row_b = page.locator(f'.nc-chatrow[data-chat="{b}"]')
    await expect(row_b.locator(".nc-chatrow__urgent")).to_be_visible(timeout=T)
    await expect(page.locator(".nc-news")).to_contain_text(
        "Crisis escalation in the chat with", timeout=T
    )
    await expect(row_b).to_be_in_viewport()
    # every row has its own accessible name
    names = await page.locator(OPEN_ROWS).evaluate_all(
        "els => els.map(e => e.textContent.replace(/\\s+/g, ' ').trim())"
    )
    assert len(set(names)) == 3, names

    # the arrow keys move between rows, Enter opens one (and reads it; the news goes)
    await page.locator(f'.nc-chatrow[data-chat="{c}"]').focus()
    await page.keyboard.press("Home")
    await expect(row_b).to_be_focused()
    await page.keyboard.press("ArrowDown")
    await expect(row_a).to_be_focused()
    await page.keyboard.press("ArrowUp")
    await page.keyboard.press("Enter")
    await expect(page.locator(f'.nc-chat[data-conversation="{b}"]')).to_be_visible()
    await expect(page.locator(".nc-news")).to_be_hidden()
    await page.keyboard.press("ArrowDown")
    await page.keyboard.press("Enter")
    await expect(row_a.locator(".nc-unread")).to_have_count(0)

    # closing the chat shown moves it to Recent (collapsed, read only, openable)
    shown = page.locator(f'.nc-chat[data-conversation="{a}"]')
    await shown.locator(".nc-close summary").click()
    await shown.locator(".nc-close select").select_option("helped")
    await shown.locator(".nc-close .nc-btn--danger").click()
    await until_order(page, [b, c])
    recent = page.locator(".nc-recent")
    await expect(recent.locator("summary")).to_have_text("Recent (1)")
    await expect(recent).not_to_have_attribute("open", "")
    # the visitor of another chat leaves: it goes to Recent too, the newest first
    assert (await third.call("conversation.leave", {}))["ok"]
    await until_order(page, [b])
    await expect(recent.locator("summary")).to_have_text("Recent (2)", timeout=T)
    await recent.locator("summary").click()
    recent_rows = recent.locator(".nc-chatrow")
    await expect(recent_rows).to_have_count(2)
    await expect(recent_rows.first).to_have_attribute("data-chat", c)
    await expect(recent_rows.first.locator(".nc-chatrow__status")).to_have_text("Ended")
    await recent_rows.first.click()
    ended = page.locator(f'.nc-chat[data-conversation="{c}"]')
    await expect(ended).to_be_visible()
    await expect(ended).to_have_class(re.compile(r"\bnc-chat--readonly\b"))
    await expect(ended.locator("form.nc-composer")).to_be_hidden()
    assert await axe_violations(page) == [], "duty console: list, Recent, a read-only chat"
    await ctx.close()


async def test_take_and_accept_follow_capacity_live_and_the_server_still_refuses(
    browser: Any, live_server: Any
) -> None:
    ctx, page = await staff_page(browser, live_server, "ola", "networker", "/console")
    await on_duty(page, capacity=1)
    bartek = await live_server.staff("bartek", name="Bartek")
    await bartek.on_duty(capacity=2)
    offered = await live_server.visitor()
    assert (await offered.send("rozmowa do przekazania"))["ok"]
    assert (await bartek.call("queue.take", {"conversation_id": offered.conversation_id}))["ok"]
    waiting = [await live_server.visitor() for _ in range(2)]
    for visitor in waiting:
        assert (await visitor.send("czekam"))["ok"]

    # a colleague's offer stands out and is announced; Accept works while I have room
    handed = await bartek.call(
        "handover.offer",
        {
            "conversation_id": offered.conversation_id,
            "staff_id": await staff_id(live_server, "ola"),
            "note": "Pyta o testy HIV",
        },
    )
    assert handed["ok"], handed
    offer = page.locator(".nc-offer")
    await expect(offer).to_be_visible(timeout=T)
    await expect(page.locator(".nc-news")).to_contain_text("Bartek offers you the chat")
    accept = offer.get_by_role("button", name="Accept the chat with")
    await expect(accept).to_be_enabled()
    take_buttons = page.locator("[data-take]")
    await expect(take_buttons).to_have_count(2, timeout=T)
    # unique names: two anonymous visitors differ by their place in the queue
    labels = await take_buttons.evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
    assert len(set(labels)) == 2, labels

    # at capacity: Take and Accept are disabled, and say why
    await take(page, waiting[0].conversation_id)
    note = page.locator("#nc-capacity-note")
    await expect(note).to_have_text(re.compile("You have 1 of 1 chats open"), timeout=T)
    await expect(page.locator("#nc-take-next")).to_be_disabled()
    await expect(take_buttons).to_have_count(1, timeout=T)
    await expect(take_buttons.first).to_be_disabled()
    await expect(take_buttons.first).to_have_attribute("aria-describedby", "nc-capacity-note")
    await expect(accept).to_be_disabled()
    await expect(offer.locator(".nc-offer__why")).to_contain_text("1 of 1")
    # the server refuses over capacity all the same (a stale page, a script)
    await take_buttons.first.evaluate("b => { b.disabled = false; b.click(); }")
    await expect(page.locator(".nc-queue .nc-error")).to_be_visible(timeout=T)
    await expect(page.locator(OPEN_ROWS)).to_have_count(1)

    # a chat that ends enables them again, live
    assert (await waiting[0].call("conversation.leave", {}))["ok"]
    await expect(page.locator("#nc-take-next")).to_be_enabled(timeout=T)
    await expect(take_buttons.first).to_be_enabled()
    await expect(note).to_be_hidden()
    await expect(accept).to_be_enabled()
    await accept.click()
    accepted = page.locator(f'.nc-chat[data-conversation="{offered.conversation_id}"]')
    await expect(accepted).to_be_visible(timeout=T)
    await expect(accepted.locator(".nc-handover-note")).to_contain_text("Pyta o testy HIV")
    await ctx.close()


async def test_going_off_duty_with_open_chats_asks_first(browser: Any, live_server: Any) -> None:
    ctx, page = await staff_page(browser, live_server, "ola", "networker", "/console")
    await on_duty(page, capacity=3)
    visitors = [await live_server.visitor() for _ in range(2)]
    for visitor, name in zip(visitors, ("kuba", "ala"), strict=True):
        assert (await visitor.send("dzien dobry", nickname=name))["ok"]
        await take(page, visitor.conversation_id)

    # cancel keeps me on duty with my chats
    await page.click("#nc-duty-stop")
    dialog = page.locator("dialog.nc-dialog")
    await expect(dialog).to_be_visible(timeout=T)
    await expect(dialog).to_contain_text("Go off duty?")
    await expect(dialog.locator("#nc-dialog-text")).to_contain_text(": 2.")
    await expect(dialog.locator("li")).to_have_text([re.compile("kuba"), re.compile("ala")])
    await expect(dialog.get_by_role("button", name="Stay on duty")).to_be_focused()
    await dialog.get_by_role("button", name="Stay on duty").click()
    await expect(dialog).to_have_count(0)
    await expect(page.locator("#nc-duty-stop")).to_be_visible()
    await expect(page.locator(OPEN_ROWS)).to_have_count(2)
    assert await on_duty_in_db(live_server, "ola")
    # Esc cancels too
    await page.click("#nc-duty-stop")
    await expect(dialog).to_be_visible(timeout=T)
    await page.keyboard.press("Escape")
    await expect(dialog).to_have_count(0)
    assert await on_duty_in_db(live_server, "ola")
    # so does logging out's own question
    await page.locator("form.nc-logout button").click()
    await expect(dialog).to_contain_text("Log out?", timeout=T)
    await dialog.get_by_role("button", name="Stay logged in").click()
    await expect(dialog).to_have_count(0)
    assert page.url.endswith("/console")

    # confirming hands them back: they go to Recent, the visitors are told
    await page.click("#nc-duty-stop")
    await dialog.get_by_role("button", name="Go off duty and hand them back").click()
    await expect(page.locator("#nc-duty-start")).to_have_text("Go on duty", timeout=T)
    await expect(page.locator(OPEN_ROWS)).to_have_count(0)
    await expect(page.locator(".nc-recent summary")).to_have_text("Recent (2)")
    for visitor in visitors:
        told = await visitor.log.wait_for("conversation.update", lambda d: d["op"] == "requeued")
        assert told["reason"] == "networker_off_duty"
    assert not await on_duty_in_db(live_server, "ola")
    # no open chats: no question
    await page.click("#nc-duty-start")
    await page.click("#nc-duty-stop")
    await expect(page.locator("#nc-duty-start")).to_have_text("Go on duty", timeout=T)
    await expect(dialog).to_have_count(0)
    await ctx.close()


async def test_a_new_urgent_chat_is_announced_and_brought_into_view_on_a_phone(
    browser: Any, live_server: Any
) -> None:
    ctx, page = await staff_page(browser, live_server, "ola", "networker", "/console")
    await page.set_viewport_size({"width": 360, "height": 640})
    await on_duty(page, capacity=4, auto=True)
    calm = await live_server.visitor()
    assert (await calm.send("mam pytanie", nickname="kuba"))["ok"]
    calm_row = page.locator(f'.nc-chatrow[data-chat="{calm.conversation_id}"]')
    await expect(calm_row).to_have_count(1, timeout=T)
    # the networker reads the duty panel at the top: the list is out of view
    await page.evaluate("() => window.scrollTo(0, 0)")
    await expect(calm_row).not_to_be_in_viewport()

    urgent = await live_server.visitor()
    assert (await urgent.send(CRISIS_PL, nickname="ewa"))["ok"]
    row = page.locator(f'.nc-chatrow[data-chat="{urgent.conversation_id}"]')
    await expect(row).to_have_class(re.compile(r"\bnc-chatrow--urgent\b"), timeout=T)
    await until_order(page, [urgent.conversation_id, calm.conversation_id])
    # the news shows above the list and pushes it down: the row is still in view after it
    await expect(page.locator(".nc-news")).to_contain_text("Urgent: a new chat with ewa", timeout=T)
    await expect(row).to_be_in_viewport()
    # the list is a switcher: one row, sideways
    boxes = [await r.bounding_box() for r in (row, calm_row)]
    assert boxes[0], boxes
    assert boxes[1], boxes
    assert abs(boxes[0]["y"] - boxes[1]["y"]) < 2, boxes
    # the chat in front stays the one I had; the urgent one opens from its row
    await expect(
        page.locator(f'.nc-chat[data-conversation="{calm.conversation_id}"]')
    ).to_be_visible()
    await row.click()
    await expect(
        page.locator(f'.nc-chat[data-conversation="{urgent.conversation_id}"]')
    ).to_be_visible()
    await expect(page.locator(".nc-news")).to_be_hidden()
    await ctx.close()


async def test_chats_handed_back_while_away_are_shown_on_coming_back(
    browser: Any, server_factory: Any
) -> None:
    clock = FakeClock()
    server = await server_factory(clock, disconnect_grace=60.0)
    ctx, page = await staff_page(browser, server, "ola", "networker", "/console")
    await on_duty(page, capacity=2)
    visitor = await server.visitor()
    assert (await visitor.send("halo"))["ok"]
    await page.click("#nc-take-next")
    await expect(page.locator(OPEN_ROWS)).to_have_count(1, timeout=T)

    # the laptop closes: past the grace period the chat goes back to the queue
    await page.close()
    await server.until(lambda: not server.svc.local.staff_sids)
    clock.advance(61)
    await server.tick()
    told = await visitor.log.wait_for("conversation.update", lambda d: d["op"] == "requeued")
    assert told["reason"] == "networker_disconnected"

    page = await ctx.new_page()
    await page.goto(f"{server.url}/console")
    away = page.locator(".nc-away")
    await expect(away).to_contain_text("While you were away", timeout=T)
    await expect(away).to_contain_text(": 1.")
    await expect(page.locator("#nc-duty-start")).to_have_text("Go on duty")
    # going on duty again ends the notice (on the server too)
    await page.click("#nc-duty-start")
    await expect(away).to_be_hidden(timeout=T)
    await page.reload()
    await expect(page.locator("#nc-duty-stop")).to_be_visible(timeout=T)
    await expect(away).to_be_hidden()
    await ctx.close()


async def test_an_unsaved_change_to_the_duty_form_survives_updates_from_the_server(
    browser: Any, live_server: Any
) -> None:
    """What the networker is choosing in the duty form (capacity, automatic assignment) is not
    overwritten by a render the server causes (the first sync, a duty update from another tab);
    "Save" sends what they chose."""
    ctx, page = await staff_page(browser, live_server, "ola", "networker", "/console")
    await expect(page.locator(".nc-conn")).to_be_hidden(timeout=T)
    await page.fill("#nc-capacity", "4")
    await page.set_checked("#nc-auto", False)
    # the same networker goes on duty in a second tab: both consoles hear duty.update
    other = await ctx.new_page()
    await other.goto(f"{live_server.url}/console")
    await other.fill("#nc-capacity", "2")
    await other.set_checked("#nc-auto", True)
    await other.click("#nc-duty-start")
    await expect(page.locator("#nc-duty-stop")).to_be_visible(timeout=T)
    await expect(page.locator(".nc-duty__status")).to_contain_text("0 of 2", timeout=T)
    # the first tab still shows what was being chosen there, and saving sends it
    await expect(page.locator("#nc-capacity")).to_have_value("4")
    await expect(page.locator("#nc-auto")).not_to_be_checked()
    await page.click("#nc-duty-start")
    await expect(other.locator(".nc-duty__status")).to_contain_text("0 of 4", timeout=T)
    await expect(other.locator("#nc-auto")).not_to_be_checked(timeout=T)
    async with live_server.svc.db.read() as s:
        ola = (await s.execute(select(Staff).where(Staff.username == "ola"))).scalar_one()
    assert (ola.capacity, ola.auto_assign) == (4, False)


async def test_going_off_duty_by_keyboard_keeps_the_focus_and_says_what_happened(
    browser: Any, live_server: Any
) -> None:
    """Keyboard only: End duty, Tab to the confirmation, Enter. The chats go back to the queue,
    the console says so as news (a status, not an error) and the keyboard stays on the duty
    panel, at "Go on duty" (the pressed button is gone), not lost on the page's body."""
    ctx, page = await staff_page(browser, live_server, "ola", "networker", "/console")
    await on_duty(page, capacity=3)
    visitor = await live_server.visitor()
    assert (await visitor.send("dzien dobry", nickname="kuba"))["ok"]
    await take(page, visitor.conversation_id)
    await page.locator("#nc-duty-stop").focus()
    await page.keyboard.press("Enter")
    dialog = page.locator("dialog.nc-dialog")
    await expect(dialog.get_by_role("button", name="Stay on duty")).to_be_focused(timeout=T)
    await page.keyboard.press("Tab")
    await page.keyboard.press("Enter")
    await expect(page.locator("#nc-duty-start")).to_have_text("Go on duty", timeout=T)
    await expect(page.locator("#nc-duty-start")).to_be_focused()
    note = page.locator("#nc-duty-note")
    await expect(note).to_have_text("Chats handed back to the queue: 1.")
    await expect(note).to_have_attribute("role", "status")
    await expect(page.locator(".nc-duty .nc-error")).to_be_hidden()
    # going on duty again: the news has served
    await page.keyboard.press("Enter")
    await expect(page.locator("#nc-duty-stop")).to_be_visible(timeout=T)
    await expect(page.locator("#nc-duty-note")).to_be_hidden()
    await ctx.close()


async def test_after_a_reload_the_list_shows_each_chats_latest_message_first(
    browser: Any, live_server: Any
) -> None:
    """A reload in the middle of a shift: the rows show each chat's latest message and the
    list is in the order of the latest activity, as before the reload (not the first
    message of each chat, all "just now")."""
    ctx, page = await staff_page(browser, live_server, "ola", "networker", "/console")
    await on_duty(page, capacity=3)
    first, second = await live_server.visitor(), await live_server.visitor()
    for visitor in (first, second):
        assert (await visitor.send("pierwsza wiadomość"))["ok"]
        await take(page, visitor.conversation_id)
    a, b = first.conversation_id, second.conversation_id
    assert (await first.send("najnowsza od pierwszej osoby"))["ok"]
    await until_order(page, [a, b])
    row_a = page.locator(f'.nc-chatrow[data-chat="{a}"] .nc-chatrow__preview')
    await expect(row_a).to_have_text("najnowsza od pierwszej osoby", timeout=T)

    await page.reload()
    await expect(page.locator(OPEN_ROWS)).to_have_count(2, timeout=T)
    await expect(row_a).to_have_text("najnowsza od pierwszej osoby", timeout=T)
    await until_order(page, [a, b])
    await ctx.close()
