"""The reports page for supervisors (`/supervisor/reports`) and a CSV export of each of its
tables (`/supervisor/reports/<table>.csv`), for a period and a site (server/actions/reports.py
counts). Thin: role check, the filter, one read, the tables in the page's language.

The page shows exact figures (only supervisors and admins open it); in the exports a count of 1
to 4 is written as "< 5", every other count but 0 is rounded to the nearest multiple of 5 (so
that a hidden count cannot be worked out as a total minus the other cells: started 8 and
answered 6 would give 2 not answered), and a time computed from fewer than 5 conversations or
escalations is left empty, so that nobody can be singled out of a file that leaves the service
(the page says so). Every chart has its table beside it with the same figures, and the charts are drawn
by widget/src/reports.js (Chart.js, bundled) from the JSON block `nr-report`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from aiohttp import web
from babel.dates import get_day_names
from babel.numbers import format_decimal

from server import i18n
from server.actions.duty import get_me
from server.actions.reports import (
    ALL,
    NONE,
    Report,
    ReportQuery,
    get_report,
)
from server.constants import SUPERVISOR_ROLES
from server.db.models import REFERRAL_STATUSES
from server.http import ui_strings
from server.http.pages import require_staff, staff_lang
from server.http.supervisor import label_tables, parse_period, review_labels
from server.http.web import SERVICES, csv_download, render

routes = web.RouteTableDef()

N_ = i18n.N_
SMALL = 5  # counts below this (but not 0) are "< 5" in exports
ROUND_TO = 5  # the other counts of exports are rounded to a multiple of this
DEFAULT_DAYS = 30
MAX_SITE_CHARS = 200  # as the widget sends it (server/realtime/schemas.py)
CHART_SITES = 10  # the chart of sites shows the first ten; the table has them all


@dataclass(frozen=True)
class Column:
    """A table's column: its heading and what it holds — `label` (text), `count` (a whole
    number of people's conversations or escalations), `seconds` (a time computed from the
    values counted in column `basis`) or `average` (a number with one decimal)."""

    heading: str
    kind: str = "count"
    basis: int | None = None
    # the heading on the page where it differs from the CSV's (times: the page writes
    # "3 min 5 s", the file whole seconds, which its heading names)
    page_heading: str | None = None


@dataclass(frozen=True)
class Table:
    """One of the report's tables; `key` names it (its CSV, its chart, its element ids)."""

    key: str
    title: str
    columns: list[Column]
    rows: list[list[Any]]


TABLE_KEYS = (
    "conversations",
    "times",
    "days",
    "outcomes",
    "topics",
    "escalations",
    "referrals",
    "sites",
    "hours",
)

# the tables drawn as charts: (Chart.js type, the columns drawn, one dataset each)
CHARTS: dict[str, tuple[str, list[int]]] = {
    "days": ("line", [1, 2]),
    "outcomes": ("bar", [1]),
    "topics": ("bar", [1]),
    "escalations": ("bar", [1]),
    "referrals": ("bar", [1]),
    "sites": ("bar", [1]),
    "hours": ("line", [2, 3]),
}


