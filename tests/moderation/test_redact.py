"""PII redaction for stored transcripts and exports."""

from __future__ import annotations

import pytest

from moderation import redact
from moderation.redact import luhn_ok, pesel_ok


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("zadzwoń 600 700 800", "zadzwoń [phone]"),
        ("mój nr: +48 600-700-800.", "mój nr: [phone]."),
        ("call me at (415) 555-2671", "call me at [phone]"),
        ("tel 0048600700800", "tel [phone]"),
        ("pisz na jan.kowalski+x@example.com!", "pisz na [email]!"),
        ("PESEL 44051401359", "PESEL [pesel]"),
        ("karta 4111 1111 1111 1111", "karta [card]"),
        ("card 5500-0000-0000-0004 ok", "card [card] ok"),
        ("mieszkam na ul. Marszałkowska 12/4 w Warszawie", "mieszkam na [address] w Warszawie"),
        ("os. Tysiąclecia 5 m. 3", "[address]"),
        ("I live at 221B Baker Street, London", "I live at [address], London"),
        ("вул. Шевченка 12, кв. 5", "[address]"),
        ("00-950 Warszawa", "[address]"),
        ("ip 192.168.1.20", "ip [ip]"),
    ],
)
def test_redacts(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "4111 1111 1111 1112",  # fails Luhn
        "zadzwoń na 116 123 albo 112",  # public helplines stay
        "Niebieska Linia 800 120 002",
        "spotkanie 12.05.2024 o 14:30",
        "mam 17 lat i 3 koty",
        "",
    ],
)
def test_keeps_what_is_not_personal(text):
    assert redact(text) == text


def test_invalid_pesel_is_not_called_a_pesel():
    # An 11-digit number with a wrong checksum is still redacted, as a phone number.
    assert "[pesel]" not in redact("PESEL 44051401358")


def test_checksums():
    assert pesel_ok("44051401359")
    assert not pesel_ok("44051401358")
    assert pesel_ok("02270803624")  # born in 2002: month + 20
    assert luhn_ok("4111111111111111")
    assert not luhn_ok("4111111111111112")
