"""GET /metrics: Prometheus text format, for the deployment's scraper only.

Closed unless NETREACH_METRICS_TOKEN is set, and then only with `Authorization: Bearer <token>`:
no token configured -> 404 (as if there were no such page), wrong or missing token -> 401.
"""

from __future__ import annotations

import hmac

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST

from server.http.web import SERVICES
from server.metrics import Metrics

METRICS = web.AppKey("metrics", Metrics)
routes = web.RouteTableDef()


@routes.get("/metrics")
async def metrics(request: web.Request) -> web.StreamResponse:
    svc = request.app[SERVICES]
    token = svc.settings.metrics_token
    if not token:
        raise web.HTTPNotFound()
    sent = request.headers.get("Authorization", "")
    expected = f"Bearer {token}"
    if not hmac.compare_digest(sent.encode(), expected.encode()):
        raise web.HTTPUnauthorized(
            headers={"WWW-Authenticate": 'Bearer realm="metrics"', "Cache-Control": "no-store"}
        )
    m = request.app[METRICS]
    await m.refresh(svc)
    return web.Response(
        body=m.render(), headers={"Content-Type": CONTENT_TYPE_LATEST, "Cache-Control": "no-store"}
    )