def export_count(value: int) -> int | str:
    """A count as the exports write it: 0 as it is, 1 to 4 as "< 5", any other to the nearest
    multiple of ROUND_TO (5-7 -> 5, 8-12 -> 10). Rounding every count, not only hiding the small
    ones, is what keeps a small count hidden when a total and the other cells are in the files
    (started 8 -> 10 and answered 6 -> 5 leave "not answered" anywhere from 1 to 4)."""
    if value == 0:
        return 0
    if value < SMALL:
        return f"< {SMALL}"
    return ROUND_TO * ((value + ROUND_TO // 2) // ROUND_TO)


def export_cell(table: Table, row: list[Any], index: int) -> Any:
    """A cell as the CSV export writes it: counts by `export_count` ("< 5", or rounded to 5),
    times in whole seconds (empty when computed from fewer than SMALL values or from none),
    averages to one decimal."""
    column, value = table.columns[index], row[index]
    if column.kind == "count":
        return export_count(value)
    if column.kind == "seconds":
        too_few = column.basis is not None and row[column.basis] < SMALL
        return "" if value is None or too_few else round(value)
    if column.kind == "average":
        return "" if value is None else round(value, 1)
    return value


def format_span(seconds: float | None, lang: str) -> str:
    """A time span as people read it in `lang`, with its units: "45 s", "3 min 5 s",
    "1 h 2 min" (Polish "1 godz. 2 min"); "–" for none. Rounded to whole seconds."""
    if seconds is None:
        return "–"
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return i18n.gettext(N_("%(h)d h %(m)d min"), lang) % {"h": hours, "m": minutes}
    if minutes:
        return i18n.gettext(N_("%(m)d min %(s)d s"), lang) % {"m": minutes, "s": secs}
    return i18n.gettext(N_("%(s)d s"), lang) % {"s": secs}


def format_average(value: float | None, lang: str) -> str:
    """A number with one decimal in `lang`'s way of writing it ("0,5" in Polish)."""
    return "–" if value is None else format_decimal(value, format="0.0", locale=lang)


def page_cell(table: Table, row: list[Any], index: int, lang: str = "en") -> str:
    """A cell as the page shows it in `lang`: exact counts, times with their units
    (`format_span`), averages to one decimal written as `lang` writes decimals."""
    column, value = table.columns[index], row[index]
    if value is None:
        return "–"
    if column.kind == "seconds":
        return format_span(value, lang)
    if column.kind == "average":
        return format_average(value, lang)
    return str(value)


def _hour_label(hour: int) -> str:
    return f"{hour:02d}:00–{(hour + 1) % 24:02d}:00"


def _count_table(
    key: str, title: str, headings: list[str], counts: dict[str, int], names: dict[str, str]
) -> Table:
    """A table of one count per kind (an outcome, a topic, a status), every kind in its
    order, named in `names` (a kind without a name: its key)."""
    return Table(
        key,
        title,
        [Column(headings[0], "label"), Column(headings[1])],
        [[names.get(kind, kind), n] for kind, n in counts.items()],
    )


def report_tables(report: Report, lang: str) -> dict[str, Table]:
    """The report's tables with their headings and labels in `lang`, by key (TABLE_KEYS)."""
    t = i18n.translate_table
    words = t(
        {
            "conversations": N_("Conversations"),
            "started": N_("Started"),
            "answered": N_("Answered"),
            "not_answered": N_("Not answered"),
            "count": N_("Count"),
            "what": N_("What"),
            "times": N_("Waits and first responses"),
            "measure": N_("Measure"),
            "wait": N_("Wait until a networker took the chat"),
            "first_response": N_("First response from staff"),
            "median": N_("Median (seconds)"),
            "p90": N_("90th percentile (seconds)"),
            "median_page": N_("Median"),
            "p90_page": N_("90th percentile"),
            "days": N_("Conversations per day"),
            "day": N_("Day"),
            "outcomes": N_("Outcomes"),
            "outcome": N_("Outcome"),
            "no_outcome": N_("No outcome recorded (open or closed without one)"),
            "topics": N_("Topics"),
            "topic": N_("Topic"),
            "no_topic": N_("No topic tagged"),
            "escalations": N_("Escalations by category"),
            "category": N_("Category"),
            "all_escalations": N_("All escalations"),
            "raised": N_("Raised"),
            "acknowledged": N_("Acknowledged"),
            "resolved": N_("Resolved"),
            "ack_median": N_("Median time to acknowledge (seconds)"),
            "ack_p90": N_("90th percentile time to acknowledge (seconds)"),
            "resolve_median": N_("Median time to resolve (seconds)"),
            "resolve_p90": N_("90th percentile time to resolve (seconds)"),
            "ack_median_page": N_("Median time to acknowledge"),
            "ack_p90_page": N_("90th percentile time to acknowledge"),
            "resolve_median_page": N_("Median time to resolve"),
            "resolve_p90_page": N_("90th percentile time to resolve"),
            "referrals": N_("Referrals by status"),
            "status": N_("Status"),
            "referral_count": N_("Referrals"),
            "sites": N_("Sites the visitors came from"),
            "site": N_("Site"),
            "no_site": N_("No site (the chat link)"),
            "other_sites": N_("Other sites"),
            "hours": N_("Hours of the week"),
            "weekday": N_("Day of the week"),
            "hour": N_("Hour"),
            "on_duty": N_("Networkers on duty (average)"),
        },
        lang,
    )
    console = review_labels(lang)
    categories = label_tables(lang)["category_names"]
    referral_names = t(
        {s: ui_strings.CONSOLE_STRINGS["referral_status_" + s] for s in REFERRAL_STATUSES}, lang
    )
    weekdays = get_day_names("wide", locale=lang)
    conversations = Table(
        "conversations",
        words["conversations"],
        [Column(words["what"], "label"), Column(words["count"])],
        [
            [words["started"], report.started],
            [words["answered"], report.answered],
            [words["not_answered"], report.not_answered],
        ],
    )
    times = Table(
        "times",
        words["times"],
        [
            Column(words["measure"], "label"),
            Column(words["conversations"]),
            Column(words["median"], "seconds", 1, words["median_page"]),
            Column(words["p90"], "seconds", 1, words["p90_page"]),
        ],
        [
            [words[key], spread.n, spread.median, spread.p90]
            for key, spread in (("wait", report.wait), ("first_response", report.first_response))
        ],
    )
    days = Table(
        "days",
        words["days"],
        [Column(words["day"], "label"), Column(words["started"]), Column(words["answered"])],
        [[d.day.isoformat(), d.started, d.answered] for d in report.days],
    )
    outcomes = _count_table(
        "outcomes",
        words["outcomes"],
        [words["outcome"], words["conversations"]],
        report.outcomes,
        {**console["conv_outcome_names"], NONE: words["no_outcome"]},
    )
    topics = _count_table(
        "topics",
        words["topics"],
        [words["topic"], words["conversations"]],
        report.topics,
        {**console["topic_names"], NONE: words["no_topic"]},
    )
    escalations = Table(
        "escalations",
        words["escalations"],
        [
            Column(words["category"], "label"),
            Column(words["raised"]),
            Column(words["acknowledged"]),
            Column(words["resolved"]),
            Column(words["ack_median"], "seconds", 2, words["ack_median_page"]),
            Column(words["ack_p90"], "seconds", 2, words["ack_p90_page"]),
            Column(words["resolve_median"], "seconds", 3, words["resolve_median_page"]),
            Column(words["resolve_p90"], "seconds", 3, words["resolve_p90_page"]),
        ],
        [
            [
                words["all_escalations"] if e.group == ALL else categories.get(e.group, e.group),
                e.raised,
                e.acknowledged,
                e.resolved,
                e.to_acknowledge.median,
                e.to_acknowledge.p90,
                e.to_resolve.median,
                e.to_resolve.p90,
            ]
            for e in report.escalations
        ],
    )
    referrals = _count_table(
        "referrals",
        words["referrals"],
        [words["status"], words["referral_count"]],
        report.referrals,
        referral_names,
    )
    site_rows = [[site or words["no_site"], n] for site, n in report.sites]
    if report.other_sites:
        site_rows.append([words["other_sites"], report.other_sites])
    sites = Table(
        "sites",
        words["sites"],
        [Column(words["site"], "label"), Column(words["conversations"])],
        site_rows,
    )
    hours = Table(
        "hours",
        words["hours"],
        [
            Column(words["weekday"], "label"),
            Column(words["hour"], "label"),
            Column(words["started"]),
            Column(words["on_duty"], "average"),
        ],
        [
            [weekdays[day], _hour_label(hour), cell.started, cell.on_duty]
            for day, cells in enumerate(report.hours)
            for hour, cell in enumerate(cells)
        ],
    )
    tables = (conversations, times, days, outcomes, topics, escalations, referrals, sites, hours)
    return {table.key: table for table in tables}


def chart_data(tables: dict[str, Table]) -> dict[str, dict[str, Any]]:
    """What widget/src/reports.js draws, per chart (CHARTS): {type, labels, datasets: [{label,
    data, axis}]}, the figures of the chart's table (the page's, exact); a dataset of averages
    is drawn on a second axis (`y2`)."""
    charts: dict[str, dict[str, Any]] = {}
    for key, (kind, columns) in CHARTS.items():
        table = tables[key]
        rows = table.rows
        if key == "escalations":
            rows = rows[:-1]  # the categories; "all" is their sum, not one more bar
        elif key == "sites":
            rows = rows[:CHART_SITES]
        charts[key] = {
            "type": kind,
            # an hour of the week is named by its day and hour: "Monday 00:00–01:00"
            "labels": [f"{r[0]} {r[1]}" if key == "hours" else str(r[0]) for r in rows],
            "datasets": [
                {
                    "label": table.columns[c].heading,
                    "data": [r[c] for r in rows],
                    "axis": "y2" if table.columns[c].kind == "average" else "y",
                }
                for c in columns
            ],
        }
    return charts


def _read_query(request: web.Request, lang: str) -> tuple[ReportQuery, str | None]:
    """The report's period and site from the query string (`from`, `to`, `site`), and the
    error text of a bad value (the default period is used then)."""
    svc = request.app[SERVICES]
    zone = ZoneInfo(svc.settings.time_zone)
    today = svc.clock.now().astimezone(zone).date()
    with i18n.using(lang):
        start, end, error = parse_period(request.query, today, DEFAULT_DAYS)
        site = request.query.get("site", "").strip()
        if len(site) > MAX_SITE_CHARS:
            error = error or i18n.gettext(N_("A site's name has at most 200 characters."))
            site = ""
    return ReportQuery(start, end, zone, site or None), error


def _filter_query(query: ReportQuery) -> str:
    values = {"from": query.start.isoformat(), "to": query.end.isoformat()}
    if query.site is not None:
        values["site"] = query.site
    return urlencode(values)


@routes.get("/supervisor/reports")
async def reports_page(request: web.Request) -> web.StreamResponse:
    """The report for the chosen period and site: figures, charts with their tables, and a
    CSV link under each table. A bad filter is refused with a clear error (400) and the
    default period shown."""
    staff = await require_staff(request, SUPERVISOR_ROLES)
    svc = request.app[SERVICES]
    lang = staff_lang(request, staff)
    query, error = _read_query(request, lang)
    report = await get_report(svc, staff.id, query)
    tables = report_tables(report, lang)
    sites = [site for site, _n in report.sites if site is not None]
    if query.site is not None and query.site not in sites:
        sites.insert(0, query.site)
    weekdays = get_day_names("abbreviated", locale=lang)
    context = {
        "me": await get_me(svc, staff.id),
        "error": error,
        "start": query.start.isoformat(),
        "end": query.end.isoformat(),
        "zone": svc.settings.time_zone,
        "site": query.site or "",
        "sites": sites,
        "report": report,
        "tables": tables,
        "heat": _heatmaps(report, [weekdays[d] for d in range(7)], lang),
        "cell": lambda table, row, index: page_cell(table, row, index, lang),
        "charts": chart_data(tables),
        "filter_query": _filter_query(query),
        "small": SMALL,
        "round_to": ROUND_TO,
        "wait_median": format_span(report.wait.median, lang),
        "wait_p90": format_span(report.wait.p90, lang),
        "response_median": format_span(report.first_response.median, lang),
    }
    response = render(request, "reports.html", context, status=400 if error else 200, lang=lang)
    response.headers["Cache-Control"] = "no-store"
    return response


def _heatmaps(report: Report, weekdays: list[str], lang: str) -> dict[str, Any]:
    """The two 7 × 24 tables of the hours of the week, each cell with a shade from 0 (none) to
    5 (the busiest hour): conversations started, and networkers on duty on average."""

    def shade(value: float | None, top: float) -> int:
        if not value or top <= 0:
            return 0
        return max(1, min(5, round(5 * value / top)))

    top_started = max((c.started for row in report.hours for c in row), default=0)
    top_duty = max((c.on_duty or 0.0 for row in report.hours for c in row), default=0.0)
    return {
        "weekdays": weekdays,
        "hours": list(range(24)),
        "started": [
            [(str(c.started), shade(c.started, top_started)) for c in row] for row in report.hours
        ],
        "on_duty": [
            [(format_average(c.on_duty, lang), shade(c.on_duty, top_duty)) for c in row]
            for row in report.hours
        ],
    }


@routes.get("/supervisor/reports/{table:[a-z_]+}.csv")
async def report_csv(request: web.Request) -> web.StreamResponse:
    """One table of the report as CSV, for the same filter as the page (`from`, `to`, `site`):
    the headings as on the page, small counts as "< 5" and the others rounded to 5 (see the
    module doc). 404 for an
    unknown table, 400 for a bad filter."""
    staff = await require_staff(request, SUPERVISOR_ROLES)
    key = request.match_info["table"]
    if key not in TABLE_KEYS:
        raise web.HTTPNotFound()
    svc = request.app[SERVICES]
    lang = staff_lang(request, staff)
    query, error = _read_query(request, lang)
    if error:  # the reason as plain text (a raised 400 would become the generic error page)
        return web.Response(status=400, text=error, content_type="text/plain", charset="utf-8")
    table = report_tables(await get_report(svc, staff.id, query), lang)[key]
    rows = [[c.heading for c in table.columns]]
    rows += [[export_cell(table, row, i) for i in range(len(row))] for row in table.rows]
    name = f"netreach-{key}-{query.start.isoformat()}-{query.end.isoformat()}"
    if query.site is not None:
        name += "-" + (re.sub(r"[^A-Za-z0-9.-]+", "_", query.site)[:60] or "site")
    return csv_download(rows, name + ".csv")
