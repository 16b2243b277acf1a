"""Everything an action needs, created once per app in `create_app` (no globals)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any, Protocol

from server.bus import Bus
from server.clock import Clock
from server.db.session import Database
from server.metrics import Metrics
from server.passwords import PasswordGate
from server.proofofwork import ProofOfWork
from server.ratelimit import RateLimiter, SlidingCounter
from server.settings import Settings
from server.site import SiteSettings
from server.totp import SecretBox

# unknown staff-link tokens accepted in a window before every further one is refused (429)
LINK_TRIES_COUNT = 30
LINK_TRIES_SECONDS = 600.0


class QueueRefresher(Protocol):
    """The queue views' refresher (server/actions/queue.py `QueueBroadcaster`)."""

    def changed(self) -> None: ...
    def forget(self, sid: str) -> None: ...
    async def flush(self) -> None: ...
    async def settle(self) -> None: ...
    async def get_position(self, session: Any, conv: Any) -> Any: ...


class AutoAssigner(Protocol):
    """Automatic assignment (server/actions/queue.py `Assigner`)."""

    def kick(self) -> None: ...
    async def settle(self) -> None: ...


@dataclass
class VisitorConn:
    token_hash: str
    lang: str
    site: str | None
    visitor_id: str | None = None
    conversation_id: str | None = None


@dataclass
class LocalSockets:
    """Sockets connected to *this* node (rebuilt by reconnects; nothing here needs to survive)."""

    visitors: dict[str, VisitorConn] = field(default_factory=dict)
    # set when the node shuts down: sockets closing then must not start database work (the
    # engine is being disposed; a connection opened now would outlive it)
    stopping: bool = False
    # staff display names for message payloads on the hot path (names do not change)
    staff_names: dict[str, str] = field(default_factory=dict)
    # staff sid -> staff id, and staff id -> sids
    staff: dict[str, str] = field(default_factory=dict)
    staff_sids: dict[str, set[str]] = field(default_factory=dict)
    # staff sid -> the session it was opened with (the SHA-256 stored in staff_sessions) and the
    # role it got then: when either changes, the socket is disconnected (server/realtime/console.py)
    staff_sessions: dict[str, tuple[str, str]] = field(default_factory=dict)

    def add_staff(self, sid: str, staff_id: str, session_id: str = "", role: str = "") -> None:
        self.staff[sid] = staff_id
        self.staff_sids.setdefault(staff_id, set()).add(sid)
        self.staff_sessions[sid] = (session_id, role)

    def remove_staff(self, sid: str) -> str | None:
        self.staff_sessions.pop(sid, None)
        staff_id = self.staff.pop(sid, None)
        if staff_id is not None:
            sids = self.staff_sids.get(staff_id)
            if sids is not None:
                sids.discard(sid)
                if not sids:
                    del self.staff_sids[staff_id]
        return staff_id

    def visitor_online(self, visitor_id: str) -> bool:
        return any(c.visitor_id == visitor_id for c in self.visitors.values())

    def sockets_of_token(self, token_hash: str) -> int:
        """How many visitor sockets on this node hold the token with this hash."""
        return sum(1 for c in self.visitors.values() if c.token_hash == token_hash)


@dataclass
class Services:
    settings: Settings
    db: Database
    clock: Clock
    bus: Bus
    visitor_limiter: RateLimiter
    local: LocalSockets
    proof: ProofOfWork
    # conversations started lately (all nodes): the proof-of-work threshold
    new_conversations: SlidingCounter
    metrics: Metrics = field(default_factory=Metrics)
    # when this node last looked whether the daily retention purge is due (clock.monotonic();
    # server/actions/privacy.py `do_daily_purge`): it looks at most once an hour
    purge_looked_at: float | None = None
    queue: QueueRefresher = field(init=False)
    assigner: AutoAssigner = field(init=False)
    # staff password hashing and verification, at most `login_concurrency` at once (node-wide)
    passwords: PasswordGate = field(init=False)
    # signs device cookies: NETREACH_SECRET_KEY, or (unset) random for this process's life
    device_key: str = field(init=False, repr=False)
    # wrong resume codes: per visitor token, and of everyone together (server/actions/cases.py)
    resume_token_limiter: RateLimiter = field(init=False)
    resume_all_limiter: RateLimiter = field(init=False)
    # encrypts staff TOTP secrets at rest (server/totp.py; its key is read at first use)
    totp_box: SecretBox = field(init=False, repr=False)
    # the settings admins change on the web, as this node last read them (server/actions/site.py
    # keeps it current: a bus signal after a change, and a look at the version row every second)
    site: SiteSettings = field(init=False)
    # links of staff accounts (invitations, password resets) asked for with a token that does
    # not exist (server/actions/staff_links.py): all of them together, on every node
    link_limiter: RateLimiter = field(init=False)

    def __post_init__(self) -> None:
        self.passwords = PasswordGate(self.settings.login_concurrency, self.settings.argon2_fast)
        self.device_key = self.settings.secret_key or secrets.token_urlsafe(32)
        settings = self.settings
        self.resume_token_limiter = RateLimiter(
            self.clock,
            settings.resume_tries_count,
            settings.resume_tries_seconds,
            prefix=f"{settings.redis_prefix}:resume",
        )
        self.resume_all_limiter = RateLimiter(
            self.clock,
            settings.resume_tries_all_count,
            settings.resume_tries_all_seconds,
            prefix=f"{settings.redis_prefix}:resume-all",
        )
        self.totp_box = SecretBox(self.settings.secret_key, self.settings.var_dir)
        self.site = SiteSettings.from_settings(settings)
        self.link_limiter = RateLimiter(
            self.clock,
            LINK_TRIES_COUNT,
            LINK_TRIES_SECONDS,
            prefix=f"{settings.redis_prefix}:links",
        )
