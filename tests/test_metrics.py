"""/metrics (Prometheus text, closed by default) and logs without addresses."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import aiohttp
import phonenumbers
import pytest
from aiohttp import web
from aiohttp.test_utils import make_mocked_request
from aiohttp.web_log import AccessLogger

from moderation import redact
from server.logs import ACCESS_LOG_FORMAT, JsonFormatter

TOKEN = "metrics-token-for-tests-0123456789"


async def scrape(url: str, auth: str | None) -> tuple[int, str, str]:
    headers = {"Authorization": auth} if auth is not None else {}
    async with aiohttp.ClientSession() as http, http.get(f"{url}/metrics", headers=headers) as r:
        return r.status, r.headers.get("Content-Type", ""), await r.text()


def value(text: str, name: str, labels: str = "") -> float:
    m = re.search(rf"^{re.escape(name)}{re.escape(labels)} (\S+)$", text, re.M)
    assert m, f"{name}{labels} not in /metrics:\n{text}"
    return float(m[1])


async def test_metrics_are_not_public_without_a_token(live_server: Any) -> None:
    status, _, _ = await scrape(live_server.url, None)
    assert status == 404
    status, _, _ = await scrape(live_server.url, "Bearer anything")
    assert status == 404


async def test_metrics_need_the_bearer_token(server_factory: Any) -> None:
    server = await server_factory(metrics_token=TOKEN)
    for auth in (None, "Bearer wrong", TOKEN, f"Basic {TOKEN}"):
        status, _, _ = await scrape(server.url, auth)
        assert status == 401, auth
    status, ctype, text = await scrape(server.url, f"Bearer {TOKEN}")
    assert status == 200
    assert ctype.startswith("text/plain")
    assert "# TYPE netreach_queue_wait_seconds histogram" in text


async def test_metrics_count_the_chat(server_factory: Any) -> None:
    server = await server_factory(metrics_token=TOKEN)
    ania = await server.staff("ania")
    visitor = await server.visitor()
    crisis = await server.visitor()
    assert (await visitor.send("Czy ktoś jest?"))["ok"]
    assert (await crisis.send("nie chce juz zyc, mam tabletki i zrobie to dzis"))["ok"]
    _, _, text = await scrape(server.url, f"Bearer {TOKEN}")
    assert value(text, "netreach_connected_visitors") == 2
    assert value(text, "netreach_connected_staff") == 1
    assert value(text, "netreach_queue_length") == 2
    assert value(text, "netreach_open_escalations", '{status="raised"}') == 1
    assert value(text, "netreach_messages_total", '{sender="visitor"}') == 2

    await ania.on_duty(capacity=2)
    taken = await ania.call("queue.take", {"conversation_id": visitor.conversation_id})
    assert taken["ok"], taken
    assert (await ania.send(visitor.conversation_id, "Jestem."))["ok"]
    _, _, text = await scrape(server.url, f"Bearer {TOKEN}")
    assert value(text, "netreach_queue_length") == 1
    assert value(text, "netreach_queue_wait_seconds_count") == 1
    assert value(text, "netreach_messages_total", '{sender="staff"}') == 1
    assert value(text, "netreach_message_latency_seconds_count", '{sender="staff"}') == 1
    # nothing about a person: no tokens, texts or addresses in any label
    assert "127.0.0.1" not in text
    assert "Jestem" not in text
    assert visitor.token not in text


async def test_each_app_has_its_own_registry(server_factory: Any) -> None:
    a = await server_factory(metrics_token=TOKEN)
    b = await server_factory(metrics_token=TOKEN)
    assert a.svc.metrics.registry is not b.svc.metrics.registry
    visitor = await a.visitor()
    assert (await visitor.send("hej"))["ok"]
    _, _, text_b = await scrape(b.url, f"Bearer {TOKEN}")
    assert 'netreach_messages_total{sender="visitor"}' not in text_b


def test_logs_carry_no_addresses() -> None:
    # aiohttp's access log: %a is the peer address, X-Forwarded-For / X-Real-IP carry it too
    assert "%a" not in ACCESS_LOG_FORMAT
    assert "%{" not in ACCESS_LOG_FORMAT
    record = logging.LogRecord(
        "netreach.http", logging.INFO, __file__, 1, "request %s", ("GET /chat",), None
    )
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "request GET /chat"
    assert line["level"] == "info"
    assert set(line) == {"time", "level", "logger", "message"}


def access_line(path: str, status: int, size: int, seconds: float) -> str:
    """The line aiohttp's access logger writes with ACCESS_LOG_FORMAT."""
    lines: list[str] = []

    class Capture(logging.Logger):
        def info(self, msg: object, *args: object, **kwargs: object) -> None:
            lines.append(str(msg) % args if args else str(msg))

    request = make_mocked_request("POST", path)
    response = web.Response(status=status, body=b"x" * size)
    AccessLogger(Capture("access"), ACCESS_LOG_FORMAT).log(request, response, seconds)
    return lines[0]


def test_access_lines_are_not_read_as_phone_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    # status, size and time side by side ("HTTP/1.1" 303 0 0.012345s) made an 11-digit run that
    # the redaction handed to libphonenumber on every request (~1 ms each)
    asked: list[str] = []
    matcher = phonenumbers.PhoneNumberMatcher

    def spy(text: str, region: str) -> object:
        asked.append(text)
        return matcher(text, region)

    monkeypatch.setattr(phonenumbers, "PhoneNumberMatcher", spy)
    line = access_line("/login", 303, 0, 0.012345)
    assert line == '"POST /login HTTP/1.1" status=303 bytes=0 time=0.012345s'
    assert redact(line) == line
    assert asked == []
    # what a visitor typed into a URL is still redacted
    assert "[phone]" in redact(access_line("/s?q=600-700-800", 200, 10, 0.5))
