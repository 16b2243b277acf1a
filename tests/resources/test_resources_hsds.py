"""HSDS 3.1 export validates; import of the specification's example; broken files import nothing;
the CLI; the starter set."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from sqlalchemy import func, select

from server.actions import resources as res
from server.actions.resources.hsds import do_import, do_load_starter, export_services
from server.db.models import Resource
from tests.conftest import LiveServer
from tests.resources.conftest import FIXTURES, REPO, SHARED_HSDS, entry

TRIMMED = FIXTURES / "hsds_service.schema.json"
EXAMPLE = FIXTURES / "service_full.example.json"


def validators() -> list[jsonschema.Draft202012Validator]:
    schemas = [json.loads(TRIMMED.read_text())]
    full = SHARED_HSDS / "service.schema.json"
    if full.exists():
        schemas.append(json.loads(full.read_text()))
    return [
        jsonschema.Draft202012Validator(s, format_checker=jsonschema.FormatChecker())
        for s in schemas
    ]


def assert_valid(service: dict[str, Any]) -> None:
    for v in validators():
        errors = sorted(v.iter_errors(service), key=lambda e: list(e.path))
        assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_the_trimmed_schema_judges_like_the_full_one() -> None:
    full = SHARED_HSDS / "service.schema.json"
    if not full.exists():
        pytest.skip(
            f"the full HSDS schema is not at {full} (../shared next to the repository); the trimmed copy is used alone"
        )
    example = json.loads(EXAMPLE.read_text())
    broken = [
        dict(example, status="open"),
        {k: v for k, v in example.items() if k != "id"},
        dict(example, phones=[{"number": "1"}]),
        dict(example, minimum_age="twelve"),
    ]
    trimmed, whole = validators()
    assert not list(trimmed.iter_errors(example))
    assert not list(whole.iter_errors(example))
    for doc in broken:
        assert len(list(trimmed.iter_errors(doc))) == len(list(whole.iter_errors(doc))) > 0


async def test_export_validates_against_hsds_3_1(live_server: LiveServer) -> None:
    svc = live_server.svc
    await do_load_starter(svc)
    ania = (await live_server.create_staff("ania"))["id"]
    await res.do_create_resource(
        svc,
        ania,
        res.check_resource_input(
            entry(
                texts={"pl": {"name": "Punkt <b>", "hours": "pn–pt 9–17"}, "en": {"name": "Point"}},
                area="regional",
                voivodeship="mazowieckie",
                city="Warszawa",
                schedules=[{"byday": "MO,TU", "opens_at": "09:00", "closes_at": "17:00"}],
                email="a@example.org",
            )
        ),
    )
    services = await export_services(svc, "pl", ("draft", "in_review", "vetted"))
    assert len(services) == 11
    for service in services:
        assert_valid(service)
    english = await export_services(svc, "en")
    assert {s["name"] for s in english} >= {
        "Emergency number 112",
        "Free legal aid (nieodpłatna pomoc prawna)",
    }
    for service in english:
        assert_valid(service)


async def test_export_then_import_changes_nothing(live_server: LiveServer) -> None:
    svc = live_server.svc
    await do_load_starter(svc)
    services = await export_services(svc, "pl", ("draft", "in_review", "vetted"))
    report = await do_import(svc, json.dumps(services))
    assert report.ok
    assert len(report.unchanged) == 10
    assert not report.added
    assert not report.updated
    assert not report.written


async def test_import_of_the_specification_example(live_server: LiveServer) -> None:
    svc = live_server.svc
    report = await do_import(svc, EXAMPLE.read_bytes(), label="import example")
    assert report.ok, report.lines()
    assert report.added == ["#1 'Community Counselling'"], report.lines()
    async with svc.db.read() as s:
        r = (await s.execute(select(Resource))).scalar_one()
    assert r.status == "draft"
    assert r.hsds_id == "ac148810-d857-441c-9679-408f346de14b"
    assert r.texts["en"]["name"] == "Community Counselling"
    assert r.phones == [
        {"number": "+44 1234 234567", "type": "voice", "description": r.phones[0]["description"]}
    ]
    assert r.links[0]["url"] == "http://example.com/counselling"
    assert r.email == "email@example.com"
    assert r.languages == ["ur"]
    # a partner's verification is theirs: kept beside ours, which is empty until we vet it;
    # the review-by date is ours (a year after the partner's check, due now when that passed)
    assert r.verified_on is None
    assert r.partner_verified_on == "2005-01-01"
    assert r.review_by == res.today(svc)
    assert r.organization_name
    assert r.schedules == [{"byday": "TH,FR", "opens_at": "10:00:00", "closes_at": "18:00:00"}]
    hist = await res.get_history(svc, r.id)
    assert hist[0]["action"] == "imported"
    assert hist[0]["actor"] == "import example"
    # importing it again changes nothing; a changed copy updates it (and it stays a draft)
    assert (await do_import(svc, EXAMPLE.read_bytes())).unchanged
    changed = dict(json.loads(EXAMPLE.read_text()), name="Community Counselling (new)")
    again = await do_import(svc, json.dumps({"services": [changed]}))
    assert again.updated == ["#1 'Community Counselling (new)'"]


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        (b'{"id": ', "not valid JSON"),
        (b"\xff\xfe", "not UTF-8"),
        (b"[]", "no services"),
        (b"42", "expected an HSDS service"),
    ],
)
async def test_a_broken_file_imports_nothing(live_server: LiveServer, raw: bytes, why: str) -> None:
    report = await do_import(live_server.svc, raw)
    assert report.error
    assert why in report.error
    assert not report.written
    assert await _count(live_server) == 0


async def test_one_bad_entry_rejects_the_whole_file_unless_partial(live_server: LiveServer) -> None:
    example = json.loads(EXAMPLE.read_text())
    good2 = dict(example, id="5e3b6b3c-2b7e-4c8e-9a55-0b3c8b3f1a01", name="Second")
    bad = [
        dict(
            example,
            id="6e3b6b3c-2b7e-4c8e-9a55-0b3c8b3f1a02",
            name="Evil",
            url="javascript:alert(1)",
        ),
        {"name": "no id"},
        dict(
            example, id="7e3b6b3c-2b7e-4c8e-9a55-0b3c8b3f1a03", phones=[{"number": "<img src=x>"}]
        ),
        dict(good2),  # duplicate id
    ]
    doc = json.dumps([example, good2, *bad])
    report = await do_import(live_server.svc, doc)
    assert not report.written
    assert len(report.rejected) == 4
    reasons = " ".join(why for _, why in report.rejected)
    assert "http" in reasons
    assert "no id" in reasons
    assert "appears twice" in reasons
    assert "phone" in reasons
    assert await _count(live_server) == 0
    partial = await do_import(live_server.svc, doc, partial=True)
    assert partial.written
    assert len(partial.added) == 2
    assert len(partial.rejected) == 4
    assert await _count(live_server) == 2


async def _count(server: LiveServer) -> int:
    async with server.svc.db.read() as s:
        return int(await s.scalar(select(func.count()).select_from(Resource)) or 0)


async def test_starter_set_is_loaded_once_with_unverified_entries_as_drafts(
    live_server: LiveServer,
) -> None:
    svc = live_server.svc
    report = await do_load_starter(svc)
    assert len(report.added) == 10
    assert not (await do_load_starter(svc)).added  # once
    async with svc.db.read() as s:
        rows = {r.hsds_id: r for r in (await s.execute(select(Resource))).scalars()}
    by_phone = {p["number"]: r for r in rows.values() for p in r.phones}
    for number in ("800 199 990", "800 70 2222", "800 888 448"):  # unverified operator / number
        assert by_phone[number].status == "draft"
    for number in ("112", "116 111", "800 120 002", "116 123"):
        assert by_phone[number].status == "vetted"
    for r in rows.values():
        assert r.source
        assert r.verified_on
        assert r.review_by
        assert set(r.texts) == {"pl", "en"}
    on = res.today(svc)
    assert not res.is_public(by_phone["800 12 12 12"], on)  # verified only as of 2020: expired
    # every phone number in the starter set appears in the research notes
    facts = REPO.parent / "shared" / "resources-facts.md"
    if facts.exists():
        text = facts.read_text()
        for number in by_phone:
            assert number in text, number


def test_cli_export_and_import(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "NETREACH_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
    }
    env.pop("REDIS_URL", None)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "server.cli", *args],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    assert run("migrate").returncode == 0
    assert "10 entries added" in run("resources", "starter").stdout
    out = tmp_path / "export.json"
    assert run("resources", "export", "--format", "hsds", "-o", str(out)).returncode == 0
    services = json.loads(out.read_text())
    assert len(services) == 7
    for service in services:
        assert_valid(service)
    imported = run("resources", "import", str(EXAMPLE))
    assert imported.returncode == 0
    assert "1 added" in imported.stdout
    broken = tmp_path / "broken.json"
    broken.write_text('[{"id": "x", "name": "ok"}, {"name": "no id"}]')
    refused = run("resources", "import", str(broken))
    assert refused.returncode == 2
    assert "rejected: #2" in refused.stdout
    assert "nothing was imported" in refused.stdout
