"""create_app(settings) -> web.Application. Everything lives on the app (no globals); resources
are started and stopped in `cleanup_ctx`."""

from __future__ import annotations

import asyncio
import gc
import logging
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import Any

import socketio
from aiohttp import web

from moderation import assess
from server.actions.periodic import do_resync_clients, do_tick
from server.actions.queue import Assigner, QueueBroadcaster
from server.actions.resources.feeds import do_feed_tick
from server.actions.site import do_refresh_site_settings
from server.actions.site import register as register_site_settings
from server.bus import Bus, make_client_manager
from server.clock import Clock
from server.db.session import Database
from server.extras import aioredis, require_database_driver, require_redis
from server.http import account as account_pages
from server.http import admin as admin_pages
from server.http import hsds_api, links, pages
from server.http import metrics as metrics_http
from server.http import reports as report_pages
from server.http import resources as resource_pages
from server.http import supervisor as supervisor_pages
from server.http import twofactor as twofactor_pages
from server.http.web import (
    ASSET_VERSIONS,
    DIST_DIR,
    JINJA,
    SERVICES,
    asset_versions,
    csrf,
    csrf_exempt,
    errors,
    make_jinja,
    refuse_nul,
    security_headers,
)
from server.memory import TRIM_SECONDS, trim_malloc
from server.proofofwork import ProofOfWork, generated_key
from server.ratelimit import RateLimiter, SlidingCounter
from server.realtime import console, visitor
from server.services import LocalSockets, Services
from server.settings import TRANSPORT_MAX_BYTES, Settings
from server.transport import JsonPacket, Server, Sockets

log = logging.getLogger("netreach.app")

SIO = web.AppKey("sio", socketio.AsyncServer)
SOCKETS = web.AppKey("sockets", Sockets)
SESSION_CHECK: web.AppKey[console.SessionCheck] = web.AppKey("session_check")
SOCKETIO_PATH = "/socket.io/"
# how often each node checks that its staff sockets' sessions still hold (the bus signal ends
# them at once; this catches a lost signal, a command on the embedded default, an expiry)
SESSION_CHECK_SECONDS = 1.0
# how often each node compares the version of the settings on the web with the one it holds
# (server/actions/site.py; a change also signals every node at once)
SITE_CHECK_SECONDS = 1.0
# how often each node checks Redis and renews its heartbeat (server/bus.py: NODE_TTL is five
# times this); apart from the presence tick, whose interval (5 s by default) and work (grows
# with the chats) would let a live node's heartbeat lapse and make every client resync
BUS_CHECK_SECONDS = 1.0
# how often each node looks for partner feeds that are due (one node fetches each: feeds.py)
FEED_CHECK_SECONDS = 60.0
SWITCH_INTERVAL = 0.0002  # seconds: how long a thread waits for the GIL before it asks for it


