"""The resource library: vetted entries networkers share into chats (PRODUCT.md, "Resource library").

Lifecycle: draft -> in_review -> vetted -> retired (retired -> draft to restore). Any content edit
puts the entry back to draft (a changed phone number must be vetted again). Vetting needs a
supervisor or admin who is not the entry's last editor. Visitors and chat sharing see only
vetted entries whose `review_by` date has not passed (`is_public`); expired ones are listed for
re-verification on the supervisor's page. Every change is written to `resource_history`
(who, when, what) in the same transaction.

Shares are recorded on the message itself: `messages.resource_id` (one row per share, with
its seq, time and sender), so the visitor gets the card on replay like any other message.
"""

from __future__ import annotations

import re
import secrets
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from sqlalchemy import func, literal_column, or_, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from server import search_text
from server.actions.errors import ActionError
from server.actions.events import conversation_events
from server.actions.serialize import iso, message_dict
from server.db.models import (
    PHONE_TYPES,
    RESOURCE_AREAS,
    RESOURCE_TOPICS,
    VOIVODESHIPS,
    Conversation,
    Message,
    Resource,
    ResourceHistory,
    Staff,
)
from server.i18n import LANGS, N_, gettext
from server.services import Services

SUPERVISING = ("supervisor", "admin")
TEXT_FIELDS = ("name", "summary", "description", "eligibility", "cost", "hours")
CONTENT_FIELDS = (
    "texts",
    "organization_name",
    "topics",
    "phones",
    "email",
    "links",
    "schedules",
    "area",
    "country",
    "voivodeship",
    "city",
    "languages",
    "verified_on",
    "verified_by",
    "source",
    "review_by",
)
DEFAULT_REVIEW_DAYS = 365
SEARCH_LIMIT = 50

# words a visitor or networker might type for each topic, indexed with the entry
TOPIC_WORDS: dict[str, str] = {
    "legal": "legal law lawyer advice prawo prawnik prawna porada pomoc prawna",
    "hiv_sti": "hiv aids sti std test testing prep zakazenia choroby przenoszone droga plciowa",
    "addiction": "addiction drugs alcohol uzaleznienie narkotyki alkohol",
    "mental_health": "mental health psychology depression zdrowie psychiczne psycholog depresja",
    "crisis": "crisis emergency suicide kryzys interwencja kryzysowa samobojstwo nagly",
    "violence": "violence abuse domestic przemoc domowa przemocy",
    "housing": "housing homeless shelter mieszkanie bezdomnosc schronisko noclegownia",
    "other": "",
}

_PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()\-]{1,30}$")
_EMAIL_RE = re.compile(r"^[^@\s<>\"']{1,64}@[A-Za-z0-9.\-]{1,190}\.[A-Za-z]{2,}$")
_URL_RE = re.compile(r"^https?://[^\s<>\"'\\]{3,490}$", re.IGNORECASE)
_TIME_RE = re.compile(r"^\d{2}:\d{2}(:\d{2})?$")


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    if "\x00" in value:
        raise ValueError("contains a NUL character")
    value = value.strip()
    return value or None


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ResourceText(_Model):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    summary: Annotated[str, Field(max_length=300)] = ""
    description: Annotated[str, Field(max_length=5000)] = ""
    eligibility: Annotated[str, Field(max_length=2000)] = ""
    cost: Annotated[str, Field(max_length=1000)] = ""
    hours: Annotated[str, Field(max_length=500)] = ""

    @field_validator("*", mode="before")
    @classmethod
    def _strip(cls, value: Any) -> Any:
        return (_clean(value) or "") if isinstance(value, str) else value


class PhoneIn(_Model):
    number: Annotated[str, Field(max_length=32)]
    type: Literal[PHONE_TYPES] = "voice"  # type: ignore[valid-type]
    description: Annotated[str, Field(max_length=200)] | None = None

    @field_validator("number")
    @classmethod
    def _number(cls, value: str) -> str:
        value = " ".join(value.split())
        if not _PHONE_RE.match(value):
            raise ValueError(
                "a phone number has digits, spaces, brackets, dashes and an optional leading +"
            )
        return value


class LinkIn(_Model):
    url: Annotated[str, Field(max_length=500)]
    label: Annotated[str, Field(max_length=100)] | None = None

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        value = value.strip()
        if not _URL_RE.match(value):
            raise ValueError("a link must be an http:// or https:// address")
        return value


class ScheduleIn(_Model):
    byday: (
        Annotated[str, Field(pattern=r"^(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*$")] | None
    ) = None
    opens_at: Annotated[str, Field(pattern=_TIME_RE.pattern)] | None = None
    closes_at: Annotated[str, Field(pattern=_TIME_RE.pattern)] | None = None
    description: Annotated[str, Field(max_length=500)] | None = None


