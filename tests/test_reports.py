"""Reports for coordinators and funders (/supervisor/reports, server/actions/reports.py): the
figures of a seeded set of conversations whose waits, first responses, outcomes, topics,
escalations, referrals and duty the fake clock set, the period and site filters, percentiles
against an independent computation (and PostgreSQL's own percentile_cont when the suite runs
on PostgreSQL), the CSV exports (the < 5 rule, headers, escaping) and who may open them."""

from __future__ import annotations

import asyncio
import csv
import io
import random
import statistics
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from alembic import command
from sqlalchemy import Float, literal, select, text

from server.actions.errors import ActionError
from server.actions.privacy import ERASED_BY_RETENTION, erase_conversations
from server.actions.reports import ReportQuery, get_report
from server.clock import FakeClock
from server.db.migrate import alembic_config, upgrade
from server.db.models import Staff as StaffRow
from server.db.session import Database
from server.db.stats import get_spreads
from tests.conftest import USE_PG, LiveServer
from tests.helpers import Staff, sqlite_schema
from tests.test_referrals import vetted
from tests.test_supervisor_pages import browser_session, get

WARSAW = ZoneInfo("Europe/Warsaw")
CRISIS_PL = "nie chce juz zyc, mam tabletki i zrobie to dzis"
DAY = date(2026, 11, 24)  # the fake clock starts on Tuesday 2026-11-24 12:00 UTC, 13:00 in Warsaw


@dataclass
class Seeded:
    server: LiveServer
    clock: FakeClock
    supervisor_id: str
    conversations: dict[int, str]
    categories: list[str]  # of the crisis message's escalation


async def staff_id(server: LiveServer, username: str) -> str:
    async with server.svc.db.read() as s:
        return str(
            (await s.execute(select(StaffRow.id).where(StaffRow.username == username))).scalar_one()
        )


async def start_chat(server: LiveServer, site: str, first: str = "Dzień dobry") -> str:
    visitor = await server.visitor(site=site)
    reply = await visitor.send(first)
    assert reply["ok"], reply
    return str(reply["conversation"]["id"])


async def take(ania: Staff, cid: str) -> None:
    taken = await ania.call("queue.take", {"conversation_id": cid})
    assert taken["ok"], taken
    assert (await ania.join(cid))["ok"]


async def close(ania: Staff, cid: str, outcome: str, topics: list[str]) -> None:
    reply = await ania.call(
        "conversation.close", {"conversation_id": cid, "outcome": outcome, "topics": topics}
    )
    assert reply["ok"], reply


async def answered_chat(
    server: LiveServer,
    clock: FakeClock,
    ania: Staff,
    site: str,
    wait: int,
    reply_after: int | None,
    outcome: str,
    topics: list[str],
    referral: tuple[str, str] | None = None,
) -> str:
    """A visitor writes; `wait` s later Ania takes the chat and `reply_after` s after that
    writes (None: never), records a `referral` (resource id, status) if given; then she closes
    it with `outcome` and `topics`."""
    cid = await start_chat(server, site)
    clock.advance(wait)
    await take(ania, cid)
    if reply_after is not None:
        clock.advance(reply_after)
        assert (await ania.send(cid, "Cześć, jestem tu"))["ok"]
    if referral is not None:
        resource, status = referral
        added = await ania.call("referral.add", {"conversation_id": cid, "resource_id": resource})
        assert added["ok"], added
        if status != "suggested":
            changed = await ania.call(
                "referral.update", {"referral_id": added["referral"]["id"], "status": status}
            )
            assert changed["ok"], changed
    await close(ania, cid, outcome, topics)
    return cid


