"""Networkers list the languages they speak; automatic assignment prefers one who speaks the
visitor's language (guessed from what they write) and falls back to anyone after
NETREACH_LANGUAGE_WAIT seconds; the queue shows the language. Real sockets, the fake clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from server.actions.queue import Assignable, QueuedChat, choose_assignment
from server.actions.staff import do_set_spoken_languages
from server.clock import FakeClock
from server.db.models import AuditLog, Conversation, Staff
from tests.conftest import LiveServer
from tests.helpers import Visitor
from tests.test_language_switch import csrf, signed_in

UKRAINIAN = "Доброго дня, мені потрібна порада щодо житла, де можна знайти допомогу?"
POLISH = "Dzień dobry, szukam pomocy w sprawie mieszkania, czy ktoś może mi doradzić?"
CRISIS_UK = "я не хочу більше жити, сьогодні це зроблю"


async def speaks(server: LiveServer, username: str, *langs: str) -> None:
    async with server.svc.db.read() as s:
        sid = (await s.execute(select(Staff.id).where(Staff.username == username))).scalar_one()
    await do_set_spoken_languages(server.svc, sid, username, list(langs))


async def status_of(server: LiveServer, conversation_id: str) -> tuple[str, str | None]:
    async with server.svc.db.read() as s:
        conv = await s.get(Conversation, conversation_id)
        assert conv is not None
        return conv.status, conv.assigned_staff_id


async def assigned_to(visitor: Visitor) -> str:
    told = await visitor.log.wait_for("conversation.update", lambda d: d["op"] == "assigned")
    return str(told["conversation"]["networker"]["name"])


async def only_speaker_is_full(server: LiveServer) -> None:
    """olena speaks Ukrainian and is full (one chat of one); ania, Polish only, has room."""
    olena = await server.staff("olena")
    await speaks(server, "olena", "uk")
    ania = await server.staff("ania")
    await olena.on_duty(capacity=1, auto_assign=True)
    first = await server.visitor(lang="uk")
    await first.send(UKRAINIAN)
    assert await assigned_to(first) == "Olena"
    await ania.on_duty(capacity=3, auto_assign=True)


async def test_a_networker_who_speaks_the_language_is_preferred(live_server: LiveServer) -> None:
    olena = await live_server.staff("olena")
    await speaks(live_server, "olena", "uk", "pl")
    ania = await live_server.staff("ania")
    await olena.on_duty(capacity=2, auto_assign=True)
    first = await live_server.visitor()
    await first.send(POLISH)
    assert await assigned_to(first) == "Olena"  # the only one on duty
    # ania is now the better choice by load (0 of 2 against 1 of 2) ...
    await ania.on_duty(capacity=2, auto_assign=True)
    # ... but a visitor who writes Ukrainian (in a Polish widget) gets olena
    ukrainian = await live_server.visitor(lang="pl")
    await ukrainian.send(UKRAINIAN)
    assert await assigned_to(ukrainian) == "Olena"
    polish = await live_server.visitor()
    await polish.send(POLISH)
    assert await assigned_to(polish) == "Ania"


async def test_the_chat_waits_for_a_speaker_then_goes_to_anyone(server_factory: Any) -> None:
    clock = FakeClock()
    server = await server_factory(clock=clock, language_wait_seconds=60.0)
    await only_speaker_is_full(server)

    waiting = await server.visitor(lang="uk")
    await waiting.send(UKRAINIAN)
    assert waiting.conversation_id is not None
    await server.settle()
    assert await status_of(server, waiting.conversation_id) == ("queued", None)
    # a chat waiting for its language holds up nobody behind it
    polish = await server.visitor()
    await polish.send(POLISH)
    assert await assigned_to(polish) == "Ania"
    clock.advance(59)
    await server.tick()
    assert (await status_of(server, waiting.conversation_id))[0] == "queued"
    clock.advance(2)  # 61 s in the queue: anyone with room
    await server.tick()
    assert await assigned_to(waiting) == "Ania"


async def test_an_urgent_chat_never_waits_for_its_language(server_factory: Any) -> None:
    server = await server_factory(clock=FakeClock(), language_wait_seconds=600.0)
    await only_speaker_is_full(server)
    crisis = await server.visitor(lang="uk")
    await crisis.send(CRISIS_UK)
    assert await assigned_to(crisis) == "Ania"


async def test_when_nobody_on_duty_speaks_it_anyone_takes_it_at_once(server_factory: Any) -> None:
    server = await server_factory(clock=FakeClock(), language_wait_seconds=600.0)
    olena = await server.staff("olena")
    await speaks(server, "olena", "uk")  # but not on duty
    assert olena is not None
    ania = await server.staff("ania")
    await ania.on_duty(capacity=3, auto_assign=True)
    visitor = await server.visitor(lang="uk")
    await visitor.send(UKRAINIAN)
    assert await assigned_to(visitor) == "Ania"


async def test_the_queue_shows_the_language_the_visitor_writes_in(live_server: LiveServer) -> None:
    networker = await live_server.staff("ania")
    await networker.on_duty(capacity=3, auto_assign=False)
    cases = [("pl", UKRAINIAN, "uk"), ("uk", "ok", "uk"), ("uk", "Hello, I need some help", "en")]
    for widget_lang, text, _ in cases:
        visitor = await live_server.visitor(lang=widget_lang)
        await visitor.send(text)
    update = await networker.log.wait_for("queue.update", lambda d: len(d["items"]) == 3)
    got = [(i["language"], i["first_message"], i["visitor_lang"]) for i in update["items"]]
    assert got == cases
    # a chat taken from the queue carries it too
    taken = await networker.call("queue.take", {})
    assert taken["conversation"]["visitor_lang"] == "uk"
    assert taken["conversation"]["language"] == "pl"


def test_choose_assignment() -> None:
    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    ago = lambda s: now - timedelta(seconds=s)  # noqa: E731
    uk, pl = QueuedChat("c_uk", "uk", 0, ago(10)), QueuedChat("c_pl", "pl", 0, ago(5))
    ania = Assignable("s_ania", frozenset({"pl"}), True)
    olena_full = Assignable("s_olena", frozenset({"uk"}), False)
    olena_free = olena_full._replace(free=True)
    # the best free speaker, even when a better-ranked colleague does not speak it
    assert choose_assignment([uk], [ania, olena_free], now, 60) == ("s_olena", "c_uk")
    # the speaker is full: the chat waits, and the one behind it is given meanwhile
    assert choose_assignment([uk, pl], [ania, olena_full], now, 60) == ("s_ania", "c_pl")
    assert choose_assignment([uk], [ania, olena_full], now, 60) is None
    # after the wait, or urgent, or nobody on duty speaks it: anyone free
    assert choose_assignment([uk], [ania, olena_full], now, 10) == ("s_ania", "c_uk")
    assert choose_assignment([uk._replace(priority=10)], [ania, olena_full], now, 60) == (
        "s_ania",
        "c_uk",
    )
    assert choose_assignment([uk], [ania], now, 60) == ("s_ania", "c_uk")
    # nobody free: nothing
    assert choose_assignment([uk, pl], [olena_full], now, 0) is None
    # a speaker whose console dropped gets nothing while a live colleague has room
    olena_away = olena_free._replace(live=False)
    assert choose_assignment([uk], [ania, olena_away], now, 0) == ("s_ania", "c_uk")
    assert choose_assignment([uk], [olena_away], now, 0) == ("s_olena", "c_uk")


# --- the pages where languages are set ---------------------------------------------------------


async def languages_of(server: LiveServer, username: str) -> list[str]:
    async with server.svc.db.read() as s:
        staff = (await s.execute(select(Staff).where(Staff.username == username))).scalar_one()
        return list(staff.languages or [])


async def test_a_networker_sets_their_own_languages(live_server: LiveServer) -> None:
    http = await signed_in(live_server, "ania", "pl")
    url = live_server.url + "/account/languages"
    try:
        assert await languages_of(live_server, "ania") == ["pl"]  # the page language
        async with http.get(url) as r:
            page = await r.text()
            assert r.status == 200
        assert 'name="languages" value="uk"' in page
        assert "Українська" in page
        async with http.post(
            url,
            data=[("languages", "uk"), ("languages", "pl"), ("csrf_token", csrf(http))],
            allow_redirects=False,
        ) as r:
            assert r.status == 303
            assert r.headers["Location"] == "/account/languages?done=1"
        assert await languages_of(live_server, "ania") == ["pl", "uk"]
        # bad input: a clear error, nothing changed
        for bad in ([("languages", "de")], [], [("languages", "pl' or 1=1")]):
            async with http.post(
                url, data=[*bad, ("csrf_token", csrf(http))], allow_redirects=False
            ) as r:
                assert r.status == 400
                assert 'id="account-error"' in await r.text()
        assert await languages_of(live_server, "ania") == ["pl", "uk"]
        # a networker cannot set a colleague's
        await live_server.create_staff("bartek")
        async with http.post(
            live_server.url + "/admin/staff/languages",
            data={"username": "bartek", "languages": "uk", "csrf_token": csrf(http)},
            allow_redirects=False,
        ) as r:
            assert r.status == 403
        assert await languages_of(live_server, "bartek") == ["pl"]
    finally:
        await http.close()


async def test_an_admin_sets_a_colleagues_languages_audited(live_server: LiveServer) -> None:
    http = await signed_in(live_server, "boss", "pl", role="admin")
    await live_server.create_staff("olena")
    try:
        async with http.post(
            live_server.url + "/admin/staff/languages",
            data=[
                ("username", "olena"),
                ("languages", "ru"),
                ("languages", "uk"),
                ("csrf_token", csrf(http)),
            ],
            allow_redirects=False,
        ) as r:
            assert r.status == 303
            assert r.headers["Location"] == "/admin/staff?done=languages&user=olena"
        assert await languages_of(live_server, "olena") == ["uk", "ru"]
        async with http.get(live_server.url + r.headers["Location"]) as page:
            text = await page.text()
        assert 'id="admin-done"' in text
        row = text[text.index('data-username="olena"') :]
        row = row[: row.index("</tr>")]
        assert 'value="uk" checked' in row
        assert 'value="ru" checked' in row
        assert 'value="pl" checked' not in row
        async with http.post(
            live_server.url + "/admin/staff/languages",
            data={"username": "olena", "csrf_token": csrf(http)},
            allow_redirects=False,
        ) as r:
            assert r.status == 400
        assert await languages_of(live_server, "olena") == ["uk", "ru"]
        # an account that does not exist (deleted meanwhile): said in the page's language
        async with http.post(
            live_server.url + "/admin/staff/languages",
            data={"username": "ghost", "languages": "uk", "csrf_token": csrf(http)},
            allow_redirects=False,
        ) as r:
            assert r.status == 400
            text = await r.text()
        assert "Nie ma konta zespołu ghost." in text, text[:3000]
        assert "no staff account" not in text
    finally:
        await http.close()
    async with live_server.svc.db.read() as s:
        rows = (
            (await s.execute(select(AuditLog).where(AuditLog.action == "staff.languages")))
            .scalars()
            .all()
        )
    assert [r.details for r in rows] == [{"username": "olena", "from": ["pl"], "to": ["uk", "ru"]}]
