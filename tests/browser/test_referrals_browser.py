"""Referrals in a real browser (issue 15), in Polish and English: a networker shares a library
entry with "also record a suggested referral" ticked, the case panel shows the referral, its
status is moved on with the history kept, a follow-up day of today puts it on the side panel of
referrals due for follow-up, and "attended" takes it off."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.test_widget_browser import PASSWORD, T
from tests.test_referrals import vetted

pytestmark = pytest.mark.browser

TEXTS = {
    "pl": {
        "library": "Udostępnij",
        "refer": "Zapisz też proponowane skierowanie w tej sprawie",
        "shared": "Udostępniono i zapisano skierowanie.",
        "heading": "Skierowania",
        "suggested": "Zaproponowane",
        "contacted": "Nawiązano kontakt",
        "due_heading": "Skierowania do sprawdzenia",
        "due_none": "Żadne skierowanie nie czeka na sprawdzenie.",
        "due_since": "Do sprawdzenia od",
    },
    "en": {
        "library": "Share",
        "refer": "Also record a suggested referral of this case",
        "shared": "Shared, and the referral is recorded.",
        "heading": "Referrals",
        "suggested": "Suggested",
        "contacted": "Contacted",
        "due_heading": "Referrals to follow up",
        "due_none": "No referral is due for follow-up.",
        "due_since": "Follow-up due since",
    },
}


@pytest.mark.parametrize("lang", ["pl", "en"])
async def test_console_records_a_referral_in_one_click_and_follows_it_up(
    browser: Any, live_server: Any, lang: str
) -> None:
    texts = TEXTS[lang]
    rid = await vetted(live_server, "Poradnia prawna Bemowo")
    visitor = await live_server.visitor()
    assert (await visitor.send("Potrzebuję porady prawnej"))["ok"]

    await live_server.create_staff("bartek", PASSWORD, name="Bartek", language=lang)
    ctx = await browser.new_context(viewport={"width": 1300, "height": 900})
    page = await ctx.new_page()
    await page.goto(f"{live_server.url}/login")
    await page.fill("#username", "bartek")
    await page.fill("#password", PASSWORD)
    await page.click('form[action="/login"] button[type=submit]')
    await page.wait_for_url(re.compile(r"/console$"))
    due = page.locator(".nc-due-referrals")
    await expect(due).to_contain_text(texts["due_heading"], timeout=T)
    await expect(due.locator(".nc-empty")).to_have_text(texts["due_none"], timeout=T)
    await page.uncheck("#nc-auto")
    await page.click("#nc-duty-start")
    await expect(page.locator("#nc-duty-stop")).to_be_visible(timeout=T)
    await page.locator(".nc-qitem button[data-take]").first.click(timeout=T)
    chat = page.locator(".nc-chat").first

    # the library: search, tick "also record a suggested referral", share
    await chat.locator("details.nc-res > summary").click()
    await chat.locator("input[type=search]").fill("Bemowo")
    await chat.locator("form.nc-res__form button[type=submit]").click()
    item = chat.locator(".nc-res__item").first
    await expect(item).to_contain_text("Poradnia prawna Bemowo", timeout=T)
    await chat.get_by_label(texts["refer"]).check()
    await item.get_by_role("button", name=re.compile(texts["library"])).click()
    await expect(item.locator(".nc-res__msg")).to_have_text(texts["shared"], timeout=T)

    # the case panel lists it with its status control
    panel = chat.locator(".nc-case")
    await panel.locator("summary").first.click()
    await expect(panel).to_contain_text(texts["heading"])
    referral = panel.locator(".nc-referral")
    await expect(referral).to_have_count(1, timeout=T)
    await expect(referral).to_contain_text("Poradnia prawna Bemowo")
    await expect(referral.locator(".nc-referral__history li")).to_have_text(
        [re.compile(f"^{texts['suggested']} — Bartek")]
    )
    # moved on: contacted, with the history kept
    await referral.locator("select.nc-referral__status").select_option("contacted")
    await expect(referral.locator(".nc-referral__history li")).to_have_text(
        [re.compile(f"^{texts['suggested']} — Bartek"), re.compile(f"^{texts['contacted']} — ")],
        timeout=T,
    )
    # a private note on it
    await referral.locator(".nc-referral__edit").click()
    await referral.locator(".nc-referral__editor textarea").fill("Zadzwonić we wtorek <b>rano</b>")
    await referral.locator(".nc-referral__editor .nc-btn--primary").click()
    await expect(referral.locator(".nc-referral__note")).to_have_text(
        "Zadzwonić we wtorek <b>rano</b>", timeout=T
    )
    # follow up today: it is due, and the side panel lists it after a refresh
    today = datetime.now(UTC).date().isoformat()
    await panel.locator(".nc-referral input[type=date]").fill(today)
    await expect(panel.locator(".nc-referral--due")).to_contain_text(texts["due_since"], timeout=T)
    await due.locator(".nc-panel__head button").click()
    await expect(due.locator(".nc-referral")).to_have_count(1, timeout=T)
    await expect(due.locator(".nc-referral")).to_contain_text("Poradnia prawna Bemowo")
    # attended: off the list
    await due.locator("select.nc-referral__status").select_option("attended")
    await expect(due.locator(".nc-referral")).to_have_count(0, timeout=T)
    await expect(due.locator(".nc-empty")).to_be_visible()
    # what the server holds matches
    staff = await live_server.staff("ewa", role="supervisor")
    cid = await chat.get_attribute("data-conversation")
    history = await staff.call("case.history", {"conversation_id": cid})
    assert [r["status"] for r in history["case"]["referrals"]] == ["attended"]
    assert history["case"]["referrals"][0]["resource"]["id"] == rid
    assert history["case"]["referrals"][0]["note"] == "Zadzwonić we wtorek <b>rano</b>"
    await ctx.close()
