"""Staff accounts, logins and sessions.

Passwords: argon2id (argon2-cffi), verified in a worker thread so the event loop keeps serving.
Sessions: a random cookie value; only its SHA-256 is stored. Repeated failures for a username
lock it for a growing time (30 s after the 5th failure, doubling, at most an hour) — counted per
username, never per address.

Two-factor accounts (`server/actions/twofactor.py`): the password step creates no session; it
hands out a signed pending-login value (`make_pending_login`) for the code step, or for the
enrolment when the role requires two-factor and none is set up. A session exists only after the
second factor, and `get_session_staff` refuses a session of an account whose role requires
two-factor while it has none (one from before the requirement).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, delete, false, func, literal, or_, select, true, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from server import i18n
from server.actions.audit import write_audit
from server.actions.duty import do_duty_stop
from server.actions.events import end_staff_sockets
from server.constants import ADMIN, ROLES
from server.db.models import LoginThrottle, Staff, StaffLink, StaffSession, UTCDateTime
from server.services import Services

FREE_FAILURES = 5
FIRST_LOCK_SECONDS = 30
MAX_LOCK_SECONDS = 3600
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
# the password hash of an invited account until its link is used (server/actions/staff_links.py):
# no argon2 hash, so no password verifies against it (a malformed hash is a mismatch)
NO_PASSWORD = "!invited"


class StaffError(ValueError):
    """A refused staff change. `str()` is its English text (the CLI prints it); `message(lang)`
    says it on a page in that page's language: `template` (marked with N_; the English text
    when none) filled with `params`."""

    def __init__(self, text: str, template: str | None = None, **params: Any) -> None:
        super().__init__(text)
        self.template = template or text
        self.params = params

    def message(self, lang: str | None = None) -> str:
        """The refusal in `lang` (None: the current language)."""
        text = i18n.gettext(self.template, lang)
        try:
            return text % self.params if self.params else text
        except (KeyError, TypeError, ValueError):
            return text


# the refusals as people read them on the staff pages (server/http/admin.py, twofactor.py)
NO_ACCOUNT = i18n.N_("There is no staff account %(username)s.")
ADMINS_ONLY = i18n.N_("Only admins can change staff accounts.")
CHOOSE_ROLE = i18n.N_("Choose one of the roles: %(roles)s.")


async def check_username_free(s: AsyncSession, name: str) -> None:
    """Refuse (StaffError) a username an account has already."""
    if await s.scalar(select(Staff.id).where(Staff.username == name)):
        raise StaffError(
            f"username {name!r} is taken",
            i18n.N_("The username %(username)s is taken."),
            username=name,
        )


def no_account_error(username: str) -> StaffError:
    return StaffError(f"no staff account {username!r}", NO_ACCOUNT, username=username)


def session_id_of(token: str) -> str:
    """The id a session cookie's value is stored under (its SHA-256, hex): a leaked table opens
    no session."""
    return hashlib.sha256(token.encode()).hexdigest()


def check_username(username: str) -> str:
    name = username.strip().lower()
    if not USERNAME_RE.match(name):
        raise StaffError(
            "username: 2-64 characters, letters, digits, dot, dash or underscore",
            i18n.N_(
                "A username has 2 to 64 characters: small letters, digits, dot, dash or underscore."
            ),
        )
    return name


MIN_PASSWORD_CHARS = 10
MIN_DISTINCT_CHARS = 5
# passwords of 10 or more characters that lists of leaked passwords hold first (compared in
# small letters, spaces ignored): a password guesser tries these before anything else
COMMON_PASSWORDS = frozenset(
    {
        "0123456789",
        "0987654321",
        "1234567890",
        "1234567891",
        "12345678910",
        "123456789a",
        "123456789q",
        "1q2w3e4r5t",
        "1q2w3e4r5t6y",
        "1qaz2wsx3edc",
        "abc1234567",
        "abcdefghij",
        "asdfghjkl1",
        "haslo12345",
        "haslo123456",
        "iloveyou12",
        "iloveyou123",
        "password12",
        "password123",
        "password1234",
        "passw0rd123",
        "poiuytrewq",
        "qwerty1234",
        "qwerty12345",
        "qwerty123456",
        "qwertyuiop",
        "qwertyuiop1",
        "welcome123",
        "zaq12wsxcde3",
        "zxcvbnm123",
    }
)


def check_password(password: str, username: str | None = None) -> None:
    """Refuse (StaffError) a password that is easy to guess: shorter than 10 characters or
    longer than 1024; with fewer than 5 different characters (`aaaaaaaaaa`, `1212121212`);
    one of the most common leaked passwords (`COMMON_PASSWORDS`); or, for the account of
    `username`, one that has fewer than 10 characters besides the username in it
    (`ewaewaewaewa`, `ania12345678`). No rules of composition (NIST SP 800-63B)."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise StaffError(
            "password: at least 10 characters",
            i18n.N_("The password needs at least 10 characters."),
        )
    if len(password) > 1024:
        raise StaffError(
            "password: at most 1024 characters",
            i18n.N_("The password may have at most 1024 characters."),
        )
    folded = "".join(password.lower().split())
    if len(set(folded)) < MIN_DISTINCT_CHARS or folded in COMMON_PASSWORDS:
        raise StaffError(
            "password: too easy to guess",
            i18n.N_(
                "This password is among the first that people who guess passwords try. Choose "
                "another one, for example a few words that only you would put together."
            ),
        )
    name = (username or "").strip().lower()
    if len(name) >= 2 and len(password.lower().replace(name, "")) < MIN_PASSWORD_CHARS:
        raise StaffError(
            "password: built on the username",
            i18n.N_(
                "The password must not be built on the username: without it, it needs at "
                "least 10 characters."
            ),
        )


