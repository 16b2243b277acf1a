"""Supervisor pages: the live supervisor console, the past escalations with statistics, the
visitor blocks in force (lifted here), the audited review of past conversations (list,
read-only transcript, export), canned replies, and the lexicon review (messages on which staff
judged the crisis detector wrong, with their export to the corpus format). Thin: role check,
read, render. The live data arrives over the /console socket (`supervisor.sync`,
`escalation.*`, `queue.update`, `team.update`)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from moderation.lexicon import CATEGORIES
from server import i18n
from server.actions import blocks as block_actions
from server.actions import canned as canned_actions
from server.actions import escalations as esc_actions
from server.actions import lexicon_review, review
from server.actions.duty import get_me
from server.actions.errors import ActionError
from server.constants import SUPERVISOR_ROLES
from server.db.models import (
    ESCALATION_OUTCOMES,
    ESCALATION_STATUSES,
    LEXICON_REVIEW_KINDS,
    LEXICON_REVIEW_STATUSES,
    OUTCOMES,
    TOPICS,
)
from server.http import ui_strings
from server.http.pages import require_staff, staff_lang, translated_strings
from server.http.web import SERVICES, render
from server.settings import MAX_MESSAGE_CHARS

routes = web.RouteTableDef()

CID = r"{cid:c_[A-Za-z0-9_-]{1,40}}"
RISKS = ("none", "concern", "high", "imminent")

DEFAULT_DAYS = 7
MAX_DAYS = 366
# the dates a period may have: a day far outside these (year 1 or 9999) would take the period's
# bounds past what dates can hold (an OverflowError, a 500) and means nothing to a service
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)


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


def parse_period(
    query: Any, today: date, default_days: int = DEFAULT_DAYS
) -> tuple[date, date, str | None]:
    """`from`/`to` (YYYY-MM-DD, both inclusive) of the filter form; default the last
    `default_days` days up to `today`. Returns (from, to, error text or None); on an error the
    default period is used: a date that cannot be read, outside FIRST_DAY..LAST_DAY, a start
    after the end, or more than MAX_DAYS days."""
    default = (today - timedelta(days=default_days - 1), today)
    raw_from, raw_to = (query.get("from") or "").strip(), (query.get("to") or "").strip()
    try:
        start = date.fromisoformat(raw_from) if raw_from else default[0]
        end = date.fromisoformat(raw_to) if raw_to else default[1]
    except ValueError:
        return (
            *default,
            i18n.gettext(i18n.N_("Dates must be written as YYYY-MM-DD, for example 2026-11-24.")),
        )
    if not (FIRST_DAY <= start <= LAST_DAY and FIRST_DAY <= end <= LAST_DAY):
        return (
            *default,
            i18n.gettext(i18n.N_("Choose dates from %(first)s to %(last)s."))
            % {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()},
        )
    if raw_from and not raw_to and start > end:
        end = start
    if start > end:
        return (*default, i18n.gettext(i18n.N_("The start date must not be after the end date.")))
    if (end - start).days >= MAX_DAYS:
        return (*default, i18n.gettext(i18n.N_("Choose a period of at most 366 days.")))
    return start, end, None


def format_duration(seconds: float | None) -> str:
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
            "to_ack": format_duration(_between(row["raised_at"], row["acknowledged_at"])),
            "to_resolve": format_duration(_between(row["raised_at"], row["resolved_at"])),
        }
        for row in history
    ]
    durations = {
        key: format_duration(stats[key])
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


def review_labels(lang: str) -> dict[str, dict[str, str]]:
    """Names of conversation outcomes, topics and risk levels: the duty console's words."""
    names = i18n.translate_table(ui_strings.CONSOLE_STRINGS, lang)
    return {
        "conv_outcome_names": {o: names.get("outcome_" + o, o) for o in OUTCOMES},
        "topic_names": {t: names.get("topic_" + t, t) for t in TOPICS},
        "risk_names": {
            "none": i18n.translate_table({"none": i18n.N_("None")}, lang)["none"],
            **{r: names.get("risk_" + r, r) for r in RISKS[1:]},
        },
    }


