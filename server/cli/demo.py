"""`netreach demo`: the demo accounts (once per install, generated passwords) and the starter
resource library."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
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
    p.set_defaults(func=cmd_demo)


def _credentials_path(settings: Settings) -> Path:
    return settings.var_dir / "demo-credentials.json"


def print_demo_credentials(settings: Settings) -> None:
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
    settings = load_settings()
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
