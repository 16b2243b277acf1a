"""The supervisor and admin pages over HTTP: who may open them, CSRF on admin forms, audited role
changes and their export, escalation history with statistics and clear errors for bad filters."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import yarl
from sqlalchemy import select

from server.db.models import AuditLog, Staff
from server.http.ui_strings import CONSOLE_STRINGS, SUPERVISOR_STRINGS
from tests.conftest import PASSWORD, LiveServer

CRISIS_PL = "nie chce juz zyc, mam tabletki i zrobie to dzis"


@asynccontextmanager
async def browser_session(
    server: LiveServer, username: str | None, role: str = "networker"
) -> AsyncIterator[tuple[aiohttp.ClientSession, str]]:
    """An HTTP client with a cookie jar, logged in through the form (or anonymous: None).
    Yields (session, csrf token)."""
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar) as http:
        async with http.get(f"{server.url}/login") as r:
            assert r.status == 200
        csrf = next(c.value for c in jar if c.key == "nr_csrf")
        if username is not None:
            await server.create_staff(username, role=role, language="en")
            async with http.post(
                f"{server.url}/login",
                data={
                    "username": username,
                    "password": PASSWORD,
                    "csrf_token": csrf,
                    "next": "/console",
                },
                allow_redirects=False,
            ) as r:
                assert r.status == 302, await r.text()
        yield http, csrf


async def get(http: aiohttp.ClientSession, url: str) -> tuple[int, str, Any]:
    async with http.get(url, allow_redirects=False) as r:
        return r.status, await r.text(), r.headers


# --- role checks ------------------------------------------------------------------------------

SUPERVISOR_PAGES = ["/supervisor", "/supervisor/escalations", "/supervisor/blocks"]
ADMIN_PAGES = [
    "/admin/staff",
    "/admin/feeds",
    "/admin/audit",
    "/admin/audit.csv",
    "/admin/audit.json",
]


async def test_pages_need_a_login_and_come_back_after_it(live_server: LiveServer) -> None:
    async with browser_session(live_server, None) as (http, _):
        for path in SUPERVISOR_PAGES + ADMIN_PAGES:
            status, _body, headers = await get(http, live_server.url + path)
            assert status == 302, path
            assert headers["Location"] == f"/login?next={path}", headers["Location"]
        status, _body, headers = await get(
            http, live_server.url + "/supervisor/escalations?from=2026-01-01&to=2026-01-02"
        )
        location = yarl.URL(headers["Location"])
        assert location.path == "/login"
        assert location.query["next"] == "/supervisor/escalations?from=2026-01-01&to=2026-01-02"


async def test_networkers_get_403_supervisors_only_their_pages(live_server: LiveServer) -> None:
    async with browser_session(live_server, "ania") as (http, _):
        for path in SUPERVISOR_PAGES + ADMIN_PAGES:
            status, body, _ = await get(http, live_server.url + path)
            assert status == 403, path
            assert "403" in body
        status, body, _ = await get(http, live_server.url + "/console")
        assert status == 200
        assert 'href="/supervisor"' not in body
        assert 'href="/admin/staff"' not in body
    async with browser_session(live_server, "marta", role="supervisor") as (http, _):
        for path in SUPERVISOR_PAGES:
            status, body, headers = await get(http, live_server.url + path)
            assert status == 200, path
            assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
            assert 'href="/supervisor/escalations"' in body
            assert 'href="/admin/staff"' not in body
        for path in ADMIN_PAGES:
            assert (await get(http, live_server.url + path))[0] == 403, path
    async with browser_session(live_server, "root", role="admin") as (http, _):
        for path in SUPERVISOR_PAGES + ADMIN_PAGES:
            status, body, _ = await get(http, live_server.url + path)
            assert status == 200, path
        status, body, _ = await get(http, live_server.url + "/console")
        assert 'href="/admin/audit"' in body
        assert 'href="/supervisor"' in body


async def test_supervisor_console_page_carries_its_config(live_server: LiveServer) -> None:
    async with browser_session(live_server, "marta", role="supervisor") as (http, _):
        status, body, _ = await get(http, live_server.url + "/supervisor")
    assert status == 200
    config = json.loads(
        re.search(
            r'<script type="application/json" id="nr-config">(.*?)</script>', body, re.S
        ).group(1)
    )  # type: ignore[union-attr]
    assert config["me"]["role"] == "supervisor"
    assert set(config["strings"]["pl"]) == set(SUPERVISOR_STRINGS)
    assert config["outcomes"] == [
        "safety_plan",
        "emergency_services",
        "referred",
        "false_alarm",
        "visitor_left",
        "other",
    ]
    assert "/static/supervisor.js" in body
    assert "/static/supervisor.css" in body


# --- past escalations ---------------------------------------------------------------------------


async def test_escalation_history_lists_the_period_with_statistics(live_server: LiveServer) -> None:
    marta = await live_server.staff("marta2", role="supervisor", name="Marta")
    visitor = await live_server.visitor()
    assert (await visitor.send(CRISIS_PL))["ok"]
    alert = await marta.log.wait_for("escalation.new")
    ack = await marta.call("escalation.ack", {"escalation_id": alert["id"]})
    assert ack["ok"], ack
    async with browser_session(live_server, "marta", role="supervisor") as (http, _):
        status, body, _ = await get(http, live_server.url + "/supervisor/escalations")
        assert status == 200
        assert f'data-escalation="{alert["id"]}"' in body
        assert "Imminent danger" in body
        assert "Suicide or self-harm" in body
        assert "Acknowledged" in body
        assert re.search(r'id="stat-total">1<', body)
        # filters: another status, another category, a period without it
        for query in ("status=resolved", "category=violence", "from=2020-01-01&to=2020-01-31"):
            status, body, _ = await get(http, f"{live_server.url}/supervisor/escalations?{query}")
            assert status == 200, query
            assert f'data-escalation="{alert["id"]}"' not in body, query
        status, body, _ = await get(
            http, live_server.url + "/supervisor/escalations?status=acknowledged&category=self_harm"
        )
        assert f'data-escalation="{alert["id"]}"' in body


async def test_bad_filter_dates_give_a_clear_error(live_server: LiveServer) -> None:
    async with browser_session(live_server, "marta", role="supervisor") as (http, _):
        for query, text in (
            ("from=2026-13-45", "YYYY-MM-DD"),
            ("from=yesterday&to=today", "YYYY-MM-DD"),
            ("from=2026-05-10&to=2026-05-01", "start date must not be after the end date"),
            ("from=2020-01-01&to=2026-01-01", "at most 366 days"),
            ("status=%3Cscript%3E", "Unknown status"),
        ):
            status, body, _ = await get(http, f"{live_server.url}/supervisor/escalations?{query}")
            assert status == 400, query
            assert 'role="alert"' in body, query
            assert text in body, query
            assert "<script>" not in body
            assert 'id="stat-total"' in body  # the page still works, with the default period


# --- admin ------------------------------------------------------------------------------------


async def test_admin_post_forms_need_the_csrf_token(live_server: LiveServer) -> None:
    await live_server.create_staff("ania", role="networker")
    async with browser_session(live_server, "root", role="admin") as (http, _csrf):
        for path, data in (
            ("/admin/staff/role", {"username": "ania", "role": "supervisor"}),
            ("/admin/staff/active", {"username": "ania", "active": "0"}),
        ):
            for token in (None, "x" * 43):
                form = dict(data) if token is None else {**data, "csrf_token": token}
                async with http.post(live_server.url + path, data=form, allow_redirects=False) as r:
                    assert r.status == 403, (path, token)
    async with live_server.svc.db.read() as s:
        ania = (await s.execute(select(Staff).where(Staff.username == "ania"))).scalar_one()
        assert ania.role == "networker"
        assert ania.is_active


async def test_role_change_is_audited_and_exported(live_server: LiveServer) -> None:
    await live_server.create_staff("ania", role="networker")
    async with browser_session(live_server, "root", role="admin") as (http, csrf):
        async with http.post(
            live_server.url + "/admin/staff/role",
            data={"username": "ania", "role": "supervisor", "csrf_token": csrf},
            allow_redirects=False,
        ) as r:
            assert r.status == 303
            location = r.headers["Location"]
        status, body, _ = await get(http, live_server.url + location)
        assert status == 200
        assert 'role="status"' in body
        assert "ania" in body
        async with live_server.svc.db.read() as s:
            ania = (await s.execute(select(Staff).where(Staff.username == "ania"))).scalar_one()
            assert ania.role == "supervisor"
            row = (
                await s.execute(select(AuditLog).where(AuditLog.action == "staff.role"))
            ).scalar_one()
            assert row.subject == ania.id
            assert row.details == {
                "username": "ania",
                "from": "networker",
                "to": "supervisor",
            }
        # the audit page shows it, the exports contain it
        status, body, _ = await get(http, live_server.url + "/admin/audit?lang=en")
        assert status == 200
        assert "staff.role" in body
        # for people: what the action means, what the subject is, the details as key: value
        assert "Changed a role" in body
        assert "staff member" in body
        assert "<dt>Before</dt><dd>Networker</dd>" in body
        assert "<dt>After</dt><dd>Supervisor</dd>" in body
        assert '{"from"' not in body
        async with http.get(live_server.url + "/admin/audit.csv") as r:
            assert r.status == 200
            assert r.headers["Content-Type"].startswith("text/csv")
            assert r.headers["Content-Disposition"].startswith("attachment;")
            rows = list(csv.DictReader(io.StringIO(await r.text())))
        role_rows = [x for x in rows if x["action"] == "staff.role"]
        assert len(role_rows) == 1
        assert role_rows[0]["actor"] == "root"
        assert role_rows[0]["subject"] == ania.id
        assert json.loads(role_rows[0]["details"]) == {
            "username": "ania",
            "from": "networker",
            "to": "supervisor",
        }
        async with http.get(live_server.url + "/admin/audit.json") as r:
            assert r.status == 200
            assert r.headers["Content-Disposition"].startswith("attachment;")
            entries = json.loads(await r.text())
        assert any(
            e["action"] == "staff.role" and e["details"]["to"] == "supervisor" for e in entries
        )
        # exporting the log is itself recorded (the CSV export shows up in the JSON export)
        assert any(
            e["action"] == "audit.export"
            and e["details"] == {"format": "csv"}
            and e["actor"] == "root"
            for e in entries
        )


async def test_staff_errors_are_clear_and_change_nothing(live_server: LiveServer) -> None:
    async with browser_session(live_server, "root", role="admin") as (http, csrf):
        # the last admin cannot be demoted, nor deactivate themself
        async with http.post(
            live_server.url + "/admin/staff/role",
            data={"username": "root", "role": "networker", "csrf_token": csrf},
        ) as r:
            body = await r.text()
            assert r.status == 400
            assert 'role="alert"' in body
            assert "last admin" in body
        async with http.post(
            live_server.url + "/admin/staff/active",
            data={"username": "root", "active": "0", "csrf_token": csrf},
        ) as r:
            body = await r.text()
            assert r.status == 400
            assert "cannot deactivate your own account" in body
        async with http.post(
            live_server.url + "/admin/staff/role",
            data={"username": "nobody", "role": "admin", "csrf_token": csrf},
        ) as r:
            assert r.status == 400
            assert "nobody" in await r.text()
        async with http.post(
            live_server.url + "/admin/staff/role",
            data={"username": "root", "role": "king", "csrf_token": csrf},
        ) as r:
            assert r.status == 400
    async with live_server.svc.db.read() as s:
        root = (await s.execute(select(Staff).where(Staff.username == "root"))).scalar_one()
        assert root.role == "admin"
        assert root.is_active


async def test_deactivation_ends_the_sessions(live_server: LiveServer) -> None:
    async with (
        browser_session(live_server, "ania") as (ania_http, _),
        browser_session(live_server, "root", role="admin") as (http, csrf),
    ):
        async with http.post(
            live_server.url + "/admin/staff/active",
            data={"username": "ania", "active": "0", "csrf_token": csrf},
            allow_redirects=False,
        ) as r:
            assert r.status == 303
        status, _body, headers = await get(ania_http, live_server.url + "/console")
        assert status == 302
        assert headers["Location"].startswith("/login")
        async with http.post(
            live_server.url + "/admin/staff/active",
            data={"username": "ania", "active": "1", "csrf_token": csrf},
            allow_redirects=False,
        ) as r:
            assert r.status == 303
    async with live_server.svc.db.read() as s:
        actions = [
            a for (a,) in (await s.execute(select(AuditLog.action).order_by(AuditLog.id))).all()
        ]
    assert actions[-2:] == ["staff.deactivate", "staff.activate"]


async def test_audit_log_pages_with_before(live_server: LiveServer) -> None:
    from server.actions.audit import write_audit

    async with live_server.svc.db.write() as s:
        for i in range(130):
            write_audit(
                s, live_server.svc.clock.now(), None, "test.entry", f"subject-{i:03d}", {"i": i}
            )
    async with browser_session(live_server, "root", role="admin") as (http, _):
        status, body, _ = await get(http, live_server.url + "/admin/audit")
        assert status == 200
        first = re.findall(r"subject-(\d{3})", body)
        assert first[0] == "129"
        nxt = re.search(r'href="(/admin/audit\?before=\d+)"', body)
        assert nxt
        status, body, _ = await get(http, live_server.url + nxt.group(1))
        second = re.findall(r"subject-(\d{3})", body)
        assert second
        assert int(second[0]) == int(first[-1]) - 1
        status, body, _ = await get(http, live_server.url + "/admin/audit?before=abc")
        assert status == 400
        assert 'role="alert"' in body


def _audited_actions() -> set[str]:
    """Every action name the server writes to the audit log: the literal `action` argument of
    each write_audit / do_record call in server/ (both branches of a conditional), and the
    names made from the lexicon review's statuses."""
    import ast
    from pathlib import Path

    from server.actions.lexicon_review import STATUS_ACTIONS

    def literals(node: ast.AST) -> list[str]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [node.value]
        if isinstance(node, ast.IfExp):
            return literals(node.body) + literals(node.orelse)
        return []

    found = {f"lexicon_review.{name}" for name in STATUS_ACTIONS.values()}
    root = Path(__file__).resolve().parent.parent / "server"
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            index = {"write_audit": 3, "do_record": 2}.get(str(name))
            if index is not None and len(node.args) > index:
                found.update(literals(node.args[index]))
    return found


