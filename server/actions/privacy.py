"""The privacy lifecycle: erasure on request and the retention purge share one code path.

`erase_conversations` is the one erasure: inside the caller's write transaction it removes every
text of the given conversations — message rows (text, client ids, emergency cards), the
conversation's nickname and first message, the visitor's nickname, its escalations' matched
phrases, manual reason and resolution note (the excerpt is read from the message, so it goes
with it), the lexicon review items made of its messages — and leaves the conversation row as a stub without text for statistics (dates, the
first staff reply's time, site, outcome, topics, risk level, `erased_at`, `erased_reason`). Each
erased conversation is audited (`conversation.erase`, with counts only). SQLite zeroes what it
deletes (`PRAGMA secure_delete`, server/db/session.py) and `Database.checkpoint` empties the
WAL after the commit, so the bytes are gone from both files, not just unlinked.

Callers: `do_erase_visitor` (the visitor's `case.erase`: every conversation of their token;
the case module widens it to the whole case) and `do_purge` (`netreach purge`, and the daily
run on exactly one node from the periodic tick: closed transcripts past
`NETREACH_RETENTION_TRANSCRIPT_DAYS`, escalation texts, lexicon review items, audit entries).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from server.actions.audit import write_audit
from server.actions.conversations import get_visitor
from server.actions.escalation_cards import escalation_card_events
from server.actions.events import conversation_update_events, transaction
from server.actions.lexicon_review import delete_review_items
from server.bus import CONSOLE_NS, SUPERVISORS_ROOM, VISITOR_NS, Event, staff_room, visitor_room
from server.bus import watch_room as conversation_watch_room
from server.db.models import (
    AuditLog,
    Case,
    CaseNote,
    CaseNoteVersion,
    Conversation,
    Escalation,
    Handover,
    LexiconReviewItem,
    Message,
    PurgeState,
    Referral,
    Staff,
    Visitor,
)
from server.db.stats import first_response_at
from server.protocol import ConversationErased, Erased
from server.services import Services

ERASED_BY_VISITOR = "visitor"
ERASED_BY_RETENTION = "retention"
PURGE_EVERY = timedelta(days=1)
LOOK_EVERY = 3600.0  # seconds between a node's looks at whether the purge is due
OPEN = ("queued", "active")


@dataclass
class Erasure:
    """What one erasure removed: conversations erased now (not those erased before) and their
    message rows."""

    conversations: int = 0
    messages: int = 0
    notes: int = 0


async def erase_conversations(
    session: AsyncSession,
    conversation_ids: list[str],
    now: datetime,
    reason: str,
    actor_id: str | None = None,
) -> Erasure:
    """Erase every text of `conversation_ids` in the caller's write transaction (see the module
    doc for what goes and what stays). Conversations erased before are skipped (not counted);
    open ones are erased as they are (the caller closes them first when it should). `reason`:
    ERASED_BY_VISITOR or ERASED_BY_RETENTION. Writes one `conversation.erase` audit entry per
    conversation ({"reason", "messages"}: counts, no content). Emits nothing."""
    if not conversation_ids:
        return Erasure()
    rows = (
        await session.execute(
            select(Conversation.id, Conversation.visitor_id, Conversation.case_id).where(
                Conversation.id.in_(conversation_ids), Conversation.erased_at.is_(None)
            )
        )
    ).all()
    ids = [r[0] for r in rows]
    if not ids:
        return Erasure()
    counts = dict(
        (
            await session.execute(
                select(Message.conversation_id, func.count())
                .where(Message.conversation_id.in_(ids))
                .group_by(Message.conversation_id)
            )
        ).all()
    )
    # escalations keep their record (times, severity, categories, outcome); their texts go. The
    # excerpt is the message's text: dropping the link and the message removes it.
    await session.execute(
        update(Escalation)
        .where(Escalation.conversation_id.in_(ids))
        .values(message_id=None, matches={}, reason=None, note=None)
    )
    # the reports' first-response time outlives the messages it was read from
    await session.execute(
        update(Conversation)
        .where(Conversation.id.in_(ids))
        .values(first_response_at=first_response_at())
    )
    await session.execute(delete(Message).where(Message.conversation_id.in_(ids)))
    # private notes about them: those of these conversations and, when the visitor asked, every
    # note of their case (with the earlier texts an edit kept); their case's resume code goes too
    note_scope: Any = CaseNote.conversation_id.in_(ids)
    case_ids = sorted({r[2] for r in rows if r[2] is not None})
    if reason == ERASED_BY_VISITOR and case_ids:
        note_scope = or_(note_scope, CaseNote.case_id.in_(case_ids))
        # referrals keep their status and dates for statistics; their notes go
        await session.execute(
            update(Referral).where(Referral.case_id.in_(case_ids)).values(note=None)
        )
        # the code opens nothing from now on; its hash stays a while only to say "deleted" to
        # whoever comes back with it (case.resume), until the retention purge
        await session.execute(
            update(Case)
            .where(Case.id.in_(case_ids), Case.code_hash.is_not(None))
            .values(code_issued_at=None, code_erased_at=now)
        )
    notes = await delete_notes(session, note_scope)
    # the redacted copies of their messages kept for the lexicon's review go with them
    await delete_review_items(session, LexiconReviewItem.conversation_id.in_(ids))
    # handover notes are written about the visitor too: the offer stays (who, when), its note goes
    await session.execute(update(Handover).where(Handover.conversation_id.in_(ids)).values(note=""))
    await session.execute(
        update(Conversation)
        .where(Conversation.id.in_(ids))
        .values(nickname=None, first_message="", erased_at=now, erased_reason=reason)
    )
    visitor_ids = sorted({r[1] for r in rows})
    await session.execute(update(Visitor).where(Visitor.id.in_(visitor_ids)).values(nickname=None))
    for conversation_id in ids:
        write_audit(
            session,
            now,
            actor_id,
            "conversation.erase",
            conversation_id,
            {"reason": reason, "messages": int(counts.get(conversation_id, 0))},
        )
    return Erasure(conversations=len(ids), messages=int(sum(counts.values())), notes=notes)


async def delete_notes(session: AsyncSession, scope: Any) -> int:
    """Delete the case notes matching `scope` (a where clause on CaseNote) with every earlier
    text of theirs, in the caller's transaction. Returns how many notes went."""
    note_ids = list((await session.execute(select(CaseNote.id).where(scope))).scalars())
    if note_ids:
        await session.execute(delete(CaseNoteVersion).where(CaseNoteVersion.note_id.in_(note_ids)))
        await session.execute(delete(CaseNote).where(CaseNote.id.in_(note_ids)))
    return len(note_ids)


