"""Settings on the web (issue 18 item 2): admins change the embedding sites, the duty hours
(time zone, weekly windows, dated exceptions), the emergency number, the exit URL and the
retention periods on /admin/settings, without a restart, on every node.

Where they live: one row of `site_settings` (id 1) holds the values an admin set — only those
that differ from the environment's, so an unset one keeps following the environment — and a
version. Every node keeps what it last read on `Services.site` (a frozen `SiteSettings`, read
without awaiting by every action and page) and reads the row again when its version moved: at
once on the `site.changed` signal the changing node sends after its commit, and in any case
within a second (`do_refresh_site_settings`, from the node's session-check loop: one
primary-key read), which covers a lost signal and the embedded default's commands.
A change of what visitors are told (duty hours, the emergency number) is sent to the visitors
connected to each node as `duty.update` by that node when it reads it.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select, update

from server.actions.audit import write_audit
from server.actions.duty import duty_status, get_on_duty_count
from server.actions.errors import ActionError
from server.actions.events import announce_site_settings, emit_to_node
from server.bus import SITE_CHANGED_SIGNAL, VISITOR_NS
from server.constants import ADMIN
from server.db.models import SiteSettingsRow, Staff
from server.services import Services
from server.site import FIELDS, SiteSettings

log = logging.getLogger("netreach.site")

ROW_ID = 1


def register(svc: Services) -> None:
    """Read the settings again on this node when another node (or this one) changed them."""

    async def on_changed(_data: dict[str, Any]) -> None:
        await do_refresh_site_settings(svc)

    svc.bus.on_signal(SITE_CHANGED_SIGNAL, on_changed)


async def do_refresh_site_settings(svc: Services) -> bool:
    """Read the stored settings when their version differs from the one this node holds, and
    put them on `svc.site`; when what visitors are told changed, send `duty.update` to the
    visitors connected here. Returns whether anything was read. One primary-key read when
    nothing changed."""
    async with svc.db.read() as s:
        version = await s.scalar(
            select(SiteSettingsRow.version).where(SiteSettingsRow.id == ROW_ID)
        )
        if version is None or version == svc.site.version:
            return False
        row = await s.get(SiteSettingsRow, ROW_ID)
        if row is None:
            return False
        values, version = dict(row.values or {}), row.version
        on_duty = await get_on_duty_count(s)
    before = svc.site
    svc.site = SiteSettings.from_settings(svc.settings).with_stored(values, version)
    if svc.bus is not None and (
        before.differs(svc.site, "duty") or before.differs(svc.site, "emergency_number")
    ):
        await emit_to_node(svc, "duty.update", duty_status(svc, on_duty), VISITOR_NS)
    log.info("settings version %d in effect (%s set on the web)", version, len(values))
    return True


async def do_update_site_settings(
    svc: Services, actor_id: str, values: dict[str, Any], version: int
) -> list[str]:
    """Store the checked `values` ({name: value} for every name of `server.site.FIELDS`, from
    `server.site.check_form`) as the settings on the web. `version` is the version the form
    was made from: a change made meanwhile by someone else refuses this one
    (`settings_conflict`) rather than undoing it. A value equal to the environment's is not
    stored (it follows the environment). Audited as `settings.change` with {field: [before,
    after]}. Returns the names that changed (none: nothing written). After the commit this
    node reads the settings at once and signals the others.
    Raises ActionError("forbidden") for anyone but an active admin."""
    env = SiteSettings.from_settings(svc.settings)
    wanted = SiteSettings(**{**{n: getattr(env, n) for n in FIELDS}, **values})
    stored = {n: wanted.to_stored(n) for n in FIELDS if wanted.differs(env, n)}
    now = svc.clock.now()
    async with svc.db.write() as s:
        actor = await s.get(Staff, actor_id)
        if actor is None or not actor.is_active or actor.role != ADMIN:
            raise ActionError("forbidden")
        row = await s.get(SiteSettingsRow, ROW_ID)
        if row is None or row.version != version:
            raise ActionError("settings_conflict")
        current = SiteSettings.from_settings(svc.settings).with_stored(
            dict(row.values or {}), row.version
        )
        changed = [n for n in FIELDS if current.differs(wanted, n)]
        if not changed and stored == (row.values or {}):
            return []
        moved = await s.execute(
            update(SiteSettingsRow)
            .where(SiteSettingsRow.id == ROW_ID, SiteSettingsRow.version == version)
            .values(version=version + 1, values=stored, updated_at=now, updated_by=actor_id)
        )
        if moved.rowcount != 1:  # type: ignore[attr-defined]
            raise ActionError("settings_conflict")
        write_audit(
            s,
            now,
            actor_id,
            "settings.change",
            None,
            {n: [current.to_stored(n), wanted.to_stored(n)] for n in changed},
        )
    await do_refresh_site_settings(svc)
    if svc.bus is not None:
        await announce_site_settings(svc, version + 1)
    return changed


async def get_site_settings_info(svc: Services) -> dict[str, Any]:
    """For the settings page: {"version": the stored version, "updated_at", "updated_by"
    (display name or None), "stored": the names set on the web}."""
    async with svc.db.read() as s:
        row = await s.get(SiteSettingsRow, ROW_ID)
        if row is None:
            return {"version": 0, "updated_at": None, "updated_by": None, "stored": []}
        by = await s.get(Staff, row.updated_by) if row.updated_by else None
        return {
            "version": row.version,
            "updated_at": row.updated_at,
            "updated_by": by.display_name if by else None,
            "stored": [n for n in FIELDS if n in (row.values or {})],
        }
