"""The widget on hostile host pages, text of every direction, the language fallback, the phone
layout and accessibility (axe-core) of every page and widget state (issue 17, items 5–8).

The host forum runs on http://localhost:<port> and netreach on http://127.0.0.1:<port>, so the
widget is a cross-origin iframe exactly as on a real site.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from playwright.async_api import expect

from server.actions import resources as res
from tests.browser.test_widget_browser import networker_console, open_widget, send_visitor
from tests.conftest import free_port
from tests.resources.conftest import entry

pytestmark = pytest.mark.browser

T = 10_000  # ms, per expectation
AXE = Path(__file__).resolve().parents[2] / "widget" / "node_modules" / "axe-core" / "axe.min.js"
RLO = "\u202e"


async def axe_violations(target: Any) -> list[str]:
    """Serious and critical axe-core violations on a page or frame, as "rule: target" lines."""
    assert AXE.exists(), "axe-core is missing: cd widget && npm ci"
    if not await target.evaluate("() => typeof window.axe !== 'undefined'"):
        await target.evaluate(AXE.read_text(encoding="utf-8"))
    found = await target.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ["violations"]});
            return r.violations
                .filter((v) => v.impact === "serious" || v.impact === "critical")
                .map((v) => v.id + ": " + v.nodes.map((n) => n.target.join(" ")).join(", "));
        }"""
    )
    return list(found)


def widget_frame(page: Any) -> Any:
    """The widget's iframe as a Frame (for evaluate), not a FrameLocator."""
    for frame in page.frames:
        if "/widget/frame" in frame.url:
            return frame
    raise AssertionError(f"no widget frame among {[f.url for f in page.frames]}")


HOSTILE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Hostile forum</title>
<style>
  body { transform: translateZ(0); filter: saturate(1); margin: 0; }
  iframe { height: 250px !important; width: 120px !important; position: static !important; }
  button { display: none !important; background: red !important; }
  * { box-sizing: content-box !important; }
