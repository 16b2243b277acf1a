"""netreach server processes for tests that need real separate processes (restarts, two nodes)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import aiohttp

from tests.conftest import PASSWORD, REDIS_URL


def server_env(
    tmp_path: Path, port: int, database_url: str, redis_prefix: str | None = None
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETREACH_")}
    env.update(
        {
            "DATABASE_URL": database_url,
            "PORT": str(port),
            "HOST": "127.0.0.1",
            "NETREACH_VAR_DIR": str(tmp_path),
            "NETREACH_REDIS_PREFIX": redis_prefix or f"nrtest-{os.getpid()}-{port}",
            # test staff log in with a password alone (tests/test_two_factor.py tests 2FA)
            "NETREACH_REQUIRE_2FA_ROLES": "none",
        }
    )
    if REDIS_URL:
        env["REDIS_URL"] = REDIS_URL
    else:
        env.pop("REDIS_URL", None)
    return env


class ServerProcess:
    def __init__(self, env: dict[str, str], port: int) -> None:
        self.env = env
        self.port = port
        self.proc: subprocess.Popen[bytes] | None = None
        self.url = f"http://127.0.0.1:{port}"
        # output goes to a file: a pipe nobody reads would fill up and stall the server
        self.log_path = Path(env["NETREACH_VAR_DIR"]) / f"server-{port}.log"

    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    async def start(self, timeout: float = 60.0) -> None:
        """Start the process and wait until /healthz answers (up to `timeout` seconds: on a
        loaded machine the imports alone can take 20 s); a process that never answered is
        killed, not left behind."""
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(  # noqa: ASYNC220 - starts at once, waits for nothing
                [sys.executable, "-m", "server.cli", "serve"],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        async with aiohttp.ClientSession() as http:
            while loop.time() < deadline:
                if self.proc.poll() is not None:
                    raise AssertionError(f"server exited: {self.output()[-2000:]}")
                try:
                    async with http.get(f"{self.url}/healthz") as r:
                        if r.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
        self.proc.kill()
        self.proc.wait()
        raise AssertionError(f"server did not start within {timeout} s: {self.output()[-2000:]}")

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> str:
        """SIGTERM (graceful), then the process's whole output."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.output()


def migrate(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "-m", "server.cli", "migrate"], env=env, check=True, capture_output=True
    )


def create_user(env: dict[str, str], username: str, role: str = "networker") -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "server.cli",
            "create-user",
            username,
            "--role",
            role,
            "--password-stdin",
        ],
        env=env,
        input=f"{PASSWORD}\n".encode(),
        check=True,
        capture_output=True,
    )
