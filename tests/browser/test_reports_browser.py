"""The reports page in a real browser (Debian's Chromium via Playwright): the charts are drawn
(Chart.js from our own bundle, under the page's strict CSP), every chart has its table, the
hours of the week are shaded tables, the site filter works, and a CSV link downloads the
table with small counts hidden."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.test_supervisor_browser import staff_page

pytestmark = pytest.mark.browser

T = 10_000  # ms, per expectation
CHARTS = ("days", "outcomes", "topics", "escalations", "referrals", "sites", "hours")

# whether a canvas has any pixel drawn on it
DRAWN = """(c) => {
  const data = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
  return false;
}"""


async def test_report_page_draws_charts_beside_tables_and_downloads_csv(
    browser: Any, live_server: Any, tmp_path: Path
) -> None:
    ania = await live_server.staff("ania", name="Ania")
    await ania.on_duty()
    for site, outcome in (("forum.example", "helped"), ("other.example", "referred")):
        visitor = await live_server.visitor(site=site)
        assert (await visitor.send("Dzień dobry"))["ok"]
        taken = await ania.call("queue.take", {})
        assert taken["ok"], taken
        cid = taken["conversation"]["id"]
        assert (await ania.join(cid))["ok"]
        assert (await ania.send(cid, "Cześć"))["ok"]
        closed = await ania.call(
            "conversation.close", {"conversation_id": cid, "outcome": outcome, "topics": ["legal"]}
        )
        assert closed["ok"], closed

    ctx, page = await staff_page(browser, live_server, "marta", "supervisor", "/supervisor")
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    await page.click('a[href="/supervisor/reports"]')
    await page.wait_for_url("**/supervisor/reports")

    await expect(page.locator("h1")).to_have_text("Reports")
    await expect(page.locator("#stat-started")).to_have_text("2")
    await expect(page.locator("#stat-answered")).to_have_text("2")
    await expect(page.locator("#privacy-note")).to_contain_text("“< 5”")
    for key in CHARTS:
        canvas = page.locator(f"#chart-{key}")
        await expect(canvas).to_have_attribute("data-drawn", "true", timeout=T)
        await expect(canvas).to_have_attribute("role", "img")
        assert await canvas.evaluate(DRAWN), key
        box = await canvas.bounding_box()
        assert box is not None, key
        assert box["height"] > 100, (key, box)
        assert box["width"] > 200, (key, box)
        if key != "hours":  # the hours' figures are the two shaded tables
            await expect(page.locator(f"#table-{key}")).to_be_visible()
    outcomes = page.locator("#table-outcomes")
    await expect(outcomes.locator("tr", has_text="Helped").locator("td")).to_have_text("1")
    await expect(outcomes.locator("tr", has_text="Referred").locator("td")).to_have_text("1")
    await expect(page.locator("#table-sites tbody tr")).to_have_count(2)
    await expect(page.locator("#heat-started tbody tr")).to_have_count(7)
    await expect(page.locator("#heat-duty tbody tr")).to_have_count(7)
    await expect(page.locator("#heat-started td.nr-heat-5").first).to_be_visible()

    # the CSV link downloads the table as it is, with small counts hidden
    async with page.expect_download() as info:
        await page.click("#csv-outcomes")
    download = await info.value
    assert download.suggested_filename.startswith("netreach-outcomes-")
    saved = tmp_path / download.suggested_filename
    await download.save_as(saved)
    lines = saved.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "Outcome,Conversations"
    assert "Helped,< 5" in lines
    assert any(line.endswith(",0") for line in lines[1:])  # a zero is a zero

    # one site: the figures follow, the choice stays
    await page.select_option("#f-site", "other.example")
    await page.click('form.nc-filter button[type="submit"]')
    await page.wait_for_url("**site=other.example**")
    await expect(page.locator("#stat-started")).to_have_text("1")
    await expect(page.locator("#period")).to_contain_text("other.example")
    await expect(page.locator("#f-site")).to_have_value("other.example")
    await expect(page.locator("#chart-outcomes")).to_have_attribute("data-drawn", "true")
    assert not problems, problems  # no script error, nothing refused by the CSP
    await ctx.close()


async def test_on_a_phone_the_keyboard_reaches_every_table_that_scrolls(
    browser: Any, live_server: Any
) -> None:
    """On a 390 px phone the report's and the audit log's wide tables scroll sideways inside
    their box; each box is a named region the keyboard can reach (Tab), so it can be scrolled
    without a mouse, and axe-core finds nothing serious (scrollable-region-focusable)."""
    from tests.browser.test_robustness_browser import axe_violations

    ctx, page = await staff_page(browser, live_server, "root", "admin", "/supervisor/reports")
    try:
        await page.set_viewport_size({"width": 390, "height": 844})
        await page.reload()
        assert await axe_violations(page) == []
        hours = page.get_by_role("region", name="Networkers on duty (average)", exact=True)
        await expect(hours).to_have_count(1)
        await hours.focus()
        await page.keyboard.press("ArrowRight")
        await expect(hours).to_be_focused()
        await page.goto(f"{live_server.url}/admin/audit")
        await expect(page.get_by_role("region", name="Audit log")).to_have_attribute(
            "tabindex", "0"
        )
        assert await axe_violations(page) == []
    finally:
        await ctx.close()
