"""Lossless HSDS: import then export gives back every field (the specification's full example
field by field, and generated valid documents); organisations and locations are rows of their
own; a local edit is written over the original and nothing else is lost; the partner's
verification date is kept beside our own review-by date."""

from __future__ import annotations

import copy
import json
import string
import uuid
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from server.actions import resources as res
from server.actions.resources.hsds import do_import, export_services
from server.clock import FakeClock
from server.db.models import Location, Organization, Resource, ResourceHistory, ResourceLocation
from tests.conftest import LiveServer
from tests.resources.conftest import http_session
from tests.resources.test_resources_hsds import EXAMPLE, assert_valid, validators

ALL = ("draft", "in_review", "vetted", "retired")


def differences(before: Any, after: Any, path: str = "$") -> list[str]:
    """Every path where two JSON values differ (a missing, extra or changed field)."""
    if isinstance(before, dict) and isinstance(after, dict):
        out = []
        for key in sorted(set(before) | set(after)):
            if key not in after:
                out.append(f"{path}.{key}: lost")
            elif key not in before:
                out.append(f"{path}.{key}: added")
            else:
                out += differences(before[key], after[key], f"{path}.{key}")
        return out
    if isinstance(before, list) and isinstance(after, list):
        if len(before) != len(after):
            return [f"{path}: {len(before)} items became {len(after)}"]
        return [
            d
            for i, pair in enumerate(zip(before, after, strict=True))
            for d in differences(*pair, f"{path}[{i}]")
        ]
    if before != after or type(before) is not type(after):
        return [f"{path}: {before!r} became {after!r}"]
    return []


def populated_fields(value: Any, path: str = "$") -> list[str]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in populated_fields(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in populated_fields(v, f"{path}[{i}]")]
    return [path]


async def _only(server: LiveServer) -> Resource:
    async with server.svc.db.read() as s:
        return (await s.execute(select(Resource))).scalar_one()


async def test_the_full_example_comes_back_field_by_field(live_server: LiveServer) -> None:
    svc = live_server.svc
    example = json.loads(EXAMPLE.read_text())
    report = await do_import(svc, json.dumps(example))
    assert report.ok, report.lines()
    (exported,) = await export_services(svc, "en", ALL)
    assert len(populated_fields(example)) == 372  # leaf values (the issue counted 429 fields)
    assert differences(example, exported) == []
    assert_valid(exported)
    # exported in the other language, too: the entry has English texts only
    (in_polish,) = await export_services(svc, "pl", ALL)
    assert differences(example, in_polish) == []


async def test_organisations_and_locations_are_first_class(live_server: LiveServer) -> None:
    svc = live_server.svc
    example = json.loads(EXAMPLE.read_text())
    second = copy.deepcopy(example)
    second["id"] = str(uuid.uuid4())
    second["name"] = "Community Counselling for young people"
    location = second["service_at_locations"][0]["location"]
    second["service_at_locations"].append(
        {
            "id": str(uuid.uuid4()),
            "location": {
                **copy.deepcopy(location),
                "id": str(uuid.uuid4()),
                "name": "Youth Centre",
                "latitude": 52.2297,
                "longitude": 21.0122,
                "addresses": [
                    {
                        "id": str(uuid.uuid4()),
                        "address_1": "ul. Marszałkowska 1",
                        "city": "Warszawa",
                        "region": "mazowieckie",
                        "state_province": "mazowieckie",
                        "postal_code": "00-001",
                        "country": "PL",
                        "address_type": "physical",
                    }
                ],
            },
        }
    )
    assert (await do_import(svc, json.dumps([example, second]))).ok
    async with svc.db.read() as s:
        orgs = list((await s.execute(select(Organization))).scalars())
        locations = {loc.name: loc for loc in (await s.execute(select(Location))).scalars()}
        resources = list((await s.execute(select(Resource))).scalars())
        links = int(await s.scalar(select(func.count()).select_from(ResourceLocation)) or 0)
    assert [o.hsds_id for o in orgs] == [example["organization"]["id"]]  # one organisation
    assert {r.organization_id for r in resources} == {orgs[0].id}  # ... many services
    assert set(locations) == {"MyCity Civic Center", "Youth Centre"}
    youth = locations["Youth Centre"]
    assert (youth.latitude, youth.longitude) == (52.2297, 21.0122)
    assert youth.address is not None
    assert youth.address["city"] == "Warszawa"
    assert links == 3  # the civic centre serves both, the youth centre one
    exported = {x["id"]: x for x in await export_services(svc, "en", ALL)}
    assert differences(example, exported[example["id"]]) == []
    assert differences(second, exported[second["id"]]) == []


