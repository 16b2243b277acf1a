"""Reports for coordinators and funders (issue 18): for a period (whole days in the
organisation's time zone) and one site or all, how many conversations started and were
answered, how long visitors waited and when staff first wrote, outcomes, topics, escalations by
category with their times to acknowledge and resolve, referrals by status, the sites visitors
came from, and per hour of the week the conversations started beside the networkers on duty.

Only aggregates, nothing about one conversation, so reading a report is not audited. Every
figure is counted by the database (server/db/stats.py: the same SQL on SQLite and PostgreSQL,
percentiles by window functions); no message is read into Python. Two things are put together
here from rows the database already reduced: conversations are counted per UTC hour in SQL
(at most 24 × 366 rows) and placed in days and hours of the week here, with the time zone's
rules (SQLite has no time zone database); and duty sessions (a few per networker and day) are
cut into hours here for the same reason. A zone whose offset from UTC is not whole hours
(e.g. Asia/Kolkata) is placed by the hour its UTC hour starts in.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from moderation.lexicon import CATEGORIES
from server.actions.access import check_supervisor
from server.db.models import (
    OUTCOMES,
    REFERRAL_STATUSES,
    TOPICS,
    Conversation,
    DutySession,
    Escalation,
    Referral,
)
from server.db.stats import (
    Spread,
    first_response_at,
    get_spreads,
    json_list_empty,
    json_list_has,
    seconds_between,
    utc_hour,
)
from server.services import Services

HOUR = timedelta(hours=1)
NONE = "none"  # no outcome recorded, no topic tagged
UNSPECIFIED = "unspecified"  # an escalation raised by hand without a category
ALL = "all"  # every escalation of the period, whatever its categories
ESCALATION_GROUPS = (*CATEGORIES, UNSPECIFIED, ALL)
MAX_SITES = 100  # sites listed one by one; the rest are counted together


@dataclass(frozen=True)
class ReportQuery:
    """What a report covers: the days `start` to `end` (both included) in `zone`, and the
    conversations of one `site` (as the widget named it) or of all (None)."""

    start: date
    end: date
    zone: ZoneInfo
    site: str | None = None

    @property
    def since(self) -> datetime:
        """The period's first moment (the start day's midnight in the zone), in UTC."""
        return datetime.combine(self.start, time.min, tzinfo=self.zone).astimezone(UTC)

    @property
    def until(self) -> datetime:
        """The moment after the period (the midnight after the end day in the zone), in UTC."""
        return datetime.combine(
            self.end + timedelta(days=1), time.min, tzinfo=self.zone
        ).astimezone(UTC)


@dataclass(frozen=True)
class DayRow:
    """One day of the period (in the zone): conversations started, and of them answered."""

    day: date
    started: int
    answered: int


@dataclass(frozen=True)
class EscalationRow:
    """Escalations raised in the period in one category (`group`: a category, `unspecified`,
    or `all`; an escalation of two categories counts in both), how many of them were
    acknowledged and resolved, and the seconds it took (from being raised)."""

    group: str
    raised: int
    acknowledged: int
    resolved: int
    to_acknowledge: Spread
    to_resolve: Spread


@dataclass(frozen=True)
class HourCell:
    """One hour of the week (in the zone): conversations started in it over the period, and
    the average number of staff on duty in it (None when the period had no such hour up to
    now, e.g. an hour skipped by a change to summer time)."""

    started: int
    on_duty: float | None


@dataclass
class Report:
    """A report's figures. Counts are whole numbers, times are seconds. `sites` is every site
    of the period, however `query.site` is set (the page offers them to choose from), most
    conversations first, at most MAX_SITES; `other_sites` counts the conversations of the
    rest. `hours[weekday][hour]`: weekday 0 is Monday."""

    query: ReportQuery
    started: int = 0
    answered: int = 0
    wait: Spread = field(default_factory=lambda: Spread(0, None, None))
    first_response: Spread = field(default_factory=lambda: Spread(0, None, None))
    days: list[DayRow] = field(default_factory=list)
    outcomes: dict[str, int] = field(default_factory=dict)
    topics: dict[str, int] = field(default_factory=dict)
    escalations: list[EscalationRow] = field(default_factory=list)
    referrals: dict[str, int] = field(default_factory=dict)
    sites: list[tuple[str | None, int]] = field(default_factory=list)
    other_sites: int = 0
    hours: list[list[HourCell]] = field(default_factory=list)

    @property
    def not_answered(self) -> int:
        """Conversations nobody on the staff wrote in (yet)."""
        return self.started - self.answered


def _site_filter(query: ReportQuery) -> list[Any]:
    return [] if query.site is None else [Conversation.site == query.site]


def _started_in(query: ReportQuery) -> list[Any]:
    return [
        Conversation.created_at >= query.since,
        Conversation.created_at < query.until,
        *_site_filter(query),
    ]


async def get_report(svc: Services, staff_id: str, query: ReportQuery) -> Report:
    """The report for `query`, for a supervisor or admin (else ActionError forbidden). Reads
    only; the figures of the part of the period still to come are what there is so far."""
    now = svc.clock.now()
    report = Report(query=query)
    async with svc.db.read() as s:
        await check_supervisor(s, staff_id)
        per_hour = await _count_conversations(s, query, report)
        report.outcomes = await _count_outcomes(s, query)
        report.topics = await _count_topics(s, query)
        report.escalations = await _count_escalations(s, query)
        report.referrals = await _count_referrals(s, query)
        report.sites, report.other_sites = await _count_sites(s, query)
        sessions = await _duty_sessions(s, query, now)
    report.hours = _hours_of_week(query, now, per_hour, sessions)
    return report


def _hour_start(hour: str) -> datetime:
    """The start of a UTC hour given as `YYYY-MM-DD HH` (server/db/stats.py utc_hour)."""
    return datetime.strptime(hour, "%Y-%m-%d %H").replace(tzinfo=UTC)


async def _count_conversations(
    s: AsyncSession, query: ReportQuery, report: Report
) -> dict[datetime, int]:
    """Fill the conversations' figures (started, answered, waits, first responses, days);
    return the conversations started per UTC hour (the start of the hour -> how many)."""
    started = (
        select(
            Conversation.created_at.label("created_at"),
            Conversation.first_assigned_at.label("assigned_at"),
            first_response_at().label("response_at"),
        )
        .where(*_started_in(query))
        .subquery("started")
    )
    hour = utc_hour(started.c.created_at).label("hour")
    hourly = (
        await s.execute(
            select(hour, func.count(), func.count(started.c.response_at)).group_by(hour)
        )
    ).all()
    spreads = await get_spreads(
        s,
        [
            select(
                literal("wait").label("g"),
                seconds_between(started.c.created_at, started.c.assigned_at).label("v"),
            ),
            select(
                literal("first_response").label("g"),
                seconds_between(started.c.created_at, started.c.response_at).label("v"),
            ),
        ],
    )
    report.wait = spreads.get("wait", report.wait)
    report.first_response = spreads.get("first_response", report.first_response)
    days = {
        query.start + timedelta(days=i): [0, 0] for i in range((query.end - query.start).days + 1)
    }
    per_hour: dict[datetime, int] = {}
    for hour_text, n, answered in hourly:
        start = _hour_start(str(hour_text))
        per_hour[start] = int(n)
        report.started += int(n)
        report.answered += int(answered)
        counts = days.get(start.astimezone(query.zone).date())
        if counts is not None:
            counts[0] += int(n)
            counts[1] += int(answered)
    report.days = [DayRow(d, n, a) for d, (n, a) in days.items()]
    return per_hour


async def _count_outcomes(s: AsyncSession, query: ReportQuery) -> dict[str, int]:
    """Conversations started in the period by their outcome (`none`: open, or closed without
    one), every outcome listed."""
    rows = (
        await s.execute(
            select(Conversation.outcome, func.count())
            .where(*_started_in(query))
            .group_by(Conversation.outcome)
        )
    ).all()
    counts = dict.fromkeys((*OUTCOMES, NONE), 0)
    for outcome, n in rows:
        key = outcome if outcome in counts else NONE
        counts[key] += int(n)
    return counts


async def _count_topics(s: AsyncSession, query: ReportQuery) -> dict[str, int]:
    """Conversations started in the period with each topic (a conversation of two topics
    counts for both; `none`: without a topic), every topic listed."""
    columns = [func.count().filter(json_list_has(Conversation.topics, t)).label(t) for t in TOPICS]
    columns.append(func.count().filter(json_list_empty(Conversation.topics)).label(NONE))
    row = (await s.execute(select(*columns).where(*_started_in(query)))).mappings().one()
    return {key: int(row[key] or 0) for key in (*TOPICS, NONE)}


def _escalation_group(group: str) -> list[Any]:
    if group == ALL:
        return []
    if group == UNSPECIFIED:
        return [json_list_empty(Escalation.categories)]
    return [json_list_has(Escalation.categories, group)]


async def _count_escalations(s: AsyncSession, query: ReportQuery) -> list[EscalationRow]:
    """Escalations raised in the period (of the site's conversations) per category, with
    their times to acknowledge and to resolve; every category listed, `all` last."""
    raised = [Escalation.raised_at >= query.since, Escalation.raised_at < query.until]
    if query.site is not None:
        raised.append(
            Escalation.conversation_id.in_(
                select(Conversation.id).where(Conversation.site == query.site)
            )
        )
    acknowledged = seconds_between(Escalation.raised_at, Escalation.acknowledged_at)
    resolved = seconds_between(Escalation.raised_at, Escalation.resolved_at)
    counts: list[Select[str, int, int, int]] = []
    values: list[Select[str, float]] = []
    for group in ESCALATION_GROUPS:
        where = [*raised, *_escalation_group(group)]
        counts.append(
            select(
                literal(group).label("g"),
                func.count().label("raised"),
                func.count(Escalation.acknowledged_at).label("acknowledged"),
                func.count(Escalation.resolved_at).label("resolved"),
            ).where(*where)
        )
        values.append(
            select(literal("ack:" + group).label("g"), acknowledged.label("v")).where(*where)
        )
        values.append(
            select(literal("resolve:" + group).label("g"), resolved.label("v")).where(*where)
        )
    rows = {str(r.g): r for r in (await s.execute(counts[0].union_all(*counts[1:]))).all()}
    spreads = await get_spreads(s, values)
    empty = Spread(0, None, None)
    return [
        EscalationRow(
            group=group,
            raised=int(rows[group].raised),
            acknowledged=int(rows[group].acknowledged),
            resolved=int(rows[group].resolved),
            to_acknowledge=spreads.get("ack:" + group, empty),
            to_resolve=spreads.get("resolve:" + group, empty),
        )
        for group in ESCALATION_GROUPS
    ]


async def _count_referrals(s: AsyncSession, query: ReportQuery) -> dict[str, int]:
    """Referrals recorded in the period (through the site's conversations) by the status they
    have now, every status listed."""
    where = [Referral.created_at >= query.since, Referral.created_at < query.until]
    if query.site is not None:
        where.append(
            Referral.conversation_id.in_(
                select(Conversation.id).where(Conversation.site == query.site)
            )
        )
    rows = (
        await s.execute(
            select(Referral.status, func.count()).where(*where).group_by(Referral.status)
        )
    ).all()
    counts = dict.fromkeys(REFERRAL_STATUSES, 0)
    for status, n in rows:
        if status in counts:
            counts[status] += int(n)
    return counts


async def _count_sites(
    s: AsyncSession, query: ReportQuery
) -> tuple[list[tuple[str | None, int]], int]:
    """Conversations started in the period per site (None: opened without one, e.g. the plain
    chat link), most first, whatever site the report is for; the first MAX_SITES and the
    number of conversations of the rest."""
    n = func.count().label("n")
    rows = (
        await s.execute(
            select(Conversation.site, n)
            .where(Conversation.created_at >= query.since, Conversation.created_at < query.until)
            .group_by(Conversation.site)
            .order_by(n.desc(), Conversation.site)
        )
    ).all()
    listed = [(site, int(count)) for site, count in rows[:MAX_SITES]]
    return listed, sum(int(count) for _site, count in rows[MAX_SITES:])


async def _duty_sessions(
    s: AsyncSession, query: ReportQuery, now: datetime
) -> list[tuple[datetime, datetime]]:
    """The duty sessions that overlap the period up to now, cut to it: (from, to) in UTC."""
    end = min(query.until, now)
    rows = (
        await s.execute(
            select(DutySession.started_at, DutySession.ended_at).where(
                DutySession.started_at < end,
                or_(DutySession.ended_at.is_(None), DutySession.ended_at > query.since),
            )
        )
    ).all()
    cut = [(max(a, query.since), min(b or end, end)) for a, b in rows]
    return [(a, b) for a, b in cut if a < b]


def _add_to_hours(
    seconds: defaultdict[tuple[int, int], float], start: datetime, end: datetime, zone: ZoneInfo
) -> None:
    """Add the time from `start` to `end` to `seconds`, per hour of the week (weekday, hour)
    in `zone` that each piece of it falls in."""
    t = start
    while t < end:
        hour = t.replace(minute=0, second=0, microsecond=0)
        piece_end = min(hour + HOUR, end)
        local = hour.astimezone(zone)
        seconds[local.weekday(), local.hour] += (piece_end - t).total_seconds()
        t = piece_end


def _hours_of_week(
    query: ReportQuery,
    now: datetime,
    started: dict[datetime, int],
    sessions: list[tuple[datetime, datetime]],
) -> list[list[HourCell]]:
    """The 7 × 24 hours of the week in the zone: conversations started in each over the
    period, and the staff on duty in each on average (staff-seconds on duty in that hour of
    the week / the seconds of such hours in the period up to now)."""
    demand: Counter[tuple[int, int]] = Counter()
    for start, n in started.items():
        local = start.astimezone(query.zone)
        demand[local.weekday(), local.hour] += n
    duty_seconds: defaultdict[tuple[int, int], float] = defaultdict(float)
    for a, b in sessions:
        _add_to_hours(duty_seconds, a, b, query.zone)
    # how many seconds of each hour of the week the period has had so far
    available: defaultdict[tuple[int, int], float] = defaultdict(float)
    _add_to_hours(available, query.since, min(query.until, now), query.zone)
    return [
        [
            HourCell(
                started=demand[day, hour],
                on_duty=duty_seconds[day, hour] / available[day, hour]
                if available[day, hour]
                else None,
            )
            for hour in range(24)
        ]
        for day in range(7)
    ]