@routes.get("/supervisor/conversations")
async def review_list(request: web.Request) -> web.StreamResponse:
    """Past conversations, filtered (period, topic, outcome, risk, site, networker) and paged;
    no text is shown here, so listing is not audited — opening one is."""
    staff = await require_staff(request, SUPERVISOR_ROLES)
    svc = request.app[SERVICES]
    lang = staff_lang(request, staff)
    q = request.query
    networkers = await review.get_networkers(svc)
    with i18n.using(lang):
        start, end, error = parse_period(q, svc.clock.now().date())
        chosen = {
            "topic": q.get("topic", ""),
            "outcome": q.get("outcome", ""),
            "risk": q.get("risk", ""),
            "site": q.get("site", "").strip()[:200],
            "networker": q.get("networker", ""),
        }
        allowed = {
            "topic": TOPICS,
            "outcome": OUTCOMES,
            "risk": RISKS,
            "networker": tuple(n["id"] for n in networkers),
        }
        for key, values in allowed.items():
            if chosen[key] and chosen[key] not in values:
                error = error or i18n.gettext(i18n.N_("Unknown filter value; showing all."))
                chosen[key] = ""
    try:
        page = max(1, int(q.get("page", "1")))
    except ValueError:
        page = 1
    filters = review.ReviewFilters(
        since=datetime.combine(start, time.min, tzinfo=UTC),
        until=datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC),
        **{k: (v or None) for k, v in chosen.items()},
    )
    result = await review.get_review_list(svc, staff.id, filters, page)
    base_query = {"from": start.isoformat(), "to": end.isoformat(), **chosen}
    context = {
        "me": await get_me(svc, staff.id),
        **review_labels(lang),
        "error": error,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "chosen": chosen,
        "topics": TOPICS,
        "outcomes": OUTCOMES,
        "risks": RISKS,
        "networkers": networkers,
        "query": {k: v for k, v in base_query.items() if v},
        **result,
    }
    return _no_store(
        render(request, "review.html", context, status=400 if error else 200, lang=lang)
    )


async def _transcript_or_404(coro: Any) -> dict[str, Any]:
    try:
        return dict(await coro)
    except ActionError as exc:
        if exc.code == "forbidden":
            raise web.HTTPForbidden() from None
        raise web.HTTPNotFound() from None


@routes.get(f"/supervisor/conversations/{CID}")
async def review_transcript(request: web.Request) -> web.StreamResponse:
    """One past conversation, read-only; every opening is audited (transcript.open)."""
    staff = await require_staff(request, SUPERVISOR_ROLES)
    svc = request.app[SERVICES]
    lang = staff_lang(request, staff)
    data = await _transcript_or_404(
        review.get_review_transcript(svc, staff.id, request.match_info["cid"])
    )
    context = {"me": await get_me(svc, staff.id), **review_labels(lang), **data, "print": False}
    return _no_store(render(request, "transcript.html", context, lang=lang))


@routes.get(f"/supervisor/conversations/{CID}/export")
async def review_export(request: web.Request) -> web.StreamResponse:
    """A transcript export for case review: `format=html` (a print view) or `json`; personal
    data redacted unless `redact=0`. Audited (transcript.export)."""
    staff = await require_staff(request, SUPERVISOR_ROLES)
    svc = request.app[SERVICES]
    lang = staff_lang(request, staff)
    fmt = request.query.get("format", "html")
    if fmt not in ("html", "json"):
        raise web.HTTPBadRequest(text="format must be html or json")
    redacted = request.query.get("redact", "1") != "0"
    cid = request.match_info["cid"]
    data = await _transcript_or_404(
        review.get_transcript_export(svc, staff.id, cid, fmt, redacted=redacted)
    )
    if fmt == "json":
        response = web.json_response(data)
        response.headers["Content-Disposition"] = f'attachment; filename="transcript-{cid}.json"'
        return _no_store(response)
    context = {"me": await get_me(svc, staff.id), **review_labels(lang), **data, "print": True}
    return _no_store(render(request, "transcript.html", context, lang=lang))


# --- canned replies (server/actions/canned.py) -------------------------------------------------

_CANNED_DONE = {
    "added": i18n.N_("The reply is added: staff can insert it with / in the composer."),
    "edited": i18n.N_("The reply is saved."),
    "retired": i18n.N_("The reply is retired: it is no longer offered in the composer."),
    "restored": i18n.N_("The reply is offered again."),
}


