"""resource.search and resource.share over real Socket.IO clients: the visitor gets the card,
live and on replay; shares are de-duplicated by client_id; only public entries can be shared."""

from __future__ import annotations

import secrets
from typing import Any

from server.actions import resources as res
from tests.conftest import LiveServer
from tests.resources.conftest import entry

XSS = "<img src=x onerror=alert(1)>\"'><script>alert(2)</script>"


async def _vetted(server: LiveServer, data: dict[str, Any]) -> str:
    svc = server.svc
    author = (await server.create_staff(f"author{secrets.token_hex(2)}"))["id"]
    vetter = (await server.create_staff(f"vetter{secrets.token_hex(2)}", role="supervisor"))["id"]
    r = await res.do_create_resource(svc, author, res.check_resource_input(data))
    await res.do_submit_resource(svc, author, r.id)
    await res.do_vet_resource(svc, vetter, r.id)
    return r.id


async def _chat(server: LiveServer, lang: str = "pl") -> tuple[Any, Any, str]:
    ania = await server.staff("ania", name="Ania")
    visitor = await server.visitor(lang=lang)
    reply = await visitor.send("Potrzebuję porady prawnej")
    await ania.on_duty()
    taken = await ania.call("queue.take", {})
    assert taken["ok"], taken
    cid = taken["conversation"]["id"]
    await ania.join(cid)
    assert reply["conversation"]["id"] == cid
    return ania, visitor, cid


async def test_networker_searches_and_shares_and_the_visitor_gets_the_card(
    live_server: LiveServer,
) -> None:
    rid = await _vetted(
        live_server,
        entry(
            "Nieodpłatna pomoc prawna",
            texts={
                "pl": {
                    "name": "Nieodpłatna pomoc prawna",
                    "summary": "Porady w każdym powiecie",
                    "hours": "pn–pt 9–17",
                },
                "en": {"name": "Free legal aid", "summary": "Advice in every county"},
            },
            phones=[{"number": "+48 22 123 45 67", "type": "voice"}],
            links=[{"url": "https://zapisy-np.ms.gov.pl"}],
        ),
    )
    ania, visitor, cid = await _chat(live_server)
    found = await ania.call("resource.search", {"q": "porady prawne", "topic": "legal"})
    assert found["ok"], found
    assert [r["id"] for r in found["results"]] == [rid]
    assert found["results"][0]["public"] is True

    client_id = secrets.token_urlsafe(12)
    shared = await ania.call(
        "resource.share", {"conversation_id": cid, "resource_id": rid, "client_id": client_id}
    )
    assert shared["ok"], shared
    msg = shared["message"]
    assert msg["sender"] == "staff"
    assert msg["seq"] == 2
    assert msg["resource"]["id"] == rid

    got = await visitor.log.wait_for("message.new", lambda m: m["sender"] == "staff")
    card = got["resource"]
    assert card == {
        "id": rid,
        "name": "Nieodpłatna pomoc prawna",
        "available": True,
        "summary": "Porady w każdym powiecie",
        "phones": [{"number": "+48 22 123 45 67", "type": "voice", "href": "tel:+48221234567"}],
        "website": "https://zapisy-np.ms.gov.pl",
        "hours": "pn–pt 9–17",
        "url": f"/r/{rid}?lang=pl",
    }
    assert "Nieodpłatna pomoc prawna" in got["text"]
    assert "+48 22 123 45 67" in got["text"]
    assert "risk" not in got  # the visitor's copy is the visitor's shape

    # a resend with the same client_id is the same message, not a second share
    again = await ania.call(
        "resource.share", {"conversation_id": cid, "resource_id": rid, "client_id": client_id}
    )
    assert again["ok"]
    assert again["message"]["id"] == msg["id"]
    assert again["message"]["resource"]["id"] == rid

    # replay after reconnect carries the card
    fresh = await live_server.visitor(token=visitor.token)
    replayed = [m for m in fresh.messages[cid].values() if m["sender"] == "staff"]
    assert len(replayed) == 1
    assert replayed[0]["resource"] == card
    joined = await ania.call("conversation.join", {"conversation_id": cid, "last_seq": 0})
    assert [m["resource"]["id"] if m["resource"] else None for m in joined["messages"]] == [
        None,
        rid,
    ]

    # the share is recorded on the conversation (the message row)
    from sqlalchemy import select

    from server.db.models import Message

    async with live_server.svc.db.read() as s:
        rows = (
            await s.execute(
                select(Message.resource_id).where(
                    Message.conversation_id == cid, Message.resource_id.is_not(None)
                )
            )
        ).all()
    assert rows == [(rid,)]


