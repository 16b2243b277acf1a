"""The `netreach` command as an operator uses it (real subprocesses)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest


def run(
    args: list[str], tmp_path: Path, stdin: bytes | None = None, **env: str
) -> subprocess.CompletedProcess[bytes]:
    environ = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("NETREACH_") and k not in ("DATABASE_URL", "REDIS_URL")
    }
    environ.update({"NETREACH_VAR_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args],
        input=stdin,
        capture_output=True,
        env=environ,
        timeout=120,
    )


@pytest.fixture
def migrated(tmp_path: Path) -> Path:
    r = run(["migrate"], tmp_path)
    assert r.returncode == 0, r.stderr
    return tmp_path


def test_crisis_scan_writes_one_json_line_per_input_line(tmp_path: Path) -> None:
    text = b"nie chce juz zyc, mam tabletki i zrobie to dzis\n\nten sprawdzian mnie zabije\n"
    r = run(["crisis-scan"], tmp_path, stdin=text)
    assert r.returncode == 0, r.stderr
    lines = [json.loads(line) for line in r.stdout.decode().splitlines()]
    assert len(lines) == 3
    assert lines[0]["escalate"] is True
    assert lines[0]["severity"] == "imminent"
    assert lines[1]["escalate"] is False
    assert lines[1]["severity"] == "none"
    assert lines[2]["escalate"] is False


def test_crisis_scan_refuses_invalid_utf8_clearly(tmp_path: Path) -> None:
    r = run(["crisis-scan"], tmp_path, stdin=b"ok line\n\xff\xfe broken\n")
    assert r.returncode != 0
    assert b"UTF-8" in r.stderr
    assert b"Traceback" not in r.stderr


def test_create_user_set_role_and_audit(migrated: Path) -> None:
    r = run(
        ["create-user", "ania", "--role", "networker", "--name", "Ania", "--password-stdin"],
        migrated,
        stdin=b"a long enough password\n",
    )
    assert r.returncode == 0, r.stderr
    assert b"created networker 'ania'" in r.stdout
    again = run(
        ["create-user", "ania", "--password-stdin"], migrated, stdin=b"a long enough password\n"
    )
    assert again.returncode == 2
    assert b"taken" in again.stderr
    short = run(["create-user", "bob", "--password-stdin"], migrated, stdin=b"short\n")
    assert short.returncode == 2
    assert b"at least 10 characters" in short.stderr
    generated = run(["create-user", "cezary"], migrated, stdin=b"")
    assert generated.returncode == 0
    assert b"password: " in generated.stdout
    r = run(["set-role", "ania", "supervisor"], migrated)
    assert r.returncode == 0
    assert b"ania is now supervisor (was networker)" in r.stdout
    assert run(["set-role", "nobody", "admin"], migrated).returncode == 2


def test_demo_accounts_are_created_once_with_private_generated_passwords(migrated: Path) -> None:
    r = run(["demo"], migrated)
    assert r.returncode == 0, r.stderr
    creds_path = migrated / "demo-credentials.json"
    creds = json.loads(creds_path.read_text())
    assert {c["username"] for c in creds} == {"admin", "supervisor", "ania", "tomek"}
    assert all(len(c["password"]) >= 12 for c in creds)
    assert stat.S_IMODE(creds_path.stat().st_mode) == 0o600
    again = run(["demo"], migrated)
    assert again.returncode == 0
    assert b"already exist" in again.stdout
    assert json.loads(creds_path.read_text()) == creds
    # another install gets other passwords
    other = migrated / "other"
    other.mkdir()
    assert run(["migrate"], other).returncode == 0
    assert run(["demo"], other).returncode == 0
    assert json.loads((other / "demo-credentials.json").read_text()) != creds


def test_serve_refuses_an_unmigrated_database_clearly(tmp_path: Path) -> None:
    r = run(["serve", "--port", "0"], tmp_path)
    assert r.returncode == 2
    assert b"netreach migrate" in r.stderr
    assert b"Traceback" not in r.stderr


def test_bad_settings_stop_with_the_variable_named(tmp_path: Path) -> None:
    r = run(["migrate"], tmp_path, NETREACH_VISITOR_RATE="lots")
    assert r.returncode == 2
    assert b"NETREACH_VISITOR_RATE" in r.stderr
    assert b"Traceback" not in r.stderr
    r = run(["migrate"], tmp_path, NETREACH_SOCKET_FLOOD="0/10")
    assert r.returncode == 2
    assert b"NETREACH_SOCKET_FLOOD" in r.stderr
    assert b"Traceback" not in r.stderr
    r = run(["migrate"], tmp_path, DATABASE_URL="mysql://x")
    assert r.returncode == 2
    assert b"DATABASE_URL" in r.stderr


def test_demo_passwords_are_printed_only_when_created(migrated: Path) -> None:
    r = run(["demo"], migrated)
    assert r.returncode == 0, r.stderr
    creds = json.loads((migrated / "demo-credentials.json").read_text())
    admin = next(c["password"] for c in creds if c["username"] == "admin")
    assert admin.encode() in r.stdout  # once, when created
    again = run(["demo"], migrated)
    assert admin.encode() not in again.stdout
    assert b"--show-credentials" in again.stdout
    shown = run(["demo", "--show-credentials"], migrated)
    assert shown.returncode == 0
    assert all(c["password"].encode() in shown.stdout for c in creds)
    # serve never prints them (it used to, at every start)
    environ = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("NETREACH_") and k not in ("DATABASE_URL", "REDIS_URL")
    }
    environ["NETREACH_VAR_DIR"] = str(migrated)
    proc = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=environ,
    )
    try:
        assert proc.stdout is not None
        seen = b""
        for line in proc.stdout:
            seen += line
            if b"serving on" in line:
                break
        assert b"serving on" in seen, seen
        assert admin.encode() not in seen
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_the_var_directory_and_database_files_are_private(tmp_path: Path) -> None:
    var = tmp_path / "var"
    assert run(["migrate"], var).returncode == 0
    assert run(["demo"], var).returncode == 0
    assert stat.S_IMODE(var.stat().st_mode) == 0o700
    files = [p for p in var.iterdir() if p.name.startswith("netreach.sqlite3")]
    assert files
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