async def seed(server_factory: Any) -> Seeded:
    """Eight conversations on Tuesday 2026-11-24 from 13:00 Warsaw time, seven from
    forum.example and one from other.example (see each line); a crisis escalation acknowledged
    after 120 s and resolved after 600 s, a manual one acknowledged after 30 s; two referrals;
    Ania on duty from 13:00 to 15:30."""
    clock = FakeClock()
    server: LiveServer = await server_factory(clock=clock, session_hours=24 * 30)
    resource = await vetted(server)
    marta = await server.staff("marta", role="supervisor", name="Marta")
    ania = await server.staff("ania", name="Ania")
    await ania.on_duty(capacity=3)  # 12:00 UTC = 13:00 in Warsaw
    conv: dict[int, str] = {}

    # 1: waited 60 s, first response after 90 s; a referral suggested
    conv[1] = await answered_chat(
        server, clock, ania, "forum.example", 60, 30, "helped", ["legal"], (resource, "suggested")
    )

    # 2: a crisis message; acknowledged after 120 s, taken after 120 s, answered after 150 s,
    # resolved 600 s after it was raised
    conv[2] = await start_chat(server, "forum.example", CRISIS_PL)
    alert = await marta.log.wait_for("escalation.new", lambda e: e["conversation_id"] == conv[2])
    clock.advance(120)
    assert (await marta.call("escalation.ack", {"escalation_id": alert["id"]}))["ok"]
    await take(ania, conv[2])
    clock.advance(30)
    assert (await ania.send(conv[2], "Jestem z Tobą"))["ok"]
    await close(ania, conv[2], "helped", ["legal", "addiction"])
    clock.advance(450)
    resolved = await marta.call(
        "escalation.resolve", {"escalation_id": alert["id"], "outcome": "safety_plan"}
    )
    assert resolved["ok"], resolved

    conv[3] = await answered_chat(
        server, clock, ania, "forum.example", 180, 60, "information_given", ["hiv_sti"]
    )

    # 4: waited 240 s, answered after 300 s; a referral that ended as attended
    conv[4] = await answered_chat(
        server,
        clock,
        ania,
        "forum.example",
        240,
        60,
        "referred",
        ["housing"],
        (resource, "attended"),
    )
    conv[5] = await answered_chat(server, clock, ania, "forum.example", 600, 0, "visitor_left", [])

    # 6: other.example, waited 30 s; Ania escalates by hand at once, Marta acknowledges 30 s
    # later, when Ania writes (first response after 60 s)
    conv[6] = await start_chat(server, "other.example")
    clock.advance(30)
    await take(ania, conv[6])
    raised = await ania.call(
        "escalation.raise", {"conversation_id": conv[6], "reason": "Boi się wrócić do domu"}
    )
    assert raised["ok"], raised
    clock.advance(30)
    ack = await marta.call("escalation.ack", {"escalation_id": raised["escalation"]["id"]})
    assert ack["ok"], ack
    assert (await ania.send(conv[6], "Porozmawiajmy"))["ok"]
    await close(ania, conv[6], "helped", ["mental_health"])

    # 8 (before 7, which stays in the queue): taken after 300 s, nobody wrote, closed
    conv[8] = await answered_chat(
        server, clock, ania, "forum.example", 300, None, "no_response", []
    )
    # 7: other.example, never taken
    conv[7] = await start_chat(server, "other.example")

    # Ania goes off duty at 15:30 in Warsaw; the report is read the next night at 01:00
    at = clock.now().replace(second=0, microsecond=0)
    clock.advance((at.replace(hour=14, minute=30) - clock.now()).total_seconds())
    assert (await ania.call("duty.stop", {}))["ok"]
    clock.advance((at.replace(day=25, hour=0, minute=0) - clock.now()).total_seconds())
    return Seeded(server, clock, await staff_id(server, "marta"), conv, alert["categories"])


async def report_for(seeded: Seeded, start: date, end: date, site: str | None = None) -> Any:
    return await get_report(
        seeded.server.svc, seeded.supervisor_id, ReportQuery(start, end, WARSAW, site)
    )


