"""Partner feeds: a partner's HSDS directory that netreach fetches on a schedule (docs/resources.md).

An admin adds a feed: an HSDS API's base URL (`kind` "api": netreach reads `/services` page by
page, then `/services/{id}` for each, as the HSDS API reference describes) or the URL of a file
of services (`kind` "file"). Every `NETREACH_FEED_HOURS` one node fetches it: the node whose
conditional UPDATE moves the feed's `next_fetch_at` forward (the same once-per-cluster claim as
overdue escalations), so every node may run `do_feed_tick` and a feed is fetched once.

A fetch is bounded (`NETREACH_FEED_TIMEOUT` seconds, `NETREACH_FEED_MAX_MB` read in all) and
all-or-nothing: an unreachable, oversized or malformed feed, or one with an invalid service,
changes nothing and leaves its error on the feed for the admin page. Otherwise, in one
transaction (`hsds.import_checked`): new and changed services become drafts to vet, with what
changed in their history; an entry edited here is not overwritten (the partner's version waits
in `feed_pending`, to be taken on the entry's page); entries of this feed the partner no longer
lists are marked withdrawn (`withdrawn_at`, history 'withdrawn') and listed for review.
"""

from __future__ import annotations

import ipaddress
import json
import re
import socket
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import aiohttp
from sqlalchemy import select, update

from server.actions.access import check_staff
from server.actions.errors import ActionError, Detail
from server.actions.resources import hsds
from server.actions.resources.library import history
from server.actions.serialize import iso
from server.constants import ADMIN_ROLES, SUPERVISOR_ROLES
from server.db.models import PartnerFeed, Resource
from server.i18n import N_
from server.services import Services

FEED_KINDS = ("api", "file")
API_PAGE_SIZE = 100
MAX_FEED_SERVICES = 5000
_URL_RE = re.compile(r"^https?://[^\s<>\"'\\]{3,490}$", re.IGNORECASE)


class FeedError(Exception):
    """A feed could not be used; `detail` says why, translated when the admin page shows it
    (the exception's own text is the English)."""

    def __init__(self, reason: str | Detail, **params: Any) -> None:
        """`reason`: a template marked with N_ filled with `params`, or a Detail."""
        self.detail = reason if isinstance(reason, Detail) else Detail(reason, **params)
        super().__init__(str(self.detail))


_INTERNAL = N_("%(host)s is an internal address: a partner's feed must be public")


def _error_text(feed: PartnerFeed, lang: str | None) -> str | None:
    """Why the feed's last fetch failed, in `lang` (a row from before translated errors were
    stored keeps its English text)."""
    detail = Detail.from_json(feed.last_error_detail)
    return detail.text(lang) if detail is not None else feed.last_error


def check_feed_input(name: str, url: str, kind: str) -> tuple[str, str, str]:
    """(name, url, kind) trimmed, or ActionError('invalid', detail=...)."""
    name = " ".join(name.split())[:200]
    url = url.strip()
    if not name:
        raise ActionError("invalid", detail=Detail(N_("give the partner's name."), "name"))
    if not _URL_RE.match(url):
        raise ActionError("invalid", detail=Detail(N_("an http:// or https:// address."), "url"))
    if kind not in FEED_KINDS:
        raise ActionError("invalid", detail=Detail(N_("an API or a file."), "kind"))
    return name, url, kind


async def get_feeds(svc: Services, lang: str | None = None) -> list[dict[str, Any]]:
    """Every feed for the admin page: its settings, the last fetch, its error (in `lang`;
    None: the current language), its report, and how many entries came from it."""
    async with svc.db.read() as s:
        feeds = (await s.execute(select(PartnerFeed).order_by(PartnerFeed.name))).scalars()
        counts: dict[str, int] = {}
        for feed_id in (await s.execute(select(Resource.feed_id))).scalars():
            if feed_id:
                counts[feed_id] = counts.get(feed_id, 0) + 1
        return [
            {
                "id": f.id,
                "name": f.name,
                "url": f.url,
                "kind": f.kind,
                "next_fetch_at": iso(f.next_fetch_at),
                "last_fetch_at": iso(f.last_fetch_at) if f.last_fetch_at else None,
                "last_ok_at": iso(f.last_ok_at) if f.last_ok_at else None,
                "last_error": _error_text(f, lang),
                "last_report": f.last_report,
                "entries": counts.get(f.id, 0),
            }
            for f in feeds
        ]


