"""Every text the widget (frame.js), the duty console (console.js) and the supervisor console
(supervisor.js, with staffchat.js shared by both consoles) show.

The server translates these tables per language (`server.i18n.translate_table`) and passes them to
the page as `config.strings`. Placeholders are `{name}` and are filled in by the browser as plain
text. Keys are the contract with widget/src/*.js: a key used there must exist here
(tests/test_translations.py checks it).
"""

from __future__ import annotations

from server.i18n import N_

# Error texts keyed by the protocol's error codes (docs/protocol.md), plus the browser's own
# "timeout" (no ack in time), "offline" and "empty" (nothing to send).
_VISITOR_ERRORS: dict[str, str] = {
    "error_invalid": N_("This message could not be sent. Please change it and try again."),
    "error_too_long": N_(
        "Your message is too long: at most {max} characters. Please shorten it or split it in two."
    ),
    "error_payload_too_large": N_("This message is too large to send. Please shorten it."),
    "error_rate_limited": N_(
        "You are sending messages very quickly. Your message will go out in {seconds} s."
    ),
    "error_unknown_event": N_("Something went wrong. Please try again."),
    "error_not_found": N_("This conversation no longer exists. You can start a new one."),
    "error_forbidden": N_("This is not allowed."),
    "error_closed": N_("This conversation has ended. You can start a new one."),
    "send_as_new_chat": N_("Send it in a new chat"),
    "error_blocked": N_(
        "This chat is not available to you right now. If you are in danger, please call {number}: it is free and answers day and night."
    ),
    "error_unavailable": N_(
        "We are having technical trouble. Your message is kept and will be sent again in a moment."
    ),
    "error_timeout": N_(
        "No answer from the server yet. Your message is kept and will be sent as soon as the connection works."
    ),
    "error_offline": N_(
        "You are offline. Your message is kept and will be sent when the connection is back."
    ),
    "error_empty": N_("Write a message first."),
    "error_generic": N_("Something went wrong. Please try again."),
}

