"""The library's lifecycle and reading: draft -> in_review -> vetted -> retired (retired ->
draft to restore), every change written to `resource_history` in the same transaction."""

from __future__ import annotations

import re
import secrets
import uuid
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from server import search_text
from server.actions.access import check_staff
from server.actions.errors import ActionError, Detail
from server.actions.resources.cards import resource_dict, today
from server.actions.resources.model import (
    CONTENT_FIELDS,
    DEFAULT_REVIEW_DAYS,
    SEARCH_LIMIT,
    SUPERVISING,
    TOPIC_WORDS,
    ResourceInput,
)
from server.actions.serialize import iso
from server.db.models import Resource, ResourceHistory, Staff
from server.db.search import search_rows
from server.i18n import LANGS, N_
from server.services import Services


async def get_resource(svc: Services, resource_id: str) -> Resource:
    async with svc.db.read() as s:
        r = await s.get(Resource, resource_id)
        if r is None:
            raise ActionError("resource_not_found")
        return r


async def get_history(svc: Services, resource_id: str) -> list[dict[str, Any]]:
    async with svc.db.read() as s:
        rows = (
            await s.execute(
                select(ResourceHistory, Staff.display_name)
                .outerjoin(Staff, Staff.id == ResourceHistory.actor_id)
                .where(ResourceHistory.resource_id == resource_id)
                .order_by(ResourceHistory.id.desc())
            )
        ).all()
        return [
            {
                "at": iso(h.at),
                "actor": name or h.actor_label or "-",
                "action": h.action,
                "from_status": h.from_status,
                "to_status": h.to_status,
                "changes": h.changes or {},
                "note": h.note,
            }
            for h, name in rows
        ]


# what a search result shows (resource_dict reads these attributes from a plain row)


async def search_resources(
    svc: Services,
    query: str = "",
    *,
    topic: str | None = None,
    region: str | None = None,
    language: str | None = None,
    status: str | None = None,
    public_only: bool = True,
    lang: str = "pl",
    limit: int = SEARCH_LIMIT,
) -> list[dict[str, Any]]:
    """Ranked full-text search (name > topics > description), tolerant of diacritics and
    inflection, filtered by topic, region (an entry for a voivodeship or city, or a nationwide,
    international or online one) and language. `public_only`: only what may be shared."""
    on = today(svc)
    async with svc.db.read() as s:
        rows = await search_rows(
            s, svc.db.is_sqlite, query, topic, region, language, status, public_only, on, limit
        )
        return [resource_dict(r, lang, on) for r in rows]


async def get_review_lists(svc: Services, lang: str) -> dict[str, list[dict[str, Any]]]:
    """The supervisor's page: waiting for review; vetted entries past their review date (each
    with our review-by and verification dates and, when imported, the partner's verification
    date); entries a partner withdrew or changed after a local edit ("partner")."""
    on = today(svc)
    async with svc.db.read() as s:
        waiting = (
            await s.execute(
                select(Resource).where(Resource.status == "in_review").order_by(Resource.updated_at)
            )
        ).scalars()
        expired = (
            await s.execute(
                select(Resource)
                .where(
                    Resource.status == "vetted",
                    or_(Resource.review_by.is_(None), Resource.review_by < on),
                )
                .order_by(Resource.review_by)
            )
        ).scalars()
        partner = (
            await s.execute(
                select(Resource)
                .where(
                    Resource.status != "retired",
                    or_(Resource.withdrawn_at.is_not(None), Resource.feed_pending.is_not(None)),
                )
                .order_by(Resource.name)
            )
        ).scalars()
        return {
            "in_review": [resource_dict(r, lang, on) for r in waiting],
            "expired": [resource_dict(r, lang, on) for r in expired],
            "partner": [resource_dict(r, lang, on) for r in partner],
        }


async def get_counts(svc: Services) -> dict[str, int]:
    async with svc.db.read() as s:
        rows = (
            await s.execute(select(Resource.status, func.count()).group_by(Resource.status))
        ).all()
        return dict(rows)


# --- writing ---------------------------------------------------------------------------------


def search_columns(values: dict[str, Any]) -> dict[str, str]:
    """The normalised search_* columns of an entry (see server/search_text.py)."""
    texts = values.get("texts") or {}
    names = [t.get("name") for t in texts.values()] + [values.get("organization_name")]
    body = []
    for t in texts.values():
        body += [
            t.get("summary"),
            t.get("description"),
            t.get("eligibility"),
            t.get("cost"),
            t.get("hours"),
        ]
    for p in values.get("phones") or []:
        body += [p.get("number"), re.sub(r"\D", "", p.get("number", ""))]
    body += [values.get("city"), values.get("voivodeship"), values.get("email")]
    topics = values.get("topics") or []
    tags = [search_text.tag("t", t) for t in topics]
    area = values.get("area") or "nationwide"
    if area != "regional":
        tags.append(search_text.tag("r", area))
    for place in (values.get("voivodeship"), values.get("city")):
        if place:
            tags.append(search_text.tag("r", place))
    tags += [search_text.tag("l", code) for code in values.get("languages") or []]
    return {
        "search_name": search_text.index_text(*names),
        "search_topics": search_text.index_text(*topics, *(TOPIC_WORDS.get(t, "") for t in topics)),
        "search_body": search_text.index_text(*body),
        "search_tags": " ".join(tags),
    }