async def _admin(s: Any, staff_id: str) -> None:
    staff = await check_staff(s, staff_id)
    if staff.role not in ADMIN_ROLES:
        raise ActionError("forbidden")


async def do_add_feed(svc: Services, staff_id: str, name: str, url: str, kind: str) -> str:
    """An admin adds a partner feed, fetched at the next round of `do_feed_tick`. Returns its
    id. ActionError: 'forbidden' (not an admin), 'invalid' (bad name, URL or kind, or a feed
    with this URL exists)."""
    name, url, kind = check_feed_input(name, url, kind)
    now = svc.clock.now()
    async with svc.db.write() as s:
        await _admin(s, staff_id)
        if await s.scalar(select(PartnerFeed.id).where(PartnerFeed.url == url)):
            raise ActionError("invalid", detail=Detail(N_("this feed is already there."), "url"))
        feed = PartnerFeed(
            name=name, url=url, kind=kind, created_at=now, created_by=staff_id, next_fetch_at=now
        )
        s.add(feed)
        await s.flush()
        return feed.id


async def do_remove_feed(svc: Services, staff_id: str, feed_id: str) -> None:
    """An admin removes a feed: it is no longer fetched; its entries stay as they are."""
    async with svc.db.write() as s:
        await _admin(s, staff_id)
        feed = await s.get(PartnerFeed, feed_id)
        if feed is None:
            raise ActionError("feed_not_found")
        await s.execute(update(Resource).where(Resource.feed_id == feed_id).values(feed_id=None))
        await s.delete(feed)


async def _claim(svc: Services, feed_id: str, due_before: datetime | None) -> bool:
    """Move the feed's next fetch a period on; True for the one caller that did (on every node
    at once, exactly one wins). `due_before`: only if it was due by then (the schedule)."""
    now = svc.clock.now()
    query = update(PartnerFeed).where(PartnerFeed.id == feed_id)
    if due_before is not None:
        query = query.where(PartnerFeed.next_fetch_at <= due_before)
    async with svc.db.write() as s:
        result = await s.execute(
            query.values(
                next_fetch_at=now + timedelta(hours=svc.settings.feed_hours), last_fetch_at=now
            )
        )
        return bool(getattr(result, "rowcount", 0))


async def do_feed_tick(svc: Services) -> list[str]:
    """Fetch every feed that is due and that this node claims first; the ids fetched. Errors of
    one feed are stored on it and do not stop the others."""
    now = svc.clock.now()
    async with svc.db.read() as s:
        due = list(
            (
                await s.execute(select(PartnerFeed.id).where(PartnerFeed.next_fetch_at <= now))
            ).scalars()
        )
    fetched = []
    for feed_id in due:
        if await _claim(svc, feed_id, now):
            await fetch_and_import(svc, feed_id)
            fetched.append(feed_id)
    return fetched


async def do_fetch_now(svc: Services, staff_id: str, feed_id: str) -> hsds.ImportReport:
    """An admin's "fetch now": claims the feed (so the schedule does not fetch it at the same
    time) and fetches it. ActionError 'forbidden', 'not_found'."""
    async with svc.db.read() as s:
        await _admin(s, staff_id)
        if await s.get(PartnerFeed, feed_id) is None:
            raise ActionError("feed_not_found")
    await _claim(svc, feed_id, None)
    return await fetch_and_import(svc, feed_id)


async def _read_limited(response: aiohttp.ClientResponse, budget: list[int]) -> bytes:
    if response.status != 200:
        raise FeedError(
            N_("the partner's server answered HTTP %(status)s for %(url)s"),
            status=response.status,
            url=str(response.url),
        )
    chunks = []
    async for chunk in response.content.iter_chunked(65536):
        budget[0] -= len(chunk)
        if budget[0] < 0:
            raise FeedError(N_("the feed is larger than the limit (NETREACH_FEED_MAX_MB)"))
        chunks.append(chunk)
    return b"".join(chunks)


