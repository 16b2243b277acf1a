"""Staff two-factor authentication (TOTP) over HTTP against a real server, as a person and an
attacker would use it: enrolment at login when the role requires it, the code step, replay of a
used code, recovery codes, lockout of the code step, the half-logged-in state granting nothing,
turning it off, an admin's reset (audited, sessions ended) and `netreach staff reset-2fa`. Codes
are made with pyotp from the secret the enrolment page shows; the fake clock moves the TOTP
windows."""

from __future__ import annotations

import asyncio
import html
import re
from pathlib import Path
from typing import Any

import aiohttp
import pyotp
import pytest
import socketio
from sqlalchemy import func, select

from server.actions.staff import PENDING_LOGIN_SECONDS, do_create_staff, get_locked_usernames
from server.actions.twofactor import do_begin_enrolment, do_confirm_enrolment, get_enrolment
from server.cli.common import offline_services
from server.clock import FakeClock
from server.db.models import AuditLog, Staff, StaffRecoveryCode, StaffSession
from server.settings import Settings
from server.totp import SecretBox, SecretUnreadable
from tests.conftest import PASSWORD, LiveServer
from tests.helpers import Staff as StaffClient
from tests.test_commands import run
from tests.test_revocation import ended

REQUIRED = ("supervisor", "admin")


