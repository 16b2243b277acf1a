"""Canned replies: the shared set of ready answers per language that staff insert into the
composer with `/` (docs/protocol.md `canned.list`) and edit before sending.

Supervisors and admins add, edit, retire and restore them (/supervisor/canned); every change is
audited (`canned.create`, `canned.edit` with the earlier values, `canned.retire`,
`canned.restore`). A retired reply is kept, for the audit log's sake, but no longer offered.
The starter set is seeded by migration 0016.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from server.actions.access import check_staff, check_supervisor
from server.actions.audit import write_audit
from server.actions.errors import ActionError
from server.actions.serialize import iso
from server.db.models import CannedReply, Staff
from server.i18n import LANGS
from server.protocol import CannedReplyItem
from server.services import Services

MAX_TITLE_CHARS = 120
MAX_TEXT_CHARS = 2000
MAX_TOPICS = 10
MAX_TOPIC_CHARS = 40


def check_canned_input(
    lang: str, title: str, text: str, topics: str | list[str]
) -> tuple[str, str, str, list[str]]:
    """(lang, title, text, topics) cleaned: title and topics with spaces collapsed, topics
    lower-cased without duplicates (a comma-separated string or a list), text trimmed at both
    ends. ActionError: 'canned_lang' (not one of server.i18n.LANGS), 'canned_title' (empty or
    over 120 chars), 'canned_text' (empty, over 2000 chars or with a NUL), 'canned_topics' (over
    10, or one over 40 chars)."""
    if lang not in LANGS:
        raise ActionError("canned_lang")
    title = " ".join(title.split())
    if not title or len(title) > MAX_TITLE_CHARS or "\x00" in title:
        raise ActionError("canned_title", max=MAX_TITLE_CHARS)
    text = text.replace("\r\n", "\n").strip()
    if not text or len(text) > MAX_TEXT_CHARS or "\x00" in text:
        raise ActionError("canned_text", max=MAX_TEXT_CHARS)
    raw = topics.split(",") if isinstance(topics, str) else topics
    clean: list[str] = []
    for item in raw:
        topic = " ".join(str(item).split()).lower()
        if len(topic) > MAX_TOPIC_CHARS or "\x00" in topic:
            raise ActionError("canned_topics", count=MAX_TOPICS, max=MAX_TOPIC_CHARS)
        if topic and topic not in clean:
            clean.append(topic)
    if len(clean) > MAX_TOPICS:
        raise ActionError("canned_topics", count=MAX_TOPICS, max=MAX_TOPIC_CHARS)
    return lang, title, text, clean


def _item(reply: CannedReply) -> CannedReplyItem:
    return {
        "id": reply.id,
        "lang": reply.lang,
        "title": reply.title,
        "text": reply.text,
        "topics": list(reply.topics or []),
    }


async def get_canned_replies(
    svc: Services, staff_id: str, lang: str | None
) -> tuple[list[CannedReplyItem], str | None]:
    """The replies a staff member may insert (any active staff account; 'forbidden' otherwise):
    not retired, ordered by title. With `lang`, those in that language, or all of them when
    none is in it. Returns (replies, the language they are in, or None for all languages)."""
    async with svc.db.read() as s:
        await check_staff(s, staff_id)
        rows = list(
            (
                await s.execute(
                    select(CannedReply)
                    .where(CannedReply.retired_at.is_(None))
                    .order_by(CannedReply.lang, CannedReply.title, CannedReply.id)
                )
            ).scalars()
        )
    if lang is not None:
        in_lang = [r for r in rows if r.lang == lang]
        if in_lang:
            return [_item(r) for r in in_lang], lang
    return [_item(r) for r in rows], None


async def get_canned_for_page(svc: Services) -> list[dict[str, Any]]:
    """Every reply for the supervisors' page, retired ones last: CannedReplyItem plus
    `retired` (bool), `updated_at` (ISO UTC) and `updated_by` (display name or None)."""
    async with svc.db.read() as s:
        rows = (
            await s.execute(
                select(CannedReply, Staff.display_name)
                .outerjoin(Staff, Staff.id == CannedReply.updated_by)
                .order_by(
                    CannedReply.retired_at.is_not(None),
                    CannedReply.lang,
                    CannedReply.title,
                    CannedReply.id,
                )
            )
        ).all()
    return [
        {
            **_item(r),
            "retired": r.retired_at is not None,
            "updated_at": iso(r.updated_at),
            "updated_by": name,
        }
        for r, name in rows
    ]


async def do_add_canned(
    svc: Services, staff_id: str, lang: str, title: str, text: str, topics: str | list[str]
) -> str:
    """A supervisor or admin adds a reply (see `check_canned_input`); audited `canned.create`.
    Returns its id. ActionError: 'forbidden', or the input errors of `check_canned_input`."""
    lang, title, text, clean = check_canned_input(lang, title, text, topics)
    now = svc.clock.now()
    async with svc.db.write() as s:
        await check_supervisor(s, staff_id)
        reply = CannedReply(
            lang=lang,
            title=title,
            text=text,
            topics=clean,
            created_at=now,
            updated_at=now,
            updated_by=staff_id,
        )
        s.add(reply)
        await s.flush()
        write_audit(s, now, staff_id, "canned.create", reply.id, {"lang": lang, "title": title})
        return reply.id


async def do_edit_canned(
    svc: Services,
    staff_id: str,
    reply_id: str,
    lang: str,
    title: str,
    text: str,
    topics: str | list[str],
) -> bool:
    """A supervisor or admin changes a reply's language, title, text and topics; audited
    `canned.edit` with the fields changed and their earlier values. The same values again
    change nothing (False). ActionError: 'forbidden', 'canned_not_found', input errors."""
    lang, title, text, clean = check_canned_input(lang, title, text, topics)
    now = svc.clock.now()
    async with svc.db.write() as s:
        await check_supervisor(s, staff_id)
        reply = await s.get(CannedReply, reply_id)
        if reply is None:
            raise ActionError("canned_not_found")
        new = {"lang": lang, "title": title, "text": text, "topics": clean}
        before = {k: getattr(reply, k) for k, v in new.items() if getattr(reply, k) != v}
        if not before:
            return False
        for key in before:
            setattr(reply, key, new[key])
        reply.updated_at, reply.updated_by = now, staff_id
        write_audit(
            s,
            now,
            staff_id,
            "canned.edit",
            reply.id,
            {"title": title, "changed": sorted(before), "before": before},
        )
        return True


async def do_set_canned_retired(svc: Services, staff_id: str, reply_id: str, retired: bool) -> None:
    """A supervisor or admin retires a reply (no longer offered) or restores it; audited
    `canned.retire` / `canned.restore` (nothing when it is already so). ActionError:
    'forbidden', 'canned_not_found'."""
    now = svc.clock.now()
    async with svc.db.write() as s:
        await check_supervisor(s, staff_id)
        reply = await s.get(CannedReply, reply_id)
        if reply is None:
            raise ActionError("canned_not_found")
        if (reply.retired_at is not None) == retired:
            return
        reply.retired_at = now if retired else None
        reply.updated_at, reply.updated_by = now, staff_id
        action = "canned.retire" if retired else "canned.restore"
        write_audit(s, now, staff_id, action, reply.id, {"title": reply.title})
