"""The widget and the duty console in a real browser (Debian's Chromium via Playwright).

The host forum runs on http://localhost:<port> and netreach on http://127.0.0.1:<port>, so the
widget is a cross-origin iframe exactly as on a real site.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import expect

from tests.helpers import TcpProxy

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"
T = 10_000  # ms, per expectation


async def open_widget(browser: Any, host_site: Any, server: Any) -> tuple[Any, Any, Any]:
    """A visitor context on the host page with the widget opened; returns (context, page, frame)."""
    host_site.widget_src = f"{server.url}/widget.js"
    ctx = await browser.new_context(viewport={"width": 1100, "height": 800})
    page = await ctx.new_page()
    await page.goto(host_site.page_url)
    launcher = page.get_by_role("button", name=re.compile(r"^(Czat|Chat):"))
    await launcher.click()
    frame = page.frame_locator("#netreach-frame")
    await expect(frame.locator("#nr-text")).to_be_visible(timeout=T)
    return ctx, page, frame


async def sign_in(page: Any, url: str, username: str, then: str) -> None:
    """Open `url` (a staff page or /login?next=…), sign in on the login form it leads to, and
    wait for the page whose URL matches the regular expression `then`."""
    await page.goto(url)
    await page.fill("#username", username)
    await page.fill("#password", PASSWORD)
    await page.click('form[action="/login"] button[type=submit]')
    await page.wait_for_url(re.compile(then))


async def networker_console(browser: Any, server: Any, username: str, name: str) -> tuple[Any, Any]:
    """A networker logs in through /login in their own browser context and goes on duty."""
    await server.create_staff(username, PASSWORD, name=name)
    ctx = await browser.new_context(viewport={"width": 1300, "height": 900})
    page = await ctx.new_page()
    await page.goto(f"{server.url}/login")
    await page.fill("#username", username)
    await page.fill("#password", PASSWORD)
    await page.click('form[action="/login"] button[type=submit]')
    await page.wait_for_url(re.compile(r"/console$"))
    await expect(page.locator("#nc-duty-start")).to_be_visible(timeout=T)
    await page.fill("#nc-capacity", "3")
    await page.uncheck("#nc-auto")  # take chats by hand in these tests
    await page.click("#nc-duty-start")
    await expect(page.locator("#nc-duty-stop")).to_be_visible(timeout=T)
    return ctx, page


class PausableProxy(TcpProxy):
    """A TCP proxy in front of the server whose network can go down (and refuse new
    connections) and come back: the visitor's phone losing its signal."""

    paused = False

    async def _handle(self, reader: Any, writer: Any) -> None:
        if self.paused:  # the network is down: refuse new connections too
            writer.transport.abort()
            return
        await super()._handle(reader, writer)


async def chat_through_proxy(
    browser: Any, host_site: Any, server: Any, proxy: PausableProxy
) -> tuple[Any, Any, Any]:
    """Networker Dana on duty (taking by hand); a visitor whose widget reaches the server through
    `proxy` has sent "pierwsza" and seen it acknowledged. Returns (Dana's client, the visitor's
    browser context, the widget frame)."""
    staff = await server.staff("dana", name="Dana")
    await staff.on_duty(capacity=2, auto_assign=False)
    ctx, _page, frame = await open_widget(browser, host_site, type("S", (), {"url": proxy.url})())
    await send_visitor(frame, "pierwsza")
    await expect(frame.locator(".nr-msg--own:not(.nr-msg--pending)")).to_have_count(1, timeout=T)
    return staff, ctx, frame


async def send_visitor(frame: Any, text: str) -> None:
    await frame.locator("#nr-text").fill(text)
    await frame.locator("#nr-text").press("Enter")