async def test_every_audited_action_is_explained_in_the_log(live_server: LiveServer) -> None:
    """Whoever reads the audit log reads what each entry means in their language: logins,
    two-factor changes, blocks, exports, erasures… not only the code."""
    from server.http.admin import AUDIT_ACTIONS

    actions = _audited_actions()
    assert {"login", "staff.2fa.enable", "visitor.block", "staff.invite"} <= actions
    assert sorted(actions - set(AUDIT_ACTIONS)) == []
    async with (
        browser_session(live_server, "root", role="admin") as (http, csrf),
        http.post(
            live_server.url + "/lang",
            data={"lang": "pl", "next": "/admin/audit", "csrf_token": csrf},
        ) as r,
    ):
        assert r.status == 200
        body = await r.text()
    # the login just made, labelled in Polish beside its code
    row = body[body.index("<tbody") :]
    row = row[: row.index("</tr>")]
    assert "Zalogował(a) się" in row, row


def _audited_detail_keys() -> set[str]:
    """Every key the server writes into audit details: the literal keys of the dicts passed to
    write_audit, do_record, start_session and move_conversation, of a dict named `details` and
    the keys stored into it, the keyword arguments of audit_failed_login, and the counts of a
    retention purge."""
    import ast
    from dataclasses import fields
    from pathlib import Path

    from server.actions.privacy import PurgeReport

    calls = {"write_audit", "do_record", "start_session", "move_conversation"}

    def dict_keys(node: ast.AST) -> set[str]:
        return {
            k.value
            for d in ast.walk(node)
            if isinstance(d, ast.Dict)
            for k in d.keys
            if isinstance(k, ast.Constant) and isinstance(k.value, str)
        }

    found = {f.name for f in fields(PurgeReport)}
    root = Path(__file__).resolve().parent.parent / "server"
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in calls:
                    for arg in node.args:
                        found |= dict_keys(arg)
                if name == "audit_failed_login":
                    found |= {kw.arg for kw in node.keywords if kw.arg}
            target = getattr(node, "target", None) or (getattr(node, "targets", None) or [None])[0]
            if isinstance(target, ast.Name) and target.id == "details":
                found |= dict_keys(getattr(node, "value", None) or ast.Dict(keys=[], values=[]))
            if (
                isinstance(node, ast.Subscript)
                and isinstance(node.ctx, ast.Store)
                and isinstance(node.value, ast.Name)
                and node.value.id == "details"
                and isinstance(node.slice, ast.Constant)
            ):
                found.add(node.slice.value)
    return found


