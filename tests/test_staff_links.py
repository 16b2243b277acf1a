"""Staff accounts on the web (issue 18 item 1): an admin invites a colleague or resets a password
with a one-time link (72 h by the fake clock, single use, only its hash stored); the link sets
the password and signs in, or leads to the two-factor enrolment where the role requires it; a
reset ends the account's sessions when the link is used; deactivation ends them at once; bad,
used and expired links get a clear page; unknown tokens are rate-limited; the CLI prints links."""

from __future__ import annotations

import asyncio
import hashlib
import re
import subprocess
import sys
from typing import Any

from sqlalchemy import select
from yarl import URL

from server.actions.staff_links import LINK_HOURS, do_invite_staff
from server.clock import FakeClock
from server.constants import SESSION_COOKIE
from server.db.models import AuditLog, StaffLink
from server.services import LINK_TRIES_COUNT
from tests.conftest import PASSWORD, LiveServer
from tests.helpers import Staff, login
from tests.test_language_assignment import UKRAINIAN, assigned_to, speaks
from tests.test_revocation import Browser, ended

NEW_PASSWORD = "a long new password"
LINK_RE = re.compile(r'id="new-link-url" type="text" readonly value="([^"]+)"')


async def admin_browser(server: LiveServer) -> Browser:
    await server.create_staff("root", role="admin", language="en")
    browser = Browser(server.url)
    await browser.login("root")
    return browser


async def post_page(browser: Browser, path: str, data: dict[str, str]) -> tuple[int, str]:
    async with browser.http.post(
        f"{browser.url}{path}",
        data={**data, "csrf_token": browser.csrf()},
        allow_redirects=False,
    ) as r:
        return r.status, await r.text()


async def get_page(browser: Browser, path: str) -> tuple[int, str]:
    async with browser.http.get(f"{browser.url}{path}", allow_redirects=False) as r:
        return r.status, await r.text()


def link_of(page: str) -> str:
    match = LINK_RE.search(page)
    assert match, page[:2000]
    return match.group(1)


async def use_link(url: str, password: str, again: str | None = None) -> tuple[int, str, Any]:
    """Open the link in a fresh browser and submit the password form: (status, body or
    Location, the browser's cookies)."""
    browser = Browser(url.split("/account/")[0])
    try:
        async with browser.http.get(url) as r:
            assert r.status == 200, await r.text()
        async with browser.http.post(
            url,
            data={
                "password": password,
                "password2": password if again is None else again,
                "csrf_token": browser.csrf(),
            },
            allow_redirects=False,
        ) as r:
            body = r.headers.get("Location", "") if r.status in (302, 303) else await r.text()
            cookies = {c.key: c.value for c in browser.http.cookie_jar}
            return r.status, body, cookies
    finally:
        await browser.close()


async def assert_form_refused(browser: Browser, path: str, username: str) -> None:
    """The password form of a dead link (`path`), posted anyway: 410, and the password it
    carried does not log `username` in."""
    async with browser.http.post(
        f"{browser.url}{path}",
        data={"password": NEW_PASSWORD, "password2": NEW_PASSWORD, "csrf_token": browser.csrf()},
        allow_redirects=False,
    ) as r:
        assert r.status == 410
    assert (await login(browser.url, username, NEW_PASSWORD))[0] == 401


