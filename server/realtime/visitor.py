"""The `/visitor` namespace: the widget and the /chat page (docs/protocol.md)."""

from __future__ import annotations

from typing import Any

import socketio
from pydantic import ValidationError

from server.actions import conversations as conv_actions
from server.actions.errors import ActionError
from server.actions.events import visitor_room
from server.bus import VISITOR_NS, VISITORS_ALL_ROOM
from server.i18n import normalize_lang
from server.ratelimit import RateLimiter
from server.realtime import schemas
from server.realtime.base import Reply, guarded, parse
from server.services import Services, VisitorConn


def register(sio: socketio.AsyncServer, svc: Services) -> None:
    flood = RateLimiter(
        svc.clock, count=svc.settings.socket_flood_count, seconds=svc.settings.socket_flood_seconds
    )
    ns = VISITOR_NS

    def conn(sid: str) -> VisitorConn:
        c = svc.local.visitors.get(sid)
        if c is None:
            raise ActionError("forbidden")
        return c

    async def _bind(
        sid: str, c: VisitorConn, visitor_id: str | None, conversation: dict[str, Any] | None
    ) -> None:
        """Subscribe the socket to its visitor's events once the visitor exists."""
        if visitor_id is not None and c.visitor_id != visitor_id:
            was_online = svc.local.visitor_online(visitor_id)
            c.visitor_id = visitor_id
            await sio.enter_room(sid, visitor_room(visitor_id), namespace=ns)
            if not was_online:
                await svc.bus.publish(await conv_actions.get_presence_events(svc, visitor_id, True))
        if conversation is not None:
            c.conversation_id = conversation["id"] if conversation["status"] != "closed" else None

    @sio.on("connect", namespace=ns)
    async def connect(sid: str, environ: dict[str, Any], auth: Any) -> None:
        try:
            a = schemas.VisitorAuth.model_validate(auth if isinstance(auth, dict) else {})
        except ValidationError:
            error = ActionError("invalid", detail="auth.token").to_reply()["error"]
            raise ConnectionRefusedError(error["message"], error) from None
        lang = normalize_lang(a.lang)
        svc.local.visitors[sid] = VisitorConn(conv_actions.token_hash(a.token), lang, a.site)
        await sio.enter_room(sid, VISITORS_ALL_ROOM, namespace=ns)

    @sio.on("disconnect", namespace=ns)
    async def disconnect(sid: str, *_: Any) -> None:
        c = svc.local.visitors.pop(sid, None)
        svc.queue.forget(sid)
        if (
            c is not None
            and c.visitor_id is not None
            and not svc.local.visitor_online(c.visitor_id)
        ):
            try:
                await svc.bus.publish(
                    await conv_actions.get_presence_events(svc, c.visitor_id, False)
                )
            except Exception:  # the database may be gone during shutdown
                pass

    @sio.on("conversation.join", namespace=ns)
    async def join(sid: str, data: Any = None) -> Reply:
        async def run() -> Reply:
            c = conn(sid)
            p = parse(schemas.VisitorJoin, data)
            state = await conv_actions.get_visitor_state(
                svc, c.token_hash, p.last_seq, p.conversation_id
            )
            await _bind(sid, c, state.pop("visitor_id"), state["conversation"])
            if state["conversation"] is not None and state["conversation"]["status"] == "queued":
                svc.queue.forget(sid)
            return state

        return await guarded(flood, sid, _lang(sid), run)

    @sio.on("message.send", namespace=ns)
    async def send(sid: str, data: Any = None) -> Reply:
        async def run() -> Reply:
            c = conn(sid)
            p = parse(schemas.VisitorSend, data)

            async def subscribe(visitor_id: str) -> None:
                await _bind(sid, c, visitor_id, None)

            known = (
                (c.visitor_id, c.conversation_id) if c.visitor_id and c.conversation_id else None
            )
            result = await conv_actions.do_send_visitor_message(
                svc,
                c.token_hash,
                client_id=p.client_id,
                text=p.text,
                nickname=p.nickname,
                lang=c.lang,
                site=c.site,
                subscribe=subscribe,
                known=known,
                skip_sid=sid,
            )
            await _bind(sid, c, result["visitor_id"], result["conversation"])
            return {"message": result["message"], "conversation": result["conversation"]}

        return await guarded(flood, sid, _lang(sid), run)

    @sio.on("typing", namespace=ns)
    async def typing(sid: str, data: Any = None) -> Reply:
        async def run() -> Reply:
            c = conn(sid)
            p = parse(schemas.Typing, data)
            if c.visitor_id is not None:
                await svc.bus.publish(
                    await conv_actions.get_typing_events(
                        svc, visitor_id=c.visitor_id, typing=p.typing
                    )
                )
            return {}

        return await guarded(flood, sid, _lang(sid), run)

    @sio.on("conversation.leave", namespace=ns)
    async def leave(sid: str, data: Any = None) -> Reply:
        async def run() -> Reply:
            c = conn(sid)
            parse(schemas.Empty, data)
            await conv_actions.do_visitor_leave(svc, c.token_hash)
            c.conversation_id = None
            return {}

        return await guarded(flood, sid, _lang(sid), run)

    @sio.on("*", namespace=ns)
    async def unknown(event: str, sid: str, data: Any = None) -> Reply:
        return ActionError("unknown_event", event=str(event)[:64]).to_reply(_lang(sid))

    def _lang(sid: str) -> str:
        c = svc.local.visitors.get(sid)
        return c.lang if c is not None else svc.settings.default_lang
