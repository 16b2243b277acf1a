"""The staff pages' tables on a 390 px phone, and axe-core's moderate findings on the duty
console and the widget.

Every table of the staff pages (lexicon review, blocks, escalations, partner feeds, audit log,
past conversations, staff accounts, reports) is drawn by one macro (templates/_table.html): the
box it scrolls in sideways is a named region the keyboard reaches, so axe-core's
scrollable-region-focusable finds nothing, and a keyboard user can scroll it with the arrow
keys. The duty console and the supervisor console have an <h1> (page-has-heading-one); the
widget's emergency line and quick exit are a landmark of their own (region)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import expect

from server.actions import blocks
from server.actions.resources import feeds
from tests.browser.test_robustness_browser import AXE, widget_frame
from tests.browser.test_supervisor_browser import staff_id, staff_page
from tests.browser.test_widget_browser import open_widget
from tests.test_lexicon_review import false_alarm, missed

pytestmark = pytest.mark.browser

T = 10_000  # ms, per expectation
PHONE = {"width": 390, "height": 844}
# page, id of a table on it
TABLES = (
    ("/supervisor/lexicon-review", "lexicon-items"),
    ("/supervisor/blocks", "blocks"),
    ("/supervisor/escalations", "escalations"),
    ("/supervisor/escalations", "by-category"),
    ("/admin/feeds", "feeds"),
    ("/admin/audit", "audit"),
    ("/supervisor/conversations", "conversations"),
    ("/admin/staff", "staff"),
    ("/supervisor/reports", "table-outcomes"),
    ("/supervisor/reports", "heat-started"),
)


async def axe_findings(
    target: Any, impacts: tuple[str, ...], rules: tuple[str, ...] = ()
) -> list[str]:
    """axe-core violations of these impacts (only these rules, when given) on a page or frame,
    as "rule (impact): target" lines."""
    if not await target.evaluate("() => typeof window.axe !== 'undefined'"):
        await target.evaluate(AXE.read_text(encoding="utf-8"))
    found = await target.evaluate(
        """async ([impacts, rules]) => {
            const r = await axe.run(document, {resultTypes: ["violations"]});
            return r.violations
                .filter((v) => impacts.includes(v.impact) && (!rules.length || rules.includes(v.id)))
                .map((v) => `${v.id} (${v.impact}): ` + v.nodes.map((n) => n.target.join(" ")).join(", "));
        }""",
        [list(impacts), list(rules)],
    )
    return list(found)


async def test_every_staff_table_is_a_named_region_the_keyboard_reaches_on_a_phone(
    browser: Any, live_server: Any
) -> None:
    svc = live_server.svc
    ania = await live_server.staff("ania")
    await ania.on_duty(capacity=2)
    _, cid = await missed(live_server, ania)  # an escalation by hand, a lexicon review item
    marta = await live_server.staff("marta", role="supervisor")
    await false_alarm(live_server, marta)  # an escalation resolved as a false alarm
    await blocks.do_block_visitor(svc, await staff_id(live_server, "marta"), cid, "spam", 24)

    ctx, page = await staff_page(browser, live_server, "root", "admin", "/admin/staff")
    try:
        await feeds.do_add_feed(
            svc, await staff_id(live_server, "root"), "Partner", "https://partner.example/", "api"
        )
        await page.set_viewport_size(PHONE)
        done: set[str] = set()
        for path, table_id in TABLES:
            if path not in done:
                await page.goto(f"{live_server.url}{path}")
                assert await axe_findings(page, ("serious", "critical")) == [], path
                done.add(path)
            table = page.locator(f"table#{table_id}")
            await expect(table).to_have_count(1, timeout=T)
            box = page.locator(f".nc-table-wrap:has(> table#{table_id})")
            await expect(box).to_have_attribute("role", "region")
            await expect(box).to_have_attribute("tabindex", "0")
            name = await box.get_attribute("aria-label")
            assert name, (path, table_id)
            region = page.get_by_role("region", name=name, exact=True)
            await expect(region).to_have_count(1)
            # one header row, every title a column header
            await expect(table.locator("thead tr")).to_have_count(1)
            assert (
                await table.locator("thead th").count()
                == await table.locator("thead th[scope=col]").count()
            )
            await box.focus()
            await expect(box).to_be_focused()
            wide = await box.evaluate("(b) => b.scrollWidth > b.clientWidth + 1")
            if wide:  # the arrow keys scroll it sideways, the focus stays on it
                await page.keyboard.press("ArrowRight")
                await expect(box).to_be_focused()
                await page.wait_for_function(
                    "(id) => document.getElementById(id).parentElement.scrollLeft > 0",
                    arg=table_id,
                    timeout=T,
                )
        # the wide ones do not fit 390 px: the check above is not empty
        await page.goto(f"{live_server.url}/supervisor/escalations")
        wide_box = page.locator(".nc-table-wrap:has(> table#escalations)")
        assert await wide_box.evaluate("(b) => b.scrollWidth > b.clientWidth + 1")
    finally:
        await ctx.close()


async def test_the_consoles_have_a_main_heading_and_the_widget_has_nothing_outside_landmarks(
    browser: Any, live_server: Any, host_site: Any
) -> None:
    rules = ("page-has-heading-one", "region", "landmark-one-main")
    ctx, page = await staff_page(browser, live_server, "root", "admin", "/console")
    try:
        await expect(page.locator("#nc-duty-h")).to_be_visible(timeout=T)  # built by console.js
        await expect(page.get_by_role("heading", level=1)).to_have_text("Duty console")
        assert await axe_findings(page, ("moderate", "serious", "critical"), rules) == []
        await page.goto(f"{live_server.url}/supervisor")
        await expect(page.locator("#ns-esc-h")).to_be_visible(timeout=T)
        await expect(page.get_by_role("heading", level=1)).to_have_text("Supervisor console")
        assert await axe_findings(page, ("moderate", "serious", "critical"), rules) == []
        await page.goto(f"{live_server.url}/console/resources")
        # the library's menu has the one "New entry" link of the page
        await expect(page.get_by_role("link", name="New entry", exact=True)).to_have_count(1)
    finally:
        await ctx.close()

    wctx, wpage, frame_loc = await open_widget(browser, host_site, live_server)
    try:
        frame = widget_frame(wpage)
        safety = frame_loc.get_by_role("complementary", name="Grozi Ci niebezpieczeństwo?")
        await expect(safety).to_contain_text("112")
        await expect(safety.get_by_role("button").first).to_be_visible()
        assert await axe_findings(frame, ("moderate", "serious", "critical"), rules) == []
        chat = await wctx.new_page()
        await chat.goto(f"{live_server.url}/chat?lang=en")
        await expect(chat.get_by_role("complementary", name="In danger now?")).to_be_visible(
            timeout=T
        )
        assert await axe_findings(chat, ("moderate", "serious", "critical"), rules) == []
    finally:
        await wctx.close()
