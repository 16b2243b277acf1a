"""Render deploy/nginx.conf for running without Docker: local upstream ports, a listen port on
127.0.0.1, and every path (pid, logs, cache) under one work directory. Only the lines marked
"# local:" change, so tests and benchmarks run the production configuration.

    python deploy/render_nginx.py --listen 8080 --node 127.0.0.1:8081 --node 127.0.0.1:8082 --dir /tmp/ngx
    nginx -p /tmp/ngx -e /tmp/ngx/error.log -c /tmp/ngx/nginx.conf -g 'daemon off;'
"""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "nginx.conf"


def render(workdir: Path, listen_port: int, nodes: list[str], template: str | None = None) -> Path:
    text = template if template is not None else TEMPLATE.read_text()
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "cache").mkdir(exist_ok=True)
    node_lines = iter(nodes)
    out = []
    for line in text.splitlines():
        m = re.search(r"#\s*local:\s*(.+)$", line)
        if not m or line.lstrip().startswith("#"):
            out.append(line)
            continue
        what = m[1].strip()
        indent = line[: len(line) - len(line.lstrip())]
        if what == "user":
            # as root, workers would run as `nginx`, which may not exist here: keep our own user
            out.append(
                f"{indent}user root;"
                if os.geteuid() == 0
                else f"{indent}# (user: unchanged, not root)"
            )
        elif what == "pid":
            out.append(f"{indent}pid {workdir / 'nginx.pid'};")
        elif what == "error_log":
            out.append(f"{indent}error_log {workdir / 'error.log'} warn;")
        elif what == "access_log":
            out.append(f"{indent}access_log {workdir / 'access.log'} netreach;")
        elif what.startswith("node"):
            rest = line.split("#")[0].strip().split(None, 2)  # server host:port options;
            options = rest[2] if len(rest) > 2 else ";"
            out.append(f"{indent}server {next(node_lines)} {options}")
        elif what == "cache":
            out.append(
                re.sub(
                    r"proxy_cache_path \S+",
                    f"proxy_cache_path {workdir / 'cache'}",
                    line.split("#")[0],
                ).rstrip()
            )
        elif what == "listen":
            out.append(f"{indent}listen 127.0.0.1:{listen_port};")
        else:
            raise ValueError(f"unknown local: marker {what!r}")
    path = workdir / "nginx.conf"
    path.write_text("\n".join(out) + "\n")
    return path


def command(workdir: Path, nginx: str = "/usr/sbin/nginx") -> list[str]:
    return [
        nginx,
        "-p",
        str(workdir),
        "-e",
        str(workdir / "error.log"),
        "-c",
        str(workdir / "nginx.conf"),
        "-g",
        "daemon off;",
    ]


def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--listen", type=int, required=True)
    p.add_argument(
        "--node", action="append", required=True, help="host:port of a netreach node (twice)"
    )
    p.add_argument("--dir", type=Path, required=True)
    args = p.parse_args()
    print(render(args.dir, args.listen, args.node))


if __name__ == "__main__":
    main()
