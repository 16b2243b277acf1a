"""What a person in danger is told, and how much a crisis signal weighs.

The crisis reply a visitor gets at once when their message signals a crisis (or a networker
escalates by hand): a system message whose `emergency` card lists the emergency number first,
then the crisis lines for the escalation's categories, and says honestly whether anyone can
answer in the chat. The lines come only from vetted library entries a supervisor flagged as
crisis lines (`Resource.crisis_line`): nothing else is ever offered automatically. The one place
that chooses those lines.

The reply is in the language the person wrote in when the widget has it (Polish, English,
Ukrainian: the Babel catalogues), else English.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.actions import resources
from server.db.models import Resource
from server.i18n import LANGS, N_, gettext
from server.protocol import Emergency, EmergencyContact, ResourceCard

PRIORITY = {"high": 10, "imminent": 20}
"""Queue priority of a conversation by the severity of its escalation (higher is taken first)."""
RISK_RANK = {"none": 0, "concern": 1, "high": 2, "imminent": 3}

MAX_LINES = 3
"""Crisis lines on a card besides the emergency number (a short list is easier to act on)."""
REPLY_LANGS = ("pl", "en", "uk")
"""Languages a crisis reply is written in; any other language gets English."""
DEFAULT_CATEGORIES = ("self_harm",)
"""Categories of an escalation that names none (raised by hand)."""
LINE_TIMEZONE = "Europe/Warsaw"
"""The zone of the library's opening hours (`Resource.schedules`): the library serves Poland."""
_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

_EMERGENCY_NAME = N_("Emergency number (ambulance, police, fire brigade)")
_ALWAYS_OPEN = N_("24/7")
_FOR_CHILDREN = N_("for children and young people")
_IN_DANGER = N_("If you are in danger right now, call %(number)s.")
_ALSO_CALL = N_("You can also call: %(lines)s.")
_NOBODY_ON_DUTY = N_(
    "Nobody can answer in this chat right now. Call %(number)s or one of the lines listed here now."
)
_QUEUED = N_(
    "You are not alone. We have moved you up the queue and an outreach worker will answer as soon "
    "as possible."
)
_ALERTED = N_("You are not alone. Your outreach worker and a supervisor have been alerted.")


def tr(message: str, lang: str) -> str:
    """One of this module's sentences in `lang` (pl, en or uk)."""
    return gettext(message, lang)


def reply_language(detected: str | None, fallback: str) -> str:
    """The language of a crisis reply: the one the person wrote in (`detected`, from
    moderation's language guess: pl, en, uk, ru or und) when the reply has it; when the message's
    language is unknown ("und" or None), the conversation's UI language (`fallback`); else
    English (for example Russian)."""
    if detected in REPLY_LANGS:
        return str(detected)
    if detected in (None, "", "und") and fallback in REPLY_LANGS:
        return fallback
    return "en"


def _digits(number: str) -> str:
    return number.replace(" ", "")


def _contact_name(r: Resource, lang: str, number: str) -> str:
    # an entry without a Ukrainian text: a Ukrainian reader gets the English name (stand_ins)
    name = resources.texts_for(r, lang)["name"]
    # the number is shown on the button itself: drop it from the end of the name
    name = re.sub(rf"\s*[–—-]?\s*{re.escape(number)}\s*$", "", name).strip() or name
    if (r.crisis_line or {}).get("children"):
        label = tr(_FOR_CHILDREN, lang)
        if label.lower() not in name.lower():
            name = f"{name} ({label})"
    return name


def _contact_hours(r: Resource, lang: str) -> str:
    if (r.crisis_line or {}).get("always_open"):
        return tr(_ALWAYS_OPEN, lang)
    return resources.texts_for(r, lang)["hours"]


