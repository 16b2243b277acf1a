"""Errors an action refuses with. The realtime and HTTP layers turn them into clear replies."""

from __future__ import annotations

from typing import Any

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
    "canned_lang": N_("Choose the reply's language: Polish, English or Ukrainian."),
    "canned_title": N_("Give the reply a title of at most %(max)s characters."),
    "canned_text": N_("Write the reply's text: at most %(max)s characters."),
    "canned_topics": N_(
        "Topics: at most %(count)s, separated by commas, each at most %(max)s characters."
    ),
}


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
        template = gettext(self.template, lang)
        try:
            return template % self.params if self.params else template.replace("%%", "%")
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
