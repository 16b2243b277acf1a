"""Crisis escalation: the moderation assessment in the message path, the escalation lifecycle
(raised -> acknowledged -> resolved) with timings, overdue re-announcement, and what
supervisors do with a conversation (watch, join, take over, reassign).

Safety first: an `escalate` assessment raises the conversation's priority (a waiting visitor
jumps the queue) and records the escalation *in the same transaction as the message*; after the
commit every connected supervisor (all nodes) and the assigned networker are alerted, and the
visitor at once receives emergency contacts in their language. A keyword hit is a priority
raiser and an alarm, never the only safety net.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from importlib.resources import files
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from moderation import Assessment
from server.actions.audit import write_audit
from server.actions.errors import ActionError
from server.actions.events import conversation_events, conversation_update_events
from server.actions.serialize import conversation_for_staff, iso, message_dict
from server.actions.store import append_message
from server.bus import CONSOLE_NS, SUPERVISORS_ROOM, Event, staff_room
from server.db.models import Conversation, Escalation, Message, Participant, Staff
from server.i18n import N_, gettext
from server.services import Services

PRIORITY = {"high": 10, "imminent": 20}
RISK_RANK = {"none": 0, "concern": 1, "high": 2, "imminent": 3}
SUPERVISOR_ROLES = ("supervisor", "admin")
MAX_MATCHES = 30
EXCERPT = 280

CRISIS_LINES_FILE = files("server") / "crisis_lines.json"  # package data


@cache
def builtin_crisis_lines() -> list[dict[str, Any]]:
    return list(json.loads(CRISIS_LINES_FILE.read_text(encoding="utf-8"))["lines"])


def crisis_lines(categories: list[str] | tuple[str, ...], lang: str) -> list[str]:
    """Crisis lines for the categories, as "number – name" in `lang` (verified numbers only)."""
    wanted = set(categories) or {"self_harm"}
    out = []
    for line in builtin_crisis_lines():
        if wanted & set(line["categories"]):
            out.append(f"{line['number']} – {line['name'].get(lang) or line['name']['en']}")
    return out


# which library topics answer which crisis category; entries on the general `crisis` topic are
# used only when the library has nothing specific (a violence line is no answer to an overdose)
CRISIS_TOPICS: dict[str, tuple[str, ...]] = {
    "self_harm": ("mental_health",),
    "overdose": ("addiction", "mental_health"),
    "violence": ("violence",),
    "child_abuse": ("violence",),
}
MAX_LINES = 3


async def library_crisis_lines(
    svc: Services, session: AsyncSession, categories: list[str], lang: str
) -> list[str]:
    """Crisis lines from the vetted resource library (vetted, review date not passed, with a
    phone) for the categories, in library order; empty when the library has none."""
    from server.actions.resources import is_public, texts_for
    from server.db.models import Resource

    on = svc.clock.now().date().isoformat()
    specific = {t for c in (categories or ["self_harm"]) for t in CRISIS_TOPICS.get(c, ())}
    rows = (
        await session.execute(
            select(Resource)
            .where(Resource.status == "vetted", Resource.review_by >= on)
            .order_by(Resource.created_at, Resource.id)
            .limit(500)
        )
    ).scalars()
    exact: list[tuple[str, str]] = []
    general: list[tuple[str, str]] = []
    seen = {svc.settings.emergency_number.replace(" ", "")}
    for r in rows:
        topics = set(r.topics or [])
        if not is_public(r, on) or not r.phones or not topics & (specific | {"crisis"}):
            continue
        number = str(r.phones[0].get("number", "")).strip()
        if not number or number.replace(" ", "") in seen:
            continue
        seen.add(number.replace(" ", ""))
        (exact if topics & specific else general).append((number, texts_for(r, lang)["name"]))
    chosen = (exact or general)[:MAX_LINES]
    return [name if number in name else f"{number} – {name}" for number, name in chosen]


def emergency_text(
    svc: Services, categories: list[str], lang: str, queued: bool, lines: list[str] | None = None
) -> str:
    """The message a visitor gets at once on escalation: the emergency number, crisis lines for
    the category (from the library, else the built-in verified lines), and that help is coming."""
    parts = [
        gettext(N_("If you are in danger right now, call %(number)s."), lang)
        % {"number": svc.settings.emergency_number}
    ]
    lines = lines or crisis_lines(categories, lang)
    if lines:
        parts.append(
            gettext(N_("You can also call: %(lines)s."), lang) % {"lines": "; ".join(lines)}
        )
    if queued:
        parts.append(
            gettext(
                N_(
                    "You are not alone. We have moved you up the queue and a networker will answer as soon as possible."
                ),
                lang,
            )
        )
    else:
        parts.append(
            gettext(
                N_("You are not alone. Your networker and a supervisor have been alerted."), lang
            )
        )
    return " ".join(parts)


def is_supervisor(staff: Staff) -> bool:
    return staff.role in SUPERVISOR_ROLES


def escalation_dict(
    e: Escalation, conv: Conversation, names: dict[str, str], excerpt: str | None
) -> dict[str, Any]:
    def who(staff_id: str | None) -> dict[str, str] | None:
        return {"id": staff_id, "name": names.get(staff_id, "?")} if staff_id else None

    return {
        "id": e.id,
        "conversation_id": e.conversation_id,
        "message_id": e.message_id,
        "source": e.source,
        "severity": e.severity,
        "categories": list(e.categories or []),
        "matches": list((e.matches or {}).get("items", [])),
        "reason": e.reason,
        "excerpt": excerpt,
        "status": e.status,
        "overdue": e.overdue,
        "raised_at": iso(e.raised_at),
        "raised_by": who(e.raised_by),
        "acknowledged_at": iso(e.acknowledged_at),
        "acknowledged_by": who(e.acknowledged_by),
        "resolved_at": iso(e.resolved_at),
        "resolved_by": who(e.resolved_by),
        "outcome": e.outcome,
        "note": e.note,
        "conversation": {
            "status": conv.status,
            "priority": conv.priority,
            "risk": conv.risk,
            "language": conv.language,
            "site": conv.site,
            "nickname": conv.nickname,
            "queued_at": iso(conv.queued_at),
            "networker": who(conv.assigned_staff_id),
        },
    }


async def _names(session: AsyncSession, *ids: str | None) -> dict[str, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    rows = await session.execute(select(Staff.id, Staff.display_name).where(Staff.id.in_(wanted)))
    return {i: n for i, n in rows.all()}


async def _escalation_payload(
    session: AsyncSession, e: Escalation, conv: Conversation
) -> dict[str, Any]:
    names = await _names(
        session, e.raised_by, e.acknowledged_by, e.resolved_by, conv.assigned_staff_id
    )
    excerpt = None
    if e.message_id:
        text = await session.scalar(select(Message.text).where(Message.id == e.message_id))
        excerpt = text[:EXCERPT] if text else None
    return escalation_dict(e, conv, names, excerpt)


def _escalation_events(name: str, payload: dict[str, Any], conv: Conversation) -> list[Event]:
    events = [Event(name, payload, SUPERVISORS_ROOM, CONSOLE_NS)]
    if conv.assigned_staff_id:
        events.append(Event(name, payload, staff_room(conv.assigned_staff_id), CONSOLE_NS))
    return events


@dataclass
class AssessmentOutcome:
    events: list[Event] = field(default_factory=list)
    queue_changed: bool = False
    escalated: bool = False


async def record_assessment(
    svc: Services,
    session: AsyncSession,
    conv: Conversation,
    msg: Message,
    assessment: Assessment,
    now: datetime,
) -> AssessmentOutcome:
    """Inside the visitor message's transaction: mark risk, and for `escalate` raise priority,
    record (or strengthen) the conversation's open escalation and send the visitor emergency
    contacts. Returns the events to publish after the commit."""
    out = AssessmentOutcome()
    severity = assessment.severity
    if severity == "none":
        return out
    msg.risk = severity
    if RISK_RANK[severity] > RISK_RANK.get(conv.risk, 0):
        conv.risk = severity
    if not assessment.escalate:
        return out
    matches = [
        {"phrase": m.phrase, "category": m.category, "start": m.start, "end": m.end}
        for m in assessment.matches
        if getattr(m, "status", "active") == "active"
    ]
    out.escalated = True
    return await _escalate(
        svc,
        session,
        conv,
        msg,
        "auto",
        severity,
        list(assessment.categories),
        matches,
        None,
        None,
        now,
        out,
    )


async def _escalate(
    svc: Services,
    session: AsyncSession,
    conv: Conversation,
    msg: Message | None,
    source: str,
    severity: str,
    categories: list[str],
    matches: list[dict[str, Any]],
    reason: str | None,
    raised_by: str | None,
    now: datetime,
    out: AssessmentOutcome,
) -> AssessmentOutcome:
    if conv.status == "queued" and conv.priority < PRIORITY[severity]:
        out.queue_changed = True
    conv.priority = max(conv.priority, PRIORITY[severity])
    if RISK_RANK[severity] > RISK_RANK.get(conv.risk, 0):
        conv.risk = severity
    existing = await _open_escalation_row(session, conv.id)
    stronger = False
    if existing is None:
        esc = Escalation(
            conversation_id=conv.id,
            message_id=msg.id if msg is not None else None,
            source=source,
            severity=severity,
            categories=sorted(set(categories)),
            matches={"items": matches[:MAX_MATCHES]},
            reason=reason,
            raised_by=raised_by,
            status="raised",
            raised_at=now,
            announced_at=now,
            overdue=False,
        )
        session.add(esc)
        await session.flush()
        name, op = "escalation.new", None
        stronger = True
    else:
        esc = existing
        stronger = RISK_RANK[severity] > RISK_RANK[esc.severity] or not set(categories) <= set(
            esc.categories or []
        )
        if RISK_RANK[severity] > RISK_RANK[esc.severity]:
            esc.severity = severity
        esc.categories = sorted(set(esc.categories or []) | set(categories))
        items = list((esc.matches or {}).get("items", [])) + matches
        esc.matches = {"items": items[-MAX_MATCHES:]}
        if msg is not None:
            esc.message_id = msg.id
        if reason:
            esc.reason = f"{esc.reason}\n{reason}" if esc.reason else reason
        name, op = "escalation.update", "updated"
    if stronger:
        lines = await library_crisis_lines(svc, session, esc.categories, conv.language)
        text = emergency_text(
            svc, esc.categories, conv.language, queued=conv.status == "queued", lines=lines
        )
        sys_msg = await append_message(session, conv, "system", None, None, text, now)
        out.events += conversation_events(conv, "message.new", message_dict(sys_msg, None))
    payload = await _escalation_payload(session, esc, conv)
    out.events += _escalation_events(
        name, payload if op is None else {"op": op, "escalation": payload}, conv
    )
    return out


async def do_raise_manual(
    svc: Services, staff_id: str, conversation_id: str, reason: str
) -> dict[str, Any]:
    """A networker (for their own chat) or a supervisor escalates by hand, with a reason."""
    now = svc.clock.now()
    async with svc.db.write() as s:
        staff = await s.get(Staff, staff_id)
        conv = await s.get(Conversation, conversation_id)
        if staff is None:
            raise ActionError("forbidden")
        if conv is None:
            raise ActionError("not_found")
        if conv.assigned_staff_id != staff_id and not is_supervisor(staff):
            raise ActionError("forbidden")
        if conv.status == "closed":
            raise ActionError("closed")
        out = await _escalate(
            svc, s, conv, None, "manual", "high", [], [], reason, staff_id, now, AssessmentOutcome()
        )
        write_audit(s, now, staff_id, "escalation.raise", conversation_id, {"reason": reason})
        esc = await _open_escalation_row(s, conv.id)
        assert esc is not None
        payload = await _escalation_payload(s, esc, conv)
    await svc.bus.publish(out.events)
    if out.queue_changed:
        svc.queue.changed()
    return payload


async def _supervisor(session: AsyncSession, staff_id: str) -> Staff:
    staff = await session.get(Staff, staff_id)
    if staff is None or not staff.is_active or not is_supervisor(staff):
        raise ActionError("forbidden")
    return staff


async def _escalation_for_supervisor(
    session: AsyncSession, staff_id: str, escalation_id: str
) -> tuple[Escalation, Conversation]:
    await _supervisor(session, staff_id)
    esc = await session.get(Escalation, escalation_id)
    if esc is None:
        raise ActionError("not_found")
    conv = await session.get(Conversation, esc.conversation_id)
    assert conv is not None
    return esc, conv


async def do_acknowledge(svc: Services, staff_id: str, escalation_id: str) -> dict[str, Any]:
    """raised -> acknowledged (idempotent). Emits escalation.update(op=acknowledged)."""
    now = svc.clock.now()
    async with svc.db.write() as s:
        esc, conv = await _escalation_for_supervisor(s, staff_id, escalation_id)
        changed = esc.status == "raised"
        if changed:
            esc.status = "acknowledged"
            esc.acknowledged_at = now
            esc.acknowledged_by = staff_id
            write_audit(
                s, now, staff_id, "escalation.acknowledge", esc.id, {"conversation": conv.id}
            )
        payload = await _escalation_payload(s, esc, conv)
    if changed:
        await svc.bus.publish(
            _escalation_events(
                "escalation.update", {"op": "acknowledged", "escalation": payload}, conv
            )
        )
    return payload


async def do_resolve(
    svc: Services, staff_id: str, escalation_id: str, outcome: str, note: str | None
) -> dict[str, Any]:
    """-> resolved with an outcome and note. Emits escalation.update(op=resolved)."""
    now = svc.clock.now()
    async with svc.db.write() as s:
        esc, conv = await _escalation_for_supervisor(s, staff_id, escalation_id)
        if esc.status == "resolved":
            raise ActionError("closed")
        if esc.acknowledged_at is None:
            esc.acknowledged_at = now
            esc.acknowledged_by = staff_id
        esc.status = "resolved"
        esc.resolved_at = now
        esc.resolved_by = staff_id
        esc.outcome = outcome
        esc.note = note
        write_audit(
            s,
            now,
            staff_id,
            "escalation.resolve",
            esc.id,
            {"conversation": conv.id, "outcome": outcome},
        )
        payload = await _escalation_payload(s, esc, conv)
    await svc.bus.publish(
        _escalation_events("escalation.update", {"op": "resolved", "escalation": payload}, conv)
    )
    return payload


async def do_escalation_tick(svc: Services) -> int:
    """Re-announce escalations nobody acknowledged within `escalation_ack_seconds`, marking them
    overdue. The conditional UPDATE makes exactly one node announce each time."""
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
        async with svc.db.write() as s:
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
            payload = await _escalation_payload(s, esc, conv)
        await svc.bus.publish(
            _escalation_events("escalation.update", {"op": "overdue", "escalation": payload}, conv)
        )
        count += 1
    return count


async def _open_escalation_row(session: AsyncSession, conversation_id: str) -> Escalation | None:
    """A conversation has at most one open (not resolved) escalation."""
    return (
        await session.execute(
            select(Escalation)
            .where(Escalation.conversation_id == conversation_id, Escalation.status != "resolved")
            .order_by(Escalation.raised_at.desc())
            .limit(1)
        )
    ).scalar_one_or_none()


async def get_open_escalation(session: AsyncSession, conv: Conversation) -> dict[str, Any] | None:
    """The conversation's open (not resolved) escalation, if any."""
    esc = await _open_escalation_row(session, conv.id)
    return None if esc is None else await _escalation_payload(session, esc, conv)