def _json(raw: bytes, where: str | Detail) -> Any:
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise FeedError(N_("%(where)s is not JSON"), where=where) from None


def _public(address: str) -> bool:
    try:
        return ipaddress.ip_address(address.split("%", 1)[0]).is_global
    except ValueError:
        return False


class PublicResolver(aiohttp.ThreadedResolver):
    """Resolves a partner's host name to its public addresses only: loopback, private,
    link-local and other non-global addresses (this server, Redis, the database, a cloud
    metadata service) are dropped, so a feed URL cannot reach inside our network (SSRF).
    Resolving here, at connect time, also holds against a name that changes its answer."""

    refused: str | None = None

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[Any]:
        found = [r for r in await super().resolve(host, port, family) if _public(r["host"])]
        if not found:
            self.refused = host
            raise OSError(f"{host} has no public address (internal addresses are refused)")
        return found


async def fetch_services(
    url: str, kind: str, seconds: float, max_bytes: int, allow_private: bool = False
) -> list[Any]:
    """The services of a feed, fetched within `seconds` and `max_bytes` in all; raises
    FeedError saying why the feed cannot be used. Only public addresses are reached unless
    `allow_private` (NETREACH_FEED_ALLOW_PRIVATE): a partner's feed is on the internet."""
    budget = [max_bytes]
    client_timeout = aiohttp.ClientTimeout(total=seconds)
    host = urlsplit(url).hostname or ""
    if not allow_private:
        try:
            literal = ipaddress.ip_address(host)
        except ValueError:
            literal = None
        if literal is not None and not literal.is_global:
            raise FeedError(_INTERNAL, host=host)
    resolver = PublicResolver()
    connector = None if allow_private else aiohttp.TCPConnector(resolver=resolver)
    try:
        async with aiohttp.ClientSession(timeout=client_timeout, connector=connector) as http:
            if kind == "file":
                async with http.get(url, allow_redirects=False) as response:
                    return hsds.services_in(_json(await _read_limited(response, budget), url))
            base = url.rstrip("/")
            ids: list[str] = []
            page = 1
            while True:
                query = urlencode({"page": page, "per_page": API_PAGE_SIZE})
                async with http.get(f"{base}/services?{query}", allow_redirects=False) as r:
                    where = Detail(N_("page %(page)s of /services"), page=page)
                    doc = _json(await _read_limited(r, budget), where)
                if not isinstance(doc, dict) or not isinstance(doc.get("contents"), list):
                    raise FeedError(N_("%(where)s is not an HSDS page (contents)"), where=where)
                for item in doc["contents"]:
                    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                        raise FeedError(N_("%(where)s lists a service without id"), where=where)
                    ids.append(item["id"])
                if len(ids) > MAX_FEED_SERVICES:
                    raise FeedError(
                        N_("the feed lists more than %(max)s services"), max=MAX_FEED_SERVICES
                    )
                total_pages = doc.get("total_pages")
                if (
                    doc.get("last_page") is True
                    or not doc["contents"]
                    or not isinstance(total_pages, int)
                    or page >= total_pages
                ):
                    break
                page += 1
            services = []
            for sid in ids:
                service_url = f"{base}/services/{quote(sid, safe='')}"
                async with http.get(service_url, allow_redirects=False) as r:
                    where = Detail(N_("the service %(id)s"), id=sid)
                    services.append(_json(await _read_limited(r, budget), where))
            if not services:
                raise FeedError(N_("the feed holds no services"))
            return services
    except TimeoutError:
        raise FeedError(
            N_("the feed did not answer within %(seconds)s seconds"), seconds=f"{seconds:g}"
        ) from None
    except aiohttp.ClientError as exc:
        if resolver.refused is not None:
            raise FeedError(_INTERNAL, host=resolver.refused) from None
        raise FeedError(
            N_("the feed could not be fetched (%(error)s)"),
            error=f"{exc.__class__.__name__}: {exc}",
        ) from None
    except ValueError as exc:  # services_in: not services
        raise FeedError(hsds.reason_of(exc)) from None