async def test_report_figures_of_a_seeded_day(server_factory: Any) -> None:
    seeded = await seed(server_factory)
    report = await report_for(seeded, DAY, DAY)

    assert (report.started, report.answered, report.not_answered) == (8, 6, 2)
    # waits of the taken chats: 30 60 120 180 240 300 600 s
    assert report.wait.n == 7
    assert report.wait.median == pytest.approx(180)
    assert report.wait.p90 == pytest.approx(420)  # 300 + 0.4 * (600 - 300)
    # first responses: 60 90 150 240 300 600 s
    assert report.first_response.n == 6
    assert report.first_response.median == pytest.approx(195)
    assert report.first_response.p90 == pytest.approx(450)
    assert [(d.day, d.started, d.answered) for d in report.days] == [(DAY, 8, 6)]

    assert report.outcomes == {
        "helped": 3,
        "information_given": 1,
        "referred": 1,
        "visitor_left": 1,
        "no_response": 1,
        "abusive": 0,
        "other": 0,
        "none": 1,
    }
    assert report.topics == {
        "legal": 2,
        "hiv_sti": 1,
        "addiction": 1,
        "mental_health": 1,
        "housing": 1,
        "violence": 0,
        "other": 0,
        "none": 3,  # 5 and 8 closed without, 7 still waiting
    }
    assert report.referrals == {
        "suggested": 1,
        "contacted": 0,
        "accepted": 0,
        "attended": 1,
        "declined": 0,
        "no_response": 0,
    }
    assert report.sites == [("forum.example", 6), ("other.example", 2)]
    assert report.other_sites == 0

    rows = {e.group: e for e in report.escalations}
    assert list(rows)[-1] == "all"
    everything = rows["all"]
    assert (everything.raised, everything.acknowledged, everything.resolved) == (2, 2, 1)
    assert everything.to_acknowledge.n == 2
    assert everything.to_acknowledge.median == pytest.approx(75)  # 30 and 120
    assert everything.to_acknowledge.p90 == pytest.approx(111)  # 30 + 0.9 * 90
    assert everything.to_resolve.median == pytest.approx(600)
    assert "self_harm" in seeded.categories
    for category in seeded.categories:  # the crisis message's
        row = rows[category]
        assert (row.raised, row.acknowledged, row.resolved) == (1, 1, 1)
        assert row.to_acknowledge.median == pytest.approx(120)
        assert row.to_resolve.median == pytest.approx(600)
    unspecified = rows["unspecified"]  # the one raised by hand
    assert (unspecified.raised, unspecified.acknowledged, unspecified.resolved) == (1, 1, 0)
    assert unspecified.to_acknowledge.median == pytest.approx(30)
    assert unspecified.to_resolve.n == 0
    assert unspecified.to_resolve.median is None
    for group, row in rows.items():
        if group not in (*seeded.categories, "unspecified", "all"):
            assert (row.raised, row.to_acknowledge.median) == (0, None), group

    # Tuesday (weekday 1) in Warsaw: everything started in the hour from 13:00; Ania was on
    # duty 13:00-15:30; the period has no other weekday, so those hours have no average
    tuesday = report.hours[1]
    assert [c.started for c in tuesday] == [0] * 13 + [8] + [0] * 10
    assert [c.on_duty for c in tuesday] == [0.0] * 13 + [1.0, 1.0, 0.5] + [0.0] * 8
    for weekday in (0, 2, 3, 4, 5, 6):
        assert all(c.started == 0 and c.on_duty is None for c in report.hours[weekday])

    # the stub of an erased conversation keeps its first response for the figures
    async with seeded.server.svc.db.write() as s:
        erased = await erase_conversations(
            s, [seeded.conversations[1]], seeded.clock.now(), ERASED_BY_RETENTION
        )
    assert erased.conversations == 1
    again = await report_for(seeded, DAY, DAY)
    assert (again.started, again.answered) == (8, 6)
    assert again.first_response == report.first_response
    assert again.wait == report.wait


async def test_report_period_and_site_filters(server_factory: Any) -> None:
    seeded = await seed(server_factory)
    other = await report_for(seeded, DAY, DAY, "other.example")
    assert (other.started, other.answered) == (2, 1)
    assert (other.wait.n, other.wait.median) == (1, pytest.approx(30))
    assert other.outcomes["helped"] == 1
    assert other.outcomes["none"] == 1
    assert sum(other.outcomes.values()) == 2
    assert other.topics["mental_health"] == 1
    assert other.topics["legal"] == 0
    escalations = {e.group: e for e in other.escalations}
    assert escalations["all"].raised == 1
    assert escalations["unspecified"].raised == 1
    assert escalations["self_harm"].raised == 0
    assert sum(other.referrals.values()) == 0
    # the list of sites to choose from stays whole
    assert other.sites == [("forum.example", 6), ("other.example", 2)]
    # duty is the whole team's, whatever the site
    assert other.hours[1][13].on_duty == 1.0

    forum = await report_for(seeded, DAY, DAY, "forum.example")
    assert (forum.started, forum.answered) == (6, 5)
    assert forum.wait.median == pytest.approx(210)  # 60 120 180 240 300 600
    assert forum.referrals["suggested"] == 1
    assert forum.referrals["attended"] == 1

    nowhere = await report_for(seeded, DAY, DAY, "unknown.example")
    assert (nowhere.started, nowhere.wait.n, nowhere.wait.median) == (0, 0, None)

    # the days before and after hold nothing of it; a week around it holds all of it
    for day in (date(2026, 11, 23), date(2026, 11, 25)):
        empty = await report_for(seeded, day, day)
        assert empty.started == 0, day
        assert sum(e.raised for e in empty.escalations) == 0
        assert sum(empty.referrals.values()) == 0
        assert empty.sites == []
    week = await report_for(seeded, date(2026, 11, 20), date(2026, 11, 26))
    assert week.started == 8
    assert [(d.day.day, d.started) for d in week.days] == [
        (20, 0),
        (21, 0),
        (22, 0),
        (23, 0),
        (24, 8),
        (25, 0),
        (26, 0),
    ]


