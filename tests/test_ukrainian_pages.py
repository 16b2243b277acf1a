"""Ukrainian as a full interface language: /chat, the widget frame, the public pages and every
staff page render in Ukrainian, and none of them shows an English source string (a string
left untranslated, or a page that forgot to translate one, fails here)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import aiohttp
import pytest
from babel.messages.pofile import read_po

from server import i18n
from server.actions import resources as res
from server.http.ui_strings import CONSOLE_STRINGS
from tests.conftest import LiveServer
from tests.resources.conftest import entry
from tests.test_language_switch import signed_in

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}")
UK_BROWSER = {"Accept-Language": "uk-UA,uk;q=0.9,en;q=0.5"}


def english_sources() -> list[str]:
    """Pieces of English msgids a Ukrainian page must not show: each run of literal text
    between placeholders with at least two words and 12 characters, of every message whose
    Ukrainian translation differs from it."""
    with (ROOT / "server/translations/uk/LC_MESSAGES/messages.po").open("rb") as fh:
        catalog = read_po(fh, locale="uk")
    pieces = set()
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in ids:
            if text in strings:
                continue
            for piece in PLACEHOLDER.split(text):
                piece = piece.strip(" .,:;()")
                if len(piece) >= 12 and " " in piece:
                    pieces.add(piece)
    return sorted(pieces)


class VisibleText(HTMLParser):
    """What a person sees or hears: text outside <script>/<style>, and the attributes read out
    (aria-label, title, placeholder, alt, value of buttons)."""

    SPOKEN = ("aria-label", "title", "placeholder", "alt")

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if value and name in self.SPOKEN:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


# the English starter canned replies are content that the canned replies page lists in every
# language (supervisors manage them all): a piece of interface text they happen to contain is
# not a missing translation there
CANNED_CONTENT = (ROOT / "server/db/migrations/versions/0016_canned_replies.py").read_text(
    encoding="utf-8"
)


def english_in(html: str, sources: list[str]) -> list[str]:
    text = visible(html)
    return [piece for piece in sources if piece in text and piece not in CANNED_CONTENT]


def widget_config(html: str) -> dict:
    match = re.search(r'<script[^>]*type="application/json"[^>]*>(.*?)</script>', html, re.S)
    assert match, "no widget config on the page"
    return json.loads(match.group(1))


async def _vetted_resource(server: LiveServer) -> str:
    svc = server.svc
    author = (await server.create_staff("author"))["id"]
    sup = (await server.create_staff("sup", role="supervisor"))["id"]
    r = await res.do_create_resource(svc, author, res.check_resource_input(entry()))
    await res.do_submit_resource(svc, author, r.id)
    await res.do_vet_resource(svc, sup, r.id)
    return r.id


async def test_visitor_pages_render_in_ukrainian(live_server: LiveServer) -> None:
    sources = english_sources()
    assert len(sources) > 300  # the check has teeth
    rid = await _vetted_resource(live_server)
    async with aiohttp.ClientSession(headers=UK_BROWSER) as http:
        for path in ("/chat", "/widget/frame?embed=1", "/privacy", "/demo", f"/r/{rid}"):
            async with http.get(live_server.url + path) as r:
                page = await r.text()
                assert r.status == 200, path
            assert '<html lang="uk"' in page, path
            assert english_in(page, sources) == [], path
        async with http.get(live_server.url + "/chat") as r:
            page = await r.text()
        config = widget_config(page)
        assert config["lang"] is None  # the widget itself follows the browser (uk-UA)
        assert "uk" in config["langs"]
        strings = config["strings"]["uk"]
        assert strings["quick_exit"] == "Швидкий вихід"
        assert strings["lang_name_uk"] == "Українська"
        # every widget string differs from English except names and numbers
        same = sorted(
            k
            for k, v in strings.items()
            if v == config["strings"]["en"][k] and re.search(r"[a-z]{3} [a-z]{3}", v)
        )
        assert same == [], same
        async with http.get(live_server.url + "/r/r_doesnotexist") as r:
            page = await r.text()
            assert r.status == 404
        assert '<html lang="uk"' in page
        assert english_in(page, sources) == []


async def test_the_language_switchers_list_ukrainian(live_server: LiveServer) -> None:
    async with aiohttp.ClientSession() as http:
        for path in ("/privacy", "/login"):
            async with http.get(live_server.url + path) as r:
                page = await r.text()
            assert 'lang="uk"' in page, path
            assert "Українська" in page, path
        async with http.get(live_server.url + "/widget.js") as r:
            loader = await r.text()
        assert "pl,en,uk" in loader


STAFF_PAGES = (
    "/console",
    "/console/resources",
    "/console/resources/review",
    "/console/resources/new",
    "/supervisor",
    "/supervisor/escalations",
    "/supervisor/blocks",
    "/supervisor/conversations",
    "/supervisor/canned",
    "/admin/staff",
    "/admin/feeds",
    "/admin/audit",
    "/account/languages",
    "/account/two-factor",
)


@pytest.mark.parametrize("role", ["admin"])
async def test_staff_pages_render_in_ukrainian(live_server: LiveServer, role: str) -> None:
    sources = english_sources()
    rid = await _vetted_resource(live_server)
    http = await signed_in(live_server, "olena", "uk", role=role)
    try:
        for path in (*STAFF_PAGES, f"/console/resources/{rid}"):
            async with http.get(live_server.url + path) as r:
                page = await r.text()
                assert r.status == 200, path
            assert '<html lang="uk"' in page, path
            assert english_in(page, sources) == [], path
        async with http.get(live_server.url + "/console") as r:
            config = widget_config(await r.text())
        assert config["lang"] == "uk"
        console = i18n.translate_table(CONSOLE_STRINGS, "uk")
        assert config["strings"]["uk"] == console
        assert console["fact_language"] == "мова: {language}"
    finally:
        await http.close()


def test_english_pieces_are_found_in_an_english_page() -> None:
    """The check itself: an untranslated sentence in a page is reported."""
    sources = english_sources()
    page = (
        '<html lang="uk"><body><p>Привіт</p>'
        "<p>Nobody is on duty right now</p><script>var x = 'Nobody is waiting in the queue.'"
        "</script></body></html>"
    )
    found = english_in(page, sources)
    assert "Nobody is on duty right now" in found
    assert "Nobody is waiting in the queue" not in found  # only inside a script
