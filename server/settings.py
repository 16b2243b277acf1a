"""One typed settings object, read from the environment (a `.env` file is allowed), validated once.

| variable | default | meaning |
|---|---|---|
| DATABASE_URL | sqlite under ./var/ | `postgresql://…` for PostgreSQL (asyncpg), `sqlite:///path` for SQLite |
| REDIS_URL | (none) | `redis://…`: cross-node bus, presence and rate limits; none = in-process |
| HOST / PORT | 127.0.0.1 / 8080 | where `netreach serve` listens |
| NETREACH_EMBED_ORIGINS | * | space/comma separated origins allowed to embed the widget (`https://forum.example`) |
| NETREACH_DEFAULT_LANG | pl | language of pages when the browser asks for none we have |
| NETREACH_DUTY_HOURS | Mon-Fri 16:00-22:00 | duty hours shown to visitors when nobody is on duty (`Mon-Fri 16:00-22:00; Sat 12:00-16:00`) |
| NETREACH_EMERGENCY_NUMBER | 112 | the emergency number always shown in the widget |
| NETREACH_EXIT_URL | https://www.wikipedia.org/ | the neutral page quick exit replaces the page with |
| NETREACH_DISCONNECT_GRACE | 60 | seconds a networker may stay disconnected before their chats are requeued |
| NETREACH_VISITOR_RATE | 20/60 | at most N visitor messages per S seconds |
| NETREACH_SOCKET_FLOOD | 60/10 | at most N events of any kind per S seconds from one visitor socket (a console socket: 2N) |
| NETREACH_SESSION_HOURS | 12 | staff session lifetime |
| NETREACH_LOG_JSON | 0 | 1 = JSON log lines |
| NETREACH_VAR_DIR | ./var | where the SQLite file and demo credentials live |
| NETREACH_METRICS_TOKEN | (none) | bearer token that opens /metrics (`Authorization: Bearer …`); unset = /metrics answers 404 |
| NETREACH_WS_COMPRESS | 0 | 1 = accept permessage-deflate on websockets (costs memory per socket: bench/results/connections.md) |
| NETREACH_ESCALATION_ACK_SECONDS | 120 | an escalation not acknowledged this long is re-announced and marked overdue |
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from server.i18n import LANGS

MAX_MESSAGE_CHARS = 4000
MAX_PAYLOAD_BYTES = 16 * 1024
TRANSPORT_MAX_BYTES = 64 * 1024

_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_HOURS_RE = re.compile(
    r"^\s*(?P<d1>[a-z]{3})(?:\s*-\s*(?P<d2>[a-z]{3}))?\s+(?P<h1>\d{1,2}):(?P<m1>\d{2})\s*-\s*(?P<h2>\d{1,2}):(?P<m2>\d{2})\s*$"
)


class SettingsError(ValueError):
    """A setting has a value netreach cannot use; the message names the variable."""


@dataclass(frozen=True)
class DutyWindow:
    days: tuple[int, ...]  # 0 = Monday
    start: str  # "16:00"
    end: str

    def to_dict(self) -> dict[str, object]:
        return {"days": list(self.days), "from": self.start, "to": self.end}


@dataclass(frozen=True)
class Settings:
    database_url: str
    redis_url: str | None = None
    host: str = "127.0.0.1"
    port: int = 8080
    embed_origins: tuple[str, ...] = ("*",)
    default_lang: str = "pl"
    duty_hours: tuple[DutyWindow, ...] = (DutyWindow((0, 1, 2, 3, 4), "16:00", "22:00"),)
    emergency_number: str = "112"
    exit_url: str = "https://www.wikipedia.org/"
    disconnect_grace: float = 60.0
    presence_interval: float = 5.0
    visitor_rate_count: int = 20
    visitor_rate_seconds: float = 60.0
    socket_flood_count: int = 60
    socket_flood_seconds: float = 10.0
    session_hours: float = 12.0
    log_json: bool = False
    var_dir: Path = Path("var")
    metrics_token: str | None = None
    ws_compress: bool = False
    queue_debounce: float = 0.3
    escalation_ack_seconds: float = 120.0
    # channel prefix on Redis, so several deployments (or test runs) can share one server
    redis_prefix: str = "netreach"
    node_id: str = field(default_factory=lambda: secrets.token_hex(4))
    argon2_fast: bool = False  # tests only: cheaper argon2id parameters

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Read settings from `env` (default: os.environ plus .env), apply overrides, validate."""
        if env is None:
            try:
                from dotenv import dotenv_values

                file_values = {k: v for k, v in dotenv_values(".env").items() if v is not None}
            except OSError:
                file_values = {}
            env = {**file_values, **os.environ}
        var_dir = Path(env.get("NETREACH_VAR_DIR", "var"))
        values: dict[str, object] = {
            "database_url": normalize_database_url(
                env.get("DATABASE_URL") or f"sqlite:///{var_dir / 'netreach.sqlite3'}"
            ),
            "redis_url": env.get("REDIS_URL") or None,
            "host": env.get("HOST", "127.0.0.1"),
            "port": _int(env, "PORT", 8080, 0, 65535),
            "embed_origins": parse_origins(env.get("NETREACH_EMBED_ORIGINS", "*")),
            "default_lang": _choice(env, "NETREACH_DEFAULT_LANG", "pl", LANGS),
            "duty_hours": parse_duty_hours(env.get("NETREACH_DUTY_HOURS", "Mon-Fri 16:00-22:00")),
            "emergency_number": env.get("NETREACH_EMERGENCY_NUMBER", "112").strip() or "112",
            "exit_url": _url(env, "NETREACH_EXIT_URL", "https://www.wikipedia.org/"),
            "disconnect_grace": float(_int(env, "NETREACH_DISCONNECT_GRACE", 60, 5, 3600)),
            "session_hours": float(_int(env, "NETREACH_SESSION_HOURS", 12, 1, 24 * 30)),
            "log_json": env.get("NETREACH_LOG_JSON", "0").strip().lower() in ("1", "true", "yes"),
            "var_dir": var_dir,
            "metrics_token": env.get("NETREACH_METRICS_TOKEN") or None,
            "ws_compress": env.get("NETREACH_WS_COMPRESS", "0").strip().lower()
            in ("1", "true", "yes"),
            "redis_prefix": env.get("NETREACH_REDIS_PREFIX", "netreach"),
            "escalation_ack_seconds": float(
                _int(env, "NETREACH_ESCALATION_ACK_SECONDS", 120, 10, 3600)
            ),
        }
        values["visitor_rate_count"], values["visitor_rate_seconds"] = parse_rate(
            env, "NETREACH_VISITOR_RATE", "20/60"
        )
        values["socket_flood_count"], values["socket_flood_seconds"] = parse_rate(
            env, "NETREACH_SOCKET_FLOOD", "60/10"
        )
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]


