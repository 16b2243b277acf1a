"""Open Referral HSDS 3.1 in and out for the resource library, without loss (docs/resources.md).

Export: one HSDS `service` object per entry (compiled form), as a JSON array; each validates
against HSDS 3.1's service.schema.json. An entry made here is written from its columns: HSDS has
one language per record, so the texts of the chosen language fill the standard fields, and what
HSDS has no field for (topics, the other language's texts, region, review date, source) travels
in `attributes` under the taxonomy "netreach". An imported entry is exported as the original
object it came from (kept verbatim in `resources.hsds_original`, its organisation in
`organizations`, its service_at_locations in `resource_locations` + `locations`), with the
fields edited here written over it: import then export gives back every field, with its ids.

Import: a JSON array of services, one service, {"services": [...]} or an HSDS API page
({"contents": [...]}). Every entry is checked first; if anything is wrong (not JSON, not
services, an invalid entry, duplicate ids) nothing is written and the report says why, unless
`partial=True` imports the valid entries and reports the rest as rejected. All writes happen in
one transaction. New and changed entries are drafts; an entry edited here since it was
imported is not overwritten (the partner's version waits in `feed_pending`). A partner's
verification date (assured_date) is kept as `partner_verified_on`, beside our own.
"""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from importlib.resources import files
from importlib.resources.abc import Traversable
from types import SimpleNamespace
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.actions import resources as res
from server.actions.errors import ActionError, Detail
from server.actions.serialize import iso
from server.db.models import (
    PHONE_TYPES,
    RESOURCE_AREAS,
    RESOURCE_TOPICS,
    VOIVODESHIPS,
    Location,
    Organization,
    Resource,
    ResourceLocation,
)
from server.i18n import N_
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
# the partner's own verification of an entry (HSDS assured_date, assurer_email), beside ours
PARTNER_FIELDS = ("partner_verified_on", "partner_verified_by")
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