class ResourceInput(_Model):
    """Everything an editor (form, HSDS import, starter set) may set. Refuses unknown fields."""

    texts: dict[Literal["pl", "en"], ResourceText]
    organization_name: Annotated[str, Field(max_length=200)] | None = None
    topics: Annotated[
        list[Literal[RESOURCE_TOPICS]], Field(min_length=1, max_length=len(RESOURCE_TOPICS))
    ]  # type: ignore[valid-type]
    phones: Annotated[list[PhoneIn], Field(max_length=10)] = []
    email: Annotated[str, Field(max_length=200)] | None = None
    links: Annotated[list[LinkIn], Field(max_length=10)] = []
    schedules: Annotated[list[ScheduleIn], Field(max_length=14)] = []
    area: Literal[RESOURCE_AREAS] = "nationwide"  # type: ignore[valid-type]
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = "PL"
    voivodeship: Literal[VOIVODESHIPS] | None = None  # type: ignore[valid-type]
    city: Annotated[str, Field(max_length=80)] | None = None
    languages: Annotated[
        list[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]], Field(max_length=20)
    ] = []
    verified_on: date | None = None
    verified_by: Annotated[str, Field(max_length=200)] | None = None
    source: Annotated[str, Field(max_length=2000)] | None = None
    review_by: date | None = None

    @field_validator("organization_name", "email", "city", "verified_by", "source", mode="before")
    @classmethod
    def _strip(cls, value: Any) -> Any:
        return _clean(value) if isinstance(value, str) else value

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not _EMAIL_RE.match(value):
            raise ValueError("not an e-mail address")
        return value

    @model_validator(mode="after")
    def _check(self) -> ResourceInput:
        if not self.texts:
            raise ValueError("give the name in at least one language (pl or en)")
        if self.area == "regional" and not (self.voivodeship or self.city):
            raise ValueError("a regional entry needs a voivodeship or a city")
        if self.verified_on and self.review_by and self.review_by < self.verified_on:
            raise ValueError("review_by is before verified_on")
        return self

    def columns(self) -> dict[str, Any]:
        """The values as stored on the Resource row (JSON-ready)."""
        data = self.model_dump(mode="json")
        data["texts"] = {lang: {k: v for k, v in t.items()} for lang, t in data["texts"].items()}
        data["topics"] = sorted(set(data["topics"]), key=RESOURCE_TOPICS.index)
        data["languages"] = list(dict.fromkeys(data["languages"]))
        for key in ("phones", "links", "schedules"):
            data[key] = [{k: v for k, v in item.items() if v is not None} for item in data[key]]
        return data


def check_resource_input(data: Any) -> ResourceInput:
    """Validate editor input or raise ActionError('invalid', detail=...)."""
    try:
        return ResourceInput.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "resource"
        raise ActionError("invalid", detail=f"{where}: {first.get('msg', 'invalid')}") from None


# --- reading ---------------------------------------------------------------------------------


def today(svc: Services) -> str:
    return svc.clock.now().date().isoformat()


def is_public(r: Any, on: str) -> bool:
    """Shown to visitors and shareable: vetted, and its review date has not passed."""
    return r.status == "vetted" and r.review_by is not None and r.review_by >= on


def is_expired(r: Any, on: str) -> bool:
    return r.status == "vetted" and (r.review_by is None or r.review_by < on)


def texts_for(r: Any, lang: str) -> dict[str, str]:
    """Texts in `lang`, each field falling back to the other language when missing."""
    texts = r.texts or {}
    order = [lang] + [code for code in LANGS if code != lang] + [k for k in texts if k not in LANGS]
    out: dict[str, str] = {}
    for field in TEXT_FIELDS:
        out[field] = next(
            (texts[code][field] for code in order if code in texts and texts[code].get(field)), ""
        )
    out["lang"] = next((code for code in order if code in texts and texts[code].get("name")), lang)
    return out


def tel_href(number: str) -> str:
    digits = re.sub(r"[^0-9+]", "", number)
    return "tel:" + (
        ("+" + digits.replace("+", "")) if digits.startswith("+") else digits.replace("+", "")
    )


def public_path(r: Resource, lang: str) -> str:
    return f"/r/{r.id}?lang={lang}"