async def test_invitation_sets_the_password_once_and_signs_in(live_server: LiveServer) -> None:
    admin = await admin_browser(live_server)
    try:
        status, page = await post_page(
            admin,
            "/admin/staff/invite",
            {"username": "Ewa", "name": "Ewa K.", "role": "networker", "language": "en"},
        )
        assert status == 200, page
        url = link_of(page)
        assert url.startswith(f"{live_server.url}/account/link/")
        token = url.rsplit("/", 1)[1]
        # only the hash is stored; the account has no usable password yet
        async with live_server.svc.db.read() as s:
            rows = (await s.execute(select(StaffLink))).scalars().all()
        assert [r.token_hash for r in rows] == [hashlib.sha256(token.encode()).hexdigest()]
        assert token not in str([r.__dict__ for r in rows])
        assert (await login(live_server.url, "ewa", "!invited"))[0] == 401
        _, listing = await get_page(admin, "/admin/staff")
        assert "Invited: no password yet" in listing
        # a password too short, or typed differently: the form again, the link still open
        status, body, _ = await use_link(url, "short")
        assert status == 400
        assert "at least 10 characters" in body
        status, body, _ = await use_link(url, NEW_PASSWORD, again=NEW_PASSWORD + "!")
        assert status == 400
        assert "differ" in body
        status, location, cookies = await use_link(url, NEW_PASSWORD)
        assert (status, location) == (303, "/console")
        assert cookies.get(SESSION_COOKIE)
        assert (await login(live_server.url, "ewa", NEW_PASSWORD))[0] == 302
        # single use
        browser = Browser(live_server.url)
        status, body = await get_page(browser, f"/account/link/{token}?lang=en")
        await browser.close()
        assert status == 410
        assert "already used" in body
        async with live_server.svc.db.read() as s:
            actions = (await s.execute(select(AuditLog.action))).scalars().all()
        assert "staff.invite" in actions
        assert "staff.password_set" in actions
    finally:
        await admin.close()


async def test_links_expire_after_72_hours_by_the_clock(server_factory: Any) -> None:
    clock = FakeClock()
    server = await server_factory(clock)
    result = await do_invite_staff(server.svc, None, "jan", "Jan", "networker")
    path = f"/account/link/{result['token']}"
    browser = Browser(server.url)
    try:
        clock.advance(LINK_HOURS * 3600 - 60)
        assert (await get_page(browser, path))[0] == 200
        clock.advance(61)
        status, body = await get_page(browser, path + "?lang=en")
        assert status == 410
        assert "expired" in body
        # the form posted after expiry changes nothing
        await assert_form_refused(browser, path, "jan")
    finally:
        await browser.close()


async def test_reset_link_ends_sessions_when_used(live_server: LiveServer) -> None:
    admin = await admin_browser(live_server)
    ania = await live_server.staff("ania")
    try:
        status, page = await post_page(admin, "/admin/staff/password-link", {"username": "ania"})
        assert status == 200
        assert "Password link for ania" in page
        url = link_of(page)
        # until the link is used the old password works and the console stays
        assert (await login(live_server.url, "ania", PASSWORD))[0] == 302
        assert ania.sio.connected
        since = asyncio.get_running_loop().time()
        status, location, _ = await use_link(url, NEW_PASSWORD)
        assert (status, location) == (303, "/console")
        await ended(ania, "password_changed", since)
        assert (await login(live_server.url, "ania", PASSWORD))[0] == 401
        assert (await login(live_server.url, "ania", NEW_PASSWORD))[0] == 302
        # a second link voids the first
        _, first = await post_page(admin, "/admin/staff/password-link", {"username": "ania"})
        _, second = await post_page(admin, "/admin/staff/password-link", {"username": "ania"})
        browser = Browser(live_server.url)
        assert (await get_page(browser, "/account/link/" + link_of(first).rsplit("/", 1)[1]))[
            0
        ] == 404
        assert (await get_page(browser, "/account/link/" + link_of(second).rsplit("/", 1)[1]))[
            0
        ] == 200
        await browser.close()
    finally:
        await admin.close()


async def test_role_that_requires_two_factor_enrols_right_after(server_factory: Any) -> None:
    server = await server_factory(require_2fa_roles=("supervisor", "admin"))
    result = await do_invite_staff(server.svc, None, "marta", "Marta", "supervisor", "en")
    status, location, cookies = await use_link(
        f"{server.url}/account/link/{result['token']}", NEW_PASSWORD
    )
    assert status == 303
    assert location.startswith("/login/enrol")
    assert SESSION_COOKIE not in cookies  # no session before the second factor
    assert cookies.get("nr_login")