def create_app(settings: Settings, clock: Clock | None = None) -> web.Application:
    require_redis(settings.redis_url)
    require_database_driver(settings.database_url)
    clock = clock or Clock()
    app = web.Application(
        middlewares=[security_headers, errors, csrf, refuse_nul],
        client_max_size=TRANSPORT_MAX_BYTES,
    )
    sio = Server(
        async_mode="aiohttp",
        client_manager=make_client_manager(settings.redis_url, settings.redis_prefix),
        transports=["websocket"],
        max_http_buffer_size=TRANSPORT_MAX_BYTES,
        logger=False,
        engineio_logger=False,
        ping_interval=20,
        ping_timeout=20,
        # one socket's events are handled one after another, in the order sent: a visitor's
        # two quick messages get seqs in that order and typing on/off cannot swap
        async_handlers=False,
        serializer=JsonPacket,
    )
    # what sio.attach(app) does, with the handler marked: Socket.IO's own endpoint (the websocket
    # upgrade; python-socketio answers GET, POST and OPTIONS itself) is not one of our forms, so
    # the CSRF middleware lets it through
    socketio_endpoint = csrf_exempt(sio.handle_request)
    for method in ("GET", "POST", "OPTIONS"):
        app.router.add_route(method, SOCKETIO_PATH, socketio_endpoint)
    sockets = Sockets(compress=settings.ws_compress)
    sockets.install(sio)
    # one node on SQLite (no Redis: no other node writes chat messages): the hot path's context
    # is kept between writes (server/db/hot.py RecentVisitorMessages)
    db = Database(settings.database_url, keep_context=settings.is_sqlite and not settings.redis_url)
    bus = Bus(sio, settings.redis_url, settings.redis_prefix, settings.node_id)
    svc = Services(
        settings=settings,
        db=db,
        clock=clock,
        bus=bus,
        visitor_limiter=RateLimiter(
            clock,
            settings.visitor_rate_count,
            settings.visitor_rate_seconds,
            prefix=settings.redis_prefix,
        ),
        local=LocalSockets(),
        proof=ProofOfWork(
            clock,
            settings.challenge_key or generated_key(),
            settings.challenge_difficulty,
            prefix=settings.redis_prefix,
        ),
        new_conversations=SlidingCounter(
            clock,
            settings.challenge_above_seconds,
            "new-conversations",
            prefix=settings.redis_prefix,
        ),
    )
    if settings.redis_url and not settings.challenge_key:
        log.warning(
            "NETREACH_CHALLENGE_KEY is not set: this node signs proof-of-work challenges with a "
            "key of its own, which other nodes do not accept; give every node the same key"
        )
    svc.queue = QueueBroadcaster(svc)
    svc.assigner = Assigner(svc)
    # after a gap on the cross-node bus, every client here fetches what it missed
    bus.on_regained(lambda: do_resync_clients(svc))
    register_site_settings(svc)
    visitor.register(sio, svc)
    app[SESSION_CHECK] = console.register(sio, svc)

    app[SERVICES] = svc
    app[SIO] = sio
    app[SOCKETS] = sockets
    app[metrics_http.METRICS] = svc.metrics
    app[JINJA] = make_jinja()
    app[ASSET_VERSIONS] = asset_versions()
    app.add_routes(pages.routes)
    app.add_routes(metrics_http.routes)
    app.add_routes(resource_pages.routes)
    app.add_routes(supervisor_pages.routes)
    app.add_routes(report_pages.routes)
    app.add_routes(admin_pages.routes)
    app.add_routes(hsds_api.routes)
    app.add_routes(twofactor_pages.routes)
    app.add_routes(links.routes)
    app.add_routes(account_pages.routes)
    if DIST_DIR.is_dir():
        app.router.add_static("/static", DIST_DIR)
    else:
        log.warning(
            "widget/dist is missing: run `make widget` to build the widget and console scripts"
        )
    app.cleanup_ctx.append(_services_ctx)
    app.on_shutdown.append(_going_away)
    return app


async def _services_ctx(app: web.Application) -> AsyncIterator[None]:
    svc = app[SERVICES]
    settings = svc.settings
    redis = None
    if settings.redis_url:
        require_redis(settings.redis_url)
        redis = aioredis.Redis.from_url(settings.redis_url, socket_timeout=5)
        svc.visitor_limiter.redis = redis
        svc.resume_token_limiter.redis = redis
        svc.resume_all_limiter.redis = redis
        svc.proof.redis = redis
        svc.new_conversations.redis = redis
        svc.link_limiter.redis = redis
    # compile the crisis lexicons and load the classifier's weights before serving (about
    # 1.5 s), in a thread: otherwise the first visitor message would stall every socket while
    # it happens
    await asyncio.to_thread(assess, "start")
    await svc.bus.start()
    # the settings admins set on the web, before the first request is served; a database not
    # reachable yet must not stop the node (it answers /healthz 503; the watch below retries)
    try:
        await do_refresh_site_settings(svc)
    except Exception:
        log.warning("could not read the settings at start; retrying every second", exc_info=True)
    # what start-up built (modules, ORM mappings, templates, lexicons: ~170k objects) lives as
    # long as the process: keep it out of the cyclic GC's full collections, which otherwise
    # walk all of it several times a second under load (~90 ms each, measured by
    # bench/relay.py: a sixth of the server's time and a pause for every socket)
    gc.freeze()
    # the SQLite writer thread (server/db/session.py) takes the GIL back after every statement;
    # while the event loop runs Python it waits up to the switch interval (5 ms by default) for
    # it, batch after batch, and every message of a batch waits with it. 0.2 ms: the embedded
    # relay ~+10% (bench/relay.py); the loop itself runs as fast when it is alone
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL)
    ticker = asyncio.create_task(_tick(svc), name="presence-tick")
    session_watch = asyncio.create_task(
        _check_sessions(svc, app[SESSION_CHECK]), name="session-check"
    )
    feed_watch = asyncio.create_task(_fetch_feeds(svc), name="partner-feeds")
    site_watch = asyncio.create_task(_watch_site_settings(svc), name="site-settings")
    bus_watch = asyncio.create_task(_watch_bus(svc), name="bus-check")
    trimmer = asyncio.create_task(_trim_memory(svc), name="malloc-trim")
    try:
        yield
    finally:
        gc.unfreeze()
        # another app in this process (tests run two at once) may have set it before: then the
        # value seen at start was its, not the process's, and stays for that app to restore
        if abs(switch_interval - SWITCH_INTERVAL) > SWITCH_INTERVAL / 2:
            sys.setswitchinterval(switch_interval)
        for task in (ticker, session_watch, feed_watch, site_watch, bus_watch, trimmer):
            task.cancel()
            await _bounded(task.get_name(), task)
        await _bounded("socket server shutdown", app[SIO].shutdown())
        await _bounded("assigner settle", svc.assigner.settle())
        # a queue refresh still waiting out its debounce would read the database after the
        # engine below is disposed (a connection that outlives it): do it now instead
        await _bounded("queue settle", svc.queue.settle())
        await _bounded("bus stop", svc.bus.stop())
        if redis is not None:
            await _bounded("redis close", redis.aclose())
        await _bounded("database dispose", svc.db.dispose())