def inclusive_percentile(values: list[float], percent: int) -> float:
    """The continuous percentile (linear interpolation between the nearest ranks), computed
    independently of the SQL: statistics.quantiles with the 'inclusive' method."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


async def test_percentiles_in_sql_match_an_independent_computation(live_server: LiveServer) -> None:
    rng = random.Random(18)
    groups: dict[str, list[float]] = {
        "one": [42.0],
        "two": [10.0, 20.0],
        "ties": [5.0, 5.0, 5.0, 7.0],
        "odd": [float(v) for v in (9, 1, 8, 2, 7, 3, 6)],
        "spread": [round(rng.uniform(-100, 10_000), 3) for _ in range(97)],
        "many": [float(rng.randint(0, 3600)) for _ in range(150)],
    }
    selects = [
        select(literal(g).label("g"), literal(v, Float).label("v"))
        for g, values in groups.items()
        for v in values
    ]
    selects.append(select(literal("one").label("g"), literal(None, Float).label("v")))
    async with live_server.svc.db.read() as s:
        spreads = await get_spreads(s, selects)
        assert set(spreads) == set(groups)
        for g, values in groups.items():
            assert spreads[g].n == len(values), g
            assert spreads[g].median == pytest.approx(statistics.median(values)), g
            assert spreads[g].p90 == pytest.approx(inclusive_percentile(values, 90)), g
            if USE_PG:  # and what PostgreSQL itself computes
                pg = (
                    await s.execute(
                        text(
                            "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v),"
                            " percentile_cont(0.9) WITHIN GROUP (ORDER BY v)"
                            " FROM unnest(CAST(:values AS DOUBLE PRECISION[])) AS t(v)"
                        ),
                        {"values": values},
                    )
                ).one()
                assert spreads[g].median == pytest.approx(pg[0]), g
                assert spreads[g].p90 == pytest.approx(pg[1]), g


# --- the page and its CSV exports ----------------------------------------------------------


def read_csv(body: str) -> list[list[str]]:
    assert body.startswith("\ufeff")  # spreadsheets then read it as UTF-8
    return list(csv.reader(io.StringIO(body[1:])))


async def test_csv_exports_hide_small_counts_and_times_from_few(server_factory: Any) -> None:
    seeded = await seed(server_factory)
    query = "from=2026-11-24&to=2026-11-24"
    async with browser_session(seeded.server, "boss", role="supervisor") as (http, _):
        status, body, _h = await get(http, f"{seeded.server.url}/supervisor/reports?{query}")
        assert status == 200
        assert 'id="stat-started">8<' in body  # exact on the page
        assert "“&lt; 5”" in body  # and it says what the files do

        async def table(key: str, extra: str = "") -> list[list[str]]:
            url = f"{seeded.server.url}/supervisor/reports/{key}.csv?{query}{extra}"
            async with http.get(url) as r:
                assert r.status == 200, key
                assert r.headers["Content-Type"].startswith("text/csv")
                assert r.headers["Cache-Control"] == "no-store"
                assert r.headers["Content-Disposition"] == (
                    f'attachment; filename="netreach-{key}-2026-11-24-2026-11-24'
                    + ("-other.example" if extra else "")
                    + '.csv"'
                )
                return read_csv(await r.text())

        # counts of 5 or more rounded to 5 (8 -> 10, 6 and 7 -> 5): "not answered" (2) cannot
        # be worked out as started minus answered, in this file or with the others
        assert await table("conversations") == [
            ["What", "Count"],
            ["Started", "10"],
            ["Answered", "5"],
            ["Not answered", "< 5"],
        ]
        assert await table("times") == [
            ["Measure", "Conversations", "Median (seconds)", "90th percentile (seconds)"],
            ["Wait until a networker took the chat", "5", "180", "420"],
            ["First response from staff", "5", "195", "450"],
        ]
        outcomes = await table("outcomes")
        assert outcomes[0] == ["Outcome", "Conversations"]
        assert outcomes[1:] == [
            ["Helped", "< 5"],
            [outcomes[2][0], "< 5"],
            [outcomes[3][0], "< 5"],
            [outcomes[4][0], "< 5"],
            [outcomes[5][0], "< 5"],
            [outcomes[6][0], "0"],
            [outcomes[7][0], "0"],
            ["No outcome recorded (open or closed without one)", "< 5"],
        ]
        assert await table("sites") == [
            ["Site", "Conversations"],
            ["forum.example", "5"],
            ["other.example", "< 5"],
        ]
        escalations = await table("escalations")
        assert escalations[-1][:4] == ["All escalations", "< 5", "< 5", "< 5"]
        assert escalations[-1][4:] == ["", "", "", ""]  # times from fewer than 5 left out
        hours = await table("hours")
        assert hours[0] == ["Day of the week", "Hour", "Started", "Networkers on duty (average)"]
        assert len(hours) == 1 + 7 * 24
        assert hours[1 + 24 + 13] == ["Tuesday", "13:00–14:00", "10", "1.0"]
        assert hours[1 + 24 + 15] == ["Tuesday", "15:00–16:00", "0", "0.5"]
        assert hours[1] == ["Monday", "00:00–01:00", "0", ""]
        assert await table("days") == [["Day", "Started", "Answered"], ["2026-11-24", "10", "5"]]
        assert (await table("conversations", "&site=other.example"))[1] == ["Started", "< 5"]
        # in Polish: the page, and the file's headings and labels as the page shows them
        status, body, _h = await get(
            http, f"{seeded.server.url}/supervisor/reports?{query}&lang=pl"
        )
        assert status == 200
        assert "<h1>Raporty</h1>" in body
        async with http.get(
            f"{seeded.server.url}/supervisor/reports/hours.csv?{query}&lang=pl"
        ) as r:
            polish = read_csv(await r.text())
        assert polish[0] == [
            "Dzień tygodnia",
            "Godzina",
            "Rozpoczęte",
            "Networkerzy na dyżurze (średnio)",
        ]
        assert polish[1 + 24 + 13] == ["wtorek", "13:00–14:00", "10", "1.0"]


async def test_the_page_writes_times_with_units_and_decimals_as_the_language_does(
    server_factory: Any,
) -> None:
    """On the page a wait of 180 s reads "3 min 0 s" under a heading without "(seconds)" (a
    bare "3:00" under "Median (seconds)" read as three hours or three seconds); the CSV keeps
    whole seconds under its "(seconds)" heading. A Polish page writes decimals with a comma."""
    seeded = await seed(server_factory)
    query = "from=2026-11-24&to=2026-11-24"
    async with browser_session(seeded.server, "boss", role="supervisor") as (http, _):
        status, body, _h = await get(
            http, f"{seeded.server.url}/supervisor/reports?{query}&lang=pl"
        )
        assert status == 200
        assert 'id="stat-wait-median">3 min 0 s<' in body
        times = body[body.index('id="table-times"') :]
        times = times[: times.index("</table>")]
        assert '<th scope="col">Mediana</th>' in times
        assert "sekundy" not in times
        assert "<td>3 min 0 s</td><td>7 min 0 s</td>" in times
        duty = body[body.index('id="heat-duty"') :]
        duty = duty[: duty.index("</table>")]
        assert ">0,5</td>" in duty
        assert ">0.5</td>" not in duty
        async with http.get(
            f"{seeded.server.url}/supervisor/reports/times.csv?{query}&lang=pl"
        ) as r:
            rows = read_csv(await r.text())
        assert rows[0][2] == "Mediana (sekundy)"
        assert rows[1][2:] == ["180", "420"]


async def test_csv_cells_are_quoted_and_never_formulas(live_server: LiveServer) -> None:
    hostile = '=HYPERLINK("http://evil.example","x"), "quoted"'
    for _ in range(6):
        visitor = await live_server.visitor(site=hostile)
        assert (await visitor.send("Dzień dobry"))["ok"]
    today = live_server.svc.clock.now().astimezone(WARSAW).date().isoformat()
    async with (
        browser_session(live_server, "boss", role="supervisor") as (http, _),
        http.get(f"{live_server.url}/supervisor/reports/sites.csv?from={today}&to={today}") as r,
    ):
        assert r.status == 200
        body = await r.text()
    rows = read_csv(body)
    assert rows == [["Site", "Conversations"], ["'" + hostile, "5"]]
    # the raw line: the cell quoted, its quotes doubled, so the comma stays inside it
    assert '"\'=HYPERLINK(""http://evil.example"",""x""), ""quoted"""' in body