async def test_deactivation_ends_sessions_and_voids_links(live_server: LiveServer) -> None:
    admin = await admin_browser(live_server)
    tomek = await live_server.staff("tomek")
    try:
        _, page = await post_page(admin, "/admin/staff/password-link", {"username": "tomek"})
        url = link_of(page)
        since = asyncio.get_running_loop().time()
        assert await admin.post("/admin/staff/active", {"username": "tomek", "active": "0"}) == 303
        await ended(tomek, "deactivated", since)
        browser = Browser(live_server.url)
        status, body = await get_page(browser, url.split(live_server.url)[1] + "?lang=en")
        await browser.close()
        assert status == 410
        assert "deactivated" in body
        status, page = await post_page(admin, "/admin/staff/password-link", {"username": "tomek"})
        assert status == 400
        assert "activate it first" in page
    finally:
        await admin.close()


async def test_bad_input_and_unknown_tokens(live_server: LiveServer) -> None:
    admin = await admin_browser(live_server)
    try:
        for data, text in (
            ({"username": "x", "name": "", "role": "networker"}, "A username has 2 to 64"),
            ({"username": "root", "name": "", "role": "networker"}, "is taken"),
            ({"username": "nowy", "name": "", "role": "king"}, "Choose one of the roles"),
        ):
            status, page = await post_page(admin, "/admin/staff/invite", data)
            assert status == 400, (data, page[:500])
            assert text in page, (data, page[:500])
        assert "new-link-url" not in page
        networker = Browser(live_server.url)
        await live_server.create_staff("ola")
        await networker.login("ola")
        assert (await post_page(networker, "/admin/staff/invite", {"username": "zly"}))[0] == 403
        assert await networker.post("/admin/staff/password-link", {"username": "root"}) == 403
        await networker.close()
        # unknown tokens: 404 with a clear page, then 429 past the limit; a real link still opens
        real = await do_invite_staff(live_server.svc, None, "ewa", "Ewa", "networker")
        browser = Browser(live_server.url)
        status, body = await get_page(browser, "/account/link/" + "x" * 43 + "?lang=en")
        assert status == 404
        assert "not valid" in body
        assert (await get_page(browser, "/account/link/" + "x" * 101))[0] == 404
        for _ in range(LINK_TRIES_COUNT):
            status, _ = await get_page(browser, "/account/link/" + "y" * 43)
        assert status == 429
        assert (await get_page(browser, f"/account/link/{real['token']}"))[0] == 200
        await browser.close()
    finally:
        await admin.close()


async def cli_invite(server: LiveServer, *args: str) -> str:
    """`netreach staff invite ARGS` against `server`'s database: the link it prints."""
    env = {
        "DATABASE_URL": server.settings.database_url,
        "NETREACH_VAR_DIR": str(server.settings.var_dir),
        "NETREACH_PUBLIC_URL": server.url,
        "PATH": "/usr/bin:/bin",
    }
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "server.cli", "staff", "invite", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


async def test_cli_invite_prints_a_link_that_works(live_server: LiveServer) -> None:
    url = await cli_invite(live_server, "kasia", "--name", "Kasia")
    assert url.startswith(f"{live_server.url}/account/link/")
    status, location, _ = await use_link(url, NEW_PASSWORD)
    assert (status, location) == (303, "/console")


# --- found by an attack on issue 18 (attack18) -----------------------------------------------


async def invite(admin: Browser, username: str, language: str) -> str:
    """An admin invites a networker `username` (named by it, in title case) speaking
    `language`: the link's URL."""
    status, page = await post_page(
        admin,
        "/admin/staff/invite",
        {"username": username, "name": username.title(), "role": "networker", "language": language},
    )
    assert status == 200, page[:500]
    return link_of(page)


async def test_reactivation_does_not_revive_a_link(live_server: LiveServer) -> None:
    """An admin deactivates a colleague whose invitation went astray, and reactivates the
    account later: the old link stays dead ("expired"; "deactivated" meanwhile) — it used to
    set the password again as if nothing had happened. A new link works."""
    admin = await admin_browser(live_server)
    try:
        old = (await invite(admin, "piotr", "en")).split(live_server.url)[1]
        assert await admin.post("/admin/staff/active", {"username": "piotr", "active": "0"}) == 303
        browser = Browser(live_server.url)
        status, body = await get_page(browser, old + "?lang=en")
        assert (status, "deactivated" in body) == (410, True)
        assert await admin.post("/admin/staff/active", {"username": "piotr", "active": "1"}) == 303
        status, body = await get_page(browser, old + "?lang=en")
        assert status == 410
        assert "expired" in body
        await assert_form_refused(browser, old, "piotr")
        await browser.close()
        _, page = await post_page(admin, "/admin/staff/password-link", {"username": "piotr"})
        status, location, _ = await use_link(link_of(page), NEW_PASSWORD)
        assert (status, location) == (303, "/console")
    finally:
        await admin.close()


