"""Typed models of every client -> server payload (docs/protocol.md). Unknown fields are refused."""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from server.constants import BLOCK_DEFAULT_HOURS, BLOCK_MAX_HOURS
from server.db.models import (
    ESCALATION_OUTCOMES,
    OUTCOMES,
    REFERRAL_STATUSES,
    RESOURCE_TOPICS,
    TOPICS,
)
from server.i18n import N_

ClientId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{8,64}$")]
ConversationId = Annotated[str, Field(pattern=r"^c_[A-Za-z0-9_-]{1,40}$")]
Seq = Annotated[int, Field(ge=0, le=2**31)]


def _nul_free(value: Any) -> Any:
    """`value` when no text in it (a string, or one in a list, set or mapping, keys too) holds
    a NUL; raises ValueError otherwise."""
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError(N_("contains a NUL character."))
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _nul_free(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _nul_free(key)
            _nul_free(item)
    return value


class Payload(BaseModel):
    """A client -> server payload: strict types, no unknown fields, and no NUL character in
    any text of any field (PostgreSQL cannot store one and nobody types one: `invalid`,
    naming the field, before any other check of the field)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    @field_validator("*")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        return _nul_free(value)


def _check_text(value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(N_("not valid Unicode text.")) from None
    if not value.strip():
        raise ValueError(N_("nothing is written."))
    return value


class VisitorAuth(Payload):
    model_config = ConfigDict(extra="ignore", strict=True, frozen=True)

    token: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{43,128}$")]
    lang: str = "pl"
    site: Annotated[str, Field(max_length=200)] | None = None

    @field_validator("site", mode="before")
    @classmethod
    def _site(cls, value: Any) -> Any:
        # the source's name, from the host page or a /chat?site= link anyone can write: not
        # the visitor's words, so it is cleaned rather than refused (refusing the connection
        # would turn the visitor away). Control characters go (a NUL cannot even be stored on
        # PostgreSQL: every first message would fail), spaces are collapsed.
        if not isinstance(value, str):
            return value  # None, or refused by the field's type
        return (
            " ".join("".join(c for c in value if unicodedata.category(c) != "Cc").split()) or None
        )


class VisitorJoin(Payload):
    last_seq: Seq = 0
    conversation_id: ConversationId | None = None


class AltchaProof(Payload):
    algorithm: Annotated[str, Field(max_length=16)]
    challenge: Annotated[str, Field(max_length=256)]
    number: Annotated[int, Field(ge=0, le=2**31)]
    salt: Annotated[str, Field(max_length=512)]
    signature: Annotated[str, Field(max_length=256)]
    took: Annotated[int, Field(ge=0)] | None = None


class VisitorSend(Payload):
    client_id: ClientId
    text: str
    nickname: Annotated[str, Field(max_length=40)] | None = None
    # the conversation the visitor wrote into: when it has ended meanwhile, the message is
    # refused (closed) instead of starting a new conversation the visitor did not ask for
    conversation_id: ConversationId | None = None
    # the ALTCHA payload solving the challenge of a `challenge_required` refusal: base64 of
    # its JSON, or the JSON object itself (server/proofofwork.py checks it)
    proof: Annotated[str, Field(min_length=1, max_length=2000)] | AltchaProof | None = None

    _text = field_validator("text")(_check_text)

    @field_validator("nickname")
    @classmethod
    def _nickname(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = " ".join(value.split())
        return value or None


class Typing(Payload):
    typing: bool


class Empty(Payload):
    pass


class DutyStart(Payload):
    capacity: Annotated[int, Field(ge=1, le=10)]
    auto_assign: bool = True


class QueueTake(Payload):
    conversation_id: ConversationId | None = None


class StaffJoin(Payload):
    conversation_id: ConversationId
    last_seq: Seq = 0


class StaffSend(Payload):
    conversation_id: ConversationId
    client_id: ClientId
    text: str

    _text = field_validator("text")(_check_text)


class StaffTyping(Payload):
    conversation_id: ConversationId
    typing: bool


class Close(Payload):
    conversation_id: ConversationId
    outcome: Literal[OUTCOMES]  # type: ignore[valid-type]
    topics: Annotated[list[Literal[TOPICS]], Field(max_length=len(TOPICS))] = []  # type: ignore[valid-type]


EscalationId = Annotated[str, Field(pattern=r"^e_[A-Za-z0-9_-]{1,40}$")]
StaffId = Annotated[str, Field(pattern=r"^s_[A-Za-z0-9_-]{1,40}$")]


class EscalationRaise(Payload):
    conversation_id: ConversationId
    reason: Annotated[str, Field(min_length=1, max_length=500)]

    _reason = field_validator("reason")(_check_text)


class EscalationAck(Payload):
    escalation_id: EscalationId


class EscalationResolve(Payload):
    escalation_id: EscalationId
    outcome: Literal[ESCALATION_OUTCOMES]  # type: ignore[valid-type]
    note: Annotated[str, Field(max_length=2000)] | None = None


class ConversationRef(Payload):
    conversation_id: ConversationId


class Reassign(Payload):
    conversation_id: ConversationId
    staff_id: StaffId


# --- handover (server/actions/handover.py) and blocks (server/actions/blocks.py) -------------

HandoverId = Annotated[str, Field(pattern=r"^h_[A-Za-z0-9_-]{1,40}$")]


class HandoverOffer(Payload):
    conversation_id: ConversationId
    staff_id: StaffId
    note: Annotated[str, Field(min_length=1, max_length=2000)]

    _note = field_validator("note")(_check_text)


class HandoverRef(Payload):
    handover_id: HandoverId


class BlockVisitor(Payload):
    conversation_id: ConversationId
    reason: Annotated[str, Field(min_length=1, max_length=500)]
    hours: Annotated[int, Field(ge=1, le=BLOCK_MAX_HOURS)] = BLOCK_DEFAULT_HOURS

    _reason = field_validator("reason")(_check_text)


# --- resource library (server/actions/resources.py) -------------------------------------------

ResourceId = Annotated[str, Field(pattern=r"^r_[A-Za-z0-9_-]{1,40}$")]


class ResourceSearch(Payload):
    q: Annotated[str, Field(max_length=200)] = ""
    topic: Literal[RESOURCE_TOPICS] | None = None  # type: ignore[valid-type]
    region: Annotated[str, Field(max_length=80)] | None = None
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}$")] | None = None
    lang: Literal["pl", "en", "uk"] | None = (
        None  # language of the texts in the results (default: the staff member's)
    )
    limit: Annotated[int, Field(ge=1, le=50)] = 20


class ResourceShare(Payload):
    conversation_id: ConversationId
    resource_id: ResourceId
    client_id: ClientId
    # also record a suggested referral of the case to this entry (the one click)
    refer: bool = False


# --- canned replies (server/actions/canned.py) -------------------------------------------------


class CannedList(Payload):
    # the chat's language (the visitor's, else the console's); omitted: every language
    lang: Annotated[str, Field(pattern=r"^[a-z]{2,3}$")] | None = None


# --- the case (server/actions/cases.py) ---------------------------------------------------

NoteId = Annotated[str, Field(pattern=r"^n_[A-Za-z0-9_-]{1,40}$")]


class CaseResume(Payload):
    # a resume code as people type it (dashes, spaces, any case): checked by the action, so a
    # mistyped code is a wrong code (`not_found`, counted) rather than a malformed request
    code: Annotated[str, Field(min_length=1, max_length=64)]


class CaseTranscript(Payload):
    conversation_id: ConversationId
    transcript_id: ConversationId


class NoteAdd(Payload):
    conversation_id: ConversationId
    text: Annotated[str, Field(min_length=1, max_length=4000)]
    scope: Literal["case", "conversation"] = "conversation"
    kind: Literal["note", "summary"] = "note"

    _text = field_validator("text")(_check_text)


class NoteEdit(Payload):
    note_id: NoteId
    text: Annotated[str, Field(min_length=1, max_length=4000)]

    _text = field_validator("text")(_check_text)


# --- referrals (server/actions/referrals.py) ----------------------------------------------

ReferralId = Annotated[str, Field(pattern=r"^rf_[A-Za-z0-9_-]{1,40}$")]
FollowUp = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]
ReferralNote = Annotated[str, Field(min_length=1, max_length=2000)]


class ReferralAdd(Payload):
    conversation_id: ConversationId
    resource_id: ResourceId
    status: Literal[REFERRAL_STATUSES] = "suggested"  # type: ignore[valid-type]
    follow_up: FollowUp | None = None
    note: ReferralNote | None = None

    @field_validator("note")
    @classmethod
    def _note(cls, value: str | None) -> str | None:
        return None if value is None else _check_text(value)


class ReferralUpdate(Payload):
    referral_id: ReferralId
    status: Literal[REFERRAL_STATUSES] | None = None  # type: ignore[valid-type]
    # null clears; a field left out stays as it is
    follow_up: FollowUp | None = None
    note: ReferralNote | None = None

    @field_validator("note")
    @classmethod
    def _note(cls, value: str | None) -> str | None:
        return None if value is None else _check_text(value)

    @model_validator(mode="after")
    def _something(self) -> ReferralUpdate:
        if not ({"status", "follow_up", "note"} & self.model_fields_set):
            raise ValueError(N_("nothing to change: give a status, a follow-up day or a note."))
        if "status" in self.model_fields_set and self.status is None:
            raise ValueError(N_("the status cannot be empty."))
        return self
