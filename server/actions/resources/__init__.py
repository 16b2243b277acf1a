"""The resource library: vetted entries networkers share into chats (PRODUCT.md, "Resource library").

Lifecycle: draft -> in_review -> vetted -> retired (retired -> draft to restore). Any content edit
puts the entry back to draft (a changed phone number must be vetted again). Vetting needs a
supervisor or admin who is not the entry's last editor. Visitors and chat sharing see only
vetted entries whose `review_by` date has not passed (`is_public`); expired ones are listed for
re-verification on the supervisor's page. Every change is written to `resource_history`
(who, when, what) in the same transaction.

* `model`: the validated input and vocabularies;
* `cards`: how an entry is shown (visibility, texts, the chat card, search hits);
* `library`: reading, search (SQL in `server/db/search.py`) and the lifecycle actions.

Sharing an entry into a chat is a message: `server/actions/messages.py` `do_share_resource`
(shares are recorded on the message itself, `messages.resource_id`).
"""

from server.actions.resources.cards import (
    card,
    get_cards,
    is_expired,
    is_public,
    public_path,
    resource_dict,
    share_text,
    tel_href,
    texts_for,
    today,
)
from server.actions.resources.library import (
    apply_values,
    can_edit,
    display_name,
    do_create_resource,
    do_restore_resource,
    do_retire_resource,
    do_return_resource,
    do_submit_resource,
    do_update_resource,
    do_vet_resource,
    get_counts,
    get_history,
    get_may_vet,
    get_resource,
    get_review_lists,
    history,
    jsonable_changes,
    new_resource,
    search_columns,
    search_resources,
)
from server.actions.resources.model import (
    ALWAYS_OPEN_CATEGORIES,
    CONTENT_FIELDS,
    CRISIS_LINE_CATEGORIES,
    DEFAULT_REVIEW_DAYS,
    SEARCH_LIMIT,
    SUPERVISING,
    TEXT_FIELDS,
    TOPIC_WORDS,
    LinkIn,
    PhoneIn,
    ResourceInput,
    ResourceText,
    ScheduleIn,
    check_resource_input,
    is_email,
    is_phone_number,
    is_web_link,
)

__all__ = [
    "ALWAYS_OPEN_CATEGORIES",
    "CONTENT_FIELDS",
    "CRISIS_LINE_CATEGORIES",
    "DEFAULT_REVIEW_DAYS",
    "SEARCH_LIMIT",
    "SUPERVISING",
    "TEXT_FIELDS",
    "TOPIC_WORDS",
    "LinkIn",
    "PhoneIn",
    "ResourceInput",
    "ResourceText",
    "ScheduleIn",
    "apply_values",
    "can_edit",
    "card",
    "check_resource_input",
    "display_name",
    "do_create_resource",
    "do_restore_resource",
    "do_retire_resource",
    "do_return_resource",
    "do_submit_resource",
    "do_update_resource",
    "do_vet_resource",
    "get_cards",
    "get_counts",
    "get_history",
    "get_may_vet",
    "get_resource",
    "get_review_lists",
    "history",
    "is_email",
    "is_expired",
    "is_phone_number",
    "is_public",
    "is_web_link",
    "jsonable_changes",
    "new_resource",
    "public_path",
    "resource_dict",
    "search_columns",
    "search_resources",
    "share_text",
    "tel_href",
    "texts_for",
    "today",
]