async def test_a_local_edit_is_written_over_the_original_and_nothing_else_is_lost(
    live_server: LiveServer,
) -> None:
    svc = live_server.svc
    example = json.loads(EXAMPLE.read_text())
    assert (await do_import(svc, json.dumps(example))).ok
    r = await _only(live_server)
    editor = (await live_server.create_staff("ola"))["id"]
    data = res.check_resource_input(
        {
            **{k: getattr(r, k) for k in res.CONTENT_FIELDS},
            "phones": [{"number": "+44 1234 999999", "type": "voice"}],
            "topics": ["mental_health"],
        }
    )
    await res.do_update_resource(svc, editor, r.id, data, r.version)
    (exported,) = await export_services(svc, "en", ALL)
    assert_valid(exported)
    assert [p["number"] for p in exported["phones"]] == ["+44 1234 999999"]
    changed = {d.split(":")[0].split("[")[0].split(".")[1] for d in differences(example, exported)}
    # the phones, netreach's topic beside the partner's attribute, and the modification time
    assert changed == {"phones", "attributes", "last_modified"}, differences(example, exported)
    assert example["attributes"][0] in exported["attributes"]
    assert {"mental_health"} == {
        a["value"]
        for a in exported["attributes"]
        if a["taxonomy_term"].get("taxonomy") == "netreach"
        and a["taxonomy_term"]["code"] == "topic"
    }


async def test_the_partners_verification_date_beside_our_review_date(
    server_factory: Any, fake_clock: FakeClock
) -> None:
    live_server = await server_factory(fake_clock)
    svc = live_server.svc
    example = json.loads(EXAMPLE.read_text())
    example["assured_date"] = "2026-06-01"  # the partner checked it half a year before "today"
    assert (await do_import(svc, json.dumps(example))).ok
    r = await _only(live_server)
    today = res.today(svc)
    assert r.partner_verified_on == "2026-06-01"
    assert r.verified_on is None
    assert r.country == "US"  # the country of its location's address, not netreach's default
    # our review-by date: a year after the partner's check, whatever the partner's file said
    assert today == "2026-11-24"
    assert r.review_by == "2027-06-01"
    author = (await live_server.create_staff("ola"))["id"]
    boss = (await live_server.create_staff("szef", role="supervisor"))["id"]
    await res.do_submit_resource(svc, author, r.id)
    await res.do_vet_resource(svc, boss, r.id)
    r = await _only(live_server)
    assert r.verified_on == today
    assert r.partner_verified_on == "2026-06-01"  # the partner's date is kept
    (exported,) = await export_services(svc, "en", ALL)
    assert exported["assured_date"] == today  # our own check, now that we made one
    # past our review date, the re-verification list shows both dates
    fake_clock.advance(400 * 86400)
    http = await http_session(live_server, "kontrola", role="supervisor")
    async with http.get(f"{live_server.url}/console/resources/review?lang=en") as page:
        html = await page.text()
    await http.close()
    row = html[html.index(f'data-id="{r.id}"') :].split("</li>")[0]
    assert f'<span class="nr-verified-on">{today}</span>' in row
    assert '<span class="nr-partner-verified-on">2026-06-01</span>' in row
    assert f'<span class="nr-review-by">{r.review_by}</span>' in row


# --- generated documents ---------------------------------------------------------------------

VALIDATOR = validators()[-1]  # the full HSDS 3.1 schema when it is there, else the trimmed copy
ids = st.uuids().map(str)
words = st.text(alphabet=string.ascii_letters + " ąćęłńóśźżĄŁ-,.", min_size=1, max_size=40).filter(
    lambda s: s.strip() != ""
)
long_text = st.text(min_size=1, max_size=400).filter(lambda s: s.strip() != "" and "\x00" not in s)
# what netreach shows (https links, numbers of digits) and what it only keeps (other schemes,
# numbers with words): both come back
urls = st.one_of(
    st.builds(
        lambda host, path: f"https://{host}.example.org/{path}",
        st.from_regex(r"[a-z]{3,10}", fullmatch=True),
        st.from_regex(r"[a-z0-9]{0,12}", fullmatch=True),
    ),
    st.sampled_from(["ftp://files.example.org/list.pdf", "mailto:help@example.org"]),
)
numbers = st.one_of(
    st.from_regex(r"\+?[0-9]{2,4}( [0-9]{2,4}){1,3}", fullmatch=True),
    st.sampled_from(["0800 HELP NOW", "112 (ext. 4)", "+48 22 000 00 00 wew. 12"]),
)
dates = st.dates().map(lambda d: d.isoformat())


def _optional(fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional=fields)


