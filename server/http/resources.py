"""Resource library pages: browse, create, edit, review, retire (staff), and one public page per
vetted entry (/r/<id>, in the visitor's language). Thin: parse the form, call one action, render.

Roles are checked by the actions (networkers: create, edit drafts, submit; supervisors and
admins: vet, return, retire, restore, edit anything not retired); the pages only hide buttons
a role cannot use. Every POST needs the CSRF token (checked before the view by the `csrf`
middleware, server/http/web.py).
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from aiohttp import web

from server import i18n
from server.actions import resources as res
from server.actions.crisis import crisis_line_use
from server.actions.errors import ActionError
from server.actions.resources.directory import API_BASE
from server.actions.resources.feeds import do_take_partner_version
from server.actions.resources.hsds import get_places
from server.constants import SUPERVISOR_ROLES
from server.db.models import (
    PHONE_TYPES,
    RESOURCE_AREAS,
    RESOURCE_STATUSES,
    RESOURCE_TOPICS,
    VOIVODESHIPS,
    Resource,
)
from server.http.pages import current_staff, staff_lang
from server.http.ui_strings import TOPIC_NAMES
from server.http.web import SERVICES, render, request_lang, safe_next
from server.i18n import N_

routes = web.RouteTableDef()
RID = r"{rid:r_[A-Za-z0-9_-]{1,40}}"

STATUS_LABELS = {
    "draft": N_("Draft"),
    "in_review": N_("In review"),
    "vetted": N_("Vetted"),
    "retired": N_("Retired"),
}
TOPIC_LABELS = TOPIC_NAMES  # one list of topic names (server/http/ui_strings.py)
AREA_LABELS = {
    "international": N_("International"),
    "nationwide": N_("Nationwide"),
    "regional": N_("Regional (voivodeship or city)"),
    "online": N_("Online"),
}
ACTION_LABELS = {
    "created": N_("created"),
    "edited": N_("edited"),
    "submitted": N_("submitted for review"),
    "vetted": N_("vetted"),
    "reverified": N_("re-verified"),
    "returned": N_("returned to draft"),
    "retired": N_("retired"),
    "restored": N_("restored as draft"),
    "imported": N_("imported"),
    "starter": N_("loaded from the starter set"),
    "partner_held": N_("changed by the partner; the edit made here was kept"),
    "partner_verified": N_("verified again by the partner"),
    "withdrawn": N_("withdrawn by the partner"),
}
PHONE_LABELS = {
    "voice": N_("phone"),
    "text": N_("text message"),
    "cell": N_("mobile"),
    "fax": N_("fax"),
    "video": N_("video"),
    "pager": N_("pager"),
    "textphone": N_("textphone"),
}
CRISIS_CATEGORY_LABELS = {
    "self_harm": N_("Suicide or self-harm"),
    "overdose": N_("Overdose"),
    "medical": N_("Medical emergency"),
    "violence": N_("Violence or abuse"),
    "child_abuse": N_("Abuse of a child"),
    "sexual_violence": N_("Sexual violence"),
}
LANGUAGE_NAMES = {
    "pl": N_("Polish"),
    "en": N_("English"),
    "uk": N_("Ukrainian"),
    "ru": N_("Russian"),
}


def _labels(lang: str) -> dict[str, dict[str, str]]:
    return {
        "status": i18n.translate_table(STATUS_LABELS, lang),
        "topic": i18n.translate_table(TOPIC_LABELS, lang),
        "area": i18n.translate_table(AREA_LABELS, lang),
        "action": i18n.translate_table(ACTION_LABELS, lang),
        "phone": i18n.translate_table(PHONE_LABELS, lang),
        "language": i18n.translate_table(LANGUAGE_NAMES, lang),
        "crisis": i18n.translate_table(CRISIS_CATEGORY_LABELS, lang),
    }


async def _staff(request: web.Request) -> Any:
    staff = await current_staff(request)
    if staff is None:
        raise web.HTTPFound("/login?next=" + quote(safe_next(request.path_qs), safe="/"))
    return staff


def _lang(request: web.Request, staff: Any) -> str:
    return staff_lang(request, staff)


def _me(staff: Any) -> dict[str, Any]:
    return {"id": staff.id, "name": staff.display_name, "role": staff.role}


def _page(
    request: web.Request, staff: Any, template: str, context: dict[str, Any], status: int = 200
) -> web.Response:
    lang = _lang(request, staff)
    base = {
        "me": _me(staff),
        "labels": _labels(lang),
        "topics": RESOURCE_TOPICS,
        "areas": RESOURCE_AREAS,
        "statuses": RESOURCE_STATUSES,
        "voivodeships": VOIVODESHIPS,
        "phone_types": PHONE_TYPES,
        "crisis_categories": res.CRISIS_LINE_CATEGORIES,
        "supervising": staff.role in SUPERVISOR_ROLES,
    }
    base.update(context)
    response = render(request, template, base, status=status, lang=lang)
    response.headers["Cache-Control"] = "no-store"
    return response


def _error_status(exc: ActionError) -> int:
    return {
        "forbidden": 403,
        "resource_not_found": 404,
        "resource_conflict": 409,
        "resource_state": 409,
        "resource_own_edit": 409,
    }.get(exc.code, 400)


# --- browse and search -----------------------------------------------------------------------


@routes.get("/console/resources")
async def browse(request: web.Request) -> web.StreamResponse:
    staff = await _staff(request)
    svc = request.app[SERVICES]
    lang = _lang(request, staff)
    q = request.query.get("q", "")[:200]
    topic = request.query.get("topic") if request.query.get("topic") in RESOURCE_TOPICS else None
    region = request.query.get("region") if request.query.get("region") in VOIVODESHIPS else None
    language = (
        request.query.get("language") if request.query.get("language") in LANGUAGE_NAMES else None
    )
    status = (
        request.query.get("status") if request.query.get("status") in RESOURCE_STATUSES else None
    )
    shareable = request.query.get("shareable") == "1"
    results = await res.search_resources(
        svc,
        q,
        topic=topic,
        region=region,
        language=language,
        status=status,
        public_only=shareable,
        lang=lang,
        limit=200,
    )
    counts = await res.get_counts(svc)
    filters = {
        "q": q,
        "topic": topic,
        "region": region,
        "language": language,
        "status": status,
        "shareable": shareable,
    }
    return _page(
        request,
        staff,
        "resources/list.html",
        {
            "results": results,
            "filters": filters,
            "counts": counts,
            "languages": list(LANGUAGE_NAMES),
        },
    )


@routes.get("/console/resources/review")
async def review(request: web.Request) -> web.StreamResponse:
    staff = await _staff(request)
    if staff.role not in SUPERVISOR_ROLES:
        raise web.HTTPForbidden()
    lists = await res.get_review_lists(request.app[SERVICES], _lang(request, staff))
    return _page(request, staff, "resources/review.html", lists)


# --- create and edit -------------------------------------------------------------------------


def _lines(value: str) -> list[list[str]]:
    return [
        [part.strip() for part in line.split("|")] for line in value.splitlines() if line.strip()
    ]


def form_to_input(form: Any) -> dict[str, Any]:
    """The resource form -> ResourceInput data (validated by the action)."""
    texts: dict[str, dict[str, str]] = {}
    for code in ("pl", "en"):
        values = {f: str(form.get(f"{f}_{code}", "")) for f in res.TEXT_FIELDS}
        if any(v.strip() for v in values.values()):
            texts[code] = values
    phones = []
    for parts in _lines(str(form.get("phones", ""))):
        phone: dict[str, Any] = {"number": parts[0]}
        if len(parts) > 1 and parts[1]:
            phone["type"] = parts[1]
        if len(parts) > 2 and parts[2]:
            phone["description"] = parts[2]
        phones.append(phone)
    links = []
    for parts in _lines(str(form.get("links", ""))):
        link: dict[str, Any] = {"url": parts[0]}
        if len(parts) > 1 and parts[1]:
            link["label"] = parts[1]
        links.append(link)

    def opt(name: str) -> str | None:
        value = str(form.get(name, "")).strip()
        return value or None

    return {
        "texts": texts,
        "organization_name": opt("organization_name"),
        "topics": [t for t in form.getall("topics", []) if isinstance(t, str)],
        "phones": phones,
        "email": opt("email"),
        "links": links,
        "area": opt("area") or "nationwide",
        "country": (opt("country") or "").upper() or None,
        "voivodeship": opt("voivodeship"),
        "city": opt("city"),
        "languages": [
            x.strip().lower()
            for x in str(form.get("languages", "")).replace(",", " ").split()
            if x.strip()
        ],
        "verified_on": opt("verified_on"),
        "verified_by": opt("verified_by"),
        "source": opt("source"),
        "review_by": opt("review_by"),
        # a crisis line for automatic crisis replies (used once the entry is vetted)
        "crisis_line": {
            "categories": [c for c in form.getall("crisis_categories", []) if isinstance(c, str)],
            "always_open": form.get("crisis_always_open") == "1",
            "children": form.get("crisis_children") == "1",
        }
        if form.get("crisis_line") == "1"
        else None,
    }


def input_to_form(r: Resource | None) -> dict[str, Any]:
    """A resource (or nothing, for a new one) as the form's field values."""
    if r is None:
        return {
            "topics": [],
            "area": "nationwide",
            "country": "PL",
            "languages": "pl",
            "version": "",
            "crisis_categories": [],
        }
    values: dict[str, Any] = {
        "organization_name": r.organization_name or "",
        "topics": list(r.topics or []),
        "phones": "\n".join(
            " | ".join(
                x for x in (p["number"], p.get("type", "voice"), p.get("description") or "") if x
            )
            for p in r.phones or []
        ),
        "email": r.email or "",
        "links": "\n".join(
            " | ".join(x for x in (link["url"], link.get("label") or "") if x)
            for link in r.links or []
        ),
        "area": r.area,
        "country": r.country or "",
        "voivodeship": r.voivodeship or "",
        "city": r.city or "",
        "languages": " ".join(r.languages or []),
        "verified_on": r.verified_on or "",
        "verified_by": r.verified_by or "",
        "source": r.source or "",
        "review_by": r.review_by or "",
        "version": r.version,
        "crisis_line": "1" if r.crisis_line else "",
        "crisis_categories": list((r.crisis_line or {}).get("categories") or []),
        "crisis_always_open": "1" if (r.crisis_line or {}).get("always_open") else "",
        "crisis_children": "1" if (r.crisis_line or {}).get("children") else "",
    }
    for code in ("pl", "en"):
        texts = (r.texts or {}).get(code, {})
        for f in res.TEXT_FIELDS:
            values[f"{f}_{code}"] = texts.get(f, "")
    return values


