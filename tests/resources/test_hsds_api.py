"""The read-only HSDS API (/api/hsds): vetted, current entries only, pages and the documented
query parameters, errors as JSON, the OpenAPI document, security headers, and the public
entry pages linking to it."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import pytest
from sqlalchemy import select

from server.actions import resources as res
from server.actions.resources.hsds import do_import, do_load_starter, export_services
from server.db.models import Resource
from tests.conftest import LiveServer
from tests.resources.test_resources_hsds import EXAMPLE, assert_valid

API = "/api/hsds"


async def _get(server: LiveServer, path: str) -> tuple[int, Any, aiohttp.typedefs.LooseHeaders]:
    async with aiohttp.ClientSession() as http, http.get(f"{server.url}{API}{path}") as r:
        body = await r.read()
        try:
            data = json.loads(body)
        except ValueError:
            data = body.decode()
        return r.status, data, r.headers


async def _library(server: LiveServer) -> dict[str, Resource]:
    """The starter set (some vetted, some drafts, one vetted but expired) and the
    specification's example, vetted by a second person: {name: entry}."""
    svc = server.svc
    await do_load_starter(svc)
    assert (await do_import(svc, EXAMPLE.read_bytes())).ok
    author = (await server.create_staff("ola"))["id"]
    boss = (await server.create_staff("szef", role="supervisor"))["id"]
    rows = {r["name"]: r for r in await res.search_resources(svc, public_only=False, limit=100)}
    example = rows["Community Counselling"]
    await res.do_submit_resource(svc, author, example["id"])
    await res.do_vet_resource(svc, boss, example["id"])
    async with svc.db.read() as s:
        return {r.name: r for r in (await s.execute(select(Resource))).scalars()}


def _public(entries: dict[str, Resource], on: str) -> set[str]:
    return {r.hsds_id for r in entries.values() if res.is_public(r, on)}


async def test_services_are_the_vetted_current_entries_in_pages(live_server: LiveServer) -> None:
    entries = await _library(live_server)
    public = _public(entries, res.today(live_server.svc))
    hidden = {r.hsds_id for r in entries.values()} - public
    assert len(public) >= 5
    assert hidden  # drafts and the expired entry
    status, page, headers = await _get(live_server, "/services")
    assert status == 200
    assert {x["id"] for x in page["contents"]} == public
    assert page["total_items"] == len(public)
    assert page["page_number"] == 1
    assert page["first_page"] is True
    assert page["last_page"] is True
    assert page["empty"] is False
    assert page["size"] == len(public)
    # list form: one-to-one fields only
    assert all(not isinstance(v, (list, dict)) for x in page["contents"] for v in x.values())
    # security headers as everywhere, open to other origins, never cached
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert headers["Cache-Control"] == "no-store"
    # paging
    seen: list[str] = []
    for number in (1, 2, 3):
        status, part, _ = await _get(live_server, f"/services?per_page=2&page={number}")
        assert status == 200
        assert part["total_pages"] == (len(public) + 1) // 2
        assert part["page_number"] == number
        seen += [x["id"] for x in part["contents"]]
    assert len(seen) == len(set(seen)) == min(6, len(public))
    # minimal and full
    _, minimal, _ = await _get(live_server, "/services?minimal=true")
    assert all(set(x) == {"id", "last_modified"} for x in minimal["contents"])
    _, full, _ = await _get(live_server, "/services?full=true&per_page=100")
    for service in full["contents"]:
        assert_valid(service)
    # ndjson: every result, one per line
    _, lines, _ = await _get(live_server, "/services?format=ndjson")
    assert {json.loads(line)["id"] for line in lines.splitlines()} == public


async def test_one_service_fully_nested_and_hidden_ones_not_found(
    live_server: LiveServer,
) -> None:
    entries = await _library(live_server)
    example = json.loads(EXAMPLE.read_text())
    status, service, _ = await _get(live_server, f"/services/{example['id']}?lang=en")
    assert status == 200
    exported = {x["id"]: x for x in await export_services(live_server.svc, "en")}
    assert service == exported[example["id"]]
    assert service["service_at_locations"][0]["location"]["addresses"]
    assert service["organization"] == example["organization"]
    assert_valid(service)
    on = res.today(live_server.svc)
    for r in entries.values():
        if not res.is_public(r, on):
            status, body, _ = await _get(live_server, f"/services/{r.hsds_id}")
            assert status == 404
            assert body["ok"] is False
            assert body["error"]["code"] == "hsds_not_found"
            assert body["error"]["message"]
    # retired: gone at once
    boss = (await live_server.create_staff("kierownik", role="supervisor"))["id"]
    await res.do_retire_resource(
        live_server.svc, boss, entries["Community Counselling"].id, "closed"
    )
    status, _, _ = await _get(live_server, f"/services/{example['id']}")
    assert status == 404


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=x",
        "per_page=0",
        "per_page=100000",
        "full=maybe",
        "modified_after=yesterday",
        "format=xml",
        "lang=de",
    ],
)
async def test_a_bad_parameter_is_a_clear_error(live_server: LiveServer, query: str) -> None:
    status, body, headers = await _get(live_server, f"/services?{query}")
    assert status == 400
    assert body["ok"] is False
    assert body["error"]["code"] == "invalid"
    assert query.split("=")[0] in body["error"]["message"]
    assert headers["X-Content-Type-Options"] == "nosniff"


