"""Pages: the widget loader and frame, /chat, /demo, login, the duty console, language, health."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from aiohttp import web

from server import i18n
from server.actions import staff as staff_actions
from server.actions import twofactor as twofactor_actions
from server.actions.duty import get_me
from server.constants import DEVICE_COOKIE, LANG_COOKIE, PENDING_LOGIN_COOKIE, SESSION_COOKIE
from server.db.models import OUTCOMES, RESOURCE_TOPICS, TOPICS
from server.http import ui_strings
from server.http.web import (
    DIST_DIR,
    SERVICES,
    content_security_policy,
    frame_ancestors,
    render,
    request_lang,
    safe_next,
    set_cookie,
)
from server.settings import MAX_MESSAGE_CHARS
from server.site import duty_periods

log = logging.getLogger("netreach.http")
routes = web.RouteTableDef()

LOG_IN_AGAIN = i18n.N_("The login took too long or is no longer valid. Log in again.")
# why a console's session ended (session.ended's reason, docs/protocol.md), said on the login
# page it is sent to (`/login?ended=…`)
SESSION_ENDED: dict[str, str] = {
    "password_changed": i18n.N_(
        "Your password was changed, so you were signed out everywhere. Log in with the new one."
    ),
    "deactivated": i18n.N_(
        "Your account was deactivated, so you were signed out. Ask an admin if this is a mistake."
    ),
    "role_changed": i18n.N_("Your role was changed. Log in again to continue with the new one."),
    "two_factor_reset": i18n.N_(
        "Your two-factor authentication was reset. Log in again and set it up anew."
    ),
    "expired": i18n.N_("Your session has expired. Log in again."),
    "signed_out": i18n.N_("You were signed out. Log in again."),
    "logout": i18n.N_("You were signed out. Log in again."),
    "forbidden": i18n.N_("You were signed out. Log in again."),
}


def translated_strings(table: dict[str, str]) -> dict[str, dict[str, str]]:
    """A page's interface strings in every language: {lang: {key: text}}."""
    return {lang: i18n.translate_table(table, lang) for lang in i18n.LANGS}


def _frame_config(request: web.Request, embedded: bool) -> dict[str, Any]:
    svc = request.app[SERVICES]
    settings, current = svc.settings, svc.site
    site = request.query.get("site", "")[:200] or None
    lang = i18n.normalize_lang(request.query.get("lang"), default="")
    return {
        "lang": lang or None,  # None: the widget follows the browser's language
        "langs": list(i18n.LANGS),
        "default_lang": settings.default_lang,
        "strings": translated_strings(ui_strings.WIDGET_STRINGS),
        "emergency_number": current.emergency_number,
        "duty_hours": [w.to_dict() for w in current.duty.weekly],
        # the next days' duty periods as UTC instants (exceptions applied); the widget shows
        # them in the visitor's own time zone (docs/protocol.md, `duty`)
        "duty_periods": duty_periods(current.duty, svc.clock.now()),
        "duty_timezone": current.duty.timezone,
        # the sites allowed to embed the widget: the frame takes messages only from them
        "embed_origins": list(current.embed_origins),
        "exit_url": current.exit_url,
        "embedded": embedded,
        "site": site,
        "max_chars": MAX_MESSAGE_CHARS,
        "socket_path": "/socket.io",
    }


def _no_store(response: web.StreamResponse) -> web.StreamResponse:
    response.headers["Cache-Control"] = "no-store"
    return response


@routes.get("/widget.js")
async def widget_loader(request: web.Request) -> web.StreamResponse:
    """The loader, with this server's interface languages and configured default language
    filled in (`__NR_LANGS__`, `__NR_DEFAULT_LANG__`), so the launcher and the chat it opens
    fall back to the same language as /chat for a browser language we have no interface in."""
    path = DIST_DIR / "loader.js"
    if not path.exists():
        raise web.HTTPServiceUnavailable(text="the widget is not built: run `make widget`")
    settings = request.app[SERVICES].settings
    source = (
        path.read_text(encoding="utf-8")
        .replace("__NR_LANGS__", ",".join(i18n.LANGS))
        .replace("__NR_DEFAULT_LANG__", settings.default_lang)
    )
    response = web.Response(text=source, content_type="application/javascript", charset="utf-8")
    response.headers["Cache-Control"] = "public, max-age=300"
    # a forum page may send its own address; we neither want nor keep it
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@routes.get("/widget/frame")
async def widget_frame(request: web.Request) -> web.StreamResponse:
    lang = request_lang(request)
    config = _frame_config(request, embedded=True)
    response = render(
        request,
        "frame.html",
        {"config": config, "embedded": True, "with_csrf": False},
        lang=config["lang"] or lang,
    )
    response.headers["Content-Security-Policy"] = content_security_policy(
        request, frame_ancestors(request)
    )
    return _no_store(response)


