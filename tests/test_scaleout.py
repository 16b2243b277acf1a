"""Two server processes share PostgreSQL and Redis: a visitor on one, networkers on both."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import pytest

from tests.conftest import PASSWORD, _fresh_database, free_port
from tests.helpers import Staff, Visitor, login
from tests.procs import ServerProcess, create_user, migrate, server_env

pytestmark = pytest.mark.scaleout


async def test_visitor_on_one_node_chats_with_networker_on_another(
    database_template: str, tmp_path: Path
) -> None:
    database_url = (await _fresh_database(database_template, tmp_path)).replace("+asyncpg", "")
    prefix = f"nrtest-scale-{os.getpid()}-{secrets.token_hex(3)}"
    port_a, port_b = free_port(), free_port()
    env_a = server_env(tmp_path, port_a, database_url, redis_prefix=prefix)
    env_b = server_env(tmp_path, port_b, database_url, redis_prefix=prefix)
    migrate(env_a)
    create_user(env_a, "ania")
    create_user(env_a, "tomek")
    create_user(env_a, "marta", role="supervisor")
    node_a, node_b = ServerProcess(env_a, port_a), ServerProcess(env_b, port_b)
    await node_a.start()
    await node_b.start()
    clients: list = []
    try:
        _, cookie_ania, _ = await login(node_b.url, "ania", PASSWORD)
        _, cookie_tomek, _ = await login(node_a.url, "tomek", PASSWORD)
        ania = Staff(node_b.url, cookie_ania)  # networker on node B
        tomek = Staff(node_a.url, cookie_tomek)  # a colleague watching the queue on node A
        _, cookie_marta, _ = await login(node_b.url, "marta", PASSWORD)
        marta = Staff(node_b.url, cookie_marta)  # a supervisor on node B
        visitor = Visitor(node_a.url)  # the visitor on node A
        crisis = Visitor(node_a.url)  # another visitor on node A, in crisis
        clients += [ania, tomek, marta, visitor, crisis]
        await ania.connect()
        await tomek.connect()
        await marta.connect()
        await visitor.connect()
        await crisis.connect()

        assert (await visitor.send("Czy ktoś jest? Potrzebuję pomocy", nickname="ola"))["ok"]
        # queue changes reach consoles on both nodes
        for console in (ania, tomek):
            update = await console.log.wait_for("queue.update", lambda d: d["total"] == 1)
            assert update["items"][0]["first_message"].startswith("Czy ktoś jest?")

        await ania.on_duty(capacity=2)
        # duty on node B reaches the visitor on node A
        await visitor.log.wait_for("queue.position", lambda d: d["on_duty"] == 1)
        taken = await ania.call("queue.take", {})
        assert taken["ok"], taken
        cid = taken["conversation"]["id"]
        assigned = await visitor.log.wait_for(
            "conversation.update", lambda d: d["op"] == "assigned"
        )
        assert (
            assigned["conversation"]["networker"]["name"] == "ania"
        )  # display name = username here
        await tomek.log.wait_for("queue.update", lambda d: d["total"] == 0)

        await ania.join(cid)
        assert (await ania.send(cid, "Jestem, słucham."))["ok"]
        got = await visitor.log.wait_for("message.new", lambda m: m["sender"] == "staff")
        assert got["text"] == "Jestem, słucham."
        assert (await visitor.send("Dziękuję"))["ok"]
        got = await ania.log.wait_for("message.new", lambda m: m["text"] == "Dziękuję")
        assert got["seq"] == 3
        assert (await visitor.call("typing", {"typing": True}))["ok"]
        await ania.log.wait_for("typing", lambda d: d["sender"] == "visitor")

        # a crisis message on node A reaches the supervisor on node B with the escalation
        assert (await crisis.send("nie chce juz zyc, mam tabletki i zrobie to dzis"))["ok"]
        alert = await marta.log.wait_for("escalation.new")
        assert alert["severity"] == "imminent"
        assert alert["conversation_id"] == crisis.conversation_id
        assert "tabletki" in {m["phrase"] for m in alert["matches"]}
        ack = await marta.call("escalation.ack", {"escalation_id": alert["id"]})
        assert ack["ok"]
    finally:
        for c in clients:
            await c.close()
        out_a, out_b = node_a.stop(), node_b.stop()
    # neither node logged an address
    assert "127.0.0.1" not in out_a.replace(f"http://127.0.0.1:{port_a}", "")
    assert "127.0.0.1" not in out_b.replace(f"http://127.0.0.1:{port_b}", "")
