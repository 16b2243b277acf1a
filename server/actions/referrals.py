"""Referrals (issue 15): a case referred on to a library entry (a service of an organisation).

A networker records a referral through a conversation they see the case through (the rules of
`case.history`): the entry, a status (suggested → contacted → accepted → attended, or declined /
no_response), a follow-up day and a note. Every status it has had is kept with who set it and
when (`referral_changes`). Its author, or anyone who sees its case, updates it. A referral is
due when its follow-up day is today or past and its status is not final (attended, declined,
no_response); `referral.list_due` lists the due referrals a staff member sees, soonest first.
The note is a column of its own so erasure of the case can wipe it and keep the statistics.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from sqlalchemy import exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.actions import messages as message_actions
from server.actions.access import check_case_access, check_not_erased, check_staff, is_supervisor
from server.actions.audit import write_audit
from server.actions.errors import ActionError, Detail
from server.actions.serialize import iso, staff_refs
from server.db.models import (
    REFERRAL_FINAL,
    Conversation,
    Referral,
    ReferralChange,
    Resource,
)
from server.i18n import N_
from server.protocol import Referral as ReferralPayload
from server.protocol import StaffMessage
from server.services import Services

# `referral.update` leaves a field as it is when it is not given
UNCHANGED: Any = object()


def _check_follow_up(follow_up: str | None) -> str | None:
    if follow_up is None:
        return None
    try:
        return date.fromisoformat(follow_up).isoformat()
    except ValueError:
        raise ActionError(
            "invalid", detail=Detail(N_("not a date (YYYY-MM-DD)."), "follow_up")
        ) from None


async def do_add_referral(
    svc: Services,
    staff_id: str,
    conversation_id: str,
    resource_id: str,
    status: str = "suggested",
    follow_up: str | None = None,
    note: str | None = None,
    *,
    once: bool = False,
) -> ReferralPayload:
    """`referral.add`: a referral of the case of `conversation_id` to the library entry
    `resource_id`, by a staff member who sees that case (as for `case.history`: its networker,
    or a supervisor / admin, audited as `case.open` when the conversation is not theirs).
    `follow_up`: "YYYY-MM-DD" or None. With `once` (the one click of `resource.share`), an
    unfinished referral of the case to the same entry is returned instead of a second one.
    Refuses with `not_found`, `forbidden`, `resource_not_found`, `invalid` (follow_up).
    Returns the referral."""
    day = _check_follow_up(follow_up)
    now = svc.clock.now()
    async with svc.db.write() as s:
        staff, conv = await check_case_access(s, staff_id, conversation_id)
        check_not_erased(conv)
        assert conv.case_id is not None
        if await s.get(Resource, resource_id) is None:
            raise ActionError("resource_not_found")
        if conv.assigned_staff_id != staff_id:
            write_audit(
                s, now, staff_id, "case.open", conv.case_id, {"role": staff.role, "via": conv.id}
            )
        if once:
            found = await s.scalar(
                select(Referral.id).where(
                    Referral.case_id == conv.case_id,
                    Referral.resource_id == resource_id,
                    Referral.status.not_in(REFERRAL_FINAL),
                )
            )
            if found is not None:
                return (await _get_referrals(s, [found], now))[0]
        referral = Referral(
            case_id=conv.case_id,
            conversation_id=conv.id,
            resource_id=resource_id,
            status=status,
            follow_up=day,
            note=note,
            author_id=staff.id,
            created_at=now,
            updated_at=now,
        )
        s.add(referral)
        await s.flush()
        s.add(ReferralChange(referral_id=referral.id, status=status, staff_id=staff.id, at=now))
        await s.flush()
        return (await _get_referrals(s, [referral.id], now))[0]


async def do_share_and_refer(
    svc: Services,
    staff_id: str,
    conversation_id: str,
    resource_id: str,
    client_id: str,
    skip_sid: str | None = None,
) -> tuple[StaffMessage, ReferralPayload]:
    """`resource.share` with `refer`: share the entry's card (`do_share_resource`, with its
    rules and errors), then record a `suggested` referral of the case to it (`do_add_referral`
    with `once`, so a resent share does not record a second one). Returns (message, referral)."""
    message = await message_actions.do_share_resource(
        svc, staff_id, conversation_id, resource_id, client_id, skip_sid
    )
    referral = await do_add_referral(svc, staff_id, conversation_id, resource_id, once=True)
    return message, referral


async def do_update_referral(
    svc: Services,
    staff_id: str,
    referral_id: str,
    status: str | None = None,
    follow_up: str | None = UNCHANGED,
    note: str | None = UNCHANGED,
) -> ReferralPayload:
    """`referral.update`: a new status (kept in its history with who and when; the same status
    again records nothing), follow-up day ("YYYY-MM-DD", None clears it) and/or note (None
    clears it); a field not given (`UNCHANGED`) stays. Who may: its author, a networker with a
    conversation of its case assigned to them, a supervisor / admin (audited as `case.open` when
    they are neither). Refuses with `not_found`, `forbidden`, `invalid`, and `erased` for a note
    on a referral recorded through a conversation its visitor erased (clearing the note, the
    status and the follow-up day still change). Returns the referral."""
    day = _check_follow_up(follow_up) if follow_up is not UNCHANGED else UNCHANGED
    now = svc.clock.now()
    async with svc.db.write() as s:
        staff = await check_staff(s, staff_id)
        referral = await s.get(Referral, referral_id)
        if referral is None:
            raise ActionError("not_found")
        mine = referral.author_id == staff.id or await _has_assigned(s, staff.id, referral.case_id)
        if not mine:
            if not is_supervisor(staff):
                raise ActionError("forbidden")
            write_audit(
                s,
                now,
                staff_id,
                "case.open",
                referral.case_id,
                {"role": staff.role, "referral": referral.id},
            )
        if note is not UNCHANGED and note is not None and referral.conversation_id is not None:
            # a note is text about the visitor: none is written after they asked for erasure
            through = await s.get(Conversation, referral.conversation_id)
            if through is not None:
                check_not_erased(through)
        changed = False
        if status is not None and status != referral.status:
            referral.status = status
            s.add(ReferralChange(referral_id=referral.id, status=status, staff_id=staff.id, at=now))
            changed = True
        if day is not UNCHANGED and day != referral.follow_up:
            referral.follow_up = day
            changed = True
        if note is not UNCHANGED and note != referral.note:
            referral.note = note
            changed = True
        if changed:
            referral.updated_at = now
        await s.flush()
        return (await _get_referrals(s, [referral.id], now))[0]


async def get_due_referrals(svc: Services, staff_id: str) -> list[ReferralPayload]:
    """`referral.list_due`: the referrals due for follow-up (follow-up day today or past, in
    UTC, status not final) that the staff member sees: a networker those of cases with a
    conversation assigned to them and those they recorded; a supervisor / admin all (audited
    as `referral.list_due`, details their role and how many). Soonest follow-up first, up to
    500. Refuses with `forbidden` (no active staff)."""
    now = svc.clock.now()
    today = now.date().isoformat()
    async with svc.db.write() as s:
        staff = await check_staff(s, staff_id)
        q = select(Referral.id).where(
            Referral.follow_up.is_not(None),
            Referral.follow_up <= today,
            Referral.status.not_in(REFERRAL_FINAL),
        )
        if not is_supervisor(staff):
            assigned = exists().where(
                Conversation.case_id == Referral.case_id,
                Conversation.assigned_staff_id == staff.id,
            )
            q = q.where(or_(Referral.author_id == staff.id, assigned))
        ids = list(
            (
                await s.execute(
                    q.order_by(Referral.follow_up, Referral.created_at, Referral.id).limit(500)
                )
            ).scalars()
        )
        if is_supervisor(staff):
            write_audit(
                s, now, staff_id, "referral.list_due", None, {"role": staff.role, "count": len(ids)}
            )
        return await _get_referrals(s, ids, now)


async def get_case_referrals(
    session: AsyncSession, case_id: str, now: Any
) -> list[ReferralPayload]:
    """The referrals of a case, oldest first (for `case.history`); `now`: the clock's time."""
    ids = list(
        (
            await session.execute(
                select(Referral.id)
                .where(Referral.case_id == case_id)
                .order_by(Referral.created_at, Referral.id)
            )
        ).scalars()
    )
    return await _get_referrals(session, ids, now)