@routes.get("/chat")
async def chat_page(request: web.Request) -> web.StreamResponse:
    lang = request_lang(request)
    config = _frame_config(request, embedded=False)
    config["lang"] = config["lang"] or None
    return _no_store(
        render(
            request,
            "frame.html",
            {"config": config, "embedded": False, "with_csrf": False},
            lang=config["lang"] or lang,
        )
    )


@routes.get("/privacy")
async def privacy_notice(request: web.Request) -> web.StreamResponse:
    """The privacy notice the widget links to, in the visitor's language (`?lang=`): what is
    stored, for how long (the retention settings), that no address is kept, how to erase."""
    site = request.app[SERVICES].site
    retention = {
        "transcript": site.retention_transcript_days,
        "notes": site.retention_notes_days,
        "escalation": site.retention_escalation_days,
        "lexicon_review": site.retention_lexicon_review_days,
        "audit": site.retention_audit_days,
    }
    lang = i18n.normalize_lang(request.query.get("lang"), default="") or request_lang(request)
    return render(
        request,
        "privacy.html",
        {
            "retention": retention,
            "emergency_number": site.emergency_number,
            "exit_url": site.exit_url,
            "with_csrf": False,
        },
        lang=lang,
    )


@routes.get("/demo")
async def demo_page(request: web.Request) -> web.StreamResponse:
    origin = f"{request.scheme}://{request.host}"
    return render(request, "demo.html", {"widget_src": f"{origin}/widget.js", "with_csrf": False})


@routes.get("/")
async def index(request: web.Request) -> web.StreamResponse:
    raise web.HTTPFound("/demo")


async def current_staff(request: web.Request) -> Any:
    return await staff_actions.get_session_staff(
        request.app[SERVICES], request.cookies.get(SESSION_COOKIE)
    )


async def require_staff(request: web.Request, roles: tuple[str, ...]) -> Any:
    """The signed-in staff member if their role is one of `roles`; not signed in -> the login
    page (coming back here afterwards); another role -> 403 page."""
    staff = await current_staff(request)
    if staff is None:
        raise web.HTTPFound("/login?next=" + quote(safe_next(request.path_qs), safe="/"))
    if staff.role not in roles:
        raise web.HTTPForbidden()
    return staff


def staff_lang(request: web.Request, staff: Any) -> str:
    """The page language: an explicit choice (?lang= or the cookie), else the staff member's own."""
    return (
        request_lang(request)
        if request.cookies.get(LANG_COOKIE) or request.query.get("lang")
        else str(staff.language)
    )


@routes.get("/login")
async def login_form(request: web.Request) -> web.StreamResponse:
    if await current_staff(request) is not None:
        raise web.HTTPFound(safe_next(request.query.get("next")))
    return _no_store(
        render(
            request,
            "login.html",
            {
                "error": i18n.gettext(LOG_IN_AGAIN, request_lang(request))
                if request.query.get("expired")
                else None,
                "ended": i18n.gettext(SESSION_ENDED[ended], request_lang(request))
                if (ended := request.query.get("ended", "")) in SESSION_ENDED
                else None,
                "username": "",
                "next": safe_next(request.query.get("next")),
            },
        )
    )


