"""SQLAlchemy 2 typed models. SQL is the source of truth for everything that matters."""

from __future__ import annotations

import os
import secrets
import time
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(TypeDecorator[datetime]):
    """Stored as naive UTC (SQLite keeps no zone), always returned as aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_urlsafe(12)}"


def new_message_id() -> str:
    """`m_` + the time in microseconds (13 hex digits) + 10 random hex digits: unique like
    new_id, and in the order messages are written, so that the messages table's primary-key
    index grows at its end instead of touching a random page for every row (a SQLite commit
    writes every page it touched: ~6 µs less per message, bench/relay.py)."""
    return f"m_{time.time_ns() // 1000:013x}{os.urandom(5).hex()}"


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[str]: JSON(),
    }


class Staff(Base):
    __tablename__ = "staff"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("s"))
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16), default="networker")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    language: Mapped[str] = mapped_column(String(8), default="pl")
    # the languages they speak with visitors (`i18n.SPOKEN_LANGS`, migration 0022): automatic
    # assignment prefers a networker who speaks the visitor's language (server/actions/queue.py)
    languages: Mapped[list[str] | None] = mapped_column(default=list)
    created_at: Mapped[datetime]
    # duty state
    on_duty: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    capacity: Mapped[int] = mapped_column(Integer, default=3)
    auto_assign: Mapped[bool] = mapped_column(Boolean, default=True)
    duty_since: Mapped[datetime | None]
    last_seen_at: Mapped[datetime | None]
    # a node with this staff member's console connected keeps this a little ahead of now; past
    # it, automatic assignment prefers colleagues whose console is live (server/actions/duty.py)
    console_until: Mapped[datetime | None]
    last_assigned_at: Mapped[datetime | None]
    # chats the server handed back to the queue while the networker was away (disconnected past
    # the grace period, signed out everywhere), and when: the console says so when they come
    # back (console.sync `away`); cleared when they go on duty again
    away_released: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    away_released_at: Mapped[datetime | None]
    # two-factor (server/totp.py): the TOTP secret, encrypted (AES-GCM; never stored or logged in
    # clear); set with `totp_enabled_at` null while an enrolment awaits its first code
    totp_secret: Mapped[str | None] = mapped_column(String(200))
    totp_enabled_at: Mapped[datetime | None]
    # the time step of the last code accepted: a code of that step or an earlier one is refused
    # (no replay within the window)
    totp_last_step: Mapped[int | None] = mapped_column(Integer)


class StaffRecoveryCode(Base):
    """A two-factor recovery code: only its SHA-256 (with the staff id), used at most once."""

    __tablename__ = "staff_recovery_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class StaffSession(Base):
    """A login. The id is the SHA-256 of the cookie value: a leaked table opens no session."""

    __tablename__ = "staff_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class LoginThrottle(Base):
    """Login attempts not yet followed by a success, per client kind (never per IP: no
    addresses are stored). `username` is the key: the bare username counts the attempts of
    unknown clients; `username/nonce` counts those of one browser holding a device cookie for
    that username (usernames contain no "/"). Written only by one atomic INSERT … ON CONFLICT
    per attempt (server/actions/staff.py)."""

    __tablename__ = "login_throttle"

    username: Mapped[str] = mapped_column(String(100), primary_key=True)
    # every attempt counted, including those refused while locked
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime | None]
    locked_until: Mapped[datetime | None]
    # how many times the key was locked: the next lock lasts 30 s * 2**lock_level (at most 1 h)
    lock_level: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # whether the latest attempt arrived while the key was locked (read back by that attempt)
    refused: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Visitor(Base):
    """An anonymous visitor: only the SHA-256 of their random token, never an address."""

    __tablename__ = "visitors"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("v"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    nickname: Mapped[str | None] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(8), default="pl")
    created_at: Mapped[datetime]
    # a node with one of this visitor's sockets connected keeps this a little ahead of now and
    # clears it when their last socket there closes: the presence staff are shown when they
    # open or take the chat (server/actions/presence.py). Null: not connected.
    online_until: Mapped[datetime | None]


CONVERSATION_STATUSES = ("queued", "active", "closed")
OUTCOMES = (
    "helped",
    "information_given",
    "referred",
    "visitor_left",
    "no_response",
    "abusive",
    "other",
)
TOPICS = ("legal", "hiv_sti", "addiction", "mental_health", "housing", "violence", "other")


class Conversation(Base):
    __tablename__ = "conversations"
    __table_args__ = (
        # the queue order: priority, handed back first, then arrival
        Index("ix_conversations_queue", "status", "priority", "requeued", "queued_at"),
        # reports read conversations by the time they started (migration 0018)
        Index("ix_conversations_created_at", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("c"))
    visitor_id: Mapped[str] = mapped_column(
        ForeignKey("visitors.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(16), default="queued")
    priority: Mapped[int] = mapped_column(Integer, default=0)
    requeued: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    queued_at: Mapped[datetime]
    assigned_staff_id: Mapped[str | None] = mapped_column(
        ForeignKey("staff.id", ondelete="SET NULL"), index=True
    )
    assigned_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    close_reason: Mapped[str | None] = mapped_column(String(32))
    outcome: Mapped[str | None] = mapped_column(String(32))
    topics: Mapped[list[str]] = mapped_column(default=list)
    # the widget's interface language (system lines, library cards, canned replies)
    language: Mapped[str] = mapped_column(String(8), default="pl")
    # the language the visitor writes in (migration 0022): moderation's guess from their first
    # message (pl, en, uk, ru), else the widget's language; assignment prefers a networker who
    # speaks it. Null only on rows written before it existed: read `language` then.
    visitor_lang: Mapped[str | None] = mapped_column(String(8))
    site: Mapped[str | None] = mapped_column(String(200))
    nickname: Mapped[str | None] = mapped_column(String(40))
    first_message: Mapped[str] = mapped_column(String(140), default="")
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    # highest crisis assessment seen: none | concern | high | imminent
    risk: Mapped[str] = mapped_column(String(16), default="none", server_default="none")
    # a queued visitor whose last socket closed while someone was on duty (migration 0008):
    # when they went, and whether they have been away long enough to count as gone (placed
    # after the visitors who are present; cleared when they come back)
    visitor_left_at: Mapped[datetime | None]
    vanished: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # the case this conversation belongs to (migration 0010): the case of its visitor
    case_id: Mapped[str | None] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    # erased (migration 0014: server/actions/privacy.py): every text of the conversation is
    # gone and this row is a stub for statistics; why: "visitor" (on request) or "retention"
    erased_at: Mapped[datetime | None]
    erased_reason: Mapped[str | None] = mapped_column(String(16))
    # for reports (migration 0018): when a networker first took the chat (`assigned_at` is the
    # latest assignment and is cleared on requeue), and when staff first wrote in it, kept only
    # once its messages are erased (until then the first staff message says it):
    # server/db/stats.py first_response_at
    first_assigned_at: Mapped[datetime | None]
    first_response_at: Mapped[datetime | None]


class DutySession(Base):
    """One stretch of a staff member's duty, from going on duty to going off (by their own
    choice, deactivation, or the grace period after they disappeared); `ended_at` is null while
    it lasts (migration 0018). Read by the reports: networkers on duty per hour of the week."""

    __tablename__ = "duty_sessions"
    __table_args__ = (Index("ix_duty_sessions_staff_ended", "staff_id", "ended_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    started_at: Mapped[datetime] = mapped_column(index=True)
    ended_at: Mapped[datetime | None]


class Case(Base):
    """A case ties one anonymous visitor's conversations together (issue 15). Created with the
    visitor's first message, one per visitor row; every later conversation of that visitor
    belongs to it, and so does every token that resumed it (`CaseToken`): those tokens open the
    same visitor row, so the case's events reach all of them. Referrals and notes hang off
    `cases.id`. The resume code is kept only as its SHA-256 (server/actions/cases.py)."""

    __tablename__ = "cases"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("k"))
    visitor_id: Mapped[str] = mapped_column(
        ForeignKey("visitors.id", ondelete="CASCADE"), unique=True
    )
    created_at: Mapped[datetime]
    # SHA-256 of the current resume code (normalised), null until the visitor asks for one;
    # a new code replaces it, so the previous one stops working
    code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    code_issued_at: Mapped[datetime | None]
    # set when the visitor erased the case: `code_hash` then only says "deleted" to whoever comes
    # back with that code (it opens nothing) until the retention purge removes it
    code_erased_at: Mapped[datetime | None]


class CaseToken(Base):
    """A visitor token (its SHA-256) that resumed a case with its code: it opens the case's
    visitor from then on, before any visitor row of its own."""

    __tablename__ = "case_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime]


NOTE_KINDS = ("note", "summary")


class CaseNote(Base):
    """A private staff note on a case (`conversation_id` null) or on one of its conversations
    (`kind` summary: written when the chat was closed). Never sent to the visitor. The text is
    the current version; earlier versions are in `case_note_versions` (erasure removes both)."""

    __tablename__ = "case_notes"
    __table_args__ = (Index("ix_case_notes_case_created", "case_id", "created_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("n"))
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    conversation_id: Mapped[str | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16), default="note")
    author_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    edited_at: Mapped[datetime | None]


class CaseNoteVersion(Base):
    """An earlier text of a note, kept when its author edited it."""

    __tablename__ = "case_note_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    note_id: Mapped[str] = mapped_column(
        ForeignKey("case_notes.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    # when this text was written (the note's creation or a previous edit)
    written_at: Mapped[datetime]
    replaced_at: Mapped[datetime]


REFERRAL_STATUSES = ("suggested", "contacted", "accepted", "attended", "declined", "no_response")
# a referral in one of these needs no follow-up any more
REFERRAL_FINAL = ("attended", "declined", "no_response")


class Referral(Base):
    """A referral of a case to a library entry (a service of an organisation, `resources`), with
    its status, follow-up date and a staff note (issue 15). The note is in its own column so
    erasure of the case can wipe it while the status and dates stay for statistics. Every
    status change is kept in `referral_changes` (who, when)."""

    __tablename__ = "referrals"
    __table_args__ = (Index("ix_referrals_status_follow_up", "status", "follow_up"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("rf"))
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    # the conversation it was recorded through
    conversation_id: Mapped[str | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL")
    )
    resource_id: Mapped[str | None] = mapped_column(ForeignKey("resources.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default="suggested")
    # the day to follow it up, ISO "YYYY-MM-DD" (compared as text), or null
    follow_up: Mapped[str | None] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(Text)
    author_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class ReferralChange(Base):
    """One status of a referral: who set it and when (the first row: its recording)."""

    __tablename__ = "referral_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    referral_id: Mapped[str] = mapped_column(
        ForeignKey("referrals.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(16))
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    at: Mapped[datetime]


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("conversation_id", "seq", name="uq_messages_conversation_seq"),
        UniqueConstraint("conversation_id", "client_id", name="uq_messages_conversation_client"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_message_id)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    sender: Mapped[str] = mapped_column(String(16))  # visitor | staff | system
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    client_id: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    # crisis assessment of a visitor message (concern | high | imminent), shown to staff only
    risk: Mapped[str | None] = mapped_column(String(16))
    # a shared library entry (the message is its card); shares are recorded here (migration 0003)
    resource_id: Mapped[str | None] = mapped_column(
        ForeignKey("resources.id", ondelete="SET NULL"), index=True
    )
    # a crisis reply's emergency card as it was sent: {"on_duty", "contacts"} (migration 0007)
    emergency: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True, default=None)


class PurgeState(Base):
    """One row (id 1): when the retention purge last ran on any node (migration 0014); the
    node whose conditional update moves it runs the day's purge."""

    __tablename__ = "purge_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_run_at: Mapped[datetime | None]


