"""Conversations: what a visitor or a networker sees when they (re)join, a visitor's message
(which may start a conversation and is assessed for crisis signals), typing and presence,
leaving and closing.

Messages themselves are stored by `server/actions/messages.py` (the one place that allocates
seq and builds message.new); this module decides around them: the visitor's open conversation
or a new queued one, the rate limit, the crisis assessment (`escalations.do_record_assessment`,
in the same transaction as the message).
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from moderation import CONTEXT_MESSAGES, Assessment, assess_conversation, detect_language
from server.actions.access import check_assigned, check_conversation, check_staff
from server.actions.blocks import is_blocked
from server.actions.crisis import get_key_cards
from server.actions.duty import duty_status, get_load, get_on_duty_count
from server.actions.errors import ActionError
from server.actions.escalation_cards import escalation_card_events, get_open_escalation
from server.actions.escalations import do_record_assessment
from server.actions.events import (
    conversation_events,
    conversation_update_events,
    me_event,
    publish,
    transaction,
)
from server.actions.handover import get_open_handovers, get_received_handover
from server.actions.messages import (
    append_message,
    do_store_hot,
    find_duplicate,
    get_messages_since,
    get_recent_visitor_messages,
    get_staff_display_name,
    message_new_events,
)
from server.actions.presence import do_set_visitor_online, get_visitor_online, get_visitors_online
from server.actions.queue import get_queue_snapshot
from server.actions.serialize import (
    conversation_for_staff,
    conversation_for_visitor,
    iso,
    me_dict,
    message_dict,
)
from server.db.hot import HotMessage
from server.db.models import Case, CaseToken, Conversation, Staff, Visitor
from server.i18n import SPOKEN_LANGS
from server.protocol import StaffConversation, VisitorNetworker
from server.services import Services

OPEN = ("queued", "active")


def token_hash(token: str) -> str:
    """The only form in which a visitor's token is kept: its SHA-256, hex."""
    return hashlib.sha256(token.encode()).hexdigest()


async def get_visitor(session: AsyncSession, th: str) -> Visitor | None:
    """The visitor this token hash opens: the visitor of the case it resumed with a code
    (`case_tokens`), else the visitor it created with its first message, else None."""
    resumed = (
        await session.execute(
            select(Visitor)
            .join(Case, Case.visitor_id == Visitor.id)
            .join(CaseToken, CaseToken.case_id == Case.id)
            .where(CaseToken.token_hash == th)
        )
    ).scalar_one_or_none()
    if resumed is not None:
        return resumed
    return (
        await session.execute(select(Visitor).where(Visitor.token_hash == th))
    ).scalar_one_or_none()


async def get_case_id(session: AsyncSession, visitor_id: str) -> str | None:
    """The id of the visitor's case (every visitor who wrote has one)."""
    return await session.scalar(select(Case.id).where(Case.visitor_id == visitor_id))


async def _staff(session: AsyncSession, staff_id: str | None) -> Staff | None:
    if staff_id is None:
        return None
    return await session.get(Staff, staff_id)


async def _open_conversation(session: AsyncSession, visitor_id: str) -> Conversation | None:
    return (
        await session.execute(
            select(Conversation)
            .where(Conversation.visitor_id == visitor_id, Conversation.status.in_(OPEN))
            .order_by(Conversation.created_at.desc())
            .limit(1)
        )
    ).scalar_one_or_none()


async def _active_conversation(session: AsyncSession, visitor_id: str) -> Conversation | None:
    return (
        await session.execute(
            select(Conversation)
            .where(Conversation.visitor_id == visitor_id, Conversation.status == "active")
            .limit(1)
        )
    ).scalar_one_or_none()


