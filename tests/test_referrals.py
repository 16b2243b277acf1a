"""Referrals (issue 15): a case referred on to a library entry, moved through its statuses with
their history, listed when due for follow-up, refused to a networker who does not see the case,
recorded in one click when a card is shared. Real Socket.IO clients against a real server."""

from __future__ import annotations

import asyncio
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

from alembic import command
from pydantic import TypeAdapter
from sqlalchemy import text

from server.actions import resources as res
from server.actions.audit import get_audit
from server.clock import FakeClock
from server.db.migrate import alembic_config, upgrade
from server.db.session import Database
from server.protocol import Referral
from tests.conftest import LiveServer
from tests.helpers import Staff
from tests.resources.conftest import entry

DAY = 24 * 3600


def check_referral(reply: dict[str, Any]) -> dict[str, Any]:
    assert reply["ok"], reply
    TypeAdapter(Referral).validate_python(reply["referral"], strict=True)
    return dict(reply["referral"])


async def vetted(server: LiveServer, name: str = "Nieodpłatna pomoc prawna") -> str:
    svc = server.svc
    author = (await server.create_staff(f"author{secrets.token_hex(2)}"))["id"]
    vetter = (await server.create_staff(f"vetter{secrets.token_hex(2)}", role="supervisor"))["id"]
    data = entry(name, organization_name="Ministerstwo Sprawiedliwości")
    r = await res.do_create_resource(svc, author, res.check_resource_input(data))
    await res.do_submit_resource(svc, author, r.id)
    await res.do_vet_resource(svc, vetter, r.id)
    return r.id


async def chat(server: LiveServer, staff: Staff, text: str = "Potrzebuję porady prawnej") -> str:
    visitor = await server.visitor()
    assert (await visitor.send(text))["ok"]
    await staff.on_duty()
    taken = await staff.call("queue.take", {})
    assert taken["ok"], taken
    cid = str(taken["conversation"]["id"])
    assert (await staff.join(cid))["ok"]
    return cid


async def due_ids(staff: Staff) -> list[str]:
    reply = await staff.call("referral.list_due", {})
    assert reply["ok"], reply
    for r in reply["referrals"]:
        TypeAdapter(Referral).validate_python(r, strict=True)
    return [r["id"] for r in reply["referrals"]]


async def test_a_referral_is_recorded_and_moves_through_its_statuses_with_history(
    server_factory: Any, fake_clock: FakeClock
) -> None:
    server: LiveServer = await server_factory(clock=fake_clock, session_hours=24 * 30)
    rid = await vetted(server)
    ania = await server.staff("ania", name="Ania")
    cid = await chat(server, ania)
    in_three_days = (fake_clock.now() + timedelta(days=3)).date().isoformat()

    added = check_referral(
        await ania.call(
            "referral.add",
            {
                "conversation_id": cid,
                "resource_id": rid,
                "follow_up": in_three_days,
                "note": "Umówić na wtorek, zapytać o tłumacza",
            },
        )
    )
    assert added["status"] == "suggested"
    assert added["follow_up"] == in_three_days
    assert added["due"] is False
    assert added["note"] == "Umówić na wtorek, zapytać o tłumacza"
    assert added["resource"] == {
        "id": rid,
        "name": "Nieodpłatna pomoc prawna",
        "organization": "Ministerstwo Sprawiedliwości",
    }
    assert added["author"]["name"] == "Ania"
    assert [h["status"] for h in added["history"]] == ["suggested"]

    # the next day Ania contacted the service; two days later the visitor was accepted
    fake_clock.advance(DAY)
    contacted = check_referral(
        await ania.call("referral.update", {"referral_id": added["id"], "status": "contacted"})
    )
    fake_clock.advance(2 * DAY)
    accepted = check_referral(
        await ania.call("referral.update", {"referral_id": added["id"], "status": "accepted"})
    )
    assert [h["status"] for h in accepted["history"]] == ["suggested", "contacted", "accepted"]
    assert [h["staff"]["name"] for h in accepted["history"]] == ["Ania"] * 3
    assert accepted["history"][1]["at"] == contacted["updated_at"]
    assert accepted["history"][1]["at"] < accepted["history"][2]["at"]
    # the same status again adds nothing; the note and date are left as they were
    same = check_referral(
        await ania.call("referral.update", {"referral_id": added["id"], "status": "accepted"})
    )
    assert len(same["history"]) == 3
    assert same["note"] == "Umówić na wtorek, zapytać o tłumacza"
    # the note is cleared with null, the date changed
    cleared = check_referral(
        await ania.call(
            "referral.update",
            {"referral_id": added["id"], "note": None, "follow_up": "2030-01-02"},
        )
    )
    assert cleared["note"] is None
    assert cleared["follow_up"] == "2030-01-02"
    assert cleared["status"] == "accepted"

    # the case history lists it
    history = await ania.call("case.history", {"conversation_id": cid})
    assert history["ok"], history
    assert [r["id"] for r in history["case"]["referrals"]] == [added["id"]]
    assert history["case"]["referrals"][0]["status"] == "accepted"


