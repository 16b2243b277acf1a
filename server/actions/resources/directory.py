"""The read-only HSDS API's answers (server/http/hsds_api.py; docs/resources.md): services,
organisations and taxonomy terms of the entries that are vetted and current (`is_public`) —
never drafts, entries in review, retired ones or those past their review date — shaped as the
HSDS 3.1 API reference says (pages of `contents`, the documented query parameters).

Every answer is built from the same export as `netreach resources export`
(`hsds.services_of`), so the API, the file export and a partner's round trip agree field by
field. The directory is read whole for each request and filtered in Python: simple and the same
on both databases, and fine for a library of a few thousand entries.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from server.actions.errors import ActionError, Detail
from server.actions.resources import hsds
from server.actions.resources.cards import today
from server.actions.resources.library import search_resources
from server.db.models import Resource
from server.i18n import N_
from server.services import Services

API_BASE = "/api/hsds"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
HSDS_VERSION = "3.1"
SCHEMA_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.1/schema/compiled"


@dataclass(frozen=True)
class Paging:
    """`page` (from 1) and `per_page` (1..MAX_PER_PAGE) of a listing."""

    page: int = 1
    per_page: int = DEFAULT_PER_PAGE


def check_paging(page: str | None, per_page: str | None) -> Paging:
    """Paging from query parameters, or ActionError('invalid', detail=...)."""

    def number(name: str, raw: str | None, default: int, top: int) -> int:
        if raw is None or raw == "":
            return default
        if not raw.isdigit() or len(raw) > 9 or not 1 <= int(raw) <= top:
            raise ActionError(
                "invalid", detail=Detail(N_("a whole number from 1 to %(top)s."), name, top=top)
            )
        return int(raw)

    return Paging(
        number("page", page, 1, 10**9), number("per_page", per_page, DEFAULT_PER_PAGE, MAX_PER_PAGE)
    )


def check_flag(name: str, raw: str | None) -> bool:
    """A boolean query parameter: true/false (also 1/0); absent is false."""
    if raw is None or raw == "":
        return False
    if raw.lower() in ("true", "1"):
        return True
    if raw.lower() in ("false", "0"):
        return False
    raise ActionError("invalid", detail=Detail(N_("true or false."), name))


def check_datetime(name: str, raw: str | None) -> datetime | None:
    """An ISO 8601 date or date-time query parameter (UTC when it names no zone)."""
    if raw is None or raw == "":
        return None
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00").replace(" ", "+"))
    except ValueError:
        raise ActionError(
            "invalid", detail=f"{name}: an ISO 8601 date-time, e.g. 2026-11-30T12:00:00Z"
        ) from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def page_of(items: list[Any], paging: Paging) -> dict[str, Any]:
    """An HSDS API page: total_items, total_pages, page_number, size, first_page, last_page,
    empty, contents."""
    total = len(items)
    pages = max(1, math.ceil(total / paging.per_page))
    start = (paging.page - 1) * paging.per_page
    contents = items[start : start + paging.per_page]
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": paging.page,
        "size": len(contents),
        "first_page": paging.page == 1,
        "last_page": paging.page >= pages,
        "empty": total == 0,
        "contents": contents,
    }


async def get_public_services(svc: Services, lang: str) -> list[dict[str, Any]]:
    """Every vetted, current entry as a full HSDS service, by name."""
    on = today(svc)
    async with svc.db.read() as s:
        rows = list(
            (
                await s.execute(
                    select(Resource)
                    .where(Resource.status == "vetted", Resource.review_by >= on)
                    .order_by(Resource.name, Resource.id)
                )
            ).scalars()
        )
        orgs, locations = await hsds.get_hsds_parts(s, rows)
    return hsds.services_of(rows, orgs, locations, lang)


def one_to_one(obj: dict[str, Any]) -> dict[str, Any]:
    """The object's own fields without its nested lists and objects (the API's list form)."""
    return {k: v for k, v in obj.items() if not isinstance(v, (list, dict))}


def _terms(service: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        a["taxonomy_term"]
        for a in service.get("attributes") or []
        if isinstance(a, dict) and isinstance(a.get("taxonomy_term"), dict)
    ]


def _term_ids(service: dict[str, Any]) -> set[str]:
    ids = {str(t.get("id")) for t in _terms(service)}
    ids |= {
        str(a.get("taxonomy_term_id"))
        for a in service.get("attributes") or []
        if isinstance(a, dict) and a.get("taxonomy_term_id")
    }
    return ids


def _taxonomy_ids(term: dict[str, Any]) -> set[str]:
    detail = term.get("taxonomy_detail")
    ids = {str(term.get("taxonomy_id")), str(term.get("taxonomy"))}
    if isinstance(detail, dict):
        ids.add(str(detail.get("id")))
    return ids - {"None"}


def _in_taxonomy(service: dict[str, Any], taxonomy_id: str) -> bool:
    return any(taxonomy_id in _taxonomy_ids(t) for t in _terms(service))


def _organization_id(service: dict[str, Any]) -> Any:
    org = service.get("organization")
    return service.get("organization_id") or (org.get("id") if isinstance(org, dict) else None)


def _modified_since(service: dict[str, Any], when: datetime) -> bool:
    try:
        value = check_datetime("last_modified", service.get("last_modified"))
    except ActionError:
        return False
    return value is not None and value >= when


async def get_api_services(
    svc: Services,
    paging: Paging,
    *,
    search: str = "",
    taxonomy_term_id: str | None = None,
    taxonomy_id: str | None = None,
    organization_id: str | None = None,
    modified_after: datetime | None = None,
    minimal: bool = False,
    full: bool = False,
    lang: str = "pl",
) -> dict[str, Any]:
    """GET /services: a page of vetted, current services. `search`: the library's full-text
    search; the filters as in the HSDS API reference; `minimal`: id and last_modified only;
    `full`: fully nested services (else their one-to-one fields)."""
    services = await get_public_services(svc, lang)
    if search.strip():
        found = await search_resources(svc, search, public_only=True, lang=lang, limit=10_000)
        names = {hit["id"] for hit in found}
        async with svc.db.read() as s:
            hsds_ids = set(
                (await s.execute(select(Resource.hsds_id).where(Resource.id.in_(names)))).scalars()
            )
        services = [x for x in services if x["id"] in hsds_ids]
    if taxonomy_term_id:
        services = [x for x in services if taxonomy_term_id in _term_ids(x)]
    if taxonomy_id:
        services = [x for x in services if _in_taxonomy(x, taxonomy_id)]
    if organization_id:
        services = [x for x in services if _organization_id(x) == organization_id]
    if modified_after is not None:
        services = [x for x in services if _modified_since(x, modified_after)]
    if minimal:
        items = [{"id": x["id"], "last_modified": x.get("last_modified")} for x in services]
    elif full:
        items = services
    else:
        items = [one_to_one(x) for x in services]
    return page_of(items, paging)


async def get_api_service(svc: Services, service_id: str, lang: str = "pl") -> dict[str, Any]:
    """GET /services/{id}: one vetted, current service, fully nested; ActionError('not_found')
    for any other id (drafts, retired and expired entries are not found)."""
    for service in await get_public_services(svc, lang):
        if service["id"] == service_id:
            return service
    raise ActionError("hsds_not_found")


def _organizations(services: list[dict[str, Any]]) -> dict[str, tuple[dict[str, Any], list[Any]]]:
    orgs: dict[str, tuple[dict[str, Any], list[Any]]] = {}
    for service in services:
        org = service.get("organization")
        if isinstance(org, dict) and isinstance(org.get("id"), str):
            orgs.setdefault(org["id"], (org, []))[1].append(service)
    return orgs


def _organization_out(
    org: dict[str, Any], services: list[dict[str, Any]], full: bool, full_service: bool
) -> dict[str, Any]:
    out = dict(org) if full or full_service else one_to_one(org)
    if full_service:
        out["services"] = services
    elif full:
        out["services"] = [one_to_one(x) for x in services]
    return out


async def get_api_organizations(
    svc: Services,
    paging: Paging,
    *,
    search: str = "",
    full: bool = False,
    full_service: bool = False,
    taxonomy_term_id: str | None = None,
    taxonomy_id: str | None = None,
    lang: str = "pl",
) -> dict[str, Any]:
    """GET /organizations: a page of the organisations of vetted, current services (by name).
    `search`: words in the name or description; `full`: the whole organisation with its
    services' one-to-one fields; `full_service`: with its services fully nested; taxonomy
    filters: organisations with a service that has the term / a term of the taxonomy."""
    services = await get_public_services(svc, lang)
    if taxonomy_term_id:
        services = [x for x in services if taxonomy_term_id in _term_ids(x)]
    if taxonomy_id:
        services = [x for x in services if _in_taxonomy(x, taxonomy_id)]
    orgs = sorted(
        _organizations(services).values(), key=lambda pair: str(pair[0].get("name", "")).lower()
    )
    words = search.lower().split()
    if words:
        orgs = [
            pair
            for pair in orgs
            if all(
                w in f"{pair[0].get('name', '')} {pair[0].get('description', '')}".lower()
                for w in words
            )
        ]
    return page_of([_organization_out(org, ss, full, full_service) for org, ss in orgs], paging)


async def get_api_organization(
    svc: Services, organization_id: str, *, full_service: bool = False, lang: str = "pl"
) -> dict[str, Any]:
    """GET /organizations/{id}: the organisation (whole) with its vetted, current services
    (one-to-one fields, or fully nested with `full_service`); ActionError('not_found') when it
    has none."""
    orgs = _organizations(await get_public_services(svc, lang))
    if organization_id not in orgs:
        raise ActionError("hsds_not_found")
    org, services = orgs[organization_id]
    return _organization_out(org, services, True, full_service)


async def get_api_taxonomy_terms(
    svc: Services,
    paging: Paging,
    *,
    search: str = "",
    taxonomy_id: str | None = None,
    top_only: bool = False,
    parent_id: str | None = None,
    lang: str = "pl",
) -> dict[str, Any]:
    """GET /taxonomy_terms: the terms the attributes of vetted, current services use (netreach's
    own under the taxonomy "netreach", and the partners'), by taxonomy and code."""
    terms: dict[str, dict[str, Any]] = {}
    for service in await get_public_services(svc, lang):
        for term in _terms(service):
            if isinstance(term.get("id"), str):
                terms.setdefault(term["id"], term)
    items = sorted(
        terms.values(), key=lambda t: (str(t.get("taxonomy", "")), str(t.get("code", "")))
    )
    if taxonomy_id:
        items = [t for t in items if taxonomy_id in _taxonomy_ids(t)]
    if top_only:
        items = [t for t in items if not t.get("parent_id")]
    if parent_id:
        items = [t for t in items if t.get("parent_id") == parent_id]
    words = search.lower().split()
    if words:
        items = [
            t
            for t in items
            if all(
                w in f"{t.get('name', '')} {t.get('code', '')} {t.get('description', '')}".lower()
                for w in words
            )
        ]
    return page_of(items, paging)


def api_meta(base_url: str) -> dict[str, Any]:
    """GET / of the API: the HSDS version and where the OpenAPI document is."""
    return {
        "version": HSDS_VERSION,
        "profile": "https://docs.openreferral.org/en/latest/hsds/",
        "openapi_url": f"{base_url}{API_BASE}/openapi.json",
    }


def _param(name: str, description: str, kind: str = "string", **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": kind, **extra},
    }


def _listing(summary: str, params: list[str], item_schema: str, operation: str) -> dict[str, Any]:
    return {
        "get": {
            "summary": summary,
            "operationId": operation,
            "parameters": [{"$ref": f"#/components/parameters/{p}"} for p in params],
            "responses": {
                "200": {
                    "description": summary,
                    "content": {
                        "application/json": {
                            "schema": {
                                "allOf": [{"$ref": "#/components/schemas/Page"}],
                                "properties": {
                                    "contents": {
                                        "type": "array",
                                        "items": {"$ref": f"{SCHEMA_BASE}/{item_schema}"},
                                    }
                                },
                            }
                        }
                    },
                },
                "400": {"$ref": "#/components/responses/Invalid"},
            },
        }
    }


def _one(summary: str, schema: str, operation: str, params: list[str]) -> dict[str, Any]:
    return {
        "get": {
            "summary": summary,
            "operationId": operation,
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                *({"$ref": f"#/components/parameters/{p}"} for p in params),
            ],
            "responses": {
                "200": {
                    "description": summary,
                    "content": {
                        "application/json": {"schema": {"$ref": f"{SCHEMA_BASE}/{schema}"}}
                    },
                },
                "404": {"$ref": "#/components/responses/NotFound"},
            },
        }
    }


