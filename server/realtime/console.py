"""The `/console` namespace: the duty console (docs/protocol.md). Authenticated by the session
cookie; python-socketio refuses cross-origin connections, so another site cannot ride it."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable
from typing import Any, TypeVar

import socketio

from server.actions import conversations as conv_actions
from server.actions import duty as duty_actions
from server.actions import escalations as esc_actions
from server.actions import messages as message_actions
from server.actions import queue as queue_actions
from server.actions import resources as resource_actions
from server.actions import supervision
from server.actions.errors import ActionError
from server.actions.staff import get_session_staff
from server.bus import CONSOLE_NS, STAFF_ALL_ROOM, SUPERVISORS_ROOM, staff_room, watch_room
from server.constants import SESSION_COOKIE, SUPERVISOR_ROLES
from server.ratelimit import RateLimiter
from server.realtime import schemas
from server.realtime.base import Namespace, Reply, refusal
from server.services import Services

T = TypeVar("T")
log = logging.getLogger("netreach.realtime")


def register(sio: socketio.AsyncServer, svc: Services) -> None:
    """Attach the console namespace's handlers to `sio`."""
    flood = RateLimiter(
        svc.clock,
        count=2 * svc.settings.socket_flood_count,
        seconds=svc.settings.socket_flood_seconds,
    )
    langs: dict[str, str] = {}

    def lang(sid: str) -> str:
        return langs.get(sid, svc.settings.default_lang)

    ns = Namespace(sio, CONSOLE_NS, flood, lang)

    def me(sid: str) -> str:
        staff_id = svc.local.staff.get(sid)
        if staff_id is None:
            raise ActionError("forbidden")
        return staff_id

    async def connect(sid: str, environ: dict[str, Any], auth: Any = None) -> None:
        request = environ.get("aiohttp.request")
        token = request.cookies.get(SESSION_COOKIE) if request is not None else None
        try:
            staff = await get_session_staff(svc, token)
        except Exception:
            # the database is unreachable: a refusal the console retries, not a silent one
            log.warning("console connect: session check failed", exc_info=True)
            raise refusal("unavailable") from None
        if staff is None:
            raise refusal("forbidden")
        langs[sid] = staff.language
        svc.local.add_staff(sid, staff.id)
        await sio.enter_room(sid, staff_room(staff.id), namespace=CONSOLE_NS)
        await sio.enter_room(sid, STAFF_ALL_ROOM, namespace=CONSOLE_NS)
        if staff.role in SUPERVISOR_ROLES:
            await sio.enter_room(sid, SUPERVISORS_ROOM, namespace=CONSOLE_NS)
        await duty_actions.do_touch_staff(svc, staff.id)

    sio.on("connect", connect, namespace=CONSOLE_NS)

    async def disconnect(sid: str, *_: Any) -> None:
        staff_id = svc.local.remove_staff(sid)
        langs.pop(sid, None)
        if staff_id is not None and staff_id not in svc.local.staff_sids and not svc.local.stopping:
            with contextlib.suppress(Exception):  # the database may be gone during shutdown
                await duty_actions.do_console_gone(svc, staff_id)

    sio.on("disconnect", disconnect, namespace=CONSOLE_NS)

    async def subscribed_first(sid: str, conversation_id: str, action: Awaitable[T]) -> T:
        """Enter the conversation's watch room, then run the action that reads its history: a
        message committed meanwhile reaches the socket one way or the other (or both; clients
        keep one per seq). A refused action leaves the room as it was."""
        room = watch_room(conversation_id)
        was_in = room in sio.rooms(sid, namespace=CONSOLE_NS)
        await sio.enter_room(sid, room, namespace=CONSOLE_NS)
        try:
            return await action
        except BaseException:
            if not was_in:
                await sio.leave_room(sid, room, namespace=CONSOLE_NS)
            raise

    @ns.on("console.sync", schemas.Empty)
    async def sync(sid: str, _p: schemas.Empty) -> Reply:
        return await conv_actions.get_console_state(svc, me(sid))

    @ns.on("duty.start", schemas.DutyStart)
    async def duty_start(sid: str, p: schemas.DutyStart) -> Reply:
        return {"me": await duty_actions.do_duty_start(svc, me(sid), p.capacity, p.auto_assign)}

    @ns.on("duty.stop", schemas.Empty)
    async def duty_stop(sid: str, _p: schemas.Empty) -> Reply:
        return await duty_actions.do_duty_stop(svc, me(sid))

    @ns.on("queue.take", schemas.QueueTake)
    async def take(sid: str, p: schemas.QueueTake) -> Reply:
        return {"conversation": await queue_actions.do_claim(svc, me(sid), p.conversation_id)}

    @ns.on("conversation.join", schemas.StaffJoin)
    async def join(sid: str, p: schemas.StaffJoin) -> Reply:
        return await conv_actions.get_staff_conversation(
            svc, me(sid), p.conversation_id, p.last_seq
        )

    @ns.on("message.send", schemas.StaffSend)
    async def send(sid: str, p: schemas.StaffSend) -> Reply:
        message = await message_actions.do_send_staff_message(
            svc, me(sid), p.conversation_id, p.client_id, p.text, skip_sid=sid
        )
        return {"message": message}

    @ns.on("typing", schemas.StaffTyping)
    async def typing(sid: str, p: schemas.StaffTyping) -> Reply:
        await conv_actions.do_staff_typing(svc, me(sid), p.conversation_id, p.typing)
        return {}

    @ns.on("conversation.close", schemas.Close)
    async def close(sid: str, p: schemas.Close) -> Reply:
        conversation = await conv_actions.do_close_conversation(
            svc, me(sid), p.conversation_id, p.outcome, list(p.topics)
        )
        return {"conversation": conversation}

    # --- escalations (docs/protocol.md) ---------------------------------------------------

    @ns.on("escalation.raise", schemas.EscalationRaise)
    async def escalation_raise(sid: str, p: schemas.EscalationRaise) -> Reply:
        return {
            "escalation": await esc_actions.do_raise_manual(
                svc, me(sid), p.conversation_id, p.reason
            )
        }

    @ns.on("escalation.ack", schemas.EscalationAck)
    async def escalation_ack(sid: str, p: schemas.EscalationAck) -> Reply:
        return {"escalation": await esc_actions.do_acknowledge(svc, me(sid), p.escalation_id)}

    @ns.on("escalation.resolve", schemas.EscalationResolve)
    async def escalation_resolve(sid: str, p: schemas.EscalationResolve) -> Reply:
        return {
            "escalation": await esc_actions.do_resolve(
                svc, me(sid), p.escalation_id, p.outcome, p.note
            )
        }

    # --- supervisors ------------------------------------------------------------------------

    @ns.on("supervisor.sync", schemas.Empty)
    async def supervisor_sync(sid: str, _p: schemas.Empty) -> Reply:
        return await supervision.get_supervisor_state(svc, me(sid))

    @ns.on("conversation.watch", schemas.StaffJoin)
    async def watch(sid: str, p: schemas.StaffJoin) -> Reply:
        return await subscribed_first(
            sid,
            p.conversation_id,
            supervision.get_watch(svc, me(sid), p.conversation_id, p.last_seq),
        )

    @ns.on("conversation.unwatch", schemas.ConversationRef)
    async def unwatch(sid: str, p: schemas.ConversationRef) -> Reply:
        # supervisors and admins only, as every event of its table in docs/protocol.md
        await supervision.check_may_watch(svc, me(sid))
        await sio.leave_room(sid, watch_room(p.conversation_id), namespace=CONSOLE_NS)
        return {}

    @ns.on("supervisor.join", schemas.ConversationRef)
    async def supervisor_join(sid: str, p: schemas.ConversationRef) -> Reply:
        conversation = await subscribed_first(
            sid, p.conversation_id, supervision.do_supervisor_join(svc, me(sid), p.conversation_id)
        )
        return {"conversation": conversation}

    @ns.on("supervisor.takeover", schemas.ConversationRef)
    async def takeover(sid: str, p: schemas.ConversationRef) -> Reply:
        return {
            "conversation": await supervision.do_reassign(svc, me(sid), p.conversation_id, None)
        }

    @ns.on("supervisor.reassign", schemas.Reassign)
    async def reassign(sid: str, p: schemas.Reassign) -> Reply:
        conversation = await supervision.do_reassign(svc, me(sid), p.conversation_id, p.staff_id)
        return {"conversation": conversation}

    # --- resource library (docs/protocol.md) ----------------------------------------------

    @ns.on("resource.search", schemas.ResourceSearch)
    async def resource_search(sid: str, p: schemas.ResourceSearch) -> Reply:
        me(sid)
        results = await resource_actions.search_resources(
            svc,
            p.q,
            topic=p.topic,
            region=p.region,
            language=p.language,
            lang=p.lang or lang(sid),
            limit=p.limit,
        )
        return {"results": results}

    @ns.on("resource.share", schemas.ResourceShare)
    async def resource_share(sid: str, p: schemas.ResourceShare) -> Reply:
        message = await message_actions.do_share_resource(
            svc, me(sid), p.conversation_id, p.resource_id, p.client_id, skip_sid=sid
        )
        return {"message": message}
