"""The reply a person in crisis gets (issue 20, items 3 and 4), through a real socket: the
system message's `emergency` card (112 first, then only crisis lines a supervisor flagged, by
category and language), its language, and honest wording when nobody is on duty."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from server.actions.crisis import closed_at, crisis_line_use
from server.actions.errors import ActionError
from server.actions.resources import check_resource_input
from server.actions.resources.hsds import do_load_starter
from server.actions.resources.library import new_resource
from server.clock import FakeClock
from server.http.ui_strings import WIDGET_STRINGS
from server.i18n import translate_table
from tests.conftest import LiveServer

SELF_HARM_PL = "nie chce juz zyc, zrobie to dzis"
SELF_HARM_EN = "I want to kill myself tonight"
MEDICAL_EN = "I took all my pills, I cannot breathe"
VIOLENCE_PL = "mój ojciec mnie bije, boję się wrócić do domu"
SELF_HARM_UK = "я не хочу більше жити, сьогодні це зроблю"


async def _reply(visitor: Any, text: str) -> dict[str, Any]:
    assert (await visitor.send(text))["ok"]
    return await visitor.log.wait_for("message.new", lambda m: m["sender"] == "system")


def _numbers(msg: dict[str, Any]) -> list[str]:
    return [c["number"] for c in msg["emergency"]["contacts"]]


async def test_off_duty_reply_has_112_first_flagged_lines_and_says_nobody_can_answer(
    live_server: LiveServer,
) -> None:
    await do_load_starter(live_server.svc)
    visitor = await live_server.visitor(lang="pl")
    msg = await _reply(visitor, SELF_HARM_PL)
    em = msg["emergency"]
    assert em["on_duty"] == 0
    first = em["contacts"][0]
    assert first["number"] == "112"
    assert first["href"] == "tel:112"
    assert first["hours"] == "całą dobę"
    assert first["name"].startswith("Numer alarmowy")
    numbers = _numbers(msg)
    assert numbers.count("112") == 1
    # self-harm: the adults' line (only partly verified as 24/7) and the
    # children's line, labelled as such; never the violence line
    assert "116 123" in numbers
    assert "116 111" in numbers
    assert "800 120 002" not in numbers
    by_number = {c["number"]: c for c in em["contacts"]}
    # its hours are not verified: the card points to where they are, with no editorial note
    # on its sources (resources-facts.md)
    assert by_number["116 123"]["hours"] == "Aktualne godziny: 116sos.pl"
    assert "według informacji" not in msg["text"]
    assert "starsze" not in msg["text"]
    assert "dla dzieci i młodzieży" in by_number["116 111"]["name"].lower()
    assert by_number["116 111"]["href"] == "tel:116111"
    # honest: nobody can answer now, call now; no promise of an answer
    assert "Nikt nie może teraz odpowiedzieć na tym czacie" in msg["text"]
    assert "112" in msg["text"].splitlines()[-1]
    assert "najszybciej" not in msg["text"]
    assert "networker" not in msg["text"].lower()
    # the card is replayed with the conversation
    state = await visitor.call("conversation.join", {"last_seq": 0})
    replayed = [m for m in state["messages"] if m["sender"] == "system"]
    assert replayed[0]["emergency"] == em


async def test_on_duty_reply_counts_networkers_and_says_help_is_coming(
    live_server: LiveServer,
) -> None:
    await do_load_starter(live_server.svc)
    ania = await live_server.staff("ania")
    await ania.on_duty(capacity=1)
    visitor = await live_server.visitor(lang="pl")
    msg = await _reply(visitor, VIOLENCE_PL)
    assert msg["emergency"]["on_duty"] == 1
    assert _numbers(msg)[0] == "112"
    assert "800 120 002" in _numbers(msg)  # the flagged violence line
    assert "Nikt nie może teraz" not in msg["text"]
    assert msg["text"].splitlines()[-1].startswith("Nie jesteś z tym sam")


async def test_a_medical_emergency_gets_only_lines_open_24_7(live_server: LiveServer) -> None:
    await do_load_starter(live_server.svc)
    visitor = await live_server.visitor(lang="en")
    msg = await _reply(visitor, MEDICAL_EN)
    contacts = msg["emergency"]["contacts"]
    assert contacts[0]["number"] == "112"
    # 116 123 is not verified as 24/7: never offered to someone who cannot breathe
    assert "116 123" not in _numbers(msg)
    assert all(c["hours"] == "24/7" for c in contacts)
    assert msg["text"].startswith("If you are in danger right now, call 112.")
    assert "Nobody can answer in this chat right now." in msg["text"]


@pytest.mark.parametrize(
    ("ui", "text", "lang_name", "hours"),
    [
        ("pl", SELF_HARM_EN, "Emergency number", "24/7"),  # English message, Polish widget
        ("en", SELF_HARM_PL, "Numer alarmowy", "całą dobę"),  # Polish message, English widget
        ("pl", SELF_HARM_UK, "Екстрений номер", "цілодобово"),  # Ukrainian
        ("pl", "я не хочу больше жить, сегодня это сделаю", "Emergency number", "24/7"),  # ru
    ],
)
async def test_the_card_is_in_the_language_the_person_wrote_in_else_english(
    live_server: LiveServer, ui: str, text: str, lang_name: str, hours: str
) -> None:
    await do_load_starter(live_server.svc)
    visitor = await live_server.visitor(lang=ui)
    msg = await _reply(visitor, text)
    first = msg["emergency"]["contacts"][0]
    assert first["name"].startswith(lang_name)
    assert first["hours"] == hours
    assert len(msg["emergency"]["contacts"]) > 1  # the flagged lines too, in any language


async def test_only_lines_flagged_by_a_supervisor_are_offered(live_server: LiveServer) -> None:
    """A vetted entry on the crisis topic that nobody flagged as a crisis line is never
    offered automatically; flagging it (vetted) makes it appear."""
    svc = live_server.svc
    now = datetime(2026, 11, 30, tzinfo=UTC)
    base: dict[str, Any] = {
        "texts": {"pl": {"name": "Telefon testowy", "hours": "pon.–pt. 9–17"}},
        "topics": ["crisis", "mental_health"],
        "phones": [{"number": "800 000 111"}],
        "review_by": "2099-01-01",
    }
    async with svc.db.write() as s:
        s.add(new_resource(check_resource_input(base).columns(), now, None, status="vetted"))
    visitor = await live_server.visitor(lang="pl")
    msg = await _reply(visitor, SELF_HARM_PL)
    assert _numbers(msg) == ["112"]

    flagged = dict(base, phones=[{"number": "800 000 222"}])
    flagged["crisis_line"] = {"categories": ["self_harm"]}
    async with svc.db.write() as s:
        s.add(new_resource(check_resource_input(flagged).columns(), now, None, status="vetted"))
    other = await live_server.visitor(lang="pl")
    msg = await _reply(other, SELF_HARM_PL)
    assert _numbers(msg) == ["112", "800 000 222"]
    assert msg["emergency"]["contacts"][1]["hours"] == "pon.–pt. 9–17"


def test_a_crisis_line_needs_a_phone_and_24_7_or_hours() -> None:
    base: dict[str, Any] = {
        "texts": {"pl": {"name": "X"}},
        "topics": ["crisis"],
        "phones": [{"number": "800 000 111"}],
        "crisis_line": {"categories": ["self_harm"]},
    }
    with pytest.raises(ActionError):  # neither 24/7 nor hours
        check_resource_input(base)
    with pytest.raises(ActionError):  # no phone
        check_resource_input(
            dict(base, phones=[], crisis_line={"categories": ["self_harm"], "always_open": True})
        )
    with pytest.raises(ActionError):  # no category
        check_resource_input(dict(base, crisis_line={"categories": [], "always_open": True}))
    ok = check_resource_input(
        dict(base, crisis_line={"categories": ["medical"], "always_open": True})
    )
    assert ok.columns()["crisis_line"] == {
        "categories": ["medical"],
        "always_open": True,
        "children": False,
    }


def test_queued_off_duty_texts_promise_no_answer() -> None:
    """The widget's texts for a visitor queued while nobody is on duty (config.strings)."""
    for lang in ("pl", "en"):
        strings = translate_table(WIDGET_STRINGS, lang)
        for key in ("queue_offduty", "requeued_offduty"):
            text = strings[key].lower()
            assert "soon" not in text
            assert "wkrótce" not in text
            assert "zaraz" not in text
        assert "{number}" in strings["requeued_offduty"]


