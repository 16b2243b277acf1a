"""Who may do what: staff roles, and who may read or write in a conversation.

Every check that decides whether a staff member may touch a conversation lives here, so the
message path, resource sharing, escalation by hand and the supervisors' actions answer alike:
`not_found` for a conversation that does not exist, `forbidden` for one that is not theirs.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.actions.errors import ActionError
from server.constants import SUPERVISOR_ROLES
from server.db.models import Conversation, Participant, Staff


def is_supervisor(staff: Staff) -> bool:
    """Supervisors and admins see every escalation and may act on any conversation."""
    return staff.role in SUPERVISOR_ROLES


async def is_participant(session: AsyncSession, conversation_id: str, staff_id: str) -> bool:
    """A supervisor who joined the conversation (and has not left it) may write in it."""
    return (
        await session.scalar(
            select(Participant.id).where(
                Participant.conversation_id == conversation_id,
                Participant.staff_id == staff_id,
                Participant.left_at.is_(None),
            )
        )
    ) is not None


async def check_staff(session: AsyncSession, staff_id: str) -> Staff:
    """The active staff account, or ActionError('forbidden')."""
    staff = await session.get(Staff, staff_id)
    if staff is None or not staff.is_active:
        raise ActionError("forbidden")
    return staff


async def check_supervisor(session: AsyncSession, staff_id: str) -> Staff:
    """An active supervisor or admin, or ActionError('forbidden')."""
    staff = await check_staff(session, staff_id)
    if not is_supervisor(staff):
        raise ActionError("forbidden")
    return staff


async def check_conversation(session: AsyncSession, conversation_id: str) -> Conversation:
    """The conversation, or ActionError('not_found')."""
    conv = await session.get(Conversation, conversation_id)
    if conv is None:
        raise ActionError("not_found")
    return conv


def check_assigned(conv: Conversation, staff_id: str) -> None:
    """Only the networker the conversation is assigned to: ActionError('forbidden') otherwise."""
    if conv.assigned_staff_id != staff_id:
        raise ActionError("forbidden")


async def check_can_write(session: AsyncSession, conv: Conversation, staff_id: str) -> None:
    """The assigned networker, or a supervisor who joined: ActionError('forbidden') otherwise.
    (Whether the conversation is still open is the caller's next check: a resend of a message
    stored before it closed is still answered.)"""
    if conv.assigned_staff_id != staff_id and not await is_participant(session, conv.id, staff_id):
        raise ActionError("forbidden")


async def check_case_access(
    session: AsyncSession, staff_id: str, conversation_id: str
) -> tuple[Staff, Conversation]:
    """The staff member and the conversation through which they look at its case: its
    networker, or any supervisor / admin. `not_found`, `forbidden` otherwise."""
    staff = await check_staff(session, staff_id)
    conv = await check_conversation(session, conversation_id)
    if not is_supervisor(staff):
        check_assigned(conv, staff_id)
    if conv.case_id is None:
        raise ActionError("not_found")
    return staff, conv


def check_not_erased(conv: Conversation) -> None:
    """Refuse `erased` when the visitor erased this conversation (issue 16): nothing about them
    (a note, a referral's note) is written after their request."""
    if conv.erased_at is not None:
        raise ActionError("erased")
