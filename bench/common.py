"""Shared plumbing for the benchmarks: netreach server processes on the embedded default or on
PostgreSQL + Redis, staff accounts, machine facts, and writing results to bench/results/.

Everything here talks to 127.0.0.1 only, and every process it starts it also stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import os
import platform
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/test"
REDIS_DEFAULT = "redis://127.0.0.1:6379/0"
PASSWORD = "bench password 123"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def raise_nofile(target: int = 65536) -> int:
    """Raise the open-files limit as far as the hard limit allows; returns the new soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = target if hard == resource.RLIM_INFINITY else min(target, hard)
    if soft < want:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PrivateRedis:
    """A redis-server of a benchmark's or test's own on a free port, nothing saved to disk (so the
    machine's shared Redis is never stopped). `start()` waits until it answers PING (up to 10 s),
    raising RuntimeError when it exits or does not answer; `stop()` terminates it."""

    def __init__(self, workdir: Path) -> None:
        binary = shutil.which("redis-server")
        if not binary:
            raise SystemExit("needs redis-server: apt-get install -y redis-server")
        self.binary = binary
        self.port = free_port()
        self.workdir = workdir
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                self.binary,
                *("--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.workdir)),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        client = redis.Redis(port=self.port, socket_timeout=1)
        for _ in range(200):
            with contextlib.suppress(redis.exceptions.ConnectionError):
                if client.ping():
                    client.close()
                    return
            if self.proc.poll() is not None:
                raise RuntimeError("redis-server exited")
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


def rss_kb(pid: int) -> int:
    """Resident memory of a process in KiB (VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cpu_split(pid: int) -> tuple[float, float]:
    """(user, system) CPU seconds a process used so far (/proc/PID/stat utime, stime)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return int(fields[11]) / ticks, int(fields[12]) / ticks


def percentile(values: Sequence[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def latency_summary(seconds: Iterable[float]) -> dict[str, float]:
    values = [v * 1000 for v in seconds]
    if not values:
        return {"count": 0}
    return {
        "count": len(values),
        "p50_ms": round(percentile(values, 50), 2),
        "p95_ms": round(percentile(values, 95), 2),
        "p99_ms": round(percentile(values, 99), 2),
        "max_ms": round(max(values), 2),
        "mean_ms": round(statistics.fmean(values), 2),
    }


def machine() -> dict[str, Any]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no", "server", "moderation"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
        if dirty:
            commit += "+uncommitted"
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": mem_gb,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "commit": commit,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def write_results(name: str, data: dict[str, Any], summary_lines: list[str]) -> tuple[Path, Path]:
    """bench/results/<name>.json (all figures) and <name>.md (a short summary with machine,
    date and commit)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    m = data.setdefault("machine", machine())
    json_path = RESULTS / f"{name}.json"
    json_path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    md = [
        f"# {name}",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB, Python {m['python']}. "
        f"Date: {m['date']}. Commit: {m['commit']}.",
        "",
        *summary_lines,
        "",
        f"Figures: `bench/results/{name}.json`. Re-run: `.venv/bin/python bench/{name}.py --help`.",
        "",
    ]
    md_path = RESULTS / f"{name}.md"
    md_path.write_text("\n".join(md))
    return json_path, md_path


# --- databases -------------------------------------------------------------------------------


@dataclass
class Backend:
    """Where a benchmark's server keeps its data: `embedded` (SQLite, in-process bus) or `pg`
    (a fresh PostgreSQL database of its own, dropped at the end, plus Redis)."""

    kind: str
    workdir: Path
    database_url: str = ""
    redis_url: str | None = None
    redis_prefix: str = field(default_factory=lambda: f"nrbench-{secrets.token_hex(4)}")
    _pg_name: str | None = None
    _pg_admin: str | None = None

    @classmethod
    def create(
        cls, kind: str, workdir: Path, pg_url: str = PG_DEFAULT, redis_url: str = REDIS_DEFAULT
    ) -> Backend:
        b = cls(kind, workdir)
        if kind == "embedded":
            b.database_url = f"sqlite:///{workdir / 'netreach.sqlite3'}"
        elif kind == "pg":
            import asyncpg

            name = f"netreach_bench_{os.getpid()}_{secrets.token_hex(3)}"
            admin = pg_url.replace("postgresql+asyncpg://", "postgresql://")

            async def create_db() -> None:
                conn = await asyncpg.connect(admin)
                try:
                    await conn.execute(f'CREATE DATABASE "{name}"')
                finally:
                    await conn.close()

            asyncio.run(create_db())
            b._pg_name, b._pg_admin = name, admin
            b.database_url = admin.rsplit("/", 1)[0] + "/" + name
            b.redis_url = redis_url
        else:
            raise ValueError(f"unknown backend {kind!r} (embedded or pg)")
        return b

    def env(self, port: int, **extra: str) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("NETREACH_") and k not in ("DATABASE_URL", "REDIS_URL")
        }
        env.update(
            {
                "DATABASE_URL": self.database_url,
                "HOST": "127.0.0.1",
                "PORT": str(port),
                "NETREACH_VAR_DIR": str(self.workdir),
                "NETREACH_REDIS_PREFIX": self.redis_prefix,
                # benchmarks measure the relay, not the per-visitor and per-socket limits nor
                # the proof of work asked of floods of new conversations
                "NETREACH_VISITOR_RATE": "100000/1",
                "NETREACH_SOCKET_FLOOD": "100000/1",
                "NETREACH_CHALLENGE_ABOVE": "1000000/1",
                # bench supervisors (escalation_latency) log in with a password alone
                "NETREACH_REQUIRE_2FA_ROLES": "none",
                "PYTHONPATH": str(ROOT),
            }
        )
        if self.redis_url:
            env["REDIS_URL"] = self.redis_url
        env.update(extra)
        return env

    def migrate(self) -> None:
        subprocess.run(
            [sys.executable, "-m", "server.cli", "migrate"],
            env=self.env(0),
            cwd=ROOT,
            check=True,
            capture_output=True,
        )

    def create_staff(self, usernames: Sequence[str], role: str = "networker") -> None:
        """Accounts with cheap password hashes (so logging in 100 networkers takes no minute)."""
        from server.actions.staff import do_create_staff
        from server.cli.common import offline_services
        from server.settings import Settings

        settings = Settings.from_env(self.env(0), argon2_fast=True)

        async def run() -> None:
            svc = offline_services(settings)
            try:
                for name in usernames:
                    await do_create_staff(svc, name, PASSWORD, role, name, "en")
            finally:
                await svc.db.dispose()

        asyncio.run(run())

    def close(self) -> None:
        if self._pg_name and self._pg_admin:
            import asyncpg

            async def drop() -> None:
                conn = await asyncpg.connect(self._pg_admin)
                try:
                    await conn.execute(f'DROP DATABASE IF EXISTS "{self._pg_name}" WITH (FORCE)')
                finally:
                    await conn.close()

            try:
                asyncio.run(drop())
            except Exception as exc:  # report and go on
                print(f"warning: could not drop {self._pg_name}: {exc}", file=sys.stderr)
        if self.redis_url:
            try:
                import redis

                r = redis.Redis.from_url(self.redis_url)
                for key in r.scan_iter(f"{self.redis_prefix}:*"):
                    r.delete(key)
                r.close()
            except Exception:  # leftovers expire on their own
                pass


def temp_workdir(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=f"nrbench-{prefix}-"))


class Proc:
    """A server subprocess (netreach or the bare relay) that logs to a file."""

    def __init__(
        self,
        argv: list[str],
        env: dict[str, str],
        port: int,
        log_path: Path,
        health: str = "/healthz",
    ) -> None:
        self.argv, self.env, self.port, self.log_path, self.health = (
            argv,
            env,
            port,
            log_path,
            health,
        )
        self.proc: subprocess.Popen[bytes] | None = None
        self.url = f"http://127.0.0.1:{port}"

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self, timeout: float = 30) -> Proc:
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                self.argv, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"{self.argv} exited: {self.log_path.read_text(errors='replace')[-2000:]}"
                )
            try:
                with urllib.request.urlopen(self.url + self.health, timeout=1) as r:
                    if r.status == 200:
                        return self
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{self.argv} did not answer {self.health} within {timeout}s")

    def stop(self, timeout: float = 15) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def netreach_proc(
    backend: Backend, port: int | None = None, wrap: Sequence[str] = (), **env: str
) -> Proc:
    """A netreach server (`server.cli serve`, or BENCH_SERVER_ARGV) on `backend`; `wrap`: a
    command that runs it (e.g. valgrind and its options)."""
    port = port or free_port()
    argv = [*wrap] + (
        os.environ.get("BENCH_SERVER_ARGV", "").split()
        or [sys.executable, "-m", "server.cli", "serve"]
    )
    return Proc(argv, backend.env(port, **env), port, backend.workdir / f"server-{port}.log")


def bare_proc(workdir: Path, port: int | None = None) -> Proc:
    port = port or free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return Proc(
        [sys.executable, str(ROOT / "bench" / "bare_relay.py"), "--port", str(port)],
        env,
        port,
        workdir / f"bare-{port}.log",
    )


def fmt_ms(summary: dict[str, float]) -> str:
    if not summary.get("count"):
        return "no samples"
    return f"p50 {summary['p50_ms']} ms, p95 {summary['p95_ms']} ms, p99 {summary['p99_ms']} ms"