WIDGET_STRINGS: dict[str, str] = {
    "title": N_("Anonymous chat"),
    "language": N_("Language"),
    "lang_name_pl": N_("Polski"),
    "lang_name_en": N_("English"),
    "lang_name_uk": N_("Українська"),
    "minimise": N_("Minimise chat"),
    "emergency_question": N_("In danger now?"),
    "emergency_call": N_("Call {number}"),
    "quick_exit": N_("Quick exit"),
    "quick_exit_hint": N_(
        "Leaves this page at once and clears this chat from the browser tab. You can also press Esc three times."
    ),
    "welcome_title": N_("Hi, you can talk to us here"),
    "welcome_text": N_(
        "An outreach worker will answer you: a social worker who helps people online. It is anonymous: "
        "we do not ask for your name, e-mail or phone number and we do not store your IP address. "
        "You can end the chat whenever you want."
    ),
    "nickname_label": N_("What should we call you? (optional)"),
    "nickname_placeholder": N_("a nickname, not your real name"),
    "message_label": N_("Your message"),
    "message_placeholder": N_("Write what is on your mind…"),
    "message_placeholder_offduty": N_("Leave a message for the next shift…"),
    "send": N_("Send"),
    "counter": N_("{count} / {max}"),
    "sending": N_("Sending…"),
    "not_sent": N_("Not sent"),
    "you": N_("You"),
    "networker": N_("Outreach worker"),
    "conn_connecting": N_("Connecting…"),
    "conn_reconnecting": N_(
        "Connection lost. Reconnecting… Your messages are kept and will be sent."
    ),
    "conn_blocked": N_(
        "This chat is not available to you right now. If you are in danger, please call {number}: it is free and answers day and night."
    ),
    "queue_first": N_("You are first in the queue. An outreach worker will be with you soon."),
    "queue_position": N_("You are number {position} in the queue."),
    "queue_position_soon": N_(
        "You are number {position} in the queue, less than a minute to wait."
    ),
    "queue_position_wait": N_(
        "You are number {position} in the queue, about {minutes} min to wait."
    ),
    "queue_waiting": N_(
        "Your message has been sent. Please wait, an outreach worker will answer soon."
    ),
    # queued while nobody is on duty: never promise an answer soon
    "queue_offduty": N_(
        "You are in the queue, but nobody is on duty right now, so nobody can answer in the chat yet. Your message is kept for the next shift."
    ),
    "active_with": N_("You are talking with {name}."),
    "active_with_anon": N_("You are talking with an outreach worker."),
    "typing": N_("The outreach worker is typing…"),
    "typing_named": N_("{name} is typing…"),
    "requeued": N_(
        "The outreach worker had to leave. You are back at the front of the queue, the next free outreach worker will answer you."
    ),
    "requeued_offduty": N_(
        "The outreach worker had to leave and nobody else is on duty right now, so nobody can answer in the chat. If you are in danger, call {number} now."
    ),
    # the emergency card of a crisis reply (Message.emergency)
    "sos_label": N_("Emergency contacts: tap a number to call"),
    "closed": N_("The chat has ended."),
    "closed_by_staff": N_("The outreach worker has ended the chat."),
    "closed_by_visitor": N_("You have ended the chat."),
    "new_chat": N_("Start a new conversation"),
    "end_chat": N_("End chat"),
    "end_confirm": N_("End this chat? The outreach worker will see that you have left."),
    "end_yes": N_("Yes, end the chat"),
    "cancel": N_("Cancel"),
    "erase_chat": N_("Delete my conversation"),
    "erase_confirm": N_(
        "Delete this conversation for good? Everything you and the outreach worker wrote is erased "
        "from our server. This cannot be undone."
    ),
    "erase_yes": N_("Yes, delete it"),
    "erased": N_("Your conversation was deleted from our server."),
    "quick_exit_erase": N_("Exit and delete"),
    "quick_exit_erase_hint": N_(
        "Leaves this page at once and deletes this conversation from our server."
    ),
    "privacy_link": N_("Privacy: what we keep and how to delete it"),
    "offduty_title": N_("Nobody is on duty right now"),
    "offduty_hours": N_("Outreach workers are here:"),
    "hours_line": N_("{days}, {from}–{to}"),
    "hours_zone": N_("Times in your time zone: {zone}"),
    "hours_none": N_("No duty hours are planned for the next 7 days."),
    "offduty_emergency": N_("If you are in danger, call {number} now."),
    "offduty_lines": N_("You can also talk to someone now:"),
    "offduty_leave": N_(
        "You can leave a message: the next outreach worker on duty will read it and answer. After "
        "you write, take a code: with it you can read the answer later, in any browser, under "
        "“I have a code”."
    ),
    "offduty_waiting": N_(
        "Your message is waiting for the next shift. The first outreach worker on duty will answer "
        "in this chat. To read the answer later, also on another device, take a code below and "
        "enter it under “I have a code”."
    ),
    # the case: resume codes (docs/protocol.md "the case")
    "case_offer_closed": N_(
        "Want to continue later with the same people knowing your story? Take a code."
    ),
    "case_offer_offduty": N_(
        "Take a code now: with it you can read the answer later, even after closing this page."
    ),
    "case_get": N_("Get a code to continue later"),
    "case_get_new": N_("Get a new code (the old one stops working)"),
    "case_code_is": N_("Your code: {code}"),
    "case_private": N_("Keep the code to yourself: anyone who has it can read this conversation."),
    "case_how": N_(
        "To come back, open the chat anywhere, choose “I have a code” and type it. Letters can "
        "be small or capital, dashes do not matter."
    ),
    "resume_open": N_("I have a code"),
    "resume_label": N_("Your code"),
    "resume_placeholder": N_("e.g. 7K3M-Q9TD-XW2R"),
    "resume_submit": N_("Continue"),
    "case_wrong": N_("This code does not work. Check it and try again."),
    "case_rate_limited": N_("Too many tries. Please try again in {minutes} min."),
    "case_busy": N_("End the chat you have open here first, then enter the code."),
    "case_erased": N_(
        "The conversation of this code was deleted at your request. Nothing of it is kept. You "
        "can start a new chat."
    ),
    "case_have": N_(
        "You have a code for this conversation: it still works. Keep it to yourself; you need no "
        "new one."
    ),
    **_VISITOR_ERRORS,
    # a shared resource card (widget/src/resources_ui.js)
    "card_label": N_("Resource"),
    "card_unavailable": N_(
        "This entry is no longer available. Ask the outreach worker for current information."
    ),
    "card_call": N_("Call"),
    "card_hours": N_("Hours"),
    "card_website": N_("Website"),
    "card_open": N_("More information"),
}

