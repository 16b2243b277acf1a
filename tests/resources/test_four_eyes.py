"""Four eyes mean four eyes (issue 14, item 4): whoever changed an entry since it was last vetted
may not vet it, even after someone else changed one character; and every edit must say which
version it was made on (the lost-update guard cannot be skipped)."""

from __future__ import annotations

import re

import aiohttp
import pytest

from server.actions import resources as res
from server.actions.errors import ActionError
from server.db.models import Resource
from tests.conftest import LiveServer
from tests.resources.conftest import csrf, entry, http_session
from tests.resources.test_resources_pages import form

NEW_PHONE = "+48 800 000 666"  # the number a supervisor would slip in


async def _status(server: LiveServer, rid: str) -> tuple[str, int, list[dict[str, str]]]:
    async with server.svc.db.read() as s:
        row = await s.get(Resource, rid)
        assert row is not None
        return row.status, row.version, list(row.phones)


async def _post(http: aiohttp.ClientSession, url: str, data: dict[str, str]) -> tuple[int, str]:
    async with http.post(url, data={**data, "csrf_token": csrf(http)}, allow_redirects=False) as r:
        return r.status, await r.text()


async def _version(http: aiohttp.ClientSession, url: str) -> str:
    async with http.get(url) as r:
        found = re.search(r'name="version" value="(\d+)"', await r.text())
    assert found
    return found[1]


async def test_a_supervisor_cannot_vet_their_change_after_someone_else_edits_a_character(
    live_server: LiveServer,
) -> None:
    svc = live_server.svc
    marta = await http_session(live_server, "marta", role="supervisor")
    ola = await http_session(live_server, "ola", role="supervisor")
    kasia = await http_session(live_server, "kasia", role="supervisor")
    author = (await live_server.create_staff("ania"))["id"]
    r = await res.do_create_resource(svc, author, res.check_resource_input(entry()))
    await res.do_submit_resource(svc, author, r.id)
    base = f"{live_server.url}/console/resources/{r.id}"
    try:
        assert (await _post(kasia, f"{base}/vet", {}))[0] == 302  # vetted once, by Kasia
        # Marta changes the phone number; Ola changes one character of the summary
        version = await _version(marta, f"{base}/edit")
        changed = form(phones=f"{NEW_PHONE} | voice", name_en="")
        status, _ = await _post(marta, f"{base}/edit", {**changed, "version": version})
        assert status == 302
        version = await _version(ola, f"{base}/edit")
        status, _ = await _post(
            ola, f"{base}/edit", {**changed, "summary_pl": "Bezpłatne porady!", "version": version}
        )
        assert status == 302
        assert (await _post(marta, f"{base}/submit", {}))[0] == 302
        # the fault: Marta was no longer the last editor, so she could vet her own number
        async with marta.get(base) as resp:
            page = await resp.text()
        assert f'action="/console/resources/{r.id}/vet"' not in page  # no vet form offered
        for who in (marta, ola):
            status, page = await _post(who, f"{base}/vet", {})
            assert status == 409, page[:300]
            assert "since it was last vetted" in page or "od ostatniej weryfikacji" in page
        state, _, phones = await _status(live_server, r.id)
        assert state == "in_review"
        # a third supervisor, who changed nothing, vets it
        assert (await _post(kasia, f"{base}/vet", {}))[0] == 302
        state, _, phones = await _status(live_server, r.id)
        assert (state, phones[0]["number"]) == ("vetted", NEW_PHONE)
        # after that vetting, Marta's earlier change no longer bars her; Ola's new one bars Ola
        version = await _version(ola, f"{base}/edit")
        status, _ = await _post(ola, f"{base}/edit", {**changed, "version": version})
        assert status == 302
        assert (await _post(ola, f"{base}/submit", {}))[0] == 302
        assert (await _post(ola, f"{base}/vet", {}))[0] == 409
        assert (await _post(marta, f"{base}/vet", {}))[0] == 302
        assert (await _status(live_server, r.id))[0] == "vetted"
    finally:
        for http in (marta, ola, kasia):
            await http.close()


async def test_the_author_of_a_never_vetted_entry_cannot_vet_it(live_server: LiveServer) -> None:
    svc = live_server.svc
    marta = (await live_server.create_staff("marta", role="supervisor"))["id"]
    ola = (await live_server.create_staff("ola", role="supervisor"))["id"]
    r = await res.do_create_resource(svc, marta, res.check_resource_input(entry()))
    await res.do_update_resource(
        svc, ola, r.id, res.check_resource_input(entry("Poradnia prawna.")), version=1
    )
    await res.do_submit_resource(svc, ola, r.id)
    for who in (marta, ola):
        with pytest.raises(ActionError) as exc:
            await res.do_vet_resource(svc, who, r.id)
        assert exc.value.code == "resource_own_edit"


async def test_an_edit_without_a_version_is_refused_and_changes_nothing(
    live_server: LiveServer,
) -> None:
    svc = live_server.svc
    marta = await http_session(live_server, "marta", role="supervisor")
    author = (await live_server.create_staff("ania"))["id"]
    r = await res.do_create_resource(svc, author, res.check_resource_input(entry()))
    url = f"{live_server.url}/console/resources/{r.id}/edit"
    try:
        before = await _status(live_server, r.id)
        for version in (None, "", "x", "1.0"):
            data = form(phones=f"{NEW_PHONE} | voice")
            if version is not None:
                data["version"] = version
            status, page = await _post(marta, url, data)
            assert status == 400, (version, page[:300])
            assert "version" in page
            assert await _status(live_server, r.id) == before
        status, _ = await _post(marta, url, {**form(phones=f"{NEW_PHONE} | voice"), "version": "9"})
        assert status == 409  # a stale version: the lost-update guard
        assert await _status(live_server, r.id) == before
    finally:
        await marta.close()
    with pytest.raises(ActionError) as exc:
        await res.do_update_resource(svc, author, r.id, res.check_resource_input(entry()), None)
    assert exc.value.code == "invalid"
