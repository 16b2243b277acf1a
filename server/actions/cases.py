"""The case (issue 15): a visitor's conversations tied together, without any identity.

A case is created with the visitor's first message (`conversations._send_visitor_message`) and
holds every conversation of that visitor. The visitor may ask for a resume code (`case.code`):
twelve Crockford base32 characters (60 random bits) read as `XXXX-XXXX-XXXX`, kept only as a
SHA-256, replaced by each new code. `case.resume` with the code on another token (another tab,
another device, next week) makes that token open the case's visitor (`case_tokens`), so it
reads the case's open conversation, or its last one, and everything that follows reaches it.

Staff see a case through a conversation: its networker (the conversation is assigned to them),
or a supervisor / admin (audited when it is not theirs). The history lists the case's
conversations with who helped, topics, outcome, escalations and notes; an earlier transcript
opens from it (audited as `transcript.open` when it was not the reader's). Notes are private
staff text on the case or on a conversation, editable by their author with every earlier text
kept (`case_note_versions`).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Awaitable, Callable
from typing import Any, cast

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.actions.access import (
    check_case_access,
    check_conversation,
    check_not_erased,
    check_staff,
)
from server.actions.audit import write_audit
from server.actions.blocks import is_blocked
from server.actions.conversations import OPEN, get_visitor, get_visitor_state
from server.actions.errors import ActionError, Detail
from server.actions.messages import get_messages_since
from server.actions.referrals import get_case_referrals
from server.actions.serialize import conversation_for_staff, iso, staff_refs
from server.bus import VISITOR_TOKENS_REVOKED_SIGNAL
from server.db.models import (
    Case,
    CaseNote,
    CaseNoteVersion,
    CaseToken,
    Conversation,
    Escalation,
    Staff,
    Visitor,
)
from server.i18n import N_
from server.protocol import CaseConversation, CaseEscalation, CaseHistory
from server.protocol import CaseNote as CaseNotePayload
from server.services import Services

# Crockford's base32: no I, L, O, U (read aloud and typed without confusion)
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12  # 12 × 5 = 60 random bits
CODE_GROUP = 4
# case.resume with the code of a case its visitor erased (`erased`)
ERASED_CODE = N_(
    "The conversation of this code was deleted at your request. Nothing of it is kept; you can "
    "start a new chat."
)
# what a person may type for a character of the code: Crockford's decoding rules
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    """A fresh resume code: 12 characters of Crockford base32 from `secrets` (60 bits),
    grouped `XXXX-XXXX-XXXX` for reading aloud."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + CODE_GROUP] for i in range(0, CODE_LENGTH, CODE_GROUP))


def normalize_code(code: str) -> str | None:
    """The code as stored (12 upper-case characters of the alphabet), read the way people type
    it: any case, dashes, spaces and dots ignored, O read as 0, I and L as 1. None when it
    cannot be a code."""
    text = "".join(c for c in code.upper() if c not in "- .\t").translate(_CONFUSABLE)
    if len(text) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in text):
        return None
    return text


def code_hash(normalized: str) -> str:
    """The only form in which a resume code is kept: SHA-256 (hex) of its normalised text."""
    return hashlib.sha256(f"netreach-case-code:{normalized}".encode()).hexdigest()