async def _canned_page(
    request: web.Request,
    staff: Any,
    *,
    error: str | None = None,
    status: int = 200,
    form: dict[str, str] | None = None,
    error_id: str | None = None,
) -> web.StreamResponse:
    """The page: the add form (`form`: the values sent back after an error), every reply with
    its edit form, retire/restore. `error_id`: the reply whose edit failed (None: the add)."""
    svc = request.app[SERVICES]
    lang = staff_lang(request, staff)
    done_key = request.query.get("done", "")
    done = i18n.gettext(_CANNED_DONE[done_key], lang) if done_key in _CANNED_DONE else None
    replies = await canned_actions.get_canned_for_page(svc)
    if form is not None and error_id is not None:
        for reply in replies:  # the edit that failed shows what was sent, not the stored text
            if reply["id"] == error_id:
                reply.update(form, topics_text=form["topics"], error=error)
    for reply in replies:
        reply.setdefault("topics_text", ", ".join(reply["topics"]))
    context = {
        "me": await get_me(svc, staff.id),
        "replies": replies,
        "langs": i18n.LANGS,
        "error": error if error_id is None else None,
        "done": done,
        "form": form
        if error_id is None and form
        else {"lang": lang, "title": "", "text": "", "topics": ""},
        "max_title": canned_actions.MAX_TITLE_CHARS,
        "max_text": canned_actions.MAX_TEXT_CHARS,
    }
    return _no_store(render(request, "canned.html", context, status=status, lang=lang))


@routes.get("/supervisor/canned")
async def canned_page(request: web.Request) -> web.StreamResponse:
    staff = await require_staff(request, SUPERVISOR_ROLES)
    return await _canned_page(request, staff)


def _canned_form(form: Any) -> dict[str, str]:
    return {
        "lang": str(form.get("lang", ""))[:8],
        "title": str(form.get("title", ""))[:1000],
        "text": str(form.get("text", ""))[: 4 * canned_actions.MAX_TEXT_CHARS],
        "topics": str(form.get("topics", ""))[:2000],
    }


@routes.post("/supervisor/canned")
async def add_canned(request: web.Request) -> web.StreamResponse:
    """Add a reply; a bad one is refused on the page (400, the values kept), nothing added."""
    staff = await require_staff(request, SUPERVISOR_ROLES)
    values = _canned_form(await request.post())
    try:
        await canned_actions.do_add_canned(
            request.app[SERVICES],
            staff.id,
            values["lang"],
            values["title"],
            values["text"],
            values["topics"],
        )
    except ActionError as exc:
        if exc.code == "forbidden":
            raise web.HTTPForbidden() from None
        text = exc.message(staff_lang(request, staff))
        return await _canned_page(request, staff, error=text, status=400, form=values)
    raise web.HTTPSeeOther("/supervisor/canned?done=added")


_CANNED_ID = "{qid:q_[A-Za-z0-9_-]{1,40}}"


@routes.post(f"/supervisor/canned/{_CANNED_ID}/edit")
async def edit_canned(request: web.Request) -> web.StreamResponse:
    """Save a reply's language, title, text and topics; a bad edit is refused on the page."""
    staff = await require_staff(request, SUPERVISOR_ROLES)
    qid = request.match_info["qid"]
    values = _canned_form(await request.post())
    try:
        await canned_actions.do_edit_canned(
            request.app[SERVICES],
            staff.id,
            qid,
            values["lang"],
            values["title"],
            values["text"],
            values["topics"],
        )
    except ActionError as exc:
        if exc.code == "forbidden":
            raise web.HTTPForbidden() from None
        if exc.code == "canned_not_found":
            raise web.HTTPNotFound() from None
        text = exc.message(staff_lang(request, staff))
        return await _canned_page(request, staff, error=text, status=400, form=values, error_id=qid)
    raise web.HTTPSeeOther(f"/supervisor/canned?done=edited#{qid}")


@routes.post(f"/supervisor/canned/{_CANNED_ID}/{{action:retire|restore}}")
async def retire_canned(request: web.Request) -> web.StreamResponse:
    """Retire a reply (no longer offered) or restore it."""
    staff = await require_staff(request, SUPERVISOR_ROLES)
    qid, action = request.match_info["qid"], request.match_info["action"]
    try:
        await canned_actions.do_set_canned_retired(
            request.app[SERVICES], staff.id, qid, action == "retire"
        )
    except ActionError as exc:
        if exc.code == "forbidden":
            raise web.HTTPForbidden() from None
        if exc.code == "canned_not_found":
            raise web.HTTPNotFound() from None
        raise
    raise web.HTTPSeeOther(f"/supervisor/canned?done={action}d")


# --- lexicon review (server/actions/lexicon_review.py) -----------------------------------------

_LEXICON_DONE = {
    "reviewed": i18n.N_("Marked as reviewed: it is in the export."),
    "dismissed": i18n.N_("Dismissed: it is left out of the export."),
    "new": i18n.N_("Marked as new again."),
}
_LEXICON_NAMES = {
    "false_alarm": i18n.N_("False alarm"),
    "missed": i18n.N_("Missed crisis"),
    "new": i18n.N_("New"),
    "reviewed": i18n.N_("Reviewed"),
    "dismissed": i18n.N_("Dismissed"),
    "escalate": i18n.N_("should escalate"),
    "no_escalate": i18n.N_("should not escalate"),
    "none": i18n.N_("None"),
    "pl": i18n.N_("Polish"),
    "en": i18n.N_("English"),
    "uk": i18n.N_("Ukrainian"),
    "ru": i18n.N_("Russian"),
}


