"""Full-text search: diacritics, inflection, filters, ranking (SQLite FTS5 or PostgreSQL)."""

from __future__ import annotations

from typing import Any

from server.actions import resources as res
from server.search_text import fold, index_text, query_terms
from tests.conftest import LiveServer
from tests.resources.conftest import entry


async def _library(server: LiveServer, entries: list[dict[str, Any]]) -> dict[str, str]:
    svc = server.svc
    author = (await server.create_staff("ania"))["id"]
    vetter = (await server.create_staff("marta", role="supervisor"))["id"]
    ids = {}
    for data in entries:
        r = await res.do_create_resource(svc, author, res.check_resource_input(data))
        await res.do_submit_resource(svc, author, r.id)
        await res.do_vet_resource(svc, vetter, r.id)
        ids[data["texts"]["pl"]["name"]] = r.id
    return ids


def test_normalisation_folds_diacritics_and_inflection() -> None:
    assert fold("Łódź ŻÓŁĆ") == "lodz zolc"
    assert index_text("poradnia prawna").split()[1] == index_text("porad prawnych").split()[1]
    for term in query_terms("poradnia prawna"):
        assert any(word.startswith(term) for word in index_text("porad prawnych").split())
    assert all(t.isalnum() for t in query_terms("'; DROP TABLE resources; --"))
    assert query_terms('"*) OR name:*') == [
        "or",
        "name",
    ]  # lower case: never an FTS5 / tsquery operator
    assert query_terms("a b 7") == ["7"]


async def test_poradnia_prawna_finds_porad_prawnych_and_back(live_server: LiveServer) -> None:
    ids = await _library(
        live_server,
        [
            entry(
                "Punkt nieodpłatnych porad prawnych",
                texts={"pl": {"name": "Punkt nieodpłatnych porad prawnych"}},
            ),
            entry(
                "Poradnia Prawna Uniwersytetu",
                texts={"pl": {"name": "Poradnia Prawna Uniwersytetu"}},
            ),
            entry(
                "Telefon zaufania",
                texts={"pl": {"name": "Telefon zaufania", "description": "Rozmowa w kryzysie"}},
                topics=["crisis"],
            ),
        ],
    )
    svc = live_server.svc
    for q in (
        "poradnia prawna",
        "porad prawnych",
        "PORADNIA PRAWNA",
        "poradnie prawne",
        "nieodplatnych porad",
    ):
        found = {x["id"] for x in await res.search_resources(svc, q)}
        assert ids["Punkt nieodpłatnych porad prawnych"] in found, q
        assert ids["Telefon zaufania"] not in found, q
    assert {x["id"] for x in await res.search_resources(svc, "poradnia prawna")} == {
        ids["Punkt nieodpłatnych porad prawnych"],
        ids["Poradnia Prawna Uniwersytetu"],
    }
    # diacritics in the query or not
    assert [x["id"] for x in await res.search_resources(svc, "nieodpłatnych")] == [
        ids["Punkt nieodpłatnych porad prawnych"]
    ]
    # hostile queries are just words
    assert await res.search_resources(svc, '") OR 1=1 -- *') == []
    assert await res.search_resources(svc, "NEAR(zzz qqq) AND {xyz}") == []


async def test_filters_by_topic_region_and_language(live_server: LiveServer) -> None:
    ids = await _library(
        live_server,
        [
            entry(
                "Pomoc prawna Warszawa",
                texts={"pl": {"name": "Pomoc prawna Warszawa"}},
                area="regional",
                voivodeship="mazowieckie",
                city="Warszawa",
            ),
            entry(
                "Pomoc prawna Kraków",
                texts={"pl": {"name": "Pomoc prawna Kraków"}},
                area="regional",
                voivodeship="malopolskie",
            ),
            entry(
                "Pomoc prawna online",
                texts={"pl": {"name": "Pomoc prawna online"}},
                area="online",
                languages=["pl", "uk"],
            ),
            entry(
                "Testy HIV",
                texts={"pl": {"name": "Testy HIV", "description": "pomoc"}},
                topics=["hiv_sti"],
            ),
        ],
    )
    svc = live_server.svc

    async def names(**kw: Any) -> set[str]:
        return {x["name"] for x in await res.search_resources(svc, kw.pop("q", "pomoc"), **kw)}

    assert await names(topic="hiv_sti") == {"Testy HIV"}
    assert await names(topic="legal", region="mazowieckie") == {
        "Pomoc prawna Warszawa",
        "Pomoc prawna online",
    }
    assert await names(q="", region="malopolskie", topic="legal") == {
        "Pomoc prawna Kraków",
        "Pomoc prawna online",
    }
    assert await names(language="uk") == {"Pomoc prawna online"}
    assert await names(q="", topic="violence") == set()
    assert len(ids) == 4


async def test_ranking_puts_name_matches_first(live_server: LiveServer) -> None:
    await _library(
        live_server,
        [
            entry(
                "Centrum wsparcia",
                texts={
                    "pl": {
                        "name": "Centrum wsparcia",
                        "description": "Prowadzimy też testy HIV raz w miesiącu.",
                    }
                },
                topics=["other"],
            ),
            entry(
                "Testy HIV anonimowo",
                texts={"pl": {"name": "Testy HIV anonimowo", "description": "Bezpłatnie."}},
                topics=["hiv_sti"],
            ),
        ],
    )
    hits = await res.search_resources(live_server.svc, "testy hiv")
    assert [h["name"] for h in hits] == ["Testy HIV anonimowo", "Centrum wsparcia"]


async def test_english_texts_and_phone_numbers_are_searchable(live_server: LiveServer) -> None:
    await _library(
        live_server,
        [
            entry(
                "Niebieska Linia",
                texts={
                    "pl": {"name": "Niebieska Linia"},
                    "en": {"name": "Blue Line", "description": "Domestic violence helpline"},
                },
                topics=["violence"],
                phones=[{"number": "800 120 002"}],
            )
        ],
    )
    svc = live_server.svc
    assert [h["name"] for h in await res.search_resources(svc, "domestic violence", lang="en")] == [
        "Blue Line"
    ]
    assert [h["name"] for h in await res.search_resources(svc, "800120002")] == ["Niebieska Linia"]
    assert [h["name"] for h in await res.search_resources(svc, "przemoc")] == [
        "Niebieska Linia"
    ]  # topic words


async def test_hidden_entries_ranked_first_do_not_hide_a_public_one(
    live_server: LiveServer,
) -> None:
    """SQLite takes the best-ranked FTS matches first; when drafts fill them, it searches again
    without that cut, so the public entry is still found."""
    ids = await _library(
        live_server,
        [
            entry(
                "Centrum",
                texts={"pl": {"name": "Centrum", "description": "Jest tu też poradnia."}},
                topics=["other"],
            )
        ],
    )
    author = (await live_server.create_staff("tomek"))["id"]
    for i in range(60):
        await res.do_create_resource(
            live_server.svc,
            author,
            res.check_resource_input(
                entry(f"Poradnia {i}", texts={"pl": {"name": f"Poradnia poradnia {i}"}})
            ),
        )
    hits = await res.search_resources(live_server.svc, "poradnia", limit=1)
    assert [h["id"] for h in hits] == [ids["Centrum"]]
    staff_view = await res.search_resources(live_server.svc, "poradnia", public_only=False, limit=5)
    assert len(staff_view) == 5
    assert all(h["status"] == "draft" for h in staff_view)