def normalize_database_url(url: str) -> str:
    """Accept the usual spellings and pick the async drivers netreach uses."""
    url = url.strip()
    for prefix in (
        "postgres://",
        "postgresql://",
        "postgresql+psycopg2://",
        "postgresql+psycopg://",
    ):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    if url.startswith("postgresql+asyncpg://"):
        return url
    if url.startswith("sqlite:///"):
        return "sqlite+aiosqlite:///" + url[len("sqlite:///") :]
    if url.startswith("sqlite+aiosqlite:///"):
        return url
    raise SettingsError(
        f"DATABASE_URL must start with postgresql:// or sqlite:/// (got {url.split('://')[0]!r})"
    )


def parse_origins(value: str) -> tuple[str, ...]:
    origins = tuple(o.strip().rstrip("/") for o in re.split(r"[\s,]+", value) if o.strip())
    for origin in origins:
        if origin != "*" and not re.fullmatch(r"https?://[A-Za-z0-9.\-\[\]:]+", origin):
            raise SettingsError(
                f"NETREACH_EMBED_ORIGINS: {origin!r} is not an origin like https://forum.example"
            )
    return origins or ("*",)


def parse_duty_hours(value: str) -> tuple[DutyWindow, ...]:
    windows = []
    for part in value.split(";"):
        if not part.strip():
            continue
        m = _HOURS_RE.match(part.lower())
        if not m or m["d1"] not in _DAYS or (m["d2"] and m["d2"] not in _DAYS):
            raise SettingsError(
                f"NETREACH_DUTY_HOURS: cannot read {part.strip()!r}; write e.g. 'Mon-Fri 16:00-22:00; Sat 12:00-16:00'"
            )
        d1 = _DAYS.index(m["d1"])
        d2 = _DAYS.index(m["d2"]) if m["d2"] else d1
        days = (
            tuple(range(d1, d2 + 1)) if d1 <= d2 else tuple(range(d1, 7)) + tuple(range(0, d2 + 1))
        )
        h1, m1, h2, m2 = int(m["h1"]), int(m["m1"]), int(m["h2"]), int(m["m2"])
        if h1 > 24 or h2 > 24 or m1 > 59 or m2 > 59:
            raise SettingsError(f"NETREACH_DUTY_HOURS: {part.strip()!r} has an impossible time")
        windows.append(DutyWindow(days, f"{h1:02d}:{m1:02d}", f"{h2:02d}:{m2:02d}"))
    return tuple(windows)


def parse_rate(env: Mapping[str, str], name: str, default: str) -> tuple[int, float]:
    value = env.get(name) or default
    m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+(?:\.\d+)?)\s*", value)
    if not m or int(m[1]) < 1 or float(m[2]) <= 0:
        raise SettingsError(f"{name}: {value!r} is not 'COUNT/SECONDS' like {default}")
    return int(m[1]), float(m[2])


def _int(env: Mapping[str, str], name: str, default: int, lo: int, hi: int) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number (got {raw!r})") from None
    if not lo <= value <= hi:
        raise SettingsError(f"{name} must be between {lo} and {hi} (got {value})")
    return value


def _choice(env: Mapping[str, str], name: str, default: str, choices: tuple[str, ...]) -> str:
    value = env.get(name, default).strip().lower()
    if value not in choices:
        raise SettingsError(f"{name} must be one of {', '.join(choices)} (got {value!r})")
    return value


def _url(env: Mapping[str, str], name: str, default: str) -> str:
    value = env.get(name, default).strip()
    if not re.fullmatch(r"https?://\S+", value):
        raise SettingsError(f"{name} must be an http(s) URL (got {value!r})")
    return value
