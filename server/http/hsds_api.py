"""The read-only HSDS 3.1 API under /api/hsds (docs/resources.md): /services, /services/{id},
/organizations, /organizations/{id}, /taxonomy_terms, the API's / and /openapi.json. Thin:
read the query parameters, call one action of server/actions/resources/directory.py, answer
JSON. Only vetted entries whose review date has not passed are served. Anyone may read it
(open data; no cookies are read), from any origin (`Access-Control-Allow-Origin: *`); a bad
parameter is answered 400 and an unknown id 404, both as `{"ok": false, "error": {code,
message}}`.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from server.actions.errors import ActionError, Detail
from server.actions.resources import directory
from server.http.web import SERVICES, request_lang
from server.i18n import N_

routes = web.RouteTableDef()
BASE = directory.API_BASE
API_CSP = "default-src 'none'; frame-ancestors 'none'"
Answer = Callable[[web.Request], Awaitable[Any]]


def _headers(response: web.StreamResponse) -> web.StreamResponse:
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Content-Security-Policy"] = API_CSP
    # a retired or expired entry must vanish at once
    response.headers["Cache-Control"] = "no-store"
    return response


def _json(body: Any, status: int = 200) -> web.StreamResponse:
    return _headers(
        web.json_response(
            body, status=status, dumps=lambda value: json.dumps(value, ensure_ascii=False)
        )
    )


def _lang(request: web.Request) -> str:
    lang = request.query.get("lang")
    if lang is not None and lang not in ("pl", "en"):
        raise ActionError("invalid", detail=Detail(N_("pl or en."), "lang"))
    return lang or request_lang(request)


def _format(request: web.Request) -> str:
    value = request.query.get("format", "json")
    if value not in ("json", "ndjson"):
        raise ActionError("invalid", detail=Detail(N_("json or ndjson."), "format"))
    return value


def _answer(handler: Answer) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def wrapped(request: web.Request) -> web.StreamResponse:
        try:
            body = await handler(request)
        except ActionError as exc:
            status = 404 if exc.code == "hsds_not_found" else 400
            return _json(exc.to_reply(request_lang(request)), status)
        if isinstance(body, web.StreamResponse):
            return _headers(body)
        return _json(body)

    return wrapped


def _ndjson(items: list[Any]) -> web.Response:
    text = "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)
    return web.Response(text=text, content_type="application/x-ndjson", charset="utf-8")


def _listing_or_stream(request: web.Request, page: dict[str, Any]) -> Any:
    return _ndjson(page["contents"]) if _format(request) == "ndjson" else page


def _all_or_paging(request: web.Request) -> directory.Paging:
    if _format(request) == "ndjson":  # every result, no paging
        return directory.Paging(1, 10**9)
    return directory.check_paging(request.query.get("page"), request.query.get("per_page"))


def _flag(request: web.Request, name: str) -> bool:
    return directory.check_flag(name, request.query.get(name))


async def _meta(request: web.Request) -> Any:
    return directory.api_meta(str(request.url.origin()))


async def _openapi(request: web.Request) -> Any:
    return directory.openapi_document(str(request.url.origin()))


async def _services(request: web.Request) -> Any:
    q = request.query
    page = await directory.get_api_services(
        request.app[SERVICES],
        _all_or_paging(request),
        search=q.get("search", "")[:200],
        taxonomy_term_id=q.get("taxonomy_term_id") or None,
        taxonomy_id=q.get("taxonomy_id") or None,
        organization_id=q.get("organization_id") or None,
        modified_after=directory.check_datetime("modified_after", q.get("modified_after")),
        minimal=_flag(request, "minimal"),
        full=_flag(request, "full"),
        lang=_lang(request),
    )
    return _listing_or_stream(request, page)


async def _service(request: web.Request) -> Any:
    return await directory.get_api_service(
        request.app[SERVICES], request.match_info["id"], _lang(request)
    )


async def _organizations(request: web.Request) -> Any:
    q = request.query
    page = await directory.get_api_organizations(
        request.app[SERVICES],
        _all_or_paging(request),
        search=q.get("search", "")[:200],
        full=_flag(request, "full"),
        full_service=_flag(request, "full_service"),
        taxonomy_term_id=q.get("taxonomy_term_id") or None,
        taxonomy_id=q.get("taxonomy_id") or None,
        lang=_lang(request),
    )
    return _listing_or_stream(request, page)


async def _organization(request: web.Request) -> Any:
    return await directory.get_api_organization(
        request.app[SERVICES],
        request.match_info["id"],
        full_service=_flag(request, "full_service"),
        lang=_lang(request),
    )


async def _taxonomy_terms(request: web.Request) -> Any:
    q = request.query
    page = await directory.get_api_taxonomy_terms(
        request.app[SERVICES],
        _all_or_paging(request),
        search=q.get("search", "")[:200],
        taxonomy_id=q.get("taxonomy_id") or None,
        top_only=_flag(request, "top_only"),
        parent_id=q.get("parent_id") or None,
        lang=_lang(request),
    )
    return _listing_or_stream(request, page)


for path, handler in (
    ("", _meta),
    ("/", _meta),
    ("/openapi.json", _openapi),
    ("/services", _services),
    ("/services/{id}", _service),
    ("/organizations", _organizations),
    ("/organizations/{id}", _organization),
    ("/taxonomy_terms", _taxonomy_terms),
):
    routes.get(BASE + path)(_answer(handler))
