"""A staff member's own settings: the languages they speak with visitors (automatic assignment
prefers a networker who speaks the visitor's language). Thin: one action, POST then redirect,
or a clear error on the same page. (Two-factor has its own page: server/http/twofactor.py.)"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from server import i18n
from server.actions import staff as staff_actions
from server.actions.duty import get_me
from server.actions.staff import StaffError
from server.constants import ROLES
from server.http.admin import form_languages, staff_error_text
from server.http.pages import require_staff, staff_lang
from server.http.web import SERVICES, render

routes = web.RouteTableDef()


async def _languages_page(
    request: web.Request, staff: Any, *, error: str | None = None, status: int = 200
) -> web.StreamResponse:
    svc = request.app[SERVICES]
    lang = staff_lang(request, staff)
    context = {
        "me": await get_me(svc, staff.id),
        "speaks": list(staff.languages or []),
        "spoken_langs": i18n.SPOKEN_LANGS,
        "error": error,
        "done": request.query.get("done") == "1" and error is None,
    }
    response = render(request, "account_languages.html", context, status=status, lang=lang)
    response.headers["Cache-Control"] = "no-store"
    return response


@routes.get("/account/languages")
async def languages_page(request: web.Request) -> web.StreamResponse:
    staff = await require_staff(request, ROLES)
    return await _languages_page(request, staff)


@routes.post("/account/languages")
async def set_languages(request: web.Request) -> web.StreamResponse:
    """Save the languages the signed-in staff member speaks (checkboxes named `languages`);
    an empty or unknown choice -> 400 with the page and nothing changed."""
    staff = await require_staff(request, ROLES)
    form = await request.post()
    try:
        await staff_actions.do_set_spoken_languages(
            request.app[SERVICES], staff.id, staff.username, form_languages(form)
        )
    except StaffError as exc:
        with i18n.using(staff_lang(request, staff)):
            text = staff_error_text(exc)
        return await _languages_page(request, staff, error=text, status=400)
    raise web.HTTPSeeOther("/account/languages?done=1")
