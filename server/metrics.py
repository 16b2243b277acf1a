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

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

if TYPE_CHECKING:
    from server.services import Services

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
WAIT_BUCKETS = (1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.messages = Counter("netreach_messages", "Chat messages stored", ["sender"], registry=r)
        self.message_latency = Histogram(
            "netreach_message_latency_seconds",
            "Server time of a chat message: validation done to events published",
            ["sender"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.queue_wait = Histogram(
            "netreach_queue_wait_seconds", "Time from queued to assigned", buckets=WAIT_BUCKETS, registry=r
        )
        self.visitors = Gauge("netreach_connected_visitors", "Visitor sockets connected to this node", registry=r)
        self.staff = Gauge("netreach_connected_staff", "Staff sockets connected to this node", registry=r)
        self.queue_length = Gauge("netreach_queue_length", "Conversations waiting in the queue", registry=r)
        self.escalations = Gauge(
            "netreach_open_escalations", "Escalations not resolved, by status", ["status"], registry=r
        )
        for status in ("raised", "acknowledged"):
            self.escalations.labels(status=status).set(0)
        self._per_sender: dict[str, tuple[Any, Any]] = {}

    def message_stored(self, sender: str, elapsed: timedelta) -> None:
        # labels() costs more than the count itself: the hot path keeps the children
        children = self._per_sender.get(sender)
        if children is None:
            children = self._per_sender[sender] = (self.messages.labels(sender=sender), self.message_latency.labels(sender=sender))
        children[0].inc()
        children[1].observe(max(0.0, elapsed.total_seconds()))

    def assigned(self, queued_at: datetime | None, assigned_at: datetime | None) -> None:
        if queued_at is not None and assigned_at is not None:
            self.queue_wait.observe(max(0.0, (assigned_at - queued_at).total_seconds()))

    async def refresh(self, svc: Services) -> None:
        """Set the gauges read at scrape time."""
        from sqlalchemy import func, select

        from server.db.models import Conversation, Escalation

        self.visitors.set(len(svc.local.visitors))
        self.staff.set(len(svc.local.staff))
        async with svc.db.read() as s:
            queued = await s.scalar(
                select(func.count()).select_from(Conversation).where(Conversation.status == "queued")
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
