"""A wheel that serves: the wheel built from the repository (with the widget `make test` built)
holds everything the server reads at run time, and a base install of it, in a NEW virtual
environment, migrates and serves from an empty directory without asyncpg or redis.

Fails, never skips, when something is missing: the built widget (`make widget`), pip's access to
PyPI (the dependencies are installed from there, or from pip's cache, with requirements.lock as
constraints). The project's .venv is not used by the new environment; pip's cache is shared.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest

from server import i18n
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent.parent
DIST = ROOT / "widget" / "dist"

# not part of a build from a checkout (caches, environments, build output; widget/dist is kept)
_SKIP_ANYWHERE = {".git", ".venv", "node_modules", "__pycache__", ".mypy_cache", ".ruff_cache"}
_SKIP_AT_ROOT = {"build", "dist", "var", ".pytest_cache", "test-results"}


def _ignore(directory: str, names: list[str]) -> set[str]:
    skip = set(_SKIP_ANYWHERE)
    if Path(directory) == ROOT:
        skip |= _SKIP_AT_ROOT
    return {n for n in names if n in skip or n.endswith((".egg-info", ".pyc"))}


def _run(args: list[str | Path], env: dict[str, str], cwd: Path, timeout: float = 240) -> str:
    proc = subprocess.run(
        [str(a) for a in args], env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"{' '.join(map(str, args))} failed:\n{output[-4000:]}"
    return output


def _fails_with(args: list[str | Path], env: dict[str, str], cwd: Path, message: str) -> None:
    proc = subprocess.run(
        [str(a) for a in args], env=env, cwd=cwd, capture_output=True, text=True, timeout=60
    )
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode != 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    assert lines, proc.stderr
    assert lines[-1].startswith("netreach: "), proc.stderr
    assert message in lines[-1], proc.stderr


def _get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def _expected_files() -> dict[str, Path]:
    """What the wheel must hold (its path -> the repository's file): all of server/ and
    moderation/, the templates and the built widget under server/."""
    files: dict[str, Path] = {}
    for package in ("server", "moderation"):
        for path in (ROOT / package).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.name != "README.md":
                files[path.relative_to(ROOT).as_posix()] = path
    for path in (ROOT / "templates").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            files["server/templates/" + path.relative_to(ROOT / "templates").as_posix()] = path
    files["server/widget/__init__.py"] = ROOT / "widget" / "__init__.py"
    for path in DIST.iterdir():
        if path.is_file() and not path.name.startswith("."):
            files[f"server/widget/dist/{path.name}"] = path
    return files


@pytest.mark.timeout(600)
def test_wheel_installs_and_serves_without_the_source_tree(tmp_path: Path) -> None:
    started = time.monotonic()
    assert (DIST / "loader.js").is_file(), "the widget is not built: run `make widget`"

    # the subprocesses see neither this checkout nor the suite's services and settings
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("NETREACH_")
        and k not in {"DATABASE_URL", "REDIS_URL", "PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}
    }
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    venv = tmp_path / "venv"
    bin_dir = venv / "bin"
    # the new environment is made while the wheel is built
    making_venv = subprocess.Popen(
        [sys.executable, "-m", "venv", str(venv)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )

    # 1. the wheel, built from a copy of the checkout (no stale build/ of an earlier build)
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=_ignore)
    wheels = tmp_path / "wheels"
    _run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", wheels, src],
        env,
        tmp_path,
    )
    (wheel,) = wheels.glob("netreach-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    top = {name.split("/", 1)[0] for name in names}
    assert top == {"server", "moderation", wheel.name.split("-py3")[0] + ".dist-info"}, top
    expected = _expected_files()
    missing = sorted(set(expected) - names)
    assert not missing, f"missing from the wheel (pyproject.toml packages/package-data): {missing}"
    with zipfile.ZipFile(wheel) as zf:
        assert zf.read("server/widget/dist/loader.js") == (DIST / "loader.js").read_bytes()
    built = time.monotonic()

    # 2. a base install into the new environment, the lock's versions as constraints (without
    # its hashes: a hash anywhere turns on pip's hash-checking mode, and the fresh wheel has none)
    out, _ = making_venv.communicate(timeout=120)
    assert making_venv.returncode == 0, out
    constraints = tmp_path / "constraints.txt"
    constraints.write_text(
        "".join(
            line.removesuffix(" \\\n") + "\n" if line.endswith(" \\\n") else line
            for line in (ROOT / "requirements.lock").read_text().splitlines(keepends=True)
            if not line.lstrip().startswith("--hash=")
        )
    )
    _run(
        [
            bin_dir / "python",
            "-m",
            "pip",
            "install",
            "--quiet",
            "-c",
            constraints,
            wheel,
        ],
        env,
        tmp_path,
    )
    installed = time.monotonic()

    # 3. from an empty directory: the code comes from the environment, the extras are absent
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    probe = (
        "import importlib.util, json, server, moderation\n"
        "print(json.dumps({'server': server.__file__, 'moderation': moderation.__file__,"
        " 'absent': [m for m in ('asyncpg', 'redis', 'templates', 'widget')"
        " if importlib.util.find_spec(m) is None]}))"
    )
    found = json.loads(_run([bin_dir / "python", "-c", probe], env, cwd).strip().splitlines()[-1])
    site = str(venv)
    assert found["server"].startswith(site), found
    assert found["moderation"].startswith(site), found
    assert found["absent"] == ["asyncpg", "redis", "templates", "widget"], found
    for module in ("asyncpg", "redis"):
        proc = subprocess.run(
            [str(bin_dir / "python"), "-c", f"import {module}"],
            env=env,
            cwd=cwd,
            capture_output=True,
            text=True,
        )
        assert proc.returncode != 0, module
        assert "ModuleNotFoundError" in proc.stderr, module

    # 4. migrate and serve on the embedded default (SQLite under a fresh NETREACH_VAR_DIR)
    port = free_port()
    env_app = {**env, "NETREACH_VAR_DIR": str(tmp_path / "var"), "HOST": "127.0.0.1"}
    _run([bin_dir / "netreach", "migrate"], env_app, cwd)
    log_path = tmp_path / "serve.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [str(bin_dir / "netreach"), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env_app,
            cwd=cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, f"the server exited:\n{log_path.read_text()[-4000:]}"
            try:
                if _get(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, f"no answer:\n{log_path.read_text()[-4000:]}"
            time.sleep(0.1)
        served = time.monotonic()

        assets: set[str] = set()
        checks = {
            "/demo?lang=en": ["/widget.js"],
            "/chat?lang=en": ["/static/frame.js"],
            "/login?lang=en": ["Log in to the duty console", 'name="csrf_token"'],
            # the Polish catalog (a .po file of the wheel) translates the page
            "/login?lang=pl": ["Logowanie do konsoli dyżurnej", "Zaloguj się"],
        }
        for path, needles in checks.items():
            status, ctype, body = _get(base + path)
            text = body.decode("utf-8")
            assert status == 200, (path, status, text[:500])
            assert ctype.startswith("text/html"), (path, status, text[:500])
            assert text.lstrip().lower().startswith("<!doctype html>"), (path, text[:500])
            for needle in needles:
                assert needle in text, (path, needle, text[:2000])
            for ref in re.findall(r'(?:src|href)="([^"]+)"', text):
                ref = ref.removeprefix(base)
                if ref.startswith(("/static/", "/widget.js")):
                    assets.add(ref)
        assert "/widget.js" in assets, assets
        assert any(a.startswith("/static/") for a in assets), assets
        for ref in sorted(assets):
            status, ctype, body = _get(base + ref)
            name = (
                "loader.js" if ref == "/widget.js" else ref.split("?")[0].removeprefix("/static/")
            )
            assert status == 200, (ref, status, body[:300])
            assert ctype.split(";")[0] in ("application/javascript", "text/javascript", "text/css")
            expected = (DIST / name).read_bytes()
            if ref == "/widget.js":
                # served with this server's languages and default language filled in
                assert b"__NR_LANGS__" in expected
                expected = expected.replace(b"__NR_LANGS__", ",".join(i18n.LANGS).encode()).replace(
                    b"__NR_DEFAULT_LANG__", i18n.DEFAULT_LANG.encode()
                )
            assert body == expected, ref
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)
    assert server.returncode == 0, log_path.read_text()[-4000:]

    # 5. a setting that needs a missing extra stops the command with a one-line message
    _fails_with(
        [bin_dir / "netreach", "serve", "--port", str(port)],
        {**env_app, "REDIS_URL": "redis://127.0.0.1:1/0"},
        cwd,
        "pip install 'netreach[redis]'",
    )
    _fails_with(
        [bin_dir / "netreach", "migrate"],
        {**env_app, "DATABASE_URL": "postgresql://netreach@127.0.0.1:1/netreach"},
        cwd,
        "pip install 'netreach[postgres]'",
    )
    print(
        f"wheel built {built - started:.1f} s, installed {installed - built:.1f} s, "
        f"serving {served - installed:.1f} s, all {time.monotonic() - started:.1f} s"
    )