async def test_visitor_and_networker_chat_end_to_end(
    browser: Any, host_site: Any, live_server: Any
) -> None:
    staff_ctx, console = await networker_console(browser, live_server, "ania", "Ania")
    ctx, _page, frame = await open_widget(browser, host_site, live_server)

    await frame.locator("#nr-nick").fill("kuba")
    await send_visitor(frame, "Cześć, mam pytanie o imprezę")
    # acknowledged (no longer "sending…") and queued with a live position
    await expect(frame.locator(".nr-msg--own:not(.nr-msg--pending) .nr-msg__body")).to_have_text(
        "Cześć, mam pytanie o imprezę", timeout=T
    )
    await expect(frame.locator(".nr-status")).to_contain_text("1", timeout=T)
    await expect(frame.locator(".nr-status")).to_contain_text("kolejce", timeout=T)

    # the console shows the queue item, with the first message and nickname as text
    item = console.locator(".nc-qitem").first
    await expect(item).to_contain_text("Cześć, mam pytanie o imprezę", timeout=T)
    await expect(item).to_contain_text("kuba")
    await item.locator("button[data-take]").click()
    chat = console.locator(".nc-chat").first
    await expect(chat.locator(".nc-log")).to_contain_text("Cześć, mam pytanie o imprezę", timeout=T)
    await expect(frame.locator(".nr-status")).to_contain_text("Ania", timeout=T)

    # networker → visitor
    reply = chat.locator("textarea")
    await reply.fill("Cześć, tu Ania. Jasne, pytaj śmiało.")
    await reply.press("Enter")
    await expect(frame.locator(".nr-msg--staff .nr-msg__body").last).to_have_text(
        "Cześć, tu Ania. Jasne, pytaj śmiało.", timeout=T
    )
    await expect(frame.locator(".nr-msg--staff .nr-msg__name").last).to_have_text("Ania")

    # visitor → networker
    await send_visitor(frame, "Czy można łączyć alkohol z MDMA?")
    await expect(chat.locator(".nc-msg--visitor .nc-msg__body").last).to_have_text(
        "Czy można łączyć alkohol z MDMA?", timeout=T
    )

    # typing, both ways
    await reply.type("Odradzam, bo", delay=20)
    await expect(frame.locator(".nr-typing")).to_be_visible(timeout=T)
    await frame.locator("#nr-text").type("a dlaczego", delay=20)
    await expect(chat.locator(".nc-typing")).to_be_visible(timeout=T)
    await reply.press("Enter")
    await expect(frame.locator(".nr-msg--staff .nr-msg__body").last).to_have_text(
        "Odradzam, bo", timeout=T
    )

    # the networker closes with an outcome and topics; the visitor sees the chat ended
    await chat.locator("details.nc-close summary").click()
    await chat.locator("select").select_option("information_given")
    await chat.locator("input[type=checkbox][value=addiction]").check()
    await chat.locator("details.nc-close .nc-btn--danger").click()
    await expect(chat.locator(".nc-chat__status")).to_be_visible(timeout=T)
    await expect(frame.locator(".nr-status")).to_contain_text("zakończ", timeout=T)
    await expect(
        frame.get_by_role("button", name=re.compile("Nowa rozmowa|Zacznij nową", re.I))
    ).to_be_visible(timeout=T)
    await expect(frame.locator("#nr-text")).to_be_hidden()
    await ctx.close()
    await staff_ctx.close()


VISITOR_PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=1;alert(1)">',
    "<svg onload=window.__xss=1>",
    "javascript:window.__xss=1",
    '"><iframe src="javascript:window.top.__xss=1"></iframe>',
    '<a href="javascript:window.__xss=1">klik</a> {{7*7}} ${alert(1)}',
]
STAFF_PAYLOADS = [
    '<img src=x onerror="window.__xss=1">',
    "<script>parent.__xss=1</script><b onmouseover=alert(1)>x</b>",
    "';alert(1);//<body onload=window.__xss=1>",
]


