"""The `netreach` command: serve, migrate, create-user, set-password, demo, crisis-scan, resources."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import os
import secrets
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from server.settings import Settings, SettingsError

DEMO_ACCOUNTS = (
    ("admin", "admin", "Admin"),
    ("supervisor", "supervisor", "Marta (supervisor)"),
    ("ania", "networker", "Ania"),
    ("tomek", "networker", "Tomek"),
)


def _settings(args: argparse.Namespace | None = None, **overrides: Any) -> Settings:
    try:
        return Settings.from_env(**overrides)
    except SettingsError as exc:
        print(f"netreach: configuration error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def cmd_migrate(args: argparse.Namespace) -> int:
    from server.db.migrate import upgrade

    settings = _settings()
    upgrade(settings.database_url)
    print("netreach: database is up to date")
    return 0


async def _schema_current(settings: Settings) -> bool:
    from alembic.script import ScriptDirectory
    from sqlalchemy import text

    from server.db.migrate import alembic_config
    from server.db.session import Database

    head = ScriptDirectory.from_config(alembic_config(settings.database_url)).get_current_head()
    db = Database(settings.database_url)
    try:
        async with db.read() as s:
            current = await s.scalar(text("SELECT version_num FROM alembic_version"))
    except Exception:
        current = None
    finally:
        await db.dispose()
    return current == head


def cmd_serve(args: argparse.Namespace) -> int:
    from aiohttp import web

    from server.app import create_app
    from server.logs import ACCESS_LOG_FORMAT, setup_logging

    overrides: dict[str, Any] = {}
    if args.host:
        overrides["host"] = args.host
    if args.port is not None:
        overrides["port"] = args.port
    settings = _settings(**overrides)
    setup_logging(settings.log_json)
    if not asyncio.run(_schema_current(settings)):
        print(
            "netreach: the database schema is missing or old: run `netreach migrate` first",
            file=sys.stderr,
        )
        return 2
    _print_demo_credentials(settings)
    app = create_app(settings)
    print(
        f"netreach: serving on http://{settings.host}:{settings.port}  (demo page: /demo, console: /console)",
        flush=True,
    )
    web.run_app(
        app,
        host=settings.host,
        port=settings.port,
        access_log_format=ACCESS_LOG_FORMAT,
        print=None,
        shutdown_timeout=10,
    )
    return 0


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


def _offline_services(settings: Settings) -> Any:
    """Services for commands that only touch the database (no sockets, no bus)."""
    from server.clock import Clock
    from server.db.session import Database
    from server.ratelimit import RateLimiter
    from server.services import LocalSockets, Services

    clock = Clock()
    return Services(
        settings=settings,
        db=Database(settings.database_url),
        clock=clock,
        bus=None,  # type: ignore[arg-type]
        visitor_limiter=RateLimiter(clock, 1, 1),
        local=LocalSockets(),
    )


def run_offline(fn: Callable[[Any], Awaitable[Any]], settings: Settings | None = None) -> Any:
    """Run `fn(services)` for a command that only touches the database, then close it."""
    settings = settings or _settings()

    async def run() -> Any:
        svc = _offline_services(settings)
        try:
            return await fn(svc)
        finally:
            await svc.db.dispose()

    return asyncio.run(run())


def cmd_create_user(args: argparse.Namespace) -> int:
    from server.actions.staff import StaffError, do_create_staff

    settings = _settings()
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
    from server.actions.staff import StaffError, do_set_password

    settings = _settings()
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
    from server.actions.staff import StaffError, do_set_role

    try:
        result = run_offline(lambda svc: do_set_role(svc, None, args.username, args.role))
    except StaffError as exc:
        print(f"netreach: {exc}", file=sys.stderr)
        return 2
    print(f"netreach: {result['username']} is now {result['role']} (was {result['previous']})")
    return 0


def _credentials_path(settings: Settings) -> Path:
    return settings.var_dir / "demo-credentials.json"


def _print_demo_credentials(settings: Settings) -> None:
    path = _credentials_path(settings)
    if not path.exists():
        return
    try:
        accounts = json.loads(path.read_text())
    except (OSError, ValueError):
        return
    print("netreach demo accounts (generated for this install; log in at /login):")
    for acc in accounts:
        print(f"  {acc['role']:<11} {acc['username']:<11} {acc['password']}")


def cmd_demo(args: argparse.Namespace) -> int:
    """Create the demo accounts once per install, with generated passwords."""
    from sqlalchemy import select

    from server.actions.staff import do_create_staff
    from server.db.models import Staff

    settings = _settings()
    path = _credentials_path(settings)

    async def run() -> list[dict[str, str]]:
        svc = _offline_services(settings)
        created = []
        try:
            async with svc.db.read() as s:
                existing = set((await s.execute(select(Staff.username))).scalars())
            for username, role, name in DEMO_ACCOUNTS:
                if username in existing:
                    continue
                password = secrets.token_urlsafe(12)
                await do_create_staff(svc, username, password, role, name, "pl")
                created.append({"username": username, "role": role, "password": password})
        finally:
            await svc.db.dispose()
        return created

    created = asyncio.run(run())
    from server.cli_resources import load_starter

    starter = load_starter()
    print(
        f"netreach: starter resource library loaded ({len(starter)} entries)"
        if starter
        else "netreach: starter resource library already loaded"
    )
    if created:
        previous = []
        if path.exists():
            try:
                previous = [
                    a
                    for a in json.loads(path.read_text())
                    if a["username"] not in {c["username"] for c in created}
                ]
            except (OSError, ValueError):
                previous = []
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            json.dump(previous + created, fh, indent=2)
        print(
            f"netreach: demo accounts created ({', '.join(c['username'] for c in created)}); passwords in {path}"
        )
    else:
        print("netreach: demo accounts already exist")
    return 0


def cmd_crisis_scan(args: argparse.Namespace, rest: list[str]) -> int:
    from moderation.cli import crisis_scan_main

    return crisis_scan_main(rest)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="netreach", description="netreach: chat for online outreach in social work"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("serve", help="run the server (HOST/PORT from the environment or options)")
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("migrate", help="create or upgrade the database schema")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("create-user", help="create a staff account")
    p.add_argument("username")
    p.add_argument("--role", choices=("networker", "supervisor", "admin"), default="networker")
    p.add_argument("--name", help="display name shown to visitors (default: the username)")
    p.add_argument("--language", choices=("pl", "en"), default="pl")
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

    p = sub.add_parser("demo", help="create the demo accounts (once per install)")
    p.set_defaults(func=cmd_demo)

    from server.cli_resources import add_parser as add_resources_parser

    add_resources_parser(sub)

    p = sub.add_parser(
        "crisis-scan", help="assess messages on standard input for crisis signals", add_help=False
    )
    p.set_defaults(func=None, passthrough=cmd_crisis_scan)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "crisis-scan":
        return cmd_crisis_scan(argparse.Namespace(), argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
