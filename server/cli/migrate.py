"""`netreach migrate`: create or upgrade the database schema."""

from __future__ import annotations

import argparse
from typing import Any

from server.cli.common import load_settings
from server.db.migrate import upgrade


def add_parser(sub: Any) -> None:
    p = sub.add_parser("migrate", help="create or upgrade the database schema")
    p.set_defaults(func=cmd_migrate)


def cmd_migrate(args: argparse.Namespace) -> int:
    settings = load_settings()
    upgrade(settings.database_url)
    print("netreach: database is up to date")
    return 0