async def fetch_and_import(svc: Services, feed_id: str) -> hsds.ImportReport:
    """Fetch one feed and import it all-or-nothing (module docstring); the report is stored on
    the feed (`last_report`, or `last_error` when nothing changed because the feed is bad)."""
    async with svc.db.read() as s:
        feed = await s.get(PartnerFeed, feed_id)
        if feed is None:
            raise ActionError("feed_not_found")
        url, kind, name = feed.url, feed.kind, feed.name
    report = hsds.ImportReport()
    try:
        services = await fetch_services(
            url,
            kind,
            svc.settings.feed_timeout,
            int(svc.settings.feed_max_mb * 1024 * 1024),
            allow_private=svc.settings.feed_allow_private,
        )
        checked = hsds.check_services(services, "en", True, report)
        if report.rejected:
            raise FeedError(
                N_(
                    "%(count)s of %(total)s services are not valid (first: %(first)s: "
                    "%(why)s); nothing was imported"
                ),
                count=len(report.rejected),
                total=len(services),
                first=report.rejected[0][0],
                why=report.reasons[0],
            )
    except FeedError as exc:
        report.error = str(exc)
        async with svc.db.write() as s:
            await s.execute(
                update(PartnerFeed)
                .where(PartnerFeed.id == feed_id)
                .values(
                    last_error=report.error,
                    last_error_detail=exc.detail.to_json(),
                    last_fetch_at=svc.clock.now(),
                )
            )
        return report
    now = svc.clock.now()
    label = f"feed {name}"[:120]
    listed = {str(x.get("id")) for x in services if isinstance(x, dict)}
    async with svc.db.write() as s:
        await hsds.import_checked(
            s, checked, report, now=now, actor_id=None, label=label, feed_id=feed_id
        )
        gone = (
            await s.execute(
                select(Resource).where(
                    Resource.feed_id == feed_id,
                    Resource.withdrawn_at.is_(None),
                    Resource.hsds_id.not_in(listed),
                )
            )
        ).scalars()
        for r in gone:
            r.withdrawn_at = now
            r.version += 1
            history(
                s,
                r,
                now,
                None,
                "withdrawn",
                r.status,
                note=f"{label}: no longer in the partner's directory",
                actor_label=label,
            )
            report.withdrawn.append(r.name)
        report.written = bool(report.added or report.updated or report.held or report.withdrawn)
        feed = await s.get(PartnerFeed, feed_id)
        if feed is not None:
            feed.last_error = None
            feed.last_error_detail = None
            feed.last_ok_at = now
            feed.last_report = report.as_json()
    return report


async def do_take_partner_version(svc: Services, staff_id: str, resource_id: str) -> Resource:
    """Replace the local edit of an entry with the partner's version that waits for it
    (`feed_pending`): the entry becomes that version, a draft to vet. By a supervisor or admin.
    ActionError: 'forbidden', 'resource_not_found', 'resource_state' (nothing waits)."""
    now = svc.clock.now()
    async with svc.db.write() as s:
        staff = await check_staff(s, staff_id)
        if staff.role not in SUPERVISOR_ROLES:
            raise ActionError("forbidden")
        r = await s.get(Resource, resource_id)
        if r is None:
            raise ActionError("resource_not_found")
        if not r.feed_pending:
            raise ActionError("resource_state")
        report = hsds.ImportReport()
        checked = hsds.check_services([r.feed_pending["service"]], "en", True, report)
        if report.rejected:
            raise ActionError("invalid", detail=report.rejected[0][1])
        # the local edit is given up knowingly: import as if the entry were unedited
        r.hsds_original = {**(r.hsds_original or {}), "values": hsds.current_values(r)}
        await hsds.import_checked(
            s, checked, report, now=now, actor_id=staff_id, label="partner's version taken"
        )
        r.feed_pending = None
    return r
