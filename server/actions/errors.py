"""Errors an action refuses with. The realtime and HTTP layers turn them into clear replies."""

from __future__ import annotations

import contextlib
from typing import Any

from pydantic import ValidationError

from server.i18n import N_, gettext

MESSAGES: dict[str, str] = {
    "invalid": N_("The request is not valid: %(detail)s"),
    "too_long": N_("The message is too long: at most %(max)s characters."),
    "payload_too_large": N_("The request is too large."),
    "rate_limited": N_("You are sending messages too quickly. Please wait %(seconds)s seconds."),
    "unknown_event": N_("Unknown request: %(event)s"),
    "not_found": N_("This conversation does not exist."),
    "forbidden": N_("You are not allowed to do that."),
    "closed": N_("This conversation has ended."),
    "erased": N_("This conversation was erased at the visitor's request: nothing can be added."),
    "not_on_duty": N_("Go on duty first."),
    "at_capacity": N_(
        "You have as many chats as your capacity allows. Close one or raise your capacity."
    ),
    "queue_empty": N_("Nobody is waiting in the queue."),
    "taken": N_("Someone else has just taken this conversation."),
    "blocked": N_("This chat is not available."),
    "unavailable": N_("The service is having trouble. Please try again in a moment."),
    "challenge_required": N_(
        "Many chats are starting right now. Your device is doing a short check before your "
        "message is sent."
    ),
    "too_many_connections": N_(
        "This chat is open in too many windows. Close some of them and try again."
    ),
    # the case (server/actions/cases.py)
    "conversation_open": N_(
        "You have a chat open. End it before you continue an earlier one with a code."
    ),
    # handover (server/actions/handover.py) and blocks (server/actions/blocks.py)
    "handover_pending": N_("This chat already has a handover offer waiting for an answer."),
    "handover_closed": N_(
        "This handover offer is no longer open: it was answered, it expired, or the chat moved."
    ),
    # resource library (server/actions/resources.py)
    "resource_not_found": N_("This library entry does not exist."),
    "resource_unavailable": N_(
        "This entry is not vetted or is past its review date, so it cannot be shared."
    ),
    "resource_own_edit": N_(
        "You changed this entry since it was last vetted: another supervisor has to vet it."
    ),
    "resource_state": N_("This cannot be done while the entry has its current status."),
    "resource_conflict": N_(
        "Someone else changed this entry in the meantime. Reload it and apply your changes again."
    ),
    # the HSDS API and partner feeds (server/actions/resources/directory.py, feeds.py)
    "hsds_not_found": N_("No vetted, current entry of the directory has this id."),
    "feed_not_found": N_("This partner feed does not exist."),
    # canned replies (server/actions/canned.py)
    "canned_not_found": N_("This canned reply does not exist."),
    # settings on the web (server/actions/site.py)
    "settings_conflict": N_(
        "Someone else changed the settings in the meantime. Reload the page and apply your "
        "changes again."
    ),
    "canned_lang": N_("Choose the reply's language: Polish, English or Ukrainian."),
    "canned_title": N_("Give the reply a title of at most %(max)s characters."),
    "canned_text": N_("Write the reply's text: at most %(max)s characters."),
    "canned_topics": N_(
        "Topics: at most %(count)s, separated by commas, each at most %(max)s characters."
    ),
    # lexicon review (server/actions/lexicon_review.py)
    "lexicon_review_not_found": N_(
        "This review item does not exist (it may have been deleted after its retention period)."
    ),
}


# The names of the fields a person fills in (the resource editor, partner feeds, referrals,
# notes, handovers), as their forms call them, for the `invalid` refusal's detail; a field not
# named here (a socket payload's technical field) keeps its key.
FIELD_NAMES: dict[str, str] = {
    "name": N_("Name"),
    "summary": N_("One-line summary"),
    "description": N_("Description"),
    "eligibility": N_("Who can use it"),
    "cost": N_("Cost"),
    "hours": N_("Opening hours"),
    "organization_name": N_("Organisation"),
    "topics": N_("Topics"),
    "phones": N_("Phone number"),
    "number": N_("Phone number"),
    "email": N_("E-mail"),
    "links": N_("Link"),
    "url": N_("Link"),
    "label": N_("Link"),
    "schedules": N_("Opening hours"),
    "area": N_("Area"),
    "country": N_("Country (two letters)"),
    "voivodeship": N_("Voivodeship"),
    "city": N_("City"),
    "languages": N_("Languages of the service (codes such as pl en uk)"),
    "verified_on": N_("Verified on (YYYY-MM-DD)"),
    "verified_by": N_("Verified by"),
    "source": N_("Source (where the facts come from)"),
    "review_by": N_("Review by (YYYY-MM-DD)"),
    "crisis_line": N_("Crisis line"),
    "categories": N_("For crises of these kinds"),
    "kind": N_("Kind"),
    "follow_up": N_("Follow-up day"),
    "text": N_("Text"),
    "staff_id": N_("Colleague"),
    "type": N_("Kind"),
    "byday": N_("Opening hours"),
    "opens_at": N_("Opening hours"),
    "closes_at": N_("Opening hours"),
}
_IN_LANGUAGE = {"pl": N_("In Polish"), "en": N_("In English")}