# The one list of topic names: conversation topics (server/db/models.py TOPICS) and library
# topics (RESOURCE_TOPICS, which adds "crisis") on every screen — the duty console's tags and
# filters, the review page, the resource library pages, canned replies' tags — so a topic is
# called the same everywhere.
TOPIC_NAMES: dict[str, str] = {
    "legal": N_("Legal advice"),
    "hiv_sti": N_("HIV and STI"),
    "addiction": N_("Addiction"),
    "mental_health": N_("Mental health"),
    "crisis": N_("Crisis help"),
    "violence": N_("Violence"),
    "housing": N_("Housing"),
    "other": N_("Other"),
}

# Crisis words both consoles (and the past-escalations page) use, so each means one thing.
_CRISIS_STRINGS: dict[str, str] = {
    "risk_concern": N_("Concern"),
    "risk_high": N_("High risk"),
    "risk_imminent": N_("Imminent danger"),
    "category_self_harm": N_("Suicide or self-harm"),
    "category_overdose": N_("Overdose or medical emergency"),
    "category_violence": N_("Violence or abuse"),
    "category_child_abuse": N_("Abuse of a child"),
    "category_medical": N_("Medical emergency"),
    "category_sexual_violence": N_("Sexual violence"),
    "category_unspecified": N_("Not specified"),
}

