"""Prometheus metrics of one app (one node), in a registry of its own (no globals).

Counted as things happen (hooks of one line in the actions):
  netreach_messages_total{sender}            messages stored
  netreach_message_latency_seconds{sender}   from the action's start (after validation) to the
                                             events handed to the bus: moderation, the
                                             transaction, the commit
  netreach_queue_wait_seconds                from queued to assigned, per assignment
Read at scrape time:
  netreach_connected_visitors / _staff       sockets connected to this node
  netreach_queue_length                      conversations waiting (whole deployment, from SQL)
  netreach_open_escalations{status}          escalations not resolved (whole deployment, from SQL)

No label carries a visitor, a token, a text or an address.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, HistogramMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from server.db.models import Conversation, Escalation

if TYPE_CHECKING:
    from server.services import Services

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
WAIT_BUCKETS = (1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.messages = _MessageSeries()
        r.register(self.messages)
        self.queue_wait = Histogram(
            "netreach_queue_wait_seconds",
            "Time from queued to assigned",
            buckets=WAIT_BUCKETS,
            registry=r,
        )
        self.visitors = Gauge(
            "netreach_connected_visitors", "Visitor sockets connected to this node", registry=r
        )
        self.staff = Gauge(
            "netreach_connected_staff", "Staff sockets connected to this node", registry=r
        )
        self.queue_length = Gauge(
            "netreach_queue_length", "Conversations waiting in the queue", registry=r
        )
        self.escalations = Gauge(
            "netreach_open_escalations",
            "Escalations not resolved, by status",
            ["status"],
            registry=r,
        )
        for status in ("raised", "acknowledged"):
            self.escalations.labels(status=status).set(0)
        self.challenges = Counter(
            "netreach_challenges_total",
            "New conversations asked for a proof of work (challenge_required)",
            registry=r,
        )
        self.refused_sockets = Counter(
            "netreach_refused_visitor_sockets_total",
            "Visitor sockets refused because their token had too many (too_many_connections)",
            registry=r,
        )

    def challenge_required(self) -> None:
        self.challenges.inc()

    def message_stored(self, sender: str, elapsed: timedelta) -> None:
        self.messages.observe(sender, max(0.0, elapsed.total_seconds()))

    def assigned(self, queued_at: datetime | None, assigned_at: datetime | None) -> None:
        if queued_at is not None and assigned_at is not None:
            self.queue_wait.observe(max(0.0, (assigned_at - queued_at).total_seconds()))

    async def refresh(self, svc: Services) -> None:
        """Set the gauges read at scrape time."""
        self.visitors.set(len(svc.local.visitors))
        self.staff.set(len(svc.local.staff))
        async with svc.db.read() as s:
            queued = await s.scalar(
                select(func.count())
                .select_from(Conversation)
                .where(Conversation.status == "queued")
            )
            rows = (
                await s.execute(
                    select(Escalation.status, func.count())
                    .where(Escalation.status != "resolved")
                    .group_by(Escalation.status)
                )
            ).all()
        self.queue_length.set(int(queued or 0))
        counts = {"raised": 0, "acknowledged": 0, **{str(status): int(n) for status, n in rows}}
        for status, n in counts.items():
            self.escalations.labels(status=status).set(n)

    def render(self) -> bytes:
        return generate_latest(self.registry)


class _MessageSeries(Collector):
    """netreach_messages_total{sender} and netreach_message_latency_seconds{sender}, counted
    with plain integers on the message path and turned into Prometheus series at scrape time
    (prometheus_client's Counter and Histogram take a lock and walk the buckets in Python on
    every call: ~3 µs a message, bench/relay.py). The event loop is the only writer."""

    def __init__(self) -> None:
        # sender -> [count of each bucket, then of +Inf; sum of seconds]
        self._series: dict[str, tuple[list[int], list[float]]] = {}

    def observe(self, sender: str, seconds: float) -> None:
        series = self._series.get(sender)
        if series is None:
            series = self._series[sender] = ([0] * (len(LATENCY_BUCKETS) + 1), [0.0])
        series[0][bisect.bisect_left(LATENCY_BUCKETS, seconds)] += 1
        series[1][0] += seconds

    def collect(self) -> Iterator[Any]:
        counter = CounterMetricFamily(
            "netreach_messages", "Chat messages stored", labels=["sender"]
        )
        histogram = HistogramMetricFamily(
            "netreach_message_latency_seconds",
            "Server time of a chat message: validation done to events published",
            labels=["sender"],
        )
        for sender, (counts, total) in sorted(self._series.items()):
            cumulative, buckets = 0, []
            for bound, n in zip((*(str(b) for b in LATENCY_BUCKETS), "+Inf"), counts, strict=True):
                cumulative += n
                buckets.append((bound, cumulative))
            counter.add_metric([sender], cumulative)
            histogram.add_metric([sender], buckets, total[0])
        yield counter
        yield histogram
