"""The `/console` namespace: the duty console (docs/protocol.md). Authenticated by the session
cookie; python-socketio refuses cross-origin connections, so another site cannot ride it."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import socketio

from server.actions import blocks, handover, supervision
from server.actions import canned as canned_actions
from server.actions import cases as case_actions
from server.actions import conversations as conv_actions
from server.actions import duty as duty_actions
from server.actions import escalations as esc_actions
from server.actions import messages as message_actions
from server.actions import queue as queue_actions
from server.actions import referrals as referral_actions
from server.actions import resources as resource_actions
from server.actions import staff as staff_actions
from server.actions.errors import ActionError
from server.actions.events import emit_to_socket
from server.bus import (
    CONSOLE_NS,
    STAFF_ALL_ROOM,
    STAFF_REVOKED_SIGNAL,
    SUPERVISORS_ROOM,
    staff_room,
    watch_room,
)
from server.constants import SESSION_COOKIE, SUPERVISOR_ROLES
from server.ratelimit import RateLimiter
from server.realtime import schemas
from server.realtime.base import Namespace, Reply, refusal
from server.services import Services

T = TypeVar("T")
log = logging.getLogger("netreach.realtime")

SessionCheck = Callable[[], Awaitable[int]]


def register(sio: socketio.AsyncServer, svc: Services) -> SessionCheck:
    """Attach the console namespace's handlers to `sio`. Returns the session check that the app
    runs every `SESSION_CHECK_SECONDS` (sockets whose session ended are disconnected)."""
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
        if staff_id is None or sid not in svc.local.staff_sessions:  # gone, or its session ended
            raise ActionError("forbidden")
        return staff_id

    async def connect(sid: str, environ: dict[str, Any], auth: Any = None) -> None:
        request = environ.get("aiohttp.request")
        token = request.cookies.get(SESSION_COOKIE) if request is not None else None
        try:
            staff = await staff_actions.get_session_staff(svc, token)
        except Exception:
            # the database is unreachable: a refusal the console retries, not a silent one
            log.warning("console connect: session check failed", exc_info=True)
            raise refusal("unavailable") from None
        if staff is None or token is None:
            raise refusal("forbidden")
        langs[sid] = staff.language
        # the session and role this socket was opened with: a session that ends (or a role
        # that changes) after this point is caught by the signal or by the session check
        svc.local.add_staff(sid, staff.id, staff_actions.session_id_of(token), staff.role)
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

    async def end_socket(sid: str, reason: str) -> None:
        """Tell the socket why (`session.ended`), then disconnect it: the client does not
        reconnect after a disconnect by the server (docs/protocol.md)."""
        svc.local.staff_sessions.pop(sid, None)  # ended once, even if two paths find it
        with contextlib.suppress(Exception):  # the socket may be gone already
            await emit_to_socket(svc, sid, "session.ended", {"reason": reason}, CONSOLE_NS)
        await sio.disconnect(sid, namespace=CONSOLE_NS)

    async def on_revoked(data: dict[str, Any]) -> None:
        """A node (or a command) ended a session: disconnect the sockets of it held here."""
        staff_id, session_id = data.get("staff_id"), data.get("session_id")
        reason = str(data.get("reason") or "signed_out")
        here = False
        for sid in list(svc.local.staff_sids.get(str(staff_id), ())):
            opened = svc.local.staff_sessions.get(sid)
            if opened is not None and (session_id is None or opened[0] == session_id):
                await end_socket(sid, reason)
                here = True
        if here:  # a command ended it: nobody else takes the account off duty
            await staff_actions.do_leave_duty_if_signed_out(svc, str(staff_id))

    svc.bus.on_signal(STAFF_REVOKED_SIGNAL, on_revoked)

    async def check_sessions() -> int:
        """The safety net under the signal (Redis pub/sub is at-most-once; a command on the
        embedded default has no bus; a session may end while its socket connects, or expire):
        disconnect every socket here whose session is gone, expired, of a deactivated account
        or of a changed role; an account left without a session goes off duty. Returns how many
        sockets were disconnected."""
        opened = dict(svc.local.staff_sessions)
        if not opened:
            return 0
        live = await staff_actions.get_live_sessions(svc, sorted({s for s, _ in opened.values()}))
        ended: set[str] = set()
        count = 0
        for sid, (session_id, role) in opened.items():
            if sid not in svc.local.staff_sessions:
                continue  # closed, or ended by a signal, while the query ran
            found = live.get(session_id)
            if found is None:
                reason = "signed_out"
            elif not found[1]:
                reason = "deactivated"
            elif found[2]:
                reason = "expired"
            elif found[0] != role:
                reason = "role_changed"
            else:
                continue
            staff_id = svc.local.staff.get(sid)
            if staff_id is not None:
                ended.add(staff_id)
            await end_socket(sid, reason)
            count += 1
        for staff_id in ended:
            await staff_actions.do_leave_duty_if_signed_out(svc, staff_id)
        return count

    async def subscribed_first(sid: str, conversation_id: str, action: Awaitable[T]) -> T:
        """Enter the conversation's watch room, then run the action that reads its history: a
        message committed meanwhile reaches the socket one way or the other (or both; clients
        keep one per seq). A refused action leaves the room as it was. The caller checks the
        role first (`check_may_watch`): until the action refuses, the socket hears the room."""
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
        return await duty_actions.do_duty_stop(svc, me(sid), by_self=True)

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
        # the role first: a socket enters the chat's room only when it may hear it
        await supervision.check_may_watch(svc, me(sid))
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
        await supervision.check_may_watch(svc, me(sid))
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

    # --- handover and blocks (docs/protocol.md) -----------------------------------------------

    @ns.on("handover.targets", schemas.ConversationRef)
    async def handover_targets(sid: str, p: schemas.ConversationRef) -> Reply:
        return {"targets": await handover.get_handover_targets(svc, me(sid), p.conversation_id)}

    @ns.on("handover.offer", schemas.HandoverOffer)
    async def handover_offer(sid: str, p: schemas.HandoverOffer) -> Reply:
        offer = await handover.do_offer_handover(
            svc, me(sid), p.conversation_id, p.staff_id, p.note
        )
        return {"handover": offer}

    @ns.on("handover.accept", schemas.HandoverRef)
    async def handover_accept(sid: str, p: schemas.HandoverRef) -> Reply:
        return await handover.do_accept_handover(svc, me(sid), p.handover_id)

    @ns.on("handover.decline", schemas.HandoverRef)
    async def handover_decline(sid: str, p: schemas.HandoverRef) -> Reply:
        return {"handover": await handover.do_decline_handover(svc, me(sid), p.handover_id)}

    @ns.on("visitor.block", schemas.BlockVisitor)
    async def visitor_block(sid: str, p: schemas.BlockVisitor) -> Reply:
        block = await blocks.do_block_visitor(svc, me(sid), p.conversation_id, p.reason, p.hours)
        return {"block": block}

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
        if p.refer:
            shared, referral = await referral_actions.do_share_and_refer(
                svc, me(sid), p.conversation_id, p.resource_id, p.client_id, skip_sid=sid
            )
            return {"message": shared, "referral": referral}
        message = await message_actions.do_share_resource(
            svc, me(sid), p.conversation_id, p.resource_id, p.client_id, skip_sid=sid
        )
        return {"message": message}

    # --- canned replies (docs/protocol.md) -------------------------------------------------

    @ns.on("canned.list", schemas.CannedList)
    async def canned_list(sid: str, p: schemas.CannedList) -> Reply:
        replies, in_lang = await canned_actions.get_canned_replies(svc, me(sid), p.lang)
        return {"replies": replies, "lang": in_lang}

    # --- the case (docs/protocol.md "the case") ---------------------------------------------

    @ns.on("case.history", schemas.ConversationRef)
    async def case_history(sid: str, p: schemas.ConversationRef) -> Reply:
        return {"case": await case_actions.get_case_history(svc, me(sid), p.conversation_id)}

    @ns.on("case.transcript", schemas.CaseTranscript)
    async def case_transcript(sid: str, p: schemas.CaseTranscript) -> Reply:
        return await case_actions.get_case_transcript(
            svc, me(sid), p.conversation_id, p.transcript_id
        )

    @ns.on("note.add", schemas.NoteAdd)
    async def note_add(sid: str, p: schemas.NoteAdd) -> Reply:
        note = await case_actions.do_add_note(
            svc, me(sid), p.conversation_id, p.text, p.scope, p.kind
        )
        return {"note": note}

    @ns.on("note.edit", schemas.NoteEdit)
    async def note_edit(sid: str, p: schemas.NoteEdit) -> Reply:
        return {"note": await case_actions.do_edit_note(svc, me(sid), p.note_id, p.text)}

    # --- referrals (docs/protocol.md "referrals") --------------------------------------------

    @ns.on("referral.add", schemas.ReferralAdd)
    async def referral_add(sid: str, p: schemas.ReferralAdd) -> Reply:
        referral = await referral_actions.do_add_referral(
            svc, me(sid), p.conversation_id, p.resource_id, p.status, p.follow_up, p.note
        )
        return {"referral": referral}

    @ns.on("referral.update", schemas.ReferralUpdate)
    async def referral_update(sid: str, p: schemas.ReferralUpdate) -> Reply:
        given = p.model_fields_set
        referral = await referral_actions.do_update_referral(
            svc,
            me(sid),
            p.referral_id,
            p.status,
            p.follow_up if "follow_up" in given else referral_actions.UNCHANGED,
            p.note if "note" in given else referral_actions.UNCHANGED,
        )
        return {"referral": referral}

    @ns.on("referral.list_due", schemas.Empty)
    async def referral_list_due(sid: str, _p: schemas.Empty) -> Reply:
        return {"referrals": await referral_actions.get_due_referrals(svc, me(sid))}

    return check_sessions