CONSOLE_STRINGS: dict[str, str] = {
    "conn_connecting": N_("Connecting…"),
    "conn_reconnecting": N_(
        "Connection lost. Reconnecting… Unsent replies are kept and will be sent."
    ),
    "conn_forbidden": N_("Your session has ended."),
    "conn_signed_out": N_("You have been signed out. Opening the login page…"),
    "log_in_again": N_("Log in again"),
    "duty_heading": N_("Duty"),
    "duty_on": N_("You are on duty. Chats: {load} of {capacity}."),
    "duty_off": N_("You are off duty."),
    "capacity_label": N_("Chats at once (1–10)"),
    "auto_assign_label": N_("Assign chats to me automatically"),
    "duty_start": N_("Go on duty"),
    "duty_update": N_("Save"),
    "duty_stop": N_("Go off duty"),
    "duty_released": N_("Chats handed back to the queue: {count}."),
    "notify_new_chat": N_("New chat"),
    "notify_message": N_("New message in a chat"),
    "notify_heading": N_("Notifications"),
    "notify_sound": N_("Sound"),
    "notify_desktop": N_("Desktop"),
    "notify_kind_chat": N_("A new chat for me"),
    "notify_kind_message": N_("A new message in a chat in the background"),
    "notify_kind_escalation": N_("A crisis escalation"),
    "notify_denied": N_(
        "The browser does not allow notifications from this page: allow them in the site "
        "settings and switch them on again."
    ),
    "notify_unsupported": N_("This browser cannot show desktop notifications."),
    "unread_count": N_("{count} new"),
    "queue_heading": N_("Queue"),
    "queue_count": N_("({count} waiting)"),
    "queue_empty_list": N_("Nobody is waiting."),
    "take_next": N_("Take next"),
    "take": N_("Take"),
    "take_aria": N_("Take the chat with {name}, number {position} in the queue"),
    "at_capacity_note": N_(
        "You have {load} of {capacity} chats open: end one (or raise your limit) to take another."
    ),
    "urgent": N_("Urgent"),
    "fact_language": N_("language: {language}"),
    "fact_site": N_("site: {site}"),
    "requeued_tag": N_("Handed back"),
    "vanished_tag": N_("Visitor went away"),
    "waiting": N_("Waiting"),
    "anonymous": N_("Anonymous visitor"),
    "visitor": N_("Visitor"),
    "you": N_("You"),
    "chats_heading": N_("My chats"),
    "chats_count": N_("({count} open)"),
    "chats_empty": N_("You have no open chats. Take one from the queue."),
    # the list of my chats beside the chat in front (widget/src/chatlist.js)
    "chatlist_open": N_("Open chats, most urgent first"),
    "since_now": N_("just now"),
    "recent_heading": N_("Recent"),
    "recent_hint": N_("Ended chats and chats no longer yours, read only."),
    "row_escalated": N_("Crisis"),
    "row_closed": N_("Ended"),
    "row_requeued": N_("Back in the queue"),
    "row_unassigned": N_("No longer yours"),
    "row_reassigned": N_("Now with {name}"),
    "row_handed_over": N_("Handed to {name}"),
    "announce_new_chat": N_("New chat with {name}."),
    "announce_new_urgent_chat": N_(
        "Urgent: a new chat with {name} (crisis signal). It is first in your list."
    ),
    "announce_escalation": N_(
        "Crisis escalation in the chat with {name}. It is first in your list."
    ),
    "announce_chat_left": N_("The chat with {name} is no longer open."),
    "announce_offer": N_(
        "{name} offers you the chat with {visitor}: accept or decline within a minute."
    ),
    "notify_new_urgent_chat": N_("New urgent chat"),
    "notify_offer": N_("A colleague offers you a chat"),
    # confirmations before chats go back to the queue
    "confirm_duty_title": N_("Go off duty?"),
    "confirm_duty_text": N_(
        "Open chats that go back to the front of the queue, their visitors told: {count}."
    ),
    "confirm_duty_cancel": N_("Stay on duty"),
    "confirm_duty_ok": N_("Go off duty and hand them back"),
    "confirm_logout_title": N_("Log out?"),
    "confirm_logout_text": N_(
        "Unless you are logged in elsewhere, you go off duty and these open chats go back to the "
        "queue: {count}."
    ),
    "confirm_logout_cancel": N_("Stay logged in"),
    "confirm_logout_ok": N_("Log out and hand them back"),
    "away_released": N_(
        "While you were away, chats of yours went back to the queue (the last at {time}): {count}. "
        "Their visitors were told; colleagues may have taken them."
    ),
    "away_dismiss": N_("I understand"),
    "online": N_("Online"),
    "offline": N_("Offline"),
    "typing_visitor": N_("The visitor is typing…"),
    "message_label": N_("Reply"),
    "message_placeholder": N_("Write a reply… (Enter sends, Shift+Enter adds a new line)"),
    "send": N_("Send"),
    "counter": N_("{count} / {max}"),
    "sending": N_("Sending…"),
    "not_sent": N_("Not sent"),
    "dismiss": N_("Remove from view"),
    "status_closed": N_("This chat has ended (read only)."),
    "status_requeued": N_("This chat went back to the queue (read only)."),
    "status_unassigned": N_("This chat is no longer assigned to you (read only)."),
    "reason_visitor_left": N_("The visitor left."),
    "reason_closed_by_staff": N_("Closed by a networker."),
    "reason_networker_off_duty": N_("You went off duty."),
    "reason_networker_disconnected": N_("You were disconnected for too long."),
    "close_summary": N_("Close the chat…"),
    "outcome_label": N_("Outcome"),
    "close_choose_outcome": N_("Choose an outcome"),
    "topics_label": N_("Topics"),
    "close_chat": N_("Close the chat"),
    "outcome_helped": N_("Helped"),
    "outcome_information_given": N_("Information given"),
    "outcome_referred": N_("Referred"),
    "outcome_visitor_left": N_("Visitor left"),
    "outcome_no_response": N_("No response"),
    "outcome_abusive": N_("Abusive"),
    "outcome_other": N_("Other"),
    # the topics, as everywhere (TOPIC_NAMES)
    **{f"topic_{key}": name for key, name in TOPIC_NAMES.items()},
    # crisis risk and escalations (issue 5)
    **_CRISIS_STRINGS,
    "notify_escalation": N_("Crisis escalation"),
    "escalation_raised": N_("Crisis escalation ({severity}): supervisors have been alerted."),
    "escalation_overdue": N_(
        "Crisis escalation ({severity}): no supervisor has acknowledged it yet; it was announced again."
    ),
    "escalation_acknowledged": N_("A supervisor ({name}) acknowledged the crisis escalation."),
    "escalation_resolved": N_("The crisis escalation was resolved: {outcome}."),
    "esc_outcome_safety_plan": N_("Safety plan made"),
    "esc_outcome_emergency_services": N_("Emergency services called"),
    "esc_outcome_referred": N_("Referred"),
    "esc_outcome_false_alarm": N_("False alarm"),
    "esc_outcome_visitor_left": N_("Visitor left"),
    "esc_outcome_other": N_("Other"),
    "escalate_summary": N_("Escalate to a supervisor…"),
    "escalate_reason": N_("Why? (supervisors see this)"),
    "escalate_placeholder": N_("What worries you in this chat"),
    "escalate": N_("Escalate"),
    "escalate_reason_needed": N_("Write a reason first."),
    "escalate_done": N_("Escalated. Supervisors have been alerted."),
    "status_reassigned": N_("A supervisor handed this chat to {name} (read only)."),
    # handover (docs/protocol.md, "Handover")
    "status_handed_over": N_("You handed this chat to {name} (read only)."),
    "handover_summary": N_("Transfer to a colleague…"),
    "handover_to": N_("Colleague"),
    "handover_choose": N_("Choose a colleague"),
    "handover_none": N_(
        "Nobody can take this chat now: no colleague on duty has a free place and no supervisor is connected."
    ),
    "handover_target": N_("{name} ({load} of {capacity} chats)"),
    "handover_target_supervisor": N_("{name}, supervisor"),
    "handover_note": N_("Handover note (the colleague reads it first; the visitor never sees it)"),
    "handover_note_placeholder": N_("What matters so far, what was promised, what to watch for"),
    "handover_note_needed": N_("Choose a colleague and write a note first."),
    "handover_offer": N_("Offer the chat"),
    "handover_offered": N_(
        "Offered to {name}. The chat stays with you until they accept (at most a minute)."
    ),
    "handover_accepted": N_("{name} accepted the chat."),
    "handover_declined": N_("{name} declined. The chat stays with you."),
    "handover_expired": N_("{name} did not accept within a minute. The chat stays with you."),
    "offers_heading": N_("Chats offered to you"),
    "offer_from": N_("{name} offers you a chat with {visitor}"),
    "offer_note": N_("Note:"),
    "offer_left": N_("{seconds} s left to answer"),
    "offer_accept": N_("Accept"),
    "offer_decline": N_("Decline"),
    "offer_accept_aria": N_("Accept the chat with {visitor} from {name}"),
    "offer_decline_aria": N_("Decline the chat with {visitor} from {name}"),
    "offer_accept_off_duty": N_("Go on duty to accept a chat."),
    "handover_note_from": N_("Handover note from {name}:"),
    "reason_handover": N_("Handed over."),
    "reason_blocked": N_("The visitor was blocked."),
    # blocking a visitor (docs/protocol.md, "Blocks")
    "block_summary": N_("Block this visitor…"),
    "block_reason": N_("Reason (supervisors see it)"),
    "block_reason_placeholder": N_("For example: threats, repeated abuse"),
    "block_hours": N_("For how long"),
    "block_hours_1": N_("1 hour"),
    "block_hours_24": N_("24 hours"),
    "block_hours_72": N_("3 days"),
    "block_hours_168": N_("7 days"),
    "block_button": N_("Block and end the chat"),
    "block_reason_needed": N_("Write a reason first."),
    "block_done": N_("Blocked until {until}."),
    "error_handover_pending": N_("This chat already has a handover offer waiting for an answer."),
    "error_handover_closed": N_("This handover offer is no longer open."),
    "error_invalid": N_("The request was refused as invalid. Please check it and try again."),
    "error_too_long": N_("The reply is too long: at most {max} characters."),
    "error_payload_too_large": N_("The reply is too large to send."),
    "error_rate_limited": N_("Too many requests. It will be sent again in {seconds} s."),
    "error_unknown_event": N_("The server did not recognise the request."),
    "error_not_found": N_("This conversation does not exist."),
    "error_forbidden": N_("You are not allowed to do that."),
    "error_closed": N_("This conversation has ended."),
    "error_erased": N_(
        "This conversation was erased at the visitor's request: nothing can be added."
    ),
    "error_not_on_duty": N_("Go on duty first."),
    "error_at_capacity": N_(
        "You have as many chats as your capacity allows. Close one or raise your capacity."
    ),
    "error_queue_empty": N_("Nobody is waiting in the queue."),
    "error_taken": N_("Someone else has just taken this conversation."),
    "error_blocked": N_("This visitor is blocked."),
    "error_unavailable": N_(
        "The server is having trouble. Unsent replies are kept and will be sent again."
    ),
    "error_timeout": N_(
        "No answer from the server yet. Unsent replies are kept and will be sent again."
    ),
    "error_offline": N_("You are offline. Try again when the connection is back."),
    "error_empty": N_("Write a reply first."),
    "error_generic": N_("Something went wrong. Please try again."),
    # a shared resource card (widget/src/resources_ui.js)
    "card_label": N_("Resource"),
    "card_unavailable": N_(
        "This entry is no longer available. Ask the networker for current information."
    ),
    "card_call": N_("Call"),
    "card_hours": N_("Hours"),
    "card_website": N_("Website"),
    "card_open": N_("More information"),
    # the console's search-and-share panel
    "res_summary": N_("Share a resource"),
    "res_search_label": N_("Search the library"),
    "res_topic_label": N_("Topic"),
    "res_all_topics": N_("All topics"),
    **{f"res_topic_{key}": name for key, name in TOPIC_NAMES.items()},
    "res_search": N_("Search"),
    "res_searching": N_("Searching…"),
    "res_found": N_("Entries found: {count}"),
    "res_none": N_("Nothing found. Try other words or another topic."),
    "erased_by_visitor": N_("This conversation was erased at the visitor's request."),
    "erased_retention": N_("This conversation was erased: its retention period ended."),
    "res_share": N_("Share in this chat"),
    "res_share_aria": N_("Share {name} in this chat"),
    "res_shared": N_("Shared."),
    "res_library": N_("Resource library"),
    # the case panel (widget/src/case_ui.js): history and private notes
    "case_heading": N_("Case history and notes"),
    "case_heading_returning": N_("Returning visitor: earlier conversations ({count})"),
    "case_first": N_("This is the first conversation of this case."),
    "case_has_code": N_("The visitor has a resume code."),
    "case_notes": N_("Notes on the case"),
    "conv_notes": N_("Notes on this chat"),
    "case_earlier_heading": N_("Earlier conversations"),
    "case_with": N_("with {name}"),
    "case_nobody": N_("nobody took it"),
    "case_status_queued": N_("waiting in the queue"),
    "case_status_active": N_("open"),
    "case_escalation": N_("Escalation: {severity} ({categories})"),
    "case_transcript_open": N_("Open the transcript"),
    "case_transcript_hide": N_("Hide the transcript"),
    "note_placeholder": N_("Private: only staff see notes. Plain text."),
    "note_add_case": N_("Add a note to the case"),
    "note_add_conv": N_("Add a note to this chat"),
    "note_save": N_("Save the note"),
    "note_empty": N_("Write the note first."),
    "note_summary": N_("Summary"),
    "note_edited": N_("edited {time}"),
    "note_versions": N_("Earlier versions ({count})"),
    "note_edit": N_("Edit the note"),
    "note_cancel": N_("Cancel"),
    "close_summary_note": N_("Summary note (optional, staff only)"),
    # referrals (widget/src/referrals_ui.js, case_ui.js, resources_ui.js)
    "referrals_heading": N_("Referrals"),
    "referrals_none": N_("No referrals yet. Record one when sharing a library entry."),
    "referrals_due_heading": N_("Referrals to follow up"),
    "referrals_due_none": N_("No referral is due for follow-up."),
    "referrals_refresh": N_("Refresh"),
    "referral_status": N_("Status"),
    "referral_follow_up": N_("Follow up on"),
    "referral_history": N_("Status history"),
    "referral_due": N_("Follow-up due since {day}"),
    "referral_someone": N_("a former staff member"),
    "referral_entry_gone": N_("An entry no longer in the library"),
    "referral_status_suggested": N_("Suggested"),
    "referral_status_contacted": N_("Contacted"),
    "referral_status_accepted": N_("Accepted"),
    "referral_status_attended": N_("Attended"),
    "referral_status_declined": N_("Declined"),
    "referral_status_no_response": N_("No response"),
    "res_refer": N_("Also record a suggested referral of this case"),
    "res_shared_referred": N_("Shared, and the referral is recorded."),
    # canned replies in the composer (widget/src/canned_ui.js)
    "canned_label": N_("Canned replies"),
    "canned_hint": N_("Type / at the start to insert a canned reply."),
    "canned_loading": N_("Loading canned replies…"),
    "canned_count": N_(
        "{count} canned replies: up and down arrows to choose, Enter to insert, Esc to close."
    ),
    "canned_count_all": N_(
        "{count} canned replies in all languages (none in this chat's language): up and down "
        "arrows to choose, Enter to insert, Esc to close."
    ),
    "canned_none": N_("No canned reply matches."),
    "canned_inserted": N_("Inserted: {title}. Edit it before sending."),
    "error_resource_not_found": N_("This library entry does not exist."),
    "error_resource_unavailable": N_(
        "This entry is not vetted or is past its review date, so it cannot be shared."
    ),
}