def emergency_contact(emergency_number: str, lang: str) -> EmergencyContact:
    """The emergency number (112) as the first contact of every card."""
    return {
        "name": tr(_EMERGENCY_NAME, lang),
        "number": emergency_number,
        "href": resources.tel_href(emergency_number),
        "hours": tr(_ALWAYS_OPEN, lang),
    }


def closed_at(schedules: list[dict[str, Any]] | None, at: datetime) -> bool:
    """Whether an entry's opening hours (`Resource.schedules`, HSDS-like `{"byday": "MO,TU",
    "opens_at": "09:00", "closes_at": "17:00"}`, in LINE_TIMEZONE) say it is closed at `at`
    (an aware datetime). False when they cannot tell: no schedule with both times (the hours
    are then only text, shown on the card), or the zone is not installed. A schedule without
    `byday` holds every day; one whose closing time is not after its opening time runs past
    midnight."""
    timed = [s for s in schedules or [] if s.get("opens_at") and s.get("closes_at")]
    if not timed:
        return False
    try:
        local = at.astimezone(ZoneInfo(LINE_TIMEZONE))
    except ZoneInfoNotFoundError:
        return False
    today, yesterday = _DAYS[local.weekday()], _DAYS[(local.weekday() - 1) % 7]
    now = local.strftime("%H:%M")
    for s in timed:
        days = str(s.get("byday") or ",".join(_DAYS)).split(",")
        opens, closes = str(s["opens_at"])[:5], str(s["closes_at"])[:5]
        if opens < closes:
            if today in days and opens <= now < closes:
                return False
        elif (today in days and now >= opens) or (yesterday in days and now < closes):
            return False
    return True


def pick_crisis_lines(
    rows: list[Resource],
    categories: list[str] | tuple[str, ...],
    lang: str,
    on: str,
    at: datetime | None = None,
) -> list[Resource]:
    """The flagged crisis lines for an escalation, best first, at most MAX_LINES.

    A line qualifies when it is public on `on` (vetted, review date not passed), has a phone,
    is flagged as a crisis line and answers one of the `categories` (none given: DEFAULT_CATEGORIES).
    For a medical emergency or an overdose only 24/7 lines qualify (a daytime office is no
    answer to someone who cannot breathe); a line not open 24/7 whose opening hours say it is
    closed at `at` (`closed_at`) never qualifies. Lines that serve the person's language come
    first and, when some do, the others are left out; then lines answering more of the
    categories, 24/7 lines, and library order. `rows` are the candidate entries in library order."""
    wanted = set(categories) or set(DEFAULT_CATEGORIES)
    urgent = bool(wanted & resources.ALWAYS_OPEN_CATEGORIES)
    found: list[tuple[int, int, int, Resource]] = []
    for i, r in enumerate(rows):
        flag = r.crisis_line or {}
        served = wanted & set(flag.get("categories") or [])
        if not flag or not served or not r.phones or not resources.is_public(r, on):
            continue
        if not flag.get("always_open") and (
            urgent or (at is not None and closed_at(r.schedules, at))
        ):
            continue
        found.append((len(served), 1 if flag.get("always_open") else 0, -i, r))
    speaks = [f for f in found if not f[3].languages or lang in f[3].languages]
    chosen = speaks or found
    chosen.sort(key=lambda f: (f[0], f[1], f[2]), reverse=True)
    return [f[3] for f in chosen]


async def _flagged_lines(session: AsyncSession, on: str) -> list[Resource]:
    """Vetted entries flagged as crisis lines whose review date is not before `on`, in library
    order (oldest first)."""
    rows = await session.execute(
        select(Resource)
        .where(
            Resource.status == "vetted",
            Resource.review_by >= on,
            Resource.crisis_line.is_not(None),
        )
        .order_by(Resource.created_at, Resource.id)
        .limit(500)
    )
    # JSON null and SQL NULL differ on some engines: check the value too
    return [r for r in rows.scalars() if r.crisis_line]