def test_every_audit_detail_has_a_name_in_the_readers_language() -> None:
    """The details of an entry are named, and their coded values worded, in the page's language:
    a Polish admin reads "Przez: link z zaproszeniem", not "via: invite"."""
    from server.http.admin import AUDIT_DETAIL_NAMES, readable_audit

    keys = _audited_detail_keys()
    assert {"via", "username", "from", "to", "transcripts", "step", "lexicon_review_item"} <= keys
    assert sorted(keys - set(AUDIT_DETAIL_NAMES)) == []

    def shown(action: str, details: dict[str, Any], lang: str) -> list[tuple[str, str]]:
        return list(readable_audit({"action": action, "details": details}, lang)["details_items"])

    set_password = {"username": "ania", "via": "invite"}
    assert shown("staff.password_set", set_password, "pl") == [
        ("Nazwa użytkownika", "ania"),
        ("Przez", "link z zaproszeniem"),
    ]
    assert ("Через", "посилання-запрошення") in shown("staff.password_set", set_password, "uk")
    assert ("Through", "invitation link") in shown("staff.password_set", set_password, "en")
    role = shown("staff.role", {"username": "ania", "from": "networker", "to": "supervisor"}, "pl")
    assert ("Przed", "Networker") in role
    assert ("Po", "Superwizor") in role
    langs = shown("staff.languages", {"username": "ania", "from": ["pl"], "to": ["pl", "uk"]}, "pl")
    assert ("Po", "polski, ukraiński") in langs
    login = dict(shown("login", {"device": True, "second_factor": "recovery_code"}, "pl"))
    assert login == {"Ze znanego urządzenia": "Tak", "Drugi składnik": "kod odzyskiwania"}
    resolved = dict(
        shown("escalation.resolve", {"conversation": "c_1", "outcome": "false_alarm"}, "pl")
    )
    assert resolved["Rozmowa"] == "c_1"  # ids stay as they are
    assert resolved["Wynik rozmowy"] not in ("false_alarm", "")
    # a key nobody named yet still shows, readably, rather than disappearing
    assert shown("x.y", {"some_key": 3}, "pl") == [("some key", "3")]