def card(r: Resource, lang: str, on: str) -> dict[str, Any]:
    """The card a visitor sees in the chat (docs/protocol.md, Message.resource). An entry that
    is no longer public (retired, back in review, past its review date) shows only its name:
    a number that may be wrong is never shown to someone in danger."""
    t = texts_for(r, lang)
    available = is_public(r, on)
    data: dict[str, Any] = {
        "id": r.id,
        "name": t["name"],
        "available": available,
        "summary": None,
        "phones": [],
        "website": None,
        "hours": None,
        "url": None,
    }
    if available:
        data.update(
            {
                "summary": t["summary"] or None,
                "phones": [
                    {
                        "number": p["number"],
                        "type": p.get("type", "voice"),
                        "href": tel_href(p["number"]),
                    }
                    for p in r.phones or []
                ],
                "website": (r.links or [{}])[0].get("url") if r.links else None,
                "hours": t["hours"] or None,
                "url": public_path(r, lang),
            }
        )
    return data


def resource_dict(r: Any, lang: str, on: str) -> dict[str, Any]:
    """A search hit or list entry for the console."""
    t = texts_for(r, lang)
    return {
        "id": r.id,
        "name": t["name"],
        "summary": t["summary"],
        "status": r.status,
        "public": is_public(r, on),
        "expired": is_expired(r, on),
        "topics": list(r.topics or []),
        "area": r.area,
        "voivodeship": r.voivodeship,
        "city": r.city,
        "languages": list(r.languages or []),
        "phones": [p["number"] for p in r.phones or []],
        "review_by": r.review_by,
        "verified_on": r.verified_on,
    }


async def get_key_cards(
    session: AsyncSession, on: str, skip_numbers: tuple[str, ...] = (), limit: int = 3
) -> dict[str, list[dict[str, Any]]]:
    """Crisis lines for visitors when nobody is on duty: public entries on the `crisis` topic with
    a phone (skipping numbers already shown, like 112), as cards in every language."""
    skip = {n.replace(" ", "") for n in skip_numbers}
    rows = (
        await session.execute(
            select(Resource)
            .where(Resource.status == "vetted", Resource.review_by >= on)
            .order_by(Resource.created_at, Resource.id)
            .limit(300)
        )
    ).scalars()
    picked = [
        r
        for r in rows
        if is_public(r, on)
        and "crisis" in (r.topics or [])
        and r.phones
        and str(r.phones[0].get("number", "")).replace(" ", "") not in skip
    ][:limit]
    return {lang: [card(r, lang, on) for r in picked] for lang in LANGS}


async def get_cards(
    session: AsyncSession, resource_ids: list[str], lang: str, on: str | None = None
) -> dict[str, dict[str, Any]]:
    """Cards for messages being replayed (one query)."""
    if not resource_ids:
        return {}
    # replay has no clock at hand (get_messages_since takes a session only): today in UTC, as svc.clock
    on = on or datetime.now(UTC).date().isoformat()
    rows = (
        await session.execute(select(Resource).where(Resource.id.in_(set(resource_ids))))
    ).scalars()
    return {r.id: card(r, lang, on) for r in rows}


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
LIST_COLUMNS = (
    Resource.id,
    Resource.name,
    Resource.texts,
    Resource.status,
    Resource.topics,
    Resource.area,
    Resource.voivodeship,
    Resource.city,
    Resource.languages,
    Resource.phones,
    Resource.review_by,
    Resource.verified_on,
)


def _region_tags(region: str | None) -> list[str]:
    if not region:
        return []
    return [search_text.tag("r", region), "rnationwide", "rinternational", "ronline"]


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
        rows = await _search(
            s, svc.db.is_sqlite, query, topic, region, language, status, public_only, on, limit
        )
        return [resource_dict(r, lang, on) for r in rows]


