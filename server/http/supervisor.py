"""Supervisor pages: the live supervisor console, the past escalations with statistics and the
visitor blocks in force (lifted here).
Thin: role check, read, render. The live data arrives over the /console socket
(`supervisor.sync`, `escalation.*`, `queue.update`, `team.update`)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from aiohttp import web

from moderation.lexicon import CATEGORIES
from server import i18n
from server.actions import blocks as block_actions
from server.actions import escalations as esc_actions
from server.actions.duty import get_me
from server.actions.errors import ActionError
from server.constants import SUPERVISOR_ROLES
from server.db.models import ESCALATION_OUTCOMES, ESCALATION_STATUSES
from server.http import ui_strings
from server.http.pages import require_staff, staff_lang, translated_strings
from server.http.web import SERVICES, render
from server.settings import MAX_MESSAGE_CHARS

routes = web.RouteTableDef()

DEFAULT_DAYS = 7
MAX_DAYS = 366


def _no_store(response: web.StreamResponse) -> web.StreamResponse:
    response.headers["Cache-Control"] = "no-store"
    return response


@routes.get("/supervisor")
async def supervisor_console(request: web.Request) -> web.StreamResponse:
    staff = await require_staff(request, SUPERVISOR_ROLES)
    svc = request.app[SERVICES]
    lang = staff_lang(request, staff)
    me = await get_me(svc, staff.id)
    config = {
        "lang": lang,
        "langs": list(i18n.LANGS),
        "strings": translated_strings(ui_strings.SUPERVISOR_STRINGS),
        "outcomes": list(ESCALATION_OUTCOMES),
        "max_chars": MAX_MESSAGE_CHARS,
        "socket_path": "/socket.io",
        "me": me,
    }
    return _no_store(render(request, "supervisor.html", {"me": me, "config": config}, lang=lang))


def parse_period(query: Any, today: date) -> tuple[date, date, str | None]:
    """`from`/`to` (YYYY-MM-DD, both inclusive) of the filter form; default the last 7 days.
    Returns (from, to, error text or None); on an error the default period is used."""
    default = (today - timedelta(days=DEFAULT_DAYS - 1), today)
    raw_from, raw_to = (query.get("from") or "").strip(), (query.get("to") or "").strip()
    try:
        start = date.fromisoformat(raw_from) if raw_from else default[0]
        end = date.fromisoformat(raw_to) if raw_to else default[1]
    except ValueError:
        return (
            *default,
            i18n.gettext(i18n.N_("Dates must be written as YYYY-MM-DD, for example 2026-11-24.")),
        )
    if raw_from and not raw_to and start > end:
        end = start
    if start > end:
        return (*default, i18n.gettext(i18n.N_("The start date must not be after the end date.")))
    if (end - start).days >= MAX_DAYS:
        return (*default, i18n.gettext(i18n.N_("Choose a period of at most 366 days.")))
    return start, end, None


def _minutes(seconds: float | None) -> str:
    """A duration as h:mm:ss / m:ss for the tables (empty for none)."""
    if seconds is None:
        return ""
    s = max(0, round(seconds))
    hours, rest = divmod(s, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _between(a: str | None, b: str | None) -> float | None:
    if not a or not b:
        return None
    return (
        datetime.fromisoformat(b.replace("Z", "+00:00"))
        - datetime.fromisoformat(a.replace("Z", "+00:00"))
    ).total_seconds()


def label_tables(lang: str) -> dict[str, dict[str, str]]:
    """Names of statuses, categories, severities, sources and outcomes: the same texts the live
    console shows (SUPERVISOR_STRINGS), so a word means one thing everywhere."""
    names = i18n.translate_table(ui_strings.SUPERVISOR_STRINGS, lang)

    def pick(prefix: str, values: Any) -> dict[str, str]:
        return {v: names.get(prefix + v, v) for v in values}

    return {
        "status_names": pick("status_", ESCALATION_STATUSES),
        "category_names": pick("category_", (*CATEGORIES, "unspecified")),
        "severity_names": pick("risk_", ("concern", "high", "imminent")),
        "source_names": pick("source_", ("auto", "manual")),
        "outcome_names": pick("outcome_", ESCALATION_OUTCOMES),
    }


@routes.get("/supervisor/escalations")
async def escalation_history(request: web.Request) -> web.StreamResponse:
    staff = await require_staff(request, SUPERVISOR_ROLES)
    svc = request.app[SERVICES]
    lang = staff_lang(request, staff)
    with i18n.using(lang):
        start, end, error = parse_period(request.query, svc.clock.now().date())
        status = request.query.get("status", "")
        category = request.query.get("category", "")
        if status and status not in ESCALATION_STATUSES:
            error, status = error or i18n.gettext(i18n.N_("Unknown status; showing all.")), ""
        if category and category not in CATEGORIES:
            error, category = error or i18n.gettext(i18n.N_("Unknown category; showing all.")), ""
    since = datetime.combine(start, time.min, tzinfo=UTC)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC)
    history = await esc_actions.get_escalation_history(
        svc, since, until, status or None, category or None
    )
    stats = await esc_actions.get_escalation_stats(svc, since, until)
    rows = [
        {
            **row,
            "to_ack": _minutes(_between(row["raised_at"], row["acknowledged_at"])),
            "to_resolve": _minutes(_between(row["raised_at"], row["resolved_at"])),
        }
        for row in history
    ]
    durations = {
        key: _minutes(stats[key])
        for key in (
            "median_seconds_to_acknowledge",
            "median_seconds_to_resolve",
            "median_wait_urgent_seconds",
            "median_wait_other_seconds",
        )
    }
    me = await get_me(svc, staff.id)
    context = {
        "me": me,
        **label_tables(lang),
        "error": error,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "status": status,
        "category": category,
        "statuses": ESCALATION_STATUSES,
        "categories": CATEGORIES,
        "rows": rows,
        "stats": stats,
        "durations": durations,
    }
    return _no_store(
        render(request, "escalations.html", context, status=400 if error else 200, lang=lang)
    )


@routes.get("/supervisor/blocks")
async def blocks_page(request: web.Request) -> web.StreamResponse:
    """The visitor blocks in force (reason, who, since, until) with a button to lift each."""
    staff = await require_staff(request, SUPERVISOR_ROLES)
    svc = request.app[SERVICES]
    lang = staff_lang(request, staff)
    done = None
    if request.query.get("done") == "lifted":
        with i18n.using(lang):
            done = i18n.gettext(i18n.N_("The block was lifted: that visitor may write again."))
    context = {
        "me": await get_me(svc, staff.id),
        "blocks": await block_actions.get_active_blocks(svc, staff.id),
        "done": done,
        "error": None,
    }
    return _no_store(render(request, "blocks.html", context, lang=lang))


@routes.post("/supervisor/blocks/lift")
async def lift_block(request: web.Request) -> web.StreamResponse:
    """Lift one block (form field `block_id`); audited as visitor.unblock."""
    staff = await require_staff(request, SUPERVISOR_ROLES)
    svc = request.app[SERVICES]
    form = await request.post()
    try:
        await block_actions.do_lift_block(svc, staff.id, str(form.get("block_id", ""))[:40])
    except ActionError as exc:
        lang = staff_lang(request, staff)
        context = {
            "me": await get_me(svc, staff.id),
            "blocks": await block_actions.get_active_blocks(svc, staff.id),
            "done": None,
            "error": exc.message(lang),
        }
        return _no_store(render(request, "blocks.html", context, status=400, lang=lang))
    raise web.HTTPSeeOther("/supervisor/blocks?done=lifted")
