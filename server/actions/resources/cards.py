"""How a library entry is shown: visibility on a date, texts in a language, the card a visitor
gets in the chat, a search hit for the console, and the plain-text copy of a shared card."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.actions.resources.model import TEXT_FIELDS
from server.db.models import Resource
from server.i18n import LANGS, N_, gettext, stand_ins
from server.protocol import ResourceCard
from server.services import Services

# --- reading ---------------------------------------------------------------------------------


def today(svc: Services) -> str:
    return svc.clock.now().date().isoformat()


def is_public(r: Any, on: str) -> bool:
    """Shown to visitors and shareable: vetted, and its review date has not passed."""
    return r.status == "vetted" and r.review_by is not None and r.review_by >= on


def is_expired(r: Any, on: str) -> bool:
    return r.status == "vetted" and (r.review_by is None or r.review_by < on)


def texts_for(r: Any, lang: str) -> dict[str, str]:
    """Texts in `lang`, each field falling back along `i18n.stand_ins(lang)` when missing."""
    texts = r.texts or {}
    order = stand_ins(lang) + [k for k in texts if k not in LANGS]
    out: dict[str, str] = {}
    for field in TEXT_FIELDS:
        out[field] = next(
            (texts[code][field] for code in order if code in texts and texts[code].get(field)), ""
        )
    out["lang"] = next((code for code in order if code in texts and texts[code].get("name")), lang)
    return out


def tel_href(number: str) -> str:
    digits = re.sub(r"[^0-9+]", "", number)
    return "tel:" + (
        ("+" + digits.replace("+", "")) if digits.startswith("+") else digits.replace("+", "")
    )


def public_path(r: Resource, lang: str) -> str:
    return f"/r/{r.id}?lang={lang}"


def card(r: Resource, lang: str, on: str) -> ResourceCard:
    """The card a visitor sees in the chat (docs/protocol.md, Message.resource). An entry that
    is no longer public (retired, back in review, past its review date) shows only its name:
    a number that may be wrong is never shown to someone in danger."""
    t = texts_for(r, lang)
    available = is_public(r, on)
    data: ResourceCard = {
        "id": r.id,
        "name": t["name"],
        "available": available,
        "summary": None,
        "phones": [],
        "website": None,
        "hours": None,
        "url": None,
    }
    if available:
        data.update(
            {
                "summary": t["summary"] or None,
                "phones": [
                    {
                        "number": p["number"],
                        "type": p.get("type", "voice"),
                        "href": tel_href(p["number"]),
                    }
                    for p in r.phones or []
                ],
                "website": (r.links or [{}])[0].get("url") if r.links else None,
                "hours": t["hours"] or None,
                "url": public_path(r, lang),
            }
        )
    return data


def resource_dict(r: Any, lang: str, on: str) -> dict[str, Any]:
    """A search hit or list entry for the console."""
    t = texts_for(r, lang)
    return {
        "id": r.id,
        "name": t["name"],
        "summary": t["summary"],
        "status": r.status,
        "public": is_public(r, on),
        "expired": is_expired(r, on),
        "topics": list(r.topics or []),
        "area": r.area,
        "voivodeship": r.voivodeship,
        "city": r.city,
        "languages": list(r.languages or []),
        "phones": [p["number"] for p in r.phones or []],
        "review_by": r.review_by,
        "verified_on": r.verified_on,
        # an imported entry: the partner's own verification, beside ours (docs/resources.md)
        "partner_verified_on": getattr(r, "partner_verified_on", None),
        "withdrawn": getattr(r, "withdrawn_at", None) is not None,
        "partner_change": bool(getattr(r, "feed_pending", None)),
    }


async def get_cards(
    session: AsyncSession, resource_ids: list[str], lang: str, on: str
) -> dict[str, ResourceCard]:
    """Cards of the entries, as shown on `on` (an ISO date), for messages being replayed (one
    query): {resource id: card}."""
    if not resource_ids:
        return {}
    rows = (
        await session.execute(select(Resource).where(Resource.id.in_(set(resource_ids))))
    ).scalars()
    return {r.id: card(r, lang, on) for r in rows}


# --- sharing into a chat ---------------------------------------------------------------------

SHARE_TEXT = N_("Resource: %(name)s")


def share_text(c: ResourceCard, lang: str) -> str:
    """Plain-text form of a card (transcripts, and clients that do not draw cards)."""
    lines = [gettext(SHARE_TEXT, lang) % {"name": c["name"]}]
    lines += [c["summary"]] if c["summary"] else []
    lines += [p["number"] for p in c["phones"]]
    lines += [value for value in (c["website"], c["hours"]) if value]
    return "\n".join(lines)[:4000]