class StaffLink(Base):
    """A one-time link (migration 0021): an invitation to set the first password of a new
    account, or a password reset an admin issued. Only the token's SHA-256 is stored; the link
    is spent by one conditional UPDATE of `used_at`, and lapses at `expires_at`."""

    __tablename__ = "staff_links"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # "invite" | "reset"
    created_by: Mapped[str | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class SiteSettingsRow(Base):
    """One row (id 1, migration 0021): the settings admins changed on the web, `{name: value}`
    (only those that differ from the environment's), and a version each node compares with
    the one it holds (server/actions/site.py)."""

    __tablename__ = "site_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    values: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime | None]
    updated_by: Mapped[str | None] = mapped_column(String(32))


class AuditLog(Base):
    """Append-only: who did what to which subject, and when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor_id: Mapped[str | None] = mapped_column(String(32), index=True)
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


class CannedReply(Base):
    """A canned reply: a shared, ready answer (title, text, topics) in one language that staff
    insert into the composer with `/` and edit before sending. Managed by supervisors at
    /supervisor/canned (edits audited); a retired one is kept (`retired_at`) but not offered."""

    __tablename__ = "canned_replies"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("q"))
    lang: Mapped[str] = mapped_column(String(8), index=True)
    title: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text)
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    updated_by: Mapped[str | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    retired_at: Mapped[datetime | None]


LEXICON_REVIEW_KINDS = ("false_alarm", "missed")
"""false_alarm: a supervisor resolved an automatic escalation as a false alarm; missed: staff
escalated by hand a message the detector rated below an escalation."""
LEXICON_REVIEW_STATUSES = ("new", "reviewed", "dismissed")


class LexiconReviewItem(Base):
    """A message on which staff judged the crisis detector wrong, kept for whoever maintains the
    lexicon and the corpus (migration 0017; `server/actions/lexicon_review.py`). The text is
    PII-redacted when the item is made; the item is deleted with its conversation's erasure and
    after `NETREACH_RETENTION_LEXICON_REVIEW_DAYS`."""

    __tablename__ = "lexicon_review_items"
    __table_args__ = (
        Index("ix_lexicon_review_status_created", "status", "created_at"),
        # one item per message: resolving or escalating it again adds nothing
        UniqueConstraint("message_id", name="uq_lexicon_review_message"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("x"))
    kind: Mapped[str] = mapped_column(String(16))  # LEXICON_REVIEW_KINDS
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    message_id: Mapped[str | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    escalation_id: Mapped[str | None] = mapped_column(
        ForeignKey("escalations.id", ondelete="SET NULL")
    )
    text: Mapped[str] = mapped_column(Text)  # redacted (moderation.redact)
    lang: Mapped[str] = mapped_column(String(8))  # pl | en | uk | ru
    # the detector's verdict: {"severity", "categories", "phrases", "detected_by", "score"}
    detector: Mapped[dict[str, Any]] = mapped_column(default=dict)
    verdict: Mapped[str] = mapped_column(String(16))  # escalate | no_escalate (staff's)
    created_at: Mapped[datetime] = mapped_column(index=True)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default="new")  # LEXICON_REVIEW_STATUSES
    reviewed_at: Mapped[datetime | None]
    reviewed_by: Mapped[str | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))


ESCALATION_STATUSES = ("raised", "acknowledged", "resolved")
ESCALATION_OUTCOMES = (
    "safety_plan",
    "emergency_services",
    "referred",
    "false_alarm",
    "visitor_left",
    "other",
)


class Escalation(Base):
    """A crisis signal with a lifecycle: raised -> acknowledged -> resolved, with timings."""

    __tablename__ = "escalations"
    __table_args__ = (
        Index("ix_escalations_status_raised", "status", "raised_at"),
        Index("ix_escalations_raised_at", "raised_at"),  # reports (migration 0018)
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("e"))
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    message_id: Mapped[str | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    source: Mapped[str] = mapped_column(String(16))  # auto | manual
    severity: Mapped[str] = mapped_column(String(16))  # high | imminent
    categories: Mapped[list[str]] = mapped_column(default=list)
    matches: Mapped[dict[str, Any]] = mapped_column(default=dict)
    reason: Mapped[str | None] = mapped_column(Text)
    raised_by: Mapped[str | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default="raised")
    raised_at: Mapped[datetime]
    acknowledged_at: Mapped[datetime | None]
    acknowledged_by: Mapped[str | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    resolved_at: Mapped[datetime | None]
    resolved_by: Mapped[str | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    outcome: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
    overdue: Mapped[bool] = mapped_column(Boolean, default=False)
    announced_at: Mapped[datetime]


class Participant(Base):
    """Staff other than the assigned networker who joined a conversation (supervisors)."""

    __tablename__ = "conversation_participants"
    __table_args__ = (UniqueConstraint("conversation_id", "staff_id", name="uq_participants"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    joined_at: Mapped[datetime]
    left_at: Mapped[datetime | None]


HANDOVER_STATUSES = ("offered", "accepted", "declined", "expired")


class Handover(Base):
    """A networker offers a chat to a colleague (or a supervisor) with a note the receiver reads
    first (migration 0013). Offered -> accepted (the chat moves) / declined / expired (nobody
    accepted within HANDOVER_SECONDS: the chat stays with the sender). The note belongs to this
    transfer of the conversation, not to a case."""

    __tablename__ = "handovers"
    __table_args__ = (Index("ix_handovers_status_expires", "status", "expires_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("h"))
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    from_staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    to_staff_id: Mapped[str | None] = mapped_column(
        ForeignKey("staff.id", ondelete="SET NULL"), index=True
    )
    note: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="offered")
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]


class VisitorBlock(Base):
    """Staff refused one or more visitor tokens (by the SHA-256 of the token, as `visitors`
    keeps it) until `expires_at`, with a reason (migration 0013). Lifted early by a supervisor
    (`lifted_at`). A token is blocked while one of its blocks is neither expired nor lifted."""

    __tablename__ = "visitor_blocks"
    __table_args__ = (Index("ix_visitor_blocks_expires", "lifted_at", "expires_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("b"))
    conversation_id: Mapped[str | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL")
    )
    reason: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    lifted_at: Mapped[datetime | None]
    lifted_by: Mapped[str | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))


class BlockedToken(Base):
    """One visitor token of a block (the SHA-256 hex of the token, never the token)."""

    __tablename__ = "visitor_block_tokens"

    block_id: Mapped[str] = mapped_column(
        ForeignKey("visitor_blocks.id", ondelete="CASCADE"), primary_key=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)


# --- resource library (HSDS 3.1-aligned; see server/resources_hsds.py) ------------------------

RESOURCE_STATUSES = ("draft", "in_review", "vetted", "retired")
RESOURCE_TOPICS = (
    "legal",
    "hiv_sti",
    "addiction",
    "mental_health",
    "crisis",
    "violence",
    "housing",
    "other",
)
RESOURCE_AREAS = ("international", "nationwide", "regional", "online")
PHONE_TYPES = ("voice", "text", "cell", "fax", "video", "pager", "textphone")
VOIVODESHIPS = (
    "dolnoslaskie",
    "kujawsko-pomorskie",
    "lubelskie",
    "lubuskie",
    "lodzkie",
    "malopolskie",
    "mazowieckie",
    "opolskie",
    "podkarpackie",
    "podlaskie",
    "pomorskie",
    "slaskie",
    "swietokrzyskie",
    "warminsko-mazurskie",
    "wielkopolskie",
    "zachodniopomorskie",
)


class Resource(Base):
    """An organisation's service in the library. Texts are per language in `texts`
    ({"pl": {"name", "summary", "description", "eligibility", "cost", "hours"}, "en": {...}}).
    The search_* columns are normalised text written by server/actions/resources.py and indexed
    by SQLite FTS5 (triggers) or a PostgreSQL tsvector column (migration 0003)."""

    __tablename__ = "resources"
    __table_args__ = (Index("ix_resources_status_review", "status", "review_by"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("r"))
    hsds_id: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    version: Mapped[int] = mapped_column(Integer, default=1)
    name: Mapped[str] = mapped_column(String(200))  # display/sort name (first available language)
    texts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    organization_name: Mapped[str | None] = mapped_column(String(200))
    organization_hsds_id: Mapped[str | None] = mapped_column(String(64))
    topics: Mapped[list[str]] = mapped_column(default=list)
    phones: Mapped[list[dict[str, Any]]] = mapped_column(
        JSON, default=list
    )  # [{"number", "type", "description"}]
    email: Mapped[str | None] = mapped_column(String(200))
    links: Mapped[list[dict[str, Any]]] = mapped_column(
        JSON, default=list
    )  # [{"url", "label"}], first = website
    schedules: Mapped[list[dict[str, Any]]] = mapped_column(
        JSON, default=list
    )  # HSDS-like [{"byday", "opens_at", "closes_at"}]
    area: Mapped[str] = mapped_column(String(16), default="nationwide")
    country: Mapped[str | None] = mapped_column(String(2))
    voivodeship: Mapped[str | None] = mapped_column(String(40))
    city: Mapped[str | None] = mapped_column(String(80))
    languages: Mapped[list[str]] = mapped_column(default=list)
    verified_on: Mapped[str | None] = mapped_column(String(10))  # ISO date
    verified_by: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(Text)
    review_by: Mapped[str | None] = mapped_column(String(10), index=True)  # ISO date
    created_at: Mapped[datetime]
    created_by: Mapped[str | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime]
    last_editor_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    vetted_at: Mapped[datetime | None]
    vetted_by: Mapped[str | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    # flagged by a supervisor as a crisis line for automatic crisis replies (migration 0007):
    # {"categories": ["self_harm", ...], "always_open": bool, "children": bool} or null
    crisis_line: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True, default=None)
    search_name: Mapped[str] = mapped_column(Text, default="")
    search_topics: Mapped[str] = mapped_column(Text, default="")
    search_body: Mapped[str] = mapped_column(Text, default="")
    search_tags: Mapped[str] = mapped_column(Text, default="")
    # HSDS (migration 0011; plain columns without foreign keys there, see its comment):
    # the organisation (organizations.id) and the partner feed (partner_feeds.id) it came from
    organization_id: Mapped[str | None] = mapped_column(String(32), index=True)
    feed_id: Mapped[str | None] = mapped_column(String(32), index=True)
    # {"service": the imported HSDS service as it was (without organization and the locations of
    # service_at_locations, kept in their tables), "values": the content columns it gave}: what
    # netreach does not use is exported again verbatim, what was edited here is written over it
    hsds_original: Mapped[dict[str, Any] | None] = mapped_column(
        JSON(none_as_null=True), nullable=True
    )
    # the partner's own verification (HSDS assured_date, assurer_email), kept beside ours
    partner_verified_on: Mapped[str | None] = mapped_column(String(10))  # ISO date
    partner_verified_by: Mapped[str | None] = mapped_column(String(200))
    withdrawn_at: Mapped[datetime | None]  # the partner's feed no longer has it
    # a partner's change that was not applied because the entry was edited here:
    # {"at": ISO time, "service": the partner's service, "changes": {field: [ours, theirs]}}
    feed_pending: Mapped[dict[str, Any] | None] = mapped_column(
        JSON(none_as_null=True), nullable=True
    )


class PartnerFeed(Base):
    """A partner's HSDS directory that netreach fetches on a schedule: an HSDS API's base URL
    (`kind` "api": /services, then /services/{id}) or a file of services (`kind` "file")."""

    __tablename__ = "partner_feeds"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("f"))
    name: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(500), unique=True)
    kind: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime]
    created_by: Mapped[str | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    next_fetch_at: Mapped[datetime]  # the node that moves it forward fetches (once per cluster)
    last_fetch_at: Mapped[datetime | None]
    last_ok_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)  # in English (logs, CLI)
    # the same, translatable (server.actions.errors.Detail.to_json): shown in the admin's language
    last_error_detail: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    last_report: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class Organization(Base):
    """An HSDS organisation: one organisation, many services. `raw` is the HSDS object as
    imported (exported again verbatim); name is a column for lists and search."""

    __tablename__ = "organizations"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("o"))
    hsds_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    raw: Mapped[dict[str, Any]] = mapped_column(JSON)
    feed_id: Mapped[str | None] = mapped_column(ForeignKey("partner_feeds.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime]


class Location(Base):
    """An HSDS location: where services are given, with an address and coordinates (first
    address and latitude/longitude as columns; `raw` is the HSDS object as imported)."""

    __tablename__ = "locations"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("l"))
    hsds_id: Mapped[str] = mapped_column(String(64), unique=True)
    organization_id: Mapped[str | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL")
    )
    name: Mapped[str | None] = mapped_column(String(200))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    address: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    raw: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime]


class ResourceLocation(Base):
    """An HSDS service_at_location: a service given at a location, in the service's order;
    `raw` is the service_at_location object as imported, without its `location`."""

    __tablename__ = "resource_locations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    resource_id: Mapped[str] = mapped_column(
        ForeignKey("resources.id", ondelete="CASCADE"), index=True
    )
    location_id: Mapped[str] = mapped_column(
        ForeignKey("locations.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    raw: Mapped[dict[str, Any]] = mapped_column(JSON)


class ResourceHistory(Base):
    """Every change to a resource: who, when, what (field -> [old, new]) and the status move."""

    __tablename__ = "resource_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    resource_id: Mapped[str] = mapped_column(
        ForeignKey("resources.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime]
    actor_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    actor_label: Mapped[str | None] = mapped_column(String(120))  # e.g. "import", "starter set"
    action: Mapped[str] = mapped_column(String(24))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str | None] = mapped_column(String(16))
    changes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    note: Mapped[str | None] = mapped_column(Text)
