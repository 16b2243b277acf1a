"""`netreach purge [--dry-run]`: apply the retention settings now and print what was removed
(the server also does this once a day, on one node)."""

from __future__ import annotations

import argparse
from typing import Any

from server.actions.privacy import do_purge, purge_lines
from server.cli.common import run_offline


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "purge",
        help="erase closed transcripts, escalation texts and audit entries past their "
        "retention (NETREACH_RETENTION_*) and print what was removed",
    )
    p.add_argument(
        "--dry-run", action="store_true", help="only count what would be removed; change nothing"
    )
    p.set_defaults(func=cmd_purge)


def cmd_purge(args: argparse.Namespace) -> int:
    report = run_offline(lambda svc: do_purge(svc, dry_run=args.dry_run))
    for line in purge_lines(report, args.dry_run):
        print(line)
    return 0
