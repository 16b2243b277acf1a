"""The case (issue 15): resume codes, the case history, private notes, off-duty messages that
reach their reader. Real Socket.IO clients against a real server, as visitors and staff use it."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

from alembic import command
from pydantic import TypeAdapter
from sqlalchemy import select, text

from server.actions.audit import get_audit
from server.actions.cases import CODE_ALPHABET, normalize_code
from server.actions.privacy import do_purge
from server.clock import FakeClock
from server.db.migrate import alembic_config, upgrade
from server.db.models import Case
from server.db.session import Database
from server.protocol import CaseHistory, CaseNote
from tests.conftest import LiveServer
from tests.helpers import Staff, Visitor, sqlite_schema

CODE = re.compile(rf"^[{CODE_ALPHABET}]{{4}}-[{CODE_ALPHABET}]{{4}}-[{CODE_ALPHABET}]{{4}}$")


def check_history(reply: dict[str, Any]) -> dict[str, Any]:
    assert reply["ok"], reply
    TypeAdapter(CaseHistory).validate_python(reply["case"], strict=True)
    return dict(reply["case"])


def check_note(reply: dict[str, Any]) -> dict[str, Any]:
    assert reply["ok"], reply
    TypeAdapter(CaseNote).validate_python(reply["note"], strict=True)
    return dict(reply["note"])


async def audit(server: LiveServer, action: str) -> list[dict[str, Any]]:
    async with server.svc.db.read() as s:
        return await get_audit(s, action=action)


async def take(staff: Staff) -> str:
    taken = await staff.call("queue.take", {})
    assert taken["ok"], taken
    cid = str(taken["conversation"]["id"])
    assert (await staff.join(cid))["ok"]
    return cid


def typed_badly(code: str) -> str:
    """The code as a person might type it back: lower case, spaces for dashes, O for 0 and
    l for 1."""
    return code.lower().replace("-", " ").replace("0", "O").replace("1", "l")


async def test_off_duty_message_is_read_after_resuming_on_a_new_token(
    live_server: LiveServer,
) -> None:
    # nobody is on duty: the visitor leaves a message for the next shift and takes a code
    visitor = await live_server.visitor()
    sent = await visitor.send("Nikogo nie ma? Zostawiam wiadomość: potrzebuję pomocy z mieszkaniem")
    assert sent["ok"], sent
    cid = sent["conversation"]["id"]
    issued = await visitor.call("case.code", {})
    assert issued["ok"], issued
    code = issued["code"]
    assert CODE.match(code), code
    # each call issues a fresh code; the previous one stops working
    again = await visitor.call("case.code", {})
    assert again["ok"]
    assert again["code"] != code
    old, code = code, again["code"]
    await visitor.close()  # the browser is closed: its token is gone with it

    # the next shift answers in the same conversation
    ania = await live_server.staff("ania", name="Ania")
    await ania.on_duty()
    assert await take(ania) == cid
    assert (await ania.send(cid, "Dzień dobry, tu Ania z porannej zmiany. Jak mogę pomóc?"))["ok"]

    # days later, another device: a new token resumes with the code and reads the answer
    device = await live_server.visitor()
    assert (await device.call("case.resume", {"code": old}))["error"]["code"] == "not_found"
    resumed = await device.call("case.resume", {"code": typed_badly(code)})
    assert resumed["ok"], resumed
    assert resumed["conversation"]["id"] == cid
    assert resumed["conversation"]["status"] == "active"
    assert resumed["conversation"]["networker"] == {"name": "Ania"}
    assert [m["text"] for m in resumed["messages"]] == [
        "Nikogo nie ma? Zostawiam wiadomość: potrzebuję pomocy z mieszkaniem",
        "Dzień dobry, tu Ania z porannej zmiany. Jak mogę pomóc?",
    ]
    assert "duty" in resumed
    assert resumed["queue"] is None

    # from then on the conversation goes on live, both ways, in the same case
    reply = await device.send("Dziękuję, jestem z powrotem")
    assert reply["ok"], reply
    assert reply["conversation"]["id"] == cid
    await ania.log.wait_for("message.new", lambda m: m["text"] == "Dziękuję, jestem z powrotem")
    assert (await ania.send(cid, "Świetnie, porozmawiajmy"))["ok"]
    await device.log.wait_for("message.new", lambda m: m["text"] == "Świetnie, porozmawiajmy")
    # a reconnect of the new token still opens the case's conversation
    rejoined = await device.join()
    assert rejoined["conversation"]["id"] == cid


async def test_two_conversations_of_one_case_show_in_the_history_with_notes(
    live_server: LiveServer,
) -> None:
    ania = await live_server.staff("ania", name="Ania")
    bartek = await live_server.staff("bartek", name="Bartek")
    sup = await live_server.staff("ewa", role="supervisor", name="Ewa")
    visitor = await live_server.visitor()

    # the first conversation, with Ania: an escalation, notes, a summary when closing
    assert (await visitor.send("Nie daję rady, chcę się zabić"))["ok"]
    await ania.on_duty()
    first = await take(ania)
    assert (await ania.send(first, "Jestem tu z tobą"))["ok"]
    conv_note = check_note(
        await ania.call("note.add", {"conversation_id": first, "text": "Mówi o myślach S."})
    )
    assert conv_note["conversation_id"] == first
    assert conv_note["kind"] == "note"
    assert conv_note["author"]["name"] == "Ania"
    assert conv_note["history"] == []
    case_note = check_note(
        await ania.call(
            "note.add",
            {"conversation_id": first, "scope": "case", "text": "Woli kontakt wieczorem"},
        )
    )
    assert case_note["conversation_id"] is None
    closed = await ania.call(
        "conversation.close",
        {"conversation_id": first, "outcome": "helped", "topics": ["mental_health"]},
    )
    assert closed["ok"], closed
    assert closed["conversation"]["case_id"] == case_note["case_id"]
    summary = check_note(
        await ania.call(
            "note.add",
            {"conversation_id": first, "kind": "summary", "text": "Plan bezpieczeństwa ustalony"},
        )
    )
    # a summary belongs to a conversation, not to the case
    refused = await ania.call(
        "note.add", {"conversation_id": first, "kind": "summary", "scope": "case", "text": "x"}
    )
    assert refused["error"]["code"] == "invalid"

    # the author edits a note: the earlier text is kept; nobody else may edit it
    edited = check_note(
        await ania.call("note.edit", {"note_id": conv_note["id"], "text": "Myśli samobójcze"})
    )
    assert edited["text"] == "Myśli samobójcze"
    assert edited["edited_at"] is not None
    assert [v["text"] for v in edited["history"]] == ["Mówi o myślach S."]
    other = await bartek.call("note.edit", {"note_id": conv_note["id"], "text": "cudzy"})
    assert other["error"]["code"] == "forbidden"
    missing = await ania.call("note.edit", {"note_id": "n_nonexistent", "text": "x"})
    assert missing["error"]["code"] == "not_found"

    # the same visitor comes back: a second conversation of the same case, with Bartek
    await ania.call("duty.stop", {})
    assert (await visitor.send("Znowu ja, jest trochę lepiej"))["ok"]
    await bartek.on_duty()
    second = await take(bartek)
    assert second != first

    history = check_history(await bartek.call("case.history", {"conversation_id": second}))
    assert history["id"] == case_note["case_id"]
    convs = history["conversations"]
    assert [c["id"] for c in convs] == [second, first]  # newest first
    assert convs[0]["current"] is True
    assert convs[1]["current"] is False
    assert convs[1]["networker"]["name"] == "Ania"
    assert convs[1]["outcome"] == "helped"
    assert convs[1]["topics"] == ["mental_health"]
    assert convs[1]["risk"] in ("high", "imminent")
    assert [e["source"] for e in convs[1]["escalations"]] == ["auto"]
    assert "self_harm" in convs[1]["escalations"][0]["categories"]
    assert [(n["kind"], n["text"]) for n in convs[1]["notes"]] == [
        ("note", "Myśli samobójcze"),
        ("summary", "Plan bezpieczeństwa ustalony"),
    ]
    assert convs[1]["notes"][0]["history"][0]["text"] == "Mówi o myślach S."
    assert [n["text"] for n in history["notes"]] == ["Woli kontakt wieczorem"]
    assert summary["id"] in {n["id"] for n in convs[1]["notes"]}
    assert await audit(live_server, "case.open") == []  # his own chat: no audit

    # Bartek opens the earlier transcript (Ania's chat): allowed, audited
    transcript = await bartek.call(
        "case.transcript", {"conversation_id": second, "transcript_id": first}
    )
    assert transcript["ok"], transcript
    assert [m["text"] for m in transcript["messages"]][:1] == ["Nie daję rady, chcę się zabić"]
    assert "Jestem tu z tobą" in [m["text"] for m in transcript["messages"]]
    opened = await audit(live_server, "transcript.open")
    assert [(a["actor_id"], a["subject"]) for a in opened] == [(bartek_id(history), first)]

    # Ania no longer has a chat of this case open to her through `second`: refused
    assert (await ania.call("case.history", {"conversation_id": second}))["error"][
        "code"
    ] == "forbidden"
    assert (
        await ania.call("case.transcript", {"conversation_id": second, "transcript_id": first})
    )["error"]["code"] == "forbidden"
    assert (await ania.call("note.add", {"conversation_id": second, "text": "x"}))["error"][
        "code"
    ] == "forbidden"
    # a conversation of another case is not reachable through this one
    stranger = await live_server.visitor()
    other_conv = (await stranger.send("inna sprawa"))["conversation"]["id"]
    assert (
        await bartek.call(
            "case.transcript", {"conversation_id": second, "transcript_id": other_conv}
        )
    )["error"]["code"] == "not_found"

    # a supervisor sees every case, audited
    seen = check_history(await sup.call("case.history", {"conversation_id": second}))
    assert [c["id"] for c in seen["conversations"]] == [second, first]
    assert [a["subject"] for a in await audit(live_server, "case.open")] == [history["id"]]


def bartek_id(history: dict[str, Any]) -> str:
    return str(history["conversations"][0]["networker"]["id"])


async def test_guessing_codes_is_refused(server_factory: Any, fake_clock: FakeClock) -> None:
    server: LiveServer = await server_factory(
        clock=fake_clock, resume_tries_count=3, resume_tries_all_count=7
    )
    owner = await server.visitor()
    assert (await owner.call("case.code", {}))["error"]["code"] == "not_found"  # no case yet
    assert (await owner.send("wiadomość"))["ok"]
    code = (await owner.call("case.code", {}))["code"]
    wrong = "0000-0000-0000" if normalize_code(code) != "000000000000" else "1111-1111-1111"

    # per token: three wrong codes, then refused even with the right one
    guesser = await server.visitor()
    for attempt in ("ZZZZ-ZZZZ-ZZZZ", wrong, "not a code at all"):
        assert (await guesser.call("case.resume", {"code": attempt}))["error"]["code"] == (
            "not_found"
        )
    limited = await guesser.call("case.resume", {"code": code})
    assert limited["error"]["code"] == "rate_limited"
    assert limited["retry_after"] > 0

    # globally: fresh tokens share one allowance (7 wrong codes an hour here)
    refused = None
    for _ in range(6):
        v = await server.visitor()
        for _ in range(2):
            r = await v.call("case.resume", {"code": wrong})
            if r["error"]["code"] == "rate_limited":
                refused = r
                break
        if refused:
            break
    assert refused is not None
    assert refused["retry_after"] > 0
    late = await server.visitor()
    assert (await late.call("case.resume", {"code": code}))["error"]["code"] == "rate_limited"

    # an hour later the right code works, and it is not counted
    fake_clock.advance(3601)
    for _ in range(3):
        ok = await late.call("case.resume", {"code": code})
        assert ok["ok"], ok
    # nothing was changed by the refusals: the owner's conversation is the one resumed
    assert ok["conversation"]["id"] == owner.conversation_id


async def test_resume_refused_while_another_chat_is_open(live_server: LiveServer) -> None:
    first = await live_server.visitor()
    assert (await first.send("pierwsza sprawa"))["ok"]
    code = (await first.call("case.code", {}))["code"]
    busy = await live_server.visitor()
    assert (await busy.send("moja otwarta rozmowa"))["ok"]
    refused = await busy.call("case.resume", {"code": code})
    assert refused["error"]["code"] == "conversation_open"
    # after ending it, the same token may continue the other case
    assert (await busy.call("conversation.leave", {}))["ok"]
    resumed = await busy.call("case.resume", {"code": code})
    assert resumed["ok"], resumed
    assert resumed["conversation"]["id"] == first.conversation_id
    # bad input changes nothing
    for bad in ({}, {"code": ""}, {"code": "x" * 65}, {"code": 123}, {"code": code, "x": 1}):
        assert (await busy.call("case.resume", bad))["error"]["code"] == "invalid"
    assert (await busy.call("case.code", {"x": 1}))["error"]["code"] == "invalid"


async def test_notes_refuse_bad_input(live_server: LiveServer) -> None:
    ania = await live_server.staff("ania")
    visitor = await live_server.visitor()
    assert (await visitor.send("hej"))["ok"]
    await ania.on_duty()
    cid = await take(ania)
    for bad in (
        {"conversation_id": cid, "text": "   "},
        {"conversation_id": cid, "text": "x", "scope": "everyone"},
        {"conversation_id": cid, "text": "x", "kind": "public"},
        {"conversation_id": cid},
    ):
        assert (await ania.call("note.add", bad))["error"]["code"] == "invalid", bad
    too_long = await ania.call("note.add", {"conversation_id": cid, "text": "x" * 4001})
    assert too_long["error"]["code"] == "too_long"
    history = check_history(await ania.call("case.history", {"conversation_id": cid}))
    assert history["notes"] == []
    assert history["conversations"][0]["notes"] == []
    assert (await ania.call("case.history", {"conversation_id": "c_missing"}))["error"][
        "code"
    ] == "not_found"
    # notes are never sent to the visitor
    check_note(await ania.call("note.add", {"conversation_id": cid, "text": "prywatne"}))
    assert (await ania.send(cid, "sentinel"))["ok"]
    await visitor.log.wait_for("message.new", lambda m: m["text"] == "sentinel")
    assert all("prywatne" not in str(data) for _, data in visitor.log.events)


async def test_the_code_is_stored_only_as_its_hash(live_server: LiveServer) -> None:
    visitor: Visitor = await live_server.visitor()
    assert (await visitor.send("hej"))["ok"]
    code = (await visitor.call("case.code", {}))["code"]
    async with live_server.svc.db.read() as s:
        rows = (await s.execute(text("SELECT code_hash FROM cases"))).all()
    assert len(rows) == 1
    assert rows[0][0]
    assert normalize_code(code) not in rows[0][0]
    assert code not in rows[0][0]


async def test_migration_gives_every_earlier_visitor_a_case_and_reverts(tmp_path: Path) -> None:
    """0010 on a database with a visitor and a conversation from before cases: the visitor gets
    a case holding the conversation; downgrading removes the case tables and columns again."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'cases.sqlite3'}"
    await asyncio.to_thread(upgrade, url, "0009")
    db = Database(url)
    t = "'2026-01-01 00:00:00.000000'"
    try:
        async with db.write() as s:
            await s.execute(
                text(
                    "INSERT INTO visitors(id, token_hash, language, created_at, blocked)"
                    f" VALUES ('v_old1', 'th', 'pl', {t}, false)"
                )
            )
            await s.execute(
                text(
                    "INSERT INTO conversations(id, visitor_id, status, priority, requeued,"
                    " created_at, queued_at, topics, language, first_message, last_seq, risk)"
                    f" VALUES ('c_old1', 'v_old1', 'closed', 0, false, {t}, {t}, '[]', 'pl', '',"
                    " 0, 'none')"
                )
            )
        await asyncio.to_thread(upgrade, url)
        async with db.read() as s:
            cases = (await s.execute(text("SELECT id, visitor_id FROM cases"))).all()
            convs = (await s.execute(text("SELECT id, case_id FROM conversations"))).all()
        assert [tuple(r) for r in cases] == [("k_old1", "v_old1")]
        assert [tuple(r) for r in convs] == [("c_old1", "k_old1")]
        await asyncio.to_thread(command.downgrade, alembic_config(url), "0009")
        async with db.read() as s:
            tables, columns = await sqlite_schema(s, "conversations")
        assert not tables & {"cases", "case_tokens", "case_notes", "case_note_versions"}
        assert "case_id" not in columns
    finally:
        await db.dispose()


