"""Every server -> client event of docs/protocol.md as a typed model, in one place.

The payloads are `TypedDict`s: building one costs no more than building a dict (the message
path builds thousands a second), mypy checks every builder against them, and pydantic validates
a received payload against them strictly (`validate_event`, used by the test clients on every
event a test receives), so the code, the clients and docs/protocol.md cannot drift apart.

Client -> server payloads are validated on arrival by the models in `server/realtime/schemas.py`.
This module imports nothing from the rest of the server.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, TypeAdapter, with_config
from typing_extensions import TypedDict

VISITOR_NS = "/visitor"
CONSOLE_NS = "/console"

_STRICT = ConfigDict(extra="forbid")

Sender = Literal["visitor", "staff", "system"]
Risk = Literal["none", "concern", "high", "imminent"]
ConversationStatus = Literal["queued", "active", "closed"]
CloseReason = Literal["visitor_left", "closed_by_staff"]
UpdateReason = Literal[
    "networker_off_duty",
    "networker_disconnected",
    "visitor_left",
    "closed_by_staff",
    "reassigned",
    "handover",
    "blocked",
]
Role = Literal["networker", "supervisor", "admin"]


@with_config(_STRICT)
class Phone(TypedDict):
    number: str
    type: str
    href: str


@with_config(_STRICT)
class ResourceCard(TypedDict):
    """A shared library entry in the visitor's language (`available: false`: only id and name)."""

    id: str
    name: str
    available: bool
    summary: str | None
    phones: list[Phone]
    website: str | None
    hours: str | None
    url: str | None


@with_config(_STRICT)
class EmergencyContact(TypedDict):
    """One number to call on a crisis reply's card, in the person's language."""

    name: str
    number: str
    href: str
    hours: str


@with_config(_STRICT)
class Emergency(TypedDict):
    """The emergency card of a crisis reply: how many networkers were on duty when it was sent,
    and the numbers to call (the emergency number first)."""

    on_duty: int
    contacts: list[EmergencyContact]


@with_config(_STRICT)
class Message(TypedDict):
    id: str
    conversation_id: str
    seq: int
    sender: Sender
    sender_name: str | None
    client_id: str | None
    text: str
    html: str
    created_at: str
    resource: ResourceCard | None
    emergency: Emergency | None


@with_config(_STRICT)
class StaffMessage(Message):
    """A message as staff see it: with the crisis assessment of a visitor message."""

    risk: Risk | None


@with_config(_STRICT)
class VisitorNetworker(TypedDict):
    name: str


@with_config(_STRICT)
class StaffRef(TypedDict):
    id: str
    name: str


@with_config(_STRICT)
class VisitorConversation(TypedDict):
    id: str
    status: ConversationStatus
    networker: VisitorNetworker | None
    queued_at: str | None
    assigned_at: str | None
    closed_at: str | None
    close_reason: CloseReason | None
    last_seq: int


@with_config(_STRICT)
class StaffConversation(TypedDict):
    id: str
    status: ConversationStatus
    networker: StaffRef | None
    queued_at: str | None
    assigned_at: str | None
    closed_at: str | None
    close_reason: CloseReason | None
    last_seq: int
    priority: int
    # the widget's interface language
    language: str
    # the language the visitor writes in (guessed from their first message: pl, uk, en, ru;
    # else the widget's): what the queue shows and automatic assignment matches
    visitor_lang: str
    site: str | None
    nickname: str | None
    first_message: str | None
    requeued: bool
    vanished: bool
    outcome: str | None
    topics: list[str]
    risk: Risk
    visitor_online: bool | None
    case_id: str | None


@with_config(_STRICT)
class QueueItem(StaffConversation):
    waiting_seconds: int


# "from" is a keyword: the functional form
DutyHours = TypedDict("DutyHours", {"days": list[int], "from": str, "to": str})
DutyHours.__pydantic_config__ = _STRICT  # type: ignore[attr-defined]


