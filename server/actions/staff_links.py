"""One-time links of staff accounts (issue 18 item 1): an admin invites a colleague, or resets a
password, and hands them a link with which they set their own password — and, where their
role requires it, enrol two-factor right after (the login's enrolment step).

A link is `/account/link/<token>`: 43 random URL-safe characters (256 bits) of which only the
SHA-256 is stored (`staff_links`), valid `LINK_HOURS` by the app's clock, spent by one
conditional UPDATE (`used_at IS NULL AND expires_at > now`: of two parallel uses one passes).
Issuing a link voids the account's earlier unused ones; deactivating the account makes them
expire at once (a later reactivation does not revive them). An invited account exists from the
invitation with no usable password (`NO_PASSWORD`): nobody can log in to it until the link is
used. Using a reset link replaces the password and ends every session of the account on every
node (as a password change does); the old password stops working only then.

Tokens that match no link at all are counted (`Services.link_limiter`, all nodes together):
beyond the limit such requests are refused for a while. A link that exists is never refused
by the count, so guessing cannot lock a colleague out of their own invitation.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from server import i18n
from server.actions.audit import write_audit
from server.actions.staff import (
    ADMINS_ONLY,
    CHOOSE_ROLE,
    NO_PASSWORD,
    StaffError,
    after_sessions_ended,
    check_password,
    check_username,
    check_username_free,
    make_pending_login,
    no_account_error,
    second_step,
    start_session,
)
from server.actions.twofactor import do_begin_enrolment
from server.constants import ADMIN, ROLES
from server.db.models import Staff, StaffLink, StaffSession
from server.services import Services

LINK_HOURS = 72
LINK_PATH = "/account/link/"
LINK_KINDS = ("invite", "reset")


class LinkRefused(Exception):
    """A link that cannot be used: `reason` "unknown" (no such link), "used", "expired",
    "inactive" (the account was deactivated), or "limited" (too many unknown tokens; then
    `retry_after` seconds)."""

    def __init__(self, reason: str, retry_after: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


@dataclass(frozen=True)
class LinkInfo:
    """A usable link: whose it is and what comes after the password."""

    staff_id: str
    username: str
    display_name: str
    kind: str
    expires_at: datetime
    language: str  # the account's own language: the link's page is in it
    # the step after the password: "enrol" (the role requires two-factor and none is set up),
    # "code" (two-factor is on), or None (signed in at once)
    next_step: str | None


def link_hash(token: str) -> str:
    """What a link's token is stored as: its SHA-256, hex."""
    return hashlib.sha256(token.encode()).hexdigest()


def link_path(token: str) -> str:
    """The path of a link (the page that sets the password)."""
    return LINK_PATH + token


async def _admin(s: AsyncSession, actor_id: str | None) -> None:
    if actor_id is None:
        return  # a command on the server's own machine
    actor = await s.get(Staff, actor_id)
    if actor is None or not actor.is_active or actor.role != ADMIN:
        raise StaffError("only admins change accounts", ADMINS_ONLY)


async def _issue(
    s: AsyncSession, svc: Services, staff_id: str, kind: str, actor: str | None
) -> str:
    """In a write transaction: a new link for the account (its earlier unused ones voided)."""
    now = svc.clock.now()
    await s.execute(
        delete(StaffLink).where(StaffLink.staff_id == staff_id, StaffLink.used_at.is_(None))
    )
    token = secrets.token_urlsafe(32)
    s.add(
        StaffLink(
            token_hash=link_hash(token),
            staff_id=staff_id,
            kind=kind,
            created_by=actor,
            created_at=now,
            expires_at=now + timedelta(hours=LINK_HOURS),
        )
    )
    return token


async def do_invite_staff(
    svc: Services,
    actor_id: str | None,
    username: str,
    display_name: str,
    role: str,
    language: str = "pl",
) -> dict[str, Any]:
    """Create an account that has no password yet and an invitation link for it; the account
    speaks its `language` with visitors, as one made by `create-user`. Admins only
    when `actor_id` is given (the CLI passes None). Audited as `staff.invite`. Returns {"id",
    "username", "display_name", "role", "token", "expires_at"} — the token exists only here.
    Raises StaffError for a bad or taken username, a bad role, a non-admin actor."""
    name = check_username(username)
    if role not in ROLES:
        raise StaffError(f"role: one of {', '.join(ROLES)}", CHOOSE_ROLE, roles=", ".join(ROLES))
    shown = " ".join(display_name.split())[:80] or name
    now = svc.clock.now()
    async with svc.db.write() as s:
        await _admin(s, actor_id)
        await check_username_free(s, name)
        staff = Staff(
            username=name,
            display_name=shown,
            password_hash=NO_PASSWORD,
            role=role,
            language=language,
            # as an account made by `create-user`: they speak their own language with visitors
            # (automatic assignment prefers them for it) until they or an admin say otherwise
            languages=[language] if language in i18n.SPOKEN_LANGS else [],
            created_at=now,
        )
        s.add(staff)
        await s.flush()
        token = await _issue(s, svc, staff.id, "invite", actor_id)
        write_audit(s, now, actor_id, "staff.invite", staff.id, {"username": name, "role": role})
        return {
            "id": staff.id,
            "username": name,
            "display_name": shown,
            "role": role,
            "token": token,
            "expires_at": now + timedelta(hours=LINK_HOURS),
        }