SHUTDOWN_STEP_SECONDS = 10.0


async def _bounded(step: str, work: Awaitable[Any]) -> None:
    """Await one step of the node's shutdown for at most SHUTDOWN_STEP_SECONDS (real time): a
    step that hangs (a connection that never answers) must not keep the process from stopping,
    as a rolling deploy waits for it; it is logged by name so the hang can be found. A step's
    own error is logged too and the next step still runs."""
    try:
        await asyncio.wait_for(work, SHUTDOWN_STEP_SECONDS)
    except asyncio.CancelledError:
        current = asyncio.current_task()
        if current is not None and current.cancelling():
            raise  # this shutdown itself is being cancelled, not just the step we cancelled
    except TimeoutError:
        log.error(
            "shutdown step %r did not finish within %.0f s; went on", step, SHUTDOWN_STEP_SECONDS
        )
    except Exception:
        log.warning("shutdown step %r failed; went on", step, exc_info=True)


async def _going_away(app: web.Application) -> None:
    """Graceful stop: close every socket with 1001 so clients reconnect (to another node) at once."""
    app[SERVICES].local.stopping = True
    closed = await app[SOCKETS].close_all()
    if closed:
        log.info("closed %d sockets with going away", closed)


async def _tick(svc: Services) -> None:
    """Periodic safety net (server/actions/periodic.py), every `presence_interval` seconds of
    the app's clock: a fake clock drives it in tests."""
    while True:
        await svc.clock.sleep(svc.settings.presence_interval)
        try:
            await do_tick(svc)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.warning("periodic tick failed; retrying next time", exc_info=True)


async def _every(
    svc: Services, seconds: float, work: Callable[[], Awaitable[Any]], what: str
) -> None:
    """Run `work()` every `seconds` of the app's clock until the node stops; a failure is
    logged (naming `what`) and the next round tries again."""
    while True:
        await svc.clock.sleep(seconds)
        if svc.local.stopping:
            return
        try:
            await work()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.warning("%s failed; retrying next time", what, exc_info=True)


def _fetch_feeds(svc: Services) -> Coroutine[Any, Any, None]:
    """Every `FEED_CHECK_SECONDS` of the app's clock: fetch the partner feeds that are due and
    that this node claims first (server/actions/resources/feeds.py). Apart from the presence
    tick, so a slow partner server never delays presence or escalations."""
    return _every(svc, FEED_CHECK_SECONDS, lambda: do_feed_tick(svc), "partner feed round")


def _check_sessions(svc: Services, check: console.SessionCheck) -> Coroutine[Any, Any, None]:
    """Every `SESSION_CHECK_SECONDS` of the app's clock: disconnect staff sockets whose session
    ended (server/realtime/console.py)."""
    return _every(svc, SESSION_CHECK_SECONDS, check, "staff session check")


def _watch_bus(svc: Services) -> Coroutine[Any, Any, None]:
    """Every `BUS_CHECK_SECONDS` of the app's clock: check Redis and renew this node's
    heartbeat (`Bus.check`): after a Redis outage or a node killed, clients resync."""
    return _every(
        svc, BUS_CHECK_SECONDS, lambda: svc.bus.check(svc.clock.now().timestamp()), "bus check"
    )


def _trim_memory(svc: Services) -> Coroutine[Any, Any, None]:
    """Every `memory.TRIM_SECONDS` of the app's clock: give the free pages inside glibc's heaps
    back to the system, on a worker thread (server/memory.py)."""

    async def trim() -> None:
        await asyncio.to_thread(trim_malloc)

    return _every(svc, TRIM_SECONDS, trim, "memory trim")


def _watch_site_settings(svc: Services) -> Coroutine[Any, Any, None]:
    """Every `SITE_CHECK_SECONDS` of the app's clock: read the settings on the web again when
    their version moved (server/actions/site.py), so a lost `site.changed` signal, or a node
    that missed it while starting, still follows within a second."""
    return _every(
        svc, SITE_CHECK_SECONDS, lambda: do_refresh_site_settings(svc), "reading the settings"
    )
