"""Canned replies: the supervisors' page over HTTP (roles, CSRF, validation with the values kept,
audited changes, retire/restore) and the console's `canned.list` (languages, fallback to all,
retired replies left out, roles)."""

from __future__ import annotations

import re

from sqlalchemy import select

from server.actions.canned import do_set_canned_retired
from server.db.models import AuditLog, CannedReply
from tests.conftest import LiveServer
from tests.test_supervisor_pages import browser_session, get

STARTER_TOPICS = {"greeting", "anonymity", "hiv_sti", "addiction", "legal", "crisis", "closing"}


async def _audit(server: LiveServer, action: str) -> list[AuditLog]:
    async with server.svc.db.read() as s:
        q = select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)
        return list((await s.execute(q)).scalars())


async def _reply(server: LiveServer, title: str) -> CannedReply | None:
    async with server.svc.db.read() as s:
        return await s.scalar(select(CannedReply).where(CannedReply.title == title))


async def test_only_supervisors_and_admins_manage_canned_replies(live_server: LiveServer) -> None:
    async with browser_session(live_server, None) as (http, _):
        status, _body, headers = await get(http, live_server.url + "/supervisor/canned")
        assert status == 302
        assert headers["Location"] == "/login?next=/supervisor/canned"
    async with browser_session(live_server, "net1", "networker") as (http, csrf):
        status, _body, _ = await get(http, live_server.url + "/supervisor/canned")
        assert status == 403
        form = {"csrf_token": csrf, "lang": "en", "title": "Mine", "text": "x", "topics": ""}
        async with http.post(
            live_server.url + "/supervisor/canned", data=form, allow_redirects=False
        ) as r:
            assert r.status == 403
        async with http.post(
            live_server.url + "/supervisor/canned/q_start_greeting_en/retire",
            data={"csrf_token": csrf},
            allow_redirects=False,
        ) as r:
            assert r.status == 403
    assert await _reply(live_server, "Mine") is None
    for role in ("supervisor", "admin"):
        async with browser_session(live_server, f"{role}1", role) as (http, _):
            status, body, headers = await get(http, live_server.url + "/supervisor/canned")
            assert status == 200, body[:300]
            assert headers["Cache-Control"] == "no-store"
            # the starter set, in both languages, and the link from every staff page
            assert "Crisis: call 112" in body
            assert "Kryzys: zadzwoń pod 112" in body
            assert 'href="/supervisor/canned"' in body


async def test_add_needs_the_csrf_token(live_server: LiveServer) -> None:
    async with browser_session(live_server, "sup1", "supervisor") as (http, _csrf):
        form = {"lang": "en", "title": "No token", "text": "Hello", "topics": ""}
        async with http.post(
            live_server.url + "/supervisor/canned", data=form, allow_redirects=False
        ) as r:
            assert r.status == 403
        async with http.post(
            live_server.url + "/supervisor/canned",
            data={**form, "csrf_token": "forged"},
            allow_redirects=False,
        ) as r:
            assert r.status == 403
    assert await _reply(live_server, "No token") is None


async def test_add_edit_retire_restore_are_audited(live_server: LiveServer) -> None:
    async with browser_session(live_server, "sup1", "supervisor") as (http, csrf):
        form = {
            "csrf_token": csrf,
            "lang": "en",
            "title": "  Opening   hours ",
            "text": "We answer every evening.\r\n",
            "topics": "Hours, hours ,  evening",
        }
        async with http.post(
            live_server.url + "/supervisor/canned", data=form, allow_redirects=False
        ) as r:
            assert r.status == 303
            assert r.headers["Location"] == "/supervisor/canned?done=added"
        reply = await _reply(live_server, "Opening hours")
        assert reply is not None
        assert (reply.lang, reply.text, reply.topics) == (
            "en",
            "We answer every evening.",
            ["hours", "evening"],
        )
        status, body, _ = await get(http, live_server.url + "/supervisor/canned?done=added")
        assert status == 200
        assert 'id="canned-done"' in body
        [created] = await _audit(live_server, "canned.create")
        assert created.subject == reply.id
        assert created.details == {"lang": "en", "title": "Opening hours"}

        edit = {**form, "lang": "pl", "title": "Godziny", "text": "Odpisujemy co wieczór."}
        url = f"{live_server.url}/supervisor/canned/{reply.id}/edit"
        async with http.post(url, data=edit, allow_redirects=False) as r:
            assert r.status == 303
        [edited] = await _audit(live_server, "canned.edit")
        assert edited.subject == reply.id
        assert edited.details["changed"] == ["lang", "text", "title"]
        assert edited.details["before"] == {
            "lang": "en",
            "title": "Opening hours",
            "text": "We answer every evening.",
        }
        # the same values again change nothing and are not audited again
        async with http.post(url, data=edit, allow_redirects=False) as r:
            assert r.status == 303
        assert len(await _audit(live_server, "canned.edit")) == 1

        for action in ("retire", "retire", "restore"):
            async with http.post(
                f"{live_server.url}/supervisor/canned/{reply.id}/{action}",
                data={"csrf_token": csrf},
                allow_redirects=False,
            ) as r:
                assert r.status == 303
                assert r.headers["Location"] == f"/supervisor/canned?done={action}d"
        assert len(await _audit(live_server, "canned.retire")) == 1  # once: already retired
        assert len(await _audit(live_server, "canned.restore")) == 1

        async with http.post(
            f"{live_server.url}/supervisor/canned/q_unknown/retire",
            data={"csrf_token": csrf},
            allow_redirects=False,
        ) as r:
            assert r.status == 404
    # the audit log says what happened, for people
    async with browser_session(live_server, "adm1", "admin") as (http, _):
        status, body, _headers = await get(http, live_server.url + "/admin/audit?lang=en")
        assert status == 200
        assert "Edited a canned reply" in body
        assert "Retired a canned reply" in body