async def test_xss_payloads_are_shown_as_text_everywhere(
    browser: Any, host_site: Any, live_server: Any
) -> None:
    staff_ctx, console = await networker_console(browser, live_server, "bartek", "Bartek")
    ctx, page, frame = await open_widget(browser, host_site, live_server)
    dialogs: list[str] = []

    async def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        await dialog.dismiss()

    for p in (page, console):
        p.on("dialog", on_dialog)

    await frame.locator("#nr-nick").fill('<img src=x onerror="window.__xss=1">')
    for text in VISITOR_PAYLOADS:
        await send_visitor(frame, text)
    await expect(frame.locator(".nr-msg--own:not(.nr-msg--pending)")).to_have_count(
        len(VISITOR_PAYLOADS), timeout=T
    )

    item = console.locator(".nc-qitem").first
    await expect(item.locator(".nc-qitem__first")).to_have_text(VISITOR_PAYLOADS[0], timeout=2 * T)
    await expect(item.locator(".nc-qitem__who")).to_have_text(
        '<img src=x onerror="window.__xss=1">'
    )
    await item.locator("button[data-take]").click()
    chat = console.locator(".nc-chat").first
    await expect(chat.locator(".nc-msg--visitor")).to_have_count(len(VISITOR_PAYLOADS), timeout=T)
    bodies = await chat.locator(".nc-msg--visitor .nc-msg__body").all_inner_texts()
    assert bodies == VISITOR_PAYLOADS

    reply = chat.locator("textarea")
    for text in STAFF_PAYLOADS:
        await reply.fill(text)
        await reply.press("Enter")
    await expect(frame.locator(".nr-msg--staff")).to_have_count(len(STAFF_PAYLOADS), timeout=T)
    assert await frame.locator(".nr-msg--staff .nr-msg__body").all_inner_texts() == STAFF_PAYLOADS
    assert await frame.locator(".nr-msg--own .nr-msg__body").all_inner_texts() == VISITOR_PAYLOADS

    await page.wait_for_timeout(300)  # give any injected handler a chance to run
    frame_handle = page.frame(url=re.compile(r"/widget/frame"))
    assert frame_handle is not None
    for target in (page, console, frame_handle):
        assert await target.evaluate("typeof window.__xss") == "undefined"
        # nothing active made it into the DOM of the chat logs
        assert (
            await target.evaluate(
                "document.querySelectorAll('.nr-log script, .nr-log img, .nr-log svg, .nr-log iframe, .nr-log [onerror], .nr-log [onload],"
                " .nc-log script, .nc-log img, .nc-log svg, .nc-log iframe, .nc-log [onerror], .nc-log [onload], .nc-log b').length"
            )
            == 0
        )
        assert (
            await target.evaluate("document.querySelectorAll('a[href^=\"javascript\" i]').length")
            == 0
        )
    assert len(page.frames) == 2  # the host page and the chat frame, no injected iframes
    assert dialogs == []
    await ctx.close()
    await staff_ctx.close()


READ_TOKEN = """() => {
  try { return JSON.parse(sessionStorage.getItem('netreach.token')); } catch (e) { return 'blocked'; }
}"""


async def test_quick_exit_replaces_page_and_forgets_the_chat(
    browser: Any, host_site: Any, server_factory: Any
) -> None:
    server = await server_factory(exit_url=host_site.neutral_url)
    host_site.widget_src = f"{server.url}/widget.js"
    ctx = await browser.new_context()
    page = await ctx.new_page()
    to_netreach: list[str] = []
    page.on(
        "request", lambda r: to_netreach.append(r.url) if r.url.startswith(server.url) else None
    )

    await page.goto(host_site.before_url)
    await page.goto(host_site.page_url)
    await page.wait_for_load_state("networkidle")
    # before the launcher is clicked: only the loader script, no cookie, no frame, no socket
    assert [u.split("?")[0] for u in to_netreach] == [f"{server.url}/widget.js"]
    assert await ctx.cookies(server.url) == []
    assert await page.locator("iframe").count() == 0
    assert await page.evaluate("sessionStorage.length + localStorage.length") == 0
    launcher = page.get_by_role("button", name=re.compile(r"^(Czat|Chat):"))
    await expect(launcher).to_have_attribute("aria-expanded", "false")

    await launcher.click()
    frame = page.frame_locator("#netreach-frame")
    await send_visitor(frame, "proszę o pomoc")
    await expect(frame.locator(".nr-msg--own:not(.nr-msg--pending)")).to_have_count(1, timeout=T)
    frame_handle = page.frame(url=re.compile(r"/widget/frame"))
    token = await frame_handle.evaluate(READ_TOKEN)
    # A browser that blocks third-party storage gives the frame none: it keeps the chat in memory.
    embedded_storage = token != "blocked"
    if embedded_storage:
        assert token
        assert len(token) >= 43

    await frame.get_by_role("button", name=re.compile("Szybkie wyjście", re.I)).click()
    await page.wait_for_url(host_site.neutral_url, timeout=T)
    assert await page.locator("h1").inner_text() == "Weather today"
    # the host page was replaced, not left in the history
    await page.go_back()
    await page.wait_for_load_state()
    assert page.url == host_site.before_url

    # the chat is forgotten: a new frame in the same tab starts with a fresh token and no messages
    await page.goto(host_site.page_url)
    await page.get_by_role("button", name=re.compile(r"^(Czat|Chat):")).click()
    frame = page.frame_locator("#netreach-frame")
    await expect(frame.locator(".nr-welcome")).to_be_visible(timeout=T)
    await expect(frame.locator(".nr-msg")).to_have_count(0)
    frame_handle = page.frame(url=re.compile(r"/widget/frame"))
    if embedded_storage:
        new_token = await frame_handle.evaluate(READ_TOKEN)
        assert new_token
        assert new_token != token

    # the conversation was closed on the server by the quick exit
    staff = await server.staff("celina")
    sync = await staff.call("console.sync", {})
    assert sync["ok"]
    assert sync["queue"]["total"] == 0

    # Esc three times with the focus on the host page (chat open) is a quick exit too
    await page.locator("h1").click()
    for _ in range(3):
        await page.keyboard.press("Escape")
    await page.wait_for_url(host_site.neutral_url, timeout=T)

    # The plain /chat page (first-party storage): quick exit by Esc pressed three times clears
    # the token and the outbox from sessionStorage and replaces the page.
    await page.goto(f"{server.url}/chat?lang=en")
    await page.fill("#nr-text", "hello from the chat link")
    await page.press("#nr-text", "Enter")
    await expect(page.locator(".nr-msg--own:not(.nr-msg--pending)")).to_have_count(1, timeout=T)
    chat_token = await page.evaluate(READ_TOKEN)
    assert chat_token
    assert len(chat_token) >= 43
    await page.locator("#nr-text").fill("unsent draft")
    for _ in range(3):
        await page.keyboard.press("Escape")
    await page.wait_for_url(host_site.neutral_url, timeout=T)
    await page.go_back()
    await page.wait_for_load_state()
    assert not page.url.startswith(f"{server.url}/chat")
    await page.goto(f"{server.url}/chat?lang=en")  # same tab, same origin: same sessionStorage
    await expect(page.locator(".nr-welcome")).to_be_visible(timeout=T)
    await expect(page.locator(".nr-msg")).to_have_count(0)
    assert await page.evaluate(READ_TOKEN) != chat_token
    assert await page.evaluate("sessionStorage.getItem('netreach.outbox')") in (None, "[]")
    await ctx.close()


