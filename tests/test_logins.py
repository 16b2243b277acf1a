"""Logins under attack, as an attacker would try them: parallel guesses, lockouts, device
cookies, floods of random usernames, admin unlock — over HTTP against a real server (SQLite, or
PostgreSQL when DATABASE_URL says so)."""

from __future__ import annotations

import asyncio
import secrets
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import func, select

from server.clock import FakeClock
from server.db.models import AuditLog, LoginThrottle, StaffSession
from tests.conftest import PASSWORD, LiveServer
from tests.helpers import login
from tests.test_commands import run


class Browser:
    """One browser: its own cookie jar (CSRF, session and device cookies persist)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.jar = aiohttp.CookieJar(unsafe=True)
        self.http = aiohttp.ClientSession(cookie_jar=self.jar)

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.key == name), None)

    async def login(self, username: str, password: str) -> int:
        """Log in through the form; returns the HTTP status (302 = logged in)."""
        if self.cookie("nr_csrf") is None:
            async with self.http.get(f"{self.base_url}/login") as r:
                assert r.status == 200
        async with self.http.post(
            f"{self.base_url}/login",
            data={
                "username": username,
                "password": password,
                "csrf_token": self.cookie("nr_csrf") or "",
                "next": "/console",
            },
            allow_redirects=False,
        ) as r:
            await r.read()
            return r.status

    async def post(self, path: str, data: dict[str, str]) -> tuple[int, str]:
        async with self.http.post(
            f"{self.base_url}{path}",
            data={**data, "csrf_token": self.cookie("nr_csrf") or ""},
            allow_redirects=False,
        ) as r:
            return r.status, await r.text()

    async def close(self) -> None:
        await self.http.close()


async def _throttle(server: LiveServer, key: str) -> LoginThrottle | None:
    async with server.svc.db.read() as s:
        return await s.get(LoginThrottle, key)


async def _failures(server: LiveServer, key: str) -> int:
    row = await _throttle(server, key)
    return row.failures if row else 0


async def _audit_count(server: LiveServer, action: str) -> int:
    async with server.svc.db.read() as s:
        return int(
            await s.scalar(
                select(func.count()).select_from(AuditLog).where(AuditLog.action == action)
            )
            or 0
        )


async def _sessions(server: LiveServer) -> int:
    async with server.svc.db.read() as s:
        return int(await s.scalar(select(func.count()).select_from(StaffSession)) or 0)


async def test_29_parallel_wrong_logins_then_the_right_one_is_refused_and_all_stay_counted(
    server_factory: Any,
) -> None:
    server = await server_factory(clock=FakeClock())
    await server.create_staff("ania")
    guesses = [
        asyncio.create_task(login(server.url, "ania", f"wrong guess {i:03}")) for i in range(29)
    ]
    # the right password arrives last, while the wrong ones may still be verifying
    await server.until(lambda: _failures(server, "ania"), timeout=30)

    async def counted_all() -> bool:
        return await _failures(server, "ania") == 29

    await server.until(counted_all, timeout=30)
    status, cookie, _ = await login(server.url, "ania", PASSWORD)
    results = await asyncio.gather(*guesses)
    assert status == 429
    assert cookie is None
    statuses = sorted(r[0] for r in results)
    # five attempts were let through to a verification, the rest refused while locked
    assert statuses == [401] * 5 + [429] * 24
    row = await _throttle(server, "ania")
    assert row is not None
    assert row.failures == 30  # nothing wiped the count
    assert row.locked_until is not None
    assert row.locked_until > server.svc.clock.now()
    assert await _sessions(server) == 0
    assert await _audit_count(server, "login.failed") == 30
    assert await _audit_count(server, "login") == 0


async def test_20_parallel_wrong_logins_give_no_server_error_and_are_all_counted(
    server_factory: Any,
) -> None:
    server = await server_factory(clock=FakeClock())
    await server.create_staff("ania")
    results = await asyncio.gather(
        *(login(server.url, "ania", f"wrong guess {i:03}") for i in range(20))
    )
    assert all(status in (401, 429) for status, _, _ in results), [r[0] for r in results]
    assert all(cookie is None for _, cookie, _ in results)
    assert await _failures(server, "ania") == 20
    assert await _audit_count(server, "login.failed") == 20


async def test_a_browser_that_logged_in_before_gets_in_while_the_account_is_locked_for_others(
    server_factory: Any,
) -> None:
    clock = FakeClock()
    server = await server_factory(clock=clock)
    await server.create_staff("ania")
    own = Browser(server.url)
    try:
        assert await own.login("ania", PASSWORD) == 302
        device = own.cookie("nr_device")
        assert device
        assert device.startswith("ania:")
        # an attacker without the cookie locks the account for unknown clients
        for _ in range(6):
            await login(server.url, "ania", "attacker guess")
        assert (await login(server.url, "ania", PASSWORD))[0] == 429
        # ania's own browser is exempt: it logs in with the right password
        assert await own.login("ania", PASSWORD) == 302
        # while the attacker is still locked out
        assert (await login(server.url, "ania", PASSWORD))[0] == 429
        assert await _failures(server, "ania") == 8  # six guesses, two refused while locked
    finally:
        await own.close()


async def test_a_device_is_locked_out_after_its_own_failures(server_factory: Any) -> None:
    server = await server_factory(clock=FakeClock())
    await server.create_staff("ania")
    own = Browser(server.url)
    try:
        assert await own.login("ania", PASSWORD) == 302
        for _ in range(5):
            assert await own.login("ania", "a wrong password") == 401
        assert await own.login("ania", PASSWORD) == 429
        # the device's failures did not lock unknown clients out
        assert await _failures(server, "ania") == 0
        assert (await login(server.url, "ania", PASSWORD))[0] == 302
    finally:
        await own.close()


async def test_forged_foreign_and_expired_device_cookies_are_treated_as_unknown_clients(
    server_factory: Any,
) -> None:
    clock = FakeClock()
    server = await server_factory(clock=clock)
    await server.create_staff("ania")
    await server.create_staff("tomek")
    ania, tomek = Browser(server.url), Browser(server.url)
    try:
        assert await ania.login("ania", PASSWORD) == 302
        assert await tomek.login("tomek", PASSWORD) == 302
        real = ania.cookie("nr_device") or ""
        name, nonce, issued, signature = real.split(":")
        for _ in range(6):
            await login(server.url, "ania", "attacker guess")
        forged = [
            f"{name}:{nonce}:{issued}:{signature[:-2]}AA",  # signature changed
            f"{name}:{secrets.token_urlsafe(16)}:{issued}:{signature}",  # another nonce
            f"{name}:{nonce}:{int(issued) + 3600}:{signature}",  # issued later
            tomek.cookie("nr_device") or "",  # valid, but names another user
            "ania:x:1:y",
            "garbage",
        ]
        for value in forged:
            attacker = Browser(server.url)
            attacker.jar.update_cookies({"nr_device": value})
            try:
                assert await attacker.login("ania", PASSWORD) == 429, value
            finally:
                await attacker.close()
        # the genuine cookie works ... until it is older than NETREACH_DEVICE_COOKIE_DAYS
        assert await ania.login("ania", PASSWORD) == 302
        clock.advance(server.settings.device_cookie_days * 86400 + 1)
        for _ in range(6):
            await login(server.url, "ania", "attacker guess")
        ania.jar.update_cookies({"nr_device": real})
        assert await ania.login("ania", PASSWORD) == 429
    finally:
        await ania.close()
        await tomek.close()


async def test_a_device_cookie_signed_by_another_deployment_is_refused(
    server_factory: Any,
) -> None:
    server = await server_factory(clock=FakeClock(), secret_key="k" * 40)
    await server.create_staff("ania")
    own = Browser(server.url)
    try:
        assert await own.login("ania", PASSWORD) == 302
        cookie = own.cookie("nr_device") or ""
    finally:
        await own.close()
    # the same signature checked under another key does not name a device
    from server.actions.staff import read_device_cookie

    assert read_device_cookie(server.svc, cookie, "ania") == f"ania/{cookie.split(':')[1]}"
    other = await server_factory(clock=FakeClock(), secret_key="z" * 40)
    assert read_device_cookie(other.svc, cookie, "ania") is None


async def test_a_flood_of_random_usernames_costs_no_verification_and_does_not_delay_a_real_login(
    server_factory: Any,
) -> None:
    server = await server_factory(clock=FakeClock())
    await server.create_staff("ania")
    gate = server.svc.passwords
    assert (await login(server.url, "ania", PASSWORD))[0] == 302  # times a real verification
    before = gate.verifications
    # an unknown username's answer takes as long as a verification does here; made long so that
    # the flood is still waiting when the real login is answered (ordering, not wall time)
    gate.typical_seconds = 30.0
    names = [f"x{secrets.token_hex(6)}" for _ in range(40)]
    flood = [asyncio.create_task(login(server.url, n, "whatever12345")) for n in names]

    async def all_counted() -> bool:
        return all([await _failures(server, n) == 1 for n in names])

    await server.until(all_counted, timeout=30)
    status, cookie, _ = await login(server.url, "ania", PASSWORD)
    assert status == 302
    assert cookie
    assert not any(task.done() for task in flood)  # the flood is still waiting its turn
    assert gate.verifications == before + 1  # the 40 unknown names cost no verification
    for task in flood:
        task.cancel()
    await asyncio.gather(*flood, return_exceptions=True)


async def test_password_verifications_run_at_most_login_concurrency_at_once(
    server_factory: Any,
) -> None:
    server = await server_factory(clock=FakeClock(), login_concurrency=2)
    names = [f"user{i}" for i in range(8)]
    for name in names:
        await server.create_staff(name)
    gate = server.svc.passwords
    gate.peak = 0
    before = gate.verifications
    results = await asyncio.gather(*(login(server.url, n, "a wrong password") for n in names))
    assert [r[0] for r in results] == [401] * 8
    assert gate.verifications == before + 8
    assert gate.peak == 2


async def test_an_admin_unlocks_an_account_on_the_staff_page_audited(server_factory: Any) -> None:
    server = await server_factory(clock=FakeClock())
    await server.create_staff("ania")
    await server.create_staff("boss", role="admin")
    for _ in range(6):
        await login(server.url, "ania", "attacker guess")
    assert (await login(server.url, "ania", PASSWORD))[0] == 429
    admin = Browser(server.url)
    networker = Browser(server.url)
    try:
        assert await admin.login("boss", PASSWORD) == 302
        async with admin.http.get(f"{server.url}/admin/staff") as r:
            page = await r.text()
        assert 'action="/admin/staff/unlock"' in page
        # a networker cannot unlock
        await server.create_staff("tomek")
        assert await networker.login("tomek", PASSWORD) == 302
        status, _ = await networker.post("/admin/staff/unlock", {"username": "ania"})
        assert status == 403
        assert (await login(server.url, "ania", PASSWORD))[0] == 429
        # bad input: a clear error, nothing changes
        status, body = await admin.post("/admin/staff/unlock", {"username": "nobody"})
        assert status == 400
        assert "nobody" in body
        status, _ = await admin.post("/admin/staff/unlock", {"username": "ania"})
        assert status == 303
        assert await _throttle(server, "ania") is None
        assert await _audit_count(server, "staff.unlock") == 1
        assert (await login(server.url, "ania", PASSWORD))[0] == 302
    finally:
        await admin.close()
        await networker.close()


def test_unlock_from_the_command_line(tmp_path: Path) -> None:
    assert run(["migrate"], tmp_path).returncode == 0
    r = run(
        ["create-user", "ania", "--password-stdin"], tmp_path, stdin=b"a long enough password\n"
    )
    assert r.returncode == 0, r.stderr
    r = run(["unlock", "ania"], tmp_path)
    assert r.returncode == 0, r.stderr
    assert b"ania is unlocked" in r.stdout
    r = run(["unlock", "nobody"], tmp_path)
    assert r.returncode == 2
    assert b"no staff account" in r.stderr


def test_a_short_secret_key_is_refused_naming_the_variable() -> None:
    import pytest

    from server.settings import Settings, SettingsError

    with pytest.raises(SettingsError, match="NETREACH_SECRET_KEY"):
        Settings.from_env({"NETREACH_SECRET_KEY": "too short"})
    assert Settings.from_env({"NETREACH_SECRET_KEY": "s" * 32}).secret_key == "s" * 32
    assert "s" * 32 not in repr(Settings.from_env({"NETREACH_SECRET_KEY": "s" * 32}))


async def test_a_flood_of_random_usernames_on_a_fresh_node_times_one_verification_only(
    server_factory: Any,
) -> None:
    server = await server_factory(clock=FakeClock())
    gate = server.svc.passwords
    results = await asyncio.gather(
        *(login(server.url, f"y{secrets.token_hex(6)}", "whatever12345") for _ in range(20))
    )
    assert [r[0] for r in results] == [401] * 20
    assert gate.verifications == 0
    assert gate.typical_seconds is not None
    assert gate.peak == 1  # the one timing run, never one per attempt at once