async def test_filters_organizations_and_taxonomy_terms(live_server: LiveServer) -> None:
    await _library(live_server)
    example = json.loads(EXAMPLE.read_text())
    org_id = example["organization"]["id"]
    term = example["attributes"][0]["taxonomy_term"]
    _, page, _ = await _get(live_server, f"/services?organization_id={org_id}")
    assert [x["id"] for x in page["contents"]] == [example["id"]]
    _, page, _ = await _get(live_server, f"/services?taxonomy_term_id={term['id']}")
    assert [x["id"] for x in page["contents"]] == [example["id"]]
    _, page, _ = await _get(live_server, f"/services?taxonomy_id={term['taxonomy']}")
    assert [x["id"] for x in page["contents"]] == [example["id"]]
    _, page, _ = await _get(live_server, "/services?search=counselling")
    assert [x["id"] for x in page["contents"]] == [example["id"]]
    _, page, _ = await _get(live_server, "/services?modified_after=2100-01-01T00:00:00Z")
    assert page["empty"] is True
    assert page["contents"] == []
    # organisations of public services only; the example's in full, with its services
    _, orgs, _ = await _get(live_server, "/organizations?per_page=100")
    assert org_id in {o["id"] for o in orgs["contents"]}
    _, found, _ = await _get(live_server, "/organizations?search=example%20org")
    assert [o["id"] for o in found["contents"]] == [org_id]
    status, org, _ = await _get(live_server, f"/organizations/{org_id}?full_service=true")
    assert status == 200
    assert org["funding"] == example["organization"]["funding"]
    assert [s["id"] for s in org["services"]] == [example["id"]]
    assert org["services"][0]["phones"]  # fully nested
    status, _, _ = await _get(live_server, "/organizations/no-such-organisation")
    assert status == 404
    # taxonomy terms: the partner's and netreach's own
    _, terms, _ = await _get(live_server, "/taxonomy_terms?per_page=500")
    ids = {t["id"] for t in terms["contents"]}
    assert term["id"] in ids
    assert any(t.get("taxonomy") == "netreach" for t in terms["contents"])
    _, theirs, _ = await _get(live_server, f"/taxonomy_terms?taxonomy_id={term['taxonomy']}")
    assert [t["id"] for t in theirs["contents"]] == [term["id"]]
    _, top, _ = await _get(live_server, "/taxonomy_terms?top_only=true&per_page=500")
    assert term["id"] not in {t["id"] for t in top["contents"]}  # it has a parent
    _, children, _ = await _get(live_server, f"/taxonomy_terms?parent_id={term['parent_id']}")
    assert [t["id"] for t in children["contents"]] == [term["id"]]


async def test_openapi_document_and_meta(live_server: LiveServer) -> None:
    status, doc, _ = await _get(live_server, "/openapi.json")
    assert status == 200
    assert doc["openapi"].startswith("3.1")
    for path in (
        "/services",
        "/services/{id}",
        "/organizations",
        "/organizations/{id}",
        "/taxonomy_terms",
    ):
        assert "get" in doc["paths"][path]
    names = {p["$ref"].rsplit("/", 1)[1] for p in doc["paths"]["/services"]["get"]["parameters"]}
    assert names >= {
        "search",
        "page",
        "per_page",
        "taxonomy_term_id",
        "taxonomy_id",
        "organization_id",
        "modified_after",
        "minimal",
        "full",
    }
    status, meta, _ = await _get(live_server, "/")
    assert meta["version"] == "3.1"
    assert meta["openapi_url"].endswith(f"{API}/openapi.json")


async def test_public_entry_pages_link_to_the_api(live_server: LiveServer) -> None:
    entries = await _library(live_server)
    r = entries["Community Counselling"]
    example = json.loads(EXAMPLE.read_text())
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{live_server.url}/r/{r.id}?lang=en") as page,
    ):
        assert page.status == 200
        html = await page.text()
    assert f'href="{API}/services/{r.hsds_id}"' in html
    assert f'href="{API}/organizations/{example["organization"]["id"]}"' in html
    assert "1-30 Main Street" in html  # its location