async def get_open_escalations(session: AsyncSession) -> list[dict[str, Any]]:
    rows = (
        await session.execute(
            select(Escalation, Conversation)
            .join(Conversation, Conversation.id == Escalation.conversation_id)
            .where(Escalation.status != "resolved")
            .order_by(Escalation.raised_at)
        )
    ).all()
    return [await _escalation_payload(session, e, c) for e, c in rows]


async def get_team(session: AsyncSession) -> list[dict[str, Any]]:
    load = (
        select(Conversation.assigned_staff_id.label("sid"), func.count().label("n"))
        .where(Conversation.status == "active")
        .group_by(Conversation.assigned_staff_id)
        .subquery()
    )
    rows = (
        await session.execute(
            select(Staff, func.coalesce(load.c.n, 0))
            .outerjoin(load, load.c.sid == Staff.id)
            .where(Staff.is_active.is_(True), (Staff.on_duty.is_(True)) | (load.c.n > 0))
            .order_by(Staff.display_name)
        )
    ).all()
    return [
        {
            "id": st.id,
            "name": st.display_name,
            "role": st.role,
            "on_duty": st.on_duty,
            "capacity": st.capacity,
            "load": int(n),
            "duty_since": iso(st.duty_since),
        }
        for st, n in rows
    ]