@with_config(_STRICT)
class DutyPeriod(TypedDict):
    start: str  # ISO 8601 UTC instant, "2026-12-21T15:00:00Z"
    end: str


@with_config(_STRICT)
class DutyStatus(TypedDict):
    on_duty: int
    hours: list[DutyHours]
    timezone: str
    periods: list[DutyPeriod]
    emergency_number: str


@with_config(_STRICT)
class Me(TypedDict):
    id: str
    name: str
    role: Role
    on_duty: bool
    capacity: int
    auto_assign: bool
    load: int


@with_config(_STRICT)
class TeamMember(TypedDict):
    id: str
    name: str
    role: Role
    on_duty: bool
    capacity: int
    load: int
    duty_since: str | None


@with_config(_STRICT)
class Match(TypedDict):
    phrase: str
    category: str
    start: int
    end: int
    # the visitor message the phrase is in (start/end are offsets in its text)
    message_id: str | None


@with_config(_STRICT)
class EscalationConversation(TypedDict):
    status: ConversationStatus
    priority: int
    risk: Risk
    language: str
    site: str | None
    nickname: str | None
    queued_at: str | None
    networker: StaffRef | None


@with_config(_STRICT)
class Escalation(TypedDict):
    id: str
    conversation_id: str
    message_id: str | None
    source: Literal["auto", "manual"]
    severity: Literal["high", "imminent"]
    categories: list[str]
    matches: list[Match]
    # which detectors fired: "lexicon" (matched phrases) and/or "classifier"; [] for manual
    detected_by: list[Literal["lexicon", "classifier"]]
    # every visitor message that contributed (oldest first; several when risk built up
    # across messages); [] for a manual escalation without a message
    message_ids: list[str]
    reason: str | None
    excerpt: str | None
    status: Literal["raised", "acknowledged", "resolved"]
    overdue: bool
    raised_at: str | None
    raised_by: StaffRef | None
    acknowledged_at: str | None
    acknowledged_by: StaffRef | None
    resolved_at: str | None
    resolved_by: StaffRef | None
    outcome: str | None
    note: str | None
    conversation: EscalationConversation


@with_config(_STRICT)
class EscalationBurst(TypedDict):
    """Many escalations from new visitors in a short time: possibly a flood. Every one of them
    is still listed and alerted on its own; this only groups them for the supervisor."""

    count: int
    window_seconds: int
    since: str
    until: str
    escalation_ids: list[str]


HandoverStatus = Literal["offered", "accepted", "declined", "expired"]


@with_config(_STRICT)
class Handover(TypedDict):
    """A chat offered by its networker to a colleague or a supervisor, with the note the
    receiver reads first; `conversation` is the chat as it is now (console view)."""

    id: str
    conversation_id: str
    status: HandoverStatus
    note: str
    # null only when the account was deleted since
    from_staff: StaffRef | None
    to_staff: StaffRef | None
    created_at: str | None
    expires_at: str | None
    decided_at: str | None
    conversation: StaffConversation


@with_config(_STRICT)
class HandoverTarget(TypedDict):
    """A colleague a chat may be handed to: on duty with a free place, or a supervisor."""

    id: str
    name: str
    role: Role
    capacity: int
    load: int


@with_config(_STRICT)
class Block(TypedDict):
    """Visitor tokens refused at connect until `expires_at` (unless lifted earlier)."""

    id: str
    conversation_id: str | None
    reason: str
    tokens: int
    created_by: StaffRef | None
    created_at: str | None
    expires_at: str | None
    lifted_at: str | None
    lifted_by: StaffRef | None


# --- events: /visitor ---------------------------------------------------------------------------


@with_config(_STRICT)
class VisitorConversationUpdate(TypedDict):
    op: Literal["assigned", "requeued", "closed"]
    conversation: VisitorConversation
    reason: UpdateReason | None


@with_config(_STRICT)
class QueuePosition(TypedDict):
    conversation_id: str
    position: int
    estimated_wait_seconds: int | None
    on_duty: int


@with_config(_STRICT)
class Typing(TypedDict):
    conversation_id: str
    sender: Literal["visitor", "staff"]
    typing: bool


