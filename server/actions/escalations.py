"""Crisis escalation: the moderation assessment in the message path, and the escalation
lifecycle (raised -> acknowledged -> resolved) with timings, overdue re-announcement, history
and statistics. What supervisors do with a conversation is `server/actions/supervision.py`.

Safety first: an `escalate` assessment raises the conversation's priority (a waiting visitor
jumps the queue) and records the escalation *in the same transaction as the message*; after the
commit every connected supervisor (all nodes) and the assigned networker are alerted, and the
visitor at once receives emergency contacts in their language (`server/actions/crisis.py`). A
keyword hit is a priority raiser and an alarm, never the only safety net.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from moderation import Assessment, detect_language
from server.actions.access import (
    check_conversation,
    check_not_erased,
    check_supervisor,
    is_supervisor,
)
from server.actions.audit import write_audit
from server.actions.crisis import (
    PRIORITY,
    RISK_RANK,
    emergency_text,
    get_emergency,
    reply_language,
)
from server.actions.duty import get_on_duty_count
from server.actions.errors import ActionError
from server.actions.escalation_cards import (
    get_escalation_payload,
    get_open_escalation_row,
)
from server.actions.events import Tx, escalation_events, supervisors_event, transaction
from server.actions.lexicon_review import record_false_alarm, record_missed
from server.actions.messages import do_append_system_message, get_recent_visitor_messages
from server.actions.serialize import iso
from server.db.models import Conversation, Escalation, Message, Staff, Visitor
from server.protocol import Escalation as EscalationPayload
from server.protocol import EscalationBurst
from server.services import Services

MAX_MATCHES = 30
MANUAL_LANGUAGE_MESSAGES = 3


@dataclass
class AssessmentOutcome:
    """What a visitor message's assessment changed: the queue order, and whether it alerted."""

    queue_changed: bool = False
    escalated: bool = False


async def do_record_assessment(
    svc: Services,
    tx: Tx,
    conv: Conversation,
    msg: Message,
    assessment: Assessment,
    context_ids: list[str] | None = None,
) -> AssessmentOutcome:
    """Inside the visitor message's transaction: mark risk, and for `escalate` raise priority,
    record (or strengthen) the conversation's open escalation and send the visitor emergency
    contacts. Emits (after the commit) escalation.new / escalation.update and message.new.

    `context_ids`: the ids of the visitor's earlier messages the assessment read together with
    `msg` (oldest first, as given to `assess_conversation`); the escalation names every message
    that contributed (`message_ids`, and `message_id` on each match) and which detector fired
    (`detected_by`)."""
    out = AssessmentOutcome()
    severity = assessment.severity
    if severity == "none":
        return out
    msg.risk = severity
    if RISK_RANK[severity] > RISK_RANK.get(conv.risk, 0):
        conv.risk = severity
    if not assessment.escalate:
        return out
    ids = [*(context_ids or []), msg.id]

    def message_id(index: int | None) -> str:
        return ids[index] if index is not None and 0 <= index < len(ids) else msg.id

    matches = [
        {
            "phrase": m.phrase,
            "category": m.category,
            "start": m.start,
            "end": m.end,
            "message_id": message_id(m.message),
        }
        for m in assessment.matches
        if getattr(m, "status", "active") == "active"
    ]
    contributing = [message_id(i) for i in assessment.contributing] or [msg.id]
    out.escalated = True
    out.queue_changed = await _do_escalate(
        svc,
        tx,
        conv,
        msg,
        "auto",
        severity,
        list(assessment.categories),
        matches,
        None,
        None,
        language=assessment.language,
        detected_by=list(assessment.detected_by),
        message_ids=contributing,
    )
    return out


