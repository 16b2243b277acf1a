"""The `/visitor` namespace: the widget and the /chat page (docs/protocol.md)."""

from __future__ import annotations

import contextlib
import logging
from typing import Any

import socketio
from pydantic import ValidationError

from server.actions import blocks, privacy
from server.actions import cases as case_actions
from server.actions import conversations as conv_actions
from server.actions.errors import ActionError
from server.bus import (
    VISITOR_NS,
    VISITOR_TOKENS_REVOKED_SIGNAL,
    VISITORS_ALL_ROOM,
    visitor_room,
)
from server.i18n import normalize_lang
from server.ratelimit import KeyedRateLimiter
from server.realtime import schemas
from server.realtime.base import Namespace, Reply, refusal
from server.services import Services, VisitorConn

log = logging.getLogger("netreach.realtime")


def register(sio: socketio.AsyncServer, svc: Services) -> None:
    """Attach the visitor namespace's handlers to `sio`."""

    def flood_key(sid: str) -> str:
        # one allowance per visitor token, not per socket: 500 sockets of one client share one
        c = svc.local.visitors.get(sid)
        return c.token_hash if c is not None else sid

    flood = KeyedRateLimiter(
        svc.clock,
        count=svc.settings.socket_flood_count,
        seconds=svc.settings.socket_flood_seconds,
        key_of=flood_key,
    )

    def lang(sid: str) -> str:
        c = svc.local.visitors.get(sid)
        return c.lang if c is not None else svc.settings.default_lang

    ns = Namespace(sio, VISITOR_NS, flood, lang)

    def conn(sid: str) -> VisitorConn:
        c = svc.local.visitors.get(sid)
        if c is None:
            raise ActionError("forbidden")
        return c

    async def bind(
        sid: str, c: VisitorConn, visitor_id: str | None, conversation: dict[str, Any] | None
    ) -> None:
        """Subscribe the socket to its visitor's events once the visitor exists (or, after
        `case.resume`, to the events of the case's visitor instead of its own)."""
        if visitor_id is not None and c.visitor_id != visitor_id:
            was_online = svc.local.visitor_online(visitor_id)
            before = c.visitor_id
            c.visitor_id = visitor_id
            if before is not None:  # resumed another case: this socket leaves its old visitor
                await sio.leave_room(sid, visitor_room(before), namespace=VISITOR_NS)
                if not svc.local.visitor_online(before):
                    await conv_actions.do_visitor_presence(svc, before, False)
            await sio.enter_room(sid, visitor_room(visitor_id), namespace=VISITOR_NS)
            if not was_online:
                await conv_actions.do_visitor_presence(svc, visitor_id, True)
        if conversation is not None:
            c.conversation_id = conversation["id"] if conversation["status"] != "closed" else None

    async def connect(sid: str, environ: dict[str, Any], auth: Any) -> None:
        try:
            a = schemas.VisitorAuth.model_validate(auth if isinstance(auth, dict) else {})
        except ValidationError:
            raise refusal("invalid", detail="auth.token") from None
        th = conv_actions.token_hash(a.token)
        if svc.local.sockets_of_token(th) >= svc.settings.visitor_sockets:
            svc.metrics.refused_sockets.inc()
            raise refusal("too_many_connections", normalize_lang(a.lang))
        try:
            blocked = await blocks.is_token_blocked(svc, th)
        except Exception:
            # fail open: a visitor (perhaps in crisis) is not turned away for a database hiccup;
            # a message that would start a conversation checks the block again
            log.warning("visitor connect: block check failed", exc_info=True)
            blocked = False
        if blocked:
            raise refusal("blocked", normalize_lang(a.lang))
        svc.local.visitors[sid] = VisitorConn(th, normalize_lang(a.lang), a.site)
        await sio.enter_room(sid, VISITORS_ALL_ROOM, namespace=VISITOR_NS)

    sio.on("connect", connect, namespace=VISITOR_NS)

    async def disconnect(sid: str, *_: Any) -> None:
        c = svc.local.visitors.pop(sid, None)
        svc.queue.forget(sid)
        if (
            c is not None
            and c.visitor_id is not None
            and not svc.local.visitor_online(c.visitor_id)
            and not svc.local.stopping
        ):
            with contextlib.suppress(Exception):  # the database may be gone during shutdown
                await conv_actions.do_visitor_presence(svc, c.visitor_id, False)

    sio.on("disconnect", disconnect, namespace=VISITOR_NS)

    async def on_tokens_revoked(data: dict[str, Any]) -> None:
        """A new resume code shut these tokens out of a case: their sockets here go (they
        reconnect as themselves, without the case)."""
        hashes = set(data.get("token_hashes") or ())
        for sid, c in list(svc.local.visitors.items()):
            if c.token_hash in hashes:
                await sio.disconnect(sid, namespace=VISITOR_NS)

    svc.bus.on_signal(VISITOR_TOKENS_REVOKED_SIGNAL, on_tokens_revoked)

    @ns.on("conversation.join", schemas.VisitorJoin)
    async def join(sid: str, p: schemas.VisitorJoin) -> Reply:
        c = conn(sid)

        async def subscribe(visitor_id: str) -> None:
            await bind(sid, c, visitor_id, None)

        state = await conv_actions.get_visitor_state(
            svc, c.token_hash, p.last_seq, p.conversation_id, subscribe
        )
        await bind(sid, c, state.pop("visitor_id"), state["conversation"])
        if state["conversation"] is not None and state["conversation"]["status"] == "queued":
            svc.queue.forget(sid)
        return state

    @ns.on("message.send", schemas.VisitorSend)
    async def send(sid: str, p: schemas.VisitorSend) -> Reply:
        c = conn(sid)

        async def subscribe(visitor_id: str) -> None:
            await bind(sid, c, visitor_id, None)

        known = (c.visitor_id, c.conversation_id) if c.visitor_id and c.conversation_id else None
        result = await conv_actions.do_send_visitor_message(
            svc,
            c.token_hash,
            client_id=p.client_id,
            text=p.text,
            nickname=p.nickname,
            conversation_id=p.conversation_id,
            lang=c.lang,
            site=c.site,
            subscribe=subscribe,
            known=known,
            skip_sid=sid,
            proof=p.proof.model_dump(exclude_none=True)
            if isinstance(p.proof, schemas.AltchaProof)
            else p.proof,
        )
        await bind(sid, c, result["visitor_id"], result["conversation"])
        return {"message": result["message"], "conversation": result["conversation"]}

    @ns.on("typing", schemas.Typing)
    async def typing(sid: str, p: schemas.Typing) -> Reply:
        await conv_actions.do_visitor_typing(svc, conn(sid).visitor_id, p.typing)
        return {}

    @ns.on("conversation.leave", schemas.Empty)
    async def leave(sid: str, _p: schemas.Empty) -> Reply:
        c = conn(sid)
        await conv_actions.do_visitor_leave(svc, c.token_hash)
        c.conversation_id = None
        return {}

    # --- the case (docs/protocol.md "the case") ---------------------------------------------

    @ns.on("case.code", schemas.Empty)
    async def case_code(sid: str, _p: schemas.Empty) -> Reply:
        return {"code": await case_actions.do_issue_code(svc, conn(sid).token_hash)}

    @ns.on("case.resume", schemas.CaseResume)
    async def case_resume(sid: str, p: schemas.CaseResume) -> Reply:
        c = conn(sid)

        async def subscribe(visitor_id: str) -> None:
            await bind(sid, c, visitor_id, None)

        state = await case_actions.do_resume(svc, c.token_hash, p.code, subscribe)
        await bind(sid, c, state.pop("visitor_id"), state["conversation"])
        if state["conversation"] is not None and state["conversation"]["status"] == "queued":
            svc.queue.forget(sid)
        return state

    @ns.on("case.erase", schemas.Empty)
    async def erase(sid: str, _p: schemas.Empty) -> Reply:
        c = conn(sid)
        erased = await privacy.do_erase_visitor(svc, c.token_hash)
        c.conversation_id = None
        return {"erased": erased}