def _raw_form(form: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        k: str(v) for k, v in form.items() if k not in ("csrf_token", "topics", "crisis_categories")
    }
    values["topics"] = [t for t in form.getall("topics", []) if isinstance(t, str)]
    values["crisis_categories"] = [
        c for c in form.getall("crisis_categories", []) if isinstance(c, str)
    ]
    return values


@routes.get("/console/resources/new")
async def new_form(request: web.Request) -> web.StreamResponse:
    staff = await _staff(request)
    return _page(
        request,
        staff,
        "resources/edit.html",
        {"resource": None, "form": input_to_form(None), "error": None},
    )


@routes.post("/console/resources/new")
async def new_submit(request: web.Request) -> web.StreamResponse:
    staff = await _staff(request)
    form = await request.post()
    try:
        r = await res.do_create_resource(
            request.app[SERVICES], staff.id, res.check_resource_input(form_to_input(form))
        )
    except ActionError as exc:
        if exc.code != "invalid":
            raise web.HTTPForbidden() from None
        return _page(
            request,
            staff,
            "resources/edit.html",
            {
                "resource": None,
                "form": _raw_form(form),
                "error": exc.message(_lang(request, staff)),
            },
            status=400,
        )
    raise web.HTTPFound(f"/console/resources/{r.id}")


