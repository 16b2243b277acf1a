"""The hot path: the statements an ordinary chat message takes, and nothing else.

Almost every message is a message in a conversation the socket already knows: take the next
`seq` (`UPDATE … SET last_seq = last_seq + 1 … RETURNING`) and insert the row. Everything else
(a new conversation, a crisis signal, a resend, a closed chat) goes the full ORM way in
server/actions/conversations.py.

Each statement is written once, as SQL with named parameters, and runs two ways:

* SQLite (the embedded default): on a raw `sqlite3` connection, under the same asyncio write
  lock and `BEGIN IMMEDIATE` as every other writer (server/db/session.py). Measured here, one
  message's transaction took ~500 µs of CPU through AsyncSession/aiosqlite/greenlet and ~43 µs
  raw — the difference between missing and meeting the relay target (bench/relay.py).
* PostgreSQL: through SQLAlchemy Core (`text()`), in the pooled engine's transaction, where the
  network round trips cost more than the Python around them.

A unique-constraint violation (a resend of a stored client id) is raised as SQLAlchemy's
IntegrityError on both, so callers handle one exception.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from server.db.models import new_id

SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy's DateTime stores values in SQLite

_CONV_COLUMNS = "id, visitor_id, assigned_staff_id, status, nickname, queued_at, assigned_at, closed_at, close_reason, last_seq"

# the visitor's open conversation (queued or active) takes the next seq
SEQ_VISITOR = (
    "UPDATE conversations SET last_seq = last_seq + 1"
    " WHERE id = :cid AND visitor_id = :vid AND status IN ('queued', 'active')"
    f" RETURNING {_CONV_COLUMNS}"
)
# a networker's message: only in an active conversation assigned to them
SEQ_STAFF = (
    "UPDATE conversations SET last_seq = last_seq + 1"
    " WHERE id = :cid AND assigned_staff_id = :sid AND status = 'active'"
    f" RETURNING {_CONV_COLUMNS}"
)
INSERT_MESSAGE = (
    "INSERT INTO messages (id, conversation_id, seq, sender, staff_id, client_id, text, created_at, risk, resource_id)"
    " VALUES (:id, :conversation_id, :seq, :sender, :staff_id, :client_id, :text, :created_at, NULL, NULL)"
)
STAFF_NAME = "SELECT display_name FROM staff WHERE id = :sid"

_TEXTS = {sql: text(sql) for sql in (SEQ_VISITOR, SEQ_STAFF, INSERT_MESSAGE, STAFF_NAME)}


class ConvRow(NamedTuple):
    """The columns of a conversation the message path needs (times aware UTC)."""

    id: str
    visitor_id: str
    assigned_staff_id: str | None
    status: str
    nickname: str | None
    queued_at: datetime | None
    assigned_at: datetime | None
    closed_at: datetime | None
    close_reason: str | None
    last_seq: int


class MessageRow(NamedTuple):
    """A message just stored by the hot path (what serialize.message_dict reads)."""

    id: str
    conversation_id: str
    seq: int
    sender: str
    staff_id: str | None
    client_id: str
    text: str
    created_at: datetime
    risk: str | None = None


def _utc(value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):  # SQLite keeps the naive UTC text SQLAlchemy wrote
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]


def _conv_row(row: Any) -> ConvRow | None:
    if row is None:
        return None
    cid, vid, staff, status, nick, queued, assigned, closed, reason, seq = row
    return ConvRow(cid, vid, staff, status, nick, _utc(queued), _utc(assigned), _utc(closed), reason, seq)


class HotTx:
    """One write transaction of the hot path; see the module docstring."""

    def __init__(self, sqlite: sqlite3.Connection | None = None, core: AsyncConnection | None = None):
        self._sqlite = sqlite
        self._core = core

    async def _run(self, sql: str, params: Mapping[str, Any], row: bool = True) -> Any:
        """Execute; the first row when `row` (a SELECT or RETURNING), else None."""
        if self._sqlite is not None:
            try:
                cursor = self._sqlite.execute(sql, params)
            except sqlite3.IntegrityError as exc:
                raise IntegrityError(sql, params, exc) from exc
            return cursor.fetchone() if row else None
        assert self._core is not None
        result = await self._core.execute(_TEXTS[sql], params)
        return result.first() if row else None

    async def next_seq_visitor(self, conversation_id: str, visitor_id: str) -> ConvRow | None:
        """None when that conversation is not the visitor's or no longer open."""
        return _conv_row(await self._run(SEQ_VISITOR, {"cid": conversation_id, "vid": visitor_id}))

    async def next_seq_staff(self, conversation_id: str, staff_id: str) -> ConvRow | None:
        """None when the conversation is not active and assigned to this networker."""
        return _conv_row(await self._run(SEQ_STAFF, {"cid": conversation_id, "sid": staff_id}))

    async def insert_message(self, conv: ConvRow, sender: str, staff_id: str | None, client_id: str, body: str, now: datetime) -> MessageRow:
        """Store a message with the seq `conv` just took. IntegrityError when the conversation
        already has this client id (a resend)."""
        msg = MessageRow(new_id("m"), conv.id, conv.last_seq, sender, staff_id, client_id, body, now)
        naive = now.astimezone(UTC).replace(tzinfo=None)
        created: Any = naive.strftime(SQLITE_DATETIME) if self._sqlite is not None else naive
        params = {"id": msg.id, "conversation_id": conv.id, "seq": msg.seq, "sender": sender, "staff_id": staff_id, "client_id": client_id, "text": body, "created_at": created}
        await self._run(INSERT_MESSAGE, params, row=False)
        return msg

    async def staff_display_name(self, staff_id: str) -> str | None:
        row = await self._run(STAFF_NAME, {"sid": staff_id})
        return None if row is None else row[0]
