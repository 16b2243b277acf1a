"""The supervisor console and the networker console's crisis additions in a real browser
(Debian's Chromium via Playwright). Visitors are Socket.IO clients like the widget
(tests/helpers.py); the server state is checked in the database."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.async_api import expect
from sqlalchemy import select

from server.clock import FakeClock
from server.db.models import AuditLog, Escalation, Staff
from tests.browser.test_widget_browser import sign_in

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"
T = 10_000  # ms, per expectation
CRISIS_PL = "nie chce juz zyc, mam tabletki i zrobie to dzis"


async def staff_page(
    browser: Any, server: Any, username: str, role: str, path: str, language: str = "en"
) -> tuple[Any, Any]:
    """A staff member opens `path`, is sent to the login form and comes back to `path`."""
    await server.create_staff(
        username, PASSWORD, role=role, name=username.title(), language=language
    )
    ctx = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await ctx.new_page()
    await page.goto(f"{server.url}{path}")
    await page.wait_for_url(re.compile(r"/login\?next="))
    await page.fill("#username", username)
    await page.fill("#password", PASSWORD)
    await page.click('form[action="/login"] button[type=submit]')
    await page.wait_for_url(re.compile(re.escape(path) + "$"))
    return ctx, page


async def staff_id(server: Any, username: str) -> str:
    async with server.svc.db.read() as s:
        return str(
            (await s.execute(select(Staff.id).where(Staff.username == username))).scalar_one()
        )


async def test_supervisor_sees_a_new_escalation_and_acknowledges_it(
    browser: Any, live_server: Any
) -> None:
    ctx, page = await staff_page(browser, live_server, "marta", "supervisor", "/supervisor")
    await expect(page.locator(".nc-conn")).to_be_hidden(timeout=T)
    await expect(page.get_by_text("No open escalations.")).to_be_visible(timeout=T)

    visitor = await live_server.visitor()
    assert (await visitor.send(CRISIS_PL))["ok"]

    card = page.locator(".ns-esc").first
    await expect(card).to_be_visible(timeout=T)
    # the reason: severity, category, matched words, the message itself
    await expect(card.locator(".nc-risk--imminent")).to_have_text("Imminent danger")
    await expect(card).to_contain_text("Suicide or self-harm")
    await expect(card.locator(".ns-phrase", has_text="tabletki")).to_be_visible()
    await expect(card.locator(".ns-excerpt")).to_have_text(CRISIS_PL)
    await expect(card).to_have_attribute("data-status", "raised")
    await expect(card).to_contain_text("No networker yet")
    await expect(card.locator(".ns-esc__badges")).to_have_text(
        "Imminent danger"
    )  # no stray "null" text
    # impossible to miss: an assertive announcement, a banner
    await expect(page.locator("#ns-announce")).to_contain_text("New crisis escalation", timeout=T)
    await expect(page.locator("#ns-banner")).to_be_visible()
    # the queue shows the visitor as urgent; the timer runs
    await expect(page.locator("#ns-queue .nc-badge--urgent")).to_be_visible(timeout=T)
    first = await card.locator(".ns-timer").inner_text()
    await expect(card.locator(".ns-timer")).not_to_have_text(first, timeout=4000)

    await card.locator('[data-action="ack"]').click()
    await expect(card).to_have_attribute("data-status", "acknowledged", timeout=T)
    await expect(card.locator(".ns-badge--ack")).to_have_text("Acknowledged")
    await expect(card.locator('[data-action="ack"]')).to_be_hidden()
    await expect(card).to_contain_text("Acknowledged by Marta")

    marta = await staff_id(live_server, "marta")
    async with live_server.svc.db.read() as s:
        esc = (await s.execute(select(Escalation))).scalar_one()
        assert esc.status == "acknowledged"
        assert esc.acknowledged_by == marta
        assert esc.acknowledged_at is not None
        audit = (
            await s.execute(select(AuditLog).where(AuditLog.action == "escalation.acknowledge"))
        ).scalar_one()
        assert audit.actor_id == marta
        assert audit.subject == esc.id
    await ctx.close()


async def test_supervisor_watches_joins_writes_and_resolves(browser: Any, live_server: Any) -> None:
    ania = await live_server.staff("ania", name="Ania")
    await ania.on_duty(capacity=2)
    visitor = await live_server.visitor()
    assert (await visitor.send("czesc, mam pytanie"))["ok"]
    taken = await ania.call("queue.take", {})
    assert taken["ok"], taken
    cid = taken["conversation"]["id"]
    assert (await visitor.send(CRISIS_PL))["ok"]

    ctx, page = await staff_page(browser, live_server, "marta", "supervisor", "/supervisor")
    card = page.locator(".ns-esc").first
    await expect(card).to_contain_text("Networker: Ania", timeout=T)
    await expect(page.locator("#ns-team")).to_contain_text("Ania", timeout=T)

    # read-only first: the transcript, live
    await card.locator('[data-action="open"]').click()
    watch = page.locator(".ns-watch")
    await expect(watch.locator(".nc-log")).to_contain_text(CRISIS_PL, timeout=T)
    await expect(watch.locator(".nc-msg--risk-imminent")).to_be_visible()
    await expect(watch.locator(".nc-msg--system").first).to_contain_text("112")
    await expect(watch.locator("form.nc-composer")).to_be_hidden()
    assert (await ania.send(cid, "Jestem z Tobą. Czy jesteś teraz bezpieczna?"))["ok"]
    await expect(watch.locator(".nc-log")).to_contain_text(
        "Czy jesteś teraz bezpieczna?", timeout=T
    )

    # join, then write like a networker
    await page.click("#ns-watch-join")
    await expect(watch.locator("form.nc-composer")).to_be_visible(timeout=T)
    await page.fill("#ns-watch-text", "Tu Marta, superwizorka. Zostaję z Wami.")
    await page.press("#ns-watch-text", "Enter")
    got = await visitor.log.wait_for(
        "message.new", lambda m: m["sender"] == "staff" and "Marta" in m["text"]
    )
    assert got["sender_name"] == "Marta"
    await expect(watch.locator(".nc-msg--pending")).to_have_count(0, timeout=T)

    # resolve with an outcome and a note
    await card.locator(".ns-resolve summary").click()
    await card.locator('[data-field="outcome"]').select_option("safety_plan")
    await card.locator('[data-field="note"]').fill("Plan bezpieczeństwa ustalony, kontakt do CIK.")
    await card.locator('[data-action="resolve"]').click()
    await expect(page.locator(".ns-esc")).to_have_count(0, timeout=T)
    async with live_server.svc.db.read() as s:
        esc = (await s.execute(select(Escalation))).scalar_one()
        assert esc.status == "resolved"
        assert esc.outcome == "safety_plan"
        assert esc.note == "Plan bezpieczeństwa ustalony, kontakt do CIK."
    await page.click("#ns-watch-close")
    await expect(page.locator(".ns-watch")).to_have_count(0)
    await ctx.close()


async def test_networker_console_shows_risk_alert_escalate_and_reassignment(
    browser: Any, live_server: Any
) -> None:
    ctx, page = await staff_page(browser, live_server, "ola", "networker", "/console")
    await page.fill("#nc-capacity", "2")
    await page.uncheck("#nc-auto")
    await page.click("#nc-duty-start")
    await expect(page.locator("#nc-duty-stop")).to_be_visible(timeout=T)
    marta = await live_server.staff("marta", role="supervisor", name="Marta")
    bartek = await live_server.staff("bartek", name="Bartek")
    await bartek.on_duty(capacity=2)

    visitor = await live_server.visitor()
    assert (await visitor.send("hej, moge o cos zapytac?"))["ok"]
    await page.locator(".nc-qitem button[data-take]").first.click()
    chat = page.locator(".nc-chat").first
    await expect(chat.locator(".nc-log")).to_contain_text("moge o cos zapytac", timeout=T)

    # a crisis message: badge on the message and the chat, and an alert banner in the chat
    assert (await visitor.send(CRISIS_PL))["ok"]
    await expect(chat.locator(".nc-msg--risk-imminent")).to_contain_text(CRISIS_PL, timeout=T)
    await expect(chat.locator(".nc-chat__risk .nc-risk--imminent")).to_have_text("Imminent danger")
    alert = chat.locator(".nc-chat__alert")
    await expect(alert).to_contain_text("supervisors have been alerted", timeout=T)
    await expect(chat.locator(".nc-msg--system").first).to_contain_text("112")
    esc = await marta.log.wait_for("escalation.new")
    assert (await marta.call("escalation.ack", {"escalation_id": esc["id"]}))["ok"]
    await expect(alert).to_contain_text("Marta", timeout=T)

    # escalating by hand: a reason is required
    await chat.locator(".nc-escalate summary").click()
    await chat.locator(".nc-escalate button").click()
    await expect(chat.locator("[data-escalate-msg]")).to_have_text("Write a reason first.")
    await chat.locator(".nc-escalate input").fill("Mowi o tabletkach w szafce")
    await chat.locator(".nc-escalate button").click()
    await expect(chat.locator("[data-escalate-msg].nc-done")).to_be_visible(timeout=T)
    async with live_server.svc.db.read() as s:
        row = (await s.execute(select(Escalation))).scalar_one()
        assert row.reason == "Mowi o tabletkach w szafce"

    # a supervisor hands the chat to a colleague: read only, with a notice
    cid = esc["conversation_id"]
    moved = await marta.call(
        "supervisor.reassign",
        {"conversation_id": cid, "staff_id": await staff_id(live_server, "bartek")},
    )
    assert moved["ok"], moved
    await expect(chat.locator(".nc-chat__status")).to_contain_text("Bartek", timeout=T)
    await expect(chat).to_have_class(re.compile("nc-chat--readonly"))
    await expect(chat.locator("form.nc-composer")).to_be_hidden()
    await ctx.close()


async def test_the_language_switch_works_from_the_keyboard(browser: Any, live_server: Any) -> None:
    """The header's language buttons are a form (no script): focus one, press Enter, the same
    page comes back in that language, and the choice is stored with the account."""
    ctx, page = await staff_page(
        browser, live_server, "root", "admin", "/admin/staff?user=x", language="pl"
    )
    await expect(page.locator("html")).to_have_attribute("lang", "pl")
    english = page.get_by_role("button", name="English")
    await english.focus()
    await page.keyboard.press("Enter")
    await page.wait_for_url(re.compile(r"/admin/staff\?user=x$"))
    await expect(page.locator("html")).to_have_attribute("lang", "en")
    await expect(page.get_by_role("button", name="English")).to_have_attribute(
        "aria-current", "true"
    )
    await expect(page.get_by_role("link", name="Audit log")).to_be_visible()
    async with live_server.svc.db.read() as s:
        language = (
            await s.execute(select(Staff.language).where(Staff.username == "root"))
        ).scalar_one()
    assert language == "en"
    await ctx.close()


@pytest.mark.parametrize(
    ("username", "role", "path"),
    [("ania", "networker", "/console"), ("marta", "supervisor", "/supervisor")],
)
async def test_a_console_whose_session_ends_shows_signed_out_and_goes_to_login(
    browser: Any, live_server: Any, username: str, role: str, path: str
) -> None:
    """Deactivation ends the session: the console says so and opens the login page (coming
    back to the console afterwards) instead of trying to reconnect."""
    from server.actions.staff import do_set_active

    admin = await live_server.create_staff("root", PASSWORD, role="admin")
    ctx, page = await staff_page(browser, live_server, username, role, path)
    await expect(page.locator(".nc-conn")).to_be_hidden(timeout=T)
    await do_set_active(live_server.svc, admin["id"], username, False)
    banner = page.locator(".nc-conn")
    await expect(banner).to_contain_text("You have been signed out", timeout=T)
    await page.wait_for_url(re.compile(r"/login\?next=" + re.escape(path.replace("/", "%2F"))))
    # no console socket came back: the page left instead of retrying
    assert live_server.svc.local.staff == {}
    await ctx.close()


async def test_past_escalations_show_local_times_and_link_the_audited_transcript(
    browser: Any, live_server: Any
) -> None:
    """The history of escalations shows each time in the reader's time zone (here Warsaw; the
    UTC text stays only as a title and for readers without scripts), and each escalation links
    to its transcript, whose opening is audited."""
    visitor = await live_server.visitor()
    assert (await visitor.send(CRISIS_PL))["ok"]
    await live_server.create_staff(
        "marta", PASSWORD, role="supervisor", name="Marta", language="pl"
    )
    ctx = await browser.new_context(
        viewport={"width": 1400, "height": 1000}, timezone_id="Europe/Warsaw", locale="pl-PL"
    )
    page = await ctx.new_page()
    try:
        url = f"{live_server.url}/supervisor/escalations"
        await sign_in(page, url, "marta", r"/supervisor/escalations$")
        row = page.locator("#escalations tbody tr").first
        when = row.locator("time")
        iso = await when.get_attribute("datetime")
        assert iso is not None
        local = datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(
            ZoneInfo("Europe/Warsaw")
        )
        await expect(when).to_contain_text(local.strftime("%H:%M:%S"), timeout=T)
        await expect(when).to_contain_text(local.strftime("%d.%m.%Y"))
        assert "UTC" not in await when.inner_text()
        assert "UTC" in (await when.get_attribute("title") or "")
        assert "UTC" not in await page.locator("#escalations thead").inner_text()

        # the transcript of the escalation, one click away, audited
        link = row.get_by_role("link", name="Otwórz (zapisywane w dzienniku audytu)")
        await link.click()
        await page.wait_for_url(re.compile(r"/supervisor/conversations/c_"))
        await expect(page.locator("main")).to_contain_text(CRISIS_PL, timeout=T)
        opened = page.locator("main time").first
        await expect(opened).not_to_contain_text("UTC")
        async with live_server.svc.db.read() as s:
            entries = (
                (await s.execute(select(AuditLog).where(AuditLog.action == "transcript.open")))
                .scalars()
                .all()
            )
        assert [e.subject for e in entries] == [visitor.conversation_id]
    finally:
        await ctx.close()


async def test_open_buttons_of_anonymous_visitors_in_the_queue_have_distinct_names(
    browser: Any, live_server: Any
) -> None:
    """Issue 17: with several anonymous visitors waiting, a screen-reader user hears which
    chat each "Open the chat" button opens (its place in the queue), not the same label twice."""
    ctx, page = await staff_page(browser, live_server, "marta", "supervisor", "/supervisor")
    await expect(page.locator(".nc-conn")).to_be_hidden(timeout=T)
    for text in ("Hello, is anyone there?", "Where can I get tested?"):
        visitor = await live_server.visitor()
        assert (await visitor.send(text))["ok"]
    buttons = page.locator("#ns-queue .nc-qitem__foot button")
    await expect(buttons).to_have_count(2, timeout=T)
    names = [await b.get_attribute("aria-label") for b in await buttons.all()]
    assert names == [
        "Open the chat with Anonymous visitor, number 1 in the queue",
        "Open the chat with Anonymous visitor, number 2 in the queue",
    ], names
    await ctx.close()


NAMES = """() => [...document.querySelectorAll('main button, main a[href]')]
    .filter((el) => el.offsetParent !== null)
    .map((el) => (el.getAttribute('aria-label') || el.textContent || '').replace(/\\s+/g, ' ').trim())"""


async def test_buttons_and_links_of_lists_name_their_row(browser: Any, server_factory: Any) -> None:
    """A screen reader's list of buttons and links on the canned replies page and the review of
    past conversations: each names its reply or conversation ("Save: Anonymity…", "Open
    (audited): <when>") instead of the same words a dozen times."""
    clock = FakeClock()
    live_server = await server_factory(clock)
    for _ in range(3):
        visitor = await live_server.visitor()
        assert (await visitor.send("dzień dobry"))["ok"]
        clock.advance(2)
    ctx, page = await staff_page(browser, live_server, "marta", "supervisor", "/supervisor/canned")
    try:
        for path in ("/supervisor/canned", "/supervisor/conversations"):
            await page.goto(f"{live_server.url}{path}")
            names = await page.evaluate(NAMES)
            assert len(names) > 3, (path, names)
            repeated = sorted({n for n in names if names.count(n) > 1})
            assert repeated == [], (path, repeated)
    finally:
        await ctx.close()