# --- events: /console ---------------------------------------------------------------------------


@with_config(_STRICT)
class StaffConversationUpdate(TypedDict):
    op: Literal["assigned", "requeued", "closed", "reassigned"]
    conversation: StaffConversation
    reason: UpdateReason | None


@with_config(_STRICT)
class QueueUpdate(TypedDict):
    total: int
    items: list[QueueItem]
    server_time: str | None


@with_config(_STRICT)
class VisitorPresence(TypedDict):
    conversation_id: str
    online: bool


EscalationUpdateReason = Literal[
    "crisis_message", "manual", "assigned", "reassigned", "requeued", "closed"
]


@with_config(_STRICT)
class EscalationUpdate(TypedDict):
    op: Literal["updated", "acknowledged", "resolved", "overdue"]
    escalation: Escalation
    # op "updated": what changed — a stronger signal ("crisis_message", "manual") or the chat
    # (assigned from the queue, taken over / reassigned, back in the queue, closed); else null
    reason: EscalationUpdateReason | None
    # who caused it (null: a visitor's message, the server's timers, automatic assignment)
    by: StaffRef | None


@with_config(_STRICT)
class TeamUpdate(TypedDict):
    team: list[TeamMember]
    server_time: str | None


@with_config(_STRICT)
class HandoverUpdate(TypedDict):
    """To the sender and the receiver of a handover: offered, accepted, declined or expired."""

    op: HandoverStatus
    handover: Handover


@with_config(_STRICT)
class DeliveryResync(TypedDict):
    """Events may have been lost on the way between nodes (the node lost its cross-node bus and
    has it back): rejoin every conversation from the last seq held, as after a reconnect."""

    reason: Literal["bus_reconnected"]


@with_config(_STRICT)
class ConversationErased(TypedDict):
    """Every text of the conversation was erased (the visitor asked, or its retention period
    ended): clients drop its messages and show "erased at the visitor's request"."""

    conversation_id: str
    reason: Literal["visitor_request", "retention"]


@with_config(_STRICT)
class Erased(TypedDict):
    """What an erasure removed (the ack of `case.erase`)."""

    conversations: int
    messages: int


SessionEndReason = Literal[
    "logout",
    "password_changed",
    "deactivated",
    "role_changed",
    "two_factor_reset",
    "expired",
    "signed_out",
]


@with_config(_STRICT)
class SessionEnded(TypedDict):
    """The staff member's session ended (signed out, password changed, account deactivated,
    role changed, session expired): the server disconnects the socket right after this event.
    The console shows that it was signed out and goes to the login page; it does not retry."""

    reason: SessionEndReason


# --- the case (issue 15): objects of acks, not events -------------------------------------

NoteKind = Literal["note", "summary"]


@with_config(_STRICT)
class NoteVersion(TypedDict):
    """An earlier text of a note, replaced by its author at `replaced_at`."""

    text: str
    written_at: str
    replaced_at: str


@with_config(_STRICT)
class CaseNote(TypedDict):
    """A private staff note on a case (`conversation_id` null) or on one of its conversations;
    plain text, never sent to the visitor; `history`: earlier texts, oldest first."""

    id: str
    case_id: str
    conversation_id: str | None
    kind: NoteKind
    text: str
    author: StaffRef | None
    created_at: str
    edited_at: str | None
    history: list[NoteVersion]


@with_config(_STRICT)
class CaseEscalation(TypedDict):
    """An escalation as the case history lists it."""

    id: str
    source: Literal["auto", "manual"]
    severity: Literal["high", "imminent"]
    categories: list[str]
    status: Literal["raised", "acknowledged", "resolved"]
    raised_at: str
    outcome: str | None


@with_config(_STRICT)
class CaseConversation(TypedDict):
    """One conversation of a case in its history (no message text: open the transcript)."""

    id: str
    status: ConversationStatus
    queued_at: str | None
    assigned_at: str | None
    closed_at: str | None
    close_reason: CloseReason | None
    networker: StaffRef | None
    outcome: str | None
    topics: list[str]
    risk: Risk
    current: bool
    notes: list[CaseNote]
    escalations: list[CaseEscalation]


