"""Staff two-factor authentication (TOTP, RFC 6238): enrolment, the code step of a login,
recovery codes, turning it off, and an admin's reset. The codes, the QR code and the encryption
of secrets are in `server/totp.py`; the password step and sessions in `server/actions/staff.py`.

* Enrolment: `do_begin_enrolment` stores a new secret (encrypted) with `totp_enabled_at` null;
  `get_enrolment` shows it (QR code, text); `do_confirm_enrolment` turns two-factor on only with
  a valid code of that secret and returns 10 new recovery codes (shown once, stored as hashes).
* A code is accepted once: the time step it belongs to must be later than the last accepted one
  (one conditional UPDATE, so two requests racing with the same code cannot both pass); a
  recovery code is spent by one conditional UPDATE as well.
* Every code or password checked here counts against the login throttle first
  (`staff.count_login_attempt`), like passwords: locked after 5, for a growing time.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import delete, func, or_, select, update

from server.actions.audit import write_audit
from server.actions.staff import (
    ADMINS_ONLY,
    LoginRefused,
    StaffError,
    after_sessions_ended,
    audit_failed_login,
    count_login_attempt,
    do_login,
    forget_login_attempts,
    get_pending_login,
    no_account_error,
    read_device_cookie,
    second_factor_key,
    second_factor_required,
    start_session,
)
from server.constants import ADMIN
from server.db.models import Staff, StaffRecoveryCode, StaffSession
from server.i18n import N_
from server.services import Services
from server.totp import (
    SecretUnreadable,
    grouped_secret,
    looks_like_recovery_code,
    looks_like_totp,
    match_step,
    new_recovery_codes,
    new_secret,
    provisioning_uri,
    qr_svg,
    recovery_code_hash,
)

log = logging.getLogger("netreach.twofactor")

# StaffError texts (str(): the CLI's English) and how the pages say them (StaffError.message)
ALREADY_ON = "two-factor authentication is already on"
NOT_ON = "two-factor authentication is not on"
NO_ENROLMENT = "no two-factor setup was started"
REQUIRED = "two-factor authentication is required for this role"
WRONG_CODE = "the code is not valid"
NO_SUCH_ACCOUNT = "no such staff account"
_SAID = {
    ALREADY_ON: N_("Two-factor authentication is already on."),
    NOT_ON: N_("Two-factor authentication is not on."),
    NO_ENROLMENT: N_("Start the setup again: no setup is in progress."),
    REQUIRED: N_("Your role requires two-factor authentication: it cannot be turned off."),
    WRONG_CODE: N_(
        "That code is not right. Check that the phone's clock is correct and enter the code "
        "the app shows now."
    ),
    NO_SUCH_ACCOUNT: N_("There is no such staff account."),
}


def _refused(text: str) -> StaffError:
    return StaffError(text, _SAID[text])


async def get_two_factor(svc: Services, staff_id: str) -> dict[str, Any]:
    """The account's two-factor state: {"enabled": bool, "enabled_at": datetime | None,
    "pending": an enrolment awaits its first code, "required": the role requires it,
    "recovery_codes_left": unused recovery codes}."""
    async with svc.db.read() as s:
        staff = await s.get(Staff, staff_id)
        if staff is None:
            raise _refused(NO_SUCH_ACCOUNT)
        left = await s.scalar(
            select(func.count())
            .select_from(StaffRecoveryCode)
            .where(StaffRecoveryCode.staff_id == staff_id, StaffRecoveryCode.used_at.is_(None))
        )
        return {
            "enabled": staff.totp_enabled_at is not None,
            "enabled_at": staff.totp_enabled_at,
            "pending": staff.totp_enabled_at is None and staff.totp_secret is not None,
            "required": second_factor_required(svc, staff.role),
            "recovery_codes_left": int(left or 0),
        }


async def do_begin_enrolment(svc: Services, staff_id: str, restart: bool = False) -> None:
    """Start setting up two-factor: a new secret is stored (encrypted), not yet in force. An
    enrolment already started keeps its secret (a reload shows the same QR code) unless
    `restart`. Raises StaffError(ALREADY_ON) when two-factor is on."""
    async with svc.db.write() as s:
        staff = await s.get(Staff, staff_id)
        if staff is None:
            raise _refused(NO_SUCH_ACCOUNT)
        if staff.totp_enabled_at is not None:
            raise _refused(ALREADY_ON)
        if staff.totp_secret is None or restart:
            staff.totp_secret = svc.totp_box.encrypt(staff.id, new_secret())
            staff.totp_last_step = None


async def get_enrolment(svc: Services, staff_id: str, qr_title: str) -> dict[str, str] | None:
    """What the person enrolling is shown: {"secret": the secret in groups of four, "uri": the
    otpauth:// URI, "qr_svg": it as an inline SVG QR code titled `qr_title`}; None when no
    enrolment is pending (two-factor is on, or none was started)."""
    async with svc.db.read() as s:
        staff = await s.get(Staff, staff_id)
    if staff is None or staff.totp_enabled_at is not None or staff.totp_secret is None:
        return None
    try:
        secret = svc.totp_box.decrypt(staff.id, staff.totp_secret)
    except SecretUnreadable:
        return None
    uri = provisioning_uri(secret, staff.username)
    return {"secret": grouped_secret(secret), "uri": uri, "qr_svg": qr_svg(uri, qr_title)}


async def do_confirm_enrolment(svc: Services, staff_id: str, code: str) -> list[str]:
    """Turn two-factor on with the first code of the pending secret. Returns the 10 new recovery
    codes (stored only as hashes: show them now). Audited (`staff.2fa.enable`). Raises
    StaffError(WRONG_CODE) for a code that is not the secret's, StaffError(NO_ENROLMENT) when
    none is pending, StaffError(ALREADY_ON)."""
    now = svc.clock.now()
    async with svc.db.write() as s:
        staff = await s.get(Staff, staff_id)
        if staff is None:
            raise _refused(NO_SUCH_ACCOUNT)
        if staff.totp_enabled_at is not None:
            raise _refused(ALREADY_ON)
        if staff.totp_secret is None:
            raise _refused(NO_ENROLMENT)
        try:
            secret = svc.totp_box.decrypt(staff.id, staff.totp_secret)
        except SecretUnreadable:
            raise _refused(NO_ENROLMENT) from None
        step = match_step(secret, code, now)
        if step is None:
            raise _refused(WRONG_CODE)
        staff.totp_enabled_at = now
        staff.totp_last_step = step
        codes = await _replace_recovery_codes(s, staff.id, now)
        write_audit(s, now, staff.id, "staff.2fa.enable", staff.id, {"username": staff.username})
    return codes


async def _replace_recovery_codes(s: Any, staff_id: str, now: Any) -> list[str]:
    await s.execute(delete(StaffRecoveryCode).where(StaffRecoveryCode.staff_id == staff_id))
    codes = new_recovery_codes()
    for code in codes:
        s.add(
            StaffRecoveryCode(
                staff_id=staff_id, code_hash=recovery_code_hash(staff_id, code), created_at=now
            )
        )
    return codes


async def _spend_second_factor(s: Any, svc: Services, staff: Staff, code: str) -> str | None:
    """In a write transaction: accept `code` once for `staff` (two-factor on). Returns "totp" or
    "recovery_code" for an accepted code, None for anything else (wrong, already used, a TOTP
    step not later than the last accepted one)."""
    now = svc.clock.now()
    if looks_like_totp(code) and staff.totp_secret is not None:
        try:
            secret = svc.totp_box.decrypt(staff.id, staff.totp_secret)
        except SecretUnreadable:
            # NETREACH_SECRET_KEY changed since the enrolment: recovery codes still work
            log.error("the TOTP secret of staff %s does not decrypt with this key", staff.id)
            return None
        step = match_step(secret, code, now)
        if step is None:
            return None
        spent = await s.scalar(
            update(Staff)
            .where(
                Staff.id == staff.id,
                Staff.totp_enabled_at.is_not(None),
                or_(Staff.totp_last_step.is_(None), Staff.totp_last_step < step),
            )
            .values(totp_last_step=step)
            .returning(Staff.id)
        )
        return "totp" if spent is not None else None
    if looks_like_recovery_code(code):
        spent = await s.scalar(
            update(StaffRecoveryCode)
            .where(
                StaffRecoveryCode.staff_id == staff.id,
                StaffRecoveryCode.code_hash == recovery_code_hash(staff.id, code),
                StaffRecoveryCode.used_at.is_(None),
            )
            .values(used_at=now)
            .returning(StaffRecoveryCode.id)
        )
        return "recovery_code" if spent is not None else None
    return None


async def do_login_code(
    svc: Services, pending: str | None, code: str, device_cookie: str | None = None
) -> tuple[str, dict[str, Any]]:
    """The code step of a login: `pending` is the value the password step returned, `code` a
    TOTP code or an unused recovery code. Counted against the login throttle like a password
    (the device's key for a browser with a valid device cookie, else the username's). Returns
    (session cookie value, staff info with "device_cookie" and "second_factor": "totp" |
    "recovery_code"). Raises LoginRefused("expired") when the pending login is not valid any
    more (log in again), LoginRefused("invalid") for a wrong or used code,
    LoginRefused("locked", seconds)."""
    staff = await get_pending_login(svc, pending, "code")
    if staff is None:
        raise LoginRefused("expired")
    name = staff.username
    key = second_factor_key(read_device_cookie(svc, device_cookie, name) or name)
    attempt = await count_login_attempt(svc, key, name, "code")
    async with svc.db.write() as s:
        method = await _spend_second_factor(s, svc, staff, code[:64])
        if method == "recovery_code":
            write_audit(s, svc.clock.now(), staff.id, "staff.2fa.recovery_code_used", staff.id, {})
    if method is None:
        await audit_failed_login(svc, staff.id, name, attempt, key, step="code")
        raise LoginRefused("invalid")
    device = key != second_factor_key(name)
    token, info = await start_session(
        svc, staff, key, attempt, {"device": device, "second_factor": method}
    )
    return token, {**info, "second_factor": method}


async def do_login_enrol(
    svc: Services, pending: str | None, code: str
) -> tuple[str, dict[str, Any], list[str]]:
    """The enrolment step of a login (the role requires two-factor, none is set up): confirms
    the enrolment with `code` (see `do_confirm_enrolment`) and opens the session. Returns
    (session cookie value, staff info with "device_cookie", the recovery codes to show once).
    Raises LoginRefused("expired") when the pending login is not valid any more, StaffError
    (WRONG_CODE, NO_ENROLMENT) as `do_confirm_enrolment`."""
    staff = await get_pending_login(svc, pending, "enrol")
    if staff is None:
        raise LoginRefused("expired")
    codes = await do_confirm_enrolment(svc, staff.id, code[:64])
    token, info = await start_session(svc, staff, None, 0, {"second_factor": "enrolled"})
    return token, info, codes


async def _check_proof(
    svc: Services, staff: Staff, password: str, code: str, device_cookie: str | None, step: str
) -> None:
    """Before a change to the account's two-factor: the person proves it is them with their
    password or a current code (or a recovery code). Counted against the login throttle like a
    login. Raises LoginRefused("invalid" | "locked")."""
    name = staff.username
    key = read_device_cookie(svc, device_cookie, name) or name
    if code.strip():
        key = second_factor_key(key)  # codes count where codes of the login count
    attempt = await count_login_attempt(svc, key, name, step)
    if code.strip():
        async with svc.db.write() as s:
            ok = await _spend_second_factor(s, svc, staff, code[:64]) is not None
    elif password:
        ok = await svc.passwords.verify(staff.password_hash, password[:1024])
    else:
        ok = False
    if not ok:
        await audit_failed_login(svc, staff.id, name, attempt, key, step=step)
        raise LoginRefused("invalid")
    async with svc.db.write() as s:
        await forget_login_attempts(s, key, attempt)


async def do_disable(
    svc: Services,
    staff_id: str,
    *,
    password: str = "",
    code: str = "",
    device_cookie: str | None = None,
) -> None:
    """Turn the account's own two-factor off, with its password or a current code: the secret
    and the recovery codes are deleted. Audited (`staff.2fa.disable`). Raises StaffError
    (REQUIRED: the role requires it; NOT_ON), LoginRefused("invalid" | "locked")."""
    async with svc.db.read() as s:
        staff = await s.get(Staff, staff_id)
    if staff is None or not staff.is_active:
        raise _refused(NO_SUCH_ACCOUNT)
    if staff.totp_enabled_at is None:
        raise _refused(NOT_ON)
    if second_factor_required(svc, staff.role):
        raise _refused(REQUIRED)
    await _check_proof(svc, staff, password, code, device_cookie, "disable_2fa")
    async with svc.db.write() as s:
        await _clear_two_factor(s, staff_id)
        write_audit(
            s,
            svc.clock.now(),
            staff_id,
            "staff.2fa.disable",
            staff_id,
            {"username": staff.username},
        )


async def do_regenerate_recovery_codes(
    svc: Services,
    staff_id: str,
    *,
    password: str = "",
    code: str = "",
    device_cookie: str | None = None,
) -> list[str]:
    """New recovery codes for the account (the old ones stop working), with its password or a
    current code. Returns the 10 codes (show them once). Audited (`staff.2fa.recovery_codes`).
    Raises StaffError(NOT_ON), LoginRefused("invalid" | "locked")."""
    async with svc.db.read() as s:
        staff = await s.get(Staff, staff_id)
    if staff is None or not staff.is_active:
        raise _refused(NO_SUCH_ACCOUNT)
    if staff.totp_enabled_at is None:
        raise _refused(NOT_ON)
    await _check_proof(svc, staff, password, code, device_cookie, "recovery_codes")
    now = svc.clock.now()
    async with svc.db.write() as s:
        codes = await _replace_recovery_codes(s, staff_id, now)
        write_audit(
            s, now, staff_id, "staff.2fa.recovery_codes", staff_id, {"username": staff.username}
        )
    return codes


async def _clear_two_factor(s: Any, staff_id: str) -> None:
    await s.execute(
        update(Staff)
        .where(Staff.id == staff_id)
        .values(totp_secret=None, totp_enabled_at=None, totp_last_step=None)
    )
    await s.execute(delete(StaffRecoveryCode).where(StaffRecoveryCode.staff_id == staff_id))


async def do_reset_two_factor(svc: Services, actor_id: str | None, username: str) -> dict[str, Any]:
    """An admin's reset of another staff member's two-factor (a lost phone): the secret and the
    recovery codes are deleted and every session of the account ends (its console sockets are
    disconnected everywhere, `session.ended` reason `two_factor_reset`), as after a password
    change; at the next login they set it up again if their role requires it. Admins only when
    `actor_id` is given (the CLI passes None). Audited (`staff.2fa.reset`). Returns {"id",
    "username", "was_enabled"}. Raises StaffError for a non-admin actor or an unknown account."""
    name = username.strip().lower()
    async with svc.db.write() as s:
        if actor_id is not None:
            actor = await s.get(Staff, actor_id)
            if actor is None or not actor.is_active or actor.role != ADMIN:
                raise StaffError("only admins change accounts", ADMINS_ONLY)
        staff = (await s.execute(select(Staff).where(Staff.username == name))).scalar_one_or_none()
        if staff is None:
            raise no_account_error(username)
        was_enabled = staff.totp_enabled_at is not None
        staff_id = staff.id
        await _clear_two_factor(s, staff_id)
        await s.execute(delete(StaffSession).where(StaffSession.staff_id == staff_id))
        write_audit(
            s,
            svc.clock.now(),
            actor_id,
            "staff.2fa.reset",
            staff_id,
            {"username": name, "was_enabled": was_enabled},
        )
    await after_sessions_ended(svc, staff_id, "two_factor_reset")
    return {"id": staff_id, "username": name, "was_enabled": was_enabled}


async def do_login_password(
    svc: Services, username: str, password: str, device_cookie: str | None = None
) -> tuple[str | None, dict[str, Any]]:
    """The password step of a login (`staff.do_login`, same results and errors); when the role
    requires two-factor and none is set up, its enrolment is started (a secret stored, not in
    force) so the enrolment step can show it."""
    token, info = await do_login(svc, username, password, device_cookie)
    if token is None and info["second_factor"] == "enrol":
        await do_begin_enrolment(svc, info["id"])
    return token, info
