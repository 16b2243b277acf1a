"""Open Referral HSDS 3.1 in and out for the resource library.

Export: one HSDS `service` object per entry (compiled form, nested organization, phones,
schedules, service_areas, languages, attributes, metadata), as a JSON array; each object validates
against HSDS 3.1's service.schema.json. HSDS has one language per record, so the texts of the
chosen language fill the standard fields; what HSDS has no field for (topics, the other
language's texts, region, review date, source) travels in `attributes` under the taxonomy
"netreach", so an export imports back without loss.

Import: a JSON array of services, one service, or {"services": [...]}. Every entry is checked
first; if anything is wrong (not JSON, not services, an invalid entry, duplicate ids) nothing is
written and the report says why, unless `partial=True` imports the valid entries and reports the
rest as rejected. All writes happen in one transaction. Imported entries start as drafts (an
existing entry with the same HSDS id is updated and goes back to draft).
"""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from sqlalchemy import select

from server.actions import resources as res
from server.actions.errors import ActionError
from server.db.models import PHONE_TYPES, RESOURCE_AREAS, RESOURCE_TOPICS, VOIVODESHIPS, Resource
from server.services import Services

NS = uuid.UUID("7a0c1f0e-5d1b-4d59-9a0e-6e65747265a1")  # netreach's namespace for derived ids
TAXONOMY = "netreach"
STATUS_OUT = {
    "draft": "inactive",
    "in_review": "inactive",
    "vetted": "active",
    "retired": "defunct",
}
AREA_NAMES = {
    "international": "International",
    "nationwide": "Nationwide (Poland)",
    "online": "Online",
}
MAX_IMPORT_BYTES = 20 * 1024 * 1024
_UUID_RE = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)


def _uid(*parts: str) -> str:
    return str(uuid.uuid5(NS, "/".join(parts)))


def _attr(service_id: str, code: str, value: str, label: str) -> dict[str, Any]:
    return {
        "id": _uid(service_id, "attr", code, value),
        "link_id": service_id,
        "link_type": "service",
        "link_entity": "service",
        "value": value,
        "label": label,
        "taxonomy_term": {
            "id": _uid("term", code),
            "code": code,
            "name": code,
            "description": f"netreach {label.lower()}",
            "taxonomy": TAXONOMY,
        },
    }


def _iso_ms(value: Any) -> str:
    return str(value.strftime("%Y-%m-%dT%H:%M:%S.")) + f"{value.microsecond // 1000:03d}Z"


