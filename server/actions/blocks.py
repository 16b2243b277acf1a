"""Blocking a visitor: networkers and supervisors refuse an abusive visitor's tokens for a while
(docs/protocol.md, "Blocks").

A block names a set of visitor tokens (by the SHA-256 of each, as `visitors` keeps them: never
the token, never an address), a reason and an expiry (default BLOCK_DEFAULT_HOURS). While it
is neither expired (by the app's clock) nor lifted by a supervisor, a connect with one of its
tokens is refused `blocked` (server/realtime/visitor.py) and so is a message that would start a
conversation. Blocking closes the visitors' open conversations (outcome `abusive`). Every
block and every lift is audited.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.actions.access import (
    check_conversation,
    check_staff,
    check_supervisor,
    is_supervisor,
)
from server.actions.audit import write_audit
from server.actions.duty import get_load
from server.actions.errors import ActionError
from server.actions.escalation_cards import escalation_card_events
from server.actions.events import Tx, conversation_update_events, me_event, transaction
from server.actions.serialize import iso, me_dict
from server.db.models import BlockedToken, CaseToken, Conversation, Staff, Visitor, VisitorBlock
from server.i18n import N_
from server.protocol import Block
from server.services import Services


def _active(now: datetime) -> tuple[Any, ...]:
    return (VisitorBlock.lifted_at.is_(None), VisitorBlock.expires_at > now)


async def is_blocked(session: AsyncSession, token_hash: str, now: datetime) -> bool:
    """Whether a block that is neither lifted nor expired names this token hash."""
    return (
        await session.scalar(
            select(BlockedToken.block_id)
            .join(VisitorBlock, VisitorBlock.id == BlockedToken.block_id)
            .where(BlockedToken.token_hash == token_hash, *_active(now))
            .limit(1)
        )
    ) is not None


async def is_token_blocked(svc: Services, token_hash: str) -> bool:
    """A visitor connects: one indexed read, refused `blocked` when true."""
    async with svc.db.read() as s:
        return await is_blocked(s, token_hash, svc.clock.now())


async def block_payload(session: AsyncSession, block: VisitorBlock) -> Block:
    """A block as staff see it (Block in docs/protocol.md)."""

    async def ref(staff_id: str | None) -> dict[str, str] | None:
        staff = await session.get(Staff, staff_id) if staff_id else None
        return None if staff is None else {"id": staff.id, "name": staff.display_name}

    tokens = await session.scalar(
        select(func.count()).select_from(BlockedToken).where(BlockedToken.block_id == block.id)
    )
    data: dict[str, Any] = {
        "id": block.id,
        "conversation_id": block.conversation_id,
        "reason": block.reason,
        "tokens": int(tokens or 0),
        "created_by": await ref(block.created_by),
        "created_at": iso(block.created_at),
        "expires_at": iso(block.expires_at),
        "lifted_at": iso(block.lifted_at),
        "lifted_by": await ref(block.lifted_by),
    }
    return data  # type: ignore[return-value]


async def block_tokens(
    svc: Services,
    tx: Tx,
    by: Staff,
    token_hashes: Iterable[str],
    reason: str,
    hours: int,
    conversation_id: str | None,
) -> VisitorBlock:
    """Block a set of visitor tokens (SHA-256 hex of each) for `hours` inside `tx`, and close
    the open conversations of those visitors (outcome `abusive`; conversation.update op=closed
    reason=blocked to the visitor and the networker, who also gets their new load; the open
    escalation's cards op=updated reason=closed). Audited as visitor.block. Returns the block."""
    s = tx.session
    now = svc.clock.now()
    hashes = sorted(set(token_hashes))
    block = VisitorBlock(
        conversation_id=conversation_id,
        reason=reason,
        created_by=by.id,
        created_at=now,
        expires_at=now + timedelta(hours=hours),
    )
    s.add(block)
    await s.flush()
    s.add_all(BlockedToken(block_id=block.id, token_hash=th) for th in hashes)
    open_chats = list(
        (
            await s.execute(
                select(Conversation)
                .join(Visitor, Visitor.id == Conversation.visitor_id)
                .where(Visitor.token_hash.in_(hashes), Conversation.status != "closed")
            )
        ).scalars()
    )
    for conv in open_chats:
        was_queued = conv.status == "queued"
        conv.status = "closed"
        conv.closed_at = now
        conv.close_reason = "closed_by_staff"
        conv.outcome = conv.outcome or "abusive"
        networker = await s.get(Staff, conv.assigned_staff_id) if conv.assigned_staff_id else None
        tx.emit(conversation_update_events(conv, networker, "closed", "blocked", None))
        await s.flush()
        if networker is not None:
            tx.emit(me_event(networker.id, me_dict(networker, await get_load(s, networker.id))))
        tx.emit(await escalation_card_events(s, conv, "closed", by))
        tx.after_commit(svc.queue.changed if was_queued else svc.assigner.kick)
    write_audit(
        s,
        now,
        by.id,
        "visitor.block",
        block.id,
        {
            "conversation": conversation_id,
            "hours": hours,
            "tokens": len(hashes),
            "closed": [c.id for c in open_chats],
        },
    )
    return block


async def do_block_visitor(
    svc: Services, staff_id: str, conversation_id: str, reason: str, hours: int
) -> Block:
    """visitor.block: block the visitor of a conversation (its networker, or any supervisor or
    admin) for `hours` with `reason`. Refuses not_found, forbidden. Returns the block."""
    async with transaction(svc) as tx:
        s = tx.session
        me = await check_staff(s, staff_id)
        conv = await check_conversation(s, conversation_id)
        if conv.assigned_staff_id != staff_id and not is_supervisor(me):
            raise ActionError("forbidden")
        visitor = await s.get(Visitor, conv.visitor_id)
        if visitor is None:
            raise ActionError("not_found")
        # the whole case: the visitor's own token and every token that resumed the case
        tokens = {visitor.token_hash}
        if conv.case_id is not None:
            tokens.update(
                (
                    await s.execute(
                        select(CaseToken.token_hash).where(CaseToken.case_id == conv.case_id)
                    )
                ).scalars()
            )
        block = await block_tokens(svc, tx, me, tokens, reason, hours, conv.id)
        result = await block_payload(s, block)
    return result


async def get_active_blocks(svc: Services, staff_id: str) -> list[Block]:
    """Blocks in force (neither lifted nor expired), the newest first; supervisors and admins
    only (forbidden otherwise)."""
    now = svc.clock.now()
    async with svc.db.read() as s:
        await check_supervisor(s, staff_id)
        rows = (
            await s.execute(
                select(VisitorBlock).where(*_active(now)).order_by(VisitorBlock.created_at.desc())
            )
        ).scalars()
        return [await block_payload(s, b) for b in rows]


async def do_lift_block(svc: Services, staff_id: str, block_id: str) -> Block:
    """A supervisor or admin lifts a block before it expires: its tokens may connect again.
    Audited as visitor.unblock. Refuses forbidden, not_found, and closed for a block already
    lifted or expired."""
    now = svc.clock.now()
    async with transaction(svc) as tx:
        s = tx.session
        await check_supervisor(s, staff_id)
        block = await s.get(VisitorBlock, block_id)
        if block is None:
            raise ActionError("not_found", template=N_("This block does not exist."))
        if block.lifted_at is not None or block.expires_at <= now:
            raise ActionError("closed", template=N_("This block has ended already."))
        block.lifted_at = now
        block.lifted_by = staff_id
        write_audit(s, now, staff_id, "visitor.unblock", block.id, {})
        await s.flush()
        result = await block_payload(s, block)
    return result