phone = st.builds(
    lambda base, extra: {**base, **extra},
    st.fixed_dictionaries({"id": ids, "number": numbers}),
    _optional(
        {
            "extension": st.integers(0, 9999),
            "type": st.sampled_from(["voice", "text", "fax", "cell"]),
            "description": long_text,
            "languages": st.lists(
                st.fixed_dictionaries(
                    {"id": ids},
                    optional={"code": st.sampled_from(["pl", "en", "uk"]), "name": words},
                ),
                max_size=2,
            ),
        }
    ),
)
address = st.builds(
    lambda base, extra: {**base, **extra},
    st.fixed_dictionaries(
        {
            "id": ids,
            "address_1": words,
            "city": words,
            "state_province": words,
            "postal_code": st.from_regex(r"[0-9]{2}-[0-9]{3}", fullmatch=True),
            "country": st.sampled_from(["PL", "UA", "GB"]),
            "address_type": st.sampled_from(["physical", "postal", "virtual"]),
        }
    ),
    _optional({"attention": words, "address_2": words, "region": words}),
)
location = st.builds(
    lambda base, extra: {**base, **extra},
    st.fixed_dictionaries(
        {"id": ids, "location_type": st.sampled_from(["physical", "postal", "virtual"])}
    ),
    _optional(
        {
            "name": words,
            "description": long_text,
            "latitude": st.floats(-90, 90, allow_nan=False),
            "longitude": st.floats(-180, 180, allow_nan=False),
            "addresses": st.lists(address, max_size=2),
            "transportation": long_text,
        }
    ),
)
schedule = st.builds(
    lambda base, extra: {**base, **extra},
    st.fixed_dictionaries({"id": ids}),
    _optional(
        {
            "byday": st.sampled_from(["MO", "MO,TU", "SA,SU", "2MO"]),
            "opens_at": st.sampled_from(["09:00", "10:00:00", "08:30Z"]),
            "closes_at": st.sampled_from(["17:00", "18:00:00"]),
            "description": long_text,
            "freq": st.sampled_from(["WEEKLY", "MONTHLY"]),
            "notes": long_text,
        }
    ),
)
term = st.fixed_dictionaries(
    {"id": ids, "name": words, "description": words},
    optional={"code": words, "taxonomy": st.sampled_from(["OpenEligibility", "partner"])},
)
attribute = st.fixed_dictionaries(
    {"id": ids, "taxonomy_term": term}, optional={"value": words, "label": words}
)
organization = st.builds(
    lambda base, extra: {**base, **extra},
    st.fixed_dictionaries({"id": ids, "name": words, "description": long_text}),
    _optional(
        {
            "alternate_name": words,
            "email": st.just("office@example.org"),
            "website": urls,
            "year_incorporated": st.integers(1900, 2026),
            "legal_status": words,
            "funding": st.lists(
                st.fixed_dictionaries({"id": ids}, optional={"source": long_text}), max_size=2
            ),
        }
    ),
)
service = st.builds(
    lambda base, extra: {**base, **extra},
    st.fixed_dictionaries(
        {
            "id": ids,
            "name": words,
            "status": st.sampled_from(["active", "inactive", "defunct", "temporarily closed"]),
        }
    ),
    _optional(
        {
            "alternate_name": words,
            "description": long_text,
            "url": urls,
            "email": st.sampled_from(["help@example.org", "not-an-address@localhost"]),
            "interpretation_services": long_text,
            "application_process": long_text,
            "fees_description": long_text,
            "accreditations": long_text,
            "eligibility_description": long_text,
            "minimum_age": st.integers(0, 30),
            "maximum_age": st.integers(31, 120),
            "assured_date": dates,
            "assurer_email": st.just("checker@example.org"),
            "alert": long_text,
            "last_modified": st.just("2026-01-02T03:04:05.678Z"),
            "additional_urls": st.lists(
                st.fixed_dictionaries({"id": ids, "url": urls}, optional={"label": words}),
                max_size=3,
            ),
            "phones": st.lists(phone, max_size=3),
            "schedules": st.lists(schedule, max_size=3),
            "languages": st.lists(
                st.fixed_dictionaries(
                    {"id": ids},
                    optional={"code": st.sampled_from(["pl", "en", "uk", "ru"]), "name": words},
                ),
                max_size=3,
            ),
            "organization": organization,
            "service_at_locations": st.lists(
                st.fixed_dictionaries(
                    {"id": ids, "location": location}, optional={"description": long_text}
                ),
                max_size=2,
            ),
            "attributes": st.lists(attribute, max_size=3),
            "cost_options": st.lists(
                st.fixed_dictionaries(
                    {"id": ids},
                    optional={
                        "option": words,
                        "amount": st.integers(0, 500),
                        "currency": st.just("PLN"),
                    },
                ),
                max_size=2,
            ),
            "service_areas": st.lists(
                st.fixed_dictionaries(
                    {"id": ids},
                    optional={"name": words, "extent_type": st.just("text"), "extent": words},
                ),
                max_size=2,
            ),
        }
    ),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(documents=st.lists(service, min_size=1, max_size=3, unique_by=lambda s: s["id"]))
async def test_generated_valid_documents_come_back_whole(
    live_server: LiveServer, documents: list[dict[str, Any]]
) -> None:
    for document in documents:
        assume(not list(VALIDATOR.iter_errors(document)))
    # a location shared by two services is one row; each keeps what it said about it
    locations = [
        sal["location"]["id"] for d in documents for sal in d.get("service_at_locations", [])
    ]
    assume(len(locations) == len(set(locations)))
    orgs = [d["organization"]["id"] for d in documents if "organization" in d]
    assume(len(orgs) == len(set(orgs)))
    svc = live_server.svc
    async with svc.db.write() as s:  # each example starts from an empty library
        for model in (ResourceLocation, Location, ResourceHistory, Resource, Organization):
            await s.execute(model.__table__.delete())
    report = await do_import(svc, json.dumps(documents))
    assert report.ok, report.lines()
    exported = {x["id"]: x for x in await export_services(svc, "pl", ALL)}
    for document in documents:
        assert differences(document, exported[document["id"]]) == []