def service_from_resource(r: Resource, lang: str = "pl") -> dict[str, Any]:
    """One HSDS 3.1 service object (compiled form)."""
    sid = r.hsds_id if _UUID_RE.match(r.hsds_id) else _uid("service", r.hsds_id)
    t = res.texts_for(r, lang)
    other = {code: texts for code, texts in (r.texts or {}).items() if code != t["lang"]}
    org_id = (
        r.organization_hsds_id
        if r.organization_hsds_id and _UUID_RE.match(r.organization_hsds_id)
        else _uid("org", r.organization_name or t["name"])
    )
    links = r.links or []
    service: dict[str, Any] = {
        "id": sid,
        "organization_id": org_id,
        "name": t["name"],
        "description": t["description"] or t["summary"] or t["name"],
        "status": STATUS_OUT.get(r.status, "inactive"),
        "organization": {
            "id": org_id,
            "name": r.organization_name or t["name"],
            "description": r.organization_name or t["name"],
        },
        "last_modified": _iso_ms(r.updated_at),
        "phones": [
            {
                "id": _uid(sid, "phone", str(i), p["number"]),
                "service_id": sid,
                "number": p["number"],
                "type": p.get("type", "voice"),
                **({"description": p["description"]} if p.get("description") else {}),
            }
            for i, p in enumerate(r.phones or [])
        ],
        "schedules": [
            {
                "id": _uid(sid, "schedule", str(i)),
                "service_id": sid,
                **{k: v for k, v in s.items() if v},
            }
            for i, s in enumerate(r.schedules or [])
        ],
        "service_areas": [],
        "languages": [
            {"id": _uid(sid, "lang", code), "service_id": sid, "code": code}
            for code in r.languages or []
        ],
        "attributes": [],
        "metadata": [],
    }
    if links:
        service["url"] = links[0]["url"]
        service["additional_urls"] = [
            {
                "id": _uid(sid, "url", link["url"]),
                "service_id": sid,
                "url": link["url"],
                **({"label": link["label"]} if link.get("label") else {}),
            }
            for link in links[1:]
        ]
    if r.email:
        service["email"] = r.email
    if t["eligibility"]:
        service["eligibility_description"] = t["eligibility"]
    if t["cost"]:
        service["fees_description"] = t["cost"]
    if t["summary"] and t["summary"] != service["description"]:
        service["alternate_name"] = t["summary"][:200]
    if t["hours"]:
        service["schedules"].append(
            {"id": _uid(sid, "schedule", "text"), "service_id": sid, "description": t["hours"]}
        )
    if r.verified_on:
        service["assured_date"] = r.verified_on
    area_name = (
        AREA_NAMES.get(r.area) or ", ".join(x for x in (r.city, r.voivodeship) if x) or r.area
    )
    service["service_areas"].append(
        {
            "id": _uid(sid, "area"),
            "service_id": sid,
            "name": area_name,
            "extent_type": "text",
            "extent": area_name,
        }
    )
    attrs = service["attributes"]
    attrs += [_attr(sid, "topic", topic, "Topic") for topic in r.topics or []]
    attrs.append(_attr(sid, "area", r.area, "Area"))
    for code, value in (
        ("country", r.country),
        ("voivodeship", r.voivodeship),
        ("city", r.city),
        ("review_by", r.review_by),
        ("verified_by", r.verified_by),
        ("source", r.source),
        ("lang", t["lang"]),
        ("organization", r.organization_name),
    ):
        if value:
            attrs.append(_attr(sid, code, value, code.replace("_", " ").capitalize()))
    for code, texts in other.items():
        attrs.append(
            _attr(sid, f"texts_{code}", json.dumps(texts, ensure_ascii=False), f"Texts {code}")
        )
    if r.crisis_line:  # the crisis-line flag travels in a netreach attribute too
        attrs.append(_attr(sid, "crisis_line", json.dumps(r.crisis_line), "Crisis line"))
    if r.verified_on:
        service["metadata"].append(
            {
                "id": _uid(sid, "meta", "verified", r.verified_on),
                "resource_id": sid,
                "resource_type": "service",
                "last_action_date": r.verified_on,
                "last_action_type": "verified",
                "field_name": "assured_date",
                "previous_value": "",
                "replacement_value": r.verified_on,
                "updated_by": r.verified_by or "",
            }
        )
    return service


async def export_services(
    svc: Services, lang: str = "pl", statuses: tuple[str, ...] = ("vetted",)
) -> list[dict[str, Any]]:
    async with svc.db.read() as s:
        rows = (
            await s.execute(
                select(Resource).where(Resource.status.in_(statuses)).order_by(Resource.name)
            )
        ).scalars()
        return [service_from_resource(r, lang) for r in rows]


# --- import ----------------------------------------------------------------------------------


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (which, why)
    error: str | None = None  # the file as a whole is unusable
    written: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None and not self.rejected

    def lines(self) -> list[str]:
        out = []
        if self.error:
            out.append(f"error: {self.error}")
        out += [f"added: {name}" for name in self.added]
        out += [f"updated: {name}" for name in self.updated]
        out += [f"unchanged: {name}" for name in self.unchanged]
        out += [f"rejected: {which}: {why}" for which, why in self.rejected]
        out.append(
            f"{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged, {len(self.rejected)} rejected"
            + ("" if self.written else "; nothing was imported")
        )
        return out