async def test_the_card_is_in_the_visitors_language(live_server: LiveServer) -> None:
    rid = await _vetted(
        live_server,
        entry(
            texts={"pl": {"name": "Pomoc prawna"}, "en": {"name": "Legal aid", "summary": "Free"}}
        ),
    )
    ania, visitor, cid = await _chat(live_server, lang="en")
    await ania.call(
        "resource.share",
        {"conversation_id": cid, "resource_id": rid, "client_id": secrets.token_urlsafe(12)},
    )
    got = await visitor.log.wait_for("message.new", lambda m: m["sender"] == "staff")
    assert got["resource"]["name"] == "Legal aid"
    assert got["resource"]["url"].endswith("?lang=en")


async def test_only_public_entries_can_be_shared(live_server: LiveServer) -> None:
    svc = live_server.svc
    ania, _visitor, cid = await _chat(live_server)
    draft = await res.do_create_resource(
        svc, (await live_server.create_staff("ola"))["id"], res.check_resource_input(entry("Szkic"))
    )
    reply = await ania.call(
        "resource.share",
        {"conversation_id": cid, "resource_id": draft.id, "client_id": secrets.token_urlsafe(12)},
    )
    assert reply["ok"] is False
    assert reply["error"]["code"] == "resource_unavailable"
    assert reply["error"]["message"]
    assert (await ania.call("resource.search", {"q": "szkic"}))["results"] == []
    missing = await ania.call(
        "resource.share",
        {"conversation_id": cid, "resource_id": "r_nope", "client_id": secrets.token_urlsafe(12)},
    )
    assert missing["error"]["code"] == "resource_not_found"
    bad = await ania.call("resource.search", {"q": "x", "extra": 1})
    assert bad["error"]["code"] == "invalid"
    bad = await ania.call(
        "resource.share",
        {"conversation_id": cid, "resource_id": "<script>", "client_id": "abcdefgh1"},
    )
    assert bad["error"]["code"] == "invalid"


async def test_a_networker_cannot_share_into_someone_elses_chat(live_server: LiveServer) -> None:
    rid = await _vetted(live_server, entry())
    _ania, _visitor, cid = await _chat(live_server)
    tomek = await live_server.staff("tomek")
    reply = await tomek.call(
        "resource.share",
        {"conversation_id": cid, "resource_id": rid, "client_id": secrets.token_urlsafe(12)},
    )
    assert reply["error"]["code"] == "forbidden"


async def test_a_retired_entry_shows_only_its_name_on_replay(live_server: LiveServer) -> None:
    rid = await _vetted(live_server, entry("Telefon 800"))
    ania, visitor, cid = await _chat(live_server)
    await ania.call(
        "resource.share",
        {"conversation_id": cid, "resource_id": rid, "client_id": secrets.token_urlsafe(12)},
    )
    await visitor.log.wait_for("message.new", lambda m: m["sender"] == "staff")
    sup = (await live_server.create_staff("kasia", role="supervisor"))["id"]
    await res.do_retire_resource(live_server.svc, sup, rid, "wrong number")
    fresh = await live_server.visitor(token=visitor.token)
    card = next(m for m in fresh.messages[cid].values() if m["sender"] == "staff")["resource"]
    assert card["available"] is False
    assert card["name"] == "Telefon 800"
    assert card["phones"] == []
    assert card["url"] is None


async def test_hostile_resource_fields_travel_as_data(live_server: LiveServer) -> None:
    rid = await _vetted(
        live_server, entry(XSS[:200], texts={"pl": {"name": XSS, "summary": XSS, "hours": XSS}})
    )
    ania, visitor, cid = await _chat(live_server)
    await ania.call(
        "resource.share",
        {"conversation_id": cid, "resource_id": rid, "client_id": secrets.token_urlsafe(12)},
    )
    got = await visitor.log.wait_for("message.new", lambda m: m["sender"] == "staff")
    assert got["resource"]["name"] == XSS  # plain data: the clients draw it with textContent
    assert "<script>" not in got["html"]
    assert "<img" not in got["html"]