def openapi_document(base_url: str) -> dict[str, Any]:
    """The OpenAPI 3.1 document of this read-only HSDS API (GET {API_BASE}/openapi.json)."""
    error = {
        "type": "object",
        "required": ["ok", "error"],
        "properties": {
            "ok": {"const": False},
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "netreach HSDS API",
            "version": "1.0.0",
            "summary": "Read-only Open Referral HSDS 3.1 API of a netreach resource library",
            "description": "The vetted entries of the library whose review date has not passed, as "
            "HSDS 3.1 services, organizations and taxonomy terms. Drafts, entries in review, retired "
            "entries and entries past their review date are never served.",
            "license": {
                "name": "CC BY-SA 4.0",
                "url": "https://creativecommons.org/licenses/by-sa/4.0/",
            },
        },
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "servers": [{"url": f"{base_url}{API_BASE}"}],
        "paths": {
            "/": {
                "get": {
                    "summary": "This API's HSDS version and OpenAPI document",
                    "operationId": "getAPIMetaInformation",
                    "responses": {"200": {"description": "version, profile, openapi_url"}},
                }
            },
            "/services": _listing(
                "A page of services (one-to-one fields, or fully nested with full=true)",
                [
                    "search",
                    "page",
                    "per_page",
                    "format",
                    "taxonomy_term_id",
                    "taxonomy_id",
                    "organization_id",
                    "modified_after",
                    "minimal",
                    "full",
                    "lang",
                ],
                "service_list.json",
                "getPaginatedListOfServices",
            ),
            "/services/{id}": _one(
                "A fully nested service", "service.json", "getFullyNestedServiceById", ["lang"]
            ),
            "/organizations": _listing(
                "A page of organizations",
                [
                    "search",
                    "full_service",
                    "full",
                    "taxonomy_term_id",
                    "taxonomy_id",
                    "page",
                    "per_page",
                    "format",
                    "lang",
                ],
                "organization_list.json",
                "getPaginatedListOfOrganizations",
            ),
            "/organizations/{id}": _one(
                "An organization with its services",
                "organization.json",
                "getOrganizationById",
                ["full_service", "lang"],
            ),
            "/taxonomy_terms": _listing(
                "A page of taxonomy terms",
                ["search", "page", "per_page", "format", "taxonomy_id", "top_only", "parent_id"],
                "taxonomy_term.json",
                "getPaginatedListOfTaxonomyTerms",
            ),
        },
        "components": {
            "parameters": {
                "search": _param(
                    "search", "Full-text search (tolerant of diacritics and inflection)."
                ),
                "page": _param("page", "Page number, from 1.", "integer", minimum=1, default=1),
                "per_page": _param(
                    "per_page",
                    f"Results per page (at most {MAX_PER_PAGE}).",
                    "integer",
                    minimum=1,
                    maximum=MAX_PER_PAGE,
                    default=DEFAULT_PER_PAGE,
                ),
                "format": _param(
                    "format",
                    "json (pages, the default) or ndjson (every result, one per line, no paging).",
                    enum=["json", "ndjson"],
                ),
                "taxonomy_term_id": _param(
                    "taxonomy_term_id", "Only records with an attribute of this taxonomy term."
                ),
                "taxonomy_id": _param(
                    "taxonomy_id",
                    "Only records with a term of this taxonomy (its id, or its name, e.g. netreach).",
                ),
                "organization_id": _param("organization_id", "Only services of this organization."),
                "modified_after": _param(
                    "modified_after",
                    "Only services modified on or after this date-time.",
                    format="date-time",
                ),
                "minimal": _param(
                    "minimal", "Only id and last_modified of each service.", "boolean"
                ),
                "full": _param("full", "Fully nested records.", "boolean"),
                "full_service": _param(
                    "full_service", "Organizations with their services fully nested.", "boolean"
                ),
                "top_only": _param("top_only", "Only terms without a parent.", "boolean"),
                "parent_id": _param("parent_id", "Only terms with this parent."),
                "lang": _param(
                    "lang",
                    "netreach: the language of the texts (HSDS has one per record); default: "
                    "the request's language (lang cookie, Accept-Language), else the site's.",
                    enum=["pl", "en"],
                ),
            },
            "schemas": {
                "Page": {
                    "type": "object",
                    "properties": {
                        "total_items": {"type": "integer"},
                        "total_pages": {"type": "integer"},
                        "page_number": {"type": "integer"},
                        "size": {"type": "integer"},
                        "first_page": {"type": "boolean"},
                        "last_page": {"type": "boolean"},
                        "empty": {"type": "boolean"},
                    },
                },
                "Error": error,
            },
            "responses": {
                "Invalid": {
                    "description": "A query parameter is not valid (code invalid)",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                    },
                },
                "NotFound": {
                    "description": "No vetted, current record has this id (code not_found)",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                    },
                },
            },
        },
    }