async def do_create_staff(
    svc: Services,
    username: str,
    password: str,
    role: str,
    display_name: str | None = None,
    language: str = "pl",
    actor_id: str | None = None,
) -> dict[str, Any]:
    """Create a staff account. Raises StaffError for a bad name, password, role or a taken name."""
    name = check_username(username)
    check_password(password, name)
    if role not in ROLES:
        raise StaffError(f"role: one of {', '.join(ROLES)}", CHOOSE_ROLE, roles=", ".join(ROLES))
    pw_hash = await svc.passwords.hash(password)
    async with svc.db.write() as s:
        await check_username_free(s, name)
        staff = Staff(
            username=name,
            display_name=(display_name or name).strip()[:80] or name,
            password_hash=pw_hash,
            role=role,
            language=language,
            languages=[language] if language in i18n.SPOKEN_LANGS else [],
            created_at=svc.clock.now(),
        )
        s.add(staff)
        await s.flush()
        write_audit(
            s, svc.clock.now(), actor_id, "staff.create", staff.id, {"username": name, "role": role}
        )
        return {"id": staff.id, "username": name, "role": role, "display_name": staff.display_name}


async def do_set_password(svc: Services, username: str, password: str) -> None:
    """Set a staff account's password (the CLI's set-password): every session of the account
    ends on every node; audited. Raises StaffError for a password `check_password` refuses or
    an unknown account."""
    check_password(password, username)
    pw_hash = await svc.passwords.hash(password)
    async with svc.db.write() as s:
        staff = (
            await s.execute(select(Staff).where(Staff.username == username.strip().lower()))
        ).scalar_one_or_none()
        if staff is None:
            raise no_account_error(username)
        staff.password_hash = pw_hash
        await s.execute(delete(StaffSession).where(StaffSession.staff_id == staff.id))
        write_audit(s, svc.clock.now(), None, "staff.password_reset", staff.id, {})
        staff_id = staff.id
    await after_sessions_ended(svc, staff_id, "password_changed")


async def after_sessions_ended(
    svc: Services, staff_id: str, reason: str, session_id: str | None = None
) -> None:
    """After the commit that ended sessions: the account's console sockets (of `session_id`
    only, when given) are disconnected on every node, and an account left with no session goes
    off duty at once (its chats back to the queue, no new assignments). A command without a bus
    leaves the duty part to the nodes' session check (`do_leave_duty_if_signed_out`)."""
    await end_staff_sockets(svc, staff_id, reason, session_id)
    if svc.bus is not None:
        await do_leave_duty_if_signed_out(svc, staff_id)