async def _do_escalate(
    svc: Services,
    tx: Tx,
    conv: Conversation,
    msg: Message | None,
    source: str,
    severity: str,
    categories: list[str],
    matches: list[dict[str, Any]],
    reason: str | None,
    by: Staff | None,
    language: str | None = None,
    detected_by: list[str] | None = None,
    message_ids: list[str] | None = None,
) -> bool:
    """Raise the conversation's open escalation or strengthen it; the visitor gets a crisis reply
    (the emergency card, in `language` — the message's detected language — when the reply has
    it, see `crisis.reply_language`) when it is new or stronger. `by`: the staff member
    escalating by hand (None for a visitor's message). Returns whether the queue order
    changed."""
    session, now = tx.session, svc.clock.now()
    queue_changed = conv.status == "queued" and conv.priority < PRIORITY[severity]
    conv.priority = max(conv.priority, PRIORITY[severity])
    if RISK_RANK[severity] > RISK_RANK.get(conv.risk, 0):
        conv.risk = severity
    existing = await get_open_escalation_row(session, conv.id)
    if existing is None:
        esc = Escalation(
            conversation_id=conv.id,
            message_id=msg.id if msg is not None else None,
            source=source,
            severity=severity,
            categories=sorted(set(categories)),
            matches={
                "items": matches[:MAX_MATCHES],
                "detected_by": sorted(set(detected_by or [])),
                "message_ids": (message_ids or [])[-MAX_MATCHES:],
            },
            reason=reason,
            raised_by=by.id if by is not None else None,
            status="raised",
            raised_at=now,
            announced_at=now,
            overdue=False,
        )
        session.add(esc)
        await session.flush()
        op = None
        stronger = True
    else:
        esc = existing
        stronger = RISK_RANK[severity] > RISK_RANK[esc.severity] or not set(categories) <= set(
            esc.categories or []
        )
        if RISK_RANK[severity] > RISK_RANK[esc.severity]:
            esc.severity = severity
        esc.categories = sorted(set(esc.categories or []) | set(categories))
        old = esc.matches or {}
        items = list(old.get("items", [])) + matches
        ids = list(old.get("message_ids", []))
        ids += [i for i in message_ids or [] if i not in ids]
        # a new dict (the JSON column is saved when it is replaced, not when mutated)
        esc.matches = {
            "items": items[-MAX_MATCHES:],
            "detected_by": sorted(set(old.get("detected_by", [])) | set(detected_by or [])),
            "message_ids": ids[-MAX_MATCHES:],
        }
        if msg is not None:
            esc.message_id = msg.id
        if reason:
            esc.reason = f"{esc.reason}\n{reason}" if esc.reason else reason
        op = "updated"
    if stronger:
        lang = reply_language(language, conv.language)
        emergency = await get_emergency(
            session,
            list(esc.categories or []),
            lang,
            on=now.date().isoformat(),
            emergency_number=svc.site.emergency_number,
            on_duty=await get_on_duty_count(session),
            at=now,
        )
        text = emergency_text(emergency, lang, queued=conv.status == "queued")
        await do_append_system_message(tx, conv, text, now, emergency)
    tx.emit(
        escalation_events(
            conv.assigned_staff_id,
            await get_escalation_payload(session, esc, conv),
            op,
            None if op is None else "manual" if source == "manual" else "crisis_message",
            by,
        )
    )
    if existing is None and source == "auto":
        burst = await get_escalation_burst(svc, session)
        if burst is not None:  # after the escalation itself: the alert comes first
            tx.emit([supervisors_event("escalation.burst", burst)])
    if queue_changed:
        tx.after_commit(svc.queue.changed)
    return queue_changed


async def get_escalation_burst(svc: Services, session: AsyncSession) -> EscalationBurst | None:
    """The escalations raised automatically in the last `escalation_burst_seconds` for visitors
    first seen within that time, when there are at least `escalation_burst_count` of them: a
    possible flood (one client opening crisis-phrase chats), shown to supervisors as a group.
    None otherwise. Reads only; nothing is hidden or merged, each escalation stays as it is."""
    settings = svc.settings
    now = svc.clock.now()
    since = now - timedelta(seconds=settings.escalation_burst_seconds)
    rows = (
        await session.execute(
            select(Escalation.id, Escalation.raised_at)
            .join(Conversation, Conversation.id == Escalation.conversation_id)
            .join(Visitor, Visitor.id == Conversation.visitor_id)
            .where(
                Escalation.source == "auto",
                Escalation.raised_at >= since,
                Visitor.created_at >= since,
            )
            .order_by(Escalation.raised_at, Escalation.id)
        )
    ).all()
    if len(rows) < settings.escalation_burst_count:
        return None
    return {
        "count": len(rows),
        "window_seconds": int(settings.escalation_burst_seconds),
        "since": iso(rows[0].raised_at) or "",
        "until": iso(rows[-1].raised_at + timedelta(seconds=settings.escalation_burst_seconds))
        or "",
        "escalation_ids": [r.id for r in rows],
    }


async def _visitor_language(session: AsyncSession, conv: Conversation) -> str | None:
    """moderation's guess of the language the visitor writes in (their latest messages, up to
    MANUAL_LANGUAGE_MESSAGES read together): pl, en, uk, ru or und; None when they wrote
    nothing. A reply to a manual escalation is written in it, as a crisis message's is."""
    recent = await get_recent_visitor_messages(session, conv.id, MANUAL_LANGUAGE_MESSAGES)
    return detect_language("\n".join(text for _, text in recent)) if recent else None


