"""The case in a real browser (issue 15), in Polish and English: the widget offers a resume code
for a message left off duty, and a new browser continues with "I have a code" and reads the
answer; the duty console shows a returning visitor's history (earlier chat, notes, transcript)
and keeps private notes (add, edit with the earlier text kept, a summary when closing)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.test_widget_browser import PASSWORD, T, open_widget, send_visitor

pytestmark = pytest.mark.browser

WIDGET_TEXTS = {
    "pl": {
        "offer": "Weź teraz kod",
        "get": "Weź kod, żeby wrócić później",
        "private": "Zachowaj kod dla siebie",
        "code_is": "Twój kod:",
        "have": "Mam kod",
        "continue": "Dalej",
        "wrong": "Ten kod nie działa",
        "answer": "Dzień dobry, tu poranna zmiana. Już odpisuję.",
    },
    "en": {
        "offer": "Take a code now",
        "get": "Get a code to continue later",
        "private": "Keep the code to yourself",
        "code_is": "Your code:",
        "have": "I have a code",
        "continue": "Continue",
        "wrong": "This code does not work",
        "answer": "Good morning, this is the morning shift. Answering now.",
    },
}


@pytest.mark.parametrize("lang", ["pl", "en"])
async def test_off_duty_message_code_and_resume_in_a_new_browser(
    browser: Any, host_site: Any, live_server: Any, lang: str
) -> None:
    texts = WIDGET_TEXTS[lang]
    host_site.lang = lang
    ctx, _page, frame = await open_widget(browser, host_site, live_server)
    # nobody on duty: the off-duty box says a code lets the visitor read the answer later
    await expect(frame.locator(".nr-offduty")).to_contain_text(texts["have"], timeout=T)
    await send_visitor(frame, "Zostawiam wiadomość dla następnej zmiany")
    await expect(frame.locator(".nr-msg--own:not(.nr-msg--pending)")).to_have_count(1, timeout=T)
    box = frame.locator(".nr-case")
    await expect(box).to_contain_text(texts["offer"], timeout=T)
    await frame.get_by_role("button", name=texts["get"]).click()
    await expect(frame.locator(".nr-case__code")).to_contain_text(texts["code_is"], timeout=T)
    await expect(box).to_contain_text(texts["private"])
    shown = await frame.locator(".nr-case__code").inner_text()
    code = re.search(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", shown)
    assert code is not None, shown
    await ctx.close()  # the browser is closed, and its token with it

    # the next shift answers
    staff = await live_server.staff("rano", name="Rano")
    await staff.on_duty(capacity=1)
    cid = (await staff.call("queue.take", {}))["conversation"]["id"]
    assert (await staff.send(cid, texts["answer"]))["ok"]

    # another browser: "I have a code"; a wrong code is refused, the right one (typed loosely)
    # opens the conversation with the answer
    ctx2, _page2, frame2 = await open_widget(browser, host_site, live_server)
    await frame2.get_by_role("button", name=texts["have"]).click()
    await frame2.locator("#nr-code").fill("zzzz-zzzz-zzzz")
    await frame2.get_by_role("button", name=texts["continue"]).click()
    await expect(frame2.locator(".nr-resume .nr-case__error")).to_contain_text(
        texts["wrong"], timeout=T
    )
    await frame2.locator("#nr-code").fill(code.group(0).lower().replace("-", " "))
    await frame2.get_by_role("button", name=texts["continue"]).click()
    await expect(frame2.locator(".nr-msg--staff .nr-msg__body").last).to_have_text(
        texts["answer"], timeout=T
    )
    await expect(frame2.locator(".nr-log")).to_contain_text("Zostawiam wiadomość")
    # and the chat goes on live in the same conversation
    await send_visitor(frame2, "Dziękuję!")
    await staff.log.wait_for("message.new", lambda m: m["text"] == "Dziękuję!")
    await expect(frame2.locator(".nr-welcome")).to_be_hidden()
    await ctx2.close()


CONSOLE_TEXTS = {
    "pl": {
        "returning": "Osoba wraca: wcześniejsze rozmowy (1)",
        "open": "Otwórz zapis rozmowy",
        "save": "Zapisz notatkę",
        "edit": "Edytuj notatkę",
        "versions": "Wcześniejsze wersje (1)",
        "summary": "Podsumowanie",
        "with": "z: Ania",
        "add": "Dodaj notatkę do tej rozmowy",
    },
    "en": {
        "returning": "Returning visitor: earlier conversations (1)",
        "open": "Open the transcript",
        "save": "Save the note",
        "edit": "Edit the note",
        "versions": "Earlier versions (1)",
        "summary": "Summary",
        "with": "with Ania",
        "add": "Add a note to this chat",
    },
}


@pytest.mark.parametrize("lang", ["pl", "en"])
async def test_console_shows_history_and_keeps_notes(
    browser: Any, live_server: Any, lang: str
) -> None:
    texts = CONSOLE_TEXTS[lang]
    # the first conversation of the case, with Ania, who leaves notes
    ania = await live_server.staff("ania", name="Ania")
    visitor = await live_server.visitor()
    assert (await visitor.send("Pierwsza rozmowa: problem z mieszkaniem"))["ok"]
    await ania.on_duty(capacity=1)
    first = (await ania.call("queue.take", {}))["conversation"]["id"]
    note = {"conversation_id": first, "text": "Szuka mieszkania <b>pilnie</b>"}
    assert (await ania.call("note.add", note))["ok"]
    assert (
        await ania.call(
            "conversation.close",
            {"conversation_id": first, "outcome": "information_given", "topics": ["housing"]},
        )
    )["ok"]
    await ania.call("duty.stop", {})
    # the visitor comes back: Bartek takes the second conversation in his console
    assert (await visitor.send("Wracam z tym mieszkaniem"))["ok"]
    await live_server.create_staff("bartek", PASSWORD, name="Bartek", language=lang)
    ctx = await browser.new_context(viewport={"width": 1300, "height": 900})
    page = await ctx.new_page()
    await page.goto(f"{live_server.url}/login")
    await page.fill("#username", "bartek")
    await page.fill("#password", PASSWORD)
    await page.click('form[action="/login"] button[type=submit]')
    await page.wait_for_url(re.compile(r"/console$"))
    await expect(page.locator("#nc-duty-start")).to_be_visible(timeout=T)
    await page.uncheck("#nc-auto")
    await page.click("#nc-duty-start")
    await expect(page.locator("#nc-duty-stop")).to_be_visible(timeout=T)
    await page.locator(".nc-qitem button[data-take]").first.click(timeout=T)

    panel = page.locator(".nc-chat .nc-case")
    # a returning visitor: the history opens by itself, with who helped, the outcome and notes
    await expect(panel.locator("summary").first).to_have_text(texts["returning"], timeout=T)
    earlier = panel.locator(".nc-case__conv")
    await expect(earlier).to_have_count(1)
    await expect(earlier).to_contain_text(texts["with"])
    # a note is plain text: the markup shows as typed, never as HTML
    await expect(earlier.locator(".nc-casenote__body")).to_have_text(
        "Szuka mieszkania <b>pilnie</b>"
    )
    assert await panel.locator(".nc-casenote__body b").count() == 0
    await earlier.get_by_role("button", name=texts["open"]).click()
    await expect(earlier.locator(".nc-case__transcript")).to_contain_text(
        "Pierwsza rozmowa: problem z mieszkaniem", timeout=T
    )

    # Bartek adds a note on this chat, then edits it: the earlier text is kept
    form = panel.locator("[data-note-form=conversation]")
    await form.get_by_role("button", name=texts["add"]).click()
    await form.locator("textarea").fill("Potrzebna porada prawna")
    await form.get_by_role("button", name=texts["save"]).click()
    mine = panel.locator("[data-notes=conversation] .nc-casenote")
    await expect(mine).to_have_count(1, timeout=T)
    await expect(mine.locator(".nc-casenote__body")).to_have_text("Potrzebna porada prawna")
    await mine.get_by_role("button", name=texts["edit"]).click()
    await mine.locator(".nc-casenote__editor textarea").fill("Potrzebna porada prawna i mieszkanie")
    await mine.locator(".nc-casenote__editor").get_by_role("button", name=texts["save"]).click()
    await expect(mine.locator(".nc-casenote__body")).to_have_text(
        "Potrzebna porada prawna i mieszkanie", timeout=T
    )
    await expect(mine.locator(".nc-casenote__versions summary")).to_have_text(texts["versions"])
    # the transcript opened before stays open while the notes change
    await expect(earlier.locator(".nc-case__transcript")).to_contain_text("Pierwsza rozmowa")

    # closing offers a summary note, kept on the chat
    chat = page.locator(".nc-chat").first
    await chat.locator(".nc-close summary").click()
    await chat.locator(".nc-close select").select_option("referred")
    await chat.locator(".nc-close textarea").fill("Skierowany do poradni prawnej")
    await chat.locator(".nc-close .nc-btn--danger").click()
    await expect(mine).to_have_count(2, timeout=T)
    await expect(mine.last).to_contain_text(texts["summary"])
    await expect(mine.last.locator(".nc-casenote__body")).to_have_text(
        "Skierowany do poradni prawnej"
    )
    await ctx.close()


async def test_a_visitor_back_with_a_code_is_not_offered_another_and_a_deleted_one_says_so(
    storage_browser: Any, host_site: Any, live_server: Any
) -> None:
    """Resumed with a code, the ended chat does not offer a new code (theirs still works, and a
    new one would stop it); after a reload neither. The code of a conversation the visitor
    deleted says that it was deleted, not that it is wrong."""
    host_site.lang = "pl"
    earlier = await live_server.visitor()
    assert (await earlier.send("Zostawiam wiadomość, wrócę później"))["ok"]
    code = (await earlier.call("case.code", {}))["code"]
    assert (await earlier.call("conversation.leave", {}))["ok"]
    await earlier.close()

    ctx, page, frame = await open_widget(storage_browser, host_site, live_server)
    try:
        await frame.get_by_role("button", name="Mam kod").click()
        await frame.locator("#nr-code").fill(code)
        await frame.get_by_role("button", name="Dalej").click()
        await expect(frame.locator(".nr-log")).to_contain_text("wrócę później", timeout=T)
        box = frame.locator(".nr-case")
        await expect(box).to_be_visible()
        await expect(frame.locator(".nr-case__code")).to_have_text(
            "Masz kod do tej rozmowy: nadal działa. Zachowaj go dla siebie; nowy nie jest potrzebny."
        )
        await expect(frame.locator(".nr-case__offer")).to_be_hidden()
        await expect(box).not_to_contain_text("Weź kod, żeby wrócić później")
        await expect(box.locator(".nr-case__get")).to_contain_text("Weź nowy kod")
        # the same after a reload of the host page in this tab
        await page.reload()
        await page.locator("netreach-widget button").click()
        frame = page.frame_locator("#netreach-frame")
        await expect(frame.locator(".nr-log")).to_contain_text("wrócę później", timeout=T)
        await expect(frame.locator(".nr-case__code")).to_contain_text("Masz kod", timeout=T)
        await expect(frame.locator(".nr-case__offer")).to_be_hidden()
    finally:
        await ctx.close()

    # a visitor who deleted their conversation comes back with its code
    deleted = await live_server.visitor()
    assert (await deleted.send("To usunę"))["ok"]
    code = (await deleted.call("case.code", {}))["code"]
    assert (await deleted.call("case.erase", {}))["ok"]
    await deleted.close()
    ctx, _page, frame = await open_widget(storage_browser, host_site, live_server)
    try:
        await frame.get_by_role("button", name="Mam kod").click()
        await frame.locator("#nr-code").fill(code)
        await frame.get_by_role("button", name="Dalej").click()
        error = frame.locator(".nr-resume .nr-case__error")
        await expect(error).to_have_text(
            "Rozmowa z tym kodem została usunięta na Twoją prośbę. Nic z niej nie zostało. "
            "Możesz zacząć nową rozmowę.",
            timeout=T,
        )
        await expect(frame.locator(".nr-welcome")).to_be_visible()
    finally:
        await ctx.close()
