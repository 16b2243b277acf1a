"""The `/console` namespace: the duty console (docs/protocol.md). Authenticated by the session
cookie; python-socketio refuses cross-origin connections, so another site cannot ride it."""

from __future__ import annotations

from typing import Any

import socketio

from server.actions import conversations as conv_actions
from server.actions import duty as duty_actions
from server.actions import escalations as esc_actions
from server.actions import queue as queue_actions
from server.actions import resources as resource_actions
from server.actions.errors import ActionError
from server.actions.escalations import SUPERVISOR_ROLES
from server.actions.queue import get_load, get_queue_snapshot
from server.actions.serialize import conversation_for_staff, iso, me_dict
from server.actions.staff import get_session_staff
from server.bus import CONSOLE_NS, STAFF_ALL_ROOM, SUPERVISORS_ROOM, staff_room, watch_room
from server.db.models import Conversation, Staff
from server.ratelimit import RateLimiter
from server.realtime import schemas
from server.realtime.base import Reply, guarded, parse
from server.services import Services

SESSION_COOKIE = "nr_session"


def register(sio: socketio.AsyncServer, svc: Services) -> None:
    flood = RateLimiter(
        svc.clock,
        count=2 * svc.settings.socket_flood_count,
        seconds=svc.settings.socket_flood_seconds,
    )
    ns = CONSOLE_NS
    langs: dict[str, str] = {}

    def staff_id(sid: str) -> str:
        sid_staff = svc.local.staff.get(sid)
        if sid_staff is None:
            raise ActionError("forbidden")
        return sid_staff

    def lang(sid: str) -> str:
        return langs.get(sid, svc.settings.default_lang)

    @sio.on("connect", namespace=ns)
    async def connect(sid: str, environ: dict[str, Any], auth: Any = None) -> None:
        request = environ.get("aiohttp.request")
        token = request.cookies.get(SESSION_COOKIE) if request is not None else None
        staff = await get_session_staff(svc, token)
        if staff is None:
            error = ActionError("forbidden").to_reply()["error"]
            raise ConnectionRefusedError(error["message"], error)
        langs[sid] = staff.language
        svc.local.add_staff(sid, staff.id)
        await sio.enter_room(sid, staff_room(staff.id), namespace=ns)
        await sio.enter_room(sid, STAFF_ALL_ROOM, namespace=ns)
        if staff.role in SUPERVISOR_ROLES:
            await sio.enter_room(sid, SUPERVISORS_ROOM, namespace=ns)
        await duty_actions.do_touch_staff(svc, staff.id)

    @sio.on("disconnect", namespace=ns)
    async def disconnect(sid: str, *_: Any) -> None:
        svc.local.remove_staff(sid)
        langs.pop(sid, None)

    def on(event: str, model: type[schemas.Payload], with_sid: bool = False) -> Any:
        def decorator(fn: Any) -> Any:
            async def handler(sid: str, data: Any = None) -> Reply:
                async def run() -> Reply:
                    me = staff_id(sid)
                    if with_sid:
                        return await fn(me, parse(model, data), sid)  # type: ignore[no-any-return]
                    return await fn(me, parse(model, data))  # type: ignore[no-any-return]

                return await guarded(flood, sid, lang(sid), run)

            sio.on(event, handler, namespace=ns)
            return fn

        return decorator

    @on("console.sync", schemas.Empty)
    async def sync(me: str, _p: schemas.Empty) -> Reply:
        now = svc.clock.now()
        async with svc.db.read() as s:
            staff = await s.get(Staff, me)
            if staff is None:
                raise ActionError("forbidden")
            from sqlalchemy import select

            mine = (
                await s.execute(
                    select(Conversation)
                    .where(Conversation.assigned_staff_id == me, Conversation.status == "active")
                    .order_by(Conversation.assigned_at)
                )
            ).scalars()
            conversations = [conversation_for_staff(c, staff) for c in mine]
            return {
                "me": me_dict(staff, await get_load(s, me)),
                "queue": await get_queue_snapshot(s, now),
                "conversations": conversations,
                "server_time": iso(now),
            }

    @on("duty.start", schemas.DutyStart)
    async def duty_start(me: str, p: schemas.DutyStart) -> Reply:
        return {"me": await duty_actions.do_duty_start(svc, me, p.capacity, p.auto_assign)}

    @on("duty.stop", schemas.Empty)
    async def duty_stop(me: str, _p: schemas.Empty) -> Reply:
        return await duty_actions.do_duty_stop(svc, me)

    @on("queue.take", schemas.QueueTake)
    async def take(me: str, p: schemas.QueueTake) -> Reply:
        return {"conversation": await queue_actions.do_claim(svc, me, p.conversation_id)}

    @on("conversation.join", schemas.StaffJoin)
    async def join(me: str, p: schemas.StaffJoin) -> Reply:
        return await conv_actions.get_staff_conversation(svc, me, p.conversation_id, p.last_seq)

    @on("message.send", schemas.StaffSend, with_sid=True)
    async def send(me: str, p: schemas.StaffSend, sid: str) -> Reply:
        return {
            "message": await conv_actions.do_send_staff_message(
                svc, me, p.conversation_id, p.client_id, p.text, skip_sid=sid
            )
        }

    @on("typing", schemas.StaffTyping)
    async def typing(me: str, p: schemas.StaffTyping) -> Reply:
        events = await conv_actions.get_typing_events(
            svc, staff_id=me, conversation_id=p.conversation_id, typing=p.typing
        )
        await svc.bus.publish(events)
        return {}

    @on("conversation.close", schemas.Close)
    async def close(me: str, p: schemas.Close) -> Reply:
        return {
            "conversation": await conv_actions.do_close_conversation(
                svc, me, p.conversation_id, p.outcome, list(p.topics)
            )
        }

    # --- escalations (docs/protocol.md) ---------------------------------------------------

    @on("escalation.raise", schemas.EscalationRaise)
    async def escalation_raise(me: str, p: schemas.EscalationRaise) -> Reply:
        return {
            "escalation": await esc_actions.do_raise_manual(svc, me, p.conversation_id, p.reason)
        }

    @on("escalation.ack", schemas.EscalationAck)
    async def escalation_ack(me: str, p: schemas.EscalationAck) -> Reply:
        return {"escalation": await esc_actions.do_acknowledge(svc, me, p.escalation_id)}

    @on("escalation.resolve", schemas.EscalationResolve)
    async def escalation_resolve(me: str, p: schemas.EscalationResolve) -> Reply:
        return {
            "escalation": await esc_actions.do_resolve(svc, me, p.escalation_id, p.outcome, p.note)
        }

    @on("supervisor.sync", schemas.Empty)
    async def supervisor_sync(me: str, _p: schemas.Empty) -> Reply:
        return await esc_actions.get_supervisor_state(svc, me)

    @on("conversation.watch", schemas.StaffJoin, with_sid=True)
    async def watch(me: str, p: schemas.StaffJoin, sid: str) -> Reply:
        result = await esc_actions.get_watch(svc, me, p.conversation_id, p.last_seq)
        await sio.enter_room(sid, watch_room(p.conversation_id), namespace=ns)
        return result

    @on("conversation.unwatch", schemas.ConversationRef, with_sid=True)
    async def unwatch(me: str, p: schemas.ConversationRef, sid: str) -> Reply:
        await sio.leave_room(sid, watch_room(p.conversation_id), namespace=ns)
        return {}

    @on("supervisor.join", schemas.ConversationRef, with_sid=True)
    async def supervisor_join(me: str, p: schemas.ConversationRef, sid: str) -> Reply:
        conversation = await esc_actions.do_supervisor_join(svc, me, p.conversation_id)
        await sio.enter_room(sid, watch_room(p.conversation_id), namespace=ns)
        return {"conversation": conversation}

    @on("supervisor.takeover", schemas.ConversationRef)
    async def takeover(me: str, p: schemas.ConversationRef) -> Reply:
        return {"conversation": await esc_actions.do_reassign(svc, me, p.conversation_id, None)}

    @on("supervisor.reassign", schemas.Reassign)
    async def reassign(me: str, p: schemas.Reassign) -> Reply:
        return {
            "conversation": await esc_actions.do_reassign(svc, me, p.conversation_id, p.staff_id)
        }

    # --- resource library (docs/protocol.md) ----------------------------------------------

    @on("resource.search", schemas.ResourceSearch, with_sid=True)
    async def resource_search(me: str, p: schemas.ResourceSearch, sid: str) -> Reply:
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

    @on("resource.share", schemas.ResourceShare, with_sid=True)
    async def resource_share(me: str, p: schemas.ResourceShare, sid: str) -> Reply:
        return {
            "message": await resource_actions.do_share_resource(
                svc, me, p.conversation_id, p.resource_id, p.client_id, skip_sid=sid
            )
        }

    @sio.on("*", namespace=ns)
    async def unknown(event: str, sid: str, data: Any = None) -> Reply:
        return ActionError("unknown_event", event=str(event)[:64]).to_reply(lang(sid))