class Browser:
    """One browser with its own cookies; never follows redirects, so each step is seen."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.jar = aiohttp.CookieJar(unsafe=True)
        self.http = aiohttp.ClientSession(cookie_jar=self.jar)

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.key == name), None)

    async def get(self, path: str) -> tuple[int, str, str]:
        """(status, body, Location)."""
        async with self.http.get(f"{self.base_url}{path}", allow_redirects=False) as r:
            return r.status, await r.text(), r.headers.get("Location", "")

    async def post(self, path: str, data: dict[str, str]) -> tuple[int, str, str]:
        if self.cookie("nr_csrf") is None:
            await self.get("/login")
        async with self.http.post(
            f"{self.base_url}{path}",
            data={**data, "csrf_token": self.cookie("nr_csrf") or ""},
            allow_redirects=False,
        ) as r:
            return r.status, await r.text(), r.headers.get("Location", "")

    async def password(self, username: str, password: str = PASSWORD) -> tuple[int, str]:
        status, _, location = await self.post(
            "/login", {"username": username, "password": password, "next": "/console"}
        )
        return status, location

    async def code(self, code: str, field: str = "code") -> int:
        status, _, _ = await self.post("/login/code", {field: code, "next": "/console"})
        return status

    async def close(self) -> None:
        await self.http.close()


def secret_of(page: str) -> str:
    match = re.search(r'<code class="nc-secret" id="secret">([A-Z2-7 ]+)</code>', page)
    assert match, page[:2000]
    return match.group(1).replace(" ", "")


def codes_of(page: str) -> list[str]:
    return re.findall(r"<li><code>([a-z2-7-]{19})</code></li>", page)


def totp(secret: str, clock: FakeClock, steps: int = 0) -> str:
    return pyotp.TOTP(secret).at(clock.now().timestamp() + 30 * steps)


async def audit(server: LiveServer, action: str) -> list[AuditLog]:
    async with server.svc.db.read() as s:
        return list((await s.execute(select(AuditLog).where(AuditLog.action == action))).scalars())


async def staff_row(server: LiveServer, username: str) -> Staff:
    async with server.svc.db.read() as s:
        return (await s.execute(select(Staff).where(Staff.username == username))).scalar_one()


async def sessions_of(server: LiveServer, username: str) -> int:
    row = await staff_row(server, username)
    async with server.svc.db.read() as s:
        return int(
            await s.scalar(
                select(func.count())
                .select_from(StaffSession)
                .where(StaffSession.staff_id == row.id)
            )
            or 0
        )


async def enrol(server: LiveServer, browser: Browser, username: str, clock: FakeClock) -> str:
    """Log in with the password, get sent to the enrolment, confirm it with a code; returns the
    secret (the browser is signed in)."""
    status, location = await browser.password(username)
    assert (status, location) == (303, "/login/enrol?next=/console")
    assert browser.cookie("nr_session") is None
    status, page, _ = await browser.get(location)
    assert status == 200
    assert "<svg" in page
    assert "nc-qr" in page
    secret = secret_of(page)
    assert "otpauth" not in page or secret in html.unescape(page)
    status, page, _ = await browser.post(
        "/login/enrol", {"code": totp(secret, clock), "next": "/console"}
    )
    assert status == 200, page[:500]
    assert len(codes_of(page)) == 10
    assert browser.cookie("nr_session")
    return secret


@pytest.fixture
async def required(server_factory: Any, fake_clock: FakeClock) -> LiveServer:
    return await server_factory(fake_clock, require_2fa_roles=REQUIRED)


async def test_required_role_is_sent_to_enrolment_and_gets_nothing_before_it(
    required: LiveServer, fake_clock: FakeClock
) -> None:
    await required.create_staff("marta", role="supervisor")
    browser = Browser(required.url)
    try:
        status, location = await browser.password("marta")
        assert (status, location) == (303, "/login/enrol?next=/console")
        pending = browser.cookie("nr_login")
        assert pending
        assert browser.cookie("nr_session") is None
        # half logged in: no page, no socket, not even with the pending value as a session
        for path in ("/console", "/supervisor", "/account/two-factor"):
            status, _, location = await browser.get(path)
            assert status == 302, path
            assert location.startswith("/login"), path
        for cookie in ("", pending):
            client = StaffClient(required.url, cookie)
            with pytest.raises(socketio.exceptions.ConnectionError):
                await client.connect()
            await client.close()
        # a wrong code does not turn it on
        status, page, _ = await browser.get("/login/enrol?next=/console")
        secret = secret_of(page)
        wrong = f"{(int(totp(secret, fake_clock)) + 1) % 1_000_000:06d}"
        status, page, _ = await browser.post("/login/enrol", {"code": wrong, "next": "/console"})
        assert status == 400
        assert 'id="setup-error"' in page
        assert (await staff_row(required, "marta")).totp_enabled_at is None
        # the right one does, shows 10 recovery codes once and signs in
        status, page, _ = await browser.post(
            "/login/enrol", {"code": totp(secret, fake_clock), "next": "/console"}
        )
        assert status == 200
        assert len(codes_of(page)) == 10
        assert browser.cookie("nr_session")
        status, _, _ = await browser.get("/supervisor")
        assert status == 200
        row = await staff_row(required, "marta")
        assert row.totp_enabled_at is not None
        # the secret is stored encrypted, the recovery codes as hashes only
        assert row.totp_secret
        assert secret not in row.totp_secret
        async with required.svc.db.read() as s:
            hashes = list(
                (
                    await s.execute(
                        select(StaffRecoveryCode.code_hash).where(
                            StaffRecoveryCode.staff_id == row.id
                        )
                    )
                ).scalars()
            )
        assert len(hashes) == 10
        assert not set(codes_of(page)) & set(hashes)
        assert len(await audit(required, "staff.2fa.enable")) == 1
    finally:
        await browser.close()


async def test_code_step_window_and_no_replay(required: LiveServer, fake_clock: FakeClock) -> None:
    await required.create_staff("marta", role="supervisor")
    first = Browser(required.url)
    try:
        secret = await enrol(required, first, "marta", fake_clock)
    finally:
        await first.close()
    # two steps on: the code of the step before now is not the enrolment's (that one is used)
    fake_clock.advance(60)
    browser = Browser(required.url)
    try:
        status, location = await browser.password("marta")
        assert (status, location) == (303, "/login/code?next=/console")
        assert browser.cookie("nr_session") is None
        status, _, _ = await browser.get("/console")
        assert status == 302
        # two steps old: refused; one step old (a slow phone): accepted
        assert await browser.code(totp(secret, fake_clock, -2)) == 401
        code = totp(secret, fake_clock, -1)
        assert await browser.code(code) == 303
        assert browser.cookie("nr_session")
        assert browser.cookie("nr_login") is None
    finally:
        await browser.close()
    # the same code again, within its window, from another browser: refused
    thief = Browser(required.url)
    try:
        assert (await thief.password("marta"))[0] == 303
        assert await thief.code(code) == 401
        # a later step's code is a new code
        assert await thief.code(totp(secret, fake_clock)) == 303
    finally:
        await thief.close()
    # a code is used once: the step just used is refused now, and an earlier one too
    again = Browser(required.url)
    try:
        assert (await again.password("marta"))[0] == 303
        assert await again.code(totp(secret, fake_clock)) == 401
        assert await again.code(totp(secret, fake_clock, -1)) == 401
        fake_clock.advance(30)
        assert await again.code(totp(secret, fake_clock)) == 303
    finally:
        await again.close()
    failures = await audit(required, "login.failed")
    assert failures
    assert all(f.details.get("step") == "code" for f in failures)
    assert not any(secret in str(f.details) for f in failures)


async def test_recovery_codes_work_once_and_can_be_renewed(
    required: LiveServer, fake_clock: FakeClock
) -> None:
    await required.create_staff("marta", role="supervisor")
    browser = Browser(required.url)
    try:
        status, location = await browser.password("marta")
        _, page, _ = await browser.get(location)
        secret = secret_of(page)
        _, page, _ = await browser.post(
            "/login/enrol", {"code": totp(secret, fake_clock), "next": "/console"}
        )
        codes = codes_of(page)
    finally:
        await browser.close()
    for attempt, expected in ((codes[0].upper(), 303), (codes[0], 401)):
        b = Browser(required.url)
        try:
            assert (await b.password("marta"))[0] == 303
            assert await b.code(attempt, field="recovery_code") == expected
        finally:
            await b.close()
    assert len(await audit(required, "staff.2fa.recovery_code_used")) == 1
    # new codes (with the password): the old unused ones stop working
    b = Browser(required.url)
    try:
        assert (await b.password("marta"))[0] == 303
        assert await b.code(codes[1], field="recovery_code") == 303
        status, page, _ = await b.post(
            "/account/two-factor/recovery-codes", {"password": "wrong password!"}
        )
        assert status == 401
        status, page, _ = await b.post("/account/two-factor/recovery-codes", {"password": PASSWORD})
        assert status == 200
        renewed = codes_of(page)
        assert len(renewed) == 10
        assert not set(renewed) & set(codes)
    finally:
        await b.close()
    b = Browser(required.url)
    try:
        assert (await b.password("marta"))[0] == 303
        assert await b.code(codes[2], field="recovery_code") == 401
        assert await b.code(renewed[0], field="recovery_code") == 303
    finally:
        await b.close()


async def test_wrong_codes_lock_like_passwords_and_a_password_buys_no_new_guesses(
    required: LiveServer, fake_clock: FakeClock
) -> None:
    await required.create_staff("marta", role="supervisor")
    first = Browser(required.url)
    try:
        secret = await enrol(required, first, "marta", fake_clock)
    finally:
        await first.close()
    fake_clock.advance(60)
    attacker = Browser(required.url)
    try:
        statuses = []
        # the attacker knows the password and logs in again before each guess
        for n in range(8):
            assert (await attacker.password("marta"))[0] in (303, 429)
            statuses.append(await attacker.code(f"{n:06d}"))
        assert 429 in statuses, statuses
        # locked: even the right code is refused now, for this unknown client (the password
        # step has its own count, cleared by the right password: it still passes)
        assert (await attacker.password("marta"))[0] == 303
        assert await attacker.code(totp(secret, fake_clock)) == 429
        assert "marta" in await get_locked_usernames(required.svc)
        assert any(f.details.get("locked") for f in await audit(required, "login.failed"))
        assert await sessions_of(required, "marta") == 1  # only the enrolment's
    finally:
        await attacker.close()
    # after the lock, the person gets in
    fake_clock.advance(3600)
    person = Browser(required.url)
    try:
        assert (await person.password("marta"))[0] == 303
        assert await person.code(totp(secret, fake_clock)) == 303
    finally:
        await person.close()


async def test_pending_login_expires_and_ends_with_a_password_change(
    required: LiveServer, fake_clock: FakeClock
) -> None:
    await required.create_staff("marta", role="supervisor")
    first = Browser(required.url)
    try:
        secret = await enrol(required, first, "marta", fake_clock)
    finally:
        await first.close()
    b = Browser(required.url)
    try:
        fake_clock.advance(30)
        assert (await b.password("marta"))[0] == 303
        fake_clock.advance(PENDING_LOGIN_SECONDS + 1)
        status, _, location = await b.post(
            "/login/code", {"code": totp(secret, fake_clock), "next": "/console"}
        )
        assert status == 303
        assert location.startswith("/login?")
        assert b.cookie("nr_session") is None
        # a forged pending value opens nothing
        b.jar.update_cookies({"nr_login": "s_x:code:1:abc:def:sig"})
        assert await b.code(totp(secret, fake_clock)) == 303
        assert b.cookie("nr_session") is None
    finally:
        await b.close()


async def test_session_from_before_the_requirement_is_refused(
    server_factory: Any, fake_clock: FakeClock
) -> None:
    relaxed = await server_factory(fake_clock)  # no role requires two-factor
    strict = await server_factory(fake_clock, require_2fa_roles=REQUIRED)  # same database
    await relaxed.create_staff("marta", role="supervisor")
    b = Browser(relaxed.url)
    try:
        status, location = await b.password("marta")
        assert (status, location) == (302, "/console")
        cookie = b.cookie("nr_session")
        assert cookie
    finally:
        await b.close()
    b = Browser(strict.url)
    try:
        b.jar.update_cookies({"nr_session": cookie})
        status, _, location = await b.get("/supervisor")
        assert status == 302
        assert location.startswith("/login")
        client = StaffClient(strict.url, cookie)
        with pytest.raises(socketio.exceptions.ConnectionError):
            await client.connect()
        await client.close()
    finally:
        await b.close()


async def test_optional_two_factor_on_and_off(server_factory: Any, fake_clock: FakeClock) -> None:
    server = await server_factory(fake_clock, require_2fa_roles=REQUIRED)
    await server.create_staff("ania")  # a networker: optional
    b = Browser(server.url)
    try:
        assert await b.password("ania") == (302, "/console")
        status, page, _ = await b.get("/account/two-factor")
        assert status == 200
        assert 'id="setup-start-form"' in page
        status, _, location = await b.post("/account/two-factor/setup", {})
        assert (status, location) == (303, "/account/two-factor/setup")
        _, page, _ = await b.get(location)
        secret = secret_of(page)
        # a reload shows the same secret (the app may have scanned it already)
        assert secret_of((await b.get(location))[1]) == secret
        status, page, _ = await b.post(
            "/account/two-factor/confirm", {"code": totp(secret, fake_clock)}
        )
        assert status == 200
        assert len(codes_of(page)) == 10
        # turning it off needs the password or a code
        status, _, _ = await b.post("/account/two-factor/disable", {"password": "not it at all"})
        assert status == 401
        assert (await staff_row(server, "ania")).totp_enabled_at is not None
        fake_clock.advance(30)
        status, _, location = await b.post(
            "/account/two-factor/disable", {"code": totp(secret, fake_clock)}
        )
        assert (status, location) == (303, "/account/two-factor?done=disabled")
        row = await staff_row(server, "ania")
        assert row.totp_enabled_at is None
        assert row.totp_secret is None
        assert len(await audit(server, "staff.2fa.disable")) == 1
    finally:
        await b.close()
    b = Browser(server.url)
    try:
        assert await b.password("ania") == (302, "/console")
    finally:
        await b.close()


async def test_required_role_cannot_turn_it_off(
    required: LiveServer, fake_clock: FakeClock
) -> None:
    await required.create_staff("marta", role="supervisor")
    b = Browser(required.url)
    try:
        await enrol(required, b, "marta", fake_clock)
        status, page, _ = await b.post("/account/two-factor/disable", {"password": PASSWORD})
        assert status == 400
        assert 'id="account-error"' in page
        assert (await staff_row(required, "marta")).totp_enabled_at is not None
    finally:
        await b.close()


async def test_admin_reset_is_audited_and_ends_the_sessions(
    required: LiveServer, fake_clock: FakeClock
) -> None:
    await required.create_staff("root", role="admin")
    await required.create_staff("marta", role="supervisor")
    admin, marta = Browser(required.url), Browser(required.url)
    try:
        await enrol(required, admin, "root", fake_clock)
        await enrol(required, marta, "marta", fake_clock)
        cookie = marta.cookie("nr_session")
        assert cookie
        tab = StaffClient(required.url, cookie)
        required.clients.append(tab)
        await tab.connect()
        status, page, _ = await admin.get("/admin/staff")
        assert status == 200
        assert 'action="/admin/staff/reset-2fa"' in page
        # a supervisor cannot reset anyone
        status, _, _ = await marta.post("/admin/staff/reset-2fa", {"username": "root"})
        assert status == 403
        status, _, location = await admin.post("/admin/staff/reset-2fa", {"username": "marta"})
        assert status == 303
        assert "done=reset_2fa" in location
        await ended(tab, "two_factor_reset", 0)
        assert tab.log.of("session.ended")[0]["reason"] in ("two_factor_reset", "signed_out")
        assert await sessions_of(required, "marta") == 0
        row = await staff_row(required, "marta")
        assert row.totp_enabled_at is None
        assert row.totp_secret is None
        (entry,) = await audit(required, "staff.2fa.reset")
        root = await staff_row(required, "root")
        assert entry.actor_id == root.id
        assert entry.subject == row.id
        assert entry.details == {"username": "marta", "was_enabled": True}
    finally:
        await admin.close()
        await marta.close()
    # marta's next login sets it up again
    b = Browser(required.url)
    try:
        assert (await b.password("marta"))[1] == "/login/enrol?next=/console"
    finally:
        await b.close()


async def test_cli_reset_2fa(tmp_path: Path, fake_clock: FakeClock) -> None:
    r = run(["migrate"], tmp_path)
    assert r.returncode == 0, r.stderr
    settings = Settings(var_dir=tmp_path, argon2_fast=True)
    svc = offline_services(settings)
    try:
        created = await do_create_staff(svc, "marta", PASSWORD, "supervisor")
        await do_begin_enrolment(svc, created["id"])
        enrolment = await get_enrolment(svc, created["id"], "QR")
        assert enrolment is not None
        secret = enrolment["secret"].replace(" ", "")
        await do_confirm_enrolment(svc, created["id"], pyotp.TOTP(secret).now())
    finally:
        await svc.db.dispose()
    r = run(["staff", "reset-2fa", "marta"], tmp_path)
    assert r.returncode == 0, r.stderr
    assert b"two-factor authentication of marta is reset (was on)" in r.stdout
    svc = offline_services(settings)
    try:
        async with svc.db.read() as s:
            row = await s.get(Staff, created["id"])
            assert row is not None
            assert row.totp_enabled_at is None
            assert row.totp_secret is None
            left = await s.scalar(select(func.count()).select_from(StaffRecoveryCode))
            assert left == 0
            entry = (
                await s.execute(select(AuditLog).where(AuditLog.action == "staff.2fa.reset"))
            ).scalar_one()
            assert entry.actor_id is None
            assert entry.details["was_enabled"] is True
    finally:
        await svc.db.dispose()
    r = run(["staff", "reset-2fa", "nobody"], tmp_path)
    assert r.returncode == 2
    assert b"no staff account" in r.stderr


async def test_one_code_sent_twice_at_once_opens_one_session(
    required: LiveServer, fake_clock: FakeClock
) -> None:
    await required.create_staff("marta", role="supervisor")
    first = Browser(required.url)
    try:
        secret = await enrol(required, first, "marta", fake_clock)
    finally:
        await first.close()
    fake_clock.advance(30)
    browsers = [Browser(required.url) for _ in range(4)]
    try:
        for b in browsers:
            assert (await b.password("marta"))[0] == 303
        code = totp(secret, fake_clock)
        statuses = await asyncio.gather(*(b.code(code) for b in browsers))
        assert sorted(statuses) == [303, 401, 401, 401]
        assert await sessions_of(required, "marta") == 2  # the enrolment's and one of these
    finally:
        for b in browsers:
            await b.close()


def test_secret_box_keeps_the_secret_sealed(tmp_path: Path) -> None:
    """Without NETREACH_SECRET_KEY the key is made once in the var directory (0600) and kept;
    a ciphertext opens only for its own account and only under the key it was sealed with."""
    box = SecretBox("", tmp_path / "var")
    sealed = box.encrypt("s_a", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    assert "JBSWY3DP" not in sealed
    key_file = tmp_path / "var" / "totp.key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert SecretBox("", tmp_path / "var").decrypt("s_a", sealed).startswith("JBSWY3DP")
    with pytest.raises(SecretUnreadable):
        box.decrypt("s_b", sealed)
    with pytest.raises(SecretUnreadable):
        SecretBox("k" * 32, tmp_path / "var").decrypt("s_a", sealed)
    keyed = SecretBox("k" * 32, tmp_path / "other")
    assert keyed.decrypt("s_a", keyed.encrypt("s_a", "ABC")) == "ABC"
    assert not (tmp_path / "other").exists()  # a configured key writes no file
