"""Vetting rules and history (server/actions/resources.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from server.actions import resources as res
from server.actions.errors import ActionError
from server.clock import FakeClock
from tests.conftest import LiveServer
from tests.resources.conftest import entry


async def _people(server: LiveServer) -> tuple[str, str, str, str]:
    ania = (await server.create_staff("ania"))["id"]
    tomek = (await server.create_staff("tomek"))["id"]
    marta = (await server.create_staff("marta", role="supervisor"))["id"]
    ola = (await server.create_staff("ola", role="supervisor"))["id"]
    return ania, tomek, marta, ola


async def test_lifecycle_draft_review_vetted_retired_with_history(live_server: LiveServer) -> None:
    svc = live_server.svc
    ania, _, marta, _ = await _people(live_server)
    r = await res.do_create_resource(svc, ania, res.check_resource_input(entry()))
    assert r.status == "draft"
    assert r.last_editor_id == ania
    assert await res.search_resources(svc, "poradnia") == []  # drafts are never shareable
    await res.do_submit_resource(svc, ania, r.id)
    vetted = await res.do_vet_resource(svc, marta, r.id)
    assert vetted.status == "vetted"
    assert vetted.vetted_by == marta
    assert vetted.review_by == (svc.clock.now().date() + timedelta(days=365)).isoformat()
    assert [x["id"] for x in await res.search_resources(svc, "poradnia")] == [r.id]
    await res.do_retire_resource(svc, marta, r.id, "closed down")
    assert await res.search_resources(svc, "poradnia") == []
    hist = await res.get_history(svc, r.id)
    assert [h["action"] for h in hist] == ["retired", "vetted", "submitted", "created"]
    assert hist[0]["note"] == "closed down"
    assert hist[0]["from_status"] == "vetted"
    assert hist[0]["to_status"] == "retired"
    assert hist[1]["actor"] == "Marta"
    assert hist[1]["changes"]["verified_by"][1] == "Marta"
    assert hist[3]["changes"]["phones"][1][0]["number"] == "+48 22 000 00 00"


async def test_a_supervisor_cannot_vet_their_own_edit(live_server: LiveServer) -> None:
    svc = live_server.svc
    ania, _, marta, ola = await _people(live_server)
    r = await res.do_create_resource(svc, ania, res.check_resource_input(entry()))
    await res.do_update_resource(
        svc,
        marta,
        r.id,
        res.check_resource_input(entry(phones=[{"number": "800 120 002"}])),
        version=1,
    )
    await res.do_submit_resource(svc, marta, r.id)
    with pytest.raises(ActionError) as exc:
        await res.do_vet_resource(svc, marta, r.id)
    assert exc.value.code == "resource_own_edit"
    assert (await res.get_resource(svc, r.id)).status == "in_review"
    assert (await res.do_vet_resource(svc, ola, r.id)).status == "vetted"
    history = await res.get_history(svc, r.id)
    edited = next(h for h in history if h["action"] == "edited")
    assert edited["actor"] == "Marta"
    assert edited["changes"]["phones"][1] == [{"number": "800 120 002", "type": "voice"}]


async def test_networkers_cannot_vet_retire_or_edit_vetted_entries(live_server: LiveServer) -> None:
    svc = live_server.svc
    ania, tomek, marta, _ = await _people(live_server)
    r = await res.do_create_resource(svc, ania, res.check_resource_input(entry()))
    await res.do_submit_resource(svc, ania, r.id)
    for call in (
        lambda: res.do_vet_resource(svc, tomek, r.id),
        lambda: res.do_retire_resource(svc, tomek, r.id, None),
    ):
        with pytest.raises(ActionError) as exc:
            await call()
        assert exc.value.code == "forbidden"
    await res.do_vet_resource(svc, marta, r.id)
    with pytest.raises(ActionError) as exc:
        await res.do_update_resource(
            svc, tomek, r.id, res.check_resource_input(entry("Inna nazwa")), version=3
        )
    assert exc.value.code == "forbidden"


async def test_an_edit_of_a_vetted_entry_hides_it_until_vetted_again(
    live_server: LiveServer,
) -> None:
    svc = live_server.svc
    ania, _, marta, ola = await _people(live_server)
    r = await res.do_create_resource(svc, ania, res.check_resource_input(entry()))
    await res.do_submit_resource(svc, ania, r.id)
    await res.do_vet_resource(svc, marta, r.id)
    edited = await res.do_update_resource(
        svc, ola, r.id, res.check_resource_input(entry(phones=[{"number": "112"}])), version=3
    )
    assert edited.status == "draft"
    assert edited.last_editor_id == ola
    assert await res.search_resources(svc, "poradnia") == []
    with pytest.raises(ActionError) as exc:  # a stale form (old version) does not overwrite
        await res.do_update_resource(svc, marta, r.id, res.check_resource_input(entry()), version=3)
    assert exc.value.code == "resource_conflict"


async def test_expired_entries_are_hidden_and_listed_for_re_verification(
    server_factory: object,
) -> None:
    clock = FakeClock()
    server: LiveServer = await server_factory(clock)  # type: ignore[operator]
    svc = server.svc
    ania, _, marta, ola = await _people(server)
    r = await res.do_create_resource(svc, ania, res.check_resource_input(entry()))
    await res.do_submit_resource(svc, ania, r.id)
    today = clock.now().date()
    await res.do_vet_resource(svc, marta, r.id, review_by=today + timedelta(days=2))
    assert len(await res.search_resources(svc, "porady")) == 1
    assert (await res.get_review_lists(svc, "pl"))["expired"] == []
    clock.advance(2 * 86400)  # the review date itself still counts
    assert len(await res.search_resources(svc, "porady")) == 1
    clock.advance(86400)
    assert await res.search_resources(svc, "porady") == []
    lists = await res.get_review_lists(svc, "pl")
    assert [x["id"] for x in lists["expired"]] == [r.id]
    assert lists["expired"][0]["expired"]
    with pytest.raises(ActionError):  # a review date in the past is refused
        await res.do_vet_resource(svc, ola, r.id, review_by=today)
    again = await res.do_vet_resource(svc, ola, r.id, review_by=date(2030, 1, 1))
    assert again.status == "vetted"
    assert again.review_by == "2030-01-01"
    assert len(await res.search_resources(svc, "porady")) == 1
    assert (await res.get_history(svc, r.id))[0]["action"] == "reverified"


@pytest.mark.parametrize(
    "bad",
    [
        {"links": [{"url": "javascript:alert(1)"}]},
        {"phones": [{"number": "<script>"}]},
        {"topics": ["weather"]},
        {"topics": []},
        {"texts": {}},
        {"email": "not-an-address"},
        {"area": "regional"},
        {"unknown": 1},
        {"texts": {"pl": {"name": "x\x00y"}}},
    ],
)
def test_bad_input_is_refused_with_a_reason(bad: dict[str, object]) -> None:
    with pytest.raises(ActionError) as exc:
        res.check_resource_input(entry(**bad))
    assert exc.value.code == "invalid"
    assert exc.value.params["detail"]