async def _search(
    s: AsyncSession,
    sqlite: bool,
    query: str,
    topic: str | None,
    region: str | None,
    language: str | None,
    status: str | None,
    public_only: bool,
    on: str,
    limit: int,
) -> list[Any]:
    terms = search_text.query_terms(query or "")
    tags_all = [search_text.tag("t", topic)] if topic else []
    if language:
        tags_all.append(search_text.tag("l", language))
    tags_any = _region_tags(region)
    # plain rows of the columns a result shows (no ORM objects, no search_* text): cheaper
    base = select(*LIST_COLUMNS)
    if public_only:
        base = base.where(Resource.status == "vetted", Resource.review_by >= on)
    elif status:
        base = base.where(Resource.status == status)
    if not terms and not tags_all and not tags_any:
        return list((await s.execute(base.order_by(Resource.name).limit(limit))).all())
    for mode in ("AND", "OR") if len(terms) > 1 else ("AND",):
        if sqlite:
            parts = []
            if terms:
                parts.append(
                    "{name topics body} : (" + f" {mode} ".join(f"{t}*" for t in terms) + ")"
                )
            parts += [f"tags : {t}" for t in tags_all]
            if tags_any:
                parts.append("tags : (" + " OR ".join(tags_any) + ")")
            match = " AND ".join(parts)
            # FTS5 ranks and keeps only the best `cap` matches first (a top-k, fast); the status
            # and review date are checked on those. Too few left (many hidden entries among the
            # best) -> the same search without the cap, so the result is always the true top.
            cap = limit * 2 + 20
            rows = await _sqlite_top(s, base, match, limit, cap)
            if rows is None:
                rows = await _sqlite_ranked(s, base, match, limit)
            if rows:
                return rows
            continue
        else:
            parts = []
            if terms:
                parts.append(
                    "(" + (" & " if mode == "AND" else " | ").join(f"{t}:*ABC" for t in terms) + ")"
                )
            parts += [f"{t}:D" for t in tags_all]
            if tags_any:
                parts.append("(" + " | ".join(f"{t}:D" for t in tags_any) + ")")
            tsq = func.to_tsquery(literal_column("'simple'"), " & ".join(parts))
            vector: Any = literal_column("resources.search_vector")
            stmt = base.where(vector.op("@@")(tsq)).order_by(
                func.ts_rank(
                    literal_column("'{0.0, 0.2, 0.5, 1.0}'::float4[]"), vector, tsq
                ).desc(),
                Resource.name,
            )
        rows = list((await s.execute(stmt.limit(limit))).all())
        if rows:
            return rows
    return []


_BM25 = "bm25(resources_fts, 0.0, 10.0, 4.0, 1.0, 0.0)"  # resource_id, name, topics, body, tags


async def _sqlite_top(
    s: AsyncSession, base: Any, match: str, limit: int, cap: int
) -> list[Any] | None:
    """The best `cap` FTS5 matches (one quick top-k), then their rows if public/filtered, best
    first. None when hidden entries among those leave fewer than `limit` and more matches exist."""
    top = (
        await s.execute(
            text(
                f"SELECT resource_id, {_BM25} AS score FROM resources_fts WHERE resources_fts MATCH :q ORDER BY score LIMIT :cap"
            ),
            {"q": match, "cap": cap},
        )
    ).all()
    if not top:
        return []
    score = {rid: sc for rid, sc in top}
    rows = list((await s.execute(base.where(Resource.id.in_(list(score))))).all())
    rows.sort(key=lambda r: (score[r.id], r.name))
    if len(rows) < limit and len(top) >= cap:
        return None
    return rows[:limit]


async def _sqlite_ranked(s: AsyncSession, base: Any, match: str, limit: int) -> list[Any]:
    """Every FTS5 match joined with its row (the slower, uncut path)."""
    ranked = (
        select(literal_column("resource_id").label("rid"), literal_column(_BM25).label("score"))
        .select_from(text("resources_fts"))
        .where(text("resources_fts MATCH :q").bindparams(q=match))
        .subquery()
    )
    stmt = (
        base.join(ranked, ranked.c.rid == Resource.id)
        .order_by(ranked.c.score, Resource.name)
        .limit(limit)
    )
    return list((await s.execute(stmt)).all())


async def get_review_lists(svc: Services, lang: str) -> dict[str, list[dict[str, Any]]]:
    """The supervisor's page: waiting for review, and vetted entries past their review date."""
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
        return {
            "in_review": [resource_dict(r, lang, on) for r in waiting],
            "expired": [resource_dict(r, lang, on) for r in expired],
        }


async def get_counts(svc: Services) -> dict[str, int]:
    async with svc.db.read() as s:
        rows = (
            await s.execute(select(Resource.status, func.count()).group_by(Resource.status))
        ).all()
        return {st: n for st, n in rows}


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


async def _actor(s: AsyncSession, staff_id: str) -> Staff:
    staff = await s.get(Staff, staff_id)
    if staff is None or not staff.is_active:
        raise ActionError("forbidden")
    return staff


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
        await _actor(s, staff_id)
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
    svc: Services, staff_id: str, resource_id: str, data: ResourceInput, version: int | None = None
) -> Resource:
    """Edit an entry. Networkers edit drafts and entries in review; supervisors and admins any
    entry that is not retired. A real change makes the editor the last editor and puts the entry
    back to draft (to be vetted again). `version` guards against overwriting someone else's edit."""
    now = svc.clock.now()
    async with svc.db.write() as s:
        staff = await _actor(s, staff_id)
        r = await _load(s, resource_id)
        if not can_edit(staff, r):
            raise ActionError("forbidden" if r.status != "retired" else "resource_state")
        if version is not None and version != r.version:
            raise ActionError("resource_conflict")
        before = r.status
        changes = apply_values(r, data.columns())
        if changes:
            r.status = "draft"
            r.version += 1
            r.updated_at = now
            r.last_editor_id = staff_id
            history(s, r, now, staff_id, "edited", before, _jsonable(changes))
    return r


