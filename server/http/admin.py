"""Admin pages: staff accounts (role, activation) and the append-only audit log with exports.
Thin: role check, one action, redirect (POST/redirect/GET) or a clear error. (The CSRF token of
every POST is checked before the view, by the `csrf` middleware in server/http/web.py.)"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from server import i18n
from server.actions import staff as staff_actions
from server.actions import twofactor as twofactor_actions
from server.actions.audit import do_record, get_audit_export, get_audit_page
from server.actions.duty import get_me
from server.actions.staff import StaffError
from server.constants import ADMIN_ROLES, ROLES
from server.http.pages import require_staff, staff_lang
from server.http.supervisor import label_tables
from server.http.ui_strings import SUPERVISOR_STRINGS
from server.http.web import SERVICES, render

routes = web.RouteTableDef()

PAGE_SIZE = 100
EXPORT_LIMIT = 100_000


def _no_store(response: web.StreamResponse) -> web.StreamResponse:
    response.headers["Cache-Control"] = "no-store"
    return response


def staff_error_text(error: StaffError) -> str:
    """The common StaffError texts (server/actions/staff.py) in the page's language; any other
    text is shown as it is (it is already clear, in English)."""
    text = str(error)
    if text in ("only admins change roles", "only admins change accounts"):
        return i18n.gettext(i18n.N_("Only admins can change staff accounts."))
    if text == "the last admin cannot be demoted":
        return i18n.gettext(
            i18n.N_("The last admin cannot be demoted: make someone else an admin first.")
        )
    if text == "you cannot deactivate yourself":
        return i18n.gettext(i18n.N_("You cannot deactivate your own account."))
    if text.startswith("role: one of"):
        return i18n.gettext(i18n.N_("Choose one of the roles: %(roles)s.")) % {
            "roles": ", ".join(ROLES)
        }
    match = re.fullmatch(r"no staff account '(.*)'", text)
    if match:
        return i18n.gettext(i18n.N_("There is no staff account %(username)s.")) % {
            "username": match.group(1)
        }
    return text


async def _staff_page(
    request: web.Request, staff: Any, *, error: str | None = None, status: int = 200
) -> web.StreamResponse:
    svc = request.app[SERVICES]
    lang = staff_lang(request, staff)
    done = None
    with i18n.using(lang):
        names = label_tables(lang)
        role_names = {r: i18n.translate_table(_role_table(), lang)[r] for r in ROLES}
        user = request.query.get("user", "")[:64]
        what = request.query.get("done", "")
        if user and what == "role" and request.query.get("role") in ROLES:
            done = i18n.gettext(i18n.N_("%(username)s is now: %(role)s.")) % {
                "username": user,
                "role": role_names[request.query["role"]],
            }
        elif user and what == "activate":
            done = i18n.gettext(i18n.N_("%(username)s can log in again.")) % {"username": user}
        elif user and what == "unlock":
            done = i18n.gettext(
                i18n.N_("%(username)s is unlocked: failed logins are forgotten.")
            ) % {"username": user}
        elif user and what == "reset_2fa":
            done = i18n.gettext(
                i18n.N_(
                    "Two-factor authentication of %(username)s is reset: their sessions have "
                    "ended; they set it up again at their next login."
                )
            ) % {"username": user}
        elif user and what == "deactivate":
            done = i18n.gettext(
                i18n.N_("%(username)s is deactivated: their sessions and duty have ended.")
            ) % {"username": user}
    context = {
        "me": await get_me(svc, staff.id),
        "staff_list": await staff_actions.get_staff_list(svc),
        "locked": await staff_actions.get_locked_usernames(svc),
        "roles": ROLES,
        "role_names": role_names,
        "error": error,
        "done": done,
        **names,
    }
    return _no_store(render(request, "admin_staff.html", context, status=status, lang=lang))


def _role_table() -> dict[str, str]:
    return {r: SUPERVISOR_STRINGS["role_" + r] for r in ROLES}


@routes.get("/admin/staff")
async def staff_list(request: web.Request) -> web.StreamResponse:
    staff = await require_staff(request, ADMIN_ROLES)
    return await _staff_page(request, staff)


async def _admin_form(request: web.Request) -> tuple[Any, Any]:
    staff = await require_staff(request, ADMIN_ROLES)
    return staff, await request.post()


@routes.post("/admin/staff/role")
async def set_role(request: web.Request) -> web.StreamResponse:
    staff, form = await _admin_form(request)
    username = str(form.get("username", ""))[:64]
    role = str(form.get("role", ""))[:32]
    try:
        result = await staff_actions.do_set_role(request.app[SERVICES], staff.id, username, role)
    except StaffError as exc:
        with i18n.using(staff_lang(request, staff)):
            text = staff_error_text(exc)
        return await _staff_page(request, staff, error=text, status=400)
    raise web.HTTPSeeOther(
        "/admin/staff?" + _query(done="role", user=result["username"], role=result["role"])
    )


@routes.post("/admin/staff/active")
async def set_active(request: web.Request) -> web.StreamResponse:
    staff, form = await _admin_form(request)
    username = str(form.get("username", ""))[:64]
    active = str(form.get("active", "")) == "1"
    try:
        await staff_actions.do_set_active(request.app[SERVICES], staff.id, username, active)
    except StaffError as exc:
        with i18n.using(staff_lang(request, staff)):
            text = staff_error_text(exc)
        return await _staff_page(request, staff, error=text, status=400)
    raise web.HTTPSeeOther(
        "/admin/staff?"
        + _query(done="activate" if active else "deactivate", user=username.strip().lower())
    )


@routes.post("/admin/staff/unlock")
async def unlock(request: web.Request) -> web.StreamResponse:
    """Lift a login lockout (the username's and its devices'); audited as `staff.unlock`."""
    staff, form = await _admin_form(request)
    username = str(form.get("username", ""))[:64]
    try:
        await staff_actions.do_unlock(request.app[SERVICES], staff.id, username)
    except StaffError as exc:
        with i18n.using(staff_lang(request, staff)):
            text = staff_error_text(exc)
        return await _staff_page(request, staff, error=text, status=400)
    raise web.HTTPSeeOther("/admin/staff?" + _query(done="unlock", user=username.strip().lower()))


@routes.post("/admin/staff/reset-2fa")
async def reset_two_factor(request: web.Request) -> web.StreamResponse:
    """Reset another staff member's two-factor (a lost phone): their secret and recovery codes
    are deleted and their sessions end; audited as `staff.2fa.reset`."""
    staff, form = await _admin_form(request)
    username = str(form.get("username", ""))[:64]
    try:
        result = await twofactor_actions.do_reset_two_factor(
            request.app[SERVICES], staff.id, username
        )
    except StaffError as exc:
        with i18n.using(staff_lang(request, staff)):
            text = staff_error_text(exc)
        return await _staff_page(request, staff, error=text, status=400)
    raise web.HTTPSeeOther("/admin/staff?" + _query(done="reset_2fa", user=result["username"]))


def _query(**params: str) -> str:
    return urlencode(params)


@routes.get("/admin/audit")
async def audit_page(request: web.Request) -> web.StreamResponse:
    staff = await require_staff(request, ADMIN_ROLES)
    svc = request.app[SERVICES]
    lang = staff_lang(request, staff)
    raw = request.query.get("before", "")
    before: int | None = None
    error = None
    if raw:
        if raw.isdigit() and len(raw) < 19:
            before = int(raw)
        else:
            error = i18n.gettext(
                i18n.N_("The page address is not valid; showing the newest entries."), lang
            )
    entries = await get_audit_page(svc, limit=PAGE_SIZE, before_id=before)
    for entry in entries:
        entry["details_text"] = json.dumps(entry["details"], ensure_ascii=False, sort_keys=True)
    context = {
        "me": await get_me(svc, staff.id),
        "entries": entries,
        "error": error,
        "next_before": entries[-1]["id"] if len(entries) == PAGE_SIZE else None,
        "first_page": before is None,
    }
    return _no_store(
        render(request, "admin_audit.html", context, status=400 if error else 200, lang=lang)
    )


def _attachment(body: str, content_type: str, ext: str) -> web.Response:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    response = web.Response(text=body, content_type=content_type, charset="utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="netreach-audit-{stamp}.{ext}"'
    response.headers["Cache-Control"] = "no-store"
    return response


FIELDS = ("id", "at", "actor", "actor_name", "actor_id", "action", "subject", "details")


def _cell(value: Any) -> str:
    """A CSV cell a spreadsheet will not run as a formula (free text such as an escalation
    reason is written by staff)."""
    text = (
        ""
        if value is None
        else value
        if isinstance(value, str)
        else json.dumps(value, ensure_ascii=False, sort_keys=True)
    )
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return text


@routes.get("/admin/audit.csv")
async def audit_csv(request: web.Request) -> web.StreamResponse:
    admin = await require_staff(request, ADMIN_ROLES)
    await do_record(request.app[SERVICES], admin.id, "audit.export", None, {"format": "csv"})
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(FIELDS)
    for entry in await get_audit_export(request.app[SERVICES], EXPORT_LIMIT):
        writer.writerow([_cell(entry[f]) if f != "id" else entry["id"] for f in FIELDS])
    return _attachment(buf.getvalue(), "text/csv", "csv")


@routes.get("/admin/audit.json")
async def audit_json(request: web.Request) -> web.StreamResponse:
    admin = await require_staff(request, ADMIN_ROLES)
    await do_record(request.app[SERVICES], admin.id, "audit.export", None, {"format": "json"})
    entries = [
        {f: e[f] for f in FIELDS}
        for e in await get_audit_export(request.app[SERVICES], EXPORT_LIMIT)
    ]
    return _attachment(
        json.dumps(entries, ensure_ascii=False, indent=1), "application/json", "json"
    )