# --- UI strings -----------------------------------------------------------------------------------


def test_supervisor_js_uses_only_known_keys() -> None:
    from pathlib import Path

    src = Path(__file__).resolve().parent.parent / "widget" / "src"
    for name, tables in (
        ("supervisor.js", [SUPERVISOR_STRINGS]),
        ("staffchat.js", [SUPERVISOR_STRINGS, CONSOLE_STRINGS]),
    ):
        keys = set(
            re.findall(r"\bt\(\s*\"([a-z_]+)\"\s*[,)]", (src / name).read_text(encoding="utf-8"))
        )
        assert keys, name
        for table in tables:
            assert not sorted(k for k in keys if k not in table), name
    for prefix, values in (
        (
            "outcome_",
            (
                "safety_plan",
                "emergency_services",
                "referred",
                "false_alarm",
                "visitor_left",
                "other",
            ),
        ),
        ("category_", ("self_harm", "overdose", "violence", "child_abuse", "unspecified")),
        ("risk_", ("concern", "high", "imminent")),
        ("role_", ("networker", "supervisor", "admin")),
        ("conv_", ("queued", "active", "closed")),
        ("source_", ("auto", "manual")),
        ("status_", ("raised", "acknowledged", "resolved")),
    ):
        for value in values:
            assert prefix + value in SUPERVISOR_STRINGS, prefix + value
    for value in (
        "safety_plan",
        "emergency_services",
        "referred",
        "false_alarm",
        "visitor_left",
        "other",
    ):
        assert "esc_outcome_" + value in CONSOLE_STRINGS
    for value in ("concern", "high", "imminent"):
        assert "risk_" + value in CONSOLE_STRINGS