async def test_reports_are_for_supervisors_and_refuse_bad_filters(live_server: LiveServer) -> None:
    paths = ["/supervisor/reports", "/supervisor/reports/outcomes.csv"]
    async with browser_session(live_server, None) as (http, _):
        for path in paths:
            status, _body, headers = await get(http, live_server.url + path)
            assert (status, headers["Location"]) == (302, f"/login?next={path}"), path
    async with browser_session(live_server, "ania") as (http, _):
        for path in paths:
            status, _body, _h = await get(http, live_server.url + path)
            assert status == 403, path
        status, body, _h = await get(http, live_server.url + "/console")
        assert 'href="/supervisor/reports"' not in body
    for role in ("supervisor", "admin"):
        async with browser_session(live_server, f"boss_{role}", role=role) as (http, _):
            status, body, headers = await get(http, live_server.url + "/supervisor/reports")
            assert status == 200, role
            assert headers["Cache-Control"] == "no-store"
            assert 'href="/supervisor/reports"' in body
            assert "/static/reports.js" in body
            assert "/static/reports.css" in body
            for key in ("conversations", "times", "days", "outcomes", "topics"):
                assert f'id="table-{key}"' in body
                assert f'href="/supervisor/reports/{key}.csv?from=' in body
            status, _body, _h = await get(http, live_server.url + "/supervisor/reports/secrets.csv")
            assert status == 404
    async with browser_session(live_server, "marta", role="supervisor") as (http, _):
        for query, words in (
            ("from=2026-13-45", "YYYY-MM-DD"),
            ("from=2026-05-10&to=2026-05-01", "start date must not be after the end date"),
            ("from=2020-01-01&to=2026-01-01", "at most 366 days"),
            ("site=" + "x" * 201, "at most 200 characters"),
        ):
            status, body, _h = await get(http, f"{live_server.url}/supervisor/reports?{query}")
            assert status == 400, query
            assert 'role="alert"' in body, query
            assert words in body, query
            status, body, _h = await get(
                http, f"{live_server.url}/supervisor/reports/days.csv?{query}"
            )
            assert status == 400, query
            assert words in body, query


