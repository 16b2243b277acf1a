"""`netreach create-user | set-password | set-role | unlock | staff reset-2fa | staff invite |
staff password-link`: staff accounts."""

from __future__ import annotations

import argparse
import getpass
import secrets
import sys
from typing import Any

from server import i18n
from server.actions.staff import (
    StaffError,
    do_create_staff,
    do_set_password,
    do_set_role,
    do_unlock,
)
from server.actions.staff_links import do_invite_staff, do_issue_password_link, link_path
from server.actions.twofactor import do_reset_two_factor
from server.cli.common import load_settings, run_offline
from server.settings import Settings


def add_parsers(sub: Any) -> None:
    p = sub.add_parser("create-user", help="create a staff account")
    p.add_argument("username")
    p.add_argument("--role", choices=("networker", "supervisor", "admin"), default="networker")
    p.add_argument("--name", help="display name shown to visitors (default: the username)")
    p.add_argument("--language", choices=i18n.LANGS, default="pl")
    p.add_argument("--password", help="(avoid: visible in the process list) the password")
    p.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    p.set_defaults(func=cmd_create_user)

    p = sub.add_parser("set-password", help="set a staff account's password (ends its sessions)")
    p.add_argument("username")
    p.add_argument("--password-stdin", action="store_true")
    p.set_defaults(func=cmd_set_password)

    p = sub.add_parser("set-role", help="change a staff account's role (audited)")
    p.add_argument("username")
    p.add_argument("role", choices=("networker", "supervisor", "admin"))
    p.set_defaults(func=cmd_set_role)

    p = sub.add_parser(
        "unlock", help="lift a staff account's login lockout after failed logins (audited)"
    )
    p.add_argument("username")
    p.set_defaults(func=cmd_unlock)

    # `netreach staff reset-2fa USER` (and `netreach reset-2fa USER`, like `unlock`)
    staff = sub.add_parser("staff", help="staff account commands: invite, password-link, reset-2fa")
    staff_sub = staff.add_subparsers(dest="staff_command", required=True)
    p = staff_sub.add_parser(
        "invite",
        help="create an account without a password and print its one-time link (72 h) with "
        "which the colleague sets their own password (audited)",
    )
    p.add_argument("username")
    p.add_argument("--role", choices=("networker", "supervisor", "admin"), default="networker")
    p.add_argument("--name", default="", help="display name shown to visitors (default: username)")
    p.add_argument(
        "--language", choices=i18n.LANGS, default="pl", help="the language of their pages"
    )
    p.set_defaults(func=cmd_invite)
    p = staff_sub.add_parser(
        "password-link",
        help="print a one-time link (72 h) with which a staff member sets a new password; the "
        "old one works until the link is used (audited)",
    )
    p.add_argument("username")
    p.set_defaults(func=cmd_password_link)
    for parent in (staff_sub, sub):
        p = parent.add_parser(
            "reset-2fa",
            help="reset a staff account's two-factor authentication (a lost phone): deletes its "
            "secret and recovery codes and ends its sessions (audited)",
        )
        p.add_argument("username")
        p.set_defaults(func=cmd_reset_2fa)


def _read_password(args: argparse.Namespace) -> tuple[str, bool]:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n"), False
    if sys.stdin.isatty():
        first = getpass.getpass("Password (at least 10 characters, empty = generate one): ")
        if not first:
            return secrets.token_urlsafe(12), True
        if getpass.getpass("Again: ") != first:
            raise SystemExit("netreach: the passwords differ")
        return first, False
    return secrets.token_urlsafe(12), True


def cmd_create_user(args: argparse.Namespace) -> int:
    settings = load_settings()
    password, generated = (args.password, False) if args.password else _read_password(args)
    try:
        user = run_offline(
            lambda svc: do_create_staff(
                svc, args.username, password, args.role, args.name, args.language
            ),
            settings,
        )
    except StaffError as exc:
        print(f"netreach: cannot create the account: {exc}", file=sys.stderr)
        return 2
    print(f"netreach: created {user['role']} {user['username']!r} ({user['display_name']})")
    if generated:
        print(f"password: {password}")
    return 0


def cmd_set_password(args: argparse.Namespace) -> int:
    settings = load_settings()
    password, generated = _read_password(args)
    try:
        run_offline(lambda svc: do_set_password(svc, args.username, password), settings)
    except StaffError as exc:
        print(f"netreach: {exc}", file=sys.stderr)
        return 2
    print(f"netreach: password of {args.username!r} changed; their sessions were ended")
    if generated:
        print(f"password: {password}")
    return 0


def cmd_set_role(args: argparse.Namespace) -> int:
    try:
        result = run_offline(lambda svc: do_set_role(svc, None, args.username, args.role))
    except StaffError as exc:
        print(f"netreach: {exc}", file=sys.stderr)
        return 2
    print(f"netreach: {result['username']} is now {result['role']} (was {result['previous']})")
    return 0


def cmd_unlock(args: argparse.Namespace) -> int:
    try:
        cleared = run_offline(lambda svc: do_unlock(svc, None, args.username))
    except StaffError as exc:
        print(f"netreach: {exc}", file=sys.stderr)
        return 2
    print(f"netreach: {args.username.strip().lower()} is unlocked ({cleared} lock records cleared)")
    return 0


def cmd_reset_2fa(args: argparse.Namespace) -> int:
    try:
        result = run_offline(lambda svc: do_reset_two_factor(svc, None, args.username))
    except StaffError as exc:
        print(f"netreach: {exc}", file=sys.stderr)
        return 2
    was = "was on" if result["was_enabled"] else "was not on"
    print(
        f"netreach: two-factor authentication of {result['username']} is reset ({was}); "
        "their sessions were ended"
    )
    return 0


def _link(settings: Settings, token: str) -> str:
    base = settings.public_url or f"http://{settings.host}:{settings.port}"
    return base + link_path(token)


def _print_link(settings: Settings, result: dict[str, Any], what: str) -> None:
    print(
        f"netreach: {what}; the link works once, until {result['expires_at']:%Y-%m-%d %H:%M} UTC:"
    )
    print(_link(settings, result["token"]))
    if not settings.public_url:
        print(
            "(set NETREACH_PUBLIC_URL to the address staff reach this server at, "
            "and links start with it)",
            file=sys.stderr,
        )


def cmd_invite(args: argparse.Namespace) -> int:
    settings = load_settings()
    try:
        result = run_offline(
            lambda svc: do_invite_staff(
                svc, None, args.username, args.name, args.role, args.language
            ),
            settings,
        )
    except StaffError as exc:
        print(f"netreach: cannot invite: {exc}", file=sys.stderr)
        return 2
    _print_link(settings, result, f"invited {result['role']} {result['username']!r}")
    return 0


def cmd_password_link(args: argparse.Namespace) -> int:
    settings = load_settings()
    try:
        result = run_offline(lambda svc: do_issue_password_link(svc, None, args.username), settings)
    except StaffError as exc:
        print(f"netreach: {exc}", file=sys.stderr)
        return 2
    _print_link(settings, result, f"a password link for {result['username']!r}")
    return 0