async def do_raise_manual(
    svc: Services, staff_id: str, conversation_id: str, reason: str
) -> EscalationPayload:
    """A networker (for their own chat) or a supervisor escalates by hand, with a reason.
    Refuses with forbidden, not_found, closed. Emits as a crisis signal does. Audited. When the
    conversation had no open escalation and the detector rated its latest visitor message below
    `high`, that message becomes a lexicon review item (`lexicon_review.record_missed`)."""
    async with transaction(svc) as tx:
        s = tx.session
        staff = await s.get(Staff, staff_id)
        if staff is None:
            raise ActionError("forbidden")
        conv = await check_conversation(s, conversation_id)
        if conv.assigned_staff_id != staff_id and not is_supervisor(staff):
            raise ActionError("forbidden")
        if conv.status == "closed":
            raise ActionError("closed")
        # no open escalation: the detector rated the latest visitor message lower than staff
        # do, a lesson for the lexicon (server/actions/lexicon_review.py)
        item = None
        if await get_open_escalation_row(s, conv.id) is None:
            item = await record_missed(s, conv, staff_id, svc.clock.now())
        await _do_escalate(
            svc,
            tx,
            conv,
            None,
            "manual",
            "high",
            [],
            [],
            reason,
            staff,
            language=await _visitor_language(s, conv),
        )
        # the reason stays on the escalation (erased with it); the append-only audit log keeps
        # no text about the person, only that it was raised
        write_audit(
            s,
            svc.clock.now(),
            staff_id,
            "escalation.raise",
            conversation_id,
            {"lexicon_review_item": item.id} if item is not None else {},
        )
        esc = await get_open_escalation_row(s, conv.id)
        assert esc is not None
        payload = await get_escalation_payload(s, esc, conv)
    return payload


async def _escalation_for_supervisor(
    session: AsyncSession, staff_id: str, escalation_id: str
) -> tuple[Staff, Escalation, Conversation]:
    staff = await check_supervisor(session, staff_id)
    esc = await session.get(Escalation, escalation_id)
    if esc is None:
        raise ActionError("not_found")
    conv = await session.get(Conversation, esc.conversation_id)
    assert conv is not None
    return staff, esc, conv


async def do_acknowledge(svc: Services, staff_id: str, escalation_id: str) -> EscalationPayload:
    """raised -> acknowledged (idempotent). Emits escalation.update(op=acknowledged)."""
    now = svc.clock.now()
    async with transaction(svc) as tx:
        s = tx.session
        me, esc, conv = await _escalation_for_supervisor(s, staff_id, escalation_id)
        changed = esc.status == "raised"
        if changed:
            esc.status = "acknowledged"
            esc.acknowledged_at = now
            esc.acknowledged_by = staff_id
            write_audit(
                s, now, staff_id, "escalation.acknowledge", esc.id, {"conversation": conv.id}
            )
        payload = await get_escalation_payload(s, esc, conv)
        if changed:
            tx.emit(escalation_events(conv.assigned_staff_id, payload, "acknowledged", None, me))
    return payload


async def do_resolve(
    svc: Services, staff_id: str, escalation_id: str, outcome: str, note: str | None
) -> EscalationPayload:
    """-> resolved with an outcome and note (closed if already resolved). Emits
    escalation.update(op=resolved). Audited. An automatic escalation resolved as
    `false_alarm` makes its message a lexicon review item (`lexicon_review.record_false_alarm`).
    Refuses `erased` for a note on the escalation of a conversation its visitor erased (the
    outcome alone still resolves it)."""
    now = svc.clock.now()
    async with transaction(svc) as tx:
        s = tx.session
        me, esc, conv = await _escalation_for_supervisor(s, staff_id, escalation_id)
        if esc.status == "resolved":
            raise ActionError("closed")
        if note and note.strip():
            # text about the visitor: none is written after they asked for erasure
            check_not_erased(conv)
        if esc.acknowledged_at is None:
            esc.acknowledged_at = now
            esc.acknowledged_by = staff_id
        esc.status = "resolved"
        esc.resolved_at = now
        esc.resolved_by = staff_id
        esc.outcome = outcome
        esc.note = note
        details: dict[str, Any] = {"conversation": conv.id, "outcome": outcome}
        if outcome == "false_alarm":  # a lesson for the lexicon (lexicon_review.py)
            item = await record_false_alarm(s, esc, conv, staff_id, now)
            if item is not None:
                details["lexicon_review_item"] = item.id
        write_audit(s, now, staff_id, "escalation.resolve", esc.id, details)
        payload = await get_escalation_payload(s, esc, conv)
        tx.emit(escalation_events(conv.assigned_staff_id, payload, "resolved", None, me))
    return payload