async def test_referrals_due_are_listed_for_the_team_when_the_day_comes(
    server_factory: Any, fake_clock: FakeClock
) -> None:
    server: LiveServer = await server_factory(clock=fake_clock, session_hours=24 * 30)
    rid = await vetted(server)
    ania = await server.staff("ania", name="Ania")
    bartek = await server.staff("bartek", name="Bartek")
    ewa = await server.staff("ewa", role="supervisor", name="Ewa")
    mine = await chat(server, ania)
    theirs = await chat(server, bartek, "Szukam pomocy")

    def day(n: int) -> str:
        return (fake_clock.now() + timedelta(days=n)).date().isoformat()

    async def add(staff: Staff, cid: str, follow_up: str | None) -> str:
        body = {"conversation_id": cid, "resource_id": rid, "follow_up": follow_up}
        return check_referral(await staff.call("referral.add", body))["id"]

    later = await add(ania, mine, day(2))
    sooner = await add(ania, mine, day(1))
    undated = await add(ania, mine, None)
    bartek_s = await add(bartek, theirs, day(1))
    finished = await add(ania, mine, day(1))
    assert (await ania.call("referral.update", {"referral_id": finished, "status": "declined"}))[
        "ok"
    ]
    # nothing is due today; the sentinel: supervisors list too (and are audited)
    assert await due_ids(ania) == []
    assert await due_ids(ewa) == []

    fake_clock.advance(DAY)
    assert await due_ids(ania) == [sooner]
    assert await due_ids(bartek) == [bartek_s]
    fake_clock.advance(DAY)
    assert await due_ids(ania) == [sooner, later]
    due_for_ewa = await due_ids(ewa)
    assert set(due_for_ewa) == {sooner, later, bartek_s}
    assert due_for_ewa[-1] == later  # soonest first
    reply = await ewa.call("referral.list_due", {})
    assert all(r["due"] for r in reply["referrals"])
    assert undated not in due_for_ewa
    assert finished not in due_for_ewa

    # attended: off the list
    assert (await ania.call("referral.update", {"referral_id": sooner, "status": "attended"}))["ok"]
    assert await due_ids(ania) == [later]
    async with server.svc.db.read() as s:
        listed = await get_audit(s, action="referral.list_due")
    assert {a["actor"] for a in listed} == {"ewa"}
    assert listed[0]["details"] == {"role": "supervisor", "count": 3}