def display_name(texts: dict[str, Any]) -> str:
    for code in (*LANGS, *texts):
        if code in texts and texts[code].get("name"):
            return str(texts[code]["name"])[:200]
    return "?"


def apply_values(r: Resource, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Set content columns; return the changes as {field: [old, new]}."""
    changes: dict[str, list[Any]] = {}
    for key in CONTENT_FIELDS:
        new = values.get(key)
        old = getattr(r, key, None)
        if old != new:
            changes[key] = [old, new]
            setattr(r, key, new)
    r.name = display_name(r.texts or {})
    for key, value in search_columns(values).items():
        setattr(r, key, value)
    return changes


def history(
    s: AsyncSession,
    r: Resource,
    at: datetime,
    actor_id: str | None,
    action: str,
    from_status: str | None,
    changes: dict[str, Any] | None = None,
    note: str | None = None,
    actor_label: str | None = None,
) -> None:
    s.add(
        ResourceHistory(
            resource_id=r.id,
            at=at,
            actor_id=actor_id,
            actor_label=actor_label,
            action=action,
            from_status=from_status,
            to_status=r.status,
            changes=changes or {},
            note=note,
        )
    )


async def _load(s: AsyncSession, resource_id: str) -> Resource:
    r = await s.get(Resource, resource_id)
    if r is None:
        raise ActionError("resource_not_found")
    return r


def new_resource(
    values: dict[str, Any],
    now: datetime,
    actor_id: str | None,
    hsds_id: str | None = None,
    status: str = "draft",
) -> Resource:
    r = Resource(
        id=f"r_{secrets.token_urlsafe(12)}",
        hsds_id=hsds_id or str(uuid.uuid4()),
        status=status,
        version=1,
        created_at=now,
        updated_at=now,
        created_by=actor_id,
        last_editor_id=actor_id,
        texts={},
        topics=[],
        phones=[],
        links=[],
        schedules=[],
        languages=[],
        area="nationwide",
    )
    apply_values(r, values)
    return r


async def do_create_resource(svc: Services, staff_id: str, data: ResourceInput) -> Resource:
    """Any staff member creates a draft. Writes history 'created'. Emits nothing."""
    now = svc.clock.now()
    async with svc.db.write() as s:
        await check_staff(s, staff_id)
        values = data.columns()
        r = new_resource(values, now, staff_id)
        s.add(r)
        await s.flush()
        history(
            s,
            r,
            now,
            staff_id,
            "created",
            None,
            {
                k: [None, values.get(k)]
                for k in CONTENT_FIELDS
                if values.get(k) not in (None, [], {})
            },
        )
    return r


def can_edit(staff: Staff, r: Resource) -> bool:
    if r.status == "retired":
        return False
    return staff.role in SUPERVISING or r.status in ("draft", "in_review")


async def do_update_resource(
    svc: Services, staff_id: str, resource_id: str, data: ResourceInput, version: int | None
) -> Resource:
    """Edit an entry. Networkers edit drafts and entries in review; supervisors and admins any
    entry that is not retired. A real change makes the editor the last editor and puts the entry
    back to draft (to be vetted again). `version` (the entry's version the form was opened
    with) is required: ActionError('invalid') without it, 'resource_conflict' when the entry
    changed meanwhile (nobody overwrites an edit they have not seen)."""
    if version is None:
        raise ActionError(
            "invalid", detail="version: the version of the entry the edit was made on is required"
        )
    now = svc.clock.now()
    async with svc.db.write() as s:
        staff = await check_staff(s, staff_id)
        r = await _load(s, resource_id)
        if not can_edit(staff, r):
            raise ActionError("forbidden" if r.status != "retired" else "resource_state")
        if version != r.version:
            raise ActionError("resource_conflict")
        before = r.status
        changes = apply_values(r, data.columns())
        if changes:
            r.status = "draft"
            r.version += 1
            r.updated_at = now
            r.last_editor_id = staff_id
            history(s, r, now, staff_id, "edited", before, jsonable_changes(changes))
    return r


def jsonable_changes(changes: dict[str, list[Any]]) -> dict[str, Any]:
    return {
        k: [v if not isinstance(v, date) else v.isoformat() for v in pair]
        for k, pair in changes.items()
    }


async def _move(
    svc: Services,
    staff_id: str,
    resource_id: str,
    action: str,
    allowed_from: tuple[str, ...],
    to: str,
    supervising: bool,
    note: str | None = None,
) -> Resource:
    now = svc.clock.now()
    async with svc.db.write() as s:
        staff = await check_staff(s, staff_id)
        if supervising and staff.role not in SUPERVISING:
            raise ActionError("forbidden")
        r = await _load(s, resource_id)
        if r.status not in allowed_from:
            raise ActionError("resource_state")
        before = r.status
        r.status = to
        r.updated_at = now
        r.version += 1
        history(s, r, now, staff_id, action, before, note=note)
    return r


async def do_submit_resource(svc: Services, staff_id: str, resource_id: str) -> Resource:
    """draft -> in_review, by any staff member."""
    return await _move(
        svc, staff_id, resource_id, "submitted", ("draft",), "in_review", supervising=False
    )


async def do_return_resource(
    svc: Services, staff_id: str, resource_id: str, note: str | None
) -> Resource:
    """in_review -> draft with a note, by a supervisor or admin."""
    return await _move(
        svc, staff_id, resource_id, "returned", ("in_review",), "draft", supervising=True, note=note
    )


async def do_retire_resource(
    svc: Services, staff_id: str, resource_id: str, note: str | None
) -> Resource:
    """Any status but retired -> retired, by a supervisor or admin. Cards already shared then
    show only the entry's name."""
    return await _move(
        svc,
        staff_id,
        resource_id,
        "retired",
        ("draft", "in_review", "vetted"),
        "retired",
        supervising=True,
        note=note,
    )


async def do_restore_resource(svc: Services, staff_id: str, resource_id: str) -> Resource:
    """retired -> draft, by a supervisor or admin."""
    return await _move(
        svc, staff_id, resource_id, "restored", ("retired",), "draft", supervising=True
    )


# history actions that change an entry's content, and those that vet it
AUTHORING = ("created", "edited", "imported")
VETTING = ("vetted", "reverified")


async def get_authors_since_vetting(session: AsyncSession, resource_id: str) -> set[str]:
    """The staff ids who changed the entry's content (created, edited, imported it) since it
    was last vetted (since its creation when it never was): none of them may vet it, however
    small a later change by someone else was."""
    last_vetting = await session.scalar(
        select(func.max(ResourceHistory.id)).where(
            ResourceHistory.resource_id == resource_id, ResourceHistory.action.in_(VETTING)
        )
    )
    query = select(ResourceHistory.actor_id).where(
        ResourceHistory.resource_id == resource_id,
        ResourceHistory.action.in_(AUTHORING),
        ResourceHistory.actor_id.is_not(None),
    )
    if last_vetting is not None:
        query = query.where(ResourceHistory.id > last_vetting)
    return {actor for actor in (await session.execute(query)).scalars() if actor}


async def get_may_vet(svc: Services, staff_id: str, resource: Resource) -> bool:
    """Whether four eyes allow this staff member to vet the entry (they changed none of its
    content since it was last vetted); their role is not checked here."""
    if resource.last_editor_id == staff_id:
        return False
    async with svc.db.read() as s:
        return staff_id not in await get_authors_since_vetting(s, resource.id)


async def do_vet_resource(
    svc: Services,
    staff_id: str,
    resource_id: str,
    *,
    verified_on: date | None = None,
    review_by: date | None = None,
    note: str | None = None,
) -> Resource:
    """in_review -> vetted, or re-verify a vetted entry (new dates). Needs a supervisor or
    admin who changed none of its content since it was last vetted (four eyes: 'resource_own_edit'
    otherwise, also when someone else changed it after them); `review_by` must be after today
    (default: a year after `verified_on`, which defaults to today)."""
    now = svc.clock.now()
    on = now.date()
    verified_on = verified_on or on
    review_by = review_by or verified_on + timedelta(days=DEFAULT_REVIEW_DAYS)
    if verified_on > on:
        raise ActionError("invalid", detail=Detail(N_("the date is in the future."), "verified_on"))
    if review_by <= on:
        raise ActionError(
            "invalid", detail=Detail(N_("the date must be after today."), "review_by")
        )
    async with svc.db.write() as s:
        staff = await check_staff(s, staff_id)
        if staff.role not in SUPERVISING:
            raise ActionError("forbidden")
        r = await _load(s, resource_id)
        if r.status not in ("in_review", "vetted"):
            raise ActionError("resource_state")
        if r.last_editor_id == staff_id or staff_id in await get_authors_since_vetting(s, r.id):
            raise ActionError("resource_own_edit")
        before = r.status
        changes = {
            "verified_on": [r.verified_on, verified_on.isoformat()],
            "review_by": [r.review_by, review_by.isoformat()],
            "verified_by": [r.verified_by, staff.display_name],
        }
        r.status = "vetted"
        r.verified_on = verified_on.isoformat()
        r.review_by = review_by.isoformat()
        r.verified_by = staff.display_name
        r.vetted_at = now
        r.vetted_by = staff_id
        r.updated_at = now
        r.version += 1
        history(
            s,
            r,
            now,
            staff_id,
            "vetted" if before == "in_review" else "reverified",
            before,
            changes,
            note,
        )
    return r