async def do_issue_code(svc: Services, th: str) -> str:
    """`case.code`: a fresh resume code for the case of the visitor with token hash `th`; the
    previous code stops working. Only its hash is stored. Refuses with `not_found` when the
    token has no case yet (a case starts with the first message). Returns the code as shown
    to the visitor (`XXXX-XXXX-XXXX`).

    The new code also shuts out every other token that resumed the case with an earlier code
    (someone who saw it): their `case_tokens` rows go, and after the commit every node
    disconnects their sockets (`VISITOR_TOKENS_REVOKED_SIGNAL`, server/realtime/visitor.py),
    so nothing said later reaches them; their token opens only what it had of its own. The
    case's own token and the asking token keep it."""
    code = new_code()
    async with svc.db.write() as s:
        visitor = await get_visitor(s, th)
        case = await _case_of_visitor(s, visitor)
        if visitor is None or case is None:
            raise ActionError("not_found")
        if await is_blocked(s, th, svc.clock.now()):
            raise ActionError("blocked")
        case.code_hash = code_hash(normalize_code(code) or "")
        case.code_issued_at = svc.clock.now()
        case.code_erased_at = None
        others = list(
            (
                await s.execute(
                    delete(CaseToken)
                    .where(CaseToken.case_id == case.id, CaseToken.token_hash != th)
                    .returning(CaseToken.token_hash)
                )
            ).scalars()
        )
    if others and svc.bus is not None:
        await svc.bus.signal(VISITOR_TOKENS_REVOKED_SIGNAL, {"token_hashes": sorted(others)})
    return code


async def do_resume(
    svc: Services,
    th: str,
    code: str,
    subscribe: Callable[[str], Awaitable[None]] | None = None,
) -> dict[str, Any]:
    """`case.resume`: the token `th` joins the case whose current code is `code`.

    Wrong codes are counted per token (`NETREACH_RESUME_TRIES`) and of all visitors together
    (`NETREACH_RESUME_TRIES_ALL`, on every node with Redis); over either, the attempt is
    refused with `rate_limited` before the code is looked at. A right code is not counted.
    Refuses with `not_found` (no case has this code), `erased` (the case's visitor deleted its
    conversations: the code opens nothing, and is counted like a wrong one), `blocked`, and
    `conversation_open` when the token has an open conversation of another case (end it first).

    From then on the token opens the case's visitor: the reply is what `conversation.join`
    answers with `last_seq` 0 (the case's open conversation, else its last one, with its
    messages), plus `visitor_id` for the socket's room."""
    retry = await svc.resume_token_limiter.hit(th)
    if retry is None:
        retry = await svc.resume_all_limiter.hit("all")
        if retry is not None:
            await svc.resume_token_limiter.refund(th)
    if retry is not None:
        raise ActionError("rate_limited", seconds=int(retry + 0.999))
    normalized = normalize_code(code)
    async with svc.db.write() as s:
        case = (
            await s.execute(select(Case).where(Case.code_hash == code_hash(normalized)))
            if normalized is not None
            else None
        )
        found = case.scalar_one_or_none() if case is not None else None
        if found is None:
            raise ActionError("not_found")
        if found.code_erased_at is not None:
            # the visitor deleted this conversation: say so plainly. Counted like a wrong code
            # (no refund), so a guesser gains nothing by it (docs/protocol.md, "The case").
            raise ActionError("erased", template=ERASED_CODE)
        await svc.resume_token_limiter.refund(th)
        await svc.resume_all_limiter.refund("all")
        owner = await s.get(Visitor, found.visitor_id)
        if owner is None or await is_blocked(s, owner.token_hash, svc.clock.now()):
            raise ActionError("blocked")
        current = await get_visitor(s, th)
        if current is not None and current.id != owner.id:
            still_open = await s.scalar(
                select(Conversation.id)
                .where(Conversation.visitor_id == current.id, Conversation.status.in_(OPEN))
                .limit(1)
            )
            if still_open is not None:
                raise ActionError("conversation_open")
        if current is None or current.id != owner.id:
            link = await s.get(CaseToken, th)
            if link is None:
                s.add(CaseToken(token_hash=th, case_id=found.id, created_at=svc.clock.now()))
            else:
                link.case_id = found.id
    return await get_visitor_state(svc, th, 0, None, subscribe)


async def _case_of_visitor(session: AsyncSession, visitor: Visitor | None) -> Case | None:
    if visitor is None:
        return None
    return (
        await session.execute(select(Case).where(Case.visitor_id == visitor.id))
    ).scalar_one_or_none()