async def get_supervisor_state(svc: Services, staff_id: str) -> dict[str, Any]:
    from server.actions.queue import get_queue_snapshot

    now = svc.clock.now()
    async with svc.db.read() as s:
        await _supervisor(s, staff_id)
        return {
            "escalations": await get_open_escalations(s),
            "queue": await get_queue_snapshot(s, now),
            "team": await get_team(s),
            "server_time": iso(now),
        }


# --- supervisors and conversations ------------------------------------------------------------


async def get_watch(
    svc: Services, staff_id: str, conversation_id: str, last_seq: int
) -> dict[str, Any]:
    """A supervisor opens a conversation read-only. Opening someone else's transcript is audited."""
    from server.actions.conversations import get_messages_since

    now = svc.clock.now()
    async with svc.db.write() as s:
        staff = await _supervisor(s, staff_id)
        conv = await s.get(Conversation, conversation_id)
        if conv is None:
            raise ActionError("not_found")
        if conv.assigned_staff_id != staff_id and last_seq == 0:
            write_audit(s, now, staff_id, "transcript.open", conv.id, {"role": staff.role})
        networker = await s.get(Staff, conv.assigned_staff_id) if conv.assigned_staff_id else None
        return {
            "conversation": conversation_for_staff(conv, networker),
            "messages": await get_messages_since(s, conv, last_seq, for_staff=True),
            "escalation": await get_open_escalation(s, conv),
        }