def locked_text(retry_after: int, lang: str) -> str:
    """ "Too many failed attempts. Try again in N minutes." in `lang`."""
    minutes = max(1, (retry_after + 59) // 60)
    return i18n.ngettext(
        "Too many failed attempts. Try again in %(num)d minute.",
        "Too many failed attempts. Try again in %(num)d minutes.",
        minutes,
        lang,
    ) % {"num": minutes}


def signed_in(
    request: web.Request, token: str, info: dict[str, Any], response: web.StreamResponse
) -> web.StreamResponse:
    """Set the cookies of a finished login on `response`: the session, and the device cookie
    (this browser has logged in: it keeps its own login allowance when the account is locked
    for unknown clients, server/actions/staff.py); a pending-login cookie goes."""
    svc = request.app[SERVICES]
    set_cookie(
        response, request, SESSION_COOKIE, token, max_age=int(svc.settings.session_hours * 3600)
    )
    set_cookie(
        response,
        request,
        DEVICE_COOKIE,
        info["device_cookie"],
        max_age=svc.settings.device_cookie_days * 86400,
        samesite="Strict",
    )
    if PENDING_LOGIN_COOKIE in request.cookies:
        response.del_cookie(PENDING_LOGIN_COOKIE, path="/")
    return response


def start_second_step(
    request: web.Request, info: dict[str, Any], next_url: str
) -> web.StreamResponse:
    """After a right password for a two-factor account: the pending-login cookie and a redirect
    to the code step (or to the enrolment, when the role requires two-factor and none is set
    up). No session yet: the pending login opens those steps only."""
    path = "/login/code" if info["second_factor"] == "code" else "/login/enrol"
    response = web.HTTPSeeOther(f"{path}?next={quote(next_url, safe='/')}")
    set_cookie(
        response,
        request,
        PENDING_LOGIN_COOKIE,
        info["pending"],
        max_age=staff_actions.PENDING_LOGIN_SECONDS,
        samesite="Strict",
    )
    return response


@routes.post("/login")
async def login_submit(request: web.Request) -> web.StreamResponse:
    """The password step. An account without two-factor is signed in (302 to `next`); one with
    it, or whose role requires it, goes on to the code or enrolment step (303)."""
    svc = request.app[SERVICES]
    form = await request.post()
    next_url = safe_next(str(form.get("next", "")))
    username = str(form.get("username", ""))[:64]
    lang = request_lang(request)
    try:
        token, info = await twofactor_actions.do_login_password(
            svc,
            username,
            str(form.get("password", "")),
            device_cookie=request.cookies.get(DEVICE_COOKIE),
        )
    except staff_actions.LoginRefused as refused:
        if refused.reason == "locked":
            error = locked_text(refused.retry_after, lang)
            status = 429
        else:
            error = i18n.gettext(i18n.N_("Wrong username or password."), lang)
            status = 401
        return _no_store(
            render(
                request,
                "login.html",
                {"error": error, "username": username, "next": next_url},
                status=status,
            )
        )
    if token is None:
        return start_second_step(request, info, next_url)
    return signed_in(request, token, info, web.HTTPFound(next_url))


@routes.post("/logout")
async def logout(request: web.Request) -> web.StreamResponse:
    await staff_actions.do_logout(request.app[SERVICES], request.cookies.get(SESSION_COOKIE))
    response = web.HTTPFound("/login")
    response.del_cookie(SESSION_COOKIE, path="/")
    return response


@routes.get("/console")
async def console(request: web.Request) -> web.StreamResponse:
    staff = await current_staff(request)
    if staff is None:
        raise web.HTTPFound("/login?next=/console")
    svc = request.app[SERVICES]
    lang = staff_lang(request, staff)
    me = await get_me(svc, staff.id)
    config = {
        "lang": lang,
        "langs": list(i18n.LANGS),
        "strings": translated_strings(ui_strings.CONSOLE_STRINGS),
        "outcomes": list(OUTCOMES),
        "topics": list(TOPICS),
        "resource_topics": list(RESOURCE_TOPICS),
        "max_chars": MAX_MESSAGE_CHARS,
        "socket_path": "/socket.io",
        "me": me,
    }
    return _no_store(render(request, "console.html", {"me": me, "config": config}, lang=lang))


@routes.post("/lang")
async def set_language(request: web.Request) -> web.StreamResponse:
    """The language switch (a form in the page header): remembers the choice in this browser
    (the `nr_lang` cookie) and, when signed in, as the staff member's own language; then back to
    `next` (a same-site path). An unknown language -> 400."""
    form = await request.post()
    try:
        code = staff_actions.check_language(str(form.get("lang", "")))
    except staff_actions.StaffError:
        raise web.HTTPBadRequest() from None
    response = web.HTTPSeeOther(safe_next(str(form.get("next", "")), default="/console"))
    set_cookie(response, request, LANG_COOKIE, code, max_age=365 * 24 * 3600, httponly=False)
    staff = await current_staff(request)
    if staff is not None:
        await staff_actions.do_set_language(request.app[SERVICES], staff.id, code)
    return response


@routes.get("/healthz")
async def healthz(request: web.Request) -> web.StreamResponse:
    ok = await request.app[SERVICES].db.ping()
    return web.json_response(
        {"status": "ok" if ok else "unavailable"},
        status=200 if ok else 503,
        headers={"Cache-Control": "no-store"},
    )
