"""The lexicon review page in Chromium (issue 20 item 5): a supervisor sees the redacted items
a false alarm and a manual escalation left, filters them by kind, marks one reviewed by
keyboard, and downloads the export in the corpus format."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.test_robustness_browser import axe_violations
from tests.conftest import PASSWORD
from tests.test_lexicon_review import false_alarm, missed

pytestmark = pytest.mark.browser

T = 10_000  # ms, per expectation


async def test_a_supervisor_reviews_filters_marks_and_exports(
    browser: Any, live_server: Any
) -> None:
    ania = await live_server.staff("ania")
    await ania.on_duty(capacity=2)
    await missed(live_server, ania)  # first: queue.take takes the urgent chat first
    marta = await live_server.staff("marta", role="supervisor")
    await false_alarm(live_server, marta)

    await live_server.create_staff("sara", PASSWORD, role="supervisor", language="en")
    ctx = await browser.new_context(viewport={"width": 1300, "height": 900})
    page = await ctx.new_page()
    await page.goto(f"{live_server.url}/login?next=/supervisor/lexicon-review")
    await page.fill("#username", "sara")
    await page.fill("#password", PASSWORD)
    await page.click('form[action="/login"] button[type=submit]')
    await page.wait_for_url(re.compile(r"/supervisor/lexicon-review$"))
    await expect(page.get_by_role("heading", name="Lexicon review", exact=True)).to_be_visible()
    await expect(page.get_by_role("link", name="Lexicon review")).to_have_attribute(
        "aria-current", "page"
    )
    rows = page.locator("#lexicon-items tbody tr")
    await expect(rows).to_have_count(2, timeout=T)
    await expect(page.locator("#lexicon-items")).to_contain_text("[phone]")
    await expect(page.locator("#lexicon-items")).not_to_contain_text("601")
    assert await axe_violations(page) == []

    # filter by kind: only the chat escalated by hand
    await page.get_by_label("Kind").select_option("missed")
    await page.get_by_role("button", name="Show").click()
    await page.wait_for_url(re.compile(r"kind=missed"))
    await expect(rows).to_have_count(1, timeout=T)
    await expect(rows.first).to_have_attribute("data-kind", "missed")
    await expect(rows.first).to_contain_text("Missed crisis")
    await expect(rows.first).to_contain_text("should escalate")

    # mark it reviewed by keyboard: it leaves the list of new items, the filter stays
    await rows.first.get_by_role("button", name="Mark reviewed").focus()
    await page.keyboard.press("Enter")
    await expect(page.locator("#lexicon-done")).to_contain_text("reviewed", timeout=T)
    assert "kind=missed" in page.url
    await expect(page.locator("#lexicon-empty")).to_be_visible()
    await page.get_by_label("Status").select_option("reviewed")
    await page.get_by_role("button", name="Show").click()
    await expect(rows).to_have_count(1, timeout=T)
    await expect(rows.first).to_contain_text("Reviewed · Sara")
    assert await axe_violations(page) == []

    # the export of what is shown, as corpus rows
    link = page.locator("#lexicon-export")
    await expect(link).to_have_attribute("href", re.compile(r"kind=missed&status=reviewed"))
    async with page.expect_download() as info:
        await link.click()
    download = await info.value
    body = Path(await download.path()).read_text(encoding="utf-8")
    [row] = [json.loads(line) for line in body.splitlines()]
    assert row["expect"] == "escalate"
    assert row["kind"] == "supervisor_missed"
    assert "[phone]" in row["text"]
    await ctx.close()