async def get_emergency(
    session: AsyncSession,
    categories: list[str],
    lang: str,
    on: str,
    emergency_number: str,
    on_duty: int,
    at: datetime | None = None,
) -> Emergency:
    """The emergency card of a crisis reply in `lang` (pl, en or uk): `on_duty` networkers, the
    emergency number first, then up to MAX_LINES flagged crisis lines for the categories that
    are not closed at `at` by their opening hours (the emergency number is never repeated)."""
    contacts = [emergency_contact(emergency_number, lang)]
    seen = {_digits(emergency_number)}
    for r in pick_crisis_lines(await _flagged_lines(session, on), categories, lang, on, at):
        number = str(r.phones[0].get("number", "")).strip()
        if not number or _digits(number) in seen:
            continue
        seen.add(_digits(number))
        contacts.append(
            {
                "name": _contact_name(r, lang, number),
                "number": number,
                "href": resources.tel_href(number),
                "hours": _contact_hours(r, lang),
            }
        )
        if len(contacts) > MAX_LINES:
            break
    return {"on_duty": on_duty, "contacts": contacts}


def emergency_text(emergency: Emergency, lang: str, queued: bool) -> str:
    """The plain text of a crisis reply (transcripts, clients that draw no card), one sentence a
    line: call the emergency number; the other lines (when there are any); what happens in the
    chat — said plainly when the
    person waits in the queue and nobody is on duty (no promise that someone will answer), else
    that help is coming (`queued`: the conversation waits for a networker; a networker who went
    off duty still answers the chats they hold)."""
    first, *others = emergency["contacts"]
    parts = [tr(_IN_DANGER, lang) % {"number": first["number"]}]
    if others:
        lines = "; ".join(f"{c['number']} – {c['name']} ({c['hours']})" for c in others)
        parts.append(tr(_ALSO_CALL, lang) % {"lines": lines})
    if queued and emergency["on_duty"] == 0:
        parts.append(tr(_NOBODY_ON_DUTY, lang) % {"number": first["number"]})
    elif queued:
        parts.append(tr(_QUEUED, lang))
    else:
        parts.append(tr(_ALERTED, lang))
    return "\n".join(parts)


async def get_key_cards(
    session: AsyncSession, on: str, skip_numbers: tuple[str, ...] = (), limit: int = 3
) -> dict[str, list[ResourceCard]]:
    """Crisis lines for visitors when nobody is on duty: public entries flagged as crisis lines
    (24/7 lines first, then library order; skipping numbers already shown, like 112), as cards
    in every language."""
    skip = {_digits(n) for n in skip_numbers}
    rows = [
        r
        for r in await _flagged_lines(session, on)
        if resources.is_public(r, on)
        and r.phones
        and _digits(str(r.phones[0].get("number", ""))) not in skip
    ]
    rows.sort(key=lambda r: 0 if (r.crisis_line or {}).get("always_open") else 1)
    picked = rows[:limit]
    return {lang: [resources.card(r, lang, on) for r in picked] for lang in LANGS}


def crisis_line_use(
    flag: dict[str, Any] | None, schedules: list[dict[str, Any]] | None = None
) -> dict[str, Any] | None:
    """How the vetting screen explains a crisis-line flag: the categories it answers, whether
    medical emergencies get it (24/7 lines only), whether it is labelled for children, and
    (`by_schedule`) whether its opening hours keep it out of replies while it is closed."""
    if not flag:
        return None
    cats = list(flag.get("categories") or [])
    always = bool(flag.get("always_open"))
    return {
        "categories": [c for c in cats if always or c not in resources.ALWAYS_OPEN_CATEGORIES],
        "skipped_medical": [
            c for c in cats if not always and c in resources.ALWAYS_OPEN_CATEGORIES
        ],
        "always_open": always,
        "children": bool(flag.get("children")),
        "by_schedule": not always
        and any(s.get("opens_at") and s.get("closes_at") for s in schedules or []),
    }