OFFICE: dict[str, Any] = {
    "texts": {"pl": {"name": "Poradnia dzienna", "hours": "pon.–pt. 9–17"}},
    "topics": ["crisis", "mental_health"],
    "phones": [{"number": "800 000 333"}],
    "schedules": [{"byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:00"}],
    "review_by": "2099-01-01",
    "crisis_line": {"categories": ["self_harm"]},
}


async def test_a_daytime_line_is_never_offered_while_its_hours_say_it_is_closed(
    server_factory: Any,
) -> None:
    clock = FakeClock(datetime(2026, 11, 24, 12, 0, tzinfo=UTC))  # Tuesday, 13:00 in Warsaw
    server = await server_factory(clock=clock)
    async with server.svc.db.write() as s:
        s.add(
            new_resource(check_resource_input(OFFICE).columns(), clock.now(), None, status="vetted")
        )
    visitor = await server.visitor(lang="pl")
    msg = await _reply(visitor, SELF_HARM_PL)
    assert _numbers(msg) == ["112", "800 000 333"]
    assert msg["emergency"]["contacts"][1]["hours"] == "pon.–pt. 9–17"
    clock.advance(5 * 3600)  # 18:00 in Warsaw: the office is closed
    late = await server.visitor(lang="pl")
    msg = await _reply(late, SELF_HARM_PL)
    assert _numbers(msg) == ["112"]


