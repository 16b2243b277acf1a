"""`netreach crisis-scan`: moderation's command, its arguments passed through untouched."""

from __future__ import annotations

import argparse
from typing import Any

from moderation.cli import crisis_scan_main


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "crisis-scan", help="assess messages on standard input for crisis signals", add_help=False
    )
    p.set_defaults(func=None, passthrough=cmd_crisis_scan)


def cmd_crisis_scan(args: argparse.Namespace, rest: list[str]) -> int:
    return crisis_scan_main(rest)
