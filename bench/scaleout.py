"""Scale-out: the relay benchmark (bench/relay.py, max and paced phases) through the project's
own nginx configuration (deploy/nginx.conf, rendered with local ports) in front of one node and
then two nodes, on PostgreSQL + Redis; reports two-node throughput as a ratio of one node.

Needs /usr/sbin/nginx (Debian's nginx package), PostgreSQL and Redis on 127.0.0.1.

    .venv/bin/python bench/scaleout.py --pairs 100 --duration 6
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "deploy"))

from render_nginx import command, render  # noqa: E402

from bench.common import (  # noqa: E402
    Backend,
    free_port,
    netreach_proc,
    raise_nofile,
    temp_workdir,
    write_results,
)
from bench.relay import measure  # noqa: E402


def start_nginx(workdir: Path, nodes: list[str]) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    render(workdir, port, nodes)
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    proc = subprocess.Popen(
        command(workdir, nginx), stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1):
                return proc, url
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(
        f"nginx did not start: {(workdir / 'error.log').read_text(errors='replace')[-1000:]}"
    )


def run(nodes: int, args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    wd = workdir / f"nodes{nodes}"
    wd.mkdir(parents=True)
    backend = Backend.create("pg", wd, args.pg_url, args.redis_url)
    procs = []
    nginx = None
    try:
        backend.migrate()
        backend.create_staff([f"bench{i:04d}" for i in range(args.pairs)])
        procs = [netreach_proc(backend).start() for _ in range(nodes)]
        upstreams = [f"127.0.0.1:{p.port}" for p in procs]
        if nodes == 1:
            upstreams = upstreams * 2  # the same file: both upstream lines name the one node
        nginx, url = start_nginx(wd / "nginx", upstreams)
        return measure(url, "netreach", [p.pid for p in procs], args)
    finally:
        if nginx is not None:
            nginx.terminate()
            nginx.wait(10)
        for p in procs:
            p.stop()
        backend.close()


def main(argv: list[str] | None = None) -> dict[str, Any]:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--pairs", type=int, default=100)
    p.add_argument("--duration", type=float, default=6.0)
    p.add_argument("--warmup", type=float, default=1.0)
    p.add_argument("--rate", type=float, default=500.0, help="messages/s of the paced phase")
    p.add_argument("--client-procs", type=int, default=1)
    p.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/test")
    p.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    args = p.parse_args(argv)
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        raise SystemExit("needs nginx: apt-get install -y nginx")
    raise_nofile()
    workdir = temp_workdir("scaleout")
    results: dict[str, Any] = {
        "benchmark": "scaleout",
        "params": {k: v for k, v in vars(args).items() if k not in ("pg_url", "redis_url")},
        "nodes": {},
    }
    for n in (1, 2):
        print(f"{n} node(s) behind nginx:", flush=True)
        results["nodes"][str(n)] = run(n, args, workdir)
    one, two = results["nodes"]["1"], results["nodes"]["2"]
    ratio = two["max"]["messages_per_s"] / max(1e-9, one["max"]["messages_per_s"])
    results["ratio_two_to_one"] = round(ratio, 2)
    lines = [
        "| nodes | max msg/s | paced p50 / p95 / p99 | server CPU at max (all nodes) |",
        "|---|---|---|---|",
        *[
            f"| {n} | {r['max']['messages_per_s']} | {r['paced']['latency'].get('p50_ms')} / {r['paced']['latency'].get('p95_ms')} / {r['paced']['latency'].get('p99_ms')} ms | {r['max']['server_cpu_percent']}% |"
            for n, r in results["nodes"].items()
        ],
        "",
        f"- two nodes / one node: **{ratio:.2f}×** throughput (PostgreSQL + Redis, nginx from deploy/nginx.conf)",
        "- on this 2-core machine the two nodes, nginx, PostgreSQL, Redis and the load generator all share the same two cores, "
        "so a second node can add little: the ratio shows the cost of the extra hop through Redis more than the capacity a second machine would add",
    ]
    write_results("scaleout", results, lines)
    print("\n".join(lines))
    return results


if __name__ == "__main__":
    main()