def test_opening_hours_read_in_polish_time() -> None:
    week = OFFICE["schedules"]
    tuesday_noon_utc = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
    assert not closed_at(week, tuesday_noon_utc)  # 13:00 in Warsaw
    assert closed_at(week, datetime(2026, 11, 24, 16, 0, tzinfo=UTC))  # 17:00: closed
    assert not closed_at(week, datetime(2026, 11, 24, 8, 0, tzinfo=UTC))  # 09:00: open
    assert closed_at(week, datetime(2026, 11, 28, 12, 0, tzinfo=UTC))  # Saturday
    night = [{"byday": "FR", "opens_at": "20:00", "closes_at": "02:00"}]
    assert not closed_at(night, datetime(2026, 11, 28, 0, 30, tzinfo=UTC))  # Sat 01:30
    assert closed_at(night, datetime(2026, 11, 29, 0, 30, tzinfo=UTC))  # Sun 01:30
    assert not closed_at([], tuesday_noon_utc)  # hours only as text: cannot tell
    assert not closed_at([{"description": "zwykle rano"}], tuesday_noon_utc)
    # the vetting screen says so
    use = crisis_line_use(OFFICE["crisis_line"], week)
    assert use is not None
    assert use["by_schedule"]
    always = crisis_line_use({"categories": ["self_harm"], "always_open": True}, week)
    assert always is not None
    assert not always["by_schedule"]


async def test_a_manual_escalation_replies_in_the_language_the_person_writes_in(
    live_server: LiveServer,
) -> None:
    """A Ukrainian visitor in the Polish widget; the networker escalates by hand: the card is
    in Ukrainian, as for a crisis message."""
    ania = await live_server.staff("ania")
    await ania.on_duty(capacity=1)
    visitor = await live_server.visitor(lang="pl")
    assert (await visitor.send("привіт, я хочу поговорити про свою ситуацію вдома"))["ok"]
    cid = (await ania.call("queue.take", {}))["conversation"]["id"]
    raised = await ania.call("escalation.raise", {"conversation_id": cid, "reason": "przemoc"})
    assert raised["ok"]
    msg = await visitor.log.wait_for("message.new", lambda m: m["sender"] == "system")
    first = msg["emergency"]["contacts"][0]
    assert first["name"].startswith("Екстрений номер")
    assert first["hours"] == "цілодобово"
    assert msg["text"].startswith("Якщо ти зараз у небезпеці")