async def do_escalation_tick(svc: Services) -> int:
    """Re-announce escalations nobody acknowledged within `escalation_ack_seconds`, marking them
    overdue (escalation.update op=overdue). The conditional UPDATE makes exactly one node
    announce each time. Returns how many were re-announced."""
    now = svc.clock.now()
    cutoff = now - timedelta(seconds=svc.settings.escalation_ack_seconds)
    async with svc.db.read() as s:
        due = list(
            (
                await s.execute(
                    select(Escalation.id, Escalation.announced_at).where(
                        Escalation.status == "raised", Escalation.announced_at <= cutoff
                    )
                )
            ).all()
        )
    count = 0
    for esc_id, announced in due:
        async with transaction(svc) as tx:
            s = tx.session
            won = (
                await s.execute(
                    update(Escalation)
                    .where(
                        Escalation.id == esc_id,
                        Escalation.status == "raised",
                        Escalation.announced_at == announced,
                    )
                    .values(overdue=True, announced_at=now)
                    .returning(Escalation.id)
                )
            ).scalar_one_or_none()
            if won is None:
                continue
            esc = await s.get(Escalation, esc_id)
            assert esc is not None
            await s.refresh(esc)
            conv = await s.get(Conversation, esc.conversation_id)
            assert conv is not None
            tx.emit(
                escalation_events(
                    conv.assigned_staff_id, await get_escalation_payload(s, esc, conv), "overdue"
                )
            )
        count += 1
    return count


async def get_open_escalations(session: AsyncSession) -> list[EscalationPayload]:
    """Every escalation not resolved yet, oldest first."""
    rows = (
        await session.execute(
            select(Escalation, Conversation)
            .join(Conversation, Conversation.id == Escalation.conversation_id)
            .where(Escalation.status != "resolved")
            .order_by(Escalation.raised_at)
        )
    ).all()
    return [await get_escalation_payload(session, e, c) for e, c in rows]


# --- history and statistics ---------------------------------------------------------------------


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


async def get_escalation_history(
    svc: Services,
    since: datetime,
    until: datetime,
    status: str | None = None,
    category: str | None = None,
    limit: int = 200,
) -> list[EscalationPayload]:
    """Escalations raised in [since, until), newest first, optionally of one status and
    category (at most `limit`)."""
    async with svc.db.read() as s:
        q = (
            select(Escalation, Conversation)
            .join(Conversation, Conversation.id == Escalation.conversation_id)
            .where(Escalation.raised_at >= since, Escalation.raised_at < until)
            .order_by(Escalation.raised_at.desc())
            .limit(limit)
        )
        if status:
            q = q.where(Escalation.status == status)
        rows = (await s.execute(q)).all()
        out = []
        for e, c in rows:
            if category and category not in (e.categories or []):
                continue
            out.append(await get_escalation_payload(s, e, c))
        return out


async def get_escalation_stats(svc: Services, since: datetime, until: datetime) -> dict[str, Any]:
    """Counts by category and severity, median seconds to acknowledge and to resolve, and the
    median wait of urgent vs other visitors assigned in the period."""
    async with svc.db.read() as s:
        escs = list(
            (
                await s.execute(
                    select(Escalation).where(
                        Escalation.raised_at >= since, Escalation.raised_at < until
                    )
                )
            ).scalars()
        )
        waits = (
            await s.execute(
                select(
                    Conversation.priority, Conversation.queued_at, Conversation.assigned_at
                ).where(
                    Conversation.assigned_at.is_not(None),
                    Conversation.assigned_at >= since,
                    Conversation.assigned_at < until,
                )
            )
        ).all()
    by_category: dict[str, int] = {}
    by_severity: dict[str, int] = {}
    for e in escs:
        for c in e.categories or ["unspecified"]:
            by_category[c] = by_category.get(c, 0) + 1
        by_severity[e.severity] = by_severity.get(e.severity, 0) + 1
    to_ack = [(e.acknowledged_at - e.raised_at).total_seconds() for e in escs if e.acknowledged_at]
    to_resolve = [(e.resolved_at - e.raised_at).total_seconds() for e in escs if e.resolved_at]
    urgent = [max(0.0, (a - q).total_seconds()) for p, q, a in waits if p > 0 and a]
    other = [max(0.0, (a - q).total_seconds()) for p, q, a in waits if p == 0 and a]
    return {
        "total": len(escs),
        "open": sum(1 for e in escs if e.status != "resolved"),
        "overdue": sum(1 for e in escs if e.overdue),
        "by_category": dict(sorted(by_category.items())),
        "by_severity": dict(sorted(by_severity.items())),
        "median_seconds_to_acknowledge": _median(to_ack),
        "median_seconds_to_resolve": _median(to_resolve),
        "median_wait_urgent_seconds": _median(urgent),
        "median_wait_other_seconds": _median(other),
        "assigned_urgent": len(urgent),
        "assigned_other": len(other),
    }