async def test_bad_input_is_refused_clearly_and_changes_nothing(live_server: LiveServer) -> None:
    async with browser_session(live_server, "sup1", "supervisor") as (http, csrf):
        good = {"csrf_token": csrf, "lang": "en", "title": "Fine", "text": "Text", "topics": ""}
        cases = [
            ({"lang": "de"}, "Choose the reply's language: Polish, English or Ukrainian."),
            ({"title": "   "}, "Give the reply a title of at most 120 characters."),
            ({"title": "x" * 121}, "Give the reply a title of at most 120 characters."),
            ({"text": " \n "}, "Write the reply's text: at most 2000 characters."),
            ({"text": "x" * 2001}, "Write the reply's text: at most 2000 characters."),
            ({"topics": ",".join(f"t{i}" for i in range(11))}, "Topics: at most 10"),
            ({"topics": "x" * 41}, "Topics: at most 10"),
        ]
        for change, message in cases:
            async with http.post(
                live_server.url + "/supervisor/canned?lang=en",
                data={**good, **change},
                allow_redirects=False,
            ) as r:
                body = await r.text()
                assert r.status == 400, change
            error = re.search(r'id="canned-error">([^<]*)<', body)
            assert error, body[:2000]
            assert error.group(1).startswith(message.replace("'", "&#39;")), error.group(1)
        assert await _reply(live_server, "Fine") is None
        # in Polish on a Polish page; what was typed stays in the form
        async with http.post(
            live_server.url + "/supervisor/canned?lang=pl",
            data={**good, "title": "", "text": "Zostaje w formularzu"},
            allow_redirects=False,
        ) as r:
            body = await r.text()
            assert r.status == 400
        assert "Nadaj odpowiedzi tytuł" in body
        assert "Zostaje w formularzu</textarea>" in body
        # a bad edit keeps the stored reply as it was
        async with http.post(
            live_server.url + "/supervisor/canned/q_start_closing_en/edit?lang=en",
            data={**good, "text": ""},
            allow_redirects=False,
        ) as r:
            assert r.status == 400
    async with live_server.svc.db.read() as s:
        closing = await s.get(CannedReply, "q_start_closing_en")
    assert closing is not None
    assert closing.title == "Closing"
    assert await _audit(live_server, "canned.edit") == []


async def test_console_lists_replies_in_the_chats_language(live_server: LiveServer) -> None:
    networker = await live_server.staff("net1")
    reply = await networker.call("canned.list", {"lang": "pl"})
    assert reply["ok"] is True
    assert reply["lang"] == "pl"
    assert {r["lang"] for r in reply["replies"]} == {"pl"}
    titles = [r["title"] for r in reply["replies"]]
    assert titles == sorted(titles)
    assert "Kryzys: zadzwoń pod 112" in titles
    topics = {t for r in reply["replies"] for t in r["topics"]}
    assert topics >= STARTER_TOPICS
    crisis = next(r for r in reply["replies"] if r["id"] == "q_start_crisis_pl")
    assert set(crisis) == {"id", "lang", "title", "text", "topics"}
    assert "112" in crisis["text"]

    english = await networker.call("canned.list", {"lang": "en"})
    assert {r["lang"] for r in english["replies"]} == {"en"}
    assert english["lang"] == "en"
    # the starter set in Ukrainian too (migration 0022), the same topics
    ukrainian = await networker.call("canned.list", {"lang": "uk"})
    assert ukrainian["lang"] == "uk"
    assert {r["lang"] for r in ukrainian["replies"]} == {"uk"}
    assert len(ukrainian["replies"]) == len(english["replies"])
    assert {t for r in ukrainian["replies"] for t in r["topics"]} >= STARTER_TOPICS
    # a language with no replies (a Russian-speaking visitor), or none given: all of them
    for payload in ({"lang": "ru"}, {}):
        everything = await networker.call("canned.list", payload)
        assert everything["lang"] is None
        assert {r["lang"] for r in everything["replies"]} == {"pl", "en", "uk"}
        assert len(everything["replies"]) == len(reply["replies"]) + 2 * len(english["replies"])

    # a retired reply is no longer offered
    supervisor = await live_server.create_staff("sup1", role="supervisor")
    await do_set_canned_retired(live_server.svc, supervisor["id"], "q_start_closing_pl", True)
    again = await networker.call("canned.list", {"lang": "pl"})
    assert "q_start_closing_pl" not in {r["id"] for r in again["replies"]}
    assert len(again["replies"]) == len(reply["replies"]) - 1


async def test_canned_list_refuses_bad_input(live_server: LiveServer) -> None:
    networker = await live_server.staff("net1")
    for payload in ({"lang": "PL"}, {"lang": 1}, {"lang": "pl", "extra": 1}):
        reply = await networker.call("canned.list", payload)
        assert reply["ok"] is False, payload
        assert reply["error"]["code"] == "invalid", payload
