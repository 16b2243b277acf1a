"""Run every benchmark (issues 6 and 13) quickly, with sane sizes, one after another; each writes its
figures to bench/results/. Each one also runs alone: `.venv/bin/python bench/NAME.py --help`.

    .venv/bin/python bench/run_all.py            # quick sizes (a few minutes)
    .venv/bin/python bench/run_all.py --full     # the sizes of the targets (10,000 connections ...)
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--full", action="store_true", help="the target sizes instead of quick ones")
    p.add_argument(
        "--skip",
        default="",
        help="comma list of benchmarks to skip (relay,connections,queue_burst,escalation_latency,crisis_speed,resource_search,scaleout,soak,widget_weight)",
    )
    args = p.parse_args()
    quick = not args.full
    runs: list[tuple[str, list[str]]] = [
        ("widget_weight", []),
        ("relay", ["--duration", "4", "--pairs", "60"] if quick else []),
        ("connections", ["--target", "2000", "--client-procs", "2"] if quick else []),
        ("queue_burst", [] if not quick else ["--visitors", "500", "--networkers", "25"]),
        ("escalation_latency", ["--samples", "100"] if quick else []),
        ("crisis_speed", []),
        ("resource_search", []),
    ]
    if shutil.which("nginx") or Path("/usr/sbin/nginx").exists():
        runs.append(("scaleout", ["--duration", "4", "--pairs", "60"] if quick else []))
    else:
        print("scaleout: skipped (no nginx; apt-get install -y nginx)")
    if shutil.which("redis-server"):
        # quick: 2 minutes, 40 pairs; full: the 30 minutes and 200 pairs of issue 13
        runs.append(
            ("soak", ["--duration", "120", "--pairs", "40", "--warmup", "30"] if quick else [])
        )
    else:
        print("soak: skipped (no redis-server; apt-get install -y redis-server)")
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    failed = []
    for name, extra in runs:
        if name in skip:
            continue
        print(f"\n=== {name} {' '.join(extra)} ===", flush=True)
        t0 = time.monotonic()
        rc = subprocess.run(
            [sys.executable, str(ROOT / "bench" / f"{name}.py"), *extra],
            cwd=ROOT,
            timeout=3600 if name == "soak" else 1200,  # the full soak chats for 30 minutes
        ).returncode
        print(f"--- {name}: exit {rc} in {time.monotonic() - t0:.0f} s", flush=True)
        if rc != 0:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