async def test_the_code_of_an_erased_case_says_it_was_deleted(
    server_factory: Any, fake_clock: FakeClock
) -> None:
    """Coming back with the code of a conversation one deleted: `erased`, said plainly in the
    visitor's language, opening nothing; counted like a wrong code (a guesser gains no tries);
    a new code replaces it; the purge removes it after the transcript retention."""
    server: LiveServer = await server_factory(
        clock=fake_clock, resume_tries_count=2, retention_transcript_days=30
    )
    owner = await server.visitor()
    assert (await owner.send("moja sprawa Żurawinowa"))["ok"]
    code = (await owner.call("case.code", {}))["code"]
    assert (await owner.call("case.erase", {}))["ok"]

    back = await server.visitor(lang="pl")
    refused = await back.call("case.resume", {"code": code})
    assert refused["error"]["code"] == "erased", refused
    assert "usunięta" in refused["error"]["message"], refused
    state = await back.join()
    assert state["conversation"] is None
    assert state["messages"] == []
    english = await server.visitor(lang="en")
    refused = await english.call("case.resume", {"code": typed_badly(code)})
    assert refused["error"] == {
        "code": "erased",
        "message": "The conversation of this code was deleted at your request. Nothing of it "
        "is kept; you can start a new chat.",
    }
    # counted like a wrong code: the second try of this token is the last one
    assert (await back.call("case.resume", {"code": code}))["error"]["code"] == "erased"
    assert (await back.call("case.resume", {"code": code}))["error"]["code"] == "rate_limited"

    # past the transcript retention the purge removes it: then it is just a wrong code
    assert (await do_purge(server.svc, dry_run=True)).erased_codes == 0  # not yet
    fake_clock.advance(31 * 86400)
    await do_purge(server.svc)  # (or the daily run, woken by the clock, did it already)
    async with server.svc.db.read() as s:
        case = (await s.execute(select(Case))).scalar_one()
        assert (case.code_hash, case.code_erased_at) == (None, None)
    late = await server.visitor()
    assert (await late.call("case.resume", {"code": code}))["error"]["code"] == "not_found"


async def test_a_new_code_after_erasure_works(live_server: LiveServer) -> None:
    owner = await live_server.visitor()
    assert (await owner.send("pierwsza"))["ok"]
    old = (await owner.call("case.code", {}))["code"]
    assert (await owner.call("case.erase", {}))["ok"]
    assert (await owner.send("druga, po usunięciu"))["ok"]
    new = (await owner.call("case.code", {}))["code"]
    other = await live_server.visitor()
    assert (await other.call("case.resume", {"code": old}))["error"]["code"] == "not_found"
    resumed = await other.call("case.resume", {"code": new})
    assert resumed["ok"], resumed
    assert [m["text"] for m in resumed["messages"]] == ["druga, po usunięciu"]