async def get_case_history(svc: Services, staff_id: str, conversation_id: str) -> CaseHistory:
    """`case.history`: the case of a conversation, for its networker or a supervisor / admin
    (a supervisor reading the case of a conversation not assigned to them is audited as
    `case.open`). Its conversations newest first — dates, networker, topics, outcome, risk,
    escalations, notes (`current`: the one asked through) — the notes on the case itself and
    its referrals (oldest first).
    No message text: an earlier transcript opens with `case.transcript`."""
    now = svc.clock.now()
    async with svc.db.write() as s:
        staff, conv = await check_case_access(s, staff_id, conversation_id)
        if conv.assigned_staff_id != staff_id:
            write_audit(
                s, now, staff_id, "case.open", conv.case_id, {"role": staff.role, "via": conv.id}
            )
    async with svc.db.read() as s:
        case = await s.get(Case, conv.case_id)
        if case is None:
            raise ActionError("not_found")
        convs = list(
            (
                await s.execute(
                    select(Conversation)
                    .where(Conversation.case_id == case.id)
                    .order_by(Conversation.created_at.desc(), Conversation.id.desc())
                )
            ).scalars()
        )
        staff_ids = {c.assigned_staff_id for c in convs if c.assigned_staff_id}
        notes = await _get_notes(s, case.id)
        staff_ids |= {n["author"]["id"] for n in notes if n["author"] is not None}
        names = await staff_refs(s, staff_ids)
        escalations: dict[str, list[CaseEscalation]] = {}
        for e in (
            await s.execute(
                select(Escalation)
                .join(Conversation, Conversation.id == Escalation.conversation_id)
                .where(Conversation.case_id == case.id)
                .order_by(Escalation.raised_at)
            )
        ).scalars():
            escalations.setdefault(e.conversation_id, []).append(
                cast(
                    CaseEscalation,
                    {
                        "id": e.id,
                        "source": e.source,
                        "severity": e.severity,
                        "categories": list(e.categories or []),
                        "status": e.status,
                        "raised_at": iso(e.raised_at),
                        "outcome": e.outcome,
                    },
                )
            )
        conversations: list[CaseConversation] = []
        for c in convs:
            data: dict[str, Any] = {
                "id": c.id,
                "status": c.status,
                "queued_at": iso(c.queued_at),
                "assigned_at": iso(c.assigned_at),
                "closed_at": iso(c.closed_at),
                "close_reason": c.close_reason,
                "networker": names.get(c.assigned_staff_id or ""),
                "outcome": c.outcome,
                "topics": list(c.topics or []),
                "risk": c.risk,
                "current": c.id == conv.id,
                "notes": [n for n in notes if n["conversation_id"] == c.id],
                "escalations": escalations.get(c.id, []),
            }
            conversations.append(cast(CaseConversation, data))
        return {
            "id": case.id,
            "created_at": iso(case.created_at) or "",
            "code_issued_at": iso(case.code_issued_at),
            "conversations": conversations,
            "notes": [n for n in notes if n["conversation_id"] is None],
            "referrals": await get_case_referrals(s, case.id, now),
        }


async def get_case_transcript(
    svc: Services, staff_id: str, conversation_id: str, transcript_id: str
) -> dict[str, Any]:
    """`case.transcript`: an earlier conversation of the same case as `conversation_id` (through
    which the staff member sees the case, as for `case.history`), with its messages (up to 500,
    oldest first). Audited as `transcript.open` when that conversation was not assigned to the
    reader. `not_found` when it is not a conversation of that case. Returns {conversation (console
    view, no presence), messages}."""
    now = svc.clock.now()
    async with svc.db.write() as s:
        staff, conv = await check_case_access(s, staff_id, conversation_id)
        earlier = await check_conversation(s, transcript_id)
        if earlier.case_id != conv.case_id:
            raise ActionError("not_found")
        if earlier.assigned_staff_id != staff_id:
            write_audit(
                s,
                now,
                staff_id,
                "transcript.open",
                earlier.id,
                {"role": staff.role, "case": conv.case_id, "via": conv.id},
            )
    async with svc.db.read() as s:
        earlier = await check_conversation(s, transcript_id)
        networker = (
            await s.get(Staff, earlier.assigned_staff_id) if earlier.assigned_staff_id else None
        )
        return {
            "conversation": conversation_for_staff(earlier, networker, None),
            "messages": await get_messages_since(
                s, earlier, 0, now.date().isoformat(), for_staff=True
            ),
        }