async def test_a_link_refuses_passwords_that_are_guessed_first(live_server: LiveServer) -> None:
    """Ten characters were the only rule: `ewaewaewaewa` for Ewa, `aaaaaaaaaa` or
    `1234567890` set a password. They are refused with a clear reason and the link stays
    usable; the username inside a longer password is fine."""
    result = await do_invite_staff(live_server.svc, None, "ewa", "Ewa", "networker", "en")
    url = f"{live_server.url}/account/link/{result['token']}"
    for weak, reason in (
        ("ewaewaewaewa", "among the first"),  # three different characters
        ("Ewa12345678", "built on the username"),
        ("ewa2026!ewa", "built on the username"),
        ("aaaaaaaaaaaa", "among the first"),
        ("1212121212", "among the first"),
        ("1234567890", "among the first"),
        ("Qwerty Uiop", "among the first"),
    ):
        status, body, cookies = await use_link(url, weak)
        assert status == 400, weak
        assert reason in body, weak
        assert SESSION_COOKIE not in cookies
    assert (await login(live_server.url, "ewa", "ewaewaewaewa"))[0] == 401
    status, location, _ = await use_link(url, "ewa lubi zielone koty")
    assert (status, location) == (303, "/console")


async def test_an_invited_colleague_speaks_their_language_like_a_created_one(
    server_factory: Any,
) -> None:
    """An account made by `create-user` speaks its language with visitors; an invited one
    spoke none, so a Ukrainian visitor waited NETREACH_LANGUAGE_WAIT for a busy colleague
    while the invited Ukrainian speaker had room. Now she gets the chat at once."""
    server = await server_factory(clock=FakeClock(), language_wait_seconds=600.0)
    admin = await admin_browser(server)
    try:
        status, _, cookies = await use_link(await invite(admin, "olena", "uk"), NEW_PASSWORD)
        assert status == 303
    finally:
        await admin.close()
    browser = Browser(server.url)
    browser.http.cookie_jar.update_cookies(
        {SESSION_COOKIE: cookies[SESSION_COOKIE]}, response_url=URL(server.url)
    )
    status, body = await get_page(browser, "/account/languages")
    await browser.close()
    assert status == 200
    assert 'name="languages" value="uk" checked' in body
    # a colleague who speaks Ukrainian too is on duty but full; Olena has room
    oksana = await server.staff("oksana")
    await speaks(server, "oksana", "uk")
    await oksana.on_duty(capacity=1, auto_assign=True)
    first = await server.visitor(lang="uk")
    await first.send(UKRAINIAN)
    assert await assigned_to(first) == "Oksana"
    olena = Staff(server.url, cookies[SESSION_COOKIE])
    server.clients.append(olena)
    await olena.connect()
    await olena.on_duty(capacity=2, auto_assign=True)
    second = await server.visitor(lang="uk")
    await second.send(UKRAINIAN)
    assert await assigned_to(second) == "Olena"


async def test_cli_invites_a_ukrainian_speaking_colleague(live_server: LiveServer) -> None:
    """`netreach staff invite --language uk`: Ukrainian is an interface language like the others
    (the admin page offers it), so the colleague's link page, and their pages after it, are in
    Ukrainian."""
    url = await cli_invite(live_server, "olena", "--language", "uk")
    browser = Browser(live_server.url)
    try:
        async with browser.http.get(url) as r:
            page = await r.text()
        assert r.status == 200, page
        assert '<html lang="uk"' in page
        assert "Встанови свій пароль" in page
    finally:
        await browser.close()
