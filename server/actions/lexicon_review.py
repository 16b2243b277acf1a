"""Lexicon review: what supervisors teach the crisis detector (issue 20 item 5).

Two judgements of staff say the detector was wrong about a message, and each leaves a
**lexicon review item** (`LexiconReviewItem`, migration 0017):

* `false_alarm` — a supervisor resolves an automatic escalation with the outcome
  `false_alarm` (`escalations.do_resolve`): the escalation's message should not have
  escalated (`verdict` `no_escalate`);
* `missed` — staff escalate a conversation by hand (`escalations.do_raise_manual`) while it has
  no open escalation and its latest visitor message was rated below `high`: that message
  should have escalated (`verdict` `escalate`).

The item is made in the transaction of that judgement and holds the message's text redacted
(`moderation.redact`: phone numbers, e-mail, PESEL, accounts, cards, addresses), its language,
the detector's verdict (`detector`: `severity` — what the message was rated, or the escalation's
severity —, `categories`, the matched `phrases`, `detected_by` and the classifier's `score` as
the detector reads the message with its recent context) and the staff verdict. One item per
message. Items are kept at most `NETREACH_RETENTION_LEXICON_REVIEW_DAYS` (the daily purge,
`privacy._purge`) and go with their conversation's erasure (`privacy.erase_conversations`).

Supervisors list them on /supervisor/lexicon-review (filter by kind and status), mark them
reviewed or dismiss them (audited `lexicon_review.reviewed|dismissed|reopened`), and export
those not dismissed as JSON lines in the hand-written corpus format of
`tests/moderation/corpus/*.jsonl` (read by `bench/crisis_corpus.hand_written` and
`bench/crisis_eval.load`), audited `lexicon_review.export`.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from moderation import CATEGORIES, CONTEXT_MESSAGES, assess_conversation, redact
from server.actions.access import check_supervisor
from server.actions.audit import write_audit
from server.actions.errors import ActionError
from server.actions.messages import get_recent_visitor_messages
from server.actions.serialize import iso, staff_refs
from server.db.models import (
    LEXICON_REVIEW_KINDS,
    LEXICON_REVIEW_STATUSES,
    Conversation,
    Escalation,
    LexiconReviewItem,
    Message,
)
from server.services import Services

CORPUS_LANGS = ("pl", "en", "uk", "ru")
"""Languages of the corpus; an item in another (or an unknown) language takes the
conversation's, else English."""
ESCALATING = ("high", "imminent")
PAGE_LIMIT = 500
"""Items shown on the page and exported at once (newest first)."""
VERDICTS = {"false_alarm": "no_escalate", "missed": "escalate"}
"""The staff verdict of each kind, as the corpus's `expect`."""
STATUS_ACTIONS = {"reviewed": "reviewed", "dismissed": "dismissed", "new": "reopened"}


def corpus_lang(detected: str | None, fallback: str | None) -> str:
    """The item's language: moderation's guess when the corpus has it (pl, en, uk, ru), else the
    conversation's language when the corpus has it, else English."""
    for lang in (detected, fallback):
        if lang in CORPUS_LANGS:
            return str(lang)
    return "en"


async def _visitor_texts(session: AsyncSession, conversation_id: str, ids: list[str]) -> list[str]:
    """The texts of the visitor messages `ids` of a conversation, oldest first."""
    if not ids:
        return []
    rows = await session.execute(
        select(Message.text)
        .where(Message.conversation_id == conversation_id, Message.id.in_(ids))
        .order_by(Message.seq)
    )
    return [str(t) for t in rows.scalars()]


async def _add_item(
    session: AsyncSession,
    kind: str,
    conv: Conversation,
    msg: Message,
    escalation_id: str | None,
    detector: dict[str, Any],
    lang: str,
    staff_id: str,
    now: datetime,
) -> LexiconReviewItem | None:
    existing = await session.scalar(
        select(LexiconReviewItem.id).where(LexiconReviewItem.message_id == msg.id)
    )
    if existing is not None:
        return None
    item = LexiconReviewItem(
        kind=kind,
        conversation_id=conv.id,
        message_id=msg.id,
        escalation_id=escalation_id,
        text=redact(msg.text),
        lang=lang,
        detector=detector,
        verdict=VERDICTS[kind],
        created_at=now,
        created_by=staff_id,
        status="new",
    )
    session.add(item)
    await session.flush()
    return item