async def do_leave_duty_if_signed_out(svc: Services, staff_id: str) -> bool:
    """Take an on-duty staff member off duty when no session of theirs is left (signed out
    everywhere, deactivated, password or role changed). Returns whether they were on duty."""
    now = svc.clock.now()
    async with svc.db.read() as s:
        staff = await s.get(Staff, staff_id)
        if staff is None or not staff.on_duty:
            return False
        live = await s.scalar(
            select(StaffSession.id).where(
                StaffSession.staff_id == staff_id, StaffSession.expires_at > now
            )
        )
        if live is not None and staff.is_active:
            return False
    await do_duty_stop(svc, staff_id, reason="networker_off_duty")
    return True


class LoginRefused(Exception):
    def __init__(self, reason: str, retry_after: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason  # "invalid" | "locked"
        self.retry_after = retry_after


# Device cookies (OWASP "Blocking Brute Force Attacks": device cookies). A browser that logged in
# successfully gets `username:nonce:issued:signature` — issued in Unix seconds, the signature an
# HMAC-SHA256 (base64url) of the rest under `settings.secret_key`. Nothing is stored for it:
# presenting a valid one for the username being logged in makes the attempt count against that
# device's own key (`username/nonce`) instead of the username's, so an attacker who locks the
# username out does not lock out the person on their own browser. No address is involved.
DEVICE_COOKIE_VERSION = b"netreach-device-v1:"
# the signed value of a login between its password step and its second step (twofactor.py)
PENDING_LOGIN_VERSION = b"netreach-login-pending-v1:"
PENDING_LOGIN_SECONDS = 600
PENDING_STAGES = ("code", "enrol")


def _signature(key: str, version: bytes, payload: str) -> str:
    mac = hmac.new(key.encode(), version + payload.encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()).decode().rstrip("=")


def _device_signature(key: str, payload: str) -> str:
    return _signature(key, DEVICE_COOKIE_VERSION, payload)


def make_device_cookie(svc: Services, username: str) -> str:
    """A new signed device cookie value naming `username` (issued now)."""
    issued = int(svc.clock.now().timestamp())
    payload = f"{username}:{secrets.token_urlsafe(16)}:{issued}"
    return f"{payload}:{_device_signature(svc.device_key, payload)}"


def read_device_cookie(svc: Services, value: str | None, username: str) -> str | None:
    """The throttle key (`username/nonce`) of a device cookie that is for `username`, correctly
    signed and younger than `device_cookie_days`; None for anything else (forged, expired,
    another user's, malformed)."""
    if not value or len(value) > 200:
        return None
    parts = value.split(":")
    if len(parts) != 4:
        return None
    name, nonce, issued, signature = parts
    payload = f"{name}:{nonce}:{issued}"
    expected = _device_signature(svc.device_key, payload)
    if not hmac.compare_digest(signature.encode(), expected.encode()):
        return None
    if name != username or not issued.isdigit() or not nonce:
        return None
    age = svc.clock.now().timestamp() - int(issued)
    if not 0 <= age <= svc.settings.device_cookie_days * 86400:
        return None
    return f"{name}/{nonce}"


INVALID_NAME_KEY = "#invalid-name"  # no account has such a name (see throttle_key)
SECOND_FACTOR_SUFFIX = "#code"


def throttle_key(name: str) -> str:
    """The throttle key of a typed username for unknown clients: the name itself when it could
    be an account's, else one shared key — so nobody can type another key's name (such as
    `marta#code`, below) at the password step and count attempts against it."""
    return name if USERNAME_RE.match(name) else INVALID_NAME_KEY


def second_factor_key(key: str) -> str:
    """The throttle key that counts second-factor codes of a password step's key (`marta#code`,
    `marta/<nonce>#code` for a device): a right password does not clear it, only a right code."""
    return key + SECOND_FACTOR_SUFFIX


def lock_seconds(level: int) -> int:
    """How long the `level`-th lock (0 = first) of a throttle key lasts, in seconds."""
    return int(min(MAX_LOCK_SECONDS, FIRST_LOCK_SECONDS * 2 ** min(level, 16)))


async def _count_attempt(s: Any, svc: Services, key: str, now: datetime) -> tuple[int, bool, Any]:
    """Count one login attempt for `key` in one atomic statement (INSERT … ON CONFLICT DO
    UPDATE … RETURNING; the SET expressions read the row as it was before this attempt, under
    PostgreSQL's row lock or SQLite's write lock). The attempt reaching FREE_FAILURES since the
    last success locks the key (it is itself still let through); attempts while locked are
    counted but refused. Returns (attempts counted, refused, locked_until)."""
    assert FREE_FAILURES > 1  # a fresh row never locks
    insert = sqlite_insert if svc.settings.is_sqlite else pg_insert
    table = LoginThrottle
    was_locked = table.locked_until > now
    reaches = table.failures + 1 >= FREE_FAILURES
    next_lock = case(
        {
            level: literal(now + timedelta(seconds=lock_seconds(level)), UTCDateTime())
            for level in range(8)
        },
        value=table.lock_level,
        else_=literal(now + timedelta(seconds=MAX_LOCK_SECONDS), UTCDateTime()),
    )
    upsert = insert(table).values(
        username=key,
        failures=1,
        last_failure_at=now,
        locked_until=None,
        lock_level=0,
        refused=False,
    )
    stmt = upsert.on_conflict_do_update(
        index_elements=[table.username],
        set_={
            "failures": table.failures + 1,
            "last_failure_at": now,
            "refused": case((was_locked, true()), else_=false()),
            "locked_until": case(
                (was_locked, table.locked_until),
                (reaches, next_lock),
                else_=table.locked_until,
            ),
            "lock_level": case(
                (was_locked, table.lock_level),
                (reaches, table.lock_level + 1),
                else_=table.lock_level,
            ),
        },
    ).returning(table.failures, table.refused, table.locked_until)
    row = (await s.execute(stmt)).one()
    return int(row[0]), bool(row[1]), row[2]


async def count_login_attempt(svc: Services, key: str, username: str, step: str) -> int:
    """Count one attempt of a login step (`step`: "password", "code", "confirm") against the
    throttle key `key` (the username, or `username/nonce` for a browser with a device cookie)
    before its secret is checked. Returns the attempt's number. Raises LoginRefused("locked",
    seconds) when the key is locked (the refusal is audited as `login.failed`)."""
    now = svc.clock.now()
    async with svc.db.write() as s:
        attempt, refused, locked_until = await _count_attempt(s, svc, key, now)
        if refused:
            details: dict[str, Any] = {
                "username": username,
                "failures": attempt,
                "locked": True,
                "device": key not in (username, second_factor_key(username)),
            }
            if step != "password":
                details["step"] = step
            write_audit(s, now, None, "login.failed", None, details)
    if refused:
        retry = int((locked_until - now).total_seconds()) + 1 if locked_until else 1
        raise LoginRefused("locked", max(1, retry))
    return attempt


async def forget_login_attempts(s: Any, key: str, attempt: int) -> None:
    """In a write transaction: a successful attempt numbered `attempt` clears its key's count,
    unless later attempts were counted meanwhile (an attack in flight stays counted)."""
    await s.execute(
        delete(LoginThrottle).where(
            LoginThrottle.username == key, LoginThrottle.failures <= attempt
        )
    )


async def audit_failed_login(
    svc: Services, staff_id: str | None, username: str, attempt: int, key: str, **extra: Any
) -> None:
    """Write the `login.failed` audit entry of a refused attempt (wrong password or code)."""
    async with svc.db.write() as s:
        write_audit(
            s,
            svc.clock.now(),
            None,
            "login.failed",
            staff_id,
            {
                "username": username,
                "failures": attempt,
                "device": key not in (username, second_factor_key(username)),
                **extra,
            },
        )


def second_factor_required(svc: Services, role: str) -> bool:
    """Whether staff of `role` must use two-factor (`NETREACH_REQUIRE_2FA_ROLES`)."""
    return role in svc.settings.require_2fa_roles


def second_step(svc: Services, staff: Staff) -> str | None:
    """What follows a right password for `staff`: "code" (two-factor is on), "enrol" (the
    role requires it and none is set up), or None (a session at once)."""
    if staff.totp_enabled_at is not None:
        return "code"
    return "enrol" if second_factor_required(svc, staff.role) else None


def _password_mark(password_hash: str) -> str:
    # a pending login is bound to the password it was made with: a new password ends it
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def make_pending_login(svc: Services, staff: Staff, stage: str, password_hash: str) -> str:
    """The signed value (a cookie) of a login whose password step passed and whose `stage`
    ("code": enter a code; "enrol": set up two-factor first) is next:
    `staff_id:stage:issued:password mark:nonce:signature` (HMAC-SHA256 under the secret key),
    valid PENDING_LOGIN_SECONDS. It opens no page and no socket, only that next step."""
    issued = int(svc.clock.now().timestamp())
    payload = (
        f"{staff.id}:{stage}:{issued}:{_password_mark(password_hash)}:{secrets.token_urlsafe(9)}"
    )
    return f"{payload}:{_signature(svc.device_key, PENDING_LOGIN_VERSION, payload)}"


async def get_pending_login(svc: Services, value: str | None, stage: str) -> Staff | None:
    """The account of a pending login value made for `stage`, if it is correctly signed, at most
    PENDING_LOGIN_SECONDS old, the account is active, its password is the one the value was
    made with, and the stage still fits the account ("code": two-factor is on; "enrol": it is
    not). None for anything else: the person logs in again."""
    if not value or len(value) > 300 or stage not in PENDING_STAGES:
        return None
    parts = value.split(":")
    if len(parts) != 6:
        return None
    staff_id, got_stage, issued, mark, nonce, signature = parts
    expected = _signature(svc.device_key, PENDING_LOGIN_VERSION, ":".join(parts[:5]))
    if not hmac.compare_digest(signature.encode(), expected.encode()):
        return None
    if got_stage != stage or not issued.isdigit() or not nonce:
        return None
    age = svc.clock.now().timestamp() - int(issued)
    if not 0 <= age <= PENDING_LOGIN_SECONDS:
        return None
    async with svc.db.read() as s:
        staff = await s.get(Staff, staff_id)
    if staff is None or not staff.is_active or _password_mark(staff.password_hash) != mark:
        return None
    if (staff.totp_enabled_at is not None) != (stage == "code"):
        return None
    return staff


async def start_session(
    svc: Services,
    staff: Staff,
    key: str | None,
    attempt: int,
    details: dict[str, Any],
    rehash: str | None = None,
) -> tuple[str, dict[str, Any]]:
    """Open a session for `staff` after every step of its login passed: clears the throttle
    key's count (see `forget_login_attempts`; no key: nothing to clear), stores the session's
    SHA-256, audits `login` with `details`. Returns (session cookie value, {"id", "role",
    "language", "device_cookie": a fresh device cookie for this browser})."""
    now = svc.clock.now()
    token = secrets.token_urlsafe(32)
    async with svc.db.write() as s:
        if key is not None:
            await forget_login_attempts(s, key, attempt)
        await s.execute(delete(StaffSession).where(StaffSession.expires_at < now))
        s.add(
            StaffSession(
                id=session_id_of(token),
                staff_id=staff.id,
                created_at=now,
                expires_at=now + timedelta(hours=svc.settings.session_hours),
            )
        )
        if rehash is not None:
            await s.execute(update(Staff).where(Staff.id == staff.id).values(password_hash=rehash))
        write_audit(s, now, staff.id, "login", staff.id, details)
    return token, {
        "id": staff.id,
        "role": staff.role,
        "language": staff.language,
        "device_cookie": make_device_cookie(svc, staff.username),
    }


async def do_login(
    svc: Services, username: str, password: str, device_cookie: str | None = None
) -> tuple[str | None, dict[str, Any]]:
    """The password step of a login. Returns (session cookie value, staff info with
    "device_cookie": a fresh device cookie value for this browser) when the account needs no
    second factor; for an account with two-factor on, or whose role requires it, returns (None,
    {"id", "role", "language", "second_factor": "code" | "enrol", "pending": a pending-login
    value for that step}) and opens no session.

    Every attempt is counted before its password is verified (one atomic statement, so parallel
    attempts are each counted and none reads a stale count): against the username for unknown
    clients, against the device for a browser presenting a valid device cookie for this
    username. Attempts of a locked key are refused without verification. A success resets its
    key's count unless later attempts were counted meanwhile (an attack in flight stays
    counted). Codes of the next step count under the key's `second_factor_key`, which only a
    right code clears, so a known password buys no fresh guesses at codes.
    Raises LoginRefused("invalid") or LoginRefused("locked", seconds)."""
    name = username.strip().lower()[:64]
    if not USERNAME_RE.match(name):
        # no account can have it: looked up nowhere (a NUL cannot even be sent to PostgreSQL)
        # and audited under the one marker, not as typed (it may be a password)
        name = INVALID_NAME_KEY
    key = read_device_cookie(svc, device_cookie, name) or throttle_key(name)
    attempt = await count_login_attempt(svc, key, name, "password")
    staff = None
    if name != INVALID_NAME_KEY:
        async with svc.db.read() as s:
            staff = (
                await s.execute(select(Staff).where(Staff.username == name))
            ).scalar_one_or_none()
    if staff is None:
        # no verification for a name that does not exist, but the same wait (server/passwords.py)
        await svc.passwords.wait_like_a_verification()
        ok = False
    else:
        ok = await svc.passwords.verify(staff.password_hash, password)
    if not ok or staff is None or not staff.is_active:
        await audit_failed_login(svc, staff.id if staff else None, name, attempt, key)
        raise LoginRefused("invalid")
    rehash = (
        await svc.passwords.hash(password)
        if svc.passwords.needs_rehash(staff.password_hash)
        else None
    )
    stage = second_step(svc, staff)
    if stage is None:
        return await start_session(svc, staff, key, attempt, {"device": key != name}, rehash)
    now = svc.clock.now()
    async with svc.db.write() as s:
        if rehash is not None:
            await s.execute(update(Staff).where(Staff.id == staff.id).values(password_hash=rehash))
        # the password step passed; codes are counted under a key of their own, which only a
        # right code clears (`second_factor_key`)
        await forget_login_attempts(s, key, attempt)
        write_audit(
            s, now, staff.id, "login.password", staff.id, {"device": key != name, "next": stage}
        )
    return None, {
        "id": staff.id,
        "role": staff.role,
        "language": staff.language,
        "second_factor": stage,
        "pending": make_pending_login(svc, staff, stage, rehash or staff.password_hash),
    }


async def do_unlock(svc: Services, actor_id: str | None, username: str) -> int:
    """Lift every lock and count of `username` (its unknown clients' and its devices'); admins
    only when `actor_id` is given (the CLI passes None). Audited. Returns how many throttle
    keys were cleared. Raises StaffError for a non-admin actor or an unknown account."""
    name = username.strip().lower()
    async with svc.db.write() as s:
        if actor_id is not None:
            actor = await s.get(Staff, actor_id)
            if actor is None or not actor.is_active or actor.role != ADMIN:
                raise StaffError("only admins change accounts", ADMINS_ONLY)
        staff = (await s.execute(select(Staff).where(Staff.username == name))).scalar_one_or_none()
        if staff is None:
            raise no_account_error(username)
        cleared = len(
            (
                await s.execute(
                    delete(LoginThrottle)
                    .where(
                        or_(
                            LoginThrottle.username == name,
                            LoginThrottle.username == second_factor_key(name),
                            LoginThrottle.username.startswith(name + "/", autoescape=True),
                        )
                    )
                    .returning(LoginThrottle.username)
                )
            ).all()
        )
        write_audit(
            s,
            svc.clock.now(),
            actor_id,
            "staff.unlock",
            staff.id,
            {"username": name, "keys": cleared},
        )
        return cleared


async def get_locked_usernames(svc: Services) -> set[str]:
    """Usernames whose unknown clients are locked out now (for the admin page)."""
    now = svc.clock.now()
    async with svc.db.read() as s:
        rows = await s.execute(
            select(LoginThrottle.username).where(LoginThrottle.locked_until > now)
        )
        return {key.removesuffix(SECOND_FACTOR_SUFFIX) for key in rows.scalars() if "/" not in key}


async def get_session_staff(svc: Services, token: str | None) -> Staff | None:
    """The active staff member a session cookie belongs to, or None."""
    if not token or len(token) > 128:
        return None
    now = svc.clock.now()
    async with svc.db.read() as s:
        row = (
            await s.execute(
                select(Staff)
                .join(StaffSession, StaffSession.staff_id == Staff.id)
                .where(
                    StaffSession.id == session_id_of(token),
                    StaffSession.expires_at > now,
                )
            )
        ).scalar_one_or_none()
        if row is None or not row.is_active:
            return None
        if row.totp_enabled_at is None and second_factor_required(svc, row.role):
            return None  # from before two-factor was required: log in again and set it up
        return row


async def do_logout(svc: Services, token: str | None) -> None:
    """End the session of this cookie: its console sockets are disconnected on every node
    (`session.ended` reason logout); with no other session left, the staff member goes off
    duty. An unknown or missing cookie does nothing."""
    if not token or len(token) > 128:
        return
    session_id = session_id_of(token)
    async with svc.db.write() as s:
        staff_id = await s.scalar(
            select(StaffSession.staff_id).where(StaffSession.id == session_id)
        )
        if staff_id is None:
            return
        await s.execute(delete(StaffSession).where(StaffSession.id == session_id))
        write_audit(s, svc.clock.now(), staff_id, "logout", staff_id, {})
    await after_sessions_ended(svc, staff_id, "logout", session_id)


async def get_live_sessions(
    svc: Services, session_ids: list[str]
) -> dict[str, tuple[str, bool, bool]]:
    """Of these session ids, those still stored: {id: (role, active, expired)} (a session that
    ended is missing). One query, for the nodes' session check."""
    if not session_ids:
        return {}
    now = svc.clock.now()
    async with svc.db.read() as s:
        rows = (
            await s.execute(
                select(StaffSession.id, Staff.role, Staff.is_active, StaffSession.expires_at)
                .join(Staff, Staff.id == StaffSession.staff_id)
                .where(StaffSession.id.in_(session_ids))
            )
        ).all()
    return {sid: (role, bool(active), expires <= now) for sid, role, active, expires in rows}


async def do_set_role(
    svc: Services, actor_id: str | None, username: str, role: str
) -> dict[str, Any]:
    """Change a staff member's role (admins only when `actor_id` is given; the CLI passes None).
    Audited. Refuses to demote the last active admin."""
    if role not in ROLES:
        raise StaffError(f"role: one of {', '.join(ROLES)}", CHOOSE_ROLE, roles=", ".join(ROLES))
    now = svc.clock.now()
    async with svc.db.write() as s:
        if actor_id is not None:
            actor = await s.get(Staff, actor_id)
            if actor is None or not actor.is_active or actor.role != ADMIN:
                raise StaffError("only admins change roles", ADMINS_ONLY)
        staff = (
            await s.execute(select(Staff).where(Staff.username == username.strip().lower()))
        ).scalar_one_or_none()
        if staff is None:
            raise no_account_error(username)
        if staff.role == ADMIN and role != ADMIN:
            admins = await s.scalar(
                select(func.count())
                .select_from(Staff)
                .where(Staff.role == ADMIN, Staff.is_active.is_(True))
            )
            if (admins or 0) <= 1:
                raise StaffError(
                    "the last admin cannot be demoted",
                    i18n.N_("The last admin cannot be demoted: make someone else an admin first."),
                )
        before = staff.role
        if before != role:
            staff.role = role
            # a change of privileges ends the account's sessions (OWASP: a new session on a
            # privilege change): open consoles must not keep the rooms of the old role
            await s.execute(delete(StaffSession).where(StaffSession.staff_id == staff.id))
            write_audit(
                s,
                now,
                actor_id,
                "staff.role",
                staff.id,
                {"username": staff.username, "from": before, "to": role},
            )
        result = {"id": staff.id, "username": staff.username, "role": role, "previous": before}
    if before != role:
        await after_sessions_ended(svc, result["id"], "role_changed")
    return result


async def do_set_active(
    svc: Services, actor_id: str, username: str, active: bool
) -> dict[str, Any]:
    """Deactivate (or reactivate) an account: sessions end, duty ends, and its unused one-time
    links (server/actions/staff_links.py) expire at once, so that reactivating the account
    later does not bring a link handed out before back to life. Admins only; audited."""
    now = svc.clock.now()
    async with svc.db.write() as s:
        actor = await s.get(Staff, actor_id)
        if actor is None or actor.role != ADMIN:
            raise StaffError("only admins change accounts", ADMINS_ONLY)
        staff = (
            await s.execute(select(Staff).where(Staff.username == username.strip().lower()))
        ).scalar_one_or_none()
        if staff is None:
            raise no_account_error(username)
        if staff.id == actor_id and not active:
            raise StaffError(
                "you cannot deactivate yourself",
                i18n.N_("You cannot deactivate your own account."),
            )
        staff.is_active = active
        if not active:
            await s.execute(delete(StaffSession).where(StaffSession.staff_id == staff.id))
            # expired now rather than deleted: its page says "deactivated" meanwhile and
            # "expired" after a reactivation, instead of "not valid" (a guess, counted)
            await s.execute(
                update(StaffLink)
                .where(
                    StaffLink.staff_id == staff.id,
                    StaffLink.used_at.is_(None),
                    StaffLink.expires_at > now,
                )
                .values(expires_at=now)
            )
        write_audit(
            s,
            now,
            actor_id,
            "staff.activate" if active else "staff.deactivate",
            staff.id,
            {"username": staff.username},
        )
        staff_id = staff.id
    if not active:
        await after_sessions_ended(svc, staff_id, "deactivated")
    return {"username": username, "active": active}


def check_language(code: str) -> str:
    """A supported page language (`i18n.LANGS`, normalized: "EN" -> "en"). Raises StaffError
    for anything else."""
    lang = i18n.normalize_lang(code, default="")
    if not lang:
        raise StaffError(
            f"language: one of {', '.join(i18n.LANGS)}",
            i18n.N_("Choose one of the languages: %(langs)s."),
            langs=", ".join(i18n.LANGS),
        )
    return lang


async def do_set_language(svc: Services, staff_id: str, code: str) -> bool:
    """Make `code` the staff member's own language (pages and the console use it when the
    browser has made no choice of its own). Returns whether it changed (False also for an
    unknown staff id). Raises StaffError for an unsupported language. A preference: not
    audited, no event (the pages read it on their next load)."""
    lang = check_language(code)
    async with svc.db.write() as s:
        staff = await s.get(Staff, staff_id)
        if staff is None or staff.language == lang:
            return False
        staff.language = lang
        return True


def check_spoken_languages(codes: list[str] | tuple[str, ...]) -> list[str]:
    """The languages a networker speaks with visitors: codes of `i18n.SPOKEN_LANGS` ("UK" ->
    "uk"), each once, in that tuple's order. Raises StaffError "languages: choose at least one"
    for none and "languages: one of pl, uk, en, ru" for anything else."""
    if len(codes) > 20:
        raise StaffError(
            f"languages: one of {', '.join(i18n.SPOKEN_LANGS)}",
            i18n.N_("Choose the languages from the list."),
        )
    wanted = {str(code).strip().lower() for code in codes}
    if wanted - set(i18n.SPOKEN_LANGS):
        raise StaffError(
            f"languages: one of {', '.join(i18n.SPOKEN_LANGS)}",
            i18n.N_("Choose the languages from the list."),
        )
    if not wanted:
        raise StaffError("languages: choose at least one", i18n.N_("Choose at least one language."))
    return [code for code in i18n.SPOKEN_LANGS if code in wanted]


async def do_set_spoken_languages(
    svc: Services, actor_id: str, username: str, codes: list[str] | tuple[str, ...]
) -> dict[str, Any]:
    """Set the languages `username` speaks with visitors (`check_spoken_languages`): their own
    (any role), or anyone's by an admin. Audited as `staff.languages` ({username, from, to})
    when it changed; wakes automatic assignment (a queued visitor may now have a networker who
    speaks their language). Returns {id, username, languages}. Raises StaffError: "only admins
    change accounts", "no staff account '…'", or a bad list."""
    langs = check_spoken_languages(codes)
    now = svc.clock.now()
    async with svc.db.write() as s:
        actor = await s.get(Staff, actor_id)
        if actor is None or not actor.is_active:
            raise StaffError("only admins change accounts", ADMINS_ONLY)
        staff = (
            await s.execute(select(Staff).where(Staff.username == username.strip().lower()))
        ).scalar_one_or_none()
        if staff is None:
            raise no_account_error(username)
        if staff.id != actor.id and actor.role != ADMIN:
            raise StaffError("only admins change accounts", ADMINS_ONLY)
        before = list(staff.languages or [])
        if before != langs:
            staff.languages = langs
            write_audit(
                s,
                now,
                actor_id,
                "staff.languages",
                staff.id,
                {"username": staff.username, "from": before, "to": langs},
            )
        result = {"id": staff.id, "username": staff.username, "languages": langs}
    if before != langs:
        svc.assigner.kick()
    return result


async def get_staff_list(svc: Services) -> list[dict[str, Any]]:
    async with svc.db.read() as s:
        rows = (await s.execute(select(Staff).order_by(Staff.role, Staff.username))).scalars()
        return [
            {
                "id": st.id,
                "username": st.username,
                "name": st.display_name,
                "role": st.role,
                "active": st.is_active,
                "on_duty": st.on_duty,
                "two_factor": st.totp_enabled_at is not None,
                "invited": st.password_hash == NO_PASSWORD,
                "languages": list(st.languages or []),
            }
            for st in rows
        ]
