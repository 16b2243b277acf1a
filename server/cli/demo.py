"""`netreach demo`: the demo accounts (once per install, generated passwords) and the starter
resource library."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import select

from server.actions.staff import do_create_staff
from server.cli.common import load_settings, offline_services
from server.cli.resources import load_starter
from server.db.models import Staff
from server.settings import Settings

DEMO_ACCOUNTS = (
    ("admin", "admin", "Admin"),
    ("supervisor", "supervisor", "Marta (supervisor)"),
    ("ania", "networker", "Ania"),
    ("tomek", "networker", "Tomek"),
)


def add_parser(sub: Any) -> None:
    p = sub.add_parser("demo", help="create the demo accounts (once per install)")
    p.add_argument(
        "--show-credentials",
        action="store_true",
        help="print the demo accounts' passwords (kept in VAR_DIR/demo-credentials.json)",
    )
    p.set_defaults(func=cmd_demo)


def _credentials_path(settings: Settings) -> Path:
    return settings.var_dir / "demo-credentials.json"


def print_credentials(accounts: list[dict[str, str]], settings: Settings) -> None:
    print("netreach demo accounts (generated for this install; log in at /login):")
    for acc in accounts:
        print(f"  {acc['role']:<11} {acc['username']:<11} {acc['password']}")
    required = settings.require_2fa_roles
    if required:
        print(
            f"  ({', '.join(required)}: two-factor authentication is required "
            "(NETREACH_REQUIRE_2FA_ROLES); the first login sets it up with an authenticator app)"
        )


def show_credentials(settings: Settings) -> int:
    """`netreach demo --show-credentials`: the stored demo passwords (the only other time they
    are printed is when they are created; `serve` never prints them)."""
    path = _credentials_path(settings)
    try:
        accounts = json.loads(path.read_text())
    except (OSError, ValueError):
        print(f"netreach: no demo credentials in {path} (run `netreach demo`)", file=sys.stderr)
        return 2
    print_credentials(accounts, settings)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Create the demo accounts once per install, with generated passwords, printed once."""
    settings = load_settings()
    if args.show_credentials:
        return show_credentials(settings)
    path = _credentials_path(settings)

    async def run() -> list[dict[str, str]]:
        svc = offline_services(settings)
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
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            json.dump(previous + created, fh, indent=2)
        print(
            f"netreach: demo accounts created ({', '.join(c['username'] for c in created)}); passwords in {path}"
        )
        print_credentials(created, settings)
    else:
        print(
            "netreach: demo accounts already exist "
            "(`netreach demo --show-credentials` prints their passwords)"
        )
    return 0
