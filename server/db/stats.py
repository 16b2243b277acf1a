"""SQL for statistics that reads the same on SQLite and PostgreSQL: durations between two
times, the hour a time falls in, membership in a JSON list of fixed words, a conversation's
first staff reply, and percentiles (median, 90th) of groups of numbers.

Percentiles are computed by the database over rows it ranks itself (window functions, which
both have: SQLite since 3.25), never by loading the values into Python. They are continuous
percentiles, PostgreSQL's `percentile_cont`: the value at rank p·(n−1) (0-based, in ascending
order), interpolated linearly between the two nearest ranks. Integer arithmetic gives the rank
on both databases alike: floor(p·(n−1)/100) and its remainder.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    Select,
    String,
    Text,
    case,
    cast,
    func,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement, literal_column

from server.db.models import Conversation, Message

# the percentiles a Spread holds
PERCENTS = (50, 90)


class seconds_between(FunctionElement[float]):
    """`seconds_between(start, end)`: seconds from the time `start` to the time `end` (negative
    when `end` is earlier; null when either is)."""

    type = Float()
    inherit_cache = True
    name = "seconds_between"


@compiles(seconds_between, "sqlite")
def _seconds_sqlite(element: seconds_between, compiler: Any, **kw: Any) -> str:
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"((julianday({end}) - julianday({start})) * 86400.0)"


@compiles(seconds_between, "postgresql")
def _seconds_postgresql(element: seconds_between, compiler: Any, **kw: Any) -> str:
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(EXTRACT(EPOCH FROM ({end} - {start})) AS DOUBLE PRECISION)"


class utc_hour(FunctionElement[str]):
    """`utc_hour(time)`: the UTC hour a time falls in, as text `YYYY-MM-DD HH` (times are
    stored as UTC on both databases)."""

    type = String()
    inherit_cache = True
    name = "utc_hour"


@compiles(utc_hour, "sqlite")
def _hour_sqlite(element: utc_hour, compiler: Any, **kw: Any) -> str:
    (value,) = (compiler.process(c, **kw) for c in element.clauses)
    return f"strftime('%Y-%m-%d %H', {value})"


@compiles(utc_hour, "postgresql")
def _hour_postgresql(element: utc_hour, compiler: Any, **kw: Any) -> str:
    (value,) = (compiler.process(c, **kw) for c in element.clauses)
    return f"to_char({value}, 'YYYY-MM-DD HH24')"


def json_list_has(column: Any, word: str) -> ColumnElement[bool]:
    """Whether a JSON list column of fixed words (topics, categories: letters and `_` only)
    holds `word`. Matched on the JSON text with the quotes, so `violence` does not match
    `sexual_violence`; the same on both databases (no json_each / jsonb operators)."""
    if not word.replace("_", "").isalnum():
        raise ValueError(f"not a plain word: {word!r}")
    return cast(column, Text).like(f'%"{word}"%')


def json_list_empty(column: Any) -> ColumnElement[bool]:
    """Whether a JSON list column of words holds none (its text has no string in it)."""
    return cast(column, Text).not_like('%"%')


def first_response_at(conversation: Any = Conversation) -> ColumnElement[Any]:
    """When staff first wrote in the conversation: `first_response_at` once its messages are
    erased (server/actions/privacy.py keeps it), else its first staff message (one indexed
    read of its messages); null when nobody did."""
    first_message = (
        select(func.min(Message.created_at))
        .where(Message.conversation_id == conversation.id, Message.sender == "staff")
        .scalar_subquery()
    )
    return func.coalesce(conversation.first_response_at, first_message)


@dataclass(frozen=True)
class Spread:
    """How a group's values are spread: how many (`n`, nulls not counted), the median and the
    90th percentile (None when `n` is 0)."""

    n: int
    median: float | None
    p90: float | None


def _interpolate(low: Any, high: Any, fraction: Any) -> float | None:
    if low is None:
        return None
    start = float(low)
    end = start if high is None else float(high)
    return start + (end - start) * int(fraction) / 100


async def get_spreads(
    session: AsyncSession, values: Iterable[Select[str, float]]
) -> dict[str, Spread]:
    """The spread of each group of numbers: `values` are selects of two columns, `g` (the
    group's name, text) and `v` (a number; rows where it is null are left out), joined with
    UNION ALL. Returns {group: Spread} for the groups that have a row with a number."""
    selects = list(values)
    if not selects:
        return {}
    union = selects[0].union_all(*selects[1:]) if len(selects) > 1 else selects[0]
    vals = union.subquery("vals")
    ranked = (
        select(
            vals.c.g,
            vals.c.v,
            (func.row_number().over(partition_by=vals.c.g, order_by=vals.c.v) - 1).label("rn"),
            func.count().over(partition_by=vals.c.g).label("n"),
        )
        .where(vals.c.v.is_not(None))
        .subquery("ranked")
    )
    columns: list[Any] = [ranked.c.g, func.max(ranked.c.n).label("n")]
    hundred = literal_column("100", Integer)
    for p in PERCENTS:
        # the rank p·(n−1)/100 as a whole part and a remainder in hundredths (integers on both)
        position = (ranked.c.n - 1) * literal_column(str(int(p)), Integer)
        low = position // hundred
        columns += [
            func.max(case((ranked.c.rn == low, ranked.c.v))).label(f"low{p}"),
            func.max(case((ranked.c.rn == low + 1, ranked.c.v))).label(f"high{p}"),
            func.max(position % hundred).label(f"fraction{p}"),
        ]
    rows = (await session.execute(select(*columns).group_by(ranked.c.g))).mappings().all()
    return {
        str(r["g"]): Spread(
            n=int(r["n"]),
            median=_interpolate(r["low50"], r["high50"], r["fraction50"]),
            p90=_interpolate(r["low90"], r["high90"], r["fraction90"]),
        )
        for r in rows
    }
