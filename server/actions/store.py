"""Appending a message to a conversation: the one place that allocates `seq`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import Conversation, Message


async def append_message(
    session: AsyncSession,
    conv: Conversation,
    sender: str,
    staff_id: str | None,
    client_id: str | None,
    text: str,
    now: datetime,
    risk: str | None = None,
) -> Message:
    """Store a message with the conversation's next seq, in the caller's transaction.

    `UPDATE … SET last_seq = last_seq + 1 RETURNING` is atomic and, on PostgreSQL, locks the
    conversation row until commit, so two concurrent senders get consecutive numbers."""
    seq = (
        await session.execute(
            update(Conversation)
            .where(Conversation.id == conv.id)
            .values(last_seq=Conversation.last_seq + 1)
            .returning(Conversation.last_seq)
        )
    ).scalar_one()
    conv.last_seq = seq
    msg = Message(
        conversation_id=conv.id,
        seq=seq,
        sender=sender,
        staff_id=staff_id,
        client_id=client_id,
        text=text,
        created_at=now,
        risk=risk,
    )
    session.add(msg)
    await session.flush()
    return msg