async def test_language_switch_rerenders_the_widget(
    browser: Any, host_site: Any, live_server: Any
) -> None:
    ctx, _page, frame = await open_widget(browser, host_site, live_server)
    exit_button = frame.locator(".nr-exit")
    await expect(exit_button).to_have_text("Szybkie wyjście", timeout=T)
    await expect(frame.locator(".nr-title")).to_have_text("Anonimowy czat")
    await expect(frame.locator("html")).to_have_attribute("lang", "pl")

    await frame.locator('.nr-lang__btn[data-lang="en"]').click()
    await expect(exit_button).to_have_text("Quick exit")
    await expect(frame.locator(".nr-title")).to_have_text("Anonymous chat")
    await expect(frame.locator(".nr-send")).to_have_text("Send")
    await expect(frame.locator(".nr-safety__call")).to_have_text("Call 112")
    await expect(frame.locator("html")).to_have_attribute("lang", "en")
    await expect(frame.locator('.nr-lang__btn[data-lang="en"]')).to_have_attribute(
        "aria-pressed", "true"
    )

    # a message and its status line follow the switch too
    await send_visitor(frame, "hello")
    await expect(frame.locator(".nr-msg--own .nr-msg__name")).to_have_text("You", timeout=T)
    await frame.locator('.nr-lang__btn[data-lang="pl"]').click()
    await expect(exit_button).to_have_text("Szybkie wyjście")
    await expect(frame.locator(".nr-msg--own .nr-msg__name")).to_have_text("Ty")
    await expect(frame.locator(".nr-status")).to_contain_text("kolejce")
    await ctx.close()


async def test_messages_written_offline_are_delivered_once_after_reconnect(
    browser: Any, host_site: Any, live_server: Any
) -> None:
    proxy = await PausableProxy(int(live_server.url.rsplit(":", 1)[1])).start()
    try:
        staff, ctx, frame = await chat_through_proxy(browser, host_site, live_server, proxy)
        taken = await staff.call("queue.take", {})
        assert taken["ok"], taken
        cid = taken["conversation"]["id"]
        assert (await staff.join(cid))["ok"]
        await expect(frame.locator(".nr-status")).to_contain_text("Dana", timeout=T)

        proxy.paused = True
        proxy.cut()
        await expect(frame.locator(".nr-conn")).to_be_visible(timeout=T)
        await send_visitor(frame, "druga")
        await send_visitor(frame, "trzecia")
        await expect(frame.locator(".nr-msg--pending")).to_have_count(2)
        assert (await staff.send(cid, "jestem tu, czekam"))[
            "ok"
        ]  # stored while the visitor is away

        proxy.paused = False
        await expect(frame.locator(".nr-msg--pending")).to_have_count(0, timeout=15_000)
        await expect(frame.locator(".nr-conn")).to_be_hidden()
        await expect(frame.locator(".nr-msg--staff .nr-msg__body")).to_have_text(
            ["jestem tu, czekam"], timeout=T
        )
        await staff.join(cid)
        texts = [m["text"] for _, m in sorted(staff.messages[cid].items())]
        assert texts == ["pierwsza", "jestem tu, czekam", "druga", "trzecia"]
        assert await frame.locator(".nr-msg--own .nr-msg__body").all_inner_texts() == [
            "pierwsza",
            "druga",
            "trzecia",
        ]
        await ctx.close()
    finally:
        await proxy.close()


