"""In a real browser: a networker searches the library in the console and shares an entry; the
visitor's widget shows the card (tap-to-call link, website and public page in a new tab with
noopener), hostile text stays text."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import expect

from server.actions import resources as res
from tests.browser.test_widget_browser import (
    PASSWORD,
    T,
    networker_console,
    open_widget,
    send_visitor,
    sign_in,
)
from tests.resources.conftest import entry

pytestmark = pytest.mark.browser

XSS = '<img src=x onerror="window.__xss=1">Poradnia'


async def test_share_a_resource_card_from_the_console_to_the_widget(
    browser: Any, host_site: Any, live_server: Any
) -> None:
    svc = live_server.svc
    author = (await live_server.create_staff("autor"))["id"]
    sup = (await live_server.create_staff("superwizor", role="supervisor"))["id"]
    r = await res.do_create_resource(
        svc,
        author,
        res.check_resource_input(
            entry(
                texts={
                    "pl": {"name": XSS, "summary": "Bezpłatne porady prawne", "hours": "pn–pt 9–17"}
                },
                phones=[{"number": "800 120 002"}],
                links=[{"url": "https://example.org/porady"}],
            )
        ),
    )
    await res.do_submit_resource(svc, author, r.id)
    await res.do_vet_resource(svc, sup, r.id)

    staff_ctx, console = await networker_console(browser, live_server, "ania", "Ania")
    ctx, page, frame = await open_widget(browser, host_site, live_server)
    await send_visitor(frame, "Szukam porady prawnej")
    item = console.locator(".nc-qitem").first
    await expect(item).to_be_visible(timeout=2 * T)
    await item.locator("button[data-take]").click()
    chat = console.locator(".nc-chat").first
    await expect(chat.locator(".nc-log")).to_contain_text("Szukam porady prawnej", timeout=T)

    await chat.locator("details.nc-res summary").click()
    await chat.locator("input[type=search]").fill("porady prawne")
    await chat.locator(".nc-res__form button[type=submit]").click()
    result = chat.locator(".nc-res__item").first
    await expect(result).to_contain_text(XSS, timeout=T)
    await result.locator("button").click()

    card = frame.locator(".nr-msg--staff .nr-card")
    await expect(card).to_be_visible(timeout=T)
    await expect(card.locator(".nr-card__name")).to_have_text(XSS)
    await expect(card.locator(".nr-card__tel")).to_have_attribute("href", "tel:800120002")
    await expect(card.locator(".nr-card__hours")).to_contain_text("pn–pt 9–17")
    links = card.locator(".nr-card__links a")
    await expect(links).to_have_count(2)
    for i in range(2):
        await expect(links.nth(i)).to_have_attribute("target", "_blank")
        await expect(links.nth(i)).to_have_attribute("rel", re.compile("noopener"))
    await expect(links.nth(0)).to_have_attribute("href", "https://example.org/porady")
    await expect(links.nth(1)).to_have_attribute("href", f"/r/{r.id}?lang=pl")
    # the console shows the same card
    await expect(chat.locator(".nc-card .nc-card__name")).to_have_text(XSS, timeout=T)
    assert await page.evaluate("window.__xss") is None
    assert await console.evaluate("window.__xss") is None

    # the public page opens from the card (same server, readable without login)
    public = await ctx.new_page()
    await public.goto(f"{live_server.url}/r/{r.id}?lang=pl")
    await expect(public.locator("h1")).to_have_text(XSS)
    await expect(public.locator("a[href='tel:800120002']")).to_be_visible()
    assert await public.evaluate("window.__xss") is None
    await staff_ctx.close()
    await ctx.close()


# English words of refusals (pydantic's own texts and ours), none of which a Polish page shows
ENGLISH = re.compile(
    r"\b(the|is|are|must|should|not|String|Value|error|characters|required|valid|field|"
    r"input|phone|number|address|date|give|needs?|at least|at most)\b",
    re.I,
)


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ({"#phones": "abc"}, "Numer telefonu: numer telefonu składa się z cyfr"),
        ({"#name_pl": "", "#summary_pl": "tylko opis"}, "Nazwa (Po polsku):"),
        ({"#links": "ftp://example.org"}, "Link: link musi być adresem"),
        ({"#languages": "polski"}, "Języki usługi"),
        ({"#country": "P1"}, "Kraj (dwie litery)"),
    ],
)
async def test_the_resource_editor_says_what_is_wrong_in_polish(
    browser: Any, live_server: Any, fields: dict[str, str], said: str
) -> None:
    """Every refusal of the editor form on a Polish page is Polish: the field by its label and
    the reason in words, never pydantic's English ("String should have…", "Value error, …")."""
    await live_server.create_staff("ania", PASSWORD, name="Ania", language="pl")
    ctx = await browser.new_context(locale="pl-PL")
    page = await ctx.new_page()
    try:
        url = f"{live_server.url}/login?next=/console/resources/new"
        await sign_in(page, url, "ania", r"/console/resources/new$")
        await page.fill("#name_pl", "Poradnia testowa")
        await page.locator('input[name="topics"][value="legal"]').check()
        for selector, value in fields.items():
            await page.fill(selector, value)
        await page.get_by_role("button", name="Zapisz jako wersję roboczą").click()
        error = page.locator("#form-error")
        await expect(error).to_contain_text(said, timeout=T)
        text = await error.inner_text()
        assert not ENGLISH.search(text), text
    finally:
        await ctx.close()
