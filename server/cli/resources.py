"""`netreach resources …`: HSDS export and import, and the starter library.

netreach resources export --format hsds [--lang pl|en] [--all] [-o FILE]
netreach resources import FILE [--lang en|pl] [--partial]
netreach resources starter
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from server.actions.resources.hsds import do_import, do_load_starter, export_services
from server.cli.common import run_offline


def add_parser(sub: Any) -> None:
    p = sub.add_parser("resources", help="the resource library: HSDS export/import, starter set")
    rsub = p.add_subparsers(dest="resources_command", required=True)

    e = rsub.add_parser("export", help="write the library as HSDS 3.1 JSON (a list of services)")
    e.add_argument("--format", choices=("hsds",), default="hsds")
    e.add_argument(
        "--lang",
        choices=("pl", "en"),
        default="pl",
        help="language of the standard HSDS text fields",
    )
    e.add_argument(
        "--all", action="store_true", help="every entry that is not retired (default: vetted only)"
    )
    e.add_argument("-o", "--output", help="file to write (default: standard output)")
    e.set_defaults(func=cmd_export)

    i = rsub.add_parser(
        "import",
        help="read HSDS JSON; entries start as drafts; nothing is written if anything is wrong",
    )
    i.add_argument("file")
    i.add_argument(
        "--lang",
        choices=("pl", "en"),
        default="en",
        help="language of the texts in the file (default en)",
    )
    i.add_argument(
        "--partial", action="store_true", help="import the valid entries even if some are rejected"
    )
    i.set_defaults(func=cmd_import)

    s = rsub.add_parser(
        "starter", help="load the starter library (once; existing entries are kept)"
    )
    s.set_defaults(func=cmd_starter)


def cmd_export(args: argparse.Namespace) -> int:
    statuses = ("draft", "in_review", "vetted") if args.all else ("vetted",)
    services = run_offline(lambda svc: export_services(svc, args.lang, statuses))
    text = json.dumps(services, ensure_ascii=False, indent=2) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"netreach: wrote {len(services)} HSDS services to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    try:
        raw = Path(args.file).read_bytes()
    except OSError as exc:
        print(f"netreach: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    report = run_offline(
        lambda svc: do_import(
            svc,
            raw,
            default_lang=args.lang,
            partial=args.partial,
            label=f"import {Path(args.file).name}",
        )
    )
    for line in report.lines():
        print(line)
    return 0 if report.ok or (args.partial and report.error is None) else 2


def load_starter() -> list[str]:
    report = run_offline(do_load_starter)
    return list(report.added)


def cmd_starter(args: argparse.Namespace) -> int:
    added = load_starter()
    print(
        f"netreach: starter library: {len(added)} entries added"
        if added
        else "netreach: starter library already loaded"
    )
    return 0