def _netreach_service(
    sid: str, values: dict[str, Any], lang: str, updated_at: datetime | None = None
) -> dict[str, Any]:
    """The HSDS service netreach writes for an entry's content `values` (its content columns and
    partner_verified_on/by): every field netreach uses, and `attributes` under the taxonomy
    "netreach" for what HSDS has no field for. Pure: equal values give an equal service, which
    is how export tells a local edit from the partner's original (`service_from_resource`)."""
    r = SimpleNamespace(**{k: values.get(k) for k in (*res.CONTENT_FIELDS, *PARTNER_FIELDS)})
    t = res.texts_for(r, lang)
    other = {code: texts for code, texts in (r.texts or {}).items() if code != t["lang"]}
    org_name = r.organization_name or t["name"]
    org_id = _uid("org", org_name)
    links = r.links or []
    service: dict[str, Any] = {
        "id": sid,
        "organization_id": org_id,
        "name": t["name"],
        "description": t["description"] or t["summary"] or t["name"],
        "organization": {"id": org_id, "name": org_name, "description": org_name},
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
    if updated_at is not None:
        service["last_modified"] = _iso_ms(updated_at)
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
    # our own verification when we made one, else the partner's (kept beside it)
    assured = r.verified_on or r.partner_verified_on
    if assured:
        service["assured_date"] = assured
    if r.partner_verified_by and not r.verified_on:
        service["assurer_email"] = r.partner_verified_by
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
        ("verified_on", r.verified_on),
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


def _is_ours(item: Any) -> bool:
    term = item.get("taxonomy_term") if isinstance(item, dict) else None
    return isinstance(term, dict) and term.get("taxonomy") == TAXONOMY


# keys export decides itself rather than by comparing generated values
_OWN_KEYS = ("id", "status", "last_modified", "organization", "organization_id")


def current_values(r: Resource) -> dict[str, Any]:
    """The entry's content columns and partner verification, as import derived them."""
    return {k: getattr(r, k, None) for k in (*res.CONTENT_FIELDS, *PARTNER_FIELDS)}


def service_from_resource(
    r: Resource,
    lang: str = "pl",
    organization: Organization | None = None,
    locations: list[tuple[ResourceLocation, Location]] | None = None,
) -> dict[str, Any]:
    """One HSDS 3.1 service object (compiled form) for an entry.

    An entry made here is written from its columns (`_netreach_service`). An imported entry is
    its original HSDS object, verbatim, with every top-level field that a local edit changed
    written over it (the field as netreach writes it; `attributes` and `metadata` keep the
    partner's own items beside netreach's), its organisation from `organizations` and its
    service_at_locations from `resource_locations` + `locations`: import then export of an
    unedited entry gives back the document it came from, ids included."""
    sid = r.hsds_id if _UUID_RE.match(r.hsds_id) else _uid("service", r.hsds_id)
    current = _netreach_service(sid, current_values(r), lang, r.updated_at)
    original = r.hsds_original or {}
    service = dict(original.get("service") or {})
    if not service:
        out = current
        out["status"] = STATUS_OUT.get(r.status, "inactive")
        if r.status == "retired":
            out["status"] = "defunct"
    else:
        baseline = _netreach_service(sid, original.get("values") or {}, lang)
        edited = False
        for key in set(current) | set(baseline):
            if key in _OWN_KEYS or current.get(key) == baseline.get(key):
                continue
            edited = True
            if key in ("attributes", "metadata"):
                theirs = [
                    item
                    for item in service.get(key) or []
                    if not _is_ours(item)
                    and item not in (baseline.get(key) or [])  # netreach's own metadata
                ]
                service[key] = theirs + current.get(key, [])
            elif key in current:
                service[key] = current[key]
            else:
                service.pop(key, None)
        if edited:
            service["last_modified"] = current["last_modified"]
        if r.status == "retired":
            service["status"] = "defunct"
        out = service
    if organization is not None:
        org = dict(organization.raw)
        if r.organization_name and r.organization_name != (original.get("values") or {}).get(
            "organization_name"
        ):
            org["name"] = r.organization_name
        out["organization"] = org
        if not original.get("service") or "organization_id" in out:
            out["organization_id"] = org["id"]
    if original.get("locations") or locations:
        out["service_at_locations"] = [
            {**link.raw, "location": location.raw} for link, location in locations or []
        ]
    return out


async def get_hsds_parts(
    s: AsyncSession, resources: list[Resource]
) -> tuple[dict[str, Organization], dict[str, list[tuple[ResourceLocation, Location]]]]:
    """The organisations ({organization id: row}) and service_at_locations ({resource id:
    [(link, location)] in order}) of these entries, in two queries."""
    org_ids = {r.organization_id for r in resources if r.organization_id}
    orgs = {
        o.id: o
        for o in (
            await s.execute(select(Organization).where(Organization.id.in_(org_ids)))
        ).scalars()
    }
    by_resource: dict[str, list[tuple[ResourceLocation, Location]]] = {}
    ids = [r.id for r in resources]
    for start in range(0, len(ids), 500):
        rows = await s.execute(
            select(ResourceLocation, Location)
            .join(Location, Location.id == ResourceLocation.location_id)
            .where(ResourceLocation.resource_id.in_(ids[start : start + 500]))
            .order_by(ResourceLocation.resource_id, ResourceLocation.position)
        )
        for link, location in rows.all():
            by_resource.setdefault(link.resource_id, []).append((link, location))
    return orgs, by_resource


def services_of(
    resources: list[Resource],
    orgs: dict[str, Organization],
    locations: dict[str, list[tuple[ResourceLocation, Location]]],
    lang: str,
) -> list[dict[str, Any]]:
    """HSDS services of these entries (what `get_hsds_parts` read for them)."""
    return [
        service_from_resource(
            r,
            lang,
            orgs.get(r.organization_id) if r.organization_id else None,
            locations.get(r.id),
        )
        for r in resources
    ]


async def get_places(svc: Services, r: Resource) -> dict[str, Any]:
    """An entry's organisation id in HSDS (or None) and its locations, in order:
    {"organization_id", "locations": [{"name", "address", "latitude", "longitude"}]}."""
    async with svc.db.read() as s:
        orgs, locations = await get_hsds_parts(s, [r])
    org = orgs.get(r.organization_id) if r.organization_id else None
    return {
        "organization_id": org.hsds_id if org is not None else None,
        "locations": [
            {
                "name": location.name,
                "address": location.address,
                "latitude": location.latitude,
                "longitude": location.longitude,
            }
            for _, location in locations.get(r.id, [])
        ],
    }


async def export_services(
    svc: Services, lang: str = "pl", statuses: tuple[str, ...] = ("vetted",)
) -> list[dict[str, Any]]:
    """Every entry with one of `statuses` as an HSDS service, by name."""
    async with svc.db.read() as s:
        rows = list(
            (
                await s.execute(
                    select(Resource).where(Resource.status.in_(statuses)).order_by(Resource.name)
                )
            ).scalars()
        )
        orgs, locations = await get_hsds_parts(s, rows)
        return services_of(rows, orgs, locations, lang)


# --- import ----------------------------------------------------------------------------------


def reason_of(exc: Exception) -> Detail:
    """Why a service or a document was refused, translatable: the Detail a ValueError of this
    module carries, an ActionError's detail (or its message), else the exception's text."""
    if isinstance(exc, ActionError):
        detail = exc.params.get("detail")
        if isinstance(detail, Detail):
            return detail
        return Detail(exc.template, **exc.params)
    first = exc.args[0] if exc.args else None
    return first if isinstance(first, Detail) else Detail(str(exc))


@dataclass
class ImportReport:
    """What an import did: names of entries added, updated, unchanged, held back (a partner's
    change to an entry edited here, `held`), withdrawn (feeds: gone from the partner's
    directory), rejected with why; `error` when the document as a whole is unusable."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (which, why in English)
    reasons: list[Detail] = field(default_factory=list)  # why, translatable, as in `rejected`
    error: str | None = None  # the file as a whole is unusable
    written: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None and not self.rejected

    def reject(self, which: str, why: Detail) -> None:
        """Record that the service `which` ("#3 'Name'") was refused, and why."""
        self.rejected.append((which, str(why)))
        self.reasons.append(why)

    def lines(self) -> list[str]:
        out = []
        if self.error:
            out.append(f"error: {self.error}")
        out += [f"added: {name}" for name in self.added]
        out += [f"updated: {name}" for name in self.updated]
        out += [f"unchanged: {name}" for name in self.unchanged]
        out += [f"held (edited here): {name}" for name in self.held]
        out += [f"withdrawn by the partner: {name}" for name in self.withdrawn]
        out += [f"rejected: {which}: {why}" for which, why in self.rejected]
        out.append(
            f"{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged, {len(self.rejected)} rejected"
            + (f", {len(self.held)} held" if self.held else "")
            + (f", {len(self.withdrawn)} withdrawn" if self.withdrawn else "")
            + ("" if self.written else "; nothing was imported")
        )
        return out

    def as_json(self) -> dict[str, Any]:
        """The report as stored on a partner feed (`partner_feeds.last_report`)."""
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": len(self.unchanged),
            "held": self.held,
            "withdrawn": self.withdrawn,
            "rejected": [[which, why] for which, why in self.rejected],
        }


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


# markup or a script scheme: refused, where a merely unusual value is only left unused
_HOSTILE = re.compile(r"[<>\"'`]|^\s*(javascript|data|vbscript|file):", re.IGNORECASE)
_BYDAY_RE = re.compile(r"^(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*$")
_TIME_RE = re.compile(r"^\d{2}:\d{2}(:\d{2})?$")


def _netreach_attributes(service: dict[str, Any]) -> dict[str, list[str]]:
    attrs: dict[str, list[str]] = {}
    for a in service.get("attributes") or []:
        if _is_ours(a) and isinstance(a.get("value"), str):
            attrs.setdefault(str(a["taxonomy_term"].get("code")), []).append(a["value"])
    return attrs


def is_netreach_export(service: Any) -> bool:
    """Whether a service was written by netreach (it carries netreach's `lang` attribute):
    then its verification is netreach's own; anyone else's is a partner's."""
    return isinstance(service, dict) and bool(_netreach_attributes(service).get("lang"))


def resource_input_from_service(
    service: Any, default_lang: str = "en", *, partner: bool | None = None
) -> tuple[str, dict[str, Any]]:
    """Map an HSDS service to (hsds id, ResourceInput data + partner_verified_on/by). Raises
    ValueError with the reason. What netreach shows must be safe (http(s) links, phone numbers
    of digits); what it cannot use is left out here (texts are cut to netreach's lengths, a
    schedule or e-mail it cannot read is skipped) and stays in the original, exported again.
    `partner` (default: anything netreach did not write): HSDS assured_date / assurer_email are
    the partner's verification, kept apart from ours (verified_on stays empty until we vet)."""
    if not isinstance(service, dict):
        raise ValueError(Detail(N_("an entry must be a JSON object (an HSDS service)")))
    sid = _str(service.get("id"))
    if not sid or len(sid) > 64:
        raise ValueError(Detail(N_("the service has no id (or it is longer than 64 characters)")))
    name = _str(service.get("name"))
    if not name:
        raise ValueError(Detail(N_("the service has no name")))
    if partner is None:
        partner = not is_netreach_export(service)
    attrs = _netreach_attributes(service) if not partner else {}

    def one(code: str) -> str | None:
        values = attrs.get(code)
        return values[0] if values else None

    lang = one("lang") or default_lang
    if lang not in ("pl", "en"):
        raise ValueError(Detail(N_("unsupported language %(lang)s"), lang=repr(lang)))
    description = _str(service.get("description")) or ""
    schedules_in = [s for s in service.get("schedules") or [] if isinstance(s, dict)]
    hours = [d for d in (_str(s.get("description")) for s in schedules_in) if d]
    texts: dict[str, Any] = {
        lang: {
            "name": name[:200],
            "summary": ((_str(service.get("alternate_name")) or "")[:300] if one("lang") else None)
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
                raise ValueError(
                    Detail(N_("the netreach texts_%(code)s attribute is not JSON"), code=code)
                ) from None
    # a phone number or link netreach cannot use is left to the original (exported again, never
    # shown here); one that looks like an attack refuses the whole service
    phones = []
    for p in service.get("phones") or []:
        if not isinstance(p, dict):
            raise ValueError(Detail(N_("a phone is not an object")))
        number = (_str(p.get("number")) or "").strip("\"' ")
        if not number:
            raise ValueError(Detail(N_("a phone has no number")))
        if not res.is_phone_number(number):
            if _HOSTILE.search(number):
                raise ValueError(
                    Detail(
                        N_(
                            "a phone number has digits, spaces, brackets, dashes and an "
                            "optional leading + (not %(number)s)"
                        ),
                        number=repr(number[:40]),
                    )
                )
            continue
        ptype = _str(p.get("type")) or "voice"
        phones.append(
            {
                "number": number,
                "type": ptype if ptype in PHONE_TYPES else "voice",
                "description": (_str(p.get("description")) or "")[:200] or None,
            }
        )
    links = []
    for u in [{"url": service.get("url")}, *(service.get("additional_urls") or [])]:
        url = _str(u.get("url")) if isinstance(u, dict) else None
        if not url:
            continue
        if not res.is_web_link(url):
            if _HOSTILE.search(url):
                raise ValueError(
                    Detail(
                        N_("a link must be an http:// or https:// address (not %(url)s)"),
                        url=repr(url[:60]),
                    )
                )
            continue
        label = (_str(u.get("label")) or "")[:100] or None
        links.append({"url": url, "label": label} if label else {"url": url})
    schedules = []
    for s in schedules_in:
        item = {
            "byday": _str(s.get("byday")),
            "opens_at": (_str(s.get("opens_at")) or "")[:8] or None,
            "closes_at": (_str(s.get("closes_at")) or "")[:8] or None,
        }
        for key, pattern in (("byday", _BYDAY_RE), ("opens_at", _TIME_RE), ("closes_at", _TIME_RE)):
            value = item[key]
            if value and not pattern.match(value):
                item[key] = None
        if item["opens_at"] or item["byday"]:
            schedules.append({k: v for k, v in item.items() if v})
    languages: list[str] = []
    for lang_entry in service.get("languages") or []:
        lang_code = _str(lang_entry.get("code")) if isinstance(lang_entry, dict) else None
        if (
            lang_code
            and re.fullmatch(r"[a-z]{2,3}", lang_code.lower())
            and lang_code.lower() not in languages
        ):
            languages.append(lang_code.lower())
    email = _str(service.get("email"))
    topics = [t for t in attrs.get("topic", []) if t in RESOURCE_TOPICS] or ["other"]
    area = one("area") if one("area") in RESOURCE_AREAS else "nationwide"
    voivodeship = one("voivodeship") if one("voivodeship") in VOIVODESHIPS else None
    org = service.get("organization")
    org_name = _str(org.get("name")) if isinstance(org, dict) else None
    data: dict[str, Any] = {
        "texts": texts,
        # a netreach export names the organisation in an attribute (HSDS requires one even when unknown)
        "organization_name": one("organization") if one("lang") else (org_name or "")[:200] or None,
        "topics": topics,
        "phones": phones[:10],
        "email": email if email and res.is_email(email) else None,
        "links": links[:10],
        "schedules": schedules[:14],
        "area": area if area != "regional" or voivodeship or one("city") else "nationwide",
        "country": one("country") if not partner else _country(service),
        "voivodeship": voivodeship,
        "city": one("city"),
        "languages": languages[:20],
        "verified_on": None if partner else _date(service.get("assured_date")),
        "verified_by": None if partner else one("verified_by"),
        "source": one("source"),
        "review_by": None if partner else _date(one("review_by")),
        "partner_verified_on": _date(service.get("assured_date")) if partner else None,
        "partner_verified_by": ((_str(service.get("assurer_email")) or "")[:200] or None)
        if partner
        else None,
    }
    if not partner and one("verified_on"):
        data["verified_on"] = _date(one("verified_on"))
    raw_flag = one("crisis_line")
    if raw_flag:
        try:
            data["crisis_line"] = json.loads(raw_flag)
        except ValueError:
            raise ValueError(Detail(N_("the netreach crisis_line attribute is not JSON"))) from None
    return sid, data


def _country(service: dict[str, Any]) -> str | None:
    """A partner's service's country: that of its first location's first address (ISO 3166
    alpha-2), else none known."""
    for sal in service.get("service_at_locations") or []:
        location = sal.get("location") if isinstance(sal, dict) else None
        if not isinstance(location, dict):
            continue
        for address in location.get("addresses") or []:
            country = address.get("country") if isinstance(address, dict) else None
            if isinstance(country, str) and re.fullmatch(r"[A-Z]{2}", country):
                return country
    return None


def parse_import(raw: bytes | str) -> list[Any]:
    """The list of services in a file, or ValueError saying why the file is unusable."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_IMPORT_BYTES:
            raise ValueError(
                Detail(
                    N_("the file is larger than %(mb)s MB"), mb=MAX_IMPORT_BYTES // (1024 * 1024)
                )
            )
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValueError(Detail(N_("the file is not UTF-8 text"))) from None
    try:
        doc = json.loads(raw)
    except ValueError as exc:
        raise ValueError(
            Detail(N_("the file is not valid JSON (%(error)s)"), error=str(exc))
        ) from None
    return services_in(doc)


def services_in(doc: Any) -> list[Any]:
    """The services of a parsed document: a list, one service, {"services": [...]} or an HSDS
    API page ({"contents": [...]}); ValueError when there are none."""
    if isinstance(doc, dict) and isinstance(doc.get("services"), list):
        doc = doc["services"]
    elif isinstance(doc, dict) and isinstance(doc.get("contents"), list):
        doc = doc["contents"]
    elif isinstance(doc, dict):
        doc = [doc]
    if not isinstance(doc, list):
        raise ValueError(
            Detail(N_('expected an HSDS service object, a list of services or {"services": [...]}'))
        )
    if not doc:
        raise ValueError(Detail(N_("the file holds no services")))
    return doc


@dataclass
class _Checked:
    which: str
    sid: str
    service: dict[str, Any]
    data: res.ResourceInput
    partner: dict[str, Any]  # partner_verified_on / _by
    is_partner: bool


def check_services(
    services: list[Any], default_lang: str, partner: bool | None, report: ImportReport
) -> list[_Checked]:
    """Validate every service (reasons go to `report.rejected`); the valid ones, checked."""
    checked: list[_Checked] = []
    seen: set[str] = set()
    for index, service in enumerate(services):
        which = f"#{index + 1}" + (
            f" {service.get('name')!r}"
            if isinstance(service, dict) and isinstance(service.get("name"), str)
            else ""
        )
        try:
            sid, data = resource_input_from_service(service, default_lang, partner=partner)
            if sid in seen:
                raise ValueError(Detail(N_("the id %(id)s appears twice in the file"), id=sid))
            seen.add(sid)
            extra = {k: data.pop(k) for k in PARTNER_FIELDS}
            is_partner = partner if partner is not None else not is_netreach_export(service)
            checked.append(
                _Checked(which, sid, service, res.check_resource_input(data), extra, is_partner)
            )
        except ValueError as exc:
            report.reject(which, reason_of(exc))
        except ActionError as exc:
            report.reject(which, reason_of(exc))
    return checked


def _split(service: dict[str, Any]) -> tuple[dict[str, Any], Any, list[Any] | None]:
    """(the service to keep verbatim, its organisation object when it goes to `organizations`,
    its service_at_locations when every one has a location that goes to `locations`)."""
    kept = dict(service)
    org = service.get("organization")
    if not (
        isinstance(org, dict)
        and isinstance(org.get("id"), str)
        and 0 < len(org["id"]) <= 64
        and isinstance(org.get("name"), str)
    ):
        org = None
    else:
        kept.pop("organization")
    sals = service.get("service_at_locations")
    if isinstance(sals, list) and all(
        isinstance(sal, dict)
        and isinstance(sal.get("location"), dict)
        and isinstance(sal["location"].get("id"), str)
        and 0 < len(sal["location"]["id"]) <= 64
        for sal in sals
    ):
        kept.pop("service_at_locations")
    else:
        sals = None
    return kept, org, sals


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


async def _store_parts(
    s: AsyncSession,
    r: Resource,
    org: dict[str, Any] | None,
    sals: list[Any] | None,
    now: datetime,
    feed_id: str | None,
) -> None:
    """Write the organisation and locations of an imported service and link them to `r`."""
    organization = None
    if org is not None:
        organization = (
            await s.execute(select(Organization).where(Organization.hsds_id == org["id"]))
        ).scalar_one_or_none()
        if organization is None:
            organization = Organization(hsds_id=org["id"], feed_id=feed_id)
            s.add(organization)
        organization.raw = org
        organization.name = (_str(org.get("name")) or "?")[:200]
        organization.updated_at = now
        await s.flush()
    r.organization_id = organization.id if organization is not None else None
    await s.execute(delete(ResourceLocation).where(ResourceLocation.resource_id == r.id))
    for position, sal in enumerate(sals or []):
        raw = sal["location"]
        location = (
            await s.execute(select(Location).where(Location.hsds_id == raw["id"]))
        ).scalar_one_or_none()
        if location is None:
            location = Location(hsds_id=raw["id"])
            s.add(location)
        addresses = [a for a in raw.get("addresses") or [] if isinstance(a, dict)]
        location.raw = raw
        location.name = (_str(raw.get("name")) or "")[:200] or None
        location.latitude = _number(raw.get("latitude"))
        location.longitude = _number(raw.get("longitude"))
        location.address = addresses[0] if addresses else None
        location.organization_id = organization.id if organization is not None else None
        location.updated_at = now
        await s.flush()
        link = {k: v for k, v in sal.items() if k != "location"}
        s.add(
            ResourceLocation(resource_id=r.id, location_id=location.id, position=position, raw=link)
        )


def _original(service: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """What `Resource.hsds_original` keeps: the service without what went to the organisation
    and location tables ("service"), the content values it gave ("values": a later difference
    is an edit made here), and the partner's organisation and service_at_locations as they came
    (other services may share and re-import those rows: these tell what this one changed)."""
    kept, org, sals = _split(service)
    return {
        "service": kept,
        "values": values,
        "locations": sals is not None,
        "organization_raw": org,
        "locations_raw": sals,
    }


# top-level HSDS fields whose change alone is the partner re-verifying, not a new content
_VERIFICATION_KEYS = frozenset({"assured_date", "assurer_email", "last_modified", "metadata"})


def partner_changes(old: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, list[Any]]:
    """{HSDS field: [before, after]} between two versions of a partner's service (its fields,
    organisation and locations included), leaving out re-verification alone."""
    old = old or {}
    return {
        key: [old.get(key), new.get(key)]
        for key in sorted(set(old) | set(new))
        if key not in _VERIFICATION_KEYS and old.get(key) != new.get(key)
    }


def our_review_by(partner_verified_on: str | None, today_: date) -> str:
    """Our own review-by date for an entry a partner verified on `partner_verified_on`: a year
    (DEFAULT_REVIEW_DAYS) after the partner's check, never later than a year from today, and
    today when that has passed (the entry is due for our re-verification at once)."""
    start = today_
    if partner_verified_on:
        start = min(date.fromisoformat(partner_verified_on), today_)
    return max(start + timedelta(days=res.DEFAULT_REVIEW_DAYS), today_).isoformat()


async def import_checked(
    s: AsyncSession,
    checked: list[_Checked],
    report: ImportReport,
    *,
    now: datetime,
    actor_id: str | None,
    label: str,
    feed_id: str | None = None,
) -> None:
    """Write checked services in the caller's transaction (see `do_import`). An entry that was
    edited here since its last import is never overwritten: the partner's version waits in
    `feed_pending` (history 'partner_held'), to be taken or left on the entry's page."""
    for c in checked:
        values = c.data.columns()
        r = (
            await s.execute(select(Resource).where(Resource.hsds_id == c.sid))
        ).scalar_one_or_none()
        is_partner = c.is_partner
        kept, org, sals = _split(c.service)
        if r is None:
            if is_partner:
                values["review_by"] = our_review_by(c.partner["partner_verified_on"], now.date())
            r = res.new_resource(values, now, actor_id, hsds_id=c.sid)
            r.partner_verified_on = c.partner["partner_verified_on"]
            r.partner_verified_by = c.partner["partner_verified_by"]
            r.feed_id = feed_id
            r.hsds_original = _original(c.service, current_values(r))
            s.add(r)
            await s.flush()
            await _store_parts(s, r, org, sals, now, feed_id)
            res.history(
                s, r, now, actor_id, "imported", None, note=f"{label}: added", actor_label=label
            )
            report.added.append(c.which)
            continue
        if is_partner:  # our own verification is ours: a partner's document does not carry it
            for key in OUR_VERIFICATION:
                values[key] = getattr(r, key)
        before = r.status
        previous = r.hsds_original or {}
        old_full = _full_original(previous)
        hsds_changes = partner_changes(old_full, c.service) if previous else {}
        edited_here = bool(previous) and _edited(current_values(r), previous.get("values") or {})
        content = {
            k: [getattr(r, k, None), values.get(k)]
            for k in res.CONTENT_FIELDS
            if getattr(r, k, None) != values.get(k)
        }
        partner_dates = {
            k: [getattr(r, k), c.partner[k]]
            for k in PARTNER_FIELDS
            if getattr(r, k) != c.partner[k]
        }
        if r.withdrawn_at is not None:
            r.withdrawn_at = None  # back in the partner's directory
            partner_dates["withdrawn"] = [True, False]
        if (
            not content
            and not hsds_changes
            and not partner_dates
            and (not previous or previous.get("service") == kept)
        ):
            report.unchanged.append(c.which)
            continue
        if edited_here and (content or hsds_changes):
            r.feed_pending = {
                "at": iso(now),
                "service": c.service,
                "changes": res.jsonable_changes({**content, **hsds_changes}),
            }
            r.version += 1
            res.history(
                s,
                r,
                now,
                None,
                "partner_held",
                before,
                res.jsonable_changes({**content, **hsds_changes}),
                note=f"{label}: the partner changed it; the edit made here was kept",
                actor_label=label,
            )
            report.held.append(c.which)
            continue
        res.apply_values(r, values)
        r.partner_verified_on = c.partner["partner_verified_on"]
        r.partner_verified_by = c.partner["partner_verified_by"]
        r.feed_id = feed_id or r.feed_id
        r.feed_pending = None
        r.hsds_original = _original(c.service, current_values(r))
        await _store_parts(s, r, org, sals, now, feed_id)
        r.version += 1
        r.updated_at = now
        changed = content or hsds_changes
        if changed:
            r.status = "draft" if r.status != "retired" else r.status
            r.last_editor_id = actor_id
        res.history(
            s,
            r,
            now,
            actor_id,
            "imported" if changed else "partner_verified",
            before,
            res.jsonable_changes({**content, **hsds_changes, **partner_dates}),
            note=f"{label}: updated" if changed else f"{label}: verified again by the partner",
            actor_label=label,
        )
        (report.updated if changed else report.unchanged).append(c.which)


# ours alone: vetting sets them, a partner's document never carries them
OUR_VERIFICATION = ("verified_on", "verified_by", "review_by")


def _edited(current: dict[str, Any], imported: dict[str, Any]) -> bool:
    """Whether an entry's content was edited here since it was imported (vetting is no edit)."""
    return any(
        current.get(k) != imported.get(k) for k in res.CONTENT_FIELDS if k not in OUR_VERIFICATION
    )


def _full_original(previous: dict[str, Any]) -> dict[str, Any]:
    """The partner's service as last imported (organisation and locations put back), for
    telling what the partner changed."""
    service = dict(previous.get("service") or {})
    if previous.get("organization_raw") is not None:
        service["organization"] = previous["organization_raw"]
    if previous.get("locations_raw") is not None:
        service["service_at_locations"] = previous["locations_raw"]
    return service


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
    checked = check_services(services, default_lang, None, report)
    if report.rejected and not partial:
        return report
    async with svc.db.write() as s:
        await import_checked(
            s, checked, report, now=svc.clock.now(), actor_id=actor_id, label=label
        )
    report.written = bool(report.added or report.updated or report.held)
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