def _str(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _date(value: Any) -> str | None:
    text = _str(value)
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return None


def _summary(description: str) -> str:
    first = re.split(r"(?<=[.!?])\s", description.strip(), maxsplit=1)[0]
    return first[:300]


def resource_input_from_service(
    service: Any, default_lang: str = "en"
) -> tuple[str, dict[str, Any]]:
    """Map an HSDS service to (hsds id, ResourceInput data). Raises ValueError with the reason."""
    if not isinstance(service, dict):
        raise ValueError("an entry must be a JSON object (an HSDS service)")
    sid = _str(service.get("id"))
    if not sid or len(sid) > 64:
        raise ValueError("the service has no id (or it is longer than 64 characters)")
    name = _str(service.get("name"))
    if not name:
        raise ValueError("the service has no name")
    attrs: dict[str, list[str]] = {}
    for a in service.get("attributes") or []:
        term = a.get("taxonomy_term") if isinstance(a, dict) else None
        if (
            isinstance(term, dict)
            and term.get("taxonomy") == TAXONOMY
            and isinstance(a.get("value"), str)
        ):
            attrs.setdefault(str(term.get("code")), []).append(a["value"])

    def one(code: str) -> str | None:
        values = attrs.get(code)
        return values[0] if values else None

    lang = one("lang") or default_lang
    if lang not in ("pl", "en"):
        raise ValueError(f"unsupported language {lang!r}")
    description = _str(service.get("description")) or ""
    hours = [
        d
        for d in (
            _str(s.get("description"))
            for s in service.get("schedules") or []
            if isinstance(s, dict)
        )
        if d
    ]
    texts: dict[str, Any] = {
        lang: {
            "name": name[:200],
            "summary": (_str(service.get("alternate_name")) if one("lang") else None)
            or _summary(description),
            "description": description[:5000],
            "eligibility": (_str(service.get("eligibility_description")) or "")[:2000],
            "cost": (_str(service.get("fees_description")) or _str(service.get("fees")) or "")[
                :1000
            ],
            "hours": " ".join(hours)[:500],
        }
    }
    for code in ("pl", "en"):
        raw = one(f"texts_{code}")
        if raw and code != lang:
            try:
                texts[code] = json.loads(raw)
            except ValueError:
                raise ValueError(f"the netreach texts_{code} attribute is not JSON") from None
    phones = []
    for p in service.get("phones") or []:
        if not isinstance(p, dict):
            raise ValueError("a phone is not an object")
        number = (_str(p.get("number")) or "").strip("\"' ")
        if not number:
            raise ValueError("a phone has no number")
        ptype = _str(p.get("type")) or "voice"
        phones.append(
            {
                "number": number,
                "type": ptype if ptype in PHONE_TYPES else "voice",
                "description": (_str(p.get("description")) or "")[:200] or None,
            }
        )
    links = []
    if _str(service.get("url")):
        links.append({"url": _str(service.get("url"))})
    for u in service.get("additional_urls") or []:
        if isinstance(u, dict) and _str(u.get("url")):
            links.append(
                {"url": _str(u.get("url")), "label": (_str(u.get("label")) or "")[:100] or None}
            )
    schedules = []
    for s in service.get("schedules") or []:
        if isinstance(s, dict) and (s.get("opens_at") or s.get("byday")):
            item = {
                "byday": _str(s.get("byday")),
                "opens_at": (_str(s.get("opens_at")) or "")[:8] or None,
                "closes_at": (_str(s.get("closes_at")) or "")[:8] or None,
            }
            schedules.append({k: v for k, v in item.items() if v})
    languages = []
    for lang_entry in service.get("languages") or []:
        lang_code = _str(lang_entry.get("code")) if isinstance(lang_entry, dict) else None
        if (
            lang_code
            and re.fullmatch(r"[a-z]{2,3}", lang_code.lower())
            and lang_code.lower() not in languages
        ):
            languages.append(lang_code.lower())
    topics = [t for t in attrs.get("topic", []) if t in RESOURCE_TOPICS] or ["other"]
    area = one("area") if one("area") in RESOURCE_AREAS else "nationwide"
    voivodeship = one("voivodeship") if one("voivodeship") in VOIVODESHIPS else None
    org = service.get("organization")
    data: dict[str, Any] = {
        "texts": texts,
        # a netreach export names the organisation in an attribute (HSDS requires one even when unknown)
        "organization_name": one("organization")
        if one("lang")
        else (_str(org.get("name")) if isinstance(org, dict) else None),
        "topics": topics,
        "phones": phones,
        "email": _str(service.get("email")),
        "links": links,
        "schedules": schedules,
        "area": area if area != "regional" or voivodeship or one("city") else "nationwide",
        "country": one("country"),
        "voivodeship": voivodeship,
        "city": one("city"),
        "languages": languages,
        "verified_on": _date(service.get("assured_date")),
        "verified_by": one("verified_by") or _str(service.get("assurer_email")),
        "source": one("source"),
        "review_by": _date(one("review_by")),
    }
    raw_flag = one("crisis_line")
    if raw_flag:
        try:
            data["crisis_line"] = json.loads(raw_flag)
        except ValueError:
            raise ValueError("the netreach crisis_line attribute is not JSON") from None
    return sid, data


def parse_import(raw: bytes | str) -> list[Any]:
    """The list of services in a file, or ValueError saying why the file is unusable."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_IMPORT_BYTES:
            raise ValueError(f"the file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB")
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValueError("the file is not UTF-8 text") from None
    try:
        doc = json.loads(raw)
    except ValueError as exc:
        raise ValueError(f"the file is not valid JSON ({exc})") from None
    if isinstance(doc, dict) and isinstance(doc.get("services"), list):
        doc = doc["services"]
    elif isinstance(doc, dict):
        doc = [doc]
    if not isinstance(doc, list):
        raise ValueError(
            'expected an HSDS service object, a list of services or {"services": [...]}'
        )
    if not doc:
        raise ValueError("the file holds no services")
    return doc


async def do_import(
    svc: Services,
    raw: bytes | str,
    *,
    default_lang: str = "en",
    partial: bool = False,
    actor_id: str | None = None,
    label: str = "import",
) -> ImportReport:
    """Import HSDS services as drafts, all in one transaction (see the module docstring)."""
    report = ImportReport()
    try:
        services = parse_import(raw)
    except ValueError as exc:
        report.error = str(exc)
        return report
    checked: list[tuple[str, str, res.ResourceInput]] = []
    seen: set[str] = set()
    for index, service in enumerate(services):
        which = f"#{index + 1}" + (
            f" {service.get('name')!r}"
            if isinstance(service, dict) and isinstance(service.get("name"), str)
            else ""
        )
        try:
            sid, data = resource_input_from_service(service, default_lang)
            if sid in seen:
                raise ValueError(f"the id {sid} appears twice in the file")
            seen.add(sid)
            checked.append((which, sid, res.check_resource_input(data)))
        except ValueError as exc:
            report.rejected.append((which, str(exc)))
        except ActionError as exc:
            report.rejected.append((which, str(exc.params.get("detail", exc.code))))
    if report.rejected and not partial:
        return report
    now = svc.clock.now()
    async with svc.db.write() as s:
        for which, sid, checked_input in checked:
            values = checked_input.columns()
            r = (
                await s.execute(select(Resource).where(Resource.hsds_id == sid))
            ).scalar_one_or_none()
            if r is None:
                r = res.new_resource(values, now, actor_id, hsds_id=sid)
                s.add(r)
                await s.flush()
                res.history(
                    s, r, now, actor_id, "imported", None, note=f"{label}: added", actor_label=label
                )
                report.added.append(which)
            else:
                before = r.status
                changes = res.apply_values(r, values)
                if not changes:
                    report.unchanged.append(which)
                    continue
                r.status = "draft"
                r.version += 1
                r.updated_at = now
                r.last_editor_id = actor_id
                res.history(
                    s,
                    r,
                    now,
                    actor_id,
                    "imported",
                    before,
                    res.jsonable_changes(changes),
                    note=f"{label}: updated",
                    actor_label=label,
                )
                report.updated.append(which)
    report.written = bool(report.added or report.updated)
    return report


# --- starter set -----------------------------------------------------------------------------

STARTER_FILE = files("server") / "resources_starter.json"  # package data


async def do_load_starter(svc: Services, path: Traversable = STARTER_FILE) -> ImportReport:
    """Load the starter library (server/resources_starter.json) once: entries whose hsds id
    already exists are left alone. Entries marked "vetted" there are verified facts
    (resources-facts.md) and ship vetted with their verification date and source; the rest ship
    as drafts. Written in one transaction, with history 'starter'."""
    report = ImportReport()
    doc = json.loads(await asyncio.to_thread(path.read_text, encoding="utf-8"))
    entries = []
    for item in doc["entries"]:
        status = item.pop("status", "draft")
        sid = item.pop("hsds_id")
        item.pop("note", None)
        entries.append((sid, status, res.check_resource_input(item)))
    now = svc.clock.now()
    label = "starter set"
    async with svc.db.write() as s:
        existing = set((await s.execute(select(Resource.hsds_id))).scalars())
        for sid, status, data in entries:
            if sid in existing:
                continue
            r = res.new_resource(data.columns(), now, None, hsds_id=sid, status=status)
            if status == "vetted":
                r.vetted_at = now
            s.add(r)
            await s.flush()
            res.history(
                s, r, now, None, "starter", None, note=doc.get("source_note"), actor_label=label
            )
            report.added.append(r.name)
    report.written = bool(report.added)
    return report