async def do_issue_password_link(
    svc: Services, actor_id: str | None, username: str
) -> dict[str, Any]:
    """A password-reset link for an active account (an invited one that has not set a password
    gets a new invitation). The current password keeps working until the link is used. Admins
    only when `actor_id` is given. Audited as `staff.password_link`. Returns {"username",
    "kind", "token", "expires_at"}. Raises StaffError for an unknown or deactivated account or
    a non-admin actor."""
    name = username.strip().lower()[:64]
    now = svc.clock.now()
    async with svc.db.write() as s:
        await _admin(s, actor_id)
        staff = (await s.execute(select(Staff).where(Staff.username == name))).scalar_one_or_none()
        if staff is None:
            raise no_account_error(username)
        if not staff.is_active:
            raise StaffError(
                "the account is deactivated",
                i18n.N_("The account is deactivated: activate it first."),
            )
        kind = "invite" if staff.password_hash == NO_PASSWORD else "reset"
        token = await _issue(s, svc, staff.id, kind, actor_id)
        write_audit(
            s, now, actor_id, "staff.password_link", staff.id, {"username": name, "kind": kind}
        )
    return {
        "username": name,
        "kind": kind,
        "token": token,
        "expires_at": now + timedelta(hours=LINK_HOURS),
    }


async def get_link(svc: Services, token: str) -> LinkInfo:
    """The usable link of `token`. Raises LinkRefused: "limited" (too many unknown tokens of
    late, checked first only for tokens that match nothing), "unknown", then "inactive" (the
    account is deactivated, whatever the link's state), "used", "expired"."""
    now = svc.clock.now()
    row: tuple[StaffLink, Staff] | None = None
    if 20 <= len(token) <= 100:
        async with svc.db.read() as s:
            found = (
                await s.execute(
                    select(StaffLink, Staff)
                    .join(Staff, Staff.id == StaffLink.staff_id)
                    .where(StaffLink.token_hash == link_hash(token))
                )
            ).one_or_none()
            row = (found[0], found[1]) if found is not None else None
    if row is None:
        wait = await svc.link_limiter.hit("unknown")
        raise LinkRefused("limited", int(wait) + 1) if wait else LinkRefused("unknown")
    link, staff = row
    if not staff.is_active:
        raise LinkRefused("inactive")
    if link.used_at is not None:
        raise LinkRefused("used")
    if link.expires_at <= now:
        raise LinkRefused("expired")
    return LinkInfo(
        staff.id,
        staff.username,
        staff.display_name,
        link.kind,
        link.expires_at,
        staff.language,
        second_step(svc, staff),
    )


async def do_use_link(svc: Services, token: str, password: str) -> dict[str, Any]:
    """Set the account's password with its link, once. The link is spent and the password
    replaced in one transaction (a conditional UPDATE: a used, expired or voided link, or a
    second use racing this one, changes nothing); every session of the account ends, on every
    node (`session.ended` reason `password_changed`). Audited as `staff.password_set` {"via"}.
    Returns {"staff_id", "next_step", and then either "session" (cookie value) with
    "device_cookie" when the account needs no second factor, or "pending" (a pending-login
    value for the `next_step`, "enrol" or "code")}.
    Raises StaffError for a password `check_password` refuses (too short or long, too common,
    built on the username: the link stays usable), LinkRefused
    for a link that cannot be used."""
    info = await get_link(svc, token)
    check_password(password, info.username)
    pw_hash = await svc.passwords.hash(password)
    now = svc.clock.now()
    async with svc.db.write() as s:
        spent = await s.execute(
            update(StaffLink)
            .where(
                StaffLink.token_hash == link_hash(token),
                StaffLink.used_at.is_(None),
                StaffLink.expires_at > now,
            )
            .values(used_at=now)
        )
        if spent.rowcount != 1:  # type: ignore[attr-defined]
            raise LinkRefused("used")
        staff = await s.get(Staff, info.staff_id)
        if staff is None or not staff.is_active:
            raise LinkRefused("inactive")
        staff.password_hash = pw_hash
        await s.execute(delete(StaffSession).where(StaffSession.staff_id == staff.id))
        write_audit(
            s,
            now,
            None,
            "staff.password_set",
            staff.id,
            {"username": staff.username, "via": info.kind},
        )
    await after_sessions_ended(svc, info.staff_id, "password_changed")
    if info.next_step == "enrol":
        await do_begin_enrolment(svc, info.staff_id)
    if info.next_step is not None:
        return {
            "staff_id": info.staff_id,
            "next_step": info.next_step,
            "pending": make_pending_login(svc, staff, info.next_step, pw_hash),
        }
    session, details = await start_session(svc, staff, None, 0, {"via": info.kind})
    return {
        "staff_id": info.staff_id,
        "next_step": None,
        "session": session,
        "device_cookie": details["device_cookie"],
    }


async def get_open_links(svc: Services) -> dict[str, dict[str, Any]]:
    """{staff id: {"kind", "expires_at"}} of the unused links not yet expired (the staff page)."""
    now = svc.clock.now()
    async with svc.db.read() as s:
        rows = (
            await s.execute(
                select(StaffLink).where(StaffLink.used_at.is_(None), StaffLink.expires_at > now)
            )
        ).scalars()
        return {r.staff_id: {"kind": r.kind, "expires_at": r.expires_at} for r in rows}