async def is_participant(session: AsyncSession, conversation_id: str, staff_id: str) -> bool:
    return (
        await session.scalar(
            select(Participant.id).where(
                Participant.conversation_id == conversation_id,
                Participant.staff_id == staff_id,
                Participant.left_at.is_(None),
            )
        )
    ) is not None


async def _open_conversation_for_supervisor(
    session: AsyncSession, staff_id: str, conversation_id: str
) -> tuple[Staff, Conversation]:
    staff = await _supervisor(session, staff_id)
    conv = await session.get(Conversation, conversation_id)
    if conv is None:
        raise ActionError("not_found")
    if conv.status == "closed":
        raise ActionError("closed")
    return staff, conv


async def do_supervisor_join(svc: Services, staff_id: str, conversation_id: str) -> dict[str, Any]:
    """A supervisor joins an active conversation: the visitor is told a second staff member
    joined (a system message), and the supervisor may write. Audited."""
    now = svc.clock.now()
    async with svc.db.write() as s:
        staff, conv = await _open_conversation_for_supervisor(s, staff_id, conversation_id)
        events: list[Event] = []
        if conv.assigned_staff_id != staff_id and not await is_participant(s, conv.id, staff_id):
            existing = (
                await s.execute(
                    select(Participant).where(
                        Participant.conversation_id == conv.id, Participant.staff_id == staff_id
                    )
                )
            ).scalar_one_or_none()
            if existing is None:
                s.add(Participant(conversation_id=conv.id, staff_id=staff_id, joined_at=now))
            else:
                existing.left_at = None
                existing.joined_at = now
            text = gettext(
                N_("%(name)s, a supervisor, joined the conversation."), conv.language
            ) % {"name": staff.display_name}
            msg = await append_message(s, conv, "system", None, None, text, now)
            events += conversation_events(conv, "message.new", message_dict(msg, None))
            write_audit(s, now, staff_id, "conversation.join", conv.id, {})
        networker = await s.get(Staff, conv.assigned_staff_id) if conv.assigned_staff_id else None
        result = conversation_for_staff(conv, networker)
    await svc.bus.publish(events)
    return result