async def record_false_alarm(
    session: AsyncSession, esc: Escalation, conv: Conversation, staff_id: str, now: datetime
) -> LexiconReviewItem | None:
    """In the transaction that resolves `esc` as a false alarm: an item of kind `false_alarm`
    for its message, when the detector raised it (`source` auto) and the message still exists
    (not erased). The detector's verdict is the escalation's (severity, categories, phrases,
    detected_by) with the classifier's score of its contributing messages. Returns the item,
    or None (nothing to learn, or the message has one already)."""
    if esc.source != "auto" or esc.message_id is None:
        return None
    msg = await session.get(Message, esc.message_id)
    if msg is None:
        return None
    matches = esc.matches or {}
    ids = list(matches.get("message_ids") or [])
    texts = await _visitor_texts(session, conv.id, [i for i in ids if i != msg.id])
    assessment = assess_conversation([*texts[-(CONTEXT_MESSAGES - 1) :], msg.text])
    detector = {
        "severity": esc.severity,
        "categories": list(esc.categories or []),
        "phrases": sorted({str(m.get("phrase", "")) for m in matches.get("items") or []} - {""}),
        "detected_by": list(matches.get("detected_by") or []),
        "score": round(assessment.score, 3),
    }
    lang = corpus_lang(assessment.language, conv.language)
    return await _add_item(session, "false_alarm", conv, msg, esc.id, detector, lang, staff_id, now)


async def record_missed(
    session: AsyncSession, conv: Conversation, staff_id: str, now: datetime
) -> LexiconReviewItem | None:
    """Before a manual escalation of `conv` that no open escalation preceded (the caller
    checks): an item of kind `missed` for the conversation's latest visitor message when the
    detector rated it below `high` when it came. The detector's verdict: that rating
    (`severity`: none, concern), and the categories, phrases, detectors and score of the
    detector reading it now with the visitor's messages before it. Returns the item, or None
    (no visitor message, or it was rated an escalation, or it has an item already)."""
    recent = await get_recent_visitor_messages(session, conv.id, CONTEXT_MESSAGES)
    msg = await session.get(Message, recent[-1][0]) if recent else None
    if msg is None or msg.risk in ESCALATING:
        return None
    assessment = assess_conversation([text for _, text in recent])
    detector = {
        "severity": msg.risk or "none",
        "categories": list(assessment.categories),
        "phrases": sorted({m.phrase for m in assessment.matches}),
        "detected_by": list(assessment.detected_by),
        "score": round(assessment.score, 3),
    }
    lang = corpus_lang(assessment.language, conv.language)
    return await _add_item(session, "missed", conv, msg, None, detector, lang, staff_id, now)


def check_filters(kind: str | None, status: str | None) -> None:
    """ActionError('invalid') for a kind not in LEXICON_REVIEW_KINDS or a status not in
    LEXICON_REVIEW_STATUSES (None or "" = any)."""
    if kind and kind not in LEXICON_REVIEW_KINDS:
        raise ActionError("invalid", detail="kind")
    if status and status not in LEXICON_REVIEW_STATUSES:
        raise ActionError("invalid", detail="status")


def _query(kind: str | None, status: str | None, exported: bool = False) -> Any:
    q = select(LexiconReviewItem).order_by(
        LexiconReviewItem.created_at.desc(), LexiconReviewItem.id
    )
    if exported:  # a dismissed item taught nothing
        q = q.where(LexiconReviewItem.status != "dismissed")
    if kind:
        q = q.where(LexiconReviewItem.kind == kind)
    if status:
        q = q.where(LexiconReviewItem.status == status)
    return q.limit(PAGE_LIMIT)