async def _has_assigned(session: AsyncSession, staff_id: str, case_id: str) -> bool:
    found = await session.scalar(
        select(Conversation.id)
        .where(Conversation.case_id == case_id, Conversation.assigned_staff_id == staff_id)
        .limit(1)
    )
    return found is not None


async def _get_referrals(session: AsyncSession, ids: list[str], now: Any) -> list[ReferralPayload]:
    """The referrals `ids`, in that order, as payloads with their history."""
    if not ids:
        return []
    rows = {
        r.id: r
        for r in (await session.execute(select(Referral).where(Referral.id.in_(ids)))).scalars()
    }
    changes: dict[str, list[ReferralChange]] = {}
    for c in (
        await session.execute(
            select(ReferralChange)
            .where(ReferralChange.referral_id.in_(ids))
            .order_by(ReferralChange.id)
        )
    ).scalars():
        changes.setdefault(c.referral_id, []).append(c)
    resource_ids = {r.resource_id for r in rows.values() if r.resource_id}
    resources = {
        r.id: r
        for r in (
            await session.execute(select(Resource).where(Resource.id.in_(resource_ids)))
        ).scalars()
    }
    staff_ids = {r.author_id for r in rows.values() if r.author_id}
    staff_ids |= {c.staff_id for cs in changes.values() for c in cs if c.staff_id}
    names = await staff_refs(session, staff_ids)
    today = now.date().isoformat()
    out: list[ReferralPayload] = []
    for rid in ids:
        r = rows[rid]
        res = resources.get(r.resource_id or "")
        data: dict[str, Any] = {
            "id": r.id,
            "case_id": r.case_id,
            "conversation_id": r.conversation_id,
            "resource": (
                {"id": res.id, "name": res.name, "organization": res.organization_name}
                if res is not None
                else None
            ),
            "status": r.status,
            "follow_up": r.follow_up,
            "due": r.follow_up is not None
            and r.follow_up <= today
            and r.status not in REFERRAL_FINAL,
            "note": r.note,
            "author": names.get(r.author_id or ""),
            "created_at": iso(r.created_at),
            "updated_at": iso(r.updated_at),
            "history": [
                {"status": c.status, "staff": names.get(c.staff_id or ""), "at": iso(c.at)}
                for c in changes.get(rid, [])
            ],
        }
        out.append(cast(ReferralPayload, data))
    return out
