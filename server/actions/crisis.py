"""What a person in danger is told, and how much a crisis signal weighs.

The emergency text a visitor gets at once when their message signals a crisis (or a networker
escalates by hand): the emergency number, crisis lines for the category — from the vetted
resource library when it has them, else the built-in verified lines (`server/crisis_lines.json`)
— and that help is coming. The one place that chooses those lines.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources as package_data
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.actions import resources
from server.db.models import Resource
from server.i18n import LANGS, N_, gettext
from server.protocol import ResourceCard

PRIORITY = {"high": 10, "imminent": 20}
"""Queue priority of a conversation by the severity of its escalation (higher is taken first)."""
RISK_RANK = {"none": 0, "concern": 1, "high": 2, "imminent": 3}

# which library topics answer which crisis category; entries on the general `crisis` topic are
# used only when the library has nothing specific (a violence line is no answer to an overdose)
CRISIS_TOPICS: dict[str, tuple[str, ...]] = {
    "self_harm": ("mental_health",),
    "overdose": ("addiction", "mental_health"),
    "violence": ("violence",),
    "child_abuse": ("violence",),
}
MAX_LINES = 3


async def _vetted_in_library_order(session: AsyncSession, on: str, limit: int) -> list[Resource]:
    """Vetted entries whose review date is not before `on`, oldest first (at most `limit`)."""
    rows = await session.execute(
        select(Resource)
        .where(Resource.status == "vetted", Resource.review_by >= on)
        .order_by(Resource.created_at, Resource.id)
        .limit(limit)
    )
    return list(rows.scalars())


@cache
def builtin_crisis_lines() -> list[dict[str, Any]]:
    """The verified lines shipped with netreach (`server/crisis_lines.json`, package data)."""
    text = package_data.files("server").joinpath("crisis_lines.json").read_text(encoding="utf-8")
    return list(json.loads(text)["lines"])


def crisis_lines(categories: list[str] | tuple[str, ...], lang: str) -> list[str]:
    """Built-in crisis lines for the categories, as "number – name" in `lang`."""
    wanted = set(categories) or {"self_harm"}
    out = []
    for line in builtin_crisis_lines():
        if wanted & set(line["categories"]):
            out.append(f"{line['number']} – {line['name'].get(lang) or line['name']['en']}")
    return out


async def get_library_crisis_lines(
    session: AsyncSession, categories: list[str], lang: str, on: str, emergency_number: str
) -> list[str]:
    """Crisis lines from the vetted resource library (public on `on`, an ISO date, with a phone)
    for the categories, in library order, at most MAX_LINES; empty when the library has none.
    The emergency number itself is left out (it is always said first)."""
    specific = {t for c in (categories or ["self_harm"]) for t in CRISIS_TOPICS.get(c, ())}
    rows = await _vetted_in_library_order(session, on, 500)
    exact: list[tuple[str, str]] = []
    general: list[tuple[str, str]] = []
    seen = {emergency_number.replace(" ", "")}
    for r in rows:
        topics = set(r.topics or [])
        if not resources.is_public(r, on) or not r.phones or not topics & (specific | {"crisis"}):
            continue
        number = str(r.phones[0].get("number", "")).strip()
        if not number or number.replace(" ", "") in seen:
            continue
        seen.add(number.replace(" ", ""))
        (exact if topics & specific else general).append(
            (number, resources.texts_for(r, lang)["name"])
        )
    chosen = (exact or general)[:MAX_LINES]
    return [name if number in name else f"{number} – {name}" for number, name in chosen]


def emergency_text(
    emergency_number: str, categories: list[str], lang: str, queued: bool, lines: list[str]
) -> str:
    """The message a visitor gets at once on escalation: the emergency number, crisis lines for
    the category (`lines` from the library, else the built-in verified lines), and that help
    is coming (moved up the queue, or the networker and a supervisor alerted)."""
    parts = [
        gettext(N_("If you are in danger right now, call %(number)s."), lang)
        % {"number": emergency_number}
    ]
    lines = lines or crisis_lines(categories, lang)
    if lines:
        parts.append(
            gettext(N_("You can also call: %(lines)s."), lang) % {"lines": "; ".join(lines)}
        )
    if queued:
        parts.append(
            gettext(
                N_(
                    "You are not alone. We have moved you up the queue and a networker will answer as soon as possible."
                ),
                lang,
            )
        )
    else:
        parts.append(
            gettext(
                N_("You are not alone. Your networker and a supervisor have been alerted."), lang
            )
        )
    return " ".join(parts)


async def get_emergency_text(
    session: AsyncSession,
    categories: list[str],
    lang: str,
    queued: bool,
    on: str,
    emergency_number: str,
) -> str:
    """`emergency_text` with the library's lines for the categories (read in `session`)."""
    lines = await get_library_crisis_lines(session, categories, lang, on, emergency_number)
    return emergency_text(emergency_number, categories, lang, queued, lines)


async def get_key_cards(
    session: AsyncSession, on: str, skip_numbers: tuple[str, ...] = (), limit: int = 3
) -> dict[str, list[ResourceCard]]:
    """Crisis lines for visitors when nobody is on duty: public entries on the `crisis` topic with
    a phone (skipping numbers already shown, like 112), as cards in every language."""
    skip = {n.replace(" ", "") for n in skip_numbers}
    rows = await _vetted_in_library_order(session, on, 300)
    picked = [
        r
        for r in rows
        if resources.is_public(r, on)
        and "crisis" in (r.topics or [])
        and r.phones
        and str(r.phones[0].get("number", "")).replace(" ", "") not in skip
    ][:limit]
    return {lang: [resources.card(r, lang, on) for r in picked] for lang in LANGS}
