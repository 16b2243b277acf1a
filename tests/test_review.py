"""Audited review of past conversations (issue 16, item 4) and the privacy notice (item 5): the
supervisor's list with its filters, read-only transcripts and exports (redacted by default), an
audit entry for every opening and export, and who may see them."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from server.db.models import AuditLog
from tests.conftest import LiveServer
from tests.test_supervisor_pages import browser_session, get

PHONE_TEXT = "zadzwon do mnie 512 345 678, mieszkam na ul. Dluga 5"


async def audit_of(server: LiveServer, action: str) -> list[AuditLog]:
    async with server.svc.db.read() as s:
        return list(
            (
                await s.execute(
                    select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)
                )
            ).scalars()
        )


async def closed_chat(server: LiveServer, text: str, topics: list[str], outcome: str) -> str:
    ania = await server.staff(f"ania{len(server.clients)}")
    await ania.on_duty(capacity=1)
    visitor = await server.visitor()
    assert (await visitor.send(text))["ok"]
    cid = str((await ania.call("queue.take", {}))["conversation"]["id"])
    reply = await ania.call(
        "conversation.close", {"conversation_id": cid, "outcome": outcome, "topics": topics}
    )
    assert reply["ok"], reply
    return cid


async def test_review_list_filters_and_audited_transcript_and_exports(
    live_server: LiveServer,
) -> None:
    legal = await closed_chat(live_server, PHONE_TEXT, ["legal"], "helped")
    other = await closed_chat(live_server, "inna sprawa", ["housing"], "referred")
    async with browser_session(live_server, "marta", role="supervisor") as (http, _csrf):
        status, page, _ = await get(http, f"{live_server.url}/supervisor/conversations")
        assert status == 200
        assert legal in page
        assert other in page
        assert "512 345 678" not in page  # the list shows no text
        assert await audit_of(live_server, "transcript.open") == []  # listing is not audited

        status, page, _ = await get(http, f"{live_server.url}/supervisor/conversations?topic=legal")
        assert status == 200
        assert legal in page
        assert other not in page
        status, page, _ = await get(
            http, f"{live_server.url}/supervisor/conversations?outcome=referred"
        )
        assert other in page
        assert legal not in page
        status, page, _ = await get(
            http, f"{live_server.url}/supervisor/conversations?site=nowhere.example"
        )
        assert legal not in page
        assert other not in page
        status, page, _ = await get(http, f"{live_server.url}/supervisor/conversations?risk=bogus")
        assert status == 400
        assert 'id="filter-error"' in page

        # opening: read-only, the whole text, audited
        status, page, _ = await get(http, f"{live_server.url}/supervisor/conversations/{legal}")
        assert status == 200
        assert "512 345 678" in page
        assert "<form" not in page.split("<main", 1)[1]  # nothing to send from here
        [opened] = await audit_of(live_server, "transcript.open")
        assert opened.subject == legal
        assert opened.details == {"role": "supervisor", "via": "review"}

        # exports: redacted by default, audited with their format
        status, page, _ = await get(
            http, f"{live_server.url}/supervisor/conversations/{legal}/export?format=html"
        )
        assert status == 200
        assert "[phone]" in page
        assert "512 345 678" not in page
        assert "[address]" in page
        status, body, headers = await get(
            http, f"{live_server.url}/supervisor/conversations/{legal}/export?format=json"
        )
        data = json.loads(body)
        assert data["redacted"] is True
        assert "attachment" in headers["Content-Disposition"]
        assert data["messages"][0]["text"] == "zadzwon do mnie [phone], mieszkam na [address]"
        assert data["conversation"]["topics"] == ["legal"]
        status, body, _ = await get(
            http,
            f"{live_server.url}/supervisor/conversations/{legal}/export?format=json&redact=0",
        )
        assert json.loads(body)["messages"][0]["text"] == PHONE_TEXT
        exports = await audit_of(live_server, "transcript.export")
        assert [(e.subject, e.details["format"], e.details["redacted"]) for e in exports] == [
            (legal, "html", True),
            (legal, "json", True),
            (legal, "json", False),
        ]
        status, _, _ = await get(
            http, f"{live_server.url}/supervisor/conversations/{legal}/export?format=pdf"
        )
        assert status == 400
        status, _, _ = await get(http, f"{live_server.url}/supervisor/conversations/c_nothere")
        assert status == 404
        assert len(await audit_of(live_server, "transcript.export")) == 3  # refusals: no entry

    # the escalation history links each escalation to its (audited) transcript
    crisis = await closed_chat(
        live_server, "nie chce juz zyc, mam tabletki i zrobie to dzis", ["mental_health"], "helped"
    )
    async with browser_session(live_server, "ewa", role="supervisor") as (http, _csrf):
        status, page, _ = await get(http, f"{live_server.url}/supervisor/escalations")
        assert status == 200
        assert f'href="/supervisor/conversations/{crisis}"' in page


async def test_networkers_may_not_review(live_server: LiveServer) -> None:
    cid = await closed_chat(live_server, "tajemnica", ["other"], "helped")
    async with browser_session(live_server, "nowy", role="networker") as (http, _csrf):
        for path in (
            "/supervisor/conversations",
            f"/supervisor/conversations/{cid}",
            f"/supervisor/conversations/{cid}/export?format=json",
        ):
            status, body, _ = await get(http, f"{live_server.url}{path}")
            assert status == 403, path
            assert "tajemnica" not in body
    assert await audit_of(live_server, "transcript.open") == []
    assert await audit_of(live_server, "transcript.export") == []


async def test_an_erased_conversation_shows_only_its_stub(live_server: LiveServer) -> None:
    ania = await live_server.staff("ania")
    await ania.on_duty(capacity=1)
    visitor = await live_server.visitor()
    assert (await visitor.send("prosze usunac Wiewiorkowa"))["ok"]
    cid = (await ania.call("queue.take", {}))["conversation"]["id"]
    assert (await visitor.call("case.erase", {}))["ok"]
    async with browser_session(live_server, "marta", role="supervisor") as (http, _csrf):
        status, page, _ = await get(http, f"{live_server.url}/supervisor/conversations")
        assert cid in page
        assert "Erased at the visitor" in page
        status, page, _ = await get(http, f"{live_server.url}/supervisor/conversations/{cid}")
        assert status == 200
        assert 'id="erased-note"' in page
        assert "Wiewiorkowa" not in page


async def test_privacy_notice_in_both_languages(server_factory: Any) -> None:
    server = await server_factory(retention_transcript_days=30, retention_audit_days=400)
    async with browser_session(server, None) as (http, _csrf):
        status, page, _ = await get(http, f"{server.url}/privacy?lang=en")
        assert status == 200
        assert "30 days after they end" in page
        assert "400 days" in page
        assert "IP address" in page
        assert "Delete my conversation" in page
        status, page, _ = await get(http, f"{server.url}/privacy?lang=pl")
        assert status == 200
        assert "30 dni od ich zakończenia" in page
        assert "adresu IP" in page
        assert "Usuń moją rozmowę" in page
