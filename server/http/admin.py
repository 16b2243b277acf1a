"""Admin pages: staff accounts (invitations and password links, role, activation), the settings
on the web, partner feeds of HSDS directories, and the append-only audit log with exports.
Thin: role check, one action, redirect (POST/redirect/GET) or a clear error. (The CSRF token of
every POST is checked before the view, by the `csrf` middleware in server/http/web.py.)"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from babel.dates import get_day_names

from server import i18n
from server.actions import site as site_actions
from server.actions import staff as staff_actions
from server.actions import staff_links
from server.actions import twofactor as twofactor_actions
from server.actions.audit import do_record, get_audit_export, get_audit_page
from server.actions.duty import get_me
from server.actions.errors import ActionError
from server.actions.resources import feeds
from server.actions.staff import StaffError
from server.constants import ADMIN_ROLES, ROLES
from server.http.pages import require_staff, staff_lang
from server.http.supervisor import label_tables
from server.http.ui_strings import SUPERVISOR_STRINGS
from server.http.web import SERVICES, csv_cell, render
from server.services import Services
from server.site import FIELDS as SITE_FIELDS
from server.site import (
    DutySchedule,
    SiteSettings,
    SiteSettingsError,
    check_form,
    closed_word,
    form_values,
)

routes = web.RouteTableDef()

PAGE_SIZE = 100
EXPORT_LIMIT = 100_000


def _no_store(response: web.StreamResponse) -> web.StreamResponse:
    response.headers["Cache-Control"] = "no-store"
    return response


def staff_error_text(error: StaffError) -> str:
    """A StaffError (server/actions/staff.py) in the page's language (the current one)."""
    return error.message()