async def test_report_refuses_a_networker_in_the_action_too(live_server: LiveServer) -> None:
    networker = await live_server.create_staff("ania")
    with pytest.raises(ActionError) as refused:
        await get_report(live_server.svc, networker["id"], ReportQuery(DAY, DAY, WARSAW))
    assert refused.value.code == "forbidden"


async def test_the_wait_ends_at_the_first_assignment_not_a_later_one(server_factory: Any) -> None:
    """A chat taken after 60 s, handed back to the queue (its networker went off duty) and
    taken again later still waited 60 s; the later assignment is not a second wait."""
    clock = FakeClock()
    server: LiveServer = await server_factory(clock=clock)
    ania = await server.staff("ania", name="Ania")
    await server.staff("marta", role="supervisor")
    await ania.on_duty()
    cid = await start_chat(server, "forum.example")
    clock.advance(60)
    await take(ania, cid)
    assert (await ania.call("duty.stop", {}))["ok"]  # back to the queue
    clock.advance(600)
    await ania.on_duty()
    await take(ania, cid)
    day = clock.now().astimezone(WARSAW).date()
    report = await get_report(
        server.svc, await staff_id(server, "marta"), ReportQuery(day, day, WARSAW)
    )
    assert (report.wait.n, report.wait.median) == (1, pytest.approx(60))
    assert (report.started, report.answered) == (1, 0)  # taken twice, never written in


