"""The page of a one-time staff link (server/actions/staff_links.py): an invited colleague, or
one whose password an admin reset, sets their own password; where their role requires it the
two-factor enrolment follows at once (the login's `/login/enrol` step), else they are signed in.
A used, expired or unknown link gets a page that says so and what to do (ask an admin for a new
one); too many unknown links of late: 429."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from server import i18n
from server.actions.staff import StaffError
from server.actions.staff_links import LinkInfo, LinkRefused, do_use_link, get_link
from server.http.pages import signed_in, staff_lang, start_second_step
from server.http.web import SERVICES, render, request_lang

routes = web.RouteTableDef()

NEXT_PAGE = "/console"

REFUSED: dict[str, tuple[int, str]] = {
    "unknown": (
        404,
        i18n.N_(
            "This link is not valid. Check that you copied all of it, or ask an admin for a "
            "new one."
        ),
    ),
    "used": (
        410,
        i18n.N_(
            "This link was already used: each link works once. If you did not use it, tell "
            "an admin at once and ask for a new one."
        ),
    ),
    "expired": (
        410,
        i18n.N_("This link has expired: links work for 72 hours. Ask an admin for a new one."),
    ),
    "inactive": (410, i18n.N_("This account is deactivated. Ask an admin.")),
    "limited": (
        429,
        i18n.N_("Too many links that do not exist were tried. Try again in a few minutes."),
    ),
}
PASSWORD_ERRORS: dict[str, str] = {
    "password: at least 10 characters": i18n.N_("The password needs at least 10 characters."),
    "password: at most 1024 characters": i18n.N_("The password can have at most 1024 characters."),
}


def _no_store(response: web.StreamResponse) -> web.StreamResponse:
    response.headers["Cache-Control"] = "no-store"
    return response


def _refused(request: web.Request, refused: LinkRefused) -> web.StreamResponse:
    status, text = REFUSED[refused.reason]
    response = render(
        request,
        "account_link.html",
        {"refused": i18n.gettext(text, request_lang(request)), "link": None, "error": None},
        status=status,
    )
    if refused.reason == "limited":
        response.headers["Retry-After"] = str(refused.retry_after)
    return _no_store(response)


def _form(
    request: web.Request, link: LinkInfo, *, error: str | None = None, status: int = 200
) -> web.StreamResponse:
    context: dict[str, Any] = {"refused": None, "link": link, "error": error}
    return _no_store(
        render(request, "account_link.html", context, status=status, lang=staff_lang(request, link))
    )


def _token(request: web.Request) -> str:
    return request.match_info["token"]


@routes.get("/account/link/{token:[A-Za-z0-9_-]{1,100}}")
async def link_page(request: web.Request) -> web.StreamResponse:
    """The form to set one's password, or why the link cannot be used."""
    try:
        link = await get_link(request.app[SERVICES], _token(request))
    except LinkRefused as refused:
        return _refused(request, refused)
    return _form(request, link)


@routes.post("/account/link/{token:[A-Za-z0-9_-]{1,100}}")
async def link_submit(request: web.Request) -> web.StreamResponse:
    """Set the password (twice, the same): 303 to the console signed in, or to the two-factor
    step; 400 with the form again for a password that is too short or typed differently."""
    svc = request.app[SERVICES]
    form = await request.post()
    password = str(form.get("password", ""))[:2048]
    try:
        link = await get_link(svc, _token(request))
        if password != str(form.get("password2", ""))[:2048]:
            error = i18n.N_("The two passwords differ. Type the same password twice.")
            return _form(
                request, link, error=i18n.gettext(error, staff_lang(request, link)), status=400
            )
        result = await do_use_link(svc, _token(request), password)
    except LinkRefused as refused:
        return _refused(request, refused)
    except StaffError as exc:
        lang = staff_lang(request, link)
        text = PASSWORD_ERRORS.get(str(exc))
        error = i18n.gettext(text, lang) if text else exc.message(lang)
        return _form(request, link, error=error, status=400)
    if result["next_step"] is not None:
        info = {"second_factor": result["next_step"], "pending": result["pending"]}
        return start_second_step(request, info, NEXT_PAGE)
    return signed_in(
        request,
        result["session"],
        {"device_cookie": result["device_cookie"]},
        web.HTTPSeeOther(NEXT_PAGE),
    )