async def _staff_page(
    request: web.Request,
    staff: Any,
    *,
    error: str | None = None,
    status: int = 200,
    link: dict[str, Any] | None = None,
    invite_form: dict[str, str] | None = None,
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
        elif user and what == "languages":
            done = i18n.gettext(i18n.N_("Saved the languages %(username)s speaks.")) % {
                "username": user
            }
        elif user and what == "deactivate":
            done = i18n.gettext(
                i18n.N_("%(username)s is deactivated: their sessions and duty have ended.")
            ) % {"username": user}
    context = {
        "me": await get_me(svc, staff.id),
        "staff_list": await staff_actions.get_staff_list(svc),
        "open_links": await staff_links.get_open_links(svc),
        "new_link": link,
        "link_hours": staff_links.LINK_HOURS,
        "invite": invite_form
        or {"username": "", "name": "", "role": "networker", "language": lang},
        "langs": i18n.LANGS,
        "locked": await staff_actions.get_locked_usernames(svc),
        "roles": ROLES,
        "role_names": role_names,
        "spoken_langs": i18n.SPOKEN_LANGS,
        "error": error,
        # the invitation was refused: its form, with the username, is what to correct
        "invite_error": bool(error and invite_form),
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


def form_languages(form: Any) -> list[str]:
    """The checked `languages` boxes of a form (at most a few dozen values read)."""
    return [str(value)[:8] for value in form.getall("languages", [])[:40]]


@routes.post("/admin/staff/languages")
async def set_languages(request: web.Request) -> web.StreamResponse:
    """Set the languages a colleague speaks (checkboxes named `languages`); audited as
    `staff.languages`. An empty or unknown choice -> 400 with the page and nothing changed."""
    staff, form = await _admin_form(request)
    username = str(form.get("username", ""))[:64]
    try:
        result = await staff_actions.do_set_spoken_languages(
            request.app[SERVICES], staff.id, username, form_languages(form)
        )
    except StaffError as exc:
        with i18n.using(staff_lang(request, staff)):
            text = staff_error_text(exc)
        return await _staff_page(request, staff, error=text, status=400)
    raise web.HTTPSeeOther("/admin/staff?" + _query(done="languages", user=result["username"]))


async def _on_account(
    request: web.Request, do: Callable[[Services, str, str], Awaitable[Any]]
) -> tuple[Any, Any, web.StreamResponse | None]:
    """An admin's form about one account (`username`): (admin, `do(services, admin id,
    username)`'s result, None), or (admin, None, the staff page with the error, 400) when the
    action refuses with a StaffError."""
    staff, form = await _admin_form(request)
    username = str(form.get("username", ""))[:64]
    try:
        return staff, await do(request.app[SERVICES], staff.id, username), None
    except StaffError as exc:
        with i18n.using(staff_lang(request, staff)):
            text = staff_error_text(exc)
        return staff, None, await _staff_page(request, staff, error=text, status=400)


@routes.post("/admin/staff/unlock")
async def unlock(request: web.Request) -> web.StreamResponse:
    """Lift a login lockout (the username's and its devices'); audited as `staff.unlock`."""
    form = await request.post()
    _, _, refused = await _on_account(request, staff_actions.do_unlock)
    if refused is not None:
        return refused
    user = str(form.get("username", ""))[:64].strip().lower()
    raise web.HTTPSeeOther("/admin/staff?" + _query(done="unlock", user=user))


@routes.post("/admin/staff/reset-2fa")
async def reset_two_factor(request: web.Request) -> web.StreamResponse:
    """Reset another staff member's two-factor (a lost phone): their secret and recovery codes
    are deleted and their sessions end; audited as `staff.2fa.reset`."""
    _, result, refused = await _on_account(request, twofactor_actions.do_reset_two_factor)
    if refused is not None:
        return refused
    raise web.HTTPSeeOther("/admin/staff?" + _query(done="reset_2fa", user=result["username"]))


def _query(**params: str) -> str:
    return urlencode(params)


def link_url(request: web.Request, token: str) -> str:
    """The whole address of a staff link: NETREACH_PUBLIC_URL when set, else the address the
    admin's browser reached this server at."""
    base = request.app[SERVICES].settings.public_url or f"{request.scheme}://{request.host}"
    return base + staff_links.link_path(token)


@routes.post("/admin/staff/invite")
async def invite(request: web.Request) -> web.StreamResponse:
    """Create an account with no password and show its invitation link once (200, not a
    redirect: the link exists only in this answer). Audited as `staff.invite`."""
    staff, form = await _admin_form(request)
    values = {
        "username": str(form.get("username", ""))[:64],
        "name": str(form.get("name", ""))[:80],
        "role": str(form.get("role", ""))[:32],
        "language": str(form.get("language", ""))[:8],
    }
    try:
        language = staff_actions.check_language(values["language"] or "pl")
        result = await staff_links.do_invite_staff(
            request.app[SERVICES],
            staff.id,
            values["username"],
            values["name"],
            values["role"],
            language,
        )
    except StaffError as exc:
        with i18n.using(staff_lang(request, staff)):
            text = staff_error_text(exc)
        return await _staff_page(request, staff, error=text, status=400, invite_form=values)
    new_link = {**result, "kind": "invite", "url": link_url(request, result["token"])}
    return await _staff_page(request, staff, link=new_link)


@routes.post("/admin/staff/password-link")
async def password_link(request: web.Request) -> web.StreamResponse:
    """Issue a password-reset link for an account and show it once; the old password works
    until the link is used. Audited as `staff.password_link`."""
    staff, result, refused = await _on_account(request, staff_links.do_issue_password_link)
    if refused is not None:
        return refused
    new_link = {**result, "url": link_url(request, result["token"])}
    return await _staff_page(request, staff, link=new_link)


# --- settings on the web (server/actions/site.py, server/site.py) ------------------------------

SETTINGS_DONE = i18n.N_("The settings are saved: every node uses them within a second.")


async def _settings_page(
    request: web.Request,
    staff: Any,
    *,
    form: dict[str, str] | None = None,
    error: SiteSettingsError | None = None,
    conflict: str | None = None,
    status: int = 200,
) -> web.StreamResponse:
    svc = request.app[SERVICES]
    lang = staff_lang(request, staff)
    info = await site_actions.get_site_settings_info(svc)
    env = SiteSettings.from_settings(svc.settings)
    error_text = None
    if error is not None:
        error_text = i18n.gettext(error.message, lang)
        if error.params:
            # a day off is written with the word of the page's language (site.closed_word)
            error_text = error_text % {**error.params, "closed": closed_word(lang)}
    context = {
        "me": await get_me(svc, staff.id),
        "form": form or form_values(svc.site, lang),
        "defaults": form_values(env, lang),
        "closed_word": closed_word(lang),
        "version": str(form.get("version", info["version"])) if form else info["version"],
        "info": info,
        "error": error_text or conflict,
        "error_field": error.field if error is not None else None,
        "done": i18n.gettext(SETTINGS_DONE, lang) if request.query.get("done") else None,
    }
    return _no_store(render(request, "admin_settings.html", context, status=status, lang=lang))


@routes.get("/admin/settings")
async def settings_page(request: web.Request) -> web.StreamResponse:
    staff = await require_staff(request, ADMIN_ROLES)
    return await _settings_page(request, staff)


SETTINGS_FORM_FIELDS = (
    "embed_origins",
    "timezone",
    *(f"day_{d}" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")),
    "exceptions",
    "emergency_number",
    "exit_url",
    *(n for n in SITE_FIELDS if n.startswith("retention_")),
    "version",
)


@routes.post("/admin/settings")
async def settings_submit(request: web.Request) -> web.StreamResponse:
    """Check every value and store them all, or none: a bad one answers 400 with the form as
    typed and a clear message naming the field; a change by someone else meanwhile, 409."""
    staff, posted = await _admin_form(request)
    form = {name: str(posted.get(name, ""))[:20_000] for name in SETTINGS_FORM_FIELDS}
    version = form["version"]
    try:
        values = check_form(form)
    except SiteSettingsError as exc:
        return await _settings_page(request, staff, form=form, error=exc, status=400)
    if not version.isdigit() or len(version) > 12:
        raise web.HTTPBadRequest()
    try:
        await site_actions.do_update_site_settings(
            request.app[SERVICES], staff.id, values, int(version)
        )
    except ActionError as exc:
        if exc.code == "forbidden":
            raise web.HTTPForbidden() from None
        text = exc.message(staff_lang(request, staff))
        return await _settings_page(request, staff, form=form, conflict=text, status=409)
    raise web.HTTPSeeOther("/admin/settings?done=1")


# What each audited action means, for people reading the log (the code stays beside it).
AUDIT_ACTIONS: dict[str, str] = {
    "transcript.open": i18n.N_("Opened a transcript"),
    "case.open": i18n.N_("Opened a case"),
    "referral.list_due": i18n.N_("Listed the referrals due for follow-up"),
    "conversation.join": i18n.N_("Joined a conversation"),
    "conversation.takeover": i18n.N_("Took over a conversation"),
    "conversation.reassign": i18n.N_("Gave a conversation to a colleague"),
    "escalation.raise": i18n.N_("Escalated a conversation by hand"),
    "escalation.acknowledge": i18n.N_("Acknowledged an escalation"),
    "escalation.resolve": i18n.N_("Resolved an escalation"),
    "staff.create": i18n.N_("Created a staff account"),
    "staff.invite": i18n.N_("Invited a colleague (an account and its link)"),
    "staff.password_link": i18n.N_("Issued a link to set a password"),
    "staff.password_set": i18n.N_("Set a password with a link"),
    "settings.change": i18n.N_("Changed the settings"),
    "staff.activate": i18n.N_("Activated a staff account"),
    "staff.deactivate": i18n.N_("Deactivated a staff account"),
    "staff.role": i18n.N_("Changed a role"),
    "staff.languages": i18n.N_("Changed the languages someone speaks"),
    "staff.password_reset": i18n.N_("Reset a password"),
    "staff.unlock": i18n.N_("Lifted a login lockout"),
    "audit.export": i18n.N_("Exported the audit log"),
    "canned.create": i18n.N_("Added a canned reply"),
    "canned.edit": i18n.N_("Edited a canned reply"),
    "canned.retire": i18n.N_("Retired a canned reply"),
    "canned.restore": i18n.N_("Offered a canned reply again"),
    "login": i18n.N_("Logged in"),
    "login.password": i18n.N_("Entered the right password (the second step may follow)"),
    "login.failed": i18n.N_("A failed login"),
    "logout": i18n.N_("Logged out"),
    "staff.2fa.enable": i18n.N_("Turned on two-factor authentication"),
    "staff.2fa.disable": i18n.N_("Turned off two-factor authentication"),
    "staff.2fa.reset": i18n.N_("Reset someone's two-factor authentication"),
    "staff.2fa.recovery_codes": i18n.N_("Made new recovery codes"),
    "staff.2fa.recovery_code_used": i18n.N_("Logged in with a recovery code"),
    "visitor.block": i18n.N_("Blocked a visitor"),
    "visitor.unblock": i18n.N_("Lifted a visitor's block"),
    "transcript.export": i18n.N_("Exported a transcript"),
    "conversation.erase": i18n.N_("Erased a conversation at the visitor's request"),
    "retention.purge": i18n.N_("Removed old texts as the retention settings say"),
    "lexicon_review.export": i18n.N_("Exported the lexicon review items"),
    "lexicon_review.reviewed": i18n.N_("Marked a lexicon review item reviewed"),
    "lexicon_review.dismissed": i18n.N_("Dismissed a lexicon review item"),
    "lexicon_review.reopened": i18n.N_("Reopened a lexicon review item"),
}
# The kind of a subject, from its id's prefix (server/db/models.py new_id).
SUBJECT_KINDS: dict[str, str] = {
    "s": i18n.N_("staff member"),
    "v": i18n.N_("visitor"),
    "c": i18n.N_("conversation"),
    "k": i18n.N_("case"),
    "n": i18n.N_("note"),
    "e": i18n.N_("escalation"),
    "r": i18n.N_("library entry"),
    "o": i18n.N_("organisation"),
    "l": i18n.N_("location"),
    "f": i18n.N_("partner feed"),
    "q": i18n.N_("canned reply"),
}


# a `settings.change` entry's fields, named as on the settings page
SETTING_NAMES: dict[str, str] = {
    "embed_origins": i18n.N_("Sites allowed to embed the widget"),
    "duty": i18n.N_("Duty hours"),
    "emergency_number": i18n.N_("Emergency number (always shown in the widget)"),
    "exit_url": i18n.N_("Quick exit goes to (a neutral page)"),
    "retention_transcript_days": i18n.N_("Conversation texts, after the conversation closed"),
    "retention_notes_days": i18n.N_("Case notes, after their conversation closed"),
    "retention_escalation_days": i18n.N_("Escalation texts, after the escalation was raised"),
    "retention_audit_days": i18n.N_("Audit log entries (at least a year are always kept)"),
}


# the keys of audit details (the `details` of write_audit), named for whoever reads the log
AUDIT_DETAIL_NAMES: dict[str, str] = {
    "username": i18n.N_("Username"),
    "role": i18n.N_("Role"),
    "via": i18n.N_("Through"),
    "kind": i18n.N_("Kind"),
    "device": i18n.N_("From a known device"),
    "next": i18n.N_("Next step"),
    "second_factor": i18n.N_("Second factor"),
    "format": i18n.N_("Format"),
    "redacted": i18n.N_("Redacted"),
    "reason": i18n.N_("Reason"),
    "messages": i18n.N_("Messages"),
    "count": i18n.N_("Count"),
    "referral": i18n.N_("Referral"),
    "conversation": i18n.N_("Conversation"),
    "from": i18n.N_("Before"),
    "to": i18n.N_("After"),
    "keys": i18n.N_("Lockouts lifted"),
    "changed": i18n.N_("Changed"),
    "before": i18n.N_("Before the change"),
    "title": i18n.N_("Title"),
    "lang": i18n.N_("Language"),
    "items": i18n.N_("Items"),
    "status": i18n.N_("Status"),
    "verdict": i18n.N_("Staff verdict"),
    "last_seq": i18n.N_("Messages already seen"),
    "case": i18n.N_("Case"),
    "was_enabled": i18n.N_("Two-factor was on"),
    "lexicon_review_item": i18n.N_("Lexicon review item"),
    "failures": i18n.N_("Failed attempts"),
    "locked": i18n.N_("Locked"),
    "step": i18n.N_("Step"),
    "hours": i18n.N_("Length of the block (hours)"),
    "tokens": i18n.N_("Visitor tokens"),
    "closed": i18n.N_("Chats closed"),
    "outcome": i18n.N_("Outcome"),
    "handover": i18n.N_("Handover"),
    # retention.purge: the counts of PurgeReport
    "transcripts": i18n.N_("Conversations erased"),
    "escalation_texts": i18n.N_("Escalation texts removed"),
    "notes": i18n.N_("Notes removed"),
    "erased_codes": i18n.N_("Resume codes removed"),
    "lexicon_review_items": i18n.N_("Lexicon review items removed"),
    "audit_entries": i18n.N_("Audit entries removed"),
}
# the words among detail values, by key: a code shown as a word ("via": "invite")
AUDIT_DETAIL_VALUES: dict[str, dict[str, str]] = {
    "via": {
        "invite": i18n.N_("invitation link"),
        "reset": i18n.N_("password link"),
        "review": i18n.N_("Past conversations"),
    },
    "kind": {
        "invite": i18n.N_("invitation"),
        "reset": i18n.N_("password reset"),
        "false_alarm": i18n.N_("False alarm"),
        "missed": i18n.N_("Missed crisis"),
    },
    "verdict": {
        "escalate": i18n.N_("should escalate"),
        "no_escalate": i18n.N_("should not escalate"),
    },
    "status": {
        "new": i18n.N_("New"),
        "reviewed": i18n.N_("Reviewed"),
        "dismissed": i18n.N_("Dismissed"),
    },
    "next": {
        "code": i18n.N_("two-factor code"),
        "enrol": i18n.N_("setting up two-factor authentication"),
    },
    "step": {"code": i18n.N_("two-factor code")},
    "second_factor": {
        "totp": i18n.N_("code from the authenticator app"),
        "recovery_code": i18n.N_("recovery code"),
        "enrolled": i18n.N_("set up with this login"),
    },
    "reason": {
        "visitor": i18n.N_("the visitor's request"),
        "retention": i18n.N_("the retention period ended"),
    },
}
LANGUAGE_NAMES: dict[str, str] = {
    "pl": i18n.N_("Polish"),
    "en": i18n.N_("English"),
    "uk": i18n.N_("Ukrainian"),
    "ru": i18n.N_("Russian"),
}


def _detail_text(action: str, key: str, value: Any, lang: str) -> str:
    """One detail value of an audit entry as text in `lang`: yes/no, "–" for none, the word of a
    code (roles, languages, escalation outcomes, the tables above); ids, numbers and free text
    (a reason typed by staff, a title) as they are; lists joined with ", "."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return i18n.gettext(i18n.N_("Yes") if value else i18n.N_("No"), lang)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(_detail_text(action, key, v, lang) for v in value) or "–"
    if not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    words = AUDIT_DETAIL_VALUES.get(key, {})
    if key == "role" or (action == "staff.role" and key in ("from", "to")):
        words = _role_table()
    elif key == "lang" or (action == "staff.languages" and key in ("from", "to")):
        words = LANGUAGE_NAMES
    elif key == "outcome":
        return label_tables(lang)["outcome_names"].get(value, value)
    word = words.get(value)
    return i18n.gettext(word, lang) if word else value


def _setting_text(name: str, value: Any, lang: str) -> str:
    """One side of a `settings.change` entry as the settings form writes it: duty hours as
    "Europe/Warsaw · Mon 16:00-22:00 · … · 2026-12-24 zamknięte", origins joined by spaces."""
    if name == "duty" and isinstance(value, dict):
        try:
            schedule = DutySchedule.from_json(value)
        except (KeyError, TypeError, ValueError):
            return json.dumps(value, ensure_ascii=False)
        days = get_day_names("abbreviated", locale=lang)
        parts = [schedule.timezone]
        for day, windows in schedule.day_windows().items():
            if windows:
                parts.append(f"{days[day]} " + ", ".join(f"{a}-{b}" for a, b in windows))
        parts += [e.to_text(closed_word(lang)) for e in schedule.exceptions]
        return " · ".join(parts)
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return str(value) if not isinstance(value, dict) else json.dumps(value, ensure_ascii=False)


def readable_audit(entry: dict[str, Any], lang: str) -> dict[str, Any]:
    """An audit entry for people: `action_label` (what the action means, in `lang`, or None for
    an action without a label), `subject_kind` (what the subject is, from its id's prefix, or
    None) and `details_items` ([(name, value as text)], sorted by key) instead of raw JSON: each
    key named and each coded value worded in `lang` (AUDIT_DETAIL_NAMES, `_detail_text`); a
    settings change names each field as the settings page does and shows it "before → after"
    as the form writes it."""
    label = AUDIT_ACTIONS.get(entry["action"])
    subject = entry.get("subject") or ""
    prefix, sep, _ = subject.partition("_")
    kind = SUBJECT_KINDS.get(prefix) if sep else None
    items = []
    for key, value in sorted((entry.get("details") or {}).items()):
        if entry["action"] == "settings.change" and isinstance(value, list) and len(value) == 2:
            # {field: [before, after]}: both sides as the settings form writes them
            before, after = (_setting_text(str(key), v, lang) for v in value)
            name = SETTING_NAMES.get(str(key))
            items.append((i18n.gettext(name, lang) if name else str(key), f"{before} → {after}"))
            continue
        name = AUDIT_DETAIL_NAMES.get(str(key))
        shown = i18n.gettext(name, lang) if name else str(key).replace("_", " ")
        items.append((shown, _detail_text(entry["action"], str(key), value, lang)))
    return {
        "action_label": i18n.gettext(label, lang) if label else None,
        "subject_kind": i18n.gettext(kind, lang) if kind else None,
        "details_items": items,
    }


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
        entry.update(readable_audit(entry, lang))
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


@routes.get("/admin/audit.csv")
async def audit_csv(request: web.Request) -> web.StreamResponse:
    admin = await require_staff(request, ADMIN_ROLES)
    await do_record(request.app[SERVICES], admin.id, "audit.export", None, {"format": "csv"})
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(FIELDS)
    for entry in await get_audit_export(request.app[SERVICES], EXPORT_LIMIT):
        writer.writerow([csv_cell(entry[f]) if f != "id" else entry["id"] for f in FIELDS])
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


# --- partner feeds (server/actions/resources/feeds.py) -----------------------------------------


async def _feeds_page(
    request: web.Request,
    staff: Any,
    *,
    error: str | None = None,
    status: int = 200,
    form: dict[str, str] | None = None,
) -> web.StreamResponse:
    svc = request.app[SERVICES]
    lang = staff_lang(request, staff)
    done = None
    with i18n.using(lang):
        what = request.query.get("done", "")
        if what == "added":
            done = i18n.gettext(i18n.N_("The feed is added: it is fetched within a minute."))
        elif what == "fetched":
            done = i18n.gettext(i18n.N_("The feed was fetched: see its last result below."))
        elif what == "removed":
            done = i18n.gettext(
                i18n.N_("The feed is removed. The entries that came from it stay in the library.")
            )
    context = {
        "me": await get_me(svc, staff.id),
        "feeds": await feeds.get_feeds(svc, lang),
        "kinds": feeds.FEED_KINDS,
        "hours": svc.settings.feed_hours,
        "error": error,
        "done": done,
        "form": form or {"name": "", "url": "", "kind": "api"},
    }
    return _no_store(render(request, "admin_feeds.html", context, status=status, lang=lang))


@routes.get("/admin/feeds")
async def feeds_page(request: web.Request) -> web.StreamResponse:
    staff = await require_staff(request, ADMIN_ROLES)
    return await _feeds_page(request, staff)


@routes.post("/admin/feeds")
async def add_feed(request: web.Request) -> web.StreamResponse:
    """Add a partner's HSDS API or file URL; a bad one is refused on the page, nothing added."""
    staff, form = await _admin_form(request)
    values = {
        "name": str(form.get("name", ""))[:400],
        "url": str(form.get("url", ""))[:1000],
        "kind": str(form.get("kind", ""))[:8],
    }
    try:
        await feeds.do_add_feed(
            request.app[SERVICES], staff.id, values["name"], values["url"], values["kind"]
        )
    except ActionError as exc:
        if exc.code == "forbidden":
            raise web.HTTPForbidden() from None
        return await _feeds_page(
            request,
            staff,
            error=exc.message(staff_lang(request, staff)),
            status=400,
            form=values,
        )
    raise web.HTTPSeeOther("/admin/feeds?done=added")


@routes.post("/admin/feeds/{fid:f_[A-Za-z0-9_-]{1,40}}/{action:fetch|remove}")
async def feed_action(request: web.Request) -> web.StreamResponse:
    """Fetch a feed now (its result, or why it failed, is shown on the page), or remove it."""
    staff, _ = await _admin_form(request)
    svc = request.app[SERVICES]
    fid, action = request.match_info["fid"], request.match_info["action"]
    try:
        if action == "fetch":
            await feeds.do_fetch_now(svc, staff.id, fid)
        else:
            await feeds.do_remove_feed(svc, staff.id, fid)
    except ActionError as exc:
        if exc.code == "forbidden":
            raise web.HTTPForbidden() from None
        if exc.code == "feed_not_found":
            raise web.HTTPNotFound() from None
        raise
    raise web.HTTPSeeOther("/admin/feeds?done=" + ("fetched" if action == "fetch" else "removed"))
