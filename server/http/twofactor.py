"""Two-factor pages: the code step and the enrolment step of a login, and a staff member's own
two-factor page (set up, new recovery codes, turn off). Thin: one action per request, POST then
redirect, or a clear error on the same page. The half-logged-in state between the password and
the code is the `nr_login` cookie only (signed, 10 minutes, server/actions/staff.py): it opens
these two steps and nothing else — no session exists until the second factor passed."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from aiohttp import web

from server import i18n
from server.actions import twofactor
from server.actions.duty import get_me
from server.actions.staff import LoginRefused, StaffError, get_pending_login
from server.constants import DEVICE_COOKIE, PENDING_LOGIN_COOKIE, ROLES
from server.http.pages import locked_text, require_staff, signed_in, staff_lang
from server.http.web import SERVICES, render, request_lang, safe_next

routes = web.RouteTableDef()

QR_TITLE = i18n.N_("QR code to scan with an authenticator app")
WRONG_CODE = i18n.N_("That code is not valid, or it was used already.")
WRONG_PROOF = i18n.N_("Wrong password or code.")


def _no_store(response: web.StreamResponse) -> web.StreamResponse:
    response.headers["Cache-Control"] = "no-store"
    return response


def _error_text(error: StaffError) -> str:
    return error.message()


def _back_to_login(next_url: str) -> web.HTTPSeeOther:
    response = web.HTTPSeeOther(f"/login?next={quote(next_url, safe='/')}&expired=1")
    response.del_cookie(PENDING_LOGIN_COOKIE, path="/")
    return response


@routes.get("/login/code")
async def code_form(request: web.Request) -> web.StreamResponse:
    svc = request.app[SERVICES]
    next_url = safe_next(request.query.get("next"))
    staff = await get_pending_login(svc, request.cookies.get(PENDING_LOGIN_COOKIE), "code")
    if staff is None:
        raise _back_to_login(next_url)
    return _no_store(render(request, "login_code.html", {"error": None, "next": next_url}))


@routes.post("/login/code")
async def code_submit(request: web.Request) -> web.StreamResponse:
    svc = request.app[SERVICES]
    form = await request.post()
    next_url = safe_next(str(form.get("next", "")))
    code = str(form.get("code", "")).strip() or str(form.get("recovery_code", "")).strip()
    lang = request_lang(request)
    try:
        token, info = await twofactor.do_login_code(
            svc,
            request.cookies.get(PENDING_LOGIN_COOKIE),
            code,
            device_cookie=request.cookies.get(DEVICE_COOKIE),
        )
    except LoginRefused as refused:
        if refused.reason == "expired":
            raise _back_to_login(next_url) from None
        if refused.reason == "locked":
            error, status = locked_text(refused.retry_after, lang), 429
        else:
            error, status = i18n.gettext(WRONG_CODE, lang), 401
        return _no_store(
            render(
                request,
                "login_code.html",
                {"error": error, "next": next_url},
                status=status,
            )
        )
    return signed_in(request, token, info, web.HTTPSeeOther(next_url))


@routes.post("/login/cancel")
async def cancel_login(request: web.Request) -> web.StreamResponse:
    """The way back from the code or enrolment step of a login: forget the pending login (its
    cookie) and show the login page again. Nothing else changes; a login that has none is sent
    to the login page all the same."""
    form = await request.post()
    next_url = safe_next(str(form.get("next", "")))
    response = web.HTTPSeeOther(f"/login?next={quote(next_url, safe='/')}")
    response.del_cookie(PENDING_LOGIN_COOKIE, path="/")
    raise response


@routes.get("/login/enrol")
async def enrol_form(request: web.Request) -> web.StreamResponse:
    return await _enrol_page(request, safe_next(request.query.get("next")))


async def _enrol_page(
    request: web.Request, next_url: str, *, error: str | None = None, status: int = 200
) -> web.StreamResponse:
    svc = request.app[SERVICES]
    staff = await get_pending_login(svc, request.cookies.get(PENDING_LOGIN_COOKIE), "enrol")
    lang = request_lang(request)
    enrolment = (
        await twofactor.get_enrolment(svc, staff.id, i18n.gettext(QR_TITLE, lang))
        if staff is not None
        else None
    )
    if staff is None or enrolment is None:
        raise _back_to_login(next_url)
    context = {
        "error": error,
        "next": next_url,
        "enrolment": enrolment,
        "action": "/login/enrol",
        "at_login": True,
    }
    return _no_store(render(request, "two_factor_setup.html", context, status=status))


@routes.post("/login/enrol")
async def enrol_submit(request: web.Request) -> web.StreamResponse:
    svc = request.app[SERVICES]
    form = await request.post()
    next_url = safe_next(str(form.get("next", "")))
    try:
        token, info, codes = await twofactor.do_login_enrol(
            svc, request.cookies.get(PENDING_LOGIN_COOKIE), str(form.get("code", ""))
        )
    except LoginRefused:
        raise _back_to_login(next_url) from None
    except StaffError as exc:
        with i18n.using(request_lang(request)):
            text = _error_text(exc)
        return await _enrol_page(request, next_url, error=text, status=400)
    response = _no_store(
        render(request, "recovery_codes.html", {"codes": codes, "next": next_url, "me": None})
    )
    return signed_in(request, token, info, response)


# --- a signed-in staff member's own two-factor -----------------------------------------------


async def _account_page(
    request: web.Request,
    staff: Any,
    *,
    error: str | None = None,
    status: int = 200,
) -> web.StreamResponse:
    svc = request.app[SERVICES]
    lang = staff_lang(request, staff)
    done = request.query.get("done", "")
    context = {
        "me": await get_me(svc, staff.id),
        "state": await twofactor.get_two_factor(svc, staff.id),
        "error": error,
        "done": done if done in ("disabled",) else None,
    }
    return _no_store(render(request, "account_two_factor.html", context, status=status, lang=lang))


@routes.get("/account/two-factor")
async def account_page(request: web.Request) -> web.StreamResponse:
    staff = await require_staff(request, ROLES)
    return await _account_page(request, staff)


@routes.post("/account/two-factor/setup")
async def account_setup_start(request: web.Request) -> web.StreamResponse:
    """Start (or start again) setting up two-factor; then the page with the QR code."""
    staff = await require_staff(request, ROLES)
    form = await request.post()
    try:
        await twofactor.do_begin_enrolment(
            request.app[SERVICES], staff.id, restart=str(form.get("restart", "")) == "1"
        )
    except StaffError as exc:
        with i18n.using(staff_lang(request, staff)):
            text = _error_text(exc)
        return await _account_page(request, staff, error=text, status=400)
    raise web.HTTPSeeOther("/account/two-factor/setup")


async def _account_setup_page(
    request: web.Request, staff: Any, *, error: str | None = None, status: int = 200
) -> web.StreamResponse:
    svc = request.app[SERVICES]
    lang = staff_lang(request, staff)
    enrolment = await twofactor.get_enrolment(svc, staff.id, i18n.gettext(QR_TITLE, lang))
    if enrolment is None:
        raise web.HTTPSeeOther("/account/two-factor")
    context = {
        "me": await get_me(svc, staff.id),
        "error": error,
        "next": "/account/two-factor",
        "enrolment": enrolment,
        "action": "/account/two-factor/confirm",
        "at_login": False,
    }
    return _no_store(render(request, "two_factor_setup.html", context, status=status, lang=lang))


@routes.get("/account/two-factor/setup")
async def account_setup_page(request: web.Request) -> web.StreamResponse:
    staff = await require_staff(request, ROLES)
    return await _account_setup_page(request, staff)


@routes.post("/account/two-factor/confirm")
async def account_setup_confirm(request: web.Request) -> web.StreamResponse:
    staff = await require_staff(request, ROLES)
    svc = request.app[SERVICES]
    form = await request.post()
    try:
        codes = await twofactor.do_confirm_enrolment(svc, staff.id, str(form.get("code", "")))
    except StaffError as exc:
        with i18n.using(staff_lang(request, staff)):
            text = _error_text(exc)
        return await _account_setup_page(request, staff, error=text, status=400)
    context = {"codes": codes, "next": "/account/two-factor", "me": await get_me(svc, staff.id)}
    return _no_store(
        render(request, "recovery_codes.html", context, lang=staff_lang(request, staff))
    )


async def _with_proof(
    request: web.Request, staff: Any, action: Any
) -> tuple[Any, web.StreamResponse | None]:
    """Run `action(svc, staff_id, password=…, code=…, device_cookie=…)` with the form's proof;
    returns (its result, None), or (None, the account page with the error)."""
    form = await request.post()
    lang = staff_lang(request, staff)
    try:
        result = await action(
            request.app[SERVICES],
            staff.id,
            password=str(form.get("password", "")),
            code=str(form.get("code", "")),
            device_cookie=request.cookies.get(DEVICE_COOKIE),
        )
    except LoginRefused as refused:
        if refused.reason == "locked":
            text, status = locked_text(refused.retry_after, lang), 429
        else:
            text, status = i18n.gettext(WRONG_PROOF, lang), 401
        return None, await _account_page(request, staff, error=text, status=status)
    except StaffError as exc:
        with i18n.using(lang):
            text = _error_text(exc)
        return None, await _account_page(request, staff, error=text, status=400)
    return result, None


@routes.post("/account/two-factor/disable")
async def account_disable(request: web.Request) -> web.StreamResponse:
    """Turn two-factor off (not for a role that requires it): needs the password or a code."""
    staff = await require_staff(request, ROLES)
    _, failed = await _with_proof(request, staff, twofactor.do_disable)
    if failed is not None:
        return failed
    raise web.HTTPSeeOther("/account/two-factor?done=disabled")


@routes.post("/account/two-factor/recovery-codes")
async def account_recovery_codes(request: web.Request) -> web.StreamResponse:
    """New recovery codes, shown once: needs the password or a code."""
    staff = await require_staff(request, ROLES)
    codes, failed = await _with_proof(request, staff, twofactor.do_regenerate_recovery_codes)
    if failed is not None:
        return failed
    svc = request.app[SERVICES]
    context = {"codes": codes, "next": "/account/two-factor", "me": await get_me(svc, staff.id)}
    return _no_store(
        render(request, "recovery_codes.html", context, lang=staff_lang(request, staff))
    )
