"""The privacy lifecycle (issue 16): erasure on request through a real socket (and the bytes gone
from the SQLite files), the retention purge with a moved clock, on one node a day, and
`netreach purge`."""

from __future__ import annotations

import glob
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from server.actions.audit import write_audit
from server.actions.privacy import do_daily_purge, do_purge
from server.clock import FakeClock
from server.db.models import (
    AuditLog,
    Case,
    CaseNote,
    CaseNoteVersion,
    Conversation,
    Escalation,
    Handover,
    Message,
    PurgeState,
    Visitor,
)
from tests.conftest import USE_PG, LiveServer

CRISIS = "nie chce juz zyc, mam tabletki i zrobie to dzis"
SECRET = "Zostawilam klucze u sasiadki Xylofonowej"  # the text we hunt for in the files


async def audit(server: LiveServer, action: str | None) -> list[AuditLog]:
    """Audit entries of one action (every entry: None), oldest first."""
    q = select(AuditLog).order_by(AuditLog.id)
    if action is not None:
        q = q.where(AuditLog.action == action)
    async with server.svc.db.read() as s:
        return list((await s.execute(q)).scalars())


def database_files(server: LiveServer) -> list[Path]:
    path = server.settings.database_url.split("///", 1)[1]
    return [Path(p) for p in glob.glob(path + "*") if not p.endswith("-shm")]


async def test_case_erase_through_the_socket_leaves_a_stub_and_no_bytes(
    live_server: LiveServer,
) -> None:
    ania = await live_server.staff("ania")
    marta = await live_server.staff("marta", role="supervisor")
    await ania.on_duty(capacity=2)
    visitor = await live_server.visitor()
    assert (await visitor.send(SECRET, nickname="Kasia Sekretna"))["ok"]
    assert (await visitor.send(CRISIS))["ok"]
    cid = (await ania.call("queue.take", {}))["conversation"]["id"]
    await ania.join(cid)
    assert (await ania.send(cid, "Odpowiedz networkerki Zyrafowej"))["ok"]
    # private notes about them: one on the conversation (edited: its earlier text is kept),
    # one on the case
    note = await ania.call("note.add", {"conversation_id": cid, "text": "Notatka Wydrowa"})
    assert note["ok"], note
    edited = await ania.call(
        "note.edit", {"note_id": note["note"]["id"], "text": "Notatka Bobrowa"}
    )
    assert edited["ok"], edited
    case_note = await ania.call(
        "note.add", {"conversation_id": cid, "scope": "case", "text": "Sprawa Jenotowa"}
    )
    assert case_note["ok"], case_note
    assert (await visitor.call("case.code", {}))["ok"]
    # a handover offer to the supervisor with a note about them (left waiting)
    marta_id = (await marta.call("console.sync", {}))["me"]["id"]
    offer = await ania.call(
        "handover.offer", {"conversation_id": cid, "staff_id": marta_id, "note": "Adres Kunowa 5"}
    )
    assert offer["ok"], offer
    assert (
        await ania.call(
            "conversation.close",
            {"conversation_id": cid, "outcome": "helped", "topics": ["violence"]},
        )
    )["ok"]
    # a second conversation of the same visitor, still open, watched by a supervisor
    assert (await visitor.send("Druga rozmowa Pelikanowa"))["ok"]
    cid2 = visitor.conversation_id
    assert cid2 != cid
    assert (await marta.call("conversation.watch", {"conversation_id": cid2, "last_seq": 0}))["ok"]

    reply = await visitor.call("case.erase", {})
    assert reply == {"ok": True, "erased": {"conversations": 2, "messages": 5}}, reply

    # staff with the chat open are told at once; the open chat was closed first
    erased = await marta.log.wait_for("conversation.erased", lambda e: e["conversation_id"] == cid2)
    assert erased == {"conversation_id": cid2, "reason": "visitor_request"}
    await ania.log.wait_for("conversation.erased", lambda e: e["conversation_id"] == cid)

    async with live_server.svc.db.read() as s:
        assert await s.scalar(select(func.count()).select_from(Message)) == 0
        convs = {c.id: c for c in (await s.execute(select(Conversation))).scalars()}
        stub = convs[cid]
        assert stub.erased_at is not None
        assert stub.erased_reason == "visitor"
        assert (stub.nickname, stub.first_message) == (None, "")
        # what stays for statistics
        assert (stub.outcome, stub.topics, stub.risk) == ("helped", ["violence"], "imminent")
        assert convs[cid2].status == "closed"
        assert convs[cid2].close_reason == "visitor_left"
        esc = (await s.execute(select(Escalation))).scalar_one()
        assert (esc.message_id, esc.matches, esc.reason, esc.note) == (None, {}, None, None)
        assert esc.categories
        assert esc.severity
        assert all(v.nickname is None for v in (await s.execute(select(Visitor))).scalars())
        # the notes about them are gone with their earlier texts; the resume code opens nothing
        # (its hash stays only to answer "deleted": tests/test_cases.py)
        assert await s.scalar(select(func.count()).select_from(CaseNote)) == 0
        assert await s.scalar(select(func.count()).select_from(CaseNoteVersion)) == 0
        case = (await s.execute(select(Case))).scalar_one()
        assert case.code_erased_at is not None
        assert case.code_issued_at is None
        assert [h.note for h in (await s.execute(select(Handover))).scalars()] == [""]
    entries = await audit(live_server, "conversation.erase")
    assert sorted(e.subject for e in entries) == sorted([cid, cid2])
    assert all(e.details["reason"] == "visitor" for e in entries)
    assert "Xylofonowej" not in str([e.details for e in await audit(live_server, None)])

    # the visitor comes back to nothing; a second request erases nothing
    state = await visitor.call("conversation.join", {"last_seq": 0})
    assert state["conversation"] is None
    assert state["messages"] == []
    assert (await visitor.call("case.erase", {}))["erased"] == {"conversations": 0, "messages": 0}
    # and staff cannot write anything new about them there
    late = await ania.call("note.add", {"conversation_id": cid, "text": "Spóźniona Sowia"})
    assert late["error"]["code"] == "erased"
    late = await ania.call(
        "note.add", {"conversation_id": cid, "scope": "case", "text": "Spóźniona Sowia"}
    )
    assert late["error"]["code"] == "erased"

    if not USE_PG:
        files = database_files(live_server)
        assert any(p.name.endswith(".sqlite3") for p in files)
        for path in files:
            data = path.read_bytes()
            for needle in (
                SECRET,
                "Zyrafowej",
                "Pelikanowa",
                "Kasia Sekretna",
                "tabletki",
                "Wydrowa",
                "Bobrowa",
                "Jenotowa",
                "Kunowa",
                "Sowia",
            ):
                assert needle.encode() not in data, (needle, path.name)