async def get_visitor_state(
    svc: Services,
    th: str,
    last_seq: int,
    conversation_id: str | None,
    subscribe: Callable[[str], Awaitable[None]] | None = None,
) -> dict[str, Any]:
    """What the widget needs after (re)connecting: {visitor_id, conversation, messages after
    last_seq, queue position, duty status with key crisis lines}. Reads only.

    `subscribe(visitor_id)` runs before the history is read: a message committed while this
    runs is then in the reply, or reaches the socket as message.new, or both (clients keep one
    per seq) — never neither. (The read is one snapshot — on SQLite from its first statement —
    so the subscription comes before the read transaction begins.)"""
    now = svc.clock.now()
    on = now.date().isoformat()
    if subscribe is not None:
        async with svc.db.read() as s:
            known = await get_visitor(s, th)
        if known is not None:
            await subscribe(known.id)
    async with svc.db.read() as s:
        on_duty = await get_on_duty_count(s)
        duty: dict[str, Any] = dict(duty_status(svc, on_duty))
        # when nobody is on duty the widget shows these lines (vetted library entries)
        duty["resources"] = await get_key_cards(s, on, (svc.site.emergency_number,))
        visitor = await get_visitor(s, th)
        conv = None
        if visitor is not None:
            conv = (
                await s.execute(
                    select(Conversation)
                    # an erased conversation is gone for the visitor (a stub for statistics)
                    .where(Conversation.visitor_id == visitor.id, Conversation.erased_at.is_(None))
                    .order_by(Conversation.created_at.desc(), Conversation.id.desc())
                    .limit(1)
                )
            ).scalar_one_or_none()
        if conv is None:
            return {
                "visitor_id": None,
                "conversation": None,
                "messages": [],
                "queue": None,
                "duty": duty,
            }
        if conversation_id is not None and conversation_id != conv.id:
            last_seq = 0  # the client holds an older conversation: send this one whole
        messages = await get_messages_since(s, conv, last_seq, on)
        queue = await svc.queue.get_position(s, conv) if conv.status == "queued" else None
        staff = await _staff(s, conv.assigned_staff_id)
        return {
            "visitor_id": conv.visitor_id,
            "conversation": conversation_for_visitor(conv, staff),
            "messages": messages,
            "queue": queue,
            "duty": duty,
        }


def guess_visitor_lang(text: str, ui_lang: str) -> str:
    """The language a visitor writes in, for the queue and automatic assignment: moderation's
    guess from their message (one of `i18n.SPOKEN_LANGS`: pl, uk, en, ru), else — a message too
    short or mixed to tell ("ok", "112") — the widget's language `ui_lang`."""
    guess = detect_language(text)
    return guess if guess in SPOKEN_LANGS else ui_lang