def lexicon_filters(query: Any) -> tuple[str, str, bool]:
    """(kind, status, whether a value was unknown) from the page's query: `kind` one of
    LEXICON_REVIEW_KINDS or "" (any); `status` one of LEXICON_REVIEW_STATUSES, "" (any) when
    sent empty, "new" when not sent."""
    kind, status = query.get("kind", ""), query.get("status", "new")
    bad = False
    if kind not in ("", *LEXICON_REVIEW_KINDS):
        kind, bad = "", True
    if status not in ("", *LEXICON_REVIEW_STATUSES):
        status, bad = "new", True
    return kind, status, bad


@routes.get("/supervisor/lexicon-review")
async def lexicon_review_page(request: web.Request) -> web.StreamResponse:
    """The lexicon review items (redacted texts), filtered by kind and status (new by default),
    with buttons to mark each reviewed, dismiss it or make it new again, and the export link."""
    staff = await require_staff(request, SUPERVISOR_ROLES)
    svc = request.app[SERVICES]
    lang = staff_lang(request, staff)
    kind, status, bad = lexicon_filters(request.query)
    with i18n.using(lang):
        error = i18n.gettext(i18n.N_("Unknown filter value; showing all.")) if bad else None
        done_key = request.query.get("done", "")
        done = i18n.gettext(_LEXICON_DONE[done_key]) if done_key in _LEXICON_DONE else None
    items = await lexicon_review.get_review_items(svc, staff.id, kind or None, status or None)
    filters = {"kind": kind, "status": status}
    context = {
        "me": await get_me(svc, staff.id),
        **label_tables(lang),
        "names": i18n.translate_table(_LEXICON_NAMES, lang),
        "kinds": LEXICON_REVIEW_KINDS,
        "statuses": LEXICON_REVIEW_STATUSES,
        "kind": kind,
        "status": status,
        "items": items,
        "error": error,
        "done": done,
        "export_query": urlencode(filters),
        "retention_days": svc.settings.retention_lexicon_review_days,
    }
    return _no_store(
        render(request, "lexicon_review.html", context, status=400 if bad else 200, lang=lang)
    )


@routes.post("/supervisor/lexicon-review/status")
async def lexicon_review_status(request: web.Request) -> web.StreamResponse:
    """Set one item's status (form: `item_id`, `status` reviewed | dismissed | new; `kind` and
    `filter_status`: the page's filters to return to). Audited; 404 for an unknown item, 400
    for an unknown status."""
    staff = await require_staff(request, SUPERVISOR_ROLES)
    form = await request.post()
    status = str(form.get("status", ""))
    try:
        await lexicon_review.do_set_review_status(
            request.app[SERVICES], staff.id, str(form.get("item_id", ""))[:40], status
        )
    except ActionError as exc:
        if exc.code == "lexicon_review_not_found":
            raise web.HTTPNotFound() from None
        if exc.code == "forbidden":
            raise web.HTTPForbidden() from None
        raise web.HTTPBadRequest(text=exc.message(staff_lang(request, staff))) from None
    kind, filter_status, _ = lexicon_filters(
        {"kind": form.get("kind", ""), "status": form.get("filter_status", "new")}
    )
    query = urlencode({"kind": kind, "status": filter_status, "done": status})
    raise web.HTTPSeeOther(f"/supervisor/lexicon-review?{query}")


@routes.get("/supervisor/lexicon-review/export")
async def lexicon_review_export(request: web.Request) -> web.StreamResponse:
    """The items not dismissed (the page's kind and status filters) as JSON lines in the crisis
    corpus format (tests/moderation/corpus/*.jsonl), a download; audited
    (lexicon_review.export). 400 for an unknown filter value."""
    staff = await require_staff(request, SUPERVISOR_ROLES)
    svc = request.app[SERVICES]
    kind, status, bad = lexicon_filters(request.query)
    if bad:
        raise web.HTTPBadRequest(text="kind or status is not known")
    body = await lexicon_review.get_corpus_export(svc, staff.id, kind or None, status or None)
    response = web.Response(text=body, content_type="application/x-ndjson", charset="utf-8")
    day = svc.clock.now().date().isoformat()
    response.headers["Content-Disposition"] = f'attachment; filename="lexicon-review-{day}.jsonl"'
    return _no_store(response)