async def do_add_note(
    svc: Services, staff_id: str, conversation_id: str, text: str, scope: str, kind: str
) -> CaseNotePayload:
    """`note.add`: a private note by the staff member on the case of `conversation_id`
    (`scope` "case") or on that conversation ("conversation"); `kind` "summary" (the summary
    offered when closing a chat) only on a conversation. Who may: as for `case.history`.
    Refuses with `invalid` for a summary on the case. Returns the note."""
    if kind == "summary" and scope != "conversation":
        raise ActionError(
            "invalid", detail=Detail(N_("a summary is a note on a conversation."), "kind")
        )
    now = svc.clock.now()
    async with svc.db.write() as s:
        staff, conv = await check_case_access(s, staff_id, conversation_id)
        check_not_erased(conv)
        note = CaseNote(
            case_id=conv.case_id,
            conversation_id=conv.id if scope == "conversation" else None,
            kind=kind,
            author_id=staff.id,
            text=text,
            created_at=now,
        )
        s.add(note)
        await s.flush()
        return _note_payload(note, {"id": staff.id, "name": staff.display_name}, [])


async def do_edit_note(svc: Services, staff_id: str, note_id: str, text: str) -> CaseNotePayload:
    """`note.edit`: the author replaces their note's text; the earlier text is kept (its
    `history`). `not_found` for an unknown note, `forbidden` for anyone but its author. The
    same text again changes nothing. Returns the note."""
    now = svc.clock.now()
    async with svc.db.write() as s:
        staff = await check_staff(s, staff_id)
        note = await s.get(CaseNote, note_id)
        if note is None:
            raise ActionError("not_found")
        if note.author_id != staff.id:
            raise ActionError("forbidden")
        if note.text != text:
            s.add(
                CaseNoteVersion(
                    note_id=note.id,
                    text=note.text,
                    written_at=note.edited_at or note.created_at,
                    replaced_at=now,
                )
            )
            note.text = text
            note.edited_at = now
            await s.flush()
        return (await _get_notes(s, note.case_id, note.id))[0]


async def _get_notes(
    session: AsyncSession, case_id: str, note_id: str | None = None
) -> list[CaseNotePayload]:
    """The notes of a case (or the one `note_id`), oldest first, with their earlier texts."""
    q = select(CaseNote).where(CaseNote.case_id == case_id)
    if note_id is not None:
        q = q.where(CaseNote.id == note_id)
    notes = list((await session.execute(q.order_by(CaseNote.created_at, CaseNote.id))).scalars())
    if not notes:
        return []
    versions: dict[str, list[CaseNoteVersion]] = {}
    for v in (
        await session.execute(
            select(CaseNoteVersion)
            .where(CaseNoteVersion.note_id.in_([n.id for n in notes]))
            .order_by(CaseNoteVersion.id)
        )
    ).scalars():
        versions.setdefault(v.note_id, []).append(v)
    authors = await staff_refs(session, {n.author_id for n in notes if n.author_id})
    return [_note_payload(n, authors.get(n.author_id or ""), versions.get(n.id, [])) for n in notes]


def _note_payload(
    note: CaseNote, author: dict[str, str] | None, versions: list[CaseNoteVersion]
) -> CaseNotePayload:
    data: dict[str, Any] = {
        "id": note.id,
        "case_id": note.case_id,
        "conversation_id": note.conversation_id,
        "kind": note.kind,
        "text": note.text,
        "author": author,
        "created_at": iso(note.created_at),
        "edited_at": iso(note.edited_at),
        "history": [
            {"text": v.text, "written_at": iso(v.written_at), "replaced_at": iso(v.replaced_at)}
            for v in versions
        ],
    }
    return cast(CaseNotePayload, data)
