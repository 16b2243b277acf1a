"""render_html: plain chat text -> safe HTML."""

from __future__ import annotations

import re

import pytest

from moderation import render_html


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        "javascript:alert(1)",
        '"><svg onload=alert(1)>',
        "<iframe src=//evil.example>",
        "<style>body{display:none}</style>",
        "&lt;script&gt;",
    ],
)
def test_xss_payloads_are_inert(payload):
    out = render_html(payload)
    tags = re.findall(r"<[^>]*>", out)
    for tag in tags:
        assert re.fullmatch(r'<br>|</a>|<a href="(https?:|mailto:)[^"]*"[^>]*>', tag), tag
    assert "<" not in re.sub(r"<br>|</a>|<a [^>]*>", "", out)


def test_text_is_escaped_not_dropped():
    assert render_html("a < b & c > d") == "a &lt; b &amp; c &gt; d"
    assert render_html("<b>hi</b>") == "&lt;b&gt;hi&lt;/b&gt;"


def test_links_get_safe_rel_and_target():
    out = render_html("zobacz https://example.com/a?b=1&c=2 teraz")
    assert '<a href="https://example.com/a?b=1&amp;c=2"' in out
    assert 'rel="noopener noreferrer nofollow"' in out
    assert 'target="_blank"' in out
    assert out.startswith("zobacz ")
    assert out.endswith(" teraz")


def test_bare_domain_and_email():
    out = render_html("www.aids.gov.pl albo poradnia@aids.gov.pl")
    assert 'href="http://www.aids.gov.pl"' in out
    assert 'href="mailto:poradnia@aids.gov.pl"' in out


def test_newlines_become_br():
    assert render_html("a\nb\r\nc\rd") == "a<br>b<br>c<br>d"


def test_plain_text_unchanged():
    assert render_html("Cześć, jak się masz?") == "Cześć, jak się masz?"
    assert render_html("") == ""


def test_the_link_prefilter_never_changes_the_result() -> None:
    """render_html skips linkify when nothing could be a link; prove the skip changes nothing."""
    import re

    from moderation import sanitize

    samples = [
        "hej. co tam",
        "przyjdź o 12.30",
        "zobacz pkd.aids.gov.pl",
        "mail: a@b.pl",
        "WWW.ONET.PL",
        "https://x.pl/a?b=1",
        "ok.Thanks",
        "ąę.żź",
        "1.2.3",
        "tel 800 120 002",
        "<b>x</b>.y",
        "a_.b",
        "x.y",
        "test na HIV?",
        "Ala ma kota",
        "dom.pl/",
        "//cdn.example.org/x",
        "mailto:x@y.z",
    ]
    always = re.compile(r"", re.IGNORECASE)
    for text in samples:
        fast = sanitize.render_html(text)
        original, sanitize._MAYBE_LINK = sanitize._MAYBE_LINK, always
        try:
            assert sanitize.render_html(text) == fast, text
        finally:
            sanitize._MAYBE_LINK = original


def test_the_plain_text_shortcut_never_changes_the_result() -> None:
    """render_html returns printable text with nothing to escape or link as it is; prove that
    the full way (escape, linkify, nh3) returns the same for such text, and that text the
    shortcut must not take (markup, control characters, odd spaces) still goes the full way."""
    import random

    from moderation import sanitize

    pool = (
        "abcxyzABCXYZ0189 ,.;!?()[]{}-_+=*/#%$~^|`'\"\\"
        "ąćęłńóśźżĄĆĘŁŃÓŚŹŻéüßкиїЖ€£¥✓😀🙂👍🏽中文"
        "&<>:@\n\r\t\x00\x07\x7f\xa0\u200b\u200e\u2028\u2029\u3000\ufeff\u0301"
    )
    rng = random.Random(1234)
    samples = [
        "Cześć, jak się masz?",
        'it\'s "fine"',
        "a  b",
        "1.5 mg",
        "tak...",
        "ok?!",
        "zero\u200bwidth",
        "nbsp\xa0x",
        "tab\tx",
    ]
    samples += ["".join(rng.choice(pool) for _ in range(rng.randint(1, 40))) for _ in range(3000)]
    full_way = re.compile(r"")  # matches every text: the shortcut is never taken
    took_shortcut = 0
    for text in samples:
        fast = sanitize.render_html(text)
        took_shortcut += fast is text
        original, sanitize._MARKUP = sanitize._MARKUP, full_way
        try:
            assert sanitize.render_html(text) == fast, repr(text)
        finally:
            sanitize._MARKUP = original
    assert took_shortcut > 100  # the shortcut was exercised, not only the full way
