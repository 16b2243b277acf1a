"""Names spelled in more than one module: cookies, the CSRF form field and header, staff roles.

Import them from here (never write the literal again), so a rename is one line."""

from __future__ import annotations

# --- cookies ---------------------------------------------------------------------------------
SESSION_COOKIE = "nr_session"  # a staff session (HttpOnly, SameSite=Lax); only its hash is stored
# signed "this browser logged in as <username> before" (HttpOnly, SameSite=Strict): exempts it
# from the lockout of unknown clients; nothing of it is stored (server/actions/staff.py)
DEVICE_COOKIE = "nr_device"
# a login between its password step and its second factor (HttpOnly, SameSite=Strict, signed,
# 10 minutes): opens the code or enrolment step and nothing else (server/actions/staff.py)
PENDING_LOGIN_COOKIE = "nr_login"
CSRF_COOKIE = "nr_csrf"  # the double-submit token (HttpOnly, SameSite=Strict)
LANG_COOKIE = "nr_lang"  # an explicit language choice (readable by scripts)

# --- CSRF: where an unsafe request carries the token -----------------------------------------
CSRF_FIELD = "csrf_token"  # the hidden form field
CSRF_HEADER = "X-CSRF-Token"  # for fetch / JSON requests

# --- staff roles -----------------------------------------------------------------------------
NETWORKER = "networker"
SUPERVISOR = "supervisor"
ADMIN = "admin"
ROLES = (NETWORKER, SUPERVISOR, ADMIN)  # every role, least to most rights
SUPERVISOR_ROLES = (SUPERVISOR, ADMIN)  # may supervise: escalations, review of resources
ADMIN_ROLES = (ADMIN,)  # may change staff accounts and read the audit log

# --- handover and blocks (server/actions/handover.py, server/actions/blocks.py) ---------------
HANDOVER_SECONDS = 60  # a handover offer not accepted within this expires: the chat stays put
BLOCK_DEFAULT_HOURS = 24  # a visitor block lasts this long unless staff choose otherwise
BLOCK_MAX_HOURS = 720  # at most 30 days; a supervisor lifts a block earlier
