"""A NUL character in an HTTP request (server/http/web.py `refuse_nul`): no text of netreach
may hold one (PostgreSQL cannot store it; nobody types it), so a form field, a query value or
the address holding one gets a 400 page that says so, in the reader's language, and nothing is
changed. Every unsafe route is read from the router (as tests/test_csrf.py does), so a new
form is covered without being listed."""

from __future__ import annotations

import aiohttp
import pytest
from pydantic import ValidationError

from server.constants import CSRF_HEADER
from server.realtime import schemas
from tests.conftest import LiveServer
from tests.test_csrf import FORM, admin_session, snapshot, token, unsafe_targets

REFUSED_EN = "A field holds a NUL character"
REFUSED_PL = "Pole zawiera znak NUL"


async def test_a_nul_in_any_form_field_of_any_unsafe_route_is_refused_and_changes_nothing(
    live_server: LiveServer,
) -> None:
    targets, _ = await unsafe_targets(live_server)
    assert len(targets) > 20
    http = await admin_session(live_server)
    try:
        before = await snapshot(live_server)
        for method, url in targets:
            for field in ("username", "note", "name_pl", "next"):
                data = {**FORM, field: FORM[field][:3] + "\x00" + FORM[field][3:]}
                async with http.request(
                    method,
                    live_server.url + url,
                    data={**data, "csrf_token": token(http)},
                    allow_redirects=False,
                ) as r:
                    body = await r.text()
                    assert r.status == 400, (method, url, field, r.status)
                    assert REFUSED_EN in body, (method, url)
                    assert "Nothing was changed" in body, (method, url)
            # the same through the header token (fetch) with a NUL in the query
            async with http.request(
                method,
                live_server.url + url + "?next=%2Fconsole%00",
                data=FORM,
                headers={CSRF_HEADER: token(http)},
                allow_redirects=False,
            ) as r:
                assert r.status == 400, (method, url, r.status)
        assert await snapshot(live_server) == before
        async with http.get(live_server.url + "/console", allow_redirects=False) as r:
            assert r.status == 200  # /logout with a NUL did not end the session either
        # without the NUL the same form reaches its view (a sentinel: the check is not
        # refusing everything)
        async with http.post(
            live_server.url + "/lang",
            data={"lang": "pl", "next": "/console", "csrf_token": token(http)},
            allow_redirects=False,
        ) as r:
            assert r.status in (302, 303), r.status
    finally:
        await http.close()


async def test_a_nul_in_a_page_address_is_refused_in_the_readers_language(
    live_server: LiveServer,
) -> None:
    await live_server.create_staff("root", role="admin", language="en")
    http = await admin_session(live_server)
    try:
        for path in (
            "/login?next=/console%00",
            "/console/resources?q=porada%00prawna",
            "/supervisor/reports?from=%00",
            "/demo?x%00=1",
        ):
            async with http.get(live_server.url + path, allow_redirects=False) as r:
                body = await r.text()
                assert r.status == 400, (path, r.status)
                assert REFUSED_EN in body, path
        # the same pages without the NUL open
        for path in (
            "/console/resources?q=porada",
            "/demo?x=1",
            "/supervisor/reports?from=2026-11-01",
        ):
            async with http.get(live_server.url + path, allow_redirects=False) as r:
                assert r.status == 200, (path, r.status)
    finally:
        await http.close()


async def test_the_refusal_is_polish_for_a_polish_reader(live_server: LiveServer) -> None:
    async with (
        aiohttp.ClientSession(headers={"Accept-Language": "pl"}) as http,
        http.get(live_server.url + "/login?next=%00") as r,
    ):
        assert r.status == 400
        assert REFUSED_PL in await r.text()


def test_every_socket_payload_model_refuses_a_nul_in_any_text() -> None:
    """The socket side: every client -> server model is a `Payload`, whose one validator
    refuses a NUL in any field's text (lists and mappings too) before the field's own checks;
    no model replaces it."""
    models = [
        m
        for m in vars(schemas).values()
        if isinstance(m, type) and issubclass(m, schemas.Payload) and m is not schemas.Payload
    ]
    assert len(models) > 20
    for m in models:
        validators = m.__pydantic_decorators__.field_validators
        assert validators["_no_nul"].info.fields == ("*",), m.__name__
        assert validators["_no_nul"].func.__qualname__ == "Payload._no_nul", m.__name__
    with pytest.raises(ValidationError, match="NUL"):
        schemas.VisitorSend.model_validate(
            {"client_id": "abcdefgh12", "text": "hej", "nickname": "Ola\x00"}
        )
    assert schemas._nul_free({"a": ["b", ("c", "d")]}) == {"a": ["b", ("c", "d")]}
    for value in (["a", "b\x00"], {"k\x00": "v"}, {"k": ("v\x00",)}, frozenset({"\x00"})):
        with pytest.raises(ValueError, match="NUL"):
            schemas._nul_free(value)


async def test_a_nul_in_a_socket_payload_is_invalid_and_stores_nothing(
    live_server: LiveServer,
) -> None:
    visitor = await live_server.visitor()
    for payload in (
        {"client_id": "abcdefgh12", "text": "dzień\x00dobry"},
        {"client_id": "abcdefgh12", "text": "dzień dobry", "nickname": "Ola\x00"},
    ):
        reply = await visitor.call("message.send", payload)
        assert reply["ok"] is False, payload
        assert reply["error"]["code"] == "invalid", reply
        assert "NUL" in reply["error"]["message"], reply
    ania = await live_server.staff("ania")
    reply = await ania.call(
        "conversation.close",
        {"conversation_id": "c_x", "outcome": "helped", "topics": ["legal\x00"]},
    )
    assert reply["error"]["code"] == "invalid", reply
    # the sentinel: the same message without the NUL is stored
    reply = await visitor.call("message.send", {"client_id": "abcdefgh12", "text": "dzień dobry"})
    assert reply["ok"] is True, reply
    assert reply["message"]["seq"] == 1