def erased_events(conv: Conversation, reason: str) -> list[Event]:
    """conversation.erased to the visitor's tabs, the networker's tabs, the staff watching it
    and every supervisor (their escalation cards showed its excerpt)."""
    payload: ConversationErased = {
        "conversation_id": conv.id,
        "reason": "visitor_request" if reason == ERASED_BY_VISITOR else "retention",
    }
    rooms = [conversation_watch_room(conv.id), SUPERVISORS_ROOM]
    if conv.assigned_staff_id is not None:
        rooms.append(staff_room(conv.assigned_staff_id))
    return [
        Event("conversation.erased", payload, visitor_room(conv.visitor_id), VISITOR_NS),
        Event("conversation.erased", payload, tuple(rooms), CONSOLE_NS),
    ]


async def do_erase_visitor(svc: Services, th: str) -> Erased:
    """The visitor (token hash `th`) asked to erase their conversations (`case.erase`): every
    conversation of the token, the open one first closed as when they leave. Emits
    conversation.update(op=closed, reason=visitor_left) for an open one (and its escalation
    card), then conversation.erased for each erased conversation; empties SQLite's WAL after
    the commit. Returns {"conversations", "messages"} erased now (zeros when there was
    nothing, also for a second request)."""
    now = svc.clock.now()
    async with transaction(svc) as tx:
        s = tx.session
        visitor = await get_visitor(s, th)
        if visitor is None:
            return {"conversations": 0, "messages": 0}
        convs = list(
            (
                await s.execute(
                    select(Conversation).where(
                        Conversation.visitor_id == visitor.id, Conversation.erased_at.is_(None)
                    )
                )
            ).scalars()
        )
        closed_now = []
        for conv in convs:
            if conv.status in OPEN:
                if conv.status == "queued":
                    tx.after_commit(svc.queue.changed)
                else:
                    tx.after_commit(svc.assigner.kick)
                conv.status = "closed"
                conv.closed_at = now
                conv.close_reason = "visitor_left"
                closed_now.append(conv)
        await s.flush()
        erasure = await erase_conversations(s, [c.id for c in convs], now, ERASED_BY_VISITOR)
        for conv in convs:
            await s.refresh(conv)
        for conv in closed_now:
            staff = await s.get(Staff, conv.assigned_staff_id) if conv.assigned_staff_id else None
            tx.emit(conversation_update_events(conv, staff, "closed", "visitor_left", None))
            tx.emit(await escalation_card_events(s, conv, "closed", None))
        for conv in convs:
            tx.emit(erased_events(conv, ERASED_BY_VISITOR))
    if erasure.conversations or erasure.notes:
        await svc.db.checkpoint()
    return {"conversations": erasure.conversations, "messages": erasure.messages}