async def get_review_items(
    svc: Services, staff_id: str, kind: str | None = None, status: str | None = None
) -> list[dict[str, Any]]:
    """The items for the supervisors' page, newest first (at most PAGE_LIMIT), of one kind and
    status when given. Each: {"id", "kind", "text" (redacted), "lang", "detector", "verdict",
    "status", "created_at", "created_by": {"id", "name"} | None, "reviewed_at",
    "reviewed_by"}. ActionError: 'forbidden' (not a supervisor or admin), 'invalid'."""
    check_filters(kind, status)
    async with svc.db.read() as s:
        await check_supervisor(s, staff_id)
        items = list((await s.execute(_query(kind, status))).scalars())
        refs = await staff_refs(
            s, {i for it in items for i in (it.created_by, it.reviewed_by) if i is not None}
        )
    return [
        {
            "id": it.id,
            "kind": it.kind,
            "text": it.text,
            "lang": it.lang,
            "detector": dict(it.detector or {}),
            "verdict": it.verdict,
            "status": it.status,
            "created_at": iso(it.created_at),
            "created_by": refs.get(it.created_by or ""),
            "reviewed_at": iso(it.reviewed_at),
            "reviewed_by": refs.get(it.reviewed_by or ""),
        }
        for it in items
    ]


async def do_set_review_status(svc: Services, staff_id: str, item_id: str, status: str) -> bool:
    """A supervisor or admin marks an item `reviewed`, `dismissed` (not exported), or `new`
    again; audited `lexicon_review.reviewed` / `.dismissed` / `.reopened` (kind and verdict,
    no text). The same status again changes nothing (False). ActionError: 'forbidden',
    'lexicon_review_not_found', 'invalid' (another status)."""
    if status not in STATUS_ACTIONS:
        raise ActionError("invalid", detail="status")
    now = svc.clock.now()
    async with svc.db.write() as s:
        await check_supervisor(s, staff_id)
        item = await s.get(LexiconReviewItem, item_id)
        if item is None:
            raise ActionError("lexicon_review_not_found")
        if item.status == status:
            return False
        item.status = status
        item.reviewed_at, item.reviewed_by = (None, None) if status == "new" else (now, staff_id)
        write_audit(
            s,
            now,
            staff_id,
            f"lexicon_review.{STATUS_ACTIONS[status]}",
            item.id,
            {"kind": item.kind, "verdict": item.verdict},
        )
    return True


def corpus_row(item: LexiconReviewItem) -> dict[str, Any]:
    """One item as a row of the hand-written corpus (tests/moderation/corpus/*.jsonl):
    {"text" (redacted), "lang", "expect": "escalate" | "no_escalate", "kind":
    "supervisor_false_alarm" | "supervisor_missed", "category" (only for a missed crisis whose
    detector reading named a category: its first), "review_id", "detector"}. The corpus
    readers use text, lang, expect, kind and category and ignore the rest."""
    row: dict[str, Any] = {
        "text": item.text,
        "lang": item.lang,
        "expect": item.verdict,
        "kind": f"supervisor_{item.kind}",
    }
    cats = [c for c in (item.detector or {}).get("categories") or [] if c in CATEGORIES]
    if item.verdict == "escalate" and cats:
        row["category"] = cats[0]
    row["review_id"] = item.id
    row["detector"] = dict(item.detector or {})
    return row


async def get_corpus_export(
    svc: Services, staff_id: str, kind: str | None = None, status: str | None = None
) -> str:
    """The items not dismissed (of one kind and status when given; newest first, at most
    PAGE_LIMIT) as JSON lines in the corpus format (`corpus_row`), for whoever maintains the
    lexicon. Audited `lexicon_review.export` ({"items", "kind", "status"}). ActionError:
    'forbidden', 'invalid'."""
    check_filters(kind, status)
    now = svc.clock.now()
    async with svc.db.write() as s:
        await check_supervisor(s, staff_id)
        items = list((await s.execute(_query(kind, status, exported=True))).scalars())
        write_audit(
            s,
            now,
            staff_id,
            "lexicon_review.export",
            None,
            {"items": len(items), "kind": kind or None, "status": status or None},
        )
    return "".join(json.dumps(corpus_row(it), ensure_ascii=False) + "\n" for it in items)


async def delete_review_items(session: AsyncSession, scope: Any, dry_run: bool = False) -> int:
    """Delete the items matching `scope` (a where clause on LexiconReviewItem) in the caller's
    transaction (with `dry_run`, only count them). Returns how many."""
    count = int(
        await session.scalar(select(func.count()).select_from(LexiconReviewItem).where(scope)) or 0
    )
    if count and not dry_run:
        await session.execute(delete(LexiconReviewItem).where(scope))
    return count