ReferralStatus = Literal[
    "suggested", "contacted", "accepted", "attended", "declined", "no_response"
]


@with_config(_STRICT)
class ReferralResource(TypedDict):
    """The library entry a referral is to: its service name and organisation."""

    id: str
    name: str
    organization: str | None


@with_config(_STRICT)
class ReferralChange(TypedDict):
    """A status a referral was given, by whom and when (its first: the recording)."""

    status: ReferralStatus
    staff: StaffRef | None
    at: str


@with_config(_STRICT)
class Referral(TypedDict):
    """A referral of a case to a library entry; `follow_up` "YYYY-MM-DD" or null; `due`: the
    follow-up day is today or past and the status is not final; `note`: staff only, plain text
    (null once erased); `history`: its statuses, oldest first."""

    id: str
    case_id: str
    conversation_id: str | None
    resource: ReferralResource | None
    status: ReferralStatus
    follow_up: str | None
    due: bool
    note: str | None
    author: StaffRef | None
    created_at: str
    updated_at: str
    history: list[ReferralChange]


@with_config(_STRICT)
class CannedReplyItem(TypedDict):
    """A canned reply as `canned.list` gives it (docs/protocol.md CannedReply)."""

    id: str
    lang: str
    title: str
    text: str
    topics: list[str]


@with_config(_STRICT)
class CaseHistory(TypedDict):
    """A case for staff: its conversations newest first, and the notes on the case itself."""

    id: str
    created_at: str
    code_issued_at: str | None
    conversations: list[CaseConversation]
    notes: list[CaseNote]
    referrals: list[Referral]


SERVER_EVENTS: dict[tuple[str, str], Any] = {
    (VISITOR_NS, "message.new"): Message,
    (VISITOR_NS, "conversation.update"): VisitorConversationUpdate,
    (VISITOR_NS, "queue.position"): QueuePosition,
    (VISITOR_NS, "typing"): Typing,
    (VISITOR_NS, "duty.update"): DutyStatus,
    (VISITOR_NS, "delivery.resync"): DeliveryResync,
    (VISITOR_NS, "conversation.erased"): ConversationErased,
    (CONSOLE_NS, "message.new"): StaffMessage,
    (CONSOLE_NS, "conversation.update"): StaffConversationUpdate,
    (CONSOLE_NS, "queue.update"): QueueUpdate,
    (CONSOLE_NS, "typing"): Typing,
    (CONSOLE_NS, "visitor.presence"): VisitorPresence,
    (CONSOLE_NS, "duty.update"): Me,
    (CONSOLE_NS, "escalation.new"): Escalation,
    (CONSOLE_NS, "escalation.update"): EscalationUpdate,
    (CONSOLE_NS, "escalation.burst"): EscalationBurst,
    (CONSOLE_NS, "team.update"): TeamUpdate,
    (CONSOLE_NS, "delivery.resync"): DeliveryResync,
    (CONSOLE_NS, "session.ended"): SessionEnded,
    (CONSOLE_NS, "handover.update"): HandoverUpdate,
    (CONSOLE_NS, "conversation.erased"): ConversationErased,
}
"""(namespace, event name) -> the payload's model. An event missing here is not in the protocol."""

_ADAPTERS: dict[tuple[str, str], TypeAdapter[Any]] = {}


def validate_event(namespace: str, name: str, payload: Any) -> None:
    """Check a server -> client event against its model, strictly (no missing, extra or
    mistyped field). Raises `KeyError` for an event the protocol does not have and
    `pydantic.ValidationError` for a payload that does not match."""
    key = (namespace, name)
    adapter = _ADAPTERS.get(key)
    if adapter is None:
        adapter = _ADAPTERS[key] = TypeAdapter(SERVER_EVENTS[key])
    adapter.validate_python(payload, strict=True)