# why pydantic refused a value (its error `type`), said without the library's English
_REASONS: dict[str, str] = {
    "missing": N_("this is required."),
    "string_too_short": N_("too short: at least %(min_length)s characters."),
    "string_too_long": N_("too long: at most %(max_length)s characters."),
    "too_short": N_("too few: at least %(min_length)s."),
    "too_long": N_("too many: at most %(max_length)s."),
    "literal_error": N_("choose one of the values offered."),
    "enum": N_("choose one of the values offered."),
    "extra_forbidden": N_("this field is not known."),
    "string_pattern_mismatch": N_("not in the expected form."),
    "date_parsing": N_("not a date (YYYY-MM-DD)."),
    "date_from_datetime_parsing": N_("not a date (YYYY-MM-DD)."),
    "date_from_datetime_inexact": N_("not a date (YYYY-MM-DD)."),
    "date_type": N_("not a date (YYYY-MM-DD)."),
    "bool_parsing": N_("yes or no (true or false)."),
    "bool_type": N_("yes or no (true or false)."),
    "int_parsing": N_("a whole number."),
    "int_type": N_("a whole number."),
    "int_from_float": N_("a whole number."),
    "greater_than_equal": N_("at least %(ge)s."),
    "less_than_equal": N_("at most %(le)s."),
    "greater_than": N_("more than %(gt)s."),
    "less_than": N_("less than %(lt)s."),
}
_NOT_VALID = N_("not valid.")


class Detail:
    """What is wrong with a refused input (the `invalid` refusal's `detail`), translated only
    when the message is shown, so a Polish page never shows English: `reason` is a template
    marked with N_ and filled with `params`; `field` is a key of FIELD_NAMES (shown by its
    name, with "In Polish"/"In English" for `lang_of`) or a technical key shown as it is."""

    __slots__ = ("field", "lang_of", "params", "reason")

    def __init__(self, reason: str, field: str = "", lang_of: str = "", **params: Any) -> None:
        self.reason = reason
        self.field = field
        self.lang_of = lang_of
        self.params = params

    def text(self, lang: str | None = None) -> str:
        """The detail in `lang` (None: the current language): "Name (In Polish): too long…".
        A parameter that is a Detail itself is translated too."""
        reason = gettext(self.reason, lang)
        params = {k: v.text(lang) if isinstance(v, Detail) else v for k, v in self.params.items()}
        with contextlib.suppress(KeyError, TypeError, ValueError):
            reason = reason % params if params else reason
        field = gettext(FIELD_NAMES[self.field], lang) if self.field in FIELD_NAMES else self.field
        if self.lang_of in _IN_LANGUAGE:
            field = f"{field} ({gettext(_IN_LANGUAGE[self.lang_of], lang)})"
        return f"{field}: {reason}" if field else reason

    def __str__(self) -> str:
        return self.text("en")

    def to_json(self) -> dict[str, Any]:
        """The detail as JSON, to be stored and translated when it is shown (`from_json`):
        {"reason", "field", "lang_of", "params": {name: str | int | float | {a nested detail}}}."""
        params = {k: v.to_json() if isinstance(v, Detail) else v for k, v in self.params.items()}
        return {
            "reason": self.reason,
            "field": self.field,
            "lang_of": self.lang_of,
            "params": params,
        }

    @classmethod
    def from_json(cls, data: Any) -> Detail | None:
        """The Detail stored by `to_json`, or None when `data` is not one."""
        if not isinstance(data, dict) or not isinstance(data.get("reason"), str):
            return None
        raw = data.get("params")
        params: dict[str, Any] = {}
        for k, v in (raw if isinstance(raw, dict) else {}).items():
            params[str(k)] = cls.from_json(v) if isinstance(v, dict) else v
        field, lang_of = data.get("field"), data.get("lang_of")
        return cls(
            data["reason"],
            field if isinstance(field, str) else "",
            lang_of if isinstance(lang_of, str) else "",
            **params,
        )


def validation_detail(exc: ValidationError) -> Detail:
    """The first error of a pydantic validation as a translatable Detail: the field by its
    name and the reason in words (a validator's own ValueError text is marked with N_ where it
    is raised, and translated too)."""
    first = exc.errors()[0]
    loc = [str(p) for p in first.get("loc", ())]
    names = [p for p in loc if not p.isdigit() and p not in _IN_LANGUAGE]
    field = names[-1] if names else ""
    lang_of = next((p for p in loc if p in _IN_LANGUAGE), "")
    kind = str(first.get("type", ""))
    ctx = dict(first.get("ctx") or {})
    if kind == "value_error" and "error" in ctx:
        # the validator's message: "Value error, " is pydantic's own English prefix
        return Detail(str(ctx["error"]), field, lang_of)
    params = {k: v for k, v in ctx.items() if isinstance(v, int | float | str)}
    return Detail(_REASONS.get(kind, _NOT_VALID), field, lang_of, **params)


class ActionError(Exception):
    """A refusal with a stable `code` (see docs/protocol.md) and parameters for the message."""

    def __init__(self, code: str, *, template: str | None = None, **params: Any) -> None:
        """`template`: a message (marked with N_) that says more than the code's usual one,
        e.g. `at_capacity` about a colleague rather than oneself."""
        assert code in MESSAGES, code
        super().__init__(code)
        self.code = code
        self.params = params
        self.template = template or MESSAGES[code]

    def message(self, lang: str | None = None) -> str:
        """The refusal in `lang` (None: the current language), its Detail translated too."""
        template = gettext(self.template, lang)
        params = {k: v.text(lang) if isinstance(v, Detail) else v for k, v in self.params.items()}
        try:
            return template % params if params else template.replace("%%", "%")
        except (KeyError, TypeError, ValueError):
            return template

    def to_reply(self, lang: str | None = None) -> dict[str, Any]:
        reply: dict[str, Any] = {
            "ok": False,
            "error": {"code": self.code, "message": self.message(lang)},
        }
        if self.code == "rate_limited" and "seconds" in self.params:
            reply["retry_after"] = self.params["seconds"]
        if self.code == "challenge_required" and "challenge" in self.params:
            # in the error object and, like retry_after, beside it (docs/protocol.md)
            reply["error"]["challenge"] = self.params["challenge"]
            reply["challenge"] = self.params["challenge"]
        return reply