async def _load(request: web.Request) -> Resource:
    try:
        return await res.get_resource(request.app[SERVICES], request.match_info["rid"])
    except ActionError:
        raise web.HTTPNotFound() from None


@routes.get(f"/console/resources/{RID}")
async def detail_page(request: web.Request) -> web.StreamResponse:
    return await detail(request)


async def detail(
    request: web.Request, error: str | None = None, status: int = 200
) -> web.StreamResponse:
    """The entry, its history and the actions this staff member may take (`error`: a refusal)."""
    staff = await _staff(request)
    svc = request.app[SERVICES]
    r = await _load(request)
    lang = _lang(request, staff)
    on = res.today(svc)
    context = {
        "r": r,
        "t": {code: (r.texts or {}).get(code, {}) for code in ("pl", "en")},
        "public": res.is_public(r, on),
        "expired": res.is_expired(r, on),
        "history": await res.get_history(svc, r.id),
        "can_edit": res.can_edit(staff, r),
        "own_edit": not await res.get_may_vet(svc, staff.id, r),
        "error": error,
        "public_url": res.public_path(r, lang),
        "crisis_use": crisis_line_use(r.crisis_line, r.schedules),
        "locations": (await get_places(svc, r))["locations"],
    }
    return _page(request, staff, "resources/detail.html", context, status=status)


@routes.get(f"/console/resources/{RID}/edit")
async def edit_form(request: web.Request) -> web.StreamResponse:
    staff = await _staff(request)
    r = await _load(request)
    if not res.can_edit(staff, r):
        raise web.HTTPForbidden()
    return _page(
        request,
        staff,
        "resources/edit.html",
        {"resource": r, "form": input_to_form(r), "error": None},
    )


