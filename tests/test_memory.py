"""server/memory.py: glibc's arenas capped when a node starts, free heap pages given back every
minute of the app clock (issue 13: a node's memory crept up ~1 MiB a minute in bench/soak.py)."""

from __future__ import annotations

import platform
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import server.app
from server import memory
from server.clock import FakeClock
from tests.helpers import eventually

ROOT = str(Path(__file__).resolve().parent.parent)
glibc = pytest.mark.skipif(
    platform.system() != "Linux" or platform.libc_ver()[0] != "glibc",
    reason="malloc arenas and malloc_trim are glibc's",
)


def _run(code: str, **env: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", **env},
    )
    return out.stdout.strip()


@glibc
def test_the_arenas_are_capped_unless_the_operator_chose_a_number() -> None:
    code = """
        from server.memory import limit_malloc_arenas
        print(limit_malloc_arenas())
    """
    assert _run(code, PYTHONPATH=ROOT) == "True"
    assert _run(code, PYTHONPATH=ROOT, MALLOC_ARENA_MAX="4") == "False"


@glibc
def test_trimming_gives_freed_heap_memory_back_to_the_system() -> None:
    """A heap left full of holes (nine of every ten 0.6–4 KB blocks freed: what a busy node's
    messages and payloads leave behind) shrinks in resident memory when trimmed."""
    code = """
        import random
        from server.memory import trim_malloc

        def rss_kib():
            for line in open("/proc/self/status"):
                if line.startswith("VmRSS"):
                    return int(line.split()[1])

        rng = random.Random(13)
        keep, drop = [], []
        for i in range(100_000):
            (keep if i % 10 == 0 else drop).append(bytearray(rng.randint(600, 4000)))
        del drop
        before = rss_kib()
        released = trim_malloc()
        print(released, before, rss_kib())
    """
    released, before, after = _run(code, PYTHONPATH=ROOT).split()
    assert released == "True"
    assert int(after) < int(before) - 50_000  # of ~230 MiB, most were holes


async def test_a_node_trims_its_heap_every_minute_of_its_clock(
    server_factory: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    trims: list[float] = []
    clock = FakeClock()
    monkeypatch.setattr(server.app, "trim_malloc", lambda: trims.append(clock.monotonic()))
    node = await server_factory(clock)
    await node.settle()
    loops = clock.sleeping()
    for _ in range(3):
        clock.advance(memory.TRIM_SECONDS / 2)
        await eventually(lambda: clock.sleeping() == loops, "the periodic loops' round")
    assert len(trims) == 1  # 90 s of the clock: one minute passed once
    clock.advance(memory.TRIM_SECONDS / 2)
    await eventually(lambda: len(trims) == 2, "the second trim")
