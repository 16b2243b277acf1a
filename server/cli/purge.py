"""`netreach purge [--dry-run]`: apply the retention settings now and print what was removed
(the server also does this once a day, on one node)."""

from __future__ import annotations

import argparse
from typing import Any

from server.actions.privacy import PurgeReport, do_purge, purge_lines
from server.actions.site import do_refresh_site_settings
from server.cli.common import run_offline
from server.services import Services


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "purge",
        help="erase closed transcripts, escalation texts and audit entries past their "
        "retention (set on /admin/settings, else NETREACH_RETENTION_*) and print what was "
        "removed",
    )
    p.add_argument(
        "--dry-run", action="store_true", help="only count what would be removed; change nothing"
    )
    p.set_defaults(func=cmd_purge)


def cmd_purge(args: argparse.Namespace) -> int:
    async def purge(svc: Services) -> PurgeReport:
        # the retention periods in effect: those set on the web, else the environment's
        await do_refresh_site_settings(svc)
        return await do_purge(svc, dry_run=args.dry_run)

    report = run_offline(purge)
    for line in purge_lines(report, args.dry_run):
        print(line)
    return 0