@dataclass
class PurgeReport:
    """What a purge removed (or, with dry_run, would remove): conversations erased and their
    messages, escalations whose texts were removed, notes, resume codes of erased cases,
    lexicon review items and audit entries deleted."""

    transcripts: int = 0
    messages: int = 0
    escalation_texts: int = 0
    notes: int = 0
    erased_codes: int = 0
    lexicon_review_items: int = 0
    audit_entries: int = 0

    def as_dict(self) -> dict[str, int]:
        """The counts by name (printed by `netreach purge`, audited as `retention.purge`)."""
        return asdict(self)


def _days(n: int) -> timedelta:
    return timedelta(days=n)


async def _purge(session: AsyncSession, svc: Services, now: datetime, dry_run: bool) -> PurgeReport:
    st = svc.site  # the retention periods in effect (set on the web, else the environment's)
    report = PurgeReport()
    # closed transcripts past their retention: the same erasure as a visitor's request
    expired = list(
        (
            await session.execute(
                select(Conversation.id).where(
                    Conversation.status == "closed",
                    Conversation.erased_at.is_(None),
                    Conversation.closed_at < now - _days(st.retention_transcript_days),
                )
            )
        ).scalars()
    )
    if dry_run:
        report.transcripts = len(expired)
        if expired:
            report.messages = int(
                await session.scalar(
                    select(func.count())
                    .select_from(Message)
                    .where(Message.conversation_id.in_(expired))
                )
                or 0
            )
    else:
        erasure = await erase_conversations(session, expired, now, ERASED_BY_RETENTION)
        report.transcripts, report.messages = erasure.conversations, erasure.messages
        report.notes = erasure.notes
    # notes past theirs: a conversation's, once it closed that long ago; a case's own, once
    # the case has had nothing open or closed for that long
    notes_cutoff = now - _days(st.retention_notes_days)
    still_used = select(Conversation.case_id).where(
        Conversation.case_id.is_not(None),
        or_(Conversation.status.in_(OPEN), Conversation.closed_at >= notes_cutoff),
    )
    old_notes = or_(
        CaseNote.conversation_id.in_(
            select(Conversation.id).where(
                Conversation.status == "closed", Conversation.closed_at < notes_cutoff
            )
        ),
        and_(
            CaseNote.conversation_id.is_(None),
            CaseNote.created_at < notes_cutoff,
            CaseNote.case_id.not_in(still_used),
        ),
    )
    old_referral_notes = and_(
        Referral.note.is_not(None),
        Referral.updated_at < notes_cutoff,
        Referral.case_id.not_in(still_used),
    )
    if dry_run:
        report.notes += int(
            await session.scalar(select(func.count()).select_from(CaseNote).where(old_notes)) or 0
        )
        report.notes += int(
            await session.scalar(
                select(func.count()).select_from(Referral).where(old_referral_notes)
            )
            or 0
        )
    else:
        report.notes += await delete_notes(session, old_notes)
        wiped = await session.execute(update(Referral).where(old_referral_notes).values(note=None))
        report.notes += int(getattr(wiped, "rowcount", 0) or 0)
    # resume codes of erased cases, kept only to say "deleted" (cases.do_resume): as long as
    # the transcripts they opened would have been kept
    old_codes = and_(
        Case.code_erased_at.is_not(None),
        Case.code_erased_at < now - _days(st.retention_transcript_days),
    )
    report.erased_codes = int(
        await session.scalar(select(func.count()).select_from(Case).where(old_codes)) or 0
    )
    if not dry_run and report.erased_codes:
        await session.execute(
            update(Case).where(old_codes).values(code_hash=None, code_erased_at=None)
        )
    # escalation texts (excerpt via the message link, phrases, reason, note) past theirs
    with_text = or_(
        Escalation.message_id.is_not(None),
        Escalation.reason.is_not(None),
        Escalation.note.is_not(None),
    )
    old = Escalation.raised_at < now - _days(st.retention_escalation_days)
    report.escalation_texts = int(
        await session.scalar(select(func.count()).select_from(Escalation).where(old, with_text))
        or 0
    )
    if not dry_run and report.escalation_texts:
        await session.execute(
            update(Escalation)
            .where(old, with_text)
            .values(message_id=None, matches={}, reason=None, note=None)
        )
    # lexicon review items (redacted message texts kept for the lexicon) past theirs
    report.lexicon_review_items = await delete_review_items(
        session,
        LexiconReviewItem.created_at < now - _days(st.retention_lexicon_review_days),
        dry_run,
    )
    cutoff = now - _days(st.retention_audit_days)
    report.audit_entries = int(
        await session.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.at < cutoff))
        or 0
    )
    if not dry_run and report.audit_entries:
        await session.execute(delete(AuditLog).where(AuditLog.at < cutoff))
    if not dry_run and any(report.as_dict().values()):
        write_audit(session, now, None, "retention.purge", None, report.as_dict())
    return report


