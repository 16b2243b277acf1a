"""The production topology without Docker: deploy/nginx.conf (rendered with local ports and
paths) in front of two netreach processes on PostgreSQL + Redis. A visitor and a networker chat
through it, the widget and static files come from nginx's cache, and a node that is stopped
closes its sockets with 1001 while its clients fail over to the other node, losing nothing.

Needs DATABASE_URL/REDIS_URL (scaleout) and Debian's nginx (/usr/sbin/nginx); without nginx the
tests skip, unless NETREACH_REQUIRE_NGINX=1 (CI), where they fail.
"""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest

from tests.conftest import PASSWORD, _fresh_database, free_port
from tests.helpers import Staff, Visitor, login
from tests.procs import ServerProcess, create_user, migrate, server_env

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "deploy"))
from render_nginx import command, render  # noqa: E402

pytestmark = pytest.mark.scaleout
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
TOKEN = "metrics-" + secrets.token_hex(8)


@pytest.fixture(autouse=True)
def _need_nginx() -> None:
    if not os.path.exists(NGINX):
        reason = "needs nginx (apt-get install nginx)"
        if os.environ.get("NETREACH_REQUIRE_NGINX") == "1":
            pytest.fail(f"NETREACH_REQUIRE_NGINX=1: {reason}", pytrace=False)
        pytest.skip(reason)


@dataclass
class Topology:
    url: str
    nodes: list[ServerProcess]
    workdir: Path

    async def connected_visitors(self, node: ServerProcess) -> int:
        async with (
            aiohttp.ClientSession() as http,
            http.get(f"{node.url}/metrics", headers={"Authorization": f"Bearer {TOKEN}"}) as r,
        ):
            text = await r.text()
        return int(float(re.search(r"^netreach_connected_visitors (\S+)$", text, re.M)[1]))  # type: ignore[index]


