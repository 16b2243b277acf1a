"""The hot path: the statements a batch of ordinary chat messages takes, and nothing else.

Almost every message is a message in a conversation the socket already knows. Messages that
arrive within moments of each other are written together (the group commit in
server/db/session.py), in a fixed number of statements whatever the batch's size:

1. read the state: the batch's conversations (on PostgreSQL locked, in id order, so that two
   nodes' batches never deadlock) and which of the batch's client ids they hold already;
2. `plan` (plain Python, below) decides each message's outcome: stored with the next seq, not
   the sender's open conversation (None: the caller takes the full ORM way, which answers
   clearly), or a resend of a stored client id (IntegrityError: the full way returns the stored
   message);
3. insert the new rows, all in one statement;
4. set each conversation's `last_seq` to its highest new seq.

Everything else (a new conversation, a crisis signal, a resend, a closed chat) goes the full
ORM way in server/actions/conversations.py.

`batch_steps` (a generator that yields the statements and is sent their rows) says once in what
order they run and what they mean; `SQLITE` and `POSTGRES` say how each is written in that
dialect (VALUES lists and one row of JSON back on SQLite, arrays on PostgreSQL). Two drivers
run it:

* SQLite (the embedded default): `run_sync`, on a raw `sqlite3` connection on the group
  commit's writer thread. sqlite3 lets go of the GIL around every statement step, and every
  time the thread takes the GIL back the event loop stalls for a moment. With statements per
  message (two and a savepoint) the embedded relay made ~4,200 messages/s against ~5,250 with
  a writer that wrote nothing (bench/relay.py); a batch now takes five steps whatever its size,
  and SQLite's own work (B-trees, WAL) runs beside the loop.
* PostgreSQL: `run_async`, through SQLAlchemy Core (`text()`) in a pooled transaction: four
  round trips (and one commit) for a whole batch instead of four per message.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Generator, Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple, Protocol

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from server.db.models import new_message_id

_CONV_COLUMNS = "id, visitor_id, assigned_staff_id, status, nickname, queued_at, assigned_at, closed_at, close_reason, last_seq"
_MESSAGE_COLUMNS = (
    "id, conversation_id, seq, sender, staff_id, client_id, text, created_at, risk, resource_id"
)


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


class HotMessage(NamedTuple):
    """One ordinary chat message to store: the sender's open conversation takes the next seq
    and the row is inserted. `staff_id` for a networker's message (then the conversation must be
    active and assigned to them), None for a visitor's (then `visitor_id` must own it, queued or
    active)."""

    conversation_id: str
    visitor_id: str | None
    staff_id: str | None
    client_id: str
    text: str
    now: datetime


class HotResult(NamedTuple):
    """A stored message and its conversation as of that message (`last_seq` is its seq)."""

    conv: ConvRow
    message: MessageRow


Outcome = HotResult | IntegrityError | None


def may_write(conv: ConvRow, req: HotMessage) -> bool:
    """May `req`'s sender write in `conv` on the hot path? A visitor in their own queued or
    active conversation; a networker in an active conversation assigned to them."""
    if req.staff_id is None:
        return conv.visitor_id == req.visitor_id and conv.status in ("queued", "active")
    return conv.assigned_staff_id == req.staff_id and conv.status == "active"


def plan(
    requests: Sequence[HotMessage], convs: dict[str, ConvRow], stored: set[tuple[str, str]]
) -> tuple[list[Outcome], list[MessageRow], dict[str, int]]:
    """Each message's outcome, in the order they came: the rows to insert, and each
    conversation's new last_seq. `stored`: (conversation id, client id) pairs already in the
    database; a client id seen twice in one batch is a resend the second time."""
    outcomes: list[Outcome] = []
    rows: list[MessageRow] = []
    last_seq: dict[str, int] = {}
    taken = set(stored)
    for req in requests:
        conv = convs.get(req.conversation_id)
        if conv is None or not may_write(conv, req):
            outcomes.append(None)
            continue
        key = (conv.id, req.client_id)
        if key in taken:
            outcomes.append(
                IntegrityError(
                    "INSERT INTO messages", key, Exception("the client id is stored already")
                )
            )
            continue
        taken.add(key)
        seq = last_seq[conv.id] = last_seq.get(conv.id, conv.last_seq) + 1
        msg = MessageRow(
            new_message_id(),
            conv.id,
            seq,
            "visitor" if req.staff_id is None else "staff",
            req.staff_id,
            req.client_id,
            req.text,
            req.now,
        )
        rows.append(msg)
        outcomes.append(
            HotResult(ConvRow(*conv[:-1], seq), msg)
        )  # the conversation as of this message
    return outcomes, rows, last_seq


# (statement, parameters): SQL text and a sequence on SQLite, a text() clause and a dict on
# PostgreSQL; the driver sends back all its rows
Step = tuple[Any, Any]


def batch_steps(
    requests: Sequence[HotMessage], dialect: Dialect
) -> Generator[Step, list[Any], list[Outcome]]:
    """The statements of a batch of hot messages, as a generator a driver runs (run_sync on
    SQLite's writer thread, run_async on PostgreSQL): it yields each statement and is sent its
    rows. Returns each message's outcome (see `plan`). Runs in the caller's transaction."""
    conversation_ids = sorted({req.conversation_id for req in requests})
    keys = sorted({(req.conversation_id, req.client_id) for req in requests})
    convs, stored = dialect.read_state((yield dialect.state(conversation_ids, keys)))
    outcomes, rows, last_seq = plan(requests, convs, stored)
    if rows:
        yield dialect.insert(rows)
        yield dialect.update(last_seq)
    return outcomes


def _utc(value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):  # SQLite keeps the naive UTC text SQLAlchemy wrote
        return datetime.fromisoformat(value + "+00:00")
    return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]


def _conv_row(
    cid: str,
    vid: str,
    staff: str | None,
    status: str,
    nick: str | None,
    queued: Any,
    assigned: Any,
    closed: Any,
    reason: str | None,
    seq: int,
) -> ConvRow:
    return ConvRow(
        cid, vid, staff, status, nick, _utc(queued), _utc(assigned), _utc(closed), reason, seq
    )


class Dialect(Protocol):
    """How the batch's statements are written, and their rows read, in one database."""

    def state(self, conversation_ids: list[str], keys: list[tuple[str, str]]) -> Step:
        """The batch's conversations, and which (conversation id, client id) `keys` exist."""

    def read_state(self, rows: list[Any]) -> tuple[dict[str, ConvRow], set[tuple[str, str]]]: ...

    def insert(self, rows: list[MessageRow]) -> Step: ...

    def update(self, last_seq: dict[str, int]) -> Step: ...


def _naive(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(tzinfo=None)


def _values(rows: int, columns: int) -> str:
    row = "(" + ", ".join("?" * columns) + ")"
    return ", ".join([row] * rows)


class _Sqlite:
    """Positional parameters in VALUES lists (the statement text depends on the batch's size
    and is prepared once per size: sqlite3's statement cache). The state comes back as one row
    of JSON: one statement step, where a row per conversation would take a step (and a hand-over
    of the GIL) each."""

    @staticmethod
    @functools.cache
    def _state_sql(keys: int) -> str:
        return (
            f"WITH k(cid, client) AS (VALUES {_values(keys, 2)})"
            f" SELECT (SELECT json_group_array(json_array({_CONV_COLUMNS})) FROM conversations WHERE id IN (SELECT cid FROM k)),"
            " (SELECT json_group_array(json_array(m.conversation_id, m.client_id)) FROM k"
            " JOIN messages AS m ON m.conversation_id = k.cid AND m.client_id = k.client)"
        )

    @staticmethod
    @functools.cache
    def _insert_sql(rows: int) -> str:
        row = "(" + ", ".join("?" * 8) + ", NULL, NULL)"
        return f"INSERT INTO messages ({_MESSAGE_COLUMNS}) VALUES " + ", ".join([row] * rows)

    @staticmethod
    @functools.cache
    def _update_sql(conversations: int) -> str:
        return f"WITH u(id, seq) AS (VALUES {_values(conversations, 2)}) UPDATE conversations SET last_seq = u.seq FROM u WHERE conversations.id = u.id"

    def state(self, conversation_ids: list[str], keys: list[tuple[str, str]]) -> Step:
        return self._state_sql(len(keys)), tuple(v for key in keys for v in key)

    def read_state(self, rows: list[Any]) -> tuple[dict[str, ConvRow], set[tuple[str, str]]]:
        conv_json, stored_json = rows[0]
        convs = {values[0]: _conv_row(*values) for values in json.loads(conv_json)}
        return convs, {(cid, client) for cid, client in json.loads(stored_json)}

    def insert(self, rows: list[MessageRow]) -> Step:
        values: list[Any] = []
        for m in rows:
            # created_at as SQLAlchemy's DateTime stores it in SQLite: naive UTC, `YYYY-MM-DD HH:MM:SS.ffffff`
            values += (*m[:7], _naive(m.created_at).isoformat(" ", "microseconds"))
        return self._insert_sql(len(rows)), values

    def update(self, last_seq: dict[str, int]) -> Step:
        return self._update_sql(len(last_seq)), tuple(v for item in last_seq.items() for v in item)


class _Postgres:
    """Arrays (unnest): the same statement text whatever the batch's size. The conversations
    are locked in id order (FOR UPDATE), so two nodes' batches never deadlock."""

    STATE = text(
        f"SELECT {', '.join('c.' + c.strip() for c in _CONV_COLUMNS.split(','))},"
        " ARRAY(SELECT m.client_id FROM unnest(CAST(:key_cids AS VARCHAR[]), CAST(:key_clients AS VARCHAR[])) AS k(cid, client)"
        " JOIN messages AS m ON m.conversation_id = k.cid AND m.client_id = k.client WHERE k.cid = c.id)"
        " FROM conversations AS c WHERE c.id = ANY(CAST(:cids AS VARCHAR[])) ORDER BY c.id FOR UPDATE OF c"
    )
    INSERT = text(
        f"INSERT INTO messages ({_MESSAGE_COLUMNS}) SELECT u.*, NULL, NULL FROM unnest("
        "CAST(:ids AS VARCHAR[]), CAST(:cids AS VARCHAR[]), CAST(:seqs AS INTEGER[]), CAST(:senders AS VARCHAR[]),"
        " CAST(:staff AS VARCHAR[]), CAST(:clients AS VARCHAR[]), CAST(:texts AS TEXT[]), CAST(:ats AS TIMESTAMP[])) AS u"
    )
    UPDATE = text(
        "UPDATE conversations AS c SET last_seq = u.seq FROM unnest(CAST(:cids AS VARCHAR[]), CAST(:seqs AS INTEGER[])) AS u(id, seq) WHERE c.id = u.id"
    )

    def state(self, conversation_ids: list[str], keys: list[tuple[str, str]]) -> Step:
        return self.STATE, {
            "cids": conversation_ids,
            "key_cids": [k[0] for k in keys],
            "key_clients": [k[1] for k in keys],
        }

    def read_state(self, rows: list[Any]) -> tuple[dict[str, ConvRow], set[tuple[str, str]]]:
        convs: dict[str, ConvRow] = {}
        stored: set[tuple[str, str]] = set()
        for (
            *values,
            clients,
        ) in rows:  # a row per conversation, with its stored client ids of the batch
            convs[values[0]] = _conv_row(*values)
            stored.update((values[0], client) for client in clients)
        return convs, stored

    def insert(self, rows: list[MessageRow]) -> Step:
        columns = ("ids", "cids", "seqs", "senders", "staff", "clients", "texts")
        params: dict[str, Any] = {name: [m[i] for m in rows] for i, name in enumerate(columns)}
        params["ats"] = [_naive(m.created_at) for m in rows]
        return self.INSERT, params

    def update(self, last_seq: dict[str, int]) -> Step:
        return self.UPDATE, {"cids": list(last_seq), "seqs": list(last_seq.values())}


# The visitor's latest messages in a conversation, newest first (`Database.recent_visitor_messages`:
# the context a new message is assessed in; the (conversation_id, seq) index, read backwards).
RECENT_VISITOR_MESSAGES = (
    "SELECT seq, id, text FROM messages WHERE conversation_id = :cid AND sender = 'visitor' "
    "ORDER BY seq DESC LIMIT :n"
)


class RecentVisitorMessages:
    """The visitor's latest `limit` messages per conversation, kept by this node between writes
    (SQLite, where this process is the only one that writes chat messages), so the hot path
    assesses a new message in its context without a read on the loop's thread.

    Exact by construction: an entry is filled only from SQL (`fill`, every message up to the
    read) and then grows only by the visitor messages this node's hot path commits (`add`,
    which never starts an entry: one message alone is no context). Anything else that writes,
    which could store a visitor message another way or erase some (a transaction of the full
    path, an erasure, another process), empties the whole cache (`clear`), and the next
    message of each conversation reads SQL again. At most `max_conversations` entries (the
    oldest filled goes first): a few texts each, never written anywhere."""

    def __init__(self, limit: int, max_conversations: int = 2000) -> None:
        self.limit = limit
        self.max_conversations = max_conversations
        # conversation id -> (seq, message id, text), oldest first
        self._entries: dict[str, list[tuple[int, str, str]]] = {}

    def get(self, conversation_id: str) -> list[tuple[str, str]] | None:
        """(id, text) oldest first, or None when this node does not know the conversation."""
        entry = self._entries.get(conversation_id)
        return None if entry is None else [(i, t) for _, i, t in entry]

    def fill(self, conversation_id: str, rows: list[tuple[int, str, str]]) -> None:
        """Keep what SQL just said: (seq, id, text) of the latest visitor messages, any order."""
        if conversation_id not in self._entries and len(self._entries) >= self.max_conversations:
            del self._entries[next(iter(self._entries))]
        self._entries[conversation_id] = sorted(rows)[-self.limit :]

    def add(self, message: MessageRow) -> None:
        """A visitor message the hot path committed (also when SQL already showed it)."""
        entry = self._entries.get(message.conversation_id)
        if entry is None or any(seq == message.seq for seq, _, _ in entry):
            return
        entry.append((message.seq, message.id, message.text))
        entry.sort()
        del entry[: -self.limit]

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


SQLITE: Dialect = _Sqlite()
POSTGRES: Dialect = _Postgres()


def run_sync(
    connection: sqlite3.Connection, steps: Generator[Step, list[Any], list[Outcome]]
) -> list[Outcome]:
    """Run `steps` on a raw sqlite3 connection (the caller owns the transaction). A constraint
    violation is raised as SQLAlchemy's IntegrityError, as on PostgreSQL."""
    try:
        step = next(steps)
        while True:
            sql, params = step
            try:
                rows = connection.execute(sql, params).fetchall()
            except sqlite3.IntegrityError as exc:
                raise IntegrityError(sql, params, exc) from exc
            step = steps.send(rows)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]


async def run_async(
    connection: AsyncConnection, steps: Generator[Step, list[Any], list[Outcome]]
) -> list[Outcome]:
    """Run `steps` through SQLAlchemy Core in `connection`'s transaction (PostgreSQL)."""
    try:
        step = next(steps)
        while True:
            statement, params = step
            result = await connection.execute(statement, params)
            step = steps.send(list(result) if result.returns_rows else [])
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]