async def test_a_networker_without_access_is_refused(live_server: LiveServer) -> None:
    rid = await vetted(live_server)
    ania = await live_server.staff("ania", name="Ania")
    bartek = await live_server.staff("bartek", name="Bartek")
    ewa = await live_server.staff("ewa", role="supervisor", name="Ewa")
    cid = await chat(live_server, ania)
    added = check_referral(
        await ania.call(
            "referral.add",
            {"conversation_id": cid, "resource_id": rid, "note": "tylko dla zespołu"},
        )
    )
    refused = await bartek.call("referral.add", {"conversation_id": cid, "resource_id": rid})
    assert refused["error"]["code"] == "forbidden"
    refused = await bartek.call(
        "referral.update", {"referral_id": added["id"], "status": "attended"}
    )
    assert refused["error"]["code"] == "forbidden"
    assert (await bartek.call("referral.update", {"referral_id": "rf_nothere", "note": "x"}))[
        "error"
    ]["code"] == "not_found"
    # bad input: a clear error and nothing changed
    for bad in (
        {"referral_id": added["id"]},
        {"referral_id": added["id"], "status": "lost"},
        {"referral_id": added["id"], "status": None},
        {"referral_id": added["id"], "follow_up": "2026-02-31"},
        {"referral_id": added["id"], "note": "   "},
    ):
        reply = await ania.call("referral.update", bad)
        assert reply["error"]["code"] == "invalid", (bad, reply)
    bad_resource = await ania.call("referral.add", {"conversation_id": cid, "resource_id": "r_no"})
    assert bad_resource["error"]["code"] == "resource_not_found"
    history = await ania.call("case.history", {"conversation_id": cid})
    assert [(r["status"], r["note"], r["follow_up"]) for r in history["case"]["referrals"]] == [
        ("suggested", "tylko dla zespołu", None)
    ]
    # a supervisor may, and it is audited as opening the case
    moved = check_referral(
        await ewa.call("referral.update", {"referral_id": added["id"], "status": "contacted"})
    )
    assert moved["history"][-1]["staff"]["name"] == "Ewa"
    async with live_server.svc.db.read() as s:
        opened = await get_audit(s, action="case.open")
    assert [a["details"].get("referral") for a in opened] == [added["id"]]


async def test_sharing_a_card_records_a_suggested_referral_in_one_click(
    live_server: LiveServer,
) -> None:
    rid = await vetted(live_server)
    ania = await live_server.staff("ania", name="Ania")
    cid = await chat(live_server, ania)
    body = {"conversation_id": cid, "resource_id": rid, "client_id": "share-0001", "refer": True}
    shared = await ania.call("resource.share", body)
    referral = check_referral(shared)
    assert shared["message"]["resource"]["id"] == rid
    assert referral["status"] == "suggested"
    assert referral["resource"]["id"] == rid
    assert referral["conversation_id"] == cid
    # a resent share records no second referral
    again = await ania.call("resource.share", body)
    assert again["message"]["id"] == shared["message"]["id"]
    assert again["referral"]["id"] == referral["id"]
    # a share without `refer` records none
    plain = await ania.call(
        "resource.share", {"conversation_id": cid, "resource_id": rid, "client_id": "share-0002"}
    )
    assert plain["ok"]
    assert "referral" not in plain
    history = await ania.call("case.history", {"conversation_id": cid})
    assert [r["id"] for r in history["case"]["referrals"]] == [referral["id"]]


async def test_migration_adds_the_referral_tables_and_reverts(tmp_path: Path) -> None:
    """0015 creates referrals and referral_changes; downgrading to 0014 removes them."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'referrals.sqlite3'}"
    await asyncio.to_thread(upgrade, url)
    db = Database(url)

    async def tables() -> set[str]:
        async with db.read() as s:
            rows = await s.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))
            return set(rows.scalars().all())

    try:
        assert {"referrals", "referral_changes"} <= await tables()
        await asyncio.to_thread(command.downgrade, alembic_config(url), "0014")
        assert not {"referrals", "referral_changes"} & await tables()
        await asyncio.to_thread(upgrade, url)
        assert {"referrals", "referral_changes"} <= await tables()
    finally:
        await db.dispose()
