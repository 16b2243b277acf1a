"""Widget weight: what a site pays for embedding netreach, gzipped.

* the loader (`/widget.js`, the one <script> a site embeds): target < 3 KB gzipped, and no
  request until the visitor opens the chat (checked here statically: the built loader contains
  no fetch/XHR/WebSocket/beacon/image call; the browser tests check the behaviour);
* the whole widget a visitor downloads on opening it: the frame page (`/widget/frame`) and every
  script and style it references: target < 40 KB gzipped.
For comparison: Chatwoot's widget measured about 170 KB transferred.

Starts one netreach process on a throw-away SQLite database (127.0.0.1 only).

    .venv/bin/python bench/widget_weight.py
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, Backend, netreach_proc, temp_workdir, write_results

LOADER_LIMIT = 3 * 1024
WIDGET_LIMIT = 40 * 1024
FORBIDDEN = (
    "fetch(",
    "XMLHttpRequest",
    "WebSocket",
    "sendBeacon",
    "new Image",
    "localStorage",
    "document.cookie",
    "io(",
)


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as r:
        return bytes(r.read())


def main(argv: list[str] | None = None) -> dict[str, Any]:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.parse_args(argv)
    if not (ROOT / "widget" / "dist" / "loader.js").exists():
        raise SystemExit("widget/dist is missing: run `make widget` first")
    workdir = temp_workdir("widget")
    backend = Backend.create("embedded", workdir)
    backend.migrate()
    proc = netreach_proc(backend).start()
    try:
        loader = get(f"{proc.url}/widget.js")
        frame = get(f"{proc.url}/widget/frame?lang=en")
        assets = sorted(set(re.findall(r'(?:src|href)="(/static/[^"]+)"', frame.decode())))
        files = {"/widget/frame (HTML)": frame}
        for a in assets:
            files[a.split("?")[0]] = get(proc.url + a.replace("&amp;", "&"))
    finally:
        proc.stop()
        backend.close()
    loader_text = loader.decode(errors="replace")
    calls = [f for f in FORBIDDEN if f in loader_text]
    items = {name: {"bytes": len(data), "gzip_bytes": gz(data)} for name, data in files.items()}
    widget_gz = sum(v["gzip_bytes"] for v in items.values())
    result = {
        "benchmark": "widget_weight",
        "loader": {
            "bytes": len(loader),
            "gzip_bytes": gz(loader),
            "limit_gzip_bytes": LOADER_LIMIT,
            "network_calls_in_loader": calls,
        },
        "widget": {"files": items, "gzip_bytes": widget_gz, "limit_gzip_bytes": WIDGET_LIMIT},
        "comparison": {"chatwoot_widget_transferred_kb": 170},
    }
    lg = result["loader"]["gzip_bytes"]
    lines = [
        f"- loader `/widget.js`: **{lg / 1024:.2f} KB** gzipped ({len(loader)} B raw); target < 3 KB: {'met' if lg < LOADER_LIMIT else 'NOT met'}; "
        f"network/storage calls in the loader: {', '.join(calls) if calls else 'none'}",
        f"- whole widget on opening (frame page + {len(assets)} scripts/styles): **{widget_gz / 1024:.1f} KB** gzipped; target < 40 KB: {'met' if widget_gz < WIDGET_LIMIT else 'NOT met'}",
        *[f"  - {name}: {v['bytes']} B, {v['gzip_bytes']} B gzipped" for name, v in items.items()],
        "- for comparison, Chatwoot's widget: about 170 KB transferred",
        "- gzip level 9, as `widget/build.mjs` reports; nginx's default gzip level would give slightly more",
    ]
    write_results("widget_weight", result, lines)
    print("\n".join(lines))
    return result


if __name__ == "__main__":
    main()