@pytest.fixture
async def topology(database_template: str, tmp_path: Path) -> AsyncIterator[Topology]:
    database_url = (await _fresh_database(database_template, tmp_path)).replace("+asyncpg", "")
    prefix = f"nrtest-nginx-{os.getpid()}-{secrets.token_hex(3)}"
    ports = [free_port(), free_port()]
    envs = [server_env(tmp_path, p, database_url, redis_prefix=prefix) for p in ports]
    for env in envs:
        env["NETREACH_METRICS_TOKEN"] = TOKEN
    migrate(envs[0])
    create_user(envs[0], "ania")
    nodes = [ServerProcess(env, port) for env, port in zip(envs, ports, strict=True)]
    for node in nodes:
        await node.start()
    listen = free_port()
    workdir = tmp_path / "nginx"
    render(workdir, listen, [f"127.0.0.1:{p}" for p in ports])
    # starts at once: nothing blocks the loop
    nginx = subprocess.Popen(  # noqa: ASYNC220
        command(workdir, NGINX), stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{listen}"
    try:
        async with aiohttp.ClientSession() as http:
            for _ in range(100):
                if nginx.poll() is not None:
                    raise AssertionError(
                        (workdir / "error.log").read_text(errors="replace")[-2000:]
                    )
                try:
                    async with http.get(f"{url}/healthz") as r:
                        if r.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
        yield Topology(url, nodes, workdir)
    finally:
        nginx.terminate()
        try:
            nginx.wait(10)
        except subprocess.TimeoutExpired:
            nginx.kill()
        for node in nodes:
            node.stop()


async def test_visitor_and_networker_chat_through_nginx(topology: Topology) -> None:
    url = topology.url
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{url}/widget.js") as r:
            assert r.status == 200
            assert "javascript" in r.headers["Content-Type"]
        async with http.get(f"{url}/widget.js") as r:
            assert r.headers.get("X-Cache-Status") == "HIT"
        if (ROOT / "widget" / "dist" / "frame.js").exists():
            for _ in range(2):
                async with http.get(f"{url}/static/frame.js") as r:
                    assert r.status == 200
            assert r.headers.get("X-Cache-Status") == "HIT"
        async with http.get(f"{url}/metrics", headers={"Authorization": f"Bearer {TOKEN}"}) as r:
            assert r.status == 404  # scraped on the nodes, never through the public proxy

    ania, visitor = await clients(url)
    try:
        cid = await start_chat(ania, visitor, "Czy ktoś jest?")
        assert (await ania.send(cid, "Jestem, słucham."))["ok"]
        got = await visitor.log.wait_for("message.new", lambda m: m["sender"] == "staff")
        assert got["text"] == "Jestem, słucham."
        assert (await visitor.send("Dziękuję"))["ok"]
        await ania.log.wait_for("message.new", lambda m: m["text"] == "Dziękuję")
    finally:
        await visitor.close()
        await ania.close()

    # the access log has requests, never a client address
    log = (topology.workdir / "access.log").read_text()
    assert "GET /widget.js" in log
    assert "/socket.io/" in log
    assert "127.0.0.1" not in log


async def clients(url: str) -> tuple[Staff, Visitor]:
    """A networker logged in through nginx, and a visitor (not connected yet)."""
    status, cookie, _ = await login(url, "ania", PASSWORD)
    assert status == 302
    assert cookie
    return Staff(url, cookie), Visitor(url)


async def start_chat(ania: Staff, visitor: Visitor, first: str) -> str:
    """Connect both; the visitor writes, the networker goes on duty and takes the chat."""
    await ania.connect()
    await visitor.connect()
    assert (await visitor.send(first))["ok"]
    await ania.on_duty(capacity=2)
    taken = await ania.call("queue.take", {})
    assert taken["ok"], taken
    cid = taken["conversation"]["id"]
    await ania.join(cid)
    return cid


async def test_stopped_node_says_going_away_and_clients_fail_over(topology: Topology) -> None:
    url = topology.url
    # a raw websocket straight to node 0, to read the close code it sends when stopped
    async with aiohttp.ClientSession() as http:
        raw = await http.ws_connect(
            topology.nodes[0].url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket"
        )
        opened = await raw.receive()
        assert opened.data.startswith("0")

        ania, visitor = await clients(url)
        try:
            cid = await start_chat(ania, visitor, "pierwsza")

            # stop the node that holds the visitor's socket (nginx chose it)
            counts = [await topology.connected_visitors(n) for n in topology.nodes]
            victim = topology.nodes[counts.index(max(counts))]
            assert max(counts) >= 1
            if victim is not topology.nodes[0]:
                # the raw socket must be on the stopped node: reopen it there
                await raw.close()
                raw = await http.ws_connect(
                    victim.url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket"
                )
                assert (await raw.receive()).data.startswith("0")
            stopping = asyncio.get_running_loop().run_in_executor(None, victim.stop)
            closed = await asyncio.wait_for(raw.receive(), 10)
            assert closed.type == aiohttp.WSMsgType.CLOSE, closed
            assert closed.data == 1001, closed  # going away
            output = await stopping
            assert "closed" in output
            assert "going away" in output

            # messages written while the node goes away reach the other side once, in order
            sent = [f"wiadomość {i}" for i in range(5)]
            for text in sent:
                await visitor.send_tracked({"text": text})
                await asyncio.sleep(0.05)
            await ania.send_tracked({"conversation_id": cid, "text": "nadal tu jestem"})
            for client in (visitor, ania):
                for _ in range(200):
                    if not client.outbox and client.sio.connected:
                        break
                    await asyncio.sleep(0.05)
                assert not client.outbox, client.outbox
            await ania.log.wait_for("message.new", lambda m: m["text"] == sent[-1])
            await visitor.log.wait_for("message.new", lambda m: m["text"] == "nadal tu jestem")
            await ania.join(cid)  # catch up from the last seq, like the console after a reconnect
            texts = ania.texts(cid)
            assert [t for t in texts if t.startswith("wiadomość")] == sent
            assert texts.count("pierwsza") == 1
            assert texts.count("nadal tu jestem") == 1
        finally:
            await raw.close()
            await visitor.close()
            await ania.close()


async def test_nginx_hides_its_version_sends_hsts_and_limits_logins_and_sockets(
    topology: Topology, tmp_path: Path
) -> None:
    async with aiohttp.ClientSession() as http:
        for path in ("/login", "/static/no-such-file.js", "/widget.js", "/no/such/page"):
            async with http.get(f"{topology.url}{path}") as r:
                assert r.headers.get("Server") == "nginx", (path, r.headers.get("Server"))
                hsts = r.headers.getall("Strict-Transport-Security", [])
                assert len(hsts) == 1, (path, hsts)
                assert "max-age=31536000" in hsts[0]
    # The limits are per client address, and loopback is exempt (a same-host proxy): this test
    # runs the same file without that exemption, so its own requests are one client.
    template = (ROOT / "deploy" / "nginx.conf").read_text()
    strict = re.sub(r"^\s*(127\.0\.0\.0/8|::1)\s+\"\";\n", "", template, flags=re.M)
    assert strict != template
    listen = free_port()
    workdir = tmp_path / "nginx-strict"
    render(workdir, listen, [n.url.removeprefix("http://") for n in topology.nodes], strict)
    nginx = subprocess.Popen(  # noqa: ASYNC220
        command(workdir, NGINX), stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{listen}"
    try:
        async with aiohttp.ClientSession() as http:
            for _ in range(100):
                try:
                    async with http.get(f"{url}/healthz") as r:
                        if r.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)

            async def post_login() -> int:
                async with http.post(
                    f"{url}/login", data={"username": "ania", "password": "wrong"}
                ) as r:
                    return r.status

            statuses = await asyncio.gather(*(post_login() for _ in range(40)))
            assert statuses.count(429) >= 20, statuses  # 10 a minute after a burst of 10

            async def socket_connect() -> int:
                async with http.get(f"{url}/socket.io/?EIO=4&transport=polling") as r:
                    return r.status

            statuses = await asyncio.gather(*(socket_connect() for _ in range(400)))
            assert 429 in statuses
    finally:
        nginx.terminate()
        try:
            nginx.wait(10)
        except subprocess.TimeoutExpired:
            nginx.kill()