async def test_migration_0018_keeps_who_is_on_duty_and_earlier_assignments(tmp_path: Path) -> None:
    """0018 on a database from before it: a networker on duty gets an open duty session from
    their duty_since, an assigned conversation its first assignment; downgrading removes the
    table and the columns again."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'reports.sqlite3'}"
    await asyncio.to_thread(upgrade, url, "0017")
    db = Database(url)
    t, later = "'2026-01-01 10:00:00.000000'", "'2026-01-01 10:05:00.000000'"
    try:
        async with db.write() as s:
            await s.execute(
                text(
                    "INSERT INTO staff(id, username, display_name, password_hash, role, is_active,"
                    " language, created_at, on_duty, capacity, auto_assign, duty_since)"
                    f" VALUES ('s_on', 'ania', 'Ania', 'x', 'networker', true, 'pl', {t}, true,"
                    f" 3, true, {t}), ('s_off', 'tomek', 'Tomek', 'x', 'networker', true, 'pl',"
                    f" {t}, false, 3, true, NULL)"
                )
            )
            await s.execute(
                text(
                    "INSERT INTO visitors(id, token_hash, language, created_at)"
                    f" VALUES ('v_old1', 'th', 'pl', {t})"
                )
            )
            await s.execute(
                text(
                    "INSERT INTO conversations(id, visitor_id, status, priority, requeued,"
                    " created_at, queued_at, topics, language, first_message, last_seq, risk,"
                    f" assigned_staff_id, assigned_at) VALUES ('c_old1', 'v_old1', 'active', 0,"
                    f" false, {t}, {t}, '[]', 'pl', '', 0, 'none', 's_on', {later})"
                )
            )
        await asyncio.to_thread(upgrade, url)
        async with db.read() as s:
            sessions = (
                await s.execute(text("SELECT staff_id, started_at, ended_at FROM duty_sessions"))
            ).all()
            first = (
                await s.execute(
                    text("SELECT first_assigned_at, first_response_at FROM conversations")
                )
            ).one()
        assert [tuple(r) for r in sessions] == [("s_on", t.strip("'"), None)]
        assert tuple(first) == (later.strip("'"), None)
        await asyncio.to_thread(command.downgrade, alembic_config(url), "0017")
        async with db.read() as s:
            tables, columns = await sqlite_schema(s, "conversations")
            kept = (await s.execute(text("SELECT count(*) FROM conversations"))).scalar_one()
        assert "duty_sessions" not in tables
        assert not columns & {"first_assigned_at", "first_response_at"}
        assert kept == 1
    finally:
        await db.dispose()


# --- found by an attack on issue 18 (attack18) -----------------------------------------------


def test_exported_counts_hide_small_ones_and_round_the_rest() -> None:
    from server.http.reports import export_count

    assert [export_count(n) for n in (0, 1, 4, 5, 7, 8, 12, 13, 1234)] == [
        0,
        "< 5",
        "< 5",
        5,
        5,
        10,
        10,
        15,
        1235,
    ]


async def test_far_dates_are_refused_not_a_server_error(live_server: LiveServer) -> None:
    """Year 9999 (or year 1) took the period's bounds past what a date holds: the reports
    page, its CSV files, the escalation history and the past conversations answered 500."""
    paths = (
        "/supervisor/reports",
        "/supervisor/reports/days.csv",
        "/supervisor/escalations",
        "/supervisor/conversations",
    )
    async with browser_session(live_server, "marta", role="supervisor") as (http, _):
        for query in (
            "from=9999-12-31&to=9999-12-31",
            "from=0001-01-01&to=0001-01-01",
            "from=9999-12-31",
            "to=0001-01-02",
        ):
            for path in paths:
                status, body, _h = await get(http, f"{live_server.url}{path}?{query}")
                assert status == 400, (path, query)
                assert "Choose dates from 2000-01-01 to 2099-12-31." in body, (path, query)
        # the period just inside the bounds is a report
        status, _body, _h = await get(
            http, f"{live_server.url}/supervisor/reports?from=2099-12-31&to=2099-12-31"
        )
        assert status == 200
