"""Plain text -> safe HTML for chat messages.

Chat text is plain text. It is stored exactly as sent and rendered by:
escaping it, turning URLs into links, and passing the result through nh3 with a tiny
allow-list as a last guard (nh3, not bleach: bleach is deprecated and gets no security fixes).
"""

from __future__ import annotations

import html
import re

import nh3
from linkify_it import LinkifyIt

_LINK_REL = "noopener noreferrer nofollow"
_ALLOWED_TAGS = {"a", "br"}
_ALLOWED_ATTRIBUTES = {"a": {"href", "target"}}
_URL_SCHEMES = {"http", "https", "mailto", "tel"}

_linkify = LinkifyIt()
# anything linkify could turn into a link has a scheme, an @, "www" or a dot between letters/digits
_MAYBE_LINK = re.compile(r"[^\W_]\.[^\W_]|:|@|www", re.IGNORECASE)
# what escaping or nh3 would change in printable text: `&<>` (quotes come back from nh3 as typed)
_MARKUP = re.compile(r"[&<>]")


def render_html(text: str) -> str:
    """Return `text` as escaped HTML with http(s)/mailto links, safe to assign to innerHTML."""
    if text.isprintable() and not _MARKUP.search(text) and not _MAYBE_LINK.search(text):
        # nothing to escape, link, break or clean (no control characters, no-break spaces or
        # line breaks either): the full way below returns the text as it is, in ~9 µs a message
        return text
    out: list[str] = []
    pos = 0
    # linkify costs ~0.1 ms a call; text with nothing that could be a link skips it
    matches = (_linkify.match(text) or []) if _MAYBE_LINK.search(text) else []
    for m in matches:
        if m.schema not in ("", "http:", "https:", "mailto:", "//"):
            continue
        out.append(html.escape(text[pos : m.index], quote=True))
        url = m.url
        if url.startswith("//"):
            url = "https:" + url
        out.append(
            f'<a href="{html.escape(url, quote=True)}" target="_blank">{html.escape(m.text, quote=True)}</a>'
        )
        pos = m.last_index
    out.append(html.escape(text[pos:], quote=True))
    rendered = "".join(out).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")
    return nh3.clean(
        rendered,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        link_rel=_LINK_REL,
        url_schemes=_URL_SCHEMES,
    )
