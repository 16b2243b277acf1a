"""Names the whole server shares: staff roles and cookie names (one place for each)."""

from __future__ import annotations

ROLES = ("networker", "supervisor", "admin")
SUPERVISOR_ROLES = ("supervisor", "admin")
"""Roles that see every escalation, the team and the supervisor pages."""

SESSION_COOKIE = "nr_session"
CSRF_COOKIE = "nr_csrf"
LANG_COOKIE = "nr_lang"