async def test_a_lost_message_is_fetched_when_the_next_one_shows_a_gap(
    browser: Any, host_site: Any, live_server: Any
) -> None:
    """A message.new that never arrived (a dropped pub/sub delivery) is noticed from the gap in
    seq the next one leaves, and fetched: within 5 s the visitor holds all three, in order."""
    from server.actions.messages import append_message
    from server.db.models import Conversation

    ania = await live_server.staff("ania")
    await ania.on_duty(capacity=1)
    ctx, _page, frame = await open_widget(browser, host_site, live_server)
    await send_visitor(frame, "hej")
    await expect(frame.locator(".nr-msg--own:not(.nr-msg--pending)")).to_have_count(1, timeout=T)
    cid = (await ania.call("queue.take", {}))["conversation"]["id"]
    ania_id = (await ania.call("console.sync"))["me"]["id"]
    await ania.send(cid, "pierwsza")
    staff_msgs = frame.locator(".nr-msg--staff .nr-msg__body")
    await expect(staff_msgs).to_have_text(["pierwsza"], timeout=T)
    # stored, acknowledged to nobody and never published: as if its delivery was lost
    async with live_server.svc.db.write() as s:
        conv = await s.get(Conversation, cid)
        await append_message(
            s, conv, "staff", ania_id, "lost00001", "zgubiona", live_server.svc.clock.now()
        )
    await ania.send(cid, "trzecia")
    await expect(staff_msgs).to_have_text(["pierwsza", "zgubiona", "trzecia"], timeout=5_000)
    await ctx.close()


async def test_a_reply_typed_offline_after_the_chat_ended_is_offered_as_a_new_chat(
    browser: Any, host_site: Any, live_server: Any
) -> None:
    """The visitor types while offline; meanwhile the networker ends the chat. Back online the
    widget shows that the chat ended, keeps the old transcript, starts nothing by itself, and
    offers to send the text in a new chat — which then works."""
    proxy = await PausableProxy(int(live_server.url.rsplit(":", 1)[1])).start()
    try:
        staff, ctx, frame = await chat_through_proxy(browser, host_site, live_server, proxy)
        cid = (await staff.call("queue.take", {}))["conversation"]["id"]
        await expect(frame.locator(".nr-status")).to_contain_text("Dana", timeout=T)

        proxy.paused = True
        proxy.cut()
        await expect(frame.locator(".nr-conn")).to_be_visible(timeout=T)
        await send_visitor(frame, "jeszcze jedno pytanie")
        await expect(frame.locator(".nr-msg--pending")).to_have_count(1)
        closed = await staff.call(
            "conversation.close", {"conversation_id": cid, "outcome": "helped", "topics": []}
        )
        assert closed["ok"], closed

        proxy.paused = False
        offer = frame.locator(".nr-msg--failed button")
        await expect(offer).to_be_visible(timeout=15_000)
        # the old transcript stays, and the chat is shown as ended
        await expect(frame.locator(".nr-msg--own:not(.nr-msg--failed) .nr-msg__body")).to_have_text(
            ["pierwsza"]
        )
        await expect(frame.locator(".nr-status")).not_to_contain_text("Dana")
        async with live_server.svc.db.read() as s:
            from sqlalchemy import func, select

            from server.db.models import Conversation

            assert await s.scalar(select(func.count()).select_from(Conversation)) == 1
        await offer.click()
        await expect(
            frame.locator(".nr-msg--own:not(.nr-msg--pending) .nr-msg__body")
        ).to_have_text(["jeszcze jedno pytanie"], timeout=T)
        async with live_server.svc.db.read() as s:
            assert await s.scalar(select(func.count()).select_from(Conversation)) == 2
        await ctx.close()
    finally:
        await proxy.close()