</style></head>
<body><h1>A very long thread</h1>
<div style="height: 5000px">posts…</div>
<script src="{src}" data-lang="en" async></script>
</body></html>"""


@pytest.fixture
async def hostile_site() -> Any:
    port = free_port()
    info: dict[str, str] = {"origin": f"http://localhost:{port}", "src": ""}

    async def page(request: web.Request) -> web.Response:
        return web.Response(text=HOSTILE.replace("{src}", info["src"]), content_type="text/html")

    app = web.Application()
    app.router.add_get("/thread", page)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "localhost", port).start()
    try:
        yield info
    finally:
        await runner.cleanup()


async def test_launcher_and_frame_stay_fixed_to_the_viewport_on_a_hostile_host_page(
    browser: Any, hostile_site: dict[str, str], live_server: Any
) -> None:
    hostile_site["src"] = f"{live_server.url}/widget.js"
    ctx = await browser.new_context(viewport={"width": 1100, "height": 800})
    try:
        page = await ctx.new_page()
        await page.goto(f"{hostile_site['origin']}/thread")
        launcher = page.get_by_role("button", name=re.compile(r"^(Czat|Chat):"))
        await expect(launcher).to_be_visible(timeout=T)
        box = await launcher.bounding_box()
        assert box is not None
        # in the bottom-right corner of the viewport, not at the end of the 5,000 px body
        assert 800 - 100 < box["y"] + box["height"] <= 800, box
        assert box["x"] + box["width"] <= 1100, box
        assert box["x"] > 1100 - 300, box
        await launcher.click()
        frame_el = page.locator("#netreach-frame")
        await expect(frame_el).to_be_visible(timeout=T)
        fbox = await frame_el.bounding_box()
        assert fbox is not None
        # the host's `iframe { height: 250px !important }` does not reshape the chat
        assert fbox["height"] > 400, fbox
        assert fbox["width"] >= 370, fbox
        assert fbox["y"] >= 0, fbox
        assert fbox["y"] + fbox["height"] <= 800, fbox
        frame = page.frame_locator("#netreach-frame")
        await expect(frame.locator("#nr-text")).to_be_visible(timeout=T)
        # scrolled far down the page, both stay where they were
        await page.mouse.wheel(0, 3000)
        await page.evaluate("() => window.scrollTo(0, 3000)")
        again = await frame_el.bounding_box()
        assert again is not None
        assert abs(again["y"] - fbox["y"]) < 2, (fbox, again)
    finally:
        await ctx.close()


async def test_right_to_left_text_and_reordering_characters(
    browser: Any, host_site: Any, live_server: Any
) -> None:
    staff_ctx, console = await networker_console(browser, live_server, "ania", "Ania")
    ctx, _page, frame = await open_widget(browser, host_site, live_server)
    try:
        arabic = "مرحبا، أحتاج إلى مساعدة"
        await send_visitor(frame, arabic)
        await send_visitor(frame, f"see the file {RLO}fdp.exe please")
        bodies = frame.locator(".nr-msg--own:not(.nr-msg--pending) .nr-msg__body")
        await expect(bodies).to_have_count(2, timeout=T)
        first, second = bodies.nth(0), bodies.nth(1)
        await expect(first).to_have_attribute("dir", "auto")
        # the browser resolves dir=auto from the letters: Arabic is right-to-left
        assert await first.evaluate("el => getComputedStyle(el).direction") == "rtl"
        assert await second.evaluate("el => getComputedStyle(el).direction") == "ltr"
        # the override character is not drawn: the name reads as written
        text = await second.text_content()
        assert text is not None
        assert RLO not in text
        assert "fdp.exe" in text

        item = console.locator(".nc-qitem").first
        await expect(item).to_contain_text("مرحبا", timeout=T)
        await expect(item.locator(".nc-qitem__first")).to_have_attribute("dir", "auto")
        await item.locator("button[data-take]").click()
        log = console.locator(".nc-chat .nc-log").first
        await expect(log).to_contain_text("fdp.exe", timeout=T)
        staff_text = await log.text_content()
        assert staff_text is not None
        assert RLO not in staff_text
        staff_bodies = console.locator(".nc-chat .nc-msg__body")
        await expect(staff_bodies.first).to_have_attribute("dir", "auto")
    finally:
        await ctx.close()
        await staff_ctx.close()


@pytest.mark.parametrize("locale", ["cs-CZ", "de-DE"])
async def test_an_unknown_browser_language_gets_the_configured_default_everywhere(
    browser: Any, host_site: Any, live_server: Any, locale: str
) -> None:
    default = live_server.settings.default_lang
    host_site.widget_src = f"{live_server.url}/widget.js"
    host_site.lang = ""  # the host page does not choose: the browser's language decides
    ctx = await browser.new_context(locale=locale, viewport={"width": 1100, "height": 800})
    try:
        page = await ctx.new_page()
        await page.goto(host_site.page_url)
        await page.locator("netreach-widget button").click()
        await expect(page.frame_locator("#netreach-frame").locator("#nr-text")).to_be_visible(
            timeout=T
        )
        frame = widget_frame(page)
        assert await frame.evaluate("() => document.documentElement.lang") == default
        chat = await ctx.new_page()
        await chat.goto(f"{live_server.url}/chat")
        await expect(chat.locator("#nr-text")).to_be_visible(timeout=T)
        assert await chat.evaluate("() => document.documentElement.lang") == default
    finally:
        await ctx.close()


async def test_the_widget_opens_at_its_top_with_the_off_duty_heading_in_view(
    browser: Any, host_site: Any, live_server: Any
) -> None:
    ctx, _page, frame = await open_widget(browser, host_site, live_server)
    try:
        heading = frame.locator(".nr-offduty__title")
        await expect(heading).to_be_visible(timeout=T)
        await expect(heading).to_be_in_viewport()
    finally:
        await ctx.close()


async def test_start_a_new_chat_is_readable(browser: Any, host_site: Any, live_server: Any) -> None:
    ctx, page, frame_loc = await open_widget(browser, host_site, live_server)
    try:
        await send_visitor(frame_loc, "hej")
        await expect(frame_loc.locator(".nr-msg--own:not(.nr-msg--pending)")).to_have_count(
            1, timeout=T
        )
        frame = widget_frame(page)
        await frame_loc.get_by_role("button", name="Zakończ rozmowę", exact=True).click()
        await frame_loc.get_by_role("button", name="Tak, zakończ rozmowę").click()
        new_chat = frame_loc.locator(".nr-actions .nr-btn--primary")
        await expect(new_chat).to_be_visible(timeout=T)
        colors = await frame.evaluate(
            """() => { const s = getComputedStyle(document.querySelector('.nr-actions .nr-btn--primary'));
                       return [s.color, s.backgroundColor]; }"""
        )
        assert colors[0] != colors[1], colors
        assert colors[1] not in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), colors
    finally:
        await ctx.close()


async def test_a_phone_with_the_keyboard_up_keeps_half_the_screen_for_the_conversation(
    browser: Any, live_server: Any
) -> None:
    ctx = await browser.new_context(
        viewport={"width": 360, "height": 420}, is_mobile=True, has_touch=True
    )
    try:
        page = await ctx.new_page()
        await page.goto(f"{live_server.url}/chat?lang=pl")
        await expect(page.locator("#nr-text")).to_be_visible(timeout=T)
        await page.locator("#nr-text").fill("dzień dobry")
        await page.locator("#nr-text").press("Enter")
        await expect(page.locator(".nr-msg--own:not(.nr-msg--pending)")).to_have_count(1, timeout=T)
        height = await page.evaluate("() => document.querySelector('.nr-main').clientHeight")
        assert height >= 210, f"only {height} px of 420 for the conversation"
        # the message list can be reached by keyboard to scroll back
        focusable = await page.evaluate("() => document.querySelector('.nr-main').tabIndex >= 0")
        assert focusable
    finally:
        await ctx.close()


async def test_no_serious_accessibility_violations_in_any_widget_state_or_page(
    browser: Any, host_site: Any, live_server: Any
) -> None:
    """axe-core (WCAG 2 A/AA rules) on the widget when it opens (nobody on duty), queued, in a
    chat, after the chat ended; on /chat; on the duty console with a chat open; and on the
    supervisor page."""
    ctx, page, frame_loc = await open_widget(browser, host_site, live_server)
    staff_ctx = None
    try:
        frame = widget_frame(page)
        assert await axe_violations(frame) == [], "widget, off duty"
        staff_ctx, console = await networker_console(browser, live_server, "ania", "Ania")
        await send_visitor(frame_loc, "potrzebuję porady")
        await expect(frame_loc.locator(".nr-status")).to_contain_text("1", timeout=T)
        assert await axe_violations(frame) == [], "widget, queued"
        await console.locator(".nc-qitem button[data-take]").first.click()
        await expect(frame_loc.locator(".nr-status")).to_contain_text("Ania", timeout=T)
        reply = console.locator(".nc-chat textarea").first
        await reply.fill("Cześć, tu Ania.")
        await reply.press("Enter")
        await expect(frame_loc.locator(".nr-msg--staff")).to_have_count(1, timeout=T)
        assert await axe_violations(frame) == [], "widget, in a chat"
        assert await axe_violations(console) == [], "duty console with a chat"
        await frame_loc.get_by_role("button", name="Zakończ rozmowę", exact=True).click()
        await frame_loc.get_by_role("button", name="Tak, zakończ rozmowę").click()
        await expect(frame_loc.locator(".nr-actions .nr-btn--primary")).to_be_visible(timeout=T)
        assert await axe_violations(frame) == [], "widget, chat ended"

        chat = await ctx.new_page()
        await chat.goto(f"{live_server.url}/chat?lang=en")
        await expect(chat.locator("#nr-text")).to_be_visible(timeout=T)
        assert await axe_violations(chat) == [], "/chat"

        await live_server.create_staff("marta", "correct horse battery", role="supervisor")
        sup = await staff_ctx.new_page()
        await sup.context.clear_cookies()
        await sup.goto(f"{live_server.url}/login")
        await sup.fill("#username", "marta")
        await sup.fill("#password", "correct horse battery")
        await sup.click('form[action="/login"] button[type=submit]')
        await sup.goto(f"{live_server.url}/supervisor")
        await expect(sup.locator("#nc-app")).to_be_visible(timeout=T)
        assert await axe_violations(sup) == [], "supervisor page"
    finally:
        await ctx.close()
        if staff_ctx is not None:
            await staff_ctx.close()


async def test_a_public_library_page_has_a_quick_exit(browser: Any, live_server: Any) -> None:
    """A visitor who opened a library entry from the chat can leave it at once: the button
    replaces the page (it does not stay in the tab's history), and so does Esc three times."""
    svc = live_server.svc
    author = (await live_server.create_staff("author"))["id"]
    sup = (await live_server.create_staff("sup", role="supervisor"))["id"]
    r = await res.do_create_resource(svc, author, res.check_resource_input(entry()))
    await res.do_submit_resource(svc, author, r.id)
    await res.do_vet_resource(svc, sup, r.id)
    exit_url = live_server.settings.exit_url
    ctx = await browser.new_context()
    try:
        page = await ctx.new_page()
        # the exit site is not reachable here: stop at its request, as a browser would leave
        left: list[str] = []

        async def neutral(route: Any) -> None:
            left.append(route.request.url)
            await route.fulfill(status=200, content_type="text/html", body="<title>Neutral</title>")

        await page.route(exit_url.rstrip("/") + "**", neutral)
        await page.goto(f"{live_server.url}/chat")
        await page.goto(f"{live_server.url}/r/{r.id}?lang=pl")
        button = page.get_by_role("link", name="Szybkie wyjście")
        await expect(button).to_be_visible(timeout=T)
        await button.click()
        await page.wait_for_url(exit_url.rstrip("/") + "**", timeout=T)
        assert left
        await page.go_back()
        assert "/r/" not in page.url  # replaced, not pushed: back goes past the entry

        await page.goto(f"{live_server.url}/r/{r.id}?lang=en")
        await expect(page.get_by_role("link", name="Quick exit")).to_be_visible(timeout=T)
        for _ in range(3):
            await page.keyboard.press("Escape")
        await page.wait_for_url(exit_url.rstrip("/") + "**", timeout=T)
    finally:
        await ctx.close()


async def test_a_chat_that_ended_while_away_says_so_at_the_end_of_the_log(
    browser: Any, live_server: Any
) -> None:
    """A visitor who comes back (reload, or a resume code) to a chat the networker closed sees
    "the chat has ended" after the last message, not only in the status line above the log."""
    ania = await live_server.staff("ania", name="Ania")
    await ania.on_duty(capacity=2)
    ctx = await browser.new_context()
    try:
        page = await ctx.new_page()
        await page.goto(f"{live_server.url}/chat?lang=pl")
        await page.locator("#nr-text").fill("dzień dobry")
        await page.locator("#nr-text").press("Enter")
        await expect(page.locator(".nr-msg--own:not(.nr-msg--pending)")).to_have_count(1, timeout=T)
        cid = (await ania.call("queue.take", {}))["conversation"]["id"]
        await ania.join(cid)
        assert (await ania.send(cid, "Cześć, tu Ania."))["ok"]
        await expect(page.locator(".nr-msg--staff")).to_have_count(1, timeout=T)
        await page.context.set_offline(True)
        closed = await ania.call(
            "conversation.close", {"conversation_id": cid, "outcome": "helped", "topics": []}
        )
        assert closed["ok"], closed
        await page.context.set_offline(False)
        await page.reload()
        last = page.locator(".nr-log > li").last
        await expect(last).to_have_class(re.compile("nr-msg--notice"), timeout=T)
        await expect(last).to_contain_text("zako", ignore_case=True)
    finally:
        await ctx.close()


MAIN_HEIGHT = "() => document.querySelector('.nr-main').getBoundingClientRect().height"


@pytest.mark.parametrize("height", [640, 420])
@pytest.mark.parametrize("where", ["demo", "chat"])
async def test_a_phone_keeps_half_the_screen_for_the_conversation_in_every_state(
    browser: Any, live_server: Any, where: str, height: int
) -> None:
    """On a 360 px wide phone (640 px tall, or 420 with the keyboard up), embedded on /demo or
    on /chat, the conversation keeps at least half the viewport's height in every state of the
    widget: just opened (nobody on duty), waiting, chatting, ended."""
    ctx = await browser.new_context(
        viewport={"width": 360, "height": height}, is_mobile=True, has_touch=True, locale="pl-PL"
    )
    try:
        page = await ctx.new_page()
        if where == "demo":
            await page.goto(f"{live_server.url}/demo?lang=pl")
            await page.get_by_role("button", name=re.compile(r"^(Czat|Chat):")).click()
            await expect(page.frame_locator("#netreach-frame").locator("#nr-text")).to_be_visible(
                timeout=T
            )
            frame = widget_frame(page)
            box = await page.locator("#netreach-frame").bounding_box()
            assert box is not None
            assert box["height"] == height, box  # the whole screen
        else:
            await page.goto(f"{live_server.url}/chat?lang=pl")
            frame = page.main_frame
        loc = page.frame_locator("#netreach-frame") if where == "demo" else page

        async def check(state: str) -> None:
            main = await frame.evaluate(MAIN_HEIGHT)
            assert main >= height / 2, f"{where} {height}: {state}: only {main} px"

        await expect(loc.locator(".nr-offduty")).to_be_visible(timeout=T)
        await check("opened, nobody on duty")
        await loc.locator("#nr-text").fill("dzień dobry")
        await loc.locator("#nr-text").press("Enter")
        await expect(loc.locator(".nr-msg--own:not(.nr-msg--pending)")).to_have_count(1, timeout=T)
        await expect(loc.locator(".nr-case")).to_be_visible(timeout=T)
        await check("waiting for the next shift, offered a code")
        ania = await live_server.staff("ania", name="Ania")
        await ania.on_duty(capacity=1)
        cid = (await ania.call("queue.take", {}))["conversation"]["id"]
        assert (await ania.send(cid, "Cześć, tu Ania. Jak mogę pomóc?"))["ok"]
        await expect(loc.locator(".nr-msg--staff")).to_have_count(1, timeout=T)
        await check("chatting")
        await loc.locator("#nr-text").fill("A to dłuższa wiadomość,\nw dwóch liniach")
        await check("chatting, writing two lines")
        closed = await ania.call(
            "conversation.close", {"conversation_id": cid, "outcome": "helped", "topics": []}
        )
        assert closed["ok"], closed
        await expect(loc.locator(".nr-actions .nr-btn--primary")).to_be_visible(timeout=T)
        await check("ended, offered a new chat and a code")
    finally:
        await ctx.close()
