"""The settings admins change on the web (issue 18 item 2): what they are, how their form text
is read and checked, and the duty periods visitors are shown.

`SiteSettings` holds the values in effect: each one the admin stored (the `site_settings` row,
server/actions/site.py), else the environment's (`Settings`, which itself falls back to the
built-in default). Pure: no database, no web; every node keeps the current one on `Services.site`.

Duty hours are weekly windows in the service's time zone (`DutySchedule.timezone`, an IANA name,
default Europe/Warsaw) and dated exceptions: a date with an exception has its windows instead of
the week's (none: closed, a holiday; windows on a day with none: an extra shift).
`duty_periods` turns them into UTC instants for the next days, which the widget shows in the
visitor's own time zone (docs/protocol.md, `duty`).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from server.i18n import LANGS, N_, gettext
from server.protocol import DutyPeriod
from server.settings import DutyWindow, Settings, normalize_origin

DEFAULT_TIMEZONE = "Europe/Warsaw"
PERIOD_DAYS = 7  # duty periods sent to visitors: from now, this many days ahead
MAX_EXCEPTIONS = 200
MAX_ORIGINS = 50
DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
RETENTION_FIELDS = (
    "retention_transcript_days",
    "retention_notes_days",
    "retention_escalation_days",
    "retention_audit_days",
)
# the names stored in the `site_settings` row, in the order of the form
FIELDS = ("embed_origins", "duty", "emergency_number", "exit_url", *RETENTION_FIELDS)

_RANGE_RE = re.compile(r"^(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})$")
_PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()\-]{1,18}[0-9]$|^[0-9]{2,3}$")
# the word that marks a dated exception as a day off (a holiday) in the form, as the admin's
# language says it ("zamknięte", "зачинено"); the form accepts it in any interface language
CLOSED = N_("closed")


def closed_word(lang: str) -> str:
    """The word for a day off in the exceptions field, in `lang` ("closed", "zamknięte")."""
    return gettext(CLOSED, lang)


def _closed_words() -> frozenset[str]:
    return frozenset({"", "-", "closed", *(closed_word(lang).lower() for lang in LANGS)})


class SiteSettingsError(ValueError):
    """A value of the settings form that cannot be used. `field` names the form field,
    `message` is an English msgid (translated where it is shown) and `params` fill it."""

    def __init__(self, field: str, message: str, **params: Any) -> None:
        super().__init__(f"{field}: {message % params if params else message}")
        self.field = field
        self.message = message
        self.params = params


@dataclass(frozen=True)
class DutyException:
    """One dated exception: `day` (ISO date) has `windows` [("10:00", "14:00"), …] instead of
    the week's; none = closed (a holiday)."""

    day: str
    windows: tuple[tuple[str, str], ...]

    def to_text(self, closed: str = "closed") -> str:
        """The form's line: `2026-12-24 closed` (`closed`: the word for a day off in the
        page's language) or `2026-12-27 10:00-14:00, 18:00-20:00`."""
        hours = ", ".join(f"{a}-{b}" for a, b in self.windows)
        return f"{self.day} {hours or closed}"


