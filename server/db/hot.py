"""The hot path: the statements an ordinary chat message takes, and nothing else.

Almost every message is a message in a conversation the socket already knows: take the next
`seq` (`UPDATE … SET last_seq = last_seq + 1 … RETURNING`) and insert the row. Everything else
(a new conversation, a crisis signal, a resend, a closed chat) goes the full ORM way in
server/actions/conversations.py.

Each statement is written once, as SQL with named parameters, and `message_steps` (a generator
that yields the statements and is sent their rows) says once in what order they run and what
they mean. Two drivers run it:

* SQLite (the embedded default): `run_sync`, on a raw `sqlite3` connection on the writer
  thread of the group commit (server/db/session.py), under the same asyncio write lock and
  `BEGIN IMMEDIATE` as every other writer. Through AsyncSession/aiosqlite/greenlet one
  message's transaction took ~500 µs of the event loop's time; raw ~43 µs, and on the writer
  thread the loop spends none of it on SQLite (bench/relay.py).
* PostgreSQL: `run_async`, through SQLAlchemy Core (`text()`) in a pooled transaction, where
  the network round trips cost more than the Python around them.

A unique-constraint violation (a resend of a stored client id) is raised as SQLAlchemy's
IntegrityError on both, so callers handle one exception.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Generator
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

_TEXTS = {sql: text(sql) for sql in (SEQ_VISITOR, SEQ_STAFF, INSERT_MESSAGE)}


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


class HotMessage(NamedTuple):
    """One ordinary chat message to store: the sender's open conversation takes the next seq
    and the row is inserted. `staff_id` for a networker's message (then the conversation must be
    active and assigned to them), None for a visitor's (then `visitor_id` must own it)."""

    conversation_id: str
    visitor_id: str | None
    staff_id: str | None
    client_id: str
    text: str
    now: datetime


class HotResult(NamedTuple):
    conv: ConvRow
    message: MessageRow


Step = tuple[str, dict[str, Any], bool]  # (SQL, parameters, whether its first row is wanted)


def message_steps(req: HotMessage, sqlite: bool) -> Generator[Step, Any, HotResult | None]:
    """The statements of one hot message, as a generator a driver runs (run_sync on SQLite's
    writer thread, run_async on PostgreSQL): it yields each statement and is sent the row.
    Returns None when the conversation is not the sender's open one (nothing was written). A
    resend's INSERT raises the unique violation out of the driver."""
    if req.staff_id is None:
        row = yield (SEQ_VISITOR, {"cid": req.conversation_id, "vid": req.visitor_id}, True)
    else:
        row = yield (SEQ_STAFF, {"cid": req.conversation_id, "sid": req.staff_id}, True)
    conv = _conv_row(row)
    if conv is None:
        return None
    sender = "visitor" if req.staff_id is None else "staff"
    msg = MessageRow(new_id("m"), conv.id, conv.last_seq, sender, req.staff_id, req.client_id, req.text, req.now)
    naive = req.now.astimezone(UTC).replace(tzinfo=None)
    created: Any = naive.strftime(SQLITE_DATETIME) if sqlite else naive
    params = {"id": msg.id, "conversation_id": conv.id, "seq": msg.seq, "sender": sender, "staff_id": req.staff_id, "client_id": req.client_id, "text": req.text, "created_at": created}
    yield (INSERT_MESSAGE, params, False)
    return HotResult(conv, msg)


def run_sync(connection: sqlite3.Connection, steps: Generator[Step, Any, HotResult | None]) -> HotResult | None:
    """Run `steps` on a raw sqlite3 connection (the caller owns the transaction). A unique
    violation is raised as SQLAlchemy's IntegrityError, as on PostgreSQL."""
    try:
        step = next(steps)
        while True:
            sql, params, want_row = step
            try:
                cursor = connection.execute(sql, params)
            except sqlite3.IntegrityError as exc:
                raise IntegrityError(sql, params, exc) from exc
            step = steps.send(cursor.fetchone() if want_row else None)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]


async def run_async(connection: AsyncConnection, steps: Generator[Step, Any, HotResult | None]) -> HotResult | None:
    """Run `steps` through SQLAlchemy Core in `connection`'s transaction (PostgreSQL)."""
    try:
        step = next(steps)
        while True:
            sql, params, want_row = step
            result = await connection.execute(_TEXTS[sql], params)
            step = steps.send(result.first() if want_row else None)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]