def _jsonable(changes: dict[str, list[Any]]) -> dict[str, Any]:
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
        staff = await _actor(s, staff_id)
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
    admin who is not the entry's last editor; `review_by` must be after today
    (default: a year after `verified_on`, which defaults to today)."""
    now = svc.clock.now()
    on = now.date()
    verified_on = verified_on or on
    review_by = review_by or verified_on + timedelta(days=DEFAULT_REVIEW_DAYS)
    if verified_on > on:
        raise ActionError("invalid", detail="verified_on: the date is in the future")
    if review_by <= on:
        raise ActionError("invalid", detail="review_by: the date must be after today")
    async with svc.db.write() as s:
        staff = await _actor(s, staff_id)
        if staff.role not in SUPERVISING:
            raise ActionError("forbidden")
        r = await _load(s, resource_id)
        if r.status not in ("in_review", "vetted"):
            raise ActionError("resource_state")
        if r.last_editor_id == staff_id:
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


# --- sharing into a chat ---------------------------------------------------------------------

SHARE_TEXT = N_("Resource: %(name)s")


def share_text(c: dict[str, Any], lang: str) -> str:
    """Plain-text form of a card (transcripts, and clients that do not draw cards)."""
    lines = [gettext(SHARE_TEXT, lang) % {"name": c["name"]}]
    if c.get("summary"):
        lines.append(c["summary"])
    lines += [p["number"] for p in c.get("phones") or []]
    if c.get("website"):
        lines.append(c["website"])
    if c.get("hours"):
        lines.append(c["hours"])
    return "\n".join(lines)[:4000]


async def do_share_resource(
    svc: Services,
    staff_id: str,
    conversation_id: str,
    resource_id: str,
    client_id: str,
    skip_sid: str | None = None,
) -> dict[str, Any]:
    """Share a public entry into a conversation the networker is assigned to (or joined) as a
    staff message carrying the card (`resource`), in the visitor's language. Same seq, ack,
    de-duplication (client_id) and replay path as a typed message. Emits message.new to both
    sides (not to the sending socket `skip_sid`). Refuses with not_found, forbidden, closed,
    resource_not_found, resource_unavailable."""
    from server.actions.conversations import _append, _find_duplicate
    from server.actions.escalations import is_participant

    now = svc.clock.now()
    on = now.date().isoformat()
    try:
        async with svc.db.write() as s:
            conv = await s.get(Conversation, conversation_id)
            if conv is None:
                raise ActionError("not_found")
            if conv.assigned_staff_id != staff_id and not await is_participant(
                s, conv.id, staff_id
            ):
                raise ActionError("forbidden")
            staff = await _actor(s, staff_id)
            dup = await _find_duplicate(s, [conv.id], client_id)
            if dup is not None:
                return await _message_with_card(s, dup, staff.display_name, conv.language, on)
            if conv.status != "active":
                raise ActionError("closed")
            r = await s.get(Resource, resource_id)
            if r is None:
                raise ActionError("resource_not_found")
            if not is_public(r, on):
                raise ActionError("resource_unavailable")
            c = card(r, conv.language, on)
            msg = await _append(
                s, conv, "staff", staff_id, client_id, share_text(c, conv.language), now
            )
            msg.resource_id = r.id
            await s.flush()
            payload = message_dict(msg, staff.display_name, for_staff=True, resource=c)
            events = conversation_events(
                conv,
                "message.new",
                message_dict(msg, staff.display_name, resource=c),
                staff_payload=payload,
                skip_sid=skip_sid,
            )
    except IntegrityError:
        async with svc.db.read() as s:
            dup = await _find_duplicate(s, [conversation_id], client_id)
            staff_row = await s.get(Staff, staff_id)
            conv_row = await s.get(Conversation, conversation_id)
            if dup is None or staff_row is None or conv_row is None:
                raise
            return await _message_with_card(s, dup, staff_row.display_name, conv_row.language, on)
    await svc.bus.publish(events)
    return payload


async def _message_with_card(
    s: AsyncSession, msg: Message, name: str, lang: str, on: str
) -> dict[str, Any]:
    cards = await get_cards(s, [msg.resource_id] if msg.resource_id else [], lang, on)
    return message_dict(msg, name, for_staff=True, resource=cards.get(msg.resource_id or ""))