async def do_reassign(
    svc: Services, staff_id: str, conversation_id: str, target_id: str | None
) -> dict[str, Any]:
    """Take over a conversation (target None = me) or hand it to another networker on duty.
    The previous networker gets conversation.update(op=reassigned); the visitor op=assigned."""
    now = svc.clock.now()
    async with svc.db.write() as s:
        me, conv = await _open_conversation_for_supervisor(s, staff_id, conversation_id)
        target = me if target_id is None or target_id == staff_id else await s.get(Staff, target_id)
        if target is None or not target.is_active:
            raise ActionError("not_found")
        if target is not me and not target.on_duty:
            raise ActionError("not_on_duty")
        previous = conv.assigned_staff_id
        if previous == target.id:
            return conversation_for_staff(conv, target)
        was_queued = conv.status == "queued"
        conv.status = "active"
        conv.assigned_staff_id = target.id
        conv.assigned_at = now
        conv.requeued = False
        text = gettext(N_("%(name)s continues the conversation with you."), conv.language) % {
            "name": target.display_name
        }
        msg = await append_message(s, conv, "system", None, None, text, now)
        events = conversation_update_events(conv, target, "assigned", "reassigned")
        events += conversation_events(conv, "message.new", message_dict(msg, None))
        if previous is not None:
            events.append(
                Event(
                    "conversation.update",
                    {
                        "op": "reassigned",
                        "conversation": conversation_for_staff(conv, target),
                        "reason": "reassigned",
                    },
                    staff_room(previous),
                    CONSOLE_NS,
                )
            )
        write_audit(
            s,
            now,
            staff_id,
            "conversation.takeover" if target is me else "conversation.reassign",
            conv.id,
            {"from": previous, "to": target.id},
        )
        # supervisors' cards (and the new networker) show who has the chat now
        open_esc = await get_open_escalation(s, conv)
        if open_esc is not None:
            events += _escalation_events(
                "escalation.update", {"op": "updated", "escalation": open_esc}, conv
            )
        result = conversation_for_staff(conv, target)
    await svc.bus.publish(events)
    if was_queued:
        svc.queue.changed()
    return result


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
) -> list[dict[str, Any]]:
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
            out.append(await _escalation_payload(s, e, c))
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