async def do_purge(svc: Services, dry_run: bool = False) -> PurgeReport:
    """Apply the retention settings now (`netreach purge`, the daily run): erase closed
    conversations past `retention_transcript_days` (as `erase_conversations`, reason
    "retention"), remove escalation texts past `retention_escalation_days`, delete lexicon
    review items past `retention_lexicon_review_days` and audit entries past
    `retention_audit_days`; audited as `retention.purge` with the counts. With `dry_run`
    only counts, in a read transaction. Emits nothing (the conversations are closed; a console
    that still shows one finds it empty when it opens it again)."""
    now = svc.clock.now()
    if dry_run:
        async with svc.db.read() as s:
            return await _purge(s, svc, now, True)
    async with svc.db.write() as s:
        report = await _purge(s, svc, now, False)
    if any(report.as_dict().values()):
        await svc.db.checkpoint()
    return report


async def do_daily_purge(svc: Services) -> PurgeReport | None:
    """From the periodic tick on every node: run `do_purge` when a day has passed since the
    last run on any node. The conditional update of `purge_state` picks exactly one node;
    returns its report there, None elsewhere and when it is not due. A node looks at most
    once every LOOK_EVERY seconds (one primary-key read), and before the first run ever it
    writes nothing while there is nothing to remove (a new database stays untouched)."""
    mono = svc.clock.monotonic()
    if svc.purge_looked_at is not None and mono - svc.purge_looked_at < LOOK_EVERY:
        return None
    svc.purge_looked_at = mono
    now = svc.clock.now()
    async with svc.db.read() as s:
        last = await s.scalar(select(PurgeState.last_run_at).where(PurgeState.id == 1))
        if last is not None and last > now - PURGE_EVERY:
            return None
        if last is None and not any((await _purge(s, svc, now, True)).as_dict().values()):
            return None
    due = or_(PurgeState.last_run_at.is_(None), PurgeState.last_run_at <= now - PURGE_EVERY)
    try:
        async with svc.db.write() as s:
            won = (
                await s.execute(
                    update(PurgeState)
                    .where(PurgeState.id == 1, due)
                    .values(last_run_at=now)
                    .returning(PurgeState.id)
                )
            ).scalar_one_or_none() is not None
            if not won and await s.get(PurgeState, 1) is None:
                # the row is gone (a restored or truncated database): the first node back adds it
                s.add(PurgeState(id=1, last_run_at=now))
                won = True
    except IntegrityError:  # another node added it at the same moment: that node runs it
        return None
    if not won:
        return None
    return await do_purge(svc)


def purge_lines(report: PurgeReport, dry_run: bool) -> list[str]:
    """What `netreach purge` prints: one line per kind of data, with its count."""
    verb = "would remove" if dry_run else "removed"
    return [f"{verb} {name.replace('_', ' ')}: {n}" for name, n in report.as_dict().items()]