@dataclass(frozen=True)
class DutySchedule:
    """Weekly windows in `timezone` and the dated exceptions (sorted by day)."""

    timezone: str
    weekly: tuple[DutyWindow, ...]
    exceptions: tuple[DutyException, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """As stored: {"timezone", "weekly": [{"days", "from", "to"}], "exceptions": [{"day",
        "windows": [[from, to]]}]}."""
        return {
            "timezone": self.timezone,
            "weekly": [w.to_dict() for w in self.weekly],
            "exceptions": [
                {"day": e.day, "windows": [list(w) for w in e.windows]} for e in self.exceptions
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DutySchedule:
        """The schedule stored by `to_json` (written by this module only, so trusted)."""
        return cls(
            str(data["timezone"]),
            tuple(
                DutyWindow(tuple(int(d) for d in w["days"]), str(w["from"]), str(w["to"]))
                for w in data["weekly"]
            ),
            tuple(
                DutyException(str(e["day"]), tuple((str(a), str(b)) for a, b in e["windows"]))
                for e in data["exceptions"]
            ),
        )

    def day_windows(self) -> dict[int, list[tuple[str, str]]]:
        """{weekday (0 = Monday): [(from, to)]} of the weekly windows."""
        days: dict[int, list[tuple[str, str]]] = {d: [] for d in range(7)}
        for w in self.weekly:
            for d in w.days:
                days[d].append((w.start, w.end))
        return {d: sorted(v) for d, v in days.items()}


@dataclass(frozen=True)
class SiteSettings:
    """The values in effect on this node; `stored` names the ones an admin set on the web."""

    embed_origins: tuple[str, ...]
    duty: DutySchedule
    emergency_number: str
    exit_url: str
    retention_transcript_days: int
    retention_notes_days: int
    retention_escalation_days: int
    retention_audit_days: int
    # from the environment only (at most 30 days, issue 20): not among the web's FIELDS
    retention_lexicon_review_days: int = 30
    version: int = 0
    stored: frozenset[str] = frozenset()

    @classmethod
    def from_settings(cls, settings: Settings) -> SiteSettings:
        """The environment's values (the defaults of the web settings)."""
        return cls(
            embed_origins=settings.embed_origins,
            duty=DutySchedule(settings.duty_timezone, settings.duty_hours, ()),
            emergency_number=settings.emergency_number,
            exit_url=settings.exit_url,
            retention_transcript_days=settings.retention_transcript_days,
            retention_notes_days=settings.retention_notes_days,
            retention_escalation_days=settings.retention_escalation_days,
            retention_audit_days=settings.retention_audit_days,
            retention_lexicon_review_days=settings.retention_lexicon_review_days,
        )

    def with_stored(self, values: dict[str, Any], version: int) -> SiteSettings:
        """These (environment) values with the stored ones over them. A stored value this
        version cannot read is skipped (the environment's stays), never fatal."""
        changes: dict[str, Any] = {}
        for name in FIELDS:
            if name not in values:
                continue
            try:
                changes[name] = _from_stored(name, values[name])
            except (KeyError, TypeError, ValueError):
                continue
        return replace(self, **changes, version=version, stored=frozenset(changes))

    def differs(self, other: SiteSettings, name: str) -> bool:
        """Whether field `name` means something else in `other` (duty hours compared by what
        each weekday has, however the windows are grouped: `Mon-Fri` or five days)."""
        mine, theirs = getattr(self, name), getattr(other, name)
        if name == "duty":
            return bool(
                (mine.timezone, mine.day_windows(), mine.exceptions)
                != (theirs.timezone, theirs.day_windows(), theirs.exceptions)
            )
        return bool(mine != theirs)

    def to_stored(self, name: str) -> Any:
        """The JSON value of field `name` as the row stores it."""
        value = getattr(self, name)
        if name == "duty":
            return value.to_json()
        if name == "embed_origins":
            return list(value)
        return value


def _from_stored(name: str, value: Any) -> Any:
    if name == "duty":
        schedule = DutySchedule.from_json(value)
        ZoneInfo(schedule.timezone)
        return schedule
    if name == "embed_origins":
        return tuple(str(o) for o in value)
    if name in RETENTION_FIELDS:
        return int(value)
    return str(value)


# --- reading the form ------------------------------------------------------------------------


def check_origins(text: str) -> tuple[str, ...]:
    """Origins from the form: one per line (or separated by spaces or commas), each as browsers
    write it (`server.settings.normalize_origin`: `HTTPS://Forum.Example:443/` ->
    `https://forum.example`, a host in other scripts as punycode), each once; `*` alone = any
    site; nothing = any site. Raises SiteSettingsError("embed_origins") for anything that is
    not `http(s)://host[:port]` (no path, no query, no `*` in a host), or for too many."""
    parts = [o.strip() for o in re.split(r"[\s,]+", text) if o.strip()]
    if not parts or parts == ["*"]:
        return ("*",)
    if len(parts) > MAX_ORIGINS:
        raise SiteSettingsError("embed_origins", N_("At most %(count)d sites."), count=MAX_ORIGINS)
    origins: list[str] = []
    for part in parts:
        origin = None if part == "*" else normalize_origin(part)
        if origin is None:
            raise SiteSettingsError(
                "embed_origins",
                N_(
                    "%(origin)s is not a site address like https://forum.example (no path); "
                    "write * alone to allow any site."
                ),
                origin=part.rstrip("/")[:100],
            )
        if origin not in origins:
            origins.append(origin)
    return tuple(origins)


def check_timezone(text: str) -> str:
    """An IANA time zone name (`Europe/Warsaw`). Raises SiteSettingsError("timezone")."""
    name = text.strip() or DEFAULT_TIMEZONE
    if len(name) > 64 or not re.fullmatch(r"[A-Za-z0-9_+\-/]+", name):
        raise SiteSettingsError(
            "timezone", N_("%(zone)s is not a time zone like Europe/Warsaw."), zone=name[:64]
        )
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SiteSettingsError(
            "timezone", N_("%(zone)s is not a time zone like Europe/Warsaw."), zone=name
        ) from None
    return name


def check_windows(text: str, field: str) -> tuple[tuple[str, str], ...]:
    """Windows `16:00-22:00, 08:00-10:00` (empty = none), each with a start before its end
    (`24:00` may end a day), sorted. Raises SiteSettingsError(field)."""
    windows = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        m = _RANGE_RE.match(part)
        if not m:
            raise SiteSettingsError(
                field, N_("Cannot read %(text)s: write hours like 16:00-22:00."), text=part[:40]
            )
        h1, m1, h2, m2 = (int(g) for g in m.groups())
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if h1 > 23 or m1 > 59 or m2 > 59 or end > 24 * 60 or end <= start:
            raise SiteSettingsError(
                field,
                N_("%(text)s is not a time span of one day: it must end after it starts."),
                text=part[:40],
            )
        windows.append((f"{h1:02d}:{m1:02d}", f"{h2:02d}:{m2:02d}"))
    windows.sort()
    for (_, earlier_end), (later_start, _) in itertools.pairwise(windows):
        if later_start < earlier_end:
            raise SiteSettingsError(field, N_("The hours of one day overlap."))
    return tuple(windows)


def check_exceptions(text: str) -> tuple[DutyException, ...]:
    """Dated exceptions, one per line: `2026-12-24 closed` (or `-`, or the word for a day off
    in any interface language: `zamknięte`, `зачинено`), `2026-12-27 10:00-14:00`; an optional
    note after `#` is ignored. Raises SiteSettingsError("exceptions") for a line it
    cannot read, an impossible date, a date given twice, or too many lines."""
    seen: dict[str, DutyException] = {}
    closed = _closed_words()
    lines = [ln.split("#", 1)[0].strip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln]
    if len(lines) > MAX_EXCEPTIONS:
        raise SiteSettingsError(
            "exceptions", N_("At most %(count)d exceptions."), count=MAX_EXCEPTIONS
        )
    for line in lines:
        day_text, _, rest = line.partition(" ")
        try:
            day = date.fromisoformat(day_text)
        except ValueError:
            raise SiteSettingsError(
                "exceptions",
                N_("Cannot read the date of %(text)s: write e.g. 2026-12-24 %(closed)s."),
                text=line[:60],
                closed="closed",
            ) from None
        rest = rest.strip()
        windows = () if rest.lower() in closed else check_windows(rest, "exceptions")
        if day.isoformat() in seen:
            raise SiteSettingsError(
                "exceptions", N_("%(day)s is given twice."), day=day.isoformat()
            )
        seen[day.isoformat()] = DutyException(day.isoformat(), windows)
    return tuple(seen[d] for d in sorted(seen))


def check_duty(timezone: str, days: dict[int, str], exceptions: str) -> DutySchedule:
    """A schedule from the form: the zone, each weekday's windows text, the exceptions text."""
    zone = check_timezone(timezone)
    weekly: list[DutyWindow] = []
    for d in range(7):
        for start, end in check_windows(days.get(d, ""), f"day_{DAY_KEYS[d]}"):
            weekly.append(DutyWindow((d,), start, end))
    return DutySchedule(zone, tuple(weekly), check_exceptions(exceptions))


def check_emergency_number(text: str) -> str:
    """A phone number to call (`112`, `+48 800 12 12 12`). Raises SiteSettingsError."""
    value = " ".join(text.split())
    if not _PHONE_RE.match(value):
        raise SiteSettingsError(
            "emergency_number",
            N_("%(text)s is not a phone number like 112."),
            text=value[:30] or "—",
        )
    return value


def check_exit_url(text: str) -> str:
    """An http(s) URL of at most 500 characters, with a host that has a dot and no user name,
    and none of the characters a URL never holds as they are (spaces, `"`, `<`, `>`, `\\`,
    `^`, `` ` ``, `{`, `|`, `}`, controls). Raises SiteSettingsError("exit_url")."""
    value = text.strip()
    if len(value) > 500 or not re.fullmatch(
        r'https?://[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+(:[0-9]{1,5})?([/?#][^\s\x00-\x1f\x7f"<>\\^`{|}]*)?',
        value,
    ):
        raise SiteSettingsError(
            "exit_url", N_("Write a web address like https://www.wikipedia.org/.")
        )
    return value


def check_days(text: str, field: str) -> int:
    """A whole number of days from 1 (365 for the audit log, whose younger entries the
    database refuses to delete) to 3650. Raises SiteSettingsError(field)."""
    value = text.strip()
    lo = 365 if field == "retention_audit_days" else 1
    if not value.isdigit() or len(value) > 5 or not lo <= int(value) <= 3650:
        raise SiteSettingsError(
            field,
            N_("Write a whole number of days from %(min)d to %(max)d."),
            min=lo,
            max=3650,
        )
    return int(value)


def check_form(form: dict[str, str]) -> dict[str, Any]:
    """Every value of the settings form, checked: {field name (FIELDS): value}. Form fields:
    embed_origins, timezone, day_mon … day_sun, exceptions, emergency_number, exit_url and the
    four retention fields. Raises SiteSettingsError for the first bad one (nothing is stored
    then)."""
    return {
        "embed_origins": check_origins(form.get("embed_origins", "")),
        "duty": check_duty(
            form.get("timezone", ""),
            {d: form.get(f"day_{key}", "") for d, key in enumerate(DAY_KEYS)},
            form.get("exceptions", ""),
        ),
        "emergency_number": check_emergency_number(form.get("emergency_number", "")),
        "exit_url": check_exit_url(form.get("exit_url", "")),
        **{name: check_days(form.get(name, ""), name) for name in RETENTION_FIELDS},
    }


def form_values(site: SiteSettings, lang: str = "en") -> dict[str, str]:
    """The settings form's fields filled with `site`'s values (the inverse of `check_form`); a
    day off among the exceptions is written with `lang`'s word for it (`closed_word`)."""
    days = site.duty.day_windows()
    return {
        "embed_origins": "\n".join(site.embed_origins),
        "timezone": site.duty.timezone,
        **{
            f"day_{key}": ", ".join(f"{a}-{b}" for a, b in days[d])
            for d, key in enumerate(DAY_KEYS)
        },
        "exceptions": "\n".join(e.to_text(closed_word(lang)) for e in site.duty.exceptions),
        "emergency_number": site.emergency_number,
        "exit_url": site.exit_url,
        **{name: str(getattr(site, name)) for name in RETENTION_FIELDS},
    }


# --- what visitors are shown -----------------------------------------------------------------


_UTC = ZoneInfo("UTC")


def _exists(moment: datetime) -> bool:
    """Whether a local time (aware, in a ZoneInfo) happens at all: not one skipped when the
    clocks go forward (02:30 on the day summer time starts in Warsaw)."""
    back = moment.astimezone(_UTC).astimezone(moment.tzinfo)
    return back.replace(tzinfo=None) == moment.replace(tzinfo=None)


def _at(day: date, hhmm: str, zone: ZoneInfo) -> datetime:
    """The moment `hhmm` (`24:00`: the next midnight) of `day` in `zone`. A time the clocks
    skip (summer time) is read as the first minute after the jump (02:30 -> 03:00 in
    Warsaw), so a window inside the skipped hour is empty rather than an hour nobody
    promised; a repeated time (winter time) takes its first occurrence."""
    hours, minutes = (int(x) for x in hhmm.split(":"))
    if hours == 24:
        return datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=zone)
    moment = datetime.combine(day, time(hours, minutes), tzinfo=zone)
    # a skipped time: the next minute that exists (a gap is at most a day, e.g. Samoa 2011)
    for _ in range(24 * 60 + 1):
        if _exists(moment):
            break
        moment = (moment.replace(tzinfo=None) + timedelta(minutes=1)).replace(tzinfo=zone)
    return moment


def duty_periods(
    schedule: DutySchedule, now: datetime, days: int = PERIOD_DAYS
) -> list[DutyPeriod]:
    """The duty periods from `now` (aware) to `days` days later, exceptions applied, as UTC
    instants: [{"start": ISO, "end": ISO}] in order, touching periods merged, a period already
    running starting at its real start. Each local time is read in the schedule's zone (a
    time that a DST change skips is read as the end of the jump, so a window wholly inside
    the skipped hour gives no period; a repeated time takes its first occurrence)."""
    zone = ZoneInfo(schedule.timezone)
    weekly = schedule.day_windows()
    exceptions = {e.day: list(e.windows) for e in schedule.exceptions}
    today = now.astimezone(zone).date()
    end_of_range = now + timedelta(days=days)
    periods: list[tuple[datetime, datetime]] = []
    for offset in range(-1, days + 1):
        day = today + timedelta(days=offset)
        windows = exceptions.get(day.isoformat(), weekly[day.weekday()])
        for start, end in windows:
            a, b = _at(day, start, zone), _at(day, end, zone)
            if b <= a or b <= now or a >= end_of_range:
                continue  # (b <= a: a window the clocks skip, 02:00-02:30 on a DST day)
            if periods and a <= periods[-1][1]:
                periods[-1] = (periods[-1][0], max(b, periods[-1][1]))
            else:
                periods.append((a, b))
    return [
        {
            "start": a.astimezone(_UTC).isoformat().replace("+00:00", "Z"),
            "end": b.astimezone(_UTC).isoformat().replace("+00:00", "Z"),
        }
        for a, b in periods
    ]
