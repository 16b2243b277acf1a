"""The `netreach` command: serve, migrate, create-user, set-password, set-role, demo, resources,
crisis-scan, purge. One module per command group; each adds its sub-commands to the parser."""

from __future__ import annotations

import argparse
import sys

from server.cli import crisis, demo, migrate, purge, resources, serve, staff


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="netreach", description="netreach: chat for online outreach in social work"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    serve.add_parser(sub)
    migrate.add_parser(sub)
    staff.add_parsers(sub)
    demo.add_parser(sub)
    resources.add_parser(sub)
    crisis.add_parser(sub)
    purge.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "crisis-scan":
        return crisis.cmd_crisis_scan(argparse.Namespace(), argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)