@routes.post(f"/console/resources/{RID}/edit")
async def edit_submit(request: web.Request) -> web.StreamResponse:
    staff = await _staff(request)
    form = await request.post()
    r = await _load(request)
    try:
        version = int(str(form.get("version", "")))
    except ValueError:
        version = None
    try:
        await res.do_update_resource(
            request.app[SERVICES],
            staff.id,
            r.id,
            res.check_resource_input(form_to_input(form)),
            version,
        )
    except ActionError as exc:
        if exc.code == "forbidden":
            raise web.HTTPForbidden() from None
        values = _raw_form(form)
        return _page(
            request,
            staff,
            "resources/edit.html",
            {"resource": r, "form": values, "error": exc.message(_lang(request, staff))},
            status=_error_status(exc),
        )
    raise web.HTTPFound(f"/console/resources/{r.id}")


def _date(value: Any) -> date | None:
    text = str(value or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ActionError(
            "invalid",
            detail=i18n.gettext(N_("Dates must be written as YYYY-MM-DD, for example 2026-11-24.")),
        ) from None


@routes.post(f"/console/resources/{RID}/{{action:submit|vet|return|retire|restore}}")
async def move(request: web.Request) -> web.StreamResponse:
    staff = await _staff(request)
    form = await request.post()
    svc = request.app[SERVICES]
    rid = request.match_info["rid"]
    action = request.match_info["action"]
    note = str(form.get("note", "")).strip()[:2000] or None
    try:
        if action == "submit":
            await res.do_submit_resource(svc, staff.id, rid)
        elif action == "vet":
            with i18n.using(_lang(request, staff)):
                verified_on, review_by = (
                    _date(form.get("verified_on")),
                    _date(form.get("review_by")),
                )
            await res.do_vet_resource(
                svc, staff.id, rid, verified_on=verified_on, review_by=review_by, note=note
            )
        elif action == "return":
            await res.do_return_resource(svc, staff.id, rid, note)
        elif action == "retire":
            await res.do_retire_resource(svc, staff.id, rid, note)
        else:
            await res.do_restore_resource(svc, staff.id, rid)
    except ActionError as exc:
        if exc.code == "forbidden":
            raise web.HTTPForbidden() from None
        if exc.code == "resource_not_found":
            raise web.HTTPNotFound() from None
        return await detail(
            request, error=exc.message(_lang(request, staff)), status=_error_status(exc)
        )
    raise web.HTTPFound(safe_next(str(form.get("next", "")), default=f"/console/resources/{rid}"))


@routes.post(f"/console/resources/{RID}/take-partner")
async def take_partner(request: web.Request) -> web.StreamResponse:
    """A supervisor takes the partner's version that waits for an entry edited here."""
    staff = await _staff(request)
    rid = request.match_info["rid"]
    try:
        await do_take_partner_version(request.app[SERVICES], staff.id, rid)
    except ActionError as exc:
        if exc.code == "forbidden":
            raise web.HTTPForbidden() from None
        if exc.code == "resource_not_found":
            raise web.HTTPNotFound() from None
        return await detail(
            request, error=exc.message(_lang(request, staff)), status=_error_status(exc)
        )
    raise web.HTTPFound(f"/console/resources/{rid}")


# --- the public page -------------------------------------------------------------------------


@routes.get(f"/r/{RID}")
async def public_page(request: web.Request) -> web.StreamResponse:
    """A vetted entry whose review date has not passed, in the visitor's language; anything
    else is 'not found' (drafts, retired and expired entries are never shown)."""
    svc = request.app[SERVICES]
    try:
        r = await res.get_resource(svc, request.match_info["rid"])
    except ActionError:
        raise web.HTTPNotFound() from None
    if not res.is_public(r, res.today(svc)):
        raise web.HTTPNotFound()
    lang = request_lang(request)
    t = res.texts_for(r, lang)
    phones = [{**p, "href": res.tel_href(p["number"])} for p in r.phones or []]
    places = await get_places(svc, r)
    context = {
        "r": r,
        "t": t,
        "phones": phones,
        "labels": _labels(lang),
        "emergency_number": svc.site.emergency_number,
        "exit_url": svc.site.exit_url,
        "with_csrf": False,
        # the entry in the HSDS API (server/http/hsds_api.py)
        "api_base": API_BASE,
        "organization_id": places["organization_id"],
        "locations": places["locations"],
    }
    response = render(request, "resources/public.html", context, lang=lang)
    # no-store: a retired entry must vanish at once, and nothing stays on a shared device
    response.headers["Cache-Control"] = "no-store"
    return response