async def do_send_visitor_message(
    svc: Services,
    th: str,
    *,
    client_id: str,
    text: str,
    nickname: str | None,
    lang: str,
    site: str | None,
    subscribe: Callable[[str], Awaitable[None]] | None = None,
    known: tuple[str, str] | None = None,
    skip_sid: str | None = None,
    conversation_id: str | None = None,
    proof: str | dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Store a visitor's message (starting a queued conversation when none is open).

    `proof`: an ALTCHA proof of work (server/proofofwork.py). While new conversations start
    faster than `NETREACH_CHALLENGE_ABOVE`, a message that would start one is refused with
    `challenge_required` (carrying a new challenge, harder as the pressure grows) unless it
    carries a valid proof not used before; nothing is stored then. A resend of a stored message
    and a message into an open conversation need none.

    `conversation_id`: the conversation the visitor wrote it for (a message typed offline):
    when that is not their open conversation any more, it is refused with `closed` and nothing
    is stored, so text meant for an ended chat never silently starts a new one.

    Emits message.new to both sides except the sending socket `skip_sid`, whose ack carries the
    message (and, for a crisis, the escalation and the emergency contacts, to every socket); a
    new conversation also wakes the queue and the assigner. `subscribe(visitor_id)` runs after
    the commit and before the events, so a first-time visitor's socket receives them.
    Refuses with rate_limited, blocked or challenge_required. Returns {visitor_id, message,
    conversation}.

    `known` = (visitor id, open conversation id) this socket already has: the common case then
    takes the hot path. Anything unusual — a crisis signal, a resend, a closed conversation —
    goes the full way.
    """
    now = svc.clock.now()
    if known is not None and conversation_id not in (None, known[1]):
        known = None  # not the socket's open conversation: the full way answers
    # every visitor message is assessed before anyone reads it (CPU only, outside the lock),
    # together with the visitor's recent messages in the conversation (risk builds across
    # messages); the language is detected from the text: the widget's language says nothing
    context: list[tuple[str, str]] = []
    if known is not None:
        context = await svc.db.recent_visitor_messages(known[1], CONTEXT_MESSAGES - 1)
    assessment = assess_conversation([m for _, m in context] + [text], new_risk_only=True)
    if known is not None and assessment.severity == "none":
        fast = await _fast_visitor_message(svc, th, known, client_id, text, now, skip_sid)
        if fast is not None:
            return fast
    for attempt in (1, 2):
        try:
            return await _send_visitor_message(
                svc,
                th,
                client_id,
                text,
                nickname,
                lang,
                site,
                attempt == 1,
                subscribe,
                assessment,
                now,
                skip_sid,
                conversation_id,
                proof,
                (known[1], context) if known is not None else None,
            )
        except IntegrityError:
            if attempt == 2:
                raise
            # a concurrent resend of the same client_id won the insert: the retry finds it
    raise AssertionError("unreachable")


async def _send_visitor_message(
    svc: Services,
    th: str,
    client_id: str,
    text: str,
    nickname: str | None,
    lang: str,
    site: str | None,
    limit: bool,
    subscribe: Callable[[str], Awaitable[None]] | None,
    assessment: Assessment,
    now: datetime,
    skip_sid: str | None,
    meant_for: str | None,
    proof: str | dict[str, Any] | None,
    read: tuple[str, list[tuple[str, str]]] | None,
) -> dict[str, Any]:
    """The full path of `do_send_visitor_message`. `read`: (conversation id, its recent visitor
    messages) when the caller read them; they are read again here when the message lands in
    another conversation (or none was read), and the message assessed again in their light."""
    async with transaction(svc) as tx:
        s = tx.session
        visitor = await get_visitor(s, th)
        if visitor is not None:
            if await is_blocked(s, th, now):
                raise ActionError("blocked")
            mine = select(Conversation.id).where(Conversation.visitor_id == visitor.id)
            dup = await find_duplicate(s, mine, client_id)
            if dup is not None:
                conv = await s.get(Conversation, dup.conversation_id)
                assert conv is not None
                staff = await _staff(s, conv.assigned_staff_id)
                return {
                    "visitor_id": visitor.id,
                    "message": message_dict(dup, conv.nickname),
                    "conversation": conversation_for_visitor(conv, staff),
                    "duplicate": True,
                }
        if meant_for is not None:
            # written for a conversation: refused (before it counts) when that has ended
            still_open = await _open_conversation(s, visitor.id) if visitor is not None else None
            if still_open is None or still_open.id != meant_for:
                raise ActionError("closed")
        conv = await _open_conversation(s, visitor.id) if visitor is not None else None
        if conv is None:
            # a new conversation: while they start faster than normal, only with a proof of work
            await check_new_conversation_proof(svc, proof)
        if limit:
            retry = await svc.visitor_limiter.hit(th)
            if retry is not None:
                if conv is None:  # counted as starting just above, but it does not
                    await svc.new_conversations.remove()
                raise ActionError("rate_limited", seconds=int(retry + 0.999))
        if visitor is None:
            # the first message: the visitor (and, below, their case)
            visitor = Visitor(token_hash=th, nickname=nickname, language=lang, created_at=now)
            s.add(visitor)
            await s.flush()
        if conv is None:
            if nickname:
                visitor.nickname = nickname
            case_id = await get_case_id(s, visitor.id)
            if case_id is None:  # a new visitor (or a row written without one)
                case = Case(visitor_id=visitor.id, created_at=now)
                s.add(case)
                await s.flush()
                case_id = case.id
            conv = Conversation(
                visitor_id=visitor.id,
                case_id=case_id,
                status="queued",
                created_at=now,
                queued_at=now,
                language=lang,
                visitor_lang=guess_visitor_lang(text, lang),
                site=site,
                nickname=visitor.nickname,
                first_message=text[:140],
                last_seq=0,
                topics=[],
            )
            s.add(conv)
            await s.flush()
            tx.after_commit(svc.queue.changed)
            tx.after_commit(svc.assigner.kick)
        context = read[1] if read is not None and read[0] == conv.id else None
        if context is None:
            context = await get_recent_visitor_messages(s, conv.id)
            if context:
                assessment = assess_conversation(
                    [m for _, m in context] + [text], new_risk_only=True
                )
        msg = await append_message(s, conv, "visitor", None, client_id, text, now)
        # the crisis outcome commits with the message: priority, risk, escalation, contacts;
        # message.new (built once the message's risk is known) goes out before its alerts
        first = len(tx.events)
        await do_record_assessment(svc, tx, conv, msg, assessment, [i for i, _ in context])
        tx.events[first:first] = message_new_events(conv, msg, conv.nickname, skip_sid)[2]
        staff = await _staff(s, conv.assigned_staff_id)
        payload = message_dict(msg, conv.nickname)
        conversation = conversation_for_visitor(conv, staff)
        visitor_id = visitor.id
        if subscribe is not None:
            # the socket of a first-time visitor joins its room before the events go out
            tx.before_publish(lambda: subscribe(visitor_id))
    svc.metrics.message_stored("visitor", svc.clock.now() - now)
    return {
        "visitor_id": visitor_id,
        "message": payload,
        "conversation": conversation,
        "duplicate": False,
    }


async def check_new_conversation_proof(svc: Services, proof: str | dict[str, Any] | None) -> None:
    """Let a new conversation start, or refuse it with `challenge_required` (and a challenge).

    Every conversation about to start is counted (`svc.new_conversations`: on all nodes, over
    the last `challenge_above_seconds`); the count and the increment are one atomic step, so
    parallel first messages cannot all slip under the threshold. Beyond `challenge_above_count`
    a proof of work is needed, whose difficulty doubles with every further such count; without
    a valid one this one is taken back out of the count and refused. A valid proof counts as
    used once it is accepted here. (Counted before the write: a write that then fails still
    counts, which only errs towards asking for a proof.)
    """
    settings = svc.settings
    pressure = await svc.new_conversations.add()
    if pressure <= settings.challenge_above_count:
        return
    if proof is not None and await svc.proof.check(proof):
        return
    await svc.new_conversations.remove()
    level = (pressure - 1) // settings.challenge_above_count - 1
    svc.metrics.challenge_required()
    raise ActionError("challenge_required", challenge=svc.proof.make_challenge(level))


async def _fast_visitor_message(
    svc: Services,
    th: str,
    known: tuple[str, str],
    client_id: str,
    text: str,
    now: datetime,
    skip_sid: str | None,
) -> dict[str, Any] | None:
    """The common case on the hot path. None when it went no further (the caller takes the full
    path): the conversation is no longer open, or the client id is stored already (a resend),
    or the visitor is over the rate limit (the full path answers a resend before it counts)."""
    visitor_id, conv_id = known
    if await svc.visitor_limiter.hit(th) is not None:
        return None
    try:
        hot = await do_store_hot(
            svc, HotMessage(conv_id, visitor_id, None, client_id, text, now), None, skip_sid
        )
    except IntegrityError:
        hot = None
    except Exception:
        await svc.visitor_limiter.refund(th)  # not stored (the client resends): not counted
        raise
    if hot is None:
        await svc.visitor_limiter.refund(th)  # nothing was stored: the full path counts it
        return None
    conv, payload, _ = hot
    # the visitor's name for the networker is on the message already; the networker's for the
    # visitor's conversation view comes from this node's cache
    name = (
        await get_staff_display_name(svc, conv.assigned_staff_id)
        if conv.status == "active" and conv.assigned_staff_id
        else None
    )
    conversation = conversation_for_visitor(conv, None)
    if name:
        networker: VisitorNetworker = {"name": name}
        conversation["networker"] = networker
    return {
        "visitor_id": visitor_id,
        "message": payload,
        "conversation": conversation,
        "duplicate": False,
    }


async def get_staff_conversation(
    svc: Services, staff_id: str, conversation_id: str, last_seq: int
) -> dict[str, Any]:
    """A conversation, its messages after `last_seq`, its open escalation and the handover I
    accepted it by (its note is shown first; None when it did not come to me by a handover), for
    the networker it is assigned to (not_found, forbidden otherwise). The conversation carries
    the visitor's presence now."""
    now = svc.clock.now()
    async with svc.db.read() as s:
        conv = await check_conversation(s, conversation_id)
        check_assigned(conv, staff_id)
        staff = await _staff(s, conv.assigned_staff_id)
        online = await get_visitor_online(s, conv, now)
        return {
            "handover": await get_received_handover(s, conv.id, staff_id, now),
            "conversation": conversation_for_staff(conv, staff, online),
            "messages": await get_messages_since(
                s, conv, last_seq, svc.clock.now().date().isoformat(), for_staff=True
            ),
            "escalation": await get_open_escalation(s, conv),
        }


async def get_console_state(svc: Services, staff_id: str) -> dict[str, Any]:
    """console.sync: {me, queue snapshot, my open conversations (with each visitor's presence
    now), the handover offers still waiting that I made or received, away, server_time}.
    `away` is {released, at}: how many of my chats the server handed back to the queue while I
    was away (disconnected past the grace period, signed out everywhere) and when the last
    went; null when none since I last went on duty."""
    now = svc.clock.now()
    async with svc.db.read() as s:
        staff = await s.get(Staff, staff_id)
        if staff is None:
            raise ActionError("forbidden")
        mine = list(
            (
                await s.execute(
                    select(Conversation)
                    .where(
                        Conversation.assigned_staff_id == staff_id,
                        Conversation.status == "active",
                    )
                    .order_by(Conversation.assigned_at)
                )
            ).scalars()
        )
        online = await get_visitors_online(s, (c.visitor_id for c in mine), now)
        conversations = [conversation_for_staff(c, staff, online[c.visitor_id]) for c in mine]
        return {
            "me": me_dict(staff, await get_load(s, staff_id)),
            "queue": await get_queue_snapshot(s, now),
            "conversations": conversations,
            "handovers": await get_open_handovers(s, staff_id, now),
            "away": (
                {"released": staff.away_released, "at": iso(staff.away_released_at)}
                if staff.away_released
                else None
            ),
            "server_time": iso(now),
        }


async def do_visitor_typing(svc: Services, visitor_id: str | None, typing: bool) -> None:
    """The visitor types: `typing` to the networker of their active conversation (nothing when
    they have none). Stores nothing."""
    if visitor_id is None:
        return
    async with svc.db.read() as s:
        conv = await _active_conversation(s, visitor_id)
    if conv is not None:
        payload = {"conversation_id": conv.id, "sender": "visitor", "typing": typing}
        await publish(svc, conversation_events(conv, "typing", payload, to_visitor=False))


async def do_staff_typing(svc: Services, staff_id: str, conversation_id: str, typing: bool) -> None:
    """The networker types: `typing` to the visitor of an active conversation assigned to them
    (not_found, forbidden otherwise; nothing when it is not active). Stores nothing."""
    async with svc.db.read() as s:
        conv = await check_conversation(s, conversation_id)
        check_assigned(conv, staff_id)
    if conv.status == "active":
        payload = {"conversation_id": conv.id, "sender": "staff", "typing": typing}
        await publish(svc, conversation_events(conv, "typing", payload, to_staff=False))


async def do_visitor_presence(svc: Services, visitor_id: str, online: bool) -> None:
    """The visitor's first socket on this node connected or their last one here went.

    Their presence lease is set or cleared (what staff are shown when they open the chat
    later). Active conversation: `visitor.presence` to its staff. Queued conversation: going
    away while someone is on duty records when (`visitor_left_at`; after
    `visitor_gone_seconds` the tick marks it vanished and it moves behind present visitors,
    `queue.do_mark_vanished`); going away while nobody is on duty records nothing (leaving a
    message for the next shift is what the widget offers then); coming back clears both, and
    the queue views are refreshed when the mark was set."""
    await do_set_visitor_online(svc, visitor_id, online)
    now = svc.clock.now()
    async with svc.db.read() as s:
        conv = await _open_conversation(s, visitor_id)
        away_on_duty = (
            conv is not None
            and conv.status == "queued"
            and not online
            and conv.visitor_left_at is None
            and await get_on_duty_count(s) > 0
        )
    if conv is None:
        return
    if conv.status == "active":
        payload = {"conversation_id": conv.id, "online": online}
        await publish(svc, conversation_events(conv, "visitor.presence", payload, to_visitor=False))
        return
    queued = (Conversation.id == conv.id, Conversation.status == "queued")
    if online and (conv.visitor_left_at is not None or conv.vanished):
        async with transaction(svc) as tx:
            await tx.session.execute(
                update(Conversation).where(*queued).values(visitor_left_at=None, vanished=False)
            )
            if conv.vanished:
                tx.after_commit(svc.queue.changed)
    elif away_on_duty:
        async with transaction(svc) as tx:
            await tx.session.execute(
                update(Conversation)
                .where(*queued, Conversation.visitor_left_at.is_(None))
                .values(visitor_left_at=now)
            )


async def do_visitor_leave(svc: Services, th: str) -> None:
    """The visitor ends their open conversation (end chat, quick exit). Emits conversation.update
    (op=closed, reason=visitor_left) to both sides, and escalation.update(op=updated,
    reason=closed) when it has an open escalation; a queued one leaves the queue."""
    now = svc.clock.now()
    async with transaction(svc) as tx:
        s = tx.session
        visitor = await get_visitor(s, th)
        if visitor is None:
            return
        conv = await _open_conversation(s, visitor.id)
        if conv is None:
            return
        was_queued = conv.status == "queued"
        conv.status = "closed"
        conv.closed_at = now
        conv.close_reason = "visitor_left"
        staff = await _staff(s, conv.assigned_staff_id)
        tx.emit(conversation_update_events(conv, staff, "closed", "visitor_left", None))
        tx.emit(await escalation_card_events(s, conv, "closed", None))
        tx.after_commit(svc.queue.changed if was_queued else svc.assigner.kick)


async def do_close_conversation(
    svc: Services, staff_id: str, conversation_id: str, outcome: str, topics: list[str]
) -> StaffConversation:
    """The networker closes a chat assigned to them with an outcome and topics (also allowed
    after the visitor left, to record them). Emits conversation.update(op=closed) — to the
    visitor only when it was still open — and the networker's new load; closing an open chat
    with an open escalation also emits escalation.update(op=updated, reason=closed)."""
    now = svc.clock.now()
    async with transaction(svc) as tx:
        s = tx.session
        conv = await check_conversation(s, conversation_id)
        check_assigned(conv, staff_id)
        was_active = conv.status == "active"
        if was_active:
            conv.status = "closed"
            conv.closed_at = now
            conv.close_reason = "closed_by_staff"
        elif conv.status != "closed":
            raise ActionError("forbidden")
        conv.outcome = outcome
        conv.topics = sorted(set(topics))
        staff = await check_staff(s, staff_id)
        tx.emit(
            conversation_update_events(
                conv, staff, "closed", conv.close_reason, None, to_visitor=was_active
            )
        )
        if was_active:  # the networker's load went down: tell their tabs
            tx.emit(me_event(staff_id, me_dict(staff, await get_load(s, staff_id))))
            tx.emit(await escalation_card_events(s, conv, "closed", staff))
        tx.after_commit(svc.queue.changed)
        tx.after_commit(svc.assigner.kick)
        result = conversation_for_staff(conv, staff, None)
    return result
