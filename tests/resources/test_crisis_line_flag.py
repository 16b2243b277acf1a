"""The crisis-line flag on the library's edit and vetting screens (issue 20, item 3): set on the
form, explained on the entry's page (when it will be used in automatic crisis replies), and used
in a crisis reply only once a supervisor vetted it."""

from __future__ import annotations

import re
from typing import Any

from server.actions import resources as res
from tests.conftest import LiveServer
from tests.resources.conftest import csrf, http_session

FORM: list[tuple[str, str]] = [
    ("name_pl", "Telefon wsparcia testowy"),
    ("hours_pl", "pon.–pt. 10:00–18:00"),
    ("topics", "mental_health"),
    ("phones", "800 000 333 | voice"),
    ("area", "nationwide"),
    ("country", "PL"),
    ("languages", "pl"),
    ("source", "test"),
    ("crisis_line", "1"),
    ("crisis_categories", "self_harm"),
    ("crisis_categories", "overdose"),
]


async def test_flag_a_crisis_line_on_the_form_and_see_when_it_is_used(
    live_server: LiveServer,
) -> None:
    base = live_server.url
    ania = await http_session(live_server, "ania")
    marta = await http_session(live_server, "marta", role="supervisor")
    try:
        # neither 24/7 nor hours: refused with the reason, nothing stored
        no_hours = [(k, v) for k, v in FORM if k != "hours_pl"]
        async with ania.post(
            base + "/console/resources/new",
            data=[*no_hours, ("csrf_token", csrf(ania))],
            allow_redirects=False,
        ) as r:
            assert r.status == 400
            assert "24/7" in await r.text()
        async with ania.post(
            base + "/console/resources/new",
            data=[*FORM, ("csrf_token", csrf(ania))],
            allow_redirects=False,
        ) as r:
            assert r.status == 302, await r.text()
            path = r.headers["Location"]
        rid = path.rsplit("/", 1)[1]
        stored = await res.get_resource(live_server.svc, rid)
        assert stored.crisis_line == {
            "categories": ["self_harm", "overdose"],
            "always_open": False,
            "children": False,
        }
        async with ania.get(base + path) as r:
            page = await r.text()
        assert "po zweryfikowaniu" in page  # not used until vetted
        assert "Samobójstwo lub samookaleczenie" in page
        # not 24/7: never offered for an overdose, and the page says so
        assert "Nie jest proponowany przy przedawkowaniu" in page
        assert "Pokazywany z godzinami pracy" in page
        async with ania.get(f"{base}{path}/edit") as r:
            page = await r.text()
        assert re.search(r'name="crisis_line" value="1"[^>]* checked', page)
        assert re.search(r'name="crisis_categories" value="overdose" checked', page)
        assert not re.search(r'name="crisis_categories" value="violence" checked', page)

        # a crisis reply before vetting: only 112
        visitor = await live_server.visitor(lang="pl")
        assert (await visitor.send("nie chce juz zyc, zrobie to dzis"))["ok"]
        msg = await visitor.log.wait_for("message.new", lambda m: m["sender"] == "system")
        assert [c["number"] for c in msg["emergency"]["contacts"]] == ["112"]

        for who, action, data in (
            (ania, "submit", {}),
            (marta, "vet", {"review_by": "2099-01-01"}),
        ):
            async with who.post(
                f"{base}{path}/{action}",
                data={**data, "csrf_token": csrf(who)},
                allow_redirects=False,
            ) as r:
                assert r.status == 302
        async with marta.get(base + path) as r:
            page = await r.text()
        assert "Używany teraz w automatycznych odpowiedziach" in page

        other = await live_server.visitor(lang="pl")
        assert (await other.send("nie chce juz zyc, zrobie to dzis"))["ok"]
        msg = await other.log.wait_for("message.new", lambda m: m["sender"] == "system")
        contacts: list[dict[str, Any]] = msg["emergency"]["contacts"]
        assert [c["number"] for c in contacts] == ["112", "800 000 333"]
        assert contacts[1]["name"] == "Telefon wsparcia testowy"
        assert contacts[1]["hours"] == "pon.–pt. 10:00–18:00"
    finally:
        await ania.close()
        await marta.close()