async def test_case_erase_of_a_visitor_who_never_wrote(live_server: LiveServer) -> None:
    visitor = await live_server.visitor()
    assert await visitor.call("case.erase", {}) == {
        "ok": True,
        "erased": {"conversations": 0, "messages": 0},
    }
    bad = await visitor.call("case.erase", {"everything": True})
    assert bad["ok"] is False
    assert bad["error"]["code"] == "invalid"


async def _closed_chat(server: LiveServer, staff: Any, text: str) -> str:
    visitor = await server.visitor()
    assert (await visitor.send(text))["ok"]
    cid = str((await staff.call("queue.take", {}))["conversation"]["id"])
    assert (
        await staff.call(
            "conversation.close", {"conversation_id": cid, "outcome": "helped", "topics": ["legal"]}
        )
    )["ok"]
    return cid


async def test_purge_with_a_moved_clock(server_factory: Any) -> None:
    clock = FakeClock()
    # the test purges itself (the node's own tick must not do it first)
    server = await server_factory(clock=clock, retention_transcript_days=90, presence_interval=1e9)
    ania = await server.staff("ania")
    await ania.on_duty(capacity=5)
    old = await _closed_chat(server, ania, "stara rozmowa Kormoranowa")
    clock.advance(timedelta(days=60).total_seconds())
    # (ania's session has expired meanwhile: a colleague signs in)
    ola = await server.staff("ola")
    await ola.on_duty(capacity=5)
    young = await _closed_chat(server, ola, "nowsza rozmowa")
    async with server.svc.db.write() as s:  # an audit entry from long ago
        write_audit(s, clock.now() - timedelta(days=800), None, "test.ancient", None, {})

    clock.advance(timedelta(days=31).total_seconds())  # old: 91 days closed, young: 31
    dry = await do_purge(server.svc, dry_run=True)
    assert (dry.transcripts, dry.messages, dry.audit_entries) == (1, 1, 1)
    async with server.svc.db.read() as s:
        assert await s.scalar(select(func.count()).select_from(Message)) == 2  # dry: nothing

    report = await do_purge(server.svc)
    assert (report.transcripts, report.messages, report.audit_entries) == (1, 1, 1)
    async with server.svc.db.read() as s:
        convs = {c.id: c for c in (await s.execute(select(Conversation))).scalars()}
        assert convs[old].erased_reason == "retention"
        assert convs[old].outcome == "helped"
        assert convs[young].erased_at is None
        left = list((await s.execute(select(Message.conversation_id))).scalars())
        assert left == [young]
        assert (
            await s.scalar(
                select(func.count()).select_from(AuditLog).where(AuditLog.action == "test.ancient")
            )
            == 0
        )
    [entry] = await audit(server, "retention.purge")
    assert entry.details["transcripts"] == 1
    assert entry.details["audit_entries"] == 1
    again = await do_purge(server.svc)
    assert again.transcripts == 0
    assert again.audit_entries == 0