SUPERVISOR_STRINGS: dict[str, str] = {
    **_CRISIS_STRINGS,
    # canned replies' topic tags in the supervisor's composer (canned_ui.js)
    **{f"topic_{key}": name for key, name in TOPIC_NAMES.items()},
    "conn_connecting": CONSOLE_STRINGS["conn_connecting"],
    "conn_reconnecting": CONSOLE_STRINGS["conn_reconnecting"],
    "conn_forbidden": CONSOLE_STRINGS["conn_forbidden"],
    "conn_signed_out": CONSOLE_STRINGS["conn_signed_out"],
    "log_in_again": CONSOLE_STRINGS["log_in_again"],
    "esc_heading": N_("Open escalations"),
    "esc_count": N_("({count} open)"),
    "esc_empty": N_("No open escalations."),
    "notify_escalation": CONSOLE_STRINGS["notify_escalation"],
    **{
        key: CONSOLE_STRINGS[key]
        for key in (
            "notify_heading",
            "notify_sound",
            "notify_desktop",
            "notify_kind_escalation",
            "notify_denied",
            "notify_unsupported",
        )
    },
    "announce_new": N_("New crisis escalation: {severity}, {categories}."),
    "announce_updated": N_("An open escalation got stronger: {severity}."),
    "announce_overdue": N_("Not acknowledged for {time}: escalation ({severity})."),
    "announce_waiting": N_("{count} escalations are waiting to be acknowledged."),
    "announce_acknowledged": N_("Escalation acknowledged by {name}."),
    "announce_resolved": N_("Escalation resolved by {name}."),
    "show": N_("Show"),
    "since_raised": N_("Raised"),
    "overdue": N_("Overdue"),
    "status_raised": N_("Waiting to be acknowledged"),
    "status_acknowledged": N_("Acknowledged"),
    "status_resolved": N_("Resolved"),
    "acknowledged_by": N_("Acknowledged by {name} after {time}"),
    "conv_queued": N_("In the queue"),
    "conv_active": N_("Chat open"),
    "conv_closed": N_("Chat ended"),
    "networker_is": N_("Networker: {name}"),
    "in_queue": N_("No networker yet"),
    "no_networker": N_("No networker"),
    "categories": N_("Categories"),
    "matched": N_("Matched words"),
    "excerpt": N_("Message"),
    "manual_reason": N_("Reason given"),
    "source": N_("Raised"),
    "source_auto": N_("automatically"),
    "source_manual": N_("by hand"),
    "ack": N_("Acknowledge"),
    "open": N_("Open the chat"),
    "open_aria": N_("Open the chat with {name}, number {position} in the queue"),
    "join": N_("Join the chat"),
    "takeover": N_("Take over"),
    "reassign_label": N_("Reassign to a networker on duty"),
    "reassign_choose": N_("Choose a networker"),
    "reassign_nobody": N_("Nobody else is on duty"),
    "reassign": N_("Reassign"),
    "team_option": N_("{name} ({load} of {capacity})"),
    "team_full": N_("full"),
    "resolve_summary": N_("Resolve…"),
    "resolve_outcome": N_("Outcome"),
    "resolve_choose": N_("Choose an outcome"),
    "resolve_note": N_("Note (optional)"),
    "resolve": N_("Resolve"),
    "outcome_safety_plan": CONSOLE_STRINGS["esc_outcome_safety_plan"],
    "outcome_emergency_services": CONSOLE_STRINGS["esc_outcome_emergency_services"],
    "outcome_referred": CONSOLE_STRINGS["esc_outcome_referred"],
    "outcome_false_alarm": CONSOLE_STRINGS["esc_outcome_false_alarm"],
    "outcome_visitor_left": CONSOLE_STRINGS["esc_outcome_visitor_left"],
    "outcome_other": CONSOLE_STRINGS["esc_outcome_other"],
    "done_joined": N_("You joined the chat: the visitor and the networker see your messages."),
    "done_takeover": N_("You took over the chat. It is also in your duty console."),
    "done_reassigned": N_("The chat was handed to {name}."),
    "done_resolved": N_("Escalation resolved."),
    "watch_none": N_("Open a chat to read it here."),
    "watch_heading": N_("Chat with {name}"),
    "watch_close": N_("Close"),
    "watch_loading": N_("Loading…"),
    "watch_readonly": N_("Read only. Join the chat to write."),
    "watch_queued": N_("Waiting in the queue (read only)."),
    "watch_joined": N_("You have joined: the visitor sees your messages."),
    "watch_mine": N_("This chat is assigned to you."),
    "watch_closed": N_("This chat has ended (read only)."),
    "message_label": CONSOLE_STRINGS["message_label"],
    "message_placeholder": CONSOLE_STRINGS["message_placeholder"],
    "send": CONSOLE_STRINGS["send"],
    "counter": CONSOLE_STRINGS["counter"],
    "sending": CONSOLE_STRINGS["sending"],
    "not_sent": CONSOLE_STRINGS["not_sent"],
    "you": CONSOLE_STRINGS["you"],
    "visitor": CONSOLE_STRINGS["visitor"],
    "anonymous": CONSOLE_STRINGS["anonymous"],
    # handover offers made to me (widget/src/handover_ui.js, shared with the duty console)
    **{key: CONSOLE_STRINGS[key] for key in ("offers_heading", "offer_from", "offer_note")},
    **{key: CONSOLE_STRINGS[key] for key in ("offer_left", "offer_accept", "offer_decline")},
    **{key: CONSOLE_STRINGS[key] for key in ("offer_accept_aria", "offer_decline_aria")},
    "queue_heading": CONSOLE_STRINGS["queue_heading"],
    "queue_count": CONSOLE_STRINGS["queue_count"],
    "queue_empty_list": CONSOLE_STRINGS["queue_empty_list"],
    "urgent": CONSOLE_STRINGS["urgent"],
    "fact_language": CONSOLE_STRINGS["fact_language"],
    "fact_site": CONSOLE_STRINGS["fact_site"],
    "requeued_tag": CONSOLE_STRINGS["requeued_tag"],
    "vanished_tag": CONSOLE_STRINGS["vanished_tag"],
    "burst_banner": N_(
        "Possible flood: {count} escalations from new visitors in the last {minutes} minutes."
    ),
    "burst_hint": N_("Each one is still listed below and may be real: check every one."),
    "burst_tag": N_("Possible flood"),
    "waiting": CONSOLE_STRINGS["waiting"],
    "team_heading": N_("On duty"),
    "team_count": N_("({count} on duty)"),
    "team_empty": N_("Nobody is on duty."),
    "team_load": N_("{load} of {capacity} chats"),
    "team_off": N_("off duty, {load} chats still open"),
    "role_networker": N_("Networker"),
    "role_supervisor": N_("Supervisor"),
    "role_admin": N_("Admin"),
    "erased_by_visitor": CONSOLE_STRINGS["erased_by_visitor"],
    "erased_retention": CONSOLE_STRINGS["erased_retention"],
    **{key: text for key, text in CONSOLE_STRINGS.items() if key.startswith(("error_", "canned_"))},
}