async def test_the_daily_purge_runs_on_one_node_once_a_day(server_factory: Any) -> None:
    clock = FakeClock()
    # (the nodes' own ticks never come: this test calls each node's daily purge itself)
    first = await server_factory(clock=clock, presence_interval=1e9)
    second = await server_factory(clock=clock, presence_interval=1e9)
    ania = await first.staff("ania")
    await ania.on_duty(capacity=5)
    await _closed_chat(first, ania, "do usuniecia po terminie")
    clock.advance(timedelta(days=91).total_seconds())
    # the tick of each node: exactly one of them runs it
    ran = [await do_daily_purge(first.svc), await do_daily_purge(second.svc)]
    assert sum(r is not None for r in ran) == 1
    assert next(r for r in ran if r is not None).transcripts == 1
    clock.advance(timedelta(hours=23).total_seconds())
    assert await do_daily_purge(first.svc) is None
    assert await do_daily_purge(second.svc) is None
    clock.advance(timedelta(hours=1).total_seconds())
    assert (await do_daily_purge(second.svc)) is not None
    assert await do_daily_purge(first.svc) is None


async def test_a_new_database_is_left_untouched_until_there_is_something_to_purge(
    server_factory: Any,
) -> None:
    clock = FakeClock()
    server = await server_factory(clock=clock, presence_interval=1e9)
    assert await do_daily_purge(server.svc) is None
    async with server.svc.db.read() as s:
        state = await s.get(PurgeState, 1)  # (a PostgreSQL test database starts without it)
        assert state is None or state.last_run_at is None


async def test_the_tick_runs_the_purge(server_factory: Any) -> None:
    clock = FakeClock()
    # the test runs the tick itself (the node's own would race its check)
    server = await server_factory(clock=clock, presence_interval=1e9)
    ania = await server.staff("ania")
    await ania.on_duty(capacity=5)
    await server.tick()  # the first tick: nothing to purge yet
    cid = await _closed_chat(server, ania, "rozmowa do terminu")
    clock.advance(timedelta(days=91).total_seconds())
    await server.tick()
    async with server.svc.db.read() as s:
        assert (await s.get(Conversation, cid)).erased_reason == "retention"  # type: ignore[union-attr]


@pytest.mark.skipif(USE_PG, reason="the command runs against the SQLite file of the test")
def test_netreach_purge_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from server.cli import main
    from server.db.migrate import upgrade

    url = f"sqlite+aiosqlite:///{tmp_path / 'p.sqlite3'}"
    upgrade(url)
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["purge", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "would remove transcripts: 0" in out
    assert "would remove audit entries: 0" in out
    assert main(["purge"]) == 0
    assert "removed transcripts: 0" in capsys.readouterr().out


async def test_the_database_lets_only_year_old_audit_entries_go(live_server: LiveServer) -> None:
    """Retention may delete old audit entries; younger ones stay append-only, and no entry can
    be changed (migration 0010's triggers, on both databases)."""
    from datetime import UTC, datetime

    from sqlalchemy import delete, update
    from sqlalchemy.exc import DBAPIError

    now = datetime.now(UTC)  # the database's own clock decides, not the app's
    async with live_server.svc.db.write() as s:
        write_audit(s, now - timedelta(days=400), None, "test.old", None, {})
        write_audit(s, now - timedelta(days=300), None, "test.young", None, {})
    async with live_server.svc.db.write() as s:
        await s.execute(delete(AuditLog).where(AuditLog.action == "test.old"))
    assert await audit(live_server, "test.old") == []
    with pytest.raises(DBAPIError, match="append-only"):
        async with live_server.svc.db.write() as s:
            await s.execute(delete(AuditLog).where(AuditLog.action == "test.young"))
    with pytest.raises(DBAPIError, match="append-only"):
        async with live_server.svc.db.write() as s:
            await s.execute(update(AuditLog).values(action="x"))
    assert len(await audit(live_server, "test.young")) == 1


async def test_escalation_alerts_carry_a_redacted_excerpt(live_server: LiveServer) -> None:
    marta = await live_server.staff("marta", role="supervisor")
    visitor = await live_server.visitor()
    text = "nie chce juz zyc, mam tabletki, moj numer 512 345 678, PESEL 44051401359"
    assert (await visitor.send(text))["ok"]
    alert = await marta.log.wait_for("escalation.new")
    assert alert["excerpt"] == ("nie chce juz zyc, mam tabletki, moj numer [phone], PESEL [pesel]")
    # the matched words stay (they are what the supervisor acts on)
    assert alert["matches"]
    synced = await marta.call("supervisor.sync", {})
    assert [e["excerpt"] for e in synced["escalations"]] == [alert["excerpt"]]
